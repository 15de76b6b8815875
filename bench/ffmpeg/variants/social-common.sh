# Pieces shared by the social variants.
. "$FFDIR/common.sh"
ASS=$BENCH/out/social-captions.ass
# The ASS script Reel writes for the caption clip (styles from the timeline, cues from the SRT).
cat > "$ASS" <<ASSEOF
[Script Info]
ScriptType: v4.00+
PlayResX: 1080
PlayResY: 1920
WrapStyle: 0
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,DejaVu Sans,65,&H00FFFFFF,&H00FFFFFF,&H66000000,&H66000000,0,0,0,0,100,100,0,0,3,12,0,2,20,20,230,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:00.00,0:00:03.20,Default,,0,0,0,,Every video starts as a timeline
Dialogue: 0,0:00:03.20,0:00:06.50,Default,,0,0,0,,tracks of clips, each with a start and a length
Dialogue: 0,0:00:06.50,0:00:09.80,Default,,0,0,0,,Reel compiles it into one ffmpeg filter graph
Dialogue: 0,0:00:09.80,0:00:13.00,Default,,0,0,0,,decodes every source once
Dialogue: 0,0:00:13.00,0:00:16.40,Default,,0,0,0,,and encodes H.264 with x264
Dialogue: 0,0:00:16.40,0:00:20.00,Default,,0,0,0,,Self-hosted, one binary, no browser
ASSEOF
INS="-ss 1 -t 10.5 -i $M/clip2.mp4 -ss 1 -t 10 -i $M/clip4.mp4"
AUDIN="-ss 1 -t 10.5 -i $M/clip2.mp4 -ss 1 -t 10 -i $M/clip4.mp4 -ss 0 -t 20 -i $M/music.mp3"
TITLE="drawtext=fontfile=$FONT_BOLD:text=How we render video:expansion=none:fontsize=80:fontcolor=0xFFFFFFFF:x=60+(960-tw)*0.5:y=153.6:alpha=clip((t-0)/1\,0\,1)*clip((5-t)/1\,0\,1):enable=between(t\,0\,5)"
AN="asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo"
# audio V1 V2 MUSIC: input numbers of the two clips' sound and of the soundtrack.
audio() {
  echo "[$1:a]$AN,volume=0.4[a6];[$2:a]$AN,volume=0.4,adelay=delays=10000:all=1[a7];
[$3:a]$AN,volume=0.6,afade=t=in:st=0:d=2,afade=t=out:st=18:d=2[a8];
[a6][a7][a8]amix=inputs=3:duration=longest:normalize=0,apad=whole_dur=20,atrim=end=20[a]"
}
