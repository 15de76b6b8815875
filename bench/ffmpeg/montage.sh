#!/bin/sh
# Hand-written ffmpeg for timelines/montage.json: the fastest variant found (see variants/).
# The main track is one yuv420p stream: each crossfaded pair is an xfade, the pairs are joined
# by concat (the cuts), re-timed to a clean 30 fps; the PiP (scaled to 384x216) is overlaid
# only from 24 s to 34 s, then the title. No base picture, no alpha anywhere.
FFDIR=$(dirname "$0")
. "$(dirname "$0")/variants/montage-common.sh"
C="setpts=PTS-STARTPTS,fps=30"
X="xfade=transition=fade:duration=1:offset=7"
$FF $SEGS $PIPIN $SEGS -filter_complex "
[0:v]$C[c0];[1:v]$C[c1];[2:v]$C[c2];[3:v]$C[c3];[4:v]$C[c4];[5:v]$C[c5];[6:v]$C[c6];[7:v]$C[c7];
[c0][c1]$X[g0];[c2][c3]$X[g1];[c4][c5]$X[g2];[c6][c7]$X[g3];[g0][g1][g2][g3]concat=n=4:v=1:a=0,setpts=N/(30*TB)[track];
[8:v]setpts=PTS-STARTPTS,fps=30,scale=384:216,setpts=PTS+24/TB[pip];
[track][pip]overlay=x=858:y=468:eof_action=pass:enable=between(t\,24\,34),$TITLE[v];
$(audio 9 10 11 12 13 14 15 16)" -map "[v]" -map "[a]" $ENC -t 60 "$OUT"
