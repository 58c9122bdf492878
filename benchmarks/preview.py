"""Benchmark of the editors' preview (`mkdocs serve`): save-to-served and first page served.

    .venv/bin/python benchmarks/preview.py                 # sizes 100,300,1000
    .venv/bin/python benchmarks/preview.py --sizes 100 --saves 3
    .venv/bin/python benchmarks/preview.py --json out.json --journal-serve
    VENV/bin/python benchmarks/preview.py --engine properdocs   # VENV: one with ProperDocs

For each size N: a corpus from ``benchmarks/make_corpus.py`` with the
shipped mkdocs.yml (as ``bench.py`` writes it), then:

- **build**: wall time of ``python -m mkdocs build`` (the reference for "first page");
- **first page**: ``mkdocs serve`` (``properdocs serve``) started as the README starts
  it, time until a day page is served (HTTP 200);
- **save-to-served**: like a browser, the day page is open (its live-reload poll
  is pending, with the page as Referer); a save appends a unique sentence to that
  day's entry; the time runs from the write until the page, fetched when the
  live-reload poll answers, holds the sentence. ``--saves`` saves, median and max
  reported, for a body edit and for an action's verdict changed on that day;
- **add**: the residency's last entry removed, then written back (a new page and a
  new navigation), time until its page is served with its text;
- **search** (the journal's Pagefind index, built in the background once every page
  it indexes is rendered): from the start until the first index is served (``search_ready_s``;
  the saves above wait for it), from the last write of the add step until the index is
  written again (``search_after_add_s``: every page is rendered again after a change of
  navigation) and from a body edit until the index is written again
  (``search_after_edit_s``). Read from the server's log ("Search index updated").
  With ``--early-saves`` the saves start as soon as the first page is served, while
  the background pass renders every page (``search_ready_s`` is then not measured);
- **CPU**: the serve process's CPU seconds (user + system, with the Pagefind processes
  it waited for) at the first page, when the first index is written and over a body
  edit's index: the machine may be shared, wall times depend on its load;
- with ``--journal-serve``: first page and body edit with ``journal serve`` (a synonym).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402 (the corpus and config writers of the build benchmark)

MOUNT = "journal-de-residence/"
DAY = ("residence-00", "semaine-2", "jour-3")


def fetch(url: str, referer: str | None = None, timeout: float = 120) -> str | None:
    request = urllib.request.Request(url, headers={"Referer": referer} if referer else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(check, timeout: float, step: float = 0.02):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError


def start(cmd: list[str], cwd: Path, log: Path, engine: str = "mkdocs") -> subprocess.Popen:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "JOURNAL_ENGINE": engine}
    return subprocess.Popen(cmd, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) the process used so far, with its children waited for
    (Pagefind's processes); None where /proc cannot tell (the machine is shared: CPU
    beside wall time)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def save_to_served(base: str, page_url: str, save, marker: str, timeout: float) -> float:
    """A browser has ``page_url`` open; ``save()`` writes; seconds until the page shows ``marker``."""
    page = wait_for(lambda: fetch(page_url), timeout)
    root = base[: base.index("/", len("http://")) + 1]  # live reload is at the server's root
    epoch = re.search(r"livereload\((\d+), (\d+)\)", page)
    answered = threading.Event()

    def poll() -> None:
        if epoch:
            fetch(f"{root}livereload/{epoch[1]}/{epoch[2]}", referer=page_url, timeout=timeout)
        answered.set()

    threading.Thread(target=poll, daemon=True).start()
    time.sleep(0.3)  # the poll is pending, as a browser's is
    began = time.monotonic()
    save()
    answered.wait(timeout)
    wait_for(lambda: (p := fetch(page_url)) and marker in p, timeout, step=0.01)
    return time.monotonic() - began


INDEXED = "Search index updated"


def index_updates(log: Path) -> int:
    """How many times the preview wrote its search index so far (its log says it)."""
    try:
        return log.read_text(encoding="utf-8", errors="replace").count(INDEXED)
    except OSError:
        return 0


def until_indexed(log: Path, before: int, began: float, timeout: float) -> float:
    """Seconds from ``began`` until the log says the index was written after ``before``."""
    wait_for(lambda: index_updates(log) > before, timeout, step=0.05)
    return time.monotonic() - began


def measure(corpus: Path, port: int, cmd: list[str], saves: int, timeout: float,
            log: Path, extra: bool, engine: str = "mkdocs", early_saves: bool = False,
            search: bool = True) -> dict:
    base = f"http://127.0.0.1:{port}/{MOUNT}"
    slug, week, day = DAY
    day_url = f"{base}{slug}/{week}/{day}/"
    entry = corpus / "journal" / slug / week / f"{day}.md"
    original = entry.read_text(encoding="utf-8")
    began = time.monotonic()
    proc = start(cmd, corpus, log, engine)
    result: dict = {}
    try:
        wait_for(lambda: fetch(day_url, timeout=5), timeout)
        result["first_page_s"] = time.monotonic() - began
        result["first_page_cpu_s"] = cpu_seconds(proc.pid)
        if extra and search and not early_saves:
            result["search_ready_s"] = until_indexed(log, 0, began, timeout)
            result["search_ready_cpu_s"] = cpu_seconds(proc.pid)
        edits = []
        for i in range(saves):
            marker = f"Phrase de mesure {i} {time.time_ns()}."
            text = original + f"\n{marker}\n"
            edits.append(save_to_served(base, day_url,
                                        lambda t=text: entry.write_text(t, encoding="utf-8"),
                                        marker, timeout))
        result["edit_s"] = edits
        if extra:
            verdicts = []
            fm_end = original.index("\n---", 4)
            head, body = original[:fm_end], original[fm_end:]
            match = re.search(r"verdict: (\S+)", head)
            if match:
                for i in range(saves):
                    new = "retenue" if i % 2 == 0 else "abandonnee"
                    marker = f"Verdict de mesure {i} {time.time_ns()}."
                    text = head.replace(match.group(0), f"verdict: {new}", 1) + body + f"\n{marker}\n"
                    verdicts.append(save_to_served(
                        base, day_url, lambda t=text: entry.write_text(t, encoding="utf-8"),
                        marker, timeout))
            result["verdict_s"] = verdicts
            # Add: the residency's last entry removed, then written back (a new page,
            # a new navigation); until its page is served with its text.
            last = sorted((corpus / "journal" / slug).glob("semaine-*/jour-*.md"))[-1]
            text = last.read_text(encoding="utf-8")
            rel = last.relative_to(corpus / "journal").with_suffix("").as_posix()
            last_url = f"{base}{rel}/"
            last.unlink()
            wait_for(lambda: fetch(last_url, timeout=5) is None, timeout)
            marker = f"Entrée ajoutée {time.time_ns()}."
            began = time.monotonic()
            last.write_text(text + f"\n{marker}\n", encoding="utf-8")
            wait_for(lambda: (p := fetch(last_url, timeout=5)) and marker in p, timeout, step=0.01)
            result["add_s"] = time.monotonic() - began
            if not search:
                return result
            indexed = index_updates(log)
            began = time.monotonic()
            last.write_text(text, encoding="utf-8")
            result["search_after_add_s"] = until_indexed(log, indexed, began, timeout)
            indexed = index_updates(log)
            marker = f"Phrase pour la recherche {time.time_ns()}."
            began = time.monotonic()
            cpu = cpu_seconds(proc.pid)
            entry.write_text(original + f"\n{marker}\n", encoding="utf-8")
            result["search_after_edit_s"] = until_indexed(log, indexed, began, timeout)
            after = cpu_seconds(proc.pid)
            result["search_after_edit_cpu_s"] = None if cpu is None or after is None else after - cpu
    finally:
        entry.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(30)
    return result


def build_time(corpus: Path, timeout: float, log: Path, engine: str = "mkdocs") -> float:
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as site:
        proc = start([sys.executable, "-m", engine, "build", "-q", "-d", site], corpus, log, engine)
        proc.wait(timeout)
    return time.monotonic() - began


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,300,1000")
    ap.add_argument("--saves", type=int, default=5)
    ap.add_argument("--port", type=int, default=8471)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--keep", type=Path, help="keep corpora and logs here")
    ap.add_argument("--no-build", action="store_true", help="skip the full build timing")
    ap.add_argument("--journal-serve", action="store_true", help="also measure journal serve")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--early-saves", action="store_true",
                    help="save while the background pass renders every page (do not wait "
                         "for the first search index)")
    ap.add_argument("--no-search", action="store_true",
                    help="measure no search index time (saves start at once, as --early-saves)")
    ap.add_argument("--engine", choices=("mkdocs", "properdocs"), default="mkdocs",
                    help="the engine whose serve command runs (ProperDocs must be installed "
                         "in this venv)")
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="preview_bench_"))
    journal = Path(sys.executable).with_name("journal")
    results = {}
    for n in bench.parse_sizes(args.sizes):
        corpus = work / f"corpus-{n}"
        if not (corpus / "journal").is_dir():
            bench.make_corpus(bench.DEFAULT_CORPUS_SCRIPT, corpus, n)
            bench.prepare_common(bench.SHIPPED_CONFIG.read_text(encoding="utf-8"), corpus, "project")
        row: dict = {}
        if not args.no_build:
            row["build_s"] = build_time(corpus, args.timeout, work / f"build-{n}.log", args.engine)
        serve = [sys.executable, "-m", args.engine, "serve", "-a", f"127.0.0.1:{args.port}"]
        if args.engine == "properdocs":
            serve += ["-f", "mkdocs.yml"]
        row["serve"] = measure(
            corpus, args.port, serve, args.saves, args.timeout, work / f"serve-{n}.log",
            extra=True, engine=args.engine, early_saves=args.early_saves or args.no_search,
            search=not args.no_search)
        if args.journal_serve:
            row["journal_serve"] = measure(
                corpus, args.port + 1, [str(journal), "serve", "-a", f"127.0.0.1:{args.port + 1}"],
                min(args.saves, 2), args.timeout, work / f"journal-serve-{n}.log", extra=False,
                engine=args.engine)
        results[n] = row
        print_row(n, row)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


def print_row(n: int, row: dict) -> None:
    def stats(values: list[float]) -> str:
        return (f"median {statistics.median(values):.2f} s, max {max(values):.2f} s"
                if values else "-")

    js = row["serve"]
    def cpu(key: str) -> str:
        value = js.get(key)
        return "" if value is None else f" ({value:.1f} s CPU)"

    print(f"N={n}: build {row.get('build_s', float('nan')):.1f} s; mkdocs serve: first page "
          f"{js['first_page_s']:.1f} s{cpu('first_page_cpu_s')}; edit {stats(js['edit_s'])}; verdict "
          f"{stats(js.get('verdict_s', []))}; add {js.get('add_s', float('nan')):.2f} s")
    if "search_after_edit_s" in js:
        ready = js.get("search_ready_s")
        print(f"N={n}: search index: complete {'-' if ready is None else f'{ready:.1f} s'}"
              f"{cpu('search_ready_cpu_s')} after start; written again "
              f"{js['search_after_add_s']:.1f} s after an add, "
              f"{js['search_after_edit_s']:.1f} s{cpu('search_after_edit_cpu_s')} after a body edit")
    if "journal_serve" in row:
        ms = row["journal_serve"]
        print(f"N={n}: journal serve: first page {ms['first_page_s']:.1f} s; "
              f"edit {stats(ms['edit_s'])}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
