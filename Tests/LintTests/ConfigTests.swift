import Foundation
import Testing

@testable import Lint

/// A scratch directory with the given files, removed by the caller.
func scratch(_ files: [String: [UInt8]]) throws -> String {
  let dir = NSTemporaryDirectory() + "thranlint-test-\(UUID().uuidString)"
  for (name, bytes) in files {
    let path = dir + "/" + name
    let parent = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
  }
  return dir
}

func configError(_ text: [UInt8]) throws -> String? {
  let dir = try scratch(["pyproject.toml": text])
  defer { try? FileManager.default.removeItem(atPath: dir) }
  do {
    _ = try LintConfig.load(path: dir + "/pyproject.toml")
    return nil
  } catch {
    return error.message.replacingOccurrences(of: dir + "/", with: "")
  }
}

@Suite struct TOMLReaderTests {
  @Test(arguments: [Array("[}".utf8), [0x5B, 0x17], Array("[a]\n[a]\n".utf8), Array("a = [1,\n".utf8)])
  func rejectsWithALocationAndNeverTraps(_ bytes: [UInt8]) {
    #expect(throws: TOMLError.self) { try TOML.parse(bytes) }
  }

  @Test func bracketBraceIsLocated() {
    #expect(throws: TOMLError(position: TOMLPosition(line: 1, column: 2), reason: TOMLMessage.invalidKey)) {
      try TOML.parse(Array("[}".utf8))
    }
  }

  @Test func invalidUTF8GetsLineColumnAndReason() {
    let bytes = Array("a = 1\nb = \"x".utf8) + [0xFF] + Array("\"\n".utf8)
    #expect(
      throws: TOMLError(position: TOMLPosition(line: 2, column: 7), reason: TOMLText.Message.invalidLead + " (0xFF)")
    ) {
      try TOML.parse(bytes)
    }
  }

  @Test func readsTheValuesThranlintNeeds() throws {
    let doc = try TOML.parse(
      "[tool.thranlint]\nselect = [\"TL2\", 'TL901'] # c\n[tool.thranlint.per-file-ignores]\n\"t/*\" = [\"TL1\"]\n")
    let section = doc["tool"]?.table?["thranlint"]?.table
    #expect(section?["select"]?.array?.items.compactMap(\.string) == ["TL2", "TL901"])
    #expect(section?["select"]?.array?.items.last?.position == TOMLPosition(line: 2, column: 18))
    #expect(section?["per-file-ignores"]?.table?["t/*"]?.array?.items.first?.string == "TL1")
  }

  @Test func tableSemanticsFollowTomllib() {
    // Accepted by tomllib: a header below a table a dotted key made.
    #expect((try? TOML.parse("[a]\nb.c = 1\n[a.b.d]\n")) != nil)
    #expect(throws: TOMLError.self) { try TOML.parse("[a]\nb.c = 1\n[a.b]\n") }
    #expect(throws: TOMLError.self) { try TOML.parse("a = {b = 1}\n[a]\n") }
    #expect(throws: TOMLError.self) { try TOML.parse("x = 2021-02-29\n") }
  }
}

@Suite struct ConfigTests {
  @Test func tomlErrorsNameFileLineAndColumn() throws {
    #expect(try configError(Array("[}".utf8))?.hasPrefix("pyproject.toml:1:2: error: invalid TOML:") == true)
    #expect(try configError([0x5B, 0x17])?.hasPrefix("pyproject.toml:1:2: error: invalid TOML:") == true)
    #expect(try configError(Array("a = \"".utf8) + [0xC3])?.contains("1:6: error: invalid TOML: invalid UTF-8") == true)
  }

  @Test(arguments: ["select", "ignore", "extend-select"])
  func unknownCodesAreErrorsAtTheirItem(_ key: String) throws {
    let message = try configError(Array("[tool.thranlint]\n\(key) = [\"TL2\", \"E\"]\n".utf8))
    #expect(message?.hasPrefix("pyproject.toml:2:\(key.count + 12): error: [tool.thranlint] unknown rule code") == true)
    #expect(message?.contains("'E'") == true)
  }

  @Test func unknownCodesInPerFileIgnoresAreErrors() throws {
    let message = try configError(Array("[tool.thranlint.per-file-ignores]\n\"t/*\" = [\"F\"]\n".utf8))
    #expect(message?.hasPrefix("pyproject.toml:2:10: error:") == true)
  }

  @Test func prefixesThatMatchRulesAreValid() throws {
    #expect(try configError(Array("[tool.thranlint]\nselect = [\"TL2\", \"tl901\", \"ALL\"]\n".utf8)) == nil)
  }

  @Test func targetVersionIsRead() throws {
    let dir = try scratch(["pyproject.toml": Array("[tool.thranlint]\ntarget-version = \"py312\"\n".utf8)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(try LintConfig.load(path: dir + "/pyproject.toml").pythonVersion == .py312)
    #expect(try configError(Array("[tool.thranlint]\ntarget-version = \"py39\"\n".utf8))?.contains("2:18") == true)
  }

  @Test func wrongTypesNameWhatWasFound() throws {
    let message = try configError(Array("[tool.thranlint]\nselect = \"TL2\"\n".utf8))
    #expect(
      message == "pyproject.toml:2:10: error: [tool.thranlint] 'select' must be a list of strings, found a string")
  }
}
