#!/bin/sh
# Uploads the example media to a running server, then renders a timeline whose every source is
# one of those uploads (the README's "Uploads"). Needs REEL_URL and REEL_API_KEY; REEL names the
# reel command if it is not on PATH. Writes uploads.mp4 in the current folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
reel=${REEL:-reel}
sources=$("$reel" upload "$here/../media/logo.png" "$here/../media/clip.mp4" "$here/../media/music.mp3" \
  "$here/../media/captions.srt" /usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf | cut -f1)
set -- $sources
sed -e "s|{{LOGO}}|$1|" -e "s|{{CLIP}}|$2|" -e "s|{{MUSIC}}|$3|" -e "s|{{CAPTIONS}}|$4|" -e "s|{{FONT}}|$5|" \
  "$here/timeline.json" | "$reel" submit - --wait --quiet -o uploads.mp4
