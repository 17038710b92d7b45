#!/usr/bin/env python3
"""Seeded differential fuzz, per Python version: thranc must accept exactly the mutated inputs that version's
CPython accepts, with identical trees (compared with attributes).

Takes windows of that version's stdlib files, dedents them, applies 0-2 token-level mutations (pieces of the
version's newer syntax included), and compares `thranc ast --python-version V --attributes` with the oracle's
ast.parse on each. Prints the outcome counts; exits 1 on any disagreement.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyversions  # noqa: E402

CORPUS = ["ast.py", "textwrap.py", "fractions.py", "dataclasses.py", "string.py", "shlex.py", "heapq.py", "enum.py",
          "statistics.py", "test/test_grammar.py", "test/test_fstring.py", "test/test_patma.py", "tokenize.py",
          "json/decoder.py", "asyncio/tasks.py", "argparse.py", "inspect.py", "typing.py", "test/test_syntax.py",
          "test/test_type_params.py", "test/test_type_aliases.py", "test/test_typing.py", "pathlib.py"]
PIECES = [b"\n", b"\t", b":", b"(", b")", b"[", b"]", b",", b"=", b"*", b"**", b" if ", b" else ", b" for ", b" in ",
          b" not ", b" lambda ", b"'", b"f'{", b"}", b" async ", b" await ", b" match ", b" case ", b"@", b"->", b":=",
          b" yield ", b" del ", b" as ", b".", b"...", b" is ", b"\\\n", b"    ", b";", b"-", b"~", b"{", b"0x", b"1_",
          b"j", b"_", b" global ", b" from ", b"\"\"\"", b"rb'", b"u'"]
# Newer syntax: PEP 695/696 type parameters and aliases, PEP 701 f-strings, PEP 758 except lists.
NEW_PIECES = [b"[T]", b"[T: int]", b"[*Ts]", b"[**P]", b"[T = int]", b"type X = ", b"type ", b"f\"{", b"f'{x!r}'",
              b"f\"{'a'}\"", b"f'{\"a\"}'", b"{x=}", b"!r", b"!s}", b":>{w}", b"=}", b"{{", b"}}", b"#", b"\\",
              b"f'''{\n", b"t'{", b"except A, B:", b", B"]


def gen_fstring(rng, depth=0):
    """A mostly valid f-string literal: text, escapes, doubled braces, fields with `=`, conversions, specs."""
    quote = rng.choice(["'", '"', "'''", '"""'])
    prefix = rng.choice(["f", "f", "f", "rf", "F", "fR"])
    parts = []
    for _ in range(rng.randint(0, 4)):
        r = rng.random()
        if r < 0.3:
            parts.append(rng.choice(["a", "text ", "\\n", "\\t", "{{", "}}", "\\N{DIGIT ONE}", "\\\\", "é", " ",
                                     "%d"]))
        elif r < 0.4 and len(quote) == 3:
            parts.append("\n")
        else:
            parts.append(gen_field(rng, depth, quote))
    return prefix + quote + "".join(parts) + quote


def gen_expr(rng, depth, quote):
    choices = ["x", "y.z", "f(a, b=1)", "a[1:2]", "(lambda: 1)", "x if y else z", "{'k': 1}", "[i for i in y]",
               "1 + 2", "*x,", "x, y", "(x := 1)", "'s'", '"d"', "b'q'", "await x", "not x", "a!=b", "{1, 2}"]
    if depth < 2 and rng.random() < 0.25:
        return gen_fstring(rng, depth + 1)
    e = rng.choice(choices)
    if rng.random() < 0.15:
        e = rng.choice([" ", "\n", "  "]) + e + rng.choice([" ", "\n", " # c\n"])
    return e


def gen_field(rng, depth, quote, in_spec=False):
    s = "{" + gen_expr(rng, depth, quote)
    if rng.random() < 0.25:
        s += rng.choice(["=", " = ", "= "])
    if rng.random() < 0.3:
        s += rng.choice(["!r", "!s", "!a"])
    if rng.random() < 0.35:
        s += ":" + "".join(rng.choice([">10", ".2f", "x", "{w}", "{w:{v}}", "\\n", "", "{x!r}", "%H:%M", " "])
                           for _ in range(rng.randint(0, 3)))
    return s + "}"


def fstring_case(rng):
    pieces = [gen_fstring(rng) if rng.random() < 0.8 else rng.choice(["'lit'", "u'u'", '""', "f''"])
              for _ in range(rng.randint(1, 3))]
    src = ("v = (" if rng.random() < 0.3 else "v = ") + " ".join(pieces)
    src += ")" if src.startswith("v = (") else ""
    data = (src + "\n").encode("utf-8")
    if rng.random() < 0.3:
        k = rng.randrange(len(data))
        data = data[:k] + (rng.choice([b"", b"{", b"}", b"'", b'"', b"!", b":", b"=", b"\\", b"#"])) + data[k + 1:]
    return data


