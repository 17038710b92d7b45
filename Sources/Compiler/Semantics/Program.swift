/// A type with Python's literal weakness: `1` and `2.5` adopt the type of the NumPy value they meet.
public struct Typed: Hashable, Sendable {
  public var type: ValueType
  public var weak: Bool

  public init(_ type: ValueType, weak: Bool = false) {
    self.type = type
    self.weak = weak
  }

  /// Combines two operand types for arithmetic under NEP 50.
  public static func promote(_ a: Typed, _ b: Typed) -> Typed {
    switch (a.weak, b.weak) {
    case (true, true): return Typed(Promotion.promote(a.type, b.type), weak: true)
    case (false, false): return Typed(Promotion.promote(a.type, b.type))
    case (true, false): return Typed(adopt(weak: a.type, strong: b.type))
    case (false, true): return Typed(adopt(weak: b.type, strong: a.type))
    }
  }

  /// The type a weak Python scalar takes next to a NumPy scalar: same kind keeps the NumPy type.
  static func adopt(weak: ValueType, strong: ValueType) -> ValueType {
    switch (weak, strong) {
    case (.int, .int), (.int, .float), (.int, .complex): return strong
    case (.int, .bool): return .int64
    case (.float, .float), (.float, .complex): return strong
    case (.float, _): return .float64
    case (.complex, .complex): return strong
    case (.complex, .float(let bits)): return .complex(bits: bits * 2)
    case (.complex, _): return .complex128
    default: return Promotion.promote(weak, strong)
    }
  }
}

/// A function of intrinsic meaning (math, builtins, NumPy) resolved from a name in the module.
public enum Intrinsic: Hashable, Sendable {
  /// A `math` or `numpy` function computed in C by `cFunction` (double version; float version adds `f`).
  case mathFunction(name: String, numpy: Bool)
  case constant(String)
  case builtin(String)
  case asArray
  case exception(String)
}

/// One compiled instantiation of a `def` for concrete argument types.
public final class FunctionInstance {
  public let name: String
  public let definition: Stmt.FunctionDef
  public let range: SourceRange
  public let parameterTypes: [ValueType]
  public var cName: String
  /// Locals (parameters first) in first-assignment order, with their types.
  public var localOrder: [String] = []
  public var localTypes: [String: Typed] = [:]
  public var exprTypes: [ObjectIdentifier: Typed] = [:]
  public var returnType: Typed?
  /// Parameters left to their default values in this instance, bound at entry.
  public var defaultedParameters: [(name: String, value: Expr)] = []
  public var callees: [ObjectIdentifier: FunctionInstance] = [:]
  public var intrinsics: [ObjectIdentifier: Intrinsic] = [:]
  /// Where the body can raise (explicit `raise`/`assert`, integer division, calls that raise...).
  /// `explicit` marks `raise`, `assert` and calls to functions that raise explicitly; the others are runtime
  /// checks of data (division by zero, view lengths) that well-formed inputs never trip.
  public var raiseSites: [(range: SourceRange, reason: String, explicit: Bool)] = []
  public var canRaise: Bool { !raiseSites.isEmpty }
  /// Its analysis, or that of a function it calls, reported an error: its inferred types are not reliable.
  public internal(set) var hasErrors = false
  public var raisesExplicitly: Bool { raiseSites.contains { $0.explicit } }

  init(name: String, definition: Stmt.FunctionDef, range: SourceRange, parameterTypes: [ValueType], cName: String) {
    self.name = name
    self.definition = definition
    self.range = range
    self.parameterTypes = parameterTypes
    self.cName = cName
  }

  public func type(of expr: Expr) -> ValueType? { exprTypes[ObjectIdentifier(expr)]?.type }

  /// The C type a local is declared with (weak literals become int64/float64/complex128).
  public func localType(_ name: String) -> ValueType? { localTypes[name].map { $0.type } }
}

/// A module-level constant (`N = 10`) usable in compiled functions.
public struct ModuleConstant {
  public var name: String
  public var value: Expr
  public var type: Typed
  public var range: SourceRange
}

/// One flat export signature bound to the instance that implements it.
public struct EntryPoint {
  public var signature: FlatSignature
  public var instance: FunctionInstance
}

/// The result of semantic analysis of a module for its exports.
public final class Program {
  public let module: Module
  public var specs: [ExportSpec]
  public var instances: [FunctionInstance] = []
  public var entryPoints: [EntryPoint] = []
  public var constants: [String: ModuleConstant] = [:]
  public var constantOrder: [String] = []
  /// Exported globals (`#pythran export NAME`).
  public var exportedGlobals: [(spec: ExportSpec, constant: ModuleConstant)] = []
  public var diagnostics: [Diagnostic] = []
  public var docstring: String?
  /// Which parameters of each instance may be stored into (alias-aware); decides writable buffers.
  public internal(set) var argumentEffects = ArgumentEffects()

  init(module: Module, specs: [ExportSpec]) {
    self.module = module
    self.specs = specs
  }

  /// Indices into `specs` of the exports whose analysis failed (a type thranc cannot compile, an error in the
  /// function or in what it calls).
  public internal(set) var failedExports: Set<Int> = []

  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// The exports analyzed without error and their entry points. Rules that read inferred types check this,
  /// so that one export thranc cannot compile does not silence the checks of the others.
  public func soundExports() -> Program {
    let sound = Program(module: module, specs: specs.indices.filter { !failedExports.contains($0) }.map { specs[$0] })
    sound.entryPoints = entryPoints.filter { entry in
      !entry.instance.hasErrors && sound.specs.contains(entry.signature.spec)
    }
    sound.instances = instances.filter { !$0.hasErrors }
    sound.constants = constants
    sound.constantOrder = constantOrder
    sound.exportedGlobals = exportedGlobals.filter { sound.specs.contains($0.spec) }
    sound.docstring = docstring
    sound.argumentEffects = argumentEffects
    return sound
  }
}
