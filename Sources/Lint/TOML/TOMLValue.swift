/// A parsed TOML document: tables and arrays are shared references so that headers can reopen them while
/// parsing; every value keeps where it was written, for diagnostics.
public final class TOMLTable {
  /// Keys in the order they were first written.
  public private(set) var keys: [String] = []
  private var storage: [String: TOMLItem] = [:]

  public subscript(key: String) -> TOMLItem? { storage[key] }

  func insert(_ key: String, _ item: TOMLItem) {
    if storage[key] == nil { keys.append(key) }
    storage[key] = item
  }
}

/// An array value or an array of tables.
public final class TOMLArray {
  public internal(set) var items: [TOMLItem] = []

  init(_ items: [TOMLItem] = []) {
    self.items = items
  }
}

/// Numbers and dates keep their text: thranlint reads none of them, but the parser checks them all.
public enum TOMLValue {
  case string(String)
  case integer(String)
  case float(String)
  case boolean(Bool)
  case datetime(String)
  case array(TOMLArray)
  case table(TOMLTable)

  /// The TOML type name, for "must be a list of strings, found an integer" messages.
  public var typeName: String {
    switch self {
    case .string: return "a string"
    case .integer: return "an integer"
    case .float: return "a float"
    case .boolean: return "a boolean"
    case .datetime: return "a date or time"
    case .array: return "an array"
    case .table: return "a table"
    }
  }
}

/// 1-based line and column (in code points) of where a value or key starts.
public struct TOMLPosition: Sendable, Equatable {
  public var line: Int
  public var column: Int
}

/// A value and where it starts.
public struct TOMLItem {
  public var value: TOMLValue
  public var position: TOMLPosition
  /// Where the key that defined the value starts (the value's own position for array items).
  public var keyPosition: TOMLPosition

  init(value: TOMLValue, position: TOMLPosition, keyPosition: TOMLPosition? = nil) {
    self.value = value
    self.position = position
    self.keyPosition = keyPosition ?? position
  }

  public var string: String? {
    if case .string(let s) = value { return s }
    return nil
  }

  public var array: TOMLArray? {
    if case .array(let a) = value { return a }
    return nil
  }

  public var table: TOMLTable? {
    if case .table(let t) = value { return t }
    return nil
  }
}

/// Why a document was rejected, and where.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
  public var position: TOMLPosition
  public var reason: String

  public var description: String { "\(position.line):\(position.column): \(reason)" }
}
