/// Infers the types of one function instance. Runs the body to a fixpoint of local types, then once more
/// reporting diagnostics.
struct FunctionAnalyzer {
  let instance: FunctionInstance
  var reporting = false
  var changed = false
  var loopDepth = 0
  /// Names bound anywhere in the body: Python makes them local to the whole function.
  var assignedNames: Set<String> = []
  var parameterNames: Set<String> = []
  var returnTypes: [Typed] = []

  init(instance: FunctionInstance) {
    self.instance = instance
  }

  var def: Stmt.FunctionDef { instance.definition }

  mutating func run(_ m: inout ModuleAnalysis) {
    let args = def.args
    if let v = args.vararg { report(&m, "*\(v.name) parameters are not supported in compiled functions", v.range) }
    if let k = args.kwarg { report(&m, "**\(k.name) parameters are not supported in compiled functions", k.range) }
    for k in args.kwonlyargs {
      report(&m, "keyword-only parameter '\(k.name)' is not supported in compiled functions", k.range)
    }
    for decorator in def.decorators {
      report(&m, "decorators are not supported on compiled functions", decorator.range)
    }
    let params = args.posonlyargs + args.args
    for (p, t) in zip(params, instance.parameterTypes) {
      parameterNames.insert(p.name)
      instance.localOrder.append(p.name)
      instance.localTypes[p.name] = Typed(t)
    }
    let defaults = args.defaults
    for (k, p) in params.enumerated().dropFirst(instance.parameterTypes.count) {
      // Defaults align with the last parameters.
      let d = k - (params.count - defaults.count)
      guard d >= 0, d < defaults.count else { continue }
      guard let t = m.constantType(defaults[d], depth: 0) else {
        report(&m, "the default value of '\(p.name)' must be a constant number", defaults[d].range, force: true)
        continue
      }
      instance.defaultedParameters.append((p.name, defaults[d]))
      instance.exprTypes[ObjectIdentifier(defaults[d])] = t
      instance.localOrder.append(p.name)
      instance.localTypes[p.name] = Typed(t.type)
    }
    collectAssigned(def.body)
    for _ in 0..<16 {
      changed = false
      pass(&m)
      if !changed { break }
    }
    reporting = true
    pass(&m)
    reporting = false
    if returnTypes.isEmpty {
      instance.returnType = Typed(.none)
    } else {
      var joined: Typed? = returnTypes.first
      for t in returnTypes.dropFirst() {
        guard let j = joined else { break }
        joined = join(j, t)
      }
      if let joined {
        instance.returnType = joined
      } else {
        let shown = Set(returnTypes.map { $0.type.description }).sorted().joined(separator: ", ")
        report(
          &m, "'\(def.name)' returns values of incompatible types (\(shown)) for \(instance.parameterTypes)",
          def.nameRange, force: true, hint: "return one kind of value on every path")
      }
    }
  }

  mutating func pass(_ m: inout ModuleAnalysis) {
    instance.exprTypes = [:]
    instance.raiseSites = []
    instance.callees = [:]
    instance.intrinsics = [:]
    returnTypes = []
    block(def.body, &m)
  }

  mutating func collectAssigned(_ body: [Stmt]) {
    for s in body {
      switch s.kind {
      case .assign(let targets, _): for t in targets { collectTargets(t) }
      case .augAssign(let t, _, _), .annAssign(let t, _, _, _): collectTargets(t)
      case .for(let t, _, let b, let o, _):
        collectTargets(t)
        collectAssigned(b)
        collectAssigned(o)
      case .while(_, let b, let o), .if(_, let b, let o):
        collectAssigned(b)
        collectAssigned(o)
      default: break
      }
    }
  }

  mutating func collectTargets(_ e: Expr) {
    switch e.kind {
    case .name(let id, _): assignedNames.insert(id)
    case .tuple(let es, _), .list(let es, _): for x in es { collectTargets(x) }
    default: break
    }
  }

  // MARK: Diagnostics

  mutating func report(
    _ m: inout ModuleAnalysis, _ message: String, _ range: SourceRange, force: Bool = false, hint: String? = nil
  ) {
    guard reporting || force else { return }
    m.error(message, range, hint: hint)
  }

  mutating func raises(_ range: SourceRange, _ reason: String, explicit: Bool = false) {
    instance.raiseSites.append((range, reason, explicit))
  }

  // MARK: Locals

  func join(_ a: Typed, _ b: Typed) -> Typed? {
    if a.type.isScalar && b.type.isScalar { return Typed.promote(a, b) }
    guard let t = Promotion.join(a.type, b.type) else { return nil }
    return Typed(t, weak: a.weak && b.weak)
  }

