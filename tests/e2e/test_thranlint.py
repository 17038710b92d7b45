"""thranlint's command line: formats, exit codes, --fix, configuration, and the table against installed SciPy."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import ROOT

THRANLINT = os.environ.get("THRANLINT", os.path.join(ROOT, ".build", "release", "thranlint"))
FIXTURES = os.path.join(ROOT, "Tests", "LintTests", "Fixtures")


def lint(*args, cwd=None):
    return subprocess.run([THRANLINT, *args], capture_output=True, text=True, cwd=cwd)


KERNELS = "#pythran export capsule f(int32, float64*, float64*)\ndef f(n, x, cp):\n    return cp[0] + x[0]\n"
BAD = (
    "from scipy import LowLevelCallable\nimport kernels\n\n"
    "a = LowLevelCallable(kernels.f, None, 'double (int,double *,void *)')\n"
    "b = LowLevelCallable(kernels.f, signature=\"double(int, double*, void*)\")  # trailing comment\n"
)


class Project(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="thranlint-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.write("kernels.py", KERNELS)
        self.write("use.py", BAD)

    def write(self, name, text, mode="w"):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as f:
            f.write(text)
        return path


class Formats(Project):
    def test_exit_codes(self):
        self.assertEqual(lint("check", self.dir).returncode, 1)
        self.assertEqual(lint("check", self.dir, "--exit-zero").returncode, 0)
        self.assertEqual(lint("check", os.path.join(self.dir, "kernels.py")).returncode, 0)
        self.assertEqual(lint("check", "/nonexistent/path").returncode, 2)
        self.assertEqual(lint("check", self.dir, "--output-format", "xml").returncode, 2)
        self.assertEqual(lint("check", self.dir, "--select", "XX9").returncode, 2)
        self.assertEqual(lint("check", self.dir, "--bogus").returncode, 2)

    def test_default_path_is_the_current_directory(self):
        r = lint("check", "--output-format", "concise", cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertIn("use.py:4:", r.stdout)

    def test_json_contract(self):
        r = lint("check", self.dir, "--output-format", "json")
        items = json.loads(r.stdout)
        self.assertEqual(len(items), 2)
        keys = {"code", "name", "message", "filename", "location", "end_location", "fix"}
        for item in items:
            self.assertEqual(set(item), keys)
            self.assertEqual(item["code"], "TL201")
            self.assertEqual(item["name"], "signature-whitespace")
            self.assertEqual(set(item["location"]), {"row", "column"})
        self.assertEqual([i["location"]["row"] for i in items], [4, 5])
        self.assertEqual(items[0]["location"]["column"], 39)
        self.assertEqual(items[0]["fix"]["edits"][0]["content"], "'double (int, double *, void *)'")
        self.assertEqual(items, sorted(items, key=lambda i: (i["filename"], i["location"]["row"], i["location"]["column"], i["code"])))

    def test_sarif(self):
        r = lint("check", self.dir, "--output-format", "sarif")
        doc = json.loads(r.stdout)
        self.assertEqual(doc["version"], "2.1.0")
        run = doc["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        self.assertIn("TL207", [rule["id"] for rule in rules])
        self.assertEqual(len(run["results"]), 2)
        result = run["results"][0]
        self.assertEqual(result["ruleId"], "TL201")
        self.assertEqual(rules[result["ruleIndex"]]["id"], "TL201")
        region = result["locations"][0]["physicalLocation"]["region"]
        self.assertEqual((region["startLine"], region["startColumn"]), (4, 39))

    def test_github_annotations(self):
        r = lint("check", self.dir, "--output-format", "github")
        lines = r.stdout.strip().split("\n")
        self.assertEqual(len(lines), 2)
        self.assertRegex(lines[0], r"^::error title=TL201 signature-whitespace,file=.*use\.py,line=4,col=39,endLine=4,endColumn=\d+::TL201 ")

    def test_full_shows_the_snippet_and_fix(self):
        r = lint("check", self.dir, "--output-format", "full")
        self.assertIn(" 4 | a = LowLevelCallable(kernels.f, None, 'double (int,double *,void *)')", r.stdout)
        self.assertIn("= fix (thranlint check --fix)", r.stdout)

    def test_statistics_select_ignore(self):
        r = lint("check", self.dir, "--statistics")
        self.assertRegex(r.stdout, r"^\s+2\tTL201\tsignature-whitespace\n$")
        self.assertEqual(lint("check", self.dir, "--ignore", "TL201").returncode, 0)
        self.assertEqual(lint("check", self.dir, "--select", "TL1,TL9").returncode, 0)
        self.assertEqual(lint("check", self.dir, "--select", "TL2").returncode, 1)


class Fixes(Project):
    def test_fix_rewrites_only_the_strings(self):
        # CRLF line ends, a BOM and a non-ASCII comment must survive byte for byte.
        original = ("\ufeff# café\r\n" + BAD.replace("\n", "\r\n")).encode("utf-8")
        self.write("use.py", original, mode="wb")
        r = lint("check", self.dir, "--fix", "--output-format", "concise")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Fixed 2", r.stderr)
        with open(os.path.join(self.dir, "use.py"), "rb") as f:
            fixed = f.read()
        expected = original.replace(b"'double (int,double *,void *)'", b"'double (int, double *, void *)'").replace(
            b'"double(int, double*, void*)"', b'"double (int, double *, void *)"')
        self.assertEqual(fixed, expected)
        self.assertEqual(lint("check", self.dir).returncode, 0)
        self.assertEqual([n for n in os.listdir(self.dir) if "tmp" in n], [])


class Configuration(Project):
    def test_pyproject_select_ignore_exclude_per_file(self):
        self.write("pyproject.toml", "[tool.thranlint]\nignore = [\"TL201\"]\n")
        self.assertEqual(lint("check", self.dir).returncode, 0)
        self.write("pyproject.toml", "[tool.thranlint]\nexclude = [\"use.py\"]\n")
        self.assertEqual(lint("check", self.dir).returncode, 0)
        # An explicitly named file is checked anyway, unless --force-exclude.
        self.assertEqual(lint("check", os.path.join(self.dir, "use.py")).returncode, 1)
        self.assertEqual(lint("check", os.path.join(self.dir, "use.py"), "--force-exclude").returncode, 0)
        self.write("pyproject.toml", "[tool.thranlint]\n[tool.thranlint.per-file-ignores]\n\"use.py\" = [\"TL2\"]\n")
        self.assertEqual(lint("check", self.dir).returncode, 0)
        self.write("pyproject.toml", "[tool.thranlint]\nselect = [\"TL1\"]\n")
        self.assertEqual(lint("check", self.dir).returncode, 0)

    def test_unknown_key_and_bad_values_are_errors(self):
        self.write("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.thranlint]\nselect = [\"TL2\"]\nignores = [\"TL201\"]\n")
        r = lint("check", self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("pyproject.toml:6:1: error: [tool.thranlint] unknown key 'ignores'", r.stderr)
        self.write("pyproject.toml", "[tool.thranlint]\nselect = \"TL2\"\n")
        self.assertEqual(lint("check", self.dir).returncode, 2)
        self.write("pyproject.toml", "[tool.thranlint\n")
        self.assertEqual(lint("check", self.dir).returncode, 2)

    def test_target_changes_the_abi(self):
        # On Windows x64 `long` is 32-bit: an int64 capsule parameter no longer fits npy_intp's `long` entry.
        self.write("use.py", "from scipy import LowLevelCallable\nimport kernels\n"
                   "g = LowLevelCallable(kernels.f, None, 'double (long, double *, void *)')\n")
        self.assertEqual(lint("check", self.dir, "--target", "x86_64-pc-windows-msvc").returncode, 0)
        r = lint("check", self.dir, "--output-format", "concise")
        self.assertIn("TL203", r.stdout)
        self.assertEqual(lint("check", self.dir, "--target", "sparc").returncode, 2)

    def test_skips_virtualenvs_and_build_directories(self):
        for d in (".venv", "venv", ".build", "node_modules", ".git", "env"):
            self.write(os.path.join(d, "bad.py"), "def f(:\n")
        self.write(os.path.join("env", "pyvenv.cfg"), "home = /usr\n")
        r = lint("check", self.dir, "--ignore", "TL201")
        self.assertEqual(r.returncode, 0, r.stdout)


class Commands(unittest.TestCase):
    def test_rules_and_rule(self):
        r = lint("rules")
        self.assertEqual(r.returncode, 0)
        codes = re.findall(r"^(TL\d{3})", r.stdout, re.M)
        for code in ["TL001", "TL002", "TL003", "TL101", "TL102", "TL103", "TL104", "TL201", "TL202", "TL203",
                     "TL204", "TL205", "TL206", "TL207", "TL901"]:
            self.assertIn(code, codes)
        r = lint("rule", "TL207")
        self.assertIn("## Why is this bad", r.stdout)
        self.assertEqual(lint("rule", "TL999").returncode, 2)


class InstalledSciPy(unittest.TestCase):
    """The bundled table equals what the installed SciPy reports for a capsule with a bogus name."""

    def probe(self):
        import ctypes

        import numpy as np
        from scipy import LowLevelCallable, integrate, ndimage

        capsule_new = ctypes.pythonapi.PyCapsule_New
        capsule_new.restype = ctypes.py_object
        capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
        dummy = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(lambda x: x)
        keep = b"bogus"
        bogus = LowLevelCallable(capsule_new(ctypes.cast(dummy, ctypes.c_void_p), keep, None))
        calls = {
            "scipy.integrate.quad": lambda: integrate.quad(bogus, 0, 1),
            "scipy.integrate.dblquad": lambda: integrate.dblquad(bogus, 0, 1, 0, 1),
            "scipy.integrate.tplquad": lambda: integrate.tplquad(bogus, 0, 1, 0, 1, 0, 1),
            "scipy.integrate.nquad": lambda: integrate.nquad(bogus, [[0, 1]]),
            "scipy.ndimage.generic_filter": lambda: ndimage.generic_filter(np.zeros((3, 3)), bogus, size=2),
            "scipy.ndimage.generic_filter1d": lambda: ndimage.generic_filter1d(np.zeros(5), bogus, filter_size=2),
            "scipy.ndimage.geometric_transform": lambda: ndimage.geometric_transform(np.zeros((3, 3)), bogus),
        }
        table = {}
        for name, call in calls.items():
            try:
                call()
            except ValueError as e:
                m = re.search(r"Expected one of: \[(.*)\]", str(e))
                self.assertIsNotNone(m, str(e))
                table[name] = re.findall(r"'([^']*)'", m.group(1))
            else:
                self.fail(f"{name} accepted a bogus capsule")
        return table

    def test_table_equals_installed_scipy(self):
        r = lint("table")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout), self.probe())


SCIPY_MAIN = os.environ.get("SCIPY_MAIN", "/work/scipy-main")
LIB = "#pythran export capsule f(float32)\ndef f(x):\n    return x\n"
USE = ("import scipy\nimport lib\nfrom scipy import integrate\n"
       "c = scipy.LowLevelCallable(lib.f, signature=\"double (double)\")\nintegrate.quad(c, 0, 1)\n")


def findings(result, path):
    """The concise findings for `path` (its own lines only), without the summary."""
    return sorted(line for line in result.stdout.splitlines() if line.startswith(path + ":"))


class SameAnswer(unittest.TestCase):
    """Issue 8 section 3: the findings for a file never depend on which other paths were named."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="thranlint-same-")
        self.addCleanup(shutil.rmtree, self.dir)
        open(os.path.join(self.dir, "pyproject.toml"), "w").close()
        os.makedirs(os.path.join(self.dir, "app"))
        with open(os.path.join(self.dir, "lib.py"), "w") as f:
            f.write(LIB)
        with open(os.path.join(self.dir, "app", "use.py"), "w") as f:
            f.write(USE)

    def test_a_file_alone_gets_the_findings_it_gets_in_the_tree(self):
        tree = lint("check", "--output-format", "concise", ".", cwd=self.dir)
        alone = lint("check", "--output-format", "concise", "app/use.py", cwd=self.dir)
        self.assertEqual(tree.returncode, 1)
        self.assertEqual(alone.returncode, 1, alone.stderr)
        self.assertTrue(findings(tree, "app/use.py"))
        self.assertEqual(findings(alone, "app/use.py"), findings(tree, "app/use.py"))
        self.assertEqual(findings(alone, "lib.py"), [])

    def test_a_directory_named_twice_or_by_two_spellings_counts_once(self):
        os.symlink("app", os.path.join(self.dir, "link"))
        once = lint("check", "--output-format", "concise", "app", cwd=self.dir)
        many = lint("check", "--output-format", "concise", "app", "app/", "./app", "app/../app", "link", ".",
                    cwd=self.dir)
        self.assertEqual(findings(many, "app/use.py"), findings(once, "app/use.py"))
        self.assertEqual(len(many.stdout.splitlines()), 2, many.stdout)  # use.py's and lib.py's, once each
        self.assertIn("in 2 files", many.stderr)

    def test_a_sub_package_pyproject_without_thranlint_does_not_hide_the_projects_config(self):
        with open(os.path.join(self.dir, "pyproject.toml"), "w") as f:
            f.write("[tool.thranlint]\nignore = [\"TL2\"]\n")
        with open(os.path.join(self.dir, "app", "pyproject.toml"), "w") as f:
            f.write("[project]\nname = \"app\"\n")
        with open(os.path.join(self.dir, "app", "bad.py"), "w") as f:
            f.write("from scipy import LowLevelCallable\nc = LowLevelCallable(f, signature=\"nope\")\n")
        self.assertEqual(lint("check", ".", cwd=self.dir).returncode, 0)
        self.assertEqual(lint("check", "app/bad.py", cwd=self.dir).returncode, 0)
        self.assertEqual(lint("check", "bad.py", cwd=os.path.join(self.dir, "app")).returncode, 0)

    @unittest.skipUnless(os.path.isdir(os.path.join(SCIPY_MAIN, "scipy")), "SciPy's main branch is not here")
    def test_scipy_test_ccallback_alone_matches_its_tree(self):
        rel = "scipy/_lib/tests/test_ccallback.py"
        alone = lint("check", "--output-format", "concise", rel, cwd=SCIPY_MAIN)
        tree = lint("check", "--output-format", "concise", "scipy/_lib", cwd=SCIPY_MAIN)
        self.assertNotIn(alone.returncode, (-4, -6, -11))
        self.assertEqual(findings(alone, rel), findings(tree, rel))


