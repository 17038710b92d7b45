import Compiler
import Foundation
import Testing

/// Python 3.12+ syntax, checked against that version's real CPython where this machine has one.
let modernSnippets: [String] = [
  "def f[T: int, *Ts, **P](x: T) -> T: pass\n", "class C[T](B, metaclass=M): pass\n", "class C[T,]: pass\n",
  "type X = int\n", "type X[T] = list[T]\n", "type X[T: (int, str), *Ts, **P] = dict[T, Ts]\n",
  "async def f[T](): pass\n", "@d\ndef f[T](): pass\n", "type = 1\ntype.x = 2\nprint(type)\n", "x = type\n",
  "f\"{'a'}\"\n", "f'{'a'}'\n", "f\"{\"nested\" + f\"{x}\"}\"\n", "f'{x!r:>{w}.{p}}'\n", "f'{\"\\n\".join(a)}'\n",
  "f'''{\nx # comment\n}'''\n", "f'{x = }'\n", "f'{x=!r:^10}'\n", "f'{x=:>{w}}'\n", "f'{a!=b}'\n", "f'{x:=10}'\n",
  "f'{x:{y}}'\n", "f'{x:{{y}}}'\n", "f'{x:\\N{DIGIT ONE}}'\n", "rf'{x:\\n}'\n", "f'a{{b}}c{d}'\n", "f'\\{x}'\n",
  "u'a' f'{x}' 'b'\n", "f'{x}' '' f''\n", "f'{f'{f'{x}'}'}'\n", "f'{x:{y}}}}'\n", "f'{ x = }'\n",
  "f'{x\n}'\n", "f'{x:\n}'\n", "f'''a\n{b}\nc'''\n", "f'{x!s:}'\n", "f'{3:}'\n", "f'{*x,}'\n",
  // Corners the differentials found: debug text ends at the first top-level `!` and loses `#...` even in
  // strings; spec text decodes escapes in raw literals; a newline ends a single-quoted spec.
  "f\"{'a#b'=}\"\n", "f'{a!=b= }'\n", "rf'{x:\\n{y}\\d}'\n", "f'{f:a)\n}'\n", "f\"{x}\\N{LATIN SMALL LETTER A}\"\n",
  "f'''{f'''\n'''=}'''\n", "f'{\"\\t\"= }'\n",
]

/// Where CPython 3.12 and 3.13 disagree (3.13 forgets it is in a format spec once a nested field closed).
let versionSensitive: [String] = [
  "f'{x:{y}a{{b}}c}'\n", "f'{x:{y}\n}'\n", "f'{x:{y=}}'\n", "f'{x:{y}{{z}}}'\n", "f'{x:{{y}}}'\n",
]

/// PEP 696 defaults: 3.13 only.
let snippets313: [String] = [
  "def f[T = int](): pass\n", "class C[T: int = bool, *Ts = *tuple[int], **P = [int]]: pass\n",
  "type A[T = int] = list[T]\n",
]

struct GatedCase: Sendable, CustomStringConvertible {
  var source: String
  var feature: SyntaxFeature
  var target: PythonVersion
  /// 1-based line and code-point column of the diagnostic.
  var line: Int
  var column: Int
  var description: String { "\(source.debugDescription) on \(target)" }
}

@Suite("Python 3.12–3.14 grammar, per version")
struct PythonVersionTests {
  func ours(_ source: String, attributes: Bool, version: PythonVersion) -> String? {
    guard let module = try? Parser.parse(path: "<test>", text: source, version: version) else { return nil }
    return ASTDumper.dump(module, includeAttributes: attributes, version: version)
  }

  @Test("3.12 syntax dumps exactly as CPython 3.12 and 3.13 dump it", arguments: [PythonVersion.py312, .py313])
  func modern(version: PythonVersion) throws {
    let sources = modernSnippets + (version >= .py313 ? snippets313 : [])
    for attributes in [false, true] {
      let expected = try CPython.dumps(sources, attributes: attributes, version: version)
      #expect(expected.count == sources.count)  // zip below would silently test fewer
      for (source, want) in zip(sources, expected) {
        #expect(want != nil, "CPython \(version) rejects \(source.debugDescription)")
        #expect(ours(source, attributes: attributes, version: version) == want, "\(source.debugDescription)")
      }
    }
  }

