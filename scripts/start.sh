#!/usr/bin/env bash
# Installs what is missing, builds Reel in release mode and starts the server on the embedded
# default (SQLite and files under ./.reel, one render worker, 127.0.0.1:8080). The first start
# prints an API key. Any `reel serve` flag may follow, e.g. scripts/start.sh --port 9000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release --product reel
exec .build/release/reel serve "$@"