def gen_type_params(rng):
    """`[T: bound = default, *Ts, **P]` lists, mostly valid, some with 3.13 defaults or misplaced bounds."""
    params = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.choice(["", "", "*", "**"])
        p = kind + rng.choice(["T", "U", "Ts", "P", "_X"])
        if kind == "" and rng.random() < 0.4:
            p += rng.choice([": int", ":(int, str)", ": 'Fwd'", ": list[T]", ":A|B"])
        if rng.random() < 0.25:
            p += rng.choice([" = int", "=*tuple[int]", " = [int, str]", "= ...", " = T"])
        params.append(p)
    inner = ", ".join(params) + rng.choice(["", "", ","])
    return "[" + rng.choice(["", " ", "\n"]) + inner + "]"


def pep695_case(rng):
    tp = gen_type_params(rng)
    form = rng.choice(["def", "async", "class", "type", "type2", "except"])
    if form == "def":
        src = f"@d\ndef f{tp}(x: T, *a: *Ts) -> T:\n    pass\n"
    elif form == "async":
        src = f"async def f{tp}(): return 1\n"
    elif form == "class":
        src = f"class C{tp}(Base, k=1):\n    x: T\n"
    elif form == "type":
        src = f"type Alias{tp} = dict[str, T] | None\n"
    elif form == "type2":
        src = rng.choice(["type = 1\n", "type(x)\n", "type X = 1; type Y = X\n", "type.x = 1\n", "print(type)\n"])
    else:
        src = "try:\n    pass\nexcept " + rng.choice(["A, B", "(A, B)", "A, B as e", "A,", "*A, B"]) + ":\n    pass\n"
    data = src.encode("utf-8")
    if rng.random() < 0.25:
        k = rng.randrange(len(data))
        data = data[:k] + rng.choice([b"", b"[", b"]", b",", b"*", b":", b"=", b"type "]) + data[k + 1:]
    return data


def mutate(rng, data, pieces):
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    window = b"\n".join(lines[i:i + rng.randint(1, 25)]).decode("utf-8", "replace")
    src = textwrap.dedent(window).encode() + b"\n"
    for _ in range(rng.choice([0, 1, 1, 1, 2])):
        k = rng.randrange(len(src) + 1)
        op = rng.random()
        if op < 0.4:
            src = src[:k] + rng.choice(pieces) + src[k:]
        elif op < 0.7:
            src = src[:k] + src[k + rng.randint(1, 4):]
        else:
            j = rng.randrange(len(src) + 1)
            a, b = sorted((k, j))
            src = src[:a] + src[b:b + rng.randint(0, 3)] + src[a:b]
    return src


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--thranc", default=".build/release/thranc")
    ap.add_argument("--python-version", default="3.11", choices=sorted(pyversions.VERSIONS))
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--kind", choices=["stdlib", "fstring", "pep695"], default="stdlib",
                    help="mutated stdlib windows, or generated f-strings or type-parameter forms (mostly valid)")
    args = ap.parse_args()
    version = args.python_version
    pyversions.check(version)
    root = pyversions.stdlib_dir(version)
    corpus = [open(os.path.join(root, n), "rb").read() for n in CORPUS if os.path.exists(os.path.join(root, n))]
    pieces = PIECES + NEW_PIECES
    rng = random.Random(args.seed)
    counts = {"both accept, same tree": 0, "both reject": 0, "trees differ": 0, "thranc rejects valid": 0,
              "thranc accepts invalid": 0}
    shown = 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for n in range(args.count):
            path = os.path.join(tmp, f"m{n}.py")
            if args.kind == "fstring":
                src = fstring_case(rng)
            elif args.kind == "pep695":
                src = pep695_case(rng)
            else:
                src = mutate(rng, rng.choice(corpus), pieces)
            with open(path, "wb") as f:
                f.write(src)
            inputs.append((path, src))
        ours = {}
        for k in range(0, len(inputs), 200):
            batch = inputs[k:k + 200]
            cmd = [args.thranc, "ast", "--concise", "--attributes", "--python-version", version]
            out = subprocess.run(cmd + [p for p, _ in batch], capture_output=True)
            for (p, _), line in zip(batch, out.stdout.decode("utf-8", "surrogateescape").split("\n")):
                ours[p] = line
        theirs = pyversions.oracle_dumps(version, [p for p, _ in inputs])
        for path, src in inputs:
            want = theirs.get(path)
            want = want[1] if want is not None else None
            got = ours.get(path, "<error>")
            if want is None:
                key = "both reject" if got == "<error>" else "thranc accepts invalid"
            elif got == "<error>":
                key = "thranc rejects valid"
            else:
                key = "both accept, same tree" if got == want else "trees differ"
            counts[key] += 1
            if key not in ("both reject", "both accept, same tree") and shown < 8:
                shown += 1
                print(f"{key}: {src[:300]!r}")
    print(f"Python {version}, {args.kind}, seed {args.seed}, {args.count} mutants: "
          + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    bad = counts["trees differ"] + counts["thranc rejects valid"] + counts["thranc accepts invalid"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
