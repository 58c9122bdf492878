"""Raster images (photos) of a journal: which files are photos, and whether one can be published.

A photo is never published as the resident dropped it: it is decoded, turned
upright, stripped of every metadata block and re-encoded (see
:mod:`residency_journal.photos`). So a photo that cannot be decoded safely cannot
be published at all, and the resident is told why at the link that uses it:
a file that is not an image, a truncated or corrupt one, an image so large that
decoding it would exhaust memory (a "decompression bomb": a few kilobytes that
declare 20,000 x 20,000 pixels), or an iPhone HEIC photo, which Pillow cannot
read without a decoder we do not ship: pillow-heif's wheels bundle the x265
encoder and are GPLv2 as a whole, and lack Python 3.10 in their current release;
its decode-only twin pi-heif is discontinued, its last wheels carrying a libheif
with known memory-safety flaws. The message for a HEIC photo says how to save a
JPEG copy of it instead, with the resident's own file names.

:func:`problem` decodes each photo once per process (cached by path, size and
modification time), JPEG at an eighth of its size (libjpeg decodes the reduced
image directly), so `journal check` sees a truncated file as the build does,
cheaply.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# Suffixes published as photos (re-encoded); the formats their content may have.
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # a multi-picture JPEG (MPO) opens as JPEG
# Formats a phone or a scanner may produce that we do not decode: the resident exports a JPEG.
UNSUPPORTED_SUFFIXES = (".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp", ".jxl", ".dng", ".raw")
# At most 100 million pixels (a 108-megapixel phone sensor is 12,000 x 9,000): beyond,
# decoding alone would take hundreds of megabytes. Pillow's own guard is set to this
# limit too, so no image larger than it is ever decoded (DecompressionBombError).
MAX_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def is_photo(name: str) -> bool:
    """Is a file of this name published as a re-encoded photo?"""
    return name.lower().endswith(PHOTO_SUFFIXES)


def is_unsupported_image(name: str) -> bool:
    return name.lower().endswith(UNSUPPORTED_SUFFIXES)


def problem(path: Path | str) -> str | None:
    """The message key saying why the photo at ``path`` cannot be published, or None."""
    try:
        stat = os.stat(path)
    except OSError:
        return "image.unreadable"
    return _problem(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=4096)
def _problem(path: str, size: int, mtime_ns: int) -> str | None:
    kind = _iso_media_kind(path)
    if path.lower().endswith((".heic", ".heif")) or kind == "heic":
        return "image.heic"
    if is_unsupported_image(path) or kind == "avif":
        return "image.unsupported"
    try:
        with open_image(path) as image:
            if image.width * image.height > MAX_PIXELS:
                return "image.too_big"
            if image.format in ("JPEG", "MPO"):
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except ImageTooBig:
        return "image.too_big"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError, MemoryError, IndexError, TypeError):
        # What Pillow raises on bytes it cannot make sense of: not an image, truncated,
        # corrupt chunks or markers.
        return "image.broken"
    return None


class ImageTooBig(Exception):
    """The image declares more than MAX_PIXELS pixels."""


def open_image(path: str | Path) -> Image.Image:
    """``Image.open`` limited to the formats we publish, with the size checked before
    any pixel is decoded (raises :class:`ImageTooBig`)."""
    with warnings.catch_warnings():
        # Pillow warns between MAX_IMAGE_PIXELS and twice that: a refusal here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path, formats=FORMATS)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise ImageTooBig() from error
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ImageTooBig()
    return image


def _iso_media_kind(path: str) -> str | None:
    """"heic" or "avif" for a file of the HEIF family, whatever its name says; else None."""
    try:
        with open(path, "rb") as file:
            head = file.read(12)
    except OSError:
        return None
    if head[4:8] != b"ftyp":
        return None
    if head[8:12] in (b"avif", b"avis"):
        return "avif"
    if head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc", b"hevx"):
        return "heic"
    return None
