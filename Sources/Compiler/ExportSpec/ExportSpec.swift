/// Scalar types an export line may name (Pythran's spelling).
public enum ScalarType: String, CaseIterable, Sendable {
  case bool, byte, int, float, complex, str
  case none = "None"
  case slice
  case int8, int16, int32, int64, uint8, uint16, uint32, uint64, intc, uintc, intp, uintp
  case float32, float64, float128, complex64, complex128, complex256

  /// True for the types a NumPy array can hold (Pythran's dtypes: everything but str, None and slice).
  public var isNumeric: Bool {
    switch self {
    case .str, .none, .slice: return false
    default: return true
    }
  }

  /// The type Pythran ends up with: NumPy names several types twice (`byte` is `int8`, `intp` is `int64` on
  /// 64-bit Linux), so two spellings of one type are the same export.
  public var canonical: String {
    switch self {
    case .byte: return "int8"
    case .intc: return "int32"
    case .intp: return "int64"
    case .uintc: return "uint32"
    case .uintp: return "uint64"
    default: return rawValue
    }
  }

  /// How Pythran prints the type in its own messages (`None` is `NoneType`, `float128` is `longdouble`).
  var pythranPretty: String {
    switch self {
    case .none: return "NoneType"
    case .float128: return "longdouble"
    case .complex256: return "clongdouble"
    default: return canonical
    }
  }
}

