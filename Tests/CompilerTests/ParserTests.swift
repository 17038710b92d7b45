import Compiler
import Testing

/// Snippets chosen to exercise every statement, expression and literal form, and the position rules
/// CPython applies (parenthesised groups, f-string expressions, implicit concatenation).
let grammarSnippets: [String] = [
  "x = 1\n", "a = b = c\n", "a, *b = c\n", "[a, (b, c)] = d\n", "x: int = 5\n", "(x): int\n", "a.b: int\n",
  "x += 1\n", "a[1:2, ::3] //= 4\n", "del a, b[0], c.d\n", "del (a, b)\n", "del a,\n",
  "import a.b.c as d, e\n", "from . import x\n", "from ...pkg.mod import (a as b, c,)\n", "from m import *\n",
  "global a, b\n", "def f():\n  nonlocal x\n", "assert x, 'msg'\n", "raise E from e\n", "raise\n", "return\n",
  "pass; break; continue\n", "if a:\n  pass\nelif b:\n  pass\nelif c: pass\nelse:\n  pass\n",
  "while x:\n  break\nelse:\n  pass\n", "for i, j in x, y:\n  continue\nelse: pass\n",
  "async def f():\n  async for x in y: pass\n  async with a as b, c: pass\n  await z\n",
  "with (a as b, c as d,):\n  pass\n", "with (a, b):\n  pass\n", "with (a, b) as c:\n  pass\n", "with a, (b): pass\n",
  "try:\n  pass\nexcept E as e:\n  pass\nexcept (A, B):\n  pass\nexcept:\n  pass\nelse:\n  pass\nfinally:\n  pass\n",
  "try:\n  pass\nexcept* E:\n  pass\n",
  "@d\n@e.f(1)\ndef f(a, /, b=1, *c, d, e=2, **g) -> int:\n  '''doc'''\n",
  "def f(*, a): pass\n", "def f(*args: *Ts): pass\n", "lambda: 0\n", "lambda a, /, b=1, *c, d, **e: a\n",
  "class C(B, metaclass=M, **kw):\n  x = 1\n", "@dataclass\nclass C: pass\n",
  "a if b else c\n", "a or b or c and d and not e\n", "(a or b) or c\n", "a < b <= c != d is not e not in f\n",
  "a | b ^ c & d << e >> f + g - h * i / j // k % l @ m ** -n ** ~o\n", "-x ** 2\n", "await x ** 2\n",
  "(a + b).c(d)[e]\n", "(a)(b)\n", "f(*a, *b, c=1, **d, e=2)\n", "f(x for x in y)\n", "f(a := 1)\n",
  "[x for x in y if x if not x for z in w]\n", "{x: y for x, y in z}\n", "{x for x in y}\n",
  "(x async for x in y)\n", "[*a, *b]\n", "{**a, 'b': 1, **c}\n", "{1, 2, *c}\n", "()\n", "(1,)\n", "1, 2,\n",
  "x[1:2:3, ...]\n", "x[*a]\n", "x[a, *b]\n", "x[::]\n", "x[(a := 1)]\n", "(y := f(x))\n",
  "yield\n", "x = yield a, b\n", "yield from y\n", "x = await y\n",
  "0x_FF + 0o17 + 0b1010 + 1_000 + 0 + 00 + 1.5 + .5 + 5. + 1e10 + 1E-10 + 3j + 1.5J + 0777e1\n",
  "123456789012345678901234567890 + 0xFFFFFFFFFFFFFFFFFFFFFFFF\n", "1e400 + 1e16 + 1e15 + 1e-5 + 1e-4 + 0.1 + 2.5e-7\n",
  "1if x else 2\n", "'a' 'b' \"c\"\n", "u'x' 'y'\n", "b'\\x00\\xff' b'\\n'\n", "r'\\d+' R'\\n'\n",
  "'\\n\\t\\\\\\'\\x41\\101\\u00e9\\U0001F600\\N{BULLET}\\q'\n", "'''multi\nline'''\n", "'a\\\nb'\n",
  "'caf\u{e9} \u{1F600} \u{200B}'\n", "'\\ud800'\n", "\"it's\"\n", "'say \"hi\"'\n", "'both \\' \"'\n",
  "f'{x}'\n", "f'{x!r:>{w}.{p}}'\n", "f'{x=}'\n", "f'{x = !s:^10}'\n", "f'a{{b}}c{d}'\n", "f'{a}' 'b' f'{c}'\n",
  "f'{ x }'\n", "f'''{\nx}'''\n", "x = (f'''a\n{b}\n  {c}''')\n", "f'{f\"{x}\"}'\n", "f'{x:{y}}' 'z'\n",
  "(f'a'\n f'{x+y}')\n", "u'a' f'{x}'\n", "f''\n", "f'' ''\n", "f'{a!a}{b!s}{c!r}'\n", "f'{x:%H:%M}'\n",
  "f'{\"a\" if x else \"b\"}'\n", "f'{a, b}'\n", "f'{x!=y}'\n", "f'{x:=10}'\n", "F'{x}' fr'\\d{y}'\n",
  "f'\\N{BULLET}{x}'\n",
  "match p:\n  case 1 | 2: pass\n  case [a, *rest]: pass\n  case {'k': v, **kw}: pass\n  case P(x, y=1): pass\n",
  "match a, b:\n  case (1, 2) as t if t: pass\n  case -1 | 1+2j | -3-4j: pass\n  case None | True | False: pass\n",
  "match x:\n  case a.b.C(): pass\n  case _: pass\n  case [*_]: pass\n  case (x): pass\n  case 'a' 'b': pass\n",
  "match = 1\nmatch.x = 2\ncase = 3\nmatch(x)\nmatch[1]\n", "print(match, case, _)\n",
  "x = 1 \\\n  + 2\n", "if x:\n\tif y:\n\t\tpass\n", "x = [\n  1,\n  2,\n]\n", "\u{FEFF}x = 1\n",
  "x = 1\n\u{0C}y = 2\n",
  "# -*- coding: utf-8 -*-\nx = 'é'\n", "x = 1", "\n\n# only a comment\n", "", "x = 1 # comment\r\ny = 2\r\n",
  "é = 1\nΣ_1 = é\n", "ℌ = 1\n", "a = ...\n", "x = not not a\n",
  // A line-start backslash: the first one with blanks before it sets the indentation, else the joined line does.
  "def w(f):\n    try:\n        f()\n\\\n    except E as e:\n        pass\n", "try:\n    a\n\\\nexcept E:\n    pass\n",
  "if x:\n    a\n    \\\n  b\n", "if x:\n    a\n\\\n    b\n",
]

