# Pieces shared by the slideshow variants. Motion of Reel's zoompan: zoom 1 -> 1.2 over the
# clip's 180 frames (zoomIn), 1.2 -> 1 (zoomOut), or a 1.2x window panning across (slides).
. "$FFDIR/common.sh"
P='min(1\,on/179)'
ZIN="zoompan=z=1+0.2*$P:x=(iw-iw/zoom)/2:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30"
ZOUT="zoompan=z=1+0.2*(1-$P):x=(iw-iw/zoom)/2:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30"
ZLEFT="zoompan=z=1.2:x=(iw-iw/zoom)*$P:y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30"
ZRIGHT="zoompan=z=1.2:x=(iw-iw/zoom)*(1-$P):y=(ih-ih/zoom)/2:d=180:s=1920x1080:fps=30"
ZUP="zoompan=z=1.2:x=(iw-iw/zoom)/2:y=(ih-ih/zoom)*$P:d=180:s=1920x1080:fps=30"
# The same slides without per-frame scaling: scale the picture once by 1.2, then move a
# 1920x1080 crop window across it (crop only shifts plane pointers).
HOLD="loop=loop=179:size=1:start=0,setpts=N"
SLEFT="scale=2304:1296,$HOLD,crop=1920:1080:x=384*min(1\,n/179):y=108"
SRIGHT="scale=2304:1296,$HOLD,crop=1920:1080:x=384*(1-min(1\,n/179)):y=108"
SUP="scale=2304:1296,$HOLD,crop=1920:1080:x=192:y=216*min(1\,n/179)"
XF="xfade=transition=fade:duration=1.2"
TITLE="drawtext=fontfile=$FONT:text=Summer Journal:expansion=none:fontsize=96:fontcolor=0xFFFFFFFF:x=24+(W-tw-48)*0.5:y=492:alpha=clip((t-0.5)/1\,0\,1)*clip((4.5-t)/1\,0\,1):enable=between(t\,0.5\,4.5):box=1:boxcolor=0x00000066:boxborderw=24"
MUSIC="asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,volume=0.8,afade=t=in:st=0:d=2,afade=t=out:st=28:d=2,apad=whole_dur=30,atrim=end=30"
PHOTOS="-framerate 30 -i $M/photo1.jpg -framerate 30 -i $M/photo2.jpg -framerate 30 -i $M/photo3.jpg -framerate 30 -i $M/photo4.jpg -framerate 30 -i $M/photo5.jpg -framerate 30 -i $M/photo6.jpg"
# graph VIDEO_CHAIN_1 ... VIDEO_CHAIN_6: the crossfades, title and soundtrack around six clip chains.
graph() {
  echo "[0:v]$1[c1];[1:v]$2[c2];[2:v]$3[c3];[3:v]$4[c4];[4:v]$5[c5];[5:v]$6[c6];
[c1][c2]$XF:offset=4.8[x2];[x2][c3]$XF:offset=9.6[x3];[x3][c4]$XF:offset=14.4[x4];
[x4][c5]$XF:offset=19.2[x5];[x5][c6]$XF:offset=24[x6];[x6]$TITLE[v];[6:a]$MUSIC[a]"
}
