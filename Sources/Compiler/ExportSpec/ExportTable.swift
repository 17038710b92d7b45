/// The exports of one file grouped by name as Pythran groups them, with Pythran's checks across exports
/// (duplicates, ambiguous overloads, capsule overloads, `pkg` arguments, the overload limit).
public struct ExportTable: Sendable {
  public enum Kind: String, Sendable { case export, capsule, ufunc }

  public struct Entry: Sendable {
    public var kind: Kind
    public var name: String
    /// Every flat signature, in Pythran's order; empty for a global export.
    public var signatures: [[SpecType]] = []
    /// The exports that contributed, in source order.
    public var specs: [ExportSpec] = []
  }

  public private(set) var entries: [Entry] = []

  /// Pythran's limit on the overloads of one function (`max_export_overloads` in pythran.cfg).
  public static let maxOverloads = 128

  /// Pythran collects export lines from the last to the first (its grammar is right-recursive), and the
  /// exports of one line in order; a name's signatures are concatenated in that order.
  public init(_ specs: [ExportSpec]) {
    var byDirective: [Int: [ExportSpec]] = [:]
    for spec in specs { byDirective[spec.directive, default: []].append(spec) }
    var index: [String: Int] = [:]
    for directive in byDirective.keys.sorted(by: >) {
      for spec in byDirective[directive] ?? [] {
        let kind: Kind = spec.isCapsule ? .capsule : spec.isUfunc ? .ufunc : .export
        let key = kind.rawValue + " " + spec.name
        let position = index[key] ?? entries.count
        if position == entries.count {
          index[key] = position
          entries.append(Entry(kind: kind, name: spec.name))
        }
        if spec.arguments != nil { entries[position].signatures += spec.flattened().compactMap(\.types) }
        entries[position].specs.insert(spec, at: 0)
      }
    }
    entries.sort { ExportTable.order($0.kind) < ExportTable.order($1.kind) }
  }

  private static func order(_ kind: Kind) -> Int {
    switch kind {
    case .export: return 0
    case .capsule: return 1
    case .ufunc: return 2
    }
  }

  /// One line per signature: `export f(int, list[float])`, `capsule g(ptr[float64])`, `export CONSTANT`.
  public var canonicalLines: [String] {
    entries.flatMap { entry -> [String] in
      if entry.signatures.isEmpty { return ["\(entry.kind.rawValue) \(entry.name)"] }
      return entry.signatures.map {
        "\(entry.kind.rawValue) \(entry.name)(\($0.map(\.canonical).joined(separator: ", ")))"
      }
    }
  }

  /// What Pythran refuses across the exports of a file. `includeCapsuleOverloads: false` leaves capsule
  /// overloads to TL101.
  public func problems(includeCapsuleOverloads: Bool = true) -> [Diagnostic] {
    entries.compactMap { entry in
      switch entry.kind {
      case .export: return functionProblem(entry)
      case .capsule: return capsuleProblem(entry, overloads: includeCapsuleOverloads)
      case .ufunc: return nil
      }
    }
  }

  private func diagnostic(_ message: String, _ entry: Entry, hint: String? = nil) -> Diagnostic {
    let spec = entry.specs.last
    return Diagnostic(
      message: message,
      range: spec?.range ?? SourceRange(start: .init(line: 1, column: 0), end: .init(line: 1, column: 0)),
      path: spec?.path ?? "", hint: hint, code: ExportSpecParser.syntaxErrorCode)
  }

  private func capsuleProblem(_ entry: Entry, overloads: Bool) -> Diagnostic? {
    if entry.signatures.isEmpty {
      return diagnostic(ExportMessages.capsuleWithoutSignature(entry.name), entry)
    }
    guard overloads, entry.signatures.count > 1 else { return nil }
    return diagnostic(
      ExportMessages.capsuleOverloads(entry.name, entry.signatures.count), entry,
      hint: ExportMessages.capsuleOverloadsHint)
  }

