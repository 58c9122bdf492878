"""Photos: published re-encoded (no metadata, upright), at a few widths as WebP and
JPEG/PNG, described (alt text checked by the model), captioned, cached; hostile
images give a message, never a traceback."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
from conftest import ENGINE, RESIDENCE_YML, build_project, entry, write_project
from mkdocs.commands.build import build
from mkdocs.config import load_config
from PIL import Image, ImageCms, PngImagePlugin
from residency_journal.model import Options, load_journal
from residency_journal.model.messages import say

A = "journal/res"
DAY = f"{A}/semaine-1/jour-1.md"
FRONT = "date: 2013-01-28\n"
SECRETS = (b"PhoneMaker", b"Marie Exemple", b"secret comment", b"adobe:ns:meta", b"Exif\x00\x00",
           b"GPS", b"ICC_PROFILE")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def phone_jpeg(size: tuple[int, int] = (400, 300), orientation: int = 6) -> bytes:
    """What a phone writes: the sensor's pixels as stored (top half red, bottom half
    blue), and EXIF saying how to turn them, where it was taken and by whom."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (0, size[1] // 2, size[0], size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x013B] = "Marie Exemple"
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 12.5), 3: "E", 4: (4.0, 50.0, 1.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif, comment=b"secret comment", icc_profile=icc,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Marie Exemple</x:xmpmeta>')
    return out.getvalue()


def png_with_text(size: tuple[int, int] = (200, 100), mode: str = "RGBA") -> bytes:
    image = Image.new(mode, size, (10, 120, 60, 255) if mode == "RGBA" else (10, 120, 60))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Marie Exemple")
    info.add_text("Comment", "secret comment")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A few bytes whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""))


