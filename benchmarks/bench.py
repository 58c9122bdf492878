#!/usr/bin/env python3
"""Build-time benchmark: the project's site vs. the same entries on plain Material.

For each corpus size N, write a synthetic journal with
``benchmarks/make_corpus.py`` and build it twice, each build in a fresh
``python -m mkdocs build`` subprocess:

* project -- the corpus directory with the project's own mkdocs.yml (read at
  run time; only ``docs_dir`` changes, to a docs/ holding a minimal index.md),
  so the ``journal`` plugin reads ``<dir>/journal/``;
* plain   -- the same day entries copied as plain Markdown into docs/ (front
  matter kept), built with the same theme and markdown_extensions and only the
  ``search`` plugin (same options), no journal plugin;
* bare    -- project with the journal's feeds, open data and search off: what
  feeds, open data and search add to the build is project over bare (budget: +15 % at N=1000);
* msearch -- bare plus Material's search plugin (the site's search before Pagefind).

``--search-bytes`` then serves the largest project site and counts, in headless
Chromium, the bytes fetched for search on page load and for a first query
(benchmarks/search_bytes.py; budget: 150 KiB at N=1000, JS counted gzipped).
The machine is shared: one build per variant is noisy (+-10 %), compare
``--repeat`` medians or interleaved builds before trusting a few per cent.

Wall time is measured around the child; peak RSS and CPU time come from the
child's own rusage (``os.wait4``). Pages are the ``index.html`` files under
site/. Then the project's goals are checked:

* project time / plain time at N=1000 <= 2.0
* project ms/page <= 0.4 x plain ms/page (at every size)
* project ms/page at N=1000 / at N=100 <= 1.3

Standard library only; POSIX only (``os.wait4``, ``resource``). Usage::

    .venv/bin/python benchmarks/bench.py [--sizes 100,300,1000] [--repeat K]
        [--keep DIR] [--json PATH] [--check] [--corpus-script PATH]
        [--timeout SECONDS]

Exits 0 whatever the results, unless ``--check``: then 1 if a goal failed or
a build failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_SCRIPT = Path(__file__).resolve().parent / "make_corpus.py"
SHIPPED_CONFIG = REPO / "mkdocs.yml"

VARIANTS = ("project", "bare", "msearch", "plain")
# bare: the project without feeds, open data and search, to measure their cost;
# msearch: bare + Material's search plugin (what the site used before Pagefind).
JOURNAL_OFF = "      feeds: false\n      open_data: false\n      search: false\n"
GOAL_TIME_RATIO = 2.0  # project time / plain time, at N=1000
GOAL_PAGE_RATIO = 0.4  # project ms/page / plain ms/page, at every N
GOAL_SCALING = 1.3  # project ms/page at N=1000 / at N=100
GOAL_LARGE_N, GOAL_SMALL_N = 1000, 100

INDEX_MD = "# Benchmark\n\nPage d'accueil minimale du banc d'essai.\n"


# --------------------------------------------------------------------------- config

def top_level_blocks(text: str) -> list[tuple[str | None, str]]:
    """Split a YAML document into its top-level entries, textually.

    Returns ``(key, text)`` pairs whose texts concatenate back to ``text``: a
    block starts at a line beginning in column 0 with ``key:`` and runs until
    the next such line. Comments and blank lines before a key belong to the
    previous block (key ``None`` for a leading one). No YAML parser needed
    (standard library only), which is enough for a hand-written mkdocs.yml.
    """
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.splitlines(keepends=True):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m:
            blocks.append((m.group(1), []))
        blocks[-1][1].append(line)
    return [(k, "".join(lines)) for k, lines in blocks if lines]


def replace_block(blocks, key: str, new_text: str | None):
    """Replace (or drop, if ``new_text`` is None) the top-level ``key``; add it if absent."""
    out, found = [], False
    for k, text in blocks:
        if k == key:
            found = True
            if new_text is not None:
                out.append((k, new_text))
        else:
            out.append((k, text))
    if not found and new_text is not None:
        out.append((key, new_text))
    return out


def search_plugin_block(plugins_text: str) -> str:
    """The ``plugins:`` block reduced to its ``search`` item (with its options)."""
    lines = plugins_text.splitlines(keepends=True)
    item_re = re.compile(r"(\s*)-\s*(\S[^:\n]*?)\s*(:|$)")
    keep: list[str] = []
    indent = None
    inside = False
    for line in lines[1:]:
        m = item_re.match(line)
        if m and (indent is None or len(m.group(1)) == indent):
            indent = len(m.group(1))
            inside = m.group(2).strip("'\"") == "search"
        elif m is None and line.strip() and not line.startswith(" "):
            inside = False
        if inside:
            keep.append(line)
    if not keep:
        return "plugins:\n  - search\n"
    return "plugins:\n" + "".join(keep).rstrip("\n") + "\n"


def custom_dir_of(text: str) -> str | None:
    m = re.search(r"^\s+custom_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(#.*)?$", text, re.M)
    return m.group(1) if m else None


def write_config(shipped: str, dest: Path, variant: str) -> None:
    blocks = top_level_blocks(shipped)
    blocks = replace_block(blocks, "docs_dir", "docs_dir: docs\n")
    blocks = replace_block(blocks, "site_dir", None)  # given with -d
    if variant == "plain":
        plugins = next((t for k, t in blocks if k == "plugins"), "plugins:\n  - search\n")
        blocks = replace_block(blocks, "plugins", search_plugin_block(plugins))
        blocks = replace_block(blocks, "nav", None)  # the shipped nav names other pages
    text = "".join(t if t.endswith("\n") else t + "\n" for _, t in blocks)
    if variant in ("bare", "msearch"):
        if "  - journal:\n" not in text:
            raise SystemExit("bench: the project's mkdocs.yml has no `  - journal:` block")
        text = text.replace("  - journal:\n", "  - journal:\n" + JOURNAL_OFF, 1)
    if variant == "msearch":
        text = text.replace("plugins:\n", "plugins:\n  - search:\n      lang: fr\n", 1)
    header = (f"# Generated by benchmarks/bench.py from {SHIPPED_CONFIG} "
              f"({variant} variant).\n")
    (dest / "mkdocs.yml").write_text(header + text, encoding="utf-8")


def prepare_common(shipped: str, dest: Path, variant: str) -> None:
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    (dest / "docs" / "index.md").write_text(INDEX_MD, encoding="utf-8")
    custom = custom_dir_of(shipped)
    if custom:
        src = REPO / custom
        target = dest / custom
        if target.exists():
            shutil.rmtree(target)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            target.mkdir(parents=True)
    write_config(shipped, dest, variant)


def make_corpus(script: Path, out: Path, n: int) -> None:
    cmd = [sys.executable, str(script), str(out), "--entries", str(n)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"make_corpus failed ({res.returncode}): {' '.join(cmd)}\n"
                         f"{res.stdout}{res.stderr}")


def copy_entries_as_docs(corpus: Path, plain: Path) -> int:
    """Copy journal/<residency>/**/*.md to plain/docs/<residency>/**/*.md."""
    journal = corpus / "journal"
    count = 0
    for md in sorted(journal.rglob("*.md")):
        target = plain / "docs" / md.relative_to(journal)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(md, target)
        count += 1
    return count


# --------------------------------------------------------------------------- builds

def maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html")) if site.is_dir() else 0


def build(project_dir: Path, timeout: float, log_path: Path) -> dict:
    """One fresh ``mkdocs build`` subprocess; wall time, child rusage, pages written."""
    site = project_dir / "site"
    if site.exists():
        shutil.rmtree(site)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q",
           "-f", str(project_dir / "mkdocs.yml"), "-d", str(site)]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    timed_out = threading.Event()
    with open(log_path, "wb") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=project_dir, stdin=subprocess.DEVNULL)

        def kill():
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            # wait4 gives this child's own rusage (RUSAGE_CHILDREN would only give
            # the maximum over every child so far).
            _, status, ru = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped
    output = log_path.read_text(encoding="utf-8", errors="replace")
    pages = count_pages(site)
    ok = proc.returncode == 0 and not timed_out.is_set()
    return {
        "ok": ok,
        "returncode": proc.returncode,
        "timed_out": timed_out.is_set(),
        "wall_s": wall,
        "cpu_s": ru.ru_utime + ru.ru_stime,
        "peak_rss_mb": maxrss_mb(ru.ru_maxrss),
        "pages": pages,
        "ms_per_page": (wall * 1000 / pages) if pages else None,
        "output": output,
        "command": cmd,
    }


def summarize(runs: list[dict]) -> dict:
    good = [r for r in runs if r["ok"]]
    if not good:
        last = runs[-1]
        return {"ok": False, "runs": len(runs), "error": error_text(last),
                "returncode": last["returncode"], "timed_out": last["timed_out"]}
    med = statistics.median
    wall = med(r["wall_s"] for r in good)
    pages = good[0]["pages"]
    return {
        "ok": len(good) == len(runs),
        "runs": len(runs),
        "failed_runs": len(runs) - len(good),
        "wall_s": wall,
        "wall_s_all": [r["wall_s"] for r in runs],
        "cpu_s": med(r["cpu_s"] for r in good),
        "peak_rss_mb": med(r["peak_rss_mb"] for r in good),
        "pages": pages,
        "ms_per_page": wall * 1000 / pages if pages else None,
        **({} if len(good) == len(runs) else {"error": error_text(
            next(r for r in runs if not r["ok"]))}),
    }


def error_text(run: dict) -> str:
    why = ("timed out" if run["timed_out"]
           else f"exit status {run['returncode']}")
    return f"{' '.join(run['command'])}: {why}\n{run['output'].rstrip()}"


# --------------------------------------------------------------------------- report

def fmt(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def print_table(n: int, results: dict) -> None:
    print(f"\nN = {n} entries")
    head = (f"  {'variant':<8} {'wall (s)':>9} {'cpu (s)':>8} {'peak RSS (MB)':>14} "
            f"{'pages':>6} {'ms/page':>8}")
    print(head)
    print("  " + "-" * (len(head) - 2))
    for variant in VARIANTS:
        r = results[variant]
        if not r.get("wall_s"):
            print(f"  {variant:<8} BUILD FAILED")
            continue
        print(f"  {variant:<8} {r['wall_s']:>9.2f} {r['cpu_s']:>8.2f} "
              f"{r['peak_rss_mb']:>14.1f} {r['pages']:>6d} {fmt(r['ms_per_page'], '8.1f'):>8}")
    for variant in VARIANTS:
        if results[variant].get("error"):
            print(f"\n  {variant} build error (verbatim):")
            for line in results[variant]["error"].splitlines():
                print(f"    {line}")


def metric(results_by_n, n, variant, key):
    r = results_by_n.get(n, {}).get(variant, {})
    return r.get(key) if r.get("wall_s") else None


def check_goals(results_by_n: dict[int, dict]) -> list[dict]:
    sizes = sorted(results_by_n)
    goals = []

    # 1. project time / plain time (goal checked at N=1000, ratio shown for every N).
    ratios = {}
    for n in sizes:
        p, q = metric(results_by_n, n, "project", "wall_s"), metric(results_by_n, n, "plain", "wall_s")
        ratios[n] = p / q if p is not None and q else None
    at = GOAL_LARGE_N if GOAL_LARGE_N in sizes else sizes[-1]
    value = ratios[at]
    goals.append({
        "goal": f"project time / plain time at N={at} <= {GOAL_TIME_RATIO}"
                + ("" if at == GOAL_LARGE_N else f" (goal is defined at N={GOAL_LARGE_N})"),
        "detail": {str(n): ratios[n] for n in sizes},
        "value": value,
        "status": "ERROR" if value is None else ("PASS" if value <= GOAL_TIME_RATIO else "FAIL"),
    })

    # 2. project ms/page <= GOAL_PAGE_RATIO x plain ms/page, at every size.
    for n in sizes:
        p = metric(results_by_n, n, "project", "ms_per_page")
        q = metric(results_by_n, n, "plain", "ms_per_page")
        value = p / q if p is not None and q else None
        goals.append({
            "goal": f"project ms/page <= {GOAL_PAGE_RATIO} x plain ms/page at N={n}",
            "detail": {"project_ms_per_page": p, "plain_ms_per_page": q},
            "value": value,
            "status": "ERROR" if value is None else ("PASS" if value <= GOAL_PAGE_RATIO else "FAIL"),
        })

    # 3. scaling: project ms/page at the largest N / at the smallest N.
    hi = GOAL_LARGE_N if GOAL_LARGE_N in sizes else sizes[-1]
    lo = GOAL_SMALL_N if GOAL_SMALL_N in sizes else sizes[0]
    if hi == lo:
        goals.append({"goal": f"project ms/page at N={GOAL_LARGE_N} / at N={GOAL_SMALL_N} "
                              f"<= {GOAL_SCALING}", "detail": "needs two sizes",
                      "value": None, "status": "SKIP"})
    else:
        p_hi = metric(results_by_n, hi, "project", "ms_per_page")
        p_lo = metric(results_by_n, lo, "project", "ms_per_page")
        value = p_hi / p_lo if p_hi is not None and p_lo else None
        goals.append({
            "goal": f"project ms/page at N={hi} / at N={lo} <= {GOAL_SCALING}",
            "detail": {f"N={hi}": p_hi, f"N={lo}": p_lo},
            "value": value,
            "status": "ERROR" if value is None else ("PASS" if value <= GOAL_SCALING else "FAIL"),
        })
    return goals


def print_goals(goals: list[dict]) -> None:
    print("\nGoals")
    first = goals[0]
    ratios = ", ".join(f"N={n}: {fmt(v, '.2f')}" for n, v in first["detail"].items())
    print(f"  project time / plain time: {ratios}")
    for g in goals:
        value = fmt(g["value"], ".2f", "n/a")
        extra = ""
        if isinstance(g["detail"], dict) and "project_ms_per_page" in g["detail"]:
            d = g["detail"]
            extra = (f"  (project {fmt(d['project_ms_per_page'], '.1f')} ms/page, "
                     f"plain {fmt(d['plain_ms_per_page'], '.1f')} ms/page)")
        print(f"  [{g['status']:<5}] {g['goal']}: {value}{extra}")


def print_cpu_ratios(results_by_n: dict[int, dict]) -> None:
    """The same ratios in CPU time of the build (the child's rusage): on a machine shared
    with other work, wall time measures the neighbours too, CPU time much less."""
    parts = []
    for n in sorted(results_by_n):
        p, q = metric(results_by_n, n, "project", "cpu_s"), metric(results_by_n, n, "plain", "cpu_s")
        pages = metric(results_by_n, n, "project", "pages"), metric(results_by_n, n, "plain", "pages")
        if p and q and all(pages):
            parts.append(f"N={n}: {p / q:.2f} (ms/page {1000 * p / pages[0]:.1f} / "
                         f"{1000 * q / pages[1]:.1f})")
    if parts:
        print("  project CPU / plain CPU: " + ", ".join(parts))


# --------------------------------------------------------------------------- main

def publishing_cost(results: dict) -> dict:
    """What feeds, open data and search add to the build (at most +15 %)."""
    out = {}
    bare = results["bare"]
    for variant in ("project", "msearch"):
        r = results[variant]
        if r.get("wall_s") and bare.get("wall_s"):
            out[variant] = {"wall_s": r["wall_s"] - bare["wall_s"],
                            "wall_pct": 100 * (r["wall_s"] / bare["wall_s"] - 1),
                            "cpu_s": r["cpu_s"] - bare["cpu_s"],
                            "cpu_pct": 100 * (r["cpu_s"] / bare["cpu_s"] - 1)}
    if "project" in out and results["msearch"].get("wall_s"):
        out["project_vs_msearch_pct"] = 100 * (results["project"]["wall_s"]
                                               / results["msearch"]["wall_s"] - 1)
    return out


def print_publishing(results: dict) -> None:
    cost = results.get("publishing", {})
    for variant, label in (("project", "feeds + open data + Pagefind search"),
                           ("msearch", "Material's search alone (before)")):
        if variant in cost:
            c = cost[variant]
            print(f"  {label}: {c['wall_s']:+.2f} s wall ({c['wall_pct']:+.1f} %), "
                  f"{c['cpu_s']:+.2f} s CPU ({c['cpu_pct']:+.1f} %) over bare")
    if "project_vs_msearch_pct" in cost:
        print(f"  project vs bare + Material's search: {cost['project_vs_msearch_pct']:+.1f} % wall")
    if "search_bytes" in results:
        print(f"  search bytes: {json.dumps(results['search_bytes'], ensure_ascii=False)}")


def search_bytes(site: Path) -> dict:
    """benchmarks/search_bytes.py in a subprocess (it needs selenium and Chromium)."""
    res = subprocess.run([sys.executable, str(Path(__file__).with_name("search_bytes.py")),
                          str(site)], capture_output=True, text=True)
    if res.returncode != 0:
        return {"error": (res.stderr or res.stdout)[-2000:]}
    return json.loads(res.stdout)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s) for s in text.split(",") if s.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Benchmark the journal site build against plain MkDocs Material.")
    ap.add_argument("--sizes", type=parse_sizes, default=[100, 300, 1000],
                    help="comma-separated entry counts (default: 100,300,1000)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="builds per variant and size; the median is reported (default: 1)")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep the corpora, configs, sites and build logs in DIR")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write results as JSON")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if a goal fails or a build fails")
    ap.add_argument("--corpus-script", type=Path, default=DEFAULT_CORPUS_SCRIPT,
                    help=f"make_corpus.py to use (default: {DEFAULT_CORPUS_SCRIPT})")
    ap.add_argument("--config", type=Path, default=SHIPPED_CONFIG,
                    help=f"the project's mkdocs.yml (default: {SHIPPED_CONFIG})")
    ap.add_argument("--search-bytes", action="store_true",
                    help="at the largest size, measure the bytes a reader downloads for search on "
                         "page load and on a first query (headless Chromium, selenium; "
                         "benchmarks/search_bytes.py)")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds before a single build is killed (default: 300)")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be >= 1")
    if not args.corpus_script.is_file():
        ap.error(f"corpus script not found: {args.corpus_script}")
    if not args.config.is_file():
        ap.error(f"config not found: {args.config}")
    probe = subprocess.run([sys.executable, "-c", "import mkdocs, material"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        ap.error(f"{sys.executable} cannot import mkdocs/material; run with the project's "
                 f"venv python.\n{probe.stderr}")

    shipped = args.config.read_text(encoding="utf-8")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work_root = args.keep.resolve()
        cleanup = None
    else:
        cleanup = tempfile.TemporaryDirectory(prefix="journal-bench-")
        work_root = Path(cleanup.name)

    versions = subprocess.run(
        [sys.executable, "-c",
         "import mkdocs, material; print(mkdocs.__version__, material.__version__)"],
        capture_output=True, text=True).stdout.split()
    print(f"journal build benchmark: sizes {args.sizes}, repeat {args.repeat}, "
          f"python {platform.python_version()}, mkdocs {versions[0] if versions else '?'}, "
          f"material {versions[1] if len(versions) > 1 else '?'}, {os.cpu_count()} CPUs")
    print(f"work dir: {work_root}{'' if args.keep else ' (deleted at the end)'}")

    results_by_n: dict[int, dict] = {}
    started = time.perf_counter()
    try:
        for n in args.sizes:
            base = work_root / f"n{n}"
            if base.exists():
                shutil.rmtree(base)
            project_dir, plain_dir = base / "project", base / "plain"
            make_corpus(args.corpus_script, project_dir, n)
            prepare_common(shipped, project_dir, "project")
            dirs = {"project": project_dir, "plain": plain_dir}
            for variant in ("bare", "msearch"):  # same corpus, another mkdocs.yml
                dirs[variant] = base / variant
                shutil.copytree(project_dir / "journal", dirs[variant] / "journal")
                prepare_common(shipped, dirs[variant], variant)
            entries = copy_entries_as_docs(project_dir, plain_dir)
            prepare_common(shipped, plain_dir, "plain")

            runs = {v: [] for v in VARIANTS}
            for k in range(args.repeat):  # interleaved, sequential
                for variant in VARIANTS:
                    runs[variant].append(build(dirs[variant], args.timeout,
                                               base / f"{variant}-{k + 1}.log"))
            results = {v: summarize(runs[v]) for v in VARIANTS}
            results["entries"] = entries
            results["publishing"] = publishing_cost(results)
            if args.search_bytes and n == max(args.sizes) and results["project"]["ok"]:
                results["search_bytes"] = search_bytes(project_dir / "site")
            results_by_n[n] = results
            print_table(n, results)
            print_publishing(results)
            sys.stdout.flush()

        goals = check_goals(results_by_n)
        print_goals(goals)
        print_cpu_ratios(results_by_n)
        total = time.perf_counter() - started
        print(f"\ntotal benchmark time: {total:.1f} s")
        failed = any(g["status"] in ("FAIL", "ERROR") for g in goals) or any(
            not results_by_n[n][v]["ok"] for n in results_by_n for v in VARIANTS)

        if args.json:
            payload = {
                "sizes": args.sizes,
                "repeat": args.repeat,
                "python": platform.python_version(),
                "mkdocs": versions[0] if versions else None,
                "material": versions[1] if len(versions) > 1 else None,
                "cpus": os.cpu_count(),
                "results": {str(n): r for n, r in results_by_n.items()},
                "goals": goals,
                "all_passed": not failed,
                "total_s": total,
            }
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
            print(f"results written to {args.json}")
    finally:
        if cleanup is not None:
            cleanup.cleanup()

    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
