/// What module-level names mean: imports, functions, constants.
struct ModuleScope {
  /// Local name → dotted name of what it refers to (`np` → `numpy`, `sqrt` → `math.sqrt`).
  var imports: [String: String] = [:]
  var functions: [String: (def: Stmt.FunctionDef, range: SourceRange)] = [:]
  var constantExprs: [String: (value: Expr, range: SourceRange)] = [:]
  /// Names bound more than once at module level: not constants.
  var rebound: Set<String> = []

  /// Resolves a name or attribute chain to a dotted global name when it goes through an import.
  func dottedName(_ expr: Expr) -> String? {
    switch expr.kind {
    case .name(let id, _): return imports[id]
    case .attribute(let base, let attr, _):
      guard let b = dottedName(base) else { return nil }
      return b + "." + attr
    default: return nil
    }
  }
}

enum Intrinsics {
  static let mathUnary: Set<String> = [
    "sqrt", "exp", "log", "log10", "log2", "log1p", "expm1", "sin", "cos", "tan", "asin", "acos", "atan", "sinh",
    "cosh", "tanh", "asinh", "acosh", "atanh", "fabs", "erf", "erfc", "gamma", "lgamma", "cbrt", "exp2",
  ]
  static let mathBinary: Set<String> = ["atan2", "hypot", "copysign", "fmod", "pow"]
  /// Functions returning Python `int` in `math`.
  static let mathToInt: Set<String> = ["floor", "ceil", "trunc"]
  static let mathPredicates: Set<String> = ["isnan", "isinf", "isfinite"]
  static let mathConstants: [String: String] = [
    "pi": "3.141592653589793", "e": "2.718281828459045", "tau": "6.283185307179586", "inf": "HUGE_VAL",
    "nan": "NAN",
  ]
  static let numpyRenames: [String: String] = [
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "arctan2": "atan2", "arcsinh": "asinh",
    "arccosh": "acosh", "arctanh": "atanh", "absolute": "fabs", "power": "pow", "float_power": "pow",
  ]
  static let builtins: Set<String> = [
    "abs", "min", "max", "int", "float", "bool", "len", "range", "round", "pow", "complex",
  ]
  static let exceptions: Set<String> = [
    "Exception", "ValueError", "TypeError", "ZeroDivisionError", "ArithmeticError", "OverflowError",
    "IndexError", "RuntimeError", "AssertionError", "NotImplementedError", "FloatingPointError", "KeyError",
    "LookupError",
  ]

  /// Resolves a dotted global name to an intrinsic.
  static func resolve(dotted: String) -> Intrinsic? {
    if dotted == "numpy.ctypeslib.as_array" { return .asArray }
    let parts = dotted.split(separator: ".").map(String.init)
    guard parts.count == 2 else { return nil }
    let (module, name) = (parts[0], parts[1])
    if module == "math" {
      if mathConstants[name] != nil { return .constant(name) }
      if mathUnary.contains(name) || mathBinary.contains(name) || mathToInt.contains(name)
        || mathPredicates.contains(name) || name == "degrees" || name == "radians"
      {
        return .mathFunction(name: name, numpy: false)
      }
    }
    if module == "numpy" {
      if ["pi", "e", "inf", "nan"].contains(name) { return .constant(name) }
      let renamed = numpyRenames[name] ?? name
      if mathUnary.contains(renamed) || mathBinary.contains(renamed) || mathPredicates.contains(renamed)
        || ["floor", "ceil", "trunc", "degrees", "radians", "square", "abs", "sign", "rint"].contains(renamed)
      {
        return .mathFunction(name: renamed, numpy: true)
      }
    }
    return nil
  }
}
