#!/usr/bin/env python3
"""Differential fuzzing of thranlint's TOML reader against Python's tomllib.

Random and mutated documents go to both `thranlint toml FILE...` (a hidden subcommand printing each file as
tagged JSON, or `error: line:column: reason`) and `tomllib.loads`. They must agree on accepting or rejecting
every input, and on every value of an accepted one. thranlint must never die by a signal.

    python3 tests/toml_fuzz.py --thranlint .build/debug/thranlint --count 3000 --seed 1
"""
import argparse
import datetime
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import tomllib

FIXED = [b"[}", b"[\x17", b"[tool.thranlint]\nselect = [\"TL2\"]\n", b"a = 1\r\nb = 2\r\n", b"a = 1\rb = 2\n",
         b"\xef\xbb\xbfa = 1\n", b"a = \"\xff\"\n", b"a = '''\n'''''", b"a = \"\"\"x\"\"\"\"\"", b"x = 2021-02-29",
         b"x = 2020-02-29T23:59:59.1234567+23:59", b"x = 0000-01-01", b"[a]\nb.c = 1\n[a.b]\n", b"[a]\nb.c = 1\n[a.b.d]\n",
         b"a = {b = 1, b.c = 2}", b"[[a]]\n[a.b]\n[[a]]\n[a.b]\n", b"a = [1,]\n", b"a = {b = 1,}\n", b"a = 0x_1\n",
         b"a = +nan\nb = -inf\nc = 1e+1_0\n", b"\"a\\u0000\" = 1\n", b"a = \"\\uD800\"\n", b"a = \"\\U00110000\"\n",
         b"a.b = 1\n[a]\n", b"a = []\n[[a]]\n", b"a = 1 # \x7f\n", b"a = \"\"\"\\   \n  x\"\"\"\n", b"''=1", b"\"\"=1",
         b"a=07:32:00.5x", b"a=1979-05-27 07:32:00", b"a=1979-05-27 x", b"[ a . b ]\n[a]\n", b"[a]\n[a]\n"]

SEEDS = [
    "[tool.thranlint]\nselect = [\"TL\"]\nignore = [\"TL104\"]\nexclude = [\"build\"]\n"
    "[tool.thranlint.per-file-ignores]\n\"tests/*\" = [\"TL2\"]\n",
    "[project]\nname = \"x\"\nversion = \"1.0\"\ndependencies = [\n  \"numpy>=1\", # c\n  'scipy',\n]\n"
    "[tool.thranlint]\ntarget-version = \"py312\"\nextend-select = ['TL9']\n",
    "title = \"\"\"multi\nline\\\n   end\"\"\"\nlit = '''raw\\n'''\nn = -12_3\nh = 0xdead_beef\no = 0o17\nb = 0b1\n"
    "f = 6.626e-34\nd = 1979-05-27T00:32:00.999999-07:00\nt = 07:32:00\nld = 1979-05-27\nok = true\n",
    "[[fruit]]\nname = \"apple\"\n[fruit.physical]\ncolor = \"red\"\n[[fruit.variety]]\nname = \"x\"\n"
    "[[fruit]]\nname = \"banana\"\ninline = { a = 1, b.c = [1, 2], 'd' = {} }\n",
    "a.b.c = 1\na.d = \"\\u00e9\\U0001F600\\t\"\n[x.y]\nz = [[1, 2], [\"a\"], [], [{}]]\n",
]
PIECES = ["[", "]", "}", "{", "\"", "'", "=", "\n", "#", "\x17", "\x00", "\\", "\\u", "\\U0010FFFF", ".", "\"\"\"",
          "'''", "[[", "]]", "tool.thranlint", "select", "ignore", "TL2", "E", "\r", "\r\n", "\xff", "1979-05-27",
          "inf", "nan", "0x1", "+", "true", ",", " ", "\t", "_", "e", "a", "1", "é", "07:32:00", "T", "Z", "-"]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 5])):
        k = rng.randrange(len(data) + 1)
        op = rng.random()
        piece = rng.choice(PIECES).encode("utf-8", "surrogateescape")
        if piece == "\xff".encode():
            piece = b"\xff"
        if op < 0.45:
            data[k:k] = piece
        elif op < 0.75 and data:
            del data[k:k + rng.randint(1, 4)]
        elif op < 0.9 and data:
            data[k:k + 1] = piece
        elif data:
            data[min(k, len(data) - 1)] = rng.randrange(256)
    return bytes(data)


def random_document(rng, depth=0):
    lines = []
    for _ in range(rng.randint(1, 5)):
        r = rng.random()
        if r < 0.2:
            lines.append(("[[%s]]" if rng.random() < 0.3 else "[%s]") % random_key(rng))
        else:
            lines.append("%s = %s" % (random_key(rng), random_value(rng, 0)))
    return "\n".join(lines).encode()


