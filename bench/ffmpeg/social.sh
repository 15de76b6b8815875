#!/bin/sh
# Hand-written ffmpeg for timelines/social.json: the fastest variant found (see variants/).
# Each 1280x720 clip is cropped to its 9:16 window first (408x720) and only that is scaled up
# (to 1088x1920, trimmed to 1080): the same picture as scaling the whole frame to 3413x1920 and
# cropping, for a third of the scaling work. Then the crossfade, libass captions and the title.
FFDIR=$(dirname "$0")
. "$(dirname "$0")/variants/social-common.sh"
FIT="crop=408:720:436:0,scale=1088:1920,crop=1080:1920:4:0,setsar=1"
$FF $INS $AUDIN -filter_complex "
[0:v]setpts=PTS-STARTPTS,fps=30,$FIT[c1];
[1:v]setpts=PTS-STARTPTS,fps=30,$FIT[c2];
[c1][c2]xfade=transition=fade:duration=0.5:offset=10,ass=filename=$ASS,$TITLE[v];
$(audio 2 3 4)" -map "[v]" -map "[a]" $ENC -t 20 "$OUT"
