import Testing

@testable import Compiler

/// Analyzes `source` and returns the program (diagnostics included).
private func analyze(_ source: String) throws -> Program {
  let module = try Parser.parse(path: "t.py", text: source)
  return Analyzer.analyze(module, specs: ExportSpecParser.exports(of: module, includeSidecar: false).specs)
}

private func localType(_ source: String, _ name: String) throws -> ValueType? {
  try analyze(source).entryPoints.first?.instance.localType(name)
}

@Suite struct InferenceTests {
  @Test func localsFollowNumPyPromotionWithWeakLiterals() throws {
    #expect(try localType("#pythran export f(int32)\ndef f(n):\n    x = n * 2\n    return x\n", "x") == .int32)
    #expect(try localType("#pythran export f(float32)\ndef f(v):\n    x = v + 1.5\n    return x\n", "x") == .float32)
    #expect(
      try localType("#pythran export f(float32, int32)\ndef f(v, n):\n    x = v + n\n    return x\n", "x") == .float64)
    #expect(try localType("#pythran export f(int, int)\ndef f(a, b):\n    x = a / b\n    return x\n", "x") == .float64)
    #expect(
      try localType("#pythran export f(int8, uint8)\ndef f(a, b):\n    x = a + b\n    return x\n", "x")
        == .int(bits: 16, signed: true))
  }

  @Test func aLocalWidensAcrossAssignments() throws {
    let src =
      "#pythran export capsule f(float64*, int)\ndef f(x, n):\n    s = 0\n    for i in range(n):\n        s += x[i]\n    return s\n"
    #expect(try localType(src, "s") == .float64)
    #expect(try localType(src, "i") == .int64)
  }

  @Test func returnTypesPerInstance() throws {
    let p = try analyze("#pythran export f(int)\n#pythran export f(float)\ndef f(a):\n    return a * 2\n")
    #expect(p.entryPoints.map { $0.instance.returnType?.type } == [.int64, .float64])
    #expect(p.instances.count == 2)
  }

  @Test func callsAreMonomorphised() throws {
    let p = try analyze(
      "#pythran export f(int, float)\ndef f(a, b):\n    return g(a) + g(b)\ndef g(v):\n    return v + 1\n")
    #expect(Set(p.instances.map(\.parameterTypes)) == [[.int64, .float64], [.int64], [.float64]])
    #expect(p.diagnostics.isEmpty)
  }

  @Test func asArrayIsAViewOfThePointer() throws {
    let src =
      "from numpy.ctypeslib import as_array\n#pythran export capsule f(float64*, int32)\ndef f(p, n):\n    v = as_array(p, n)\n    v[:] = v * 2.0\n    return 1\n"
    #expect(try localType(src, "v") == .view(.float64))
    #expect(try analyze(src).diagnostics.isEmpty)
  }

  @Test func unsupportedConstructsAreLocated() throws {
    let p = try analyze("#pythran export f(int)\ndef f(n):\n    x = lambda: n\n    return n\n")
    #expect(p.diagnostics.count == 1)
    #expect(p.diagnostics.first?.message.contains("lambda is not supported") == true)
    #expect(p.diagnostics.first?.range.start == SourceLocation(line: 3, column: 8))
  }

  @Test func explicitRaisesAreMarked() throws {
    let p = try analyze(
      "#pythran export f(int)\ndef f(n):\n    if n < 0:\n        raise ValueError('n')\n    return n // 2 + n // n\n")
    let sites = p.entryPoints.first?.instance.raiseSites ?? []
    #expect(sites.filter(\.explicit).count == 1)
    #expect(sites.count == 2)
  }
}
