import Foundation

/// Asks the real python3 for `ast.dump` of each snippet (nil where CPython raises SyntaxError).
enum CPython {
  static func dumps(_ sources: [String], attributes: Bool) throws -> [String?] {
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
    let output = try run(["python3", "-c", script], stdin: input)
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

  static var stdlibPath: String {
    let data = (try? run(["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"])) ?? Data()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
