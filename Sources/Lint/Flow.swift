import Compiler
import SciPySigs

/// What an expression evaluates to, as far as the linter can tell without running anything.
public indirect enum FlowValue {
  /// A name outside the project, dotted: `scipy.integrate.quad`, `ctypes.c_double`.
  case external(String)
  case projectModule(SourceUnit)
  case projectFunction(SourceUnit, String)
  case lowLevelCallable(CallableSite)
  /// An instance of a ctypes scalar type, by its C base type (`double`).
  case ctypesScalar(String)
  /// `ctypes.pointer(x)`: a typed pointer (SciPy rejects it as user_data).
  case ctypesPointer(String?)
  case byref(String?)
  /// A `c_void_p` (what SciPy accepts as user_data) and, when visible, the C type it points at.
  case voidPointer(String?)
  case ndarray(dtype: String?)
  case arrayCtypes(dtype: String?)
  case cdll(String)
  /// A ctypes foreign function and the capsule name SciPy derives from its restype and argtypes.
  case ctypesFunction(String?)
  /// A Numba `@cfunc` and the capsule name its `.ctypes` gets from its signature.
  case numbaCFunc(String?)
  /// `ctypes.CFUNCTYPE(restype, *argtypes)`: calling or casting to it makes a ctypes function of that name.
  case ctypesPrototype(String?)
  case string(String, Expr)
  case integer
}

/// A `LowLevelCallable(...)` (or `.from_cython`) construction.
public final class CallableSite {
  public let unit: SourceUnit
  public let call: Expr
  public let callableExpr: Expr?
  public var callable: FlowValue?
  public let signature: (text: String, expr: Expr)?
  public let userDataExpr: Expr?
  public var userData: FlowValue?
  public let fromCython: Bool
  /// True when the signature argument is present but not a literal the linter can read.
  public let signatureUnknown: Bool

  init(
    unit: SourceUnit, call: Expr, callableExpr: Expr?, signature: (String, Expr)?, userDataExpr: Expr?,
    fromCython: Bool, signatureUnknown: Bool
  ) {
    self.unit = unit
    self.call = call
    self.callableExpr = callableExpr
    self.signature = signature
    self.userDataExpr = userDataExpr
    self.fromCython = fromCython
    self.signatureUnknown = signatureUnknown
  }
}

/// A call of a SciPy consumer and the callable it receives.
public struct ConsumerUse {
  public let unit: SourceUnit
  public let call: Expr
  public let consumer: Consumer
  public let callableExpr: Expr
  public let callable: FlowValue?
}

/// A lexical scope: module, function or class body, with its single-assignment facts.
final class FlowScope {
  let parent: FlowScope?
  var assignments: [String: [Assignment]] = [:]
  /// Nesting of compound statements (if/for/while/with/try/match) while collecting this scope.
  var nesting = 0

  struct Assignment {
    var value: Expr
    var scope: FlowScope
    /// Where the binding statement ends: the name holds the new value from there on (`d = f(d)` reads the
    /// old `d`; `a = 1; b = a` on one line reads the new one).
    var effective: SourceLocation
    /// A statement of the scope's own body, not inside a branch or loop: it runs exactly once, in order.
    var straight: Bool
  }
  /// Names bound in ways the linter does not follow (loops, `with`, parameters, tuple targets).
  var opaque: Set<String> = []
  var imports: [String: FlowValue] = [:]
  var calls: [Expr] = []
  /// Functions decorated with something (Numba's `@cfunc(sig)` among them), resolved when looked up.
  var decorated: [String: [Expr]] = [:]

  init(parent: FlowScope?) {
    self.parent = parent
  }
}

/// Follows assignments, imports and ctypes/NumPy constructions inside one file.
final class FileFlow {
  let unit: SourceUnit
  let index: ProjectIndex
  let target: Target
  var scopes: [FlowScope] = []
  /// `lib.f.restype = ...` and `lib.f.argtypes = ...`, by their dotted target text.
  var attributeAssignments: [String: [Expr]] = [:]
  var sites: [CallableSite] = []
  var siteByCall: [ObjectIdentifier: CallableSite] = [:]
  var consumerUses: [ConsumerUse] = []

