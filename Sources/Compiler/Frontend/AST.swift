/// A position as CPython's `ast` reports it: 1-based line, 0-based column in UTF-8 bytes.
public struct SourceLocation: Hashable, Sendable, Comparable {
  public var line: Int32
  public var column: Int32

  public init(line: Int32, column: Int32) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    a.line != b.line ? a.line < b.line : a.column < b.column
  }
}

/// The half-open span of a node or token.
public struct SourceRange: Hashable, Sendable {
  public var start: SourceLocation
  public var end: SourceLocation

  public init(start: SourceLocation, end: SourceLocation) {
    self.start = start
    self.end = end
  }

  public init(_ start: SourceRange, _ end: SourceRange) {
    self.start = start.start
    self.end = end.end
  }
}

public enum ExprContext: Sendable { case load, store, del }
public enum BoolOperator: Sendable { case and, or }
public enum BinaryOperator: Sendable {
  case add, sub, mult, matMult, div, mod, pow, lShift, rShift, bitOr, bitXor, bitAnd, floorDiv
}
public enum UnaryOperator: Sendable { case invert, not, uAdd, uSub }
public enum CompareOperator: Sendable { case eq, notEq, lt, ltE, gt, gtE, `is`, isNot, `in`, notIn }

/// A literal value exactly as CPython's parser produces it.
public enum ConstantValue: Sendable, Equatable {
  case none
  case bool(Bool)
  case ellipsis
  case int(Int)
  /// An integer too large for `Int`, in decimal.
  case bigInt(String)
  case float(Double)
  case imaginary(Double)
  case string(String)
  /// A string holding lone surrogates (from `"\ud800"`), which `String` cannot represent.
  case surrogateString([UInt32])
  case bytes([UInt8])
}

public final class Expr {
  public var kind: Kind
  public var range: SourceRange

  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  public enum Kind {
    case boolOp(BoolOperator, [Expr])
    case namedExpr(target: Expr, value: Expr)
    case binOp(Expr, BinaryOperator, Expr)
    case unaryOp(UnaryOperator, Expr)
    case lambda(Arguments, body: Expr)
    case ifExp(test: Expr, body: Expr, orelse: Expr)
    case dict(keys: [Expr?], values: [Expr])
    case set([Expr])
    case listComp(Expr, [Comprehension])
    case setComp(Expr, [Comprehension])
    case dictComp(key: Expr, value: Expr, [Comprehension])
    case generatorExp(Expr, [Comprehension])
    case await(Expr)
    case yield(Expr?)
    case yieldFrom(Expr)
    case compare(Expr, [CompareOperator], [Expr])
    case call(Expr, args: [Expr], keywords: [Keyword])
    case formattedValue(Expr, conversion: Int, formatSpec: Expr?)
    case joinedStr([Expr])
    /// A Python 3.14 t-string (PEP 750): `Constant` and `interpolation` pieces.
    case templateStr([Expr])
    /// One `{...}` of a t-string; `str` is the expression's source text.
    case interpolation(Expr, str: String, conversion: Int, formatSpec: Expr?)
    case constant(ConstantValue, kind: String?)
    case attribute(Expr, String, ExprContext)
    case `subscript`(Expr, Expr, ExprContext)
    case starred(Expr, ExprContext)
    case name(String, ExprContext)
    case list([Expr], ExprContext)
    case tuple([Expr], ExprContext)
    case slice(lower: Expr?, upper: Expr?, step: Expr?)
  }
}

public final class Arguments {
  public var posonlyargs: [Arg] = []
  public var args: [Arg] = []
  public var vararg: Arg?
  public var kwonlyargs: [Arg] = []
  public var kwDefaults: [Expr?] = []
  public var kwarg: Arg?
  public var defaults: [Expr] = []
  public init() {}
}

public final class Arg {
  public var name: String
  public var annotation: Expr?
  public var range: SourceRange
  public init(name: String, annotation: Expr?, range: SourceRange) {
    self.name = name
    self.annotation = annotation
    self.range = range
  }
}

public final class Keyword {
  public var name: String?
  public var value: Expr
  public var range: SourceRange
  public init(name: String?, value: Expr, range: SourceRange) {
    self.name = name
    self.value = value
    self.range = range
  }
}

public final class Alias {
  public var name: String
  public var asname: String?
  public var range: SourceRange
  public init(name: String, asname: String?, range: SourceRange) {
    self.name = name
    self.asname = asname
    self.range = range
  }
}

public final class WithItem {
  public var contextExpr: Expr
  public var optionalVars: Expr?
  public init(contextExpr: Expr, optionalVars: Expr?) {
    self.contextExpr = contextExpr
    self.optionalVars = optionalVars
  }
}

