import Compiler
import Foundation

// Parses every .py file under a directory (default: the python3 stdlib) in one process, single-threaded,
// and prints lines per second. Reading files is outside the timed region; decoding, lexing and parsing are in.
func stdlibPath() -> String {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]
  let pipe = Pipe()
  process.standardOutput = pipe
  try? process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : stdlibPath()
var files: [(String, [UInt8])] = []
if let walker = FileManager.default.enumerator(atPath: root) {
  while let rel = walker.nextObject() as? String {
    if rel.contains("site-packages") || rel.contains("__pycache__") || !rel.hasSuffix(".py") { continue }
    let path = root + "/" + rel
    if let data = FileManager.default.contents(atPath: path) { files.append((path, [UInt8](data))) }
  }
}
let lines = files.reduce(0) { $0 + $1.1.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
let bytes = files.reduce(0) { $0 + $1.1.count }

@MainActor func runOnce() -> (Double, Int) {
  var failures = 0
  let start = DispatchTime.now().uptimeNanoseconds
  for (path, data) in files {
    do {
      let source = try SourceFile(path: path, data: data)
      _ = try Parser.parse(source)
    } catch {
      failures += 1
    }
  }
  return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, failures)
}

_ = runOnce()  // warm-up (page faults, lazy tables)
var best = Double.infinity
var failures = 0
for _ in 0..<3 {
  let (t, f) = runOnce()
  best = min(best, t)
  failures = f
}
print(
  "files: \(files.count) (\(failures) rejected as invalid), lines: \(lines), MB: \(String(format: "%.1f", Double(bytes) / 1e6))"
)
print(String(format: "parse time (best of 3, 1 thread): %.3f s", best))
print(String(format: "lines per second: %.0f", Double(lines) / best))
print(String(format: "target 500000 lines/s: %@", Double(lines) / best >= 500_000 ? "met" : "NOT met"))
