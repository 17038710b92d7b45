import Compiler

/// TL102: a capsule parameter has no C ABI meaning (arrays, lists, str, ...).
public enum CapsuleNonCType: ModuleRule {
  public static let code = "TL102"
  public static let name = "capsule-non-c-type"
  public static let summary = "a capsule parameter has no C ABI meaning (arrays, lists, str, ...)"

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for spec in context.specs where spec.isCapsule {
      for argument in spec.arguments ?? [] {
        for t in argument.type.alternatives() where CapsuleABI.cType(t) == nil {
          var hint = "capsule parameters are C scalars (int32, int64, float64...) or pointers (float64*)"
          if case .array(let element, _, _) = t.kind {
            hint = "pass a pointer and a length instead: \(element.rawValue)*"
          }
          out.append(
            context.diagnostic(
              self, "capsule '\(spec.name)' parameter type '\(t)' has no C ABI meaning", t.range, hint: hint))
        }
      }
    }
    return out
  }
}