  init(unit: SourceUnit, index: ProjectIndex, target: Target) {
    self.unit = unit
    self.index = index
    self.target = target
  }

  func run() {
    guard let module = unit.module else { return }
    let root = FlowScope(parent: nil)
    scopes.append(root)
    collect(module.body, into: root)
    // Constructions first, so that a consumer call can see a LowLevelCallable built inside its arguments.
    for scope in scopes {
      for call in scope.calls { examine(call, in: scope, consumers: false) }
    }
    for scope in scopes {
      for call in scope.calls { examine(call, in: scope, consumers: true) }
    }
  }

  // MARK: Collection

  func collect(_ body: [Stmt], into scope: FlowScope) {
    for s in body { collect(s, into: scope) }
  }

  /// Collects a branch or loop body: its assignments may run zero or several times.
  func collectNested(_ body: [Stmt], into scope: FlowScope) {
    scope.nesting += 1
    collect(body, into: scope)
    scope.nesting -= 1
  }

  func collect(_ s: Stmt, into scope: FlowScope) {
    switch s.kind {
    case .functionDef(let d):
      if d.decorators.isEmpty || scope.decorated[d.name] != nil || scope.assignments[d.name] != nil {
        scope.opaque.insert(d.name)
      } else {
        scope.decorated[d.name] = d.decorators
      }
      for e in d.decorators { expressionCalls(e, scope) }
      let child = FlowScope(parent: scope)
      for t in d.typeParams { child.opaque.insert(t.name) }
      for a in d.args.posonlyargs + d.args.args + d.args.kwonlyargs { child.opaque.insert(a.name) }
      if let v = d.args.vararg { child.opaque.insert(v.name) }
      if let k = d.args.kwarg { child.opaque.insert(k.name) }
      scopes.append(child)
      collect(d.body, into: child)
    case .classDef(let c):
      scope.opaque.insert(c.name)
      let child = FlowScope(parent: scope)
      for t in c.typeParams { child.opaque.insert(t.name) }
      scopes.append(child)
      collect(c.body, into: child)
    case .assign(let targets, let value):
      expressionCalls(value, scope)
      for t in targets { bind(t, value, scope, effective: s.range.end) }
    case .annAssign(let target, _, let value, _):
      if let value {
        expressionCalls(value, scope)
        bind(target, value, scope, effective: s.range.end)
      }
    case .augAssign(let target, _, let value):
      expressionCalls(value, scope)
      if case .name(let id, _) = target.kind { scope.opaque.insert(id) }
    case .for(let target, let iter, let b, let o, _):
      expressionCalls(iter, scope)
      markOpaque(target, scope)
      collectNested(b, into: scope)
      collectNested(o, into: scope)
    case .while(let test, let b, let o), .if(let test, let b, let o):
      expressionCalls(test, scope)
      collectNested(b, into: scope)
      collectNested(o, into: scope)
    case .with(let items, let b, _):
      for item in items {
        expressionCalls(item.contextExpr, scope)
        if let v = item.optionalVars { markOpaque(v, scope) }
      }
      collectNested(b, into: scope)
    case .try(let b, let handlers, let o, let f, _):
      collectNested(b, into: scope)
      for h in handlers {
        if let n = h.name { scope.opaque.insert(n) }
        collectNested(h.body, into: scope)
      }
      collectNested(o, into: scope)
      collectNested(f, into: scope)
    case .match(let subject, let cases):
      expressionCalls(subject, scope)
      for c in cases { collectNested(c.body, into: scope) }
    case .import(let aliases):
      for a in aliases {
        if let asname = a.asname {
          scope.imports[asname] = importValue(a.name, level: 0)
        } else {
          let first = String(a.name.split(separator: ".").first ?? "")
          scope.imports[first] = importValue(first, level: 0)
        }
      }
    case .importFrom(let moduleName, let names, let level):
      for a in names where a.name != "*" {
        let local = a.asname ?? a.name
        scope.imports[local] = importMember(moduleName, a.name, level: level)
      }
    case .expr(let e), .return(let e?):
      expressionCalls(e, scope)
    case .typeAlias(let name, _, _):
      markOpaque(name, scope)  // the value is evaluated lazily, when the alias is used
    case .raise(let e?, _):
      expressionCalls(e, scope)
    case .assert(let t, _):
      expressionCalls(t, scope)
    case .global(let names), .nonlocal(let names):
      for n in names { scope.opaque.insert(n) }
    default:
      break
    }
  }

