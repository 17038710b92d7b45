"""thranc's command line: diagnostics for rejected modules, outputs, flags and the toolchain contract."""
import glob
import os
import re
import subprocess
import sys
import sysconfig
import tempfile
import unittest

from harness import THRANC, thranc
from test_thranlint import THRANLINT


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class Rejections(unittest.TestCase):
    """Each module is refused with exit 1 and a diagnostic at file:line:column naming the construct."""

    CASES = [
        ("#pythran export capsule f(float64)\ndef f(x):\n    yield x\n", 3, 5, "'yield' is not supported in compiled functions"),
        ("#pythran export f(int)\ndef f(n):\n    return [n]\n", 3, 12, "lists are not supported"),
        ("#pythran export f(int)\ndef f(n):\n    try:\n        pass\n    except Exception:\n        pass\n", 3, 5, "'try' is not supported"),
        ("#pythran export f(int)\ndef f(n):\n    return undefined_name + n\n", 3, 12, "name 'undefined_name' is not defined"),
        ("#pythran export f(float)\ndef f(x):\n    for v in x:\n        pass\n", 3, 14, "for loops are supported over range(...) only"),
        ("#pythran export g(int)\ndef f(n):\n    return n\n", 1, 17, "[TL002] export 'g' names no function"),
        ("#pythran export f(int, int)\ndef f(n):\n    return n\n", 1, 17, "[TL003]"),
        ("#pythran export capsule f(float64 or float32)\ndef f(x):\n    return x\n", 1, 17, "[TL101]"),
        ("#pythran export capsule f(float64[])\ndef f(x):\n    return 1.0\n", 1, 27, "[TL102]"),
        ("#pythran export f(float64*)\ndef f(x):\n    return x[0]\n", 1, 19, "[TL103]"),
        (
            "#pythran export capsule f(int64*, float64*, int32, int32, float64*)\ndef f(o, i, orank, irank, u):\n    return 1.5\n",
            2, 5, "[TL205] capsule 'f' returns float64 but its signature \"int (intptr_t *, double *, int, int, void *)\"",
        ),
        ("#pythran export f(int)\ndef f(n):\n    x = 1\n    x = (1, 2)\n    return n\n", 4, 5, "variable 'x' holds"),
        ("#pythran export f(int)\ndef f(n):\n    if n:\n        return 1\n    return (1, 2)\n", 2, 5, "incompatible types"),
    ]

    def test_rejected_modules(self):
        with tempfile.TemporaryDirectory() as d:
            for i, (source, line, column, message) in enumerate(self.CASES):
                with self.subTest(case=i, message=message):
                    path = write(d, f"m{i}.py", source)
                    r = thranc(path)
                    self.assertEqual(r.returncode, 1, r.stderr)
                    self.assertIn(f"{path}:{line}:{column}: error: ", r.stderr)
                    self.assertIn(message, r.stderr)
                    self.assertFalse(glob.glob(os.path.join(d, f"m{i}.*.so")), "no module on failure")

    def test_capsule_raise_warns_and_still_builds(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "w.py", "#pythran export capsule f(float64)\ndef f(x):\n    if x < 0:\n        raise ValueError('neg')\n    return x\n")
            r = thranc(path)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"{path}:4:9: warning: [TL104]", r.stderr)


