import Foundation

/// Reads `#pythran export` lines (and `<module>.pythran` sidecars) into located `ExportSpec` values, accepting
/// exactly what Pythran 0.19's spec reader accepts, with the same meaning. Where Pythran's reading differs from
/// what the text plainly says (text ignored after the list, a skipped `0`), a TL001 warning says what it does.
public enum ExportSpecParser {
  public static let syntaxErrorCode = "TL001"
  /// More flat signatures than this (in one export, or for one of its types) is an error.
  public static let maxAlternatives = 4096

  public struct Result: Sendable {
    public var specs: [ExportSpec] = []
    public var diagnostics: [Diagnostic] = []

    /// The exports grouped by name as Pythran groups them.
    public var table: ExportTable { ExportTable(specs) }
  }

  /// Exports of a parsed module: its comments, then its sidecar `.pythran` file when one exists.
  public static func exports(of module: Module, includeSidecar: Bool = true) -> Result {
    var result = exports(inComments: module.source)
    guard includeSidecar else { return result }
    let path = module.source.path
    if path.hasSuffix(".py") {
      let sidecar = String(path.dropLast(3)) + ".pythran"
      if FileManager.default.fileExists(atPath: sidecar) {
        do {
          let file = try SourceFile.read(path: sidecar)
          let more = exports(inSidecar: file)
          result.specs += more.specs
          result.diagnostics += more.diagnostics
        } catch let d as Diagnostic {
          result.diagnostics.append(d)
        } catch {}
      }
    }
    return result
  }

  /// The comment lines of a module (never a line inside a string or docstring), from the one comment scan.
  /// A file that does not tokenize has no exports to find; thranc and thranlint report its syntax error.
  public static func exports(inComments source: SourceFile) -> Result {
    guard source.bytes.containsBytes(Array("pythran".utf8)) else { return Result() }
    let lines = CommentScan.commentLines(in: source) ?? []
    return exports(in: source, commentLines: lines, sidecar: false, capsuleOverloads: false)
  }

  /// A `.pythran` sidecar: Pythran reads each line starting with `export` as `#pythran export`.
  public static func exports(inSidecar source: SourceFile) -> Result {
    exports(in: source, commentLines: nil, sidecar: true, capsuleOverloads: false)
  }

  /// Export text read as Pythran reads a file, every line starting with `#` a comment (`thranc exports
  /// --batch`); cross-export problems, capsule overloads included, are diagnostics too.
  public static func exports(inText source: SourceFile, sidecar: Bool = false) -> Result {
    exports(in: source, commentLines: nil, sidecar: sidecar, capsuleOverloads: true)
  }

  static func exports(in source: SourceFile, commentLines: Set<Int>?, sidecar: Bool, capsuleOverloads: Bool)
    -> Result
  {
    let stream = SpecStream.read(source, commentLines: commentLines, sidecar: sidecar)
    var result = Result()
    var directives = stream.directives()
    if let first = directives.first, first.first?.kind != .pythran {
      let t = first.first ?? stream.tokens[0]
      result.diagnostics.append(
        Diagnostic(
          message: ExportMessages.notADirective(t.text), range: t.range, path: source.path,
          hint: ExportMessages.notADirectiveHint, code: syntaxErrorCode))
      directives.removeFirst()
    }
    for (index, tokens) in directives.enumerated() {
      var parser = SpecParser(tokens: tokens, zeros: stream.zeros, path: source.path, directive: index)
      parser.parseDirective(into: &result)
    }
    if result.diagnostics.allSatisfy({ $0.severity != .error }) {
      result.diagnostics += result.table.problems(includeCapsuleOverloads: capsuleOverloads)
    }
    return result
  }
}

/// A token of Pythran's spec language: its keywords, its 23 dtypes, names, numbers and punctuation; `crap` is
/// any other single character (Pythran ignores those after the export list).
struct SpecToken: Sendable {
  enum Kind: Equatable, Sendable {
    case pythran, export, order, capsule, ufunc, or, list, type, tuple, set, dict, pkg, slice, str, none
    case dtype(ScalarType)
    case identifier, number, colon, lpar, rpar, lsqb, rsqb, star, question, comma, crap, end
  }

