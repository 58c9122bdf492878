"""Photos as published: re-encoded without metadata, upright, at a few widths, cached.

A photo linked from a published entry (see :mod:`.model.links`, :mod:`.model.images`)
is never copied as it is. It is decoded, turned upright (its EXIF orientation
applied to the pixels), converted to sRGB, and written again without any
metadata block (no EXIF, GPS, XMP, IPTC, maker notes, comments, ICC profile):

- at its own address (``media/mur.jpg``), in its own format, at the largest
  published width: what a plain link to the photo opens;
- at each smaller width of :data:`WIDTHS` (``media/mur.480.jpg``), never wider
  than the original;
- as WebP at every width (``media/mur.480.webp``), the modern format browsers
  pick first; the JPEG, PNG or GIF versions are the fallback.

Deriving is the slow part of a build, so every result is cached in the project's
``.cache/journal-images/`` (outside ``site/``), under the hash of the source's
bytes and of the options: a second build, or ``mkdocs serve`` after a save,
re-encodes nothing that did not change. :attr:`Photos.encoded` counts the photos
actually encoded.

:class:`PhotoExtension` (Python-Markdown) then writes each ``<img>`` of such a
photo as ``<picture>`` with ``srcset``/``sizes``, ``width``/``height``,
``loading="lazy"`` and ``decoding="async"``, inside a link to the largest
version; a Markdown image title becomes a ``figure``/``figcaption``.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import tempfile
import threading
import xml.etree.ElementTree as etree
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from PIL import Image, ImageCms, ImageOps

from .french import typographie
from .model.images import ImageTooBig, open_image

WIDTHS = (480, 720, 960, 1600)
# Everything that changes the bytes written: part of the cache key.
OPTIONS = {"widths": WIDTHS, "jpeg": 82, "webp": 78, "version": 2}
# The content column is at most about 800 CSS pixels wide; narrower screens show a
# photo across the whole width. On a phone (up to 30em) the slot is said to be 80 % of
# the width, and 60 % on a screen of 2.5 device pixels per CSS pixel or more: a phone
# gets at most about two image pixels per CSS pixel (the 720 px file at 2x and at 3x).
# Beyond 2x nobody sees a difference in a photo at arm's length, but a 960 px file
# weighs twice a 720 px one: at 3x the first screen of a day with photos would weigh
# half as much again. ``width``/``height`` set the layout, so ``sizes`` only picks.
SIZES = ("(max-width: 30em) and (min-resolution: 2.5dppx) 60vw, (max-width: 30em) 80vw, "
         "(max-width: 60em) 100vw, 800px")
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Variant:
    uri: str  # where it is published
    path: str  # the cached file
    width: int
    height: int
    format: str  # JPEG, PNG, GIF or WEBP


@dataclass
class Photo:
    uri: str  # the original's address: its largest version is published there
    fallback: list[Variant]  # by width; the last one is at ``uri``
    webp: list[Variant] = field(default_factory=list)  # by width; empty for a WebP source

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]

    def variants(self) -> list[Variant]:
        return [*self.fallback, *self.webp]


class Photos:
    """The derived photos of a site: made (or found in the cache) once per source."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir or Path(".cache/journal-images")
        self.by_uri: dict[str, Photo] = {}  # the published photos of this build, by address
        self.encoded = 0  # photos actually encoded (not found in the cache), since start
        self.page_url = ""  # the page being rendered (set by the plugin before each page)
        self.first: dict[str, tuple[Photo, str]] = {}  # page URL -> its first photo, its alt
        # path -> (size, mtime_ns, content key): a save that changed nothing is not hashed again
        self._keys: dict[str, tuple[int, int, str]] = {}
        self._lock = threading.Lock()

    def start_build(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.by_uri = {}
        self.first = {}

    def shared(self, page_url: str, site_url: str) -> dict[str, object] | None:
        """The image that stands for a page where it is shared (og:image, JSON-LD): its
        first photo, as the JPEG or PNG version closest to 1200 px wide (link previews
        do not all read WebP), with an absolute URL when the site has one."""
        known = self.first.get(page_url)
        if known is None:
            return None
        photo, alt = known
        version = min(photo.fallback, key=lambda v: abs(v.width - 1200))
        base = site_url.rstrip("/") + "/" if site_url else "/"
        return {"url": base + quote(version.uri), "width": version.width, "height": version.height,
                "alt": alt, "type": MIME[version.format]}

    def prepare(self, items: Iterable[tuple[str, str]]) -> None:
        """Derive the photos (uri, path) missing from the cache, several at a time: Pillow
        decodes, resizes and encodes without holding the interpreter, so a first build
        uses every core. Errors are left for :meth:`publish` to raise, one photo at a time."""
        todo = [(uri, path) for uri, path in items if not self._cached(path)]
        workers = min(4, os.cpu_count() or 1, len(todo))
        if workers < 2:
            return

        def derive(item: tuple[str, str]) -> None:
            try:
                self.publish(*item)
            except Exception:  # noqa: BLE001 (reported when publish() is called again)
                return

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="journal-photo") as pool:
            list(pool.map(derive, todo))

    def _cached(self, path: str) -> bool:
        try:
            key = self._key(path)
        except OSError:
            return True  # nothing to prepare; publish() reports it
        return _cached_photo("photo.jpg", self.cache_dir / key[:2] / key) is not None

    def publish(self, uri: str, path: str) -> Photo:
        """The derived versions of the photo ``path``, published at ``uri`` and beside it.

        Raises ``OSError`` or Pillow's errors if the file changed since the model
        checked it and can no longer be decoded."""
        key = self._key(path)
        folder = self.cache_dir / key[:2] / key
        photo = _cached_photo(uri, folder)
        if photo is None:
            shutil.rmtree(folder, ignore_errors=True)  # an incomplete or damaged cache entry
            self._derive(path, folder, Path(uri).suffix.lower())
            with self._lock:
                self.encoded += 1
            photo = _photo(uri, folder, json.loads((folder / "manifest.json").read_text("utf-8")))
        self.by_uri[uri] = photo
        return photo

    def _key(self, path: str) -> str:
        stat = os.stat(path)
        known = self._keys.get(path)
        if known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns):
            return known[2]
        digest = hashlib.sha256(json.dumps(OPTIONS, sort_keys=True).encode())
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
        key = digest.hexdigest()
        self._keys[path] = (stat.st_size, stat.st_mtime_ns, key)
        return key

    def _derive(self, path: str, folder: Path, suffix: str) -> None:
        """Encode every version into ``folder`` (made whole, then moved in place)."""
        fallback_format = _FORMATS.get(suffix, "JPEG")
        image = _upright(path, max(WIDTHS))
        width, height = image.size
        top = min(width, max(WIDTHS))  # never wider than the original
        widths = [w for w in WIDTHS if w < top] + [top]
        formats = [fallback_format] + (["WEBP"] if fallback_format != "WEBP" else [])
        entries = []
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            # Widest first, each from the one before: resizing the full photo three times
            # would cost more than all the encoding.
            resized = image
            for w in sorted(widths, reverse=True):
                h = max(1, round(height * w / width))
                if resized.width != w:
                    resized = resized.resize((w, h), Image.Resampling.LANCZOS)
                for fmt in formats:
                    name = f"{w}.{fmt.lower()}"
                    (work / name).write_bytes(_encode(resized, fmt))
                    entries.append({"name": name, "width": w, "height": h, "format": fmt})
            (work / "manifest.json").write_text(json.dumps({"variants": entries}), encoding="utf-8")
            try:
                work.rename(folder)
            except OSError:  # made meanwhile by another build: theirs is the same
                shutil.rmtree(work, ignore_errors=True)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)