  private func functionProblem(_ entry: Entry) -> Diagnostic? {
    let sigs = entry.signatures
    if sigs.count > ExportTable.maxOverloads {
      return diagnostic(ExportMessages.tooManyOverloads(entry.name, sigs.count), entry, hint: ExportMessages.orderHint)
    }
    let pretty = sigs.map { "\(entry.name)(\($0.map(\.pythranPretty).joined(separator: ", ")))" }
    let written = sigs.map { "\(entry.name)(\($0.map(\.description).joined(separator: ", ")))" }
    for i in sigs.indices {
      for j in sigs.indices where j > i {
        if pretty[i] == pretty[j] { return diagnostic(ExportMessages.duplicate(written[i], written[j]), entry) }
        if SpecType.ambiguous(sigs[i], sigs[j]) {
          return diagnostic(
            ExportMessages.ambiguous(written[i], written[j]), entry, hint: ExportMessages.ambiguousHint)
        }
      }
    }
    let packages = Set(sigs.map { sig in sig.enumerated().compactMap { i, t in t.packageName.map { "\(i):\($0)" } } })
    if sigs.contains(where: { $0.contains { $0.packageName != nil } }), packages.count != 1 {
      return diagnostic(ExportMessages.incompatiblePackages(entry.name), entry)
    }
    return nil
  }
}

extension SpecType {
  var packageName: String? {
    if case .package(let name) = kind { return name }
    return nil
  }

  /// A lossless, unambiguous spelling of a union-free type, for comparing with Pythran's parse.
  public var canonical: String {
    switch kind {
    case .scalar(let s): return s.canonical
    case .array(let s, let dims, let order):
      if order == .f { return "ndarray[\(s.canonical);F]" }
      if dims.isEmpty { return s.canonical }
      return "ndarray[\(s.canonical);" + dims.map(\.canonical).joined(separator: ",") + "]"
    case .pointer(let t): return "ptr[\(t.canonical)]"
    case .list(let t): return "list[\(t.canonical)]"
    case .set(let t): return "set[\(t.canonical)]"
    case .dict(let k, let v): return "dict[\(k.canonical),\(v.canonical)]"
    case .tuple(let ts): return "tuple[" + ts.map(\.canonical).joined(separator: ",") + "]"
    case .union(let ts): return "union[" + ts.map(\.canonical).joined(separator: ",") + "]"
    case .function(let r, let ps): return "fun[\(r.canonical);" + ps.map(\.canonical).joined(separator: ",") + "]"
    case .typeObject(let t): return "type[\(t.canonical)]"
    case .container(let c): return "class[\(c.rawValue)]"
    case .package(let name): return "pkg[\(name)]"
    }
  }

  /// The text Pythran prints for a type; Pythran calls two signatures duplicates when these texts are equal,
  /// and the text forgets some details (a fixed extent beside a strided one, the extents of an F-order array).
  var pythranPretty: String {
    switch kind {
    case .scalar(let s): return s.pythranPretty
    case .array(let s, let dims, let order):
      if order == .f { return "\(s.pythranPretty)[:,:] order(F)" }
      if dims.isEmpty { return s.pythranPretty }
      if dims.contains(.strided) {
        return "\(s.pythranPretty)[" + Array(repeating: "::", count: dims.count).joined(separator: ",") + "]"
      }
      return "\(s.pythranPretty)["
        + dims.map { if case .fixed(let n) = $0 { "\(n)" } else { ":" } }.joined(separator: ",") + "]"
    case .pointer(let t): return "\(t.pythranPretty)*"
    case .list(let t): return "\(t.pythranPretty) list"
    case .set(let t): return "\(t.pythranPretty) set"
    case .typeObject(let t): return "\(t.pythranPretty) type"
    case .dict(let k, let v): return "\(k.pythranPretty):\(v.pythranPretty) dict"
    case .tuple(let ts): return "(" + ts.map(\.pythranPretty).joined(separator: ", ") + ")"
    case .union(let ts): return ts.map(\.pythranPretty).joined(separator: " or ")
    case .function(let r, let ps): return "\(r.pythranPretty)(" + ps.map(\.pythranPretty).joined(separator: ", ") + ")"
    case .container(let c): return c.rawValue
    case .package(let name): return "\(name) pkg"
    }
  }

