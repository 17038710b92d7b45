/// C names of value types; tuple types get one `typedef struct` each, in first-use order.
final class TypeNames {
  private(set) var tupleTypes: [ValueType] = []

  func cType(_ t: ValueType) -> String {
    switch t {
    case .tuple:
      if let i = tupleTypes.firstIndex(of: t) { return "thran_tuple\(i)" }
      tupleTypes.append(t)
      return "thran_tuple\(tupleTypes.count - 1)"
    case .pointer(let e): return cType(e) + " *"
    default: return t.cName
    }
  }

  func typedefs() -> [String] {
    tupleTypes.enumerated().map { i, t in
      guard case .tuple(let parts) = t else { return "" }
      let fields = parts.enumerated().map { "\(cType($1)) f\($0);" }.joined(separator: " ")
      return "typedef struct { \(fields) } thran_tuple\(i); /* \(t) */"
    }
  }
}

extension FunctionEmitter {
  /// The pending-error pointer to hand to helpers; a function that cannot raise only calls them with operands
  /// that cannot fail (constant divisors), so it passes none.
  var errorPointer: String { instance.canRaise ? "thran_e" : "(thran_error *)0" }

  /// The C expression for `e` in its own type.
  mutating func expr(_ e: Expr) -> String {
    guard let typed = instance.exprTypes[ObjectIdentifier(e)] else { return "0" }
    let t = typed.type
    switch e.kind {
    case .constant(let v, _):
      return literal(v, as: t)
    case .name(let id, _):
      if case .constant(let c)? = instance.intrinsics[ObjectIdentifier(e)] { return mathConstant(c) }
      if instance.localTypes[id] != nil { return CNames.mangle(id) }
      return "thran_const_" + CNames.mangle(id)
    case .attribute(let base, let attr, _):
      if case .constant(let c)? = instance.intrinsics[ObjectIdentifier(e)] { return mathConstant(c) }
      guard let bt = instance.type(of: base) else { return "0" }
      let b = expr(base)
      if case .complex(let bits) = bt {
        let suffix = bits == 64 ? "f" : ""
        return attr == "real" ? "creal\(suffix)(\(b))" : "cimag\(suffix)(\(b))"
      }
      return attr == "real" ? b : "((\(types.cType(bt)))0)"
    case .binOp(let l, let op, let r):
      guard let lt = instance.exprTypes[ObjectIdentifier(l)], let rt = instance.exprTypes[ObjectIdentifier(r)] else {
        return "0"
      }
      return binary(expr(l), lt, op, expr(r), rt, result: t, leftExpr: l, rightExpr: r)
    case .unaryOp(let op, let operand):
      guard let ot = instance.type(of: operand) else { return "0" }
      switch op {
      case .not: return "(!\(truth(operand)))"
      case .uAdd: return castCode(expr(operand), from: ot, to: t)
      case .uSub: return negated(castCode(expr(operand), from: ot, to: t), t)
      case .invert: return narrow("(~\(castCode(expr(operand), from: ot, to: t)))", t)
      }
    case .boolOp(let op, let values):
      if t == .bool || values.allSatisfy({ instance.type(of: $0) == .bool }) {
        return "(" + values.map { truth($0) }.joined(separator: op == .and ? " && " : " || ") + ")"
      }
      // Python returns the deciding operand, converted here to the joined type.
      let tmp = fresh("b")
      var code = "({ \(types.cType(t)) \(tmp) = \(convert(values[0], to: t)); "
      for v in values.dropFirst() {
        code += op == .and ? "if (\(tmp)) " : "if (!\(tmp)) "
        code += "\(tmp) = \(convert(v, to: t)); "
      }
      return code + "\(tmp); })"
    case .compare(let left, let ops, let comparators):
      return comparison(left, ops, comparators)
    case .ifExp(let test, let body, let orelse):
      return "(\(truth(test)) ? \(convert(body, to: t)) : \(convert(orelse, to: t)))"
    case .call(_, let args, _):
      return call(e, args, t)
    case .subscript(let base, let index, _):
      guard let bt = instance.type(of: base) else { return "0" }
      if case .tuple(let parts) = bt, let k = constantInt(index) {
        return "\(expr(base)).f\(k < 0 ? k + parts.count : k)"
      }
      return itemPlace(base, index, bt)
    case .tuple(let elements, _):
      guard case .tuple(let parts) = t else { return "0" }
      let fields = zip(elements, parts).map { convert($0, to: $1) }
      return "((\(types.cType(t))){\(fields.joined(separator: ", "))})"
    default:
      return "0"
    }
  }

