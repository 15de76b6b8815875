#!/usr/bin/env bash
# Installs the Python tools the test suite drives into .build-tools/, once: schemathesis, and
# requests, which the vendor documents' Python samples import (the compat tests run them as they are).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build-tools/schemathesis
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
venv=.build-tools/compat
if ! "$venv/bin/python" -c "import requests" 2>/dev/null; then
  echo "installing requests into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "requests==2.34.2"
fi
