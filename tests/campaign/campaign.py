#!/usr/bin/env python3
"""Seeded robustness campaign for thranc and thranlint.

Each kind mutates realistic inputs and runs the real binaries on them. A run fails when a tool dies by a signal,
exits outside 0/1/2, or breaks the kind's own invariant (below). Every failing input is written to
tests/campaign/regressions/<kind>/ and replayed by every later run, so a bug found once stays found.

Kinds and their invariants:
  python     mutated real Python: thranlint never crashes, reports TL900 exactly when CPython rejects the file, and
             every line of its concise output is one finding with no control character in it.
  stdin      the same mutated Python piped to `check - --stdin-filename m.py`: exactly the output of checking m.py.
  export     mutated `#pythran export` lines: `thranc exports` exits 0 or 1, never crashes.
  signature  mutated LowLevelCallable signature strings reaching quad: thranlint exits 0 or 1.
  config     mutated pyproject.toml: thranlint exits 2 when tomllib rejects the text, never crashes, and every
             error it reports names the line and column.
  toml       random and mutated TOML documents (tests/toml_fuzz.py): `thranlint toml` accepts exactly what tomllib
             accepts, with the same values.
  noqa       generated `# noqa` comments (spellings, separators, other tools' codes, prose) on code and inside
             strings; after --fix: strings and code untouched, a comment naming TL901 or bare kept as written,
             every word of a comment other than the removed TL codes still there, in order and as a subsequence of
             the old bytes; any TL code left is still reported; a second --fix changes nothing.
  names      a file with findings under an odd name (line breaks, escape sequences, bidi controls, %, quotes):
             concise and github output one safe line per finding, full output without control characters, the
             JSON filename and the percent-decoded SARIF URI exactly the name.
  path       odd path spellings given to both tools: never a crash, never a file outside the sandbox touched.
  fix        `--fix` on mutated fixtures: a file CPython parsed still parses, a second --fix changes nothing,
             files that do not parse are never changed, file modes are kept, and only comments and string
             literals change (the code tokens are the same before and after).

`make test` runs a small fixed sample (--budget); `make campaign` runs a long one. The last lines printed are a
per-kind table (new inputs tried, saved regressions replayed, failures) for quoting.
"""
import argparse
import ast
import hashlib
import io
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tokenize
import tomllib
import urllib.parse
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REGRESSIONS = os.path.join(HERE, "regressions")
FIXTURES = os.path.join(ROOT, "Tests", "LintTests", "Fixtures")
SEED_DIR = os.path.join(ROOT, "examples")
sys.path.insert(0, os.path.dirname(HERE))
import toml_fuzz  # noqa: E402  (tests/toml_fuzz.py: the TOML generators and the tomllib oracle)

SIGNATURES = ["double (double)", "double (int, double *)", "double (int, double *, void *)",
              "double (double, void *)", "int (double *, intptr_t, double *, void *)",
              "int (double *, npy_intp, double *, npy_intp, void *)",
              "int (intptr_t *, double *, int, int, void *)", "int (npy_intp *, double *, int, int, void *)"]
EXPORT_PIECES = ["int", "float", "float32", "float64", "int64", "complex", "str", "None", "bool", "slice",
                 "[]", "[:]", "[:,:]", "[::]", "[3]", "*", "list", "set", "dict", ":", "(", ")", ",", " or ", "?",
                 "order(F)", "order(C)", "capsule ", "#", "\\", "\t", "\x00", "é", "float64(float64)", "[", "]"]
CONFIG_PIECES = ["[", "]", "}", "{", "\"", "'", "=", "\n", "#", "\x17", "\x00", "\\", "\\u", "\\U0010FFFF", ".",
                 "\"\"\"", "'''", "[[", "]]", "tool.thranlint", "select", "ignore", "TL2", "E", "\r", "\xff",
                 "1979-05-27",
                 "inf", "nan", "0x1", "+", "true", ","]
