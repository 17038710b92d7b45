/// Prints a module exactly as `version`'s CPython `ast.dump(tree, include_attributes=...)` does (no
/// indentation): 3.12 adds `type_params`, 3.13 leaves out empty lists.
public struct ASTDumper {
  public var includeAttributes: Bool
  public var version: PythonVersion
  /// 3.13's `show_empty=False`: a field holding an empty list is not printed.
  var omitsEmptyLists: Bool { version >= .py313 }
  var out = ""

  public init(includeAttributes: Bool = false, version: PythonVersion = .newest) {
    self.includeAttributes = includeAttributes
    self.version = version
  }

  public static func dump(
    _ module: Module, includeAttributes: Bool = false, version: PythonVersion = .newest
  ) -> String {
    var d = ASTDumper(includeAttributes: includeAttributes, version: version)
    d.out.reserveCapacity(1 << 16)
    d.open("Module")
    d.stmtsField("body", module.body)
    d.listField("type_ignores", [Int]()) { _, _ in }
    d.out += ")"
    return d.out
  }

  /// A list-valued field; left out when empty from 3.13 on.
  mutating func listField<T>(_ name: String, _ items: [T], _ each: (inout ASTDumper, T) -> Void) {
    if omitsEmptyLists && items.isEmpty { return }
    sep(name)
    list(items, each)
  }

  mutating func list<T>(_ items: [T], _ each: (inout ASTDumper, T) -> Void) {
    out += "["
    for (i, item) in items.enumerated() {
      if i > 0 { out += ", " }
      each(&self, item)
    }
    out += "]"
  }

  mutating func attributes(_ r: SourceRange) {
    guard includeAttributes else { return }
    out += out.last == "(" ? "" : ", "
    out +=
      "lineno=\(r.start.line), col_offset=\(r.start.column), end_lineno=\(r.end.line), end_col_offset=\(r.end.column)"
  }

  /// Opens `Name(`; fields are written by the caller with `field`.
  mutating func open(_ name: String) {
    out += name
    out += "("
  }

  mutating func sep(_ name: String) {
    if out.last != "(" { out += ", " }
    out += name
    out += "="
  }

  mutating func exprField(_ name: String, _ e: Expr?) {
    guard let e else { return }
    sep(name)
    expr(e)
  }

  mutating func exprListField(_ name: String, _ es: [Expr]) {
    listField(name, es) { $0.expr($1) }
  }

  mutating func stmtsField(_ name: String, _ ss: [Stmt]) {
    listField(name, ss) { $0.stmt($1) }
  }

  mutating func stringField(_ name: String, _ s: String?) {
    guard let s else { return }
    sep(name)
    out += PyRepr.string(s, version)
  }

  mutating func close(_ r: SourceRange?) {
    if let r { attributes(r) }
    out += ")"
  }

  static func ctxName(_ c: ExprContext) -> String {
    switch c {
    case .load: return "Load()"
    case .store: return "Store()"
    case .del: return "Del()"
    }
  }

  static func opName(_ op: BinaryOperator) -> String {
    switch op {
    case .add: return "Add()"
    case .sub: return "Sub()"
    case .mult: return "Mult()"
    case .matMult: return "MatMult()"
    case .div: return "Div()"
    case .mod: return "Mod()"
    case .pow: return "Pow()"
    case .lShift: return "LShift()"
    case .rShift: return "RShift()"
    case .bitOr: return "BitOr()"
    case .bitXor: return "BitXor()"
    case .bitAnd: return "BitAnd()"
    case .floorDiv: return "FloorDiv()"
    }
  }

  static func cmpName(_ op: CompareOperator) -> String {
    switch op {
    case .eq: return "Eq()"
    case .notEq: return "NotEq()"
    case .lt: return "Lt()"
    case .ltE: return "LtE()"
    case .gt: return "Gt()"
    case .gtE: return "GtE()"
    case .is: return "Is()"
    case .isNot: return "IsNot()"
    case .in: return "In()"
    case .notIn: return "NotIn()"
    }
  }

