/// Strings, numbers and dates. Numbers and dates are matched as tomllib's regular expressions match them: the
/// longest valid prefix, whatever follows being the caller's business (a newline, `,`, `]` or `}`).
extension TOMLParser {
  // MARK: strings

  /// After the opening quote; ends after the closing one.
  mutating func basicString(multiline: Bool) throws(TOMLError) -> String {
    var out = String.UnicodeScalarView()
    while true {
      guard let c = current else { throw error(TOMLMessage.unterminatedString) }
      if c == "\"" {
        if !multiline {
          pos += 1
          return String(out)
        }
        if starts(with: "\"\"\"", at: pos) {
          pos += 3
          return String(out)
        }
        out.append(c)
        pos += 1
        continue
      }
      if c == "\\" {
        out.append(contentsOf: try escape(multiline: multiline).unicodeScalars)
        continue
      }
      if TOMLParser.isIllegal(c, newline: multiline) { throw error(TOMLMessage.illegalCharacter) }
      out.append(c)
      pos += 1
    }
  }

  mutating func escape(multiline: Bool) throws(TOMLError) -> String {
    let next = char(pos + 1)
    pos += 2
    if multiline, next == " " || next == "\t" || next == "\n" {
      // A line-ending backslash swallows the newline and the whitespace after it.
      if next != "\n" {
        skipWhitespace()
        guard let c = current else { return "" }
        if c != "\n" { throw error(TOMLMessage.badEscape) }
        pos += 1
      }
      while TOMLParser.isWhitespace(current) || current == "\n" { pos += 1 }
      return ""
    }
    switch next {
    case "b": return "\u{08}"
    case "t": return "\t"
    case "n": return "\n"
    case "f": return "\u{0C}"
    case "r": return "\r"
    case "\"": return "\""
    case "\\": return "\\"
    case "u": return try hexEscape(4)
    case "U": return try hexEscape(8)
    default: throw error(TOMLMessage.badEscape)
    }
  }

