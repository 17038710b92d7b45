import ArgumentParser
import Compiler
import Foundation
import Lint
import SciPySigs
import ThranSupport

let thranlintVersion = "0.1.0"

@main
struct Thranlint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thranlint", abstract: "Check SciPy LowLevelCallable capsules for ABI mismatches.",
    version: thranlintVersion, subcommands: [Check.self, Rules.self, Rule.self, Table.self, TOMLDump.self])

  /// ArgumentParser exits 64 on usage errors; the contract is 0 clean, 1 findings, 2 usage or internal error.
  static func main() {
    if let bad = RawArguments.firstNonUTF8() {
      printError("thranlint: error: \(Reporter.escaped(bytes: bad)): \(notUTF8)")
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot(Check.pathsFirst(Array(CommandLine.arguments.dropFirst())))
      try command.run()
    } catch {
      if exitCode(for: error).rawValue == 64 {
        printError(fullMessage(for: error))
        Foundation.exit(2)
      }
      exit(withError: error)
    }
  }
}

let notUTF8 =
  "the argument is not valid UTF-8, so no file can be named by it; rename the file, or check its directory "
  + "(entries with such names are reported there)"

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

/// The codes of a comma-separated option. An empty item (`--select ''`, `--select TL2,`) is an error, as
/// `select = [""]` is in the configuration: silently reading it as "no selection" would turn every rule on.
func codes(_ list: [String], option: String) throws -> [String] {
  let items = list.flatMap {
    $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
  }
  if items.contains(where: \.isEmpty) {
    throw Check.fail("\(option) has an empty rule code; give codes or prefixes such as TL2, separated by ','")
  }
  return items
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Check Python files for capsule ABI mismatches.")

  @Argument(help: "Files or directories (default: the current directory); `-` reads standard input.")
  var paths: [String] = []

  @Option(help: "concise, full (default on a terminal), json, sarif or github.")
  var outputFormat: String?

  @Option(help: "Rule codes or prefixes to enable (comma-separated; default ALL).")
  var select: [String] = []

  @Option(help: "Rule codes or prefixes to enable on top of the selection (comma-separated).")
  var extendSelect: [String] = []

  @Option(help: "Rule codes or prefixes to disable (comma-separated).")
  var ignore: [String] = []

  @Flag(help: "Rewrite TL201 signature strings to SciPy's exact spelling (and drop unused noqa codes).")
  var fix = false

  @Flag(help: "Exit 0 even when there are findings.")
  var exitZero = false

  @Flag(help: "Apply configured excludes to files named on the command line too.")
  var forceExclude = false

  @Flag(help: "Print the number of findings per rule instead of the findings.")
  var statistics = false

  @Option(help: "Target triple for the C ABI (default: the host, x86_64-unknown-linux-gnu).")
  var target: String?

  @Option(help: "Python grammar: py311, py312, py313 or py314 (default: the newest, or target-version).")
  var targetVersion: String?

  @Option(help: "The file name standard input (`-`) stands for: messages, config patterns and imports use it.")
  var stdinFilename: String?

  @Option(help: "Use this pyproject.toml instead of the nearest one.")
  var config: String?

  /// Options of `check` that take a value: an argument after one of them is that value, not a path.
  static let valueOptions: Set<String> = [
    "--output-format", "--select", "--extend-select", "--ignore", "--target", "--target-version",
    "--stdin-filename", "--config",
  ]

  /// `check -dash.py` names a file: ArgumentParser would read it as the flags -d -a -s -h. Arguments of
  /// `check` that start with one dash and are not `-`, `-h` or an option's value move behind a `--`.
  static func pathsFirst(_ arguments: [String]) -> [String] {
    guard arguments.first == "check" else { return arguments }
    var kept: [String] = []
    var dashed: [String] = []
    var rest: [String] = []
    var i = 1
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" {
        rest = Array(arguments[(i + 1)...])
        break
      }
      if a.hasPrefix("-") && !a.hasPrefix("--") && a != "-" && a != "-h" {
        dashed.append(a)
      } else {
        kept.append(a)
        if valueOptions.contains(a), i + 1 < arguments.count {
          kept.append(arguments[i + 1])
          i += 1
        }
      }
      i += 1
    }
    if dashed.isEmpty && rest.isEmpty { return arguments }
    return ["check"] + kept + ["--"] + dashed + rest
  }

  static func fail(_ message: String) -> ExitCode {
    printError("thranlint: error: \(message)")
    return ExitCode(2)
  }

  /// The directory the configuration is searched from: the first named directory, the first named file's
  /// directory, or the current one.
  func configStart(_ named: [String]) -> String {
    guard let first = named.first else { return stdinFilename.map { Paths.directory(of: $0) } ?? "." }
    var st = stat()
    if stat(first, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { return first }
    return Paths.directory(of: first)
  }

  func loadConfig(_ named: [String]) throws -> LintConfig {
    do {
      if let path = config { return try LintConfig.load(path: path) }
      return try LintConfig.discover(from: configStart(named))
    } catch {
      printError(Reporter.escaped(error.message))
      throw ExitCode(2)
    }
  }

  func run() throws {
    let readsStdin = paths.contains("-")
    let named = paths.filter { $0 != "-" }
    if readsStdin && fix { throw Check.fail("--fix cannot rewrite standard input; name the file instead") }
    let lintConfig = try loadConfig(named)
    var options = LintOptions(config: lintConfig)
    options.paths = named.isEmpty && !readsStdin ? ["."] : named
    if readsStdin {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      options.stdin = StdinSource(path: stdinFilename ?? "-", data: [UInt8](data))
    }
    let selected = try codes(select, option: "--select")
    options.select = selected.isEmpty ? nil : selected
    options.ignore = try codes(ignore, option: "--ignore")
    let extended = try codes(extendSelect, option: "--extend-select")
    options.config.extendSelect += extended
    for code in (options.select ?? []) + options.ignore + extended where !LintConfig.isKnownSelector(code) {
      throw Check.fail("unknown rule code or prefix '\(Reporter.escaped(code))' (see `thranlint rules`)")
    }
    options.fix = fix
    options.forceExclude = forceExclude
    if let text = targetVersion {
      guard let version = PythonVersion(text) else {
        throw Check.fail(
          "unknown --target-version '\(Reporter.escaped(text))'; use "
            + PythonVersion.allCases.map(\.ruffSpelling).joined(separator: ", "))
      }
      options.pythonVersion = version
    } else if let version = lintConfig.pythonVersion {
      options.pythonVersion = version
    }
    if let triple = target ?? lintConfig.target {
      guard let t = Target.named(triple) else {
        throw Check.fail(
          "unknown target '\(Reporter.escaped(triple))'; known: x86_64-linux-gnu, x86_64-pc-windows-msvc, "
            + "i686-linux-gnu")
      }
      options.target = t
    }
    let format: OutputFormat
    if let name = outputFormat {
      guard let f = OutputFormat(rawValue: name) else {
        throw Check.fail("unknown output format '\(Reporter.escaped(name))'; use concise, full, json, sarif or github")
      }
      format = f
    } else {
      format = isatty(1) != 0 ? .full : .concise
    }
    let report = Linter.run(options)
    try finish(report, format: format)
  }

  func finish(_ report: LintReport, format: OutputFormat) throws {
    for path in report.missing { printError("thranlint: error: \(Reporter.escaped(path)): no such file or directory") }
    for problem in report.problems { printError(Reporter.escaped(problem)) }
    if statistics {
      print(Reporter.statistics(report), terminator: "")
    } else {
      print(Reporter.render(report, format: format, version: thranlintVersion), terminator: "")
    }
    if format == .full || format == .concise {
      var summary =
        report.findings.isEmpty
        ? "All checks passed (\(report.files) file\(report.files == 1 ? "" : "s"))."
        : "Found \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") in \(report.files) "
          + "file\(report.files == 1 ? "" : "s")."
      if report.fixed > 0 { summary += " Fixed \(report.fixed)." }
      if !report.problems.isEmpty { summary += " \(report.problems.count) not checked (see above)." }
      let unwritten = report.fixFailures.count
      if unwritten > 0 { summary += " \(unwritten) file\(unwritten == 1 ? "" : "s") not fixed (see below)." }
      printError(summary)
    }
    for f in report.fixFailures {
      printError("thranlint: error: \(Reporter.escaped(f.path)): fix not written: \(Reporter.escaped(f.reason))")
    }
    if !report.missing.isEmpty || !report.problems.isEmpty || !report.fixFailures.isEmpty { throw ExitCode(2) }
    if !report.findings.isEmpty && !exitZero { throw ExitCode(1) }
  }
}

