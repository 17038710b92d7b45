import Foundation

/// Recursive-descent parser for the whole Python 3.11–3.14 grammar, producing the same tree (and the same node
/// positions) as that version's CPython `ast.parse`. Syntax newer than the target version is a located TL900
/// naming the version it needs (`SyntaxFeature`). Backtracks only where CPython's PEG grammar does: soft keywords,
/// parenthesised `with` items, and statement starts that turn out to be assignments.
public final class Parser {
  let tokens: [Token]
  let buf: [UInt8]
  let path: String
  /// The target: syntax newer than this is a `SyntaxFeature` diagnostic.
  let version: PythonVersion
  /// The tokens are PEP 701 f-string tokens (a 3.12+ lexer), not 3.11's whole-literal STRING tokens.
  let splitsFStrings: Bool
  var p = 0
  var depth = 0
  /// The `elif`s of the chain being parsed.
  var elifChain = 0
  /// Nesting bound for recursion and left-leaning chains (`a + b + ...`, `x[0][0]...`). CPython 3.11 accepts
  /// about 1000 levels and fails by 5000; every tree this parser returns is at most this deep.
  static let maxDepth = 2500

  init(
    tokens: [Token], buf: [UInt8], path: String, version: PythonVersion = .newest, splitsFStrings: Bool? = nil
  ) {
    self.tokens = tokens
    self.buf = buf
    self.path = path
    self.version = version
    self.splitsFStrings = splitsFStrings ?? (version >= .py312)
  }

  /// Parses on the calling thread, which must have a stack of at least `largeStackSize` (see
  /// `runOnLargeStacks`): batch callers avoid a thread per file.
  public static func parseOnLargeStack(_ source: SourceFile, version: PythonVersion = .newest) throws -> Module {
    Module(body: try parseBody(source, version: version), source: source)
  }

  /// The statements of a file as `version`'s CPython reads them. When 3.11 rejects the file, the 3.12+
  /// grammar is tried to say which newer syntax it uses.
  static func parseBody(_ source: SourceFile, version: PythonVersion) throws -> [Stmt] {
    do {
      let tokens = try Lexer.tokenize(source, version: version)
      try checkUTF8(source, tokens)
      return try Parser(tokens: tokens, buf: source.bytes, path: source.path, version: version).parseFile()
    } catch let original as Diagnostic where version < .py312 {
      throw newerSyntax(in: source, target: version) ?? original
    }
  }

  /// The first syntax of a newer Python that `source` uses, when it parses with the newest grammar.
  static func newerSyntax(in source: SourceFile, target: PythonVersion) -> Diagnostic? {
    var lexer = Lexer(bytes: source.bytes, path: source.path, version: .newest)
    guard let tokens = try? lexer.run() else { return nil }
    var found = lexer.features.map { $0.feature.diagnostic(target: target, range: $0.range, path: source.path) }
    let parser = Parser(tokens: tokens, buf: source.bytes, path: source.path, version: target, splitsFStrings: true)
    do {
      _ = try parser.parseFile()
    } catch let d as Diagnostic where d.code == "TL900" {
      found.append(d)
    } catch {
      return nil
    }
    return found.min { $0.range.start < $1.range.start }
  }

  /// Throws the feature's TL900 when the target version predates it.
  func require(_ feature: SyntaxFeature, at range: SourceRange) throws {
    if version < feature.added { throw feature.diagnostic(target: version, range: range, path: path) }
  }

  /// Parses a whole file. Every failure is a located `Diagnostic`; nothing traps on any input.
  public static func parse(_ source: SourceFile, version: PythonVersion = .newest) throws -> Module {
    let box = ResultBox()
    // Deeply nested input recurses deeply; a private thread gives the parser a known, generous stack.
    runWithLargeStack {
      do {
        box.result = .success(try parseBody(source, version: version))
      } catch {
        box.result = .failure(error)
      }
    }
    switch box.result {
    case .success(let body): return Module(body: body, source: source)
    case .failure(let error): throw error
    case nil:
      throw Diagnostic(
        message: "internal error: parser did not finish", location: .init(line: 1, column: 0), path: source.path)
    }
  }

