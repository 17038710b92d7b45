import Compiler
import SciPySigs

/// TL203: an export's parameter type differs in kind or width from the signature it is labelled with or will be
/// matched to (float32 vs double, int32 vs npy_intp, int32* vs npy_intp *).
public enum CapsuleTypeAliasing: ProjectRule, ModuleRule {
  public static let code = "TL203"
  public static let name = "capsule-type-aliasing"
  public static let summary = "an export's parameter type differs in kind or width from its signature"

  static func describe(_ t: CType, _ model: ABIModel) -> String {
    guard let abi = model.abi(of: t) else { return "\(t)" }
    return "\(t) (\(abi))"
  }

  /// Capsules labelled with an explicit `signature=`.
  public static func check(_ project: Project) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let (text, expr) = site.signature, let sig = CSignature(parsing: text),
        let info = project.info(site.callable), let params = info.parameters, params.count == sig.parameters.count
      else { continue }
      for i in project.model.mismatches(params, sig, ignoringUnknown: true) {
        let spec = info.signature?.types.map { $0[i].description } ?? "\(params[i])"
        out.append(
          diagnostic(
            site.unit,
            "parameter \(i + 1) of \(info.label) is \(spec) = \(describe(params[i], project.model)) but the signature "
              + "\"\(text)\" passes \(describe(sig.parameters[i], project.model)): SciPy will hand it the wrong data",
            expr.range,
            hint: "declare the parameter as \(CapsuleABI.specSpelling(sig.parameters[i]) ?? "\(sig.parameters[i])")"))
      }
    }
    return out
  }

  /// Capsules no SciPy signature fits: each differing parameter against the nearest entry of the same arity.
  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let entries = SciPyTable.allSignatures(for: context.model.target)
    // Names exported more than once are TL101's: which line would thranc compile?
    let repeated = Set(Dictionary(grouping: context.specs, by: \.name).filter { $0.value.count > 1 }.keys)
    for spec in context.specs where spec.isCapsule && !spec.isOverloaded && !repeated.contains(spec.name) {
      guard let flat = spec.flattened().first, let types = flat.types,
        let params = CapsuleABI.parameterTypes(types),
        let (_, matched) = capsuleSignature(flat, in: context), !matched
      else { continue }
      guard let near = context.model.nearest(params, in: entries) else { continue }
      for i in context.model.mismatches(params, near) {
        let (p, e) = (params[i], near.parameters[i])
        out.append(
          context.diagnostic(
            self,
            "capsule '\(spec.name)' parameter \(i + 1) is \(types[i]) = \(describe(p, context.model)) but the nearest "
              + "SciPy signature \"\(near)\" passes \(describe(e, context.model))",
            types[i].range,
            hint: "use \(CapsuleABI.specSpelling(e) ?? "\(e)") to match \"\(near)\""))
      }
    }
    return out
  }
}
