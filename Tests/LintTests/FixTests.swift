import Compiler
import Foundation
import Testing

@testable import Lint

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh directory under the system temporary directory, removed by the caller.
private func scratch() throws -> String {
  let dir = FileManager.default.temporaryDirectory.path + "/thran-fixtests-" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  return dir
}

private func write(_ path: String, _ bytes: [UInt8]) throws {
  try Data(bytes).write(to: URL(fileURLWithPath: path))
}

private func read(_ path: String) -> [UInt8] {
  FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
}

private func lint(_ dir: String, fix: Bool) -> LintReport {
  var options = LintOptions(config: LintConfig(root: dir))
  options.paths = [dir]
  options.fix = fix
  options.useClang = false
  return Linter.run(options)
}

private func source(_ text: String) throws -> SourceFile { try SourceFile(path: "m.py", text: text) }

/// The line after applying the unused-noqa edit for `unused` to a one-line file.
private func removing(_ unused: Set<String>, from line: String) throws -> String? {
  let file = try source(line + "\n")
  guard let directive = NoqaDirective.scan(file)?[1], let edit = directive.removing(unused) else { return nil }
  var bytes = Array(file.lineBytes(1))
  bytes.replaceSubrange(Int(edit.range.start.column)..<Int(edit.range.end.column), with: Array(edit.replacement.utf8))
  return String(decoding: bytes, as: UTF8.self)
}

@Suite struct CommentScanTests {
  @Test func onlyCommentTokensAreComments() throws {
    let text = """
      \"\"\"Doc.
      # not a comment
      \"\"\"
      s = '# no'  # yes 1
      t = f'{1}#no' + b'''#no'''
      u = (1,  # yes 2
           2)
          # yes 3
      """
    let comments = try #require(CommentScan.comments(in: try source(text)))
    #expect(comments.map { String(decoding: $0.text, as: UTF8.self) } == ["# yes 1", "# yes 2", "# yes 3"])
    #expect(comments.map(\.line) == [4, 6, 8])
    #expect(comments.map(\.ownLine) == [false, false, true])
    #expect(comments.first?.column == 12)
    #expect(comments.first?.blanksStart == 10)
  }

  @Test func commentsFollowTheTargetVersionsTokenizer() throws {
    // From 3.12 a replacement field of a triple-quoted f-string may hold a comment; before, it is string text.
    let file = try source("z = f\"\"\"{1 # noqa: TL205\n}\"\"\"\n")
    #expect(CommentScan.comments(in: file, version: .py311)?.isEmpty == true)
    #expect(CommentScan.comments(in: file, version: .py312)?.map(\.line) == [1])
    #expect(NoqaDirective.scan(file, version: .py311)?.isEmpty == true)
    #expect(NoqaDirective.scan(file, version: .py312)?[1]?.codes == ["TL205"])
  }

  @Test func fileThatDoesNotTokenizeHasUnknownComments() throws {
    #expect(CommentScan.comments(in: try source("x = (\n# c\n")) == nil)
    #expect(CommentScan.comments(in: try source("x = 1\n")) == [])
  }

  @Test func exportsInsideDocstringsAreNotExports() throws {
    let text = "\"\"\"\n#pythran export g(int)\n\"\"\"\n#pythran export f(int)\ndef f(a):\n    return a\n"
    let result = ExportSpecParser.exports(inComments: try source(text))
    #expect(result.specs.map(\.name) == ["f"])
  }
}

@Suite struct NoqaDirectiveTests {
  @Test func readsCodesBareAndSeveralDirectives() throws {
    let file = try source("a = 1  # noqa: TL203, E501 see\nb = 2  # NOQA\nc = 3  # x # noqa:TL201 # noqa: TL205\n")
    let directives = try #require(NoqaDirective.scan(file))
    #expect(directives[1]?.codes == ["TL203", "E501"])
    #expect(directives[2].map { $0.codes == nil } == true)
    #expect(directives[3]?.codes == ["TL201", "TL205"])
    #expect(directives[3]?.range.start.column == 11)
  }

  @Test func directivesInAnyCaseAreFound() throws {
    // The campaign found `# NoQa: TL201` read as no directive at all: the cheap filter looked for two spellings.
    let file = try source("x = 1  # NoQa: TL201\ny = 2  #nOqA\n")
    let directives = try #require(NoqaDirective.scan(file))
    #expect(directives[1]?.codes == ["TL201"])
    #expect(directives[2].map { $0.codes == nil } == true)
  }

