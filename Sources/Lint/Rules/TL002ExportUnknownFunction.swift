import Compiler

/// TL002: an export names no function or global of the module.
public enum ExportUnknownFunction: ModuleRule {
  public static let code = "TL002"
  public static let name = "export-unknown-function"
  public static let summary = "an export names no function or global of the module"

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    let functions = context.functions
    let globals = context.globals
    var out: [Diagnostic] = []
    for spec in context.specs {
      if spec.arguments != nil
        ? functions[spec.name] != nil : (functions[spec.name] != nil || globals.contains(spec.name))
      {
        continue
      }
      let what = spec.arguments != nil ? "function" : "function or global"
      var hint: String?
      let candidates = Array(functions.keys) + (spec.arguments == nil ? Array(globals) : [])
      if let best = candidates.min(by: { editDistance(spec.name, $0) < editDistance(spec.name, $1) }),
        editDistance(spec.name, best) <= 2
      {
        hint = "did you mean '\(best)'?"
      } else if spec.arguments != nil, globals.contains(spec.name) {
        hint = "'\(spec.name)' is a global, not a function: drop the parentheses to export it as a value"
      } else {
        hint = "define 'def \(spec.name)(...)' at module level, or fix the export line"
      }
      out.append(
        context.diagnostic(
          self, "export '\(spec.name)' names no \(what) of this module", spec.nameRange, hint: hint))
    }
    return out
  }
}
