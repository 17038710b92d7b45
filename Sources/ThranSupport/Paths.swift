// Path arithmetic on plain strings. Foundation's URL and NSString path helpers trap on some one-character
// inputs (`x`, `-`, `a/`) on Linux, and URL(fileURLWithPath:) stats what it is given; every path a user names
// goes through these functions instead. None of them touches the file system.

/// Pure string operations on POSIX paths.
public enum Paths {
  /// `a` joined with `b`; an absolute `b` wins, as in `os.path.join`.
  public static func join(_ a: String, _ b: String) -> String {
    if b.hasPrefix("/") || a.isEmpty { return b }
    if b.isEmpty { return a }
    return a.hasSuffix("/") ? a + b : a + "/" + b
  }

  /// `a` joined with each component in turn.
  public static func join(_ a: String, _ components: [String]) -> String {
    components.reduce(a) { join($0, $1) }
  }

  /// The last component, ignoring trailing slashes: `a/b/` → `b`, `/` → `/`, `` → ``.
  public static func lastComponent(of path: String) -> String {
    let trimmed = trimmingTrailingSlashes(path)
    if trimmed == "/" { return "/" }
    guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
    return String(trimmed[trimmed.index(after: slash)...])
  }

  /// The directory part, as `os.path.dirname` after trailing slashes are dropped: `x` → ``, `/x` → `/`,
  /// `a/b/` → `a`.
  public static func parent(of path: String) -> String {
    let trimmed = trimmingTrailingSlashes(path)
    if trimmed == "/" { return "/" }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    let head = trimmingTrailingSlashes(String(trimmed[..<slash]))
    return head.isEmpty ? "/" : head
  }

  /// The directory part, or `.` where the path has none.
  public static func directory(of path: String) -> String {
    let head = parent(of: path)
    return head.isEmpty ? "." : head
  }

  /// The extension of the last component without its dot (`k.py` → `py`); none for `.bashrc` or `x`.
  public static func pathExtension(of path: String) -> String {
    let name = lastComponent(of: path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...])
  }

  /// The last component without its extension: `a/k.py` → `k`, `.bashrc` → `.bashrc`.
  public static func stem(of path: String) -> String {
    let name = lastComponent(of: path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
    return String(name[..<dot])
  }

  /// `path` made absolute against `base` (not resolving links) and normalized.
  public static func absolute(_ path: String, from base: String) -> String {
    normalize(path.hasPrefix("/") ? path : join(base, path))
  }

  /// `.` and `..` and repeated slashes removed lexically, as `os.path.normpath`; `` → `.`.
  public static func normalize(_ path: String) -> String {
    let isAbsolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
          continue
        }
        if isAbsolute { continue }
      }
      parts.append(part)
    }
    let body = parts.joined(separator: "/")
    if isAbsolute { return "/" + body }
    return body.isEmpty ? "." : body
  }

  /// `path` relative to `root` when it lies inside it (both absolute and normalized), else `path` itself.
  public static func relative(_ path: String, to root: String) -> String {
    if path == root { return "." }
    let prefix = root.hasSuffix("/") ? root : root + "/"
    return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
  }

  /// Each directory from `path` up to `/`, nearest first (`path` itself included).
  public static func ancestors(of path: String) -> [String] {
    var result: [String] = []
    var current = normalize(path)
    while true {
      result.append(current)
      let up = parent(of: current)
      if up.isEmpty || up == current { break }
      current = up
    }
    return result
  }

  private static func trimmingTrailingSlashes(_ path: String) -> String {
    var result = Substring(path)
    while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
    return String(result)
  }
}
