#!/bin/sh
# Reel's graph with one change: the picture is converted to yuv420p once, before zoompan,
# instead of every output frame after it (JPEGs decode as full-range yuvj420p, so Reel's
# trailing format=yuv420p is a full-frame range conversion on all 900 frames).
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/slideshow-common.sh"
Y=format=yuv420p
$FF $PHOTOS -ss 0 -t 30 -i $M/music.mp3 -filter_complex "$(graph "$Y,$ZIN" "$Y,$ZOUT" "$Y,$ZLEFT" "$Y,$ZRIGHT" "$Y,$ZIN" "$Y,$ZUP")" \
  -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
