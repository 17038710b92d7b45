import Compiler

/// TL101: a capsule has more than one signature (several lines, `or`, `?`).
public enum CapsuleOverload: ModuleRule {
  public static let code = "TL101"
  public static let name = "capsule-overload"
  public static let summary = "a capsule has more than one signature (several lines, `or`, `?`)"

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var firstLine: [String: ExportSpec] = [:]
    for spec in context.specs where spec.arguments != nil {
      if let previous = firstLine[spec.name], previous.isCapsule || spec.isCapsule {
        out.append(
          context.diagnostic(
            self,
            "capsule '\(spec.name)' is exported more than once (first at line \(previous.nameRange.start.line)); "
              + "a capsule is one C function with one signature",
            spec.nameRange, hint: "keep one export line, or compile a second function for the other types"))
        continue
      }
      firstLine[spec.name] = spec
      guard spec.isCapsule, spec.isOverloaded else { continue }
      let count = spec.flattened().count
      let shown = spec.flattened().prefix(4).map {
        "(" + ($0.types ?? []).map(\.description).joined(separator: ", ") + ")"
      }
      out.append(
        context.diagnostic(
          self,
          "capsule '\(spec.name)' stands for \(count) signatures \(shown.joined(separator: ", "))"
            + (count > 4 ? ", ..." : "") + "; a capsule has exactly one",
          spec.range, hint: "remove 'or' and '?' from capsule exports"))
    }
    return out
  }
}
