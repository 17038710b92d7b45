import Compiler
import Foundation
import Testing

struct ExpectedError: Sendable, CustomStringConvertible {
  var source: String
  var line: Int
  /// 1-based, in code points.
  var column: Int
  var message: String
  var description: String { source.debugDescription }
}

@Suite("Syntax errors are located diagnostics")
struct SyntaxErrorTests {
  static let cases: [ExpectedError] = [
    .init(source: "x = (1,\n", line: 1, column: 5, message: "'(' was never closed"),
    .init(source: "x = 1)\n", line: 1, column: 6, message: "unmatched ')'"),
    .init(source: "x = [1, 2)\n", line: 1, column: 10, message: "does not match opening parenthesis '['"),
    .init(source: "if x\n  pass\n", line: 1, column: 5, message: "expected ':'"),
    .init(
      source: "if x:\npass\n", line: 2, column: 1, message: "expected an indented block after 'if' statement on line 1"),
    .init(source: "def f():\n    a\n  b\n", line: 3, column: 3, message: "unindent does not match"),
    .init(source: "s = 'abc\n", line: 1, column: 5, message: "unterminated string literal (detected at line 1)"),
    .init(source: "s = '''abc\n\n", line: 1, column: 5, message: "unterminated triple-quoted string literal"),
    .init(source: "x = 0777\n", line: 1, column: 5, message: "leading zeros in decimal integer literals"),
    .init(source: "x = 1_\n", line: 1, column: 6, message: "invalid decimal literal"),
    .init(source: "x = 0xG\n", line: 1, column: 7, message: "invalid hexadecimal literal"),
    .init(source: "é = 1 € 2\n", line: 1, column: 7, message: "invalid character '€' (U+20AC)"),
    .init(source: "f() = 1\n", line: 1, column: 1, message: "cannot assign to function call"),
    .init(source: "del 1\n", line: 1, column: 5, message: "cannot delete literal"),
    .init(source: "a + 1 += 2\n", line: 1, column: 1, message: "illegal expression for augmented assignment"),
    .init(source: "f(a=1, b)\n", line: 1, column: 8, message: "positional argument follows keyword argument"),
    .init(
      source: "def f(a=1, b): pass\n", line: 1, column: 12, message: "non-default argument follows default argument"),
    .init(source: "f'{}'\n", line: 1, column: 1, message: "f-string: empty expression not allowed"),
    .init(source: "f'{x!z}'\n", line: 1, column: 1, message: "invalid conversion character"),
    .init(source: "f'}'\n", line: 1, column: 1, message: "single '}' is not allowed"),
    .init(source: "x = b'é'\n", line: 1, column: 5, message: "bytes can only contain ASCII"),
    .init(source: "x = 'a' b'b'\n", line: 1, column: 9, message: "cannot mix bytes and nonbytes literals"),
    .init(source: "print 'x'\n", line: 1, column: 1, message: "Missing parentheses in call to 'print'"),
    .init(source: "if x:\n\tpass\n        pass\n", line: 3, column: 9, message: "inconsistent use of tabs and spaces"),
    .init(source: "x = 1 +\n", line: 1, column: 8, message: "invalid syntax"),
    .init(source: "a, b += 1\n", line: 1, column: 1, message: "'tuple' is an illegal expression"),
    .init(source: "x = 'a\\N{NO SUCH NAME}'\n", line: 1, column: 5, message: "unknown Unicode character name"),
    .init(source: "try:\n  pass\n", line: 3, column: 1, message: "expected 'except' or 'finally' block"),
    .init(source: "x = a if b\n", line: 1, column: 11, message: "expected 'else'"),
    .init(source: "é = 'x' +\n", line: 1, column: 10, message: "invalid syntax"),
  ]

  @Test("each error has the right place and message", arguments: cases)
  func located(_ c: ExpectedError) throws {
    let source = try SourceFile(path: "t.py", text: c.source)
    do {
      _ = try Parser.parse(source, version: .py311)
      Issue.record("no error for \(c.source.debugDescription)")
    } catch let d as Diagnostic {
      let rendered = d.rendered(in: source, style: .concise)
      #expect(rendered.hasPrefix("t.py:\(c.line):\(c.column): error: "), "\(rendered)")
      #expect(rendered.contains(c.message), "\(rendered)")
    }
  }

  @Test("a chain of elifs is bounded like nested expressions; 2,000 (CPython 3.11 parses them) are accepted")
  func elifChain() throws {
    // 100,000 elifs nest 100,000 If nodes: thranc ast and thranc build died with SIGSEGV.
    let long = try SourceFile(path: "t.py", text: "if x: pass\n" + String(repeating: "elif x: pass\n", count: 100_000))
    do {
      _ = try Parser.parse(long)
      Issue.record("100,000 elifs parsed")
    } catch let d as Diagnostic {
      let rendered = d.rendered(in: long, style: .concise)
      #expect(rendered.hasPrefix("t.py:2502:1: error: too many 'elif' branches in one chain"))
    }
    let ok = "if x: pass\n" + String(repeating: "elif x: pass\n", count: 2000)
    let module = try Parser.parse(path: "t.py", text: ok)
    #expect(module.body.count == 1)
  }

