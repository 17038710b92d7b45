import Testing

@testable import Compiler

private func cSource(_ source: String) throws -> String {
  let module = try Parser.parse(path: "t.py", text: source)
  let program = Analyzer.analyze(module, specs: ExportSpecParser.exports(of: module, includeSidecar: false).specs)
  return try ModuleEmitter.emit(program, moduleName: "t", cFileName: "t.c").cSource
}

/// What the generated C does for issue 8's wrong-code cases.
@Suite struct CodegenTests {
  @Test func writabilityComesFromTheArgumentEffects() throws {
    let aliased = try cSource("#pythran export f(float[])\ndef f(a):\n    w = a\n    w[0] = 42.0\n    return 0\n")
    #expect(aliased.contains("thran_get_buffer(args[0], &b0, 'f', 8, 1, \"a\")"))
    let read = try cSource("#pythran export f(float[])\ndef f(a):\n    w = a\n    return w[0]\n")
    #expect(read.contains("thran_get_buffer(args[0], &b0, 'f', 8, 0, \"a\")"))
  }

  @Test func aWidenedParameterArrivesUnderItsOwnName() throws {
    let c = try cSource("#pythran export f(int)\ndef f(a):\n    a += 0.5\n    return a\n")
    #expect(c.contains("static double fn_f(int64_t thran_in_a)"))
    #expect(c.contains("double a = ((double)(thran_in_a));"))
  }

  @Test func floorDivisionByMinusOneNeedsNoCheck() throws {
    let c = try cSource("#pythran export f(int)\ndef f(x):\n    return x // -1\n")
    #expect(c.contains("thran_floordiv_i64((thran_error *)0, x, -1)"))
    #expect(!c.contains("THRAN_CHECK();"))
  }

  @Test func signedArithmeticIsComputedUnsigned() throws {
    let c = try cSource("#pythran export f(int, int32)\ndef f(a, b):\n    return -a * a + b * b\n")
    #expect(c.contains("(uint64_t)"))
    #expect(c.contains("((int32_t)((uint32_t)(b) * (uint32_t)(b)))"))
    #expect(!c.contains("(-a)"))
  }

  @Test func everyOutputCarriesTheMarker() throws {
    let c = try cSource("#pythran export f(int)\ndef f(x):\n    return x\n")
    #expect(c.hasPrefix(OutputPlan.cBanner))
    #expect(OutputPlan.isThrancOutput(Array(c.utf8), kind: .cSource))
  }
}