def _cached_photo(uri: str, folder: Path) -> Photo | None:
    """The photo as the cache holds it, if every file of it is there."""
    try:
        photo = _photo(uri, folder, json.loads((folder / "manifest.json").read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return photo if all(os.path.isfile(v.path) for v in photo.variants()) else None


def _photo(uri: str, folder: Path, manifest: dict) -> Photo:
    stem, suffix = posixpath.splitext(uri)
    fallback: list[Variant] = []
    webp: list[Variant] = []
    variants = sorted(manifest["variants"], key=lambda v: v["width"])
    largest = max(v["width"] for v in variants)
    for v in variants:
        if v["format"] == "WEBP" and suffix.lower() != ".webp":
            target = webp
            name = f"{stem}.{v['width']}.webp"
        else:
            target = fallback
            name = uri if v["width"] == largest else f"{stem}.{v['width']}{suffix}"
        target.append(Variant(name, str(folder / v["name"]), v["width"], v["height"], v["format"]))
    return Photo(uri, fallback, webp)


def _upright(path: str, max_width: int) -> Image.Image:
    """The photo's first frame, orientation applied, in sRGB, as RGB or RGBA, no metadata,
    at most about twice ``max_width`` wide (JPEG is decoded reduced when that is enough)."""
    with open_image(path) as source:
        orientation = source.getexif().get(0x0112, 1)
        if source.format in ("JPEG", "MPO"):
            rotated = orientation in (5, 6, 7, 8)
            upright_width = source.height if rotated else source.width
            if upright_width > max_width:
                scale = max_width / upright_width
                source.draft("RGB", (int(source.width * scale) + 1, int(source.height * scale) + 1))
        source.load()
        image = ImageOps.exif_transpose(source) or source.copy()
        icc = source.info.get("icc_profile")
    image = _srgb(image, icc)
    image = _plain_mode(image)
    image.info = {}
    return image


def _srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Pixels converted from the embedded colour profile to sRGB (what browsers assume
    of an image without one); an unreadable profile is ignored."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is transparent: what WebP, JPEG and PNG all take."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scaled to 8 bits (a plain convert would clip to white).
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in ("P", "PA", "LA", "La", "RGBa", "RGBA") or "transparency" in image.info:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _encode(image: Image.Image, fmt: str) -> bytes:
    """``image`` written as ``fmt``, with nothing but pixels: no ``exif``, ``icc_profile``,
    ``comment`` or text chunk is passed, and ``info`` (which some encoders read) is empty."""
    image.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode == "RGBA":  # a PNG named .jpg: flattened on white
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=OPTIONS["jpeg"], optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=OPTIONS["webp"], method=4)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=False, compress_level=9)
    else:
        image.save(out, "GIF")
    return out.getvalue()


