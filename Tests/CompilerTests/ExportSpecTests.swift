import Compiler
import Testing

@Suite("#pythran export grammar")
struct ExportSpecTests {
  func parse(_ text: String) throws -> ExportSpecParser.Result {
    ExportSpecParser.exports(inComments: try SourceFile(path: "m.py", text: text))
  }

  @Test("the seed's exports parse into located capsule specs")
  func seed() throws {
    let r = try parse("#pythran export capsule f(int32, float64*, float64* )\ndef f(n, x, cp):\n    return 0\n")
    #expect(r.diagnostics.isEmpty)
    let spec = try #require(r.specs.first)
    #expect(spec.name == "f")
    #expect(spec.isCapsule)
    #expect(spec.description == "capsule f(int32, float64*, float64*)")
    #expect(spec.nameRange.start == SourceLocation(line: 1, column: 24))
    #expect(spec.arguments?[1].range.start == SourceLocation(line: 1, column: 33))
    #expect(spec.arguments?[1].type.isPointer == true)
  }

  @Test(
    "every type form",
    arguments: [
      ("f(bool, int, float, complex, str, None, slice)", "f(bool, int, float, complex, str, None, slice)"),
      (
        "f(int8, uint8, int16, uint16, int32, uint32, int64, uint64)",
        "f(int8, uint8, int16, uint16, int32, uint32, int64, uint64)"
      ),
      ("f(intc, uintc, intp, uintp, byte)", "f(intc, uintc, intp, uintp, byte)"),
      (
        "f(float32, float64, float128, complex64, complex128, complex256)",
        "f(float32, float64, float128, complex64, complex128, complex256)"
      ),
      (
        "f(float64[], float64[:], float64[::], float64[:,:], float64[][])",
        "f(float64[:], float64[:], float64[::], float64[:,:], float64[:,:])"
      ),
      (
        "f(int[3], float32[:, 4], float64[:,:] order(F), uint8[:,:,:] order (C))",
        "f(int[3], float32[:,4], float64[:,:] order(F), uint8[:,:,:] order(C))"
      ),
      (
        "f(int list, float set, str:int dict, (int, float), (int,), int list list)",
        "f(int list, float set, str:int dict, (int, float), (int,), int list list)"
      ),
      ("f(str:int list dict, (int, str:float dict) list)", "f(str:int list dict, (int, str:float dict) list)"),
      (
        "f(int or float, (int or str) list, float64[] or float64[:,:])",
        "f(int or float, (int or str) list, float64[:] or float64[:,:])"
      ),
      ("f(int, float?)", "f(int, float?)"), ("f()", "f()"), ("capsule g(float64**)", "capsule g(float64**)"),
      ("a_global", "a_global"),
    ])
  func typeForms(line: String, printed: String) throws {
    let r = try parse("#pythran export \(line)\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(r.specs.map(\.description) == [printed])
  }

  @Test("`or` and `?` expand into flat signatures")
  func flattening() throws {
    let r = try parse("#pythran export f(int or float, str?, bool?)\n")
    let flat = try #require(r.specs.first).flattened().map(\.description)
    #expect(flat == ["f(int)", "f(float)", "f(int, str)", "f(float, str)", "f(int, str, bool)", "f(float, str, bool)"])
    let nested = try parse("#pythran export g((int or float) list)\n")
    #expect(nested.specs.first?.flattened().map(\.description) == ["g(int list)", "g(float list)"])
    #expect(nested.specs.first?.isOverloaded == true)
  }

  @Test("several exports per line, capsule per export, spacing variants")
  func severalPerLine() throws {
    let r = try parse("# pythran export f(int), capsule g(float64*), h\n  #  pythran   export k(int)\n")
    #expect(r.diagnostics.isEmpty)
    #expect(r.specs.map(\.description) == ["f(int)", "capsule g(float64*)", "h", "k(int)"])
  }

  @Test("continuation comment lines, trailing noqa comments")
  func continuation() throws {
    let r = try parse(
      "#pythran export f(int,\n#                 float64[:],\n#  str)  # noqa: TL203\n# just a comment\nx = 1\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(r.specs.map(\.description) == ["f(int, float64[:], str)"])
    #expect(r.specs.first?.arguments?[2].range.start.line == 3)
    let noqa = try parse("#pythran export capsule f(int32, float32*)  # noqa: TL203\n")
    #expect(noqa.diagnostics.isEmpty)
    #expect(noqa.specs.first?.description == "capsule f(int32, float32*)")
  }

  @Test("pythran text inside strings and docstrings is not an export")
  func notInStrings() throws {
    let text =
      "def f():\n    '''\n#pythran export nope(int)\n    '''\n    s = '#pythran export nope2(int)'\n#pythran export yes(int)\n"
    let r = try parse(text)
    #expect(r.specs.map(\.name) == ["yes"])
  }

  struct BadLine: Sendable, CustomStringConvertible {
    var text: String
    var column: Int
    var message: String
    var hint: String?
    var description: String { text }
  }

  @Test(
    "strict errors with locations and hints",
    arguments: [
      BadLine(text: "#pythran export f(int) junk", column: 24, message: "unexpected 'junk' after the export list"),
      BadLine(text: "#pythran export f(int float)", column: 23, message: "expected ',' or ')'", hint: "missing ','"),
      BadLine(text: "#pythran export f(float64[0])", column: 27, message: "array extent must be positive"),
      BadLine(text: "#pythran export f(double)", column: 19, message: "unknown type 'double'", hint: "use 'float64'"),
      BadLine(text: "#pythran export f(long)", column: 19, message: "unknown type 'long'", hint: "use 'int64'"),
      BadLine(
        text: "#pythran export f(flaot64)", column: 19, message: "unknown type 'flaot64'",
        hint: "did you mean 'float64'?"),
      BadLine(text: "#pythran export f(int", column: 22, message: "expected ',' or ')'"),
      BadLine(
        text: "#pythran exprot f(int)", column: 10, message: "unknown pythran directive", hint: "did you mean 'export'?"
      ),
      BadLine(
        text: "#pythran export f(int?, float)", column: 25, message: "a required argument follows an optional one"),
      BadLine(text: "#pythran export f(str[])", column: 19, message: "arrays hold numeric types"),
      BadLine(text: "#pythran export f(int order(C))", column: 23, message: "'order(...)' applies to an array type"),
      BadLine(text: "#pythran export f(str:int)", column: 26, message: "expected 'dict'"),
      BadLine(text: "#pythran export capsule f", column: 26, message: "a capsule export needs an argument list"),
      BadLine(text: "#pythran export", column: 16, message: "expected an exported name"),
      BadLine(text: "#pythran export f((int) list)", column: 19, message: "ambiguous parentheses", hint: "'(int,)'"),
    ])
  func errors(_ bad: BadLine) throws {
    let source = try SourceFile(path: "m.py", text: bad.text + "\n")
    let r = ExportSpecParser.exports(inComments: source)
    let d = try #require(r.diagnostics.first)
    #expect(d.code == "TL001")
    #expect(d.message.contains(bad.message), "\(d.message)")
    if let hint = bad.hint { #expect(d.hint?.contains(hint) == true, "\(d.hint ?? "no hint")") }
    #expect(
      d.rendered(in: source, style: .concise).hasPrefix("m.py:1:\(bad.column): error: [TL001]"),
      "\(d.rendered(in: source, style: .concise))")
  }

  @Test("a comment line starting with '(' after an export is reported")
  func parenthesisedComment() throws {
    let r = try parse("#pythran export f(int)\n# (float) is not supported yet\ndef f(x): return x\n")
    #expect(r.specs.map(\.description) == ["f(int)"])
    let d = try #require(r.diagnostics.first)
    #expect(d.range.start == SourceLocation(line: 2, column: 2))
    #expect(d.message.contains("starting with '('"))
  }

  @Test("a .pythran sidecar file")
  func sidecar() throws {
    let side = try SourceFile(
      path: "m.pythran",
      text: "# sidecar\nexport capsule f(int32, float64*,\n    float64*)\n\nexport g(int list)\nexport h(int) oops\n")
    let r = ExportSpecParser.exports(inSidecar: side)
    #expect(r.specs.map(\.description) == ["capsule f(int32, float64*, float64*)", "g(int list)"])
    #expect(r.specs.first?.path == "m.pythran")
    #expect(r.diagnostics.count == 1)
    #expect(r.diagnostics.first?.range.start.line == 6)
  }
}
