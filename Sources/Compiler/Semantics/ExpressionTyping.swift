extension FunctionAnalyzer {
  /// Types an expression and records it; nil after a diagnostic (or while a local's type is still unknown).
  mutating func expr(_ e: Expr, _ m: inout ModuleAnalysis) -> Typed? {
    let t = computeType(e, &m)
    if let t { instance.exprTypes[ObjectIdentifier(e)] = t }
    return t
  }

  mutating func computeType(_ e: Expr, _ m: inout ModuleAnalysis) -> Typed? {
    switch e.kind {
    case .constant(let value, _):
      switch value {
      case .bool: return Typed(.bool)
      case .int: return Typed(.int64, weak: true)
      case .bigInt:
        report(&m, "integer literal does not fit in 64 bits", e.range)
        return nil
      case .float: return Typed(.float64, weak: true)
      case .imaginary: return Typed(.complex128, weak: true)
      case .none: return Typed(.none)
      default:
        report(&m, "\(constantKind(value)) values are not supported in compiled functions", e.range)
        return nil
      }
    case .name(let id, _):
      return name(id, e, &m)
    case .attribute(let base, let attr, _):
      if let dotted = m.scope.dottedName(e), case .constant(let c)? = Intrinsics.resolve(dotted: dotted) {
        instance.intrinsics[ObjectIdentifier(e)] = .constant(c)
        return Typed(.float64, weak: !dotted.hasPrefix("numpy"))
      }
      if attr == "real" || attr == "imag", m.scope.dottedName(base) == nil {
        guard let b = expr(base, &m) else { return nil }
        switch b.type {
        case .complex(let bits): return Typed(.float(bits: bits / 2), weak: b.weak)
        case .bool, .int, .float: return b
        default: break
        }
      }
      report(
        &m, "attribute '\(attr)' is not supported in compiled functions", e.range,
        hint: "use math functions and constants, .real and .imag")
      return nil
    case .binOp(let l, let op, let r):
      guard let a = expr(l, &m), let b = expr(r, &m) else { return nil }
      if op == .floorDiv || op == .mod, a.type.isIntegerOrBool && b.type.isIntegerOrBool, !isNonZeroConstant(r) {
        raises(e.range, "integer \(op == .mod ? "modulo" : "floor division") by zero raises ZeroDivisionError")
      }
      if op == .pow, a.type.isIntegerOrBool && b.type.isIntegerOrBool, !isNonNegativeConstant(r) {
        raises(e.range, "an integer to a negative integer power raises ValueError")
      }
      return binaryResult(a, op, b, e.range, &m)
    case .unaryOp(let op, let operand):
      guard let t = expr(operand, &m) else { return nil }
      if case .view(let el) = t.type {
        guard op == .uSub || op == .uAdd, el.isScalar else {
          report(&m, "operator not supported on views", e.range)
          return nil
        }
        return t
      }
      guard t.type.isScalar else {
        report(&m, "unary operator on a \(t.type) is not supported", e.range)
        return nil
      }
      switch op {
      case .not: return Typed(.bool)
      case .invert:
        guard t.type.isIntegerOrBool else {
          report(&m, "'~' needs an integer, not \(t.type)", e.range)
          return nil
        }
        return t
      case .uSub, .uAdd:
        return t.type == .bool ? Typed(.int64) : t
      }
    case .boolOp(_, let values):
      var joined: Typed?
      for v in values {
        guard let t = expr(v, &m) else { return nil }
        guard t.type.isScalar else {
          report(&m, "'and'/'or' on a \(t.type) is not supported", v.range)
          return nil
        }
        joined = joined.map { Typed.promote($0, t) } ?? t
      }
      return joined
    case .compare(let left, let ops, let comparators):
      guard var previous = expr(left, &m) else { return nil }
      for (op, c) in zip(ops, comparators) {
        guard let t = expr(c, &m) else { return nil }
        switch op {
        case .is, .isNot, .in, .notIn:
          report(&m, "'\(op)' comparisons are not supported in compiled functions", e.range, hint: "compare numbers")
          return nil
        default: break
        }
        guard previous.type.isScalar, t.type.isScalar else {
          report(&m, "cannot compare a \(previous.type) with a \(t.type)", e.range)
          return nil
        }
        if (previous.type.isComplex || t.type.isComplex) && op != .eq && op != .notEq {
          report(&m, "complex numbers cannot be ordered", e.range)
          return nil
        }
        previous = t
      }
      return Typed(.bool)
    case .ifExp(let test, let body, let orelse):
      condition(test, &m)
      guard let a = expr(body, &m), let b = expr(orelse, &m) else { return nil }
      guard let j = join(a, b) else {
        report(&m, "the two branches give a \(a.type) and a \(b.type)", e.range)
        return nil
      }
      return j
    case .call(let callee, let args, let keywords):
      return call(e, callee, args, keywords, &m)
    case .subscript(let base, let index, _):
      guard let b = expr(base, &m) else { return nil }
      if case .tuple(let parts) = b.type {
        guard let i = constantIndex(index), i >= -parts.count, i < parts.count else {
          report(&m, "a tuple index must be an integer literal within the tuple", index.range)
          return nil
        }
        return Typed(parts[i < 0 ? i + parts.count : i])
      }
      guard let element = b.type.elementType else {
        report(&m, "cannot index a \(b.type)", e.range)
        return nil
      }
      if case .slice(let lo, let hi, let st) = index.kind {
        guard case .view = b.type, lo == nil, hi == nil, st == nil else {
          report(
            &m, "slices are supported as v[:] on views only", index.range,
            hint: "make a view with numpy.ctypeslib.as_array(ptr, n)")
          return nil
        }
        return b
      }
      guard let it = expr(index, &m) else { return nil }
      guard it.type.isIntegerOrBool else {
        report(&m, "an index must be an integer, not \(it.type)", index.range)
        return nil
      }
      if b.type.isViewType { raises(e.range, "an index outside the view raises IndexError") }
      return Typed(element)
    case .tuple(let elements, _):
      var parts: [ValueType] = []
      for el in elements {
        guard let t = expr(el, &m) else { return nil }
        guard t.type.isScalar else {
          report(&m, "tuples may hold numbers only in compiled functions, not a \(t.type)", el.range)
          return nil
        }
        parts.append(t.type)
      }
      return Typed(.tuple(parts))
    case .yield, .yieldFrom:
      report(&m, "'yield' is not supported in compiled functions", e.range)
      return nil
    case .await:
      report(&m, "'await' is not supported in compiled functions", e.range)
      return nil
    case .lambda:
      report(&m, "lambda is not supported in compiled functions", e.range, hint: "define a module-level function")
      return nil
    case .list, .listComp:
      report(&m, "lists are not supported in compiled functions", e.range, hint: "compiled functions do not allocate")
      return nil
    case .dict, .dictComp:
      report(&m, "dicts are not supported in compiled functions", e.range)
      return nil
    case .set, .setComp:
      report(&m, "sets are not supported in compiled functions", e.range)
      return nil
    case .generatorExp:
      report(&m, "generator expressions are not supported in compiled functions", e.range)
      return nil
    case .joinedStr, .formattedValue:
      report(&m, "f-strings are not supported in compiled functions", e.range)
      return nil
    case .templateStr, .interpolation:
      report(&m, "t-strings are not supported in compiled functions", e.range)
      return nil
    case .namedExpr:
      report(&m, "':=' is not supported in compiled functions", e.range)
      return nil
    case .starred:
      report(&m, "'*' unpacking is not supported in compiled functions", e.range)
      return nil
    case .slice:
      report(&m, "a slice is not a value in compiled functions", e.range)
      return nil
    }
  }

  func constantKind(_ v: ConstantValue) -> String {
    switch v {
    case .string, .surrogateString: return "string"
    case .bytes: return "bytes"
    case .ellipsis: return "Ellipsis"
    default: return "these"
    }
  }

  func constantIndex(_ e: Expr) -> Int? { e.integerLiteral }

  func isNonZeroConstant(_ e: Expr) -> Bool {
    if let v = constantIndex(e) { return v != 0 }
    return false
  }

  func isNonNegativeConstant(_ e: Expr) -> Bool {
    if let v = constantIndex(e) { return v >= 0 }
    return false
  }

  mutating func name(_ id: String, _ e: Expr, _ m: inout ModuleAnalysis) -> Typed? {
    if instance.localTypes[id] != nil || assignedNames.contains(id) || parameterNames.contains(id) {
      guard let t = instance.localTypes[id] else {
        // Not assigned yet in this pass: the fixpoint supplies it, or the reporting pass says so.
        if reporting { report(&m, "local variable '\(id)' is used before it is assigned", e.range) }
        changed = true
        return nil
      }
      return t
    }
    if let c = m.constant(named: id) { return c.type }
    if let dotted = m.scope.imports[id], case .constant(let c)? = Intrinsics.resolve(dotted: dotted) {
      instance.intrinsics[ObjectIdentifier(e)] = .constant(c)
      return Typed(.float64, weak: !dotted.hasPrefix("numpy"))
    }
    if m.scope.functions[id] != nil {
      report(&m, "function '\(id)' can only be called in compiled functions, not used as a value", e.range)
      return nil
    }
    if m.scope.constantExprs[id] != nil {
      report(
        &m, "global '\(id)' is not a constant number assigned once at module level", e.range,
        hint: "compiled functions read module constants such as N = 10 or SCALE = 2.5")
      return nil
    }
    report(&m, "name '\(id)' is not defined", e.range)
    return nil
  }

  /// The type of `a op b`, elementwise when either side is a view.
  mutating func binaryResult(
    _ a: Typed, _ op: BinaryOperator, _ b: Typed, _ range: SourceRange, _ m: inout ModuleAnalysis
  ) -> Typed? {
    let aView = a.type.isViewType
    let bView = b.type.isViewType
    if aView || bView {
      let ea = aView ? Typed(a.type.elementType ?? .float64) : a
      let eb = bView ? Typed(b.type.elementType ?? .float64) : b
      guard ea.type.isScalar, eb.type.isScalar else {
        report(&m, "unsupported operand types: \(a.type) and \(b.type)", range)
        return nil
      }
      guard let r = scalarBinary(ea, op, eb, range, &m) else { return nil }
      if aView && bView { raises(range, "views of different lengths raise ValueError") }
      return Typed(.view(r.type))
    }
    guard a.type.isScalar, b.type.isScalar else {
      report(&m, "unsupported operand types for \(op.symbol): \(a.type) and \(b.type)", range)
      return nil
    }
    return scalarBinary(a, op, b, range, &m)
  }

  mutating func scalarBinary(
    _ a: Typed, _ op: BinaryOperator, _ b: Typed, _ range: SourceRange, _ m: inout ModuleAnalysis
  ) -> Typed? {
    let p = Typed.promote(a, b)
    switch op {
    case .add, .sub, .mult:
      // bool + bool is an integer in Python; NumPy keeps bool for + and *, Python semantics win here.
      return p.type == .bool ? Typed(.int64, weak: false) : p
    case .div:
      if p.type.isIntegerOrBool { return Typed(.float64, weak: p.weak) }
      return p
    case .floorDiv, .mod:
      if p.type.isComplex {
        report(&m, "'\(op.symbol)' is not defined for complex numbers", range)
        return nil
      }
      return p.type == .bool ? Typed(.int64) : p
    case .pow:
      return p.type == .bool ? Typed(.int64) : p
    case .lShift, .rShift, .bitAnd, .bitOr, .bitXor:
      guard a.type.isIntegerOrBool, b.type.isIntegerOrBool else {
        report(&m, "'\(op.symbol)' needs integers, not \(a.type) and \(b.type)", range)
        return nil
      }
      if (op == .lShift || op == .rShift) && p.type == .bool { return Typed(.int64) }
      return p
    case .matMult:
      report(&m, "'@' is not supported in compiled functions", range)
      return nil
    }
  }
}

extension ValueType {
  var isViewType: Bool {
    if case .view = self { return true }
    return false
  }
}

extension BinaryOperator {
  public var symbol: String {
    switch self {
    case .add: return "+"
    case .sub: return "-"
    case .mult: return "*"
    case .matMult: return "@"
    case .div: return "/"
    case .mod: return "%"
    case .pow: return "**"
    case .lShift: return "<<"
    case .rShift: return ">>"
    case .bitOr: return "|"
    case .bitXor: return "^"
    case .bitAnd: return "&"
    case .floorDiv: return "//"
    }
  }
}

extension Expr {
  /// The value of an integer literal, negated ones (`-3`) included; nil for anything else.
  public var integerLiteral: Int? {
    switch kind {
    case .constant(.int(let v), _): return v
    case .unaryOp(.uSub, let inner):
      if case .constant(.int(let v), _) = inner.kind, v != Int.min { return -v }
      return nil
    default: return nil
    }
  }
}
