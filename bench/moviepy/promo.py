"""bench/timelines/promo.json in MoviePy: 30 s 1080p30 promo: three background clips with 0.5 s
crossfades, a green-screen clip keyed over them from 4 s to 14 s, a picture-in-picture gliding
across from 15 s to 24 s, a logo growing (easeOutBack) and fading in, two lower thirds sliding in
(easeOutCubic) and fading, the clips' sound under a soundtrack.

Written with care: the keying mask is computed at the source's 720p before scaling, and the logo is
resized per frame only while it grows, then held as one picture."""
from common import FONT, FONT_BOLD, media, output_path, write
from moviepy import (AudioFileClip, CompositeAudioClip, CompositeVideoClip, ImageClip, TextClip,
                     VideoFileClip, afx, vfx)

W, H = 1920, 1080


def ease_out_cubic(p):
    return 1 - (1 - p) ** 3


def ease_out_back(p):
    return 1 + 2.70158 * (p - 1) ** 3 + 1.70158 * (p - 1) ** 2


def background(name, trim, length):
    return VideoFileClip(media(name)).subclipped(trim, trim + length).resized((W, H))


first = background("clip1.mp4", 0.5, 10.5)
second = background("clip2.mp4", 1, 10.5).with_start(10).with_effects([vfx.CrossFadeIn(0.5)])
third = background("clip4.mp4", 1, 10).with_start(20).with_effects([vfx.CrossFadeIn(0.5)])

# Reel's chromaKey {threshold 150, halo 100}: transparent within 150 of the key colour, opaque beyond 250.
keyed = (
    VideoFileClip(media("greenscreen.mp4")).subclipped(0, 10)
    .with_effects([vfx.MaskColor(color=(0, 177, 64), threshold=200, stiffness=8)])
    .resized((W, H)).with_start(4)
)

pip = (
    VideoFileClip(media("clip3.mp4"), audio=False).subclipped(1, 10).resized((576, 324))
    .with_start(15).with_position(lambda t: (W * (0.03 + 0.57 * min(1, t / 9)), 54))
)


def logo_side(t):
    return 400 * (0.2 + 0.25 * ease_out_back(min(1, t / 1.5)))


logo = ImageClip(media("logo.png"))
growing = (
    logo.with_duration(1.5).resized(lambda t: logo_side(t) / 400)
    .with_position(lambda t: (1862.4 - logo_side(t), 43.2)).with_effects([vfx.CrossFadeIn(1)])
)
held = logo.resized((180, 180)).with_start(1.5).with_duration(28.5).with_position((1682.4, 43.2))


def lower_third(text, font, size, box, padding, start, length, top):
    clip = TextClip(font=font, text=text, font_size=size, color="white", bg_color=box, margin=(padding, padding))
    return (
        clip.with_start(start).with_duration(length)
        .with_position(lambda t: (1920 * (-0.4 + 0.44 * ease_out_cubic(min(1, t / 0.8))), top - padding))
        .with_effects([vfx.CrossFadeIn(0.5), vfx.CrossFadeOut(0.5)])
    )


launch = lower_third("Spring Launch", FONT_BOLD, 64, (2, 48, 71, 217), 24, 2, 6, 862.4)
address = lower_third("reel.example.com", FONT, 48, (251, 133, 0, 230), 20, 21, 7, 882.4)

music = (
    AudioFileClip(media("music.mp3")).subclipped(0, 30)
    .with_effects([afx.MultiplyVolume(0.7), afx.AudioFadeIn(2), afx.AudioFadeOut(2)])
)
sound = CompositeAudioClip([
    first.audio.with_effects([afx.MultiplyVolume(0.4)]),
    second.audio.with_effects([afx.MultiplyVolume(0.4)]).with_start(10),
    third.audio.with_effects([afx.MultiplyVolume(0.4)]).with_start(20),
    keyed.audio.with_effects([afx.MultiplyVolume(0.5)]).with_start(4),
    music,
])

video = (
    CompositeVideoClip([first, second, third, keyed, pip, growing, held, launch, address], size=(W, H), bg_color=(0, 0, 0))
    .with_duration(30).with_audio(sound)
)
write(video, output_path())
