#!/bin/sh
# Reel's own graph for timelines/social.json, as `reel render --verbose` printed it.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/social-common.sh"
$FF $INS $AUDIN -filter_complex "
[0:v]setpts=PTS-STARTPTS,fps=30,scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=315[c1];
[1:v]setpts=PTS-STARTPTS,fps=30,scale=1080:1920:force_original_aspect_ratio=increase,crop=1080:1920,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=300[c2];
[c1][c2]xfade=transition=fade:duration=0.5:offset=10[x3];
[x3]ass=filename=$ASS[cap4];
[cap4]$TITLE[v];
$(audio 2 3 4)" -map "[v]" -map "[a]" $ENC -t 20 "$OUT"
