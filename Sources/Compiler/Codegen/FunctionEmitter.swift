/// Emits one function instance as a C function.
struct FunctionEmitter {
  let instance: FunctionInstance
  let program: Program
  var types: TypeNames
  var out: CWriter
  var temp = 0
  /// Set while emitting a statement's expressions when one of them can raise.
  var needsCheck = false
  var usedFail = false
  /// Per enclosing loop, the flag a `break` sets when the loop has an `else` clause (which runs only when the
  /// loop ends without `break`).
  var loopBreakFlags: [String?] = []

  init(instance: FunctionInstance, program: Program, types: TypeNames, out: CWriter) {
    self.instance = instance
    self.program = program
    self.types = types
    self.out = out
  }

  var returnType: ValueType { instance.returnType?.type ?? .none }

  mutating func fresh(_ base: String) -> String {
    temp += 1
    return "thran_\(base)\(temp)"
  }

  // MARK: Declarations

  /// `double f(int32_t n, double *x)`: the C prototype of the instance.
  func prototype() -> String {
    var params: [String] = []
    for (p, t) in zip(instance.definition.args.posonlyargs + instance.definition.args.args, instance.parameterTypes) {
      params += parameterDeclarations(incomingName(p.name, t), t)
    }
    if instance.canRaise { params.append("thran_error *thran_e") }
    return
      "static \(types.cType(returnType)) \(instance.cName)(\(params.isEmpty ? "void" : params.joined(separator: ", ")))"
  }

  /// The C name a parameter arrives under: its own, or `thran_in_NAME` when the body rebinds it to a wider
  /// type (the local of that type is then initialised from it at entry, as Python rebinds the name).
  func incomingName(_ name: String, _ declared: ValueType) -> String {
    let c = CNames.mangle(name)
    return instance.localType(name).map { $0 == declared } ?? true ? c : "thran_in_" + c
  }

  func parameterDeclarations(_ name: String, _ t: ValueType) -> [String] {
    if case .view(let e) = t { return ["\(types.cType(.pointer(e)))\(name)", "int64_t \(name)_len"] }
    let c = types.cType(t)
    return [c.hasSuffix("*") ? c + name : c + " " + name]
  }

  mutating func emit() {
    out.pythonLine(instance.range.start.line)
    out.line(prototype() + " {")
    out.indent += 1
    let params = Set(
      (instance.definition.args.posonlyargs + instance.definition.args.args).prefix(instance.parameterTypes.count)
        .map(\.name))
    for name in instance.localOrder where !params.contains(name) {
      guard let t = instance.localType(name) else { continue }
      let c = CNames.mangle(name)
      switch t {
      case .view(let e): out.line("\(types.cType(.pointer(e)))\(c) = 0; int64_t \(c)_len = 0;")
      case .tuple: out.line("\(types.cType(t)) \(c) = {0};")
      default: out.line("\(types.cType(t)) \(c) = 0;")
      }
    }
    let declared = zip(instance.definition.args.posonlyargs + instance.definition.args.args, instance.parameterTypes)
    for (p, t) in declared {
      guard let local = instance.localType(p.name), local != t else { continue }
      out.line(
        "\(types.cType(local)) \(CNames.mangle(p.name)) = \(castCode(incomingName(p.name, t), from: t, to: local));")
    }
    for (name, value) in instance.defaultedParameters {
      guard let t = instance.localType(name) else { continue }
      var code = ModuleEmitter.constantCode(value, t, &self)
      if case .name = value.kind { code = castCode(code, from: instance.type(of: value) ?? t, to: t) }
      out.line("\(CNames.mangle(name)) = \(code);")
    }
    block(instance.definition.body)
    if returnType != .none, !FunctionEmitter.terminates(instance.definition.body) {
      out.line("return \(zero(returnType));")
    }
    if usedFail {
      out.line("thran_fail:")
      out.line(returnType == .none ? "return;" : "return \(zero(returnType));")
    }
    out.indent -= 1
    out.line("}")
    out.cLines()
  }

  func zero(_ t: ValueType) -> String {
    if case .tuple = t { return "(\(types.cType(t))){0}" }
    return "(\(types.cType(t)))0"
  }

  static func terminates(_ body: [Stmt]) -> Bool {
    guard let last = body.last else { return false }
    switch last.kind {
    case .return, .raise: return true
    case .if(_, let b, let o): return terminates(b) && terminates(o)
    case .while(let test, let b, _):
      if case .constant(.bool(true), _) = test.kind { return !containsBreak(b) }
      return false
    default: return false
    }
  }

