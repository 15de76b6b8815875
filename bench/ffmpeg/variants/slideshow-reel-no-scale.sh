#!/bin/sh
# Reel's graph minus its scale/crop/setsar before zoompan (no-ops on a 1920x1080 picture, one
# would think), format=yuv420p kept after zoompan. Slower: without a scale in front, ffmpeg's
# format negotiation puts the yuvj420p->yuv420p conversion after zoompan, on every frame.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/slideshow-common.sh"
Y=format=yuv420p
$FF $PHOTOS -ss 0 -t 30 -i $M/music.mp3 -filter_complex "$(graph "$ZIN,$Y" "$ZOUT,$Y" "$ZLEFT,$Y" "$ZRIGHT,$Y" "$ZIN,$Y" "$ZUP,$Y")" \
  -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
