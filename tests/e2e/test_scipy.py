"""Compiled capsules in the real SciPy consumers, each result equal to the pure-Python reference."""
import ctypes
import os
import unittest

import numpy as np
from scipy import LowLevelCallable, integrate, ndimage

from harness import HERE, ROOT, build

EXAMPLES = os.path.join(ROOT, "examples")
testlib, testlib_pure, _ = build(os.path.join(EXAMPLES, "testlib.py"))
example, example_pure, _ = build(os.path.join(EXAMPLES, "example.py"))
callbacks, callbacks_pure, _ = build(os.path.join(HERE, "callbacks.py"))


def pointer_to(value):
    """A user_data pointer to a C double, kept alive by the returned tuple."""
    c = ctypes.c_double(value)
    return ctypes.cast(ctypes.pointer(c), ctypes.c_void_p), c


class Pointer:
    """Indexable stand-in for a C pointer when running the pure-Python callbacks."""

    def __init__(self, values):
        self.values = values

    def __getitem__(self, i):
        return self.values[i]

    def __setitem__(self, i, v):
        self.values[i] = v


class SeedTestlib(unittest.TestCase):
    ranges = [[0, 10], [-10, 0], [-1, 1]]

    def reference(self, c):
        return integrate.nquad(lambda x, y, z: testlib_pure.f(3, Pointer([x, y, z]), Pointer([c])), self.ranges)[0]

    def test_capsule_is_named_with_the_scipy_signature(self):
        self.assertIn('"double (int, double *, void *)"', repr(testlib.f))

    def test_nquad_without_signature(self):
        ptr, keep = pointer_to(1.0)
        result = integrate.nquad(LowLevelCallable(testlib.f, ptr), self.ranges)[0]
        self.assertAlmostEqual(result, self.reference(1.0), places=9)
        self.assertAlmostEqual(result, 1200.0, places=6)

    def test_nquad_with_explicit_signature(self):
        ptr, keep = pointer_to(2.5)
        func = LowLevelCallable(testlib.f, ptr, signature="double (int, double *, void *)")
        self.assertAlmostEqual(integrate.nquad(func, self.ranges)[0], self.reference(2.5), places=9)


class SeedExample(unittest.TestCase):
    def run_transform(self, fn, image, shift):
        ptr, keep = pointer_to(shift)
        return ndimage.geometric_transform(image, LowLevelCallable(fn, ptr))

    def reference(self, pure_fn, image, shift):
        def mapping(output):
            inp = [0.0] * len(output)
            self.assertEqual(pure_fn(Pointer(list(output)), Pointer(inp), len(output), len(inp), Pointer([shift])), 1)
            return tuple(inp)

        return ndimage.geometric_transform(image, mapping)

    def test_names(self):
        for fn in (example.transform, example.transform_basic):
            self.assertIn('"int (intptr_t *, double *, int, int, void *)"', repr(fn))

    def test_small_image_matches_python(self):
        image = np.arange(12).reshape(4, 3).astype(np.float64)
        for name in ("transform", "transform_basic"):
            with self.subTest(name=name):
                got = self.run_transform(getattr(example, name), image, 0.5)
                want = self.reference(getattr(example_pure, "transform_basic"), image, 0.5)
                np.testing.assert_array_equal(got, want)

    def test_large_image_matches_python(self):
        rng = np.random.default_rng(7)
        image = rng.random((120, 90))
        want = self.reference(example_pure.transform_basic, image, 1.25)
        for name in ("transform", "transform_basic"):
            with self.subTest(name=name):
                np.testing.assert_array_equal(self.run_transform(getattr(example, name), image, 1.25), want)

    def test_three_dimensional(self):
        image = np.arange(60, dtype=np.float64).reshape(3, 4, 5)
        want = self.reference(example_pure.transform_basic, image, 0.75)
        np.testing.assert_array_equal(self.run_transform(example.transform, image, 0.75), want)


