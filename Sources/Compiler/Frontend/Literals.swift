import Foundation

extension Parser {
  // MARK: - Numbers

  func numberValue(_ t: Token) throws -> ConstantValue {
    var digits: [UInt8] = []
    digits.reserveCapacity(Int(t.end - t.start))
    for i in Int(t.start)..<Int(t.end) where buf[i] != UInt8(ascii: "_") { digits.append(buf[i]) }
    let textValue = String(decoding: digits, as: UTF8.self)
    guard let last = digits.last else { throw error("invalid number", at: t) }
    if last | 0x20 == UInt8(ascii: "j") {
      return .imaginary(Parser.parseDouble(String(textValue.dropLast())))
    }
    if digits.count > 1, digits[0] == UInt8(ascii: "0"),
      [UInt8(ascii: "x"), UInt8(ascii: "o"), UInt8(ascii: "b")].contains(digits[1] | 0x20)
    {
      let radix = digits[1] | 0x20 == UInt8(ascii: "x") ? 16 : digits[1] | 0x20 == UInt8(ascii: "o") ? 8 : 2
      let body = String(decoding: digits[2...], as: UTF8.self)
      if let v = Int(body, radix: radix) { return .int(v) }
      return .bigInt(BigDecimal.fromDigits(Array(digits[2...]), radix: radix))
    }
    if digits.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }) {
      return .float(Parser.parseDouble(textValue))
    }
    if let v = Int(textValue) { return .int(v) }
    return .bigInt(BigDecimal.fromDigits(digits, radix: 10))
  }

  static func parseDouble(_ s: String) -> Double {
    if let d = Double(s) { return d }
    // strtod accepts forms Swift's initialiser may not ("1." or ".5e3"); normalise them.
    var t = s
    if t.hasPrefix(".") { t = "0" + t }
    t = t.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
    if t.hasSuffix(".") { t += "0" }
    return Double(t) ?? .infinity
  }

  // MARK: - Strings

  struct StringPiece {
    var isBytes = false
    var isRaw = false
    var isFormat = false
    /// Byte range of the body, without prefix and quotes.
    var bodyStart = 0
    var bodyEnd = 0
  }

  func stringPiece(_ t: Token) -> StringPiece {
    var piece = StringPiece()
    var i = Int(t.start)
    while buf[i] != 34 && buf[i] != 39 {
      switch buf[i] | 0x20 {
      case UInt8(ascii: "b"): piece.isBytes = true
      case UInt8(ascii: "r"): piece.isRaw = true
      case UInt8(ascii: "f"): piece.isFormat = true
      default: break
      }
      i += 1
    }
    let quote = buf[i]
    let end = Int(t.end)
    let triple = end - i >= 6 && buf[i + 1] == quote && buf[i + 2] == quote
    let q = triple ? 3 : 1
    piece.bodyStart = i + q
    piece.bodyEnd = end - q
    return piece
  }

  /// Accumulates the pieces of an implicitly concatenated string, as CPython's FstringParser does.
  struct FStringState {
    var literal: [UInt32] = []
    var hasLiteral = false
    var values: [Expr] = []
    var isFormat = false
  }

  func parseStrings() throws -> Expr {
    if splitsFStrings && runHasFormattedLiteral() { return try parseModernStrings() }
    let first = tok
    var lastIndex = p
    while lastIndex + 1 < tokens.count, tokens[lastIndex + 1].kind == .string { lastIndex += 1 }
    let last = tokens[lastIndex]
    // Fast path for the common case (one plain literal without escapes, docstrings mostly): the body's
    // bytes are the value; invalid UTF-8 inside strings was already rejected by checkUTF8.
    if lastIndex == p {
      let piece = stringPiece(first)
      if !piece.isBytes && !piece.isFormat
        && (piece.isRaw || !buf[piece.bodyStart..<piece.bodyEnd].contains(UInt8(ascii: "\\")))
      {
        advance()
        let kindMark: String? = buf[Int(first.start)] == UInt8(ascii: "u") ? "u" : nil
        let value = String(decoding: buf[piece.bodyStart..<piece.bodyEnd], as: UTF8.self)
        return Expr(
          .constant(.string(value), kind: kindMark), SourceRange(start: first.startLocation, end: first.endLocation))
      }
    }
    var isBytes: Bool?
    var bytesValue: [UInt8] = []
    var state = FStringState()
    while kind == .string {
      let t = tok
      advance()
      let piece = stringPiece(t)
      if let isBytes, isBytes != piece.isBytes {
        throw error("cannot mix bytes and nonbytes literals", at: t)
      }
      isBytes = piece.isBytes
      if piece.isBytes {
        try decodeBytes(piece, token: t, into: &bytesValue)
      } else if piece.isFormat {
        state.isFormat = true
        var cursor = piece.bodyStart
        try parseFString(
          state: &state, cursor: &cursor, end: piece.bodyEnd, raw: piece.isRaw, level: 0, first: first, token: t,
          last: last)
      } else {
        try decodeString(from: piece.bodyStart, to: piece.bodyEnd, raw: piece.isRaw, token: t, into: &state.literal)
        state.hasLiteral = true
      }
    }
    let whole = SourceRange(start: first.startLocation, end: last.endLocation)
    if isBytes == true {
      return Expr(.constant(.bytes(bytesValue), kind: nil), whole)
    }
    let kindMark: String? = buf[Int(first.start)] == UInt8(ascii: "u") ? "u" : nil
    if !state.isFormat {
      return Expr(.constant(Parser.stringValue(state.literal), kind: kindMark), whole)
    }
    if !state.literal.isEmpty {
      state.values.append(Expr(.constant(Parser.stringValue(state.literal), kind: kindMark), whole))
    }
    return Expr(.joinedStr(state.values), whole)
  }

  static func stringValue(_ scalars: [UInt32]) -> ConstantValue {
    var utf8: [UInt8] = []
    utf8.reserveCapacity(scalars.count)
    for v in scalars {
      if v < 0x80 {
        utf8.append(UInt8(v))
        continue
      }
      guard let u = Unicode.Scalar(v) else { return .surrogateString(scalars) }
      utf8 += Array(String(Character(u)).utf8)
    }
    return .string(String(decoding: utf8, as: UTF8.self))
  }

  func decodeBytes(_ piece: StringPiece, token t: Token, into out: inout [UInt8]) throws {
    var i = piece.bodyStart
    let end = piece.bodyEnd
    while i < end {
      let c = buf[i]
      if c >= 0x80 {
        throw error("bytes can only contain ASCII literal characters", at: t)
      }
      if c != UInt8(ascii: "\\") || piece.isRaw {
        out.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < end else {
        out.append(UInt8(ascii: "\\"))
        break
      }
      let e = buf[i]
      i += 1
      switch e {
      case 10: break
      case UInt8(ascii: "\\"): out.append(92)
      case UInt8(ascii: "'"): out.append(39)
      case UInt8(ascii: "\""): out.append(34)
      case UInt8(ascii: "a"): out.append(7)
      case UInt8(ascii: "b"): out.append(8)
      case UInt8(ascii: "f"): out.append(12)
      case UInt8(ascii: "n"): out.append(10)
      case UInt8(ascii: "r"): out.append(13)
      case UInt8(ascii: "t"): out.append(9)
      case UInt8(ascii: "v"): out.append(11)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var v = Int(e - 48)
        var k = 0
        while k < 2, i < end, buf[i] >= 48, buf[i] <= 55 {
          v = v * 8 + Int(buf[i] - 48)
          i += 1
          k += 1
        }
        out.append(UInt8(truncatingIfNeeded: v))
      case UInt8(ascii: "x"):
        guard i + 1 < end, let h = hexValue(buf[i]), let l = hexValue(buf[i + 1]) else {
          throw error("(value error) invalid \\x escape at position \(i - 2 - piece.bodyStart)", at: t)
        }
        out.append(UInt8(h * 16 + l))
        i += 2
      default:
        out.append(92)
        out.append(e)
      }
    }
  }

  func hexValue(_ c: UInt8) -> Int? {
    switch c {
    case 48...57: return Int(c - 48)
    case 97...102: return Int(c - 87)
    case 65...70: return Int(c - 55)
    default: return nil
    }
  }

  /// Decodes a str literal body (escapes unless raw) into code points.
  func decodeString(from start: Int, to end: Int, raw: Bool, token t: Token, into out: inout [UInt32]) throws {
    try decodeString(buf, from: start, to: end, raw: raw, token: t, into: &out)
  }

  /// The same over other bytes (a debug field's text, which is source with its comments left out).
  func decodeString(
    _ buf: [UInt8], from start: Int, to end: Int, raw: Bool, token t: Token, into out: inout [UInt32]
  ) throws {
    var i = start
    while i < end {
      let c = buf[i]
      if c >= 0x80 {
        let (scalar, len) = decodeUTF8Scalar(buf, at: i)
        out.append(scalar)
        i += len
        continue
      }
      if c != UInt8(ascii: "\\") || raw {
        out.append(UInt32(c))
        i += 1
        continue
      }
      i += 1
      guard i < end else {
        out.append(92)
        break
      }
      let e = buf[i]
      i += 1
      switch e {
      case 10: break
      case UInt8(ascii: "\\"): out.append(92)
      case UInt8(ascii: "'"): out.append(39)
      case UInt8(ascii: "\""): out.append(34)
      case UInt8(ascii: "a"): out.append(7)
      case UInt8(ascii: "b"): out.append(8)
      case UInt8(ascii: "f"): out.append(12)
      case UInt8(ascii: "n"): out.append(10)
      case UInt8(ascii: "r"): out.append(13)
      case UInt8(ascii: "t"): out.append(9)
      case UInt8(ascii: "v"): out.append(11)
      case UInt8(ascii: "0")...UInt8(ascii: "7"):
        var v = UInt32(e - 48)
        var k = 0
        while k < 2, i < end, buf[i] >= 48, buf[i] <= 55 {
          v = v * 8 + UInt32(buf[i] - 48)
          i += 1
          k += 1
        }
        out.append(v)
      case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
        let count = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
        var v: UInt32 = 0
        for k in 0..<count {
          guard i + k < end, let h = hexValue(buf[i + k]) else {
            let name = e == UInt8(ascii: "x") ? "\\xXX" : e == UInt8(ascii: "u") ? "\\uXXXX" : "\\UXXXXXXXX"
            throw error("(unicode error) 'unicodeescape' codec can't decode bytes: truncated \(name) escape", at: t)
          }
          v = v << 4 | UInt32(h)
        }
        if v > 0x10FFFF {
          throw error("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character", at: t)
        }
        out.append(v)
        i += count
      case UInt8(ascii: "N"):
        guard i < end, buf[i] == UInt8(ascii: "{"), let close = buf[i..<end].firstIndex(of: UInt8(ascii: "}")),
          close > i + 1
        else {
          throw error("(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape", at: t)
        }
        let name = String(decoding: buf[(i + 1)..<close], as: UTF8.self)
        guard let scalar = UnicodeNames.lookup(name) else {
          throw error("(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name", at: t)
        }
        out.append(scalar)
        i = close + 1
      default:
        out.append(92)
        if e >= 0x80 {
          let (scalar, len) = decodeUTF8Scalar(buf, at: i - 1)
          out.append(scalar)
          i += len - 1
        } else {
          out.append(UInt32(e))
        }
      }
    }
  }

  // MARK: - f-strings (Python 3.11 semantics: the body is scanned here, expressions are re-parsed)

  func flushLiteral(_ state: inout FStringState, first: Token, last: Token) {
    guard !state.literal.isEmpty else { return }
    let kindMark: String? = buf[Int(first.start)] == UInt8(ascii: "u") ? "u" : nil
    state.values.append(
      Expr(
        .constant(Parser.stringValue(state.literal), kind: kindMark),
        SourceRange(start: first.startLocation, end: last.endLocation)))
    state.literal = []
  }

  func parseFString(
    state: inout FStringState, cursor: inout Int, end: Int, raw: Bool, level: Int, first: Token, token t: Token,
    last: Token
  ) throws {
    while true {
      // A literal run ends at an undoubled brace (not one inside \N{...}).
      let literalStart = cursor
      var s = cursor
      var doubled = false
      scan: while s < end {
        var ch = buf[s]
        s += 1
        if !raw && ch == UInt8(ascii: "\\") && s < end {
          ch = buf[s]
          s += 1
          if ch == UInt8(ascii: "N") {
            if s < end && buf[s] == UInt8(ascii: "{") {
              s += 1
              while s < end {
                let c = buf[s]
                s += 1
                if c == UInt8(ascii: "}") { break }
              }
              continue scan
            }
            if s < end { s += 1 }
            break scan
          }
        }
        if ch == UInt8(ascii: "{") || ch == UInt8(ascii: "}") {
          if level == 0 {
            if s < end && buf[s] == ch {
              doubled = true
              break scan
            }
            if ch == UInt8(ascii: "}") {
              throw fstringError("f-string: single '}' is not allowed", token: t)
            }
          }
          s -= 1
          break scan
        }
      }
      let literalEnd = s
      if literalEnd > literalStart {
        try decodeString(from: literalStart, to: literalEnd, raw: raw, token: t, into: &state.literal)
      }
      if doubled {
        cursor = s + 1
        continue
      }
      cursor = s
      if cursor >= end || buf[cursor] == UInt8(ascii: "}") { break }
      // An expression: '{' expr ['='] ['!' conv] [':' spec] '}'
      try parseFStringExpression(
        state: &state, cursor: &cursor, end: end, raw: raw, level: level, first: first, token: t, last: last)
    }
    if level > 0 && (cursor >= end || buf[cursor] != UInt8(ascii: "}")) {
      throw fstringError("f-string: expecting '}'", token: t)
    }
  }

  func fstringError(_ message: String, token t: Token) -> Diagnostic {
    error(message, at: t)
  }

  func parseFStringExpression(
    state: inout FStringState, cursor: inout Int, end: Int, raw: Bool, level: Int, first: Token, token t: Token,
    last: Token
  ) throws {
    if level >= 2 { throw fstringError("f-string: expressions nested too deeply", token: t) }
    let brace = cursor
    cursor += 1
    let exprStart = cursor
    var quote: UInt8 = 0
    var tripleQuoted = false
    var stack: [UInt8] = []
    while cursor < end {
      let ch = buf[cursor]
      if ch == UInt8(ascii: "\\") {
        throw fstringError("f-string expression part cannot include a backslash", token: t)
      }
      if quote != 0 {
        if ch == quote {
          if tripleQuoted {
            if cursor + 2 < end && buf[cursor + 1] == ch && buf[cursor + 2] == ch {
              cursor += 2
              quote = 0
            }
          } else {
            quote = 0
          }
        }
      } else if ch == 39 || ch == 34 {
        if cursor + 2 < end && buf[cursor + 1] == ch && buf[cursor + 2] == ch {
          tripleQuoted = true
          cursor += 2
        } else {
          tripleQuoted = false
        }
        quote = ch
      } else if ch == UInt8(ascii: "[") || ch == UInt8(ascii: "{") || ch == UInt8(ascii: "(") {
        if stack.count >= 200 { throw fstringError("f-string: too many nested parenthesis", token: t) }
        stack.append(ch)
      } else if ch == UInt8(ascii: "#") {
        throw fstringError("f-string expression part cannot include '#'", token: t)
      } else if stack.isEmpty
        && (ch == UInt8(ascii: "!") || ch == UInt8(ascii: ":") || ch == UInt8(ascii: "}") || ch == UInt8(ascii: "=")
          || ch == UInt8(ascii: ">") || ch == UInt8(ascii: "<"))
      {
        if cursor + 1 < end {
          let next = buf[cursor + 1]
          if next == UInt8(ascii: "=")
            && (ch == UInt8(ascii: "!") || ch == UInt8(ascii: "=") || ch == UInt8(ascii: "<")
              || ch == UInt8(ascii: ">"))
          {
            cursor += 2
            continue
          }
          if ch == UInt8(ascii: ">") || ch == UInt8(ascii: "<") {
            cursor += 1
            continue
          }
        }
        break
      } else if ch == UInt8(ascii: "]") || ch == UInt8(ascii: "}") || ch == UInt8(ascii: ")") {
        guard let open = stack.popLast() else {
          throw fstringError("f-string: unmatched '\(Character(UnicodeScalar(ch)))'", token: t)
        }
        let matches =
          (open == UInt8(ascii: "(") && ch == UInt8(ascii: ")"))
          || (open == UInt8(ascii: "[") && ch == UInt8(ascii: "]"))
          || (open == UInt8(ascii: "{") && ch == UInt8(ascii: "}"))
        if !matches {
          throw fstringError(
            "f-string: closing parenthesis '\(Character(UnicodeScalar(ch)))' does not match opening parenthesis '\(Character(UnicodeScalar(open)))'",
            token: t)
        }
      }
      cursor += 1
    }
    let exprEnd = cursor
    if quote != 0 { throw fstringError("f-string: unterminated string", token: t) }
    if let open = stack.last { throw fstringError("f-string: unmatched '\(Character(UnicodeScalar(open)))'", token: t) }
    if cursor >= end { throw fstringError("f-string: expecting '}'", token: t) }

    let expression = try compileFStringExpression(brace: brace, start: exprStart, end: exprEnd, token: t)

    var debugText: [UInt32]?
    if buf[cursor] == UInt8(ascii: "=") {
      cursor += 1
      while cursor < end, [32, 9, 10, 11, 12, 13].contains(buf[cursor]) { cursor += 1 }
      var text: [UInt32] = []
      try decodeString(from: exprStart, to: cursor, raw: true, token: t, into: &text)
      debugText = text
    }
    var conversion = -1
    if cursor < end && buf[cursor] == UInt8(ascii: "!") {
      cursor += 1
      guard cursor < end else { throw fstringError("f-string: expecting '}'", token: t) }
      let c = buf[cursor]
      cursor += 1
      guard c == UInt8(ascii: "s") || c == UInt8(ascii: "r") || c == UInt8(ascii: "a") else {
        throw fstringError("f-string: invalid conversion character: expected 's', 'r', or 'a'", token: t)
      }
      conversion = Int(c)
    }
    guard cursor < end else { throw fstringError("f-string: expecting '}'", token: t) }
    var formatSpec: Expr?
    if buf[cursor] == UInt8(ascii: ":") {
      cursor += 1
      guard cursor < end else { throw fstringError("f-string: expecting '}'", token: t) }
      var specState = FStringState()
      specState.isFormat = true
      try parseFString(
        state: &specState, cursor: &cursor, end: end, raw: raw, level: level + 1, first: first, token: t, last: last)
      // The spec's trailing literal and the spec itself are placed at the current token, as CPython does.
      flushLiteral(&specState, first: t, last: t)
      formatSpec = Expr(.joinedStr(specState.values), t.range)
    }
    guard cursor < end, buf[cursor] == UInt8(ascii: "}") else {
      throw fstringError("f-string: expecting '}'", token: t)
    }
    cursor += 1
    if let debugText {
      state.literal += debugText
      if formatSpec == nil && conversion == -1 { conversion = Int(UInt8(ascii: "r")) }
    }
    flushLiteral(&state, first: first, last: last)
    state.values.append(
      Expr(
        .formattedValue(expression, conversion: conversion, formatSpec: formatSpec),
        SourceRange(start: first.startLocation, end: last.endLocation)))
  }

  /// Parses `(expr)` copied out of the f-string, with positions shifted the way CPython 3.11 shifts them.
  func compileFStringExpression(brace: Int, start: Int, end: Int, token t: Token) throws -> Expr {
    if buf[start..<end].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 12 }) {
      throw fstringError("f-string: empty expression not allowed", token: t)
    }
    var lines: Int32 = 0
    var cols: Int32 = 0
    var newlineAfterBrace = true
    var k = brace + 1
    while k < end && buf[k] != UInt8(ascii: "}") && buf[k] != 10 {
      if buf[k] != 32 && buf[k] != 9 && buf[k] != 12 {
        newlineAfterBrace = false
        break
      }
      k += 1
    }
    let tokenStart = Int(t.start)
    if !newlineAfterBrace {
      var s = brace
      while s > tokenStart && buf[s] != 10 { s -= 1 }
      cols = Int32(brace - s)
      if buf[s] == 10 { cols -= 1 }
    }
    for q in tokenStart..<brace where buf[q] == 10 { lines += 1 }
    var sub: [UInt8] = [UInt8(ascii: "(")]
    sub.append(contentsOf: buf[start..<end])
    sub.append(UInt8(ascii: ")"))
    let firstColumn = (lines == 0 ? t.column : 0) + cols
    var lexer = Lexer(
      bytes: sub, path: path, lineOffset: t.line + lines - 1, firstLineColumnOffset: firstColumn, version: version)
    let subTokens = try lexer.run()
    let parser = Parser(tokens: subTokens, buf: sub, path: path, version: version)
    parser.depth = depth
    let e = try parser.parseStarExpressions()
    _ = parser.accept(.newline)
    guard parser.kind == .endMarker else { throw parser.invalidSyntax() }
    return e
  }
}

