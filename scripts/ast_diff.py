#!/usr/bin/env python3
"""Differential test of `thranc ast` against CPython's own ast.dump.

Runs over every .py file of the running interpreter's stdlib (or --root) that CPython itself parses,
in both modes (plain and include_attributes=True), and prints `N/M identical` for each.
"""
import argparse
import ast
import concurrent.futures
import os
import random
import subprocess
import sys
import sysconfig
import warnings


def stdlib_files(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(filenames):
            if name.endswith(".py"):
                files.append(os.path.join(dirpath, name))
    return files


def cpython_dumps(path):
    with open(path, "rb") as f:
        data = f.read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tree = ast.parse(data, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
    return ast.dump(tree), ast.dump(tree, include_attributes=True)


def run_thranc(thranc, files, attributes):
    cmd = [thranc, "ast", "--concise"] + (["--attributes"] if attributes else []) + files
    proc = subprocess.run(cmd, capture_output=True, timeout=600)
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
    ap.add_argument("--root", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("--sample", type=int, default=0, help="check a fixed, seeded sample of this many files")
    ap.add_argument("--seed", type=int, default=1311)
    ap.add_argument("--min-ratio", type=float, default=0.99)
    ap.add_argument("--show", type=int, default=10, help="print this many differing files per mode")
    ap.add_argument("--batch", type=int, default=100)
    args = ap.parse_args()

    files = stdlib_files(args.root)
    if args.sample and args.sample < len(files):
        files = sorted(random.Random(args.seed).sample(files, args.sample))
    expected = {}
    skipped = 0
    for f in files:
        d = cpython_dumps(f)
        if d is None:
            skipped += 1
        else:
            expected[f] = d
    paths = list(expected)
    batches = [paths[i : i + args.batch] for i in range(0, len(paths), args.batch)]
    ok_all = True
    for mode, attributes in (("plain", False), ("attributes", True)):
        same = 0
        differing = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda b: run_thranc(args.thranc, b, attributes), batches))
        for batch, (lines, _stderr) in zip(batches, results):
            for path, line in zip(batch, lines):
                want = expected[path][1 if attributes else 0]
                if line == want:
                    same += 1
                else:
                    differing.append((path, line, want))
        total = len(paths)
        ratio = same / total if total else 1.0
        print(f"{mode}: {same}/{total} identical ({100 * ratio:.2f}%), {skipped} files CPython rejects skipped")
        for path, line, want in differing[: args.show]:
            print(f"- {path}" + (" (thranc failed)" if line == "<error>" else ""))
            if line != "<error>":
                print(first_difference(line, want))
        if ratio < args.min_ratio:
            ok_all = False
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
