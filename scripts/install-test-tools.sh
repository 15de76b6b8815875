#!/usr/bin/env bash
# Installs the Python tools the test suite drives (schemathesis, from PyPI) into .build-tools/, once.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-tools/schemathesis
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
