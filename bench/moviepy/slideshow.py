"""bench/timelines/slideshow.json in MoviePy: 30 s 1080p30, six photos with Ken Burns
motion crossfading into each other (1.2 s), a title with a box, a soundtrack faded in and out."""
from common import FONT, ken_burns, media, output_path, write
from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, TextClip, afx, vfx

W, H = 1920, 1080
EFFECTS = ["zoomIn", "zoomOut", "slideLeft", "slideRight", "zoomIn", "slideUp"]
STARTS = [0, 4.8, 9.6, 14.4, 19.2, 24]

photos = []
for index, (effect, start) in enumerate(zip(EFFECTS, STARTS), 1):
    clip = ken_burns(ImageClip(media(f"photo{index}.jpg"), duration=6), effect).with_start(start)
    if index > 1:
        clip = clip.with_effects([vfx.CrossFadeIn(1.2)])
    photos.append(clip)

title = (
    TextClip(font=FONT, text="Summer Journal", font_size=96, color="white",
             bg_color=(0, 0, 0, 102), margin=(24, 24))
    .with_start(0.5).with_duration(4).with_position("center")
    .with_effects([vfx.CrossFadeIn(1), vfx.CrossFadeOut(1)])
)

music = (
    AudioFileClip(media("music.mp3")).subclipped(0, 30)
    .with_effects([afx.MultiplyVolume(0.8), afx.AudioFadeIn(2), afx.AudioFadeOut(2)])
)

video = CompositeVideoClip(photos + [title], size=(W, H), bg_color=(0, 0, 0)).with_duration(30).with_audio(music)
write(video, output_path())
