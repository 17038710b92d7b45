/// What a C scalar type is at the machine level on one target.
public struct ScalarABI: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable { case signedInteger, unsignedInteger, floating, void }
  public var kind: Kind
  /// Size in bytes (0 for void).
  public var size: Int

  public init(_ kind: Kind, _ size: Int) {
    self.kind = kind
    self.size = size
  }

  public var description: String {
    switch kind {
    case .signedInteger: return "\(size * 8)-bit signed integer"
    case .unsignedInteger: return "\(size * 8)-bit unsigned integer"
    case .floating: return "\(size * 8)-bit float"
    case .void: return "void"
    }
  }
}

/// The C data model of a target: the sizes of the standard integer types.
public struct Target: Hashable, Sendable, CustomStringConvertible {
  public var triple: String
  public var longSize: Int
  public var pointerSize: Int

  public init(triple: String, longSize: Int, pointerSize: Int) {
    self.triple = triple
    self.longSize = longSize
    self.pointerSize = pointerSize
  }

  public var description: String { triple }

  /// Linux and macOS on 64-bit machines: `long` and pointers are 64-bit.
  public static let linux64 = Target(triple: "x86_64-unknown-linux-gnu", longSize: 8, pointerSize: 8)
  /// Windows x64: `long` stays 32-bit, pointers are 64-bit.
  public static let windows64 = Target(triple: "x86_64-pc-windows-msvc", longSize: 4, pointerSize: 8)
  /// 32-bit Linux: `int`, `long` and pointers are 32-bit.
  public static let linux32 = Target(triple: "i686-unknown-linux-gnu", longSize: 4, pointerSize: 4)

  public static let known: [Target] = [.linux64, .windows64, .linux32]

  /// The target named by a triple, matched on the architecture and OS words; nil when unknown.
  public static func named(_ triple: String) -> Target? {
    let t = triple.lowercased()
    if t.contains("windows") || t.contains("win32") || t.contains("mingw") || t.contains("msvc") {
      return t.hasPrefix("i") && t.dropFirst().hasPrefix("686") ? linux32.renamed(triple) : windows64.renamed(triple)
    }
    if t.hasPrefix("x86_64") || t.hasPrefix("aarch64") || t.hasPrefix("arm64") || t.hasPrefix("ppc64")
      || t.hasPrefix("s390x") || t.hasPrefix("riscv64")
    {
      return linux64.renamed(triple)
    }
    if t.hasPrefix("i386") || t.hasPrefix("i686") || t.hasPrefix("arm") || t.hasPrefix("x86-") {
      return linux32.renamed(triple)
    }
    return nil
  }

  func renamed(_ triple: String) -> Target {
    var copy = self
    copy.triple = triple
    return copy
  }

  /// The machine meaning of a base type name, or nil for a name this model does not know.
  public func scalar(_ base: String) -> ScalarABI? {
    switch base {
    case "void": return ScalarABI(.void, 0)
    case "char", "signed char", "int8_t", "npy_int8", "npy_byte": return ScalarABI(.signedInteger, 1)
    case "unsigned char", "uint8_t", "npy_uint8", "npy_ubyte", "_Bool", "bool", "npy_bool":
      return ScalarABI(.unsignedInteger, 1)
    case "short", "short int", "signed short", "int16_t", "npy_int16", "npy_short": return ScalarABI(.signedInteger, 2)
    case "unsigned short", "uint16_t", "npy_uint16", "npy_ushort": return ScalarABI(.unsignedInteger, 2)
    case "int", "signed", "signed int", "int32_t", "npy_int32", "npy_int": return ScalarABI(.signedInteger, 4)
    case "unsigned", "unsigned int", "uint32_t", "npy_uint32", "npy_uint": return ScalarABI(.unsignedInteger, 4)
    case "long", "long int", "signed long", "npy_long": return ScalarABI(.signedInteger, longSize)
    case "unsigned long", "npy_ulong": return ScalarABI(.unsignedInteger, longSize)
    case "long long", "signed long long", "int64_t", "npy_int64", "npy_longlong": return ScalarABI(.signedInteger, 8)
    case "unsigned long long", "uint64_t", "npy_uint64", "npy_ulonglong": return ScalarABI(.unsignedInteger, 8)
    case "intptr_t", "ssize_t", "Py_ssize_t", "npy_intp", "ptrdiff_t": return ScalarABI(.signedInteger, pointerSize)
    case "uintptr_t", "size_t", "npy_uintp": return ScalarABI(.unsignedInteger, pointerSize)
    case "float", "npy_float", "npy_float32": return ScalarABI(.floating, 4)
    case "double", "npy_double", "npy_float64": return ScalarABI(.floating, 8)
    default: return nil
    }
  }
}

/// A C type reduced to what the machine sees: pointer depth over a scalar.
public struct TypeABI: Hashable, Sendable, CustomStringConvertible {
  public var scalar: ScalarABI
  public var pointerDepth: Int

  public var description: String {
    pointerDepth == 0
      ? scalar.description : "pointer to " + TypeABI(scalar: scalar, pointerDepth: pointerDepth - 1).description
  }
}

/// Answers ABI questions about C types for one target.
public struct ABIModel: Sendable {
  public var target: Target
  /// What libclang reported for this target, when it was asked; the built-in data model otherwise.
  public var facts: ClangABI.Facts?

  public init(target: Target = .linux64, facts: ClangABI.Facts? = nil) {
    self.target = target
    self.facts = facts
  }

  public func abi(of type: CType) -> TypeABI? {
    guard let scalar = facts?.scalar(type.base) ?? target.scalar(type.base) else { return nil }
    return TypeABI(scalar: scalar, pointerDepth: type.pointerDepth)
  }

  /// True when a value of `actual` may be passed where `expected` is declared: the same machine type, or
  /// any data pointer where `void *` is expected.
  public func isCompatible(_ actual: CType, with expected: CType) -> Bool {
    if expected.isVoidPointer && actual.isPointer { return true }
    guard let a = abi(of: actual), let e = abi(of: expected) else { return false }
    return a == e
  }

  /// Indices where `params` differs in machine type from `entry` (a data pointer may stand for `void *`). With
  /// `ignoringUnknown`, types the model does not know (`const int`, a typedef, a ctypes alias) are not counted:
  /// for a signature string written by hand, another rule speaks for them.
  public func mismatches(_ params: [CType], _ entry: CSignature, ignoringUnknown: Bool = false) -> [Int] {
    zip(params, entry.parameters).enumerated().compactMap { i, pair in
      if ignoringUnknown, abi(of: pair.0) == nil || (abi(of: pair.1) == nil && !pair.1.isVoidPointer) { return nil }
      return isCompatible(pair.0, with: pair.1) ? nil : i
    }
  }

  /// The entry of the same arity with the fewest `mismatches` (the first of equals).
  public func nearest(_ params: [CType], in entries: [CSignature], ignoringUnknown: Bool = false) -> CSignature? {
    entries.filter { $0.parameters.count == params.count }.min { a, b in
      mismatches(params, a, ignoringUnknown: ignoringUnknown).count
        < mismatches(params, b, ignoringUnknown: ignoringUnknown).count
    }
  }

  /// True when a function of type `actual` may be called through a pointer of type `expected`.
  public func isCompatible(_ actual: CSignature, with expected: CSignature) -> Bool {
    guard actual.parameters.count == expected.parameters.count else { return false }
    guard isCompatible(actual.result, with: expected.result) else { return false }
    return zip(actual.parameters, expected.parameters).allSatisfy { isCompatible($0, with: $1) }
  }
}
