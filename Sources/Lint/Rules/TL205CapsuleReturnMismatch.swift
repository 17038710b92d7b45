import Compiler
import SciPySigs

/// TL205: the inferred return type cannot be the signature's return type without loss.
public enum CapsuleReturnMismatch: ModuleRule {
  public static let code = "TL205"
  public static let name = "capsule-return-mismatch"
  public static let summary = "the inferred return type cannot be the signature's return type without loss"

  /// True when every value of `inferred` survives conversion to the C type `result` on `model`'s target.
  public static func fits(_ inferred: Typed, in result: CType, model: ABIModel) -> Bool {
    guard let abi = model.abi(of: result), abi.pointerDepth == 0 else { return false }
    switch abi.scalar.kind {
    case .void: return inferred.type == .none
    case .floating:
      switch inferred.type {
      case .bool: return true
      case .int(let bits, _): return inferred.weak || bits < abi.scalar.size * 8 - 8 || abi.scalar.size == 8
      case .float(let bits): return bits <= abi.scalar.size * 8
      default: return false
      }
    case .signedInteger, .unsignedInteger:
      let width = abi.scalar.size * 8
      switch inferred.type {
      case .bool: return true
      // A Python int literal such as `return 1` is checked as a value, not a type.
      case .int(let bits, let signed):
        if inferred.weak { return true }
        if abi.scalar.kind == .signedInteger { return signed ? bits <= width : bits < width }
        return !signed && bits <= width
      default: return false
      }
    }
  }

  static func returnHint(_ result: CType) -> String {
    result.base == "int" ? "return 1 on success (ndimage treats 0 as an error)" : "return a value of C type \(result)"
  }

  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for entry in context.program.entryPoints where entry.signature.isCapsule {
      guard let (sig, matched) = capsuleSignature(entry.signature, in: context), matched,
        let inferred = entry.instance.returnType
      else { continue }
      guard !fits(inferred, in: sig.result, model: context.model) else { continue }
      let def = entry.instance.definition
      let what = inferred.type == .none ? "returns nothing (None)" : "returns \(inferred.type)"
      let hint = returnHint(sig.result)
      out.append(
        context.diagnostic(
          self,
          "capsule '\(entry.signature.name)' \(what) but its signature \"\(sig)\" returns \(sig.result): "
            + "the value would be \(inferred.type == .none ? "undefined" : "truncated or reinterpreted")",
          def.nameRange, hint: hint))
    }
    return out
  }
}

extension CapsuleReturnMismatch: ProjectRule {
  /// Capsules labelled with an explicit `signature=` whose return type the body cannot give without loss.
  public static func check(_ project: Project) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let (text, expr) = site.signature, let sig = CSignature(parsing: text),
        let info = project.info(site.callable)
      else { continue }
      if let declared = info.declaredResult, let a = project.model.abi(of: declared),
        let b = project.model.abi(of: sig.result), a != b
      {
        out.append(
          diagnostic(
            site.unit,
            "\(info.label) returns \(declared) (\(a)) but the signature \"\(text)\" returns \(sig.result) (\(b)): "
              + "the caller reads the wrong register or width",
            expr.range, hint: "set restype to the signature's return type"))
        continue
      }
      guard let inferred = info.inferredReturn, !fits(inferred, in: sig.result, model: project.model) else { continue }
      let what = inferred.type == .none ? "returns nothing (None)" : "returns \(inferred.type)"
      out.append(
        diagnostic(
          site.unit, "\(info.label) \(what) but the signature \"\(text)\" returns \(sig.result)", expr.range,
          hint: returnHint(sig.result)))
    }
    return out
  }
}