  mutating func expr(_ e: Expr) {
    switch e.kind {
    case .boolOp(let op, let values):
      open("BoolOp")
      sep("op")
      out += op == .and ? "And()" : "Or()"
      exprListField("values", values)
    case .namedExpr(let target, let value):
      open("NamedExpr")
      exprField("target", target)
      exprField("value", value)
    case .binOp(let l, let op, let r):
      open("BinOp")
      exprField("left", l)
      sep("op")
      out += ASTDumper.opName(op)
      exprField("right", r)
    case .unaryOp(let op, let operand):
      open("UnaryOp")
      sep("op")
      switch op {
      case .invert: out += "Invert()"
      case .not: out += "Not()"
      case .uAdd: out += "UAdd()"
      case .uSub: out += "USub()"
      }
      exprField("operand", operand)
    case .lambda(let args, let body):
      open("Lambda")
      sep("args")
      arguments(args)
      exprField("body", body)
    case .ifExp(let test, let body, let orelse):
      open("IfExp")
      exprField("test", test)
      exprField("body", body)
      exprField("orelse", orelse)
    case .dict(let keys, let values):
      open("Dict")
      listField("keys", keys) { d, k in
        if let k { d.expr(k) } else { d.out += "None" }
      }
      exprListField("values", values)
    case .set(let elts):
      open("Set")
      exprListField("elts", elts)
    case .listComp(let elt, let gens):
      open("ListComp")
      exprField("elt", elt)
      generators(gens)
    case .setComp(let elt, let gens):
      open("SetComp")
      exprField("elt", elt)
      generators(gens)
    case .dictComp(let key, let value, let gens):
      open("DictComp")
      exprField("key", key)
      exprField("value", value)
      generators(gens)
    case .generatorExp(let elt, let gens):
      open("GeneratorExp")
      exprField("elt", elt)
      generators(gens)
    case .await(let v):
      open("Await")
      exprField("value", v)
    case .yield(let v):
      open("Yield")
      exprField("value", v)
    case .yieldFrom(let v):
      open("YieldFrom")
      exprField("value", v)
    case .compare(let left, let ops, let comparators):
      open("Compare")
      exprField("left", left)
      listField("ops", ops) { $0.out += ASTDumper.cmpName($1) }
      exprListField("comparators", comparators)
    case .call(let f, let args, let keywords):
      open("Call")
      exprField("func", f)
      exprListField("args", args)
      listField("keywords", keywords) { $0.keyword($1) }
    case .formattedValue(let v, let conversion, let spec):
      open("FormattedValue")
      exprField("value", v)
      sep("conversion")
      out += String(conversion)
      exprField("format_spec", spec)
    case .joinedStr(let values):
      open("JoinedStr")
      exprListField("values", values)
    case .templateStr(let values):
      open("TemplateStr")
      exprListField("values", values)
    case .interpolation(let v, let source, let conversion, let spec):
      open("Interpolation")
      exprField("value", v)
      stringField("str", source)
      sep("conversion")
      out += String(conversion)
      exprField("format_spec", spec)
    case .constant(let v, let k):
      open("Constant")
      sep("value")
      out += PyRepr.constant(v, version)
      stringField("kind", k)
    case .attribute(let v, let attr, let ctx):
      open("Attribute")
      exprField("value", v)
      stringField("attr", attr)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .subscript(let v, let s, let ctx):
      open("Subscript")
      exprField("value", v)
      exprField("slice", s)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .starred(let v, let ctx):
      open("Starred")
      exprField("value", v)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .name(let id, let ctx):
      open("Name")
      stringField("id", id)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .list(let elts, let ctx):
      open("List")
      exprListField("elts", elts)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .tuple(let elts, let ctx):
      open("Tuple")
      exprListField("elts", elts)
      sep("ctx")
      out += ASTDumper.ctxName(ctx)
    case .slice(let lower, let upper, let step):
      open("Slice")
      exprField("lower", lower)
      exprField("upper", upper)
      exprField("step", step)
    }
    close(e.range)
  }

  mutating func generators(_ gens: [Comprehension]) {
    listField("generators", gens) { d, g in
      d.open("comprehension")
      d.exprField("target", g.target)
      d.exprField("iter", g.iter)
      d.exprListField("ifs", g.ifs)
      d.sep("is_async")
      d.out += g.isAsync ? "1" : "0"
      d.close(nil)
    }
  }

