#!/bin/sh
# Reel's graph with only the change proposed for Reel: an image with a slide effect (constant
# zoom 1+amount) is fitted straight to the zoomed size (2304x1296), converted to yuv420p and held
# with loop like a still, and a 1920x1080 crop window moves across it (crop only moves plane
# pointers), instead of zoompan re-scaling the picture on every frame. zoomIn/zoomOut keep zoompan.
# The pictures are opened with -framerate 30 and held with loop + setpts=N (no settb/fps after
# it): with Reel's still-image tail (settb=AVTB,setpts=N/(30*TB),fps=30) xfade's output had two
# timestamp gaps and the encoder duplicated two frames.
FFDIR=$(dirname "$0")/..
. "$(dirname "$0")/slideshow-common.sh"
HOLDR="format=yuv420p,loop=loop=179:size=1:start=0,setpts=N"
FIT2="scale=2304:1296:force_original_aspect_ratio=increase,crop=2304:1296,setsar=1"
FIT1="scale=1920:1080:force_original_aspect_ratio=increase,crop=1920:1080,setsar=1"
$FF $PHOTOS \
  -ss 0 -t 30 -i $M/music.mp3 -filter_complex "
[0:v]$FIT1,zoompan=z=1+0.2*min(1\,(on+0)/179):x=(iw-iw/zoom)/2:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30,format=yuv420p[c1];
[1:v]$FIT1,zoompan=z=1+0.2*(1-min(1\,(on+0)/179)):x=(iw-iw/zoom)/2:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30,format=yuv420p[c2];
[c1][c2]xfade=transition=fade:duration=1.2:offset=4.8[x3];
[2:v]$FIT2,$HOLDR,crop=1920:1080:x=(iw-ow)*min(1\,(n+0)/179):y=(ih-oh)/2[c4];
[x3][c4]xfade=transition=fade:duration=1.2:offset=9.6[x5];
[3:v]$FIT2,$HOLDR,crop=1920:1080:x=(iw-ow)*(1-min(1\,(n+0)/179)):y=(ih-oh)/2[c6];
[x5][c6]xfade=transition=fade:duration=1.2:offset=14.4[x7];
[4:v]$FIT1,zoompan=z=1+0.2*min(1\,(on+0)/179):x=(iw-iw/zoom)/2:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30,format=yuv420p[c8];
[x7][c8]xfade=transition=fade:duration=1.2:offset=19.2[x9];
[5:v]$FIT2,$HOLDR,crop=1920:1080:x=(iw-ow)/2:y=(ih-oh)*min(1\,(n+0)/179)[c10];
[x9][c10]xfade=transition=fade:duration=1.2:offset=24[x11];
[x11]drawtext=fontfile=$FONT:text=Summer Journal:expansion=none:fontsize=96:fontcolor=0xFFFFFFFF:x=24+(W-tw-48)*0.5+0+0:y=492+0+0:alpha=1*clip((t-0.5)/1\,0\,1)*clip((4.5-t)/1\,0\,1):enable=between(t\,0.5\,4.5):box=1:boxcolor=0x00000066:boxborderw=24[txt12];
[6:a]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,volume=0.8,afade=t=in:st=0:d=2,afade=t=out:st=28:d=2[a13];
[a13]apad=whole_dur=30,atrim=end=30[mix14]" \
  -map "[txt12]" -map "[mix14]" $ENC -t 30 "$OUT"
