import Foundation

/// Reads `#pythran export` lines (and `<module>.pythran` sidecars) into located `ExportSpec` values.
/// Stricter than Pythran: anything it cannot read exactly is a TL001 diagnostic, never a silent change.
public enum ExportSpecParser {
  public static let syntaxErrorCode = "TL001"

  public struct Result: Sendable {
    public var specs: [ExportSpec] = []
    public var diagnostics: [Diagnostic] = []
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

  /// Lines holding only a comment token (never a line inside a string or docstring), from the one comment scan.
  /// A file that does not tokenize has no exports to find; thranc and thranlint report its syntax error.
  static func commentLines(_ source: SourceFile) -> Set<Int> {
    CommentScan.commentLines(in: source) ?? []
  }

  public static func exports(inComments source: SourceFile) -> Result {
    // Cheap filter: most files never mention pythran.
    let key = Array("pythran".utf8)
    guard source.bytes.containsBytes(key) else { return Result() }
    let commentLines = commentLines(source)
    var lines: [Line] = []
    for number in 1...source.lineStarts.count {
      let bytes = Array(source.lineBytes(number))
      lines.append(Line(number: number, bytes: bytes))
    }
    var result = Result()
    var i = 0
    while i < lines.count {
      let line = lines[i]
      guard commentLines.contains(line.number), let bodyStart = line.pythranDirectiveStart else {
        i += 1
        continue
      }
      var segments = [Segment(line: line.number, bytes: line.bytes, start: bodyStart)]
      var j = i + 1
      // Continuation: following comment lines, while the export is visibly unfinished.
      while needsContinuation(segments), j < lines.count, let c = lines[j].commentStart,
        commentLines.contains(lines[j].number), lines[j].pythranDirectiveStart == nil
      {
        segments.append(Segment(line: lines[j].number, bytes: lines[j].bytes, start: c))
        j += 1
      }
      var parser = SpecLineParser(segments: segments, path: source.path)
      parser.parseDirective(into: &result)
      // Pythran would read a following comment line that starts with '(' as part of this export.
      if j < lines.count, commentLines.contains(lines[j].number), let c = lines[j].commentStart,
        lines[j].pythranDirectiveStart == nil
      {
        var k = c
        let b = lines[j].bytes
        while k < b.count, b[k] == 32 || b[k] == 9 { k += 1 }
        if k < b.count, b[k] == UInt8(ascii: "(") {
          let loc = SourceLocation(line: Int32(lines[j].number), column: Int32(k))
          result.diagnostics.append(
            Diagnostic(
              message: "comment line starting with '(' right after an export: Pythran reads it as part of the export",
              location: loc, path: source.path,
              hint: "reword the comment, or put a blank line between the export and it", code: syntaxErrorCode))
        }
      }
      i = j
    }
    return result
  }

  /// A `.pythran` sidecar: `export ...` lines, `#` comments, continuation while brackets are open.
  public static func exports(inSidecar source: SourceFile) -> Result {
    var result = Result()
    var number = 1
    let count = source.lineStarts.count
    while number <= count {
      let bytes = Array(source.lineBytes(number))
      var k = 0
      while k < bytes.count, bytes[k] == 32 || bytes[k] == 9 { k += 1 }
      if k >= bytes.count || bytes[k] == UInt8(ascii: "#") {
        number += 1
        continue
      }
      var segments = [Segment(line: number, bytes: bytes, start: k)]
      number += 1
      while needsContinuation(segments), number <= count {
        segments.append(Segment(line: number, bytes: Array(source.lineBytes(number)), start: 0))
        number += 1
      }
      var parser = SpecLineParser(segments: segments, path: source.path)
      parser.parseDirective(into: &result)
    }
    return result
  }

  static func needsContinuation(_ segments: [Segment]) -> Bool {
    var depth = 0
    var last: SpecToken.Kind?
    var lastText = ""
    for seg in segments {
      var lexer = SpecLexer(segment: seg)
      while let t = lexer.next() {
        switch t.kind {
        case .lpar, .lsqb: depth += 1
        case .rpar, .rsqb: depth -= 1
        default: break
        }
        last = t.kind
        lastText = t.text
      }
    }
    return depth > 0 || last == .comma || last == .colon || (last == .name && lastText == "or")
  }
}

struct Line {
  var number: Int
  var bytes: [UInt8]

  /// Offset of the first byte after `#`, when the line is only a comment.
  var commentStart: Int? {
    var k = 0
    while k < bytes.count, bytes[k] == 32 || bytes[k] == 9 || bytes[k] == 12 { k += 1 }
    guard k < bytes.count, bytes[k] == UInt8(ascii: "#") else { return nil }
    return k + 1
  }

