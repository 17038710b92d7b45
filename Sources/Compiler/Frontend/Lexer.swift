import Foundation

/// Python's tokenizer over UTF-8 bytes: INDENT/DEDENT, implicit and explicit line joining, tabs and form
/// feeds in indentation, every numeric and string literal form. Produces the whole token array up front. For
/// Python 3.11 an f-string is one STRING token (its fields are re-lexed by the parser); from 3.12 on (PEP 701)
/// it is FSTRING_START, FSTRING_MIDDLE and the field's own tokens, FSTRING_END.
public struct Lexer {
  let buf: [UInt8]
  let path: String
  /// Added to every line number (f-string expressions are lexed from a copy placed inside the real file).
  let lineOffset: Int32
  /// Added to columns on the buffer's first line only, as CPython does for f-string expressions.
  let firstLineColumnOffset: Int32

  var pos = 0
  var line: Int32 = 1
  var lineStart = 0
  var indents: [(col: Int, altcol: Int)] = [(0, 0)]
  var parens: [(kind: UInt8, token: Token)] = []
  var atLineStart = true
  var tokens: [Token] = []
  /// PEP 701 tokenization (Python 3.12 and later); t-strings are lexed too, the parser gates them on 3.14.
  let splitsFStrings: Bool
  let version: PythonVersion
  /// The f-strings being lexed, innermost last.
  var fstrings: [FStringMode] = []
  /// Uses of 3.12 f-string syntax, for a 3.11 target's message: CPython 3.11 rejects each of them.
  public private(set) var features: [(feature: SyntaxFeature, range: SourceRange)] = []

  public init(
    bytes: [UInt8], path: String, lineOffset: Int32 = 0, firstLineColumnOffset: Int32 = 0,
    version: PythonVersion = .newest
  ) {
    self.buf = bytes
    self.path = path
    self.lineOffset = lineOffset
    self.firstLineColumnOffset = firstLineColumnOffset
    self.splitsFStrings = version >= .py312
    self.version = version
  }

  public static func tokenize(_ source: SourceFile, version: PythonVersion = .newest) throws(Diagnostic) -> [Token] {
    var lexer = Lexer(bytes: source.bytes, path: source.path, version: version)
    return try lexer.run()
  }

  // MARK: - Helpers

  @inline(__always) func peek(_ k: Int = 0) -> UInt8 {
    let i = pos + k
    return i < buf.count ? buf[i] : 0
  }

  func location(atOffset offset: Int, line l: Int32, lineStart ls: Int) -> SourceLocation {
    let column = Int32(offset - ls)
    return SourceLocation(line: l + lineOffset, column: l == 1 ? column + firstLineColumnOffset : column)
  }

  func error(_ message: String, at offset: Int, hint: String? = nil) -> Diagnostic {
    Diagnostic(
      message: message, location: location(atOffset: offset, line: line, lineStart: lineStart), path: path, hint: hint)
  }

  mutating func emit(_ kind: TokenKind, from start: Int, line startLine: Int32, lineStart startLineStart: Int) {
    var s = location(atOffset: start, line: startLine, lineStart: startLineStart)
    // CPython 3.11 shifts a re-lexed f-string expression's columns only while its tokenizer is on the first
    // line: a token that starts there and ends on a later line keeps its unshifted start column.
    if startLine == 1 && line != 1 { s.column -= firstLineColumnOffset }
    let e = location(atOffset: pos, line: line, lineStart: lineStart)
    tokens.append(
      Token(
        kind: kind, start: Int32(start), end: Int32(pos), line: s.line, column: s.column, endLine: e.line,
        endColumn: e.column))
  }

  mutating func newLine(at offsetAfterNewline: Int) {
    line += 1
    lineStart = offsetAfterNewline
  }

  // MARK: - Main loop

