#!/usr/bin/env python3
"""The CPython interpreters that serve as parser oracles, one per Python version, and their standard libraries.

3.11 is this machine's python3; 3.12 and 3.13 are pyenv installs selected with PYENV_VERSION. `oracle_dumps`
runs that interpreter's own ast module over a list of files and returns what its ast.dump prints.
"""
import concurrent.futures
import json
import os
import subprocess

VERSIONS = {
    "3.11": (["python3"], {}),
    "3.12": (["python3.12"], {"PYENV_VERSION": "3.12.1"}),
    "3.13": (["python3.13"], {"PYENV_VERSION": "3.13.0"}),
}

# Runs inside the oracle: reads a JSON list of paths, prints one JSON line per path: [plain, attributes] or
# null when that CPython rejects the file (ValueError too: 3.12 raises it on some f-strings it half-builds).
_ORACLE = r"""
import ast, json, sys, warnings
warnings.simplefilter("ignore")
attrs = sys.argv[1] == "1"
for path in json.load(sys.stdin):
    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), filename=path)
        out = [ast.dump(tree), ast.dump(tree, include_attributes=True) if attrs else None]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        out = None
    sys.stdout.write(json.dumps(out) + "\n")
"""


def interpreter(version):
    """(argv, env) that run the interpreter for `version` ("3.12")."""
    if version not in VERSIONS:
        raise SystemExit(f"unknown Python version {version!r} (known: {', '.join(VERSIONS)})")
    argv, extra = VERSIONS[version]
    env = dict(os.environ)
    env.update(extra)
    return argv, env


def run(version, args, **kw):
    argv, env = interpreter(version)
    return subprocess.run(argv + args, env=env, capture_output=True, text=True, **kw)


def check(version):
    """The interpreter's own version, which must be the one asked for."""
    got = run(version, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).stdout.strip()
    if got != version:
        raise SystemExit(f"the oracle for {version} runs Python {got or '(nothing)'}")
    return got


def stdlib_dir(version):
    return run(version, ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).stdout.strip()


def oracle_dumps(version, paths, attributes=True, workers=2):
    """{path: (plain, with_attributes) or None} as `version`'s CPython dumps each file."""
    argv, env = interpreter(version)

    def one(chunk):
        p = subprocess.run(argv + ["-c", _ORACLE, "1" if attributes else "0"], env=env, input=json.dumps(chunk),
                           capture_output=True, text=True, encoding="utf-8", errors="surrogateescape")
        return [json.loads(line) for line in p.stdout.split("\n") if line]

    chunks = [paths[i::workers] for i in range(workers)]
    result = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk, dumps in zip(chunks, pool.map(one, chunks)):
            for k, path in enumerate(chunk):
                d = dumps[k] if k < len(dumps) else None
                result[path] = tuple(d) if d is not None else None
    return result


if __name__ == "__main__":
    for v in VERSIONS:
        print(v, check(v), stdlib_dir(v))
