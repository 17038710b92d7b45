/// A Python language version the parser reads. Syntax newer than the target is a located diagnostic that
/// names the version it needs.
public enum PythonVersion: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
  case py311 = 11
  case py312 = 12
  case py313 = 13
  case py314 = 14

  /// The default target: the newest grammar the parser knows.
  public static let newest: PythonVersion = .py314

  /// Reads `3.12`, `py312` or `312`; nil for anything else.
  public init?(_ text: String) {
    let digits: Substring
    if text.hasPrefix("py") {
      digits = text.dropFirst(2)
    } else if text.hasPrefix("3.") {
      digits = "3" + text.dropFirst(2)
    } else {
      digits = Substring(text)
    }
    guard digits.count == 3, digits.hasPrefix("3"), let minor = Int(digits.dropFirst()) else { return nil }
    self.init(rawValue: minor)
  }

  /// `3.12`.
  public var description: String { "3.\(rawValue)" }

  /// `py312`, ruff's spelling of `target-version`.
  public var ruffSpelling: String { "py3\(rawValue)" }

  public static func < (a: PythonVersion, b: PythonVersion) -> Bool { a.rawValue < b.rawValue }
}