  func bind(_ target: Expr, _ value: Expr, _ scope: FlowScope, effective: SourceLocation) {
    switch target.kind {
    case .name(let id, _):
      scope.assignments[id, default: []].append(
        FlowScope.Assignment(value: value, scope: scope, effective: effective, straight: scope.nesting == 0))
    case .attribute:
      if let text = dottedText(target) { attributeAssignments[text, default: []].append(value) }
    default:
      markOpaque(target, scope)
    }
  }

  func markOpaque(_ target: Expr, _ scope: FlowScope) {
    switch target.kind {
    case .name(let id, _): scope.opaque.insert(id)
    case .tuple(let es, _), .list(let es, _): for e in es { markOpaque(e, scope) }
    case .starred(let e, _): markOpaque(e, scope)
    default: break
    }
  }

  /// Records every call inside an expression (lambdas included) for examination.
  func expressionCalls(_ e: Expr, _ scope: FlowScope) {
    var stack = [e]
    while let x = stack.popLast() {
      switch x.kind {
      case .call(let f, let args, let keywords):
        scope.calls.append(x)
        stack.append(f)
        stack += args
        stack += keywords.map(\.value)
      case .boolOp(_, let vs), .tuple(let vs, _), .list(let vs, _), .set(let vs): stack += vs
      case .binOp(let a, _, let b): stack += [a, b]
      case .unaryOp(_, let a), .attribute(let a, _, _), .starred(let a, _), .await(let a), .yieldFrom(let a):
        stack.append(a)
      case .yield(let a?): stack.append(a)
      case .namedExpr(_, let v): stack.append(v)
      case .lambda(_, let b): stack.append(b)
      case .ifExp(let a, let b, let c): stack += [a, b, c]
      case .dict(let ks, let vs):
        stack += ks.compactMap { $0 }
        stack += vs
      case .compare(let l, _, let rs):
        stack.append(l)
        stack += rs
      case .subscript(let a, let b, _): stack += [a, b]
      case .listComp(let a, let gens), .setComp(let a, let gens), .generatorExp(let a, let gens):
        stack.append(a)
        for g in gens { stack += [g.iter] + g.ifs }
      case .dictComp(let k, let v, let gens):
        stack += [k, v]
        for g in gens { stack += [g.iter] + g.ifs }
      case .formattedValue(let v, _, _): stack.append(v)
      case .joinedStr(let vs), .templateStr(let vs): stack += vs
      case .interpolation(let v, _, _, _): stack.append(v)
      case .slice(let a, let b, let c): stack += [a, b, c].compactMap { $0 }
      default: break
      }
    }
  }

  func importValue(_ name: String, level: Int) -> FlowValue {
    if level == 0, let u = index.resolveModule(name, level: 0, from: unit) { return .projectModule(u) }
    return .external(name)
  }

  func importMember(_ moduleName: String?, _ member: String, level: Int) -> FlowValue? {
    if level > 0 || (moduleName.map { index.resolveModule($0, level: 0, from: unit) } ?? nil) != nil {
      let base =
        moduleName.flatMap { index.resolveModule($0, level: level, from: unit) }
        ?? (level > 0 ? index.resolveModule("__init__", level: level, from: unit) : nil)
      if let base {
        if base.functions[member] != nil { return .projectFunction(base, member) }
        let sub = (moduleName.map { $0 + "." } ?? "") + member
        if let u = index.resolveModule(sub, level: level, from: unit) { return .projectModule(u) }
        return nil
      }
      if level > 0 {
        return index.resolveModule(member, level: level, from: unit).map { .projectModule($0) }
      }
    }
    guard let moduleName else { return nil }
    return .external(moduleName + "." + member)
  }

