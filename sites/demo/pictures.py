"""Pictures for the demo, drawn locally with Pillow: soft gradients with simple shapes.

Nothing is downloaded; the same seed always draws the same picture.
"""

import io
import random

from PIL import Image, ImageDraw

# Calm colour pairs (top-left, bottom-right) that suit both themes.
PALETTES = [
    ((196, 38, 45), (247, 199, 120)),
    ((29, 111, 66), (180, 226, 196)),
    ((38, 92, 160), (170, 210, 240)),
    ((240, 150, 60), (252, 226, 170)),
    ((92, 70, 150), (214, 196, 240)),
    ((20, 130, 140), (200, 236, 230)),
    ((150, 40, 60), (250, 210, 200)),
]


def _mix(first, second, share):
    return tuple(round(a + (b - a) * share) for a, b in zip(first, second, strict=True))


def draw_picture(seed, *, width=960, height=540, kind="scene"):
    """JPEG bytes of a picture. kind "scene": sky gradient, sun and a row of buildings;
    "map": a light street grid with blocks and a marker."""
    rng = random.Random(seed)
    start, end = rng.choice(PALETTES)
    # A 2×2 image scaled up with bilinear filtering is a smooth diagonal gradient, drawn in C.
    corners = Image.new("RGB", (2, 2))
    corners.putdata([start, _mix(start, end, 0.5), _mix(start, end, 0.5), end])
    picture = corners.resize((width, height), Image.Resampling.BILINEAR).convert("RGBA")
    overlay = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    if kind == "map":
        _draw_map(draw, rng, width, height)
    else:
        _draw_scene(draw, rng, width, height)
    picture = Image.alpha_composite(picture, overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def _draw_scene(draw, rng, width, height):
    sun_x, sun_y, radius = (
        rng.randint(width // 6, width * 5 // 6),
        rng.randint(height // 8, height // 3),
        rng.randint(40, 90),
    )
    draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=(255, 244, 214, 190))
    for _ in range(rng.randint(2, 4)):  # clouds
        x, y = rng.randint(0, width), rng.randint(20, height // 3)
        for offset in range(3):
            draw.ellipse((x + offset * 40, y - 20, x + offset * 40 + 90, y + 30), fill=(255, 255, 255, 120))
    x = -rng.randint(0, 40)
    ground = height - rng.randint(30, 60)
    while x < width:  # buildings with windows
        building_width = rng.randint(60, 130)
        top = rng.randint(height // 3, ground - 60)
        shade = rng.randint(40, 110)
        draw.rectangle((x, top, x + building_width, ground), fill=(shade, shade, shade + 20, 215))
        for window_y in range(top + 14, ground - 20, 26):
            for window_x in range(x + 10, x + building_width - 18, 22):
                if rng.random() < 0.55:
                    draw.rectangle((window_x, window_y, window_x + 10, window_y + 12), fill=(255, 236, 170, 200))
        x += building_width + rng.randint(4, 18)
    draw.rectangle((0, ground, width, height), fill=(60, 120, 70, 230))
    for _ in range(rng.randint(5, 10)):  # trees
        tree_x = rng.randint(0, width)
        draw.ellipse((tree_x - 22, ground - 46, tree_x + 22, ground + 2), fill=(34, 110, 60, 235))


def _draw_map(draw, rng, width, height):
    draw.rectangle((0, 0, width, height), fill=(245, 243, 236, 225))
    for x in range(0, width, rng.randint(70, 110)):
        draw.rectangle((x, 0, x + 10, height), fill=(255, 255, 255, 255))
    for y in range(0, height, rng.randint(60, 100)):
        draw.rectangle((0, y, width, y + 10), fill=(255, 255, 255, 255))
    for _ in range(14):
        x, y = rng.randint(0, width - 80), rng.randint(0, height - 60)
        draw.rectangle((x, y, x + rng.randint(30, 70), y + rng.randint(20, 50)), fill=(214, 206, 190, 255))
    lake_x, lake_y = rng.randint(0, width - 200), rng.randint(0, height - 120)
    draw.ellipse((lake_x, lake_y, lake_x + 200, lake_y + 110), fill=(160, 200, 235, 255))
    marker_x, marker_y = width // 2 + rng.randint(-60, 60), height // 2 + rng.randint(-40, 40)
    draw.ellipse((marker_x - 16, marker_y - 16, marker_x + 16, marker_y + 16), fill=(200, 30, 40, 255))
    draw.ellipse((marker_x - 6, marker_y - 6, marker_x + 6, marker_y + 6), fill=(255, 255, 255, 255))
