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

  /// Runs a program with merged stdout and stderr, reading all output before waiting. Uses posix_spawn
  /// directly: Foundation's Process spends about 50 ms closing descriptors before each child starts.
  public static func run(_ arguments: [String]) throws -> RunResult {
    guard let first = arguments.first, let exe = resolveExecutable(first) else {
      throw PythonTarget.DiscoveryError.notFound(arguments.first ?? "")
    }
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw SpawnError.failed(first, errno) }
    let (readEnd, writeEnd) = (fds[0], fds[1])
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addclose(&actions, readEnd)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
    posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
    posix_spawn_file_actions_addclose(&actions, writeEnd)
    let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + arguments.dropFirst()).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, exe, &actions, nil, argv, environ)
    close(writeEnd)
    guard status == 0 else {
      close(readEnd)
      throw SpawnError.failed(first, status)
    }
    var output = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
      if n > 0 {
        output += buffer[0..<n]
      } else if n == 0 || errno != EINTR {
        break
      }
    }
    close(readEnd)
    var wstatus: Int32 = 0
    while waitpid(pid, &wstatus, 0) < 0 && errno == EINTR {}
    // Exited normally: the exit code; killed by a signal: 128 + the signal, as shells report it.
    let code = (wstatus & 0x7f) == 0 ? (wstatus >> 8) & 0xff : 128 + (wstatus & 0x7f)
    return RunResult(status: code, output: String(decoding: output, as: UTF8.self))
  }

  public enum SpawnError: Error, CustomStringConvertible {
    case failed(String, Int32)
    public var description: String {
      switch self {
      case .failed(let program, let code): return "cannot run '\(program)': \(String(cString: strerror(code)))"
      }
    }
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
