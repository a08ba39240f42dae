"""Draws CleverStore's app icons (the home-screen mark) into assets/icons/ with Pillow.

Run once after changing the mark: .venv/bin/python tools/make_icons.py
The mark is a white storage box with its lid on the accent colour (#0b6e69, styles.css --accent).
The maskable icon fills the whole square and keeps the mark inside the central safe zone (80 %),
so a phone may cut it to a circle or a squircle.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (11, 110, 105, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "assets" / "icons"
SCALE = 4  # drawn large and scaled down for smooth edges


def _box(draw: ImageDraw.ImageDraw, size: int, extent: float) -> None:
    """The box, centred, `extent` of the square wide."""
    width = size * extent
    left, top = (size - width) / 2, (size - width * 0.86) / 2
    line = max(2, round(width * 0.075))
    lid_height = width * 0.24
    body_top = top + lid_height + line * 0.6
    draw.rounded_rectangle((left, top, left + width, top + lid_height), radius=line, fill=WHITE)
    inset = width * 0.07
    draw.rounded_rectangle((left + inset, body_top, left + width - inset, top + width * 0.86), radius=line,
                           outline=WHITE, width=line)
    handle = width * 0.3
    mid = size / 2
    handle_top = body_top + width * 0.14
    draw.rounded_rectangle((mid - handle / 2, handle_top, mid + handle / 2, handle_top + line * 1.1),
                           radius=line / 2, fill=WHITE)


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=ACCENT)
        _box(draw, big, 0.5)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=ACCENT)
        _box(draw, big, 0.62)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: a full square
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