  static func containsBreak(_ body: [Stmt]) -> Bool {
    body.contains { s in
      switch s.kind {
      case .break: return true
      case .if(_, let b, let o): return containsBreak(b) || containsBreak(o)
      default: return false
      }
    }
  }

  // MARK: Statements

  mutating func block(_ body: [Stmt]) {
    for s in body { statement(s) }
  }

  mutating func check() {
    if needsCheck {
      out.line("THRAN_CHECK();")
      usedFail = true
    }
    needsCheck = false
  }

  mutating func statement(_ s: Stmt) {
    needsCheck = false
    switch s.kind {
    case .expr(let e):
      if case .constant = e.kind { return }
      out.pythonLine(s.range.start.line)
      out.line("(void)(\(expr(e)));")
      check()
    case .pass:
      break
    case .break:
      if let flag = loopBreakFlags.last ?? nil {
        out.line("{ \(flag) = 1; break; }")
      } else {
        out.line("break;")
      }
    case .continue:
      out.line("continue;")
    case .return(let value):
      out.pythonLine(s.range.start.line)
      if let value, returnType != .none {
        let code = convert(value, to: returnType)
        if needsCheck {
          let t = fresh("r")
          out.line("\(types.cType(returnType)) \(t) = \(code);")
          check()
          out.line("return \(t);")
        } else {
          out.line("return \(code);")
        }
      } else {
        out.line("return;")
      }
    case .assign(let targets, let value):
      out.pythonLine(s.range.start.line)
      assign(targets, value)
    case .annAssign(let target, _, let value?, _):
      out.pythonLine(s.range.start.line)
      assign([target], value)
    case .annAssign:
      break
    case .augAssign(let target, let op, let value):
      out.pythonLine(s.range.start.line)
      augmentedAssign(target, op, value)
    case .if:
      ifChain(s)
    case .while(let test, let body, let orelse):
      out.pythonLine(s.range.start.line)
      let flag = beginLoop(orelse)
      let c = condition(test)
      if needsCheck {
        out.line("for (;;) {")
        out.indent += 1
        let t = fresh("c")
        out.line("int \(t) = \(c);")
        check()
        out.line("if (!\(t)) break;")
      } else {
        out.line("while (\(c)) {")
        out.indent += 1
      }
      block(body)
      out.indent -= 1
      out.line("}")
      endLoop(flag, orelse)
    case .for(let target, let iter, let body, let orelse, _):
      out.pythonLine(s.range.start.line)
      let flag = beginLoop(orelse)
      forRange(target, iter, body)
      endLoop(flag, orelse)
    case .raise(let exc, _):
      out.pythonLine(s.range.start.line)
      if let exc {
        raise(exc)
      }
    case .assert(let test, let msg):
      out.pythonLine(s.range.start.line)
      let c = condition(test)
      check()
      var message = "NULL"
      if let msg, case .constant(.string(let text), _) = msg.kind { message = cString(text) }
      out.line(
        "if (THRAN_UNLIKELY(!(\(c)))) { thran_raise(thran_e, PyExc_AssertionError, \(message)); goto thran_fail; }")
      usedFail = true
    default:
      break
    }
  }

  /// Opens a block holding the break flag when the loop has an `else` clause.
  mutating func beginLoop(_ orelse: [Stmt]) -> String? {
    guard !orelse.isEmpty else {
      loopBreakFlags.append(nil)
      return nil
    }
    let flag = fresh("broke")
    out.line("{")
    out.indent += 1
    out.line("int \(flag) = 0;")
    loopBreakFlags.append(flag)
    return flag
  }

  mutating func endLoop(_ flag: String?, _ orelse: [Stmt]) {
    loopBreakFlags.removeLast()
    guard let flag else { return }
    out.line("if (!\(flag)) {")
    out.indent += 1
    block(orelse)
    out.indent -= 1
    out.line("}")
    out.indent -= 1
    out.line("}")
  }

  mutating func raise(_ exc: Expr) {
    var name = "Exception"
    if case .exception(let n)? = instance.intrinsics[ObjectIdentifier(exc)] { name = n }
    var message = "NULL"
    if case .call(_, let args, _) = exc.kind, let first = args.first, case .constant(.string(let text), _) = first.kind
    {
      message = cString(text)
    }
    out.line("thran_raise(thran_e, PyExc_\(name), \(message));")
    out.line("goto thran_fail;")
    usedFail = true
  }

