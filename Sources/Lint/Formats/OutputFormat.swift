import Compiler
import Foundation
import ThranSupport

public enum OutputFormat: String, CaseIterable, Sendable {
  case concise, full, json, sarif, github
}

/// Renders findings in one of the output formats.
public enum Reporter {
  public static func render(_ report: LintReport, format: OutputFormat, version: String) -> String {
    switch format {
    case .concise: return report.findings.map { concise($0) + "\n" }.joined()
    case .full: return report.findings.map { full($0) + "\n\n" }.joined()
    case .json: return json(report)
    case .sarif: return sarif(report, version: version)
    case .github: return report.findings.map { github($0) + "\n" }.joined()
    }
  }

  static func concise(_ f: Finding) -> String {
    printable(f.diagnostic).rendered(in: f.source, style: .concise)
  }

  static func full(_ f: Finding) -> String {
    // The quoted source line may hold control characters too: shown as symbols, one column each, so that the
    // caret stays under its column.
    var text = visible(printable(f.diagnostic).rendered(in: f.source, style: .full))
    if let fix = f.diagnostic.fix { text += "\n  = fix (thranlint check --fix): \(escaped(fix.message))" }
    return text
  }

  /// The diagnostic with message, hint and path escaped: one finding is one line, whatever a source string or
  /// a file name holds.
  static func printable(_ d: Diagnostic) -> Diagnostic {
    var d = d
    d.message = escaped(d.message)
    d.hint = d.hint.map(escaped)
    d.path = escaped(d.path)
    return d
  }

  /// Characters that move the cursor, end a line, change the terminal's state or reorder text.
  static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// `\n`, `\r`, `\t`, `\e` and `\u{…}` for unsafe characters; everything else as is.
  public static func escaped(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: isUnsafe) else { return s }
    var out = ""
    for u in s.unicodeScalars {
      guard isUnsafe(u) else {
        out.unicodeScalars.append(u)
        continue
      }
      switch u {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{1B}": out += "\\e"
      default: out += "\\u{" + String(u.value, radix: 16) + "}"
      }
    }
    return out
  }

  /// A raw file name: printable ASCII and valid UTF-8 kept, other bytes as `\xNN`.
  public static func escaped(bytes: [UInt8]) -> String { RawArguments.escaped(bytes) }

  /// Unsafe characters other than the line breaks of the rendering itself, as one visible symbol each.
  static func visible(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0 != "\n" && isUnsafe($0) }) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
      if u == "\n" || !isUnsafe(u) {
        out.append(u)
      } else if u.value < 0x20, let picture = Unicode.Scalar(0x2400 + u.value) {
        out.append(picture)
      } else {
        out.append("\u{FFFD}")
      }
    }
    return String(out)
  }

  /// RFC 3986 percent-encoding of a path for a URI: unreserved characters and `/` kept, every other byte of
  /// its UTF-8 as `%XX`.
  static func percentEncoded(_ path: String) -> String {
    var out = ""
    for b in path.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(b))
      default:
        out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
      }
    }
    return out
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
          "{\"message\":\(jsonString(fx.message)),\"applicability\":\"safe\","
          + "\"edits\":[\(edits.joined(separator: ","))]}"
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
    // Escaped first: a CI log is a terminal too.
    return "::\(level) title=\(escapeProperty(title)),file=\(escapeProperty(escaped(f.path))),line=\(f.start.row),"
      + "col=\(f.start.column),endLine=\(f.end.row),endColumn=\(f.end.column)::"
      + escapeData(escaped(f.code + " " + message(f)))
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
      // Inside the checked root: relative to %SRCROOT%; elsewhere an absolute file: URI.
      let relative = Paths.relative(Paths.absolute(f.path, from: cwd), to: cwd)
      let artifact =
        relative.hasPrefix("/")
        ? "{\"uri\":\(jsonString("file://" + percentEncoded(relative)))}"
        : "{\"uri\":\(jsonString(percentEncoded(relative))),\"uriBaseId\":\"%SRCROOT%\"}"
      let index = RuleRegistry.all.firstIndex { $0.code == f.code } ?? 0
      return "{\"ruleId\":\(jsonString(f.code)),\"ruleIndex\":\(index),"
        + "\"level\":\(jsonString(f.diagnostic.severity == .warning ? "warning" : "error")),"
        + "\"message\":{\"text\":\(jsonString(message(f)))},\"locations\":[{\"physicalLocation\":{"
        + "\"artifactLocation\":\(artifact),"
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
