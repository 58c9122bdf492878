"""`mkdocs serve`, as documented, watches journal/ and reloads the open page."""

from __future__ import annotations

import re
import time

import pytest
from conftest import ENGINE, RESIDENCE_YML, entry, write_project
from mkdocs.__main__ import cli
from serving import fetch, poll, serving


# ProperDocs' serve sets live reload itself unless --no-livereload is given, so its
# click flag reads False whatever click does; the test below covers both engines.
@pytest.mark.skipif(ENGINE != "mkdocs", reason="a MkDocs 1.6.1 option-parsing matter")
def test_serve_reloads_by_default_with_the_pinned_click():
    # click 8.2.2-8.3.x made MkDocs 1.6.1 read `--livereload` as off by default.
    params = cli.commands["serve"].make_context("serve", []).params
    assert params["livereload"] is True


@pytest.mark.slow
def test_saving_an_entry_rebuilds_and_reloads_the_open_page(tmp_path):
    day = "journal/res/semaine-1/jour-1.md"
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        day: entry("date: 2013-01-28", "Première version du récit.\n"),
    })
    # The documented command: no --livereload flag.
    with serving(root) as (base, _log, _server):
        url = f"{base}/res/semaine-1/jour-1/"
        page = poll(lambda: fetch(url), "the server")
        assert "Première version" in page
        # The page carries MkDocs' live-reload poller with the site's version (epoch).
        epoch, request_id = re.search(r"livereload\((\d+), (\d+)\);", page).groups()

        time.sleep(1.1)  # a different mtime second, whatever the file system
        (root / day).write_text(entry("date: 2013-01-28", "Seconde version du récit.\n"),
                                encoding="utf-8")
        # What the open tab does: poll until the server announces a newer version...
        def newer_version() -> bool:
            answer = fetch(f"{base}/livereload/{epoch}/{request_id}", timeout=70)
            return answer is not None and int(answer) > int(epoch)

        poll(newer_version, "a newer site version", timeout=90)
        # ...then reload, and the new text is there.
        assert "Seconde version" in poll(
            lambda: (p := fetch(url)) and "Seconde version" in p and p, "the new text")