  @Test func textInStringsIsNoDirective() throws {
    let file = try source("s = '# noqa: TL203'\nt = \"\"\"\n# noqa: TL205\n\"\"\"\n")
    #expect(NoqaDirective.scan(file)?.isEmpty == true)
  }

  @Test(arguments: [
    ("x = 1  # noqa: TL203 see issue 12", "x = 1  # see issue 12"),
    ("x = 1  # noqa: TL203", "x = 1"),
    ("    # noqa: TL203", ""),
    ("x = 1  # noqa: TL203, E501 why", "x = 1  # noqa: E501 why"),
    ("x = 1  # noqa:TL207,TL203", "x = 1  # noqa:TL207"),
    ("x = 1  # noqa: TL203  # type: ignore", "x = 1  # type: ignore"),
    ("x = 1  # type: ignore  # noqa: TL203", "x = 1  # type: ignore"),
    ("x = 1  # noqa: TL203, see", "x = 1  # see"),
    ("x = 1  # noqa: TL203 a # noqa: TL203 b", "x = 1  # a # b"),
    ("x = 1  # noqa: TL203 # noqa: TL207", "x = 1  # noqa: TL207"),
    // The kept codes keep their own spelling: each its separator, nothing re-joined.
    ("x = 1  # noqa:E501 TL203,W291   # keep", "x = 1  # noqa:E501,W291   # keep"),
    ("x = 1  # noqa: TL203,E501", "x = 1  # noqa: E501"),
    ("x = 1  # noqa:TL207 TL203  TL201 why", "x = 1  # noqa:TL207  TL201 why"),
    ("x = 1  # NOQA :  TL207,\tTL203", "x = 1  # NOQA :  TL207"),
    // Prose keeps the directive's own `#` and blanks; a `#` written without a blank gets one.
    ("x = 1  #\tNoQa:  TL203 - why", "x = 1  #\t- why"),
    ("x = 1  #noqa:TL203 why", "x = 1  # why"),
  ])
  func removalKeepsTheRestAComment(_ line: String, _ expected: String) throws {
    let unused: Set<String> = ["TL203"]
    let after = try #require(try removing(unused, from: line))
    #expect(after == expected)
    // Idempotent: what is left holds no TL203 to remove again.
    #expect(NoqaDirective.scan(try source(after + "\n"))?[1]?.codes?.contains("TL203") != true)
  }

  @Test func aDirectiveNamingTL901IsNeverReported() throws {
    let file = try source("x = 1  # noqa: TL901, TL203\ny = 2  # noqa: TL203\n")
    let directives = try #require(NoqaDirective.scan(file))
    #expect(UnusedNoqa.check(try #require(directives[1]), used: [], path: "m.py").isEmpty)
    #expect(UnusedNoqa.check(try #require(directives[2]), used: [], path: "m.py").count == 1)
  }

  @Test func proseThatWouldBecomeADirectiveIsNotRewritten() throws {
    #expect(try removing(["TL203"], from: "x = 1  # noqa: TL203 noqa: TL205") == nil)
  }
}

@Suite struct SourceEncodingTests {
  @Test func latin1AndCp1252RoundTrip() throws {
    let latin = try #require(SourceEncoding(raw: Array("# coding: latin-1\n".utf8)))
    #expect(latin.encode(Array("é".utf8)) == [0xE9])
    #expect(latin.encode(Array("€".utf8)) == nil)
    #expect(latin.rawColumns(raw: [0x61, 0xE9, 0x62], decoded: Array("aéb".utf8)[...]) == [0, 1, nil, 2, 3])
    let cp = try #require(SourceEncoding(raw: Array("# -*- coding: cp1252 -*-\n".utf8)))
    #expect(cp.encode(Array("€".utf8)) == [0x80])
    #expect(SourceEncoding(raw: [0xEF, 0xBB, 0xBF, 0x61])?.encode(Array("é".utf8)) == Array("é".utf8))
  }

  @Test func lineThatDoesNotDecodeToTheCheckedTextHasNoColumns() throws {
    let utf8 = try #require(SourceEncoding(raw: []))
    #expect(utf8.rawColumns(raw: [0x61], decoded: [0x62]) == nil)
  }
}