  @Test("a source larger than Int32 offsets can address is refused with a located reason")
  func sizeLimit() throws {
    #expect(SourceFile.sizeProblem(SourceFile.maxBytes, path: "t.py") == nil)
    let d = try #require(SourceFile.sizeProblem(SourceFile.maxBytes + 1, path: "t.py"))
    #expect(d.rendered(in: nil, style: .concise).hasPrefix("t.py:1:1: error: the file is too large: 2147483648 bytes"))
    #expect(d.hint != nil)
  }

  @Test(
    "a byte that is not UTF-8 outside a comment names the byte, not a made-up code point",
    arguments: [
      ([0xFF, 0xFE], 1, 1, "0xff"), (Array("x = 1\n".utf8) + [0xFF, 10], 2, 1, "0xff"),
      ([0xF4, 0x90, 0x80, 0x80], 1, 1, "0xf4"), (Array("x = (".utf8) + [0xC3], 1, 6, "0xc3"),
      (Array("x = 1 ".utf8) + [0x80, 10], 1, 7, "0x80"),
    ] as [([UInt8], Int, Int, String)])
  func invalidUTF8(bytes: [UInt8], line: Int, column: Int, byte: String) throws {
    // These used to read "invalid non-printable character U+1FE000" (or U+110000): no such character exists.
    let source = try SourceFile(path: "t.py", data: bytes)
    do {
      _ = try Parser.parse(source)
      Issue.record("no error for \(bytes)")
    } catch let d as Diagnostic {
      let rendered = d.rendered(in: source, style: .concise)
      #expect(rendered.hasPrefix("t.py:\(line):\(column): error: invalid UTF-8 byte \(byte)"), "\(rendered)")
      #expect(d.hint != nil)
    }
    // CPython rejects the same bytes (fed as bytes: a Swift String would repair them).
    let script = """
      import sys
      try:
          compile(sys.stdin.buffer.read(), "t.py", "exec")
          print("accepted")
      except SyntaxError:
          print("rejected")
      """
    let verdict = try CPython.run(["python3", "-c", script], stdin: Data(bytes))
    #expect(String(decoding: verdict, as: UTF8.self) == "rejected\n")
  }

  @Test("CPython rejects every snippet we reject")
  func cpythonAgrees() throws {
    let dumps = try CPython.dumps(Self.cases.map(\.source), attributes: false)
    for (c, dump) in zip(Self.cases, dumps) {
      #expect(dump == nil, "CPython accepts \(c.source.debugDescription)")
    }
  }

  @Test("the full format shows the line and a caret under the code-point column")
  func fullFormat() throws {
    let source = try SourceFile(path: "t.py", text: "s = 'é' + (1,\n")
    do {
      _ = try Parser.parse(source, version: .py311)
      Issue.record("expected an error")
    } catch let d as Diagnostic {
      let text = d.rendered(in: source, style: .full)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      #expect(lines[0] == "t.py:1:11: error: '(' was never closed")
      #expect(lines[1] == " 1 | s = 'é' + (1,")
      #expect(lines[2] == "   |           ^")
    }
  }

  @Test("bad encodings and bytes are diagnostics")
  func encodings() throws {
    let invalidUTF8: [UInt8] = Array("x = '".utf8) + [0xFF] + Array("'\n".utf8)
    #expect(throws: Diagnostic.self) { try Parser.parse(SourceFile(path: "a.py", data: invalidUTF8)) }
    // As in CPython, bytes that are not UTF-8 are ignored inside comments.
    let inComment: [UInt8] = Array("x = 1  # caf".utf8) + [0xC2] + Array(" ok\ny = 2\n".utf8)
    let accepted = try Parser.parse(SourceFile(path: "a.py", data: inComment))
    #expect(accepted.body.count == 2)
    #expect(throws: Diagnostic.self) { try SourceFile(path: "a.py", data: Array("x = 1\0\n".utf8)) }
    #expect(throws: Diagnostic.self) { try SourceFile(path: "a.py", data: Array("# coding: klingon\nx = 1\n".utf8)) }
    #expect(throws: Diagnostic.self) {
      try SourceFile(path: "a.py", data: [0xEF, 0xBB, 0xBF] + Array("# coding: latin-1\n".utf8))
    }
    let latin1 = try SourceFile(path: "a.py", data: Array("# coding: latin-1\nx = '".utf8) + [0xE9] + Array("'\n".utf8))
    let module = try Parser.parse(latin1)
    #expect(ASTDumper.dump(module).contains("Constant(value='é')"))
  }
}
