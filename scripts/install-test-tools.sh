#!/usr/bin/env bash
# Installs the tools the test suite drives, once: schemathesis (PyPI) into .build-tools/schemathesis,
# Debian's Chromium and its driver for the browser tests, selenium (PyPI) into .build-tools/browser, and
# requests (PyPI), which the vendor documents' Python samples import, into .build-tools/compat (the
# compat tests run those samples as they are), and Shotstack's official Python client (PyPI) into
# .build-tools/shotstack, which the Shotstack tests drive unmodified; moto's S3 server (PyPI) into
# .build-tools/moto, the bucket the S3 storage tests run against; and Debian's PostgreSQL 15 server,
# which scripts/postgres.sh starts for the tests of the PostgreSQL store and of a cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  echo "installing postgresql-15" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi
venv=.build-tools/schemathesis
if [ ! -x "$venv/bin/st" ]; then
  echo "installing schemathesis into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
if ! command -v chromedriver >/dev/null || [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium and chromium-driver" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
venv=.build-tools/browser
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
  echo "installing selenium into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==4.51.0"
fi
venv=.build-tools/compat
if ! "$venv/bin/python" -c "import requests" 2>/dev/null; then
  echo "installing requests into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "requests==2.34.2"
fi
venv=.build-tools/shotstack
if ! "$venv/bin/python" -c "import shotstack_sdk" 2>/dev/null; then
  echo "installing shotstack-sdk into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "shotstack-sdk==0.2.8"
fi
venv=.build-tools/moto
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "installing moto into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==5.2.5"
fi
