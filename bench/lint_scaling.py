#!/usr/bin/env python3
"""How thranlint's project rules scale: a tree where every file exports a capsule, builds LowLevelCallables
from it and from a neighbour module, and hands them to SciPy consumers. Linear work means 4x the files takes
about 4x the time; the run fails (exit 1) when the ratio passes --max-ratio.

    python3 bench/lint_scaling.py [--thranlint .build/release/thranlint] [--small 1000] [--large 4000]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Half the files are kernels, all named kern.py (one per directory, as in a tree of packages); the other half
# build callables from the kernel beside them, from their own capsule and from a shared module.
KERNEL = """#pythran export capsule k(float64)
def k(x):
    return 2.0 * x
"""
USE = """#pythran export capsule f(float64)
def f(x):
    return 2.0 * x

from scipy import LowLevelCallable, integrate
import ctypes
import kern
import shared
d = ctypes.c_double(1.0)
c = LowLevelCallable(f, signature="double (double)")
n = LowLevelCallable(kern.k, ctypes.cast(ctypes.pointer(d), ctypes.c_void_p), signature="double (double)")
s = LowLevelCallable(shared.g, signature="double (double)")
integrate.quad(c, 0, 1)
integrate.quad(n, 0, 1)
integrate.quad(s, 0, 1)
"""


def make_tree(directory, count):
    with open(os.path.join(directory, "pyproject.toml"), "w") as f:
        f.write("[tool.thranlint]\n")
    with open(os.path.join(directory, "shared.py"), "w") as f:
        f.write(KERNEL.replace("k(", "g("))
    for i in range(count // 2):
        package = os.path.join(directory, "p%d" % i)
        os.mkdir(package)
        with open(os.path.join(package, "kern.py"), "w") as f:
            f.write(KERNEL)
        with open(os.path.join(package, "use.py"), "w") as f:
            f.write(USE)


def timed(thranlint, directory, repeat):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        r = subprocess.run([thranlint, "check", "--output-format", "concise", "."], cwd=directory,
                           capture_output=True, env=dict(os.environ, THRANLINT_TIMINGS="1"))
        elapsed = time.perf_counter() - start
        if r.returncode not in (0, 1):
            sys.exit("thranlint exited %d: %s" % (r.returncode, r.stderr.decode()[-500:]))
        best = elapsed if best is None else min(best, elapsed)
    phases = [line for line in r.stderr.decode().splitlines() if line.startswith("thranlint timings")]
    return best, phases[-1] if phases else ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--thranlint", default=os.path.join(ROOT, ".build/release/thranlint"))
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--max-ratio", type=float, default=6.0)
    args = ap.parse_args()
    results = {}
    for count in (args.small, args.large):
        with tempfile.TemporaryDirectory() as d:
            make_tree(d, count)
            results[count], phases = timed(args.thranlint, d, args.repeat)
            print("%5d files: %.2f s  (%s)" % (count, results[count], phases))
    ratio = results[args.large] / results[args.small]
    print("ratio %d/%d files: %.2f (linear: %.1f)" % (args.large, args.small, ratio, args.large / args.small))
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
