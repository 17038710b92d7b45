import Compiler
import Foundation
import SciPySigs

/// A rule's identity for `thranlint rules`, selection and the output formats.
public struct RuleInfo: Sendable {
  public var code: String
  public var name: String
  public var summary: String
}

public enum RuleRegistry {
  public static let all: [RuleInfo] = [
    RuleInfo(code: "TL001", name: "export-syntax-error", summary: "an export line does not parse"),
    RuleInfo(
      code: ExportUnknownFunction.code, name: ExportUnknownFunction.name, summary: ExportUnknownFunction.summary),
    RuleInfo(code: ExportArityMismatch.code, name: ExportArityMismatch.name, summary: ExportArityMismatch.summary),
    RuleInfo(code: CapsuleOverload.code, name: CapsuleOverload.name, summary: CapsuleOverload.summary),
    RuleInfo(code: CapsuleNonCType.code, name: CapsuleNonCType.name, summary: CapsuleNonCType.summary),
    RuleInfo(
      code: PointerOutsideCapsule.code, name: PointerOutsideCapsule.name, summary: PointerOutsideCapsule.summary),
    RuleInfo(code: CapsuleRaises.code, name: CapsuleRaises.name, summary: CapsuleRaises.summary),
    RuleInfo(code: SignatureWhitespace.code, name: SignatureWhitespace.name, summary: SignatureWhitespace.summary),
    RuleInfo(code: SignatureUnknown.code, name: SignatureUnknown.name, summary: SignatureUnknown.summary),
    RuleInfo(code: CapsuleTypeAliasing.code, name: CapsuleTypeAliasing.name, summary: CapsuleTypeAliasing.summary),
    RuleInfo(code: CapsuleArityMismatch.code, name: CapsuleArityMismatch.name, summary: CapsuleArityMismatch.summary),
    RuleInfo(
      code: CapsuleReturnMismatch.code, name: CapsuleReturnMismatch.name, summary: CapsuleReturnMismatch.summary),
    RuleInfo(
      code: ConsumerRejectsCallable.code, name: ConsumerRejectsCallable.name,
      summary: ConsumerRejectsCallable.summary),
    RuleInfo(code: UserDataTypeMismatch.code, name: UserDataTypeMismatch.name, summary: UserDataTypeMismatch.summary),
    RuleInfo(code: SyntaxError.code, name: SyntaxError.name, summary: SyntaxError.summary),
    RuleInfo(code: UnusedNoqa.code, name: UnusedNoqa.name, summary: UnusedNoqa.summary),
  ]

  public static func info(_ code: String) -> RuleInfo? { all.first { $0.code == code.uppercased() } }

  static let projectRules: [any ProjectRule.Type] = [
    SignatureWhitespace.self, SignatureUnknown.self, CapsuleTypeAliasing.self, CapsuleArityMismatch.self,
    CapsuleReturnMismatch.self, ConsumerRejectsCallable.self, UserDataTypeMismatch.self,
  ]
}

public struct LintOptions: Sendable {
  public var paths: [String] = ["."]
  public var select: [String]?
  public var ignore: [String] = []
  public var forceExclude = false
  public var fix = false
  public var target: Target = .linux64
  /// Read C type facts from libclang (cached); off, the built-in data model for the target is used.
  public var useClang = true
  public var config: LintConfig
  /// The grammar files are parsed with (`--target-version`, `target-version`).
  public var pythonVersion: PythonVersion = .newest
  /// `thranlint check -`: source read from standard input.
  public var stdin: StdinSource?

  public init(config: LintConfig) {
    self.config = config
  }
}

/// A finding with the file it belongs to (for column conversion and fixes).
public struct Finding {
  public var diagnostic: Diagnostic
  public var source: SourceFile?

  public var code: String { diagnostic.code ?? "TL900" }
  public var path: String { diagnostic.path }

  /// 1-based row and code-point column of the start and end.
  public var start: (row: Int, column: Int) { position(diagnostic.range.start) }
  public var end: (row: Int, column: Int) { position(diagnostic.range.end) }

