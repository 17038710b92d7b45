"""thranc's compiled callbacks against the same functions hand-written in C, and compile time.

Prints ratios measured in this run: (a) ns per call through the capsule pointer from a C driver, (b) a whole
geometric_transform on a 1000x1000 image, (c) thranc's compile time per seed module, beside `pythran -O2`
when pythran is installed."""
import ctypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import LowLevelCallable, ndimage

from build_fixtures import ROOT, THRANC, build

work = build("thran-bench-")
driver = ctypes.CDLL(os.path.join(work, "driver.so"))
driver.time_transform.restype = ctypes.c_double
driver.time_transform.argtypes = [ctypes.c_void_p, ctypes.c_long, ctypes.c_int]
driver.time_nd.restype = ctypes.c_double
driver.time_nd.argtypes = [ctypes.c_void_p, ctypes.c_long]
hand = ctypes.CDLL(os.path.join(work, "handwritten.so"))

sys.path.insert(0, work)
import example  # noqa: E402
import testlib  # noqa: E402

get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
get_pointer.restype = ctypes.c_void_p
get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
get_name = ctypes.pythonapi.PyCapsule_GetName
get_name.restype = ctypes.c_char_p
get_name.argtypes = [ctypes.py_object]


def address(capsule):
    return get_pointer(capsule, get_name(capsule))


def c_address(fn):
    return ctypes.cast(fn, ctypes.c_void_p).value


def best_ratio(measure_a, measure_b, rounds=21):
    """Alternates the two measurements (A B B A ...) and compares their minima, the least disturbed runs; on a
    shared machine the median of the paired ratios is printed too."""
    a, b = [], []
    for k in range(rounds):
        if k % 2:
            b.append(measure_b())
            a.append(measure_a())
        else:
            a.append(measure_a())
            b.append(measure_b())
    paired = sorted(x / y for x, y in zip(a, b))
    best_ratio.median = paired[len(paired) // 2]
    return min(a), min(b), min(a) / min(b)


CALLS = 1_000_000
print("(a) one callback call through its pointer, 10^6 calls from a C driver (min of 21 rounds)")
for label, capsule in (("transform (as_array)", example.transform), ("transform_basic (loop)", example.transform_basic)):
    t, c, r = best_ratio(lambda: driver.time_transform(address(capsule), CALLS, 2),
                         lambda: driver.time_transform(c_address(hand.transform_c), CALLS, 2))
    print(f"    {label:24s} thranc {t:6.2f} ns   C {c:6.2f} ns   ratio {r:.3f}x (paired median "
          f"{best_ratio.median:.3f}x)   (target <= 1.02x)")
t, c, r = best_ratio(lambda: driver.time_nd(address(testlib.f), CALLS), lambda: driver.time_nd(c_address(hand.f_c), CALLS))
print(f"    {'testlib.f (nquad form)':24s} thranc {t:6.2f} ns   C {c:6.2f} ns   ratio {r:.3f}x")

print("(b) geometric_transform on a 1000x1000 image (min of 15 rounds)")
image = np.random.default_rng(0).random((1000, 1000))
shift = ctypes.c_double(0.5)
ptr = ctypes.cast(ctypes.pointer(shift), ctypes.c_void_p)
c_callable = LowLevelCallable(hand.transform_c, ptr, "int (intptr_t *, double *, int, int, void *)")


def run_transform(callable_):
    start = time.perf_counter()
    ndimage.geometric_transform(image, callable_)
    return time.perf_counter() - start


reference = ndimage.geometric_transform(image, c_callable)
for label, capsule in (("transform (as_array)", example.transform), ("transform_basic (loop)", example.transform_basic)):
    callable_ = LowLevelCallable(capsule, ptr)
    assert np.array_equal(ndimage.geometric_transform(image, callable_), reference)
    t, c, r = best_ratio(lambda: run_transform(callable_), lambda: run_transform(c_callable), rounds=15)
    print(f"    {label:24s} thranc {t * 1e3:7.1f} ms   C {c * 1e3:7.1f} ms   ratio {r:.3f}x (paired median "
          f"{best_ratio.median:.3f}x)   (target <= 1.02x)")

print("(c) compile time of each seed module (median of 7 runs)")
# The interpreter's own script, not a version-manager shim that would add its start-up to pythran's time.
pythran = os.path.join(os.path.dirname(os.path.realpath(sys.executable)), "pythran")
if not os.path.exists(pythran):
    pythran = shutil.which("pythran")
for name in ("testlib", "example"):
    source = os.path.join(work, name + ".py")
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([THRANC, source], check=True)
        times.append(time.perf_counter() - start)
    line = f"    {name + '.py':12s} thranc {statistics.median(times):.3f} s (target <= 0.15 s)"
    if pythran:
        pdir = tempfile.mkdtemp(dir=work)
        shutil.copy(os.path.join(ROOT, "examples", name + ".py"), pdir)
        start = time.perf_counter()
        r = subprocess.run([pythran, "-O2", name + ".py"], cwd=pdir, capture_output=True)
        elapsed = time.perf_counter() - start
        line += f"   pythran -O2 {elapsed:.3f} s" + ("" if r.returncode == 0 else " (failed)")
        line += f"   ratio {statistics.median(times) / elapsed:.3f}x"
    else:
        line += "   (pythran not installed: pip install pythran to compare)"
    print(line)
shutil.rmtree(work, ignore_errors=True)
