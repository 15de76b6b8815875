#!/bin/sh
# Hand-written ffmpeg for timelines/promo.json, the fastest found (see variants/promo-*.sh):
# - the background track: three clips scaled to 1080p, crossfaded by xfade;
# - the keyed clip: colorkey on the 720p source, then scaled up and overlaid from 4 s to 14 s;
# - the picture-in-picture: scaled once to 576x324, moved by overlay's own per-frame x expression;
# - the logo: scaled per frame only while it grows (45 frames), then one 180x180 picture held by
#   loop; its fade-in by `fade` on the alpha;
# - the lower thirds: drawtext with per-frame x and alpha expressions (easeOutCubic written out);
# - the sound: the clips' own tracks, delayed and mixed with the faded soundtrack.
FFDIR=$(dirname "$0")
. "$FFDIR/common.sh"
FIT="setpts=PTS-STARTPTS,fps=30,scale=1920:1080,setsar=1"
IN="-ss 0.5 -t 10.5 -i $M/clip1.mp4 -ss 1 -t 10.5 -i $M/clip2.mp4 -ss 1 -t 10 -i $M/clip4.mp4 -t 10 -i $M/greenscreen.mp4 -ss 1 -t 9 -i $M/clip3.mp4 -i $M/logo.png -t 30 -i $M/music.mp3"
# easeOutBack of the logo's growth and easeOutCubic of the lower thirds' slide, p in 0...1.
BACK="(1+2.70158*pow(clip(t/1.5\,0\,1)-1\,3)+1.70158*pow(clip(t/1.5\,0\,1)-1\,2))"
SIDE="2*trunc(200*(0.2+0.25*$BACK))"
slide() { echo "1920*(-0.4+0.44*(1-pow(1-clip((t-$1)/0.8\,0\,1)\,3)))"; }
fade() { echo "clip((t-$1)/0.5\,0\,1)*clip(($2-t)/0.5\,0\,1)"; }
AN="aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
$FF $IN -filter_complex "
[0:v]$FIT,tpad=stop=1:stop_mode=clone,trim=end_frame=315[c1];[1:v]$FIT,tpad=stop=1:stop_mode=clone,trim=end_frame=315[c2];[2:v]$FIT[c4];
[c1][c2]xfade=transition=fade:duration=0.5:offset=10[x1];[x1][c4]xfade=transition=fade:duration=0.5:offset=20[bg];
[3:v]setpts=PTS-STARTPTS,fps=30,colorkey=color=0x00B140:similarity=0.339618:blend=0.226412,scale=1920:1080,format=yuva420p,setpts=PTS+4/TB[key];
[4:v]setpts=PTS-STARTPTS,fps=30,scale=576:324,setpts=PTS+15/TB[pip];
[5:v]format=rgba,split=2[l1][l2];
[l1]loop=loop=44:size=1,setpts=N/(30*TB),scale=w='$SIDE':h='$SIDE':eval=frame,format=yuva420p,fade=in:d=1:alpha=1[grow];
[l2]scale=180:180,format=yuva420p,loop=loop=854:size=1,setpts=N/(30*TB)+1.5/TB[held];
[bg][key]overlay=eof_action=pass:enable='between(t,4,14)'[v1];
[v1][pip]overlay=x='1920*(0.03+0.57*clip((t-15)/9\,0\,1))':y=54:eof_action=pass:enable='between(t,15,24)'[v2];
[v2][grow]overlay=x='1862.4-overlay_w':y=43.2:eof_action=pass:enable='lt(t,1.5)'[v3];
[v3][held]overlay=x=1682:y=43:eof_action=pass:enable='gte(t,1.5)',
drawtext=fontfile=$FONT_BOLD:text=Spring Launch:expansion=none:fontsize=64:fontcolor=white:x='24+$(slide 2)':y=862.4:alpha='$(fade 2 8)':enable='between(t,2,8)':box=1:boxcolor=0x023047D9:boxborderw=24,
drawtext=fontfile=$FONT:text=reel.example.com:expansion=none:fontsize=48:fontcolor=white:x='20+$(slide 21)':y=882.4:alpha='$(fade 21 28)':enable='between(t,21,28)':box=1:boxcolor=0xFB8500E6:boxborderw=20[v];
[0:a]$AN,volume=0.4[a0];[1:a]$AN,volume=0.4,adelay=delays=10000:all=1[a1];[2:a]$AN,volume=0.4,adelay=delays=20000:all=1[a2];
[3:a]$AN,volume=0.5,adelay=delays=4000:all=1[a3];[6:a]$AN,volume=0.7,afade=t=in:d=2,afade=t=out:st=28:d=2[a4];
[a0][a1][a2][a3][a4]amix=inputs=5:duration=longest:normalize=0,apad=whole_dur=30,atrim=end=30[a]" -map "[v]" -map "[a]" $ENC -t 30 "$OUT"
