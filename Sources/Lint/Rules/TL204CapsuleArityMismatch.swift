import Compiler
import SciPySigs

/// TL204: the export has a different number of parameters than the signature it is labelled with.
public enum CapsuleArityMismatch: ProjectRule {
  public static let code = "TL204"
  public static let name = "capsule-arity-mismatch"
  public static let summary = "the export has a different number of parameters than its signature"

  public static func check(_ project: Project) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let (text, expr) = site.signature, let sig = CSignature(parsing: text),
        let info = project.info(site.callable), let params = info.parameters, params.count != sig.parameters.count
      else { continue }
      out.append(
        diagnostic(
          site.unit,
          "\(info.label) takes \(params.count) parameter\(params.count == 1 ? "" : "s") but the signature "
            + "\"\(text)\" passes \(sig.parameters.count)",
          expr.range, hint: "make the export's parameters match the signature one for one"))
    }
    return out
  }
}