class Quad(unittest.TestCase):
    def test_one_dimensional_forms(self):
        self.assertIn('"double (double)"', repr(callbacks.gauss))
        self.assertAlmostEqual(
            integrate.quad(LowLevelCallable(callbacks.gauss), -3, 3)[0],
            integrate.quad(callbacks_pure.gauss, -3, 3)[0], places=12)
        ptr, keep = pointer_to(3.0)
        self.assertIn('"double (double, void *)"', repr(callbacks.scaled))
        self.assertAlmostEqual(
            integrate.quad(LowLevelCallable(callbacks.scaled, ptr), 0, 2)[0],
            integrate.quad(lambda x: callbacks_pure.scaled(x, Pointer([3.0])), 0, 2)[0], places=12)

    def test_nd_form_in_dblquad_and_quad_args(self):
        self.assertIn('"double (int, double *)"', repr(callbacks.nd_sum))
        got = integrate.dblquad(LowLevelCallable(callbacks.nd_sum), 0, 1, 0, 2)[0]
        want = integrate.dblquad(lambda y, x: callbacks_pure.nd_sum(2, Pointer([y, x])), 0, 1, 0, 2)[0]
        self.assertAlmostEqual(got, want, places=12)
        got = integrate.quad(LowLevelCallable(callbacks.nd_sum), 0, 1, args=(4.0,))[0]
        self.assertAlmostEqual(got, 4.5, places=12)


class Filters(unittest.TestCase):
    def test_generic_filter(self):
        self.assertIn('"int (double *, intptr_t, double *, void *)"', repr(callbacks.filter_mean))
        image = np.random.default_rng(3).random((40, 30))
        ptr, keep = pointer_to(0.25)
        got = ndimage.generic_filter(image, LowLevelCallable(callbacks.filter_mean, ptr), size=3)
        want = ndimage.generic_filter(image, lambda v: v.mean() + 0.25, size=3)
        np.testing.assert_allclose(got, want, rtol=1e-13)
        got = ndimage.generic_filter(image, LowLevelCallable(callbacks.filter_max, ptr), size=(3, 4))
        np.testing.assert_array_equal(got, ndimage.maximum_filter(image, size=(3, 4)))

    def test_generic_filter1d(self):
        self.assertIn('"int (double *, intptr_t, double *, intptr_t, void *)"', repr(callbacks.moving_sum))
        image = np.random.default_rng(4).random((20, 50))
        got = ndimage.generic_filter1d(image, LowLevelCallable(callbacks.moving_sum), filter_size=5)

        def python(inp, out):
            callbacks_pure.moving_sum(Pointer(inp), len(inp), Pointer(out), len(out), None)

        want = ndimage.generic_filter1d(image, python, filter_size=5)
        np.testing.assert_allclose(got, want, rtol=1e-13)


class Errors(unittest.TestCase):
    def test_raise_in_a_capsule_becomes_the_python_exception(self):
        image = np.ones((5, 5))
        ptr, keep = pointer_to(-1.0)
        with self.assertRaisesRegex(ValueError, "negative shift"):
            ndimage.geometric_transform(image, LowLevelCallable(callbacks.shift_checked, ptr))
        # quad reads no error value: CPython reports the pending exception as the cause of a SystemError.
        with self.assertRaises(SystemError) as caught:
            integrate.quad(LowLevelCallable(callbacks.bounded), 0, 1)
        self.assertIsInstance(caught.exception.__cause__, ValueError)
        self.assertEqual(str(caught.exception.__cause__), "x too large")
        self.assertAlmostEqual(integrate.quad(LowLevelCallable(callbacks.bounded), 0, 0.4)[0], 0.08, places=12)
        # The module stays usable afterwards.
        ptr, keep = pointer_to(1.0)
        ndimage.geometric_transform(image, LowLevelCallable(callbacks.shift_checked, ptr))


if __name__ == "__main__":
    unittest.main()
