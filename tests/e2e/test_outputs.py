"""Where thranc writes: an output plan decided before anything is written. An existing directory receives the
output, `%{ext}` expands as in Pythran, one-character paths work, and nothing thranc did not write is ever
removed or replaced. A missing C compiler is named, with how to set CC."""
import os
import subprocess
import sys
import sysconfig
import tempfile
import unittest

from harness import THRANC

EXT = sysconfig.get_config_var("EXT_SUFFIX")
SOURCE = "#pythran export f(int)\ndef f(n):\n    return n * 2\n"


def run(*args, cwd=None, env=None):
    return subprocess.run([THRANC, *args], capture_output=True, text=True, cwd=cwd, env=env)


def imports(directory, name="k"):
    out = subprocess.run([sys.executable, "-c", f"import {name}; print({name}.f(21))"], cwd=directory,
                         capture_output=True, text=True)
    return out.stdout.strip() == "42"


class OutputPlan(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.d = self.dir.name
        with open(os.path.join(self.d, "k.py"), "w") as f:
            f.write(SOURCE)

    def tearDown(self):
        self.dir.cleanup()

    def test_an_existing_directory_receives_the_module_and_keeps_its_files(self):
        out = os.path.join(self.d, "out")
        os.mkdir(out)
        with open(os.path.join(out, "notes.txt"), "w") as f:
            f.write("mine")
        r = run("k.py", "-o", "out", cwd=self.d)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)), sorted(["notes.txt", "k" + EXT]))
        with open(os.path.join(out, "notes.txt")) as f:
            self.assertEqual(f.read(), "mine")
        self.assertTrue(imports(out))

    def test_one_character_paths(self):
        for output, where in ((".", "."), ("x", "x"), ("a/", "a/k" + EXT)):
            if output == "a/":
                os.mkdir(os.path.join(self.d, "a"))
            r = run("k.py", "-o", output, cwd=self.d)
            self.assertEqual(r.returncode, 0, f"-o {output}: {r.stderr}")
            self.assertTrue(os.path.isfile(os.path.join(self.d, where if output != "." else "k" + EXT)), output)
        r = run("-o", "b/", "k.py", cwd=self.d)
        self.assertEqual(r.returncode, 2)
        self.assertIn("the output directory 'b' does not exist", r.stderr)

    def test_ext_expands_as_in_pythran(self):
        r = run("k.py", "-o", "lib%{ext}", cwd=self.d)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.d, "lib" + EXT)))
        # The module keeps its source's name: a differently named file gets a warning saying so.
        self.assertIn("warning: the module is named 'k' after its source file", r.stderr)
        r = run("k.py", "-o", "k%{ext}", cwd=self.d)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        r = run("k.py", "-E", "-o", "gen%{ext}", cwd=self.d)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(self.d, "gen.c")))

    def test_a_file_thranc_did_not_write_is_never_replaced(self):
        for name, flags in (("other" + EXT, []), ("other.c", ["-E"])):
            path = os.path.join(self.d, name)
            with open(path, "w") as f:
                f.write("precious\n")
            r = run("k.py", *flags, "-o", name, cwd=self.d)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(f"{name}: error: this file exists and was not written by thranc", r.stderr)
            self.assertIn("hint:", r.stderr)
            with open(path) as f:
                self.assertEqual(f.read(), "precious\n")
        # Naming the source itself as the output never overwrites it.
        for flags in ([], ["-E"]):
            r = run("k.py", *flags, "-o", "k.py", cwd=self.d)
            self.assertEqual(r.returncode, 2, r.stderr)
            with open(os.path.join(self.d, "k.py")) as f:
                self.assertEqual(f.read(), SOURCE)
        # --keep-c next to a hand-written k.c refuses too.
        with open(os.path.join(self.d, "k.c"), "w") as f:
            f.write("/* mine */\n")
        r = run("k.py", "--keep-c", cwd=self.d)
        self.assertEqual(r.returncode, 2)
        with open(os.path.join(self.d, "k.c")) as f:
            self.assertEqual(f.read(), "/* mine */\n")
        # A symbolic link is not replaced either.
        os.symlink("k.py", os.path.join(self.d, "link" + EXT))
        r = run("k.py", "-o", "link" + EXT, cwd=self.d)
        self.assertEqual(r.returncode, 2)
        self.assertTrue(os.path.islink(os.path.join(self.d, "link" + EXT)))

    def test_thrancs_own_outputs_are_replaced_and_no_temporary_is_left(self):
        for _ in range(2):
            self.assertEqual(run("k.py", cwd=self.d).returncode, 0)
            self.assertEqual(run("k.py", "-E", cwd=self.d).returncode, 0)
        self.assertEqual(sorted(os.listdir(self.d)), sorted(["k.py", "k.c", "k" + EXT]))
        self.assertTrue(imports(self.d))

    def test_emit_c_into_a_directory(self):
        os.mkdir(os.path.join(self.d, "gen"))
        r = run("k.py", "-E", "-o", "gen", cwd=self.d)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.d, "gen", "k.c")) as f:
            self.assertIn("PyInit_k", f.read())

    def test_a_failed_build_leaves_the_previous_module(self):
        self.assertEqual(run("k.py", cwd=self.d).returncode, 0)
        with open(os.path.join(self.d, "k" + EXT), "rb") as f:
            before = f.read()
        env = dict(os.environ, CC="false")
        self.assertEqual(run("k.py", cwd=self.d, env=env).returncode, 2)
        with open(os.path.join(self.d, "k" + EXT), "rb") as f:
            self.assertEqual(f.read(), before)
        self.assertEqual(sorted(os.listdir(self.d)), sorted(["k.py", "k" + EXT]))

    def test_a_missing_c_compiler_is_named_with_how_to_set_cc(self):
        r = run("k.py", cwd=self.d, env=dict(os.environ, CC="no-such-cc-thran"))
        self.assertEqual(r.returncode, 2)
        self.assertIn("the C compiler 'no-such-cc-thran' named by CC was not found", r.stderr)
        self.assertIn("set CC", r.stderr)
        self.assertNotIn("DiscoveryError", r.stderr)
        env = {k: v for k, v in os.environ.items() if k != "CC"}
        env["PATH"] = os.path.join(self.d, "empty")
        r = run("--python", sys.executable, "k.py", cwd=self.d, env=env)
        self.assertEqual(r.returncode, 2)
        self.assertIn("the C compiler 'cc' (the default; CC is not set) was not found", r.stderr)


if __name__ == "__main__":
    unittest.main()
