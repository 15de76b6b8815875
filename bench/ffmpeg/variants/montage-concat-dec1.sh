#!/bin/sh
# montage-concat with single-threaded decoders (-threads 1 on each input): nine inputs
# decode at once, so frame threads inside each decoder only add overhead on 2 cores.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/montage-common.sh"
SEGS=$(echo "$SEGS" | sed 's/-ss /-threads 1 -ss /g'); PIPIN="-threads 1 $PIPIN"
C="setpts=PTS-STARTPTS,fps=30"
X="xfade=transition=fade:duration=1:offset=7"
$FF $SEGS $PIPIN $SEGS -filter_complex "
[0:v]$C[c0];[1:v]$C[c1];[2:v]$C[c2];[3:v]$C[c3];[4:v]$C[c4];[5:v]$C[c5];[6:v]$C[c6];[7:v]$C[c7];
[c0][c1]$X[g0];[c2][c3]$X[g1];[c4][c5]$X[g2];[c6][c7]$X[g3];[g0][g1][g2][g3]concat=n=4:v=1:a=0,setpts=N/(30*TB)[track];
[8:v]setpts=PTS-STARTPTS,fps=30,scale=384:216,setpts=PTS+24/TB[pip];
[track][pip]overlay=x=858:y=468:eof_action=pass:enable=between(t\,24\,34),$TITLE[v];
$(audio 9 10 11 12 13 14 15 16)" -map "[v]" -map "[a]" $ENC -t 60 "$OUT"
