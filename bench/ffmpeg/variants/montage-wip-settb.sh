#!/bin/sh
# Reel's graph from the working tree of 11:16 (one stream per track: xfade for crossfades,
# concat for cuts), with settb=1/30 after each concat: without it xfade refuses the concat
# output (time base 1/1000000 against 1/30) and the render fails.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/montage-common.sh"
$FF $SEGS $PIPIN $SEGS -filter_complex "
[0:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c1];
[1:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c2];
[c1][c2]xfade=transition=fade:duration=1:offset=7[x3];
[2:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c4];
[x3][c4]concat=n=2:v=1:a=0,settb=1/30[j5];
[3:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c6];
[j5][c6]xfade=transition=fade:duration=1:offset=22[x7];
[4:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c8];
[x7][c8]concat=n=2:v=1:a=0,settb=1/30[j9];
[5:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c10];
[j9][c10]xfade=transition=fade:duration=1:offset=37[x11];
[6:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c12];
[x11][c12]concat=n=2:v=1:a=0,settb=1/30[j13];
[7:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*1280/720):h=min(ih\,iw/(1280/720)),scale=1280:720,setsar=1,format=yuv420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=240[c14];
[j13][c14]xfade=transition=fade:duration=1:offset=52[x15];
[8:v]setpts=PTS-STARTPTS,fps=30,crop=w=min(iw\,ih*384/216):h=min(ih\,iw/(384/216)),scale=384:216,setsar=1,format=yuva420p,tpad=stop=-1:stop_mode=clone,trim=end_frame=300[c16];
[c16]setpts=PTS+24/TB[p17];
[x15][p17]overlay=x=858:y=468:eof_action=pass:enable=between(t\,24\,34)[v18];
[v18]$TITLE[txt19];
[9:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a20];
[10:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=7000:all=1[a21];
[11:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=15000:all=1[a22];
[12:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=22000:all=1[a23];
[13:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=30000:all=1[a24];
[14:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=37000:all=1[a25];
[15:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=45000:all=1[a26];
[16:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,adelay=delays=52000:all=1[a27];
[a20][a21][a22][a23][a24][a25][a26][a27]amix=inputs=8:duration=longest:normalize=0,apad=whole_dur=60,atrim=end=60[mix28]" -map "[txt19]" -map "[mix28]" $ENC -t 60 "$OUT"
