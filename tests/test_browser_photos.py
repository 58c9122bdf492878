"""Photos in a real browser at 390 px: what a day page with five phone photos weighs,
in total and on its first screen, and the shipped days with photos pass axe-core.

Needs Chromium and chromedriver (and axe-core for the accessibility test), see
tests/browser.py. Run alone with ``.venv/bin/python -m pytest -q tests/test_browser_photos.py``.
"""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import browser as web
import pytest
from browser import SLUG, cdp, describe, open_page, run_axe, serve, set_media, set_viewport
from conftest import RESIDENCE_YML, build_project, entry, write_project
from PIL import Image, ImageFilter

chromium, browser, axe_js, shipped_site = web.chromium, web.browser, web.axe_js, web.shipped_site

TOTAL_BUDGET = 1_500_000  # bytes transferred for the whole day page, scrolled to the end
FIRST_SCREEN_BUDGET = 300_000  # bytes transferred before any scrolling


def photo_like(seed: int, size: tuple[int, int] = (4032, 3024)) -> bytes:
    """A JPEG with the texture of a photograph (soft shapes, light, sensor grain): flat
    drawings compress far better than real photos and would flatter the budget."""
    rng = random.Random(seed)
    small = Image.new("RGB", (64, 48))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(64 * 48)])
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(20))
    # Grain coarse enough to survive resizing, as a real scene's detail does: about 2.3 MB
    # at 4032 x 3024 and 150 to 200 KB as WebP at 1600 px, as a real phone photo.
    grain = Image.effect_noise((size[0] // 2, size[1] // 2), 30).resize(size).convert("RGB")
    image = Image.blend(image, grain, 0.2)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest", "/")


def transferred(driver, site: Path, base: str) -> dict[str, int]:
    """Bytes the page loaded so far, by kind of resource (the document included), as a
    host that compresses text sends them: the test server sends files as they are, so
    each text file counts for its gzip size (level 6, what nginx and GitHub Pages use)."""
    entries = driver.execute_script("""
        return performance.getEntriesByType('navigation')
            .concat(performance.getEntriesByType('resource'))
            .map(e => [e.name, e.initiatorType || 'other', e.encodedBodySize || e.transferSize]);""")
    sizes: dict[str, int] = {}
    for url, kind, size in entries:
        path = url.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(base) and path.endswith(TEXT):
            file = site / path[len(base):]
            file = file / "index.html" if path.endswith("/") else file
            if file.is_file():
                size = len(gzip.compress(file.read_bytes(), 6))
        sizes[kind] = sizes.get(kind, 0) + size
    return sizes


def images_complete(driver) -> bool:
    return driver.execute_script(
        "return [...document.images].every(i => i.complete)")


@pytest.fixture(scope="module")
def five_photos(tmp_path_factory):
    root = tmp_path_factory.mktemp("five-photos") / "site"
    body = "Le récit du jour, en cinq photos.\n\n" + "".join(
        f"## Moment {n}\n\nUn paragraphe avant la photo {n}, pour que la page ait la longueur "
        f"d'un vrai récit, avec quelques phrases de plus.\n\n"
        f"![Photo {n} de la journée](../media/photo-{n}.jpg \"Légende {n}\")\n\n"
        for n in range(1, 6))
    write_project(root, {"journal/res/residence.yml": RESIDENCE_YML,
                         "journal/res/semaine-1/jour-1.md": entry("date: 2013-01-28\n", body)})
    for n in range(1, 6):
        path = root / "journal/res/media" / f"photo-{n}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(photo_like(n))
    built = build_project(root)
    with serve(built.site) as served:
        yield served


@pytest.mark.parametrize("scale", [1, 2, 3])
def test_a_day_with_five_photos_stays_light_at_390_px(chromium, five_photos, scale):
    """A 390 px screen at 1x, 2x and 3x (real phones): the whole page and its first
    screen within budget. The first screen counts what loads before any scrolling,
    which includes the lazy photos Chromium fetches ahead (up to 1250 px below the
    screen). A phone gets the 720 px files at 2x and 3x: at most two image pixels per
    CSS pixel."""
    cdp(chromium, "Network.enable")
    cdp(chromium, "Network.setCacheDisabled", cacheDisabled=True)
    try:
        set_media(chromium)
        cdp(chromium, "Emulation.setDeviceMetricsOverride", width=390, height=844,
            deviceScaleFactor=scale, mobile=True)
        open_page(chromium, five_photos.url("res/semaine-1/jour-1/"))
        web.wait_for(chromium, "return [...document.images].filter(i => i.loading !== 'lazy')"
                     ".every(i => i.complete)", "eager images")
        first = transferred(chromium, five_photos.site, five_photos.base)
        height = chromium.execute_script("return document.documentElement.scrollHeight")
        for y in range(0, height + 844, 400):  # scrolled to the end: every lazy photo loads
            chromium.execute_script(f"window.scrollTo(0, {y})")
            web.wait_for(chromium, "return [...document.images].filter(i => {"
                         "const r = i.getBoundingClientRect(); return r.bottom > 0 && "
                         "r.top < innerHeight}).every(i => i.complete)", "visible photos")
        web.wait_for(chromium, "return [...document.images].every(i => i.complete)", "photos")
        total = transferred(chromium, five_photos.site, five_photos.base)
        chosen = chromium.execute_script(
            "return [...document.querySelectorAll('picture img')].map(i => i.currentSrc)")
    finally:
        cdp(chromium, "Network.setCacheDisabled", cacheDisabled=False)
        set_viewport(chromium, 1280)
    print(f"\nscale {scale}: first screen {sum(first.values())} B {first}; "
          f"total {sum(total.values())} B {total}")
    assert len(chosen) == 5 and all(src.endswith(".webp") for src in chosen), chosen
    expected_width = "480" if scale == 1 else "720"
    assert all(f".{expected_width}.webp" in src for src in chosen), chosen
    assert sum(first.values()) <= FIRST_SCREEN_BUDGET, first
    assert sum(total.values()) <= TOTAL_BUDGET, total


def test_shipped_days_with_photos_pass_axe(browser, axe_js, shipped_site):
    for day in ("semaine-1/jour-1/", "semaine-1/jour-2/", "semaine-2/jour-1/"):
        for width in (1280, 390):
            set_viewport(browser, width)
            open_page(browser, shipped_site.url(f"{SLUG}/{day}"))
            assert browser.execute_script("return document.querySelectorAll('figure picture').length")
            violations = run_axe(browser, axe_js)
            assert not violations, f"{day} at {width} px:\n{describe(violations)}"


def test_the_photo_link_opens_the_largest_version_from_the_keyboard(browser, shipped_site):
    set_viewport(browser, 390)
    open_page(browser, shipped_site.url(f"{SLUG}/semaine-2/jour-1/"))
    link = browser.execute_script(
        "const a = document.querySelector('figure a.journal-photo');"
        "a.focus();"
        "return [a.getAttribute('href'), a.querySelector('img').alt, document.activeElement === a,"
        " a.querySelector('img').getBoundingClientRect().width]")
    href, alt, focused, shown_width = link
    assert href.endswith("media/mur-de-pistes.jpg") and alt.startswith("Le mur de pistes")
    assert focused and shown_width <= 390
