import Compiler
import Foundation
import SciPySigs
import ThranSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `[tool.thranlint]` from the nearest `pyproject.toml`.
public struct LintConfig: Sendable {
  public var select: [String]?
  public var ignore: [String] = []
  public var extendSelect: [String] = []
  public var exclude: [String] = []
  public var perFileIgnores: [(pattern: String, codes: [String])] = []
  public var target: String?
  /// The Python grammar files are read with (`target-version`); nil leaves the command line or the default.
  public var pythonVersion: PythonVersion?
  /// The directory the patterns are relative to (the pyproject's directory, or the current one); absolute.
  public var root: String
  public var path: String?

  public init(root: String) {
    self.root = Paths.absolute(root, from: FileManager.default.currentDirectoryPath)
  }

  public struct ConfigError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  enum Message {
    static let section = "[tool.thranlint]"
    static func unreadable(_ reason: String) -> String { "cannot read the configuration: \(reason)" }
    static func invalidTOML(_ reason: String) -> String { "invalid TOML: \(reason)" }
    static func unknownKey(_ key: String) -> String {
      "\(section) unknown key '\(key)'; known keys: \(knownKeys.sorted().joined(separator: ", "))"
    }
    static func listOfStrings(_ key: String, found: String) -> String {
      "\(section) '\(key)' must be a list of strings, found \(found)"
    }
    static func string(_ key: String, example: String, found: String) -> String {
      "\(section) '\(key)' must be a string such as \"\(example)\", found \(found)"
    }
    static func table(_ key: String, found: String) -> String {
      "\(section) '\(key)' must be a table of \"pattern\" = [codes], found \(found)"
    }
    static func unknownCode(_ code: String, in key: String) -> String {
      "\(section) unknown rule code or prefix '\(code)' in '\(key)'; thranlint's codes are TL001-TL901 "
        + "(see `thranlint rules`), prefixes such as \"TL2\" or \"ALL\""
    }
    static func unknownTarget(_ text: String) -> String {
      "\(section) unknown target '\(text)'; known: x86_64-linux-gnu, x86_64-pc-windows-msvc, i686-linux-gnu"
    }
    static func unknownVersion(_ text: String) -> String {
      "\(section) unknown target-version '\(text)'; expected one of "
        + PythonVersion.allCases.map(\.ruffSpelling).joined(separator: ", ")
    }
  }

  static let knownKeys: Set<String> = [
    "select", "ignore", "extend-select", "exclude", "per-file-ignores", "target", "target-version",
  ]

  /// True when `code` names a rule or a prefix of some rule's code, or is `ALL`.
  public static func isKnownSelector(_ code: String) -> Bool {
    let upper = code.uppercased()
    return upper == "ALL" || (!upper.isEmpty && RuleRegistry.all.contains { $0.code.hasPrefix(upper) })
  }

  /// True when the file had a `[tool.thranlint]` table.
  public var hasSection = false

  /// The configuration for files at or below `directory`: the nearest `pyproject.toml` with a `[tool.thranlint]`
  /// table (one without it, a sub-package's say, does not hide the project's), else defaults rooted at the
  /// nearest `pyproject.toml`, else at the current directory. A file that is not valid TOML is an error.
  public static func discover(from directory: String) throws(ConfigError) -> LintConfig {
    let start = Paths.absolute(directory, from: FileManager.default.currentDirectoryPath)
    var nearest: LintConfig?
    for dir in Paths.ancestors(of: start) {
      let candidate = Paths.join(dir, "pyproject.toml")
      guard FileManager.default.fileExists(atPath: candidate) else { continue }
      let config = try load(path: candidate)
      if config.hasSection { return config }
      if nearest == nil { nearest = config }
    }
    return nearest ?? LintConfig(root: FileManager.default.currentDirectoryPath)
  }