  mutating func bind(_ name: String, _ t: Typed, at range: SourceRange, _ m: inout ModuleAnalysis) {
    guard let old = instance.localTypes[name] else {
      instance.localOrder.append(name)
      instance.localTypes[name] = t
      changed = true
      return
    }
    if parameterNames.contains(name), !(t.type.isScalar && old.type.isScalar), t.type != old.type {
      // A scalar parameter rebound to a wider scalar widens below, as in Python (`a += 0.5` makes `a` a float;
      // the entry value is converted once). Views, pointers and tuples keep their declared type.
      report(
        &m, "parameter '\(name)' is \(old.type) but is assigned a \(t.type)", range,
        hint: "assign the value to a new variable")
      return
    }
    guard let joined = join(old, t) else {
      report(
        &m, "variable '\(name)' holds a \(old.type) elsewhere but a \(t.type) here", range,
        hint: "use a separate variable for each kind of value")
      return
    }
    if joined != old {
      instance.localTypes[name] = joined
      changed = true
    }
  }

  // MARK: Statements

  mutating func block(_ body: [Stmt], _ m: inout ModuleAnalysis) {
    for s in body { statement(s, &m) }
  }

  mutating func statement(_ s: Stmt, _ m: inout ModuleAnalysis) {
    switch s.kind {
    case .expr(let e):
      if case .constant(.string, _) = e.kind { return }
      _ = expr(e, &m)
    case .pass:
      break
    case .break, .continue:
      if loopDepth == 0 { report(&m, "'\(s.kind.keyword)' outside a loop", s.range) }
    case .return(let value):
      if let value {
        if let t = expr(value, &m) {
          if case .view = t.type {
            report(
              &m, "returning an array view is not supported in compiled functions", value.range,
              hint: "write results through a pointer or view parameter")
          } else {
            returnTypes.append(t)
          }
        }
      } else {
        returnTypes.append(Typed(.none))
      }
    case .assign(let targets, let value):
      guard let t = expr(value, &m) else { return }
      let intoSlices = targets.allSatisfy { target in
        if case .subscript(_, let index, _) = target.kind, case .slice = index.kind { return true }
        return false
      }
      if case .view = t.type, !isViewReference(value), !intoSlices {
        report(
          &m, "this expression creates a new array; compiled functions do not allocate arrays", value.range,
          hint: "assign into an existing view instead: out[:] = ...")
        return
      }
      for target in targets { assign(target, t, value: value, &m) }
    case .annAssign(let target, _, let value, _):
      guard let value, let t = expr(value, &m) else { return }
      assign(target, t, value: value, &m)
    case .augAssign(let target, let op, let value):
      augmentedAssign(target, op, value, &m)
    case .if(let test, let body, let orelse):
      condition(test, &m)
      block(body, &m)
      block(orelse, &m)
    case .while(let test, let body, let orelse):
      condition(test, &m)
      loopDepth += 1
      block(body, &m)
      loopDepth -= 1
      block(orelse, &m)
    case .for(let target, let iter, let body, let orelse, let isAsync):
      if isAsync { report(&m, "'async for' is not supported in compiled functions", s.range) }
      forLoop(target, iter, &m)
      loopDepth += 1
      block(body, &m)
      loopDepth -= 1
      block(orelse, &m)
    case .raise(let exc, let cause):
      raiseStatement(exc, cause, s.range, &m)
    case .assert(let test, let msg):
      condition(test, &m)
      if let msg, !isStringConstant(msg) {
        report(&m, "an assert message must be a string literal in compiled functions", msg.range)
      }
      raises(s.range, "assert can raise AssertionError", explicit: true)
    default:
      report(
        &m, "'\(s.kind.keyword)' is not supported in compiled functions", s.range,
        hint: "compiled functions support assignments, if, while, for over range(), return, raise and assert")
    }
  }

  func isStringConstant(_ e: Expr) -> Bool {
    if case .constant(.string, _) = e.kind { return true }
    return false
  }

  /// True for expressions that name an existing view (no new array): `as_array(...)` and view variables.
  func isViewReference(_ e: Expr) -> Bool {
    switch e.kind {
    case .name: return true
    case .call: return instance.intrinsics[ObjectIdentifier(e)] == .asArray
    default: return false
    }
  }

  mutating func condition(_ e: Expr, _ m: inout ModuleAnalysis) {
    guard let t = expr(e, &m) else { return }
    if !t.type.isScalar {
      report(&m, "a \(t.type) cannot be used as a condition in compiled functions", e.range)
    }
  }