  /// A byte that is not UTF-8 is an error inside a token (a name, a string); in a comment CPython ignores it.
  static func checkUTF8(_ source: SourceFile, _ tokens: [Token]) throws {
    for offset in source.invalidUTF8Offsets {
      // Tokens are in source order: find the last one starting at or before the byte.
      var lo = 0
      var hi = tokens.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if Int(tokens[mid].start) <= offset { lo = mid + 1 } else { hi = mid }
      }
      guard lo > 0, offset < Int(tokens[lo - 1].end) else { continue }
      let location = SourceFile.location(ofByte: offset, in: source.bytes)
      let (message, hint) = Lexer.invalidUTF8(source.bytes[offset])
      throw Diagnostic(message: message, location: location, path: source.path, hint: hint)
    }
  }

  public static func parse(path: String, text: String, version: PythonVersion = .newest) throws -> Module {
    try parse(SourceFile(path: path, text: text), version: version)
  }

  // MARK: - Token access

  @inline(__always) var tok: Token { tokens[p] }
  @inline(__always) var kind: TokenKind { tokens[p].kind }
  @inline(__always) func peekKind(_ k: Int) -> TokenKind {
    let i = p + k
    return i < tokens.count ? tokens[i].kind : .endMarker
  }
  /// End of the last consumed token that is not NEWLINE, INDENT or DEDENT (CPython's node end).
  var prevEnd: SourceLocation {
    var i = p - 1
    while i > 0, tokens[i].kind == .newline || tokens[i].kind == .indent || tokens[i].kind == .dedent { i -= 1 }
    return i >= 0 ? tokens[i].endLocation : tokens[0].startLocation
  }
  @inline(__always) func advance() {
    if tokens[p].kind != .endMarker { p += 1 }
  }
  @inline(__always) func accept(_ k: TokenKind) -> Bool {
    if kind == k {
      advance()
      return true
    }
    return false
  }
  func range(from start: SourceLocation) -> SourceRange { SourceRange(start: start, end: prevEnd) }

  func text(_ t: Token) -> String {
    let slice = buf[Int(t.start)..<Int(t.end)]
    let s = String(decoding: slice, as: UTF8.self)
    if slice.contains(where: { $0 >= 0x80 }) {
      return s.precomposedStringWithCompatibilityMapping  // PEP 3131: identifiers are NFKC-normalised.
    }
    return s
  }

  func isSoftKeyword(_ t: Token, _ word: StaticString) -> Bool {
    guard t.kind == .name, Int(t.end - t.start) == word.utf8CodeUnitCount else { return false }
    let w = word.utf8Start
    for k in 0..<word.utf8CodeUnitCount where buf[Int(t.start) + k] != w[k] { return false }
    return true
  }

  func error(_ message: String, at t: Token? = nil, hint: String? = nil) -> Diagnostic {
    let t = t ?? tok
    return Diagnostic(message: message, range: t.range, path: path, hint: hint)
  }

  func error(_ message: String, range: SourceRange, hint: String? = nil) -> Diagnostic {
    Diagnostic(message: message, range: range, path: path, hint: hint)
  }

  func invalidSyntax() -> Diagnostic {
    switch kind {
    case .endMarker: return error("unexpected end of file")
    case .indent: return error("unexpected indent")
    case .dedent: return error("unindent does not match the block")
    case .newline: return error("invalid syntax: unexpected end of line")
    default: return error("invalid syntax: unexpected '\(text(tok))'")
    }
  }

  func expect(_ k: TokenKind, _ what: String? = nil) throws {
    if kind == k {
      advance()
      return
    }
    throw error(
      "expected '\(what ?? k.spelling)'" + (kind == .newline || kind == .endMarker ? "" : ", found '\(text(tok))'"))
  }

  func expectName() throws -> Token {
    guard kind == .name else {
      if kind.isKeyword {
        throw error("expected a name, found keyword '\(text(tok))'", hint: "keywords cannot be used as names")
      }
      throw error("expected a name" + (kind == .newline ? "" : ", found '\(text(tok))'"))
    }
    let t = tok
    advance()
    return t
  }

  func enter() throws {
    depth += 1
    if depth > Parser.maxDepth { throw error("too many nested expressions (the nesting limit is \(Parser.maxDepth))") }
  }

  // MARK: - Statements

  func parseFile() throws -> [Stmt] {
    var body: [Stmt] = []
    while kind != .endMarker {
      if kind == .indent { throw error("unexpected indent") }
      if kind == .newline {
        advance()
        continue
      }
      try parseStatement(into: &body)
    }
    return body
  }

  func parseStatement(into body: inout [Stmt]) throws {
    switch kind {
    case .kwDef, .kwIf, .kwClass, .kwWith, .kwFor, .kwTry, .kwWhile, .at:
      body.append(try parseCompound())
    case .kwAsync where [.kwDef, .kwWith, .kwFor].contains(peekKind(1)):
      body.append(try parseCompound())
    case .name where isSoftKeyword(tok, "match"):
      if let m = try parseMatchStatement() {
        body.append(m)
      } else {
        try parseSimpleStatements(into: &body)
      }
    default:
      try parseSimpleStatements(into: &body)
    }
  }

  func parseSimpleStatements(into body: inout [Stmt]) throws {
    while true {
      body.append(try parseSimpleStatement())
      if kind == .semi {
        advance()
        if kind == .newline { break }
        continue
      }
      break
    }
    if kind != .newline {
      if kind == .endMarker { return }
      if let last = body.last, case .expr(let e) = last.kind, case .name(let id, _) = e.kind,
        id == "print" || id == "exec", startsExpression(kind)
      {
        throw error(
          "Missing parentheses in call to '\(id)'. Did you mean \(id)(...)?", range: e.range,
          hint: "Python 3 has no print statement")
      }
      throw invalidSyntax()
    }
    advance()
  }

  func parseBlock(after keyword: String, line: Int32) throws -> [Stmt] {
    try expect(.colon)
    if kind == .newline {
      advance()
      guard kind == .indent else {
        throw error("expected an indented block after \(keyword) on line \(line)")
      }
      advance()
      var body: [Stmt] = []
      while kind != .dedent && kind != .endMarker {
        try parseStatement(into: &body)
      }
      _ = accept(.dedent)
      return body
    }
    var body: [Stmt] = []
    try parseSimpleStatements(into: &body)
    return body
  }

  func parseSimpleStatement() throws -> Stmt {
    let start = tok.startLocation
    switch kind {
    case .kwPass:
      advance()
      return Stmt(.pass, range(from: start))
    case .kwBreak:
      advance()
      return Stmt(.break, range(from: start))
    case .kwContinue:
      advance()
      return Stmt(.continue, range(from: start))
    case .kwReturn:
      advance()
      let value = startsExpression(kind) ? try parseStarExpressions() : nil
      return Stmt(.return(value), range(from: start))
    case .kwRaise:
      advance()
      var exc: Expr?
      var cause: Expr?
      if startsExpression(kind) {
        exc = try parseExpression()
        if accept(.kwFrom) { cause = try parseExpression() }
      }
      return Stmt(.raise(exc: exc, cause: cause), range(from: start))
    case .kwGlobal, .kwNonlocal:
      let isGlobal = kind == .kwGlobal
      advance()
      var names = [text(try expectName())]
      while accept(.comma) { names.append(text(try expectName())) }
      return Stmt(isGlobal ? .global(names) : .nonlocal(names), range(from: start))
    case .kwDel:
      advance()
      return try parseDel(start: start)
    case .kwAssert:
      advance()
      let test = try parseExpression()
      let msg = accept(.comma) ? try parseExpression() : nil
      return Stmt(.assert(test: test, msg: msg), range(from: start))
    case .kwImport:
      advance()
      return try parseImport(start: start)
    case .kwFrom:
      advance()
      return try parseFromImport(start: start)
    case .name where peekKind(1) == .name && isSoftKeyword(tok, "type"):
      return try parseTypeAlias()
    default:
      return try parseExpressionStatement()
    }
  }

  func parseDel(start: SourceLocation) throws -> Stmt {
    var targets: [Expr] = []
    repeat {
      if !targets.isEmpty && (kind == .newline || kind == .semi || kind == .endMarker) { break }
      let target = try parseBitwiseOr()
      try setContext(target, .del)
      targets.append(target)
    } while accept(.comma)
    if kind != .newline && kind != .semi && kind != .endMarker { throw invalidSyntax() }
    return Stmt(.delete(targets), range(from: start))
  }

  func parseDottedName() throws -> String {
    var name = text(try expectName())
    while kind == .dot {
      advance()
      name += "." + text(try expectName())
    }
    return name
  }

  func parseImport(start: SourceLocation) throws -> Stmt {
    var names: [Alias] = []
    repeat {
      let aliasStart = tok.startLocation
      let name = try parseDottedName()
      let asname = accept(.kwAs) ? text(try expectName()) : nil
      names.append(Alias(name: name, asname: asname, range: range(from: aliasStart)))
    } while accept(.comma)
    return Stmt(.import(names), range(from: start))
  }

  func parseFromImport(start: SourceLocation) throws -> Stmt {
    var level = 0
    while kind == .dot || kind == .ellipsis {
      level += kind == .dot ? 1 : 3
      advance()
    }
    var module: String?
    if kind != .kwImport || level == 0 {
      module = try parseDottedName()
    }
    try expect(.kwImport)
    var names: [Alias] = []
    if kind == .star {
      names.append(Alias(name: "*", asname: nil, range: tok.range))
      advance()
    } else {
      let parenthesized = accept(.lpar)
      repeat {
        if parenthesized && kind == .rpar && !names.isEmpty { break }
        let aliasStart = tok.startLocation
        let name = text(try expectName())
        let asname = accept(.kwAs) ? text(try expectName()) : nil
        names.append(Alias(name: name, asname: asname, range: range(from: aliasStart)))
        if !parenthesized && kind == .comma && (peekKind(1) == .newline || peekKind(1) == .semi) {
          throw error("trailing comma not allowed without surrounding parentheses")
        }
      } while accept(.comma)
      if parenthesized { try expect(.rpar) }
    }
    return Stmt(.importFrom(module: module, names: names, level: level), range(from: start))
  }

  static let augmentedOperators: [TokenKind: BinaryOperator] = [
    .plusEqual: .add, .minEqual: .sub, .starEqual: .mult, .atEqual: .matMult, .slashEqual: .div,
    .percentEqual: .mod, .amperEqual: .bitAnd, .vbarEqual: .bitOr, .circumflexEqual: .bitXor,
    .leftShiftEqual: .lShift, .rightShiftEqual: .rShift, .doubleStarEqual: .pow, .doubleSlashEqual: .floorDiv,
  ]

  func parseExpressionStatement() throws -> Stmt {
    let startToken = tok
    let start = tok.startLocation
    let first = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
    switch kind {
    case .equal:
      var targets = [first]
      var value: Expr = first
      while accept(.equal) {
        value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
        targets.append(value)
      }
      targets.removeLast()
      for t in targets { try setContext(t, .store) }
      return Stmt(.assign(targets: targets, value: value), range(from: start))
    case .colon:
      advance()
      let simple: Bool
      switch first.kind {
      case .name: simple = first.range.start == startToken.startLocation && startToken.kind == .name
      case .attribute, .subscript: simple = false
      case .tuple: throw error("only single target (not tuple) can be annotated", range: first.range)
      case .list: throw error("only single target (not list) can be annotated", range: first.range)
      default: throw error("illegal target for annotation", range: first.range)
      }
      try setContext(first, .store)
      let annotation = try parseExpression()
      var value: Expr?
      if accept(.equal) {
        value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
      }
      return Stmt(.annAssign(target: first, annotation: annotation, value: value, simple: simple), range(from: start))
    default:
      if let op = Parser.augmentedOperators[kind] {
        switch first.kind {
        case .name, .attribute, .subscript: break
        default:
          throw error(
            "'\(describe(first))' is an illegal expression for augmented assignment", range: first.range)
        }
        advance()
        try setContext(first, .store)
        let value = kind == .kwYield ? try parseYieldExpression() : try parseStarExpressions()
        return Stmt(.augAssign(target: first, op: op, value: value), range(from: start))
      }
      return Stmt(.expr(first), range(from: start))
    }
  }

  func parseCompound() throws -> Stmt {
    switch kind {
    case .at: return try parseDecorated()
    case .kwDef: return try parseFunctionDef(decorators: [], start: tok.startLocation, isAsync: false)
    case .kwClass: return try parseClassDef(decorators: [], start: tok.startLocation)
    case .kwIf: return try parseIf()
    case .kwWhile: return try parseWhile()
    case .kwFor: return try parseFor(start: tok.startLocation, isAsync: false)
    case .kwWith: return try parseWith(start: tok.startLocation, isAsync: false)
    case .kwTry: return try parseTry()
    case .kwAsync:
      let start = tok.startLocation
      advance()
      switch kind {
      case .kwDef: return try parseFunctionDef(decorators: [], start: start, isAsync: true)
      case .kwFor: return try parseFor(start: start, isAsync: true)
      default: return try parseWith(start: start, isAsync: true)
      }
    default: throw invalidSyntax()
    }
  }

  func parseDecorated() throws -> Stmt {
    var decorators: [Expr] = []
    while accept(.at) {
      decorators.append(try parseNamedExpression())
      try expect(.newline, "newline after decorator")
    }
    switch kind {
    case .kwDef: return try parseFunctionDef(decorators: decorators, start: tok.startLocation, isAsync: false)
    case .kwAsync where peekKind(1) == .kwDef:
      let start = tok.startLocation
      advance()
      return try parseFunctionDef(decorators: decorators, start: start, isAsync: true)
    case .kwClass: return try parseClassDef(decorators: decorators, start: tok.startLocation)
    default: throw error("expected 'def' or 'class' after decorators")
    }
  }

  func parseFunctionDef(decorators: [Expr], start: SourceLocation, isAsync: Bool) throws -> Stmt {
    let line = tok.line
    try expect(.kwDef)
    let nameToken = try expectName()
    let typeParams = try parseTypeParamsIfAny()
    try expect(.lpar)
    let args = try parseParameters(closing: .rpar, annotations: true)
    try expect(.rpar)
    let returns = accept(.rarrow) ? try parseExpression() : nil
    let body = try parseBlock(after: "function definition", line: line)
    let def = Stmt.FunctionDef(
      name: text(nameToken), nameRange: nameToken.range, args: args, body: body, decorators: decorators,
      returns: returns, isAsync: isAsync, typeParams: typeParams)
    return Stmt(.functionDef(def), range(from: start))
  }

  func parseClassDef(decorators: [Expr], start: SourceLocation) throws -> Stmt {
    let line = tok.line
    try expect(.kwClass)
    let nameToken = try expectName()
    let typeParams = try parseTypeParamsIfAny()
    var bases: [Expr] = []
    var keywords: [Keyword] = []
    if kind == .lpar {
      let open = tok
      advance()
      (bases, keywords) = try parseCallArguments(open: open, allowGenerator: false)
    }
    let body = try parseBlock(after: "class definition", line: line)
    let def = Stmt.ClassDef(
      name: text(nameToken), nameRange: nameToken.range, bases: bases, keywords: keywords, body: body,
      decorators: decorators, typeParams: typeParams)
    return Stmt(.classDef(def), range(from: start))
  }

  func parseIf() throws -> Stmt {
    let start = tok.startLocation
    let line = tok.line
    let isElif = kind == .kwElif
    advance()
    let test = try parseNamedExpression()
    let body = try parseBlock(after: isElif ? "'elif' statement" : "'if' statement", line: line)
    var orelse: [Stmt] = []
    if kind == .kwElif {
      // Each elif nests an If in the one before: bounded as expressions are, or dumping, analysing and freeing
      // the tree recurse without limit (CPython 3.11 gives up near 3,000 with a RecursionError).
      if elifChain >= Parser.maxDepth {
        throw error("too many 'elif' branches in one chain (the limit is \(Parser.maxDepth))")
      }
      elifChain += 1
      defer { elifChain -= 1 }
      orelse = [try parseIf()]
    } else if kind == .kwElse {
      let elseLine = tok.line
      advance()
      orelse = try parseBlock(after: "'else' statement", line: elseLine)
    }
    return Stmt(.if(test: test, body: body, orelse: orelse), range(from: start))
  }

  func parseElse() throws -> [Stmt] {
    guard kind == .kwElse else { return [] }
    let line = tok.line
    advance()
    return try parseBlock(after: "'else' statement", line: line)
  }

  func parseWhile() throws -> Stmt {
    let start = tok.startLocation
    let line = tok.line
    advance()
    let test = try parseNamedExpression()
    let body = try parseBlock(after: "'while' statement", line: line)
    let orelse = try parseElse()
    return Stmt(.while(test: test, body: body, orelse: orelse), range(from: start))
  }

  func parseFor(start: SourceLocation, isAsync: Bool) throws -> Stmt {
    let line = tok.line
    try expect(.kwFor)
    let target = try parseStarTargets()
    try expect(.kwIn)
    let iter = try parseStarExpressions()
    let body = try parseBlock(after: "'for' statement", line: line)
    let orelse = try parseElse()
    return Stmt(.for(target: target, iter: iter, body: body, orelse: orelse, isAsync: isAsync), range(from: start))
  }

  func parseWithItem() throws -> WithItem {
    let expr = try parseExpression()
    var vars: Expr?
    if accept(.kwAs) {
      vars = try parseStarTarget()
      guard kind == .comma || kind == .rpar || kind == .colon else { throw invalidSyntax() }
    }
    return WithItem(contextExpr: expr, optionalVars: vars)
  }

  func parseWith(start: SourceLocation, isAsync: Bool) throws -> Stmt {
    let line = tok.line
    try expect(.kwWith)
    var items: [WithItem] = []
    if kind == .lpar {
      // 'with' '(' ','.with_item+ ','? ')' ':'  — tried first, as in CPython's grammar.
      let save = p
      let saveDepth = depth
      do {
        advance()
        var parsed: [WithItem] = []
        repeat {
          if kind == .rpar && !parsed.isEmpty { break }
          parsed.append(try parseWithItem())
        } while accept(.comma)
        try expect(.rpar)
        guard kind == .colon else { throw invalidSyntax() }
        items = parsed
      } catch {
        p = save
        depth = saveDepth
        items = []
      }
    }
    if items.isEmpty {
      repeat { items.append(try parseWithItem()) } while accept(.comma)
    }
    let body = try parseBlock(after: "'with' statement", line: line)
    return Stmt(.with(items: items, body: body, isAsync: isAsync), range(from: start))
  }

  func parseTry() throws -> Stmt {
    let start = tok.startLocation
    let line = tok.line
    advance()
    let body = try parseBlock(after: "'try' statement", line: line)
    var handlers: [ExceptHandler] = []
    var isStar: Bool?
    while kind == .kwExcept {
      let handlerStart = tok.startLocation
      let handlerLine = tok.line
      advance()
      let star = accept(.star)
      if let isStar, isStar != star {
        throw error("cannot have both 'except' and 'except*' on the same 'try'", range: range(from: handlerStart))
      }
      isStar = star
      var type: Expr?
      var name: String?
      if kind != .colon {
        let first = try parseExpression()
        type = first
        if kind == .comma {
          type = try parseUnparenthesizedExceptTypes(first: first)
        }
        if accept(.kwAs) { name = text(try expectName()) }
      } else if star {
        throw error("expected one or more exception types")
      }
      let handlerBody = try parseBlock(
        after: star ? "'except*' statement" : "'except' statement", line: handlerLine)
      handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, range: range(from: handlerStart)))
    }
    let orelse = handlers.isEmpty ? [] : try parseElse()
    var finalbody: [Stmt] = []
    if kind == .kwFinally {
      let finallyLine = tok.line
      advance()
      finalbody = try parseBlock(after: "'finally' statement", line: finallyLine)
    }
    if handlers.isEmpty && finalbody.isEmpty {
      throw error("expected 'except' or 'finally' block")
    }
    return Stmt(
      .try(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody, isStar: isStar ?? false),
      range(from: start))
  }

  // MARK: - Parameters and arguments

  func parseParameter(annotations: Bool, starAnnotation: Bool = false) throws -> Arg {
    let nameToken = try expectName()
    var annotation: Expr?
    if annotations && kind == .colon {
      advance()
      annotation = starAnnotation && kind == .star ? try parseStarExpression() : try parseExpression()
    }
    return Arg(name: text(nameToken), annotation: annotation, range: range(from: nameToken.startLocation))
  }

  func parseParameters(closing: TokenKind, annotations: Bool) throws -> Arguments {
    let a = Arguments()
    var sawSlash = false
    var sawStar = false
    var sawDefault = false
    var bareStar: Token?
    while kind != closing {
      if kind == .slash {
        if sawSlash { throw error("/ may appear only once") }
        if sawStar { throw error("/ must be ahead of *") }
        if a.args.isEmpty { throw error("at least one argument must precede /") }
        a.posonlyargs = a.args
        a.args = []
        sawSlash = true
        advance()
      } else if kind == .star {
        if sawStar { throw error("* argument may appear only once") }
        sawStar = true
        let starToken = tok
        advance()
        if kind == .comma || kind == closing {
          bareStar = starToken
        } else {
          a.vararg = try parseParameter(annotations: annotations, starAnnotation: true)
          if kind == .equal { throw error("var-positional argument cannot have default value") }
        }
      } else if kind == .doubleStar {
        advance()
        a.kwarg = try parseParameter(annotations: annotations)
        if kind == .equal { throw error("var-keyword argument cannot have default value") }
        _ = accept(.comma)
        if kind != closing { throw error("arguments cannot follow var-keyword argument") }
        break
      } else {
        let param = try parseParameter(annotations: annotations)
        var value: Expr?
        if accept(.equal) { value = try parseExpression() }
        if sawStar {
          a.kwonlyargs.append(param)
          a.kwDefaults.append(value)
        } else {
          a.args.append(param)
          if let value {
            a.defaults.append(value)
            sawDefault = true
          } else if sawDefault {
            throw error("non-default argument follows default argument", range: param.range)
          }
        }
      }
      if kind != closing {
        try expect(.comma)
      }
    }
    if let bareStar, a.kwonlyargs.isEmpty {
      throw error("named arguments must follow bare *", at: bareStar)
    }
    return a
  }

  /// Arguments of a call or class bases, after the opening parenthesis; consumes the closing one.
  func parseCallArguments(open: Token, allowGenerator: Bool) throws -> ([Expr], [Keyword]) {
    var args: [Expr] = []
    var keywords: [Keyword] = []
    var sawKeywordUnpacking = false
    while kind != .rpar {
      let start = tok.startLocation
      if kind == .star {
        advance()
        let value = try parseExpression()
        if sawKeywordUnpacking {
          throw error("iterable argument unpacking follows keyword argument unpacking", range: range(from: start))
        }
        args.append(Expr(.starred(value, .load), range(from: start)))
      } else if kind == .doubleStar {
        advance()
        let value = try parseExpression()
        keywords.append(Keyword(name: nil, value: value, range: range(from: start)))
        sawKeywordUnpacking = true
      } else if kind == .name && peekKind(1) == .equal {
        let nameToken = tok
        advance()
        advance()
        let value = try parseExpression()
        keywords.append(Keyword(name: text(nameToken), value: value, range: range(from: start)))
      } else {
        let value = try parseNamedExpression()
        if kind == .equal {
          throw error(
            "expression cannot contain assignment, perhaps you meant \"==\"?",
            range: SourceRange(start: value.range.start, end: tok.endLocation))
        }
        if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
          let generators = try parseComprehensionClauses()
          let isOnly = args.isEmpty && keywords.isEmpty && kind == .rpar
          guard allowGenerator, isOnly else {
            throw error("Generator expression must be parenthesized", range: range(from: start))
          }
          advance()
          let genexp = Expr(
            .generatorExp(value, generators), SourceRange(start: open.startLocation, end: prevEnd))
          return ([genexp], [])
        }
        if !keywords.isEmpty {
          throw error(
            sawKeywordUnpacking
              ? "positional argument follows keyword argument unpacking"
              : "positional argument follows keyword argument",
            range: value.range)
        }
        args.append(value)
      }
      if kind != .rpar { try expect(.comma, "',' or ')'") }
    }
    advance()
    return (args, keywords)
  }

  // MARK: - Expressions

  func startsExpression(_ k: TokenKind) -> Bool {
    switch k {
    case .name, .number, .string, .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .kwNot, .kwLambda, .kwAwait,
      .kwNone, .kwTrue, .kwFalse, .ellipsis, .star, .fstringStart:
      return true
    default:
      return false
    }
  }

  func parseStarExpressions() throws -> Expr {
    let start = tok.startLocation
    let first = try parseStarExpression()
    guard kind == .comma else { return first }
    return try parseStarExpressionsTail(first: first, start: start)
  }

  func parseStarExpressionsTail(first: Expr, start: SourceLocation? = nil) throws -> Expr {
    var elements = [first]
    while accept(.comma) {
      if !startsExpression(kind) { break }
      elements.append(try parseStarExpression())
    }
    return Expr(.tuple(elements, .load), SourceRange(start: start ?? first.range.start, end: prevEnd))
  }

  func parseStarExpression() throws -> Expr {
    if kind == .star {
      let start = tok.startLocation
      advance()
      let value = try parseBitwiseOr()
      return Expr(.starred(value, .load), range(from: start))
    }
    return try parseExpression()
  }

  func parseStarNamedExpression() throws -> Expr {
    if kind == .star {
      let start = tok.startLocation
      advance()
      let value = try parseBitwiseOr()
      return Expr(.starred(value, .load), range(from: start))
    }
    return try parseNamedExpression()
  }

  func parseNamedExpression() throws -> Expr {
    if kind == .name && peekKind(1) == .colonEqual {
      let nameToken = tok
      advance()
      advance()
      let value = try parseExpression()
      let target = Expr(.name(text(nameToken), .store), nameToken.range)
      return Expr(.namedExpr(target: target, value: value), range(from: nameToken.startLocation))
    }
    let e = try parseExpression()
    if kind == .colonEqual {
      throw error("cannot use assignment expressions with \(describe(e))", range: e.range)
    }
    return e
  }

  func parseExpression() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    if kind == .kwLambda { return try parseLambda() }
    let start = tok.startLocation
    let body = try parseDisjunction()
    guard kind == .kwIf else { return body }
    advance()
    let test = try parseDisjunction()
    try expect(.kwElse, "else")
    let orelse = try parseExpression()
    return Expr(.ifExp(test: test, body: body, orelse: orelse), range(from: start))
  }

  func parseLambda() throws -> Expr {
    let start = tok.startLocation
    advance()
    let args = try parseParameters(closing: .colon, annotations: false)
    try expect(.colon)
    let body = try parseExpression()
    return Expr(.lambda(args, body: body), range(from: start))
  }

  func parseYieldExpression() throws -> Expr {
    let start = tok.startLocation
    advance()
    if accept(.kwFrom) {
      let value = try parseExpression()
      return Expr(.yieldFrom(value), range(from: start))
    }
    let value = startsExpression(kind) ? try parseStarExpressions() : nil
    return Expr(.yield(value), range(from: start))
  }

  func parseDisjunction() throws -> Expr {
    let start = tok.startLocation
    let first = try parseConjunction()
    guard kind == .kwOr else { return first }
    var values = [first]
    while accept(.kwOr) { values.append(try parseConjunction()) }
    return Expr(.boolOp(.or, values), range(from: start))
  }

  func parseConjunction() throws -> Expr {
    let start = tok.startLocation
    let first = try parseInversion()
    guard kind == .kwAnd else { return first }
    var values = [first]
    while accept(.kwAnd) { values.append(try parseInversion()) }
    return Expr(.boolOp(.and, values), range(from: start))
  }

  func parseInversion() throws -> Expr {
    if kind == .kwNot {
      try enter()
      defer { depth -= 1 }
      let start = tok.startLocation
      advance()
      let operand = try parseInversion()
      return Expr(.unaryOp(.not, operand), range(from: start))
    }
    return try parseComparison()
  }

  func compareOperator() -> (CompareOperator, Int)? {
    switch kind {
    case .eqEqual: return (.eq, 1)
    case .notEqual: return (.notEq, 1)
    case .less: return (.lt, 1)
    case .lessEqual: return (.ltE, 1)
    case .greater: return (.gt, 1)
    case .greaterEqual: return (.gtE, 1)
    case .kwIn: return (.in, 1)
    case .kwNot: return peekKind(1) == .kwIn ? (.notIn, 2) : nil
    case .kwIs: return peekKind(1) == .kwNot ? (.isNot, 2) : (.is, 1)
    default: return nil
    }
  }

  func parseComparison() throws -> Expr {
    let start = tok.startLocation
    let left = try parseBitwiseOr()
    guard compareOperator() != nil else { return left }
    var ops: [CompareOperator] = []
    var comparators: [Expr] = []
    while let (op, width) = compareOperator() {
      for _ in 0..<width { advance() }
      ops.append(op)
      comparators.append(try parseBitwiseOr())
    }
    return Expr(.compare(left, ops, comparators), range(from: start))
  }

  /// Binary operators by level, loosest first: `|`, `^`, `&`, shifts, `+ -`, `* / // % @`.
  static let binaryLevelCount = 6

  func binaryOperator(_ k: TokenKind, level: Int) -> BinaryOperator? {
    switch (level, k) {
    case (0, .vbar): return .bitOr
    case (1, .circumflex): return .bitXor
    case (2, .amper): return .bitAnd
    case (3, .leftShift): return .lShift
    case (3, .rightShift): return .rShift
    case (4, .plus): return .add
    case (4, .minus): return .sub
    case (5, .star): return .mult
    case (5, .slash): return .div
    case (5, .doubleSlash): return .floorDiv
    case (5, .percent): return .mod
    case (5, .at): return .matMult
    default: return nil
    }
  }

  func parseBitwiseOr() throws -> Expr { try parseBinary(level: 0) }

  /// One left-associative level; each link of a chain counts toward the nesting bound.
  func parseBinary(level: Int) throws -> Expr {
    guard level < Parser.binaryLevelCount else { return try parseFactor() }
    let start = tok.startLocation
    var left = try parseBinary(level: level + 1)
    var chain = 0
    defer { depth -= chain }
    while let op = binaryOperator(kind, level: level) {
      try enter()
      chain += 1
      advance()
      let right = try parseBinary(level: level + 1)
      left = Expr(.binOp(left, op, right), range(from: start))
    }
    return left
  }

  func parseFactor() throws -> Expr {
    let op: UnaryOperator
    switch kind {
    case .plus: op = .uAdd
    case .minus: op = .uSub
    case .tilde: op = .invert
    default: return try parsePower()
    }
    try enter()
    defer { depth -= 1 }
    let start = tok.startLocation
    advance()
    let operand = try parseFactor()
    return Expr(.unaryOp(op, operand), range(from: start))
  }

  func parsePower() throws -> Expr {
    let start = tok.startLocation
    let base = try parseAwaitPrimary()
    guard kind == .doubleStar else { return base }
    try enter()
    defer { depth -= 1 }
    advance()
    let exponent = try parseFactor()
    return Expr(.binOp(base, .pow, exponent), range(from: start))
  }

  func parseAwaitPrimary() throws -> Expr {
    if kind == .kwAwait {
      let start = tok.startLocation
      advance()
      let value = try parsePrimary()
      return Expr(.await(value), range(from: start))
    }
    return try parsePrimary()
  }

  func parsePrimary() throws -> Expr {
    let start = tok.startLocation
    var e = try parseAtom()
    var chain = 0
    defer { depth -= chain }
    while true {
      if kind == .dot || kind == .lpar || kind == .lsqb {
        try enter()
        chain += 1
      }
      switch kind {
      case .dot:
        advance()
        let nameToken = try expectName()
        e = Expr(.attribute(e, text(nameToken), .load), range(from: start))
      case .lpar:
        let open = tok
        advance()
        let (args, keywords) = try parseCallArguments(open: open, allowGenerator: true)
        e = Expr(.call(e, args: args, keywords: keywords), range(from: start))
      case .lsqb:
        advance()
        let slice = try parseSlices()
        try expect(.rsqb)
        e = Expr(.subscript(e, slice, .load), range(from: start))
      default:
        return e
      }
    }
  }

  func parseSlices() throws -> Expr {
    let start = tok.startLocation
    let first = try parseSlice()
    guard kind == .comma else {
      if case .starred = first.kind { return Expr(.tuple([first], .load), range(from: start)) }
      return first
    }
    var elements = [first]
    while accept(.comma) {
      if kind == .rsqb { break }
      elements.append(try parseSlice())
    }
    return Expr(.tuple(elements, .load), range(from: start))
  }

  func parseSlice() throws -> Expr {
    let start = tok.startLocation
    if kind == .star {
      advance()
      let value = try parseBitwiseOr()
      return Expr(.starred(value, .load), range(from: start))
    }
    var lower: Expr?
    if kind != .colon {
      lower = try parseNamedExpression()
      if kind != .colon { return lower! }
      if case .namedExpr = lower!.kind {
        throw error("invalid syntax: an assignment expression in a slice must be parenthesized", range: lower!.range)
      }
    }
    advance()  // ':'
    var upper: Expr?
    var step: Expr?
    if kind != .colon && kind != .comma && kind != .rsqb { upper = try parseExpression() }
    if accept(.colon) {
      if kind != .comma && kind != .rsqb { step = try parseExpression() }
    }
    return Expr(.slice(lower: lower, upper: upper, step: step), range(from: start))
  }

  func parseAtom() throws -> Expr {
    let t = tok
    switch t.kind {
    case .name:
      advance()
      return Expr(.name(text(t), .load), t.range)
    case .kwTrue:
      advance()
      return Expr(.constant(.bool(true), kind: nil), t.range)
    case .kwFalse:
      advance()
      return Expr(.constant(.bool(false), kind: nil), t.range)
    case .kwNone:
      advance()
      return Expr(.constant(.none, kind: nil), t.range)
    case .ellipsis:
      advance()
      return Expr(.constant(.ellipsis, kind: nil), t.range)
    case .number:
      advance()
      return Expr(.constant(try numberValue(t), kind: nil), t.range)
    case .string, .fstringStart:
      return try parseStrings()
    case .lpar:
      return try parseParenthesized()
    case .lsqb:
      return try parseList()
    case .lbrace:
      return try parseBraces()
    default:
      if t.kind == .star {
        throw error("cannot use starred expression here")
      }
      throw invalidSyntax()
    }
  }

  func parseParenthesized() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    let start = tok.startLocation
    advance()
    if accept(.rpar) { return Expr(.tuple([], .load), range(from: start)) }
    if kind == .kwYield {
      let y = try parseYieldExpression()
      try expect(.rpar)
      return y
    }
    let first = try parseStarNamedExpression()
    if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
      if case .starred = first.kind {
        throw error("iterable unpacking cannot be used in comprehension", range: first.range)
      }
      let generators = try parseComprehensionClauses()
      try expect(.rpar)
      return Expr(.generatorExp(first, generators), range(from: start))
    }
    if kind == .rpar {
      advance()
      if case .starred = first.kind { throw error("cannot use starred expression here", range: first.range) }
      return first
    }
    var elements = [first]
    while accept(.comma) {
      if kind == .rpar { break }
      elements.append(try parseStarNamedExpression())
    }
    try expect(.rpar, "')'")
    return Expr(.tuple(elements, .load), range(from: start))
  }

  func parseList() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    let start = tok.startLocation
    advance()
    if accept(.rsqb) { return Expr(.list([], .load), range(from: start)) }
    let first = try parseStarNamedExpression()
    if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
      if case .starred = first.kind {
        throw error("iterable unpacking cannot be used in comprehension", range: first.range)
      }
      let generators = try parseComprehensionClauses()
      try expect(.rsqb)
      return Expr(.listComp(first, generators), range(from: start))
    }
    var elements = [first]
    while accept(.comma) {
      if kind == .rsqb { break }
      elements.append(try parseStarNamedExpression())
    }
    try expect(.rsqb, "']'")
    return Expr(.list(elements, .load), range(from: start))
  }

  func parseBraces() throws -> Expr {
    try enter()
    defer { depth -= 1 }
    let start = tok.startLocation
    advance()
    if accept(.rbrace) { return Expr(.dict(keys: [], values: []), range(from: start)) }
    if kind == .doubleStar {
      return try parseDictTail(start: start, keys: [], values: [])
    }
    let first = try parseStarNamedExpression()
    if kind == .colon {
      if case .starred = first.kind {
        throw error("cannot use a starred expression in a dictionary key", range: first.range)
      }
      advance()
      let value = try parseExpression()
      if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
        let generators = try parseComprehensionClauses()
        try expect(.rbrace)
        return Expr(.dictComp(key: first, value: value, generators), range(from: start))
      }
      return try parseDictTail(start: start, keys: [first], values: [value])
    }
    if kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
      if case .starred = first.kind {
        throw error("iterable unpacking cannot be used in comprehension", range: first.range)
      }
      let generators = try parseComprehensionClauses()
      try expect(.rbrace)
      return Expr(.setComp(first, generators), range(from: start))
    }
    var elements = [first]
    while accept(.comma) {
      if kind == .rbrace { break }
      elements.append(try parseStarNamedExpression())
    }
    try expect(.rbrace, "'}'")
    return Expr(.set(elements), range(from: start))
  }

  func parseDictTail(start: SourceLocation, keys: [Expr?], values: [Expr]) throws -> Expr {
    var keys = keys
    var values = values
    if !keys.isEmpty {
      guard accept(.comma) else {
        try expect(.rbrace, "'}'")
        return Expr(.dict(keys: keys, values: values), range(from: start))
      }
    }
    while kind != .rbrace {
      if accept(.doubleStar) {
        keys.append(nil)
        values.append(try parseBitwiseOr())
      } else {
        keys.append(try parseExpression())
        try expect(.colon, "':'")
        values.append(try parseExpression())
      }
      if kind != .rbrace { try expect(.comma, "',' or '}'") }
    }
    advance()
    return Expr(.dict(keys: keys, values: values), range(from: start))
  }

  func parseComprehensionClauses() throws -> [Comprehension] {
    var result: [Comprehension] = []
    while kind == .kwFor || (kind == .kwAsync && peekKind(1) == .kwFor) {
      let isAsync = accept(.kwAsync)
      advance()  // 'for'
      let target = try parseStarTargets()
      try expect(.kwIn)
      let iter = try parseDisjunction()
      var ifs: [Expr] = []
      while accept(.kwIf) { ifs.append(try parseDisjunction()) }
      result.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
    }
    return result
  }

  // MARK: - Targets

  func parseStarTarget() throws -> Expr {
    if kind == .star {
      let start = tok.startLocation
      advance()
      if kind == .star { throw invalidSyntax() }
      let inner = try parseStarTarget()
      let e = Expr(.starred(inner, .store), range(from: start))
      try setContext(e, .store)
      return e
    }
    let e = try parsePrimary()
    try setContext(e, .store)
    return e
  }

  func parseStarTargets() throws -> Expr {
    let start = tok.startLocation
    let first = try parseStarTarget()
    guard kind == .comma else { return first }
    var elements = [first]
    while accept(.comma) {
      if kind == .kwIn || kind == .equal || !startsExpression(kind) { break }
      elements.append(try parseStarTarget())
    }
    return Expr(.tuple(elements, .store), SourceRange(start: start, end: prevEnd))
  }

  func describe(_ e: Expr) -> String {
    switch e.kind {
    case .boolOp, .binOp, .unaryOp: return "expression"
    case .namedExpr: return "named expression"
    case .lambda: return "lambda"
    case .ifExp: return "conditional expression"
    case .dict: return "dict literal"
    case .set: return "set display"
    case .listComp: return "list comprehension"
    case .setComp: return "set comprehension"
    case .dictComp: return "dict comprehension"
    case .generatorExp: return "generator expression"
    case .await: return "await expression"
    case .yield, .yieldFrom: return "yield expression"
    case .compare: return "comparison"
    case .call: return "function call"
    case .formattedValue, .joinedStr: return "f-string expression"
    case .templateStr, .interpolation: return "t-string expression"
    case .constant(let v, _):
      switch v {
      case .none: return "None"
      case .bool(let b): return b ? "True" : "False"
      case .ellipsis: return "ellipsis"
      default: return "literal"
      }
    case .attribute: return "attribute"
    case .subscript: return "subscript"
    case .starred: return "starred"
    case .name: return "name"
    case .list: return "list"
    case .tuple: return "tuple"
    case .slice: return "slice"
    }
  }

  /// Turns a parsed expression into an assignment or deletion target, as CPython's parser does.
  func setContext(_ e: Expr, _ ctx: ExprContext) throws {
    switch e.kind {
    case .name(let id, _):
      e.kind = .name(id, ctx)
    case .attribute(let v, let attr, _):
      e.kind = .attribute(v, attr, ctx)
    case .subscript(let v, let s, _):
      e.kind = .subscript(v, s, ctx)
    case .starred(let v, _):
      if ctx == .del { throw error("cannot delete starred", range: e.range) }
      try setContext(v, ctx)
      e.kind = .starred(v, ctx)
    case .tuple(let elements, _):
      for x in elements { try setContext(x, ctx) }
      e.kind = .tuple(elements, ctx)
    case .list(let elements, _):
      for x in elements { try setContext(x, ctx) }
      e.kind = .list(elements, ctx)
    default:
      let verb = ctx == .del ? "delete" : "assign to"
      var hint: String?
      if case .compare = e.kind, ctx == .store { hint = "did you mean '=='?" }
      throw error("cannot \(verb) \(describe(e))", range: e.range, hint: hint)
    }
  }

  // MARK: - match

  /// Returns nil (with the position restored) when `match` turns out to be an ordinary name.
  func parseMatchStatement() throws -> Stmt? {
    let save = p
    let saveDepth = depth
    let start = tok.startLocation
    let line = tok.line
    advance()
    let subject: Expr
    do {
      guard startsExpression(kind) else {
        p = save
        return nil
      }
      let subjectStart = tok.startLocation
      let first = try parseStarNamedExpression()
      if kind == .comma {
        var elements = [first]
        while accept(.comma) {
          if kind == .colon { break }
          elements.append(try parseStarNamedExpression())
        }
        subject = Expr(.tuple(elements, .load), SourceRange(start: subjectStart, end: prevEnd))
      } else {
        subject = first
      }
      guard kind == .colon else { throw invalidSyntax() }
    } catch {
      p = save
      depth = saveDepth
      return nil
    }
    advance()
    guard accept(.newline) else {
      throw error("expected a newline and an indented block after 'match' statement on line \(line)")
    }
    guard accept(.indent) else {
      throw error("expected an indented block after 'match' statement on line \(line)")
    }
    var cases: [MatchCase] = []
    while kind != .dedent && kind != .endMarker {
      guard isSoftKeyword(tok, "case") else { throw error("expected 'case' in a 'match' block") }
      let caseLine = tok.line
      advance()
      let pattern = try parsePatterns()
      let guardExpr = accept(.kwIf) ? try parseNamedExpression() : nil
      let body = try parseBlock(after: "'case' statement", line: caseLine)
      cases.append(MatchCase(pattern: pattern, guardExpression: guardExpr, body: body))
    }
    _ = accept(.dedent)
    return Stmt(.match(subject: subject, cases: cases), range(from: start))
  }

  func parsePatterns() throws -> Pattern {
    let start = tok.startLocation
    let first = try parseMaybeStarPattern()
    guard kind == .comma else {
      if case .matchStar = first.kind { return Pattern(.matchSequence([first]), first.range) }
      return first
    }
    var patterns = [first]
    while accept(.comma) {
      if kind == .colon || kind == .kwIf { break }
      patterns.append(try parseMaybeStarPattern())
    }
    return Pattern(.matchSequence(patterns), range(from: start))
  }

  func parseMaybeStarPattern() throws -> Pattern {
    if kind == .star {
      let start = tok.startLocation
      advance()
      let nameToken = try expectName()
      let name = text(nameToken)
      return Pattern(.matchStar(name == "_" ? nil : name), range(from: start))
    }
    return try parsePattern()
  }

  func parsePattern() throws -> Pattern {
    try enter()
    defer { depth -= 1 }
    let start = tok.startLocation
    let orPattern = try parseOrPattern()
    guard accept(.kwAs) else { return orPattern }
    let nameToken = try expectName()
    let name = text(nameToken)
    if name == "_" { throw error("cannot use '_' as a target", at: nameToken) }
    return Pattern(.matchAs(pattern: orPattern, name: name), range(from: start))
  }

  func parseOrPattern() throws -> Pattern {
    let start = tok.startLocation
    let first = try parseClosedPattern()
    guard kind == .vbar else { return first }
    var patterns = [first]
    while accept(.vbar) { patterns.append(try parseClosedPattern()) }
    return Pattern(.matchOr(patterns), range(from: start))
  }

  func parseSignedNumber() throws -> Expr {
    let start = tok.startLocation
    if kind == .minus {
      advance()
      guard kind == .number else { throw invalidSyntax() }
      let t = tok
      advance()
      let value = Expr(.constant(try numberValue(t), kind: nil), t.range)
      return Expr(.unaryOp(.uSub, value), range(from: start))
    }
    guard kind == .number else { throw invalidSyntax() }
    let t = tok
    advance()
    return Expr(.constant(try numberValue(t), kind: nil), t.range)
  }

  /// signed_number, or a complex literal `real ± imag`; also used for mapping keys.
  func parseNumberPatternValue() throws -> Expr {
    let start = tok.startLocation
    let real = try parseSignedNumber()
    guard kind == .plus || kind == .minus else { return real }
    let op: BinaryOperator = kind == .plus ? .add : .sub
    advance()
    guard kind == .number else { throw invalidSyntax() }
    let t = tok
    advance()
    let imag = Expr(.constant(try numberValue(t), kind: nil), t.range)
    guard case .constant(.imaginary, _) = imag.kind else {
      throw error("imaginary number required in complex literal", range: imag.range)
    }
    return Expr(.binOp(real, op, imag), range(from: start))
  }

  func parseNameOrAttribute() throws -> Expr {
    let first = try expectName()
    var e = Expr(.name(text(first), .load), first.range)
    while accept(.dot) {
      let nameToken = try expectName()
      e = Expr(.attribute(e, text(nameToken), .load), range(from: first.startLocation))
    }
    return e
  }

  func parseClosedPattern() throws -> Pattern {
    let start = tok.startLocation
    switch kind {
    case .number, .minus:
      let value = try parseNumberPatternValue()
      return Pattern(.matchValue(value), value.range)
    case .string, .fstringStart:
      let value = try parseStrings()
      switch value.kind {
      case .joinedStr, .templateStr:
        throw error("patterns may only match literals and attribute lookups", range: value.range)
      default: break
      }
      return Pattern(.matchValue(value), value.range)
    case .kwNone:
      advance()
      return Pattern(.matchSingleton(.none), range(from: start))
    case .kwTrue, .kwFalse:
      let b = kind == .kwTrue
      advance()
      return Pattern(.matchSingleton(.bool(b)), range(from: start))
    case .lpar:
      advance()
      if accept(.rpar) { return Pattern(.matchSequence([]), range(from: start)) }
      let first = try parseMaybeStarPattern()
      if kind == .rpar {
        advance()
        if case .matchStar = first.kind { return Pattern(.matchSequence([first]), range(from: start)) }
        return first  // A group: the parentheses are not part of the pattern.
      }
      var patterns = [first]
      while accept(.comma) {
        if kind == .rpar { break }
        patterns.append(try parseMaybeStarPattern())
      }
      try expect(.rpar)
      return Pattern(.matchSequence(patterns), range(from: start))
    case .lsqb:
      advance()
      var patterns: [Pattern] = []
      while kind != .rsqb {
        patterns.append(try parseMaybeStarPattern())
        if kind != .rsqb { try expect(.comma, "',' or ']'") }
      }
      advance()
      return Pattern(.matchSequence(patterns), range(from: start))
    case .lbrace:
      return try parseMappingPattern()
    case .name:
      let nameToken = tok
      if peekKind(1) != .dot && peekKind(1) != .lpar {
        advance()
        let name = text(nameToken)
        return Pattern(.matchAs(pattern: nil, name: name == "_" ? nil : name), nameToken.range)
      }
      let cls = try parseNameOrAttribute()
      if kind == .lpar {
        return try parseClassPattern(cls: cls, start: start)
      }
      return Pattern(.matchValue(cls), cls.range)
    default:
      throw invalidSyntax()
    }
  }

  func parseMappingPattern() throws -> Pattern {
    let start = tok.startLocation
    advance()
    var keys: [Expr] = []
    var patterns: [Pattern] = []
    var rest: String?
    while kind != .rbrace {
      if accept(.doubleStar) {
        rest = text(try expectName())
        _ = accept(.comma)
        break
      }
      let key: Expr
      switch kind {
      case .number, .minus: key = try parseNumberPatternValue()
      case .string, .fstringStart: key = try parseStrings()
      case .kwNone, .kwTrue, .kwFalse: key = try parseAtom()
      case .name: key = try parseNameOrAttribute()
      default: throw invalidSyntax()
      }
      try expect(.colon)
      keys.append(key)
      patterns.append(try parsePattern())
      if kind != .rbrace { try expect(.comma, "',' or '}'") }
    }
    try expect(.rbrace)
    return Pattern(.matchMapping(keys: keys, patterns: patterns, rest: rest), range(from: start))
  }

  func parseClassPattern(cls: Expr, start: SourceLocation) throws -> Pattern {
    advance()  // '('
    var patterns: [Pattern] = []
    var kwdAttrs: [String] = []
    var kwdPatterns: [Pattern] = []
    while kind != .rpar {
      if kind == .name && peekKind(1) == .equal {
        kwdAttrs.append(text(tok))
        advance()
        advance()
        kwdPatterns.append(try parsePattern())
      } else {
        let pat = try parsePattern()
        if !kwdAttrs.isEmpty { throw error("positional patterns follow keyword patterns", range: pat.range) }
        patterns.append(pat)
      }
      if kind != .rpar { try expect(.comma, "',' or ')'") }
    }
    advance()
    return Pattern(
      .matchClass(cls: cls, patterns: patterns, kwdAttrs: kwdAttrs, kwdPatterns: kwdPatterns), range(from: start))
  }
}

