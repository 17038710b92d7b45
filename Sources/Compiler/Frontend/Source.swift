import Foundation

/// A Python source file decoded to UTF-8 with newlines normalised to `\n`, as CPython's tokenizer sees it.
public final class SourceFile: Sendable {
  public let path: String
  /// UTF-8 bytes after decoding, BOM removal and newline translation.
  public let bytes: [UInt8]
  /// Byte offset of the start of each line (index 0 is line 1).
  public let lineStarts: [Int]
  /// Offsets of bytes that are not valid UTF-8 (normally none). CPython accepts them in comments only.
  public let invalidUTF8Offsets: [Int]

  /// Decodes raw file bytes. Throws a located diagnostic for a bad encoding declaration or undecodable bytes.
  public init(path: String, data: [UInt8]) throws(Diagnostic) {
    self.path = path
    if let problem = SourceFile.sizeProblem(data.count, path: path) { throw problem }
    let decoded = try SourceFile.decode(data, path: path)
    // Decoding Latin-1 can double the size.
    if let problem = SourceFile.sizeProblem(decoded.count, path: path) { throw problem }
    self.bytes = decoded
    var starts = [0]
    starts.reserveCapacity(decoded.count / 32 + 1)
    for (i, b) in decoded.enumerated() where b == 10 { starts.append(i + 1) }
    self.lineStarts = starts
    self.invalidUTF8Offsets = SourceFile.invalidUTF8Offsets(decoded)
  }

  public convenience init(path: String, text: String) throws(Diagnostic) {
    try self.init(path: path, data: Array(text.utf8))
  }

  /// Token offsets and columns are Int32: a larger file would trap when it is tokenized.
  public static let maxBytes = Int(Int32.max)

  /// The diagnostic for a file of `count` bytes, when that is more than `maxBytes`.
  public static func sizeProblem(_ count: Int, path: String) -> Diagnostic? {
    guard count > maxBytes else { return nil }
    return Diagnostic(
      message: "the file is too large: \(count) bytes, more than the \(maxBytes) a source file may have",
      location: SourceLocation(line: 1, column: 0), path: path,
      hint: "this is not a Python module anyone can import; exclude it, or split it")
  }