// MARK: - f-strings and t-strings from PEP 701 tokens (Python 3.12 and later)

extension Parser {
  /// True when the run of adjacent literals starting here holds an f-string or t-string.
  func runHasFormattedLiteral() -> Bool {
    var j = p
    while j < tokens.count, tokens[j].kind == .string { j += 1 }
    return j < tokens.count && tokens[j].kind == .fstringStart
  }

  static func isEmptyString(_ e: Expr) -> Bool {
    switch e.kind {
    case .constant(.string(let s), _): return s.isEmpty
    case .constant(.surrogateString(let s), _): return s.isEmpty
    default: return false
    }
  }

  static func isConstant(_ e: Expr) -> Bool {
    if case .constant = e.kind { return true }
    return false
  }

  static func scalars(of e: Expr) -> [UInt32] {
    switch e.kind {
    case .constant(.string(let s), _): return s.unicodeScalars.map(\.value)
    case .constant(.surrogateString(let s), _): return s
    default: return []
    }
  }

  func uMark(_ t: Token) -> String? { buf[Int(t.start)] == UInt8(ascii: "u") ? "u" : nil }

  /// Adjacent literals with at least one f-string or t-string, as CPython's `_PyPegen_concatenate_strings`
  /// builds them: the pieces of every literal flattened, runs of constants folded, empty constants dropped.
  func parseModernStrings() throws -> Expr {
    let first = tok
    var elements: [Expr] = []
    var sawBytes = false
    var sawText = false
    var sawFormat = false
    var sawTemplate = false
    while kind == .string || kind == .fstringStart {
      if kind == .fstringStart {
        let (values, isTemplate) = try parseFormattedLiteral()
        if isTemplate { sawTemplate = true } else { sawFormat = true }
        elements += values
        continue
      }
      let t = tok
      advance()
      let piece = stringPiece(t)
      if piece.isBytes {
        sawBytes = true
        continue
      }
      sawText = true
      var value: [UInt32] = []
      try decodeString(from: piece.bodyStart, to: piece.bodyEnd, raw: piece.isRaw, token: t, into: &value)
      elements.append(Expr(.constant(Parser.stringValue(value), kind: uMark(t)), t.range))
    }
    let whole = SourceRange(start: first.startLocation, end: prevEnd)
    if sawBytes { throw error("cannot mix bytes and nonbytes literals", range: whole) }
    if sawTemplate && (sawText || sawFormat) {
      throw error("cannot mix t-string literals with string or bytes literals", range: whole)
    }
    let values = Parser.foldConstants(elements)
    return Expr(sawTemplate ? .templateStr(values) : .joinedStr(values), whole)
  }