class Robustness(Project):
    """Issue 8 section 4, thranlint's part."""

    def test_one_character_paths_never_crash(self):
        os.makedirs(os.path.join(self.dir, "a"))
        self.write("x", "import os\n")
        for argv, code in ((["x"], 0), (["-"], 0), (["a/"], 0), (["a"], 0), (["nope/"], 2)):
            with self.subTest(argv=argv):
                r = subprocess.run([THRANLINT, "check", *argv], capture_output=True, text=True, cwd=self.dir,
                                   input="import os\n")
                self.assertEqual(r.returncode, code, (argv, r.stderr))

    def test_stdin_is_checked_under_its_stdin_filename(self):
        source = "from scipy import LowLevelCallable\nimport kernels\nc = LowLevelCallable(kernels.f, None, 'nope')\n"
        r = subprocess.run([THRANLINT, "check", "--output-format", "concise", "-", "--stdin-filename", "piped.py"],
                           capture_output=True, text=True, cwd=self.dir, input=source)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertTrue(r.stdout.startswith("piped.py:3:"), r.stdout)
        r = subprocess.run([THRANLINT, "check", "--fix", "-"], capture_output=True, text=True, cwd=self.dir, input="")
        self.assertEqual(r.returncode, 2)

    def test_a_file_named_like_an_option_is_checked(self):
        self.write("-dash.py", BAD)
        r = lint("check", "--output-format", "concise", "-dash.py", cwd=self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertTrue(r.stdout.startswith("-dash.py:4:"), r.stdout)

    def test_config_bytes_that_aborted_the_toml_parser_are_located_errors(self):
        for text, where in ((b"[}", ":1:2:"), (b"[\x17", ":1:2:"), (b"[tool.thranlint]\nselect = [\"\xff\"]\n", ":2:12:")):
            with self.subTest(text=text):
                self.write("pyproject.toml", text, mode="wb")
                r = lint("check", self.dir)
                self.assertEqual(r.returncode, 2, (text, r.stderr))
                self.assertIn("pyproject.toml" + where + " error: invalid TOML", r.stderr)

    def test_unknown_rule_codes_in_the_config_are_errors(self):
        for key in ("select", "ignore", "extend-select"):
            self.write("pyproject.toml", "[tool.thranlint]\n%s = [\"E\", \"F\"]\n" % key)
            r = lint("check", self.dir)
            self.assertEqual(r.returncode, 2, (key, r.stderr))
            self.assertIn("pyproject.toml:2:%d: error: [tool.thranlint] unknown rule code or prefix 'E'" % (len(key) + 5),
                          r.stderr)
        self.write("pyproject.toml", "[tool.thranlint.per-file-ignores]\n\"use.py\" = [\"TL2\", \"W\"]\n")
        r = lint("check", self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("pyproject.toml:2:20: error: [tool.thranlint] unknown rule code or prefix 'W' in "
                      "'per-file-ignores.\"use.py\"'", r.stderr)
        self.write("pyproject.toml", "[tool.thranlint]\nper-file-ignores = { \"a.py\" = [\"XX1\"] }\n")
        self.assertIn("pyproject.toml:2:32: error:", lint("check", self.dir).stderr)
        self.write("pyproject.toml", "[tool.thranlint]\nselect = [\"TL2\"]\n")
        self.assertEqual(lint("check", self.dir).returncode, 1)

    def test_an_unknown_target_in_the_config_is_located(self):
        self.write("pyproject.toml", "[tool.thranlint]\ntarget = \"x\"\n")
        r = lint("check", self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("pyproject.toml:2:10: error: [tool.thranlint] unknown target 'x'", r.stderr)

    def test_an_empty_code_on_the_command_line_is_an_error(self):
        # Read as "no selection" it turned every rule on, while select = [""] in the config is an error.
        for value in ("", ",", "TL2,", " , TL2"):
            r = lint("check", "--select", value, self.dir)
            self.assertEqual(r.returncode, 2, (value, r.stdout, r.stderr))
            self.assertIn("--select has an empty rule code", r.stderr)
        r = lint("check", "--ignore", "TL2,,TL1", self.dir)
        self.assertIn("--ignore has an empty rule code", r.stderr)
        self.assertEqual(lint("check", "--select", "TL2, TL1", self.dir).returncode, 1)

    def test_target_version(self):
        self.assertEqual(lint("check", self.dir, "--target-version", "py311").returncode, 1)
        self.assertEqual(lint("check", self.dir, "--target-version", "py39").returncode, 2)
        self.write("pyproject.toml", "[tool.thranlint]\ntarget-version = \"py313\"\n")
        self.assertEqual(lint("check", self.dir).returncode, 1)
        self.write("pyproject.toml", "[tool.thranlint]\ntarget-version = \"3.9\"\n")
        self.assertIn("pyproject.toml:2:18: error:", lint("check", self.dir).stderr)

    def test_control_characters_are_escaped_in_text_output(self):
        self.write("use.py", "from scipy import LowLevelCallable\nimport kernels\n"
                   "c = LowLevelCallable(kernels.f, None, 'double\\n\\x1b[31m(x)')\n")
        self.write("new\nline.py", BAD)
        for fmt in ("concise", "full"):
            r = lint("check", "--output-format", fmt, ".", cwd=self.dir)
            self.assertNotIn("\x1b", r.stdout)
            self.assertNotIn("\r", r.stdout)
        r = lint("check", "--output-format", "concise", ".", cwd=self.dir)
        lines = r.stdout.splitlines()
        self.assertTrue(all(re.match(r"^\S.*:\d+:\d+: (error|warning): \[TL\d{3}\]", l) for l in lines), lines)
        self.assertTrue(any(l.startswith("new\\nline.py:4:") for l in lines), lines)
        self.assertTrue(any("\\n\\e[31m" in l for l in lines), lines)

    def test_sarif_uris_are_percent_encoded(self):
        self.write("a b%é.py", BAD)
        r = lint("check", "--output-format", "sarif", ".", cwd=self.dir)
        uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for res in json.loads(r.stdout)["runs"][0]["results"]]
        self.assertIn("a%20b%25%C3%A9.py", uris)

    def test_nul_byte_location_counts_lone_carriage_returns(self):
        self.write("use.py", b"x = 1\ry = 2\r\x00\n", mode="wb")
        r = lint("check", "--output-format", "concise", "use.py", cwd=self.dir)
        self.assertIn("use.py:3:1: error: [TL900]", r.stdout)

    def test_a_file_named_with_a_trailing_slash_is_not_a_directory(self):
        self.write("use.py", BAD)
        r = lint("check", "--output-format", "concise", "use.py/", cwd=self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("use.py/: error: not a directory", r.stderr)
        self.assertNotIn("use.py:", r.stdout)

    def test_a_link_loop_is_reported_as_a_loop(self):
        os.symlink("b.py", os.path.join(self.dir, "a.py"))
        os.symlink("a.py", os.path.join(self.dir, "b.py"))
        for named in (".", "a.py"):
            r = lint("check", "--output-format", "concise", named, cwd=self.dir)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("a.py: error: symbolic link loop", r.stderr)
            self.assertNotIn("does not exist", r.stderr)

    def test_a_dangling_link_is_reported(self):
        os.symlink("missing.py", os.path.join(self.dir, "dangling.py"))
        r = lint("check", "--output-format", "concise", ".", cwd=self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("dangling.py: error: symbolic link to a file that does not exist", r.stderr)
        self.assertIn("use.py:4:", r.stdout)  # the rest is still checked

    def test_a_file_name_that_is_not_utf8_is_reported(self):
        with open(os.path.join(os.fsencode(self.dir), b"bad\xffname.py"), "w") as f:
            f.write(KERNELS)
        r = lint("check", "--output-format", "concise", ".", cwd=self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("bad\\xffname.py: error: the file name is not valid UTF-8", r.stderr)

    def test_a_non_utf8_argument_is_reported_as_such(self):
        with open(os.path.join(os.fsencode(self.dir), b"k\xff.py"), "w") as f:
            f.write(KERNELS)
        r = subprocess.run([THRANLINT, "check", b"k\xff.py"], capture_output=True, text=True, cwd=self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("k\\xff.py: the argument is not valid UTF-8", r.stderr)

    def test_config_option_names_the_real_reason(self):
        os.makedirs(os.path.join(self.dir, "conf"))
        for path, reason in (("conf", "Is a directory"), ("", "No such file or directory"),
                             ("nope.toml", "No such file or directory")):
            with self.subTest(path=path):
                r = lint("check", "--config", path, ".", cwd=self.dir)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("error: cannot read the configuration: " + reason, r.stderr)

    def test_an_unreadable_directory_is_reported(self):
        locked = os.path.join(self.dir, "locked")
        os.makedirs(locked)
        with open(os.path.join(locked, "hidden.py"), "w") as f:
            f.write(BAD)
        os.chmod(locked, 0)
        self.addCleanup(os.chmod, locked, 0o755)
        prefix = []
        if os.geteuid() == 0:
            # root reads every directory: run as nobody, with everything else readable to it.
            if shutil.which("setpriv") is None:
                self.skipTest("needs setpriv to drop root")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            os.chmod(self.dir, 0o755)
            if subprocess.run([*prefix, THRANLINT, "--version"], capture_output=True).returncode != 0:
                self.skipTest("thranlint is not executable by nobody")
        r = subprocess.run([*prefix, THRANLINT, "check", "--output-format", "concise", "."], capture_output=True,
                           text=True, cwd=self.dir)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("locked: error: cannot read the directory", r.stderr)

class Scaling(unittest.TestCase):
    """Project rules are linear: 4x the files (every one building callables from a kern.py beside it) is not
    16x the time. Before, resolving `import kern` scanned every kern.py of the tree (1,000 → 4,000 files: 13x)."""

    def test_four_times_the_files_is_about_four_times_the_time(self):
        import importlib.util
        spec = importlib.util.spec_from_file_location("lint_scaling", os.path.join(ROOT, "bench", "lint_scaling.py"))
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        times = []
        for count in (1000, 4000):
            with tempfile.TemporaryDirectory() as d:
                bench.make_tree(d, count)
                times.append(bench.timed(THRANLINT, d, 1)[0])
        self.assertLess(times[1] / times[0], 7.0, times)


if __name__ == "__main__":
    unittest.main()
