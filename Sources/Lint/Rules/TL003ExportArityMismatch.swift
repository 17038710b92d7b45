import Compiler

/// TL003: the export's types and the `def`'s parameters differ in number.
public enum ExportArityMismatch: ModuleRule {
  public static let code = "TL003"
  public static let name = "export-arity-mismatch"
  public static let summary = "the export's types and the def's parameters differ in number"

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    let functions = context.functions
    var out: [Diagnostic] = []
    for spec in context.specs {
      guard let arguments = spec.arguments, let def = functions[spec.name] else { continue }
      if def.args.vararg != nil { continue }
      let params = def.args.posonlyargs + def.args.args
      let required = params.count - def.args.defaults.count
      let given = arguments.count
      let minimum = arguments.count - arguments.reversed().prefix { $0.isOptional }.count
      guard given > params.count || minimum < required else { continue }
      let names = params.map(\.name).joined(separator: ", ")
      let expected = required == params.count ? "\(params.count)" : "\(required) to \(params.count)"
      out.append(
        context.diagnostic(
          self,
          "export '\(spec.name)' gives \(given) type\(given == 1 ? "" : "s") but 'def \(spec.name)(\(names))' takes "
            + "\(expected) parameter\(params.count == 1 ? "" : "s")",
          spec.range, hint: "write one type per parameter, in order"))
    }
    return out
  }
}
