#!/usr/bin/env python3
"""Write a project for the Pagefind spike: a synthetic corpus (or the shipped journal)
with the shipped mkdocs.yml, exactly as benchmarks/bench.py prepares its "project" variant.

    python tools/pagefind_spike/prepare.py OUT --entries 1000   # synthetic corpus
    python tools/pagefind_spike/prepare.py OUT --shipped        # the repo's own journal
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
import bench  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--shipped", action="store_true")
    args = ap.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    shipped = bench.SHIPPED_CONFIG.read_text(encoding="utf-8")
    if args.shipped:
        shutil.copytree(REPO / "journal", out / "journal", dirs_exist_ok=True)
        shutil.copytree(REPO / "docs", out / "docs", dirs_exist_ok=True)
        bench.prepare_common(shipped, out, "project")
        shutil.copytree(REPO / "docs", out / "docs", dirs_exist_ok=True)  # real home page
    else:
        bench.make_corpus(bench.DEFAULT_CORPUS_SCRIPT, out, args.entries)
        bench.prepare_common(shipped, out, "project")


if __name__ == "__main__":
    main()
