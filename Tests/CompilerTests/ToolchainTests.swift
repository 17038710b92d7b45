import Testing

@testable import Compiler

@Suite struct ToolchainTests {
  let python = PythonTarget(
    executable: "/usr/bin/python3", includeDir: "/inc/python3.11", extSuffix: ".cpython-311-x86_64-linux-gnu.so",
    numpyInclude: "/np/include", version: "3.11.7")

  @Test func ccIsSplitWithoutAShell() {
    #expect(Toolchain.compilerCommand(environment: ["CC": "ccache  gcc -m64"]) == ["ccache", "gcc", "-m64"])
    #expect(Toolchain.compilerCommand(environment: [:]) == ["cc"])
    #expect(Toolchain.compilerCommand(environment: ["CC": "  "]) == ["cc"])
  }

  @Test func jobsArePlannedAsData() {
    let job = Toolchain.plan(
      cFile: "m.c", output: "m.so", python: python, optimization: .o3, nativeArch: true, needsNumPy: true,
      compiler: ["gcc"], prelude: "/cache/thran_prelude.h")
    #expect(
      job.arguments == [
        "gcc", "-O3", "-fPIC", "-std=gnu11", "-fno-strict-aliasing", "-march=native", "-shared",
        "-include", "/cache/thran_prelude.h", "-I", "/inc/python3.11", "-I", "/np/include", "m.c", "-o", "m.so",
        "-lm",
      ])
    let plain = Toolchain.plan(
      cFile: "m.c", output: "m.so", python: python, optimization: .o2, nativeArch: false, needsNumPy: false,
      compiler: ["cc"])
    #expect(plain.arguments.first == "cc")
    #expect(plain.arguments.contains("-O2"))
    #expect(!plain.arguments.contains("-march=native"))
    #expect(!plain.arguments.contains("/np/include"))
    // Generated C is defined without -fwrapv (issue 8): the toolchain must not hide signed overflow.
    #expect(!plain.arguments.contains("-fwrapv"))
  }

  @Test func limitedAPIVersion() {
    #expect(ModuleEmitter.limitedAPIHex("3.11.7") == "0x030B0000")
    #expect(ModuleEmitter.limitedAPIHex("3.13.0") == "0x030D0000")
    #expect(ModuleEmitter.limitedAPIHex("3.10.2") == nil)
    #expect(ModuleEmitter.limitedAPIHex("garbage") == nil)
  }

  @Test func spawnReportsExitCodesAndOutput() throws {
    let ok = try Toolchain.run(["sh", "-c", "echo out; echo err 1>&2; exit 3"])
    #expect(ok.status == 3)
    #expect(ok.output.contains("out") && ok.output.contains("err"))
    #expect(throws: (any Error).self) { try Toolchain.run(["/nonexistent/program"]) }
  }
}
