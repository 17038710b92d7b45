import Compiler

/// TL901: a `# noqa` suppresses nothing.
public enum UnusedNoqa {
  public static let code = "TL901"
  public static let name = "unused-noqa"
  public static let summary = "a `# noqa: TLnnn` comment suppresses nothing"

  /// One diagnostic per listed TL code that matched no finding on its line. A directive that names TL901
  /// itself asks for exactly that finding to be silenced, so it is kept as written (ruff treats RUF100 so).
  static func check(_ directive: NoqaDirective, used: Set<String>, path: String) -> [Diagnostic] {
    guard let codes = directive.codes, !codes.contains(code) else { return [] }
    let unused = codes.filter { $0.hasPrefix("TL") && !used.contains($0) }
    guard !unused.isEmpty else { return [] }
    var d = Diagnostic(
      severity: .error,
      message: "unused noqa directive: \(unused.joined(separator: ", ")) reported nothing on this line",
      range: directive.range, path: path, hint: "remove the code from the comment", code: code)
    // The edit rewrites the whole comment token: prose after the codes stays a comment.
    if let edit = directive.removing(Set(unused)) { d.fix = Fix(message: "remove unused codes", edits: [edit]) }
    return [d]
  }
}