public enum ArrayDimension: Equatable, Sendable {
  /// `:` (or an empty index) — any extent, contiguous.
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

/// The bare container names `list`, `set`, `dict` and `tuple`, as the argument of a `T type` export.
public enum ContainerName: String, Sendable, CaseIterable {
  case list, set, dict, tuple
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
    /// `R(A, B)`: a function taking A and B and returning R.
    case function(returns: SpecType, parameters: [SpecType])
    /// `T type`: the type object T itself.
    case typeObject(SpecType)
    /// `list` in `list type`.
    case container(ContainerName)
    /// `NAME pkg`: a Python package passed as an argument.
    case package(String)
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
      let shape = dims.isEmpty ? "" : "[\(d.joined(separator: ","))]"
      return s.rawValue + shape + (order.map { " order(\($0.rawValue))" } ?? "")
    case .pointer(let t): return "\(t)*"
    case .list(let t): return "\(t.bracketedIfUnion) list"
    case .set(let t): return "\(t.bracketedIfUnion) set"
    case .dict(let k, let v): return "\(k.bracketedIfUnion):\(v) dict"
    case .tuple(let ts): return "(" + ts.map(\.description).joined(separator: ", ") + ")"
    case .union(let ts): return ts.map(\.description).joined(separator: " or ")
    case .function(let r, let ps): return "\(r.bracketedIfUnion)(" + ps.map(\.description).joined(separator: ", ") + ")"
    case .typeObject(let t): return "\(t.bracketedIfUnion) type"
    case .container(let c): return c.rawValue
    case .package(let name): return "\(name) pkg"
    }
  }

  /// The nesting depth (a scalar is 1), counted no further than `limit + 1`: the walk stops there, so it never
  /// recurses deeper than `limit` whatever the type.
  public func height(limit: Int) -> Int {
    guard limit > 0 else { return 1 }
    let children: [SpecType]
    switch kind {
    case .scalar, .array, .container, .package: return 1
    case .pointer(let t), .list(let t), .set(let t), .typeObject(let t): children = [t]
    case .dict(let k, let v): children = [k, v]
    case .tuple(let ts), .union(let ts): children = ts
    case .function(let r, let ps): children = [r] + ps
    }
    return 1 + children.reduce(0) { max($0, $1.height(limit: limit - 1)) }
  }

  /// `[A or B]` is Pythran's grouping; `(A or B)` would be two 1-tuples.
  var bracketedIfUnion: String {
    if case .union = kind { return "[\(description)]" }
    return description
  }

  /// Every union-free type this type stands for, in Pythran's order. Pythran also reads a plain 2-D array as
  /// two types (C and Fortran order), and the parameters of a function type as the product of their
  /// flattened alternatives (so `R(A or B)` is `R(A, B)`, and `R()` stands for no type at all).
  public func alternatives() -> [SpecType] {
    let product = SpecType.alternativeTuples
    switch kind {
    case .scalar, .container, .package: return [self]
    case .array(let s, let dims, let order):
      guard order == nil, SpecType.isTransposable(dims) else { return [self] }
      return [self, SpecType(.array(s, dims: dims, order: .f), range: range)]
    case .union(let ts): return ts.flatMap { $0.alternatives() }
    case .pointer(let t): return t.alternatives().map { SpecType(.pointer($0), range: range) }
    case .list(let t): return t.alternatives().map { SpecType(.list($0), range: range) }
    case .set(let t): return t.alternatives().map { SpecType(.set($0), range: range) }
    case .typeObject(let t): return t.alternatives().map { SpecType(.typeObject($0), range: range) }
    case .dict(let k, let v):
      return product([k, v]).map { SpecType(.dict($0[0], $0[1]), range: range) }
    case .tuple(let ts): return product(ts).map { SpecType(.tuple($0), range: range) }
    case .function(let r, let ps):
      let flat = ps.isEmpty ? [] : product(ps)
      let parameterLists = flat.count > 1 ? SpecType.cartesian(flat) : flat
      return r.alternatives().flatMap { ret in
        parameterLists.map { SpecType(.function(returns: ret, parameters: $0), range: range) }
      }
    }
  }

  /// Two dimensions, both contiguous (`:` or a fixed extent): the arrays Pythran also accepts transposed.
  static func isTransposable(_ dims: [ArrayDimension]) -> Bool {
    dims.count == 2 && !dims.contains(.strided)
  }

  /// Every union-free choice for a sequence of types, first type varying slowest (`[[]]` for no types).
  static func alternativeTuples(_ parts: [SpecType]) -> [[SpecType]] {
    parts.reduce([[]]) { acc, part in acc.flatMap { prefix in part.alternatives().map { prefix + [$0] } } }
  }

  /// One element from each list, first list varying slowest.
  static func cartesian(_ lists: [[SpecType]]) -> [[SpecType]] {
    lists.reduce([[]]) { acc, list in acc.flatMap { prefix in list.map { prefix + [$0] } } }
  }

  public var isPointer: Bool {
    if case .pointer = kind { return true }
    return false
  }

  /// True when a pointer appears anywhere inside this type.
  public var containsPointer: Bool {
    switch kind {
    case .pointer: return true
    case .scalar, .array, .container, .package: return false
    case .list(let t), .set(let t), .typeObject(let t): return t.containsPointer
    case .dict(let k, let v): return k.containsPointer || v.containsPointer
    case .tuple(let ts), .union(let ts): return ts.contains { $0.containsPointer }
    case .function(let r, let ps): return r.containsPointer || ps.contains { $0.containsPointer }
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
  /// `#pythran export ufunc f(...)`: a NumPy universal function.
  public var isUfunc: Bool = false
  /// nil for a global variable export (`#pythran export NAME`).
  public var arguments: [ExportArgument]?
  /// The whole export, from its name to its closing parenthesis.
  public var range: SourceRange
  /// The file the export was written in (the module or its sidecar).
  public var path: String
  /// Which `pythran` directive of the file holds the export (0, 1, ... in source order).
  public var directive: Int = 0

  public var description: String {
    let prefix = isCapsule ? "capsule " : isUfunc ? "ufunc " : ""
    guard let arguments else { return prefix + name }
    let args = arguments.map { $0.type.description + ($0.isOptional ? "?" : "") }
    return "\(prefix)\(name)(\(args.joined(separator: ", ")))"
  }

  /// The flat signatures this export stands for, as Pythran reads it: `or` expanded (first argument varying
  /// slowest), trailing `?` arguments dropped one by one (longest signature first), and at least one
  /// signature (an export whose types stand for nothing reads as `f()`).
  public func flattened() -> [FlatSignature] {
    guard let arguments else { return [FlatSignature(name: name, isCapsule: isCapsule, types: nil, spec: self)] }
    var tails: [[SpecType]] = [[]]
    for argument in arguments.reversed() {
      var next = argument.type.alternatives().flatMap { t in tails.map { [t] + $0 } }
      if argument.isOptional { next.append([]) }
      tails = next
    }
    if tails.isEmpty { tails = [[]] }
    return tails.map { FlatSignature(name: name, isCapsule: isCapsule, types: $0, spec: self) }
  }

  /// True when the export stands for more than one signature (`or`, `?`, or a 2-D array's two orders).
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
