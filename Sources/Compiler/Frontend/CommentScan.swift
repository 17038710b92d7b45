/// One comment token of a file: from its `#` to the end of its line, as Python's tokenizer sees it.
public struct Comment: Sendable, Equatable {
  /// 1-based line.
  public var line: Int
  /// 0-based UTF-8 byte column of the `#` on its line.
  public var column: Int
  /// The comment's bytes from `#` up to (not including) the newline.
  public var text: [UInt8]
  /// True when only blanks precede the comment on its line (a comment line, not a trailing comment).
  public var ownLine: Bool
  /// Byte column where the run of blanks before the `#` starts (the end of the code before it).
  public var blanksStart: Int
}

/// The comment tokens of a file, found from the lexer's tokens: a comment is a `#` in the gap between two
/// tokens, so text inside strings, docstrings and f-strings is never taken for one. Exports, `# noqa` and
/// other pragmas all read comments from here.
public enum CommentScan {
  /// Every comment of `source` in order, or nil when the file does not tokenize (its comments are unknown).
  public static func comments(in source: SourceFile, version: PythonVersion = .newest) -> [Comment]? {
    guard source.bytes.contains(UInt8(ascii: "#")) else { return [] }
    // The version matters: from 3.12 a `#` inside an f-string's replacement field starts a comment.
    guard let tokens = try? Lexer.tokenize(source, version: version) else { return nil }
    var result: [Comment] = []
    var cursor = 0
    for token in tokens {
      let start = Int(token.start)
      if start > cursor { scanGap(cursor..<min(start, source.bytes.count), in: source, into: &result) }
      cursor = max(cursor, Int(token.end))
    }
    if cursor < source.bytes.count { scanGap(cursor..<source.bytes.count, in: source, into: &result) }
    return result
  }

  /// Comments whose text contains `needle` (a cheap filter first: most files never mention it).
  public static func comments(in source: SourceFile, mentioning needle: String) -> [Comment]? {
    guard source.bytes.containsBytes(Array(needle.utf8)) else { return [] }
    return comments(in: source)?.filter { $0.text.containsBytes(Array(needle.utf8)) }
  }

  /// Lines that hold only a comment (and blanks), outside every string; nil when the file does not tokenize.
  public static func commentLines(in source: SourceFile) -> Set<Int>? {
    comments(in: source).map { Set($0.filter(\.ownLine).map(\.line)) }
  }

  /// Between tokens there are only blanks, newlines, line continuations and comments.
  static func scanGap(_ gap: Range<Int>, in source: SourceFile, into result: inout [Comment]) {
    let bytes = source.bytes
    var i = gap.lowerBound
    while i < gap.upperBound {
      guard bytes[i] == UInt8(ascii: "#") else {
        i += 1
        continue
      }
      var end = i
      while end < bytes.count, bytes[end] != 10 { end += 1 }
      result.append(comment(from: i, to: end, in: source))
      i = end
    }
  }

  static func comment(from start: Int, to end: Int, in source: SourceFile) -> Comment {
    let bytes = source.bytes
    let line = lineNumber(ofOffset: start, in: source)
    let lineStart = line - 1 < source.lineStarts.count ? source.lineStarts[line - 1] : 0
    var blanks = start
    while blanks > lineStart, bytes[blanks - 1] == 32 || bytes[blanks - 1] == 9 || bytes[blanks - 1] == 12 {
      blanks -= 1
    }
    return Comment(
      line: line, column: start - lineStart, text: Array(bytes[start..<end]), ownLine: blanks == lineStart,
      blanksStart: blanks - lineStart)
  }

  /// 1-based line holding byte `offset` (binary search over the line starts).
  static func lineNumber(ofOffset offset: Int, in source: SourceFile) -> Int {
    var lo = 0
    var hi = source.lineStarts.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if source.lineStarts[mid] <= offset { lo = mid + 1 } else { hi = mid }
    }
    return max(1, lo)
  }
}

/// The `# noqa` directives of one comment token: `# noqa` (everything on the line) or `# noqa: TL203, E501`.
/// A comment may hold several (`# noqa: TL203  # noqa: E501`); the line's codes are all of theirs.
public struct NoqaDirective: Sendable {
  /// One `#[ ]noqa[: CODES]` inside the comment; offsets index `comment.text`.
  struct Part: Sendable {
    var start: Int
    var end: Int
    var codes: [String]?
    /// Where each of `codes` is in `comment.text`, in the same order.
    var codeRanges: [Range<Int>] = []
  }

  public var comment: Comment
  var parts: [Part]

  public var line: Int { comment.line }
  /// From the first directive's `#` to the end of its last code.
  public var range: SourceRange {
    let first = parts.first
    return SourceRange(
      start: SourceLocation(line: Int32(line), column: Int32(comment.column + (first?.start ?? 0))),
      end: SourceLocation(line: Int32(line), column: Int32(comment.column + (first?.end ?? 0))))
  }
  /// nil when one of the directives is bare (it suppresses everything on the line).
  public var codes: [String]? {
    var all: [String] = []
    for part in parts {
      guard let codes = part.codes else { return nil }
      all += codes
    }
    return all
  }

  /// The directives of every comment of `source`, by line; nil when the file does not tokenize.
  public static func scan(_ source: SourceFile, version: PythonVersion = .newest) -> [Int: NoqaDirective]? {
    // The cheap filter is as case-blind as the directive itself (`# NoQa` is one).
    guard source.bytes.containsASCIILettersIgnoringCase(Array("noqa".utf8)) else { return [:] }
    guard let comments = CommentScan.comments(in: source, version: version) else { return nil }
    var result: [Int: NoqaDirective] = [:]
    for comment in comments {
      if let directive = NoqaDirective(comment) { result[comment.line] = directive }
    }
    return result
  }