  var kind: Kind
  var text: String
  var range: SourceRange
  /// After a second `#` on a continuation line (`#  str)  # noqa`): plainly a comment to a reader.
  var afterHash = false

  static let keywords: [String: Kind] = [
    "#pythran": .pythran, "export": .export, "order": .order, "capsule": .capsule, "ufunc": .ufunc, "or": .or,
    "list": .list, "type": .type, "tuple": .tuple, "set": .set, "dict": .dict, "pkg": .pkg, "slice": .slice,
    "str": .str, "None": .none,
  ]

  static func word(_ text: String) -> Kind {
    if let k = keywords[text] { return k }
    if let s = ScalarType(rawValue: text), s.isNumeric { return .dtype(s) }
    return .identifier
  }
}

/// The token stream Pythran parses for a whole file: the `pythran` comment lines and the comment lines after
/// them (through blank lines, up to the next code line), with `#` on those following lines read as a blank.
struct SpecStream {
  var tokens: [SpecToken] = []
  /// Where Pythran's lexer silently skipped a `0` (it has no token for one).
  var zeros: [SourceLocation] = []

  static func read(_ source: SourceFile, commentLines: Set<Int>?, sidecar: Bool) -> SpecStream {
    var stream = SpecStream()
    var inExport = false
    for number in 1...max(1, source.lineStarts.count) {
      let units = Unit.decode(source.lineBytes(number))
      let isComment = commentLines.map { $0.contains(number) } ?? true
      if sidecar, let start = Unit.sidecarExport(units) {
        stream.lex(Unit.directive(units, sidecarExport: start), line: number)
        inExport = true
      } else if isComment, Unit.startsDirective(units) {
        stream.lex(Unit.directive(units), line: number)
        inExport = true
      } else if inExport {
        let first = units.first { !$0.isPythonSpace }
        if first?.scalar == "#" && (isComment || sidecar) {
          let hashes = units.indices.filter { units[$0].scalar == "#" }
          let blanked = units.map { $0.scalar == "#" ? Unit(scalar: " ", offset: $0.offset, end: $0.end) : $0 }
          stream.lex(blanked, line: number, commentFrom: hashes.count > 1 ? units[hashes[1]].offset : nil)
        } else {
          inExport = first == nil
        }
      }
    }
    return stream
  }

  /// The tokens from each `#pythran` to the next; a first group not starting with one is an error.
  func directives() -> [[SpecToken]] {
    var groups: [[SpecToken]] = []
    for t in tokens {
      if t.kind == .pythran || groups.isEmpty { groups.append([]) }
      groups[groups.count - 1].append(t)
    }
    return groups
  }

  mutating func lex(_ units: [Unit], line: Int, commentFrom: Int? = nil) {
    let first = tokens.count
    defer {
      if let commentFrom {
        for k in first..<tokens.count where Int(tokens[k].range.start.column) > commentFrom {
          tokens[k].afterHash = true
        }
      }
    }
    var i = 0
    func range(_ a: Int, _ b: Int) -> SourceRange {
      SourceRange(
        start: SourceLocation(line: Int32(line), column: Int32(units[a].offset)),
        end: SourceLocation(line: Int32(line), column: Int32(units[b - 1].end)))
    }
    func text(_ a: Int, _ b: Int) -> String {
      var s = String.UnicodeScalarView()
      s.append(contentsOf: units[a..<b].map(\.scalar))
      return String(s)
    }
    while i < units.count {
      let c = units[i].scalar
      let start = i
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        i += 1
        continue
      }
      if c == "0" {
        zeros.append(SourceLocation(line: Int32(line), column: Int32(units[i].offset)))
        i += 1
        continue
      }
      let kind: SpecToken.Kind
      if Unit.isNameStart(c) || (c == "#" && i + 1 < units.count && Unit.isNameStart(units[i + 1].scalar)) {
        i += 1
        while i < units.count, Unit.isNameStart(units[i].scalar) || Unit.isDigit(units[i].scalar) { i += 1 }
        kind = SpecToken.word(text(start, i))
      } else if Unit.isDigit(c) {
        while i < units.count, Unit.isDigit(units[i].scalar) { i += 1 }
        kind = .number
      } else {
        i += 1
        let punctuation: [Unicode.Scalar: SpecToken.Kind] = [
          "(": .lpar, ")": .rpar, "[": .lsqb, "]": .rsqb, ",": .comma, ":": .colon, "*": .star, "?": .question,
        ]
        kind = punctuation[c] ?? .crap
      }
      tokens.append(SpecToken(kind: kind, text: text(start, i), range: range(start, i)))
    }
  }
}

