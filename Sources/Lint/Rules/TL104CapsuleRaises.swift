import Compiler
import SciPySigs

/// TL104: a capsule body can raise.
public enum CapsuleRaises: ModuleRule {
  public static let code = "TL104"
  public static let name = "capsule-raises"
  public static let summary = "a capsule body can raise"
  public static let severity = Diagnostic.Severity.warning

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var seen = Set<ObjectIdentifier>()
    for entry in context.program.entryPoints where entry.signature.isCapsule {
      guard seen.insert(ObjectIdentifier(entry.instance)).inserted else { continue }
      guard let (signature, _) = capsuleSignature(entry.signature, in: context) else { continue }
      let outcome = errorOutcome(signature, context)
      // Runtime checks of data (zero divisors, view lengths) are not reported: every division would warn.
      for site in entry.instance.raiseSites where site.explicit {
        out.append(
          context.diagnostic(
            self, "capsule '\(entry.signature.name)' can raise here (\(site.reason)); \(outcome)", site.range,
            hint: "check the condition before the operation, or keep it if the error is intended",
            severity: .warning))
      }
    }
    return out
  }

  /// What the capsule returns after a raise and what its consumers do, from the consumer table codegen reads.
  static func errorOutcome(_ signature: CSignature, _ context: ModuleContext) -> String {
    let (consumers, onError) = SciPyTable.errorReturn(for: signature, target: context.model.target)
    guard !consumers.isEmpty else {
      let value = onError.value == .nothing ? "returns" : "returns \(onError.spelled)"
      return "the capsule then \(value) with the Python exception pending (no SciPy consumer takes \(signature))"
    }
    let names = consumers.map(\.shortName).joined(separator: ", ")
    return "the capsule then returns \(onError.spelled) to \(names): \(onError.consequence)"
  }
}
