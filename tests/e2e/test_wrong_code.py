"""No wrong code (issue 8, section 5): writability follows an alias-aware argument-effects analysis, a
parameter rebound to a wider type widens as in Python, and `x // -1` compiles with INT64_MIN // -1 defined.

INT64_MIN // -1 wraps to INT64_MIN, as NumPy's int64 does (`np.int64(-2**63) // -1`): thranc's int is a
64-bit integer, and every other overflowing int64 operation wraps too. Python's unbounded int would give 2**63.
"""
import os
import unittest

import numpy as np

from harness import build

HERE = os.path.dirname(os.path.abspath(__file__))
INT64_MIN = -2**63


class WrongCode(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.m, cls.pure, _ = build(os.path.join(HERE, "effects_kernels.py"))

    def read_only(self, n=3):
        a = np.zeros(n)
        a.flags.writeable = False
        return a

    def test_an_aliased_parameter_is_never_written_when_read_only(self):
        for call in (lambda a: self.m.alias(a), lambda a: self.m.via_callee(a), lambda a: self.m.in_place(a),
                     lambda a: self.m.through_branch(a, np.zeros(3), True)):
            a = self.read_only()
            with self.assertRaisesRegex(ValueError, "argument 'a' is read-only"):
                call(a)
            self.assertEqual(a.tolist(), [0.0, 0.0, 0.0])
        b = self.read_only()
        with self.assertRaisesRegex(ValueError, "argument 'b' is read-only"):
            self.m.through_branch(np.zeros(3), b, False)

    def test_writable_inputs_are_written_and_read_only_inputs_read(self):
        a = np.zeros(3)
        self.assertEqual(self.m.alias(a), 42.0)
        self.assertEqual(a[0], 42.0)
        a = np.zeros(3)
        self.m.via_callee(a)
        self.assertEqual(a[0], 1.0)
        a = np.zeros(2)
        self.m.in_place(a)
        self.assertEqual(a.tolist(), [1.0, 1.0])
        # A parameter only read accepts a read-only array.
        self.assertEqual(self.m.reads(self.read_only()), 0.0)

    def test_bytes_are_immutable(self):
        data = b"abc"
        with self.assertRaisesRegex(TypeError, "argument 'a' is read-only: bytes are immutable"):
            self.m.direct(data)
        self.assertEqual(data, b"abc")
        buf = bytearray(b"abc")
        self.m.direct(buf)
        self.assertEqual(buf, bytearray(b"\x07bc"))

    def test_a_rebound_parameter_widens_as_python(self):
        for name, args in (("widen", (1,)), ("widen", (-4,)), ("big", (3,)), ("widen_int32", (3, 0.25)),
                           ("widen_complex", (2.0,)), ("keeps_int", (41,))):
            want = getattr(self.pure, name)(*args)
            got = getattr(self.m, name)(*args)
            self.assertEqual(got, want, f"{name}{args}")
            self.assertIs(type(got), type(want), f"{name}{args}")

    def test_floor_division_by_minus_one(self):
        for x in (7, -7, 0, 2**63 - 1):
            self.assertEqual(self.m.fd(x), -x)
        # INT64_MIN // -1 wraps as NumPy's int64 does; so do % and unary minus and abs.
        with np.errstate(over="ignore"):
            self.assertEqual(self.m.fd(INT64_MIN), int((np.array([INT64_MIN]) // -1)[0]))
        self.assertEqual(self.m.wrap_min(INT64_MIN), (INT64_MIN, 0, INT64_MIN, INT64_MIN))
        self.assertEqual(self.m.wrap_min(-5), (5, 0, 5, 5))

    def test_a_literal_zero_range_step_raises_as_python(self):
        # The C divided by the constant 0: range(10, 0, 0) killed the interpreter (SIGILL/SIGFPE), and
        # range(0, 10, 0) silently ran no iteration.
        for start, stop in ((0, 10), (10, 0), (3, 3)):
            with self.assertRaises(ValueError) as want:
                self.pure.zero_step(start, stop)
            with self.assertRaises(ValueError) as got:
                self.m.zero_step(start, stop)
            self.assertEqual(str(got.exception), str(want.exception))


if __name__ == "__main__":
    unittest.main()