  mutating func keyword(_ k: Keyword) {
    open("keyword")
    stringField("arg", k.name)
    exprField("value", k.value)
    close(k.range)
  }

  mutating func arg(_ a: Arg) {
    open("arg")
    stringField("arg", a.name)
    exprField("annotation", a.annotation)
    close(a.range)
  }

  mutating func arguments(_ a: Arguments) {
    open("arguments")
    listField("posonlyargs", a.posonlyargs) { $0.arg($1) }
    listField("args", a.args) { $0.arg($1) }
    if let v = a.vararg {
      sep("vararg")
      arg(v)
    }
    listField("kwonlyargs", a.kwonlyargs) { $0.arg($1) }
    listField("kw_defaults", a.kwDefaults) { d, e in
      if let e { d.expr(e) } else { d.out += "None" }
    }
    if let k = a.kwarg {
      sep("kwarg")
      arg(k)
    }
    exprListField("defaults", a.defaults)
    close(nil)
  }

  mutating func alias(_ a: Alias) {
    open("alias")
    stringField("name", a.name)
    stringField("asname", a.asname)
    close(a.range)
  }

  mutating func pattern(_ p: Pattern) {
    switch p.kind {
    case .matchValue(let v):
      open("MatchValue")
      exprField("value", v)
    case .matchSingleton(let v):
      open("MatchSingleton")
      sep("value")
      out += PyRepr.constant(v, version)
    case .matchSequence(let ps):
      open("MatchSequence")
      listField("patterns", ps) { $0.pattern($1) }
    case .matchMapping(let keys, let ps, let rest):
      open("MatchMapping")
      exprListField("keys", keys)
      listField("patterns", ps) { $0.pattern($1) }
      stringField("rest", rest)
    case .matchClass(let cls, let ps, let attrs, let kps):
      open("MatchClass")
      exprField("cls", cls)
      listField("patterns", ps) { $0.pattern($1) }
      listField("kwd_attrs", attrs) { $0.out += PyRepr.string($1, $0.version) }
      listField("kwd_patterns", kps) { $0.pattern($1) }
    case .matchStar(let name):
      open("MatchStar")
      stringField("name", name)
    case .matchAs(let inner, let name):
      open("MatchAs")
      if let inner {
        sep("pattern")
        pattern(inner)
      }
      stringField("name", name)
    case .matchOr(let ps):
      open("MatchOr")
      listField("patterns", ps) { $0.pattern($1) }
    }
    close(p.range)
  }

