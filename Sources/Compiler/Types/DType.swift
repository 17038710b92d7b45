/// NumPy's element types, and every way a tool spells one: export lines, generated C, capsule signatures,
/// ctypes, NumPy names, buffer formats and type numbers. This is the one table: other code asks it and never
/// spells a dtype itself.
///
/// Spellings that depend on the C data model (`long`, `intp`, `l` in a buffer format) are given for 64-bit
/// Linux and macOS (LP64), the targets thranc builds for.
public enum DType: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  case bool
  case int8, int16, int32, int64
  case uint8, uint16, uint32, uint64
  case float32, float64
  case complex64, complex128

  /// How the machine sees an element.
  public enum Kind: String, Hashable, Sendable, Comparable {
    case bool, signedInteger, unsignedInteger, floating, complex

    /// NumPy's order of kinds for promotion: bool < integers < floating < complex.
    var rank: Int {
      switch self {
      case .bool: return 0
      case .unsignedInteger, .signedInteger: return 1
      case .floating: return 2
      case .complex: return 3
      }
    }

    public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
  }

  public var description: String { rawValue }

  /// NumPy's canonical name (`float64`).
  public var numpyName: String { rawValue }

  public var kind: Kind { row.kind }

  /// Bytes per element.
  public var itemSize: Int { row.size }

  public var bits: Int { itemSize * 8 }

  public var isInteger: Bool { kind == .signedInteger || kind == .unsignedInteger }
  public var isFloating: Bool { kind == .floating }
  public var isComplex: Bool { kind == .complex }
  public var isSigned: Bool { kind == .signedInteger }

  /// The C99 type generated code declares elements with (`double`, `int64_t`, `double _Complex`).
  public var cType: String { row.c99 }

  /// The C spelling SciPy's signature strings use (`double`, `long`, `int`), as a capsule is named.
  public var signatureCType: String { row.signature }

  /// NumPy's C type number macro (`NPY_FLOAT64`).
  public var typeNumber: String { "NPY_" + rawValue.uppercased() }

  /// The `ctypes` class of an element, where ctypes has one (it has none for complex).
  public var ctypesName: String? { row.ctypes }

  /// The buffer-protocol (`struct` module) format character in native order (`d`, `l`, `Zd`).
  public var bufferFormat: String { row.format }

  /// NumPy's one-character type code (`dtype.char`).
  public var typeChar: String { row.char }

  /// For complex types, the type of the real and imaginary parts.
  public var componentType: DType? {
    switch self {
    case .complex64: return .float32
    case .complex128: return .float64
    default: return nil
    }
  }

  /// The complex type whose parts are this floating type.
  public var complexType: DType? {
    switch self {
    case .float32: return .complex64
    case .float64: return .complex128
    default: return nil
    }
  }

  /// The type of `kind` and `size` bytes, if NumPy has one.
  public static func of(kind: Kind, size: Int) -> DType? {
    allCases.first { $0.kind == kind && $0.itemSize == size }
  }

  struct Facts {
    var kind: Kind
    var size: Int
    var c99: String
    var signature: String
    var ctypes: String?
    var format: String
    var char: String
  }

  /// This dtype's row of the table.
  var row: Facts {
    switch self {
    case .bool:
      return Facts(kind: .bool, size: 1, c99: "_Bool", signature: "_Bool", ctypes: "c_bool", format: "?", char: "?")
    case .int8:
      return Facts(
        kind: .signedInteger, size: 1, c99: "int8_t", signature: "signed char", ctypes: "c_int8", format: "b", char: "b"
      )
    case .int16:
      return Facts(
        kind: .signedInteger, size: 2, c99: "int16_t", signature: "short", ctypes: "c_int16", format: "h", char: "h")
    case .int32:
      return Facts(
        kind: .signedInteger, size: 4, c99: "int32_t", signature: "int", ctypes: "c_int32", format: "i", char: "i")
    case .int64:
      return Facts(
        kind: .signedInteger, size: 8, c99: "int64_t", signature: "long", ctypes: "c_int64", format: "l", char: "l")
    case .uint8:
      return Facts(
        kind: .unsignedInteger, size: 1, c99: "uint8_t", signature: "unsigned char", ctypes: "c_uint8", format: "B",
        char: "B")
    case .uint16:
      return Facts(
        kind: .unsignedInteger, size: 2, c99: "uint16_t", signature: "unsigned short", ctypes: "c_uint16", format: "H",
        char: "H")
    case .uint32:
      return Facts(
        kind: .unsignedInteger, size: 4, c99: "uint32_t", signature: "unsigned int", ctypes: "c_uint32", format: "I",
        char: "I")
    case .uint64:
      return Facts(
        kind: .unsignedInteger, size: 8, c99: "uint64_t", signature: "unsigned long", ctypes: "c_uint64", format: "L",
        char: "L")
    case .float32:
      return Facts(
        kind: .floating, size: 4, c99: "float", signature: "float", ctypes: "c_float", format: "f", char: "f")
    case .float64:
      return Facts(
        kind: .floating, size: 8, c99: "double", signature: "double", ctypes: "c_double", format: "d", char: "d")
    case .complex64:
      return Facts(
        kind: .complex, size: 8, c99: "float _Complex", signature: "float _Complex", ctypes: nil, format: "Zf",
        char: "F")
    case .complex128:
      return Facts(
        kind: .complex, size: 16, c99: "double _Complex", signature: "double _Complex", ctypes: nil, format: "Zd",
        char: "D")
    }
  }
}

