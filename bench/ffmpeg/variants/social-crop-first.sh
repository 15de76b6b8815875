#!/bin/sh
# Crop the 16:9 source to the 9:16 window first (408x720 around the centre), then scale that
# to 1088x1920 and trim 4 px each side (the same geometry as Reel to within half a pixel),
# instead of scaling the whole frame to 3413x1920 and throwing two thirds of it away.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/social-common.sh"
FIT="crop=408:720:436:0,scale=1088:1920,crop=1080:1920:4:0,setsar=1"
$FF $INS $AUDIN -filter_complex "
[0:v]setpts=PTS-STARTPTS,fps=30,$FIT[c1];
[1:v]setpts=PTS-STARTPTS,fps=30,$FIT[c2];
[c1][c2]xfade=transition=fade:duration=0.5:offset=10,ass=filename=$ASS,$TITLE[v];
$(audio 2 3 4)" -map "[v]" -map "[a]" $ENC -t 20 "$OUT"
