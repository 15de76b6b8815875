#!/usr/bin/env bash
# Regenerates the example media with ffmpeg's test sources; the results are committed
# so `reel render examples/*.json` works on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
ff -f lavfi -i "testsrc2=s=320x180:d=1" -frames:v 1 -q:v 8 bars.jpg
ff -f lavfi -i "mandelbrot=s=320x180:start_scale=2" -frames:v 1 -q:v 8 fractal.jpg
ff -f lavfi -i "gradients=s=320x180:c0=0x1a2a6c:c1=0xfdbb2d:seed=7" -frames:v 1 -q:v 8 sunset.jpg
ff -f lavfi -i "color=c=black@0:s=64x64,format=rgba,geq=r=255:g=200:b=0:a='255*lt(hypot(X-32,Y-32),28)'" -frames:v 1 logo.png
ff -f lavfi -i "testsrc2=s=320x180:r=25:d=4" -f lavfi -i "sine=f=440:d=4" -c:v libx264 -preset veryslow -crf 38 \
  -pix_fmt yuv420p -c:a aac -b:a 24k -shortest clip.mp4
ff -f lavfi -i "sine=f=330:d=4" -c:a libmp3lame -b:a 32k tone.mp3
ff -f lavfi -i "sine=f=220:d=8,volume=0.5" -c:a libmp3lame -b:a 32k music.mp3