  @Test("each version accepts and dumps what its CPython does", arguments: [PythonVersion.py312, .py313])
  func versionSensitiveCases(version: PythonVersion) throws {
    let expected = try CPython.dumps(versionSensitive, attributes: true, version: version)
    #expect(expected.count == versionSensitive.count)  // zip below would silently test fewer
    for (source, want) in zip(versionSensitive, expected) {
      #expect(ours(source, attributes: true, version: version) == want, "\(source.debugDescription) on \(version)")
    }
  }

  @Test("3.11 rejects what CPython 3.11 rejects among them", arguments: modernSnippets + snippets313)
  func olderRejects(source: String) throws {
    let want = try CPython.dumps([source], attributes: false, version: .py311).first ?? nil
    #expect(ours(source, attributes: false, version: .py311) == want)
  }

  static let gated: [GatedCase] = [
    .init(source: "type Array = list[float]\n", feature: .typeAliasStatement, target: .py311, line: 1, column: 1),
    .init(source: "x = 1\ndef f[T: X](a: T): pass\n", feature: .typeParameterList, target: .py311, line: 2, column: 6),
    .init(source: "class C[T]: pass\n", feature: .typeParameterList, target: .py311, line: 1, column: 8),
    .init(source: "x = f'{'a'}'\n", feature: .fstringQuoteReuse, target: .py311, line: 1, column: 8),
    .init(source: "x = f'{\"\\n\".join(a)}'\n", feature: .fstringBackslash, target: .py311, line: 1, column: 9),
    .init(source: "x = f'''{a # c\n}'''\n", feature: .fstringComment, target: .py311, line: 1, column: 12),
    .init(source: "def f[T = int](): pass\n", feature: .typeParameterDefault, target: .py312, line: 1, column: 9),
    .init(
      source: "type A[*Ts = *tuple[int]] = Ts\n", feature: .typeParameterDefault, target: .py312, line: 1, column: 12),
    .init(
      source: "try: pass\nexcept A, B: pass\n", feature: .exceptWithoutParentheses, target: .py313, line: 2, column: 8),
    .init(source: "x = t'{name}'\n", feature: .templateString, target: .py313, line: 1, column: 5),
    .init(source: "x = f'{a:{b=}}'\n", feature: .fstringDebugInFormatSpec, target: .py312, line: 1, column: 10),
  ]

  @Test("newer syntax is a located TL900 naming the version it needs", arguments: gated)
  func gatedSyntax(_ c: GatedCase) throws {
    let source = try SourceFile(path: "t.py", text: c.source)
    do {
      _ = try Parser.parse(source, version: c.target)
      Issue.record("\(c) parsed")
    } catch let d as Diagnostic {
      #expect(d.code == "TL900")
      #expect(d.message == c.feature.message(target: c.target))
      let rendered = d.rendered(in: source, style: .concise)
      #expect(rendered.hasPrefix("t.py:\(c.line):\(c.column): error: [TL900] Cannot "), "\(rendered)")
      #expect(d.hint?.contains(c.feature.added.ruffSpelling) == true)
    }
    #expect(throws: Never.self) { try Parser.parse(source, version: c.feature.added) }
    // The version that rejects it is the real CPython's verdict too, where this machine has it.
    if CPython.interpreter(c.target) != nil {
      #expect(try CPython.dumps([c.source], attributes: false, version: c.target).first == .some(nil))
    }
  }

