import Foundation

/// The rule documents (`rules/TLnnn-name.md`), shipped with the linter as resources.
public enum RuleDocs {
  public static func text(for rule: RuleInfo) -> String? {
    guard let directory = Bundle.module.url(forResource: "rules", withExtension: nil) else { return nil }
    let url = directory.appendingPathComponent("\(rule.code)-\(rule.name).md")
    return try? String(contentsOf: url, encoding: .utf8)
  }

  /// Every bundled document's file name.
  public static func fileNames() -> [String] {
    guard let directory = Bundle.module.url(forResource: "rules", withExtension: nil),
      let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
    else { return [] }
    return names.sorted()
  }
}