  /// The nearest `pyproject.toml` at or above `directory` that exists.
  public static func find(from directory: String) -> String? {
    let start = Paths.absolute(directory, from: FileManager.default.currentDirectoryPath)
    for dir in Paths.ancestors(of: start) {
      let candidate = Paths.join(dir, "pyproject.toml")
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// The project root seen from `directory`: the nearest directory at or above it holding a `pyproject.toml`
  /// or a `.git`, else `directory` itself. Absolute and normalized; imports resolve from here.
  public static func projectRoot(from directory: String) -> String {
    let start = Paths.absolute(directory, from: FileManager.default.currentDirectoryPath)
    for dir in Paths.ancestors(of: start) {
      let fm = FileManager.default
      if fm.fileExists(atPath: Paths.join(dir, "pyproject.toml")) || fm.fileExists(atPath: Paths.join(dir, ".git")) {
        return dir
      }
    }
    return start
  }

  /// Reads `[tool.thranlint]`; invalid TOML, unknown keys, wrong value types and unknown rule codes are errors
  /// naming file, line and column.
  public static func load(path: String) throws(ConfigError) -> LintConfig {
    var config = LintConfig(root: Paths.directory(of: path))
    config.path = path
    func fail(_ position: TOMLPosition?, _ message: String) -> ConfigError {
      let at = position.map { ":\($0.line):\($0.column)" } ?? ""
      return ConfigError(message: "\(path)\(at): error: \(message)")
    }
    let data: [UInt8]
    switch readConfigFile(path) {
    case .success(let bytes): data = bytes
    case .failure(let error): throw fail(nil, Message.unreadable(error.reason))
    }
    let document: TOMLTable
    do {
      document = try TOML.parse(data)
    } catch {
      throw fail(error.position, Message.invalidTOML(error.reason))
    }
    guard let item = document["tool"]?.table?["thranlint"] else { return config }
    guard let section = item.table else {
      throw fail(item.position, Message.section + " must be a table, found \(item.value.typeName)")
    }
    config.hasSection = true
    try config.read(section, fail: fail)
    return config
  }

  private mutating func read(
    _ section: TOMLTable, fail: (TOMLPosition?, String) -> ConfigError
  ) throws(ConfigError) {
    for key in section.keys where !LintConfig.knownKeys.contains(key) {
      throw fail(section[key]?.keyPosition, Message.unknownKey(key))
    }
    func strings(_ key: String, codes: Bool) throws(ConfigError) -> [String]? {
      guard let item = section[key] else { return nil }
      return try LintConfig.strings(item, key: key, codes: codes, fail: fail)
    }
    select = try strings("select", codes: true)
    ignore = try strings("ignore", codes: true) ?? []
    extendSelect = try strings("extend-select", codes: true) ?? []
    exclude = try strings("exclude", codes: false) ?? []
    if let item = section["target"] {
      guard let s = item.string else {
        throw fail(item.position, Message.string("target", example: "x86_64-linux-gnu", found: item.value.typeName))
      }
      // Checked here, where the value's line and column are known.
      guard Target.named(s) != nil else { throw fail(item.position, Message.unknownTarget(s)) }
      target = s
    }
    if let item = section["target-version"] {
      guard let s = item.string else {
        throw fail(item.position, Message.string("target-version", example: "py312", found: item.value.typeName))
      }
      guard let version = PythonVersion(s) else { throw fail(item.position, Message.unknownVersion(s)) }
      pythonVersion = version
    }
    if let item = section["per-file-ignores"] {
      guard let table = item.table else {
        throw fail(item.position, Message.table("per-file-ignores", found: item.value.typeName))
      }
      for pattern in table.keys {
        guard let entry = table[pattern] else { continue }
        let codes = try LintConfig.strings(entry, key: "per-file-ignores.\"\(pattern)\"", codes: true, fail: fail)
        perFileIgnores.append((pattern, codes))
      }
    }
  }

  private static func strings(
    _ item: TOMLItem, key: String, codes: Bool, fail: (TOMLPosition?, String) -> ConfigError
  ) throws(ConfigError) -> [String] {
    guard let array = item.array else {
      throw fail(item.position, Message.listOfStrings(key, found: item.value.typeName))
    }
    var out: [String] = []
    for element in array.items {
      guard let s = element.string else {
        throw fail(element.position, Message.listOfStrings(key, found: "an item that is \(element.value.typeName)"))
      }
      if codes && !isKnownSelector(s) { throw fail(element.position, Message.unknownCode(s, in: key)) }
      out.append(s)
    }
    return out
  }

  /// The path relative to the config root, for pattern matching.
  public func relative(_ path: String) -> String {
    Paths.relative(Paths.absolute(path, from: FileManager.default.currentDirectoryPath), to: root)
  }

  /// Glob match against the relative path, its file name, or any of its directories.
  public func matches(_ pattern: String, _ path: String) -> Bool {
    let rel = relative(path)
    if fnmatch(pattern, rel, 0) == 0 { return true }
    let components = rel.split(separator: "/").map(String.init)
    if components.contains(where: { fnmatch(pattern, $0, 0) == 0 }) { return true }
    // "dir/" or "dir/**" style prefixes.
    var prefix = ""
    for c in components.dropLast() {
      prefix += (prefix.isEmpty ? "" : "/") + c
      if fnmatch(pattern, prefix, 0) == 0 || fnmatch(pattern, prefix + "/", 0) == 0 { return true }
    }
    return false
  }

  public func isExcluded(_ path: String) -> Bool { exclude.contains { matches($0, path) } }

  public func ignoredCodes(for path: String) -> [String] {
    perFileIgnores.filter { matches($0.pattern, path) }.flatMap(\.codes)
  }
}

struct ReadError: Error {
  var reason: String
}

/// The file's bytes, or the reason they cannot be read (errno's own text, taken right after the failing call).
func readConfigFile(_ path: String) -> Result<[UInt8], ReadError> {
  func failure(_ code: Int32) -> Result<[UInt8], ReadError> {
    .failure(ReadError(reason: String(cString: strerror(code))))
  }
  guard !path.isEmpty else { return failure(ENOENT) }
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { return failure(errno) }
  defer { close(fd) }
  var info = stat()
  guard fstat(fd, &info) == 0 else { return failure(errno) }
  guard info.st_mode & S_IFMT != S_IFDIR else { return failure(EISDIR) }
  guard let bytes = FileBytes.readAll(fd) else { return failure(errno) }
  return .success(bytes)
}
