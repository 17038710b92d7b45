/// The messages and hints of TL001 (export lines), in one place.
enum ExportMessages {
  static func expected(_ what: String, _ found: String) -> String { "expected \(what), found \(found)" }
  static func expectedExport(_ found: String) -> String {
    "expected 'export' after 'pythran', found \(found): Pythran reads every comment starting with 'pythran' as a "
      + "directive, and refuses this one"
  }
  static func notADirective(_ text: String) -> String {
    "'\(text)' starts a comment Pythran reads as a directive, and refuses"
  }
  static let notADirectiveHint = "write 'Pythran' with a capital P, or reword the comment"
  static func expectedName(_ found: String) -> String { "expected a function or global name, found \(found)" }
  static func tooDeep(_ limit: Int) -> String {
    "this type nests more than \(limit) levels deep: thranc refuses it (Pythran's reader fails with a "
      + "RecursionError a few hundred levels deep)"
  }
  static let tooDeepHint =
    "look for a repetition that ran away ('list list ...', '((((...'); no real type nests so deep"
  static func unknownType(_ name: String) -> String { "unknown type '\(name)'" }
  static let parenthesisAfterList =
    "'(' right after the export list: Pythran reads it as part of the export, and refuses"
  static let parenthesisAfterListHint =
    "a comment line starting with '(' continues the export above (even after blank lines); reword it, or put code "
    + "between them"
  static func ignoredAfterList(_ last: String) -> String {
    "Pythran ignores everything after '\(last)' here"
  }
  static let ignoredAfterListHint = "separate exports with ',' and start comments with '#'"
  static func signatureOnNextLine(_ name: String) -> String {
    "Pythran reads this '(' as the argument list of '\(name)' on the line above"
  }
  static let skippedZero = "Pythran skips this '0' (its lexer has no token for it)"
  static let skippedZeroHint = "a zero extent reads as ':'; remove the '0' or write the extent you mean"
  static let requiredAfterOptional = "a required argument follows an optional one"
  static let requiredAfterOptionalHint = "only trailing arguments can be optional ('?'), and no ',' ends the list"
  static let dictHint = "a dict type is written 'K:V dict'"
  static let containerHint =
    "'list', 'set', 'dict' and 'tuple' alone only name type objects ('list type'); write 'T list'"
  static func emptyFunction(_ t: String) -> String {
    "Pythran reads '\(t)' as no type at all: every signature of this export becomes one without arguments"
  }
  static let emptyFunctionHint = "give the function type its parameters, e.g. 'float64(float64)'"
  static func functionProduct(_ t: String, _ read: String) -> String {
    "Pythran reads '\(t)' as '\(read)' (one type from each flattened parameter list, not a choice among them)"
  }
  static let functionProductHint = "write one export per function type instead of 'or' inside its parameters"
  static func parenthesizedUnion(_ t: String) -> String {
    "Pythran reads '(\(t))' as 1-tuples, not as a grouping"
  }
  static func parenthesizedUnionHint(_ t: String) -> String {
    "group with brackets: '[\(t)]'; keep the parentheses only for 1-tuples"
  }
  static let orderCF = "Pythran reads 'order(CF)' as 'order(C)'"
  static let fortranOrder = "'order(F)' applies only to 2-D arrays without '::'"
  static let fortranOrderHint = "write 'T[:,:] order(F)', or drop 'order(F)'"
  static let fortranExtents = "Pythran drops the fixed extents of an 'order(F)' array: it reads 'T[:,:] order(F)'"
  static func tooManyAlternatives(_ limit: Int) -> String {
    "this export stands for more than \(limit) signatures (Pythran refuses more than \(ExportTable.maxOverloads) "
      + "per function, after computing them all)"
  }
  static func extentTooLarge(_ text: String) -> String { "array extent \(text) is too large" }
  static func capsuleWithoutSignature(_ name: String) -> String {
    "capsule '\(name)' has no argument list (Pythran fails on it)"
  }
  static func capsuleOverloads(_ name: String, _ count: Int) -> String {
    "capsule '\(name)' stands for \(count) signatures: Pythran refuses overloaded capsules"
  }
  static let capsuleOverloadsHint = "give each capsule one signature (a 2-D array also stands for its F order)"
  static func tooManyOverloads(_ name: String, _ count: Int) -> String {
    "'\(name)' stands for \(count) signatures: Pythran refuses more than \(ExportTable.maxOverloads)"
  }
  static let orderHint = "fix the layout of 2-D arrays with 'order(C)' or 'order(F)', or split the 'or's"
  static func duplicate(_ a: String, _ b: String) -> String {
    a == b
      ? "duplicate export \(a) (Pythran refuses it)"
      : "\(a) and \(b) are the same export to Pythran (it refuses duplicates)"
  }
  static func ambiguous(_ a: String, _ b: String) -> String {
    "ambiguous overloads \(a) and \(b) (Pythran refuses them)"
  }
  static let ambiguousHint = "float is float64, complex is complex128 and int is int64: keep one spelling"
  static func incompatiblePackages(_ name: String) -> String {
    "the overloads of '\(name)' take different 'pkg' arguments (Pythran refuses them)"
  }

  /// The Pythran spelling of common C and NumPy names, or the nearest known type.
  static func typeHint(_ name: String) -> String {
    let known: [String: String] = [
      "double": "float64", "long": "int64", "longlong": "int64", "single": "float32", "void": "None",
      "short": "int16", "char": "int8", "ulong": "uint64", "uint": "uint64", "unsigned": "uint32",
      "size_t": "uintp", "ssize_t": "intp", "Py_ssize_t": "intp", "npy_intp": "intp", "intptr_t": "intp",
      "float_": "float64", "int_": "int64", "boolean": "bool", "string": "str", "bytes": "str", "NoneType": "None",
      "none": "None", "cfloat": "complex128", "cdouble": "complex128", "longdouble": "float128",
    ]
    if let w = known[name] { return "use '\(w)'" }
    let special: [String: String] = [
      "half": "float16 is not supported", "float16": "float16 is not supported",
      "ndarray": "write an element type and dimensions, e.g. 'float64[:]'", "array": "e.g. 'float64[:]'",
    ]
    if let s = special[name] { return s }
    let candidates = ScalarType.allCases.map(\.rawValue)
    if let best = candidates.min(by: { editDistance(name, $0) < editDistance(name, $1) }),
      editDistance(name, best) <= 2
    {
      return "did you mean '\(best)'?"
    }
    return "known types: " + candidates.joined(separator: ", ") + "; 'NAME pkg' names a package"
  }
}
