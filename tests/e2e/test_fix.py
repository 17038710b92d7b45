"""thranlint --fix: what it rewrites (real comment tokens only), what it refuses (files that do not parse), and how
it writes (in place: mode, owner, symlinks and hard links kept; every file it could not write reported, exit 2)."""
import ast
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

from harness import ROOT

THRANLINT = os.environ.get("THRANLINT", os.path.join(ROOT, ".build", "release", "thranlint"))
KERNELS = "#pythran export capsule f(int32, float64*, float64*)\ndef f(n, x, cp):\n    return cp[0] + x[0]\n"
USE = ("from scipy import LowLevelCallable\nimport kernels\n"
       "a = LowLevelCallable(kernels.f, None, 'double (int,double *,void *)')\n")


def lint(*args, cwd=None, prefix=()):
    return subprocess.run([*prefix, THRANLINT, "check", "--output-format", "concise", *args], capture_output=True,
                          cwd=cwd)


def parses(data):
    try:
        ast.parse(data)
        return True
    except (SyntaxError, ValueError):
        return False


class FixCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="thranlint-fix-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path

    def read(self, name):
        with open(os.path.join(self.dir, name), "rb") as f:
            return f.read()

    def fix(self, *paths, **kw):
        return lint("--fix", *(paths or (self.dir,)), **kw)


class Comments(FixCase):
    def test_prose_after_the_codes_stays_a_comment(self):
        self.write("m.py", "x = 1  # noqa: TL203 see issue 12\ny = 2  # noqa: TL203, E501 long line\n"
                           "z = 3  # noqa: TL203  # type: ignore\nw = 4  # noqa: TL203\n")
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        after = self.read("m.py")
        self.assertEqual(after, b"x = 1  # see issue 12\ny = 2  # noqa: E501 long line\n"
                                b"z = 3  # type: ignore\nw = 4\n")
        self.assertTrue(parses(after))
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(self.read("m.py"), after, "a second --fix changed the file again")

    def test_some_codes_used_others_removed(self):
        self.write("kernels.py", KERNELS)
        self.write("use.py", USE.replace("')\n", "')  # noqa: TL201, TL207 why\n"))
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(b"# noqa: TL201 why\n", self.read("use.py"))

    def test_removing_one_code_keeps_the_other_codes_byte_for_byte(self):
        self.write("kernels.py", KERNELS)
        self.write("use.py", USE.replace("')\n", "')  # noqa:TL201 TL203  F401 why\n")
                   + "x = 1  # noqa:E501 TL203,W291   # keep\ny = 2  # noqa: E501,TL203\n")
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        after = self.read("use.py")
        self.assertIn(b"')  # noqa:TL201  F401 why\n", after)
        self.assertIn(b"x = 1  # noqa:E501,W291   # keep\ny = 2  # noqa: E501\n", after)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(self.read("use.py"), after, "a second --fix changed the file again")

    def test_a_directive_naming_tl901_is_kept_as_written(self):
        text = "x = 1  # noqa: TL901, TL203\ny = 2  # noqa: TL203  # noqa: TL901 see\n"
        self.write("m.py", text)
        r = lint(self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(self.read("m.py"), text.encode())

    def test_noqa_inside_strings_and_docstrings_is_not_a_directive(self):
        text = ('"""Module.\n# noqa: TL205\n"""\ns = \'# noqa: TL203\'\nt = """x\n  # noqa: TL203 y\n"""\n'
                "u = f'{1}# noqa: TL203'\nv = b'''# noqa: TL203'''\n")
        self.write("m.py", text)
        r = lint(self.dir)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn(b"TL901", r.stdout)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(self.read("m.py"), text.encode())


class Refusals(FixCase):
    def test_file_with_a_syntax_error_is_reported_and_never_edited(self):
        text = b"x = 1  # noqa: TL203\ndef f(:\n    pass\n"
        self.write("bad.py", text)
        self.write("good.py", "y = 1  # noqa: TL203\n")
        r = self.fix()
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(b"bad.py:2:", r.stdout)
        self.assertIn(b"[TL900]", r.stdout)
        self.assertNotIn(b"TL901", r.stdout)
        self.assertEqual(self.read("bad.py"), text)
        self.assertEqual(self.read("good.py"), b"y = 1\n")

    def test_bare_noqa_never_hides_a_syntax_error(self):
        self.write("bad.py", "def f(:  # noqa\n    pass\n")
        r = lint(self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"[TL900]", r.stdout)
        self.write("bad.py", "x = 1\ny = )  # noqa: TL900\n")
        self.assertIn(b"[TL900]", lint(self.dir).stdout)


class TargetVersion(FixCase):
    TEXT = b"type Vector = list[float]  # noqa: TL203 alias\n"

    def test_the_target_version_decides_what_parses_and_what_is_fixed(self):
        self.write("m.py", self.TEXT)
        r = self.fix("--target-version", "py311", self.dir)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(b"[TL900]", r.stdout)
        self.assertEqual(self.read("m.py"), self.TEXT)
        self.write("pyproject.toml", "[tool.thranlint]\ntarget-version = \"py312\"\n")
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.read("m.py"), b"type Vector = list[float]  # alias\n")