final class ResultBox: @unchecked Sendable {
  var result: Result<[Stmt], Error>?
}

/// Runs `body` on a thread with a 64 MiB stack and waits for it. Deep trees need it to be built, and also to be
/// released, since releasing a tree recurses as deep as the tree.
public func runWithLargeStack(_ body: @escaping @Sendable () -> Void) {
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    body()
    done.signal()
  }
  thread.stackSize = largeStackSize
  thread.start()
  done.wait()
}

/// The stack the parser's recursion limit is sized for.
public let largeStackSize = 64 << 20

/// Runs `body(i)` for every `i` in `0..<count` on `threads` long-lived threads with large stacks, each taking
/// the next index as it finishes one; returns when all are done.
public func runOnLargeStacks(count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
  guard count > 0 else { return }
  final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    func take() -> Int {
      lock.lock()
      defer { lock.unlock() }
      next += 1
      return next - 1
    }
  }
  let counter = Counter()
  let workers = max(1, min(threads, count))
  let done = DispatchSemaphore(value: 0)
  for _ in 0..<workers {
    let thread = Thread {
      while true {
        let i = counter.take()
        if i >= count { break }
        body(i)
      }
      done.signal()
    }
    thread.stackSize = largeStackSize
    thread.start()
  }
  for _ in 0..<workers { done.wait() }
}

