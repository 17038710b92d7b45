/// Which parameters of each function instance may be stored into: directly (`a[i] = x`, `a[:] = v`,
/// `a += v` on a view), through a local that aliases it (`w = a; w[0] = x`), or by a callee it is passed to
/// whose own parameter may be stored into. Flow-insensitive and alias-aware, as Pythran's
/// `analyses/argument_effects.py`: a name that ever holds a reference joins the alias class of what it was
/// given, so the answer may say "writes" where a path never does, never the reverse. Codegen asks for a
/// writable buffer exactly for the parameters this marks.
public struct ArgumentEffects: Sendable {
  /// Parameter positions that may be stored into, per instance.
  private var written: [ObjectIdentifier: Set<Int>] = [:]

  public init() {}

  public func mayStore(into parameter: Int, of instance: FunctionInstance) -> Bool {
    written[ObjectIdentifier(instance)]?.contains(parameter) ?? false
  }

  /// The written parameter positions of every instance, to a fixpoint over the call graph.
  public static func analyze(_ instances: [FunctionInstance]) -> ArgumentEffects {
    var effects = ArgumentEffects()
    // Each round can only add positions; a chain of n calls settles within n + 1 rounds.
    for _ in 0...instances.count {
      var changed = false
      for instance in instances {
        var body = FunctionEffects(instance: instance, effects: effects)
        let found = body.writtenParameters()
        if found != effects.written[ObjectIdentifier(instance)] ?? [] {
          effects.written[ObjectIdentifier(instance)] = found
          changed = true
        }
      }
      if !changed { break }
    }
    return effects
  }
}

/// The effects of one instance's body, given what is known of its callees.
private struct FunctionEffects {
  let instance: FunctionInstance
  let effects: ArgumentEffects
  var aliases = AliasClasses()
  var stored: Set<String> = []

  init(instance: FunctionInstance, effects: ArgumentEffects) {
    self.instance = instance
    self.effects = effects
  }

  mutating func writtenParameters() -> Set<Int> {
    block(instance.definition.body)
    let params = instance.definition.args.posonlyargs + instance.definition.args.args
    var result: Set<Int> = []
    for (i, p) in params.prefix(instance.parameterTypes.count).enumerated() {
      let root = aliases.root(p.name)
      for name in stored where aliases.root(name) == root {
        result.insert(i)
        break
      }
    }
    return result
  }

  mutating func block(_ body: [Stmt]) {
    for s in body { statement(s) }
  }

  mutating func statement(_ s: Stmt) {
    switch s.kind {
    case .assign(let targets, let value):
      expression(value)
      for t in targets { bind(t, to: value) }
    case .annAssign(let target, _, let value?, _):
      expression(value)
      bind(target, to: value)
    case .augAssign(let target, _, let value):
      expression(value)
      storeTarget(target, inPlace: true)
    case .expr(let e), .return(let e?): expression(e)
    case .if(let test, let body, let orelse), .while(let test, let body, let orelse):
      expression(test)
      block(body)
      block(orelse)
    case .for(_, let iter, let body, let orelse, _):
      expression(iter)
      block(body)
      block(orelse)
    case .assert(let test, let msg):
      expression(test)
      if let msg { expression(msg) }
    case .raise(let exc?, _): expression(exc)
    default: break
    }
  }

  /// `target = value`: a name holding a reference joins the value's alias class; an item or slice store
  /// writes through its base.
  mutating func bind(_ target: Expr, to value: Expr?) {
    switch target.kind {
    case .name(let id, _):
      guard let value, isReference(instance.localType(id)) else { return }
      for source in referencedNames(value) { aliases.union(id, source) }
    case .tuple(let es, _), .list(let es, _):
      var values: [Expr]?
      if let value, case .tuple(let vs, _) = value.kind, vs.count == es.count { values = vs }
      for (i, e) in es.enumerated() { bind(e, to: values?[i]) }
    default:
      storeTarget(target, inPlace: false)
    }
  }

  /// A store into `target`: `base[i]`, `base[:]`, or (in place, `v += x`) a view name itself.
  mutating func storeTarget(_ target: Expr, inPlace: Bool) {
    switch target.kind {
    case .subscript(let base, let index, _):
      expression(index)
      stored.formUnion(referencedNames(base))
    case .name(let id, _) where inPlace:
      if case .view? = instance.localType(id) { stored.insert(id) }
    case .tuple(let es, _), .list(let es, _):
      for e in es { storeTarget(e, inPlace: inPlace) }
    default: break
    }
  }

  /// Records the callee stores of every call inside `e`.
  mutating func expression(_ e: Expr) {
    var stack = [e]
    while let x = stack.popLast() {
      switch x.kind {
      case .call(let f, let args, let keywords):
        if let callee = instance.callees[ObjectIdentifier(x)] {
          for (j, a) in args.enumerated() where effects.mayStore(into: j, of: callee) {
            stored.formUnion(referencedNames(a))
          }
        }
        stack += [f] + args + keywords.map(\.value)
      case .binOp(let a, _, let b): stack += [a, b]
      case .unaryOp(_, let a), .attribute(let a, _, _), .starred(let a, _): stack.append(a)
      case .compare(let a, _, let bs): stack += [a] + bs
      case .boolOp(_, let vs), .tuple(let vs, _), .list(let vs, _): stack += vs
      case .ifExp(let a, let b, let c): stack += [a, b, c]
      case .subscript(let a, let b, _): stack += [a, b]
      case .namedExpr(let t, let v): stack += [t, v]
      case .slice(let l, let u, let s): stack += [l, u, s].compactMap { $0 }
      default: break
      }
    }
  }

  /// The names whose storage `e` may denote: a name, either branch of a conditional, the pointer an
  /// `as_array` view is made over, the base of a subscript or slice.
  func referencedNames(_ e: Expr) -> [String] {
    switch e.kind {
    case .name(let id, _): return [id]
    case .ifExp(_, let body, let orelse): return referencedNames(body) + referencedNames(orelse)
    case .subscript(let base, _, _): return referencedNames(base)
    case .boolOp(_, let values): return values.flatMap(referencedNames)
    case .namedExpr(let target, let value): return referencedNames(target) + referencedNames(value)
    case .call(_, let args, _):
      guard instance.intrinsics[ObjectIdentifier(e)] == .asArray, let first = args.first else { return [] }
      return referencedNames(first)
    default: return []
    }
  }

  func isReference(_ t: ValueType?) -> Bool {
    switch t {
    case .view?, .pointer?: return true
    default: return false
    }
  }
}

/// Union-find over local names.
private struct AliasClasses {
  var parent: [String: String] = [:]

  mutating func root(_ name: String) -> String {
    var current = name
    var path: [String] = []
    while let up = parent[current], up != current {
      path.append(current)
      current = up
    }
    for p in path { parent[p] = current }
    return current
  }

  mutating func union(_ a: String, _ b: String) {
    let (ra, rb) = (root(a), root(b))
    if ra != rb { parent[ra] = rb }
  }
}
