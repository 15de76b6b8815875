# Pieces shared by the montage variants.
. "$FFDIR/common.sh"
SEGS="-ss 0.5 -t 8 -i $M/clip1.mp4 -ss 1 -t 8 -i $M/clip2.mp4 -ss 0.5 -t 8 -i $M/clip3.mp4 -ss 1 -t 8 -i $M/clip4.mp4 -ss 3.5 -t 8 -i $M/clip1.mp4 -ss 3 -t 8 -i $M/clip2.mp4 -ss 3.5 -t 8 -i $M/clip3.mp4 -ss 3.5 -t 8 -i $M/clip4.mp4"
PIPIN="-ss 0 -t 10 -i $M/clip3.mp4"
TITLE="drawtext=fontfile=$FONT:text=Road Trip 2026:expansion=none:fontsize=56:fontcolor=0xFFFFFFFF:x=16+(W-tw-32)*0+51.2:y=590.4:alpha=clip((t-2)/1\,0\,1)*clip((8-t)/1\,0\,1):enable=between(t\,2\,8):box=1:boxcolor=0x00000080:boxborderw=16"
AN="asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
# audio A0..A7: the eight segments' sound from inputs $1..$8, each delayed to its start and mixed.
audio() {
  echo "[$1:a]$AN[a0];[$2:a]$AN,adelay=delays=7000:all=1[a1];[$3:a]$AN,adelay=delays=15000:all=1[a2];[$4:a]$AN,adelay=delays=22000:all=1[a3];
[$5:a]$AN,adelay=delays=30000:all=1[a4];[$6:a]$AN,adelay=delays=37000:all=1[a5];[$7:a]$AN,adelay=delays=45000:all=1[a6];[$8:a]$AN,adelay=delays=52000:all=1[a7];
[a0][a1][a2][a3][a4][a5][a6][a7]amix=inputs=8:duration=longest:normalize=0,apad=whole_dur=60,atrim=end=60[a]"
}
