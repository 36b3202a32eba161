"""Draw the installable app's icons (static/icons/*.png) from the favicon's design.

The PNGs are committed; run this only when the design changes:
`python manage.py make_app_icons`. Drawn at four times the size and scaled down, so the
edges are smooth without an SVG renderer.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

BLUE = "#0b5ed7"
WHITE = "#ffffff"
# name: (size, maskable). A maskable icon keeps its drawing inside the middle 80 % (the
# "safe zone" a phone's mask never cuts) on a full-bleed background.
ICONS = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, True),
}


def draw_icon(size: int, *, maskable: bool) -> Image.Image:
    scale = 4
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=BLUE)
        inset, unit = big * 0.1, big * 0.8 / 32
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 6 / 32, fill=BLUE)
        inset, unit = 0, big / 32

    def point(x: float, y: float) -> tuple[float, float]:
        return inset + x * unit, inset + y * unit

    corners = [point(10, 11), point(22, 11), point(16, 23)]
    draw.line([*corners, corners[0]], fill=WHITE, width=round(2 * unit), joint="curve")
    for x, y in corners:
        radius = 4 * unit
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the app icons of the web app manifest into static/icons/."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        for name, (size, maskable) in ICONS.items():
            draw_icon(size, maskable=maskable).save(folder / name, optimize=True)
            self.stdout.write(f"static/icons/{name} ({size} px)")
