import Compiler

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
      let sig = capsuleSignature(entry.signature, in: context)
      let errorValue = sig.map { $0.0.result.base == "int" ? "0" : "NaN" } ?? "0"
      // Runtime checks of data (zero divisors, view lengths) are not reported: every division would warn.
      for site in entry.instance.raiseSites where site.explicit {
        out.append(
          context.diagnostic(
            self,
            "capsule '\(entry.signature.name)' can raise here (\(site.reason)); SciPy then gets the error value "
              + "\(errorValue) and the Python exception",
            site.range, hint: "check the condition before the operation, or keep it if the error is intended",
            severity: .warning))
      }
    }
    return out
  }
}