struct Rules: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "List every rule: code, name, summary.")

  func run() throws {
    for r in RuleRegistry.all {
      print("\(r.code)  \(r.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(r.summary)")
    }
  }
}

struct Rule: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Explain one rule (its documentation).")

  @Argument(help: "A rule code such as TL203.")
  var code: String

  func run() throws {
    guard let info = RuleRegistry.info(code) else {
      printError("thranlint: error: unknown rule '\(code)' (see `thranlint rules`)")
      throw ExitCode(2)
    }
    if let doc = RuleDocs.text(for: info) {
      print(doc, terminator: doc.hasSuffix("\n") ? "" : "\n")
    } else {
      print("# \(info.code) \(info.name)\n\n\(info.summary)")
    }
  }
}

struct Table: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the bundled SciPy consumer table as JSON (consumer → accepted signatures).")

  @Option(help: "Target triple (default: the host).")
  var target: String?

  func run() throws {
    let t = target.flatMap(Target.named) ?? .linux64
    let entries = SciPyTable.consumers(for: t).map { c in
      "  \"\(c.qualifiedName)\": [" + c.acceptedNames.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
    print("{\n" + entries.joined(separator: ",\n") + "\n}")
  }
}

/// `thranlint toml FILE...`: each file's TOML as one line of tagged JSON, or `error: line:column: reason`. Hidden:
/// it exists for tests/toml_fuzz.py, which compares the reader with Python's tomllib.
struct TOMLDump: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "toml", abstract: "Print TOML files as tagged JSON (for the tomllib differential).",
    shouldDisplay: false)

  @Argument var files: [String]

  func run() throws {
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        print("unreadable")
        continue
      }
      do {
        print(TOMLJSON.render(.table(try TOML.parse([UInt8](data)))))
      } catch {
        print("error: \(error)")
      }
    }
  }
}
