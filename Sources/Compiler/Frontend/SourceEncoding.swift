/// The encoding a file's raw bytes are in (PEP 263 cookie, else UTF-8), both ways: fixes map decoded positions
/// back to raw bytes and encode their replacement text, so a Latin-1 or cp1252 file keeps every byte outside
/// the edit.
public struct SourceEncoding: Sendable {
  public let name: String
  /// Upper half (0x80–0xFF) of a single-byte table codec; nil for UTF-8, ASCII and Latin-1.
  let table: [UInt32]?
  let reverse: [UInt32: UInt8]

  /// The encoding of raw file bytes, or nil when the cookie names one SourceFile cannot read either.
  public init?(raw: [UInt8]) {
    var body = raw[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    let declared = SourceFile.codingCookie(body).map { SourceFile.normalizedEncodingName($0.0) } ?? "utf-8"
    switch declared {
    case "utf-8", "iso-8859-1", "ascii", "us-ascii":
      name = declared
      table = nil
      reverse = [:]
    default:
      let key = SingleByteCodecs.aliases[declared] ?? declared
      guard let t = SingleByteCodecs.tables[key] else { return nil }
      name = key
      table = t
      var r: [UInt32: UInt8] = [:]
      for (i, scalar) in t.enumerated() where scalar != 0 { r[scalar] = UInt8(0x80 + i) }
      reverse = r
    }
  }

  var isUTF8: Bool { name == "utf-8" }

  /// The UTF-8 bytes one raw byte decodes to (single-byte encodings only), nil when it is undefined.
  func utf8(of b: UInt8) -> [UInt8]? {
    if b < 0x80 { return [b] }
    if name == "ascii" || name == "us-ascii" { return nil }
    let scalar = table.map { $0[Int(b) - 0x80] } ?? UInt32(b)
    guard scalar != 0 else { return nil }
    var out: [UInt8] = []
    appendUTF8(scalar, to: &out)
    return out
  }

  /// Raw bytes decoding to `utf8`, nil when some character has no byte in this encoding.
  public func encode(_ utf8: [UInt8]) -> [UInt8]? {
    if isUTF8 { return utf8 }
    var out: [UInt8] = []
    for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
      let v = scalar.value
      if v < 0x80 {
        out.append(UInt8(v))
      } else if name == "iso-8859-1", v < 0x100 {
        out.append(UInt8(v))
      } else if let b = reverse[v] {
        out.append(b)
      } else {
        return nil
      }
    }
    return out
  }

  /// For a raw line and the UTF-8 bytes it decoded to, the raw offset of every decoded byte column (nil at a
  /// column inside a character); nil when the raw line does not decode to `decoded`.
  public func rawColumns(raw: ArraySlice<UInt8>, decoded: ArraySlice<UInt8>) -> [Int?]? {
    if isUTF8 { return raw.elementsEqual(decoded) ? Array(0...raw.count) : nil }
    var columns: [Int?] = [0]
    var expected = decoded.startIndex
    for (k, b) in raw.enumerated() {
      guard let piece = utf8(of: b), expected + piece.count <= decoded.endIndex,
        decoded[expected..<(expected + piece.count)].elementsEqual(piece)
      else { return nil }
      expected += piece.count
      columns += Array(repeating: nil, count: piece.count - 1) + [k + 1]
    }
    return expected == decoded.endIndex ? columns : nil
  }
}
