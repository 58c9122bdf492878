#!/usr/bin/env python3
"""Index a built site with Pagefind's Python API and report time and file sizes.

    python tools/pagefind_spike/index_site.py SITE_DIR [--body-only] [--exclude SEL ...]

--body-only indexes only the elements marked ``data-pagefind-body``: the spike
adds that attribute to Material's article (``<article class="md-content__inner``)
in a copy-free way (rewrites the HTML files in place, as a template override
would produce them), so the navigation, header and footer are not indexed, and
pages without it (the residents' guide, if its template leaves the mark out) are
not indexed at all.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def mark_bodies(site: Path, skip: list[str]) -> int:
    """What a template override would do: data-pagefind-body on the article of pages
    that should be found; none on the pages in ``skip`` (site-relative prefixes)."""
    marked = 0
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if any(rel.startswith(prefix) for prefix in skip) or rel == "404.html":
            continue
        text = page.read_text(encoding="utf-8")
        new, n = ARTICLE.subn('<article data-pagefind-body class="md-content__inner md-typeset"',
                              text, count=1)
        if n:
            page.write_text(new, encoding="utf-8")
            marked += 1
    return marked


async def index(site: Path, exclude: list[str], glob: str | None = None) -> dict:
    config = IndexConfig(exclude_selectors=exclude or None)
    t0 = time.perf_counter()
    async with PagefindIndex(config=config) as pf:
        added = await pf.add_directory(str(site), glob=glob)
        await pf.write_files(output_path=str(site / "pagefind"))
    return {"index_s": round(time.perf_counter() - t0, 2), "pages": added}


def sizes(out: Path) -> dict:
    def total(pattern: str) -> tuple[int, int]:
        files = list(out.glob(pattern))
        return len(files), sum(f.stat().st_size for f in files)

    report = {}
    for label, pattern in [("entry", "pagefind-entry.json"), ("pagefind.js", "pagefind.js"),
                           ("wasm", "wasm.*.pagefind"), ("meta", "pagefind.*.pf_meta"),
                           ("index chunks", "index/*.pf_index"),
                           ("fragments", "fragment/*.pf_fragment"),
                           ("ui js+css", "pagefind-*ui*.*")]:
        n, size = total(pattern)
        report[label] = {"files": n, "bytes": size}
    entry = json.loads((out / "pagefind-entry.json").read_text())
    report["languages"] = entry.get("languages")
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", type=Path)
    ap.add_argument("--body-only", action="store_true")
    ap.add_argument("--skip", action="append", default=[],
                    help="site-relative prefix not to mark (with --body-only)")
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--glob", help="only these files, e.g. '*/semaine-*/jour-*/index.html'")
    args = ap.parse_args()
    result = {}
    if args.body_only:
        t0 = time.perf_counter()
        result["marked"] = mark_bodies(args.site, args.skip)
        result["mark_s"] = round(time.perf_counter() - t0, 2)
    result.update(asyncio.run(index(args.site, args.exclude, args.glob)))
    result["files"] = sizes(args.site / "pagefind")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
