#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole-file reads on an open descriptor, for callers that need errno's own reason when a read fails.
public enum FileBytes {
  /// Every byte from the descriptor's offset to the end (read(2), so pipes work too); nil with errno set when a
  /// read fails.
  public static func readAll(_ fd: Int32) -> [UInt8]? {
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { return nil }
      if n == 0 { return out }
      out += chunk[0..<n]
    }
  }
}