  mutating func assign(_ target: Expr, _ t: Typed, value: Expr?, _ m: inout ModuleAnalysis) {
    switch target.kind {
    case .name(let id, _):
      instance.exprTypes[ObjectIdentifier(target)] = t
      bind(id, t, at: target.range, &m)
    case .subscript(let base, let index, _):
      store(into: base, index, t, target, &m)
    case .tuple(let elements, _), .list(let elements, _):
      guard case .tuple(let parts) = t.type else {
        report(&m, "cannot unpack a \(t.type) into \(elements.count) targets", target.range)
        return
      }
      guard parts.count == elements.count else {
        report(
          &m, "cannot unpack \(parts.count) values into \(elements.count) targets", target.range,
          hint: "use as many targets as the tuple has values")
        return
      }
      instance.exprTypes[ObjectIdentifier(target)] = t
      var subvalues: [Expr]? = nil
      if let value, case .tuple(let vs, _) = value.kind { subvalues = vs }
      for (i, (element, part)) in zip(elements, parts).enumerated() {
        let weak = subvalues.flatMap { i < $0.count ? instance.exprTypes[ObjectIdentifier($0[i])]?.weak : nil }
        assign(element, Typed(part, weak: weak ?? false), value: nil, &m)
      }
    default:
      report(&m, "cannot assign to this kind of target in compiled functions", target.range)
    }
  }

  mutating func store(into base: Expr, _ index: Expr, _ t: Typed, _ target: Expr, _ m: inout ModuleAnalysis) {
    guard let baseType = expr(base, &m) else { return }
    guard let element = baseType.type.elementType else {
      report(&m, "cannot assign an item of a \(baseType.type)", target.range)
      return
    }
    if case .slice(let lower, let upper, let step) = index.kind {
      guard case .view = baseType.type, lower == nil, upper == nil, step == nil else {
        report(
          &m, "only whole-view slice assignment (v[:] = ...) is supported in compiled functions", index.range,
          hint: "make a view with numpy.ctypeslib.as_array(ptr, n) and assign v[:] = expr")
        return
      }
      instance.exprTypes[ObjectIdentifier(target)] = Typed(baseType.type)
      if t.type.isViewType { raises(target.range, "views of different lengths raise ValueError") }
      let source = t.type.elementType ?? t.type
      if !source.isScalar {
        report(&m, "cannot assign a \(t.type) to the items of a \(baseType.type)", target.range)
      } else if source.isComplex && !element.isComplex {
        report(&m, "cannot store complex values in a \(element) view", target.range)
      }
      return
    }
    guard let it = expr(index, &m) else { return }
    guard it.type.isIntegerOrBool else {
      report(&m, "an index must be an integer, not \(it.type)", index.range)
      return
    }
    instance.exprTypes[ObjectIdentifier(target)] = Typed(element)
    if baseType.type.isViewType { raises(target.range, "an index outside the view raises IndexError") }
    if !t.type.isScalar {
      report(&m, "cannot store a \(t.type) into an item of a \(baseType.type)", target.range)
    } else if t.type.isComplex && !element.isComplex {
      report(&m, "cannot store a complex value into a \(element) item", target.range)
    }
  }