  /// Folds each run of adjacent constants into one (the first one's `kind`, spanning the run), then drops
  /// empty constants.
  static func foldConstants(_ elements: [Expr]) -> [Expr] {
    var out: [Expr] = []
    var i = 0
    while i < elements.count {
      var e = elements[i]
      if case .constant(_, let kindMark) = e.kind {
        if i + 1 < elements.count, isConstant(elements[i + 1]) {
          var value: [UInt32] = []
          var j = i
          while j < elements.count, isConstant(elements[j]) {
            value += scalars(of: elements[j])
            j += 1
          }
          e = Expr(.constant(stringValue(value), kind: kindMark), SourceRange(e.range, elements[j - 1].range))
          i = j - 1
        }
        if isEmptyString(e) {
          i += 1
          continue
        }
      }
      out.append(e)
      i += 1
    }
    return out
  }

  /// FSTRING_START (middle | field)* FSTRING_END: the literal's pieces, empty text pieces dropped.
  func parseFormattedLiteral() throws -> (values: [Expr], isTemplate: Bool) {
    let start = tok
    advance()
    let prefix = buf[Int(start.start)..<Int(start.end)]
    let raw = prefix.contains { $0 | 0x20 == UInt8(ascii: "r") }
    let isTemplate = prefix.contains { $0 | 0x20 == UInt8(ascii: "t") }
    if isTemplate { try require(.templateString, at: start.range) }
    var values: [Expr] = []
    while kind != .fstringEnd {
      switch kind {
      case .fstringMiddle:
        values.append(try middleConstant(tok, raw: raw))
        advance()
      case .lbrace:
        values += try parseReplacementField(raw: raw, isTemplate: isTemplate)
      default:
        throw error("f-string: expecting '}'")
      }
    }
    advance()
    return (values.filter { !Parser.isEmptyString($0) }, isTemplate)
  }

