import ArgumentParser
import Foundation
import Lint
import SciPySigs

let thranlintVersion = "0.1.0"

@main
struct Thranlint: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thranlint", abstract: "Check SciPy LowLevelCallable capsules for ABI mismatches.",
    version: thranlintVersion, subcommands: [Check.self, Rules.self, Rule.self, Table.self])

  /// ArgumentParser exits 64 on usage errors; the contract is 0 clean, 1 findings, 2 usage or internal error.
  static func main() {
    do {
      var command = try parseAsRoot()
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

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func codes(_ list: [String]) -> [String] {
  list.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Check Python files for capsule ABI mismatches.")

  @Argument(help: "Files or directories (default: the current directory).")
  var paths: [String] = []

  @Option(help: "concise, full (default on a terminal), json, sarif or github.")
  var outputFormat: String?

  @Option(help: "Rule codes or prefixes to enable (comma-separated; default ALL).")
  var select: [String] = []

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

  @Option(help: "Use this pyproject.toml instead of the nearest one.")
  var config: String?

  func run() throws {
    let cwd = FileManager.default.currentDirectoryPath
    var lintConfig = LintConfig(root: cwd)
    do {
      let start =
        paths.first.map { p -> String in
          var isDirectory: ObjCBool = false
          if FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory), isDirectory.boolValue { return p }
          return (p as NSString).deletingLastPathComponent.isEmpty ? cwd : (p as NSString).deletingLastPathComponent
        } ?? cwd
      if let path = config ?? LintConfig.find(from: start) { lintConfig = try LintConfig.load(path: path) }
    } catch {
      printError("\(error)")
      throw ExitCode(2)
    }
    var options = LintOptions(config: lintConfig)
    options.paths = paths.isEmpty ? ["."] : paths
    let selected = codes(select)
    options.select = selected.isEmpty ? nil : selected
    options.ignore = codes(ignore)
    for code in (options.select ?? []) + options.ignore
    where code.uppercased() != "ALL" && !RuleRegistry.all.contains(where: { $0.code.hasPrefix(code.uppercased()) }) {
      printError("thranlint: error: unknown rule code or prefix '\(code)' (see `thranlint rules`)")
      throw ExitCode(2)
    }
    options.fix = fix
    options.forceExclude = forceExclude
    if let triple = target ?? lintConfig.target {
      guard let t = Target.named(triple) else {
        printError(
          "thranlint: error: unknown target '\(triple)'; known: x86_64-linux-gnu, x86_64-pc-windows-msvc, i686-linux-gnu"
        )
        throw ExitCode(2)
      }
      options.target = t
    }
    let format: OutputFormat
    if let name = outputFormat {
      guard let f = OutputFormat(rawValue: name) else {
        printError("thranlint: error: unknown output format '\(name)'; use concise, full, json, sarif or github")
        throw ExitCode(2)
      }
      format = f
    } else {
      format = isatty(1) != 0 ? .full : .concise
    }
    let report = Linter.run(options)
    for path in report.missing { printError("thranlint: error: \(path): no such file or directory") }
    if statistics {
      print(Reporter.statistics(report), terminator: "")
    } else {
      print(Reporter.render(report, format: format, version: thranlintVersion), terminator: "")
    }
    if format == .full || format == .concise {
      var summary =
        report.findings.isEmpty
        ? "All checks passed (\(report.files) files)."
        : "Found \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") in \(report.files) files."
      if report.fixed > 0 { summary += " Fixed \(report.fixed)." }
      printError(summary)
    }
    for f in report.fixFailures { printError("thranlint: error: \(f.path): fix not written: \(f.reason)") }
    if !report.missing.isEmpty || !report.fixFailures.isEmpty { throw ExitCode(2) }
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
