#!/usr/bin/env bash
# Installs what Reel needs from Debian's packages, only where it is missing.
set -euo pipefail
missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
# Fallbacks for text the chosen font cannot draw: Chinese, Japanese and Korean; emoji and symbols.
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf ] || missing+=(fonts-symbola)
command -v fc-match >/dev/null 2>&1 || missing+=(fontconfig)
# Rasterises shape and svg assets.
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
# Speaks text-to-speech assets.
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || { echo "Swift 6 is needed: https://www.swift.org/install/linux/" >&2; exit 1; }
