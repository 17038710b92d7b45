/// The types of values in compiled functions.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
  case bool
  case int(bits: Int, signed: Bool)
  case float(bits: Int)
  /// `complex64` (bits 64) or `complex128` (bits 128).
  case complex(bits: Int)
  case pointer(ValueType)
  /// A 1-D view over a pointer and a length (`numpy.ctypeslib.as_array(ptr, n)`).
  case view(ValueType)
  case tuple([ValueType])
  case none

  public static let int64 = ValueType.int(bits: 64, signed: true)
  public static let int32 = ValueType.int(bits: 32, signed: true)
  public static let float64 = ValueType.float(bits: 64)
  public static let float32 = ValueType.float(bits: 32)
  public static let complex128 = ValueType.complex(bits: 128)

  /// NumPy's name for the type (`float64`, `int32`, `float64*`).
  public var description: String {
    switch self {
    case .bool: return "bool"
    case .int(let bits, let signed): return (signed ? "int" : "uint") + String(bits)
    case .float(let bits): return "float\(bits)"
    case .complex(let bits): return "complex\(bits)"
    case .pointer(let t): return "\(t)*"
    case .view(let t): return "\(t)[:] view"
    case .tuple(let ts): return "(" + ts.map(\.description).joined(separator: ", ") + (ts.count == 1 ? ",)" : ")")
    case .none: return "None"
    }
  }

  public var isScalar: Bool {
    switch self {
    case .bool, .int, .float, .complex: return true
    default: return false
    }
  }

  public var isPointerToScalar: Bool {
    if case .pointer(let t) = self { return t.isScalar }
    return false
  }

  public var isInteger: Bool {
    if case .int = self { return true }
    return false
  }

  public var isIntegerOrBool: Bool { self == .bool || isInteger }

  public var isFloat: Bool {
    if case .float = self { return true }
    return false
  }

  public var isComplex: Bool {
    if case .complex = self { return true }
    return false
  }

  public var isReal: Bool { isIntegerOrBool || isFloat }

  public var elementType: ValueType? {
    switch self {
    case .pointer(let t), .view(let t): return t
    default: return nil
    }
  }

  /// The C spelling of the type.
  public var cName: String {
    switch self {
    case .bool: return "_Bool"
    case .int(let bits, let signed): return (signed ? "int" : "uint") + "\(bits)_t"
    case .float(let bits): return bits == 32 ? "float" : "double"
    case .complex(let bits): return bits == 64 ? "float _Complex" : "double _Complex"
    case .pointer(let t): return t.cName + " *"
    case .view(let t): return t.cName + " *"
    case .tuple: return "/* tuple */"
    case .none: return "void"
    }
  }

  /// Builds the type of an export-line type; nil when the type has no compiled form.
  public init?(spec: SpecType) {
    switch spec.kind {
    case .scalar(let s):
      guard let t = ValueType(scalar: s) else { return nil }
      self = t
    case .pointer(let inner):
      guard let t = ValueType(spec: inner), t.isScalar else { return nil }
      self = .pointer(t)
    case .tuple(let parts):
      var ts: [ValueType] = []
      for p in parts {
        guard let t = ValueType(spec: p), t.isScalar else { return nil }
        ts.append(t)
      }
      self = .tuple(ts)
    case .array(let s, let dims, _):
      // Only contiguous 1-D arrays, passed as a view.
      guard dims == [.any], let t = ValueType(scalar: s) else { return nil }
      self = .view(t)
    default:
      return nil
    }
  }

  public init?(scalar: ScalarType) {
    switch scalar {
    case .bool: self = .bool
    case .int, .int64, .intp: self = .int64
    // NumPy's `byte` is `int8` (C `signed char`), as Pythran reads it.
    case .int8, .byte: self = .int(bits: 8, signed: true)
    case .int16: self = .int(bits: 16, signed: true)
    case .int32, .intc: self = .int32
    case .uint8: self = .int(bits: 8, signed: false)
    case .uint16: self = .int(bits: 16, signed: false)
    case .uint32, .uintc: self = .int(bits: 32, signed: false)
    case .uint64, .uintp: self = .int(bits: 64, signed: false)
    case .float, .float64: self = .float64
    case .float32: self = .float32
    case .complex, .complex128: self = .complex128
    case .complex64: self = .complex(bits: 64)
    case .float128, .complex256, .str, .none, .slice: return nil
    }
  }
}

/// NumPy 2 scalar promotion (NEP 50), with Python literals "weak": they take the other operand's kind.
public enum Promotion {
  /// The result type of combining `a` and `b` in arithmetic.
  public static func promote(_ a: ValueType, _ b: ValueType) -> ValueType {
    if a == b { return a }
    switch (a, b) {
    case (.bool, _): return b
    case (_, .bool): return a
    case (.int(let x, let sx), .int(let y, let sy)):
      if sx == sy { return .int(bits: max(x, y), signed: sx) }
      // Mixed signedness: the signed type must hold the unsigned one.
      let (ub, sb) = sx ? (y, x) : (x, y)
      if sb > ub { return .int(bits: sb, signed: true) }
      if ub < 64 { return .int(bits: ub * 2, signed: true) }
      return .float64
    case (.int(let bits, _), .float(let f)), (.float(let f), .int(let bits, _)):
      // float32 holds int8/int16 exactly; wider ints promote to float64.
      return f == 32 && bits <= 16 ? .float32 : (f == 16 ? .float32 : .float64)
    case (.float(let x), .float(let y)): return .float(bits: max(x, y))
    case (.complex(let c), .int(let bits, _)), (.int(let bits, _), .complex(let c)):
      return c == 64 && bits <= 16 ? .complex(bits: 64) : .complex128
    case (.complex(let c), .float(let f)), (.float(let f), .complex(let c)):
      return .complex(bits: max(c, f * 2))
    case (.complex(let x), .complex(let y)): return .complex(bits: max(x, y))
    default: return a
    }
  }

  /// Joins two types a variable holds at different points; nil when they cannot share one C variable.
  public static func join(_ a: ValueType, _ b: ValueType) -> ValueType? {
    if a == b { return a }
    if a.isScalar && b.isScalar { return promote(a, b) }
    if case .tuple(let xs) = a, case .tuple(let ys) = b, xs.count == ys.count {
      var out: [ValueType] = []
      for (x, y) in zip(xs, ys) {
        guard let j = join(x, y) else { return nil }
        out.append(j)
      }
      return .tuple(out)
    }
    return nil
  }
}
