"""The slideshow written the way MoviePy's documentation shows Ken Burns motion: the whole picture
resized by a function of time (vfx.Resize) and centred or moved inside a CompositeVideoClip that
crops it to the frame. Same content as ../slideshow.py, which instead crops the visible window
first and resizes only that (the cheaper way, used for the benchmark).

    IMAGEIO_FFMPEG_EXE=/usr/bin/ffmpeg bench/.venv/bin/python bench/moviepy/variants/slideshow_effects.py OUT.mp4
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import FONT, media, output_path, write  # noqa: E402
from moviepy import AudioFileClip, CompositeVideoClip, ImageClip, TextClip, afx, vfx  # noqa: E402

W, H = 1920, 1080
EFFECTS = ["zoomIn", "zoomOut", "slideLeft", "slideRight", "zoomIn", "slideUp"]
STARTS = [0, 4.8, 9.6, 14.4, 19.2, 24]
LENGTH = 6


def motion(path, kind):
    picture = ImageClip(path, duration=LENGTH)
    if kind == "zoomIn":
        return picture.with_effects([vfx.Resize(lambda t: 1 + 0.2 * t / LENGTH)]).with_position("center")
    if kind == "zoomOut":
        return picture.with_effects([vfx.Resize(lambda t: 1.2 - 0.2 * t / LENGTH)]).with_position("center")
    big = picture.with_effects([vfx.Resize(1.2)])
    dx, dy = big.w - W, big.h - H
    if kind == "slideLeft":
        return big.with_position(lambda t: (-dx * t / LENGTH, -dy / 2))
    if kind == "slideRight":
        return big.with_position(lambda t: (-dx * (1 - t / LENGTH), -dy / 2))
    return big.with_position(lambda t: (-dx / 2, -dy * t / LENGTH))  # slideUp


photos = []
for index, (effect, start) in enumerate(zip(EFFECTS, STARTS), 1):
    # Each picture moves inside its own frame-sized composite, which crops it to 1920x1080.
    clip = CompositeVideoClip([motion(media(f"photo{index}.jpg"), effect)], size=(W, H)).with_start(start)
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
