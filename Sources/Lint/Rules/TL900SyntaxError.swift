import Compiler

/// TL900: a file does not parse (or cannot be read): nothing else in it can be checked.
public enum SyntaxError {
  public static let code = "TL900"
  public static let name = "syntax-error"
  public static let summary = "a file does not parse as the target Python version, so nothing else in it is checked"
}
