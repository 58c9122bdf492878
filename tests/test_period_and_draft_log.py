"""A residency's period is the same on every page and in the livret; a draft's problems,
logged in the preview, say that they do not block publishing."""

from __future__ import annotations

import re

from conftest import entry
from residency_journal.model.messages import say

R = "journal/res"
# Two immersion weeks; entries only in the first days of the first one.
WEEKS = ("title: Résidence\nweeks:\n  - start: 2026-05-04\n    end: 2026-05-08\n"
         "  - start: 2026-06-08\n    end: 2026-06-12\n")
ENTRIES = {
    f"{R}/semaine-1/jour-1.md": entry("date: 2026-05-04"),
    f"{R}/semaine-1/jour-2.md": entry("date: 2026-05-05"),
}


def _periods(html: str) -> list[str]:
    """The « du … au … » / « le … » phrases, tags removed."""
    text = re.sub(r"<[^>]+>", "", html)
    return re.findall(r"(?:du \w* ?\d+(?:er)? \w+ \d{4} au \w* ?\d+ \w+ \d{4}"
                      r"|le \w* ?\d+(?:er)? \w+ \d{4})", text)


def _dates(html: str) -> set[tuple[str, ...]]:
    """Each period as its (start, end) ISO dates, whatever the wording's length."""
    return {tuple(re.findall(r'datetime="([\d-]+)"', m))
            for m in re.findall(r"(?:du|le) <time[^>]*>[^<]*</time>(?: au <time[^>]*>[^<]*</time>)?",
                                html)}


def test_the_period_is_the_weeks_everywhere_even_when_entries_do_not_cover_them(project):
    built = project({f"{R}/residence.yml": WEEKS, **ENTRIES})
    home, res, livret = built.html(""), built.html("res/"), built.html("res/livret/")
    # the site's home (a card), the residency's home, the livret's cover
    for page in (home, res, livret):
        assert ("2026-05-04", "2026-06-12") in _dates(page), _periods(page)
        assert "2026-05-05" not in {d for pair in _dates(page) for d in pair}
    assert "du 4 mai 2026 au 12 juin 2026" in _periods(home)
    assert "du lundi 4 mai 2026 au vendredi 12 juin 2026" in _periods(res)
    assert "du lundi 4 mai 2026 au vendredi 12 juin 2026" in _periods(livret)


def test_a_last_week_without_end_runs_to_its_last_day_written(project):
    weeks = "title: Résidence\nweeks:\n  - start: 2026-05-04\n"
    built = project({f"{R}/residence.yml": weeks, **ENTRIES})
    for url in ("", "res/", "res/livret/"):
        assert _dates(built.html(url)) >= {("2026-05-04", "2026-05-05")}, url


def test_one_week_without_end_nor_day_is_one_date(project):
    built = project({f"{R}/residence.yml": "title: Résidence\nweeks:\n  - start: 2026-05-04\n"})
    assert "le 4 mai 2026" in _periods(built.html(""))
    assert "le lundi 4 mai 2026" in _periods(built.html("res/"))


def test_without_weeks_the_period_is_the_days_written(project):
    built = project({f"{R}/residence.yml": "title: Résidence\n",
                     f"{R}/semaine-1/jour-1.md": entry("date: 2026-05-04"),
                     f"{R}/semaine-2/jour-1.md": entry("date: 2026-05-12")})
    for url in ("", "res/", "res/livret/"):
        assert ("2026-05-04", "2026-05-12") in _dates(built.html(url)), url


DRAFT = entry("date: 2026-05-05\ndraft: true\nsumary: y", "Brouillon.\n")
MARK = f"({say('check.draft_only')})"


def test_a_drafts_problems_are_marked_in_the_preview_log(project):
    files = {f"{R}/residence.yml": WEEKS, f"{R}/semaine-1/jour-1.md": entry("date: 2026-05-04"),
             f"{R}/semaine-1/jour-2.md": DRAFT,
             # a published entry's own mistake stays unmarked
             f"{R}/semaine-1/jour-3.md": entry("date: 2026-05-06\nsumary: x")}
    preview = project(files, command="serve", expect=["jour-2.md:", "jour-3.md:"])
    draft = [w for w in preview.warnings if "jour-2.md:" in w]
    public = [w for w in preview.warnings if "jour-3.md:" in w]
    assert draft and all(w.endswith(MARK) for w in draft), draft
    assert public and not any(MARK in w for w in public), public
    # the build reads no draft: nothing of it is logged, and nothing is marked
    built = project(files, expect=["jour-3.md:"])
    assert not any("jour-2.md" in w or MARK in w for w in built.warnings), built.warnings
