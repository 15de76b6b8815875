#!/bin/sh
# montage-concat, with each segment's sound taken from the same input as its picture
# (8 inputs fewer to open and demux).
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/montage-common.sh"
C="setpts=PTS-STARTPTS,fps=30"
X="xfade=transition=fade:duration=1:offset=7"
$FF $SEGS $PIPIN -filter_complex "
[0:v]$C[c0];[1:v]$C[c1];[2:v]$C[c2];[3:v]$C[c3];[4:v]$C[c4];[5:v]$C[c5];[6:v]$C[c6];[7:v]$C[c7];
[c0][c1]$X[g0];[c2][c3]$X[g1];[c4][c5]$X[g2];[c6][c7]$X[g3];[g0][g1][g2][g3]concat=n=4:v=1:a=0,setpts=N/(30*TB)[track];
[8:v]setpts=PTS-STARTPTS,fps=30,scale=384:216,setpts=PTS+24/TB[pip];
[track][pip]overlay=x=858:y=468:eof_action=pass:enable=between(t\,24\,34),$TITLE[v];
$(audio 0 1 2 3 4 5 6 7)" -map "[v]" -map "[a]" $ENC -t 60 "$OUT"