FIX_KERNELS = "#pythran export capsule f(int32, float64*)\ndef f(n, x):\n    return x[0]\n"
FIX_SEEDS = [
    "from scipy import LowLevelCallable, integrate\nimport lib\n"
    "c = LowLevelCallable(lib.f, signature=\"double (int,double *)\")  # noqa: TL203 see issue 12\n"
    "s = '# noqa: TL203'\n\"\"\"\n# noqa: TL205\n\"\"\"\nintegrate.quad(c, 0, 1)  # noqa: TL901, TL203\n",
    "from scipy import LowLevelCallable, integrate\nimport kernels\n"
    "c = LowLevelCallable(kernels.f, signature='double (int,double *)')  # noqa:TL201 TL203  E501 why\n"
    "d = LowLevelCallable(kernels.f, None, \"double(int, double*)\")  # noqa: TL203, TL201  # type: ignore\n"
    "t = f'{c!r}  # noqa: TL203'  # noqa: TL207\nintegrate.quad(d, 0, 1)  # NOQA:TL203,TL206 see\n",
]
# The same in the single-byte encodings and spellings --fix must write back byte for byte.
FIX_SEEDS += [
    b"# -*- coding: latin-1 -*-\r\n" + FIX_SEEDS[1].replace("\n", "\r\n").encode()
    + b"s = '\xe9'  # noqa: TL203 \xe7a va\r\nt = 1  #\tnoqa:TL201,E501 \xe9\r\n",
    b"# coding: cp1252\n# \x80\n" + FIX_SEEDS[1].encode() + b"u = '\x80'  # NoQa: TL207 \x93why\x94\n",
    b"\xef\xbb\xbf" + FIX_SEEDS[1].encode() + "v = 'é'  # noqa: TL203 ça\n".encode(),
]
# No path here may name the file system root: checking "/" is a real, very long job, not a robustness case.
PATHS = ["x", "-", "a/", ".", "./", "..", "a//b", "a/./", "a/..", "x/..", "-dash.py", "--", "é.py", "\udcff.py", " ",
         "a b.py",
         "./x.py", "x.py/", "nonexistent/deeper/", "~", "*.py"]


class Tools:
    def __init__(self, thranc, thranlint, cache):
        self.thranc = os.path.abspath(thranc)
        self.thranlint = os.path.abspath(thranlint)
        # A cache of the campaign's own (ABI facts, interpreter settings): other programs rewriting ~/.cache/thran
        # would make runs slow enough to time out, which is not the tools' failure.
        self.env = dict(os.environ, XDG_CACHE_HOME=cache)
        # The oracle is this python3 (3.11): pin the linter's grammar to it where the option exists.
        helptext = subprocess.run([self.thranlint, "check", "--help"], capture_output=True, text=True).stdout
        self.py311 = ["--target-version", "py311"] if "--target-version" in helptext else []

    def run(self, argv, cwd=None, stdin=None):
        # A run that times out gets a second chance: on a loaded machine one can, and a real hang hangs twice.
        for _ in range(2):
            try:
                return subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, timeout=60, env=self.env)
            except subprocess.TimeoutExpired:
                pass
        return None


def cpython_accepts(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, "<campaign>", "exec", ast.PyCF_ONLY_AST)
            return True
        except (SyntaxError, ValueError, UnicodeDecodeError, MemoryError, RecursionError):
            return False


def mutate_bytes(rng, data, pieces):
    for _ in range(rng.choice([1, 1, 2, 3])):
        k = rng.randrange(len(data) + 1)
        op = rng.random()
        if op < 0.5:
            piece = rng.choice(pieces)
            piece = piece if isinstance(piece, bytes) else piece.encode("utf-8", "surrogateescape")
            data = data[:k] + piece + data[k:]
        elif op < 0.8:
            data = data[:k] + data[k + rng.randint(1, 3):]
        else:
            data = data[:k] + bytes([rng.randrange(256)]) + data[k:]
    return data


def corpus_files():
    files = []
    for base in (FIXTURES, SEED_DIR):
        for d, _, names in os.walk(base):
            files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".py")]
    return sorted(files)


