#!/bin/sh
# yuv-first, and the three slides done as scale-once + moving crop (no per-frame scaling).
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/slideshow-common.sh"
Y=format=yuv420p
$FF $PHOTOS -ss 0 -t 30 -i $M/music.mp3 -filter_complex "$(graph "$Y,$ZIN" "$Y,$ZOUT" "$Y,$SLEFT" "$Y,$SRIGHT" "$Y,$ZIN" "$Y,$SUP")" \
  -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
