import Foundation

/// Small helpers for thran's on-disk caches (`~/.cache/thran`), shared by every module that caches.
public enum CacheFile {
  /// Writes then renames: a concurrent reader never sees a half-written file. Failures only cost the cache.
  public static func write(_ data: Data, to url: URL) {
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let temp = url.appendingPathExtension("tmp\(getpid())")
    if (try? data.write(to: temp)) != nil, rename(temp.path, url.path) != 0 {
      try? FileManager.default.removeItem(at: temp)
    }
  }
}

/// FNV-1a: stable across runs, unlike Swift's seeded Hasher; names cache files.
public func stableHash(_ s: String) -> String {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in s.utf8 {
    h ^= UInt64(b)
    h = h &* 0x100_0000_01b3
  }
  return String(h, radix: 16)
}