class Campaign:
    def __init__(self, tools, rng, work):
        self.tools, self.rng, self.work = tools, rng, work
        self.tried = {}
        self.replayed = {}
        self.failed = {}
        self.failures = []
        self.saved = set()
        self.corpus = [open(p, "rb").read() for p in corpus_files()]

    # Helpers -------------------------------------------------------------------------------------------------

    def fresh_dir(self):
        d = tempfile.mkdtemp(dir=self.work)
        return d

    def crashed(self, result):
        return result is None or result.returncode < 0 or result.returncode > 2

    def fail(self, kind, data, why, suffix):
        self.failures.append((kind, why))
        self.failed[kind] = self.failed.get(kind, 0) + 1
        print(f"FAIL [{kind}] {why}", file=sys.stderr)
        # One saved case per kind and kind of failure: the regression set stays small and each case distinct.
        key = (kind, why.split(":")[0][:60])
        if key in self.saved:
            return
        self.saved.add(key)
        os.makedirs(os.path.join(REGRESSIONS, kind), exist_ok=True)
        name = hashlib.sha1(data).hexdigest()[:12] + suffix
        with open(os.path.join(REGRESSIONS, kind, name), "wb") as f:
            f.write(data)
        print(f"  saved as tests/campaign/regressions/{kind}/{name}", file=sys.stderr)

    def count(self, kind):
        self.tried[kind] = self.tried.get(kind, 0) + 1

    # Kinds ---------------------------------------------------------------------------------------------------

    def python(self, data):
        self.count("python")
        d = self.fresh_dir()
        path = os.path.join(d, "m.py")
        with open(path, "wb") as f:
            f.write(data)
        r = self.tools.run([self.tools.thranlint, "check", "--output-format", "concise", *self.tools.py311, path],
                           cwd=d)
        if self.crashed(r):
            return self.fail("python", data, f"thranlint crashed: {describe(r)}", ".py")
        reported = b"[TL900]" in r.stdout
        if reported == cpython_accepts(data):
            what = "TL900 on a file CPython 3.11 parses" if reported else "no TL900 on a file CPython rejects"
            return self.fail("python", data, what, ".py")
        bad = unsafe_output(r.stdout)
        if bad:
            self.fail("python", data, f"concise output is not one safe line per finding: {bad!r}", ".py")

    def stdin(self, data):
        self.count("stdin")
        d = self.fresh_dir()
        with open(os.path.join(d, "m.py"), "wb") as f:
            f.write(data)
        common = [self.tools.thranlint, "check", "--output-format", "concise", *self.tools.py311]
        named = self.tools.run(common + ["m.py"], cwd=d)
        piped = self.tools.run(common + ["-", "--stdin-filename", "m.py"], cwd=d, stdin=data)
        if self.crashed(named) or self.crashed(piped):
            return self.fail("stdin", data, f"thranlint crashed: {describe(named)} / {describe(piped)}", ".py")
        if (named.returncode, named.stdout) != (piped.returncode, piped.stdout):
            self.fail("stdin", data, f"stdin differs from the file: {named.stdout[:200]!r} vs {piped.stdout[:200]!r}",
                      ".py")

    def export(self, data):
        self.count("export")
        d = self.fresh_dir()
        path = os.path.join(d, "k.py")
        with open(path, "wb") as f:
            f.write(data + b"\ndef f(a, b):\n    return a\n")
        r = self.tools.run([self.tools.thranc, "exports", path], cwd=d)
        if self.crashed(r) or r.returncode == 2:
            self.fail("export", data, f"thranc exports: {describe(r)}", ".txt")

    def signature(self, data):
        self.count("signature")
        d = self.fresh_dir()
        text = data.decode("utf-8", "replace").replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\x00", "\\x00")
        src = ("import ctypes\nfrom scipy import LowLevelCallable, integrate\n"
               "lib = ctypes.CDLL('./lib.so')\n"
               f"c = LowLevelCallable(lib.f, signature=\"{text}\")\n"
               "integrate.quad(c, 0, 1)\n")
        with open(os.path.join(d, "use.py"), "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(src)
        r = self.tools.run([self.tools.thranlint, "check", "--output-format", "concise", "."], cwd=d)
        if self.crashed(r) or r.returncode == 2:
            return self.fail("signature", data, f"thranlint: {describe(r)}", ".txt")
        bad = unsafe_output(r.stdout)
        if bad:
            self.fail("signature", data, f"concise output is not one safe line per finding: {bad!r}", ".txt")

    def config(self, data):
        self.count("config")
        d = self.fresh_dir()
        with open(os.path.join(d, "pyproject.toml"), "wb") as f:
            f.write(data)
        with open(os.path.join(d, "a.py"), "w") as f:
            f.write("x = 1\n")
        r = self.tools.run([self.tools.thranlint, "check", "--output-format", "concise", "."], cwd=d)
        if self.crashed(r):
            return self.fail("config", data, f"thranlint crashed: {describe(r)}", ".toml")
        try:
            tomllib.loads(data.decode("utf-8"))
            valid = True
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
            valid = False
        if not valid and r.returncode != 2:
            return self.fail("config", data, f"tomllib rejects this config but thranlint exited {r.returncode}",
                             ".toml")
        # Every configuration problem is located: file, line and column.
        if r.returncode == 2 and not re.search(rb"pyproject\.toml:\d+:\d+: error: ", r.stderr):
            self.fail("config", data, f"a config error without a location: {r.stderr[-200:]!r}", ".toml")

    def toml(self, data):
        self.count("toml")
        path = os.path.join(self.fresh_dir(), "c.toml")
        with open(path, "wb") as f:
            f.write(data)
        r = self.tools.run([self.tools.thranlint, "toml", path])
        if self.crashed(r) or r.returncode != 0:
            return self.fail("toml", data, f"thranlint toml: {describe(r)}", ".toml")
        line = r.stdout.decode("utf-8", "replace").split("\n")[0]
        expected = toml_fuzz.oracle(data)
        if line.startswith("error: "):
            if expected is not None:
                self.fail("toml", data, f"thranlint rejects what tomllib accepts: {line[:200]}", ".toml")
        elif expected is None:
            self.fail("toml", data, "thranlint accepts what tomllib rejects", ".toml")
        elif toml_fuzz.normalized(json.loads(line)) != expected:
            self.fail("toml", data, f"values differ from tomllib's: {line[:200]}", ".toml")

    def names(self, data):
        self.count("names")
        name = data.decode("utf-8", "surrogateescape")
        d = self.fresh_dir()
        try:
            with open(os.path.join(d, name), "w") as f:
                f.write(NAMES_USE)
        except OSError:
            return
        with open(os.path.join(d, "kernels.py"), "w") as f:
            f.write(NAMES_KERNELS)
        out = {}
        for fmt in ("concise", "full", "json", "sarif", "github"):
            r = self.tools.run([self.tools.thranlint, "check", "--output-format", fmt, "."], cwd=d)
            if self.crashed(r) or r.returncode not in (1, 2):
                return self.fail("names", data, f"--output-format {fmt}: {describe(r)}", ".txt")
            out[fmt] = r.stdout
        if r.returncode == 2:
            return  # a name thranlint reports as uncheckable (not UTF-8): discovery tests cover the message
        bad = unsafe_output(out["concise"])
        if bad:
            return self.fail("names", data, f"concise output is not one safe line per finding: {bad!r}", ".txt")
        text = out["full"].decode("utf-8", "replace")
        if any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in text):
            return self.fail("names", data, "full output holds a control character", ".txt")
        for line in out["github"].decode("utf-8", "replace").splitlines():
            if not line.startswith("::error ") or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in line):
                return self.fail("names", data, f"github output line is unsafe: {line[:200]!r}", ".txt")
        try:
            filenames = {item["filename"] for item in json.loads(out["json"])}
            runs = json.loads(out["sarif"])["runs"][0]["results"]
            uris = {urllib.parse.unquote(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                         errors="surrogateescape") for res in runs}
        except (ValueError, KeyError, IndexError) as e:
            return self.fail("names", data, f"JSON or SARIF output does not parse: {e}", ".txt")
        if name not in filenames:
            return self.fail("names", data, f"JSON filenames {sorted(filenames)!r} miss {name!r}", ".txt")
        if name not in uris:
            self.fail("names", data, f"decoded SARIF URIs {sorted(uris)!r} miss {name!r}", ".txt")

    def noqa(self, data):
        self.count("noqa")
        d = self.fresh_dir()
        path = os.path.join(d, "m.py")
        with open(path, "wb") as f:
            f.write(data)
        argv = [self.tools.thranlint, "check", "--output-format", "concise", *self.tools.py311]
        r = self.tools.run(argv + ["--fix", "."], cwd=d)
        if self.crashed(r):
            return self.fail("noqa", data, f"thranlint --fix crashed: {describe(r)}", ".py")
        after = open(path, "rb").read()
        if not cpython_accepts(after):
            return self.fail("noqa", data, "--fix turned a valid file into one CPython rejects", ".py")
        again = self.tools.run(argv + ["--fix", "."], cwd=d)
        if open(path, "rb").read() != after:
            return self.fail("noqa", data, "a second --fix changed the file again", ".py")
        finding = rb"^[^\n]*m\.py:(\d+):\d+: error: \[TL901\]"
        reported = {int(m.group(1)) for m in re.finditer(finding, again.stdout, re.M)}
        old_lines, new_lines = data.split(b"\n"), after.split(b"\n")
        if len(old_lines) != len(new_lines):
            return self.fail("noqa", data, "--fix added or removed lines", ".py")
        for n, (old, new) in enumerate(zip(old_lines, new_lines), 1):
            why = noqa_line_problem(old, new, n in reported)
            if why:
                return self.fail("noqa", data, f"line {n}: {why}: {old!r} -> {new!r}", ".py")

    def path(self, name):
        self.count("path")
        d = self.fresh_dir()
        sandbox = os.path.join(d, "sandbox")
        os.makedirs(os.path.join(sandbox, "a"))
        with open(os.path.join(sandbox, "k.py"), "w") as f:
            f.write("#pythran export k(float)\ndef k(x):\n    return x\n")
        before = snapshot(sandbox)
        runs = [[self.tools.thranlint, "check", name], [self.tools.thranc, "-E", "-o", name, "k.py"],
                [self.tools.thranc, "ast", name], [self.tools.thranc, "exports", name]]
        for argv in runs:
            r = self.tools.run([os.fsencode(a) if isinstance(a, str) else a for a in argv], cwd=sandbox,
                               stdin=b"x = 1\n")
            if self.crashed(r):
                return self.fail("path", os.fsencode(name), f"{os.path.basename(argv[0])} {argv[1:]}: {describe(r)}",
                                 ".txt")
        lost = [p for p in before if p not in snapshot(sandbox)]
        if lost:
            self.fail("path", os.fsencode(name), f"files removed: {lost}", ".txt")

    def fix(self, data):
        self.count("fix")
        d = self.fresh_dir()
        path = os.path.join(d, "use.py")
        with open(path, "wb") as f:
            f.write(data)
        with open(os.path.join(d, "kernels.py"), "w") as f:
            f.write(FIX_KERNELS)
        os.chmod(path, 0o600)
        parsed = cpython_accepts(data)
        # The oracle is CPython 3.11: the linter reads the same grammar (a newline inside a single-quoted f-string's
        # replacement field parses from 3.12 on, so unpinned it fixed a file 3.11 rejects, rightly).
        argv = [self.tools.thranlint, "check", "--fix", "--output-format", "concise", *self.tools.py311, "."]
        r = self.tools.run(argv, cwd=d)
        if self.crashed(r):
            return self.fail("fix", data, f"thranlint --fix crashed: {describe(r)}", ".py")
        after = open(path, "rb").read()
        if stat.S_IMODE(os.stat(path).st_mode) != 0o600:
            return self.fail("fix", data, "--fix changed the file mode", ".py")
        if not parsed and after != data:
            return self.fail("fix", data, "--fix edited a file that does not parse", ".py")
        if parsed and not cpython_accepts(after):
            return self.fail("fix", data, "--fix turned a valid file into one CPython rejects", ".py")
        if parsed and code_tokens(data) is not None and code_tokens(after) != code_tokens(data):
            return self.fail("fix", data, "--fix changed code, not only comments and strings", ".py")
        self.tools.run(argv, cwd=d)
        if open(path, "rb").read() != after:
            self.fail("fix", data, "a second --fix changed the file again", ".py")

    # Inputs --------------------------------------------------------------------------------------------------

    def python_input(self):
        return mutate_bytes(self.rng, self.rng.choice(self.corpus), [b"\n", b"(", b")", b"'", b'"""', b"#", b"\\",
                                                                   b"\r", b"\x00", b"\t", b"f'{", b"}", b":"])

    def export_input(self):
        base = self.rng.choice(["#pythran export f(float64[:,:], float(float))",
                                "#pythran export capsule f(int, float64*)",
                                "#pythran export f(int or float, (int, float) list)",
                                "#pythran export f(int:str dict, str?)"])
        return mutate_bytes(self.rng, base.encode(), EXPORT_PIECES)

    def signature_input(self):
        return mutate_bytes(self.rng, self.rng.choice(SIGNATURES).encode(), ["*", " ", ",", "(", ")", "void", "\n",
                                                                            "const ", "long", "\x00", "\"", "\\"])

    def config_input(self):
        base = ("[tool.thranlint]\nselect = [\"TL\"]\nignore = [\"TL104\"]\nexclude = [\"build\"]\n"
                "[tool.thranlint.per-file-ignores]\n\"tests/*\" = [\"TL2\"]\n")
        return mutate_bytes(self.rng, base.encode(), CONFIG_PIECES)

    def fix_input(self):
        use = self.rng.choice(FIX_SEEDS)
        return mutate_bytes(self.rng, use if isinstance(use, bytes) else use.encode(), ["#", " noqa", ":", " TL203", " TL201", " E501", ",", "'",
                                                     "\"\"\"", "\n", "\\", "\r\n", "\t", " see", "# noqa"])

    def names_input(self):
        pieces = ["a", "\n", "\r", "\x1b[31m", "\t", " ", "%", "%20", "é", "\u202e", "\u2028", "#", ":", ",", "?",
                  "[", "]", "\\", "'", "\"", "\x7f", "\x85", "-", "::", "\x07", "\u200b", "\ufeff", "~"]
        name = "".join(self.rng.choice(pieces) for _ in range(self.rng.randint(1, 6)))
        return (name + self.rng.choice([".py", ".py", "\n.py", "%.py"])).encode("utf-8", "surrogateescape")

    def noqa_input(self):
        rng = self.rng
        lines = []
        for n in range(rng.randint(1, 6)):
            code = rng.choice([f"x{n} = {n}", f"s{n} = '# noqa: TL203'", f"t{n} = f'{{{n}}}# noqa: TL203'"])
            if rng.random() < 0.15:
                lines.append(f"u{n} = \"\"\"\n# noqa: TL205 {n}\n\"\"\"")
                continue
            lines.append(code + rng.choice(["  ", " ", "\t", ""]) + noqa_comment(rng))
        return ("\n".join(lines) + rng.choice(["\n", "", "\r\n"])).encode()

    def stdin_input(self):
        return self.python_input()

    def toml_input(self):
        r = self.rng.random()
        if r < 0.25:
            return toml_fuzz.table_document(self.rng)
        base = self.rng.choice(toml_fuzz.SEEDS).encode() if r < 0.75 else toml_fuzz.random_document(self.rng)
        return toml_fuzz.mutate(self.rng, base) if self.rng.random() < 0.85 else base

    def run(self, kinds, budget):
        for kind in kinds:
            self.replay(kind)
            make = getattr(self, f"{kind}_input", None)
            for _ in range(budget):
                if kind == "path":
                    self.path(self.rng.choice(PATHS) + (self.rng.choice(["", "/", "x", ".py"])
                                                        if self.rng.random() < 0.3 else ""))
                else:
                    getattr(self, kind)(make())

    def replay(self, kind):
        folder = os.path.join(REGRESSIONS, kind)
        if not os.path.isdir(folder):
            return
        for name in sorted(os.listdir(folder)):
            data = open(os.path.join(folder, name), "rb").read()
            self.replayed[kind] = self.replayed.get(kind, 0) + 1
            getattr(self, kind)(os.fsdecode(data) if kind == "path" else data)
            # A replay is not a new input: the table counts new inputs and replays apart.
            self.tried[kind] -= 1

    def summary(self, kinds, seed, budget):
        rows = [f"campaign seed {seed} budget {budget}: per kind, new inputs tried / regressions replayed / failures"]
        for kind in kinds:
            rows.append(f"  {kind:<10} {self.tried.get(kind, 0):>6} {self.replayed.get(kind, 0):>5} "
                        f"{self.failed.get(kind, 0):>5}")
        total = (sum(self.tried.values()), sum(self.replayed.values()), len(self.failures))
        rows.append(f"  {'total':<10} {total[0]:>6} {total[1]:>5} {total[2]:>5}")
        return "\n".join(rows)