  /// `e` converted to `target`; literals are written directly in the target type.
  mutating func convert(_ e: Expr, to target: ValueType) -> String {
    if case .constant(let v, _) = e.kind { return literal(v, as: target) }
    guard let t = instance.type(of: e) else { return "0" }
    return castCode(expr(e), from: t, to: target)
  }

  func castCode(_ code: String, from: ValueType, to: ValueType) -> String {
    if from == to { return code }
    if to == .bool { return "(\(code) != 0)" }
    // C leaves float-to-int conversion of NaN or out-of-range values undefined; define it as x86 and NumPy do.
    if from.isFloat && to.isInteger { return "((\(types.cType(to)))thran_f2i(\(code)))" }
    return "((\(types.cType(to)))(\(code)))"
  }

  /// `x op y` (`+`, `-`, `*`) on integers of type `t`, wrapping as NumPy's integers do, with no signed
  /// overflow under any flags: computed in the unsigned type of the same width (at least `unsigned int`, so
  /// that `uint16 * uint16` is not promoted to a signed `int`) and converted back, which C defines as modulo
  /// for unsigned results and GCC and Clang define the same for signed ones.
  func wrapping(_ x: String, _ symbol: String, _ y: String, _ t: ValueType) -> String {
    guard case .int(let bits, _) = t else { return "(\(x) \(symbol) \(y))" }
    let u = "uint\(max(bits, 32))_t"
    return "((\(t.cName))((\(u))(\(x)) \(symbol) (\(u))(\(y))))"
  }

  /// `-x`, defined for the most negative integer (it stays itself, as in NumPy).
  func negated(_ x: String, _ t: ValueType) -> String {
    t.isInteger ? wrapping("0", "-", x, t) : "(-\(x))"
  }

  /// Results of arithmetic on 8- and 16-bit integers are computed as int in C; wrap them back.
  func narrow(_ code: String, _ t: ValueType) -> String {
    if case .int(let bits, _) = t, bits < 32 { return "((\(types.cType(t)))\(code))" }
    return code
  }

  func literal(_ v: ConstantValue, as t: ValueType) -> String {
    switch v {
    case .bool(let b):
      if t.isFloat || t.isComplex { return b ? "1.0" : "0.0" }
      return b ? "1" : "0"
    case .int(let n):
      switch t {
      case .float(let bits): return floatLiteral(Double(n), bits: bits)
      case .complex(let bits): return floatLiteral(Double(n), bits: bits / 2)
      case .bool: return n != 0 ? "1" : "0"
      case .int(let bits, let signed):
        if n == Int.min { return "INT64_MIN" }
        if !signed && n < 0 { return "((\(t.cName))\(n)LL)" }
        if bits == 64 && (n > Int(Int32.max) || n < Int(Int32.min)) { return signed ? "\(n)LL" : "\(n)ULL" }
        return n < 0 && bits < 32 ? "((\(t.cName))\(n))" : "\(n)"
      default: return "\(n)"
      }
    case .float(let d):
      switch t {
      case .float(let bits): return floatLiteral(d, bits: bits)
      case .complex(let bits): return floatLiteral(d, bits: bits / 2)
      case .bool: return d != 0 ? "1" : "0"
      // A float literal stored into an integer: the defined conversion thran_f2i (1e300 is out of range).
      case .int: return "((\(types.cType(t)))thran_f2i(\(floatLiteral(d, bits: 64))))"
      default: return "((\(types.cType(t)))\(floatLiteral(d, bits: 64)))"
      }
    case .imaginary(let d):
      return "thran_complex(0.0, \(floatLiteral(d, bits: 64)))"
    default:
      return "0"
    }
  }