  /// For a line matching `^\s*#\s*pythran\b`, the offset just after `pythran`.
  var pythranDirectiveStart: Int? {
    guard var k = commentStart else { return nil }
    while k < bytes.count, bytes[k] == 32 || bytes[k] == 9 { k += 1 }
    let word = Array("pythran".utf8)
    guard k + word.count <= bytes.count, Array(bytes[k..<(k + word.count)]) == word else { return nil }
    let after = k + word.count
    if after < bytes.count, SpecLexer.isNameByte(bytes[after]) { return nil }
    // Only `export` (or a near miss such as `exprot`) makes a directive: "# pythran specific" is prose.
    var w = after
    while w < bytes.count, bytes[w] == 32 || bytes[w] == 9 { w += 1 }
    var e = w
    while e < bytes.count, SpecLexer.isNameByte(bytes[e]) { e += 1 }
    let next = String(decoding: bytes[w..<e], as: UTF8.self)
    guard !next.isEmpty, editDistance(next, "export") <= 2 else { return nil }
    return after
  }
}

struct Segment {
  var line: Int
  var bytes: [UInt8]
  var start: Int
}

struct SpecToken {
  enum Kind { case name, number, lpar, rpar, lsqb, rsqb, comma, colon, star, question, other, end }
  var kind: Kind
  var text: String
  var range: SourceRange
}

struct SpecLexer {
  let segment: Segment
  var pos: Int

  init(segment: Segment) {
    self.segment = segment
    self.pos = segment.start
  }

  static func isNameByte(_ c: UInt8) -> Bool {
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || (c >= 48 && c <= 57)
  }

  mutating func next() -> SpecToken? {
    let b = segment.bytes
    while pos < b.count, b[pos] == 32 || b[pos] == 9 || b[pos] == 12 { pos += 1 }
    // A '#' ends the export text: what follows (`# noqa: TL203`) is a comment.
    guard pos < b.count, b[pos] != UInt8(ascii: "#") else { return nil }
    let start = pos
    let c = b[pos]
    let kind: SpecToken.Kind
    if SpecLexer.isNameByte(c) && !(c >= 48 && c <= 57) {
      while pos < b.count, SpecLexer.isNameByte(b[pos]) { pos += 1 }
      kind = .name
    } else if c >= 48 && c <= 57 {
      while pos < b.count, SpecLexer.isNameByte(b[pos]) { pos += 1 }
      kind = .number
    } else {
      pos += 1
      switch c {
      case UInt8(ascii: "("): kind = .lpar
      case UInt8(ascii: ")"): kind = .rpar
      case UInt8(ascii: "["): kind = .lsqb
      case UInt8(ascii: "]"): kind = .rsqb
      case UInt8(ascii: ","): kind = .comma
      case UInt8(ascii: ":"): kind = .colon
      case UInt8(ascii: "*"): kind = .star
      case UInt8(ascii: "?"): kind = .question
      default:
        while pos < b.count, b[pos] & 0xC0 == 0x80 { pos += 1 }
        kind = .other
      }
    }
    let line = Int32(segment.line)
    return SpecToken(
      kind: kind, text: String(decoding: b[start..<pos], as: UTF8.self),
      range: SourceRange(
        start: SourceLocation(line: line, column: Int32(start)), end: SourceLocation(line: line, column: Int32(pos))))
  }
}

struct SpecError: Error {
  var diagnostic: Diagnostic
}

/// Recursive descent over the tokens of one directive (possibly spread over continuation lines).
struct SpecLineParser {
  var tokens: [SpecToken] = []
  var p = 0
  let path: String

  init(segments: [Segment], path: String) {
    self.path = path
    for seg in segments {
      var lexer = SpecLexer(segment: seg)
      while let t = lexer.next() { tokens.append(t) }
    }
    let endLoc = tokens.last?.range.end ?? SourceLocation(line: Int32(segments.first?.line ?? 1), column: 0)
    tokens.append(SpecToken(kind: .end, text: "", range: SourceRange(start: endLoc, end: endLoc)))
  }

  var tok: SpecToken { tokens[p] }

  mutating func advance() {
    if p < tokens.count - 1 { p += 1 }
  }

  func fail(_ message: String, _ t: SpecToken? = nil, hint: String? = nil) -> SpecError {
    let t = t ?? tok
    return SpecError(
      diagnostic: Diagnostic(
        message: message, range: t.range, path: path, hint: hint, code: ExportSpecParser.syntaxErrorCode))
  }

  func found(_ t: SpecToken) -> String {
    t.kind == .end ? "the end of the line" : "'\(t.text)'"
  }

