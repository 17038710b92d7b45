/// Accumulates C text with indentation and `#line` bookkeeping.
struct CWriter {
  private(set) var lines: [String] = []
  var indent = 0
  /// The C file name used to point `#line` back at generated code after Python-mapped sections.
  let cFileName: String
  let pyFileName: String
  private var mappedToPython = false

  init(cFileName: String, pyFileName: String) {
    self.cFileName = cFileName
    self.pyFileName = pyFileName
  }

  mutating func line(_ text: String) {
    lines.append(text.isEmpty ? "" : String(repeating: "  ", count: indent) + text)
  }

  mutating func lines(_ text: String) {
    for l in text.split(separator: "\n", omittingEmptySubsequences: false) { line(String(l)) }
  }

  /// Maps the next generated line to a Python source line.
  mutating func pythonLine(_ line: Int32) {
    lines.append("#line \(line) \"\(escape(pyFileName))\"")
    mappedToPython = true
  }

  /// Maps the following lines back to the C file itself.
  mutating func cLines() {
    guard mappedToPython else { return }
    lines.append("#line \(lines.count + 2) \"\(escape(cFileName))\"")
    mappedToPython = false
  }

  func escape(_ s: String) -> String { cStringBody(s) }

  var text: String { lines.joined(separator: "\n") + "\n" }
}

/// The body of a C string literal (without quotes) holding `s`'s UTF-8 bytes.
func cStringBody(_ s: String) -> String {
  var out = ""
  for byte in s.utf8 {
    switch byte {
    case UInt8(ascii: "\\"): out += "\\\\"
    case UInt8(ascii: "\""): out += "\\\""
    case UInt8(ascii: "\n"): out += "\\n"
    case UInt8(ascii: "?"): out += "\\?"  // no trigraphs
    case 0x20...0x7e: out.unicodeScalars.append(Unicode.Scalar(byte))
    default: out += "\\" + String(byte, radix: 8).leftPadded(to: 3)
    }
  }
  return out
}

func cString(_ s: String) -> String { "\"" + cStringBody(s) + "\"" }

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
