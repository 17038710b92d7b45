import Foundation
import TOMLKit

/// `[tool.thranlint]` from the nearest `pyproject.toml`.
public struct LintConfig: Sendable {
  public var select: [String]?
  public var ignore: [String] = []
  public var exclude: [String] = []
  public var perFileIgnores: [(pattern: String, codes: [String])] = []
  public var target: String?
  /// The directory the patterns are relative to (the pyproject's directory, or the current one).
  public var root: String
  public var path: String?

  public init(root: String) {
    self.root = root
  }

  public struct ConfigError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  static let knownKeys: Set<String> = ["select", "ignore", "exclude", "per-file-ignores", "target"]

  /// The nearest `pyproject.toml` at or above `directory` that exists.
  public static func find(from directory: String) -> String? {
    var url = URL(fileURLWithPath: directory).standardizedFileURL
    for _ in 0..<64 {
      let candidate = url.appendingPathComponent("pyproject.toml").path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = url.deletingLastPathComponent()
      if parent.path == url.path { break }
      url = parent
    }
    return nil
  }

  /// Reads `[tool.thranlint]`; unknown keys and wrong value types are errors naming file and line.
  public static func load(path: String) throws -> LintConfig {
    var config = LintConfig(root: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    config.path = path
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ConfigError(message: "\(path): error: cannot read: \(error.localizedDescription)")
    }
    let document: TOMLTable
    do {
      document = try TOMLTable(string: text)
    } catch let e as TOMLParseError {
      throw ConfigError(
        message: "\(path):\(e.source.begin.line):\(e.source.begin.column): error: invalid TOML: \(e.description)")
    } catch {
      throw ConfigError(message: "\(path): error: invalid TOML: \(error)")
    }
    guard let section = document["tool"]?.table?["thranlint"]?.table else { return config }
    func fail(_ key: String, _ message: String) -> ConfigError {
      ConfigError(message: "\(path):\(line(of: key, in: text)): error: [tool.thranlint] \(message)")
    }
    func strings(_ key: String) throws -> [String]? {
      guard let value = section[key] else { return nil }
      guard let array = value.array else { throw fail(key, "'\(key)' must be a list of strings") }
      var out: [String] = []
      for item in array {
        guard let s = item.string else { throw fail(key, "'\(key)' must be a list of strings") }
        out.append(s)
      }
      return out
    }
    for key in section.keys where !knownKeys.contains(key) {
      let known = knownKeys.sorted().joined(separator: ", ")
      throw fail(key, "unknown key '\(key)'; known keys: \(known)")
    }
    config.select = try strings("select")
    config.ignore = try strings("ignore") ?? []
    config.exclude = try strings("exclude") ?? []
    if let value = section["target"] {
      guard let s = value.string else { throw fail("target", "'target' must be a string such as \"x86_64-linux-gnu\"") }
      config.target = s
    }
    if let value = section["per-file-ignores"] {
      guard let table = value.table else {
        throw fail("per-file-ignores", "'per-file-ignores' must be a table of pattern = [codes]")
      }
      for pattern in table.keys.sorted() {
        guard let array = table[pattern]?.array else {
          throw fail("per-file-ignores", "per-file-ignores.\"\(pattern)\" must be a list of codes")
        }
        var codes: [String] = []
        for item in array {
          guard let s = item.string else {
            throw fail("per-file-ignores", "per-file-ignores.\"\(pattern)\" must be a list of codes")
          }
          codes.append(s)
        }
        config.perFileIgnores.append((pattern, codes))
      }
    }
    return config
  }

  /// The 1-based line where `key` is assigned inside `[tool.thranlint]` (1 when not found).
  static func line(of key: String, in text: String) -> Int {
    var inSection = false
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("[") {
        inSection = line.hasPrefix("[tool.thranlint")
        continue
      }
      if inSection, line.hasPrefix(key) || line.hasPrefix("\"\(key)\"") { return i + 1 }
    }
    return 1
  }

  /// The path relative to the config root, for pattern matching.
  public func relative(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
    let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
    if standardized.hasPrefix(rootPath + "/") { return String(standardized.dropFirst(rootPath.count + 1)) }
    return standardized
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
