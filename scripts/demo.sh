#!/usr/bin/env bash
# The main job on the bundled examples: parse each seed module exactly as CPython does, list its exports,
# and show what a located diagnostic looks like.
set -euo pipefail
cd "$(dirname "$0")/.."
THRANC=.build/release/thranc
for f in examples/testlib.py examples/example.py; do
  echo "== $f: exports"
  "$THRANC" exports "$f"
  echo "== $f: syntax tree (first 300 characters; identical to python3's ast.dump)"
  "$THRANC" ast "$f" | cut -c1-300
  if [ "$("$THRANC" ast --attributes "$f")" = "$(python3 -c 'import ast,sys; print(ast.dump(ast.parse(open(sys.argv[1],"rb").read()), include_attributes=True))' "$f")" ]; then
    echo "   (with --attributes: identical to CPython)"
  else
    echo "   (with --attributes: DIFFERS from CPython)"; exit 1
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '#pythran export capsule f(int32, double*, float64*)\ndef f(n, x, cp):\n    return cp[0] + x[0] - x[1] * x[2]\n' > "$tmp/typo.py"
echo "== a typo in an export line:"
"$THRANC" exports "$tmp/typo.py" || true
