#!/usr/bin/env python3
"""Differential test of `thranc ast` against CPython's own ast.dump, per Python version.

Runs over every .py file of that version's stdlib (or --root) that its CPython parses, in both modes (plain
and include_attributes=True), with `thranc ast --python-version V`, and prints `N/M identical` for each.
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyversions  # noqa: E402


def stdlib_files(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                files.append(os.path.join(dirpath, name))
    return files


def run_thranc(thranc, files, attributes, version):
    cmd = [thranc, "ast", "--concise", "--python-version", version] + (["--attributes"] if attributes else [])
    proc = subprocess.run(cmd + files, capture_output=True, timeout=600)
    lines = proc.stdout.decode("utf-8", "surrogateescape").split("\n")
    if len(files) == 1:
        lines = ["\n".join(lines).rstrip("\n")] if proc.returncode == 0 else ["<error>"]
    return lines[: len(files)], proc.stderr.decode("utf-8", "replace")


def first_difference(a, b):
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    lo = max(0, i - 80)
    return f"  ours:   ...{a[lo:i + 80]}\n  theirs: ...{b[lo:i + 80]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--thranc", default=".build/release/thranc")
    ap.add_argument("--python-version", default="3.11", choices=sorted(pyversions.VERSIONS))
    ap.add_argument("--root", help="default: that version's stdlib")
    ap.add_argument("--sample", type=int, default=0, help="check a fixed, seeded sample of this many files")
    ap.add_argument("--seed", type=int, default=1311)
    ap.add_argument("--min-ratio", type=float, default=1.0)
    ap.add_argument("--show", type=int, default=10, help="print this many differing files per mode")
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()
    version = args.python_version
    pyversions.check(version)
    root = args.root or pyversions.stdlib_dir(version)

    files = stdlib_files(root)
    if args.sample and args.sample < len(files):
        files = sorted(random.Random(args.seed).sample(files, args.sample))
    dumps = pyversions.oracle_dumps(version, files)
    expected = {f: d for f, d in dumps.items() if d is not None}
    skipped = len(files) - len(expected)
    paths = sorted(expected)
    batches = [paths[i : i + args.batch] for i in range(0, len(paths), args.batch)]
    ok_all = True
    for mode, attributes in (("plain", False), ("attributes", True)):
        same = 0
        differing = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda b: run_thranc(args.thranc, b, attributes, version), batches))
        for batch, (lines, _stderr) in zip(batches, results):
            for path, line in zip(batch, lines):
                want = expected[path][1 if attributes else 0]
                if line == want:
                    same += 1
                else:
                    differing.append((path, line, want))
        total = len(paths)
        ratio = same / total if total else 1.0
        print(f"Python {version} {mode}: {same}/{total} identical ({100 * ratio:.2f}%), "
              f"{skipped} files CPython {version} rejects skipped")
        for path, line, want in differing[: args.show]:
            print(f"- {path}" + (" (thranc failed)" if line == "<error>" else ""))
            if line != "<error>":
                print(first_difference(line, want))
        if ratio < args.min_ratio:
            ok_all = False
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
