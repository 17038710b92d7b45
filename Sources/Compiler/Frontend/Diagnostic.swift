/// A located problem in a source file. Locations use CPython's convention (UTF-8 byte columns); rendering
/// converts them to 1-based code-point columns.
public struct Diagnostic: Error, Sendable, Equatable {
  public enum Severity: String, Sendable { case error, warning, note }

  public var severity: Severity
  public var message: String
  public var range: SourceRange
  public var path: String
  public var hint: String?
  /// A rule code such as "TL001", or nil for plain syntax errors.
  public var code: String?
  /// A safe automatic correction, when the rule has one.
  public var fix: Fix?

  public init(
    severity: Severity = .error, message: String, range: SourceRange, path: String = "", hint: String? = nil,
    code: String? = nil
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.path = path
    self.hint = hint
    self.code = code
  }

  public init(
    severity: Severity = .error, message: String, location: SourceLocation, path: String = "", hint: String? = nil,
    code: String? = nil
  ) {
    self.init(
      severity: severity, message: message, range: SourceRange(start: location, end: location), path: path, hint: hint,
      code: code)
  }
}

/// Replacements that correct a diagnostic: each edit replaces a source range with new text.
public struct Fix: Sendable, Equatable {
  public struct Edit: Sendable, Equatable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
      self.range = range
      self.replacement = replacement
    }
  }

  public var message: String
  public var edits: [Edit]

  public init(message: String, edits: [Edit]) {
    self.message = message
    self.edits = edits
  }
}

public enum DiagnosticStyle: Sendable { case concise, full }

extension Diagnostic {
  /// `path:line:col: error: message` (1-based line and code-point column); `full` adds the line, a caret
  /// underline and the hint.
  public func rendered(in source: SourceFile?, style: DiagnosticStyle = .full) -> String {
    let line = Int(range.start.line)
    let column =
      source?.codePointColumn(line: line, byteColumn: Int(range.start.column)) ?? Int(range.start.column) + 1
    let codePart = code.map { "[\($0)] " } ?? ""
    var out = "\(path.isEmpty ? (source?.path ?? "<input>") : path):\(line):\(column): \(severity.rawValue): "
    out += codePart + message
    guard style == .full else { return out }
    if let source, line >= 1, line <= source.lineStarts.count {
      let text = source.lineText(line).replacingTabsForDisplay()
      let gutter = String(line)
      out += "\n \(gutter) | \(text)\n"
      var width = 1
      if range.end.line == range.start.line, range.end.column > range.start.column {
        let endColumn = source.codePointColumn(line: line, byteColumn: Int(range.end.column))
        width = max(1, endColumn - column)
      }
      out += " \(String(repeating: " ", count: gutter.count)) | "
      out += String(repeating: " ", count: max(0, column - 1)) + "^" + String(repeating: "~", count: width - 1)
    }
    if let hint { out += "\n  = hint: \(hint)" }
    return out
  }
}

extension String {
  // Tabs are shown as single spaces so that the caret lines up with code-point columns.
  fileprivate func replacingTabsForDisplay() -> String {
    String(self.map { $0 == "\t" ? " " : $0 })
  }
}