  /// A text piece, escapes decoded unless the literal is raw.
  func middleConstant(_ t: Token, raw: Bool) throws -> Expr {
    var value: [UInt32] = []
    let s = Int(t.start)
    let e = Int(t.end)
    try decodeString(from: s, to: e, raw: raw || !buf[s..<e].contains(UInt8(ascii: "\\")), token: t, into: &value)
    return Expr(.constant(Parser.stringValue(value), kind: nil), t.range)
  }

  /// `{` expression [`=`] [`!` conversion] [`:` spec] `}`. A `=` debug field is preceded by a constant holding
  /// its source text.
  func parseReplacementField(raw: Bool, isTemplate: Bool, decodesDebugText: Bool = true) throws -> [Expr] {
    let open = tok
    let openIndex = p
    advance()
    if kind == .rbrace || kind == .fstringEnd || kind == .exclamation || kind == .colon || kind == .equal {
      throw error("f-string: valid expression required before '\(text(tok))'")
    }
    let value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
    let expressionEnd = tok
    let hasDebug = accept(.equal)
    var conversion = -1
    var conversionName: Token?
    if kind == .exclamation {
      let bang = tok
      advance()
      guard kind == .name || kind.isKeyword else { throw error("f-string: missing conversion character") }
      guard tok.start == bang.end else {
        throw error("f-string: conversion type must come right after the exclamanation mark")
      }
      let name = text(tok)
      guard name == "s" || name == "r" || name == "a" else {
        throw error("f-string: invalid conversion character '\(name)': expected 's', 'r', or 'a'")
      }
      conversion = Int(buf[Int(tok.start)])
      conversionName = tok
      advance()
    }
    let spec = kind == .colon ? try parseFormatSpec(raw: raw, isTemplate: isTemplate) : nil
    guard kind == .rbrace else { throw error("f-string: expecting '}'") }
    let close = tok
    advance()
    if hasDebug && spec == nil && conversion == -1 { conversion = Int(UInt8(ascii: "r")) }
    let range = SourceRange(open.range, close.range)
    let node: Expr
    if isTemplate {
      let source = String(decoding: buf[Int(open.end)..<Int(expressionEnd.start)], as: UTF8.self)
      node = Expr(.interpolation(value, str: source, conversion: conversion, formatSpec: spec), range)
    } else {
      node = Expr(.formattedValue(value, conversion: conversion, formatSpec: spec), range)
    }
    guard hasDebug else { return [node] }
    var debugText = sourceWithoutComments(after: openIndex, before: debugTextEnd(field: openIndex))
    if decodesDebugText && !raw && debugText.utf8.contains(UInt8(ascii: "\\")) {
      // CPython decodes every constant of an f-string's top level, the debug text included.
      var value: [UInt32] = []
      let bytes = Array(debugText.utf8)
      try decodeString(bytes, from: 0, to: bytes.count, raw: false, token: open, into: &value)
      debugText = String(String.UnicodeScalarView(value.compactMap(Unicode.Scalar.init)))
    }
    let end: SourceLocation
    if let conversionName {
      end = SourceLocation(line: conversionName.line, column: conversionName.column - 1)
    } else if let spec {
      end = spec.range.start
    } else {
      end = SourceLocation(line: close.endLine, column: close.endColumn - 1)
    }
    let textStart = SourceLocation(line: open.line, column: open.column + 1)
    return [Expr(.constant(.string(debugText), kind: nil), SourceRange(start: textStart, end: end)), node]
  }

