"""The real pre-commit tool runs thranlint as a hook: a bad commit is refused, a good one accepted."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from test_thranlint import THRANLINT

KERNELS = "#pythran export capsule f(int32, float64*, float64*)\ndef f(n, x, cp):\n    return cp[0] + x[0]\n"
USE = "from scipy import LowLevelCallable\nimport kernels\n\nfunc = LowLevelCallable(kernels.f, None, {!r})\n"


def git(cwd, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


@unittest.skipIf(shutil.which("git") is None, "git is not installed")
class PreCommit(unittest.TestCase):
    def test_hook_refuses_a_bad_commit_and_accepts_a_good_one(self):
        repo = tempfile.mkdtemp(prefix="thranlint-precommit-")
        self.addCleanup(shutil.rmtree, repo)
        home = tempfile.mkdtemp(prefix="thranlint-precommit-home-")
        self.addCleanup(shutil.rmtree, home)
        os.environ["PRE_COMMIT_HOME"] = home
        self.assertEqual(git(repo, "init", "-q").returncode, 0)
        with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
            f.write(
                "repos:\n- repo: local\n  hooks:\n  - id: thranlint\n    name: thranlint\n"
                f"    entry: {THRANLINT} check --output-format concise\n    language: system\n    types: [python]\n"
                "    pass_filenames: false\n    require_serial: true\n")
        with open(os.path.join(repo, "kernels.py"), "w") as f:
            f.write(KERNELS)
        with open(os.path.join(repo, "use.py"), "w") as f:
            f.write(USE.format("double (int,double *,void *)"))
        git(repo, "add", ".")
        bad = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo,
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 1, bad.stdout + bad.stderr)
        self.assertIn("TL201", bad.stdout)
        install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, capture_output=True, text=True)
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
        refused = git(repo, "commit", "-qm", "bad signature")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("TL201", refused.stdout + refused.stderr)
        with open(os.path.join(repo, "use.py"), "w") as f:
            f.write(USE.format("double (int, double *, void *)"))
        git(repo, "add", ".")
        accepted = git(repo, "commit", "-qm", "good signature")
        self.assertEqual(accepted.returncode, 0, accepted.stdout + accepted.stderr)
        self.assertEqual(git(repo, "log", "--oneline").stdout.count("\n"), 1)


if __name__ == "__main__":
    unittest.main()
