#!/bin/sh
# Hand-written ffmpeg for timelines/slideshow.json: the fastest variant found (see variants/).
# - zoomIn/zoomOut: zoompan on the single decoded picture (d=180: 180 output frames from one
#   input frame), the picture converted to yuv420p once before it;
# - slides (constant 1.2x zoom): the picture scaled once to 2304x1296 and held with loop, then a
#   1920x1080 crop window moved across it per frame: no per-frame scaling at all;
# - crossfades with xfade, the title with drawtext, the soundtrack trimmed, faded and padded.
FFDIR=$(dirname "$0")
. "$(dirname "$0")/variants/slideshow-common.sh"
Y=format=yuv420p
$FF $PHOTOS -ss 0 -t 30 -i $M/music.mp3 -filter_complex "$(graph "$Y,$ZIN" "$Y,$ZOUT" "$Y,$SLEFT" "$Y,$SRIGHT" "$Y,$ZIN" "$Y,$SUP")" \
  -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
