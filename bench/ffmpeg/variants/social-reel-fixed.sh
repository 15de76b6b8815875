#!/bin/sh
# Reel's graph with only the change proposed for Reel: fit=crop crops the source to the output's
# aspect ratio first (even sizes, centred) and scales only that window:
#   crop=w='2*trunc(min(iw,ih*W/H)/2)':h='2*trunc(min(ih,iw*H/W)/2)',scale=W:H
# (here 404x720 -> 1080x1920) instead of scale=W:H:force_original_aspect_ratio=increase,crop=W:H,
# which scales every 1280x720 frame to 3413x1920 and then throws two thirds of it away.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/social-common.sh"
FIT="crop=w=2*trunc(min(iw\,ih*1080/1920)/2):h=2*trunc(min(ih\,iw*1920/1080)/2),scale=1080:1920,setsar=1"
$FF $INS $AUDIN -filter_complex "
[0:v]setpts=PTS-STARTPTS,fps=30,$FIT,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=315[c1];
[1:v]setpts=PTS-STARTPTS,fps=30,$FIT,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=300[c2];
[c1][c2]xfade=transition=fade:duration=0.5:offset=10[x3];
[x3]ass=filename=$ASS[cap4];
[cap4]$TITLE[v];
$(audio 2 3 4)" -map "[v]" -map "[a]" $ENC -t 20 "$OUT"
