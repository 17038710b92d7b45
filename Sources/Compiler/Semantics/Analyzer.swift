/// Name resolution and type inference over the compiled subset, one instance per export signature.
public enum Analyzer {
  /// Analyzes `module` for `specs`. Every unsupported construct reachable from an export is a diagnostic.
  public static func analyze(_ module: Module, specs: [ExportSpec]) -> Program {
    let program = Program(module: module, specs: specs)
    var state = ModuleAnalysis(program: program)
    state.collectModuleScope()
    state.bindExports()
    program.argumentEffects = ArgumentEffects.analyze(program.instances)
    return program
  }
}

struct InstanceKey: Hashable {
  var name: String
  var types: [ValueType]
}

struct ReportedKey: Hashable {
  var range: SourceRange
  var message: String
}

struct ModuleAnalysis {
  let program: Program
  var scope = ModuleScope()
  var instancesByKey: [InstanceKey: FunctionInstance] = [:]
  var inProgress: Set<InstanceKey> = []
  /// Every error reported, duplicates included: how an instance or export learns that its analysis failed.
  var errorCount = 0
  /// What `program.diagnostics` already holds: each instance and flattened signature of an export reports the
  /// same problem again, and it must be shown once.
  var reported: Set<ReportedKey> = []
  var path: String { program.module.source.path }

  init(program: Program) {
    self.program = program
  }

  mutating func error(_ message: String, _ range: SourceRange, hint: String? = nil) {
    errorCount += 1
    guard reported.insert(ReportedKey(range: range, message: message)).inserted else { return }
    program.diagnostics.append(Diagnostic(message: message, range: range, path: path, hint: hint))
  }

  mutating func collectModuleScope() {
    for (index, stmt) in program.module.body.enumerated() {
      switch stmt.kind {
      case .functionDef(let def):
        if scope.functions[def.name] != nil || scope.constantExprs[def.name] != nil { scope.rebound.insert(def.name) }
        scope.functions[def.name] = (def, stmt.range)
      case .import(let aliases):
        for alias in aliases {
          if let asname = alias.asname {
            scope.imports[asname] = alias.name
          } else {
            let first = alias.name.split(separator: ".").first.map(String.init) ?? alias.name
            scope.imports[first] = first
          }
        }
      case .importFrom(let moduleName, let names, let level):
        guard level == 0, let moduleName else { continue }
        for alias in names where alias.name != "*" {
          scope.imports[alias.asname ?? alias.name] = moduleName + "." + alias.name
        }
      case .assign(let targets, let value):
        for target in targets {
          if case .name(let id, _) = target.kind {
            if scope.constantExprs[id] != nil || scope.functions[id] != nil { scope.rebound.insert(id) }
            scope.constantExprs[id] = (value, stmt.range)
          }
        }
      case .annAssign(let target, _, let value?, _):
        if case .name(let id, _) = target.kind {
          if scope.constantExprs[id] != nil { scope.rebound.insert(id) }
          scope.constantExprs[id] = (value, stmt.range)
        }
      case .expr(let e):
        if index == 0, case .constant(.string(let doc), _) = e.kind { program.docstring = doc }
      case .augAssign(let target, _, _):
        if case .name(let id, _) = target.kind { scope.rebound.insert(id) }
      default:
        break
      }
    }
  }

  /// Types a module constant once (weak for plain literals); nil when it is not a constant expression.
  mutating func constant(named name: String) -> ModuleConstant? {
    if let known = program.constants[name] { return known }
    guard !scope.rebound.contains(name), let (value, range) = scope.constantExprs[name] else { return nil }
    guard let type = constantType(value, depth: 0) else { return nil }
    let c = ModuleConstant(name: name, value: value, type: type, range: range)
    program.constants[name] = c
    program.constantOrder.append(name)
    return c
  }

