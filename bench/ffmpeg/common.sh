# Sourced by every hand-written ffmpeg script: `script.sh OUTPUT.mp4`.
# M is the media folder made by bench/render; ENC the encoder settings Reel uses
# (checked with `reel render --verbose`): x264 veryfast CRF 23 yuv420p, AAC 160k, faststart.
set -eu
BENCH=${BENCH:-$(cd "$(dirname "$0")" && while [ ! -x render ] && [ "$PWD" != / ]; do cd ..; done; pwd)}
M=${MEDIA:-$BENCH/out/media}
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
OUT=${1:?usage: $0 OUTPUT.mp4 (or - with NULL=1 to time the graph alone)}
FF="${FFMPEG:-/usr/bin/ffmpeg} -hide_banner -nostdin -loglevel error -nostats -y"
ENC="-r 30 -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -movflags +faststart -c:a aac -b:a 160k"
# NULL=1: run the graph without encoding (-f null), to see what the filters alone cost.
if [ "${NULL:-0}" = 1 ]; then ENC="-r 30 -f null"; OUT=-; fi