  func position(_ l: SourceLocation) -> (row: Int, column: Int) {
    let row = max(1, Int(l.line))
    let column = source?.codePointColumn(line: row, byteColumn: Int(l.column)) ?? Int(l.column) + 1
    return (row, column)
  }
}

public struct LintReport {
  public var findings: [Finding] = []
  public var fixed = 0
  public var files = 0
  /// Paths given on the command line that do not exist.
  public var missing: [String] = []
  /// Entries that could not be checked (names not UTF-8, unreadable directories, dangling links), as messages.
  public var problems: [String] = []
}

public enum Linter {
  /// True when `code` is chosen by a list of codes or prefixes (`TL2` selects TL201–TL207, `ALL` everything).
  static func matches(_ code: String, _ patterns: [String]) -> Bool {
    patterns.contains { p in
      let p = p.uppercased()
      return p == "ALL" || code.hasPrefix(p)
    }
  }

  public static func run(_ options: LintOptions) -> LintReport {
    var report = LintReport()
    let config = options.config
    let clock = ContinuousClock()
    var phaseStart = clock.now
    var timings: [(String, Duration)] = []
    func phase(_ name: String) {
      let now = clock.now
      timings.append((name, now - phaseStart))
      phaseStart = now
    }
    defer {
      if ProcessInfo.processInfo.environment["THRANLINT_TIMINGS"] != nil {
        let text = timings.map { "\($0.0): \($0.1.formatted(.units(allowed: [.milliseconds])))" }.joined(
          separator: ", ")
        FileHandle.standardError.write(Data(("thranlint timings: " + text + "\n").utf8))
      }
    }
    let discovered = ProjectIndex.discover(
      paths: options.paths, excluded: { config.isExcluded($0) }, forceExclude: options.forceExclude)
    report.missing = discovered.missing
    report.problems = discovered.problems
    report.files = discovered.files.count + (options.stdin == nil ? 0 : 1)
    let model = options.useClang ? ABIModel.forLinting(target: options.target) : ABIModel(target: options.target)
    phase("discover+abi")
    let index = ProjectIndex(files: discovered.files, model: model, version: options.pythonVersion, stdin: options.stdin)
    phase("parse")
    var raw: [Diagnostic] = []
    for unit in index.units {
      if var error = unit.loadError {
        error.code = SyntaxError.code
        error.path = unit.path
        raw.append(error)
        continue
      }
      raw += unit.exportDiagnostics.map { d in
        var d = d
        d.path = unit.path
        return d
      }
      guard !unit.specs.isEmpty, let context = unit.context else { continue }
      raw += ModuleRules.check(context)
    }
    phase("module rules")
    let project = Project(index: index)
    for rule in RuleRegistry.projectRules { raw += rule.check(project) }
    phase("project rules")

    let selected = (options.select ?? config.select ?? ["ALL"]) + config.extendSelect
    let ignored = options.ignore + config.ignore
    var noqaByPath: [String: [Int: NoqaDirective]] = [:]
    var sources: [String: SourceFile] = [:]
    for unit in index.units {
      if let s = unit.source {
        sources[unit.path] = s
        noqaByPath[unit.path] = NoqaDirective.scan(s)
      }
    }
    var used: [String: [Int: Set<String>]] = [:]
    var kept: [Diagnostic] = []
    var seen = Set<String>()
    for d in raw {
      let code = d.code ?? SyntaxError.code
      guard matches(code, selected), !matches(code, ignored), !matches(code, config.ignoredCodes(for: d.path)) else {
        continue
      }
      let key = "\(d.path):\(d.range.start.line):\(d.range.start.column):\(code):\(d.message)"
      guard seen.insert(key).inserted else { continue }
      let line = Int(d.range.start.line)
      if let directive = noqaByPath[d.path]?[line], directive.codes == nil || directive.codes?.contains(code) == true {
        used[d.path, default: [:]][line, default: []].insert(code)
        continue
      }
      kept.append(d)
    }
    if matches(UnusedNoqa.code, selected) && !matches(UnusedNoqa.code, ignored) {
      for (path, directives) in noqaByPath where !matches(UnusedNoqa.code, config.ignoredCodes(for: path)) {
        for (line, directive) in directives {
          kept += UnusedNoqa.check(directive, used: used[path]?[line] ?? [], path: path)
        }
      }
    }
    phase("filter")
    if options.fix {
      let (remaining, fixed) = applyFixes(kept, sources: sources)
      kept = remaining
      report.fixed = fixed
    }
    report.findings = kept.map { Finding(diagnostic: $0, source: sources[$0.path]) }.sorted { a, b in
      if a.path != b.path { return a.path < b.path }
      if a.start.row != b.start.row { return a.start.row < b.start.row }
      if a.start.column != b.start.column { return a.start.column < b.start.column }
      return a.code < b.code
    }
    return report
  }

