import Compiler
import Foundation

/// Asks the real CPython of a version for `ast.dump` of each snippet (nil where CPython raises SyntaxError):
/// python3 is 3.11, pyenv's 3.12.1 and 3.13.0 serve 3.12 and 3.13.
enum CPython {
  /// The `env` arguments that start that version's interpreter; nil for 3.14, which this machine lacks.
  static func interpreter(_ version: PythonVersion) -> [String]? {
    switch version {
    case .py311: return ["python3"]
    case .py312: return ["PYENV_VERSION=3.12.1", "python3.12"]
    case .py313: return ["PYENV_VERSION=3.13.0", "python3.13"]
    case .py314: return nil
    }
  }

  static func dumps(_ sources: [String], attributes: Bool, version: PythonVersion = .py311) throws -> [String?] {
    let script = """
      import ast, json, sys, warnings
      warnings.simplefilter("ignore")
      out = []
      for src in json.load(sys.stdin):
          try:
              out.append(ast.dump(ast.parse(src.encode("utf-8")), include_attributes=\(attributes ? "True" : "False")))
          except (SyntaxError, ValueError):
              out.append(None)
      json.dump(out, sys.stdout)
      """
    let input = try JSONSerialization.data(withJSONObject: sources)
    guard let python = interpreter(version) else { return sources.map { _ in nil } }
    let output = try run(python + ["-c", script], stdin: input)
    let decoded = try JSONSerialization.jsonObject(with: output) as? [Any] ?? []
    return decoded.map { $0 as? String }
  }

  static func run(_ arguments: [String], stdin: Data? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardInput = inPipe
    try process.run()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try inPipe.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }

  static var stdlibPath: String { stdlibPath(.py311) }

  static func stdlibPath(_ version: PythonVersion) -> String {
    let python = interpreter(version) ?? ["python3"]
    let script = "import sysconfig; print(sysconfig.get_paths()['stdlib'])"
    let data = (try? run(python + ["-c", script])) ?? Data()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
