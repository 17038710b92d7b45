#!/usr/bin/env bash
# Exit codes and output shapes of the thranc front end, through the real binary.
set -uo pipefail
THRANC=${1:-.build/release/thranc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS OUTPUT PATTERN
  if [ "$2" != "$3" ] || ! grep -qE -- "$5" <<<"$4"; then
    echo "FAIL: $1 (status $3, expected $2)"; echo "$4" | head -5; fail=1
  else
    echo "ok: $1"
  fi
}
printf 'x = (1,\ny = 2\n' > "$tmp/bad.py"
out=$("$THRANC" ast "$tmp/bad.py" 2>&1); check "syntax error exits 1 with file:line:col" 1 $? "$out" "bad.py:1:5: error: '\(' was never closed"
out=$("$THRANC" ast --concise "$tmp/bad.py" 2>&1); check "concise format has no snippet" 1 $? "$out" "^[^|]*$"
printf 'x = 1\n' > "$tmp/good.py"
out=$("$THRANC" ast "$tmp/good.py" 2>&1); check "good file exits 0" 0 $? "$out" "^Module\(body=\[Assign"
out=$("$THRANC" ast "$tmp/good.py" "$tmp/bad.py" 2>/dev/null); check "several files: one line each" 1 $? "$out" "<error>"
out=$("$THRANC" ast "$tmp/missing.py" 2>&1); check "missing file is a usage error" 2 $? "$out" "missing.py: error: cannot read file"
printf '#pythran export f(double)\ndef f(x): return x\n' > "$tmp/spec.py"
out=$("$THRANC" exports "$tmp/spec.py" 2>&1); check "export typo gets a hint" 1 $? "$out" "hint: use 'float64'"
head -c 3000 /dev/urandom > "$tmp/noise.py"
out=$("$THRANC" ast "$tmp/noise.py" 2>&1); check "random bytes end in a diagnostic" 1 $? "$out" "noise.py:[0-9]+:[0-9]+: error"
out=$("$THRANC" ast 2>&1); check "usage error exits 2" 2 $? "$out" "Missing expected argument"
exit $fail
