"""Wall time of `thranlint check` over a copy of the running python3's stdlib (target: <= 1 s on 2 cores),
with `ruff check --select E9` on the same tree beside it when ruff is installed."""
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THRANLINT = os.environ.get("THRANLINT", os.path.join(ROOT, ".build", "release", "thranlint"))

stdlib = sysconfig.get_paths()["stdlib"]
work = tempfile.mkdtemp(prefix="thran-stdlib-")
tree = os.path.join(work, "stdlib")
shutil.copytree(stdlib, tree, ignore=shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc"))
files = sum(len([f for f in fs if f.endswith(".py")]) for _, _, fs in os.walk(tree))
lines = 0
for d, _, fs in os.walk(tree):
    for f in fs:
        if f.endswith(".py"):
            with open(os.path.join(d, f), "rb") as h:
                lines += h.read().count(b"\n")


def best(cmd, runs=5):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
    return min(times), sorted(times)[len(times) // 2], result


t_min, t_med, r = best([THRANLINT, "check", tree, "--output-format", "concise", "--exit-zero"])
findings = r.stdout.count("\n")
print(f"stdlib copy: {files} files, {lines} lines ({stdlib})")
print(f"thranlint check: best {t_min:.3f} s, median {t_med:.3f} s ({findings} findings, mostly TL900 on "
      f"deliberately broken test files), target <= 1 s")
ruff = os.path.join(os.path.dirname(os.path.realpath(sys.executable)), "ruff")
if not os.path.exists(ruff):
    ruff = shutil.which("ruff")
if ruff:
    r_min, r_med, _ = best([ruff, "check", "--select", "E9", "--no-cache", "--exit-zero", tree])
    print(f"ruff check --select E9: best {r_min:.3f} s, median {r_med:.3f} s; thranlint/ruff {t_min / r_min:.2f}x")
else:
    print("ruff is not installed (pip install ruff to compare)")
shutil.rmtree(work, ignore_errors=True)
