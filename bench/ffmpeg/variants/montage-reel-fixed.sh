#!/bin/sh
# Reel's graph with only the change proposed for Reel: the opaque full-frame groups are made as
# yuv420p, not yuva420p (still a black colour base with four enable-windowed overlays, which are
# then plain copies instead of per-pixel alpha blends of the whole frame).
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/montage-common.sh"
C="setpts=PTS-STARTPTS,fps=30,scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240"
$FF $SEGS $PIPIN $SEGS -filter_complex "
color=c=0x000000FF:s=1280x720:r=30:d=60,format=yuv420p[bg1];
[0:v]$C[c2];[1:v]$C[c3];[c2][c3]xfade=transition=fade:duration=1:offset=7[x4];
[bg1][x4]overlay=x=0:y=0:eof_action=pass:enable=between(t\,0\,15)[v5];
[2:v]$C[c6];[3:v]$C[c7];[c6][c7]xfade=transition=fade:duration=1:offset=7[x8];[x8]setpts=PTS+15/TB[p9];
[v5][p9]overlay=x=0:y=0:eof_action=pass:enable=between(t\,15\,30)[v10];
[4:v]$C[c11];[5:v]$C[c12];[c11][c12]xfade=transition=fade:duration=1:offset=7[x13];[x13]setpts=PTS+30/TB[p14];
[v10][p14]overlay=x=0:y=0:eof_action=pass:enable=between(t\,30\,45)[v15];
[6:v]$C[c16];[7:v]$C[c17];[c16][c17]xfade=transition=fade:duration=1:offset=7[x18];[x18]setpts=PTS+45/TB[p19];
[v15][p19]overlay=x=0:y=0:eof_action=pass:enable=between(t\,45\,60)[v20];
[8:v]setpts=PTS-STARTPTS,fps=30,scale=384:216:force_original_aspect_ratio=increase,crop=384:216,setsar=1,format=yuva420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=300[c21];
[c21]setpts=PTS+24/TB[p22];
[v20][p22]overlay=x=858:y=468:eof_action=pass:enable=between(t\,24\,34)[v23];
[v23]$TITLE[txt24];
$(audio 9 10 11 12 13 14 15 16)" -map "[txt24]" -map "[a]" $ENC -t 60 "$OUT"
