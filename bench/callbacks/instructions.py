"""Instructions per callback call, counted by callgrind: the same figure on every run, however busy the
machine (bench/callbacks/run.py's nanoseconds move by several percent between runs on a shared machine).

Each count covers the callback itself (--toggle-collect on its symbol: the capsule's C entry, with the compiled
body inlined into it, against the hand-written C function), called 10^5 times from the same C driver loop."""
import os
import re
import shutil
import subprocess
import sys

from build_fixtures import build

CALLS = 100_000

if shutil.which("valgrind") is None:
    sys.exit("valgrind is not installed (apt-get install valgrind)")
work = build("thran-instr-")

PROGRAM = """
import ctypes, sys
sys.path.insert(0, {work!r})
driver = ctypes.CDLL({work!r} + "/driver.so")
hand = ctypes.CDLL({work!r} + "/handwritten.so")
import example, testlib
get = ctypes.pythonapi.PyCapsule_GetPointer
get.restype = ctypes.c_void_p
get.argtypes = [ctypes.py_object, ctypes.c_char_p]
name = ctypes.pythonapi.PyCapsule_GetName
name.restype = ctypes.c_char_p
name.argtypes = [ctypes.py_object]
def capsule(c): return get(c, name(c))
targets = {{"transform": capsule(example.transform), "transform_basic": capsule(example.transform_basic),
           "transform_c": ctypes.cast(hand.transform_c, ctypes.c_void_p).value,
           "f": capsule(testlib.f), "f_c": ctypes.cast(hand.f_c, ctypes.c_void_p).value}}
kind, target = sys.argv[1], targets[sys.argv[2]]
if kind == "transform":
    driver.time_transform.argtypes = [ctypes.c_void_p, ctypes.c_long, ctypes.c_int]
    driver.time_transform(target, {calls}, 2)
else:
    driver.time_nd.argtypes = [ctypes.c_void_p, ctypes.c_long]
    driver.time_nd(target, {calls})
"""


SYMBOLS = {"transform": "transform_impl", "transform_basic": "transform_basic_impl",
           "transform_c": "transform_c", "f": "f_impl", "f_c": "f_c"}


def instructions(kind, target):
    out = os.path.join(work, f"callgrind.{target}")
    function = SYMBOLS[target]
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--collect-atstart=no",
                    f"--toggle-collect={function}", os.path.realpath(sys.executable), "-c",
                    PROGRAM.format(work=work, calls=CALLS), kind, target],
                   check=True, capture_output=True)
    with open(out) as f:
        text = f.read()
    m = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    return int(m.group(1))


print(f"(a') instructions per callback call, counted by callgrind over {CALLS} calls (deterministic)")
c = instructions("transform", "transform_c")
for target in ("transform", "transform_basic"):
    t = instructions("transform", target)
    print(f"    {target:16s} thranc {t / CALLS:6.2f}   C {c / CALLS:6.2f}   ratio {t / c:.3f}x")
t, c = instructions("nd", "f"), instructions("nd", "f_c")
print(f"    {'testlib.f':16s} thranc {t / CALLS:6.2f}   C {c / CALLS:6.2f}   ratio {t / c:.3f}x")
shutil.rmtree(work, ignore_errors=True)