  func dottedText(_ e: Expr) -> String? {
    switch e.kind {
    case .name(let id, _): return id
    case .attribute(let b, let a, _): return dottedText(b).map { $0 + "." + a }
    default: return nil
    }
  }

  // MARK: Resolution

  func lookup(_ name: String, _ scope: FlowScope, depth: Int, at use: SourceLocation? = nil) -> FlowValue? {
    var current: FlowScope? = scope
    while let s = current {
      if s.opaque.contains(name) { return nil }
      if let values = s.assignments[name] {
        if values.count == 1, let only = values.first {
          return resolve(only.value, only.scope, depth: depth + 1)
        }
        // Bound several times: in the scope's own straight-line code, the last statement binding it before the
        // use is the one that holds, in statement order, not line order (`d = a; d = b; use(d)` on one line).
        // Anywhere else (a branch, a loop, a nested function) say nothing rather than guess.
        guard let use, s === scope, values.allSatisfy(\.straight),
          let last = values.last(where: { $0.effective <= use })
        else { return nil }
        return resolve(last.value, last.scope, depth: depth + 1)
      }
      if let imported = s.imports[name] { return imported }
      if let decorators = s.decorated[name] {
        for d in decorators {
          guard case .call(let f, let args, let keywords) = d.kind else { continue }
          // `@ctypes.CFUNCTYPE(c_double, c_double)` wraps the Python function in a ctypes function.
          if case .ctypesPrototype(let name)? = resolve(d, s, depth: depth + 1) { return .ctypesFunction(name) }
          guard case .external(let callee)? = resolve(f, s, depth: depth + 1),
            callee == "numba.cfunc" || callee.hasSuffix(".cfunc") && callee.hasPrefix("numba.")
          else { continue }
          let sigExpr = args.first ?? keywords.first { $0.name == "sig" }?.value
          return .numbaCFunc(sigExpr.flatMap { numbaSignature($0, s, depth: depth) })
        }
        return nil
      }
      current = s.parent
    }
    return nil
  }

  func resolve(_ e: Expr, _ scope: FlowScope, depth: Int = 0) -> FlowValue? {
    guard depth < 40 else { return nil }
    switch e.kind {
    case .name(let id, _):
      return lookup(id, scope, depth: depth, at: e.range.start)
    case .constant(.string(let s), _):
      return .string(s, e)
    case .constant(.int, _):
      return .integer
    case .attribute(let base, let attr, _):
      guard let b = resolve(base, scope, depth: depth + 1) else { return nil }
      switch b {
      case .external(let d): return .external(d + "." + attr)
      case .projectModule(let u):
        if u.functions[attr] != nil { return .projectFunction(u, attr) }
        return index.submodule(attr, of: u).map { .projectModule($0) }
      case .ndarray(let dtype): return attr == "ctypes" ? .arrayCtypes(dtype: dtype) : nil
      case .cdll(let lib): return .ctypesFunction(ctypesName(lib + "." + attr))
      case .numbaCFunc(let name): return attr == "ctypes" ? .ctypesFunction(name) : nil
      default: return nil
      }
    case .call(let f, let args, let keywords):
      if let site = siteByCall[ObjectIdentifier(e)] { return .lowLevelCallable(site) }
      return evaluateCall(e, f, args, keywords, scope, depth: depth)
    default:
      return nil
    }
  }

  func argument(_ args: [Expr], _ keywords: [Keyword], _ index: Int, _ name: String) -> Expr? {
    if let k = keywords.first(where: { $0.name == name }) { return k.value }
    return index < args.count ? args[index] : nil
  }

