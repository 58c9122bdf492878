"""Dates as French readers expect them (``mercredi 13 février 2013``)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date


@lru_cache(maxsize=4096)  # a journal has a few hundred distinct dates, each shown many times
def french_date(date: dt.date, style: str = "full") -> str:
    """``full``: mercredi 13 février 2013; ``long``: 13 février 2013; ``short``: 13/02/2013."""
    text = format_date(date, format=style, locale="fr_FR")
    if date.day == 1 and style in ("full", "long"):
        # Babel writes "1 février"; French typography wants "1er février".
        text = text.replace(" 1 ", " 1er ", 1) if style == "full" else "1er" + text[1:]
    return text
