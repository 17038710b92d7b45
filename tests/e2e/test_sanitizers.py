"""Generated C is defined under any flags: thranc's C (-E) built the way a meson or setuptools build might,
without -fwrapv, under ASan and UBSan (every report fatal), then run by CPython with the ASan runtime
preloaded. The kernels are the differential ones (kernels.py), the seeded random programs, and edge cases
where signed arithmetic would overflow in C: each result must still equal CPython's, or NumPy's wrapping
where a 64-bit int cannot hold Python's."""
import array
import os
import pickle
import random
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import unittest

from harness import HERE, SANITIZER_CC as CC, SANITIZER_FLAGS as FLAGS, THRANC

EXT = sysconfig.get_config_var("EXT_SUFFIX")
INCLUDE = sysconfig.get_paths()["include"]
# Suites whose modules harness.build makes sanitized under THRAN_SANITIZE=1, run whole under the sanitizers:
# SciPy consumers calling capsules (pointers, as_array views, user data) and the 1-D buffer exports.
SUITES = ["test_scipy", "test_arrays"]
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1
ANY = "<any result>"  # sanitized_runner.ANY: the call must only be free of undefined behaviour

# Where C's signed arithmetic overflows: NumPy's int64/int32/uint16 wrap, and so must thranc's.
EDGES = '''
#pythran export mul(int, int)
def mul(a, b):
    return a * b + a - b

#pythran export neg(int)
def neg(a):
    return (-a, abs(a), a // -1, a % -1)

#pythran export mul32(int32, int32)
def mul32(a, b):
    return a * b

#pythran export mul16(uint16, uint16)
def mul16(a, b):
    return a * b

#pythran export steps(int, int)
def steps(start, step):
    s = 0
    for i in range(start, 9223372036854775807, step):
        s += 1
    return s

#pythran export rebound(int)
def rebound(a):
    a = 1e300
    return a

#pythran export fold(int)
def fold(a):
    return a * 3037000500 * 3037000500
'''


def wrap(value, bits=64, signed=True):
    value %= 2**bits
    return value - 2**bits if signed and value >= 2**(bits - 1) else value


