#!/usr/bin/env python3
"""Look at the site: screenshots of every page kind, light and dark, wide and narrow.

Builds the shipped journal (or the project given with --project) into a temporary
folder, serves it under /journal-de-residence/, and writes into OUTPUT:

- ``<kind>-<width>-<light|dark>.png``: full-page screenshots at 1280 and 390 px
  (site home, residency home, a day, actions, an action, visits, a visit,
  participants, a participant, verbatims, tags, 404, and search with results);
- ``<kind>.pdf``: the day, actions and action pages printed to A4 by Chromium.

Needs Chromium + chromedriver (``apt-get install chromium chromium-driver``) and
selenium (the ``test`` extra). Usage, from the repository root::

    .venv/bin/python tools/look.py /tmp/look
    .venv/bin/python tools/look.py /tmp/look --project path/to/site --width 390 --kind day
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import browser as web  # noqa: E402 (tests/browser.py: the same helpers as the browser tests)

PDF_KINDS = ("day", "actions", "action")
SEARCH_QUERY = "parité"


def build(project: Path, site: Path) -> None:
    """Build ``project`` into ``site`` with MkDocs; its warnings are printed, not fatal."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def first(site: Path, pattern: str) -> str | None:
    """The first page (sorted) whose folder matches ``pattern``, as a site path."""
    found = sorted(p.parent for p in site.glob(pattern + "/index.html"))
    return str(found[0].relative_to(site)) + "/" if found else None


def page_kinds(site: Path) -> dict[str, str]:
    """The shipped journal's pages when they exist, else the first of each kind found."""
    if all((site / path / "index.html").is_file() for kind, path in web.PAGES.items() if kind != "404"):
        return dict(web.PAGES)
    homes = sorted(p.parent.parent for p in site.glob("*/actions/index.html"))
    if not homes:
        return {"site-home": "", "404": web.PAGES["404"]}
    slug = homes[0].name
    kinds = {
        "site-home": "", "residency-home": f"{slug}/",
        "day": first(site, f"{slug}/semaine-*/jour-*"), "actions": f"{slug}/actions/",
        "action": first(site, f"{slug}/actions/*"), "visits": f"{slug}/visites/",
        "visit": first(site, f"{slug}/visites/*"), "participants": f"{slug}/participants/",
        "participant": first(site, f"{slug}/participants/*"), "verbatims": f"{slug}/verbatims/",
        "tags": "tags/", "livret": f"{slug}/livret/", "accessibility": "accessibilite/",
        "legal": "mentions-legales/", "404": web.PAGES["404"],
    }
    return {k: v for k, v in kinds.items() if v is not None and (k == "404" or (site / v).is_dir())}


def shoot(driver, served: web.Served, kinds: dict[str, str], out: Path, widths: list[int],
          query: str = SEARCH_QUERY) -> list[Path]:
    written = []
    for width in widths:
        for scheme in ("light", "dark"):
            web.set_viewport(driver, width)
            web.set_media(driver, dark=scheme == "dark")
            for kind, path in kinds.items():
                web.open_page(driver, served.url(path))
                written.append(web.screenshot(driver, out / f"{kind}-{width}-{scheme}.png"))
            if "search" in kinds or not kinds:
                continue
            web.open_page(driver, served.url(kinds.get("day", "")))
            try:
                web.open_search(driver, query)
            except AssertionError as error:
                print(f"search: {error}", file=sys.stderr)
            written.append(web.screenshot(driver, out / f"search-{width}-{scheme}.png", full_page=False))
    web.set_viewport(driver, 1280)
    web.set_media(driver)
    for kind in PDF_KINDS:
        if kind in kinds:
            web.open_page(driver, served.url(kinds[kind]))
            pdf = out / f"{kind}.pdf"
            pdf.write_bytes(web.print_pdf(driver))
            written.append(pdf)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="folder for the PNG and PDF files")
    parser.add_argument("--project", type=Path, default=None,
                        help="a site folder with mkdocs.yml (default: the shipped journal)")
    parser.add_argument("--width", type=int, action="append", help="viewport width (default 1280, 390)")
    parser.add_argument("--kind", action="append", help="only these page kinds (default: all)")
    parser.add_argument("--search-query", default=SEARCH_QUERY, help="typed for the search screenshots")
    args = parser.parse_args(argv)
    if web.chromium_paths() is None:
        print(f"Chromium or chromedriver not found: {web.INSTALL_CHROMIUM}", file=sys.stderr)
        return 2
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="journal-look-") as tmp:
        project = Path(tmp) / "project"
        if args.project:
            shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("site", ".git"))
        else:
            web.copy_shipped(project)
        start = time.monotonic()
        build(project, project / "site")
        print(f"built in {time.monotonic() - start:.1f} s")
        kinds = page_kinds(project / "site")
        if args.kind:
            kinds = {k: v for k, v in kinds.items() if k in args.kind}
        driver = web.start_chromium()
        try:
            with web.serve(project / "site") as served:
                written = shoot(driver, served, kinds, args.output, args.width or [1280, 390],
                                args.search_query)
        finally:
            web.stop_chromium(driver)
    print(f"{len(written)} files in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
