#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Collection where Element == UInt8 {
  /// The offset (from `startIndex`) of the first occurrence of `needle`: `memchr` for the first byte, then
  /// `memcmp`. Foundation's generic `firstRange(of:)` costs about 50x more, which dominated linting a tree.
  public func offset(ofBytes needle: [UInt8]) -> Int? {
    guard !needle.isEmpty else { return 0 }
    let found: Int?? = withContiguousStorageIfAvailable { haystack -> Int? in
      needle.withUnsafeBufferPointer { n -> Int? in
        guard let base = haystack.baseAddress, let nb = n.baseAddress, haystack.count >= n.count else { return nil }
        let last = haystack.count - n.count
        var i = 0
        while i <= last {
          guard let hit = memchr(base + i, Int32(nb[0]), last - i + 1) else { return nil }
          let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          if memcmp(base + at, nb, n.count) == 0 { return at }
          i = at + 1
        }
        return nil
      }
    }
    if let found { return found }
    let hay = Array(self)
    return hay.offset(ofBytes: needle)
  }

  public func containsBytes(_ needle: [UInt8]) -> Bool { offset(ofBytes: needle) != nil }
}