  mutating func stmt(_ s: Stmt) {
    switch s.kind {
    case .functionDef(let f):
      open(f.isAsync ? "AsyncFunctionDef" : "FunctionDef")
      stringField("name", f.name)
      sep("args")
      arguments(f.args)
      stmtsField("body", f.body)
      exprListField("decorator_list", f.decorators)
      exprField("returns", f.returns)
      typeParamsField(f.typeParams)
    case .classDef(let c):
      open("ClassDef")
      stringField("name", c.name)
      exprListField("bases", c.bases)
      listField("keywords", c.keywords) { $0.keyword($1) }
      stmtsField("body", c.body)
      exprListField("decorator_list", c.decorators)
      typeParamsField(c.typeParams)
    case .return(let v):
      open("Return")
      exprField("value", v)
    case .delete(let targets):
      open("Delete")
      exprListField("targets", targets)
    case .assign(let targets, let value):
      open("Assign")
      exprListField("targets", targets)
      exprField("value", value)
    case .augAssign(let target, let op, let value):
      open("AugAssign")
      exprField("target", target)
      sep("op")
      out += ASTDumper.opName(op)
      exprField("value", value)
    case .annAssign(let target, let annotation, let value, let simple):
      open("AnnAssign")
      exprField("target", target)
      exprField("annotation", annotation)
      exprField("value", value)
      sep("simple")
      out += simple ? "1" : "0"
    case .for(let target, let iter, let body, let orelse, let isAsync):
      open(isAsync ? "AsyncFor" : "For")
      exprField("target", target)
      exprField("iter", iter)
      stmtsField("body", body)
      stmtsField("orelse", orelse)
    case .while(let test, let body, let orelse):
      open("While")
      exprField("test", test)
      stmtsField("body", body)
      stmtsField("orelse", orelse)
    case .if(let test, let body, let orelse):
      open("If")
      exprField("test", test)
      stmtsField("body", body)
      stmtsField("orelse", orelse)
    case .with(let items, let body, let isAsync):
      open(isAsync ? "AsyncWith" : "With")
      listField("items", items) { d, item in
        d.open("withitem")
        d.exprField("context_expr", item.contextExpr)
        d.exprField("optional_vars", item.optionalVars)
        d.close(nil)
      }
      stmtsField("body", body)
    case .match(let subject, let cases):
      open("Match")
      exprField("subject", subject)
      listField("cases", cases) { d, c in
        d.open("match_case")
        d.sep("pattern")
        d.pattern(c.pattern)
        d.exprField("guard", c.guardExpression)
        d.stmtsField("body", c.body)
        d.close(nil)
      }
    case .raise(let exc, let cause):
      open("Raise")
      exprField("exc", exc)
      exprField("cause", cause)
    case .try(let body, let handlers, let orelse, let finalbody, let isStar):
      open(isStar ? "TryStar" : "Try")
      stmtsField("body", body)
      listField("handlers", handlers) { d, h in
        d.open("ExceptHandler")
        d.exprField("type", h.type)
        d.stringField("name", h.name)
        d.stmtsField("body", h.body)
        d.close(h.range)
      }
      stmtsField("orelse", orelse)
      stmtsField("finalbody", finalbody)
    case .assert(let test, let msg):
      open("Assert")
      exprField("test", test)
      exprField("msg", msg)
    case .import(let names):
      open("Import")
      listField("names", names) { $0.alias($1) }
    case .importFrom(let module, let names, let level):
      open("ImportFrom")
      stringField("module", module)
      listField("names", names) { $0.alias($1) }
      sep("level")
      out += String(level)
    case .global(let names):
      open("Global")
      listField("names", names) { $0.out += PyRepr.string($1, $0.version) }
    case .nonlocal(let names):
      open("Nonlocal")
      listField("names", names) { $0.out += PyRepr.string($1, $0.version) }
    case .expr(let v):
      open("Expr")
      exprField("value", v)
    case .pass:
      open("Pass")
    case .break:
      open("Break")
    case .continue:
      open("Continue")
    case .typeAlias(let name, let typeParams, let value):
      open("TypeAlias")
      exprField("name", name)
      typeParamsField(typeParams)
      exprField("value", value)
    }
    close(s.range)
  }

  /// `type_params` exists from 3.12 on.
  mutating func typeParamsField(_ params: [TypeParam]) {
    guard version >= .py312 else { return }
    listField("type_params", params) { d, t in
      switch t.kind {
      case .typeVar: d.open("TypeVar")
      case .typeVarTuple: d.open("TypeVarTuple")
      case .paramSpec: d.open("ParamSpec")
      }
      d.stringField("name", t.name)
      d.exprField("bound", t.bound)
      d.exprField("default_value", t.defaultValue)
      d.close(t.range)
    }
  }
}

/// Python's `repr` for the literal values the parser produces.
public enum PyRepr {
  public static func constant(_ v: ConstantValue, _ version: PythonVersion = .py311) -> String {
    switch v {
    case .none: return "None"
    case .bool(let b): return b ? "True" : "False"
    case .ellipsis: return "Ellipsis"
    case .int(let i): return String(i)
    case .bigInt(let s): return s
    case .float(let d): return float(d)
    case .imaginary(let d): return float(d, addDotZero: false) + "j"
    case .string(let s): return string(s, version)
    case .surrogateString(let scalars): return string(scalars: scalars, version)
    case .bytes(let b): return bytes(b)
    }
  }

