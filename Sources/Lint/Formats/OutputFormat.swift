import Compiler
import Foundation

public enum OutputFormat: String, CaseIterable, Sendable {
  case concise, full, json, sarif, github
}

/// Renders findings in one of the output formats.
public enum Reporter {
  public static func render(_ report: LintReport, format: OutputFormat, version: String) -> String {
    switch format {
    case .concise: return report.findings.map { $0.diagnostic.rendered(in: $0.source, style: .concise) + "\n" }.joined()
    case .full: return report.findings.map { full($0) + "\n\n" }.joined()
    case .json: return json(report)
    case .sarif: return sarif(report, version: version)
    case .github: return report.findings.map { github($0) + "\n" }.joined()
    }
  }

  static func full(_ f: Finding) -> String {
    var text = f.diagnostic.rendered(in: f.source, style: .full)
    if let fix = f.diagnostic.fix { text += "\n  = fix (thranlint check --fix): \(fix.message)" }
    return text
  }

  static func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  static func message(_ f: Finding) -> String {
    f.diagnostic.message + (f.diagnostic.hint.map { " (hint: \($0))" } ?? "")
  }

  /// design.md's JSON contract: an array sorted by file, row, column, code.
  static func json(_ report: LintReport) -> String {
    let items = report.findings.map { f -> String in
      let name = RuleRegistry.info(f.code)?.name ?? ""
      var fix = "null"
      if let fx = f.diagnostic.fix {
        let edits = fx.edits.map { e -> String in
          let s = f.position(e.range.start)
          let t = f.position(e.range.end)
          return "{\"content\":\(jsonString(e.replacement)),\"location\":{\"row\":\(s.row),\"column\":\(s.column)},"
            + "\"end_location\":{\"row\":\(t.row),\"column\":\(t.column)}}"
        }
        fix =
          "{\"message\":\(jsonString(fx.message)),\"applicability\":\"safe\",\"edits\":[\(edits.joined(separator: ","))]}"
      }
      return "  {\"code\":\(jsonString(f.code)),\"name\":\(jsonString(name)),\"message\":\(jsonString(message(f))),"
        + "\"filename\":\(jsonString(f.path)),\"location\":{\"row\":\(f.start.row),\"column\":\(f.start.column)},"
        + "\"end_location\":{\"row\":\(f.end.row),\"column\":\(f.end.column)},\"fix\":\(fix)}"
    }
    return items.isEmpty ? "[]\n" : "[\n" + items.joined(separator: ",\n") + "\n]\n"
  }

  static func github(_ f: Finding) -> String {
    func escapeData(_ s: String) -> String {
      s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
        .replacingOccurrences(of: "\n", with: "%0A")
    }
    func escapeProperty(_ s: String) -> String {
      escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
    let level = f.diagnostic.severity == .warning ? "warning" : "error"
    let title = "\(f.code) \(RuleRegistry.info(f.code)?.name ?? "")"
    return "::\(level) title=\(escapeProperty(title)),file=\(escapeProperty(f.path)),line=\(f.start.row),"
      + "col=\(f.start.column),endLine=\(f.end.row),endColumn=\(f.end.column)::\(escapeData(f.code + " " + message(f)))"
  }

  /// SARIF 2.1.0, one run, every rule described, uploadable to GitHub code scanning.
  static func sarif(_ report: LintReport, version: String) -> String {
    let rules = RuleRegistry.all.map { r -> String in
      "{\"id\":\(jsonString(r.code)),\"name\":\(jsonString(r.name)),"
        + "\"shortDescription\":{\"text\":\(jsonString(r.summary))},"
        + "\"help\":{\"text\":\(jsonString("See rules/\(r.code)-\(r.name).md in the Thran repository."))},"
        + "\"defaultConfiguration\":{\"level\":\(jsonString(r.code == "TL104" ? "warning" : "error"))}}"
    }
    let cwd = FileManager.default.currentDirectoryPath
    let results = report.findings.map { f -> String in
      var uri = f.path
      if uri.hasPrefix(cwd + "/") { uri = String(uri.dropFirst(cwd.count + 1)) }
      let index = RuleRegistry.all.firstIndex { $0.code == f.code } ?? 0
      return "{\"ruleId\":\(jsonString(f.code)),\"ruleIndex\":\(index),"
        + "\"level\":\(jsonString(f.diagnostic.severity == .warning ? "warning" : "error")),"
        + "\"message\":{\"text\":\(jsonString(message(f)))},\"locations\":[{\"physicalLocation\":{"
        + "\"artifactLocation\":{\"uri\":\(jsonString(uri)),\"uriBaseId\":\"%SRCROOT%\"},"
        + "\"region\":{\"startLine\":\(f.start.row),\"startColumn\":\(f.start.column),"
        + "\"endLine\":\(f.end.row),\"endColumn\":\(f.end.column)}}}]}"
    }
    return "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
      + "\"tool\":{\"driver\":{\"name\":\"thranlint\",\"version\":\(jsonString(version)),"
      + "\"rules\":[\(rules.joined(separator: ","))]}},"
      + "\"results\":[\(results.joined(separator: ","))]}]}\n"
  }

  /// `--statistics`: one line per code with its count, most frequent first.
  public static func statistics(_ report: LintReport) -> String {
    var counts: [String: Int] = [:]
    for f in report.findings { counts[f.code, default: 0] += 1 }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
      "\(String($0.value).leftPad(5))\t\($0.key)\t\(RuleRegistry.info($0.key)?.name ?? "")\n"
    }.joined()
  }
}

extension String {
  func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