class IndependentExports(unittest.TestCase):
    """An export thranc cannot compile gets one diagnostic per written type; the other exports are still checked."""

    SOURCE = (
        "#pythran export total(float[:, :])\n"
        "def total(a):\n    return a[0, 0]\n"
        "#pythran export capsule neg(float64)\n"
        "def neg(x):\n    if x < 0:\n        raise ValueError('neg')\n    return -x\n"
        "#pythran export capsule f(int64*, float64*, int32, int32, float64*)\n"
        "def f(o, i, orank, irank, u):\n    return 1.5\n"
    )

    def test_both_orders_of_a_2d_array_give_one_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "m2d.py", "#pythran export total(float[:, :])\ndef total(a):\n    return a[0, 0]\n")
            r = thranc(path)
            self.assertEqual(r.returncode, 1, r.stderr)
            errors = [line for line in r.stderr.splitlines() if ": error: " in line]
            self.assertEqual(errors, [f"{path}:1:23: error: type 'float[:,:]' is not supported by thranc yet"])

    def test_capsules_are_checked_beside_an_unsupported_export(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mixed.py", self.SOURCE)
            r = thranc(path)
            self.assertEqual(r.returncode, 1, r.stderr)
            located = [line for line in r.stderr.splitlines() if line.startswith(path + ":")]
            self.assertEqual(
                [line.split(": ")[0] + ": " + line.split(": ")[1] for line in located],
                [f"{path}:1:23: error", f"{path}:7:9: warning", f"{path}:10:5: error"],
            )
            self.assertIn("[TL104] capsule 'neg' can raise here", r.stderr)
            self.assertIn("[TL205] capsule 'f' returns float64", r.stderr)
            lint = subprocess.run([THRANLINT, "check", "--output-format", "concise", path], capture_output=True, text=True)
            self.assertIn(f"{path}:7:9: warning: [TL104]", lint.stdout)
            self.assertIn(f"{path}:10:5: error: [TL205]", lint.stdout)


class Outputs(unittest.TestCase):
    SOURCE = "#pythran export f(int)\ndef f(n):\n    return n * 2\n"

    def test_default_output_is_next_to_the_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            self.assertEqual(thranc(path).returncode, 0)
            self.assertTrue(os.path.exists(os.path.join(d, "mod" + sysconfig.get_config_var("EXT_SUFFIX"))))
            self.assertFalse(os.path.exists(os.path.join(d, "mod.c")))
            out = subprocess.run([sys.executable, "-c", "import mod; print(mod.f(21))"], cwd=d, capture_output=True, text=True)
            self.assertEqual(out.stdout.strip(), "42")

    def test_o_flag_emit_c_and_keep_c(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            custom = os.path.join(d, "sub")
            os.mkdir(custom)
            target = os.path.join(custom, "mod" + sysconfig.get_config_var("EXT_SUFFIX"))
            self.assertEqual(thranc(path, "-O3", "-o", target).returncode, 0)
            self.assertTrue(os.path.exists(target))
            r = thranc(path, "-E")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(d, "mod.c")) as f:
                c = f.read()
            self.assertIn(f'#line 3 "{path}"', c)
            self.assertIn("PyInit_mod", c)
            os.remove(os.path.join(d, "mod.c"))
            self.assertEqual(thranc(path, "--keep-c").returncode, 0)
            self.assertTrue(os.path.exists(os.path.join(d, "mod.c")))

    def test_line_directives_are_consistent(self):
        # Every #line back into the C file names the line that follows it.
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            thranc(path, "-E")
            with open(os.path.join(d, "mod.c")) as f:
                lines = f.read().split("\n")
            checked = 0
            for i, text in enumerate(lines):
                m = re.match(r'#line (\d+) "(.*mod\.c)"', text)
                if m:
                    self.assertEqual(int(m.group(1)), i + 2)
                    checked += 1
            self.assertGreater(checked, 0)

    def test_cc_is_honoured_and_temporaries_are_cleaned(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            tmp = os.path.join(d, "tmp")
            os.mkdir(tmp)
            env = dict(os.environ, CC="false", TMPDIR=tmp)
            r = subprocess.run([THRANC, path], capture_output=True, text=True, env=env)
            self.assertEqual(r.returncode, 2)
            self.assertIn("the C compiler failed (false ", r.stderr)
            self.assertEqual(os.listdir(tmp), [])
            env = dict(os.environ, CC="cc -DTHRAN_TEST_FLAG", TMPDIR=tmp)
            self.assertEqual(subprocess.run([THRANC, path], env=env).returncode, 0)
            self.assertEqual(os.listdir(tmp), [])

    def test_a_damaged_precompiled_prelude_never_breaks_a_build(self):
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            env = dict(os.environ, XDG_CACHE_HOME=os.path.join(d, "cache"))
            self.assertEqual(subprocess.run([THRANC, path], env=env).returncode, 0)
            pchs = glob.glob(os.path.join(d, "cache", "thran", "prelude-*", "thran_prelude.h.gch"))
            self.assertEqual(len(pchs), 1)
            with open(pchs[0], "wb") as f:
                f.write(b"not a precompiled header")
            r = subprocess.run([THRANC, path], env=env, capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            out = subprocess.run([sys.executable, "-c", "import mod; print(mod.f(4))"], cwd=d, capture_output=True, text=True)
            self.assertEqual(out.stdout.strip(), "8")

    def test_usage_errors_exit_2(self):
        self.assertEqual(thranc("/nonexistent/file.py").returncode, 2)
        self.assertEqual(thranc("--no-such-flag").returncode, 2)
        with tempfile.TemporaryDirectory() as d:
            path = write(d, "mod.py", self.SOURCE)
            self.assertEqual(thranc(path, "-O7").returncode, 2)
            self.assertEqual(thranc(path, "--python", "/nonexistent/python").returncode, 2)

    def test_a_file_over_2_gib_is_a_located_error_not_a_trap(self):
        # Token offsets are 32-bit: a 2.2 GB file used to die with SIGILL. The sparse file is refused from its
        # size, before anything reads it.
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "huge.py")
            with open(path, "wb") as f:
                f.write(b"x = 1\n")
                f.truncate(2**31 + 7)
            for argv in ([THRANC, "ast", path], [THRANC, path], [THRANLINT, "check", "--output-format", "concise", path]):
                result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
                self.assertEqual(result.returncode, 1, (argv, result.stderr))
                self.assertIn(f"{path}:1:1: error: ", result.stdout + result.stderr, argv)
                self.assertIn("the file is too large: 2147483655 bytes", result.stdout + result.stderr, argv)

    def test_a_non_utf8_argument_is_a_usage_error(self):
        # CommandLine.arguments turns \xff into U+FFFD: -o 'o\xff.c' wrote 'o\xef\xbf\xbd.c', and an input
        # named so was 'no such file'.
        with tempfile.TemporaryDirectory() as d:
            source = os.path.join(d, "mod.py")
            write(d, "mod.py", self.SOURCE)
            with open(os.fsencode(os.path.join(d, "n\udcff.py")), "w") as f:
                f.write(self.SOURCE)
            for argv in ([THRANC, os.fsencode(os.path.join(d, "n\udcff.py"))],
                         [THRANC, "ast", os.fsencode(os.path.join(d, "n\udcff.py"))],
                         [THRANC, "-E", "-o", os.fsencode(os.path.join(d, "o\udcff.c")), source]):
                result = subprocess.run(argv, capture_output=True, text=True)
                self.assertEqual(result.returncode, 2, result.stderr)
                self.assertIn("\\xff", result.stderr)
                self.assertIn("not valid UTF-8", result.stderr)
            self.assertEqual(sorted(os.listdir(d)), sorted(["mod.py", "n\udcff.py"]))

    def test_a_directory_as_input_is_a_usage_error(self):
        # A directory passes isReadableFile: it used to end as "cannot read file" at 1:1 with exit 1.
        with tempfile.TemporaryDirectory() as d:
            os.mkdir(os.path.join(d, "pkg.py"))
            for args in [(d,), (".",), ("pkg.py",), ("ast", "pkg.py"), ("exports", "pkg.py"), ("-E", "pkg.py")]:
                result = subprocess.run([THRANC, *args], cwd=d, capture_output=True, text=True)
                self.assertEqual(result.returncode, 2, (args, result.stderr))
                self.assertIn("error: this is a directory", result.stderr, args)
                self.assertIn("hint:", result.stderr, args)
            self.assertEqual(os.listdir(d), ["pkg.py"])


if __name__ == "__main__":
    unittest.main()