  func evaluateCall(_ e: Expr, _ f: Expr, _ args: [Expr], _ keywords: [Keyword], _ scope: FlowScope, depth: Int)
    -> FlowValue?
  {
    // `arr.ctypes.data_as(ctypes.c_void_p)` and `arr.astype(dtype)` hang off a resolvable receiver.
    if case .attribute(let receiver, let method, _) = f.kind {
      let r = resolve(receiver, scope, depth: depth + 1)
      if method == "data_as", case .arrayCtypes(let dtype)? = r {
        if let a = args.first, case .external("ctypes.c_void_p")? = resolve(a, scope, depth: depth + 1) {
          return .voidPointer(dtype.flatMap(cBase(dtype:)))
        }
        return .ctypesPointer(dtype.flatMap(cBase(dtype:)))
      }
      if method == "astype", case .ndarray? = r {
        return .ndarray(dtype: args.first.flatMap { dtypeName($0, scope, depth: depth) })
      }
      if case .ndarray(let dtype)? = r, ["copy", "reshape", "ravel", "flatten"].contains(method) {
        return .ndarray(dtype: dtype)
      }
    }
    // `(ctypes.c_double * 3)(1.0, 2.0, 3.0)`: a ctypes array holds items of the element type.
    if case .binOp(let left, .mult, _) = f.kind, case .external(let d)? = resolve(left, scope, depth: depth + 1),
      d.hasPrefix("ctypes."), let base = ctypesBase(String(d.dropFirst("ctypes.".count)))
    {
      return .ctypesScalar(base)
    }
    let calleeValue = resolve(f, scope, depth: depth + 1)
    // Instantiating a prototype: `proto(("f", lib))`, `proto(address)`, `proto(python_function)`.
    if case .ctypesPrototype(let name)? = calleeValue { return .ctypesFunction(name) }
    guard case .external(let callee)? = calleeValue else { return nil }
    if callee.hasPrefix("ctypes.") {
      let name = String(callee.dropFirst("ctypes.".count))
      if let base = ctypesBase(name) { return .ctypesScalar(base) }
      switch name {
      case "pointer":
        guard let a = args.first else { return nil }
        if case .ctypesScalar(let b)? = resolve(a, scope, depth: depth + 1) { return .ctypesPointer(b) }
        return .ctypesPointer(nil)
      case "byref":
        guard let a = args.first else { return nil }
        if case .ctypesScalar(let b)? = resolve(a, scope, depth: depth + 1) { return .byref(b) }
        return .byref(nil)
      case "CFUNCTYPE", "PYFUNCTYPE":
        guard let restype = args.first, keywords.isEmpty,
          !args.contains(where: {
            if case .starred = $0.kind { return true }
            return false
          })
        else { return .ctypesPrototype(nil) }
        var names: [String] = []
        for a in args.dropFirst() {
          guard let n = ctypesTypeName(a) else { return .ctypesPrototype(nil) }
          names.append(n)
        }
        return .ctypesPrototype(ctypesTypeName(restype).map { "\($0) (\(names.joined(separator: ", ")))" })
      case "cast":
        if args.count == 2, case .ctypesPrototype(let name)? = resolve(args[1], scope, depth: depth + 1) {
          return .ctypesFunction(name)
        }
        guard args.count == 2, case .external("ctypes.c_void_p")? = resolve(args[1], scope, depth: depth + 1) else {
          return nil
        }
        switch resolve(args[0], scope, depth: depth + 1) {
        case .ctypesPointer(let b)?, .byref(let b)?, .voidPointer(let b)?: return .voidPointer(b)
        // A ctypes array converts to a pointer to its first item.
        case .ctypesScalar(let b)?: return .voidPointer(b)
        default: return .voidPointer(nil)
        }
      case "c_void_p": return .voidPointer(nil)
      case "CDLL", "cdll.LoadLibrary", "PyDLL", "CDLL.LoadLibrary":
        return .cdll(assignedNameOf(e, scope) ?? "")
      default: return nil
      }
    }
    if callee.hasPrefix("numpy.") {
      let name = String(callee.dropFirst("numpy.".count))
      let dtypeExpr = keywords.first { $0.name == "dtype" }?.value
      switch name {
      case "zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like", "array",
        "asarray", "ascontiguousarray", "arange", "linspace", "frombuffer", "fromiter":
        if let dtypeExpr { return .ndarray(dtype: dtypeName(dtypeExpr, scope, depth: depth)) }
        if ["zeros", "ones", "empty", "linspace"].contains(name) { return .ndarray(dtype: "float64") }
        if ["array", "asarray", "arange"].contains(name), let first = args.first {
          return .ndarray(dtype: literalDtype(name == "arange" ? args : [first]))
        }
        if name.hasSuffix("_like"), let a = args.first, case .ndarray(let d)? = resolve(a, scope, depth: depth + 1) {
          return .ndarray(dtype: d)
        }
        return .ndarray(dtype: nil)
      default: return nil
      }
    }
    return nil
  }