// MARK: - Python 3.12+ statements: type parameters, `type` aliases; 3.14 `except A, B:`

extension Parser {
  /// `[T: bound = default, *Ts, **P]` after a function or class name (PEP 695, defaults PEP 696).
  func parseTypeParamsIfAny() throws -> [TypeParam] {
    guard kind == .lsqb else { return [] }
    try require(.typeParameterList, at: tok.range)
    advance()
    var params: [TypeParam] = []
    repeat {
      if kind == .rsqb && !params.isEmpty { break }
      params.append(try parseTypeParam())
    } while accept(.comma)
    try expect(.rsqb)
    return params
  }

  func parseTypeParam() throws -> TypeParam {
    let start = tok.startLocation
    let paramKind: TypeParam.Kind = accept(.star) ? .typeVarTuple : accept(.doubleStar) ? .paramSpec : .typeVar
    let name = text(try expectName())
    var bound: Expr?
    if kind == .colon {
      guard paramKind == .typeVar else {
        throw error(
          paramKind == .typeVarTuple ? "cannot use bound with TypeVarTuple" : "cannot use bound with ParamSpec")
      }
      advance()
      bound = try parseExpression()
    }
    var defaultValue: Expr?
    if kind == .equal {
      let equal = tok
      advance()
      let value = paramKind == .typeVarTuple ? try parseStarExpression() : try parseExpression()
      try require(.typeParameterDefault, at: SourceRange(equal.range, value.range))
      defaultValue = value
    }
    return TypeParam(kind: paramKind, name: name, bound: bound, defaultValue: defaultValue, range: range(from: start))
  }

  /// `type X[T] = value`: `type` is a soft keyword, only a keyword when a name follows it.
  func parseTypeAlias() throws -> Stmt {
    let start = tok.startLocation
    let keyword = tok
    advance()
    let nameToken = try expectName()
    try require(.typeAliasStatement, at: SourceRange(keyword.range, nameToken.range))
    let typeParams = try parseTypeParamsIfAny()
    try expect(.equal)
    let value = try parseExpression()
    let name = Expr(.name(text(nameToken), .store), nameToken.range)
    return Stmt(.typeAlias(name: name, typeParams: typeParams, value: value), range(from: start))
  }

  /// `except A, B:` (PEP 758, Python 3.14): a tuple without parentheses, never with `as`.
  func parseUnparenthesizedExceptTypes(first: Expr) throws -> Expr {
    var elements = [first]
    while accept(.comma) {
      if kind == .colon || kind == .kwAs { break }
      elements.append(try parseExpression())
    }
    let tuple = Expr(.tuple(elements, .load), SourceRange(start: first.range.start, end: prevEnd))
    if kind == .kwAs {
      throw error("multiple exception types must be parenthesized when using 'as'", range: tuple.range)
    }
    try require(.exceptWithoutParentheses, at: tuple.range)
    return tuple
  }
}