@Suite(.serialized) struct FixTests {
  @Test func fixKeepsProseAndIsIdempotent() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.py"
    try write(path, Array("x = 1  # noqa: TL203 see issue 12\n".utf8))
    let first = lint(dir, fix: true)
    #expect(first.fixed == 1)
    #expect(first.findings.isEmpty)
    #expect(read(path) == Array("x = 1  # see issue 12\n".utf8))
    #expect(lint(dir, fix: true).fixed == 0)
    #expect(read(path) == Array("x = 1  # see issue 12\n".utf8))
  }

  @Test func syntaxErrorIsNeverSuppressedNorEdited() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.py"
    let text = Array("x = 1  # noqa: TL203\ndef f(:  # noqa\n    pass\n".utf8)
    try write(path, text)
    let report = lint(dir, fix: true)
    #expect(report.findings.map(\.code) == ["TL900"])
    #expect(report.fixed == 0)
    #expect(read(path) == text)
  }

  @Test func modeAndHardLinkAreKept() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/p", withIntermediateDirectories: true)
    let path = dir + "/p/m.py"
    try write(path, Array("x = 1  # noqa: TL203\n".utf8))
    chmod(path, 0o600)
    link(path, dir + "/other.py")
    var before = stat()
    stat(path, &before)
    #expect(lint(dir + "/p", fix: true).fixed == 1)
    var after = stat()
    stat(path, &after)
    #expect(after.st_ino == before.st_ino)
    #expect(after.st_mode & 0o7777 == 0o600)
    #expect(read(dir + "/other.py") == Array("x = 1\n".utf8))
  }

  @Test func latin1BytesOutsideTheEditAreKept() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.py"
    let head = Array("# coding: latin-1\ns = '".utf8) + [0xE9] + Array("'  # ".utf8)
    try write(path, head + Array("noqa: TL203 ".utf8) + [0xE7, 0x0D, 0x0A])
    #expect(lint(dir, fix: true).fixed == 1)
    #expect(read(path) == head + [0xE7, 0x0D, 0x0A])
  }

  @Test func unwritableFileIsAFailureWithItsReason() throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.py"
    try write(path, Array("x = 1  # noqa: TL203\n".utf8))
    // A directory where the file was: open(2) for writing fails whoever runs the test, root included.
    let file = try SourceFile.read(path: path)
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    let directive = try #require(NoqaDirective.scan(file)?[1])
    let diagnostics = UnusedNoqa.check(directive, used: [], path: path)
    let outcome = Fixer.apply(diagnostics, sources: [path: file], parsed: [path])
    #expect(outcome.fixed == 0)
    #expect(outcome.remaining.count == 1)
    #expect(outcome.failures.map(\.path) == [path])
    #expect(outcome.failures.first?.reason.contains("directory") == true)
  }

  /// The fixed text is parsed with the grammar the file was checked with: an edit that only a newer Python
  /// reads is refused under an older target (the default grammar, the newest, would have let it through).
  @Test(arguments: [(PythonVersion.py311, false), (.py312, true)])
  func fixedTextIsParsedWithTheTargetVersion(_ version: PythonVersion, _ written: Bool) throws {
    let dir = try scratch()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/m.py"
    let text = "x = 1  # noqa: TL203\n"
    try write(path, Array(text.utf8))
    let file = try SourceFile.read(path: path)
    var d = Diagnostic(
      severity: .error, message: "m",
      range: SourceRange(start: .init(line: 1, column: 0), end: .init(line: 1, column: 5)),
      path: path, code: UnusedNoqa.code)
    d.fix = Fix(
      message: "m",
      edits: [Fix.Edit(range: d.range, replacement: "type X = int")])
    let outcome = Fixer.apply([d], sources: [path: file], parsed: [path], version: version)
    #expect(outcome.fixed == (written ? 1 : 0))
    #expect(outcome.failures.map(\.reason) == (written ? [] : [FixMessages.wouldBreak]))
    #expect(read(path) == Array((written ? "type X = int  # noqa: TL203\n" : text).utf8))
  }

  @Test func overlappingEditsApplyOnceAndTheRestWaits() {
    let edits = [
      Fixer.RawEdit(start: 0, end: 3, bytes: Array("A".utf8), owner: 0),
      Fixer.RawEdit(start: 2, end: 4, bytes: Array("B".utf8), owner: 1),
    ]
    let (bytes, applied) = Fixer.applying(edits, to: Array("abcdef".utf8))
    #expect(bytes == Array("abBef".utf8))
    #expect(applied == [1])
  }
}
