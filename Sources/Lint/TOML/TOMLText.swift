/// Decodes a TOML file's bytes: strict UTF-8 (TOML allows nothing else) with the line and column of the first
/// bad byte, then CRLF folded to LF as TOML 1.0 reads it. A lone CR stays and is rejected by the parser.
enum TOMLText {
  enum Message {
    static let unexpectedContinuation = "invalid UTF-8: unexpected continuation byte"
    static let invalidLead = "invalid UTF-8: byte that never starts a character"
    static let truncated = "invalid UTF-8: character cut short"
    static let overlong = "invalid UTF-8: overlong encoding"
    static let surrogate = "invalid UTF-8: encoded surrogate"
    static let tooLarge = "invalid UTF-8: code point above U+10FFFF"
  }

  static func decode(_ bytes: [UInt8]) throws(TOMLError) -> [Unicode.Scalar] {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(bytes.count)
    var line = 1
    var column = 1
    var i = 0
    func fail(_ reason: String, byte: UInt8) -> TOMLError {
      let hex = String(byte, radix: 16, uppercase: true)
      return TOMLError(
        position: TOMLPosition(line: line, column: column), reason: reason + " (0x\(hex.count == 1 ? "0" : "")\(hex))")
    }
    while i < bytes.count {
      let lead = bytes[i]
      let (scalar, length) = try decodeOne(bytes, at: i, fail: { fail($0, byte: lead) })
      i += length
      if scalar == "\r", i < bytes.count, bytes[i] == 0x0A { continue }
      scalars.append(scalar)
      if scalar == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return scalars
  }

  private static func decodeOne(
    _ bytes: [UInt8], at i: Int, fail: (String) -> TOMLError
  ) throws(TOMLError) -> (Unicode.Scalar, Int) {
    let lead = bytes[i]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length: Int
    var value: UInt32
    switch lead {
    case 0x80...0xBF: throw fail(Message.unexpectedContinuation)
    case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
    case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
    case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
    case 0xC0, 0xC1: throw fail(Message.overlong)
    default: throw fail(Message.invalidLead)
    }
    for k in 1..<length {
      guard i + k < bytes.count, bytes[i + k] & 0xC0 == 0x80 else { throw fail(Message.truncated) }
      value = value << 6 | UInt32(bytes[i + k] & 0x3F)
    }
    if (length == 3 && value < 0x800) || (length == 4 && value < 0x10000) { throw fail(Message.overlong) }
    if value >= 0xD800 && value <= 0xDFFF { throw fail(Message.surrogate) }
    guard value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { throw fail(Message.tooLarge) }
    return (scalar, length)
  }
}
