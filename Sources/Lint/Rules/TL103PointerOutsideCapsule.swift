import Compiler

/// TL103: a pointer type appears in a non-capsule export.
public enum PointerOutsideCapsule: ModuleRule {
  public static let code = "TL103"
  public static let name = "pointer-outside-capsule"
  public static let summary = "a pointer type appears in a non-capsule export"

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for spec in context.specs where !spec.isCapsule {
      for argument in spec.arguments ?? [] where argument.type.containsPointer {
        out.append(
          context.diagnostic(
            self,
            "pointer type '\(argument.type)' in the regular export '\(spec.name)': Python cannot pass a raw pointer",
            argument.type.range, hint: "write 'capsule \(spec.name)(...)' for a LowLevelCallable, or use an array type")
        )
      }
    }
    return out
  }
}