  /// The local name a call result is assigned to (for `lib = ctypes.CDLL(...)`).
  func assignedNameOf(_ call: Expr, _ scope: FlowScope) -> String? {
    var current: FlowScope? = scope
    while let s = current {
      for (name, values) in s.assignments where values.contains(where: { $0.value === call }) { return name }
      current = s.parent
    }
    return nil
  }

  /// The capsule name SciPy gives `cfunc.ctypes` for a Numba signature (`"float64(intc, CPointer(float64))"` or
  /// the same written with `numba.types` objects): Numba's ctypes types, named as SciPy names ctypes.
  func numbaSignature(_ e: Expr, _ scope: FlowScope, depth: Int) -> String? {
    var sig = e
    if case .constant(.string(let text), _) = e.kind {
      guard let module = try? Parser.parse(path: "<numba signature>", text: text), module.body.count == 1,
        case .expr(let parsed) = module.body[0].kind
      else { return nil }
      sig = parsed
    }
    guard case .call(let resultExpr, let params, _) = sig.kind, let result = numbaType(resultExpr) else { return nil }
    var names: [String] = []
    for p in params {
      guard let n = numbaType(p) else { return nil }
      names.append(n)
    }
    return "\(result) (\(names.joined(separator: ", ")))"
  }

  func numbaType(_ e: Expr) -> String? {
    if case .call(let f, let args, _) = e.kind, let name = dottedText(f)?.split(separator: ".").last,
      name == "CPointer", let inner = args.first.flatMap(numbaType)
    {
      return inner == "void *" ? "void_p *" : (inner.hasSuffix("*") ? inner + "*" : inner + " *")
    }
    guard let text = dottedText(e), let name = text.split(separator: ".").last.map(String.init) else { return nil }
    let longBits = target.longSize * 8
    let table: [String: String] = [
      "float64": "double", "double": "double", "float32": "float", "float_": "float", "intc": "int", "int32": "int",
      "int64": longBits == 64 ? "long" : "longlong", "intp": longBits == 64 ? "long" : "longlong",
      "uintc": "uint", "uint32": "uint", "uint64": longBits == 64 ? "ulong" : "ulonglong", "int16": "short",
      "uint16": "ushort", "int8": "byte", "uint8": "ubyte", "voidptr": "void *", "void": "void", "none": "void",
      "boolean": "bool", "b1": "bool",
    ]
    return table[name]
  }

  /// The capsule name SciPy builds for a ctypes function from its `restype` and `argtypes` assignments.
  func ctypesName(_ function: String) -> String? {
    guard let argtypes = attributeAssignments[function + ".argtypes"], argtypes.count == 1,
      let list = argtypes.first
    else { return nil }
    let items: [Expr]
    switch list.kind {
    case .tuple(let es, _), .list(let es, _): items = es
    default: return nil
    }
    var result = "int"  // ctypes' default restype
    if let restypes = attributeAssignments[function + ".restype"] {
      guard restypes.count == 1, let r = restypes.first, let name = ctypesTypeName(r) else { return nil }
      result = name
    }
    var params: [String] = []
    for item in items {
      guard let n = ctypesTypeName(item) else { return nil }
      params.append(n)
    }
    return "\(result) (\(params.joined(separator: ", ")))"
  }