  mutating func ifChain(_ s: Stmt) {
    var current: Stmt? = s
    var first = true
    var opened = 0
    while let stmt = current, case .if(let test, let body, let orelse) = stmt.kind {
      out.pythonLine(stmt.range.start.line)
      let c = condition(test)
      if needsCheck {
        // The condition can raise: evaluate it before branching, nesting the rest of the chain.
        let t = fresh("c")
        if !first {
          out.line("else {")
          out.indent += 1
          opened += 1
        }
        out.line("int \(t) = \(c);")
        check()
        out.line("if (\(t)) {")
      } else {
        out.line((first ? "" : "else ") + "if (\(c)) {")
      }
      first = false
      out.indent += 1
      block(body)
      out.indent -= 1
      out.line("}")
      if orelse.count == 1, case .if = orelse[0].kind {
        current = orelse[0]
      } else {
        if !orelse.isEmpty {
          out.line("else {")
          out.indent += 1
          block(orelse)
          out.indent -= 1
          out.line("}")
        }
        current = nil
      }
    }
    for _ in 0..<opened {
      out.indent -= 1
      out.line("}")
    }
  }

  mutating func forRange(_ target: Expr, _ iter: Expr, _ body: [Stmt]) {
    guard case .call(_, let args, _) = iter.kind, case .name(let id, _) = target.kind else { return }
    let loopVar = CNames.mangle(id)
    let varType = instance.localType(id) ?? .int64
    let values = args.map { convert($0, to: .int64) }
    let k = fresh("k")
    out.line("{")
    out.indent += 1
    var start = "0"
    var stop: String
    var step = "1"
    var stepSign = 1
    if values.count == 1 {
      stop = fresh("stop")
      out.line("const int64_t \(stop) = \(values[0]);")
    } else {
      start = fresh("start")
      stop = fresh("stop")
      out.line("const int64_t \(start) = \(values[0]), \(stop) = \(values[1]);")
      if values.count == 3 {
        // A literal 0 takes the checked path: the iteration count divides by the step.
        if let v = constantInt(args[2]), v != 0 {
          step = "\(v)"
          stepSign = v > 0 ? 1 : -1
        } else {
          step = fresh("step")
          stepSign = 0
          out.line("const int64_t \(step) = \(values[2]);")
          out.line(
            "if (THRAN_UNLIKELY(\(step) == 0)) { thran_raise(thran_e, PyExc_ValueError, \"range() arg 3 must not be zero\"); goto thran_fail; }"
          )
          usedFail = true
        }
      }
    }
    check()
    if step == "1" {
      // k < stop <= INT64_MAX: the increment cannot overflow.
      out.line("for (int64_t \(k) = \(start); \(k) < \(stop); ++\(k)) {")
    } else {
      // Other steps count iterations first, as CPython's range does: `k += step` may pass INT64_MAX after the
      // last iteration, which must not keep the loop going.
      let n = fresh("n")
      let up = "((uint64_t)\(stop) - (uint64_t)\(start) - 1) / (uint64_t)\(step) + 1"
      let down = "((uint64_t)\(start) - (uint64_t)\(stop) - 1) / (0 - (uint64_t)\(step)) + 1"
      switch stepSign {
      case 1: out.line("uint64_t \(n) = \(start) < \(stop) ? \(up) : 0;")
      case -1: out.line("uint64_t \(n) = \(start) > \(stop) ? \(down) : 0;")
      default:
        out.line(
          "uint64_t \(n) = \(step) > 0 ? (\(start) < \(stop) ? \(up) : 0) : (\(start) > \(stop) ? \(down) : 0);")
      }
      // The step after the last iteration may pass INT64_MAX: add in uint64_t, where it wraps, defined.
      out.line(
        "for (int64_t \(k) = \(start); \(n) != 0; --\(n), \(k) = (int64_t)((uint64_t)\(k) + (uint64_t)\(step))) {")
    }
    out.indent += 1
    out.line("\(loopVar) = \(castCode(k, from: .int64, to: varType));")
    block(body)
    out.indent -= 1
    out.line("}")
    out.indent -= 1
    out.line("}")
  }

  func constantInt(_ e: Expr) -> Int? { e.integerLiteral }

  // MARK: Assignment

  mutating func assign(_ targets: [Expr], _ value: Expr) {
    guard let valueType = instance.type(of: value) else { return }
    if case .view = valueType, targets.count == 1, case .name(let id, _) = targets[0].kind {
      let (data, length) = viewParts(value)
      check()
      let c = CNames.mangle(id)
      out.line("\(c) = \(data); \(c)_len = \(length);")
      return
    }
    if targets.count == 1 {
      assign(targets[0], code: nil, value: value, valueType: valueType)
      check()
      return
    }
    // a = b = value: evaluate once.
    let t = fresh("v")
    out.line("\(types.cType(valueType)) \(t) = \(expr(value));")
    check()
    for target in targets { assign(target, code: t, value: nil, valueType: valueType) }
  }

