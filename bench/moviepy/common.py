"""Shared helpers of the MoviePy versions of the reference timelines.

Each script renders the same content as bench/timelines/<name>.json and is run as
`bench/.venv/bin/python bench/moviepy/<name>.py OUTPUT.mp4` with
IMAGEIO_FFMPEG_EXE=/usr/bin/ffmpeg (bench/render sets it).
"""
import os
import sys
from pathlib import Path

import numpy as np
from PIL import Image

BENCH = Path(__file__).resolve().parent.parent
MEDIA = Path(os.environ.get("MEDIA", BENCH / "out" / "media"))
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FPS = 30


def media(name):
    return str(MEDIA / name)


def output_path():
    if len(sys.argv) != 2:
        raise SystemExit(f"usage: {sys.argv[0]} OUTPUT.mp4")
    return sys.argv[1]


def write(clip, path):
    """The encoder settings Reel uses: x264 veryfast CRF 23 yuv420p, AAC 160k, faststart.
    (MoviePy 2.2.1 appends `-pix_fmt yuva420p`, which ffmpeg maps to yuv420p for libx264.)"""
    clip.write_videofile(
        path, fps=FPS, codec="libx264", preset="veryfast", audio_codec="aac", audio_bitrate="160k",
        audio_fps=48000, ffmpeg_params=["-crf", "23", "-pix_fmt", "yuv420p", "-movflags", "+faststart"],
        temp_audiofile_path=str(Path(path).parent), logger=None)


def ken_burns(clip, kind, amount=0.2, size=None):
    """Reel's motion effects (zoompan semantics): each frame crops a window of the
    picture and resizes it to the output size with bicubic filtering. This is the
    cheap way to do it in MoviePy (one crop + one resize to the final size per frame),
    rather than resizing the whole picture up and cropping it afterwards."""
    width, height = size or clip.size
    length = clip.duration
    span = max(1, round(length * FPS) - 1)

    def frame(get_frame, t):
        picture = get_frame(t)
        ih, iw = picture.shape[:2]
        p = min(1.0, round(t * FPS) / span)
        if kind == "zoomIn":
            zoom = 1 + amount * p
        elif kind == "zoomOut":
            zoom = 1 + amount * (1 - p)
        else:
            zoom = 1 + amount
        cw, ch = iw / zoom, ih / zoom
        x, y = (iw - cw) / 2, (ih - ch) / 2
        if kind == "slideLeft":
            x = (iw - cw) * p
        elif kind == "slideRight":
            x = (iw - cw) * (1 - p)
        elif kind == "slideUp":
            y = (ih - ch) * p
        elif kind == "slideDown":
            y = (ih - ch) * (1 - p)
        box = (int(x), int(y), int(x + cw), int(y + ch))
        return np.asarray(Image.fromarray(picture).resize((width, height), Image.BICUBIC, box=box))

    return clip.transform(frame, apply_to=[])