  mutating func hexEscape(_ length: Int) throws(TOMLError) -> String {
    var value: UInt32 = 0
    for k in 0..<length {
      guard let c = char(pos + k), TOMLParser.isHexDigit(c), let digit = UInt32(String(c), radix: 16) else {
        throw error(TOMLMessage.badEscape)
      }
      value = value &* 16 &+ digit
    }
    guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) else {
      throw error(TOMLMessage.badUnicodeEscape)
    }
    pos += length
    return String(Character(scalar))
  }

  /// At the opening quote.
  mutating func literalString() throws(TOMLError) -> String {
    pos += 1
    var out = String.UnicodeScalarView()
    while true {
      guard let c = current else { throw error(TOMLMessage.unterminatedString) }
      pos += 1
      if c == "'" { return String(out) }
      if TOMLParser.isIllegal(c, newline: false) { throw error(TOMLMessage.illegalCharacter, at: pos - 1) }
      out.append(c)
    }
  }

  /// At the opening triple quote. A newline right after it is dropped; up to two quotes before the closing
  /// triple belong to the string.
  mutating func multilineString(literal: Bool) throws(TOMLError) -> String {
    pos += 3
    if current == "\n" { pos += 1 }
    var result: String
    let delimiter: Unicode.Scalar = literal ? "'" : "\""
    if literal {
      var out = String.UnicodeScalarView()
      while !starts(with: "'''", at: pos) {
        guard let c = current else { throw error(TOMLMessage.unterminatedString) }
        if TOMLParser.isIllegal(c, newline: true) { throw error(TOMLMessage.illegalCharacter) }
        out.append(c)
        pos += 1
      }
      pos += 3
      result = String(out)
    } else {
      result = try basicString(multiline: true)
    }
    for _ in 0..<2 {
      guard current == delimiter else { break }
      result.unicodeScalars.append(delimiter)
      pos += 1
    }
    return result
  }

  // MARK: numbers

  /// Digits with single underscores between them, from `i`; the index after them, or nil without a first digit.
  func digits(from i: Int, _ isDigit: (Unicode.Scalar?) -> Bool) -> Int? {
    guard isDigit(char(i)) else { return nil }
    var k = i + 1
    while true {
      if isDigit(char(k)) {
        k += 1
      } else if char(k) == "_", isDigit(char(k + 1)) {
        k += 2
      } else {
        return k
      }
    }
  }

  func text(_ range: Range<Int>) -> String {
    var s = String.UnicodeScalarView()
    for i in range { if let c = char(i), c != "_" { s.append(c) } }
    return String(s)
  }

  mutating func number() -> TOMLValue? {
    if char(pos) == "0" {
      let radix: ((Unicode.Scalar?) -> Bool)?
      switch char(pos + 1) {
      case "x": radix = TOMLParser.isHexDigit
      case "o": radix = { c in c.map { ("0"..."7").contains($0) } ?? false }
      case "b": radix = { c in c == "0" || c == "1" }
      default: radix = nil
      }
      if let radix, let end = digits(from: pos + 2, radix) {
        defer { pos = end }
        return .integer(text(pos..<end))
      }
    }
    var k = pos
    if char(k) == "+" || char(k) == "-" { k += 1 }
    if char(k) == "0" {
      k += 1
    } else if ("1"..."9").contains(char(k) ?? " "), let end = digits(from: k, TOMLParser.isDigit) {
      k = end
    } else {
      return nil
    }
    var isFloat = false
    if char(k) == ".", let end = digits(from: k + 1, TOMLParser.isDigit) {
      k = end
      isFloat = true
    }
    if char(k) == "e" || char(k) == "E" {
      var e = k + 1
      if char(e) == "+" || char(e) == "-" { e += 1 }
      if let end = digits(from: e, TOMLParser.isDigit) {
        k = end
        isFloat = true
      }
    }
    defer { pos = k }
    return isFloat ? .float(text(pos..<k)) : .integer(text(pos..<k))
  }

  // MARK: dates and times

  /// The value of `count` decimal digits at `i`, or nil.
  func fixedDigits(_ i: Int, _ count: Int) -> Int? {
    var value = 0
    for k in 0..<count {
      guard let c = char(i + k), TOMLParser.isDigit(c) else { return nil }
      value = value * 10 + Int(c.value - 48)
    }
    return value
  }

  /// `HH:MM:SS[.fraction]` at `i` (seconds required, as TOML 1.0 says); the index after it.
  func timeEnd(_ i: Int) -> Int? {
    guard let h = fixedDigits(i, 2), h <= 23, char(i + 2) == ":", let m = fixedDigits(i + 3, 2), m <= 59,
      char(i + 5) == ":", let s = fixedDigits(i + 6, 2), s <= 59
    else { return nil }
    var k = i + 8
    if char(k) == ".", TOMLParser.isDigit(char(k + 1)) {
      k += 1
      while TOMLParser.isDigit(char(k)) { k += 1 }
    }
    return k
  }

  mutating func localTime() -> TOMLValue? {
    guard let end = timeEnd(pos) else { return nil }
    defer { pos = end }
    return .datetime(text(pos..<end))
  }

  mutating func dateTime() throws(TOMLError) -> TOMLValue? {
    guard let year = fixedDigits(pos, 4), char(pos + 4) == "-", let month = fixedDigits(pos + 5, 2),
      (1...12).contains(month), char(pos + 7) == "-", let day = fixedDigits(pos + 8, 2), (1...31).contains(day)
    else { return nil }
    var k = pos + 10
    if let sep = char(k), sep == "T" || sep == "t" || sep == " ", let end = timeEnd(k + 1) {
      k = end
      if char(k) == "Z" || char(k) == "z" {
        k += 1
      } else if char(k) == "+" || char(k) == "-", let h = fixedDigits(k + 1, 2), h <= 23, char(k + 3) == ":",
        let m = fixedDigits(k + 4, 2), m <= 59
      {
        k += 6
      }
    }
    // The regular expression accepts 2021-02-30; the calendar does not (Python's datetime raises).
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard year >= 1, days.indices.contains(month - 1), day <= days[month - 1] else {
      throw error(TOMLMessage.invalidDate)
    }
    defer { pos = k }
    return .datetime(text(pos..<k))
  }
}
