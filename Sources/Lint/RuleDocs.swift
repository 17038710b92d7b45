import Foundation
import ThranSupport

/// The rule documents (`rules/TLnnn-name.md`), shipped with the linter as resources.
public enum RuleDocs {
  public static func text(for rule: RuleInfo) -> String? {
    guard let directory = Bundle.module.url(forResource: "rules", withExtension: nil) else { return nil }
    let path = Paths.join(directory.path, "\(rule.code)-\(rule.name).md")
    return FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
  }

  /// Every bundled document's file name.
  public static func fileNames() -> [String] {
    guard let directory = Bundle.module.url(forResource: "rules", withExtension: nil),
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    return names.sorted()
  }
}