  mutating func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ value: Expr, _ m: inout ModuleAnalysis) {
    switch target.kind {
    case .name(let id, _):
      guard let current = lookupLocal(id, target, &m), let v = expr(value, &m) else { return }
      if case .view = current.type {
        instance.exprTypes[ObjectIdentifier(target)] = current
        if v.type.isViewType { raises(target.range, "views of different lengths raise ValueError") }
        guard let r = binaryResult(current, op, v, target.range, &m) else { return }
        if let e = r.type.elementType, e.isComplex && !(current.type.elementType?.isComplex ?? false) {
          report(&m, "cannot store complex values in a \(current.type)", target.range)
        }
        return
      }
      guard let r = binaryResult(current, op, v, target.range, &m) else { return }
      instance.exprTypes[ObjectIdentifier(target)] = r
      bind(id, r, at: target.range, &m)
    case .subscript(let base, let index, _):
      guard let element = expr(target, &m), let v = expr(value, &m) else { return }
      guard let r = binaryResult(element, op, v, target.range, &m) else { return }
      _ = base
      _ = index
      if r.type.isComplex && !element.type.isComplex {
        report(&m, "cannot store a complex value into a \(element.type) item", target.range)
      }
    default:
      report(&m, "cannot assign to this kind of target in compiled functions", target.range)
    }
  }

  mutating func forLoop(_ target: Expr, _ iter: Expr, _ m: inout ModuleAnalysis) {
    guard case .call(let callee, let args, let keywords) = iter.kind, case .name("range", _) = callee.kind,
      isBuiltin("range", m)
    else {
      var hint = "loop over range(len(v)) or range(n) and index"
      if let t = expr(iter, &m), case .view = t.type { hint = "loop over range(len(v)) and index v[i]" }
      report(&m, "for loops are supported over range(...) only", iter.range, hint: hint)
      return
    }
    guard keywords.isEmpty, (1...3).contains(args.count) else {
      report(&m, "range() takes 1 to 3 positional arguments", iter.range)
      return
    }
    var loopType = Typed(.int64, weak: true)
    for a in args {
      guard let t = expr(a, &m) else { return }
      guard t.type.isIntegerOrBool else {
        report(&m, "range() needs integers, not \(t.type)", a.range)
        return
      }
      if !t.weak { loopType = Typed(.int64, weak: true) }
    }
    if args.count == 3 {
      if case .constant(.int(let step), _) = args[2].kind, step != 0 {
      } else if case .unaryOp(.uSub, let inner) = args[2].kind, case .constant(.int(let step), _) = inner.kind,
        step != 0
      {
      } else {
        raises(args[2].range, "range() with a step of zero raises ValueError")
      }
    }
    instance.exprTypes[ObjectIdentifier(iter)] = loopType
    guard case .name(let id, _) = target.kind else {
      report(&m, "the target of a for loop over range() must be a name", target.range)
      return
    }
    instance.exprTypes[ObjectIdentifier(target)] = loopType
    bind(id, loopType, at: target.range, &m)
  }

  mutating func raiseStatement(_ exc: Expr?, _ cause: Expr?, _ range: SourceRange, _ m: inout ModuleAnalysis) {
    guard let exc else {
      report(&m, "a bare 'raise' is not supported in compiled functions", range, hint: "raise ValueError(\"...\")")
      return
    }
    if let cause { report(&m, "'raise ... from' is not supported in compiled functions", cause.range) }
    var classExpr = exc
    if case .call(let f, let args, let keywords) = exc.kind {
      classExpr = f
      if !keywords.isEmpty || args.count > 1 || (args.count == 1 && !isStringConstant(args[0])) {
        report(
          &m, "an exception raised in a compiled function takes at most one string literal", exc.range,
          hint: "raise ValueError(\"describe the problem\")")
      }
    }
    guard case .name(let name, _) = classExpr.kind, Intrinsics.exceptions.contains(name) else {
      report(
        &m, "only built-in exception classes can be raised in compiled functions", classExpr.range,
        hint: "one of: \(Intrinsics.exceptions.sorted().joined(separator: ", "))")
      return
    }
    instance.intrinsics[ObjectIdentifier(exc)] = .exception(name)
    raises(range, "raise \(name)", explicit: true)
  }

  // MARK: Names

  func isBuiltin(_ name: String, _ m: ModuleAnalysis) -> Bool {
    !assignedNames.contains(name) && m.scope.functions[name] == nil && m.scope.imports[name] == nil
      && m.scope.constantExprs[name] == nil
  }

  mutating func lookupLocal(_ id: String, _ e: Expr, _ m: inout ModuleAnalysis) -> Typed? {
    if let t = instance.localTypes[id] { return t }
    if assignedNames.contains(id) {
      report(&m, "local variable '\(id)' is used before it is assigned", e.range)
      return nil
    }
    report(&m, "name '\(id)' is not defined", e.range)
    return nil
  }
}

extension Stmt.Kind {
  /// The Python keyword (or a short name) for the statement, for diagnostics.
  var keyword: String {
    switch self {
    case .functionDef(let d): return d.isAsync ? "async def" : "def"
    case .classDef: return "class"
    case .return: return "return"
    case .delete: return "del"
    case .assign, .annAssign: return "assignment"
    case .augAssign: return "augmented assignment"
    case .for(_, _, _, _, let isAsync): return isAsync ? "async for" : "for"
    case .while: return "while"
    case .if: return "if"
    case .with(_, _, let isAsync): return isAsync ? "async with" : "with"
    case .match: return "match"
    case .raise: return "raise"
    case .try(_, _, _, _, let isStar): return isStar ? "try/except*" : "try"
    case .assert: return "assert"
    case .import, .importFrom: return "import"
    case .global: return "global"
    case .nonlocal: return "nonlocal"
    case .expr: return "expression"
    case .pass: return "pass"
    case .break: return "break"
    case .continue: return "continue"
    case .typeAlias: return "type"
    }
  }
}