  /// Pythran's ambiguity test between two signatures: same length, and at every position `float`/`float64`,
  /// `complex`/`complex128` or `int`/`int64`, also inside containers of the same kind (never arrays).
  static func ambiguous(_ a: [SpecType], _ b: [SpecType]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { ambiguous($0, $1) }
  }

  static func ambiguous(_ a: SpecType, _ b: SpecType) -> Bool {
    switch (a.kind, b.kind) {
    case (.scalar(let x), .scalar(let y)):
      let pairs: [Set<String>] = [["float", "float64"], ["complex", "complex128"], ["int", "int64"]]
      return pairs.contains { $0.contains(x.canonical) && $0.contains(y.canonical) }
    case (.pointer(let x), .pointer(let y)), (.list(let x), .list(let y)), (.set(let x), .set(let y)),
      (.typeObject(let x), .typeObject(let y)):
      return ambiguous(x, y)
    case (.dict(let k1, let v1), .dict(let k2, let v2)): return ambiguous([k1, v1], [k2, v2])
    case (.tuple(let x), .tuple(let y)): return ambiguous(x, y)
    case (.function(let r1, let p1), .function(let r2, let p2)): return ambiguous(p1 + [r1], p2 + [r2])
    default: return false
    }
  }
}

extension ArrayDimension {
  var canonical: String {
    switch self {
    case .any: return ":"
    case .strided: return "::"
    case .fixed(let n): return String(n)
    }
  }
}

extension SpecType {
  /// How many union-free types this type stands for, or nil when it or any part of it stands for more than
  /// `limit` (Pythran computes them all, which takes minutes and gigabytes; thranc refuses first).
  public func alternativeCount(limit: Int) -> Int? {
    let cap = limit + 1
    func mul(_ a: Int, _ b: Int) -> Int { a == 0 || b == 0 ? 0 : a > cap / b ? cap : min(a * b, cap) }
    func product(_ ts: [SpecType]) -> Int? {
      var n = 1
      for t in ts {
        guard let c = t.alternativeCount(limit: limit) else { return nil }
        n = mul(n, c)
      }
      return n
    }
    let count: Int?
    switch kind {
    case .scalar, .container, .package: count = 1
    case .array(_, let dims, let order): count = order == nil && SpecType.isTransposable(dims) ? 2 : 1
    case .union(let ts):
      var n = 0
      for t in ts {
        guard let c = t.alternativeCount(limit: limit) else { return nil }
        n = min(n + c, cap)
      }
      count = n
    case .pointer(let t), .list(let t), .set(let t), .typeObject(let t): count = t.alternativeCount(limit: limit)
    case .dict(let k, let v): count = product([k, v])
    case .tuple(let ts): count = product(ts)
    case .function(let r, let ps):
      guard let flat = ps.isEmpty ? 0 : product(ps), let returns = r.alternativeCount(limit: limit) else { return nil }
      guard flat <= limit else { return nil }
      // More than one parameter list: Pythran takes one type from each of them (ps.count ** flat lists).
      var lists = flat
      if flat > 1 {
        lists = 1
        for _ in 0..<flat { lists = mul(lists, ps.count) }
      }
      count = mul(returns, lists)
    }
    guard let count, count <= limit else { return nil }
    return count
  }
}

extension ExportSpec {
  /// The number of flat signatures, or nil when it or any argument type stands for more than `limit`.
  public func signatureCount(limit: Int) -> Int? {
    guard let arguments else { return 1 }
    var tails = 1
    for argument in arguments.reversed() {
      guard let c = argument.type.alternativeCount(limit: limit) else { return nil }
      tails = c == 0 || tails == 0 ? 0 : c > (limit + 1) / max(tails, 1) ? limit + 1 : c * tails
      if argument.isOptional { tails += 1 }
      if tails > limit { return nil }
    }
    return tails
  }
}