/// One code point of a line with its UTF-8 byte span (an undecodable byte is one U+FFFD unit).
struct Unit {
  var scalar: Unicode.Scalar
  var offset: Int
  var end: Int

  static func decode(_ bytes: ArraySlice<UInt8>) -> [Unit] {
    var units: [Unit] = []
    var i = bytes.startIndex
    let base = bytes.startIndex
    while i < bytes.endIndex {
      let b = bytes[i]
      let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
      var value = UInt32(length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07)
      var ok = length > 0 && i + length <= bytes.endIndex
      if ok {
        for k in 1..<max(length, 1) {
          let c = bytes[i + k]
          if c & 0xC0 != 0x80 { ok = false }
          value = value << 6 | UInt32(c & 0x3F)
        }
      }
      let scalar = ok ? Unicode.Scalar(value) : nil
      let size = scalar == nil ? 1 : length
      units.append(Unit(scalar: scalar ?? "\u{FFFD}", offset: i - base, end: i - base + size))
      i += size
    }
    return units
  }

  static func isNameStart(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
  }

  static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  /// Python's `\s` / `str.isspace` for one code point.
  var isPythonSpace: Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
      return true
    default: return false
    }
  }

  /// Matches `\s*#\s*pythran` at `i`: the offsets of `#` and of the `p`.
  static func directiveMark(_ units: [Unit], at i: Int) -> (hash: Int, word: Int)? {
    var j = i
    while j < units.count, units[j].isPythonSpace { j += 1 }
    guard j < units.count, units[j].scalar == "#" else { return nil }
    var k = j + 1
    while k < units.count, units[k].isPythonSpace { k += 1 }
    let word = Array("pythran".unicodeScalars)
    guard k + word.count <= units.count, units[k..<(k + word.count)].map(\.scalar) == word else { return nil }
    return (j, k)
  }

  static func startsDirective(_ units: [Unit]) -> Bool { directiveMark(units, at: 0) != nil }

  /// A sidecar line matching `^\s*export`: where `export` starts.
  static func sidecarExport(_ units: [Unit]) -> Int? {
    var j = 0
    while j < units.count, units[j].isPythonSpace { j += 1 }
    let word = Array("export".unicodeScalars)
    guard j + word.count <= units.count, units[j..<(j + word.count)].map(\.scalar) == word else { return nil }
    return j
  }

  /// A directive line as Pythran rewrites it: each `\s*#\s*pythran` becomes `#pythran`; a sidecar line
  /// (`sidecarExport` given) gets a `#pythran` in front of its `export`, located on the `e`.
  static func directive(_ units: [Unit], sidecarExport: Int? = nil) -> [Unit] {
    var out: [Unit] = []
    var i = 0
    if let start = sidecarExport, start < units.count {
      let at = units[start]
      out += "#pythran ".unicodeScalars.map { Unit(scalar: $0, offset: at.offset, end: at.offset) }
      i = start
    }
    while i < units.count {
      if let (hash, word) = directiveMark(units, at: i) {
        out.append(units[hash])
        out += units[word..<(word + 7)]
        i = word + 7
      } else {
        out.append(units[i])
        i += 1
      }
    }
    return out
  }
}

struct SpecError: Error {
  var diagnostic: Diagnostic
}

/// Recursive descent over one directive's tokens, following the precedences of Pythran's LALR grammar: `or`
/// binds loosest, `list`/`set` bind to the nearest type, and `(...)` and `:V dict` apply to all that precedes.
struct SpecParser {
  var tokens: [SpecToken]
  var p = 0
  let path: String
  let directive: Int
  let zeros: [SourceLocation]
  var warnings: [Diagnostic] = []
  /// `parseType` calls in progress: bounded so that `((((...` cannot exhaust the stack.
  var depth = 0
  /// Types nested deeper are refused: parsing, printing, comparing and freeing them all recurse, on whatever
  /// thread the caller has (a test's or a worker's small stack too).
  static let maxNesting = 200