def snapshot(folder):
    out = set()
    for d, dirs, names in os.walk(folder):
        out |= {os.path.join(d, n) for n in names}
    return out


NAMES_KERNELS = "#pythran export capsule f(int32, float64*, float64*)\ndef f(n, x, cp):\n    return cp[0] + x[0]\n"
NAMES_USE = ("from scipy import LowLevelCallable\nimport kernels\n"
             "a = LowLevelCallable(kernels.f, None, 'double (int,double *,void *)')\n")
NOQA_CODES = ["TL203", "TL201", "TL901", "TL104", "TL900", "E501", "W291", "F401", "ABC123"]


def noqa_comment(rng):
    """One comment with one or two directives in the spellings people write."""
    parts = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        codes = rng.sample(NOQA_CODES, rng.randint(0, 3))
        seps = [rng.choice([", ", ",", " ", ",\t", "  ", " , "]) for _ in codes]
        listed = "".join((s if i else "") + c for i, (c, s) in enumerate(zip(codes, seps)))
        colon = rng.choice([": ", ":", " : ", ":  "]) if codes else ""
        parts.append(rng.choice(["#", "# ", "#\t", "#  "]) + rng.choice(["noqa", "NOQA", "NoQa"]) + colon + listed
                     + rng.choice(["", " see issue 12", " - why", ",", " é ok", "  # type: ignore", " noqa", " TL203x",
                                   ": x", " (TL203 was here)"]))
    lead = rng.choice(["", "", "# note ", "# x: y  "])
    return lead + rng.choice(["  ", " "]).join(parts)


