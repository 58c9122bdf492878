"""`mkdocs serve` survives a broken save, says what is wrong in the pages, and shows the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_project
from residency_journal import cli
from serving import fetch, poll, serving

SLUG = "residence-serve"


def entry(date: str, body: str) -> str:
    return f"---\ndate: {date}\nauthors: [camille]\n---\n\n{body}\n"


@pytest.mark.slow
def test_serve_keeps_running_on_a_broken_entry_and_shows_the_fix(tmp_path: Path):
    root = tmp_path / "site"
    created = CliRunner().invoke(cli.main, ["init", str(root), "--slug", SLUG,
                                                 "--site-url", "https://example.org/"])
    assert created.exit_code == 0, created.output
    start = re.search(r"  - start: (\S+)", (root / "journal" / SLUG / "residence.yml")
                      .read_text(encoding="utf-8")).group(1)
    day = root / "journal" / SLUG / "semaine-1" / "jour-2.md"
    rel = day.relative_to(root).as_posix()

    with serving(root, "--livereload") as (base, log_path, server):
        home = poll(lambda: fetch(f"{base}/"), "the server to answer")
        assert SLUG in home

        # A good save first: the day is served.
        day_url = f"{base}/{SLUG}/semaine-1/jour-2/"
        day.write_text(entry(start, "Première version du jour deux."), encoding="utf-8")
        poll(lambda: (p := fetch(day_url)) and "Première version" in p, "the first version",
             timeout=90)

        # A save with broken YAML: an unclosed list on line 3.
        day.write_text(f"---\ndate: {start}\ntags: [atelier, accueil\n---\n\nBrouillon.\n",
                       encoding="utf-8")
        problem = re.compile(re.escape(rel) + r":(\d+): ")
        line = poll(lambda: problem.search(log_path.read_text(encoding="utf-8")),
                    f"`{rel}:LINE:` in the server's log").group(1)
        assert fetch(f"{base}/") is not None, "the server stopped answering"
        assert "Une phrase entendue" in poll(
            lambda: fetch(f"{base}/{SLUG}/semaine-1/jour-1/"), "the other days")
        # the last good version of the broken day stays served, with the problem shown
        # where the resident looks: on that page, the residency's home and the site's home
        broken = poll(lambda: (p := fetch(day_url)) and "journal-problems" in p and p,
                      "the banner on the broken day")
        assert "Première version" in broken
        for url in (day_url, f"{base}/{SLUG}/", f"{base}/"):
            # poll: a rebuild may be under way (the server answers 404 meanwhile)
            page = poll(lambda url=url: (p := fetch(url)) and "journal-problems" in p and p,
                        f"the banner on {url}")
            banner = page[page.index('class="admonition danger journal-problems"'):]
            banner = banner[:banner.index("</div>")]
            assert 'role="alert"' in banner, url
            assert f"<code>{rel}:{line}</code>" in banner, url
        assert "journal-problems" not in (fetch(f"{base}/{SLUG}/semaine-1/jour-1/") or "")
        assert server.poll() is None

        # The fix: the day's page appears with the new text.
        day.write_text(entry(start, "Texte corrigé après l'erreur."), encoding="utf-8")
        page = poll(lambda: (p := fetch(f"{base}/{SLUG}/semaine-1/jour-2/"))
                    and "Texte corrigé après l" in p and p, "the fixed page", timeout=90)
        assert "Texte corrigé" in page
        assert "journal-problems" not in page

    # A build of the same broken journal reports the problem and shows no banner.
    day.write_text(f"---\ndate: {start}\ntags: [atelier, accueil\n---\n\nBrouillon.\n",
                   encoding="utf-8")
    # (and the examples `journal init` wrote, still there: see test_init_reminders.py)
    built = build_project(root, expect=[rel, "écrit par journal init", "écrite par journal init"])
    assert not [p for p in built.all_files()
                if p.suffix == ".html" and "journal-problems" in p.read_text(encoding="utf-8")]