  @Test("the message is ruff's")
  func message() {
    #expect(
      SyntaxFeature.typeAliasStatement.message(target: .py311)
        == "Cannot use `type` alias statement on Python 3.11 (syntax was added in Python 3.12)")
    #expect(Set(SyntaxFeature.allCases.map(\.name)).count == SyntaxFeature.allCases.count)
  }

  /// The stdlib files that got a false TL900 before this grammar (12 on 3.12, 19 on 3.13, as the issue counts).
  static let falseTL900: [(PythonVersion, String)] =
    [
      "turtle.py", "typing.py", "test/test_builtin.py", "test/test_fstring.py", "test/test_funcattrs.py",
      "test/test_functools.py", "test/test_reprlib.py", "test/test_type_aliases.py", "test/test_type_params.py",
      "test/test_typing.py", "test/support/socket_helper.py", "test/typinganndata/mod_generics_cache.py",
    ].map { (PythonVersion.py312, $0) }
    + [
      "dataclasses.py", "traceback.py", "turtle.py", "typing.py", "test/test_builtin.py", "test/test_codecs.py",
      "test/test_fstring.py", "test/test_funcattrs.py", "test/test_functools.py", "test/test_reprlib.py",
      "test/test_type_aliases.py", "test/test_type_params.py", "test/test_typing.py", "test/support/socket_helper.py",
      "test/test_dataclasses/__init__.py", "test/test_inspect/inspect_stringized_annotations_pep695.py",
      "test/test_pyrepl/test_reader.py", "test/typinganndata/ann_module695.py",
      "test/typinganndata/mod_generics_cache.py",
    ].map { (PythonVersion.py313, $0) }

  @Test("each stdlib file that had a false TL900 parses as its CPython parses it")
  func formerlyFalseTL900() throws {
    for version in [PythonVersion.py312, .py313] {
      let root = CPython.stdlibPath(version)
      let names = Self.falseTL900.filter { $0.0 == version }.map(\.1)
      let texts = try names.map { try String(contentsOfFile: "\(root)/\($0)", encoding: .utf8) }
      let expected = try CPython.dumps(texts, attributes: true, version: version)
      #expect(expected.count == names.count && !names.isEmpty)
      for (name, (text, want)) in zip(names, zip(texts, expected)) {
        #expect(want != nil, "CPython \(version) rejects \(name)")
        #expect(ours(text, attributes: true, version: version) == want, "\(version) \(name)")
      }
    }
  }

  @Test("SciPy main's spellings parse with the default target")
  func scipySpellings() throws {
    let source = "type Array = np.ndarray\ndef f[T: Array](x: T) -> T:\n  return x\n"
    let module = try Parser.parse(path: "s.py", text: source)
    #expect(module.body.count == 2)
  }
}

/// Python 3.14 has no interpreter here: its documented grammar and `ast` nodes, as a table.
@Suite("Python 3.14 grammar (documented)")
struct Python314Tests {
  static let table: [(String, String)] = [
    (
      "try: pass\nexcept A, B: pass\n",
      "Module(body=[Try(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), "
        + "Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])])])"
    ),
    (
      "try: pass\nexcept* A, B: pass\n",
      "Module(body=[TryStar(body=[Pass()], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), "
        + "Name(id='B', ctx=Load())], ctx=Load()), body=[Pass()])])])"
    ),
    (
      "t\"{name} finished {place:ordinal}\"\n",
      "Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=Name(id='name', ctx=Load()), str='name', "
        + "conversion=-1), Constant(value=' finished '), Interpolation(value=Name(id='place', ctx=Load()), "
        + "str='place', conversion=-1, format_spec=JoinedStr(values=[Constant(value='ordinal')]))]))])"
    ),
    (
      "t'{x!r}' t'a'\n",
      "Module(body=[Expr(value=TemplateStr(values=[Interpolation(value=Name(id='x', ctx=Load()), str='x', "
        + "conversion=114), Constant(value='a')]))])"
    ),
    (
      "t'{ x = }' t'{a!=b}'\n",
      "Module(body=[Expr(value=TemplateStr(values=[Constant(value=' x = '), Interpolation(value=Name(id='x', "
        + "ctx=Load()), str=' x', conversion=114), Interpolation(value=Compare(left=Name(id='a', ctx=Load()), "
        + "ops=[NotEq()], comparators=[Name(id='b', ctx=Load())]), str='a', conversion=-1)]))])"
    ),
    (
      "t'{x=}'\n",
      "Module(body=[Expr(value=TemplateStr(values=[Constant(value='x='), Interpolation(value=Name(id='x', "
        + "ctx=Load()), str='x', conversion=114)]))])"
    ),
  ]

  @Test("each construct dumps as the 3.14 ast docs describe", arguments: table.indices)
  func documented(index: Int) throws {
    let (source, want) = Self.table[index]
    let module = try Parser.parse(path: "<test>", text: source, version: .py314)
    #expect(ASTDumper.dump(module, version: .py314) == want)
  }

  @Test(
    "3.14 still rejects these",
    arguments: ["try: pass\nexcept A, B as e: pass\n", "t'a' 'b'\n", "t'a' f'b'\n", "b'a' t'b'\n", "t'{}'\n"])
  func rejected(source: String) {
    #expect(throws: Diagnostic.self) { try Parser.parse(path: "<test>", text: source, version: .py314) }
  }
}
