import Testing

@testable import Compiler

private func analyze(_ source: String) throws -> Program {
  let module = try Parser.parse(path: "t.py", text: source)
  return Analyzer.analyze(module, specs: ExportSpecParser.exports(of: module, includeSidecar: false).specs)
}

/// The written parameter positions of the first export's instance.
private func written(_ source: String) throws -> [Int] {
  let program = try analyze(source)
  guard let instance = program.entryPoints.first?.instance else { return [-1] }
  return instance.parameterTypes.indices.filter { program.argumentEffects.mayStore(into: $0, of: instance) }
}

/// Which parameters a function may store into, through aliases and callees (issue 8: `w = a; w[0] = 42.0`
/// wrote into read-only arrays because the decision matched parameter names).
@Suite struct ArgumentEffectsTests {
  @Test func directStoresAndReads() throws {
    #expect(try written("#pythran export f(float[], float[])\ndef f(a, b):\n    a[0] = b[0]\n    return 0\n") == [0])
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    return a[0] + len(a)\n") == [])
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    a[:] = 1.0\n    return 0\n") == [0])
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    a += 1.0\n    return 0\n") == [0])
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    a[1] += 1.0\n    return 0\n") == [0])
  }

  @Test func throughAliases() throws {
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    w = a\n    w[0] = 42.0\n    return 0\n") == [0])
    let chain =
      "#pythran export f(float[], float[])\ndef f(a, b):\n    u = a\n    w = u\n    w += 1.0\n    return b[0]\n"
    #expect(try written(chain) == [0])
    let branch =
      "#pythran export f(float[], float[], bool)\ndef f(a, b, c):\n    w = b\n    if c:\n        w = a\n"
      + "    w[0] = 1.0\n    return 0\n"
    #expect(try written(branch) == [0, 1])
    // An alias that is only read leaves the parameter read-only.
    #expect(try written("#pythran export f(float[])\ndef f(a):\n    w = a\n    return w[0]\n") == [])
  }

  @Test func throughCallees() throws {
    let helper = "def store(v, k):\n    v[k] = 1.0\n    return 0\n"
    #expect(try written("#pythran export f(float[])\n\(helper)def f(a):\n    w = a\n    return store(w, 0)\n") == [0])
    let reader = "def first(v):\n    return v[0]\n"
    #expect(try written("#pythran export f(float[])\n\(reader)def f(a):\n    return first(a)\n") == [])
    // Two levels down, and in a condition.
    let deep = helper + "def mid(v):\n    return store(v, 1)\n"
    #expect(
      try written("#pythran export f(float[])\n\(deep)def f(a):\n    if mid(a) > 0:\n        pass\n    return 0\n") == [
        0
      ])
  }

  @Test func capsulePointersThroughAsArray() throws {
    let src =
      "from numpy.ctypeslib import as_array\n#pythran export capsule f(float64*, int64, float64*)\n"
      + "def f(x, n, out):\n    v = as_array(out, n)\n    v[0] = x[0]\n    return 1\n"
    #expect(try written(src) == [2])
  }
}

/// A parameter rebound to a wider type widens as in Python (issue 8: `a += 0.5` on an int returned 1).
@Suite struct ParameterWideningTests {
  @Test func scalarParametersWiden() throws {
    let program = try analyze("#pythran export f(int)\ndef f(a):\n    a += 0.5\n    return a\n")
    #expect(program.diagnostics.isEmpty)
    #expect(program.entryPoints.first?.instance.localType("a") == .float64)
    #expect(program.entryPoints.first?.instance.parameterTypes == [.int64])
    #expect(program.entryPoints.first?.instance.returnType?.type == .float64)
    let same = try analyze("#pythran export f(int32)\ndef f(a):\n    a = a + 1\n    return a\n")
    #expect(same.entryPoints.first?.instance.localType("a") == .int32)
  }

  @Test func referenceParametersKeepTheirType() throws {
    let program = try analyze("#pythran export f(float[])\ndef f(a):\n    a = 1.0\n    return 0\n")
    #expect(program.diagnostics.contains { $0.message.contains("parameter 'a' is float64[:] view but is assigned") })
  }
}
