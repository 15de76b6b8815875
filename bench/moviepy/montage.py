"""bench/timelines/montage.json in MoviePy: 60 s 720p30, eight trimmed segments of four
clips (cuts, and 1 s crossfades inside each pair), a lower-third title with a box, and a
muted picture-in-picture at 0.3 scale in the bottom-right corner from 24 s to 34 s."""
from common import FONT, media, output_path, write
from moviepy import CompositeVideoClip, TextClip, VideoFileClip, vfx

W, H = 1280, 720
SEGMENTS = [  # (file, trim, start, crossfade in)
    ("clip1.mp4", 0.5, 0, False), ("clip2.mp4", 1, 7, True),
    ("clip3.mp4", 0.5, 15, False), ("clip4.mp4", 1, 22, True),
    ("clip1.mp4", 3.5, 30, False), ("clip2.mp4", 3, 37, True),
    ("clip3.mp4", 3.5, 45, False), ("clip4.mp4", 3.5, 52, True),
]

clips = []
for name, trim, start, crossfade in SEGMENTS:
    clip = VideoFileClip(media(name)).subclipped(trim, trim + 8).with_start(start)
    if crossfade:
        clip = clip.with_effects([vfx.CrossFadeIn(1)])
    clips.append(clip)

pip = (
    VideoFileClip(media("clip3.mp4"), audio=False).subclipped(0, 10)
    .resized((384, 216)).with_start(24).with_position((858, 468))
)

title = TextClip(font=FONT, text="Road Trip 2026", font_size=56, color="white",
                 bg_color=(0, 0, 0, 128), margin=(16, 16))
title = (
    title.with_start(2).with_duration(6).with_position((51.2, 720 - 57.6 - title.h))
    .with_effects([vfx.CrossFadeIn(1), vfx.CrossFadeOut(1)])
)

video = CompositeVideoClip(clips + [pip, title], size=(W, H), bg_color=(0, 0, 0)).with_duration(60)
write(video, output_path())
