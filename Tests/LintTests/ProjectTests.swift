import Foundation
import Testing
import ThranSupport

@testable import Lint

private let lib = "#pythran export capsule f(float32)\ndef f(x):\n    return x\n"
private let use =
  "import scipy\nimport lib\nc = scipy.LowLevelCallable(lib.f, signature=\"double (double)\")\n"

/// The findings of checking `paths` (absolute), as `relative-path:line code`.
private func lintPaths(_ paths: [String], root: String) -> [String] {
  var options = LintOptions(config: LintConfig(root: root))
  options.paths = paths
  options.useClang = false
  return Linter.run(options).findings.map {
    "\(Paths.relative(Paths.absolute($0.path, from: FileManager.default.currentDirectoryPath), to: root)):"
      + "\($0.start.row) \($0.code)"
  }.sorted()
}

@Suite struct ProjectResolutionTests {
  @Test func aFileAloneGetsTheFindingsItGetsInTheTree() throws {
    let dir = try scratch(["pyproject.toml": [], "lib.py": Array(lib.utf8), "app/use.py": Array(use.utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let tree = lintPaths([dir], root: dir).filter { $0.hasPrefix("app/use.py") }
    let alone = lintPaths([dir + "/app/use.py"], root: dir)
    #expect(tree == ["app/use.py:3 TL203"])
    #expect(alone == tree)
  }

  @Test func aDirectoryReachedTwiceCountsOnce() throws {
    let dir = try scratch(["pyproject.toml": [], "lib.py": Array(lib.utf8), "app/use.py": Array(use.utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/app")
    let found = ProjectIndex.discover(
      paths: [dir + "/app", dir + "/app/", dir + "/app/../app", dir + "/link", dir + "/./app"],
      excluded: { _ in false }, forceExclude: false)
    #expect(found.files == [dir + "/app/use.py"])
  }

  @Test func danglingLinksAreReported() throws {
    let dir = try scratch(["a.py": Array("x = 1\n".utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createSymbolicLink(atPath: dir + "/gone.py", withDestinationPath: dir + "/nowhere.py")
    let found = ProjectIndex.discover(paths: [dir], excluded: { _ in false }, forceExclude: false)
    #expect(found.files == [dir + "/a.py"])
    #expect(found.problems == [ProjectIndex.Message.danglingLink(dir + "/gone.py")])
  }
}

@Suite struct OutputEscapingTests {
  @Test func controlCharactersAreEscapedInMessagesAndPaths() {
    #expect(Reporter.escaped("a\nb\r\u{1B}[31m\u{202E}") == "a\\nb\\r\\e[31m\\u{202e}")
    #expect(Reporter.escaped("plain é") == "plain é")
    #expect(Reporter.escaped(bytes: [0x61, 0xFF, 0x2E]) == "a\\xff.")
  }

  @Test func quotedSourceKeepsColumnsWithVisibleSymbols() {
    #expect(Reporter.visible("x\u{1B}y\nz") == "x\u{241B}y\nz")
  }

  @Test func sarifURIsArePercentEncoded() {
    #expect(Reporter.percentEncoded("a b/%é#?.py") == "a%20b/%25%C3%A9%23%3F.py")
  }
}
