"""Every compiled kernel equals the same function run by CPython on seeded random inputs."""
import math
import os
import random
import unittest

from harness import HERE, build, same

compiled, pure, _ = build(os.path.join(HERE, "kernels.py"))
rng = random.Random(20261125)


def ints(lo=-50, hi=50):
    return lambda: rng.randint(lo, hi)


def nonzero_ints(lo=-50, hi=50):
    return lambda: rng.choice([v for v in range(lo, hi + 1) if v != 0])


def floats(lo=-20.0, hi=20.0):
    # Whole numbers too: they hit the exact-division and sign corner cases.
    return lambda: rng.choice([rng.uniform(lo, hi), float(rng.randint(math.ceil(lo), math.floor(hi)))])


def nonzero_floats():
    return lambda: rng.choice([v for v in (rng.uniform(-20, 20), rng.randint(-5, 5) or 1.5) if v != 0])


def complexes():
    return lambda: complex(rng.uniform(-5, 5), rng.uniform(-5, 5))


CASES = {
    "floordiv_mod": [nonzero_ints(-1000, 1000), nonzero_ints()],
    "float_floordiv_mod": [floats(), nonzero_floats()],
    "true_div": [ints(), nonzero_ints()],
    "power": [ints(-6, 6), ints(0, 12)],
    "chained": [floats(-2, 2), floats(-2, 2), floats(-2, 2)],
    "logic": [ints(-2, 2), ints(-2, 2)],
    "loops": [ints(1, 80)],
    "steps": [ints(-15, 15), ints(-15, 15), nonzero_ints(-7, 7)],
    "int32_wrap": [ints(-40000, 40000), ints(-40000, 40000)],
    "mathy": [floats()],
    "minmax": [floats(), floats(), ints()],
    "conversions": [floats()],
    "helper_calls": [ints(0, 8), floats(-2, 2)],
    "constants": [floats()],
    "ifexp": [ints()],
    "tuples": [ints(), floats()],
    "bits": [ints(-1000, 1000), ints(0, 40)],
    "complex_ops": [complexes(), complexes()],
    "isum": [ints(0, 100)],
    "checked": [floats(0, 100)],
    "asserted": [ints(4, 9)],
    "overloaded": [ints()],
    "boolean": [lambda: rng.random() < 0.5, lambda: rng.random() < 0.5],
    "tuple_arg": [lambda: (rng.randint(-9, 9), rng.uniform(-3, 3))],
    "nothing": [ints()],
    "mixed_kinds": [ints(0, 20), floats()],
    "to_int": [floats(-1e6, 1e6)],
    "optional": [ints(), floats()],
    "search": [ints(0, 30), ints(0, 40)],
}


class Differential(unittest.TestCase):
    def test_every_kernel_matches_cpython(self):
        for name, gens in CASES.items():
            with self.subTest(kernel=name):
                for _ in range(300):
                    args = [g() for g in gens]
                    expected = getattr(pure, name)(*args)
                    actual = getattr(compiled, name)(*args)
                    self.assertTrue(same(expected, actual), f"{name}{tuple(args)}: CPython {expected!r}, thranc {actual!r}")

    def test_every_export_is_tested(self):
        exported = {n for n in dir(compiled) if not n.startswith("_") and callable(getattr(compiled, n))}
        self.assertEqual(exported, set(CASES))

    def test_negative_floor_division_and_modulo(self):
        for a, b in [(-7, 2), (7, -2), (-7, -2), (-1, 3), (0, -5)]:
            self.assertEqual(compiled.floordiv_mod(a, b), (a // b, a % b))
        for a, b in [(-7.5, 2.0), (7.5, -2.0), (-0.0, 3.0), (1e-300, -1.0)]:
            self.assertEqual(compiled.float_floordiv_mod(a, b), (a // b, a % b))

    def test_exceptions_cross_the_boundary(self):
        with self.assertRaises(ZeroDivisionError):
            compiled.floordiv_mod(3, 0)
        with self.assertRaisesRegex(ValueError, "x must be non-negative"):
            compiled.checked(-1.0)
        with self.assertRaisesRegex(AssertionError, "three is not allowed"):
            compiled.asserted(3)
        with self.assertRaisesRegex(ValueError, "range\\(\\) arg 3 must not be zero"):
            compiled.steps(1, 5, 0)
        for bad in (float("nan"), float("inf"), -float("inf")):
            with self.assertRaises((ValueError, OverflowError)) as caught:
                pure.to_int(bad)
            with self.assertRaises(type(caught.exception)):
                compiled.to_int(bad)
        # Beyond int64 Python's ints keep growing; a compiled int64 raises instead of wrapping.
        with self.assertRaises(OverflowError):
            compiled.to_int(1e300)

    def test_int32_arithmetic_wraps_as_numpy_does(self):
        import numpy as np

        with np.errstate(over="ignore"):
            expected = int(np.int32(70000) * np.int32(70000) + np.int32(1))
        self.assertEqual(compiled.int32_wrap(70000, 70000), expected)


class Overloads(unittest.TestCase):
    def test_dispatch_picks_the_exact_type_first(self):
        self.assertEqual(compiled.overloaded(3), 3)
        self.assertIsInstance(compiled.overloaded(3), int)
        self.assertEqual(compiled.overloaded(2.5), 2.5)
        self.assertIsInstance(compiled.overloaded(2.5), float)
        self.assertEqual(compiled.overloaded(3, 4), 12)
        self.assertEqual(compiled.power(2, 10), 1024)
        self.assertEqual(compiled.power(2.0, 3), 8.0)
        self.assertEqual(compiled.power(4.0, 0.5), 2.0)
        self.assertEqual(compiled.optional(3), 1.5)
        self.assertEqual(compiled.optional(3, 2.0), 6.0)
        self.assertIn("optional(int, float)", compiled.optional.__doc__)
        self.assertIn("optional(int)", compiled.optional.__doc__)

    def test_numpy_scalars_convert(self):
        import numpy as np

        self.assertEqual(compiled.overloaded(np.int16(7)), 7)
        self.assertEqual(compiled.overloaded(np.float32(1.5)), 1.5)

    def test_wrong_type_lists_the_candidates(self):
        with self.assertRaises(TypeError) as caught:
            compiled.overloaded("x")
        message = str(caught.exception)
        self.assertIn("overloaded(str)", message)
        self.assertIn("overloaded(int)", message)
        self.assertIn("overloaded(float)", message)
        self.assertIn("overloaded(int, int)", message)
        with self.assertRaises(TypeError):
            compiled.true_div(1)

    def test_docstrings(self):
        self.assertIn("Supported prototypes", compiled.power.__doc__)
        self.assertIn("power(float, int)", compiled.power.__doc__)
        self.assertIn("Kernels exercising", compiled.__doc__)


if __name__ == "__main__":
    unittest.main()
