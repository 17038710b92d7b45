"""What both callback benchmarks build first: the C driver, the hand-written C callbacks and the seed modules
compiled by thranc, all in one fresh directory."""
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
THRANC = os.environ.get("THRANC", os.path.join(ROOT, ".build", "release", "thranc"))


def build(prefix):
    """Returns the directory holding driver.so, handwritten.so and the thranc-compiled testlib and example."""
    work = tempfile.mkdtemp(prefix=prefix)
    for source in ("driver", "handwritten"):
        subprocess.run(["cc", "-O2", "-fPIC", "-shared", os.path.join(HERE, source + ".c"), "-o",
                        os.path.join(work, source + ".so")], check=True)
    for module in ("testlib", "example"):
        shutil.copy(os.path.join(ROOT, "examples", module + ".py"), work)
        subprocess.run([THRANC, os.path.join(work, module + ".py")], check=True)
    return work