  mutating func parseDirective(into result: inout ExportSpecParser.Result) {
    do {
      guard tok.kind == .name, tok.text == "export" else {
        let hint = tok.kind == .name && editDistance(tok.text, "export") <= 2 ? "did you mean 'export'?" : nil
        throw fail("unknown pythran directive \(found(tok)); expected 'export'", hint: hint)
      }
      advance()
      if tok.kind == .end { throw fail("expected an exported name after 'export'") }
      var specs: [ExportSpec] = []
      while true {
        specs.append(try parseExport())
        if tok.kind == .comma {
          advance()
          continue
        }
        if tok.kind == .end { break }
        let hint =
          tok.kind == .lpar
          ? "a comment line starting with '(' continues the export in Pythran; reword it"
          : "separate exports with ',' and put comments after '#'"
        throw fail("unexpected \(found(tok)) after the export list", hint: hint)
      }
      result.specs += specs
    } catch let e as SpecError {
      result.diagnostics.append(e.diagnostic)
    } catch {
      result.diagnostics.append(fail("internal error: \(error)").diagnostic)
    }
  }

  mutating func parseExport() throws(SpecError) -> ExportSpec {
    var isCapsule = false
    guard tok.kind == .name else { throw fail("expected a function or global name, found \(found(tok))") }
    var nameToken = tok
    let start = tok.range.start
    advance()
    if nameToken.text == "capsule" && tok.kind == .name {
      isCapsule = true
      nameToken = tok
      advance()
    }
    guard tok.kind == .lpar else {
      if isCapsule { throw fail("a capsule export needs an argument list, found \(found(tok))") }
      return ExportSpec(
        name: nameToken.text, nameRange: nameToken.range, isCapsule: false, arguments: nil,
        range: nameToken.range, path: path)
    }
    advance()
    var args: [ExportArgument] = []
    if tok.kind != .rpar {
      while true {
        let argStart = tok.range.start
        let type = try parseType()
        var optional = false
        if tok.kind == .question {
          optional = true
          advance()
        }
        if !optional, let previous = args.last, previous.isOptional {
          throw fail(
            "a required argument follows an optional one", SpecToken(kind: .name, text: "", range: type.range),
            hint: "only trailing arguments can be optional ('?')")
        }
        args.append(
          ExportArgument(type: type, isOptional: optional, range: SourceRange(start: argStart, end: type.range.end)))
        if tok.kind == .comma {
          advance()
          if tok.kind == .rpar { throw fail("expected an argument type after ','") }
          continue
        }
        if tok.kind == .rpar { break }
        if tok.kind == .name || tok.kind == .lpar {
          throw fail(
            "expected ',' or ')' after an argument type, found \(found(tok))", hint: "missing ',' between arguments?")
        }
        throw fail("expected ',' or ')' after an argument type, found \(found(tok))")
      }
    }
    let end = tok.range.end
    advance()
    return ExportSpec(
      name: nameToken.text, nameRange: nameToken.range, isCapsule: isCapsule, arguments: args,
      range: SourceRange(start: start, end: end), path: path)
  }

  mutating func parseType() throws(SpecError) -> SpecType {
    let first = try parsePostfix()
    guard tok.kind == .name, tok.text == "or" else { return first }
    var alternatives = [first]
    while tok.kind == .name, tok.text == "or" {
      advance()
      alternatives.append(try parsePostfix())
    }
    return SpecType(
      .union(alternatives), range: SourceRange(start: first.range.start, end: alternatives.last!.range.end))
  }

  mutating func parsePostfix() throws(SpecError) -> SpecType {
    var t = try parseAtom()
    while true {
      let start = t.range.start
      switch tok.kind {
      case .name where tok.text == "list":
        advance()
        t = SpecType(.list(t), range: SourceRange(start: start, end: tokens[p - 1].range.end))
      case .name where tok.text == "set":
        advance()
        t = SpecType(.set(t), range: SourceRange(start: start, end: tokens[p - 1].range.end))
      case .colon:
        advance()
        let value = try parsePostfix()
        guard tok.kind == .name, tok.text == "dict" else {
          throw fail(
            "expected 'dict' after '\(t):\(value)', found \(found(tok))", hint: "a dict type is written 'K:V dict'")
        }
        advance()
        t = SpecType(.dict(t, value), range: SourceRange(start: start, end: tokens[p - 1].range.end))
      case .star:
        advance()
        t = SpecType(.pointer(t), range: SourceRange(start: start, end: tokens[p - 1].range.end))
      case .lsqb:
        let dims = try parseDimensions()
        switch t.kind {
        case .scalar(let s):
          guard s.isNumeric else {
            throw fail(
              "arrays hold numeric types, not '\(s.rawValue)'", SpecToken(kind: .name, text: "", range: t.range))
          }
          t = SpecType(
            .array(s, dims: dims, order: nil), range: SourceRange(start: start, end: tokens[p - 1].range.end))
        case .array(let s, let old, let order) where order == nil:
          t = SpecType(
            .array(s, dims: old + dims, order: nil), range: SourceRange(start: start, end: tokens[p - 1].range.end))
        default:
          throw fail("'[...]' applies to a numeric scalar type, not '\(t)'", tokens[p - 1])
        }
      case .name where tok.text == "order":
        let orderToken = tok
        advance()
        guard case .array(let s, let dims, nil) = t.kind else {
          throw fail("'order(...)' applies to an array type, not '\(t)'", orderToken)
        }
        guard tok.kind == .lpar else { throw fail("expected '(' after 'order', found \(found(tok))") }
        advance()
        guard tok.kind == .name, let order = ArrayOrder(rawValue: tok.text) else {
          throw fail("expected 'C' or 'F' in 'order(...)', found \(found(tok))")
        }
        advance()
        guard tok.kind == .rpar else { throw fail("expected ')' after the order, found \(found(tok))") }
        advance()
        t = SpecType(
          .array(s, dims: dims, order: order), range: SourceRange(start: start, end: tokens[p - 1].range.end))
      default:
        return t
      }
    }
  }

