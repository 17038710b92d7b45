import Compiler
import Foundation
import Lint
import SciPySigs

/// thranc's pipeline: Frontend → exports → Semantics → Lint (errors stop) → Codegen → Toolchain.
public struct BuildOptions: Sendable {
  public var input: String
  public var output: String?
  public var optimization: OptimizationLevel = .o2
  public var nativeArch = false
  public var emitCOnly = false
  public var keepC = false
  public var python = "python3"
  public var style: DiagnosticStyle = .full

  public init(input: String) {
    self.input = input
  }
}

public enum BuildOutcome: Equatable, Sendable {
  case built(String)
  case rejected
  case failed(String)

  public var exitCode: Int32 {
    switch self {
    case .built: return 0
    case .rejected: return 1
    case .failed: return 2
    }
  }
}

public enum Driver {
  /// Parses, analyzes and lints a module. Returns the program, or nil with diagnostics written to `report`.
  public static func check(_ path: String, style: DiagnosticStyle, report: (String) -> Void) -> (Program, Bool)? {
    let source: SourceFile
    let module: Module
    do {
      source = try SourceFile.read(path: path)
      module = try Parser.parse(source)
    } catch {
      report(error.rendered(in: nil, style: style))
      return nil
    }
    let exports = ExportSpecParser.exports(of: module)
    let program = Analyzer.analyze(module, specs: exports.specs)
    let context = ModuleContext(module: module, specs: exports.specs, program: program, model: ABIModel())
    var diagnostics = exports.diagnostics + ModuleRules.check(context)
    let lintFailed = diagnostics.contains { $0.severity == .error }
    // Semantic errors matter once the exports themselves are sound; lint explains export problems better.
    if !lintFailed { diagnostics += program.diagnostics }
    diagnostics.sort { ($0.range.start, $0.code ?? "") < ($1.range.start, $1.code ?? "") }
    for d in deduplicated(diagnostics) { report(d.rendered(in: source, style: style)) }
    return (program, !diagnostics.contains { $0.severity == .error })
  }

  static func deduplicated(_ ds: [Diagnostic]) -> [Diagnostic] {
    var seen = Set<String>()
    return ds.filter { seen.insert("\($0.range.start.line):\($0.range.start.column):\($0.message)").inserted }
  }

  public static func build(_ options: BuildOptions, report: (String) -> Void) -> BuildOutcome {
    let input = options.input
    guard FileManager.default.isReadableFile(atPath: input) else {
      return .failed("\(input): error: cannot read file (no such file, or no permission)")
    }
    guard let (program, ok) = check(input, style: options.style, report: report) else { return .rejected }
    guard ok else { return .rejected }
    let url = URL(fileURLWithPath: input)
    let stem = url.deletingPathExtension().lastPathComponent
    guard isIdentifier(stem) else {
      return .failed("\(input): error: '\(stem)' is not a valid Python module name (letters, digits, underscores)")
    }
    let directory = url.deletingLastPathComponent().path
    if options.emitCOnly {
      let cPath = options.output ?? (directory + "/" + stem + ".c")
      do {
        let version = (try? PythonTarget.discover(options.python))?.version
        let generated = try ModuleEmitter.emit(program, moduleName: stem, cFileName: cPath, pythonVersion: version)
        try generated.cSource.write(toFile: cPath, atomically: true, encoding: .utf8)
        return .built(cPath)
      } catch {
        return .failed("thranc: error: \(error)")
      }
    }
    let python: PythonTarget
    do {
      python = try PythonTarget.discover(options.python)
    } catch {
      return .failed("thranc: error: \(error)")
    }
    let output = options.output ?? (directory + "/" + stem + python.extSuffix)
    let outputDirectory = (output as NSString).deletingLastPathComponent
    var isDirectory: ObjCBool = false
    if !outputDirectory.isEmpty,
      !FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isDirectory) || !isDirectory.boolValue
    {
      return .failed("thranc: error: the output directory '\(outputDirectory)' does not exist")
    }
    let fm = FileManager.default
    let temp = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "thranc-\(getpid())-\(UUID().uuidString)")
    do {
      try fm.createDirectory(at: temp, withIntermediateDirectories: true)
    } catch {
      return .failed("thranc: error: cannot create a temporary directory: \(error)")
    }
    defer { try? fm.removeItem(at: temp) }
    let cPath = options.keepC ? (directory + "/" + stem + ".c") : temp.appendingPathComponent(stem + ".c").path
    let generated: GeneratedModule
    do {
      generated = try ModuleEmitter.emit(
        program, moduleName: stem, cFileName: cPath, pythonVersion: python.version)
      try generated.cSource.write(toFile: cPath, atomically: true, encoding: .utf8)
    } catch {
      return .failed("thranc: error: \(error)")
    }
    // Build into the temporary directory, then move into place: a failed build never leaves a half-written module.
    let tempOutput = temp.appendingPathComponent(stem + python.extSuffix).path
    let prelude = Toolchain.precompiledPrelude(
      python: python, optimization: options.optimization, nativeArch: options.nativeArch,
      limitedAPI: ModuleEmitter.limitedAPIHex(python.version))
    var job = Toolchain.plan(
      cFile: cPath, output: tempOutput, python: python, optimization: options.optimization,
      nativeArch: options.nativeArch, needsNumPy: false, prelude: prelude)
    do {
      var result = try Toolchain.run(job.arguments)
      if result.status != 0 && prelude != nil {
        // Never let the precompiled prelude be the reason a build fails: retry without it.
        job = Toolchain.plan(
          cFile: cPath, output: tempOutput, python: python, optimization: options.optimization,
          nativeArch: options.nativeArch, needsNumPy: false)
        result = try Toolchain.run(job.arguments)
      }
      guard result.status == 0 else {
        report(result.output)
        return .failed(
          "thranc: error: the C compiler failed (\(job.arguments.joined(separator: " "))); this is a thranc bug, "
            + "please report it with the module")
      }
      if fm.fileExists(atPath: output) { try fm.removeItem(atPath: output) }
      try fm.moveItem(atPath: tempOutput, toPath: output)
    } catch {
      return .failed("thranc: error: cannot write '\(output)': \(error.localizedDescription)")
    }
    return .built(output)
  }

  static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
    return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
      && s.unicodeScalars.allSatisfy(\.isASCII)
  }
}

extension Error {
  func rendered(in source: SourceFile?, style: DiagnosticStyle) -> String {
    if let d = self as? Diagnostic { return d.rendered(in: source, style: style) }
    return "error: \(self)"
  }
}
