"""Seeded random kernels (arithmetic, comparisons, branches, loops) compiled by thranc and run by CPython:
every result must agree. Values stay small so that Python's unbounded ints and int64 agree."""
import os
import random
import tempfile
import unittest

from harness import build, same

SEED = int(os.environ.get("THRAN_RANDOM_SEED", "1125"))
FUNCTIONS = 60
rng = random.Random(SEED)


def int_expr(depth):
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(["a", "b", "c", str(rng.randint(-9, 9)), "len_"])
    op = rng.choice(["+", "-", "*", "//", "%", "min", "max", "abs", "ifexp", "pow", "neg", "bit"])
    x, y = int_expr(depth - 1), int_expr(depth - 1)
    if op in "+-*":
        return f"({x} {op} {y})"
    if op in ("//", "%"):
        return f"({x} {op} ({y} or 7))"
    if op in ("min", "max"):
        return f"{op}({x}, {y})"
    if op == "abs":
        return f"abs({x})"
    if op == "ifexp":
        return f"({x} if {cond(depth - 1)} else {y})"
    if op == "pow":
        return f"(({x}) % 5) ** {rng.randint(0, 3)}"
    if op == "bit":
        return f"({x} {rng.choice(['&', '|', '^'])} {y})"
    return f"(-{x})"


def float_expr(depth):
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(["x", "y", "a", f"{rng.uniform(-4, 4):.3f}", "0.5"])
    op = rng.choice(["+", "-", "*", "/", "//", "%", "min", "max", "abs", "sqrt", "ifexp", "mix", "floor"])
    x, y = float_expr(depth - 1), float_expr(depth - 1)
    if op in "+-*":
        return f"({x} {op} {y})"
    if op in ("/", "//", "%"):
        return f"({x} {op} ({y} if {y} != 0 else 1.5))"
    if op in ("min", "max"):
        return f"{op}({x}, {y})"
    if op == "abs":
        return f"abs({x})"
    if op == "sqrt":
        return f"math.sqrt(abs({x}))"
    if op == "ifexp":
        return f"({x} if {cond(depth - 1)} else {y})"
    if op == "floor":
        return f"math.floor({x})"
    return f"({x} * {int_expr(depth - 1)})"


def cond(depth):
    a, b = rng.choice([(int_expr(depth), int_expr(depth)), (float_expr(depth), float_expr(depth))])
    op = rng.choice(["<", "<=", ">", ">=", "==", "!="])
    c = f"({a} {op} {b})"
    r = rng.random()
    if r < 0.2:
        return f"({c} and {int_expr(depth)} > 0)"
    if r < 0.3:
        return f"(not {c})"
    return c


def function(i):
    body = [f"def k{i}(a, b, c, x, y):", "    len_ = 3", "    s = 0", "    t = 0.0"]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.3:
            body.append(f"    s = s + {int_expr(2)}")
        elif kind < 0.5:
            body.append(f"    t = t + {float_expr(2)}")
        elif kind < 0.7:
            body.append(f"    for i in range({rng.randint(-2, 2)}, {rng.randint(0, 6)}, {rng.choice([1, 2, -1, 3])}):")
            body.append(f"        s += i * {int_expr(1)}")
            body.append(f"        if s > {rng.randint(5, 50)}:")
            body.append("            break")
            if rng.random() < 0.5:
                body.append("    else:")
                body.append(f"        t = t - {float_expr(1)}")
        elif kind < 0.85:
            body.append(f"    if {cond(2)}:")
            body.append(f"        t = {float_expr(2)}")
            body.append(f"    elif {cond(1)}:")
            body.append(f"        s = {int_expr(2)}")
            body.append("    else:")
            body.append("        s -= 1")
        else:
            body.append("    n = 0")
            body.append(f"    while n < {rng.randint(0, 5)}:")
            body.append("        n += 1")
            body.append(f"        t = t * 0.5 + {float_expr(1)}")
    body.append(rng.choice(["    return s, t", "    return s + t", "    return s", f"    return {cond(1)}"]))
    return "\n".join(body)


def module_source():
    lines = ["import math", ""]
    for i in range(FUNCTIONS):
        lines.append(f"#pythran export k{i}(int, int, int, float, float)")
        lines.append(function(i))
        lines.append("")
    return "\n".join(lines)


class RandomPrograms(unittest.TestCase):
    def test_compiled_equals_cpython(self):
        source = module_source()
        directory = tempfile.mkdtemp(prefix="thran-random-")
        path = os.path.join(directory, "randomk.py")
        with open(path, "w") as f:
            f.write(source)
        compiled, pure, _ = build(path)
        inputs = random.Random(SEED + 1)
        checked = 0
        for i in range(FUNCTIONS):
            name = f"k{i}"
            for _ in range(150):
                args = (inputs.randint(-20, 20), inputs.randint(-20, 20), inputs.randint(-5, 5),
                        inputs.uniform(-10, 10), inputs.choice([0.0, 1.0, -2.5, inputs.uniform(-10, 10)]))
                expected = getattr(pure, name)(*args)
                actual = getattr(compiled, name)(*args)
                self.assertTrue(same(expected, actual, tolerance=1e-9), f"{name}{args}: CPython {expected!r}, thranc {actual!r}\n"
                                + source.split(f"def {name}(")[1].split("#pythran")[0])
                checked += 1
        self.assertEqual(checked, FUNCTIONS * 150)


if __name__ == "__main__":
    unittest.main()