  public static func read(path: String) throws(Diagnostic) -> SourceFile {
    // Measured before reading: a huge file is refused without loading it.
    var info = stat()
    if stat(path, &info) == 0, let problem = sizeProblem(Int(info.st_size), path: path) { throw problem }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw Diagnostic(
        message: "cannot read file", location: SourceLocation(line: 1, column: 0), path: path,
        hint: "check that the path exists and is readable")
    }
    return try SourceFile(path: path, data: [UInt8](data))
  }

  /// The bytes of line `line` (1-based) without its newline.
  public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
    guard line >= 1, line <= lineStarts.count else { return [] }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] : bytes.count
    if end > start, bytes[end - 1] == 10 { end -= 1 }
    return bytes[start..<end]
  }

  public func lineText(_ line: Int) -> String {
    String(decoding: lineBytes(line), as: UTF8.self)
  }

  /// 1-based column in code points for a 0-based UTF-8 byte column on `line`.
  public func codePointColumn(line: Int, byteColumn: Int) -> Int {
    let lineSlice = lineBytes(line)
    var count = 0
    var i = lineSlice.startIndex
    let stop = min(lineSlice.startIndex + max(byteColumn, 0), lineSlice.endIndex)
    while i < stop {
      if lineSlice[i] & 0xC0 != 0x80 { count += 1 }
      i += 1
    }
    // Past the end of the line (an error at end of file, say), keep counting one per byte.
    if byteColumn > lineSlice.count { count += byteColumn - lineSlice.count }
    return count + 1
  }

  // MARK: - Decoding (PEP 263 and PEP 3120)

  static func decode(_ data: [UInt8], path: String) throws(Diagnostic) -> [UInt8] {
    var raw = data[...]
    var hadBOM = false
    if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
      raw = raw.dropFirst(3)
      hadBOM = true
    }
    if raw.contains(0) {
      throw Diagnostic(
        message: "source code cannot contain null bytes", location: firstNull(raw), path: path)
    }
    var encoding = "utf-8"
    if let (name, line) = codingCookie(raw) {
      encoding = normalizedEncodingName(name)
      // CPython only folds "utf-8" and "utf-8-*" here, so a BOM with "utf8" is an error there too.
      let strict = name.lowercased().replacingOccurrences(of: "_", with: "-")
      if hadBOM && strict != "utf-8" && !strict.hasPrefix("utf-8-") {
        throw Diagnostic(
          message: "encoding problem: \(name) with BOM", location: SourceLocation(line: Int32(line), column: 0),
          path: path)
      }
    }
    var utf8: [UInt8]
    switch encoding {
    case "utf-8":
      // Invalid bytes are kept: CPython only rejects them inside tokens (see Parser.checkUTF8), not in comments.
      utf8 = Array(raw)
    case "iso-8859-1":
      utf8 = []
      utf8.reserveCapacity(raw.count + raw.count / 8)
      for b in raw { appendUTF8(UInt32(b), to: &utf8) }
    case "ascii", "us-ascii":
      if let i = raw.firstIndex(where: { $0 >= 0x80 }) {
        throw Diagnostic(
          message: "non-ASCII byte 0x\(String(raw[i], radix: 16)) in a file declared 'ascii'",
          location: location(ofByte: i - raw.startIndex, in: Array(raw)), path: path)
      }
      utf8 = Array(raw)
    default:
      guard let table = SingleByteCodecs.tables[SingleByteCodecs.aliases[encoding] ?? encoding] else {
        throw Diagnostic(
          message: "unsupported source encoding '\(encoding)'", location: SourceLocation(line: 1, column: 0),
          path: path,
          hint: "thran reads utf-8, latin-1, ascii and single-byte iso-8859-N, cp125x, koi8 and mac-roman sources; "
            + "re-encode the file as UTF-8"
        )
      }
      utf8 = []
      utf8.reserveCapacity(raw.count + raw.count / 4)
      for (i, b) in zip(raw.indices, raw) {
        if b < 0x80 {
          utf8.append(b)
          continue
        }
        let scalar = table[Int(b) - 0x80]
        if scalar == 0 {
          throw Diagnostic(
            message: "byte 0x\(String(b, radix: 16)) is undefined in \(encoding)",
            location: location(ofByte: i - raw.startIndex, in: Array(raw)), path: path)
        }
        appendUTF8(scalar, to: &utf8)
      }
    }
    return translateNewlines(utf8)
  }
  private static func firstNull(_ raw: ArraySlice<UInt8>) -> SourceLocation {
    let bytes = Array(raw)
    return location(ofByte: bytes.firstIndex(of: 0) ?? 0, in: bytes)
  }

  static func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
    var line: Int32 = 1
    var lineStart = 0
    // A lone CR ends a line too, as in the tokenizer; CRLF is one line end.
    for i in 0..<min(offset, bytes.count)
    where bytes[i] == 10 || (bytes[i] == 13 && bytes.indices.contains(i + 1) && bytes[i + 1] != 10) {
      line += 1
      lineStart = i + 1
    }
    return SourceLocation(line: line, column: Int32(offset - lineStart))
  }

  /// PEP 263: `coding[:=]` in a comment on line 1, or on line 2 when line 1 is only a comment or blank.
  static func codingCookie(_ raw: ArraySlice<UInt8>) -> (String, Int)? {
    var lineStart = raw.startIndex
    for lineNumber in 1...2 {
      guard lineStart < raw.endIndex else { return nil }
      let lineEnd = raw[lineStart...].firstIndex(where: { $0 == 10 || $0 == 13 }) ?? raw.endIndex
      let line = raw[lineStart..<lineEnd]
      var i = line.startIndex
      while i < line.endIndex, line[i] == 32 || line[i] == 9 || line[i] == 12 { i += 1 }
      if i < line.endIndex, line[i] == UInt8(ascii: "#") {
        if let name = cookieName(line[i...]) { return (name, lineNumber) }
      } else if i < line.endIndex {
        return nil  // Line 1 holds code: line 2 is not looked at.
      }
      lineStart = lineEnd
      if lineStart < raw.endIndex, raw[lineStart] == 13 { lineStart += 1 }
      if lineStart < raw.endIndex, raw[lineStart] == 10 { lineStart += 1 }
    }
    return nil
  }

  private static func cookieName(_ comment: ArraySlice<UInt8>) -> String? {
    let key: [UInt8] = Array("coding".utf8)
    var i = comment.startIndex
    while i + key.count < comment.endIndex {
      if comment[i..<(i + key.count)].elementsEqual(key) {
        var j = i + key.count
        if comment[j] == UInt8(ascii: ":") || comment[j] == UInt8(ascii: "=") {
          j += 1
          while j < comment.endIndex, comment[j] == 32 || comment[j] == 9 { j += 1 }
          let nameStart = j
          while j < comment.endIndex {
            let c = comment[j]
            let ok =
              (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 || c == 46
            if !ok { break }
            j += 1
          }
          if j > nameStart { return String(decoding: comment[nameStart..<j], as: UTF8.self) }
        }
      }
      i += 1
    }
    return nil
  }

  static func normalizedEncodingName(_ name: String) -> String {
    let n = name.lowercased().replacingOccurrences(of: "_", with: "-")
    if n == "utf-8" || n.hasPrefix("utf-8-") || n == "utf8" { return "utf-8" }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1", "latin1", "iso8859-1", "l1"]
    where n == latin || n.hasPrefix(latin + "-") {
      return "iso-8859-1"
    }
    return n
  }

  static func invalidUTF8Offsets(_ b: [UInt8]) -> [Int] {
    var result: [Int] = []
    var start = 0
    while start < b.count, let bad = firstInvalidUTF8(b, from: start) {
      result.append(bad)
      start = bad + 1
    }
    return result
  }

  /// Index of the first byte at or after `from` that does not start or continue a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ b: [UInt8], from: Int = 0) -> Int? {
    var i = from
    let n = b.count
    while i < n {
      let c = b[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var minScalar: UInt32 = 0
      var scalar: UInt32 = 0
      if c & 0xE0 == 0xC0 {
        need = 1
        minScalar = 0x80
        scalar = UInt32(c & 0x1F)
      } else if c & 0xF0 == 0xE0 {
        need = 2
        minScalar = 0x800
        scalar = UInt32(c & 0x0F)
      } else if c & 0xF8 == 0xF0 {
        need = 3
        minScalar = 0x10000
        scalar = UInt32(c & 0x07)
      } else {
        return i
      }
      if i + need >= n { return i }
      for k in 1...need {
        guard i + k < n, b[i + k] & 0xC0 == 0x80 else { return i }
        scalar = scalar << 6 | UInt32(b[i + k] & 0x3F)
      }
      if scalar < minScalar || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
      i += need + 1
    }
    return nil
  }

  static func translateNewlines(_ b: [UInt8]) -> [UInt8] {
    guard b.contains(13) else { return b }
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
      if b[i] == 13 {
        out.append(10)
        if i + 1 < b.count, b[i + 1] == 10 { i += 1 }
      } else {
        out.append(b[i])
      }
      i += 1
    }
    return out
  }
}

@inline(__always)
func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
  switch scalar {
  case 0..<0x80:
    out.append(UInt8(scalar))
  case 0x80..<0x800:
    out.append(UInt8(0xC0 | (scalar >> 6)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  case 0x800..<0x10000:
    out.append(UInt8(0xE0 | (scalar >> 12)))
    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  default:
    out.append(UInt8(0xF0 | (scalar >> 18)))
    out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (scalar & 0x3F)))
  }
}