  init(tokens: [SpecToken], zeros: [SourceLocation], path: String, directive: Int) {
    self.tokens = tokens
    self.path = path
    self.directive = directive
    let endLoc = tokens.last?.range.end ?? SourceLocation(line: 1, column: 0)
    self.tokens.append(SpecToken(kind: .end, text: "", range: SourceRange(start: endLoc, end: endLoc)))
    self.zeros = zeros
  }

  var tok: SpecToken { tokens[p] }
  var previous: SpecToken { tokens[max(p - 1, 0)] }

  mutating func advance() {
    if p < tokens.count - 1 { p += 1 }
  }

  func fail(_ message: String, _ t: SpecToken? = nil, hint: String? = nil) -> SpecError {
    let t = t ?? tok
    return SpecError(
      diagnostic: Diagnostic(
        message: message, range: t.range, path: path, hint: hint, code: ExportSpecParser.syntaxErrorCode))
  }

  mutating func warn(_ message: String, _ range: SourceRange, hint: String? = nil) {
    warnings.append(
      Diagnostic(
        severity: .warning, message: message, range: range, path: path, hint: hint,
        code: ExportSpecParser.syntaxErrorCode))
  }

  func found(_ t: SpecToken) -> String {
    t.kind == .end ? "the end of the export" : "'\(t.text)'"
  }

  mutating func expect(_ kind: SpecToken.Kind, _ what: String) throws(SpecError) {
    guard tok.kind == kind else { throw fail(ExportMessages.expected(what, found(tok))) }
    advance()
  }

  func range(from start: SourceLocation) -> SourceRange {
    SourceRange(start: start, end: previous.range.end)
  }

  mutating func parseDirective(into result: inout ExportSpecParser.Result) {
    do {
      advance()  // #pythran
      guard tok.kind == .export else {
        let near = tok.kind == .identifier && editDistance(tok.text, "export") <= 2
        throw fail(
          ExportMessages.expectedExport(found(tok)),
          hint: near ? "did you mean 'export'?" : ExportMessages.notADirectiveHint)
      }
      advance()
      let isCapsule = tok.kind == .capsule
      let isUfunc = tok.kind == .ufunc
      let keyword = tok.range.start
      if isCapsule || isUfunc { advance() }
      var specs: [ExportSpec] = []
      while true {
        var spec = try parseExport(capsule: isCapsule, ufunc: isUfunc)
        // The first export of `capsule f(...), g(...)` reads as `capsule f(...)`: its range takes the keyword.
        if specs.isEmpty, isCapsule || isUfunc { spec.range.start = keyword }
        specs.append(spec)
        guard tok.kind == .comma else { break }
        advance()
      }
      let last = previous
      if tok.kind == .lpar {
        throw fail(ExportMessages.parenthesisAfterList, hint: ExportMessages.parenthesisAfterListHint)
      }
      if tok.kind != .end, tok.range.start.line == last.range.end.line, !tok.text.hasPrefix("#"),
        !tok.afterHash
      {
        warn(ExportMessages.ignoredAfterList(last.text), tok.range, hint: ExportMessages.ignoredAfterListHint)
      }
      warnSkippedZeros(until: last.range.end)
      result.specs += specs
      result.diagnostics += warnings
    } catch let e as SpecError {
      result.diagnostics.append(e.diagnostic)
    } catch {
      result.diagnostics.append(fail("internal error: \(error)").diagnostic)
    }
  }

  mutating func warnSkippedZeros(until end: SourceLocation) {
    guard let start = tokens.first?.range.start else { return }
    for zero in zeros where zero > start && zero < end {
      warn(
        ExportMessages.skippedZero,
        SourceRange(start: zero, end: SourceLocation(line: zero.line, column: zero.column + 1)),
        hint: ExportMessages.skippedZeroHint)
    }
  }

