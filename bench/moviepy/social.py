"""bench/timelines/social.json in MoviePy: 20 s 1080x1920 at 30 fps: two 16:9 clips cropped
to fill the portrait frame with a 0.5 s crossfade, SRT captions burned in (box, 12% from the
bottom), a bold title wrapped to 960 px, the clips' sound at 0.4 and a soundtrack at 0.6."""
from common import FONT, FONT_BOLD, media, output_path, write
from moviepy import AudioFileClip, CompositeAudioClip, CompositeVideoClip, TextClip, VideoFileClip, afx, vfx
from moviepy.video.tools.subtitles import SubtitlesClip

W, H = 1080, 1920


def portrait(name, trim, length):
    clip = VideoFileClip(media(name)).subclipped(trim, trim + length)
    crop_w = clip.h * W / H
    return clip.cropped(x_center=clip.w / 2, width=crop_w).resized((W, H))


first = portrait("clip2.mp4", 1, 10.5)
second = portrait("clip4.mp4", 1, 10).with_start(10).with_effects([vfx.CrossFadeIn(0.5)])


def caption(text):
    return TextClip(font=FONT, text=text, font_size=54, color="white", bg_color=(0, 0, 0, 153),
                    margin=(12, 12), method="caption", size=(1040, None), text_align="center")


captions = SubtitlesClip(media("captions.srt"), make_textclip=caption, encoding="utf-8")
captions = captions.with_position(("center", H - round(H * 0.12) - 100))

title = (
    TextClip(font=FONT_BOLD, text="How we render video", font_size=80, color="white",
             method="caption", size=(960, None), text_align="center", margin=(0, 16))
    .with_duration(5).with_position(("center", 153.6))
    .with_effects([vfx.CrossFadeIn(1), vfx.CrossFadeOut(1)])
)

music = (
    AudioFileClip(media("music.mp3")).subclipped(0, 20)
    .with_effects([afx.MultiplyVolume(0.6), afx.AudioFadeIn(2), afx.AudioFadeOut(2)])
)
sound = CompositeAudioClip([
    first.audio.with_effects([afx.MultiplyVolume(0.4)]),
    second.audio.with_effects([afx.MultiplyVolume(0.4)]).with_start(10),
    music,
])

video = CompositeVideoClip([first, second, captions, title], size=(W, H)).with_duration(20).with_audio(sound)
write(video, output_path())