  public init?(_ comment: Comment) {
    self.comment = comment
    parts = []
    var i = 0
    let text = comment.text
    while i < text.count {
      if text[i] == UInt8(ascii: "#"), let part = NoqaDirective.part(at: i, in: text) {
        parts.append(part)
        i = part.end
      } else {
        i += 1
      }
    }
    if parts.isEmpty { return nil }
  }

  /// `#`, blanks, `noqa` as a word (any case), then optionally `:` and codes (`[A-Z]+[0-9]+`, comma or blank
  /// separated). A colon followed by no code reads as bare, as it always has.
  static func part(at hash: Int, in text: [UInt8]) -> Part? {
    var j = hash + 1
    while j < text.count, text[j] == 32 || text[j] == 9 { j += 1 }
    guard j + 4 <= text.count, text[j..<(j + 4)].map({ $0 | 0x20 }) == Array("noqa".utf8) else { return nil }
    j += 4
    guard j == text.count || !isWordByte(text[j]) else { return nil }
    var part = Part(start: hash, end: j)
    var k = j
    while k < text.count, text[k] == 32 || text[k] == 9 { k += 1 }
    guard k < text.count, text[k] == UInt8(ascii: ":") else { return part }
    k += 1
    var codes: [String] = []
    while true {
      while k < text.count, text[k] == 32 || text[k] == 9 || text[k] == UInt8(ascii: ",") { k += 1 }
      guard let end = codeEnd(at: k, in: text) else { break }
      codes.append(String(decoding: text[k..<end], as: UTF8.self))
      part.codeRanges.append(k..<end)
      part.end = end
      k = end
    }
    if !codes.isEmpty { part.codes = codes }
    return part
  }

  /// The end of a rule code (`TL203`, `E501`) starting at `i`, if one does.
  static func codeEnd(at i: Int, in text: [UInt8]) -> Int? {
    var j = i
    while j < text.count, text[j] >= 65 && text[j] <= 90 { j += 1 }
    let letters = j
    while j < text.count, text[j] >= 48 && text[j] <= 57 { j += 1 }
    guard letters > i, j > letters, j == text.count || !isWordByte(text[j]) else { return nil }
    return j
  }

  static func isWordByte(_ b: UInt8) -> Bool {
    (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 128
  }
}

extension NoqaDirective.Part {
  /// The directive's `#` with the blanks written after it, which prose left behind keeps (`#\tnoqa: X why`
  /// becomes `#\twhy`); a `#` written without one gets a space (`#noqa:X why` becomes `# why`).
  func hashAndBlanks(of text: [UInt8]) -> [UInt8] {
    var j = start + 1
    while j < end, text[j] == 32 || text[j] == 9 { j += 1 }
    return j == start + 1 ? Array("# ".utf8) : Array(text[start..<j])
  }

  /// The directive's bytes up to its last code with only the codes `keep` marks, every kept byte as it was:
  /// a kept code keeps the separator written before it (the first kept one, none), so `# noqa:TL201 TL207`
  /// stays spelled that way when a code between them goes.
  func keeping(_ keep: [Bool], of text: [UInt8]) -> [UInt8] {
    guard let firstCode = codeRanges.first else { return Array(text[start..<end]) }
    var out = Array(text[start..<firstCode.lowerBound])
    var wroteOne = false
    for (n, range) in codeRanges.enumerated() where n < keep.count && keep[n] {
      if wroteOne { out += text[codeRanges[n - 1].upperBound..<range.lowerBound] }
      out += text[range]
      wroteOne = true
    }
    return out
  }
}

extension NoqaDirective {
  /// The edit that drops `unused` codes and keeps everything else of the comment a comment: prose after a
  /// removed directive stays as `# prose`; a comment left empty goes, with the blanks before it. nil when no
  /// edit is safe (the prose would itself read as a directive, or is not UTF-8).
  public func removing(_ unused: Set<String>) -> Fix.Edit? {
    let text = comment.text
    var out: [UInt8] = []
    out += text[0..<(parts.first?.start ?? 0)]
    for (n, part) in parts.enumerated() {
      let tailEnd = n + 1 < parts.count ? parts[n + 1].start : text.count
      let tail = Array(text[part.end..<tailEnd])
      guard let codes = part.codes, codes.contains(where: unused.contains) else {
        out += text[part.start..<tailEnd]
        continue
      }
      if codes.contains(where: { !unused.contains($0) }) {
        out += part.keeping(codes.map { !unused.contains($0) }, of: text) + tail
        continue
      }
      let prose = Array(tail.drop { $0 == 32 || $0 == 9 || $0 == UInt8(ascii: ",") })
      if prose.isEmpty { continue }
      if prose.first == UInt8(ascii: "#") {
        out += prose
      } else {
        out += part.hashAndBlanks(of: text) + prose
      }
    }
    while let last = out.last, last == 32 || last == 9 || last == 12 { out.removeLast() }
    guard let replacement = String(validating: out, as: UTF8.self) else { return nil }
    // The rewritten comment must hold exactly the directives that were kept, never one made of prose.
    let keptParts = parts.filter { part in part.codes.map { !$0.allSatisfy(unused.contains) } ?? true }
    let after = NoqaDirective(Comment(line: line, column: 0, text: out, ownLine: false, blanksStart: 0))
    guard (after?.parts.count ?? 0) == keptParts.count else { return nil }
    let start = out.isEmpty ? comment.blanksStart : comment.column
    return Fix.Edit(
      range: SourceRange(
        start: SourceLocation(line: Int32(line), column: Int32(start)),
        end: SourceLocation(line: Int32(line), column: Int32(comment.column + text.count))),
      replacement: replacement)
  }
}
