#!/usr/bin/env bash
# Installs what thran needs on a fresh Debian machine; does nothing when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
missing=()
for pkg in libclang-dev libclang1-14 python3-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$PYTHON" -m pip install -q --disable-pip-version-check -r requirements.txt; then
  echo "setup: pip install -r requirements.txt failed" >&2
  exit 1
fi
command -v swift >/dev/null || { echo "setup: no Swift toolchain on PATH (Swift 6 is required)" >&2; exit 1; }
echo "setup: ok"
