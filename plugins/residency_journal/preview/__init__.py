"""The editors' preview, which `mkdocs serve` runs: the site kept in memory, pages rendered on demand.

MkDocs has no incremental build: its `serve` rebuilds every page on every save
(two minutes for a programme of 1000 entries). The journal plugin's on_serve
hands MkDocs this preview's server instead (:func:`.server.preview_server`;
on_startup(command="serve") lets MkDocs' first build write nothing). MkDocs' objects
(config, plugins, files, navigation, Jinja environment) and the model stay in
memory between saves. A save costs what it changes, not the size of the
journal: a cheap scan finds the residency whose files changed, only that one is
read and resolved again and only its pages are built again from the model
(:mod:`.loader`); the rendered pages that depend on it are forgotten and the
pages open in a browser rendered again before the live reload tells them
(:mod:`.site`, :mod:`.server`). An entry added, renamed or removed rebuilds the
files and the navigation, keeping every page already read. Each page is
rendered by MkDocs' own calls, as ``mkdocs build`` renders it; a test compares
every page with a build's after each step of a scripted sequence of saves.
Search (the journal's Pagefind index, :mod:`.search`) is built in the
background from every page once all are rendered, and again after each save
once the pages it changed are rendered again: a little later than the pages,
never without a page; so are the feeds, open data and what other plugins write
at the end of a build. ``mkdocs build`` does not use this package. What it needs
of MkDocs and Material beyond their public interface is in :mod:`.engine_seam`.

The engine: MkDocs 1.6, or its fork ProperDocs 1.6, which ships no ``mkdocs``
module and maps every ``mkdocs.*`` import to ``properdocs.*`` once
``properdocs.replacement`` is imported (its own CLI does that first). This
package does the same before importing anything of the engine, when MkDocs'
build modules cannot be imported or when ``JOURNAL_ENGINE=properdocs`` asks for
it (MkDocs may be installed beside ProperDocs: Material requires it).
"""

from __future__ import annotations

import importlib.util
import os
import sys


def _choose_engine() -> str:
    """``mkdocs`` or ``properdocs``; imports ``properdocs.replacement`` for the latter."""
    current = sys.modules.get("mkdocs")
    if current is not None and current.__name__ != "mkdocs":
        return current.__name__  # already chosen: properdocs.replacement was imported
    wanted = current is None and os.environ.get("JOURNAL_ENGINE") == "properdocs"
    try:
        usable = not wanted and importlib.util.find_spec("mkdocs.commands.build") is not None
    except ImportError:  # no `mkdocs` package, or one without its build modules
        usable = False
    if not usable and importlib.util.find_spec("properdocs") is not None:
        import properdocs.replacement  # noqa: F401 (mkdocs.* is properdocs.* from here on)

        return "properdocs"
    return "mkdocs"


ENGINE = _choose_engine()
