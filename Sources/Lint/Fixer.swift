import Compiler
import Foundation
import ThranSupport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file `--fix` had edits for but did not change, and why.
public struct FixFailure: Error, Sendable, Equatable {
  public var path: String
  public var reason: String
}

/// What `--fix` prints when it leaves a file as it was.
enum FixMessages {
  static let changedOnDisk = "the file changed after it was checked; not fixed, check it again"
  static let notRegular = "not a regular file"
  static let unknownEncoding = "its source encoding cannot be written back; not fixed"
  static let wouldBreak = "internal error: the fixed text would not parse; the file was left unchanged"
  static let cannotEncode = "the replacement has characters the file's encoding cannot hold; not fixed"
  static let unmappable = "an edit does not map to the file's bytes; not fixed"
  static func cannotOpen(_ reason: String) -> String { "cannot open for writing: \(reason)" }
  static func cannotRead(_ reason: String) -> String { "cannot read: \(reason)" }
  static func writeFailed(_ reason: String, restored: Bool) -> String {
    "write failed: \(reason); " + (restored ? "the original content was restored" : "the file may be incomplete")
  }
}

/// Applies fixes in place: the file's own inode is rewritten, so its mode, owner, hard links and (written
/// through) symlinks stay as they were. A file that does not parse, or would not parse after the fix, is never
/// written; every file that could not be written is reported.
enum Fixer {
  static let fixableCodes: Set<String> = [SignatureWhitespace.code, UnusedNoqa.code]

  struct Outcome {
    var remaining: [Diagnostic] = []
    var fixed = 0
    var failures: [FixFailure] = []
  }

  /// An identity for "the same file under two names" (a symlink and its target, two hard links).
  struct FileID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  /// `parsed` holds the paths whose files parsed when checked: only those are ever edited. `version` is the
  /// grammar they were checked with; a fixed file must still parse under that same grammar.
  static func apply(
    _ diagnostics: [Diagnostic], sources: [String: SourceFile], parsed: Set<String>, version: PythonVersion = .newest
  ) -> Outcome {
    var outcome = Outcome()
    var byPath: [String: [Diagnostic]] = [:]
    for d in diagnostics {
      if d.fix != nil, fixableCodes.contains(d.code ?? ""), parsed.contains(d.path) {
        byPath[d.path, default: []].append(d)
      } else {
        outcome.remaining.append(d)
      }
    }
    var done: [FileID: [UInt8]] = [:]
    for path in byPath.keys.sorted() {
      guard let ds = byPath[path], let source = sources[path] else { continue }
      switch fixFile(path: path, diagnostics: ds, source: source, version: version, done: &done) {
      case .success(let applied):
        outcome.fixed += applied.count
        outcome.remaining += ds.indices.filter { !applied.contains($0) }.map { ds[$0] }
      case .failure(let failure):
        outcome.failures.append(failure)
        outcome.remaining += ds
      }
    }
    return outcome
  }

  /// Edits of one file in raw byte offsets, with the index of the diagnostic each belongs to.
  struct RawEdit {
    var start: Int
    var end: Int
    var bytes: [UInt8]
    var owner: Int
  }

  static func fixFile(
    path: String, diagnostics: [Diagnostic], source: SourceFile, version: PythonVersion,
    done: inout [FileID: [UInt8]]
  ) -> Result<Set<Int>, FixFailure> {
    func fail(_ reason: String) -> Result<Set<Int>, FixFailure> { .failure(FixFailure(path: path, reason: reason)) }
    // open(2) follows a symlink: the target is written and the link stays a link.
    let fd = open(path, O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return fail(FixMessages.cannotOpen(errnoText())) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return fail(FixMessages.cannotRead(errnoText())) }
    guard info.st_mode & S_IFMT == S_IFREG else { return fail(FixMessages.notRegular) }
    let id = FileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    // The same file reached by a second name was fixed already: the same text gets the same edits.
    if let before = done[id] {
      return before == source.bytes ? .success(Set(diagnostics.indices)) : fail(FixMessages.changedOnDisk)
    }
    guard let raw = FileBytes.readAll(fd) else { return fail(FixMessages.cannotRead(errnoText())) }
    guard let reread = try? SourceFile(path: path, data: raw), reread.bytes == source.bytes else {
      return fail(FixMessages.changedOnDisk)
    }
    guard let encoding = SourceEncoding(raw: raw) else { return fail(FixMessages.unknownEncoding) }
    let edits: [RawEdit]
    switch rawEdits(diagnostics, raw: raw, source: source, encoding: encoding) {
    case .success(let e): edits = e
    case .failure(let reason): return fail(reason.text)
    }
    let (bytes, applied) = applying(edits, to: raw)
    guard let after = try? SourceFile(path: path, data: bytes), SourceEncoding(raw: bytes)?.name == encoding.name,
      parses(after, version: version)
    else { return fail(FixMessages.wouldBreak) }
    if bytes != raw, let error = writeInPlace(fd, new: bytes, old: raw) { return fail(error) }
    done[id] = source.bytes
    return .success(applied)
  }

