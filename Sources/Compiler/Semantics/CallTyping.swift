extension FunctionAnalyzer {
  mutating func call(_ e: Expr, _ callee: Expr, _ args: [Expr], _ keywords: [Keyword], _ m: inout ModuleAnalysis)
    -> Typed?
  {
    if case .name(let id, _) = callee.kind, !assignedNames.contains(id) {
      if let (def, _) = m.scope.functions[id], !m.scope.rebound.contains(id) {
        return userCall(e, id, def, args, keywords, &m)
      }
      if Intrinsics.builtins.contains(id), isBuiltin(id, m) {
        return builtinCall(e, id, args, keywords, &m)
      }
      if Intrinsics.exceptions.contains(id), isBuiltin(id, m) {
        report(&m, "exceptions can only be raised in compiled functions", e.range, hint: "raise \(id)(\"...\")")
        return nil
      }
    }
    if let dotted = m.scope.dottedName(callee) {
      if let intrinsic = Intrinsics.resolve(dotted: dotted) {
        switch intrinsic {
        case .asArray: return asArray(e, args, keywords, &m)
        case .mathFunction(let name, let numpy): return mathCall(e, name, numpy: numpy, args, keywords, &m)
        default: break
        }
      }
      report(
        &m, "'\(dotted)' is not supported in compiled functions", callee.range,
        hint: "compiled functions can call math and numpy math functions, abs, min, max, int, float, bool, len, "
          + "round, numpy.ctypeslib.as_array and functions of this module")
      return nil
    }
    var what = "this call"
    if case .name(let id, _) = callee.kind { what = "'\(id)'" }
    if case .attribute(_, let attr, _) = callee.kind { what = "method '\(attr)'" }
    var hint: String?
    if case .name(let id, _) = callee.kind {
      switch id {
      case "print", "open", "input": hint = "compiled functions do no I/O: return the value, or raise an exception"
      case "sum", "enumerate", "zip", "sorted", "reversed", "map", "filter", "any", "all":
        hint = "write the loop with for i in range(...)"
      case "list", "dict", "set", "tuple", "str", "len":
        hint = "compiled functions work on numbers, pointers and views; they do not build containers"
      default: break
      }
    }
    report(&m, "calling \(what) is not supported in compiled functions", callee.range, hint: hint)
    return nil
  }

  mutating func positionalTypes(_ args: [Expr], _ keywords: [Keyword], _ what: String, _ m: inout ModuleAnalysis)
    -> [Typed]?
  {
    if let k = keywords.first {
      report(&m, "keyword arguments are not supported when calling \(what) in compiled functions", k.range)
      return nil
    }
    var types: [Typed] = []
    for a in args {
      if case .starred = a.kind {
        report(&m, "'*' arguments are not supported in compiled functions", a.range)
        return nil
      }
      guard let t = expr(a, &m) else { return nil }
      types.append(t)
    }
    return types
  }

  mutating func userCall(
    _ e: Expr, _ id: String, _ def: Stmt.FunctionDef, _ args: [Expr], _ keywords: [Keyword],
    _ m: inout ModuleAnalysis
  ) -> Typed? {
    guard let types = positionalTypes(args, keywords, "'\(id)'", &m) else { return nil }
    let count = def.args.posonlyargs.count + def.args.args.count
    let required = count - def.args.defaults.count
    guard types.count <= count, types.count >= required else {
      let expected = required == count ? "\(count)" : "\(required) to \(count)"
      report(&m, "'\(id)' takes \(expected) argument\(count == 1 ? "" : "s") but \(types.count) were given", e.range)
      return nil
    }
    for (a, t) in zip(args, types) where t.type.isViewType && !isViewReference(a) {
      report(&m, "this expression creates a new array; compiled functions do not allocate arrays", a.range)
      return nil
    }
    guard let callee = m.instantiate(id, types: types.map(\.type), at: e.range) else { return nil }
    instance.callees[ObjectIdentifier(e)] = callee
    if callee.canRaise { raises(e.range, "'\(id)' can raise", explicit: callee.raisesExplicitly) }
    guard let r = callee.returnType else { return nil }
    return Typed(r.type)
  }

  mutating func builtinCall(
    _ e: Expr, _ id: String, _ args: [Expr], _ keywords: [Keyword], _ m: inout ModuleAnalysis
  ) -> Typed? {
    guard let types = positionalTypes(args, keywords, "\(id)()", &m) else { return nil }
    instance.intrinsics[ObjectIdentifier(e)] = .builtin(id)
    func need(_ range: ClosedRange<Int>) -> Bool {
      guard range.contains(types.count) else {
        let n =
          range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
        report(&m, "\(id)() takes \(n) argument\(range.upperBound == 1 ? "" : "s") here, got \(types.count)", e.range)
        return false
      }
      return true
    }
    func scalars(real: Bool) -> Bool {
      for (a, t) in zip(args, types) where !(real ? t.type.isReal : t.type.isScalar) {
        report(&m, "\(id)() needs \(real ? "a real number" : "a number"), not \(t.type)", a.range)
        return false
      }
      return true
    }
    switch id {
    case "abs":
      guard need(1...1), scalars(real: false) else { return nil }
      let t = types[0]
      switch t.type {
      case .bool: return Typed(.int64)
      case .complex(let bits): return Typed(.float(bits: bits / 2), weak: t.weak)
      default: return t
      }
    case "min", "max":
      guard need(2...64), scalars(real: true) else { return nil }
      return types.dropFirst().reduce(types[0]) { Typed.promote($0, $1) }
    case "int", "round":
      guard need(1...1), scalars(real: true) else { return nil }
      if types[0].type.isFloat { raises(e.range, "\(id)() of a NaN or infinite float raises") }
      return Typed(.int64, weak: true)
    case "float":
      guard need(1...1), scalars(real: true) else { return nil }
      return Typed(.float64, weak: true)
    case "bool":
      guard need(1...1), scalars(real: false) else { return nil }
      return Typed(.bool)
    case "complex":
      guard need(1...2), scalars(real: true) else { return nil }
      return Typed(.complex128, weak: true)
    case "pow":
      guard need(2...2), scalars(real: false) else { return nil }
      if types[0].type.isIntegerOrBool && types[1].type.isIntegerOrBool && !isNonNegativeConstant(args[1]) {
        raises(e.range, "an integer to a negative integer power raises ValueError")
      }
      return binaryResult(types[0], .pow, types[1], e.range, &m)
    case "len":
      guard need(1...1) else { return nil }
      guard types[0].type.isViewType, isViewReference(args[0]) else {
        report(&m, "len() needs a view (numpy.ctypeslib.as_array), not \(types[0].type)", args[0].range)
        return nil
      }
      return Typed(.int64, weak: true)
    default:
      report(&m, "\(id)() is only supported as the iterable of a for loop", e.range)
      return nil
    }
  }

  mutating func mathCall(
    _ e: Expr, _ name: String, numpy: Bool, _ args: [Expr], _ keywords: [Keyword], _ m: inout ModuleAnalysis
  ) -> Typed? {
    let label = (numpy ? "numpy." : "math.") + name
    guard let types = positionalTypes(args, keywords, label, &m) else { return nil }
    instance.intrinsics[ObjectIdentifier(e)] = .mathFunction(name: name, numpy: numpy)
    let binary = Intrinsics.mathBinary.contains(name) || (name == "log" && types.count == 2 && !numpy)
    let expected = binary ? 2 : 1
    guard types.count == expected else {
      report(&m, "\(label)() takes \(expected) argument\(expected == 1 ? "" : "s") here, got \(types.count)", e.range)
      return nil
    }
    for (a, t) in zip(args, types) where !t.type.isReal {
      report(&m, "\(label)() needs a real number, not \(t.type)", a.range, hint: "complex math is not supported yet")
      return nil
    }
    if Intrinsics.mathPredicates.contains(name) { return Typed(.bool) }
    if !numpy {
      if Intrinsics.mathToInt.contains(name) {
        if types[0].type.isFloat { raises(e.range, "\(label)() of a NaN or infinite float raises") }
        return Typed(.int64, weak: true)
      }
      return Typed(.float64, weak: true)
    }
    // NumPy keeps float32 in float32 and integers in their type for abs, square and sign.
    let p = types.dropFirst().reduce(types[0]) { Typed.promote($0, $1) }
    if ["abs", "square", "sign"].contains(name), p.type.isIntegerOrBool {
      return p.type == .bool ? Typed(.int64) : Typed(p.type)
    }
    if name == "fabs" && p.type.isIntegerOrBool { return Typed(.float64) }
    return Typed(p.type == .float32 ? .float32 : .float64)
  }

  mutating func asArray(_ e: Expr, _ args: [Expr], _ keywords: [Keyword], _ m: inout ModuleAnalysis) -> Typed? {
    instance.intrinsics[ObjectIdentifier(e)] = .asArray
    var shape: Expr?
    for k in keywords {
      if k.name == "shape" && shape == nil {
        shape = k.value
      } else {
        report(&m, "as_array() takes (pointer, n) or (pointer, shape=n) in compiled functions", k.range)
        return nil
      }
    }
    if args.count == 2 && shape == nil { shape = args[1] }
    guard let pointer = args.first, let shapeExpr = shape, args.count == (keywords.isEmpty ? 2 : 1) else {
      report(&m, "as_array() takes (pointer, n) in compiled functions", e.range)
      return nil
    }
    guard let pt = expr(pointer, &m) else { return nil }
    guard case .pointer(let element) = pt.type else {
      report(
        &m, "as_array() needs a pointer parameter, not \(pt.type)", pointer.range,
        hint: "declare the parameter as T* in a capsule export")
      return nil
    }
    var lengthExpr = shapeExpr
    if case .tuple(let parts, _) = shapeExpr.kind {
      guard parts.count == 1 else {
        report(&m, "only 1-D views are supported: give one length", shapeExpr.range)
        return nil
      }
      lengthExpr = parts[0]
    }
    guard let lt = expr(lengthExpr, &m) else { return nil }
    guard lt.type.isIntegerOrBool else {
      report(&m, "the length of a view must be an integer, not \(lt.type)", lengthExpr.range)
      return nil
    }
    return Typed(.view(element))
  }
}