  mutating func parseDimensions() throws(SpecError) -> [ArrayDimension] {
    advance()  // '['
    if tok.kind == .rsqb {
      advance()
      return [.any]
    }
    var dims: [ArrayDimension] = []
    while true {
      if tok.kind == .colon {
        advance()
        if tok.kind == .colon {
          advance()
          dims.append(.strided)
        } else {
          dims.append(.any)
        }
      } else if tok.kind == .number {
        guard let n = Int(tok.text) else { throw fail("expected an array extent, found \(found(tok))") }
        guard n > 0 else {
          throw fail("array extent must be positive, found \(n)", hint: "use ':' for an extent known only at run time")
        }
        dims.append(.fixed(n))
        advance()
      } else {
        throw fail("expected ':', '::' or an extent in array dimensions, found \(found(tok))")
      }
      if tok.kind == .comma {
        advance()
        continue
      }
      guard tok.kind == .rsqb else { throw fail("expected ',' or ']' in array dimensions, found \(found(tok))") }
      advance()
      return dims
    }
  }

  mutating func parseAtom() throws(SpecError) -> SpecType {
    let t = tok
    switch t.kind {
    case .name:
      advance()
      if let s = ScalarType(rawValue: t.text) { return SpecType(.scalar(s), range: t.range) }
      throw fail("unknown type '\(t.text)'", t, hint: typeHint(t.text))
    case .lpar:
      advance()
      var elements: [SpecType] = []
      var sawComma = false
      if tok.kind == .rpar { throw fail("a tuple type needs at least one element") }
      while true {
        elements.append(try parseType())
        if tok.kind == .comma {
          sawComma = true
          advance()
          if tok.kind == .rpar { break }
          continue
        }
        if tok.kind == .rpar { break }
        throw fail("expected ',' or ')' in a tuple type, found \(found(tok))")
      }
      let end = tok.range.end
      let whole = SourceRange(start: t.range.start, end: end)
      if elements.count == 1 && !sawComma, let only = elements.first {
        // `(A or B)` groups a union; `(T)` alone is ambiguous (Pythran reads a 1-tuple).
        guard case .union = only.kind else {
          throw fail(
            "ambiguous parentheses around '\(only)'", SpecToken(kind: .lpar, text: "(", range: whole),
            hint: "write '(\(only),)' for a 1-tuple, or '\(only)' without parentheses")
        }
        advance()
        return only
      }
      advance()
      return SpecType(.tuple(elements), range: whole)
    default:
      throw fail("expected a type, found \(found(t))")
    }
  }

  func typeHint(_ name: String) -> String? {
    let known: [String: String] = [
      "double": "float64", "long": "int64", "longlong": "int64", "single": "float32",
      "half": "float16 is not supported",
      "short": "int16", "char": "int8", "ulong": "uint64", "uint": "uint32", "unsigned": "uint32",
      "size_t": "uintp", "ssize_t": "intp", "Py_ssize_t": "intp", "npy_intp": "intp", "intptr_t": "intp",
      "float_": "float64", "int_": "int64", "boolean": "bool", "string": "str", "bytes": "str", "NoneType": "None",
      "none": "None", "ndarray": "float64[:] (an element type and dimensions)", "array": "float64[:]",
      "list": "T list (the element type comes first)", "dict": "K:V dict", "set": "T set", "tuple": "(T, U)",
      "cfloat": "complex128", "cdouble": "complex128", "longdouble": "float128",
    ]
    if let w = known[name] { return w.contains(" ") && !w.hasPrefix("T ") && !w.hasPrefix("K") ? "\(w)" : "use '\(w)'" }
    let candidates = ScalarType.allCases.map(\.rawValue)
    if let best = candidates.min(by: { editDistance(name, $0) < editDistance(name, $1) }),
      editDistance(name, best) <= 2
    {
      return "did you mean '\(best)'?"
    }
    return "known types: " + candidates.joined(separator: ", ")
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
