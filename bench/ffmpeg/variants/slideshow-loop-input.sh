#!/bin/sh
# The common idiom: -loop 1 -framerate 30 -t 6 image inputs and zoompan with d=1 (one output
# frame per decoded input frame), yuv420p first.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/slideshow-common.sh"
Y=format=yuv420p
L="-loop 1 -framerate 30 -t 6"
D1() { echo "$1" | sed 's/d=180/d=1/'; }
$FF $L -i $M/photo1.jpg $L -i $M/photo2.jpg $L -i $M/photo3.jpg $L -i $M/photo4.jpg $L -i $M/photo5.jpg $L -i $M/photo6.jpg \
  -ss 0 -t 30 -i $M/music.mp3 -filter_complex "$(graph "$Y,$(D1 "$ZIN")" "$Y,$(D1 "$ZOUT")" "$Y,$(D1 "$ZLEFT")" "$Y,$(D1 "$ZRIGHT")" "$Y,$(D1 "$ZIN")" "$Y,$(D1 "$ZUP")")" \
  -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
