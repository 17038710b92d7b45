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

  /// True when `letters` (lowercase ASCII letters) occurs in any mix of cases: `memchr` for either case of the
  /// first letter, then the rest compared with the case bit set, at the speed of `offset(ofBytes:)`.
  public func containsASCIILettersIgnoringCase(_ letters: [UInt8]) -> Bool {
    guard let first = letters.first else { return true }
    let found: Bool? = withContiguousStorageIfAvailable { haystack -> Bool in
      guard let base = haystack.baseAddress, haystack.count >= letters.count else { return false }
      let last = haystack.count - letters.count
      for start in [first, first & ~0x20] {
        var i = 0
        while i <= last, let hit = memchr(base + i, Int32(start), last - i + 1) {
          let at = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          if letters.indices.dropFirst().allSatisfy({ base[at + $0] | 0x20 == letters[$0] }) { return true }
          i = at + 1
        }
      }
      return false
    }
    if let found { return found }
    return Array(self).containsASCIILettersIgnoringCase(letters)
  }
}
