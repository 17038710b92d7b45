"""Runs inside a python with the ASan runtime preloaded (see test_sanitizers.py): imports the sanitized
modules, calls every planned function and compares with CPython (or a given expected value). A sanitizer
report aborts the process (-fno-sanitize-recover=all); a mismatch is printed and exits 1."""
import array
import copy
import pickle
import sys

from harness import load_extension, load_source, same


def outcome(fn, args):
    try:
        return ("value", fn(*args))
    except Exception as e:  # the kernels raise on purpose (assert, ValueError, ZeroDivisionError)
        return ("raised", type(e).__name__)


ANY = "<any result>"


def plain(args):
    return [list(a) if isinstance(a, (array.array, bytearray)) else a for a in args]


def main(plan_path):
    with open(plan_path, "rb") as f:
        plan = pickle.load(f)
    failures = []
    calls = 0
    for module in plan:
        compiled = load_extension(module["name"], module["directory"])
        pure = load_source(module["name"] + "_pure", module["source"]) if module["source"] else None
        for name, args, expected in module["calls"]:
            # Each side gets its own copy: kernels store into their array arguments, which are compared too.
            mine, theirs = copy.deepcopy(args), copy.deepcopy(args)
            got = outcome(getattr(compiled, name), mine)
            calls += 1
            if expected == ANY:
                continue  # only defined behaviour is asked for (Python's ints do not overflow; int64 wraps)
            want = ("value", expected) if pure is None else outcome(getattr(pure, name), theirs)
            equal = got[0] == want[0] and (got[1] == want[1] if got[0] == "raised" else same(want[1], got[1], 1e-9))
            if pure is not None and plain(mine) != plain(theirs):
                equal = False
            if not equal:
                failures.append(f"{module['name']}.{name}{args!r}: expected {want!r}, got {got!r}")
    print(f"calls {calls}")
    for line in failures[:20]:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