  mutating func constantType(_ e: Expr, depth: Int) -> Typed? {
    guard depth < 50 else { return nil }
    switch e.kind {
    case .constant(let v, _):
      switch v {
      case .bool: return Typed(.bool)
      case .int: return Typed(.int64, weak: true)
      case .float: return Typed(.float64, weak: true)
      case .imaginary: return Typed(.complex128, weak: true)
      default: return nil
      }
    case .unaryOp(let op, let operand):
      guard op != .not, let t = constantType(operand, depth: depth + 1), t.type.isScalar else { return nil }
      return op == .invert && !t.type.isIntegerOrBool ? nil : t
    case .binOp(let l, let op, let r):
      guard [.add, .sub, .mult, .div].contains(op), let a = constantType(l, depth: depth + 1),
        let b = constantType(r, depth: depth + 1)
      else { return nil }
      var t = Typed.promote(a, b)
      if op == .div, t.type.isIntegerOrBool { t = Typed(.float64, weak: t.weak) }
      return t
    case .name(let id, _):
      guard let c = constant(named: id) else { return nil }
      return c.type
    case .attribute:
      if let dotted = scope.dottedName(e), case .constant = Intrinsics.resolve(dotted: dotted) {
        return Typed(.float64, weak: true)
      }
      return nil
    default:
      return nil
    }
  }

  /// Binds each export on its own: an export that cannot be compiled gets its diagnostics and is marked
  /// failed, and the others are still analyzed (the rules that read inferred types check them).
  mutating func bindExports() {
    for (index, spec) in program.specs.enumerated() {
      let before = errorCount
      let (instances, refused) = bind(spec)
      if refused || errorCount > before || instances.contains(where: \.hasErrors) {
        program.failedExports.insert(index)
      }
    }
  }

  /// The instances bound for `spec`'s flattened signatures; `refused` when a type cannot be compiled.
  mutating func bind(_ spec: ExportSpec) -> (instances: [FunctionInstance], refused: Bool) {
    guard spec.arguments != nil else {
      bindGlobal(spec)
      return ([], false)
    }
    guard let (def, _) = scope.functions[spec.name] else { return ([], false) }
    let parameterCount = def.args.posonlyargs.count + def.args.args.count
    let defaults = def.args.defaults.count
    // A type written once stands for several flattened signatures (`or`, a 2-D array's two orders): one
    // diagnostic per written type, the first alternative's.
    var unsupported: Set<SourceRange> = []
    var bound: [FunctionInstance] = []
    var refused = false
    for flat in spec.flattened() {
      guard let specTypes = flat.types else { continue }
      var types: [ValueType] = []
      for t in specTypes {
        if let v = compiledType(t, capsule: spec.isCapsule) {
          types.append(v)
        } else if !unsupported.contains(t.range), reportUnsupported(t, capsule: spec.isCapsule) {
          unsupported.insert(t.range)
        }
      }
      if types.count < specTypes.count {
        refused = true
        continue
      }
      guard types.count <= parameterCount, types.count >= parameterCount - defaults else { continue }
      if let instance = instantiate(spec.name, types: types, at: spec.range) {
        program.entryPoints.append(EntryPoint(signature: flat, instance: instance))
        bound.append(instance)
      }
    }
    return (bound, refused)
  }

  mutating func bindGlobal(_ spec: ExportSpec) {
    if let c = constant(named: spec.name) {
      program.exportedGlobals.append((spec, c))
    } else if scope.functions[spec.name] == nil, scope.constantExprs[spec.name] != nil {
      // TL002 reports names that exist nowhere; here only say what cannot be exported.
      error(
        "global '\(spec.name)' cannot be exported: only a constant number assigned once is supported",
        spec.nameRange)
    }
  }

  /// The type thranc compiles an export parameter to, or nil when it cannot yet.
  func compiledType(_ t: SpecType, capsule: Bool) -> ValueType? {
    guard let v = ValueType(spec: t), capsule ? (v.isScalar || v.isPointerToScalar) : isBoxable(v) else { return nil }
    return v
  }

  /// Reports a parameter type thranc cannot compile, unless a lint rule explains it; true when reported.
  mutating func reportUnsupported(_ t: SpecType, capsule: Bool) -> Bool {
    // TL102 (capsule parameters without C meaning) and TL103 (pointers outside capsules) explain the rest.
    let lintExplains = capsule ? !t.isPointer && !isPlainScalar(t) : t.containsPointer
    guard !lintExplains else { return false }
    error(
      "type '\(t)' is not supported by thranc yet", t.range,
      hint: "use bool, intN, uintN, floatN, complex, tuples of scalars, 1-D contiguous arrays, or T* in capsules")
    return true
  }

  func isPlainScalar(_ t: SpecType) -> Bool {
    if case .scalar(let s) = t.kind { return s.isNumeric }
    return false
  }

