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
    RuleInfo(code: "TL001", name: "export-syntax-error", summary: "an export line Pythran refuses or misreads"),
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
  /// Files `--fix` had fixes for but could not write (each exits 2).
  public var fixFailures: [FixFailure] = []
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
    let index = ProjectIndex(
      files: discovered.files, model: model, version: options.pythonVersion, stdin: options.stdin)
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
    var parsed = Set<String>()
    for unit in index.units {
      guard let s = unit.source else { continue }
      sources[unit.path] = s
      // A file that does not parse has only its TL900: its comments are not read as directives.
      guard unit.loadError == nil else { continue }
      parsed.insert(unit.path)
      noqaByPath[unit.path] = NoqaDirective.scan(s, version: options.pythonVersion) ?? [:]
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
      // A syntax error is never suppressed: everything else in the file depends on it.
      if code != SyntaxError.code, let directive = noqaByPath[d.path]?[line],
        directive.codes == nil || directive.codes?.contains(code) == true
      {
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
      let outcome = Fixer.apply(kept, sources: sources, parsed: parsed, version: options.pythonVersion)
      kept = outcome.remaining
      report.fixed = outcome.fixed
      report.fixFailures = outcome.failures
    }
    report.findings = kept.map { Finding(diagnostic: $0, source: sources[$0.path]) }.sorted { a, b in
      if a.path != b.path { return a.path < b.path }
      if a.start.row != b.start.row { return a.start.row < b.start.row }
      if a.start.column != b.start.column { return a.start.column < b.start.column }
      return a.code < b.code
    }
    return report
  }
}
