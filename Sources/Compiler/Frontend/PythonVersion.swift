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

  /// The Unicode version of the interpreter's character database.
  public var unicodeVersion: (major: Int, minor: Int) {
    switch self {
    case .py311: return (14, 0)
    case .py312: return (15, 0)
    case .py313: return (15, 1)
    case .py314: return (16, 0)
    }
  }

  public static func < (a: PythonVersion, b: PythonVersion) -> Bool { a.rawValue < b.rawValue }
}

/// Syntax that only some Python versions accept: the one table the parser gates on and takes its messages from.
public enum SyntaxFeature: String, CaseIterable, Sendable {
  case typeParameterList
  case typeAliasStatement
  case fstringQuoteReuse
  case fstringBackslash
  case fstringComment
  case fstringNestingDepth
  case fstringDebugInFormatSpec
  case typeParameterDefault
  case exceptWithoutParentheses
  case templateString

  /// The first version that accepts the syntax.
  public var added: PythonVersion {
    switch self {
    case .typeParameterList, .typeAliasStatement, .fstringQuoteReuse, .fstringBackslash, .fstringComment,
      .fstringNestingDepth:
      return .py312
    case .fstringDebugInFormatSpec, .typeParameterDefault: return .py313
    case .exceptWithoutParentheses, .templateString: return .py314
    }
  }

  /// What the syntax is, as the message names it (ruff's wording where ruff has one).
  public var name: String {
    switch self {
    case .typeParameterList: return "type parameter lists"
    case .typeAliasStatement: return "`type` alias statement"
    case .fstringQuoteReuse: return "outer quote character in f-strings"
    case .fstringBackslash: return "an escape sequence (backslash) in f-strings"
    case .fstringComment: return "comments in f-strings"
    case .fstringNestingDepth: return "f-strings nested more than two levels deep"
    case .fstringDebugInFormatSpec: return "a `=` debug expression inside an f-string format spec"
    case .typeParameterDefault: return "type parameter default"
    case .exceptWithoutParentheses: return "multiple exception types without parentheses"
    case .templateString: return "t-strings"
    }
  }

  /// Reusing the quote is "reuse", the rest are "use".
  var verb: String { self == .fstringQuoteReuse ? "reuse" : "use" }

  /// "Cannot use `type` alias statement on Python 3.11 (syntax was added in Python 3.12)".
  public func message(target: PythonVersion) -> String {
    "Cannot \(verb) \(name) on Python \(target) (syntax was added in Python \(added))"
  }

  public static func hint(for feature: SyntaxFeature) -> String {
    "set `target-version = \"\(feature.added.ruffSpelling)\"` in [tool.thranlint] (or pass --target-version "
      + "\(feature.added.ruffSpelling)) if the project needs Python \(feature.added) or newer"
  }

  /// The located TL900 for using the feature when the target is older.
  public func diagnostic(target: PythonVersion, range: SourceRange, path: String) -> Diagnostic {
    Diagnostic(
      message: message(target: target), range: range, path: path, hint: SyntaxFeature.hint(for: self), code: "TL900")
  }
}
