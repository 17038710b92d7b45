import Foundation
import Testing

@testable import Lint

/// Fixtures carry their expectations inline: `# error: [TL203]` (or `# warning:`) on the line a finding must
/// be reported on. Lines without one must stay silent.
private let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

struct Expectation: Hashable, CustomStringConvertible {
  var file: String
  var line: Int
  var code: String
  var description: String { "\(file):\(line) \(code)" }
}

func expectations(in directory: URL) -> Set<Expectation> {
  var result = Set<Expectation>()
  let files = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).filter {
    $0.hasSuffix(".py")
  }
  let pattern = try! NSRegularExpression(pattern: #"# (?:error|warning): ((?:\[TL\d{3}\]\s*)+)"#)
  let code = try! NSRegularExpression(pattern: #"TL\d{3}"#)
  for file in files {
    let path = directory.appendingPathComponent(file).path
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let s = String(line)
      let ns = s as NSString
      for m in pattern.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
        let group = ns.substring(with: m.range(at: 1))
        for c in code.matches(in: group, range: NSRange(location: 0, length: (group as NSString).length)) {
          result.insert(Expectation(file: path, line: i + 1, code: (group as NSString).substring(with: c.range)))
        }
      }
    }
  }
  return result
}

func findings(in directory: URL) -> Set<Expectation> {
  var options = LintOptions(config: LintConfig(root: directory.path))
  options.paths = [directory.path]
  let report = Linter.run(options)
  return Set(report.findings.map { Expectation(file: $0.path, line: $0.start.row, code: $0.code) })
}

@Suite struct FixtureTests {
  @Test(arguments: [
    "seed", "signatures", "userdata", "consumers", "exports", "imports", "noqa", "ctypesfn", "numba", "independent",
  ])
  func fixtureFindingsMatchInlineExpectations(_ name: String) {
    let directory = fixtureRoot.appendingPathComponent(name)
    let expected = expectations(in: directory)
    let actual = findings(in: directory)
    #expect(actual.subtracting(expected).sorted { $0.description < $1.description } == [], "unexpected findings")
    #expect(expected.subtracting(actual).sorted { $0.description < $1.description } == [], "missing findings")
  }

  @Test func seedFixtureIsSilentAndNonTrivial() {
    let directory = fixtureRoot.appendingPathComponent("seed")
    #expect(findings(in: directory).isEmpty)
    var options = LintOptions(config: LintConfig(root: directory.path))
    options.paths = [directory.path]
    let project = Project(
      index: ProjectIndex(
        files: ProjectIndex.discover(paths: [directory.path], excluded: { _ in false }, forceExclude: false).files,
        model: .init()))
    // The silence must come from resolved flows, not from seeing nothing.
    #expect(project.sites.count == 4)
    #expect(project.uses.count == 4)
    #expect(project.sites.allSatisfy { project.info($0.callable) != nil })
  }
}

@Suite struct RuleDocumentationTests {
  @Test func everyRuleHasADocumentWithTheFiveSections() {
    for rule in RuleRegistry.all {
      let text = RuleDocs.text(for: rule)
      #expect(text != nil, "missing rules/\(rule.code)-\(rule.name).md")
      for section in ["## What it does", "## Why is this bad", "## Example", "## Use instead", "## Fix"] {
        #expect(text?.contains(section) == true, "\(rule.code) lacks \(section)")
      }
      #expect(text?.hasPrefix("# \(rule.code) \(rule.name)") == true)
    }
    #expect(RuleDocs.fileNames().count == RuleRegistry.all.count)
  }
}
