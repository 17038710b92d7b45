import Compiler
import SciPySigs

/// What a rule sees of one module: its syntax tree, its exports and the analysis of its exported functions.
public struct ModuleContext {
  public var module: Module
  public var specs: [ExportSpec]
  public var program: Program
  public var model: ABIModel

  public init(module: Module, specs: [ExportSpec], program: Program, model: ABIModel) {
    self.module = module
    self.specs = specs
    self.program = program
    self.model = model
  }

  public var path: String { module.source.path }

  /// Top-level `def`s by name.
  public var functions: [String: Stmt.FunctionDef] {
    var result: [String: Stmt.FunctionDef] = [:]
    for s in module.body {
      if case .functionDef(let d) = s.kind { result[d.name] = d }
    }
    return result
  }

  /// Names bound at module level other than functions (globals a `#pythran export NAME` may name).
  public var globals: Set<String> {
    var result = Set<String>()
    for s in module.body {
      switch s.kind {
      case .assign(let targets, _):
        for t in targets { if case .name(let id, _) = t.kind { result.insert(id) } }
      case .annAssign(let t, _, _, _):
        if case .name(let id, _) = t.kind { result.insert(id) }
      case .import(let aliases):
        for a in aliases { result.insert(a.asname ?? String(a.name.split(separator: ".").first ?? "")) }
      case .importFrom(_, let names, _):
        for a in names { result.insert(a.asname ?? a.name) }
      case .classDef(let c):
        result.insert(c.name)
      default: break
      }
    }
    return result
  }

  public func diagnostic(
    _ rule: any ModuleRule.Type, _ message: String, _ range: SourceRange, hint: String? = nil,
    severity: Diagnostic.Severity = .error
  ) -> Diagnostic {
    Diagnostic(severity: severity, message: message, range: range, path: path, hint: hint, code: rule.code)
  }
}

/// A rule over one module. Rules are stateless; each lives in its own file under Rules/.
public protocol ModuleRule {
  static var code: String { get }
  static var name: String { get }
  static var summary: String { get }
  static var severity: Diagnostic.Severity { get }
  static func check(_ context: ModuleContext) -> [Diagnostic]
}

extension ModuleRule {
  public static var severity: Diagnostic.Severity { .error }
}

/// The rules thranc runs before code generation and thranlint runs on every module.
public enum ModuleRules {
  public static let all: [any ModuleRule.Type] = [
    ExportUnknownFunction.self, ExportArityMismatch.self, CapsuleOverload.self, CapsuleNonCType.self,
    PointerOutsideCapsule.self, CapsuleRaises.self, CapsuleReturnMismatch.self, CapsuleTypeAliasing.self,
  ]

  /// Rules that read inferred types: they see only the exports analyzed without error (the errors of the others
  /// say more), so one export thranc cannot compile leaves the checks of the others in place.
  public static let typeRules: Set<String> = [CapsuleRaises.code, CapsuleReturnMismatch.code, CapsuleTypeAliasing.code]

  /// Runs every module rule, sorted by position then code.
  public static func check(_ context: ModuleContext) -> [Diagnostic] {
    var sound = context
    sound.program = context.program.soundExports()
    sound.specs = context.specs.filter { sound.program.specs.contains($0) }
    return all.flatMap { $0.check(typeRules.contains($0.code) ? sound : context) }.sorted {
      ($0.range.start, $0.code ?? "") < ($1.range.start, $1.code ?? "")
    }
  }
}

/// The capsule name thranc gives an export signature, with the entry it matched (nil when none).
public func capsuleSignature(_ signature: FlatSignature, in context: ModuleContext) -> (CSignature, Bool)? {
  guard let types = signature.types, let params = CapsuleABI.parameterTypes(types) else { return nil }
  let instance = context.program.entryPoints.first { $0.signature == signature }?.instance
  let result = CapsuleABI.capsuleName(parameters: params, returnType: instance?.returnType?.type, model: context.model)
  return (result.signature, result.entry)
}