public final class Comprehension {
  public var target: Expr
  public var iter: Expr
  public var ifs: [Expr]
  public var isAsync: Bool
  public init(target: Expr, iter: Expr, ifs: [Expr], isAsync: Bool) {
    self.target = target
    self.iter = iter
    self.ifs = ifs
    self.isAsync = isAsync
  }
}

public final class ExceptHandler {
  public var type: Expr?
  public var name: String?
  public var body: [Stmt]
  public var range: SourceRange
  public init(type: Expr?, name: String?, body: [Stmt], range: SourceRange) {
    self.type = type
    self.name = name
    self.body = body
    self.range = range
  }
}

public final class MatchCase {
  public var pattern: Pattern
  public var guardExpression: Expr?
  public var body: [Stmt]
  public init(pattern: Pattern, guardExpression: Expr?, body: [Stmt]) {
    self.pattern = pattern
    self.guardExpression = guardExpression
    self.body = body
  }
}

public final class Pattern {
  public var kind: Kind
  public var range: SourceRange
  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  public enum Kind {
    case matchValue(Expr)
    case matchSingleton(ConstantValue)
    case matchSequence([Pattern])
    case matchMapping(keys: [Expr], patterns: [Pattern], rest: String?)
    case matchClass(cls: Expr, patterns: [Pattern], kwdAttrs: [String], kwdPatterns: [Pattern])
    case matchStar(String?)
    case matchAs(pattern: Pattern?, name: String?)
    case matchOr([Pattern])
  }
}

public final class Stmt {
  public var kind: Kind
  public var range: SourceRange
  public init(_ kind: Kind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  public struct FunctionDef {
    public var name: String
    public var nameRange: SourceRange
    public var args: Arguments
    public var body: [Stmt]
    public var decorators: [Expr]
    public var returns: Expr?
    public var isAsync: Bool
    /// PEP 695 type parameters (`def f[T](...)`), empty when there are none.
    public var typeParams: [TypeParam] = []
  }

  public struct ClassDef {
    public var name: String
    public var nameRange: SourceRange
    public var bases: [Expr]
    public var keywords: [Keyword]
    public var body: [Stmt]
    public var decorators: [Expr]
    public var typeParams: [TypeParam] = []
  }

  public enum Kind {
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case `return`(Expr?)
    case delete([Expr])
    case assign(targets: [Expr], value: Expr)
    case augAssign(target: Expr, op: BinaryOperator, value: Expr)
    case annAssign(target: Expr, annotation: Expr, value: Expr?, simple: Bool)
    case `for`(target: Expr, iter: Expr, body: [Stmt], orelse: [Stmt], isAsync: Bool)
    case `while`(test: Expr, body: [Stmt], orelse: [Stmt])
    case `if`(test: Expr, body: [Stmt], orelse: [Stmt])
    case with(items: [WithItem], body: [Stmt], isAsync: Bool)
    case match(subject: Expr, cases: [MatchCase])
    case raise(exc: Expr?, cause: Expr?)
    case `try`(body: [Stmt], handlers: [ExceptHandler], orelse: [Stmt], finalbody: [Stmt], isStar: Bool)
    case assert(test: Expr, msg: Expr?)
    case `import`([Alias])
    case importFrom(module: String?, names: [Alias], level: Int)
    case global([String])
    case nonlocal([String])
    case expr(Expr)
    case pass
    case `break`
    case `continue`
    /// `type X[T] = value` (Python 3.12, PEP 695).
    case typeAlias(name: Expr, typeParams: [TypeParam], value: Expr)
  }
}

/// One PEP 695 type parameter: `T: bound`, `*Ts` or `**P`, with a PEP 696 default (Python 3.13).
public final class TypeParam {
  public enum Kind: Sendable { case typeVar, typeVarTuple, paramSpec }
  public var kind: Kind
  public var name: String
  /// The bound or constraints of a `TypeVar` (`T: int`, `T: (int, str)`).
  public var bound: Expr?
  public var defaultValue: Expr?
  public var range: SourceRange
  public init(kind: Kind, name: String, bound: Expr?, defaultValue: Expr?, range: SourceRange) {
    self.kind = kind
    self.name = name
    self.bound = bound
    self.defaultValue = defaultValue
    self.range = range
  }
}

/// A parsed file: its statements plus the source it came from.
public final class Module {
  public var body: [Stmt]
  public let source: SourceFile
  public init(body: [Stmt], source: SourceFile) {
    self.body = body
    self.source = source
  }
}