@Suite("Parser matches CPython")
struct ParserTests {
  func ours(_ source: String, attributes: Bool, version: PythonVersion = .py311) -> String? {
    guard let module = try? Parser.parse(path: "<test>", text: source, version: version) else { return nil }
    return ASTDumper.dump(module, includeAttributes: attributes, version: version)
  }

  @Test(
    "every snippet dumps exactly as that version's ast.dump does",
    arguments: [PythonVersion.py311, .py312, .py313], [false, true])
  func snippets(version: PythonVersion, attributes: Bool) throws {
    let expected = try CPython.dumps(grammarSnippets, attributes: attributes, version: version)
    #expect(expected.count == grammarSnippets.count)
    for (source, want) in zip(grammarSnippets, expected) {
      #expect(want != nil, "CPython \(version) rejects snippet \(source.debugDescription)")
      #expect(ours(source, attributes: attributes, version: version) == want, "snippet \(source.debugDescription)")
    }
  }

  @Test("the seed examples parse exactly as CPython parses them")
  func seedExamples() throws {
    let root = #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
    for name in ["testlib.py", "example.py"] {
      let file = try SourceFile.read(path: "/\(root)/examples/\(name)")
      let text = String(decoding: file.bytes, as: UTF8.self)
      let module = try Parser.parse(file, version: .py311)
      for attributes in [false, true] {
        let want = try CPython.dumps([text], attributes: attributes)
        #expect(ASTDumper.dump(module, includeAttributes: attributes, version: .py311) == want.first ?? nil)
      }
    }
  }

  @Test(
    "Python's float repr",
    arguments: [
      (1.0, "1.0"), (0.1, "0.1"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (1e-5, "1e-05"), (0.0001, "0.0001"),
      (1.5e300, "1.5e+300"), (123456789.125, "123456789.125"), (Double.infinity, "inf"), (2.5e-7, "2.5e-07"),
    ])
  func floatRepr(value: Double, repr: String) {
    #expect(PyRepr.float(value) == repr)
  }
}
