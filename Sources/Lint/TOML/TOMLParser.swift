/// A TOML 1.0 reader that accepts and rejects what Python's `tomllib` does (its oracle in
/// tests/toml_fuzz.py). It reads any bytes without trapping: every index is checked, nesting is bounded, and
/// every rejection is a `TOMLError` with a position and a reason.
public enum TOML {
  public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
    var parser = TOMLParser(try TOMLText.decode(bytes))
    return try parser.document()
  }

  public static func parse(_ text: String) throws(TOMLError) -> TOMLTable { try parse(Array(text.utf8)) }
}

enum TOMLMessage {
  static let invalidStatement = "invalid statement: expected a key, a [table] or a comment"
  static let expectedNewline = "expected a newline or the end of the file after a statement"
  static let expectedEquals = "expected '=' after a key"
  static let invalidKey = "invalid first character of a key (bare keys are A-Z a-z 0-9 - _)"
  static let invalidValue = "invalid value"
  static let unclosedArray = "unclosed array: expected ',' or ']'"
  static let unclosedInlineTable = "unclosed inline table: expected ',' or '}' on the same line"
  static let unterminatedString = "unterminated string"
  static let illegalCharacter = "control character not allowed here (escape it)"
  static let badEscape = "invalid escape sequence in a string"
  static let badUnicodeEscape = "\\u or \\U escape is not a Unicode scalar value"
  static let expectedTableEnd = "expected ']' at the end of a table header"
  static let expectedArrayTableEnd = "expected ']]' at the end of an array-of-tables header"
  static let declaredTwice = "table declared twice"
  static let overwrite = "cannot overwrite a value already defined"
  static let redefineNamespace = "dotted key redefines a table declared with a header"
  static let immutable = "inline tables and arrays cannot be extended"
  static let duplicateInlineKey = "duplicate key in an inline table"
  static let invalidDate = "invalid date or date-time"
  static let byteOrderMark =
    "a byte-order mark is not allowed (tomllib rejects it too): save the file as UTF-8 without BOM"
  static let tooDeep = "values nested more than 490 levels deep"
}

/// tomllib's two namespace flags: FROZEN for inline tables and arrays, EXPLICIT for tables a header or a dotted
/// key has declared. Each key path node holds its own flags and flags that cover everything below it.
final class TOMLFlags {
  enum Flag: Hashable { case frozen, explicit }
  final class Node {
    var flags: Set<Flag> = []
    var recursive: Set<Flag> = []
    var nested: [String: Node] = [:]
  }
  private var root: [String: Node] = [:]
  private var pending: [([String], Flag)] = []

  func addPending(_ key: [String], _ flag: Flag) { pending.append((key, flag)) }

  func finalizePending() {
    for (key, flag) in pending { set(key, flag, recursive: false) }
    pending.removeAll()
  }

  func unsetAll(_ key: [String]) {
    guard let stem = key.last else { return }
    var level = root
    var path: [Node] = []
    for k in key.dropLast() {
      guard let node = level[k] else { return }
      path.append(node)
      level = node.nested
    }
    if let parent = path.last {
      parent.nested[stem] = nil
    } else {
      root[stem] = nil
    }
  }

  func set(_ key: [String], _ flag: Flag, recursive: Bool) {
    var node: Node?
    for k in key {
      let next: Node
      if let parent = node {
        next = parent.nested[k] ?? Node()
        parent.nested[k] = next
      } else {
        next = root[k] ?? Node()
        root[k] = next
      }
      node = next
    }
    guard let node else { return }
    if recursive { node.recursive.insert(flag) } else { node.flags.insert(flag) }
  }

  func isSet(_ key: [String], _ flag: Flag) -> Bool {
    guard let stem = key.last else { return false }
    var level = root
    for k in key.dropLast() {
      guard let node = level[k] else { return false }
      if node.recursive.contains(flag) { return true }
      level = node.nested
    }
    guard let node = level[stem] else { return false }
    return node.flags.contains(flag) || node.recursive.contains(flag)
  }
}

struct TOMLParser {
  let src: [Unicode.Scalar]
  var pos = 0
  var lineStarts: [Int] = [0]
  var depth = 0
  let root = TOMLTable()
  let flags = TOMLFlags()

  init(_ src: [Unicode.Scalar]) {
    self.src = src
    for (i, c) in src.enumerated() where c == "\n" { lineStarts.append(i + 1) }
  }

  // MARK: positions and characters

