public enum TokenKind: UInt8, Sendable {
  case endMarker, name, number, string, newline, indent, dedent
  // Keywords.
  case kwFalse, kwNone, kwTrue, kwAnd, kwAs, kwAssert, kwAsync, kwAwait, kwBreak, kwClass, kwContinue, kwDef, kwDel
  case kwElif, kwElse, kwExcept, kwFinally, kwFor, kwFrom, kwGlobal, kwIf, kwImport, kwIn, kwIs, kwLambda
  case kwNonlocal, kwNot, kwOr, kwPass, kwRaise, kwReturn, kwTry, kwWhile, kwWith, kwYield
  // Operators and delimiters.
  case lpar, rpar, lsqb, rsqb, lbrace, rbrace, colon, comma, semi, plus, minus, star, slash, vbar, amper, less
  case greater, equal, dot, percent, eqEqual, notEqual, lessEqual, greaterEqual, tilde, circumflex, leftShift
  case rightShift, doubleStar, plusEqual, minEqual, starEqual, slashEqual, percentEqual, amperEqual, vbarEqual
  case circumflexEqual, leftShiftEqual, rightShiftEqual, doubleStarEqual, doubleSlash, doubleSlashEqual, at, atEqual
  case rarrow, ellipsis, colonEqual
  // Python 3.12 f-strings (PEP 701) and 3.14 t-strings (PEP 750): the literal is split into tokens. A middle
  // token's offsets cover its text; its end location also covers a doubled brace's second half.
  case fstringStart, fstringMiddle, fstringEnd, exclamation

  public var isKeyword: Bool { rawValue >= TokenKind.kwFalse.rawValue && rawValue <= TokenKind.kwYield.rawValue }

  /// How the token is written, for messages.
  public var spelling: String {
    switch self {
    case .endMarker: return "end of file"
    case .name: return "name"
    case .number: return "number"
    case .string: return "string"
    case .newline: return "newline"
    case .indent: return "indent"
    case .dedent: return "dedent"
    case .fstringStart: return "f-string start"
    case .fstringMiddle: return "f-string text"
    case .fstringEnd: return "f-string end"
    case .exclamation: return "!"
    default:
      if let s = TokenKind.keywordSpellings[self] { return s }
      return TokenKind.operatorSpellings.first(where: { $0.1 == self })?.0 ?? "token"
    }
  }

  static let keywordSpellings: [TokenKind: String] = [
    .kwFalse: "False", .kwNone: "None", .kwTrue: "True", .kwAnd: "and", .kwAs: "as", .kwAssert: "assert",
    .kwAsync: "async", .kwAwait: "await", .kwBreak: "break", .kwClass: "class", .kwContinue: "continue",
    .kwDef: "def", .kwDel: "del", .kwElif: "elif", .kwElse: "else", .kwExcept: "except", .kwFinally: "finally",
    .kwFor: "for", .kwFrom: "from", .kwGlobal: "global", .kwIf: "if", .kwImport: "import", .kwIn: "in", .kwIs: "is",
    .kwLambda: "lambda", .kwNonlocal: "nonlocal", .kwNot: "not", .kwOr: "or", .kwPass: "pass", .kwRaise: "raise",
    .kwReturn: "return", .kwTry: "try", .kwWhile: "while", .kwWith: "with", .kwYield: "yield",
  ]

  /// Longest first, so a greedy scan picks `**=` before `**` before `*`.
  static let operatorSpellings: [(String, TokenKind)] = [
    ("**=", .doubleStarEqual), ("//=", .doubleSlashEqual), (">>=", .rightShiftEqual), ("<<=", .leftShiftEqual),
    ("...", .ellipsis), ("!=", .notEqual), ("%=", .percentEqual), ("&=", .amperEqual), ("**", .doubleStar),
    ("*=", .starEqual), ("+=", .plusEqual), ("-=", .minEqual), ("->", .rarrow), ("//", .doubleSlash),
    ("/=", .slashEqual), (":=", .colonEqual), ("<<", .leftShift), ("<=", .lessEqual), ("==", .eqEqual),
    (">=", .greaterEqual), (">>", .rightShift), ("@=", .atEqual), ("^=", .circumflexEqual), ("|=", .vbarEqual),
    ("%", .percent), ("&", .amper), ("(", .lpar), (")", .rpar), ("*", .star), ("+", .plus), (",", .comma),
    ("-", .minus), (".", .dot), ("/", .slash), (":", .colon), (";", .semi), ("<", .less), ("=", .equal),
    (">", .greater), ("@", .at), ("[", .lsqb), ("]", .rsqb), ("^", .circumflex), ("{", .lbrace), ("|", .vbar),
    ("}", .rbrace), ("~", .tilde),
  ]
}

/// One token. Offsets index the lexer's buffer; positions follow CPython (1-based line, UTF-8 byte column).
public struct Token: Sendable {
  public var kind: TokenKind
  public var start: Int32
  public var end: Int32
  public var line: Int32
  public var column: Int32
  public var endLine: Int32
  public var endColumn: Int32

  public var range: SourceRange {
    SourceRange(
      start: SourceLocation(line: line, column: column), end: SourceLocation(line: endLine, column: endColumn))
  }
  public var startLocation: SourceLocation { SourceLocation(line: line, column: column) }
  public var endLocation: SourceLocation { SourceLocation(line: endLine, column: endColumn) }
}