WORD_END = rb"(?![A-Za-z0-9_\x80-\xff])"
DIRECTIVE = re.compile(rb"#[ \t]*(?i:noqa)" + WORD_END + rb"(?:[ \t]*:((?:[ \t,]*[A-Z]+[0-9]+" + WORD_END + rb")*))?")


def directive_codes(comment):
    """Every code the comment's directives list, and whether one of them is bare (codes None)."""
    codes, bare = [], False
    for m in DIRECTIVE.finditer(comment):
        listed = re.findall(rb"[A-Z]+[0-9]+", m.group(1) or b"")
        bare = bare or not listed
        codes += listed
    return codes, bare


def is_subsequence(small, big):
    it = iter(big)
    return all(b in it for b in small)


def noqa_line_problem(old, new, reported):
    """What is wrong with the fixed line `new` of generated line `old`, or None."""
    if b"'" in old.split(b"#")[0] or not old.lstrip().startswith(b"x") and b"#" not in old:
        # A line with a string before its comment, or inside a docstring: only the trailing comment may change.
        head = old.split(b"'")[0]
        if not new.startswith(head):
            return "code before the comment changed"
    if b"\"\"\"" in old or old.startswith(b"# noqa: TL205"):
        return None if new == old else "a docstring line changed"
    quote_end = old.rfind(b"'") + 1
    code, comment = old[:quote_end], old[quote_end:]
    k = comment.find(b"#")
    if k < 0:
        return None if new == old else "a line without a comment changed"
    code, comment = old[:quote_end + k], comment[k:]
    codes, bare = directive_codes(comment)
    tl = [c for c in codes if c.startswith(b"TL")]
    if bare or b"TL901" in codes or not tl:
        return None if new == old else "a comment that had nothing to remove changed"
    if new == old:
        return None if reported else "unused TL codes left in place without a TL901 finding"
    if not new.startswith(code.rstrip()):
        return "code before the comment changed"
    new_comment = new[len(code.rstrip()):].lstrip(b" \t")
    # Prose left by a removed `#noqa:TL203 why` gets a space after its `#`: the one byte --fix may add.
    if new_comment and not is_subsequence(new_comment.replace(b"# ", b"#"), comment):
        return "the new comment is not made of the old comment's bytes"
    left, _ = directive_codes(new_comment)
    if any(c.startswith(b"TL") for c in left) and not reported:
        return "TL codes left without a TL901 finding"
    def words(text):
        return [w for w in re.findall(rb"[A-Za-z0-9_\x80-\xff]+", text) if w.lower() != b"noqa" and w not in tl]
    if words(new_comment) != words(comment):
        return f"words lost or changed ({words(comment)} -> {words(new_comment)})"
    return None


