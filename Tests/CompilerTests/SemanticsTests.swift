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

/// Each export is analyzed on its own, and each problem is reported once however many flattened signatures or
/// instances meet it.
@Suite struct ExportIndependenceTests {
  @Test func aTwoDimensionalArrayIsOneDiagnosticForBothOrders() throws {
    let p = try analyze("#pythran export total(float[:, :])\ndef total(a):\n    return a[0, 0]\n")
    #expect(p.diagnostics.count == 1)
    #expect(p.diagnostics.first?.message == "type 'float[:,:]' is not supported by thranc yet")
    #expect(p.diagnostics.first?.range.start == SourceLocation(line: 1, column: 22))
    #expect(p.failedExports == [0])
  }

  @Test func eachWrittenTypeAndEachExportLineIsReportedOnce() throws {
    let p = try analyze(
      "#pythran export f(float[:, :], int64[:, :] or float[:])\n#pythran export f(float[:, :], float[:])\n"
        + "def f(a, b):\n    return 1\n")
    let places = p.diagnostics.map { "\($0.range.start.line):\($0.range.start.column)" }
    #expect(places == ["1:18", "1:31", "2:18"])
  }

  @Test func theSameErrorInTwoInstancesIsReportedOnceAndFailsBoth() throws {
    let p = try analyze(
      "#pythran export f(int)\n#pythran export f(float)\ndef f(n):\n    x = lambda: n\n    return n\n")
    #expect(p.diagnostics.count == 1)
    #expect(p.instances.count == 2)
    #expect(p.instances.allSatisfy { $0.hasErrors })
    #expect(p.failedExports == [0, 1])
  }

  @Test func anUnsupportedExportLeavesTheOthersSound() throws {
    let p = try analyze(
      "#pythran export total(float[:, :])\ndef total(a):\n    return a[0, 0]\n"
        + "#pythran export capsule neg(float64)\ndef neg(x):\n    return -x\n")
    #expect(p.failedExports == [0])
    let sound = p.soundExports()
    #expect(sound.specs.map(\.name) == ["neg"])
    #expect(sound.entryPoints.map(\.signature.name) == ["neg"])
    #expect(sound.entryPoints.first?.instance.returnType?.type == .float64)
  }

  @Test func aCapsuleCallingAFailedFunctionIsNotSound() throws {
    let p = try analyze(
      "#pythran export g(int)\ndef g(n):\n    x = lambda: n\n    return n\n"
        + "#pythran export capsule c(int)\ndef c(n):\n    return g(n)\n"
        + "#pythran export capsule d(float64)\ndef d(x):\n    return x\n")
    #expect(p.diagnostics.count == 1)
    #expect(p.failedExports == [0, 1])
    #expect(p.soundExports().entryPoints.map(\.signature.name) == ["d"])
  }
}
