import ArgumentParser
import BuildDriver
import Compiler
import Foundation
import ThranSupport

@main
struct Thranc: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "thranc",
    abstract: "Compile #pythran export-annotated Python to a CPython extension module.",
    subcommands: [Build.self, AST.self, Exports.self],
    defaultSubcommand: Build.self)

  /// ArgumentParser exits 64 on usage errors; thran's contract is 0 clean, 1 findings, 2 usage or internal error.
  static func main() {
    if let bad = RawArguments.firstNonUTF8() {
      printError("thranc: error: \(RawArguments.escaped(bad)): \(notUTF8)")
      Foundation.exit(ExitStatus.usage)
    }
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

let notUTF8 =
  "the argument is not valid UTF-8, so no file can be named by it (an output would get another name)\n  = hint: "
  + "rename the file to a UTF-8 name"

enum ExitStatus {
  static let findings: Int32 = 1
  static let usage: Int32 = 2
}

func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Parses a file, printing its diagnostic on failure. An unreadable file is a usage error (exit 2).
func parseFile(_ path: String, style: DiagnosticStyle, version: PythonVersion = .newest) throws -> Module? {
  if let problem = Driver.unreadableInput(path) {
    printError(problem)
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
    abstract: "List the #pythran export signatures of a module, one flat signature per line.",
    discussion: """
      With --batch, reads many inputs at once as Pythran's spec reader does (every line starting with '#' a \
      comment) and prints, for each, '== NAME accepted' and one canonical signature per line \
      ('export f(ndarray[float64;:,:], fun[float64;float64])'), or '== NAME rejected' and its errors. Inputs are \
      the FILEs (a .pythran file is a sidecar), or, without FILEs, standard input: one JSON string per line \
      (or {"text": ..., "sidecar": true}).
      """)

  @Flag(help: "Read many inputs and print Pythran's flattened, canonical reading of each.")
  var batch = false

  @Argument(help: "A Python source file (with --batch: any number, or none to read JSON lines on stdin).")
  var files: [String] = []

  func run() throws {
    if batch { return try runBatch() }
    guard files.count == 1, let file = files.first else {
      printError("thranc exports: error: expected one FILE (or --batch)")
      throw ExitCode(ExitStatus.usage)
    }
    guard let module = try parseFile(file, style: .full) else { throw ExitCode(ExitStatus.findings) }
    let result = ExportSpecParser.exports(of: module)
    for d in result.diagnostics { printError(d.rendered(in: module.source)) }
    for spec in result.specs {
      for signature in spec.flattened() {
        print(signature.description)
      }
    }
    if result.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.findings) }
  }

  func runBatch() throws {
    var out = ""
    if files.isEmpty {
      var index = 0
      while let line = readLine(strippingNewline: true) {
        defer { index += 1 }
        guard let input = BatchInput(json: line), let source = try? SourceFile(path: "<\(index)>", text: input.text)
        else {
          out += "== \(index) unreadable\n"
          continue
        }
        let result = ExportSpecParser.exports(inText: source, sidecar: input.sidecar)
        out += Exports.report(String(index), result, source)
      }
    } else {
      for path in files {
        do {
          let source = try SourceFile.read(path: path)
          let result = ExportSpecParser.exports(inText: source, sidecar: path.hasSuffix(".pythran"))
          out += Exports.report(path, result, source)
        } catch {
          out += "== \(path) unreadable\n"
        }
      }
    }
    FileHandle.standardOutput.write(Data(out.utf8))
  }

  /// One stdin line: a JSON string (module text), or `{"text": ..., "sidecar": true}` for a .pythran file.
  struct BatchInput: Decodable {
    var text: String
    var sidecar = false

    init?(json line: String) {
      let data = Data(line.utf8)
      if let text = try? JSONDecoder().decode(String.self, from: data) {
        self.text = text
      } else if let object = try? JSONDecoder().decode(BatchInput.self, from: data) {
        self = object
      } else {
        return nil
      }
    }

    enum CodingKeys: String, CodingKey { case text, sidecar }

    init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      text = try c.decode(String.self, forKey: .text)
      sidecar = try c.decodeIfPresent(Bool.self, forKey: .sidecar) ?? false
    }
  }

  static func report(_ name: String, _ result: ExportSpecParser.Result, _ source: SourceFile) -> String {
    let errors = result.diagnostics.filter { $0.severity == .error }
    var out = "== \(name) \(errors.isEmpty ? "accepted" : "rejected")\n"
    func located(_ d: Diagnostic) -> String {
      let line = Int(d.range.start.line)
      let column = source.codePointColumn(line: line, byteColumn: Int(d.range.start.column))
      return "\(line):\(column) \(d.message)".replacingOccurrences(of: "\n", with: " ")
    }
    if errors.isEmpty {
      for line in result.table.canonicalLines { out += line + "\n" }
    }
    for d in result.diagnostics { out += (d.severity == .error ? "! " : "~ ") + located(d) + "\n" }
    return out
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
