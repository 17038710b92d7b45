import Compiler
import SciPySigs

/// TL206: a callable reaches a SciPy consumer whose table has no entry for it.
public enum ConsumerRejectsCallable: ProjectRule {
  public static let code = "TL206"
  public static let name = "consumer-rejects-callable"
  public static let summary = "a callable reaches a SciPy consumer whose table has no entry for it"

  public static func check(_ project: Project) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for use in project.uses {
      var value = use.callable
      if case .lowLevelCallable(let site)? = value {
        // An explicit signature is TL202's business; a missing one means the callable's own name is compared.
        guard site.signature == nil, !site.signatureUnknown else { continue }
        value = site.callable
      }
      guard let info = project.info(value), let name = info.implicitName,
        !use.consumer.acceptedNames.contains(name)
      else { continue }
      var hint =
        "\(use.consumer.shortName) accepts "
        + use.consumer.acceptedNames.map { "\"\($0)\"" }.joined(separator: ", ")
      if let params = info.parameters,
        let near = project.model.nearest(params, in: use.consumer.signatures, ignoringUnknown: true)
      {
        hint = "the nearest signature \(use.consumer.shortName) accepts is \"\(near)\""
      }
      out.append(
        diagnostic(
          use.unit,
          "\(info.label) is named \"\(name)\", which \(use.consumer.qualifiedName) does not accept",
          use.callableExpr.range, hint: hint))
    }
    return out
  }
}
