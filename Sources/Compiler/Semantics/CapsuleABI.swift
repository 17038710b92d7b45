import SciPySigs

/// How an export's types look as C types, and which SciPy signature a capsule is named with.
public enum CapsuleABI {
  /// The C spelling of an export scalar type (design.md: int32→int, int64/int→long, float→double...).
  public static func cType(_ scalar: ScalarType) -> String? {
    switch scalar {
    case .bool: return "_Bool"
    case .int8, .byte: return "signed char"
    case .uint8: return "unsigned char"
    case .int16: return "short"
    case .uint16: return "unsigned short"
    case .int32, .intc: return "int"
    case .uint32, .uintc: return "unsigned int"
    case .int, .int64: return "long"
    case .uint64: return "unsigned long"
    case .intp: return "npy_intp"
    case .uintp: return "npy_uintp"
    case .float32: return "float"
    case .float, .float64: return "double"
    case .complex64: return "float _Complex"
    case .complex, .complex128: return "double _Complex"
    case .float128, .complex256, .str, .none, .slice: return nil
    }
  }

  /// The C type of a capsule parameter, or nil when it has no C meaning (arrays, lists, str...).
  public static func cType(_ spec: SpecType) -> CType? {
    switch spec.kind {
    case .scalar(let s): return cType(s).map { CType($0) }
    case .pointer(let inner):
      guard let t = cType(inner) else { return nil }
      return CType(t.base, pointerDepth: t.pointerDepth + 1)
    default: return nil
    }
  }

  /// The C type of an inferred value (for return types).
  public static func cType(_ t: ValueType) -> CType? {
    switch t {
    case .bool: return CType("_Bool")
    case .int(let bits, let signed):
      let base = ["8": "char", "16": "short", "32": "int", "64": "long"]["\(bits)"] ?? "long"
      if bits == 8 { return CType(signed ? "signed char" : "unsigned char") }
      return CType(signed ? base : "unsigned " + base)
    case .float(let bits): return CType(bits == 32 ? "float" : "double")
    case .complex(let bits): return CType(bits == 64 ? "float _Complex" : "double _Complex")
    case .pointer(let e):
      guard let inner = cType(e) else { return nil }
      return CType(inner.base, pointerDepth: inner.pointerDepth + 1)
    case .none: return .void
    default: return nil
    }
  }

  /// The capsule's own parameter types; nil when one has no C meaning.
  public static func parameterTypes(_ types: [SpecType]) -> [CType]? {
    var result: [CType] = []
    for t in types {
      guard let c = cType(t) else { return nil }
      result.append(c)
    }
    return result
  }

  /// The name thranc gives a capsule: the first ABI-compatible SciPy entry, else the export's own C signature.
  public static func capsuleName(parameters: [CType], returnType: ValueType?, model: ABIModel = ABIModel())
    -> (signature: CSignature, entry: Bool)
  {
    let own = CSignature(result: returnType.flatMap { cType($0) } ?? CType("double"), parameters: parameters)
    if let entry = SciPyTable.firstCompatible(with: own, model: model) { return (entry, true) }
    return (own, false)
  }
}

extension CapsuleABI {
  /// The export-line spelling of a C type (`double *` → `float64*`), for hints.
  public static func specSpelling(_ t: CType) -> String? {
    let names: [String: String] = [
      "double": "float64", "float": "float32", "int": "int32", "long": "int64", "long long": "int64",
      "intptr_t": "intp", "npy_intp": "intp", "int64_t": "int64", "short": "int16", "signed char": "int8",
      "unsigned char": "uint8", "unsigned int": "uint32", "unsigned long": "uint64", "_Bool": "bool",
    ]
    if t.isVoidPointer { return "float64* (or any data pointer)" }
    guard let base = names[t.base] else { return nil }
    return base + String(repeating: "*", count: t.pointerDepth)
  }
}