def edge_calls():
    calls = []
    for a, b in [(INT64_MAX, 2), (INT64_MIN, -1), (3, 4), (INT64_MIN, INT64_MIN)]:
        calls.append(("mul", (a, b), wrap(a * b + a - b)))
    for a in (INT64_MIN, -5, 0, INT64_MAX):
        calls.append(("neg", (a,), (wrap(-a), wrap(abs(a)), wrap(a // -1), a % -1)))
    for a, b in [(70000 // 2, 70000), (-2**31, -1), (46341, 46341)]:
        calls.append(("mul32", (a, b), wrap(a * b, 32)))
    calls.append(("mul16", (65535, 65535), wrap(65535 * 65535, 16, signed=False)))
    for start, step in [(INT64_MAX - 10, 3), (INT64_MAX - 7, 2**62), (0, 2**62)]:
        calls.append(("steps", (start, step), len(range(start, INT64_MAX, step))))
    calls.append(("rebound", (3,), 1e300))
    calls.append(("fold", (7,), wrap(7 * 3037000500 * 3037000500)))
    return calls


def array_calls():
    """Buffers of every length 0..6, reads past either end included (IndexError before any access)."""
    calls = []
    for n in range(7):
        d = array.array("d", [0.5 * i - 1 for i in range(n)])
        calls += [("total", (d,), None), ("total", (array.array("q", range(n)),), None),
                  ("total", (array.array("i", range(-n, 0)),), None), ("last", (array.array("f", d),), None)]
        for m in range(n + 2):
            calls.append(("dot", (d, array.array("d", range(m))), None))
    return calls


def effect_calls():
    calls = []
    for n in range(4):
        d = array.array("d", range(n))
        calls += [("alias", (d,), None), ("via_callee", (d,), None), ("reads", (d,), None),
                  ("direct", (bytearray(n),), None),
                  ("through_branch", (d, array.array("d", range(n)), n % 2 == 0), None)]
    return calls


def asan_runtime():
    path = subprocess.run([CC, "-print-file-name=libasan.so"], capture_output=True, text=True).stdout.strip()
    return path if os.path.isabs(path) and os.path.exists(path) else None


class Sanitizers(unittest.TestCase):
    def setUp(self):
        self.runtime = asan_runtime() if shutil.which(CC) else None
        if self.runtime is None:
            self.skipTest(f"{CC} with an ASan runtime is needed")
        self.work = tempfile.mkdtemp(prefix="thran-sanitize-")

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def environment(self):
        return dict(os.environ, LD_PRELOAD=self.runtime, PYTHONPATH=HERE, THRAN_SANITIZE="1",
                    ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:exitcode=99",
                    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=98")

    def test_scipy_and_buffer_suites_under_the_sanitizers(self):
        r = subprocess.run([sys.executable, "-m", "unittest", *SUITES], cwd=HERE, capture_output=True, text=True,
                           env=self.environment(), timeout=600)
        self.assertEqual(r.returncode, 0, f"exit {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        self.assertRegex(r.stderr, r"Ran [1-9]\d* tests")

    def sanitized(self, name, source):
        """Writes `source` as NAME.py, emits its C with thranc -E and builds it under the sanitizers."""
        directory = os.path.join(self.work, name)
        os.mkdir(directory)
        path = os.path.join(directory, name + ".py")
        with open(path, "w") as f:
            f.write(source)
        r = subprocess.run([THRANC, "-E", path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        cc = subprocess.run([CC, *FLAGS, "-I", INCLUDE, path[:-3] + ".c", "-o", path[:-3] + EXT, "-lm"],
                            capture_output=True, text=True)
        self.assertEqual(cc.returncode, 0, cc.stderr[:2000])
        return directory, path

    def differential_calls(self):
        import test_differential as td

        state = td.rng.getstate()
        td.rng.seed(1207)
        try:
            return [(name, tuple(g() for g in gens), None) for name, gens in td.CASES.items() for _ in range(40)]
        finally:
            td.rng.setstate(state)

    def random_source(self):
        import test_random_programs as trp

        state = trp.rng.getstate()
        trp.rng.seed(1207)
        try:
            return trp.module_source()
        finally:
            trp.rng.setstate(state)

    def test_kernels_are_defined_without_fwrapv(self):
        with open(os.path.join(HERE, "kernels.py")) as f:
            kernels = f.read()
        random_source = self.random_source()
        inputs = random.Random(1208)
        random_calls = [(f"k{i}", (inputs.randint(-20, 20), inputs.randint(-20, 20), inputs.randint(-5, 5),
                                   inputs.uniform(-10, 10), inputs.choice([0.0, 1.0, inputs.uniform(-10, 10)])), None)
                        for i in range(random_source.count("#pythran export")) for _ in range(20)]
        # The same programs at the limits of int64 and float64: only the absence of undefined behaviour is
        # checked there, since Python's ints grow where int64 wraps.
        big = [INT64_MIN, INT64_MAX, INT64_MIN + 1, 2**62, -2**62, 2**32 + 1, -1, 0]
        odd = [float("inf"), -float("inf"), float("nan"), 1e300, -1e300, 5e-324, -0.0]
        random_calls += [(f"k{i}", (inputs.choice(big), inputs.choice(big), inputs.choice(big), inputs.choice(odd),
                                    inputs.choice(odd + [2.5])), ANY)
                         for i in range(random_source.count("#pythran export")) for _ in range(10)]
        plan = []
        with open(os.path.join(HERE, "arrays.py")) as f:
            arrays = f.read()
        with open(os.path.join(HERE, "effects_kernels.py")) as f:
            effects = f.read()
        for name, source, calls, compare in (("skernels", kernels, self.differential_calls(), True),
                                             ("srandom", random_source, random_calls, True),
                                             ("sedges", EDGES, edge_calls(), False),
                                             ("sarrays", arrays, array_calls(), True),
                                             ("seffects", effects, effect_calls(), True)):
            directory, path = self.sanitized(name, source)
            plan.append({"name": name, "directory": directory, "source": path if compare else None,
                         "calls": calls})
        plan_path = os.path.join(self.work, "plan.pickle")
        with open(plan_path, "wb") as f:
            pickle.dump(plan, f)
        r = subprocess.run([sys.executable, os.path.join(HERE, "sanitized_runner.py"), plan_path],
                           capture_output=True, text=True, env=self.environment(), timeout=300)
        self.assertEqual(r.returncode, 0, f"exit {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        total = sum(len(m["calls"]) for m in plan)
        self.assertIn(f"calls {total}", r.stdout)


if __name__ == "__main__":
    unittest.main()
