import ArgumentParser
import BuildDriver
import Compiler
import Foundation

@main
struct Thranc: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thranc",
    abstract: "Compile #pythran export-annotated Python to a CPython extension module.",
    subcommands: [Build.self, AST.self, Exports.self],
    defaultSubcommand: Build.self)

  /// ArgumentParser exits 64 on usage errors; thran's contract is 0 clean, 1 findings, 2 usage or internal error.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code.rawValue == 64 {
        printError(fullMessage(for: error))
        Foundation.exit(ExitStatus.usage)
      }
      exit(withError: error)
    }
  }
}

enum ExitStatus {
  static let findings: Int32 = 1
  static let usage: Int32 = 2
}

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Parses a file, printing its diagnostic on failure. An unreadable file is a usage error (exit 2).
func parseFile(_ path: String, style: DiagnosticStyle, version: PythonVersion = .newest) throws -> Module? {
  guard FileManager.default.isReadableFile(atPath: path) else {
    printError("\(path): error: cannot read file (no such file, or no permission)")
    throw ExitCode(ExitStatus.usage)
  }
  var source: SourceFile?
  do {
    let file = try SourceFile.read(path: path)
    source = file
    return try Parser.parse(file, version: version)
  } catch let d as Diagnostic {
    printError(d.rendered(in: source, style: style))
  } catch {
    printError("\(path): error: \(error)")
  }
  return nil
}

struct AST: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the syntax tree exactly as CPython's ast.dump(ast.parse(source)) does.",
    discussion: "With several files, prints one line per file; a file that fails to parse prints '<error>'.")

  @Flag(help: "Include line and column attributes (ast.dump(..., include_attributes=True)).")
  var attributes = false

  @Flag(help: "Print diagnostics on one line, without the source snippet.")
  var concise = false

  @Option(help: "The Python whose grammar and ast.dump to follow: 3.11, 3.12, 3.13 or 3.14 (default: the newest).")
  var pythonVersion: String?

  @Argument(help: "Python source files.")
  var files: [String]

  func run() throws {
    var version = PythonVersion.newest
    if let text = pythonVersion {
      guard let v = PythonVersion(text) else {
        printError(
          "error: unknown --python-version '\(text)' (expected one of "
            + PythonVersion.allCases.map(\.description).joined(separator: ", ") + ")")
        throw ExitCode(ExitStatus.usage)
      }
      version = v
    }
    var failed = false
    for path in files {
      if let module = try parseFile(path, style: concise ? .concise : .full, version: version) {
        print(ASTDumper.dump(module, includeAttributes: attributes, version: version))
      } else {
        failed = true
        if files.count > 1 { print("<error>") }
      }
    }
    if failed { throw ExitCode(ExitStatus.findings) }
  }
}

struct Exports: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the #pythran export signatures of a module, one flat signature per line.")

  @Argument(help: "A Python source file.")
  var file: String

  func run() throws {
    guard let module = try parseFile(file, style: .full) else { throw ExitCode(ExitStatus.findings) }
    let result = ExportSpecParser.exports(of: module)
    for d in result.diagnostics { printError(d.rendered(in: module.source)) }
    for spec in result.specs {
      for signature in spec.flattened() {
        print(signature.description)
      }
    }
    if !result.diagnostics.isEmpty { throw ExitCode(ExitStatus.findings) }
  }
}

struct Build: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build", abstract: "Compile FILE.py to an extension module next to it.")

  @Argument(help: "The Python module to compile.")
  var file: String

  @Option(
    name: .short,
    help: ArgumentHelp(
      "Output path (default: FILE<EXT_SUFFIX> next to FILE; with -E, FILE.c).",
      discussion: "An existing directory receives the file inside it; %{ext} expands to the extension suffix "
        + "(.c with -E). thranc replaces only files it wrote itself."))
  var output: String?

  @Option(name: .customShort("O", allowingJoined: true), help: "Optimization level: -O2 (default) or -O3.")
  var level: String?

  @Flag(name: .customLong("march-native"), help: "Let the C compiler use every instruction of this machine.")
  var marchNative = false

  @Flag(name: .customShort("E"), help: "Write the generated C file only (FILE.c, or -o PATH).")
  var emitC = false

  @Flag(name: .customLong("keep-c"), help: "Keep the generated C file next to the module.")
  var keepC = false

  @Option(help: "The target Python interpreter (default: python3 on PATH).")
  var python = "python3"

  @Flag(help: "Print diagnostics on one line, without the source snippet.")
  var concise = false

  func run() throws {
    var options = BuildOptions(input: file)
    options.output = output
    options.nativeArch = marchNative
    options.emitCOnly = emitC
    options.keepC = keepC
    options.python = python
    options.style = concise ? .concise : .full
    options.optimization = .o2
    if let l = level {
      switch l {
      case "2": options.optimization = .o2
      case "3": options.optimization = .o3
      default:
        printError("thranc: error: unknown optimization level -O\(l); use -O2 or -O3")
        throw ExitCode(ExitStatus.usage)
      }
    }
    let outcome = Driver.build(options) { printError($0) }
    if case .failed(let message) = outcome { printError(message) }
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
