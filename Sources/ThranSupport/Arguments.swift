#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The command-line arguments as the system passed them.
public enum RawArguments {
  /// The first argument that is not valid UTF-8, as its bytes. CommandLine.arguments repairs invalid UTF-8
  /// (U+FFFD), which would read or write a file nobody named, so the raw bytes are looked at first.
  public static func firstNonUTF8() -> [UInt8]? {
    for i in 1..<max(1, Int(CommandLine.argc)) {
      guard let pointer = CommandLine.unsafeArgv[i] else { continue }
      let bytes = Array(UnsafeBufferPointer(start: pointer, count: strlen(pointer))).map { UInt8(bitPattern: $0) }
      if String(validating: bytes, as: UTF8.self) == nil { return bytes }
    }
    return nil
  }

  /// Printable ASCII as itself, every other byte as `\xNN`: a name that is not UTF-8, shown as it is.
  public static func escaped(_ bytes: [UInt8]) -> String {
    var out = ""
    for b in bytes {
      if b >= 0x20 && b < 0x7F {
        out.unicodeScalars.append(Unicode.Scalar(b))
      } else {
        out += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
      }
    }
    return out
  }
}
