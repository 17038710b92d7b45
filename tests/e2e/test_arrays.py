"""1-D array arguments through the buffer protocol: results equal NumPy/CPython, errors as NumPy raises them."""
import array
import os
import unittest

import numpy as np

from harness import HERE, build

compiled, pure, _ = build(os.path.join(HERE, "arrays.py"))


class Arrays(unittest.TestCase):
    def test_results_equal_cpython(self):
        rng = np.random.default_rng(11)
        for n in (0, 1, 7, 100):
            x = rng.standard_normal(n)
            self.assertAlmostEqual(compiled.total(x), pure.total(x), places=10)
            ints = rng.integers(-1000, 1000, n)
            self.assertEqual(compiled.total(ints), pure.total(ints))
            self.assertEqual(compiled.total(ints.astype(np.int32)), pure.total(ints.astype(np.int32)))
            y = rng.standard_normal(n)
            self.assertAlmostEqual(compiled.dot(x, y), float(np.dot(x, y)), places=10)
        self.assertEqual(compiled.total(array.array("d", [1.5, 2.5])), 4.0)
        self.assertEqual(compiled.total(memoryview(array.array("l", [1, 2, 3]))), 6)
        self.assertEqual(compiled.last(np.array([1.0, 2.5], dtype=np.float32)), 2.5)

    def test_writes_are_seen_by_the_caller(self):
        v = np.arange(5.0)
        self.assertIsNone(compiled.scale(v, 3.0))
        np.testing.assert_array_equal(v, np.arange(5.0) * 3.0)
        x, y = np.ones(4), np.arange(4.0)
        self.assertEqual(compiled.axpy(2.0, x, y), 4)
        np.testing.assert_array_equal(y, np.arange(4.0) + 2.0)

    def test_errors(self):
        with self.assertRaises(IndexError):
            compiled.dot(np.arange(3.0), np.arange(2.0))
        with self.assertRaises(IndexError):
            compiled.last(np.array([], dtype=np.float32))
        read_only = np.arange(3.0)
        read_only.flags.writeable = False
        self.assertEqual(compiled.total(read_only), 3.0)
        with self.assertRaises(ValueError):
            compiled.scale(read_only, 2.0)
        with self.assertRaises(ValueError):
            compiled.axpy(1.0, np.ones(3), np.ones(4))
        with self.assertRaisesRegex(TypeError, r"total\(ndarray\)"):
            compiled.total(np.arange(3, dtype=np.uint8))
        with self.assertRaisesRegex(TypeError, "Candidates are"):
            compiled.total(np.ones((2, 2)))
        with self.assertRaises(TypeError):
            compiled.total([1.0, 2.0])


if __name__ == "__main__":
    unittest.main()
