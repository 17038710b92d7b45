"""Shared helpers for the end-to-end tests: build a module with the thranc under test, import it."""
import importlib.util
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
THRANC = os.environ.get("THRANC", os.path.join(ROOT, ".build", "release", "thranc"))


# With THRAN_SANITIZE=1 (set by test_sanitizers.py, which runs suites under a python with the ASan runtime
# preloaded) modules are built from thranc's C by SANITIZER_CC with these flags: no -fwrapv, every report fatal.
SANITIZE = os.environ.get("THRAN_SANITIZE") == "1"
SANITIZER_CC = os.environ.get("THRAN_SANITIZER_CC", "gcc")
SANITIZER_FLAGS = ["-O1", "-g", "-fPIC", "-shared", "-std=gnu11", "-fno-omit-frame-pointer",
                   "-fsanitize=address,undefined", "-fsanitize=float-cast-overflow", "-fno-sanitize-recover=all"]


def sanitized_build(target):
    """thranc -E, then the sanitizer build of the C next to `target`."""
    import sysconfig

    result = subprocess.run([THRANC, "-E", target], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"thranc -E failed ({result.returncode}):\n{result.stderr}")
    stem = target[:-3]
    cc = subprocess.run([SANITIZER_CC, *SANITIZER_FLAGS, "-I", sysconfig.get_paths()["include"], stem + ".c", "-o",
                         stem + sysconfig.get_config_var("EXT_SUFFIX"), "-lm"], capture_output=True, text=True)
    if cc.returncode != 0:
        raise AssertionError(f"sanitizer build failed:\n{cc.stderr[:3000]}")


def build(source_path, *flags):
    """Copies source_path into a fresh directory, compiles it with thranc, and returns (compiled, pure) modules."""
    work = tempfile.mkdtemp(prefix="thran-e2e-")
    name = os.path.splitext(os.path.basename(source_path))[0]
    target = os.path.join(work, name + ".py")
    shutil.copy(source_path, target)
    if SANITIZE:
        sanitized_build(target)
        return load_extension(name, work), load_source(name + "_pure", source_path), work
    result = subprocess.run([THRANC, target, *flags], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"thranc failed ({result.returncode}):\n{result.stderr}")
    compiled = load_extension(name, work)
    pure = load_source(name + "_pure", source_path)
    return compiled, pure, work


def load_extension(name, directory):
    sys.path.insert(0, directory)
    try:
        sys.modules.pop(name, None)
        module = importlib.import_module(name)
    finally:
        sys.path.remove(directory)
    assert module.__file__.endswith(".so"), module.__file__
    return module


def load_source(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def thranc(*args):
    return subprocess.run([THRANC, *args], capture_output=True, text=True)


def same(a, b, tolerance=1e-12):
    """CPython's result equals thranc's: the same type for ints and bools, floats within `tolerance`."""
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y, tolerance) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if math.isnan(a) and math.isnan(b):
            return True
        return a == b or math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(a, complex) or isinstance(b, complex):
        return abs(a - b) <= tolerance * max(1.0, abs(a))
    return a == b and type(a) is type(b)
