#!/usr/bin/env bash
# Installs what is missing, builds Reel in release mode and renders the slideshow example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release --product reel
.build/release/reel render examples/slideshow.json -o slideshow.mp4
