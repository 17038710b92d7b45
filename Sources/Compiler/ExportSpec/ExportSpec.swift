/// Scalar types an export line may name (Pythran's spelling).
public enum ScalarType: String, CaseIterable, Sendable {
  case bool, byte, int, float, complex, str
  case none = "None"
  case slice
  case int8, int16, int32, int64, uint8, uint16, uint32, uint64, intc, uintc, intp, uintp
  case float32, float64, float128, complex64, complex128, complex256

  /// True for the types a NumPy array can hold.
  public var isNumeric: Bool {
    switch self {
    case .str, .none, .slice: return false
    default: return true
    }
  }
}

public enum ArrayDimension: Equatable, Sendable {
  /// `:` — any extent, contiguous.
  case any
  /// `::` — any extent, strided.
  case strided
  /// A fixed extent such as `3`.
  case fixed(Int)
}

public enum ArrayOrder: String, Equatable, Sendable {
  case c = "C"
  case f = "F"
}

/// A type written in an export line, with where it was written.
public struct SpecType: Equatable, Sendable, CustomStringConvertible {
  public indirect enum Kind: Equatable, Sendable {
    case scalar(ScalarType)
    case array(ScalarType, dims: [ArrayDimension], order: ArrayOrder?)
    case pointer(SpecType)
    case list(SpecType)
    case set(SpecType)
    case dict(SpecType, SpecType)
    case tuple([SpecType])
    case union([SpecType])
  }

  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  public var description: String {
    switch kind {
    case .scalar(let s): return s.rawValue
    case .array(let s, let dims, let order):
      let d = dims.map { dim -> String in
        switch dim {
        case .any: return ":"
        case .strided: return "::"
        case .fixed(let n): return String(n)
        }
      }
      return "\(s.rawValue)[\(d.joined(separator: ","))]" + (order.map { " order(\($0.rawValue))" } ?? "")
    case .pointer(let t): return "\(t)*"
    case .list(let t): return "\(t.parenthesizedIfUnion) list"
    case .set(let t): return "\(t.parenthesizedIfUnion) set"
    case .dict(let k, let v): return "\(k.parenthesizedIfUnion):\(v.parenthesizedIfUnion) dict"
    case .tuple(let ts): return "(" + ts.map(\.description).joined(separator: ", ") + (ts.count == 1 ? ",)" : ")")
    case .union(let ts): return ts.map(\.description).joined(separator: " or ")
    }
  }

  var parenthesizedIfUnion: String {
    if case .union = kind { return "(\(description))" }
    return description
  }

  /// Every union-free type this type stands for, in order.
  public func alternatives() -> [SpecType] {
    let product = SpecType.alternativeTuples
    switch kind {
    case .scalar, .array: return [self]
    case .union(let ts): return ts.flatMap { $0.alternatives() }
    case .pointer(let t): return t.alternatives().map { SpecType(.pointer($0), range: range) }
    case .list(let t): return t.alternatives().map { SpecType(.list($0), range: range) }
    case .set(let t): return t.alternatives().map { SpecType(.set($0), range: range) }
    case .dict(let k, let v):
      return product([k, v]).map { SpecType(.dict($0[0], $0[1]), range: range) }
    case .tuple(let ts): return product(ts).map { SpecType(.tuple($0), range: range) }
    }
  }

  /// Every union-free choice for a sequence of types, first type varying slowest (`[]` for no types).
  static func alternativeTuples(_ parts: [SpecType]) -> [[SpecType]] {
    parts.reduce([[]]) { acc, part in acc.flatMap { prefix in part.alternatives().map { prefix + [$0] } } }
  }

  public var isPointer: Bool {
    if case .pointer = kind { return true }
    return false
  }

  /// True when a pointer appears anywhere inside this type.
  public var containsPointer: Bool {
    switch kind {
    case .pointer: return true
    case .scalar, .array: return false
    case .list(let t), .set(let t): return t.containsPointer
    case .dict(let k, let v): return k.containsPointer || v.containsPointer
    case .tuple(let ts), .union(let ts): return ts.contains { $0.containsPointer }
    }
  }
}

public struct ExportArgument: Equatable, Sendable {
  public var type: SpecType
  /// Written with a trailing `?`: callers may omit it.
  public var isOptional: Bool
  public var range: SourceRange
}

/// One exported name from a `#pythran export` line or a `.pythran` sidecar.
public struct ExportSpec: Equatable, Sendable, CustomStringConvertible {
  public var name: String
  public var nameRange: SourceRange
  public var isCapsule: Bool
  /// nil for a global variable export (`#pythran export NAME`).
  public var arguments: [ExportArgument]?
  /// The whole export, from its name to its closing parenthesis.
  public var range: SourceRange
  /// The file the export was written in (the module or its sidecar).
  public var path: String

  public var description: String {
    let prefix = isCapsule ? "capsule " : ""
    guard let arguments else { return prefix + name }
    let args = arguments.map { $0.type.description + ($0.isOptional ? "?" : "") }
    return "\(prefix)\(name)(\(args.joined(separator: ", ")))"
  }

  /// The flat signatures this export stands for: `or` and `?` expanded, in Pythran's order.
  public func flattened() -> [FlatSignature] {
    guard let arguments else { return [FlatSignature(name: name, isCapsule: isCapsule, types: nil, spec: self)] }
    // `?` arguments may be dropped from the end, one by one.
    var counts: [Int] = [arguments.count]
    var k = arguments.count
    while k > 0, arguments[k - 1].isOptional {
      k -= 1
      counts.append(k)
    }
    var result: [FlatSignature] = []
    for count in counts.reversed() {
      let combos = SpecType.alternativeTuples(arguments.prefix(count).map(\.type))
      result += combos.map { FlatSignature(name: name, isCapsule: isCapsule, types: $0, spec: self) }
    }
    return result
  }

  /// True when the export stands for more than one signature (`or` or `?`).
  public var isOverloaded: Bool { flattened().count > 1 }
}

/// One concrete signature: no unions, no optional arguments.
public struct FlatSignature: Equatable, Sendable, CustomStringConvertible {
  public var name: String
  public var isCapsule: Bool
  /// nil for a global variable export.
  public var types: [SpecType]?
  public var spec: ExportSpec

  public var description: String {
    let prefix = isCapsule ? "capsule " : ""
    guard let types else { return prefix + name }
    return "\(prefix)\(name)(\(types.map(\.description).joined(separator: ", ")))"
  }
}