# --- the <img> of a photo, in rendered Markdown ---------------------------------------

class PhotoTreeprocessor(Treeprocessor):
    """Each ``<img>`` of a published photo becomes a described, light ``<picture>``.

    Runs after MkDocs' own ``relpath`` processor (priority 0), so ``src`` is already
    the URL relative to the page being rendered (``Photos.page_url``)."""

    def __init__(self, md: Markdown, photos: Photos) -> None:
        super().__init__(md)
        self.photos = photos

    def run(self, root: etree.Element) -> None:
        if not self.photos.by_uri:
            return
        page_url = self.photos.page_url
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            src = img.get("src") or ""
            if not src or "://" in src or src.startswith(("/", "#", "data:")):
                continue
            path = src.split("#", 1)[0].split("?", 1)[0]
            photo = self.photos.by_uri.get(posixpath.normpath(posixpath.join(base, unquote(path))))
            if photo is not None and img in parents:
                self._rewrite(img, photo, parents, base)

    def _rewrite(self, img: etree.Element, photo: Photo, parents: dict, base: str) -> None:
        def url(uri: str) -> str:
            return quote(posixpath.relpath(uri, base.rstrip("/") or "."))

        def srcset(variants: list[Variant]) -> str:
            return ", ".join(f"{url(v.uri)} {v.width}w" for v in variants)

        picture = etree.Element("picture")
        if photo.webp:
            etree.SubElement(picture, "source", {"type": "image/webp", "srcset": srcset(photo.webp),
                                                 "sizes": SIZES})
        largest = photo.largest
        caption = img.attrib.pop("title", None)
        img.set("src", url(largest.uri))
        img.set("srcset", srcset(photo.fallback))
        img.set("sizes", SIZES)
        img.set("width", str(largest.width))
        img.set("height", str(largest.height))
        img.set("loading", "lazy")
        img.set("decoding", "async")
        parent = parents[img]
        index = list(parent).index(img)
        picture.tail, img.tail = img.tail, None
        picture.append(img)
        outer = picture
        if parent.tag != "a" and (img.get("alt") or "").strip():
            # A plain link opens the largest version: keyboard and screen readers know it.
            outer = etree.Element("a", {"href": url(largest.uri), "class": "journal-photo"})
            outer.tail, picture.tail = picture.tail, None
            outer.append(picture)
        parent[index] = outer
        self.photos.first.setdefault(self.photos.page_url, (photo, img.get("alt") or ""))
        if caption:
            holder = parent if parent.tag != "a" else parents.get(parent)
            alone = outer if parent.tag != "a" else parent
            if holder is not None and holder.tag == "p" and list(holder) == [alone] \
                    and not (holder.text or "").strip() and not (alone.tail or "").strip():
                holder.tag = "figure"
                holder.set("class", "journal-figure")
                etree.SubElement(holder, "figcaption").text = typographie(caption)
            else:
                img.set("title", caption)


class PhotoExtension(Extension):
    """Registered by the plugin as ``residency_journal.photos``, with the build's
    :class:`Photos` as its ``photos`` option (``mdx_configs``)."""

    def __init__(self, **kwargs) -> None:
        self.config = {"photos": ["", "the Photos of the build"]}  # not None: it would become a bool
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        photos = self.getConfig("photos")
        if isinstance(photos, Photos):
            md.treeprocessors.register(PhotoTreeprocessor(md, photos), "journal_photos", -10)


def makeExtension(**kwargs) -> PhotoExtension:  # noqa: N802 (Python-Markdown's entry point)
    return PhotoExtension(**kwargs)


def add_photo(photos: Photos, files: Files, config: MkDocsConfig, uri: str, path: str) -> bool:
    """Add the derived versions of the photo ``path`` to ``files`` (never the original).
    False if it could not be decoded after all (changed since the model checked it)."""
    try:
        photo = photos.publish(uri, path)
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, MemoryError,
            ImageTooBig):
        return False
    for variant in photo.variants():
        if files.get_file_from_path(variant.uri) is None:
            files.append(File.generated(config, variant.uri, abs_src_path=variant.path))
    return True