  func position(_ index: Int) -> TOMLPosition {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
    }
    return TOMLPosition(line: lo + 1, column: index - lineStarts[lo] + 1)
  }

  func error(_ reason: String, at index: Int? = nil) -> TOMLError {
    TOMLError(position: position(min(index ?? pos, src.count)), reason: reason)
  }

  func char(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < src.count ? src[i] : nil }
  var current: Unicode.Scalar? { char(pos) }

  func starts(with text: String, at i: Int) -> Bool {
    var k = i
    for c in text.unicodeScalars {
      guard char(k) == c else { return false }
      k += 1
    }
    return true
  }

  static func isWhitespace(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" }
  static func isBareKey(_ c: Unicode.Scalar?) -> Bool {
    guard let c, c.isASCII else { return false }
    return ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
  }
  static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
  static func isHexDigit(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
  }
  /// ASCII control characters other than tab (and, where `newline` is allowed, LF).
  static func isIllegal(_ c: Unicode.Scalar, newline: Bool) -> Bool {
    if c == "\t" || (newline && c == "\n") { return false }
    return c.value < 0x20 || c.value == 0x7F
  }

  mutating func skipWhitespace() {
    while TOMLParser.isWhitespace(current) { pos += 1 }
  }

  /// A comment runs to the end of the line and may hold no control character but tab.
  mutating func skipComment() throws(TOMLError) {
    guard current == "#" else { return }
    pos += 1
    while let c = current, c != "\n" {
      if TOMLParser.isIllegal(c, newline: false) { throw error(TOMLMessage.illegalCharacter) }
      pos += 1
    }
  }

  mutating func skipCommentsAndNewlines() throws(TOMLError) {
    while true {
      let before = pos
      while TOMLParser.isWhitespace(current) || current == "\n" { pos += 1 }
      try skipComment()
      if pos == before { return }
    }
  }

  // MARK: document

  mutating func document() throws(TOMLError) -> TOMLTable {
    var header: [String] = []
    while true {
      skipWhitespace()
      guard let c = current else { break }
      if c == "\n" {
        pos += 1
        continue
      }
      if TOMLParser.isBareKey(c) || c == "\"" || c == "'" {
        try keyValueRule(header: header)
        skipWhitespace()
      } else if c == "[" {
        flags.finalizePending()
        header = char(pos + 1) == "[" ? try arrayTableRule() : try tableRule()
        skipWhitespace()
      } else if c != "#" {
        throw error(c == "\u{FEFF}" && pos == 0 ? TOMLMessage.byteOrderMark : TOMLMessage.invalidStatement)
      }
      try skipComment()
      guard let end = current else { break }
      if end != "\n" { throw error(TOMLMessage.expectedNewline) }
      pos += 1
    }
    return root
  }

  mutating func tableRule() throws(TOMLError) -> [String] {
    let start = pos
    pos += 1
    skipWhitespace()
    let (key, _) = try parseKey()
    if flags.isSet(key, .explicit) || flags.isSet(key, .frozen) { throw error(TOMLMessage.declaredTwice) }
    flags.set(key, .explicit, recursive: false)
    guard nest(key, accessLists: true, at: start) != nil else { throw error(TOMLMessage.overwrite) }
    guard current == "]" else { throw error(TOMLMessage.expectedTableEnd) }
    pos += 1
    return key
  }

  mutating func arrayTableRule() throws(TOMLError) -> [String] {
    let start = pos
    pos += 2
    skipWhitespace()
    let (key, _) = try parseKey()
    if flags.isSet(key, .frozen) { throw error(TOMLMessage.immutable) }
    flags.unsetAll(key)
    flags.set(key, .explicit, recursive: false)
    guard let stem = key.last, let parent = nest(Array(key.dropLast()), accessLists: true, at: start) else {
      throw error(TOMLMessage.overwrite)
    }
    let item = TOMLItem(value: .table(TOMLTable()), position: position(start))
    if let existing = parent[stem] {
      guard let list = existing.array else { throw error(TOMLMessage.overwrite) }
      list.items.append(item)
    } else {
      parent.insert(stem, TOMLItem(value: .array(TOMLArray([item])), position: position(start)))
    }
    guard current == "]", char(pos + 1) == "]" else { throw error(TOMLMessage.expectedArrayTableEnd) }
    pos += 2
    return key
  }

  mutating func keyValueRule(header: [String]) throws(TOMLError) {
    let (key, keyStart, item) = try keyValuePair()
    for i in 1..<max(key.count, 1) {
      let container = header + key.prefix(i)
      if flags.isSet(container, .explicit) { throw error(TOMLMessage.redefineNamespace) }
      flags.addPending(container, .explicit)
    }
    let parentKey = header + key.dropLast()
    if flags.isSet(parentKey, .frozen) { throw error(TOMLMessage.immutable) }
    guard let stem = key.last, let parent = nest(parentKey, accessLists: true, at: keyStart) else {
      throw error(TOMLMessage.overwrite)
    }
    if parent[stem] != nil { throw error(TOMLMessage.overwrite) }
    switch item.value {
    case .array, .table: flags.set(header + key, .frozen, recursive: true)
    default: break
    }
    parent.insert(stem, item)
  }

  /// The table at `key` below the root, created where missing; through an array of tables its last table.
  /// Nil when a non-table value is in the way.
  func nest(_ key: [String], accessLists: Bool, at start: Int, in base: TOMLTable? = nil) -> TOMLTable? {
    var table = base ?? root
    for k in key {
      if table[k] == nil { table.insert(k, TOMLItem(value: .table(TOMLTable()), position: position(start))) }
      var value = table[k]?.value
      if accessLists, case .array(let list)? = value { value = list.items.last?.value }
      guard case .table(let next)? = value else { return nil }
      table = next
    }
    return table
  }

  // MARK: keys

  mutating func keyValuePair() throws(TOMLError) -> ([String], Int, TOMLItem) {
    let (key, start) = try parseKey()
    guard current == "=" else { throw error(TOMLMessage.expectedEquals) }
    pos += 1
    skipWhitespace()
    var item = try parseValue()
    item.keyPosition = position(start)
    return (key, start, item)
  }

  /// A dotted key; whitespace around the dots and after the key is skipped.
  mutating func parseKey() throws(TOMLError) -> ([String], Int) {
    let start = pos
    var parts = [try parseKeyPart()]
    skipWhitespace()
    while current == "." {
      pos += 1
      skipWhitespace()
      parts.append(try parseKeyPart())
      skipWhitespace()
    }
    return (parts, start)
  }

  mutating func parseKeyPart() throws(TOMLError) -> String {
    if TOMLParser.isBareKey(current) {
      var s = String.UnicodeScalarView()
      while let c = current, TOMLParser.isBareKey(c) {
        s.append(c)
        pos += 1
      }
      return String(s)
    }
    if current == "'" { return try literalString() }
    if current == "\"" {
      pos += 1
      return try basicString(multiline: false)
    }
    throw error(TOMLMessage.invalidKey)
  }

  // MARK: values

  mutating func parseValue() throws(TOMLError) -> TOMLItem {
    let start = pos
    let value = try value()
    return TOMLItem(value: value, position: position(start))
  }

  mutating func value() throws(TOMLError) -> TOMLValue {
    switch current {
    case "\"":
      if starts(with: "\"\"\"", at: pos) { return .string(try multilineString(literal: false)) }
      pos += 1
      return .string(try basicString(multiline: false))
    case "'":
      if starts(with: "'''", at: pos) { return .string(try multilineString(literal: true)) }
      return .string(try literalString())
    case "t" where starts(with: "true", at: pos):
      pos += 4
      return .boolean(true)
    case "f" where starts(with: "false", at: pos):
      pos += 5
      return .boolean(false)
    case "[": return try nested { (p: inout TOMLParser) throws(TOMLError) in try p.array() }
    case "{": return try nested { (p: inout TOMLParser) throws(TOMLError) in try p.inlineTable() }
    default: break
    }
    if let v = try dateTime() { return v }
    if let v = localTime() { return v }
    if let v = number() { return v }
    for special in ["inf", "nan", "+inf", "-inf", "+nan", "-nan"] where starts(with: special, at: pos) {
      pos += special.unicodeScalars.count
      return .float(special)
    }
    throw error(TOMLMessage.invalidValue)
  }

  mutating func nested(
    _ body: (inout TOMLParser) throws(TOMLError) -> TOMLValue
  ) throws(TOMLError) -> TOMLValue {
    guard depth < 490 else { throw error(TOMLMessage.tooDeep) }
    depth += 1
    defer { depth -= 1 }
    return try body(&self)
  }

  mutating func array() throws(TOMLError) -> TOMLValue {
    pos += 1
    let list = TOMLArray()
    try skipCommentsAndNewlines()
    if current == "]" {
      pos += 1
      return .array(list)
    }
    while true {
      list.items.append(try parseValue())
      try skipCommentsAndNewlines()
      if current == "]" {
        pos += 1
        return .array(list)
      }
      guard current == "," else { throw error(TOMLMessage.unclosedArray) }
      pos += 1
      try skipCommentsAndNewlines()
      if current == "]" {
        pos += 1
        return .array(list)
      }
    }
  }

  mutating func inlineTable() throws(TOMLError) -> TOMLValue {
    pos += 1
    let table = TOMLTable()
    let local = TOMLFlags()
    skipWhitespace()
    if current == "}" {
      pos += 1
      return .table(table)
    }
    while true {
      let (key, keyStart, item) = try keyValuePair()
      if local.isSet(key, .frozen) { throw error(TOMLMessage.immutable) }
      guard let stem = key.last, let parent = nest(Array(key.dropLast()), accessLists: false, at: keyStart, in: table)
      else { throw error(TOMLMessage.overwrite) }
      if parent[stem] != nil { throw error(TOMLMessage.duplicateInlineKey) }
      parent.insert(stem, item)
      skipWhitespace()
      if current == "}" {
        pos += 1
        return .table(table)
      }
      guard current == "," else { throw error(TOMLMessage.unclosedInlineTable) }
      switch item.value {
      case .array, .table: local.set(key, .frozen, recursive: true)
      default: break
      }
      pos += 1
      skipWhitespace()
    }
  }
}