  public mutating func run() throws(Diagnostic) -> [Token] {
    tokens.reserveCapacity(buf.count / 4 + 16)
    let n = buf.count
    while true {
      if let mode = fstrings.last, mode.fields.last?.inSpec ?? true {
        try lexFStringMiddle()
        continue
      }
      if atLineStart && parens.isEmpty {
        if try handleIndentation() { continue }
      }
      atLineStart = false
      // Skip spaces, tabs, form feeds.
      while pos < n, buf[pos] == 32 || buf[pos] == 9 || buf[pos] == 12 { pos += 1 }
      guard pos < n else { break }
      let c = buf[pos]
      if c == UInt8(ascii: "#") {
        if !fstrings.isEmpty { noteFeature(.fstringComment, at: pos) }
        while pos < n, buf[pos] != 10 { pos += 1 }
        continue
      }
      if c == 10 {
        let start = pos
        pos += 1
        if parens.isEmpty {
          emit(.newline, from: start, line: line, lineStart: lineStart)
          atLineStart = true
        }
        newLine(at: pos)
        continue
      }
      if c == UInt8(ascii: "\\") {
        if !fstrings.isEmpty { noteFeature(.fstringBackslash, at: pos) }
        if pos + 1 < n, buf[pos + 1] == 10 {
          pos += 2
          newLine(at: pos)
          if pos >= n { throw error("unexpected EOF while parsing", at: pos) }
          continue
        }
        if pos + 1 >= n { throw error("unexpected EOF while parsing", at: pos) }
        throw error("unexpected character after line continuation character", at: pos + 1)
      }
      try lexToken()
    }
    // End of input: close the last logical line, then unwind indentation.
    if let open = parens.last {
      let text = String(UnicodeScalar(open.kind))
      throw Diagnostic(message: "'\(text)' was never closed", range: open.token.range, path: path)
    }
    if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
      emit(.newline, from: pos, line: line, lineStart: lineStart)
    }
    while indents.count > 1 {
      indents.removeLast()
      emit(.dedent, from: pos, line: line, lineStart: lineStart)
    }
    emit(.endMarker, from: pos, line: line, lineStart: lineStart)
    return tokens
  }

  /// Measures the indentation of a new logical line. Returns true when the line was blank or a comment and has
  /// been consumed (those lines never affect indentation).
  mutating func handleIndentation() throws(Diagnostic) -> Bool {
    var col = 0
    var altcol = 0
    // Indentation does not continue over a backslash: the column of the first one that has blanks before it
    // is the line's (CPython's `cont_line_col`, where 0 means "none yet").
    var continuationColumn = 0
    let n = buf.count
    while pos < n {
      let c = buf[pos]
      if c == 32 {
        col += 1
        altcol += 1
      } else if c == 9 {
        col = (col / 8 + 1) * 8
        altcol += 1
      } else if c == 12 {
        col = 0
        altcol = 0
      } else if c == UInt8(ascii: "\\"), pos + 1 < n, buf[pos + 1] == 10 {
        if continuationColumn == 0 { continuationColumn = col }
        pos += 2
        newLine(at: pos)
        if pos >= n { throw error("unexpected EOF while parsing", at: pos) }
        continue
      } else {
        break
      }
      pos += 1
    }
    if continuationColumn != 0 {
      col = continuationColumn
      altcol = continuationColumn
    }
    if pos >= n {
      return false
    }
    let c = buf[pos]
    if c == UInt8(ascii: "#") || c == 10 {
      while pos < n, buf[pos] != 10 { pos += 1 }
      if pos < n {
        pos += 1
        newLine(at: pos)
      }
      return true
    }
    atLineStart = false
    try applyIndent(col: col, altcol: altcol)
    return false
  }

  mutating func applyIndent(col: Int, altcol: Int) throws(Diagnostic) {
    guard let top = indents.last else { return }
    if col == top.col {
      if altcol != top.altcol {
        throw error("inconsistent use of tabs and spaces in indentation", at: pos)
      }
    } else if col > top.col {
      if altcol <= top.altcol {
        throw error("inconsistent use of tabs and spaces in indentation", at: pos)
      }
      if indents.count >= 100 {
        throw error("too many levels of indentation", at: pos)
      }
      indents.append((col, altcol))
      emit(.indent, from: lineStart, line: line, lineStart: lineStart)
    } else {
      while let last = indents.last, indents.count > 1, col < last.col {
        indents.removeLast()
        emit(.dedent, from: pos, line: line, lineStart: lineStart)
      }
      guard let last = indents.last, col == last.col else {
        throw error("unindent does not match any outer indentation level", at: pos)
      }
      if altcol != last.altcol {
        throw error("inconsistent use of tabs and spaces in indentation", at: pos)
      }
    }
  }

  // MARK: - Tokens

  // Range tests rather than global tables: a global is reached through a lazy-initialisation check on
  // every access, which showed in profiles of linting whole trees.
  @inline(__always) static func isIdentStart(_ b: UInt8) -> Bool {
    let lower = b | 0x20
    return (lower >= 97 && lower <= 122) || b == 95 || b >= 128
  }
  @inline(__always) static func isIdentContinue(_ b: UInt8) -> Bool {
    isIdentStart(b) || (b >= 48 && b <= 57)
  }

  mutating func lexToken() throws(Diagnostic) {
    let start = pos
    let c = buf[pos]
    if Lexer.isIdentStart(c) {
      // A string prefix followed by a quote starts a string.
      if let quoteAt = stringPrefixEnd(at: pos) {
        pos = quoteAt
        if splitsFStrings,
          buf[start..<quoteAt].contains(where: { $0 | 0x20 == UInt8(ascii: "f") || $0 | 0x20 == UInt8(ascii: "t") })
        {
          try lexFStringStart(from: start)
        } else {
          try lexString(from: start)
        }
        return
      }
      try lexName(from: start)
      return
    }
    if c >= 48 && c <= 57 || (c == UInt8(ascii: ".") && peek(1) >= 48 && peek(1) <= 57) {
      try lexNumber(from: start)
      return
    }
    if c == 34 || c == 39 {
      try lexString(from: start)
      return
    }
    try lexOperator(from: start)
  }

  /// If the letters at `i` are a valid string prefix directly followed by a quote, returns the quote's offset.
  func stringPrefixEnd(at i: Int) -> Int? {
    var j = i
    var sawB = false
    var sawR = false
    var sawU = false
    var sawF = false
    var sawT = false
    while j < buf.count {
      switch buf[j] {
      case UInt8(ascii: "b"), UInt8(ascii: "B"):
        if sawB || sawU || sawF || sawT { return nil }
        sawB = true
      case UInt8(ascii: "r"), UInt8(ascii: "R"):
        if sawR || sawU { return nil }
        sawR = true
      case UInt8(ascii: "u"), UInt8(ascii: "U"):
        if sawB || sawR || sawU || sawF || sawT { return nil }
        sawU = true
      case UInt8(ascii: "f"), UInt8(ascii: "F"):
        if sawB || sawU || sawF || sawT { return nil }
        sawF = true
      case UInt8(ascii: "t"), UInt8(ascii: "T"):
        // t-strings exist from 3.14; a 3.11 lexer reads `t'x'` as a name and a string, as 3.11 does.
        if !splitsFStrings || sawB || sawU || sawF || sawT { return nil }
        sawT = true
      case 34, 39:
        return j > i ? j : nil
      default:
        return nil
      }
      j += 1
    }
    return nil
  }

  mutating func lexName(from start: Int) throws(Diagnostic) {
    let n = buf.count
    var nonASCII = false
    while pos < n, Lexer.isIdentContinue(buf[pos]) {
      if buf[pos] >= 128 {
        nonASCII = true
        break
      }
      pos += 1
    }
    if nonASCII {
      // CPython takes every non-ASCII byte as part of a name, then checks the name (PEP 3131).
      while pos < n, Lexer.isIdentContinue(buf[pos]) { pos += 1 }
      var i = start
      while i < pos {
        let (scalar, len) = decodeUTF8Scalar(buf, at: i)
        if scalar >= 128 {
          if !isWellFormedUTF8(at: i) { throw invalidCharacter(scalar, at: i) }
          let props = Unicode.Scalar(scalar).flatMap { isKnownToPython($0, version) ? $0.properties : nil }
          let ok = i == start ? (props?.isXIDStart ?? false) : (props?.isXIDContinue ?? false)
          if !ok { throw invalidCharacter(scalar, at: i) }
        }
        i += len
      }
    }
    let kind = Lexer.keyword(buf, start, pos) ?? .name
    emit(kind, from: start, line: line, lineStart: lineStart)
  }

  func invalidCharacter(_ scalar: UInt32, at offset: Int) -> Diagnostic {
    // A byte that starts no valid UTF-8 sequence decodes to a made-up scalar (`\xff` read as U+1FE000).
    if !isWellFormedUTF8(at: offset) {
      let (message, hint) = Lexer.invalidUTF8(buf[offset])
      return error(message, at: offset, hint: hint)
    }
    let hex = String(scalar, radix: 16, uppercase: true)
    let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    if let s = Unicode.Scalar(scalar), isPrintable(s, version) {
      return error("invalid character '\(Character(s))' (U+\(padded))", at: offset)
    }
    return error("invalid non-printable character U+\(padded)", at: offset)
  }

  /// True when the bytes at `offset` are one well-formed UTF-8 sequence (`decodeUTF8Scalar` reads anything).
  func isWellFormedUTF8(at offset: Int) -> Bool {
    let end = offset + decodeUTF8Scalar(buf, at: offset).1
    return end <= buf.count && String(validating: buf[offset..<end], as: UTF8.self) != nil
  }

  /// The message and hint for a byte that is not UTF-8 outside a comment (the parser's token check says the same).
  static func invalidUTF8(_ byte: UInt8) -> (message: String, hint: String) {
    (
      "invalid UTF-8 byte 0x\(String(byte, radix: 16)) (the file is not valid UTF-8)",
      "save the file as UTF-8, or declare its encoding with '# -*- coding: latin-1 -*-'"
    )
  }

  static func keyword(_ b: [UInt8], _ s: Int, _ e: Int) -> TokenKind? {
    let len = e - s
    guard len >= 2, len <= 8 else { return nil }
    let c0 = b[s]
    @inline(__always) func eq(_ word: StaticString) -> Bool {
      guard word.utf8CodeUnitCount == len else { return false }
      let p = word.utf8Start
      for k in 1..<len where p[k] != b[s + k] { return false }
      return true
    }
    switch c0 {
    case UInt8(ascii: "F"): return eq("False") ? .kwFalse : nil
    case UInt8(ascii: "N"): return eq("None") ? .kwNone : nil
    case UInt8(ascii: "T"): return eq("True") ? .kwTrue : nil
    case UInt8(ascii: "a"):
      if eq("and") { return .kwAnd }
      if eq("as") { return .kwAs }
      if eq("assert") { return .kwAssert }
      if eq("async") { return .kwAsync }
      if eq("await") { return .kwAwait }
    case UInt8(ascii: "b"): return eq("break") ? .kwBreak : nil
    case UInt8(ascii: "c"):
      if eq("class") { return .kwClass }
      if eq("continue") { return .kwContinue }
    case UInt8(ascii: "d"):
      if eq("def") { return .kwDef }
      if eq("del") { return .kwDel }
    case UInt8(ascii: "e"):
      if eq("elif") { return .kwElif }
      if eq("else") { return .kwElse }
      if eq("except") { return .kwExcept }
    case UInt8(ascii: "f"):
      if eq("finally") { return .kwFinally }
      if eq("for") { return .kwFor }
      if eq("from") { return .kwFrom }
    case UInt8(ascii: "g"): return eq("global") ? .kwGlobal : nil
    case UInt8(ascii: "i"):
      if eq("if") { return .kwIf }
      if eq("import") { return .kwImport }
      if eq("in") { return .kwIn }
      if eq("is") { return .kwIs }
    case UInt8(ascii: "l"): return eq("lambda") ? .kwLambda : nil
    case UInt8(ascii: "n"):
      if eq("nonlocal") { return .kwNonlocal }
      if eq("not") { return .kwNot }
    case UInt8(ascii: "o"): return eq("or") ? .kwOr : nil
    case UInt8(ascii: "p"): return eq("pass") ? .kwPass : nil
    case UInt8(ascii: "r"):
      if eq("raise") { return .kwRaise }
      if eq("return") { return .kwReturn }
    case UInt8(ascii: "t"): return eq("try") ? .kwTry : nil
    case UInt8(ascii: "w"):
      if eq("while") { return .kwWhile }
      if eq("with") { return .kwWith }
    case UInt8(ascii: "y"): return eq("yield") ? .kwYield : nil
    default: return nil
    }
    return nil
  }

  // MARK: Numbers

  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  @inline(__always) static func isHex(_ c: UInt8) -> Bool {
    isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
  }

  /// Consumes digits with single underscores between them. Returns false if an underscore is misplaced.
  mutating func digits(_ isOK: (UInt8) -> Bool) -> Bool {
    guard pos < buf.count, isOK(buf[pos]) else { return false }
    while pos < buf.count {
      if isOK(buf[pos]) {
        pos += 1
      } else if buf[pos] == UInt8(ascii: "_") {
        guard pos + 1 < buf.count, isOK(buf[pos + 1]) else { return false }
        pos += 1
      } else {
        break
      }
    }
    return true
  }

  mutating func lexNumber(from start: Int) throws(Diagnostic) {
    let c = buf[pos]
    if c == UInt8(ascii: "0"),
      peek(1) | 0x20 == UInt8(ascii: "x") || peek(1) | 0x20 == UInt8(ascii: "o")
        || peek(1) | 0x20 == UInt8(ascii: "b")
    {
      let radix = peek(1) | 0x20
      pos += 2
      if peek() == UInt8(ascii: "_") { pos += 1 }
      let ok: (UInt8) -> Bool
      let name: String
      switch radix {
      case UInt8(ascii: "x"):
        ok = Lexer.isHex
        name = "hexadecimal"
      case UInt8(ascii: "o"):
        ok = { $0 >= 48 && $0 <= 55 }
        name = "octal"
      default:
        ok = { $0 == 48 || $0 == 49 }
        name = "binary"
      }
      if !digits(ok) {
        if pos < buf.count, Lexer.isDigit(buf[pos]) {
          throw error("invalid digit '\(Character(UnicodeScalar(buf[pos])))' in \(name) literal", at: pos)
        }
        throw error("invalid \(name) literal", at: pos)
      }
      if pos < buf.count, Lexer.isDigit(buf[pos]) {
        throw error("invalid digit '\(Character(UnicodeScalar(buf[pos])))' in \(name) literal", at: pos)
      }
      try verifyEndOfNumber(kind: name)
      emit(.number, from: start, line: line, lineStart: lineStart)
      return
    }
    var isFloat = false
    var leadingZeroProblem = false
    if c != UInt8(ascii: ".") {
      if c == UInt8(ascii: "0") {
        // "0", "00", "0_0" are fine; "07" is only fine as the start of a float or imaginary literal.
        let digitsStart = pos
        if !digits(Lexer.isDigit) { throw error("invalid decimal literal", at: pos) }
        let text = buf[digitsStart..<pos]
        if text.contains(where: { $0 != 48 && $0 != UInt8(ascii: "_") }) { leadingZeroProblem = true }
      } else if !digits(Lexer.isDigit) {
        throw error("invalid decimal literal", at: pos)
      }
    }
    if peek() == UInt8(ascii: ".") {
      isFloat = true
      pos += 1
      if pos < buf.count, Lexer.isDigit(buf[pos]) {
        if !digits(Lexer.isDigit) { throw error("invalid decimal literal", at: pos) }
      } else if pos < buf.count, buf[pos] == UInt8(ascii: "_") {
        throw error("invalid decimal literal", at: pos)
      }
    }
    if peek() | 0x20 == UInt8(ascii: "e") {
      let save = pos
      pos += 1
      if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { pos += 1 }
      if pos < buf.count, Lexer.isDigit(buf[pos]) {
        if !digits(Lexer.isDigit) { throw error("invalid decimal literal", at: pos) }
        isFloat = true
      } else {
        // "1else": the 'e' begins a keyword, not an exponent.
        pos = save
        if peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-") {
          throw error("invalid decimal literal", at: pos)
        }
      }
    }
    if peek() | 0x20 == UInt8(ascii: "j") {
      pos += 1
      isFloat = true
    }
    if leadingZeroProblem && !isFloat {
      throw error(
        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        at: start)
    }
    try verifyEndOfNumber(kind: isFloat && buf[pos - 1] | 0x20 == UInt8(ascii: "j") ? "imaginary" : "decimal")
    emit(.number, from: start, line: line, lineStart: lineStart)
  }

  /// CPython 3.11 accepts a keyword glued to a number (`1if x else y`) with a warning; anything else is an error.
  func verifyEndOfNumber(kind: String) throws(Diagnostic) {
    guard pos < buf.count, Lexer.isIdentContinue(buf[pos]) else { return }
    var e = pos
    while e < buf.count, Lexer.isIdentContinue(buf[e]) { e += 1 }
    for word in ["and", "else", "for", "if", "in", "is", "not", "or"] {
      let w = Array(word.utf8)
      if pos + w.count <= buf.count, buf[pos..<(pos + w.count)].elementsEqual(w) { return }
    }
    throw error("invalid \(kind) literal", at: pos)
  }

  // MARK: Strings

  mutating func lexString(from start: Int) throws(Diagnostic) {
    let quote = buf[pos]
    if !fstrings.isEmpty { noteNestedString(quote: quote, from: start) }
    let startLine = line
    let startLineStart = lineStart
    let n = buf.count
    let triple = pos + 2 < n && buf[pos + 1] == quote && buf[pos + 2] == quote
    pos += triple ? 3 : 1
    while true {
      guard pos < n else {
        let what = triple ? "unterminated triple-quoted string literal" : "unterminated string literal"
        throw Diagnostic(
          message: "\(what) (detected at line \(line + lineOffset))",
          location: location(atOffset: start, line: startLine, lineStart: startLineStart), path: path)
      }
      let c = buf[pos]
      if c == quote {
        if !triple {
          pos += 1
          break
        }
        if pos + 2 < n, buf[pos + 1] == quote, buf[pos + 2] == quote {
          pos += 3
          break
        }
        pos += 1
      } else if c == UInt8(ascii: "\\") {
        pos += 1
        if pos < n {
          if buf[pos] == 10 {
            pos += 1
            newLine(at: pos)
          } else {
            pos += 1
          }
        }
      } else if c == 10 {
        if !triple {
          throw Diagnostic(
            message: "unterminated string literal (detected at line \(line + lineOffset))",
            location: location(atOffset: start, line: startLine, lineStart: startLineStart), path: path)
        }
        pos += 1
        newLine(at: pos)
      } else {
        pos += 1
      }
    }
    emit(.string, from: start, line: startLine, lineStart: startLineStart)
    if !fstrings.isEmpty, let slash = buf[start..<pos].firstIndex(of: UInt8(ascii: "\\")), startLine == line {
      noteFeature(.fstringBackslash, at: slash)
    }
  }

  // MARK: Operators

  mutating func lexOperator(from start: Int) throws(Diagnostic) {
    let c0 = buf[pos]
    let c1 = peek(1)
    let c2 = peek(2)
    var kind: TokenKind
    var len = 1
    switch c0 {
    case UInt8(ascii: "("): kind = .lpar
    case UInt8(ascii: ")"): kind = .rpar
    case UInt8(ascii: "["): kind = .lsqb
    case UInt8(ascii: "]"): kind = .rsqb
    case UInt8(ascii: "{"): kind = .lbrace
    case UInt8(ascii: "}"): kind = .rbrace
    case UInt8(ascii: ","): kind = .comma
    case UInt8(ascii: ";"): kind = .semi
    case UInt8(ascii: "~"): kind = .tilde
    case UInt8(ascii: ":"):
      if let field = fstrings.last?.fields.last, parens.count == field.parenDepth, !field.specDone {
        // A colon at the field's own bracket level starts the format spec, even in `:=`.
        kind = .colon
        fstrings[fstrings.count - 1].fields[fstrings[fstrings.count - 1].fields.count - 1].inSpec = true
      } else if c1 == UInt8(ascii: "=") {
        (kind, len) = (.colonEqual, 2)
      } else {
        kind = .colon
      }
    case UInt8(ascii: "."):
      if c1 == UInt8(ascii: "."), c2 == UInt8(ascii: ".") { (kind, len) = (.ellipsis, 3) } else { kind = .dot }
    case UInt8(ascii: "+"): if c1 == 61 { (kind, len) = (.plusEqual, 2) } else { kind = .plus }
    case UInt8(ascii: "-"):
      if c1 == 61 {
        (kind, len) = (.minEqual, 2)
      } else if c1 == UInt8(ascii: ">") {
        (kind, len) = (.rarrow, 2)
      } else {
        kind = .minus
      }
    case UInt8(ascii: "*"):
      if c1 == UInt8(ascii: "*") {
        if c2 == 61 { (kind, len) = (.doubleStarEqual, 3) } else { (kind, len) = (.doubleStar, 2) }
      } else if c1 == 61 {
        (kind, len) = (.starEqual, 2)
      } else {
        kind = .star
      }
    case UInt8(ascii: "/"):
      if c1 == UInt8(ascii: "/") {
        if c2 == 61 { (kind, len) = (.doubleSlashEqual, 3) } else { (kind, len) = (.doubleSlash, 2) }
      } else if c1 == 61 {
        (kind, len) = (.slashEqual, 2)
      } else {
        kind = .slash
      }
    case UInt8(ascii: "%"): if c1 == 61 { (kind, len) = (.percentEqual, 2) } else { kind = .percent }
    case UInt8(ascii: "&"): if c1 == 61 { (kind, len) = (.amperEqual, 2) } else { kind = .amper }
    case UInt8(ascii: "|"): if c1 == 61 { (kind, len) = (.vbarEqual, 2) } else { kind = .vbar }
    case UInt8(ascii: "^"): if c1 == 61 { (kind, len) = (.circumflexEqual, 2) } else { kind = .circumflex }
    case UInt8(ascii: "@"): if c1 == 61 { (kind, len) = (.atEqual, 2) } else { kind = .at }
    case UInt8(ascii: "="): if c1 == 61 { (kind, len) = (.eqEqual, 2) } else { kind = .equal }
    case UInt8(ascii: "!"):
      if c1 == 61 {
        (kind, len) = (.notEqual, 2)
      } else if fstrings.last?.fields.isEmpty == false {
        kind = .exclamation
      } else {
        throw error("invalid syntax", at: pos, hint: "'!' only appears in '!=' outside f-strings; use 'not'")
      }
    case UInt8(ascii: "<"):
      if c1 == UInt8(ascii: "<") {
        if c2 == 61 { (kind, len) = (.leftShiftEqual, 3) } else { (kind, len) = (.leftShift, 2) }
      } else if c1 == 61 {
        (kind, len) = (.lessEqual, 2)
      } else if c1 == UInt8(ascii: ">") {
        throw error("invalid syntax", at: pos, hint: "'<>' is not an operator; use '!='")
      } else {
        kind = .less
      }
    case UInt8(ascii: ">"):
      if c1 == UInt8(ascii: ">") {
        if c2 == 61 { (kind, len) = (.rightShiftEqual, 3) } else { (kind, len) = (.rightShift, 2) }
      } else if c1 == 61 {
        (kind, len) = (.greaterEqual, 2)
      } else {
        kind = .greater
      }
    default:
      let (scalar, _) = decodeUTF8Scalar(buf, at: pos)
      throw invalidCharacter(scalar, at: pos)
    }
    pos += len
    emit(kind, from: start, line: line, lineStart: lineStart)
    switch kind {
    case .lpar, .lsqb, .lbrace:
      if parens.count >= 200 { throw error("too many nested parentheses", at: start) }
      parens.append((c0, tokens[tokens.count - 1]))
    case .rpar, .rsqb, .rbrace:
      guard let (open, openToken) = parens.popLast() else {
        throw error("unmatched '\(Character(UnicodeScalar(c0)))'", at: start)
      }
      let expected: UInt8 =
        open == UInt8(ascii: "(")
        ? UInt8(ascii: ")") : open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
      if c0 != expected {
        var message =
          "closing parenthesis '\(Character(UnicodeScalar(c0)))' does not match opening parenthesis '\(Character(UnicodeScalar(open)))'"
        if openToken.line != tokens[tokens.count - 1].line { message += " on line \(openToken.line)" }
        throw error(message, at: start)
      }
      if let field = fstrings.last?.fields.last, parens.count < field.parenDepth {
        let top = fstrings.count - 1
        fstrings[top].fields.removeLast()  // the field's closing brace
        if version >= .py313, let outer = fstrings[top].fields.indices.last {
          fstrings[top].fields[outer].specForgotten = true
        }
      }
    default:
      break
    }
  }
}

