import Compiler
import SciPySigs

/// TL201: a signature string differs from an accepted one only in spacing (fix: the exact string).
public enum SignatureWhitespace: ProjectRule {
  public static let code = "TL201"
  public static let name = "signature-whitespace"
  public static let summary = "a signature string differs from an accepted one only in spacing"

  public static func check(_ project: Project) -> [Diagnostic] {
    let accepted = project.acceptedNames
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let (text, expr) = site.signature, !accepted.contains(text),
        let canonical = CSignature(parsing: text)?.description, accepted.contains(canonical)
      else { continue }
      var fix: Fix?
      if let quote = literalQuote(expr, in: site.unit) {
        fix = Fix(
          message: "replace with \"\(canonical)\"",
          edits: [Fix.Edit(range: expr.range, replacement: quote + canonical + quote)])
      }
      out.append(
        diagnostic(
          site.unit,
          "signature \"\(text)\" differs from SciPy's \"\(canonical)\" only in spacing; SciPy compares names byte "
            + "for byte and will reject it",
          expr.range, hint: "write exactly \"\(canonical)\"", fix: fix))
    }
    return out
  }

  /// The quote of a plain one-line string literal (no prefix, no concatenation), else nil: only those are fixed.
  static func literalQuote(_ e: Expr, in unit: SourceUnit) -> String? {
    guard let source = unit.source, e.range.start.line == e.range.end.line else { return nil }
    let line = Array(source.lineBytes(Int(e.range.start.line)))
    let start = Int(e.range.start.column)
    let end = Int(e.range.end.column)
    guard start >= 0, end <= line.count, end - start >= 2 else { return nil }
    let first = line[start]
    let last = line[end - 1]
    guard first == last, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else { return nil }
    let body = line[(start + 1)..<(end - 1)]
    // Reject triple quotes, escapes and adjacent literals: the slice must be one simple literal.
    guard !body.contains(first), !body.contains(UInt8(ascii: "\\")) else { return nil }
    return String(UnicodeScalar(first))
  }
}