def write_site(root: Path, body: str, media: dict[str, bytes]) -> Path:
    write_project(root, {f"{A}/residence.yml": RESIDENCE_YML, DAY: entry(FRONT, body)})
    for name, data in media.items():
        path = root / A / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def build_counting(root: Path, site_dir: str = "site") -> int:
    """Build ``root``; return how many photos the build encoded (not found in the cache).
    MkDocs keeps one plugin instance across builds of a process: the count is a difference."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site_dir))
    photos = config.plugins["journal"].photos
    before = photos.encoded
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return photos.encoded - before


def published_images(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES
                  and "assets" not in p.parts)


def assert_no_metadata(path: Path) -> None:
    data = path.read_bytes()
    for secret in SECRETS:
        assert secret not in data, f"{path.name} holds {secret!r}"
    with Image.open(path) as image:
        assert not image.getexif(), path.name
        kept = set(image.info) - {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi",
                                  "progressive", "progression", "loop", "duration", "background",
                                  "version", "lossless", "transparency"}
        assert not kept, f"{path.name}: {kept}"


def colour_at(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    return image.convert("RGB").getpixel((int(image.width * x), int(image.height * y)))


def is_red(rgb: tuple[int, ...]) -> bool:
    return rgb[0] > 150 and rgb[2] < 100


def is_blue(rgb: tuple[int, ...]) -> bool:
    return rgb[2] > 150 and rgb[0] < 100


# --- private by default -------------------------------------------------------------

def test_published_photos_have_no_metadata_and_stand_upright(tmp_path):
    original = phone_jpeg()
    root = write_site(tmp_path / "p", "Le mur.\n\n![Le mur de post-it](../media/mur.jpg)\n\n"
                      "![Le schéma du service](../media/schema.png)\n",
                      {"mur.jpg": original, "schema.png": png_with_text()})
    built = build_project(root)
    images = published_images(built.site)
    names = sorted(p.relative_to(built.site).as_posix() for p in images)
    assert names == ["res/media/mur.300.webp", "res/media/mur.jpg",
                     "res/media/schema.200.webp", "res/media/schema.png"]
    for path in images:
        assert path.read_bytes() != original
        assert_no_metadata(path)
    for name in ("mur.jpg", "mur.300.webp"):
        with Image.open(built.site / "res/media" / name) as image:
            # Stored 400 x 300 with orientation 6: upright it is 300 x 400, the stored
            # top (red) on the right.
            assert image.size == (300, 400)
            assert is_red(colour_at(image, 0.8, 0.5)) and is_blue(colour_at(image, 0.2, 0.5))
    with Image.open(built.site / "res/media/schema.png") as image:
        assert image.mode == "RGB" and image.size == (200, 100)  # opaque alpha dropped


def test_a_phone_photo_is_published_at_four_widths_with_srcset(tmp_path):
    root = write_site(tmp_path / "p",
                      'Avant.\n\n![Le mur de post-it après l\'atelier](../media/mur.jpg "Le mur, '
                      'vendredi soir")\n\nAprès.\n',
                      {"mur.jpg": phone_jpeg((4032, 3024))})
    built = build_project(root)
    media = built.site / "res/media"
    sizes = {}
    for path in published_images(built.site):
        assert_no_metadata(path)
        with Image.open(path) as image:
            sizes[path.name] = (image.format, image.size)
    assert sizes == {
        "mur.480.jpg": ("JPEG", (480, 640)), "mur.720.jpg": ("JPEG", (720, 960)),
        "mur.960.jpg": ("JPEG", (960, 1280)), "mur.jpg": ("JPEG", (1600, 2133)),
        "mur.480.webp": ("WEBP", (480, 640)), "mur.720.webp": ("WEBP", (720, 960)),
        "mur.960.webp": ("WEBP", (960, 1280)),
        "mur.1600.webp": ("WEBP", (1600, 2133)),
    }
    with Image.open(media / "mur.jpg") as image:
        assert is_red(colour_at(image, 0.8, 0.5)) and is_blue(colour_at(image, 0.2, 0.5))
    html = built.html("res/semaine-1/jour-1/")
    figure = re.search(r"<figure class=\"journal-figure\">.*?</figure>", html, re.DOTALL)
    assert figure, html
    figure_html = figure.group(0)
    assert '<a class="journal-photo" href="../../media/mur.jpg">' in figure_html
    source = re.search(r"<picture><source [^>]*>", figure_html).group(0)
    sizes = ('sizes="(max-width: 30em) and (min-resolution: 2.5dppx) 60vw, (max-width: 30em) 80vw, '
             '(max-width: 60em) 100vw, 800px"')
    for attribute in ('type="image/webp"', sizes,
                      'srcset="../../media/mur.480.webp 480w, ../../media/mur.720.webp 720w, '
                      '../../media/mur.960.webp 960w, '
                      '../../media/mur.1600.webp 1600w"'):
        assert attribute in source, (attribute, source)
    img = re.search(r"<img [^>]*>", figure_html).group(0)
    for attribute in ('alt="Le mur de post-it après l\'atelier"', 'src="../../media/mur.jpg"',
                      'srcset="../../media/mur.480.jpg 480w, ../../media/mur.720.jpg 720w, '
                      '../../media/mur.960.jpg 960w, '
                      '../../media/mur.jpg 1600w"', 'width="1600"', 'height="2133"',
                      'loading="lazy"', 'decoding="async"'):
        assert attribute in img, (attribute, img)
    assert "title=" not in img
    assert re.search(r"<figcaption>Le mur, vendredi soir</figcaption>", figure_html)


def test_a_linked_or_inline_photo_keeps_its_place(tmp_path):
    """Inside a link, the photo opens that link; inside a sentence, no figure."""
    root = write_site(tmp_path / "p",
                      "[![Vignette du mur](../media/mur.jpg)](https://example.org/mur)\n\n"
                      'Voyez ![le mur](../media/mur.jpg "au mur") ici.\n',
                      {"mur.jpg": phone_jpeg((200, 100), orientation=1)})
    html = build_project(root).html("res/semaine-1/jour-1/")
    assert re.search(r'<a href="https://example.org/mur"><picture><source [^>]*><img alt="Vignette '
                     r'du mur"', html), html
    assert re.search(r'Voyez <a class="journal-photo" href="../../media/mur.jpg"><picture>'
                     r'<source [^>]*><img alt="le mur" [^>]*title="au mur"', html), html
    assert "<figure" not in html.split('class="md-content"', 1)[1]


# --- described ----------------------------------------------------------------------

def test_an_image_without_alt_text_is_a_problem_at_its_line(tmp_path):
    body = ("Premier paragraphe.\n\n"
            "![](../media/a.png)\n\n"  # body line 3
            "![](../media/b.png){alt=\"\"}\n\n"  # decorative, on purpose
            '<img src="../media/c.png">\n\n'  # line 7: raw HTML without alt
            '<img src="../media/d.png" alt="">\n\n'
            "![   ](https://example.org/x.png)\n")  # line 11
    files = {f"{A}/residence.yml": RESIDENCE_YML, DAY: entry(FRONT, body)}
    write_project(tmp_path, files)
    for name in "abcd":
        path = tmp_path / A / "media" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png_with_text((20, 10)))
    journal = load_journal(tmp_path, options=Options())
    # The front matter is 3 lines, then a blank line: the body starts at line 5.
    assert [(p.path, p.line, p.message) for p in journal.problems] == [
        (DAY, 7, say("image.no_alt", target="../media/a.png")),
        (DAY, 11, say("image.no_alt", target="../media/c.png")),
        (DAY, 15, say("image.no_alt", target="https://example.org/x.png")),
    ]
    assert 'image sans texte alternatif : décrivez-la, ou écrivez `alt=""` si elle est décorative' \
        in journal.problems[0].message


def test_a_decorative_image_is_published_without_a_link(tmp_path):
    root = write_site(tmp_path / "p", 'Texte.\n\n![](../media/frise.png){alt=""}\n',
                      {"frise.png": png_with_text((300, 20), mode="RGB")})
    html = build_project(root).html("res/semaine-1/jour-1/")
    assert '{alt=""}' not in html and "journal-photo" not in html
    assert re.search(r'<p><picture><source [^>]*><img alt="" [^>]*loading="lazy"', html), html


def test_check_reports_the_missing_description(tmp_path):
    from click.testing import CliRunner
    from residency_journal.cli import main

    root = write_site(tmp_path / "p", "Texte.\n\n![](../media/mur.jpg)\n", {"mur.jpg": phone_jpeg()})
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code != 0
    assert f"{DAY}:7: image sans texte alternatif" in result.output, result.output


# --- fast: cached -------------------------------------------------------------------

@pytest.mark.skipif(ENGINE != "mkdocs", reason="counts through the MkDocs plugin collection")
def test_a_second_build_encodes_nothing(tmp_path):
    root = write_site(tmp_path / "p", "![Le mur](../media/mur.jpg)\n\n![Le schéma](../media/s.png)\n",
                      {"mur.jpg": phone_jpeg(), "s.png": png_with_text()})
    assert build_counting(root, "site1") == 2
    assert (root / ".cache" / "journal-images").is_dir()
    assert build_counting(root, "site2") == 0
    for first, second in zip(published_images(root / "site1"), published_images(root / "site2"),
                             strict=True):
        assert first.name == second.name and first.read_bytes() == second.read_bytes()
    shutil.rmtree(root / ".cache")  # encoded again: the same bytes (deterministic output)
    assert build_counting(root, "site3") == 2
    for first, third in zip(published_images(root / "site1"), published_images(root / "site3"),
                            strict=True):
        assert first.name == third.name and first.read_bytes() == third.read_bytes()
    (root / A / "media" / "mur.jpg").write_bytes(phone_jpeg((300, 200)))
    assert build_counting(root, "site4") == 1


# --- any input ----------------------------------------------------------------------

def test_hostile_images_give_a_message_at_the_link(tmp_path):
    jpeg = phone_jpeg((300, 200))
    names = {
        "bruit.jpg": bytes(range(256)) * 8,
        "coupee.jpg": jpeg[: len(jpeg) // 2],
        "bombe.png": png_declaring(20_000, 20_000),
        "grande.png": png_declaring(12_000, 9_000),  # 108 million pixels: just over the limit
        "iphone.heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
        "iphone-renommee.jpg": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64,
        "scan.tif": encode(Image.new("RGB", (10, 10)), "TIFF"),
        "vide.png": b"",
    }
    body = "".join(f"![Photo {name}](../media/{name})\n\n" for name in names)
    root = write_site(tmp_path / "p", body, names)
    keys = ["image.broken", "image.broken", "image.too_big", "image.too_big", "image.heic",
            "image.heic", "image.unsupported", "image.broken"]
    copies = {"iphone.heic": "iphone.jpg", "iphone-renommee.jpg": "iphone-renommee-jpeg.jpg"}

    def said(key: str, name: str) -> str:
        jpeg = copies.get(name, "")
        return say(key, target=f"« ../media/{name} »", file=name, jpeg_name=jpeg,
                   jpeg_file=f"« {jpeg} »", jpeg=f"« ../media/{jpeg} »")

    expect = [f"{DAY}:{5 + 2 * i}: " + said(key, name)
              for i, (key, name) in enumerate(zip(keys, names, strict=True))]
    built = build_project(root, expect=expect)
    assert len(built.warnings) == len(names)
    assert published_images(built.site) == []
    html = built.html("res/semaine-1/jour-1/")
    assert "<p>Photo bruit.jpg</p>" in html  # the description stays, as text


def test_unusual_images_are_published_safely(tmp_path):
    cmyk = Image.new("CMYK", (120, 80), (0, 255, 255, 0))  # red in CMYK
    grey16 = Image.new("I;16", (64, 32), 32768)  # mid grey on 16 bits
    frames = [Image.new("P", (50, 40), i) for i in range(3)]
    frames[0].putpalette([255, 0, 0] + [0, 0, 255] * 255)
    palette = Image.new("P", (40, 40), 0)
    palette.putpalette([0, 0, 0, 255, 255, 255] + [0] * 762)
    palette.paste(1, (0, 0, 20, 40))
    media = {
        "cmyk.jpg": encode(cmyk, "JPEG"),
        "gris16.png": encode(grey16, "PNG"),
        "anime.gif": encode(frames[0], "GIF", save_all=True, append_images=frames[1:],
                            comment=b"secret comment"),
        "palette.png": encode(palette, "PNG", transparency=0),
        "photo.webp": encode(Image.new("RGB", (700, 500), (30, 30, 220)), "WEBP", exif=b"Exif\x00\x00"
                             + Image.Exif().tobytes()),
    }
    body = "".join(f"![Image {name}](../media/{name})\n\n" for name in media)
    built = build_project(write_site(tmp_path / "p", body, media))
    site = built.site / "res/media"
    for path in published_images(built.site):
        assert_no_metadata(path)
    with Image.open(site / "cmyk.jpg") as image:
        assert image.mode == "RGB" and is_red(colour_at(image, 0.5, 0.5))
    with Image.open(site / "gris16.png") as image:
        assert 100 < colour_at(image, 0.5, 0.5)[0] < 160  # scaled, not clipped to white
    with Image.open(site / "anime.gif") as image:
        assert getattr(image, "n_frames", 1) == 1 and is_red(colour_at(image, 0.5, 0.5))
    with Image.open(site / "palette.png") as image:
        assert image.mode == "RGBA"
        assert image.getpixel((5, 5))[3] == 255 and image.getpixel((35, 5))[3] == 0
    assert sorted(p.name for p in site.glob("photo*")) == ["photo.480.webp", "photo.webp"]
    with Image.open(site / "photo.webp") as image:
        assert image.size == (700, 500)


# --- everywhere ---------------------------------------------------------------------

def test_the_first_photo_is_shared_and_feeds_use_absolute_derived_urls(tmp_path):
    root = write_site(tmp_path / "p", "![Le mur de post-it](../media/mur.jpg)\n\n"
                      "![La salle](../media/salle.jpg)\n",
                      {"mur.jpg": phone_jpeg((1500, 1000), orientation=1),
                       "salle.jpg": phone_jpeg((300, 200), orientation=1)})
    built = build_project(root)
    html = built.html("res/semaine-1/jour-1/")
    assert '<meta property="og:image" content="https://example.org/res/media/mur.960.jpg">' in html
    assert '<meta property="og:image:width" content="960">' in html
    assert '<meta property="og:image:alt" content="Le mur de post-it">' in html
    assert html.count('property="og:image"') == 1
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["image"] == "https://example.org/res/media/mur.960.jpg"
    feed = (built.site / "res" / "feed.json").read_text(encoding="utf-8")
    content = json.loads(feed)["items"][0]["content_html"]
    assert "https://example.org/res/media/mur.480.webp 480w" in content
    assert 'src="https://example.org/res/media/mur.jpg"' in content
    assert "../" not in content
    livret = built.html("res/livret/")
    assert livret.count("<picture>") == 2 and "../media/mur.960.webp 960w" in livret


def test_the_preview_serves_the_derived_photos_and_follows_a_save(tmp_path):
    from residency_journal.preview.site import PreviewSite

    root = write_site(tmp_path / "p", "![Le mur](../media/mur.jpg)\n",
                      {"mur.jpg": phone_jpeg((300, 200), orientation=1)})
    preview = PreviewSite(str(root / "mkdocs.yml"), str(tmp_path / "preview"),
                          "http://127.0.0.1:8000/")
    try:
        preview.prepare()
        media = tmp_path / "preview" / "res" / "media"
        assert 'width="300"' in preview.page("res/semaine-1/jour-1/")
        with Image.open(media / "mur.jpg") as image:
            assert image.size == (300, 200)
        assert_no_metadata(media / "mur.jpg")
        time.sleep(0.01)
        (root / A / "media" / "mur.jpg").write_bytes(phone_jpeg((700, 500), orientation=1))
        preview.refresh()
        assert 'width="700"' in preview.page("res/semaine-1/jour-1/")
        with Image.open(media / "mur.jpg") as image:
            assert image.size == (700, 500)
        assert sorted(p.name for p in media.iterdir()) == [
            "mur.480.jpg", "mur.480.webp", "mur.700.webp", "mur.jpg"]
    finally:
        preview.remove()


@pytest.mark.skipif(ENGINE != "mkdocs", reason="counts through the MkDocs plugin collection")
def test_a_damaged_cache_entry_is_made_again(tmp_path):
    root = write_site(tmp_path / "p", "![Le mur](../media/mur.jpg)\n", {"mur.jpg": phone_jpeg()})
    assert build_counting(root, "site1") == 1
    cached = next((root / ".cache" / "journal-images").rglob("*.webp"))
    cached.unlink()
    assert build_counting(root, "site2") == 1
    assert (root / "site2" / "res" / "media" / "mur.300.webp").is_file()