  /// `repr(float)`: shortest round-trip digits, exponent form below 1e-4 and from 1e16 up.
  public static func float(_ d: Double, addDotZero: Bool = true) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == 0 { return (d.sign == .minus ? "-0" : "0") + (addDotZero ? ".0" : "") }
    // Swift's description also gives the shortest round-trip digits; re-lay them out Python's way.
    let text = "\(d.magnitude)"
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits = ""
    var pointIndex = 0
    if let dot = mantissa.firstIndex(of: ".") {
      let intPart = mantissa[..<dot]
      let frac = mantissa[mantissa.index(after: dot)...]
      digits = String(intPart) + String(frac)
      pointIndex = intPart.count
    } else {
      digits = String(mantissa)
      pointIndex = mantissa.count
    }
    // Strip leading zeros (adjusting the point) and trailing zeros.
    while digits.count > 1, digits.first == "0" {
      digits.removeFirst()
      pointIndex -= 1
    }
    while digits.count > 1, digits.last == "0" { digits.removeLast() }
    let decpt = pointIndex + exponent  // value = 0.DIGITS × 10^decpt
    var out = d < 0 ? "-" : ""
    if decpt <= -4 || decpt > 16 {
      out += String(digits.prefix(1))
      if digits.count > 1 { out += "." + digits.dropFirst() }
      let e = decpt - 1
      out += e < 0 ? "e-" : "e+"
      let mag = String(abs(e))
      out += mag.count < 2 ? "0" + mag : mag
    } else if decpt <= 0 {
      out += "0." + String(repeating: "0", count: -decpt) + digits
    } else if digits.count <= decpt {
      out += digits + String(repeating: "0", count: decpt - digits.count) + (addDotZero ? ".0" : "")
    } else {
      out += String(digits.prefix(decpt)) + "." + digits.dropFirst(decpt)
    }
    return out
  }

  public static func string(_ s: String, _ version: PythonVersion = .py311) -> String {
    string(scalars: s.unicodeScalars.map(\.value), version)
  }

  public static func string(scalars: [UInt32], _ version: PythonVersion = .py311) -> String {
    var hasSingle = false
    var hasDouble = false
    for v in scalars {
      if v == 39 { hasSingle = true } else if v == 34 { hasDouble = true }
    }
    let quote: UInt32 = hasSingle && !hasDouble ? 34 : 39
    var out = String.UnicodeScalarView()
    out.append(Unicode.Scalar(UInt8(quote)))
    for v in scalars {
      switch v {
      case quote, 92:
        out.append("\\")
        out.append(Unicode.Scalar(UInt8(v)))
      case 9: out.append(contentsOf: "\\t".unicodeScalars)
      case 10: out.append(contentsOf: "\\n".unicodeScalars)
      case 13: out.append(contentsOf: "\\r".unicodeScalars)
      case 0..<0x20, 0x7F:
        out.append(contentsOf: hexEscape("x", v, 2).unicodeScalars)
      case 0x20..<0x7F:
        out.append(Unicode.Scalar(UInt8(v)))
      default:
        if let u = Unicode.Scalar(v), isPrintable(u, version) {
          out.append(u)
        } else if v <= 0xFF {
          out.append(contentsOf: hexEscape("x", v, 2).unicodeScalars)
        } else if v <= 0xFFFF {
          out.append(contentsOf: hexEscape("u", v, 4).unicodeScalars)
        } else {
          out.append(contentsOf: hexEscape("U", v, 8).unicodeScalars)
        }
      }
    }
    out.append(Unicode.Scalar(UInt8(quote)))
    return String(out)
  }

  static func hexEscape(_ letter: String, _ v: UInt32, _ width: Int) -> String {
    let h = String(v, radix: 16)
    return "\\" + letter + String(repeating: "0", count: max(0, width - h.count)) + h
  }

  public static func bytes(_ b: [UInt8]) -> String {
    let quote: UInt8 = b.contains(39) && !b.contains(34) ? 34 : 39
    var out = "b"
    out.unicodeScalars.append(Unicode.Scalar(quote))
    for c in b {
      switch c {
      case quote, 92:
        out += "\\"
        out.unicodeScalars.append(Unicode.Scalar(c))
      case 9: out += "\\t"
      case 10: out += "\\n"
      case 13: out += "\\r"
      case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(c))
      default: out += hexEscape("x", UInt32(c), 2)
      }
    }
    out.unicodeScalars.append(Unicode.Scalar(quote))
    return out
  }
}