def table_document(rng):
    """Headers, arrays of tables and dotted keys over a few names: the redefinition rules, where readers differ."""
    lines = []
    for _ in range(rng.randint(1, 7)):
        r = rng.random()
        key = rng.choice(["a", "b", "a.b", "b.c", "a.b.c", "a . c", "\"a\".b", "c"])
        if r < 0.3:
            lines.append("[%s]" % key)
        elif r < 0.45:
            lines.append("[[%s]]" % key)
        else:
            value = rng.choice(["1", "{}", "{x=1}", "[]", "[{}]", "{a.b=1}", "\"s\"", "[1,[2]]"])
            lines.append("%s = %s" % (key, value))
    return "\n".join(lines).encode()


def random_key(rng):
    parts = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        parts.append(rng.choice(["a", "b", "c", "tool", "thranlint", "\"q k\"", "'l'", "select", "1", "-"]))
    return rng.choice([".", " . "]).join(parts)


def random_value(rng, depth):
    choices = ["1", "-0", "+17", "1_000", "0xFF", "0o7", "0b10", "1.5", "-1e3", "inf", "-nan", "true", "false",
               "\"s\"", "'lit'", "\"\"\"m\nl\"\"\"", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "\"\\u00e9\""]
    if depth < 3 and rng.random() < 0.3:
        items = [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
        return "[" + ", ".join(items) + rng.choice(["", ","]) + "]"
    if depth < 3 and rng.random() < 0.2:
        items = ["%s = %s" % (random_key(rng), random_value(rng, depth + 1)) for _ in range(rng.randint(0, 3))]
        return "{" + ", ".join(items) + "}"
    return rng.choice(choices)


def tagged(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"integer": str(value)}
    if isinstance(value, float):
        return {"float": "nan" if math.isnan(value) else repr(value)}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return {"datetime": True}
    if isinstance(value, list):
        return [tagged(v) for v in value]
    if isinstance(value, dict):
        return {k: tagged(v) for k, v in value.items()}
    return value


def normalized(value):
    """thranlint's tagged JSON with number texts evaluated as tomllib evaluates them."""
    if isinstance(value, dict):
        if set(value) == {"integer"}:
            return {"integer": str(int(value["integer"], 0))}
        if set(value) == {"float"}:
            f = float(value["float"])
            return {"float": "nan" if math.isnan(f) else repr(f)}
        if set(value) == {"datetime"}:
            return {"datetime": True}
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def oracle(data):
    try:
        return tagged(tomllib.loads(data.decode("utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
        return None


def run_batch(thranlint, inputs, work):
    paths = []
    for i, data in enumerate(inputs):
        path = os.path.join(work, "c%d.toml" % i)
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    r = subprocess.run([thranlint, "toml", *paths], capture_output=True, timeout=120)
    if r.returncode != 0:
        return None, r
    return r.stdout.decode("utf-8", "replace").split("\n")[:len(inputs)], r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--thranlint", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                     ".build/release/thranlint"))
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    inputs = list(FIXED)
    while len(inputs) < args.count:
        r = rng.random()
        if r < 0.25:
            inputs.append(table_document(rng))
            continue
        base = rng.choice(SEEDS).encode() if r < 0.75 else random_document(rng)
        inputs.append(mutate(rng, base) if rng.random() < 0.85 else base)
    disagreements = []
    accepted = 0
    with tempfile.TemporaryDirectory() as work:
        for start in range(0, len(inputs), 200):
            batch = inputs[start:start + 200]
            lines, r = run_batch(args.thranlint, batch, work)
            if lines is None:
                # A crash: find the input by running each alone.
                for data in batch:
                    one, r1 = run_batch(args.thranlint, [data], work)
                    if one is None:
                        disagreements.append((data, "thranlint died: rc=%d %s" % (r1.returncode, r1.stderr[-300:])))
                continue
            for data, line in zip(batch, lines):
                expected = oracle(data)
                if line.startswith("error: "):
                    if expected is not None:
                        disagreements.append((data, "thranlint rejects (%s), tomllib accepts" % line))
                    continue
                accepted += 1
                if expected is None:
                    disagreements.append((data, "thranlint accepts, tomllib rejects"))
                elif normalized(json.loads(line)) != expected:
                    disagreements.append((data, "values differ: %s vs %s" % (line, json.dumps(expected))))
    print("toml differential: %d inputs, %d accepted by both, %d disagreements" %
          (len(inputs), accepted - sum(1 for _, w in disagreements if "tomllib rejects" in w), len(disagreements)))
    for data, why in disagreements[:20]:
        print("  %r: %s" % (data, why))
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
