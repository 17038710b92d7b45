import Compiler
import Foundation
import Lint
import SciPySigs
import ThranSupport

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
    // Semantic errors matter once the export lines themselves are sound: lint explains their problems better.
    // The rules that read inferred types check only exports analyzed without error, so they never hide them.
    let exportsFailed = diagnostics.contains { d in
      d.severity == .error && !(d.code.map(ModuleRules.typeRules.contains) ?? false)
    }
    if !exportsFailed { diagnostics += program.diagnostics }
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
    if let problem = unreadableInput(input) { return .failed(problem) }
    guard let (program, ok) = check(input, style: options.style, report: report) else { return .rejected }
    guard ok else { return .rejected }
    let stem = Paths.stem(of: input)
    guard isIdentifier(stem) else { return .failed(BuildMessages.notAModuleName(input, stem)) }
    if options.emitCOnly { return emitC(program, stem: stem, options) }
    let python: PythonTarget
    do {
      python = try PythonTarget.discover(options.python)
    } catch {
      return .failed("thranc: error: \(error)")
    }
    if let missing = Toolchain.missingCompilerMessage() { return .failed(missing) }
    let module: OutputPlan
    var keptC: OutputPlan?
    do {
      module = try OutputPlan.make(
        input: input, output: options.output, kind: .extensionModule, ext: python.extSuffix)
      if options.keepC {
        keptC = try OutputPlan.make(input: input, output: nil, kind: .cSource, ext: ".c")
      }
    } catch {
      return .failed(error.description)
    }
    let file = Paths.lastComponent(of: module.target)
    if file != stem && !file.hasPrefix(stem + ".") { report(BuildMessages.importName(module.target, stem)) }
    return compile(program, stem: stem, python: python, module: module, keptC: keptC, options, report: report)
  }

  /// `-E`: the C file only, at FILE.c or where `-o` says (a directory receives FILE.c).
  static func emitC(_ program: Program, stem: String, _ options: BuildOptions) -> BuildOutcome {
    do {
      let plan = try OutputPlan.make(input: options.input, output: options.output, kind: .cSource, ext: ".c")
      let version = (try? PythonTarget.discover(options.python))?.version
      let generated = try ModuleEmitter.emit(
        program, moduleName: stem, cFileName: plan.target, pythonVersion: version)
      try plan.writeTemporary(generated.cSource)
      try plan.commit()
      return .built(plan.target)
    } catch let error as OutputError {
      return .failed(error.description)
    } catch {
      return .failed("thranc: error: \(error)")
    }
  }

  static func compile(
    _ program: Program, stem: String, python: PythonTarget, module: OutputPlan, keptC: OutputPlan?,
    _ options: BuildOptions, report: (String) -> Void
  ) -> BuildOutcome {
    let fm = FileManager.default
    let temp = NSTemporaryDirectory() + "/thranc-\(getpid())-\(UUID().uuidString)"
    do {
      try fm.createDirectory(atPath: temp, withIntermediateDirectories: true)
    } catch {
      return .failed(BuildMessages.noTemporaryDirectory(error))
    }
    defer { try? fm.removeItem(atPath: temp) }
    let cPath = keptC?.target ?? Paths.join(temp, stem + ".c")
    do {
      let generated = try ModuleEmitter.emit(
        program, moduleName: stem, cFileName: cPath, pythonVersion: python.version)
      if let keptC {
        try keptC.writeTemporary(generated.cSource)
        try keptC.commit()
      } else {
        try generated.cSource.write(toFile: cPath, atomically: false, encoding: .utf8)
      }
    } catch let error as OutputError {
      return .failed(error.description)
    } catch {
      return .failed("thranc: error: \(error)")
    }
    // The C compiler writes a hidden sibling of the target, renamed into place only when it succeeded.
    defer { module.discard() }
    let prelude = Toolchain.precompiledPrelude(
      python: python, optimization: options.optimization, nativeArch: options.nativeArch,
      limitedAPI: ModuleEmitter.limitedAPIHex(python.version))
    var job = Toolchain.plan(
      cFile: cPath, output: module.temporary, python: python, optimization: options.optimization,
      nativeArch: options.nativeArch, needsNumPy: false, prelude: prelude)
    do {
      var result = try Toolchain.run(job.arguments)
      if result.status != 0 && prelude != nil {
        // Never let the precompiled prelude be the reason a build fails: retry without it.
        job = Toolchain.plan(
          cFile: cPath, output: module.temporary, python: python, optimization: options.optimization,
          nativeArch: options.nativeArch, needsNumPy: false)
        result = try Toolchain.run(job.arguments)
      }
      guard result.status == 0 else {
        report(result.output)
        return .failed(BuildMessages.compilerFailed(job.arguments))
      }
      try module.commit()
    } catch let error as OutputError {
      return .failed(error.description)
    } catch {
      return .failed("thranc: error: \(error)")
    }
    return .built(module.target)
  }

  /// nil when `path` names a readable file; else the usage error. A directory passes `isReadableFile`, and
  /// reading it would otherwise end as a syntax diagnostic with exit 1.
  public static func unreadableInput(_ path: String) -> String? {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return BuildMessages.unreadable(path)
    }
    if isDirectory.boolValue { return BuildMessages.directory(path) }
    return FileManager.default.isReadableFile(atPath: path) ? nil : BuildMessages.unreadable(path)
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

/// The build driver's messages.
enum BuildMessages {
  static func unreadable(_ path: String) -> String {
    "\(path): error: cannot read file (no such file, or no permission)"
  }

  static func directory(_ path: String) -> String {
    "\(path): error: this is a directory, expected a Python source file\n  = hint: name a .py file inside it"
  }

  static func notAModuleName(_ path: String, _ stem: String) -> String {
    "\(path): error: '\(stem)' is not a valid Python module name (letters, digits, underscores)\n  = hint: rename "
      + "the file: its name is the module's name"
  }

  static func importName(_ target: String, _ stem: String) -> String {
    "\(target): warning: the module is named '\(stem)' after its source file; Python finds it only through a "
      + "file named \(stem).<suffix>\n  = hint: rename the source to the module name you want, or keep the "
      + "default output name"
  }

  static func noTemporaryDirectory(_ error: Error) -> String {
    "thranc: error: cannot create a temporary directory: \(error)\n  = hint: set TMPDIR to a writable directory"
  }

  static func compilerFailed(_ arguments: [String]) -> String {
    "thranc: error: the C compiler failed (\(arguments.joined(separator: " "))); this is a thranc bug, please "
      + "report it with the module"
  }
}
