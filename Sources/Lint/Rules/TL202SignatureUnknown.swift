import Compiler
import SciPySigs

/// TL202: a signature string is accepted by no consumer, or not by the consumer it reaches.
public enum SignatureUnknown: ProjectRule {
  public static let code = "TL202"
  public static let name = "signature-unknown"
  public static let summary = "a signature string is accepted by no consumer, or not by the consumer it reaches"

  public static func check(_ project: Project) -> [Diagnostic] {
    let all = SciPyTable.allSignatures(for: project.model.target)
    let accepted = Set(all.map(\.description))
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let (text, expr) = site.signature, !accepted.contains(text) else { continue }
      let parsed = CSignature(parsing: text)
      if let canonical = parsed?.description, accepted.contains(canonical) { continue }  // TL201
      var hint = "SciPy accepts: " + all.map { "\"\($0)\"" }.joined(separator: ", ")
      if let parsed, let near = project.model.nearest(parsed.parameters, in: all, ignoringUnknown: true) {
        hint = "the nearest accepted signature is \"\(near)\""
      } else if parsed == nil {
        hint = "a signature reads RETURN (TYPE, TYPE, ...), e.g. \"double (int, double *, void *)\""
      }
      out.append(
        diagnostic(site.unit, "signature \"\(text)\" is accepted by no SciPy function", expr.range, hint: hint))
    }
    for use in project.uses {
      guard case .lowLevelCallable(let site)? = use.callable, let (text, expr) = site.signature,
        accepted.contains(text),
        !use.consumer.acceptedNames.contains(text)
      else { continue }
      out.append(
        diagnostic(
          site.unit,
          "signature \"\(text)\" is not accepted by \(use.consumer.qualifiedName) (called at line "
            + "\(use.call.range.start.line)), which accepts "
            + use.consumer.acceptedNames.map { "\"\($0)\"" }.joined(separator: ", "),
          expr.range, hint: "write a callback with one of these signatures for this consumer"))
    }
    return out
  }
}