  /// Stores into one target either the expression `value` or the already evaluated C value `code`.
  mutating func assign(_ target: Expr, code: String?, value: Expr?, valueType: ValueType) {
    func source(as t: ValueType) -> String {
      if let value { return convert(value, to: t) }
      return castCode(code ?? "0", from: valueType, to: t)
    }
    switch target.kind {
    case .name(let id, _):
      guard let t = instance.localType(id) else { return }
      out.line("\(CNames.mangle(id)) = \(source(as: t));")
    case .subscript(let base, let index, _):
      guard let baseType = instance.type(of: base), let element = baseType.elementType else { return }
      if case .slice = index.kind {
        elementwiseStore(base, op: nil, value: value, code: code, valueType: valueType)
        return
      }
      let place = itemPlace(base, index, baseType)
      out.line("\(place) = \(source(as: element));")
    case .tuple(let elements, _), .list(let elements, _):
      guard case .tuple(let parts) = valueType else { return }
      if let value, case .tuple(let values, _) = value.kind, values.count == elements.count {
        // Python evaluates the whole right side before binding: keep each value in a temporary.
        var temps: [String] = []
        for (v, t) in zip(values, parts) {
          let tmp = fresh("v")
          out.line("\(types.cType(t)) \(tmp) = \(convert(v, to: t));")
          temps.append(tmp)
        }
        for (i, element) in elements.enumerated() {
          assign(element, code: temps[i], value: nil, valueType: parts[i])
        }
        return
      }
      let tmp = fresh("v")
      out.line("\(types.cType(valueType)) \(tmp) = \(source(as: valueType));")
      for (i, element) in elements.enumerated() where i < parts.count {
        assign(element, code: "\(tmp).f\(i)", value: nil, valueType: parts[i])
      }
    default:
      break
    }
  }

  /// A view index checked as NumPy checks it: outside the view raises IndexError before any memory is touched.
  mutating func checkedIndex(_ index: String, _ length: String) -> String {
    usedFail = true
    return "THRAN_INDEX(\(index), \(length))"
  }

  /// The C lvalue for `base[index]` on a pointer or a view.
  mutating func itemPlace(_ base: Expr, _ index: Expr, _ baseType: ValueType) -> String {
    let i = convert(index, to: .int64)
    if case .view = baseType {
      let (data, length) = viewParts(base)
      return "\(data)[\(checkedIndex(i, length))]"
    }
    return "\(expr(base))[\(i)]"
  }

