import Compiler
import Testing

@Suite("#pythran export grammar")
struct ExportSpecTests {
  func parse(_ text: String) throws -> ExportSpecParser.Result {
    ExportSpecParser.exports(inComments: try SourceFile(path: "m.py", text: text))
  }

  @Test(
    "types nested past the limit are a located TL001, not a stack overflow; the limit itself is accepted",
    arguments: [
      { (n: Int) in String(repeating: "(", count: n) + "int" + String(repeating: ")", count: n) },
      { (n: Int) in "int" + String(repeating: " list", count: n) },
      { (n: Int) in String(repeating: "float(", count: n) + "float" + String(repeating: ")", count: n) },
      { (n: Int) in "int" + String(repeating: " type", count: n) },
      { (n: Int) in "int or int" + String(repeating: " set", count: n) },
      { (n: Int) in "float" + String(repeating: "(float)", count: n) },
      { (n: Int) in String(repeating: "[", count: n) + "int" + String(repeating: "] list", count: n) },
    ] as [@Sendable (Int) -> String])
  func deepNesting(_ type: @Sendable (Int) -> String) throws {
    // 100,000 levels used to crash both tools with SIGSEGV (recursion while parsing, printing or freeing).
    let deep = try parse("#pythran export f(\(type(100_000)))\ndef f(a):\n    return a\n")
    let d = try #require(deep.diagnostics.first { $0.severity == .error })
    #expect(d.code == "TL001")
    #expect(d.message.contains("nests more than 200 levels"))
    #expect(d.hint != nil)
    #expect(d.range.start.line == 1 && d.range.start.column > 17)
    #expect(deep.specs.isEmpty)
    let shallow = try parse("#pythran export f(\(type(150)))\ndef f(a):\n    return a\n")
    #expect(!shallow.diagnostics.contains { $0.message.contains("nests more than") })
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
    "every type form Pythran accepts, printed back",
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
        "f(float64[], float64[:], float64[::], float64[:,:], float64[][], float64[:,])",
        "f(float64[:], float64[:], float64[::], float64[:,:], float64[:,:], float64[:,:])"
      ),
      (
        "f(int[3], float32[:, 4], float64[:,:] order(F), uint8[:,:,:] order (C))",
        "f(int[3], float32[:,4], float64[:,:] order(F), uint8[:,:,:] order(C))"
      ),
      (
        "f(int list, float set, str:int dict, (int, float), (int), int list list)",
        "f(int list, float set, str:int dict, (int, float), (int), int list list)"
      ),
      ("f(str:int list dict, (int, str:float dict) list)", "f(str:int list dict, (int, str:float dict) list)"),
      (
        "f(int or float, [int or str] list, float64[] or float64[:,:])",
        "f(int or float, [int or str] list, float64[:] or float64[:,:])"
      ),
      ("f(float[:, :], float(float))", "f(float[:,:], float(float))"),
      (
        "f(None(float64, float64*), float64(float64)(int) list)",
        "f(None(float64, float64*), float64(float64)(int) list)"
      ),
      (
        "f(int type, list type, list or int type, numpy pkg)",
        "f(int type, list type, [list or int] type, numpy pkg)"
      ),
      ("f(int, float?)", "f(int, float?)"), ("f()", "f()"), ("f(int,)", "f(int)"),
      ("capsule g(float64*)", "capsule g(float64*)"), ("ufunc u(float64)", "ufunc u(float64)"),
      ("export(int)", "export(int)"), ("a_global", "a_global"), ("f(int order(C))", "f(int)"),
    ])
  func typeForms(line: String, printed: String) throws {
    let r = try parse("#pythran export \(line)\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(r.specs.map(\.description) == [printed])
  }

  /// Expected orders are pythran.spec.spec_parser's (Pythran 0.19), also checked by scripts/spec_diff.py.
  @Test("`or`, `?` and 2-D arrays flatten as Pythran flattens them")
  func flattening() throws {
    let r = try parse("#pythran export f(int or float, str?, bool?)\n")
    let flat = try #require(r.specs.first).flattened().map(\.description)
    #expect(flat == ["f(int, str, bool)", "f(int, str)", "f(int)", "f(float, str, bool)", "f(float, str)", "f(float)"])
    let grouped = try parse("#pythran export g([int or float] list)\n")
    #expect(grouped.specs.first?.flattened().map(\.description) == ["g(int list)", "g(float list)"])
    #expect(grouped.specs.first?.isOverloaded == true)
    let tuples = try parse("#pythran export g((int or float) list)\n")
    #expect(tuples.specs.first?.flattened().map(\.description) == ["g((int) list)", "g((float) list)"])
    let matrix = try parse("#pythran export m(float[:,:], float[:,::], float[3,:] order(C))\n")
    #expect(
      matrix.specs.first?.flattened().map(\.description) == [
        "m(float[:,:], float[:,::], float[3,:] order(C))", "m(float[:,:] order(F), float[:,::], float[3,:] order(C))",
      ])
  }

  @Test("SciPy's _kernel_matrix(float[:, :], float(float)) reads as Pythran reads it")
  func scipyKernelMatrix() throws {
    let r = try parse("# pythran export _kernel_matrix(float[:, :], float(float))\ndef _kernel_matrix(x, k): pass\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(
      r.table.canonicalLines == [
        "export _kernel_matrix(ndarray[float;:,:], fun[float;float])",
        "export _kernel_matrix(ndarray[float;F], fun[float;float])",
      ])
  }

  @Test("several exports per line; capsule and ufunc apply to the whole list")
  func severalPerLine() throws {
    let r = try parse("# pythran export f(int), g(float64*), h\n  #  pythran   export capsule k(int), m(float)\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(r.specs.map(\.description) == ["f(int)", "g(float64*)", "h", "capsule k(int)", "capsule m(float)"])
    let bad = try parse("#pythran export f(int), capsule g(float64*)\n")
    #expect(bad.specs.isEmpty)
    #expect(bad.diagnostics.first?.message.contains("expected a function or global name, found 'capsule'") == true)
  }

  @Test("Pythran collects export lines last to first: a name's signatures come in that order")
  func collectionOrder() throws {
    let r = try parse("#pythran export f(int)\n#pythran export g(str), f(float)\n#pythran export f(bool)\n")
    #expect(r.table.canonicalLines == ["export f(bool)", "export f(float)", "export f(int)", "export g(str)"])
  }

  @Test("continuation: every comment line after an export, through blank lines, up to code")
  func continuation() throws {
    let r = try parse(
      "#pythran export f(int,\n#                 float64[:],\n\n#  str)  # noqa: TL203\n# just a comment\nx = 1\n")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.message))")
    #expect(r.specs.map(\.description) == ["f(int, float64[:], str)"])
    #expect(r.specs.first?.arguments?[2].range.start.line == 4)
    let noqa = try parse("#pythran export capsule f(int32, float32*)  # noqa: TL203\n")
    #expect(noqa.diagnostics.isEmpty)
    #expect(noqa.specs.first?.description == "capsule f(int32, float32*)")
  }

  @Test("pythran text inside strings and docstrings is not an export")
  func notInStrings() throws {
    let text =
      "def f():\n    '''\n#pythran export nope(int)\n    '''\n"
      + "    s = '#pythran export nope2(int)'\n#pythran export yes(int)\n"
    let r = try parse(text)
    #expect(r.specs.map(\.name) == ["yes"])
  }

  struct Finding: Sendable, CustomStringConvertible {
    var text: String
    var column: Int
    var message: String
    var hint: String? = nil
    var severity = Diagnostic.Severity.error
    var description: String { text }
  }

  @Test(
    "what Pythran refuses is an error; what it reads differently from the text is a warning",
    arguments: [
      Finding(
        text: "#pythran export f(int) junk", column: 24, message: "Pythran ignores everything after ')' here",
        severity: .warning),
      Finding(
        text: "#pythran export f(int) g(float)", column: 24, message: "Pythran ignores everything after ')' here",
        hint: "separate exports with ','", severity: .warning),
      Finding(text: "#pythran export f(int float)", column: 23, message: "expected ',' or ')'"),
      Finding(text: "#pythran export f(float64[0])", column: 27, message: "Pythran skips this '0'", severity: .warning),
      Finding(text: "#pythran export f(double)", column: 19, message: "unknown type 'double'", hint: "use 'float64'"),
      Finding(text: "#pythran export f(long)", column: 19, message: "unknown type 'long'", hint: "use 'int64'"),
      Finding(text: "#pythran export f(uint)", column: 19, message: "unknown type 'uint'", hint: "use 'uint64'"),
      Finding(
        text: "#pythran export f(flaot64)", column: 19, message: "unknown type 'flaot64'",
        hint: "did you mean 'float64'?"
      ),
      Finding(text: "#pythran export f(int", column: 22, message: "expected ',' or ')'"),
      Finding(text: "#pythran exprot f(int)", column: 10, message: "expected 'export'", hint: "did you mean 'export'?"),
      Finding(text: "# pythran is fast", column: 11, message: "expected 'export'", hint: "capital P"),
      Finding(
        text: "#pythran export f(int?, float)", column: 25, message: "a required argument follows an optional one"),
      Finding(text: "#pythran export f(int?,)", column: 24, message: "expected a type"),
      Finding(text: "#pythran export f((int,))", column: 24, message: "expected a type"),
      Finding(text: "#pythran export f(float64**)", column: 27, message: "expected ',' or ')'"),
      Finding(text: "#pythran export f(str[])", column: 22, message: "expected ',' or ')'"),
      Finding(text: "#pythran export f(float[:] order(F))", column: 28, message: "'order(F)' applies only to 2-D"),
      Finding(text: "#pythran export f(str:int)", column: 26, message: "expected 'dict'"),
      Finding(text: "#pythran export f(list)", column: 23, message: "expected 'type' after 'list'"),
      Finding(text: "#pythran export f(numpy)", column: 19, message: "unknown type 'numpy'", hint: "'NAME pkg'"),
      Finding(text: "#pythran export capsule f", column: 17, message: "capsule 'f' has no argument list"),
      Finding(text: "#pythran export", column: 16, message: "expected a function or global name"),
      Finding(text: "#pythran export f(int), ", column: 24, message: "expected a function or global name"),
      Finding(text: "#pythran export f(int), f(int)", column: 17, message: "duplicate export f(int)"),
      Finding(
        text: "#pythran export f(byte), f(int8)", column: 17,
        message: "f(byte) and f(int8) are the same export to Pythran"),
      Finding(
        text: "#pythran export f(float), f(float64)", column: 17, message: "ambiguous overloads f(float) and f(float64)"
      ),
      Finding(text: "#pythran export f(a pkg, int), f(b pkg, str)", column: 17, message: "different 'pkg' arguments"),
      Finding(
        text: "#pythran export f((int or float) list)", column: 19,
        message: "Pythran reads '(int or float)' as 1-tuples", hint: "'[int or float]'", severity: .warning),
      Finding(
        text: "#pythran export f(float(int or str))", column: 19,
        message: "Pythran reads 'float(int or str)' as 'float(int, str)'", severity: .warning),
      Finding(
        text: "#pythran export f(int, float())", column: 24, message: "Pythran reads 'float()' as no type at all",
        severity: .warning),
      Finding(
        text: "#pythran export f(int[3,:] order(F))", column: 19, message: "drops the fixed extents", severity: .warning
      ),
    ])
  func findings(_ expected: Finding) throws {
    let source = try SourceFile(path: "m.py", text: expected.text + "\n")
    let r = ExportSpecParser.exports(inComments: source)
    let d = try #require(r.diagnostics.first)
    #expect(d.code == "TL001")
    #expect(d.severity == expected.severity)
    #expect(d.message.contains(expected.message), "\(d.message)")
    if let hint = expected.hint { #expect(d.hint?.contains(hint) == true, "\(d.hint ?? "no hint")") }
    let rendered = d.rendered(in: source, style: .concise)
    #expect(
      rendered.hasPrefix("m.py:1:\(expected.column): \(expected.severity.rawValue): [TL001]"), "\(rendered)")
  }

  @Test("a comment line starting with '(' after an export is part of it for Pythran, even after a blank line")
  func parenthesisedComment() throws {
    for text in [
      "#pythran export f(int)\n# (float) is not supported yet\n", "#pythran export f(int)\n\n# (float) later\n",
    ] {
      let r = try parse(text + "def f(x): return x\n")
      #expect(r.specs.isEmpty)
      let d = try #require(r.diagnostics.first)
      #expect(Int(d.range.start.line) == text.filter { $0 == "\n" }.count)
      #expect(d.message.contains("'(' right after the export list"))
    }
    let separated = try parse("#pythran export f(int)\ndef f(x): return x\n# (float) later\n")
    #expect(separated.diagnostics.isEmpty)
  }

  @Test("a .pythran sidecar: lines starting with 'export', continued by '#' lines only")
  func sidecar() throws {
    let side = try SourceFile(
      path: "m.pythran",
      text: "# sidecar\nexport capsule f(int32, float64*,\n#    float64*)\n\nexport g(int list)\nexport h(int) oops\n")
    let r = ExportSpecParser.exports(inSidecar: side)
    #expect(r.specs.map(\.description) == ["capsule f(int32, float64*, float64*)", "g(int list)", "h(int)"])
    #expect(r.specs.first?.path == "m.pythran")
    #expect(r.diagnostics.map(\.severity) == [.warning])
    #expect(r.diagnostics.first?.range.start.line == 6)
    let unfinished = try SourceFile(path: "m.pythran", text: "export f(int,\n    float)\n")
    #expect(ExportSpecParser.exports(inSidecar: unfinished).diagnostics.first?.severity == .error)
  }

  @Test("an export standing for more signatures than Pythran could handle is refused, quickly")
  func explosion() throws {
    let union = Array(repeating: "int or float or str", count: 16).joined(separator: ", ")
    let r = try parse("#pythran export ufunc f(\(union))\n")
    #expect(r.specs.isEmpty)
    #expect(r.diagnostics.first?.message.contains("more than 4096 signatures") == true)
  }
}

@Suite("export types keep Pythran's meaning in thranc")
struct ExportTypeMeaningTests {
  @Test("byte is NumPy's int8 (signed char), as for Pythran")
  func byteIsInt8() throws {
    #expect(ValueType(scalar: .byte) == ValueType(scalar: .int8))
    #expect(CapsuleABI.cType(.byte) == CapsuleABI.cType(.int8))
    #expect(ScalarType.byte.canonical == "int8")
  }
}
