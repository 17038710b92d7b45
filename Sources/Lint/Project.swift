import Compiler
import Dispatch
import SciPySigs

/// What the linter knows about a callable: the name SciPy will compare and the C types behind it.
public struct CallableInfo {
  /// The capsule name when no `signature=` is given (thranc's name, or the one ctypes derives).
  public var implicitName: String?
  public var parameters: [CType]?
  public var inferredReturn: Typed?
  /// The C result type a foreign function declares (ctypes `restype`).
  public var declaredResult: CType?
  /// `capsule 'f' (testlib.py:3)` for messages.
  public var label: String
  public var unit: SourceUnit?
  public var signature: FlatSignature?
}

/// The whole project: files, their flows, every LowLevelCallable construction and consumer call.
public final class Project {
  public let index: ProjectIndex
  public let model: ABIModel
  public private(set) var sites: [CallableSite] = []
  public private(set) var uses: [ConsumerUse] = []

  public init(index: ProjectIndex) {
    self.index = index
    self.model = index.model
    // Only files that mention SciPy's or ctypes' names can construct or consume callables.
    let candidates = index.units.filter {
      $0.module != nil && $0.mayBuildOrConsumeCallables
    }
    let flows = candidates.map { FileFlow(unit: $0, index: index, target: index.model.target) }
    for flow in flows { flow.run() }
    sites = flows.flatMap(\.sites)
    uses = flows.flatMap(\.consumerUses)
  }

  public var acceptedNames: Set<String> { Set(SciPyTable.allSignatures(for: model.target).map(\.description)) }

  /// `info` of each project capsule, computed once: every rule asks for it at every site that uses it.
  private var capsuleInfo: [String: CallableInfo?] = [:]

  public func info(_ value: FlowValue?) -> CallableInfo? {
    guard case .projectFunction(let unit, let name)? = value else { return uncachedInfo(value) }
    let key = "\(ObjectIdentifier(unit).hashValue):\(name)"
    if let known = capsuleInfo[key] { return known }
    let computed = uncachedInfo(value)
    capsuleInfo[key] = computed
    return computed
  }

  func uncachedInfo(_ value: FlowValue?) -> CallableInfo? {
    switch value {
    case .projectFunction(let unit, let name)?:
      guard let spec = unit.specs.first(where: { $0.name == name && $0.isCapsule }),
        let flat = spec.flattened().first, let types = flat.types
      else { return nil }
      let params = CapsuleABI.parameterTypes(types)
      var implicit: String?
      var inferred: Typed?
      if let context = unit.context {
        implicit = capsuleSignature(flat, in: context)?.0.description
        // A failed analysis (its own or a callee's) infers nothing to trust.
        inferred =
          context.program.entryPoints.first { $0.signature == flat && !$0.instance.hasErrors }?.instance.returnType
      }
      let line = spec.nameRange.start.line
      return CallableInfo(
        implicitName: implicit, parameters: params, inferredReturn: inferred, declaredResult: nil,
        label: "capsule '\(name)' (\(unit.displayPath):\(line))", unit: unit, signature: flat)
    case .ctypesFunction(let name?)?:
      let sig = CSignature(parsing: name)
      return CallableInfo(
        implicitName: name, parameters: sig?.parameters, inferredReturn: nil, declaredResult: sig?.result,
        label: "ctypes function \"\(name)\"", unit: nil, signature: nil)
    default:
      return nil
    }
  }
}

/// A rule over the whole project (call sites across files).
public protocol ProjectRule {
  static var code: String { get }
  static var name: String { get }
  static var summary: String { get }
  static func check(_ project: Project) -> [Diagnostic]
}

extension ProjectRule {
  static func diagnostic(
    _ unit: SourceUnit, _ message: String, _ range: SourceRange, hint: String? = nil, fix: Fix? = nil
  ) -> Diagnostic {
    var d = Diagnostic(message: message, range: range, path: unit.path, hint: hint, code: code)
    d.fix = fix
    return d
  }
}
