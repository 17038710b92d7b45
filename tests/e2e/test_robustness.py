"""Real code thranc was not written for: stdlib functions exported with random types. thranc and thranlint
must end every run with exit 0, 1 or 2 (never a crash), and every module thranc accepts must compile."""
import os
import random
import re
import subprocess
import sysconfig
import tempfile
import unittest

from harness import THRANC
from test_thranlint import THRANLINT

TYPES = ["int", "float", "float64*", "int32", "(int, float)", "bool", "complex", "int64*", "float32", "int8"]


class StdlibExports(unittest.TestCase):
    def test_random_exports_of_stdlib_functions(self):
        rng = random.Random(77)
        stdlib = sysconfig.get_paths()["stdlib"]
        files = []
        for d, _, names in os.walk(stdlib):
            if "site-packages" in d or os.sep + "test" in d:
                continue
            files += [os.path.join(d, n) for n in names if n.endswith(".py")]
        files.sort()
        rng.shuffle(files)
        include = sysconfig.get_paths()["include"]
        accepted = 0
        with tempfile.TemporaryDirectory() as work:
            for i, path in enumerate(files[:100]):
                with open(path, "rb") as f:
                    source = f.read().decode("utf-8", "replace")
                defs = re.findall(r"^def (\w+)\((.*?)\)", source, re.M)
                if not defs:
                    continue
                name, params = rng.choice(defs)
                count = len([p for p in params.split(",") if p.strip() and "*" not in p and "/" != p.strip()])
                types = ", ".join(rng.choice(TYPES) for _ in range(count))
                capsule = "capsule " if rng.random() < 0.5 else ""
                module = os.path.join(work, f"m{i}.py")
                with open(module, "w") as f:
                    f.write(f"#pythran export {capsule}{name}({types})\n" + source)
                for tool in ([THRANC, "-E", module], [THRANLINT, "check", module, "--output-format", "concise"]):
                    r = subprocess.run(tool, capture_output=True, text=True)
                    self.assertIn(r.returncode, (0, 1, 2), f"{tool} on {path}: {r.stderr[-800:]}")
                # The same real module with only a small kernel exported must be accepted whatever else it holds.
                probe = os.path.join(work, f"p{i}.py")
                with open(probe, "w") as f:
                    f.write(source + "\n\n#pythran export thran_probe(int, float)\n"
                            "def thran_probe(a, x):\n    return a * x + 1\n")
                r = subprocess.run([THRANC, "-E", probe], capture_output=True, text=True)
                self.assertEqual(r.returncode, 0, f"{path}: {r.stderr[-800:]}")
                for c_file in (module[:-3] + ".c", probe[:-3] + ".c"):
                    if not os.path.exists(c_file):
                        continue
                    accepted += 1
                    cc = subprocess.run(["cc", "-O2", "-fPIC", "-shared", "-std=gnu11", "-I", include,
                                         "-Werror=implicit-function-declaration", c_file, "-o", c_file + ".so", "-lm"],
                                        capture_output=True, text=True)
                    self.assertEqual(cc.returncode, 0, f"{path}: {name}({types})\n{cc.stderr[:1500]}")
        self.assertGreater(accepted, 0)


if __name__ == "__main__":
    unittest.main()