  /// Types a regular export converts from Python objects: scalars and tuples of scalars.
  func isBoxable(_ t: ValueType) -> Bool {
    if case .tuple(let ts) = t { return ts.allSatisfy(\.isScalar) }
    // Contiguous 1-D arrays arrive through the buffer protocol as a pointer and a length.
    if case .view(let e) = t { return e.isReal }
    return t.isScalar
  }

  func containsPointer(_ t: ValueType) -> Bool {
    switch t {
    case .pointer: return true
    case .tuple(let ts): return ts.contains(where: containsPointer)
    default: return false
    }
  }

  /// The instance of `name` for argument types `types`, analyzing it on first use.
  mutating func instantiate(_ name: String, types: [ValueType], at callRange: SourceRange) -> FunctionInstance? {
    let key = InstanceKey(name: name, types: types)
    if let known = instancesByKey[key] { return known }
    guard let (def, range) = scope.functions[name] else { return nil }
    if inProgress.contains(key) {
      error(
        "recursive call to '\(name)' is not supported in compiled functions", callRange,
        hint: "rewrite the recursion as a loop")
      return nil
    }
    let sameName = instancesByKey.keys.filter { $0.name == name }.count
    // A prefix keeps module functions clear of C macros (`S_ISREG`, `major`) and library functions.
    let cName = "fn_" + CNames.ascii(name) + (sameName == 0 ? "" : "_\(sameName)")
    let instance = FunctionInstance(name: name, definition: def, range: range, parameterTypes: types, cName: cName)
    inProgress.insert(key)
    let before = errorCount
    var analyzer = FunctionAnalyzer(instance: instance)
    analyzer.run(&self)
    inProgress.remove(key)
    // Errors reported while analyzing it (its callees' first analyses included), or a callee analyzed earlier
    // that failed: its inferred types cannot be trusted.
    instance.hasErrors = errorCount > before || instance.callees.values.contains(where: \.hasErrors)
    instancesByKey[key] = instance
    program.instances.append(instance)
    return instance
  }
}

/// C identifiers for Python names.
public enum CNames {
  static let reserved: Set<String> = [
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Bool",
    "_Complex", "bool", "complex", "main", "errno", "I", "NAN", "INFINITY", "HUGE_VAL", "NULL", "fabs", "sqrt",
    "exp", "log", "sin", "cos", "tan", "pow", "floor", "ceil", "trunc", "abs", "round", "fmod", "hypot", "atan2",
    "copysign", "log10", "log2", "log1p", "expm1", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
    "atanh", "erf", "erfc", "tgamma", "lgamma", "cbrt", "exp2", "isnan", "isinf", "isfinite", "nearbyint", "rint",
    "signbit", "cabs", "PyObject", "Py_ssize_t", "npy_intp", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t",
    "uint16_t", "uint32_t", "uint64_t", "intptr_t", "size_t", "assert", "offsetof", "alignof", "true", "false",
  ]

  /// Lower-case names that C headers define as macros.
  static let lowercaseMacros: Set<String> = [
    "stdin", "stdout", "stderr", "isnormal", "fpclassify", "major", "minor", "makedev", "unix", "linux", "i386",
    "va_arg", "va_start", "va_end", "va_copy", "setjmp", "alloca", "timercmp", "isgreater", "isless", "creal",
    "cimag", "complex", "imaginary", "static_assert", "noreturn", "alignas", "bool",
  ]

  /// A C identifier for a Python name: unchanged when it is lower-case ASCII and clashes with nothing C
  /// defines; otherwise prefixed with `py_` (upper-case names are where C headers put their macros).
  public static func mangle(_ name: String) -> String {
    let plain = name.unicodeScalars.allSatisfy { $0.isASCII && !("A"..."Z").contains($0) }
    if plain && !reserved.contains(name) && !lowercaseMacros.contains(name) && !name.hasPrefix("thran")
      && !name.hasPrefix("_")
    {
      return name
    }
    return "py_" + ascii(name)
  }

  /// The name with every non-identifier or non-ASCII scalar spelled as `_uXXXX_`.
  public static func ascii(_ name: String) -> String {
    var out = ""
    for scalar in name.unicodeScalars {
      if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") {
        out.unicodeScalars.append(scalar)
      } else {
        out += "_u\(String(scalar.value, radix: 16))_"
      }
    }
    return out
  }
}