  /// The check a fixed text must pass: it parses under the grammar the file was checked with.
  static func parses(_ file: SourceFile, version: PythonVersion) -> Bool {
    (try? Parser.parse(file, version: version)) != nil
  }

  struct Reason: Error {
    var text: String
  }

  static func rawEdits(
    _ diagnostics: [Diagnostic], raw: [UInt8], source: SourceFile, encoding: SourceEncoding
  ) -> Result<[RawEdit], Reason> {
    let map = RawOffsets(raw: raw, decoded: source, encoding: encoding)
    var edits: [RawEdit] = []
    for (n, d) in diagnostics.enumerated() {
      for e in d.fix?.edits ?? [] {
        guard let s = map.offset(e.range.start), let t = map.offset(e.range.end), s <= t else {
          return .failure(Reason(text: FixMessages.unmappable))
        }
        guard let bytes = encoding.encode(Array(e.replacement.utf8)) else {
          return .failure(Reason(text: FixMessages.cannotEncode))
        }
        edits.append(RawEdit(start: s, end: t, bytes: bytes, owner: n))
      }
    }
    return .success(edits)
  }

  /// Applies edits from the end backwards, skipping any that overlaps one already applied (the next run gets
  /// it). A diagnostic counts as fixed only when all its edits went in.
  static func applying(_ edits: [RawEdit], to raw: [UInt8]) -> ([UInt8], Set<Int>) {
    var bytes = raw
    var lastStart = Int.max
    var skipped = Set<Int>()
    var owners = Set<Int>()
    for e in edits.sorted(by: { ($0.start, $0.end) > ($1.start, $1.end) }) {
      owners.insert(e.owner)
      guard e.end <= lastStart, !skipped.contains(e.owner) else {
        skipped.insert(e.owner)
        continue
      }
      bytes.replaceSubrange(e.start..<e.end, with: e.bytes)
      lastStart = e.start
    }
    return (bytes, owners.subtracting(skipped))
  }

  // MARK: - I/O

  static func errnoText() -> String { String(cString: strerror(errno)) }

  /// Rewrites the file's bytes from the first one that changed, in the same inode. Space is reserved first so
  /// a full disk fails before any byte is touched; a failed write puts the old bytes back.
  static func writeInPlace(_ fd: Int32, new: [UInt8], old: [UInt8]) -> String? {
    let from = zip(new, old).prefix { $0 == $1 }.count
    if new.count > old.count {
      let rc = posix_fallocate(fd, 0, off_t(new.count))
      if rc != 0 { _ = truncate(fd, to: old.count) }
      // Not every file system can reserve space; there the write below is the test.
      if rc == ENOSPC || rc == EDQUOT || rc == EFBIG {
        return FixMessages.writeFailed(String(cString: strerror(rc)), restored: true)
      }
    }
    if let error = writeAll(fd, Array(new[from...]), at: from) ?? truncate(fd, to: new.count) ?? sync(fd) {
      let restored =
        writeAll(fd, Array(old[min(from, old.count)...]), at: from) == nil
        && truncate(fd, to: old.count) == nil
      return FixMessages.writeFailed(error, restored: restored)
    }
    return nil
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int) -> String? {
    var done = 0
    while done < bytes.count {
      let n = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return n == 0 ? "no bytes written" : errnoText() }
      done += n
    }
    return nil
  }

  static func truncate(_ fd: Int32, to length: Int) -> String? {
    ftruncate(fd, off_t(length)) == 0 ? nil : errnoText()
  }

  static func sync(_ fd: Int32) -> String? {
    fsync(fd) == 0 || errno == EINVAL ? nil : errnoText()
  }
}

/// Maps decoded (line, byte column) positions back to offsets in the file's raw bytes, so that a fix rewrites
/// only its own bytes and keeps the BOM, CRLF line ends and the file's encoding. A line whose raw bytes do not
/// decode to the checked text maps to nil: it is never edited.
struct RawOffsets {
  let raw: [UInt8]
  let decoded: SourceFile
  let encoding: SourceEncoding
  var starts: [Int] = []
  var ends: [Int] = []

  init(raw: [UInt8], decoded: SourceFile, encoding: SourceEncoding) {
    self.raw = raw
    self.decoded = decoded
    self.encoding = encoding
    var i = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    starts.append(i)
    while i < raw.count {
      if raw[i] == 10 || raw[i] == 13 {
        ends.append(i)
        if raw[i] == 13, i + 1 < raw.count, raw[i + 1] == 10 { i += 1 }
        starts.append(i + 1)
      }
      i += 1
    }
    ends.append(raw.count)
  }

  func offset(_ location: SourceLocation) -> Int? {
    let line = Int(location.line)
    guard line >= 1, line <= starts.count, line <= ends.count else { return nil }
    let start = starts[line - 1]
    let end = ends[line - 1]
    guard start <= end, let columns = encoding.rawColumns(raw: raw[start..<end], decoded: decoded.lineBytes(line)),
      Int(location.column) >= 0, Int(location.column) < columns.count, let column = columns[Int(location.column)]
    else { return nil }
    return start + column
  }
}
