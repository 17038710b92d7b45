import Foundation
import Testing

@testable import SciPySigs

@Suite struct ClangABITests {
  @Test func linksDebiansLibclangNotTheToolchains() {
    let v = ClangABI.version()
    #expect(v.contains("clang version 14."), "got \(v)")
  }

  @Test(arguments: [Target.linux64, Target.windows64, Target.linux32])
  func libclangAgreesWithTheBuiltInDataModel(_ target: Target) throws {
    let facts = try #require(
      ClangABI.facts(triple: target.triple, pythonInclude: nil, numpyInclude: nil, cacheDirectory: nil))
    var compared = 0
    for name in ClangABI.standardNames {
      guard let builtIn = target.scalar(name) else { continue }
      #expect(facts.scalar(name) == builtIn, "\(name) on \(target.triple)")
      compared += 1
    }
    #expect(compared >= 25)
    #expect(facts.scalar("long")?.size == target.longSize)
    #expect(facts.scalar("npy_intp") == ScalarABI(.signedInteger, target.pointerSize))
  }

  @Test func realNumPyHeadersDefineNpyIntpAsLong() throws {
    // The host's own headers, found the way the linter finds them.
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = [
      "python3", "-c", "import sysconfig, numpy; print(sysconfig.get_paths()['include']); print(numpy.get_include())",
    ]
    let pipe = Pipe()
    probe.standardOutput = pipe
    try probe.run()
    let lines = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
    probe.waitUntilExit()
    try #require(lines.count == 2)
    let facts = try #require(
      ClangABI.facts(
        triple: Target.linux64.triple, pythonInclude: String(lines[0]), numpyInclude: String(lines[1]),
        cacheDirectory: nil))
    #expect(facts.usedNumPyHeaders)
    #expect(facts.scalar("npy_intp") == ScalarABI(.signedInteger, 8))
    #expect(facts.scalar("npy_int64") == ScalarABI(.signedInteger, 8))
    #expect(facts.scalar("npy_float32") == ScalarABI(.floating, 4))
    let model = ABIModel(target: .linux64, facts: facts)
    #expect(model.isCompatible(CType("long long"), with: CType("npy_intp")))
    #expect(!model.isCompatible(CType("int"), with: CType("npy_intp")))
  }

  @Test func factsAreCached() throws {
    let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("thran-abi-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let first = ClangABI.facts(
      triple: "x86_64-pc-windows-msvc", pythonInclude: nil, numpyInclude: nil, cacheDirectory: dir)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 1)
    let clock = ContinuousClock()
    var second: ClangABI.Facts?
    let elapsed = clock.measure {
      second = ClangABI.facts(
        triple: "x86_64-pc-windows-msvc", pythonInclude: nil, numpyInclude: nil, cacheDirectory: dir)
    }
    #expect(first == second)
    #expect(elapsed < .milliseconds(20))
  }
}
