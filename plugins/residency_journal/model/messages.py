"""Every message a resident can get, in French, in one place.

A message is looked up by its key and filled with named values:
``say("date.not_a_date", value="13/02/2013")``. Keeping them here (and nowhere
else) lets a site translate them one day, and lets a test list them all.

Style: the residents' words, no YAML-library or Python jargon; say what is
wrong, then how to fix it. Messages go to terminals and logs, so French
spacing uses ordinary spaces (« ; », « ? », « : » preceded by a space).
Values quoted for the resident go inside « » (see :func:`quote`).
"""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: dict[str, str] = {
    # --- reading files and YAML (yamlsource.py, reading.py) ----------------------

    # --- keys and values of one file (schema.py, validate.py) --------------------

    # --- rules across files (resolve.py) -----------------------------------------

    # --- links, media and what is published (links.py, publishing) ---------------

    # --- pages and URLs (site pages, clashes, reserved names) --------------------
}


def quote(value: object, limit: int = 60) -> str:
    """A value as shown inside a message: « value », cut when very long."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"« {text} »"


def say(key: str, **values: object) -> str:
    """The message ``key`` of the catalogue, filled with ``values``."""
    return MESSAGES[key].format(**values)


def catalogue() -> Mapping[str, str]:
    """Every message, by key (for the documentation and the tests)."""
    return dict(MESSAGES)