  func floatLiteral(_ d: Double, bits: Int) -> String {
    var s: String
    if d.isNaN {
      s = "NAN"
    } else if d.isInfinite {
      s = d < 0 ? "(-HUGE_VAL)" : "HUGE_VAL"
    } else {
      s = "\(d)"
      if !s.contains(".") && !s.contains("e") { s += ".0" }
    }
    return bits == 32 ? "((float)\(s))" : s
  }

  func mathConstant(_ name: String) -> String {
    switch name {
    case "pi": return "3.141592653589793"
    case "e": return "2.718281828459045"
    case "tau": return "6.283185307179586"
    case "inf": return "HUGE_VAL"
    default: return "NAN"
    }
  }

  /// The truth value of a scalar expression as a C condition.
  mutating func truth(_ e: Expr) -> String {
    guard let t = instance.type(of: e) else { return "0" }
    let c = expr(e)
    return t == .bool ? c : "(\(c) != 0)"
  }

  mutating func condition(_ e: Expr) -> String { truth(e) }

  mutating func comparison(_ left: Expr, _ ops: [CompareOperator], _ comparators: [Expr]) -> String {
    var parts: [String] = []
    var prefix = ""
    var previousCode = expr(left)
    var previousType = instance.exprTypes[ObjectIdentifier(left)] ?? Typed(.int64)
    for (k, (op, c)) in zip(ops, comparators).enumerated() {
      guard let ct = instance.exprTypes[ObjectIdentifier(c)] else { return "0" }
      var code = expr(c)
      if k < ops.count - 1, !isSimple(c) {
        // A middle operand is evaluated once in Python.
        let tmp = fresh("m")
        prefix += "\(types.cType(ct.type)) \(tmp) = \(code); "
        code = tmp
      }
      let common = Typed.promote(previousType, ct).type
      let a = castCode(previousCode, from: previousType.type, to: common)
      let b = castCode(code, from: ct.type, to: common)
      parts.append("(\(a) \(op.cOperator) \(b))")
      previousCode = code
      previousType = ct
    }
    let joined = parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " && ") + ")"
    return prefix.isEmpty ? joined : "({ \(prefix)\(joined); })"
  }

  func isSimple(_ e: Expr) -> Bool {
    switch e.kind {
    case .name, .constant: return true
    default: return false
    }
  }

  /// `a op b` for operands of types `at` and `bt` giving `result`.
  mutating func binary(
    _ a: String, _ at: Typed, _ op: BinaryOperator, _ b: String, _ bt: Typed, result: ValueType,
    leftExpr: Expr? = nil, rightExpr: Expr? = nil
  ) -> String {
    var operandType = Typed.promote(at, bt).type
    if operandType == .bool && [.add, .sub, .mult, .floorDiv, .mod, .pow, .lShift, .rShift].contains(op) {
      operandType = .int64
    }
    if op == .div && operandType.isIntegerOrBool { operandType = .float64 }
    func operand(_ code: String, _ e: Expr?, _ t: Typed) -> String {
      if let e, case .constant(let v, _) = e.kind { return literal(v, as: operandType) }
      // `-1` is a unary minus of a literal: written as the literal it is, not as a wrapping negation.
      if let k = e?.integerLiteral, operandType.isInteger { return literal(.int(k), as: operandType) }
      return castCode(code, from: t.type, to: operandType)
    }
    let x = operand(a, leftExpr, at)
    let y = operand(b, rightExpr, bt)
    let suffix = operandType == .float32 ? "f" : ""
    switch op {
    case .add, .sub, .mult:
      return narrow(wrapping(x, op.symbol, y, operandType), result)
    case .div:
      return narrow("(\(x) \(op.symbol) \(y))", result)
    case .bitAnd, .bitOr, .bitXor:
      return narrow("(\(x) \(op.symbol) \(y))", result)
    case .floorDiv, .mod:
      let name = op == .floorDiv ? "floordiv" : "mod"
      switch operandType {
      case .float(let bits): return "thran_\(name)_f\(bits)(\(x), \(y))"
      case .int(_, let signed):
        // A constant non-zero divisor cannot raise (semantics records no raise site, so there is no `thran_e`
        // to check); `INT64_MIN // -1` wraps to INT64_MIN as NumPy's int64 does, inside the helper.
        if rightExpr?.integerLiteral.map({ $0 == 0 }) ?? true { needsCheck = true }
        let helper = signed ? "thran_\(name)_i64" : "thran_\(name)_u64"
        return castCode(
          "\(helper)(\(errorPointer), \(x), \(y))", from: signed ? .int64 : .int(bits: 64, signed: false), to: result)
      default: return "0"
      }
    case .pow:
      switch operandType {
      case .float: return "pow\(suffix)(\(x), \(y))"
      case .complex(let bits): return "cpow\(bits == 64 ? "f" : "")(\(x), \(y))"
      case .int(_, let signed):
        if let r = rightExpr, let k = constantInt(r), k >= 0 {
        } else if signed {
          needsCheck = true
        }
        let call = signed ? "thran_pow_i64(\(errorPointer), \(x), \(y))" : "thran_pow_u64(\(x), \(y))"
        return castCode(call, from: signed ? .int64 : .int(bits: 64, signed: false), to: result)
      default: return "0"
      }
    case .lShift, .rShift:
      let name = op == .lShift ? "shl" : "shr"
      guard case .int(_, let signed) = operandType else { return "0" }
      let helper = "thran_\(name)_\(signed ? "i" : "u")64"
      return castCode("\(helper)(\(x), \(y))", from: signed ? .int64 : .int(bits: 64, signed: false), to: result)
    case .matMult:
      return "0"
    }
  }

  mutating func call(_ e: Expr, _ args: [Expr], _ t: ValueType) -> String {
    let id = ObjectIdentifier(e)
    if let callee = instance.callees[id] {
      var values: [String] = []
      for (a, pt) in zip(args, callee.parameterTypes) {
        if case .view = pt {
          let (data, length) = viewParts(a)
          values += [data, length]
        } else {
          values.append(convert(a, to: pt))
        }
      }
      if callee.canRaise {
        needsCheck = true
        values.append(errorPointer)
      }
      return "\(callee.cName)(\(values.joined(separator: ", ")))"
    }
    switch instance.intrinsics[id] {
    case .builtin(let name)?: return builtin(name, args, t)
    case .mathFunction(let name, let numpy)?: return math(name, numpy: numpy, args, t)
    case .asArray?: return viewParts(e).0
    default: return "0"
    }
  }

  mutating func builtin(_ name: String, _ args: [Expr], _ t: ValueType) -> String {
    switch name {
    case "abs":
      guard let at = instance.type(of: args[0]) else { return "0" }
      switch at {
      case .float(let bits): return "fabs\(bits == 32 ? "f" : "")(\(expr(args[0])))"
      case .complex(let bits): return "cabs\(bits == 64 ? "f" : "")(\(expr(args[0])))"
      default:
        let tmp = fresh("a")
        return
          "({ \(types.cType(t)) \(tmp) = \(convert(args[0], to: t)); (\(tmp) < 0 ? \(negated(tmp, t)) : \(tmp)); })"
      }
    case "min", "max":
      // Python keeps the first of equal values and skips later NaNs: `b < a ? b : a`.
      var code = convert(args[0], to: t)
      for a in args.dropFirst() {
        let x = fresh("x")
        let y = fresh("y")
        let cmp = name == "min" ? "<" : ">"
        code =
          "({ \(types.cType(t)) \(x) = \(code); \(types.cType(t)) \(y) = \(convert(a, to: t)); \(y) \(cmp) \(x) ? \(y) : \(x); })"
      }
      return code
    case "int", "round":
      guard let at = instance.type(of: args[0]) else { return "0" }
      guard at.isFloat else { return "((int64_t)(\(expr(args[0]))))" }
      // Python raises where C's conversion would be undefined: NaN, infinities, values beyond int64.
      needsCheck = true
      let x = convert(args[0], to: .float64)
      return "thran_float_to_int(\(errorPointer), \(name == "round" ? "nearbyint(\(x))" : x))"
    case "float":
      return convert(args[0], to: .float64)
    case "bool":
      return truth(args[0])
    case "complex":
      let re = convert(args[0], to: .float64)
      let im = args.count > 1 ? convert(args[1], to: .float64) : "0.0"
      return "thran_complex(\(re), \(im))"
    case "len":
      return viewParts(args[0]).1
    case "pow":
      guard let a = instance.exprTypes[ObjectIdentifier(args[0])], let b = instance.exprTypes[ObjectIdentifier(args[1])]
      else { return "0" }
      return binary(expr(args[0]), a, .pow, expr(args[1]), b, result: t, leftExpr: args[0], rightExpr: args[1])
    default:
      return "0"
    }
  }

  mutating func math(_ name: String, numpy: Bool, _ args: [Expr], _ t: ValueType) -> String {
    let single = numpy && t == .float32
    let argType: ValueType = single ? .float32 : .float64
    let f = single ? "f" : ""
    let a = args.map { convert($0, to: argType) }
    let x = a.first ?? "0"
    switch name {
    case "gamma": return "tgamma\(f)(\(x))"
    case "floor", "ceil", "trunc":
      if numpy { return "\(name)\(f)(\(x))" }
      // math.floor of an int is that int, exactly (no trip through double).
      if let at = instance.type(of: args[0]), at.isIntegerOrBool { return convert(args[0], to: .int64) }
      needsCheck = true
      return "thran_float_to_int(\(errorPointer), \(name)(\(x)))"
    case "isnan", "isinf", "isfinite": return "(\(name)(\(x)) != 0)"
    case "degrees": return "(\(x) * (180.0\(f) / 3.141592653589793\(f)))"
    case "radians": return "(\(x) * (3.141592653589793\(f) / 180.0\(f)))"
    case "log" where a.count == 2: return "(log(\(a[0])) / log(\(a[1])))"
    case "abs", "square", "sign":
      guard let at = instance.type(of: args[0]) else { return "0" }
      if t.isIntegerOrBool {
        let v = convert(args[0], to: t)
        let tmp = fresh("a")
        switch name {
        case "abs": return "({ \(t.cName) \(tmp) = \(v); (\(tmp) < 0 ? \(negated(tmp, t)) : \(tmp)); })"
        case "square": return "({ \(t.cName) \(tmp) = \(v); \(wrapping(tmp, "*", tmp, t)); })"
        default: return "({ \(t.cName) \(tmp) = \(v); (\(t.cName))((\(tmp) > 0) - (\(tmp) < 0)); })"
        }
      }
      _ = at
      switch name {
      case "abs": return "fabs\(f)(\(x))"
      case "square": return "({ \(argType.cName) thran_sq = \(x); thran_sq * thran_sq; })"
      default: return single ? "((float)thran_sign_f64(\(x)))" : "thran_sign_f64(\(x))"
      }
    default:
      return "\(name)\(f)(\(a.joined(separator: ", ")))"
    }
  }
}

extension CompareOperator {
  var cOperator: String {
    switch self {
    case .eq: return "=="
    case .notEq: return "!="
    case .lt: return "<"
    case .ltE: return "<="
    case .gt: return ">"
    case .gtE: return ">="
    default: return "=="
    }
  }
}