/// Python's `str.isprintable` for one code point: everything but categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
/// (the ASCII space excepted).
func isPrintable(_ s: Unicode.Scalar, _ version: PythonVersion = .py311) -> Bool {
  if s.value < 0x7F { return s.value >= 0x20 }
  guard isKnownToPython(s, version) else { return false }
  switch s.properties.generalCategory {
  case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
    return false
  default:
    return true
  }
}

/// Each CPython ships one Unicode version's data (3.11: 14.0, 3.12: 15.0, 3.13: 15.1, 3.14: 16.0); scalars
/// assigned later are unassigned (so unprintable, and not identifier characters) to it.
func isKnownToPython(_ s: Unicode.Scalar, _ version: PythonVersion = .py311) -> Bool {
  guard let age = s.properties.age else { return false }
  let (major, minor) = version.unicodeVersion
  return age.major < major || (age.major == major && age.minor <= minor)
}

/// The code point starting at `i` and its length. Never traps: a missing continuation byte reads as 0, and a
/// token holding bytes that are not UTF-8 is rejected before parsing (`Parser.checkUTF8`).
func decodeUTF8Scalar(_ buf: [UInt8], at i: Int) -> (UInt32, Int) {
  let b0 = UInt32(buf[i])
  if b0 < 0x80 { return (b0, 1) }
  func cont(_ k: Int) -> UInt32 { i + k < buf.count ? UInt32(buf[i + k] & 0x3F) : 0 }
  if b0 & 0xE0 == 0xC0 { return ((b0 & 0x1F) << 6 | cont(1), 2) }
  if b0 & 0xF0 == 0xE0 { return ((b0 & 0x0F) << 12 | cont(1) << 6 | cont(2), 3) }
  return ((b0 & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
}

// MARK: - f-strings and t-strings (PEP 701 tokenization, Python 3.12 and later)

/// One f-string (or t-string) being lexed.
struct FStringMode {
  var quote: UInt8
  var quoteSize: Int
  var raw: Bool
  /// Open replacement fields, innermost last (a field inside a format spec nests).
  var fields: [FieldState] = []
  /// Where the literal starts, for the "unterminated" message.
  var start: SourceLocation
}

/// An open `{...}` field: `parenDepth` is the bracket depth just inside its `{`.
struct FieldState {
  var parenDepth: Int
  /// After the field's top-level `:`: the lexer reads format-spec text, where `{` opens a nested field.
  var inSpec = false
  /// The spec of a single-quoted literal ended at a newline: the rest of the field is read in regular mode.
  var specDone = false
  /// 3.13 forgets it is in a spec once a nested field closed: `{{` is a doubled brace again, a newline ends the
  /// literal.
  var specForgotten = false
}

extension Lexer {
  /// CPython's limits: fields nested in one literal's format specs, and f-strings nested in fields.
  static let maxFieldNesting = 3
  static let maxFStringNesting = 150

  mutating func noteFeature(_ feature: SyntaxFeature, at offset: Int) {
    let l = location(atOffset: offset, line: line, lineStart: lineStart)
    features.append((feature, SourceRange(start: l, end: l)))
  }

  /// A string inside a field: CPython 3.11 cannot read one that reuses an enclosing quote or has a backslash.
  mutating func noteNestedString(quote: UInt8, from start: Int) {
    // `pos` is at the opening quote; 3.11 ends the outer literal at its own closing quote sequence.
    let triple = pos + 2 < buf.count && buf[pos + 1] == quote && buf[pos + 2] == quote
    if fstrings.contains(where: { $0.quote == quote && ($0.quoteSize == 1 || triple) }) {
      noteFeature(.fstringQuoteReuse, at: start)
    }
    if fstrings.count >= 2 { noteFeature(.fstringNestingDepth, at: start) }
  }

  /// `f"`, `rf'''`, `t"`...: the prefix and opening quote.
  mutating func lexFStringStart(from start: Int) throws(Diagnostic) {
    let quote = buf[pos]
    if !fstrings.isEmpty { noteNestedString(quote: quote, from: start) }
    if fstrings.count >= Lexer.maxFStringNesting { throw error("too many nested f-strings", at: start) }
    let triple = pos + 2 < buf.count && buf[pos + 1] == quote && buf[pos + 2] == quote
    let raw = buf[start..<pos].contains { $0 | 0x20 == UInt8(ascii: "r") }
    let startLocation = location(atOffset: start, line: line, lineStart: lineStart)
    pos += triple ? 3 : 1
    emit(.fstringStart, from: start, line: line, lineStart: lineStart)
    fstrings.append(FStringMode(quote: quote, quoteSize: triple ? 3 : 1, raw: raw, start: startLocation))
  }

  /// Emits a middle token whose text is `start..<textEnd` and whose location ends at `pos`.
  mutating func emitMiddle(from start: Int, textEnd: Int, line l: Int32, lineStart ls: Int) {
    let s = location(atOffset: start, line: l, lineStart: ls)
    let e = location(atOffset: pos, line: line, lineStart: lineStart)
    tokens.append(
      Token(
        kind: .fstringMiddle, start: Int32(start), end: Int32(textEnd), line: s.line, column: s.column,
        endLine: e.line, endColumn: e.column))
  }

  func unterminatedFString(_ mode: FStringMode) -> Diagnostic {
    let what = mode.quoteSize == 3 ? "unterminated triple-quoted f-string literal" : "unterminated f-string literal"
    return Diagnostic(
      message: "\(what) (detected at line \(line + lineOffset))", location: mode.start, path: path)
  }

  /// Literal text (or format-spec text) up to a field's brace or the closing quote. Emits a middle token
  /// where CPython 3.12 emits one (an empty one too: 3.12 keeps empty pieces of format specs), then the brace
  /// or the end token.
  mutating func lexFStringMiddle() throws(Diagnostic) {
    guard let mode = fstrings.last else { return }
    let inSpec = !mode.fields.isEmpty
    let forgotten = mode.fields.last?.specForgotten ?? false
    let start = pos
    let startLine = line
    let startLineStart = lineStart
    let n = buf.count
    var unicodeEscape = false
    while true {
      guard pos < n else { throw unterminatedFString(mode) }
      let c = buf[pos]
      if c == mode.quote, mode.quoteSize == 1 || (pos + 2 < n && buf[pos + 1] == c && buf[pos + 2] == c) {
        if inSpec { throw error("f-string: expecting '}'", at: pos) }
        if pos > start { emitMiddle(from: start, textEnd: pos, line: startLine, lineStart: startLineStart) }
        let endStart = pos
        pos += mode.quoteSize
        emit(.fstringEnd, from: endStart, line: line, lineStart: lineStart)
        fstrings.removeLast()
        return
      }
      switch c {
      case 10:
        if mode.quoteSize == 1 && inSpec && !forgotten {
          // A newline ends a single-quoted literal's spec; the field goes on in regular mode.
          emitMiddle(from: start, textEnd: pos, line: startLine, lineStart: startLineStart)
          let top = fstrings.count - 1
          fstrings[top].fields[fstrings[top].fields.count - 1].inSpec = false
          fstrings[top].fields[fstrings[top].fields.count - 1].specDone = true
          return
        }
        if mode.quoteSize == 1 { throw unterminatedFString(mode) }
        pos += 1
        newLine(at: pos)
      case UInt8(ascii: "{"):
        if peek(1) == UInt8(ascii: "{") && (!inSpec || forgotten) {
          pos += 2
          emitMiddle(from: start, textEnd: pos - 1, line: startLine, lineStart: startLineStart)
          return
        }
        // A field right at the start has no middle before it (in a spec, `{{` at the start gets an empty one).
        if pos > start || peek(1) == UInt8(ascii: "{") {
          emitMiddle(from: start, textEnd: pos, line: startLine, lineStart: startLineStart)
        }
        try openField()
        return
      case UInt8(ascii: "}"):
        if unicodeEscape {
          pos += 1
          emitMiddle(from: start, textEnd: pos, line: startLine, lineStart: startLineStart)
          return
        }
        if peek(1) == UInt8(ascii: "}") && !inSpec {
          pos += 2
          emitMiddle(from: start, textEnd: pos - 1, line: startLine, lineStart: startLineStart)
          return
        }
        guard inSpec else { throw error("f-string: single '}' is not allowed", at: pos) }
        emitMiddle(from: start, textEnd: pos, line: startLine, lineStart: startLineStart)
        try lexOperator(from: pos)  // the field's closing brace
        return
      case UInt8(ascii: "\\"):
        let next = peek(1)
        if next == UInt8(ascii: "{") || next == UInt8(ascii: "}") {
          pos += 1  // the brace is read on the next turn
        } else if !mode.raw && next == UInt8(ascii: "N") && peek(2) == UInt8(ascii: "{") {
          unicodeEscape = true
          pos += 3
        } else {
          pos += 1
          if pos < n {
            pos += 1
            if buf[pos - 1] == 10 { newLine(at: pos) }
          }
        }
      default:
        pos += 1
      }
    }
  }

  /// The `{` of a replacement field: a bracket, and the lexer reads the expression in regular mode.
  mutating func openField() throws(Diagnostic) {
    let top = fstrings.count - 1
    if fstrings[top].fields.count >= Lexer.maxFieldNesting {
      throw error("f-string: expressions nested too deeply", at: pos)
    }
    try lexOperator(from: pos)
    fstrings[top].fields.append(FieldState(parenDepth: parens.count))
  }
}
