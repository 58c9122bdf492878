#!/usr/bin/env python3
"""Draw the shipped journal's example photos (no photograph of anyone: shapes and post-its).

They stand for what residents take with a phone, metadata included: each JPEG
carries an EXIF block with a fictitious device, owner and GPS position, and the
wall is stored sideways with an orientation flag, as phones do. The site
publishes none of it (see plugins/residency_journal/photos.py).

    .venv/bin/python tools/make_photos.py      # writes journal/achats-durables-rhone-alpes/media/
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

MEDIA = Path(__file__).resolve().parent.parent / "journal" / "achats-durables-rhone-alpes" / "media"
SIZE = (2400, 1800)
POST_IT = [(255, 236, 110), (255, 176, 196), (150, 220, 250), (170, 235, 160), (255, 196, 120)]
INK = (40, 45, 70)


# Pillow's own font has no accented letters: a system font with them where there is one.
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf", "Arial.ttf")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def wall(size: tuple[int, int], colour: tuple[int, int, int]) -> Image.Image:
    """A painted wall under uneven light: a soft gradient and a little grain."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).rotate(15, expand=False, fillcolor=128)
    tint = Image.new("RGB", size, colour)
    shade = Image.merge("RGB", [image.point(lambda v: 200 + v // 5)] * 3)
    base = Image.blend(tint, shade, 0.25)
    grain = Image.effect_noise((width // 8, height // 8), 6).resize(size).convert("RGB")
    return Image.blend(base, grain, 0.04)


def post_it(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour: tuple[int, int, int],
            words: list[str], rng: random.Random) -> None:
    x, y, right, bottom = box
    draw.rectangle((x + 8, y + 10, right + 8, bottom + 10), fill=(150, 150, 140))  # shadow
    draw.rectangle(box, fill=colour)
    draw.rectangle((x, y, right, y + 24), fill=tuple(max(0, c - 18) for c in colour))
    text_y = y + 50
    for word in words:
        draw.text((x + 22 + rng.randint(-4, 4), text_y), word, fill=INK, font=font(46))
        text_y += 62


def mur_de_pistes() -> Image.Image:
    """The wall of ideas: columns of post-its under three headings."""
    rng = random.Random(3)
    image = wall(SIZE, (236, 232, 222))
    draw = ImageDraw.Draw(image)
    columns = [("À creuser", [["plan de", "formation"], ["bilan", "carbone"], ["parité", "?"]]),
               ("Retenues", [["livrables", "sobres"]]),
               ("Nouvelles", [["label", "RSE"], ["allotir"]])]
    for n, (title, notes) in enumerate(columns):
        left = 180 + n * 760
        draw.text((left, 120), title, fill=INK, font=font(84))
        draw.line((left, 230, left + 520, 236), fill=INK, width=8)
        for k, words in enumerate(notes):
            top = 320 + k * 470 + rng.randint(-30, 30)
            x = left + rng.randint(-20, 60)
            post_it(draw, (x, top, x + 420, top + 400), POST_IT[(n * 3 + k) % len(POST_IT)], words, rng)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def parcours_marche() -> Image.Image:
    """A whiteboard sketch: the four steps of a contract for a study, arrows between them."""
    image = wall(SIZE, (248, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, SIZE[0] - 60, SIZE[1] - 60), outline=(160, 165, 170), width=24)
    draw.text((200, 170), "Parcours d'un marché d'études", fill=(30, 70, 150), font=font(96))
    steps = ["besoin", "critères", "exécution", "réception"]
    for n, step in enumerate(steps):
        left = 200 + n * 520
        draw.rounded_rectangle((left, 700, left + 400, 1000), radius=40, outline=(30, 70, 150), width=12)
        draw.text((left + 40, 810), step, fill=(30, 70, 150), font=font(64))
        if n < len(steps) - 1:
            draw.line((left + 410, 850, left + 510, 850), fill=(200, 40, 40), width=12)
            draw.polygon([(left + 510, 850), (left + 470, 820), (left + 470, 880)], fill=(200, 40, 40))
        draw.ellipse((left + 170, 1120, left + 230, 1180), outline=(40, 140, 60), width=10)
        draw.text((left + 110, 1210), "repères ?", fill=(40, 140, 60), font=font(52))
    return image.filter(ImageFilter.GaussianBlur(1.0))


def salle() -> Image.Image:
    """The small room on the second floor, drawn from above: table, chairs, window."""
    image = wall(SIZE, (226, 220, 206))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 80, 2100, 160), fill=(170, 205, 235))  # the window
    draw.rounded_rectangle((700, 600, 1700, 1200), radius=60, fill=(150, 110, 75))
    for x in (780, 1040, 1300, 1560):
        for y in (470, 1330):
            draw.ellipse((x - 70, y - 70, x + 70, y + 70), fill=(70, 90, 120))
    for n, colour in enumerate(POST_IT[:4]):
        draw.rectangle((820 + n * 230, 760, 990 + n * 230, 930), fill=colour)
    draw.rectangle((2150, 500, 2230, 1500), fill=(245, 245, 240), outline=(120, 120, 120), width=6)
    return image.filter(ImageFilter.GaussianBlur(1.5))


def phone_exif(orientation: int = 1) -> Image.Exif:
    """What a phone would add (all fictitious): device, owner, GPS position."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Téléphone d'exemple"
    exif[0x0110] = "Modèle 12"
    exif[0x013B] = "Claire Exemple"
    exif[0x8825] = {1: "N", 2: (45.0, 44.0, 30.0), 3: "E", 4: (4.0, 49.0, 15.0)}
    return exif


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    # Stored sideways (a quarter turn to the left) with orientation 6, "turn it a quarter
    # to the right to show it", as a phone held on its side writes it.
    sideways = mur_de_pistes().transpose(Image.Transpose.ROTATE_90)
    photos = {"mur-de-pistes.jpg": (sideways, 6), "parcours-marche.jpg": (parcours_marche(), 1),
              "salle-deuxieme-etage.jpg": (salle(), 1)}
    for name, (image, orientation) in photos.items():
        image.save(MEDIA / name, "JPEG", quality=72, optimize=True, exif=phone_exif(orientation))
        print(MEDIA / name, (MEDIA / name).stat().st_size // 1024, "Ko")


if __name__ == "__main__":
    main()