  mutating func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ value: Expr) {
    switch target.kind {
    case .name(let id, _):
      guard let t = instance.localType(id) else { return }
      if case .view = t {
        elementwiseStore(target, op: op, value: value, code: nil, valueType: instance.type(of: value) ?? .float64)
        return
      }
      guard let current = instance.exprTypes[ObjectIdentifier(target)],
        let rhs = instance.exprTypes[ObjectIdentifier(value)]
      else { return }
      let c = CNames.mangle(id)
      let code = binary(c, Typed(t, weak: current.weak), op, expr(value), rhs, result: current.type)
      out.line("\(c) = \(castCode(code, from: current.type, to: t));")
      check()
    case .subscript(let base, let index, _):
      guard let baseType = instance.type(of: base), let element = baseType.elementType,
        let rhs = instance.exprTypes[ObjectIdentifier(value)]
      else { return }
      let tmp = fresh("i")
      out.line("{")
      out.indent += 1
      out.line("const int64_t \(tmp) = \(convert(index, to: .int64));")
      let place: String
      if case .view = baseType {
        let (data, length) = viewParts(base)
        place = "\(data)[\(checkedIndex(tmp, length))]"
      } else {
        place = "\(expr(base))[\(tmp)]"
      }
      let result = Typed.promote(Typed(element), rhs).type
      let resultType = op == .div && result.isIntegerOrBool ? ValueType.float64 : result
      let code = binary(place, Typed(element), op, expr(value), rhs, result: resultType)
      out.line("\(place) = \(castCode(code, from: resultType, to: element));")
      check()
      out.indent -= 1
      out.line("}")
    default:
      break
    }
  }

  /// `v[:] = expr` and `v op= expr`: one loop over the view, every operand view checked for its length.
  mutating func elementwiseStore(_ target: Expr, op: BinaryOperator?, value: Expr?, code: String?, valueType: ValueType)
  {
    let targetBase: Expr
    if case .subscript(let b, _, _) = target.kind { targetBase = b } else { targetBase = target }
    guard let tt = instance.type(of: targetBase), case .view(let element) = tt else { return }
    let (data, length) = viewParts(targetBase)
    let n = fresh("n")
    let i = fresh("i")
    out.line("{")
    out.indent += 1
    out.line("const int64_t \(n) = \(length);")
    var views: [(String, String)] = []
    var hoisted: [String] = []
    var body = code ?? "0"
    var bodyType = valueType
    if let value {
      var ctx = ElementContext(index: i)
      body = elementExpr(value, &ctx)
      views = ctx.views
      hoisted = ctx.hoisted
      bodyType = instance.type(of: value)?.elementType ?? valueType
    }
    for h in hoisted { out.line(h) }
    for (_, len) in views where len != length {
      out.line(
        "if (THRAN_UNLIKELY(\(len) != \(n))) { thran_raise(thran_e, PyExc_ValueError, \"operands could not be broadcast together: views of different lengths\"); goto thran_fail; }"
      )
      usedFail = true
    }
    check()
    if let op, let value, let rhs = instance.exprTypes[ObjectIdentifier(value)] {
      let rhsElement = Typed(rhs.type.elementType ?? rhs.type, weak: rhs.weak)
      var result = Typed.promote(Typed(element), rhsElement).type
      if op == .div && result.isIntegerOrBool { result = .float64 }
      body = binary("\(data)[\(i)]", Typed(element), op, body, rhsElement, result: result)
      bodyType = result
    }
    out.line("for (int64_t \(i) = 0; \(i) < \(n); ++\(i)) {")
    out.indent += 1
    out.line("\(data)[\(i)] = \(castCode(body, from: bodyType, to: element));")
    out.indent -= 1
    out.line("}")
    out.indent -= 1
    out.line("}")
  }

  struct ElementContext {
    var index: String
    var views: [(String, String)] = []
    var hoisted: [String] = []
  }

  /// The C expression for one element of an elementwise expression; scalar parts are hoisted out of the loop.
  mutating func elementExpr(_ e: Expr, _ ctx: inout ElementContext) -> String {
    guard let t = instance.exprTypes[ObjectIdentifier(e)] else { return "0" }
    if case .view = t.type {
      switch e.kind {
      case .binOp(let l, let op, let r):
        guard let lt = instance.exprTypes[ObjectIdentifier(l)], let rt = instance.exprTypes[ObjectIdentifier(r)]
        else { return "0" }
        let a = elementExpr(l, &ctx)
        let b = elementExpr(r, &ctx)
        let le = Typed(lt.type.elementType ?? lt.type, weak: lt.weak)
        let re = Typed(rt.type.elementType ?? rt.type, weak: rt.weak)
        return binary(a, le, op, b, re, result: t.type.elementType ?? .float64)
      case .unaryOp(let op, let operand):
        let a = elementExpr(operand, &ctx)
        return op == .uSub ? negated(a, t.type.elementType ?? .float64) : a
      case .subscript(let base, _, _):
        return elementExpr(base, &ctx)
      default:
        let (data, length) = viewParts(e)
        ctx.views.append((data, length))
        return "\(data)[\(ctx.index)]"
      }
    }
    if case .constant = e.kind { return expr(e) }
    if case .name = e.kind { return expr(e) }
    let tmp = fresh("s")
    ctx.hoisted.append("const \(types.cType(t.type)) \(tmp) = \(expr(e));")
    return tmp
  }

  /// The data pointer and length of a view expression (a view variable, parameter or as_array call).
  mutating func viewParts(_ e: Expr) -> (String, String) {
    switch e.kind {
    case .name(let id, _):
      let c = CNames.mangle(id)
      return (c, "\(c)_len")
    case .call(_, let args, let keywords):
      let pointer = args.first.map { expr($0) } ?? "0"
      var shape: Expr? = args.count > 1 ? args[1] : nil
      for k in keywords where k.name == "shape" { shape = k.value }
      if let s = shape, case .tuple(let parts, _) = s.kind, let first = parts.first { shape = first }
      return (pointer, shape.map { convert($0, to: .int64) } ?? "0")
    case .subscript(let base, _, _):
      return viewParts(base)
    default:
      return ("0", "0")
    }
  }
}
