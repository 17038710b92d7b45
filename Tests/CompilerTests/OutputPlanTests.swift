import Testing

@testable import Compiler

/// The output plan's path arithmetic: the cases a user types, one-character paths included.
@Suite struct OutputPlanTests {
  static let directories: Set<String> = [".", "out", "a", "/tmp"]

  @Test(
    arguments: [
      ("k.py", nil, "k.so"), ("src/k.py", nil, "src/k.so"), ("k.py", ".", "./k.so"), ("k.py", "x", "x"),
      ("k.py", "a/", "a/k.so"), ("k.py", "out", "out/k.so"), ("k.py", "b/", "b/k.so"), ("k.py", "lib%{ext}", "lib.so"),
      ("d/k.py", "/tmp", "/tmp/k.so"), ("k.py", "", "k.so"), ("k.py", "%{ext}", ".so"),
    ] as [(String, String?, String)])
  func targets(input: String, output: String?, expected: String) {
    let target = OutputPlan.targetPath(input: input, output: output, ext: ".so") { Self.directories.contains($0) }
    #expect(target == expected)
  }

  @Test func onlyThrancsOutputsAreRecognised() {
    let c = Array("\(OutputPlan.cBanner) from k.py. */\nstatic const char m[] = \"\(OutputPlan.marker)\";\n".utf8)
    #expect(OutputPlan.isThrancOutput(c, kind: .cSource))
    #expect(OutputPlan.isThrancOutput([0x7f, 0x45] + Array(OutputPlan.marker.utf8) + [0], kind: .extensionModule))
    #expect(!OutputPlan.isThrancOutput(Array("int main(void) { return 0; }\n".utf8), kind: .cSource))
    #expect(!OutputPlan.isThrancOutput(Array("/* mine */ \(OutputPlan.marker)".utf8), kind: .cSource))
    #expect(!OutputPlan.isThrancOutput([0x7f, 0x45, 0x4c, 0x46], kind: .extensionModule))
    #expect(!OutputPlan.isThrancOutput(nil, kind: .extensionModule))
  }

  @Test func missingCompilerNamesTheProgramAndCC() {
    let message = Toolchain.missingCompilerMessage(environment: ["CC": "no-such-cc-thran", "PATH": "/nonexistent"])
    #expect(message?.contains("'no-such-cc-thran' named by CC was not found") == true)
    #expect(message?.contains("set CC") == true)
    #expect(Toolchain.missingCompilerMessage(environment: ["CC": "/bin/sh"]) == nil)
  }
}