  mutating func parseExport(capsule: Bool, ufunc: Bool) throws(SpecError) -> ExportSpec {
    let nameToken = tok
    switch tok.kind {
    case .identifier, .export, .order: advance()
    default: throw fail(ExportMessages.expectedName(found(tok)))
    }
    guard tok.kind == .lpar else {
      if nameToken.kind != .identifier { throw fail(ExportMessages.expected("'('", found(tok))) }
      return ExportSpec(
        name: nameToken.text, nameRange: nameToken.range, isCapsule: capsule, isUfunc: ufunc, arguments: nil,
        range: nameToken.range, path: path, directive: directive)
    }
    if tok.range.start.line != nameToken.range.end.line, nameToken.kind == .identifier {
      // `#pythran export CONSTANT` then `# (a remark)`: Pythran reads a function signature.
      warn(ExportMessages.signatureOnNextLine(nameToken.text), tok.range)
    }
    advance()
    let args = try parseParameters()
    try expect(.rpar, "',' or ')' after an argument type")
    let spec = ExportSpec(
      name: nameToken.text, nameRange: nameToken.range, isCapsule: capsule, isUfunc: ufunc, arguments: args,
      range: range(from: nameToken.range.start), path: path, directive: directive)
    guard spec.signatureCount(limit: ExportSpecParser.maxAlternatives) != nil else {
      throw fail(ExportMessages.tooManyAlternatives(ExportSpecParser.maxAlternatives), nameToken)
    }
    return spec
  }

  mutating func parseParameters() throws(SpecError) -> [ExportArgument] {
    var args: [ExportArgument] = []
    guard tok.kind != .rpar else { return args }
    while true {
      let start = tok.range.start
      if tok.kind == .identifier {
        let name = tok
        advance()
        guard tok.kind == .pkg else {
          throw fail(ExportMessages.unknownType(name.text), name, hint: ExportMessages.typeHint(name.text))
        }
        advance()
        args.append(
          ExportArgument(
            type: SpecType(.package(name.text), range: range(from: start)), isOptional: false, range: range(from: start)
          ))
      } else {
        let type = try parseType()
        let optional = tok.kind == .question
        if optional { advance() }
        args.append(ExportArgument(type: type, isOptional: optional, range: range(from: start)))
        if optional {
          if tok.kind == .comma {
            advance()
            try parseDefaults(into: &args)
          }
          return args
        }
      }
      guard tok.kind == .comma else { return args }
      advance()
      if tok.kind == .rpar { return args }
    }
  }

  /// After a `?` argument, every argument is optional, and no ',' may end the list.
  mutating func parseDefaults(into args: inout [ExportArgument]) throws(SpecError) {
    while true {
      let first = tok
      let start = tok.range.start
      let type = try parseType()
      guard tok.kind == .question else {
        throw fail(ExportMessages.requiredAfterOptional, first, hint: ExportMessages.requiredAfterOptionalHint)
      }
      advance()
      args.append(ExportArgument(type: type, isOptional: true, range: range(from: start)))
      guard tok.kind == .comma else { return }
      advance()
    }
  }

  /// One or more types separated by ',' (no trailing ','), as in a tuple or a function's parameters.
  mutating func parseTypes() throws(SpecError) -> [SpecType] {
    var types = [try parseType()]
    while tok.kind == .comma {
      advance()
      types.append(try parseType())
    }
    return types
  }

