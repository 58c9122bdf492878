#!/usr/bin/env python3
"""Photo benchmark: the first build of a journal holding N phone photos, then a second.

Writes a project with one residency whose days show N phone-like JPEGs (4032 x 3024,
EXIF with GPS and orientation 6, about 2 MB each, every one different), then runs
``python -m mkdocs build`` twice in fresh subprocesses: the first derives every
photo (every width of photos.WIDTHS, WebP and JPEG, into ``.cache/journal-images/``), the second
finds them all in the cache. Prints wall and CPU seconds and peak RSS of each build (the photo-writing child
keeps the benchmark's own memory out of the builds' peak).

    .venv/bin/python benchmarks/photos.py [--photos 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

RESIDENCE = """\
title: Résidence photo
weeks:
  - start: 2013-01-28
    end: 2013-02-01
"""
MKDOCS = """\
site_name: Photos
site_url: https://example.org/
theme:
  name: material
  language: fr
  font: false
plugins:
  - journal
markdown_extensions:
  - attr_list
"""


def base_photos(count: int = 4, size: tuple[int, int] = (4032, 3024)) -> list[Image.Image]:
    """A few photo-like images (soft shapes and grain); each photo of the journal is one of
    them with a patch of its own, so that no two files are the same."""
    images = []
    for seed in range(count):
        rng = random.Random(seed)
        small = Image.new("RGB", (64, 48))
        small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                       for _ in range(64 * 48)])
        image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(20))
        grain = Image.effect_noise((size[0] // 2, size[1] // 2), 30).resize(size).convert("RGB")
        images.append(Image.blend(image, grain, 0.2))
    return images


def write_project(root: Path, photos: int) -> None:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    folder = root / "journal" / "photo"
    (folder / "media").mkdir(parents=True)
    (folder / "residence.yml").write_text(RESIDENCE, encoding="utf-8")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (45.0, 45.0, 12.5), 3: "E", 4: (4.0, 50.0, 1.0)}
    bases = base_photos()
    per_day = -(-photos // 5)
    for n in range(photos):
        image = bases[n % len(bases)].copy()
        image.paste((n * 37 % 256, n * 91 % 256, n * 53 % 256), (100, 100, 300, 300))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=90, exif=exif)
        (folder / "media" / f"photo-{n:03}.jpg").write_bytes(out.getvalue())
    for day in range(5):
        body = "".join(f"![Photo {n} du jour {day + 1}](../media/photo-{n:03}.jpg)\n\n"
                       for n in range(day * per_day, min(photos, (day + 1) * per_day)))
        path = folder / "semaine-1" / f"jour-{day + 1}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        date = ("2013-01-28", "2013-01-29", "2013-01-30", "2013-01-31", "2013-02-01")[day]
        path.write_text(f"---\ndate: {date}\n---\n\n{body}", encoding="utf-8")


def timed_build(root: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system: what a loaded machine changes least)
    and peak RSS (MB) of one `mkdocs build` in a fresh process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"],
                             cwd=root, env=env, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"build failed ({status})")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the project here and keep it")
    parser.add_argument("--write-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_only:
        write_project(args.write_only, args.photos)
        return
    root = args.keep or Path(tempfile.mkdtemp(prefix="journal-photos-")) / "project"
    try:
        started = time.perf_counter()
        # In a child: a build forked from a process that held the photos in memory would
        # report that process's peak RSS as its own.
        subprocess.run([sys.executable, __file__, "--photos", str(args.photos),
                        "--write-only", str(root)], check=True)
        size = sum(p.stat().st_size for p in (root / "journal").rglob("*.jpg")) / 1e6
        print(f"{args.photos} photos, {size:.0f} MB, written in {time.perf_counter() - started:.1f} s")
        for name in ("first build (encodes every photo)", "second build (cache)"):
            seconds, cpu, rss = timed_build(root)
            print(f"{name}: {seconds:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB")
        site = sum(p.stat().st_size for p in (root / "site").rglob("*")
                   if p.suffix in (".jpg", ".webp")) / 1e6
        print(f"published photos: {site:.1f} MB; CPU count {os.cpu_count()}, "
              f"load {os.getloadavg()[0]:.1f}")
    finally:
        if args.keep is None:
            shutil.rmtree(root.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