  /// SciPy's spelling of a ctypes type expression: class name without `c_`, `*` per POINTER level.
  func ctypesTypeName(_ e: Expr) -> String? {
    if case .constant(.none, _) = e.kind { return "void" }
    let text = dottedText(e).map { $0.split(separator: ".").last.map(String.init) ?? $0 }
    if let t = text {
      if t == "c_void_p" { return "void *" }
      guard t.hasPrefix("c_") else { return nil }
      return ctypesAliasName(String(t.dropFirst(2)))
    }
    if case .call(let f, let args, _) = e.kind, dottedText(f)?.hasSuffix("POINTER") == true, let inner = args.first,
      let innerName = ctypesTypeName(inner)
    {
      // POINTER(c_void_p) is "void_p *": ctypes names the pointee class, not its C spelling.
      if innerName == "void *" { return "void_p *" }
      return innerName.hasSuffix("*") ? innerName + "*" : innerName + " *"
    }
    return nil
  }

  /// ctypes' class name for an alias on this target (`int64` is `long` where long is 64-bit).
  func ctypesAliasName(_ name: String) -> String {
    let longBits = target.longSize * 8
    switch name {
    case "int64", "longlong",
      "ssize_t" where longBits == 64:
      return "long"
    case "uint64", "ulonglong",
      "size_t" where longBits == 64:
      return "ulong"
    case "int32": return longBits == 32 ? "long" : "int"
    case "uint32": return longBits == 32 ? "ulong" : "uint"
    case "int16": return "short"
    case "uint16": return "ushort"
    case "int8": return "byte"
    case "uint8": return "ubyte"
    default: return name
    }
  }

  /// The C base type of a ctypes scalar class name (`c_double` → `double`).
  func ctypesBase(_ name: String) -> String? {
    let table: [String: String] = [
      "c_double": "double", "c_float": "float", "c_int": "int", "c_uint": "unsigned int", "c_long": "long",
      "c_ulong": "unsigned long", "c_longlong": "long long", "c_ulonglong": "unsigned long long",
      "c_short": "short", "c_ushort": "unsigned short", "c_int8": "int8_t", "c_uint8": "uint8_t",
      "c_int16": "int16_t", "c_uint16": "uint16_t", "c_int32": "int32_t", "c_uint32": "uint32_t",
      "c_int64": "int64_t", "c_uint64": "uint64_t", "c_ssize_t": "Py_ssize_t", "c_size_t": "size_t",
      "c_bool": "_Bool", "c_char": "char", "c_byte": "signed char", "c_ubyte": "unsigned char",
      "c_longdouble": "long double",
    ]
    return table[name]
  }

  /// The dtype NumPy gives literal numbers: `[1.0, 2.0]` and `arange(0.5, 3)` are float64, `[1, 2]` and
  /// `arange(5)` int64 (on this platform); anything not literal gives nil.
  func literalDtype(_ values: [Expr]) -> String? {
    var items: [Expr] = []
    for v in values {
      switch v.kind {
      case .list(let es, _), .tuple(let es, _): items += es
      default: items.append(v)
      }
    }
    guard !items.isEmpty else { return nil }
    var sawFloat = false
    for item in items {
      var e = item
      if case .unaryOp(.uSub, let inner) = e.kind { e = inner }
      switch e.kind {
      case .constant(.int, _): continue
      case .constant(.float, _): sawFloat = true
      default: return nil
      }
    }
    return sawFloat ? "float64" : (target.longSize == 8 ? "int64" : "int32")
  }

  /// A NumPy dtype written as `np.float32`, `"float32"`, `float` or `numpy.dtype("f4")`.
  func dtypeName(_ e: Expr, _ scope: FlowScope, depth: Int) -> String? {
    switch e.kind {
    case .constant(.string(let s), _): return canonicalDtype(s)
    case .name(let id, _)
    where ["float", "int", "bool", "complex"].contains(id) && lookup(id, scope, depth: depth) == nil:
      return canonicalDtype(id)
    default:
      if case .external(let d)? = resolve(e, scope, depth: depth + 1), d.hasPrefix("numpy.") {
        return canonicalDtype(String(d.dropFirst("numpy.".count)))
      }
      return nil
    }
  }