CONCISE_LINE = re.compile(rb"^[^\n]+:\d+:\d+: (error|warning): \[TL\d{3}\] [^\n]*$")


def unsafe_output(stdout):
    """The first line of concise output that is not one finding, or holds a control character; None if all are fine."""
    for line in stdout.split(b"\n")[:-1] if stdout.endswith(b"\n") else stdout.split(b"\n"):
        text = line.decode("utf-8", "replace")
        if not CONCISE_LINE.match(line) or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text):
            return line[:200]
    return None


def code_tokens(data):
    """The file's tokens other than comments and line ends, strings without their blanks; None if tokenize fails."""
    try:
        tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.ENCODING, tokenize.ENDMARKER}
    return [(t.type, re.sub(r"\s", "", t.string) if t.type == tokenize.STRING else t.string)
            for t in tokens if t.type not in skipped]


def describe(r):
    if r is None:
        return "timed out twice after 60 s"
    return f"exit {r.returncode}: {r.stderr.decode('utf-8', 'replace')[-300:]}"


def seed_list(text):
    """`3`, `1-8` or `1,4,7`."""
    seeds = []
    for piece in text.split(","):
        low, _, high = piece.partition("-")
        seeds += list(range(int(low), int(high or low) + 1))
    return seeds


def main():
    kinds = ["python", "stdin", "export", "signature", "config", "toml", "path", "names", "fix", "noqa"]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thranc", default=os.path.join(ROOT, ".build/release/thranc"))
    ap.add_argument("--thranlint", default=os.path.join(ROOT, ".build/release/thranlint"))
    ap.add_argument("--seed", default="1", help="a seed, a range 1-8 or a list 1,3,5; each runs in turn")
    ap.add_argument("--budget", type=int, default=40, help="new inputs per kind (saved regressions always replay)")
    ap.add_argument("--kinds", default=",".join(kinds))
    args = ap.parse_args()
    chosen = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in chosen if k not in kinds]
    if unknown:
        ap.error(f"unknown kind(s) {unknown}; choose from {kinds}")
    try:
        seeds = seed_list(args.seed)
    except ValueError:
        ap.error(f"--seed {args.seed!r}: use a number, a range such as 1-8, or a list such as 1,3,5")
    total = Campaign.__new__(Campaign)
    total.tried, total.replayed, total.failed, total.failures = {}, {}, {}, []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as work:
            cache = os.path.join(work, "cache")
            campaign = Campaign(Tools(args.thranc, args.thranlint, cache), random.Random(seed), work)
            campaign.run(chosen, args.budget)
        print(campaign.summary(chosen, seed, args.budget), flush=True)
        for mine, theirs in ((campaign.tried, total.tried), (campaign.replayed, total.replayed),
                             (campaign.failed, total.failed)):
            for kind, n in mine.items():
                theirs[kind] = theirs.get(kind, 0) + n
        total.failures += campaign.failures
    if len(seeds) > 1:
        print(total.summary(chosen, args.seed, args.budget).replace("campaign seed", "campaign seeds", 1))
    return 1 if total.failures else 0


if __name__ == "__main__":
    sys.exit(main())