  /// CPython's tokenizer takes a debug field's text up to the field's first top-level `!` (that of `!=` too),
  /// `:` or `}`: the index of that token.
  func debugTextEnd(field openIndex: Int) -> Int {
    var depth = 0
    var i = openIndex + 1
    while i < tokens.count {
      switch tokens[i].kind {
      case .lpar, .lsqb, .lbrace, .fstringStart: depth += 1
      case .rpar, .rsqb, .fstringEnd: depth -= 1
      case .rbrace:
        if depth == 0 { return i }
        depth -= 1
      case .exclamation, .notEqual, .colon:
        if depth == 0 { return i }
      default: break
      }
      i += 1
    }
    return tokens.count - 1
  }

  /// The source between two tokens with its comments left out, as CPython keeps a debug field's text.
  func sourceWithoutComments(after first: Int, before last: Int) -> String {
    var bytes: [UInt8] = []
    var cursor = Int(tokens[first].end)
    for i in (first + 1)...last {
      let t = tokens[i]
      var k = cursor
      while k < Int(t.start) {
        if buf[k] == UInt8(ascii: "#") {
          while k < Int(t.start), buf[k] != 10 { k += 1 }
          continue
        }
        bytes.append(buf[k])
        k += 1
      }
      if i < last { bytes += buf[Int(t.start)..<Int(t.end)] }
      cursor = max(cursor, Int(t.end))
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `:` (middle | field)*: 3.12 keeps the pieces as they come (an empty spec is an empty JoinedStr); 3.13
  /// drops empty pieces and folds constants.
  func parseFormatSpec(raw: Bool, isTemplate: Bool) throws -> Expr {
    let colon = tok
    advance()
    var items: [Expr] = []
    var end = colon.endLocation
    while kind == .fstringMiddle || kind == .lbrace {
      if kind == .fstringMiddle {
        // CPython decodes escapes in format-spec text even in a raw f-string.
        items.append(try middleConstant(tok, raw: false))
        end = tok.endLocation
        advance()
        continue
      }
      let fieldStart = tok.range
      let field = try parseReplacementField(raw: raw, isTemplate: isTemplate, decodesDebugText: false)
      if field.count > 1 {
        // CPython 3.12 fails on this with a ValueError (its AST has an incomplete node).
        try require(.fstringDebugInFormatSpec, at: SourceRange(start: fieldStart.start, end: prevEnd))
      }
      items += field
      end = prevEnd
    }
    let range = SourceRange(start: colon.startLocation, end: end)
    if version < .py313 {
      if items.count == 1 && Parser.isEmptyString(items[0]) { items = [] }
      return Expr(.joinedStr(items), range)
    }
    items = items.filter { !Parser.isEmptyString($0) }
    if items.isEmpty || (items.count == 1 && Parser.isConstant(items[0])) { return Expr(.joinedStr(items), range) }
    let folded = Parser.foldConstants(items)
    if folded.count == 1, Parser.isConstant(folded[0]) { return folded[0] }
    return Expr(.joinedStr(folded), range)
  }
}

/// Unicode character names for `\N{...}`, built on first use.
enum UnicodeNames {
  static let table: [String: UInt32] = {
    var t: [String: UInt32] = [:]
    t.reserveCapacity(300_000)
    var v: UInt32 = 0
    while v <= 0x10FFFF {
      if let s = Unicode.Scalar(v) {
        let props = s.properties
        if let name = props.name { t[name] = v }
        if let alias = props.nameAlias { t[alias] = v }
      }
      v += 1
      if v == 0xD800 { v = 0xE000 }
    }
    return t
  }()

  static func lookup(_ name: String) -> UInt32? {
    table[name.uppercased()]
  }
}

/// Decimal conversion for integer literals wider than 64 bits.
enum BigDecimal {
  static func fromDigits(_ digits: [UInt8], radix: Int) -> String {
    // Little-endian limbs in base 10^9.
    var limbs: [UInt64] = [0]
    for d in digits {
      let value: UInt64
      switch d {
      case 48...57: value = UInt64(d - 48)
      case 97...102: value = UInt64(d - 87)
      case 65...70: value = UInt64(d - 55)
      default: continue
      }
      var carry = value
      for i in 0..<limbs.count {
        let x = limbs[i] * UInt64(radix) + carry
        limbs[i] = x % 1_000_000_000
        carry = x / 1_000_000_000
      }
      while carry > 0 {
        limbs.append(carry % 1_000_000_000)
        carry /= 1_000_000_000
      }
    }
    var out = String(limbs.last ?? 0)
    for limb in limbs.dropLast().reversed() {
      let s = String(limb)
      out += String(repeating: "0", count: 9 - s.count) + s
    }
    return out
  }
}