  func canonicalDtype(_ s: String) -> String? {
    let map: [String: String] = [
      "float64": "float64", "f8": "float64", "double": "float64", "float_": "float64", "float": "float64",
      "d": "float64", "<f8": "float64", "float32": "float32", "f4": "float32", "single": "float32", "f": "float32",
      "<f4": "float32", "int32": "int32", "i4": "int32", "intc": "int32", "int64": "int64", "i8": "int64",
      "int_": "int64", "int": "int64", "intp": "int64", "longlong": "int64", "int16": "int16", "int8": "int8",
      "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64", "bool": "bool", "bool_": "bool",
      "longdouble": "float128", "float128": "float128",
    ]
    return map[s]
  }

  func cBase(dtype: String) -> String? {
    let map: [String: String] = [
      "float64": "double", "float32": "float", "int32": "int", "int64": "int64_t", "int16": "short",
      "int8": "signed char", "uint8": "unsigned char", "uint16": "unsigned short", "uint32": "unsigned int",
      "uint64": "uint64_t", "bool": "_Bool", "float128": "long double",
    ]
    return map[dtype]
  }

  // MARK: Sites

  static let consumerArgument: [String: (Int, String)] = [
    "quad": (0, "func"), "dblquad": (0, "func"), "tplquad": (0, "func"), "nquad": (0, "func"),
    "generic_filter": (1, "function"), "generic_filter1d": (1, "function"), "geometric_transform": (1, "mapping"),
  ]

  func examine(_ call: Expr, in scope: FlowScope, consumers: Bool) {
    guard case .call(let f, let args, let keywords) = call.kind else { return }
    guard case .external(let callee)? = resolve(f, scope) else { return }
    if isLowLevelCallable(callee) || isLowLevelCallable(callee, method: "from_cython") {
      guard !consumers else { return }
      let cython = isLowLevelCallable(callee, method: "from_cython")
      let callableExpr = cython ? nil : argument(args, keywords, 0, "function")
      let userExpr = argument(args, keywords, cython ? 2 : 1, "user_data")
      let sigExpr = argument(args, keywords, cython ? 3 : 2, "signature")
      var signature: (String, Expr)?
      var unknown = false
      if let sigExpr {
        if case .string(let text, let where_)? = resolve(sigExpr, scope) {
          signature = (text, where_)
        } else if case .constant(.none, _) = sigExpr.kind {
        } else {
          unknown = true
        }
      }
      let site = CallableSite(
        unit: unit, call: call, callableExpr: callableExpr, signature: signature, userDataExpr: userExpr,
        fromCython: cython, signatureUnknown: unknown)
      if let callableExpr { site.callable = resolve(callableExpr, scope) }
      if let userExpr, !isNone(userExpr) { site.userData = resolve(userExpr, scope) }
      sites.append(site)
      siteByCall[ObjectIdentifier(call)] = site
      return
    }
    guard consumers, let consumer = consumer(named: callee),
      let (position, keyword) = FileFlow.consumerArgument[consumer.shortName],
      let callableExpr = argument(args, keywords, position, keyword)
    else { return }
    consumerUses.append(
      ConsumerUse(
        unit: unit, call: call, consumer: consumer, callableExpr: callableExpr, callable: resolve(callableExpr, scope)))
  }

  func isNone(_ e: Expr) -> Bool {
    if case .constant(.none, _) = e.kind { return true }
    return false
  }

  func isLowLevelCallable(_ dotted: String, method: String? = nil) -> Bool {
    let suffix = "LowLevelCallable" + (method.map { "." + $0 } ?? "")
    return dotted == "scipy." + suffix || dotted == "scipy._lib._ccallback." + suffix
  }

  /// The consumer a dotted name calls: `scipy.integrate.quad`, also through private submodules.
  func consumer(named dotted: String) -> Consumer? {
    let parts = dotted.split(separator: ".").map(String.init)
    guard parts.count >= 3, parts[0] == "scipy", let last = parts.last,
      parts[1] == "integrate" || parts[1] == "ndimage"
    else { return nil }
    return SciPyTable.consumers(for: target).first { $0.shortName == last && $0.module == "scipy." + parts[1] }
  }
}