class Writing(FixCase):
    # Each test asserts the property it names before the fixed text, so on the old fixer (which replaced the
    # file and also left the blanks before a removed comment) it fails on that property.
    TEXT = "x = 1  # noqa: TL203\n"
    FIXED = b"x = 1\n"

    def test_mode_is_kept(self):
        path = self.write("m.py", self.TEXT)
        os.chmod(path, 0o600)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(self.read("m.py"), self.FIXED)
        os.chmod(path, 0o751)
        self.write("m.py", self.TEXT)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o751)

    @unittest.skipUnless(os.geteuid() == 0, "changing a file's owner needs root")
    def test_owner_is_kept(self):
        path = self.write("m.py", self.TEXT)
        os.chown(path, 65534, 65534)
        self.assertEqual(self.fix().returncode, 0)
        st = os.stat(path)
        self.assertEqual((st.st_uid, st.st_gid), (65534, 65534))
        self.assertEqual(self.read("m.py"), self.FIXED)

    def test_symlink_is_written_through_and_stays_a_link(self):
        target = self.write(os.path.join("store", "real.py"), self.TEXT)
        link = os.path.join(self.dir, "proj", "m.py")
        os.makedirs(os.path.dirname(link))
        os.symlink(os.path.join("..", "store", "real.py"), link)
        r = self.fix(os.path.join(self.dir, "proj"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(os.path.islink(link))
        with open(target, "rb") as f:
            self.assertEqual(f.read(), self.FIXED)

    def test_hard_link_keeps_its_inode(self):
        path = self.write(os.path.join("proj", "m.py"), self.TEXT)
        other = os.path.join(self.dir, "elsewhere.py")
        os.link(path, other)
        inode = os.stat(path).st_ino
        r = self.fix(os.path.join(self.dir, "proj"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(os.stat(path).st_ino, inode)
        self.assertEqual(os.stat(path).st_nlink, 2)
        with open(other, "rb") as f:
            self.assertEqual(f.read(), self.FIXED)

    def test_one_path_two_names_is_fixed_once(self):
        self.write(os.path.join("proj", "m.py"), self.TEXT)
        os.symlink("m.py", os.path.join(self.dir, "proj", "n.py"))
        r = self.fix(os.path.join(self.dir, "proj"))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.read(os.path.join("proj", "m.py")), self.FIXED)

    def test_unwritable_file_is_reported_with_exit_2(self):
        locked = self.write("locked.py", self.TEXT)
        self.write("open.py", self.TEXT)
        prefix = ()
        if os.geteuid() == 0:
            # root writes through any mode: run as nobody instead, with the files readable to it.
            if shutil.which("setpriv") is None:
                self.skipTest("needs setpriv to drop root")
            prefix = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
            os.chmod(self.dir, 0o755)
            os.chmod(os.path.join(self.dir, "open.py"), 0o666)
            if not os.access(THRANLINT, os.X_OK) or subprocess.run([*prefix, THRANLINT, "--version"],
                                                                    capture_output=True).returncode != 0:
                self.skipTest("thranlint is not executable by nobody")
        os.chmod(locked, 0o444)
        r = self.fix(prefix=prefix)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(locked.encode(), r.stderr)
        self.assertIn(b"ermission denied", r.stderr)
        self.assertIn(b"locked.py: fix not written: cannot open for writing: Permission denied", r.stderr)
        self.assertIn(b"1 file not fixed (see below).", r.stderr)
        self.assertEqual(self.read("locked.py"), self.TEXT.encode())
        self.assertEqual(self.read("open.py"), self.FIXED)
        self.assertEqual(sorted(os.listdir(self.dir)), ["locked.py", "open.py"])

    def test_no_temporary_files_are_left(self):
        self.write("m.py", self.TEXT)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(os.listdir(self.dir), ["m.py"])


class Encodings(FixCase):
    def test_latin1_file_keeps_its_bytes(self):
        text = "# -*- coding: latin-1 -*-\ns = 'café'  # noqa: TL203 ça va\r\nt = 'é'\n".encode("latin-1")
        self.write("m.py", text)
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.read("m.py"), text.replace(b"# noqa: TL203 \xe7a", b"# \xe7a"))

    def test_utf8_bom_and_crlf_survive(self):
        text = "\ufeffs = 'é'  # noqa: TL203 ok\r\nt = 1\r\n".encode("utf-8")
        self.write("m.py", text)
        self.assertEqual(self.fix().returncode, 0)
        self.assertEqual(self.read("m.py"), text.replace(b"# noqa: TL203 ok", b"# ok"))

    def test_signature_fix_in_a_cp1252_file(self):
        self.write("kernels.py", KERNELS)
        text = ("# coding: cp1252\n# \u20ac\n" + USE).encode("cp1252")
        self.write("use.py", text)
        r = self.fix()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.read("use.py"), text.replace(b"(int,double *,void *)", b"(int, double *, void *)"))


if __name__ == "__main__":
    unittest.main()