  mutating func parseType() throws(SpecError) -> SpecType {
    let start = tok.range.start
    depth += 1
    defer { depth -= 1 }
    if depth > SpecParser.maxNesting {
      throw fail(ExportMessages.tooDeep(SpecParser.maxNesting), hint: ExportMessages.tooDeepHint)
    }
    var t = try parsePrimary()
    while true {
      // `T list list ...` and `R(A)(B)...` nest without recursing: their depth is checked as they grow.
      if t.height(limit: SpecParser.maxNesting) > SpecParser.maxNesting {
        throw fail(ExportMessages.tooDeep(SpecParser.maxNesting), previous, hint: ExportMessages.tooDeepHint)
      }
      switch tok.kind {
      case .list:
        advance()
        t = SpecType(.list(t), range: range(from: start))
      case .set:
        advance()
        t = SpecType(.set(t), range: range(from: start))
      case .lpar:
        advance()
        let parameters = tok.kind == .rpar ? [] : try parseTypes()
        try expect(.rpar, "',' or ')' after a parameter type")
        t = SpecType(.function(returns: t, parameters: parameters), range: range(from: start))
        warnFunctionReading(t)
      case .colon:
        advance()
        let value = try parseType()
        guard tok.kind == .dict else {
          throw fail(ExportMessages.expected("'dict' after '\(t):\(value)'", found(tok)), hint: ExportMessages.dictHint)
        }
        advance()
        t = SpecType(.dict(t, value), range: range(from: start))
      case .or:
        advance()
        let rhsStart = tok.range.start
        var rhs = try parsePrimary()
        while tok.kind == .list || tok.kind == .set {
          let isList = tok.kind == .list
          advance()
          rhs = SpecType(isList ? .list(rhs) : .set(rhs), range: range(from: rhsStart))
          if rhs.height(limit: SpecParser.maxNesting) > SpecParser.maxNesting {
            throw fail(ExportMessages.tooDeep(SpecParser.maxNesting), previous, hint: ExportMessages.tooDeepHint)
          }
        }
        var parts: [SpecType] = [t]
        if case .union(let ts) = t.kind { parts = ts }
        t = SpecType(.union(parts + [rhs]), range: range(from: start))
      default:
        return t
      }
    }
  }

  mutating func warnFunctionReading(_ t: SpecType) {
    guard case .function(_, let ps) = t.kind else { return }
    if ps.isEmpty {
      warn(ExportMessages.emptyFunction(t.description), t.range, hint: ExportMessages.emptyFunctionHint)
      return
    }
    let parameters = SpecType(.tuple(ps), range: t.range).alternativeCount(limit: ExportSpecParser.maxAlternatives)
    guard parameters.map({ $0 > 1 }) ?? true else { return }
    let shown = t.alternativeCount(limit: 4) != nil ? t.alternatives().map(\.description) : []
    warn(
      ExportMessages.functionProduct(
        t.description, shown.isEmpty ? "the product of its alternatives" : shown.joined(separator: "', '")),
      t.range, hint: ExportMessages.functionProductHint)
  }

  mutating func parsePrimary() throws(SpecError) -> SpecType {
    let t = tok
    let start = t.range.start
    switch t.kind {
    case .dtype(let s):
      advance()
      if tok.kind == .type { return try parseTypeObject(first: SpecType(.scalar(s), range: t.range), start: start) }
      if tok.kind == .star {
        advance()
        return SpecType(.pointer(SpecType(.scalar(s), range: t.range)), range: range(from: start))
      }
      if tok.kind == .lsqb || tok.kind == .order { return try parseArray(s, start: start) }
      return SpecType(.scalar(s), range: t.range)
    case .str, .none, .slice:
      advance()
      let s: ScalarType = t.kind == .str ? .str : t.kind == .none ? .none : .slice
      let scalar = SpecType(.scalar(s), range: t.range)
      return tok.kind == .type ? try parseTypeObject(first: scalar, start: start) : scalar
    case .list, .set, .dict, .tuple:
      advance()
      let container = SpecType(.container(ContainerName(rawValue: t.text) ?? .list), range: t.range)
      return try parseTypeObject(first: container, start: start)
    case .lpar:
      advance()
      let elements = try parseTypes()
      try expect(.rpar, "',' or ')' in a tuple type")
      let tuple = SpecType(.tuple(elements), range: range(from: start))
      if elements.count == 1, case .union = elements[0].kind {
        warn(
          ExportMessages.parenthesizedUnion(elements[0].description), tuple.range,
          hint: ExportMessages.parenthesizedUnionHint(elements[0].description))
      }
      return tuple
    case .lsqb:
      advance()
      var inner = try parseType()
      try expect(.rsqb, "']' after a grouped type")
      inner.range = range(from: start)
      return inner
    case .identifier:
      throw fail(ExportMessages.unknownType(t.text), t, hint: ExportMessages.typeHint(t.text))
    default:
      throw fail(ExportMessages.expected("a type", found(t)))
    }
  }