  /// Applies every fix whose edits do not overlap, one atomic rename per file; returns what is left.
  static func applyFixes(_ diagnostics: [Diagnostic], sources: [String: SourceFile]) -> ([Diagnostic], Int) {
    var byPath: [String: [Diagnostic]] = [:]
    var remaining: [Diagnostic] = []
    for d in diagnostics {
      if d.fix != nil && (d.code == SignatureWhitespace.code || d.code == UnusedNoqa.code) {
        byPath[d.path, default: []].append(d)
      } else {
        remaining.append(d)
      }
    }
    var fixed = 0
    for (path, ds) in byPath {
      guard let source = sources[path] else {
        remaining += ds
        continue
      }
      guard let raw = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
        remaining += ds
        continue
      }
      let map = RawOffsets(raw: raw, decoded: source)
      var bytes = raw
      var edits: [(Int, Int, String, Diagnostic)] = []
      for d in ds {
        for e in d.fix?.edits ?? [] {
          guard let s = map.offset(e.range.start), let t = map.offset(e.range.end), s <= t else { continue }
          edits.append((s, t, e.replacement, d))
        }
      }
      edits.sort { $0.0 > $1.0 }
      var lastStart = Int.max
      var applied = Set<String>()
      for (s, t, text, d) in edits where t <= lastStart {
        bytes.replaceSubrange(s..<t, with: Array(text.utf8))
        lastStart = s
        applied.insert("\(d.range.start.line):\(d.range.start.column):\(d.code ?? "")")
      }
      let temp = path + ".thranlint-\(getpid()).tmp"
      if FileManager.default.createFile(atPath: temp, contents: Data(bytes)), rename(temp, path) == 0 {
        for d in ds {
          if applied.contains("\(d.range.start.line):\(d.range.start.column):\(d.code ?? "")") {
            fixed += 1
          } else {
            remaining.append(d)
          }
        }
      } else {
        try? FileManager.default.removeItem(atPath: temp)
        remaining += ds
      }
    }
    return (remaining, fixed)
  }
}

/// Maps decoded (line, byte column) positions back to offsets in the file's raw bytes, so that a fix rewrites
/// only its own bytes and keeps the BOM, CRLF line ends and everything else as they were. Lines whose raw bytes
/// differ from the decoded ones (another encoding) map to nil: they are never edited.
struct RawOffsets {
  let raw: [UInt8]
  let decoded: SourceFile
  var starts: [Int] = []

  init(raw: [UInt8], decoded: SourceFile) {
    self.raw = raw
    self.decoded = decoded
    var i = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    starts.append(i)
    while i < raw.count {
      if raw[i] == 10 {
        starts.append(i + 1)
      } else if raw[i] == 13 {
        if i + 1 < raw.count, raw[i + 1] == 10 { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
  }

  func offset(_ location: SourceLocation) -> Int? {
    let line = Int(location.line)
    guard line >= 1, line <= starts.count else { return nil }
    let text = decoded.lineBytes(line)
    let start = starts[line - 1]
    guard start + text.count <= raw.count, raw[start..<(start + text.count)].elementsEqual(text) else { return nil }
    let column = Int(location.column)
    guard column >= 0, column <= text.count else { return nil }
    return start + column
  }
}
