"""What a capsule returns when its Python code raised, per SciPy consumer: one table in SciPySigs, read by
codegen and by TL104. Each capsule is called from C (a small helper that records and clears the pending
exception) to see the value it really returns; TL104 must name that value; and the installed SciPy must do
what rules/TL104-capsule-raises.md says it does with it."""
import ctypes
import os
import re
import subprocess
import sysconfig
import tempfile
import unittest

import numpy as np
from scipy import LowLevelCallable, integrate, ndimage

from harness import THRANC, load_extension
from test_thranlint import THRANLINT

SOURCE = '''
#pythran export capsule q(float64)
def q(x):
    if x > 0.5:
        raise ValueError("q raised")
    return x

#pythran export capsule qn(int32, float64*)
def qn(n, xs):
    if xs[0] > 0.5:
        raise ValueError("qn raised")
    return xs[0]

#pythran export capsule filt(float64*, int64, float64*, float64*)
def filt(buf, n, out, data):
    if buf[0] > 2.0:
        raise ValueError("filt raised")
    out[0] = buf[0]
    return 1

#pythran export capsule filt1d(float64*, int64, float64*, int64, float64*)
def filt1d(inp, n, out, m, data):
    if inp[0] > 2.0:
        raise ValueError("filt1d raised")
    for i in range(m):
        out[i] = inp[i]
    return 1

#pythran export capsule tr(int64*, float64*, int32, int32, float64*)
def tr(oc, ic, orank, irank, data):
    if oc[0] > 1:
        raise ValueError("tr raised")
    for i in range(irank):
        ic[i] = oc[i] * 1.0
    return 1

#pythran export capsule own(int64, int64, int64, int64, int64, int64)
def own(n, a, b, c, d, e):
    if n > 1:
        raise ValueError("own raised")
    return n
'''

# Calls a capsule's function with the GIL held (ctypes.PyDLL), records whether it left an exception pending,
# and clears it so that the returned value reaches Python.
HELPER = r'''
#include <Python.h>
#include <stdint.h>
#define RAISED(r) do { *raised = PyErr_Occurred() != NULL; PyErr_Clear(); return r; } while (0)
double call_q(double (*f)(double), double x, int *raised) { double r = f(x); RAISED(r); }
double call_qn(double (*f)(int, double *), int n, double *xs, int *raised) { double r = f(n, xs); RAISED(r); }
int call_filt(int (*f)(double *, intptr_t, double *, void *), double *b, intptr_t n, double *o, int *raised) {
  int r = f(b, n, o, NULL); RAISED(r);
}
int call_filt1d(int (*f)(double *, intptr_t, double *, intptr_t, void *), double *i, intptr_t n, double *o,
                intptr_t m, int *raised) { int r = f(i, n, o, m, NULL); RAISED(r); }
int call_tr(int (*f)(intptr_t *, double *, int, int, void *), intptr_t *oc, double *ic, int *raised) {
  int r = f(oc, ic, 1, 1, NULL); RAISED(r);
}
long call_own(long (*f)(long, long, long, long, long, long), long n, int *raised) {
  long r = f(n, 0, 0, 0, 0, 0); RAISED(r);
}
'''


def capsule_pointer(capsule):
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype, get.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    return get(capsule, get_name(capsule))


class CapsuleErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.TemporaryDirectory()
        d = cls.work.name
        path = os.path.join(d, "caps.py")
        with open(path, "w") as f:
            f.write(SOURCE)
        r = subprocess.run([THRANC, path], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        cls.caps = load_extension("caps", d)
        lint = subprocess.run([THRANLINT, "check", path, "--output-format", "concise"], capture_output=True,
                              text=True)
        cls.lint = lint.stdout + lint.stderr
        helper = os.path.join(d, "helper.c")
        with open(helper, "w") as f:
            f.write(HELPER)
        cc = subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-I", sysconfig.get_paths()["include"], helper, "-o",
                             os.path.join(d, "helper.so")], capture_output=True, text=True)
        assert cc.returncode == 0, cc.stderr
        cls.helper = ctypes.PyDLL(os.path.join(d, "helper.so"))

    @classmethod
    def tearDownClass(cls):
        cls.work.cleanup()

    def returned(self, name, *args, restype):
        fn = getattr(self.helper, "call_" + name)
        fn.restype = restype
        raised = ctypes.c_int(0)
        value = fn(ctypes.c_void_p(capsule_pointer(getattr(self.caps, name))), *args, ctypes.byref(raised))
        return value, bool(raised.value)

    def stated(self, name):
        """The value TL104 says the capsule returns after a raise."""
        m = re.search(rf"capsule '{name}' can raise here \(raise ValueError\); the capsule then returns (\S+?)[ :]",
                      self.lint)
        self.assertIsNotNone(m, self.lint)
        return m.group(1)

    def test_the_value_returned_is_the_one_tl104_names(self):
        d = ctypes.c_double
        buf = (d * 2)(3.0, 3.0)
        out = (d * 2)()
        cases = {
            "q": (self.returned("q", d(0.9), restype=d), "NaN"),
            "qn": (self.returned("qn", ctypes.c_int(1), buf, restype=d), "NaN"),
            "filt": (self.returned("filt", buf, ctypes.c_ssize_t(2), out, restype=ctypes.c_int), "0"),
            "filt1d": (self.returned("filt1d", buf, ctypes.c_ssize_t(2), out, ctypes.c_ssize_t(2),
                                     restype=ctypes.c_int), "0"),
            "tr": (self.returned("tr", (ctypes.c_ssize_t * 1)(5), out, restype=ctypes.c_int), "0"),
            "own": (self.returned("own", ctypes.c_long(7), restype=ctypes.c_long), "0"),
        }
        for name, ((value, raised), documented) in cases.items():
            with self.subTest(capsule=name):
                self.assertTrue(raised, name)
                shown = "NaN" if isinstance(value, float) and np.isnan(value) else str(int(value))
                self.assertEqual(shown, self.stated(name))
                self.assertEqual(shown, documented)
        # Without a raise the capsules return their value and leave nothing pending.
        self.assertEqual(self.returned("q", d(0.25), restype=d), (0.25, False))
        self.assertEqual(self.returned("filt", (d * 2)(1.0, 1.0), ctypes.c_ssize_t(2), out, restype=ctypes.c_int),
                         (1, False))

    def test_tl104_names_the_consumers(self):
        self.assertIn("returns NaN to quad, dblquad, tplquad, nquad", self.lint)
        self.assertIn("returns 0 to generic_filter:", self.lint)
        self.assertIn("returns 0 to generic_filter1d:", self.lint)
        self.assertIn("returns 0 to geometric_transform:", self.lint)
        self.assertIn("no SciPy consumer takes long (long, long, long, long, long, long)", self.lint)

    def test_scipy_does_what_the_rule_document_says(self):
        for call, message in ((lambda: integrate.quad(LowLevelCallable(self.caps.q), 0, 1), "q raised"),
                              (lambda: integrate.nquad(LowLevelCallable(self.caps.qn), [[0, 1]]), "qn raised"),
                              (lambda: integrate.dblquad(LowLevelCallable(self.caps.qn), 0, 1, 0, 1), "qn raised")):
            with self.assertRaises(SystemError) as caught:
                call()
            self.assertIn("returned a result with an exception set", str(caught.exception))
            self.assertIsInstance(caught.exception.__cause__, ValueError)
            self.assertEqual(str(caught.exception.__cause__), message)
        image = np.arange(12.0).reshape(3, 4)
        for call, message in ((lambda: ndimage.generic_filter(image, LowLevelCallable(self.caps.filt), size=2),
                               "filt raised"),
                              (lambda: ndimage.generic_filter1d(image, LowLevelCallable(self.caps.filt1d), 2),
                               "filt1d raised"),
                              (lambda: ndimage.geometric_transform(image, LowLevelCallable(self.caps.tr)),
                               "tr raised")):
            with self.assertRaisesRegex(ValueError, "^" + message + "$"):
                call()
        with open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                               "rules", "TL104-capsule-raises.md")) as f:
            doc = f.read()
        self.assertIn("| `quad`, `dblquad`, `tplquad`, `nquad` | NaN |", doc)
        self.assertIn("| `generic_filter`, `generic_filter1d`, `geometric_transform` | 0 |", doc)


if __name__ == "__main__":
    unittest.main()
