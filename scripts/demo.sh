#!/usr/bin/env bash
# The main job on the bundled examples: compile the seed's two modules with thranc and run them in SciPy
# with no `signature=`, next to the pure-Python reference; then show a rejected module's diagnostics.
set -euo pipefail
cd "$(dirname "$0")/.."
THRANC="$PWD/.build/release/thranc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp examples/testlib.py examples/example.py "$tmp/"
for f in testlib example; do
  start=$(date +%s%N)
  "$THRANC" "$tmp/$f.py"
  echo "== thranc examples/$f.py -> $(cd "$tmp" && ls $f.*.so) ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
done
cd "$tmp"
python3 - <<'PY'
import ctypes
import numpy as np
from scipy import LowLevelCallable, integrate, ndimage
import testlib, example

print("testlib.f is", testlib.f)
c = ctypes.c_double(1.0)
user_data = ctypes.cast(ctypes.pointer(c), ctypes.c_void_p)
dat = [[0, 10], [-10, 0], [-1, 1]]
print("nquad(LowLevelCallable(testlib.f, user_data), dat) =", integrate.nquad(LowLevelCallable(testlib.f, user_data), dat))
print("nquad(pure Python lambda, dat)                      =", integrate.nquad(lambda x, y, z: 1.0 + x - y * z, dat))

print("example.transform is", example.transform)
shift = 0.5
s = ctypes.c_double(shift)
ptr = ctypes.cast(ctypes.pointer(s), ctypes.c_void_p)
im = np.arange(12).reshape(4, 3).astype(np.float64)
for fn in (example.transform, example.transform_basic):
    print("geometric_transform(im, LowLevelCallable(%s, ptr)):" % ("example.transform" if fn is example.transform else "example.transform_basic"))
    print(ndimage.geometric_transform(im, LowLevelCallable(fn, ptr)))
print("pure Python mapping gives the same:",
      np.array_equal(ndimage.geometric_transform(im, lambda o: tuple(x - shift for x in o)),
                     ndimage.geometric_transform(im, LowLevelCallable(example.transform, ptr))))
PY
printf '#pythran export capsule f(int32, float64*, float64*)\ndef f(n, x, cp):\n    return [cp[0] + x[0] - x[1] * x[2]]\n' > "$tmp/bad.py"
echo "== a module thranc refuses (exit 1, nothing written):"
"$THRANC" "$tmp/bad.py" || true
