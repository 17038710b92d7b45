import Compiler

/// TL901: a `# noqa` suppresses nothing.
public enum UnusedNoqa {
  public static let code = "TL901"
  public static let name = "unused-noqa"
  public static let summary = "a `# noqa: TLnnn` comment suppresses nothing"

  /// One diagnostic per listed TL code that matched no finding on its line.
  static func check(_ directive: NoqaDirective, used: Set<String>, path: String) -> [Diagnostic] {
    guard let codes = directive.codes else { return [] }
    let unused = codes.filter { $0.hasPrefix("TL") && !used.contains($0) }
    guard !unused.isEmpty else { return [] }
    var d = Diagnostic(
      severity: .error,
      message: "unused noqa directive: \(unused.joined(separator: ", ")) reported nothing on this line",
      range: directive.range, path: path, hint: "remove the code from the comment", code: code)
    let remaining = codes.filter { !unused.contains($0) }
    let replacement = remaining.isEmpty ? "" : "# noqa: " + remaining.joined(separator: ", ")
    d.fix = Fix(message: "remove unused codes", edits: [Fix.Edit(range: directive.range, replacement: replacement)])
    return [d]
  }
}

/// A `# noqa` or `# noqa: TL203, TL207` comment on one line.
struct NoqaDirective {
  var line: Int
  var range: SourceRange
  /// nil for a bare `# noqa` (suppresses everything on the line).
  var codes: [String]?

  /// Finds the directives of a file, ignoring `#` inside strings.
  static func scan(_ source: SourceFile) -> [Int: NoqaDirective] {
    var result: [Int: NoqaDirective] = [:]
    let needle = Array("noqa".utf8)
    guard source.bytes.containsBytes(needle) else { return result }
    for line in 1...max(1, source.lineStarts.count) {
      let bytes = Array(source.lineBytes(line))
      guard bytes.containsBytes(needle), let hash = commentStart(bytes) else { continue }
      let comment = Array(bytes[hash...])
      guard
        let (offset, length) = comment.offset(ofBytes: Array("# noqa".utf8)).map({ ($0, 6) })
          ?? comment.offset(ofBytes: Array("#noqa".utf8)).map({ ($0, 5) })
      else { continue }
      let found = (hash + offset)..<(hash + offset + length)
      var end = found.upperBound
      var codes: [String]?
      var i = end
      while i < bytes.count, bytes[i] == UInt8(ascii: " ") { i += 1 }
      if i < bytes.count, bytes[i] == UInt8(ascii: ":") {
        i += 1
        var list: [String] = []
        while true {
          while i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: ",") { i += 1 }
          var j = i
          while j < bytes.count, (bytes[j] >= 48 && bytes[j] <= 57) || (bytes[j] >= 65 && bytes[j] <= 90) { j += 1 }
          guard j > i else { break }
          list.append(String(decoding: bytes[i..<j], as: UTF8.self))
          i = j
          end = j
        }
        codes = list.isEmpty ? nil : list
      }
      let range = SourceRange(
        start: SourceLocation(line: Int32(line), column: Int32(found.lowerBound)),
        end: SourceLocation(line: Int32(line), column: Int32(end)))
      result[line] = NoqaDirective(line: line, range: range, codes: codes)
    }
    return result
  }

  /// The offset of the `#` starting a comment, skipping quoted text on the line.
  static func commentStart(_ bytes: [UInt8]) -> Int? {
    var quote: UInt8?
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      if let q = quote {
        if b == UInt8(ascii: "\\") {
          i += 1
        } else if b == q {
          quote = nil
        }
      } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
        quote = b
      } else if b == UInt8(ascii: "#") {
        return i
      }
      i += 1
    }
    return nil
  }
}
