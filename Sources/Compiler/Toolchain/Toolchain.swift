import Foundation
import SciPySigs

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

  /// Code-generation flags; a precompiled prelude is only valid for the same set.
  static func codeFlags(_ optimization: OptimizationLevel, _ nativeArch: Bool) -> [String] {
    // No -fwrapv: generated C has no signed overflow under any flags (a meson or setuptools build of the -E
    // output uses its own flags), and tests/e2e/test_sanitizers.py builds it without either flag below.
    var flags = [optimization.rawValue, "-fPIC", "-std=gnu11", "-fno-strict-aliasing"]
    if nativeArch { flags.append("-march=native") }
    return flags
  }

  public static func plan(
    cFile: String, output: String, python: PythonTarget, optimization: OptimizationLevel, nativeArch: Bool,
    needsNumPy: Bool, compiler: [String] = compilerCommand(), prelude: String? = nil
  ) -> CompileJob {
    var args = compiler
    args += codeFlags(optimization, nativeArch) + ["-shared"]
    if let prelude { args += ["-include", prelude] }
    args += ["-I", python.includeDir]
    if needsNumPy, let np = python.numpyInclude { args += ["-I", np] }
    args += [cFile, "-o", output, "-lm"]
    return CompileJob(arguments: args, output: output)
  }

  /// The text every generated module starts with; precompiled once per compiler, flags and interpreter.
  public static func preludeText(limitedAPI: String?) -> String {
    "#define PY_SSIZE_T_CLEAN\n" + (limitedAPI.map { "#define Py_LIMITED_API \($0)\n" } ?? "") + "#include <Python.h>\n"
  }

  /// A precompiled `Python.h` prelude for this compiler, flags and interpreter, built on first use and cached
  /// (it halves the C compiler's time on a small module). nil when the compiler cannot make or use one; the
  /// compiler itself checks a precompiled header's validity, so a stale one only costs speed.
  public static func precompiledPrelude(
    python: PythonTarget, optimization: OptimizationLevel, nativeArch: Bool, limitedAPI: String?,
    compiler: [String] = compilerCommand(), cacheDirectory: URL = PythonTarget.cacheDirectory()
  ) -> String? {
    guard let exe = compiler.first.flatMap(resolveExecutable) else { return nil }
    let stamp =
      (try? FileManager.default.attributesOfItem(atPath: exe)[.modificationDate] as? Date)?
      .timeIntervalSince1970 ?? 0
    let flags = codeFlags(optimization, nativeArch)
    let key = ([exe, "\(stamp)"] + compiler + flags + [python.includeDir, python.version, limitedAPI ?? ""])
      .joined(separator: "|")
    let dir = cacheDirectory.appendingPathComponent("prelude-\(stableHash(key))")
    let header = dir.appendingPathComponent("thran_prelude.h").path
    let pch = header + ".gch"
    let unusable = dir.appendingPathComponent("unusable").path
    let fm = FileManager.default
    if fm.fileExists(atPath: pch) { return header }
    if fm.fileExists(atPath: unusable) { return nil }
    do {
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      try preludeText(limitedAPI: limitedAPI).write(toFile: header, atomically: true, encoding: .utf8)
    } catch {
      return nil
    }
    let temp = pch + ".tmp\(getpid())"
    let build = compiler + flags + ["-I", python.includeDir, "-x", "c-header", header, "-o", temp]
    guard let made = try? run(build), made.status == 0 else {
      try? fm.removeItem(atPath: temp)
      fm.createFile(atPath: unusable, contents: nil)
      return nil
    }
    // Check that the compiler really accepts it through -include before anyone relies on it.
    let probe = dir.appendingPathComponent("probe\(getpid()).c").path
    let probeOut = probe + ".o"
    fm.createFile(atPath: probe, contents: Data("int thran_probe;\n".utf8))
    defer {
      try? fm.removeItem(atPath: probe)
      try? fm.removeItem(atPath: probeOut)
    }
    guard rename(temp, pch) == 0 else {
      try? fm.removeItem(atPath: temp)
      return nil
    }
    let check = compiler + flags + ["-include", header, "-I", python.includeDir, "-c", probe, "-o", probeOut]
    guard let checked = try? run(check), checked.status == 0 else {
      try? fm.removeItem(atPath: pch)
      fm.createFile(atPath: unusable, contents: nil)
      return nil
    }
    return header
  }

  public struct RunResult {
    public var status: Int32
    public var output: String
  }

  /// Runs a program with merged stdout and stderr, reading all output before waiting. Uses posix_spawn
  /// directly: Foundation's Process spends about 50 ms closing descriptors before each child starts.
  public static func run(_ arguments: [String]) throws -> RunResult {
    guard let first = arguments.first, let exe = resolveExecutable(first) else {
      throw SpawnError.notFound(arguments.first ?? "")
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
    case notFound(String)
    public var description: String {
      switch self {
      case .failed(let program, let code): return "cannot run '\(program)': \(String(cString: strerror(code)))"
      case .notFound(let program):
        return "cannot find the program '\(program)' (not a path to an executable, nor on PATH)"
      }
    }
  }

  /// nil when the C compiler can be run; otherwise the message that says which program is missing and how
  /// to name another one.
  public static func missingCompilerMessage(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    let command = compilerCommand(environment: environment)
    guard let program = command.first, resolveExecutable(program) == nil else { return nil }
    let fromCC = environment["CC"].map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false
    return ToolchainMessages.compilerNotFound(program, fromCC: fromCC)
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

/// The toolchain's messages.
public enum ToolchainMessages {
  static func compilerNotFound(_ program: String, fromCC: Bool) -> String {
    let source = fromCC ? "named by CC" : "(the default; CC is not set)"
    return "thranc: error: the C compiler '\(program)' \(source) was not found on PATH\n  = hint: install a C "
      + "compiler (gcc or clang), or set CC to one: CC=clang thranc FILE.py, or CC=/usr/bin/gcc"
  }
}