  /// `T type`, `list or int type`, `int type type`: type objects (Pythran's `generic_type TYPE`).
  mutating func parseTypeObject(first: SpecType, start: SourceLocation) throws(SpecError) -> SpecType {
    var alternatives = [first]
    var wrapped: SpecType?
    while true {
      if tok.kind == .type {
        advance()
        let inner =
          wrapped ?? (alternatives.count == 1 ? first : SpecType(.union(alternatives), range: range(from: start)))
        wrapped = SpecType(.typeObject(inner), range: range(from: start))
        if inner.height(limit: SpecParser.maxNesting) >= SpecParser.maxNesting {
          throw fail(ExportMessages.tooDeep(SpecParser.maxNesting), previous, hint: ExportMessages.tooDeepHint)
        }
      } else if tok.kind == .or, wrapped == nil {
        advance()
        let t = tok
        switch t.kind {
        case .dtype(let s): alternatives.append(SpecType(.scalar(s), range: t.range))
        case .str: alternatives.append(SpecType(.scalar(.str), range: t.range))
        case .none: alternatives.append(SpecType(.scalar(.none), range: t.range))
        case .slice: alternatives.append(SpecType(.scalar(.slice), range: t.range))
        case .list, .set, .dict, .tuple:
          alternatives.append(SpecType(.container(ContainerName(rawValue: t.text) ?? .list), range: t.range))
        default: throw fail(ExportMessages.expected("a type name before 'type'", found(t)))
        }
        advance()
      } else {
        break
      }
    }
    guard let wrapped else {
      throw fail(
        ExportMessages.expected(
          "'type' after '\(alternatives.map(\.description).joined(separator: " or "))'", found(tok)),
        hint: ExportMessages.containerHint)
    }
    return wrapped
  }

  mutating func parseArray(_ s: ScalarType, start: SourceLocation) throws(SpecError) -> SpecType {
    var dims: [ArrayDimension] = []
    while tok.kind == .lsqb { dims += try parseDimensions() }
    var order: ArrayOrder?
    if tok.kind == .order {
      let orderToken = tok
      advance()
      try expect(.lpar, "'(' after 'order'")
      guard tok.kind == .identifier, "CF".contains(tok.text) else {
        throw fail(ExportMessages.expected("'C' or 'F' in 'order(...)'", found(tok)))
      }
      if tok.text == "CF" { warn(ExportMessages.orderCF, tok.range) }
      order = tok.text == "F" ? .f : .c
      advance()
      try expect(.rpar, "')' after the order")
      if order == .f, !SpecType.isTransposable(dims) {
        throw fail(ExportMessages.fortranOrder, orderToken, hint: ExportMessages.fortranOrderHint)
      }
      if order == .f, dims.contains(where: { if case .fixed = $0 { true } else { false } }) {
        warn(ExportMessages.fortranExtents, range(from: start))
      }
    }
    if dims.isEmpty { return SpecType(.scalar(s), range: range(from: start)) }
    return SpecType(.array(s, dims: dims, order: order), range: range(from: start))
  }

  mutating func parseDimensions() throws(SpecError) -> [ArrayDimension] {
    advance()  // '['
    var dims: [ArrayDimension] = []
    while true {
      if tok.kind == .number {
        guard let n = Int(tok.text) else { throw fail(ExportMessages.extentTooLarge(tok.text)) }
        dims.append(.fixed(n))
        advance()
      } else if tok.kind == .colon {
        advance()
        if tok.kind == .colon {
          advance()
          dims.append(.strided)
        } else {
          dims.append(.any)
        }
      } else {
        dims.append(.any)
      }
      if tok.kind == .comma {
        advance()
        continue
      }
      try expect(.rsqb, "',' or ']' in array dimensions")
      return dims
    }
  }
}

public func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.lowercased().utf8)
  let y = Array(b.lowercased().utf8)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var row = Array(0...y.count)
  for i in 1...x.count {
    var prev = row[0]
    row[0] = i
    for j in 1...y.count {
      let cur = row[j]
      row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[y.count]
}