// MARK: Reading spellings

extension DType {
  /// Export-line names (Pythran's): the canonical names plus the aliases Pythran reads as one of them.
  public static let exportAliases: [String: DType] = [
    "byte": .int8, "int": .int64, "float": .float64, "complex": .complex128, "intc": .int32, "uintc": .uint32,
    "intp": .int64, "uintp": .uint64,
  ]

  /// The dtype an export line's type name stands for (`float` → float64, `intc` → int32).
  public init?(exportName name: String) {
    if let d = DType(rawValue: name) {
      self = d
    } else if let d = DType.exportAliases[name] {
      self = d
    } else {
      return nil
    }
  }

  /// NumPy attribute names beyond the canonical ones (`np.double`, `np.intp`, `np.int_`).
  public static let numpyAliases: [String: DType] = [
    "bool_": .bool, "byte": .int8, "ubyte": .uint8, "short": .int16, "ushort": .uint16, "intc": .int32,
    "uintc": .uint32, "int_": .int64, "intp": .int64, "uint": .uint64, "uintp": .uint64, "long": .int64,
    "ulong": .uint64, "longlong": .int64, "ulonglong": .uint64, "single": .float32,
    "double": .float64, "csingle": .complex64, "cdouble": .complex128,
  ]

  /// The dtype a NumPy attribute (`np.float64`, `np.double`) names.
  public init?(numpyName name: String) {
    if let d = DType(rawValue: name) {
      self = d
    } else if let d = DType.numpyAliases[name] {
      self = d
    } else {
      return nil
    }
  }

  /// ctypes classes that are another name of a sized one on LP64 (`c_double` is float64, `c_long` is int64).
  public static let ctypesAliases: [String: DType] = [
    "c_byte": .int8, "c_ubyte": .uint8, "c_short": .int16, "c_ushort": .uint16, "c_int": .int32, "c_uint": .uint32,
    "c_long": .int64, "c_ulong": .uint64, "c_longlong": .int64, "c_ulonglong": .uint64, "c_ssize_t": .int64,
    "c_size_t": .uint64,
  ]

  /// The dtype of a ctypes scalar class (`c_double`, `c_int32`), if it is a number NumPy also has.
  public init?(ctypesName name: String) {
    if let d = DType.allCases.first(where: { $0.ctypesName == name }) {
      self = d
    } else if let d = DType.ctypesAliases[name] {
      self = d
    } else {
      return nil
    }
  }
}

// MARK: Promotion

extension DType {
  /// NumPy 2's result type of an operation on two arrays (or NumPy scalars) of these dtypes (NEP 50).
  public static func promote(_ a: DType, _ b: DType) -> DType {
    if a == b { return a }
    if a.kind == .bool { return b }
    if b.kind == .bool { return a }
    let (low, high) = a.kind.rank <= b.kind.rank ? (a, b) : (b, a)
    switch (low.kind, high.kind) {
    case (.signedInteger, .signedInteger), (.unsignedInteger, .unsignedInteger):
      return a.itemSize >= b.itemSize ? a : b
    case (.signedInteger, .unsignedInteger), (.unsignedInteger, .signedInteger):
      // The signed type must hold every value of the unsigned one; uint64 with any signed type is float64.
      let (u, s) = a.kind == .unsignedInteger ? (a, b) : (b, a)
      if s.itemSize > u.itemSize { return s }
      return DType.of(kind: .signedInteger, size: u.itemSize * 2) ?? .float64
    case (_, .floating), (_, .complex):
      return high.widened(toHold: low)
    default:
      return high
    }
  }

  /// The smallest type of this kind, at least this wide, that holds every value of `other` (a lower kind, or
  /// the same kind): float32 holds int8/int16 exactly, wider integers need float64.
  func widened(toHold other: DType) -> DType {
    let part = componentType ?? self
    let needed: Int
    switch other.kind {
    case .bool: needed = part.itemSize
    case .signedInteger, .unsignedInteger: needed = other.itemSize <= 2 ? 4 : 8
    case .floating: needed = other.itemSize
    case .complex: needed = other.itemSize / 2
    }
    let size = max(part.itemSize, needed)
    return DType.of(kind: kind, size: kind == .complex ? size * 2 : size) ?? self
  }
}
