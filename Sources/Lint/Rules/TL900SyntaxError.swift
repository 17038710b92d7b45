import Compiler

/// TL900: a file does not parse (or cannot be read): nothing else in it can be checked.
public enum SyntaxError {
  public static let code = "TL900"
  public static let name = "syntax-error"
  public static let summary = "a file does not parse as Python 3.11, so nothing else in it is checked"
}
