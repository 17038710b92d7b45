import Foundation

/// One compiler invocation, planned as data before anything runs.
public struct CompileJob: Equatable, Sendable {
  public var arguments: [String]
  public var output: String
}

public enum OptimizationLevel: String, Sendable {
  case o2 = "-O2"
  case o3 = "-O3"
}

/// Plans and runs the C compiler without a shell.
public enum Toolchain {
  /// The C compiler command: `$CC` split on spaces (`ccache gcc` works), else `cc`.
  public static func compilerCommand(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
    if let cc = environment["CC"]?.split(separator: " ").map(String.init), !cc.isEmpty { return cc }
    return ["cc"]
  }

  public static func plan(
    cFile: String, output: String, python: PythonTarget, optimization: OptimizationLevel, nativeArch: Bool,
    needsNumPy: Bool, compiler: [String] = compilerCommand()
  ) -> CompileJob {
    var args = compiler
    args += [optimization.rawValue, "-fPIC", "-shared", "-std=gnu11", "-fwrapv", "-fno-strict-aliasing"]
    if nativeArch { args.append("-march=native") }
    args += ["-I", python.includeDir]
    if needsNumPy, let np = python.numpyInclude { args += ["-I", np] }
    args += [cFile, "-o", output, "-lm"]
    return CompileJob(arguments: args, output: output)
  }

  public struct RunResult {
    public var status: Int32
    public var output: String
  }

  /// Runs a program with merged stdout and stderr, reading all output before waiting.
  public static func run(_ arguments: [String]) throws -> RunResult {
    guard let first = arguments.first, let exe = resolveExecutable(first) else {
      throw PythonTarget.DiscoveryError.notFound(arguments.first ?? "")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: exe)
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// A path for `name`: itself when it contains a slash, else the first executable match on PATH.
  public static func resolveExecutable(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = String(dir) + "/" + name
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
