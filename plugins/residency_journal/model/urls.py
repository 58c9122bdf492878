"""Where every published file goes: pages, feeds, open data, schemas, assets, the search
index. The one owner of the site's URL scheme, and of the top-level names the site
itself takes (:func:`reserved_names`), derived from it.

Paths are site-relative (``a/b.md`` for a page's source, ``a/b/`` for its URL,
``a/rss.xml`` for a file). Plain Python: imports only :mod:`.kinds`, so entities,
links and site all read it without importing one another.
"""

from __future__ import annotations

import datetime as dt

from .kinds import FACTS, SITE_WIDE_KINDS, Kind

# --- pages ------------------------------------------------------------------------------

JOURNAL_INDEX = "journal/index.md"  # all residencies: /journal/
ALL_ACTIONS = "actions/index.md"  # every action of every residency: /actions/ (several residencies)
FOLLOWUP_FOLDER = "suivi"  # follow-up notes: /<residency>/suivi/<yyyy-mm-dd>/
LIVRET_FOLDER = "livret"  # the whole residency on one printable page: /<residency>/livret/

RESERVED_IDS = frozenset({"index"})  # <folder>/index.md is the folder's index page


def url_of(src_uri: str) -> str:
    """The directory URL of a Markdown source: a/b.md -> a/b/, a/index.md -> a/."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem + "/" if stem else ""


def residency_uri(slug: str) -> str:
    return f"{slug}/index.md"


def index_uri(slug: str, kind: Kind) -> str:
    """One of the residency's index pages (:data:`.kinds.INDEX_KINDS`)."""
    return f"{slug}/{FACTS[Kind(kind)].folder}/index.md"


def entity_uri(slug: str, kind: Kind, ident: str) -> str:
    """One action, visit or participant: under its index page's folder."""
    under = FACTS[Kind(kind)].under
    assert under is not None, kind
    return f"{slug}/{FACTS[under].folder}/{ident}.md"


def day_uri(slug: str, week: int, day: int) -> str:
    return f"{slug}/semaine-{week}/jour-{day}.md"


def followup_uri(slug: str, date: dt.date) -> str:
    return f"{slug}/{FOLLOWUP_FOLDER}/{date.isoformat()}.md"


def livret_uri(slug: str) -> str:
    return f"{slug}/{LIVRET_FOLDER}/index.md"


def site_wide_uri(kind: Kind) -> str:
    """The accessibility statement and the legal notice: top-level pages."""
    return f"{FACTS[kind].folder}.md"


SITE_WIDE_URLS = {kind.value: url_of(site_wide_uri(kind)) for kind in SITE_WIDE_KINDS}

# --- feeds: the site's at the top, a residency's in its folder -----------------------------

FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}


def feed_uri(fmt: str, slug: str | None = None) -> str:
    """Where a feed is published: ``rss.xml`` for the site, ``<residency>/rss.xml`` for one."""
    name = FEED_FILES[fmt]
    return f"{slug}/{name}" if slug is not None else name


# --- open data: a residency's in its donnees/ folder, the whole journal's at the top -------

DATA_FOLDER = FACTS[Kind.DONNEES].folder
JOURNAL_JSON = f"{DATA_FOLDER}/journal.json"
RESIDENCY_DATA_FILES = ("actions.csv", "actions.json", "verbatims.csv")


def residency_data_uri(slug: str, name: str) -> str:
    """One of :data:`RESIDENCY_DATA_FILES` of a residency."""
    return f"{index_uri(slug, Kind.DONNEES)[: -len('index.md')]}{name}"


# --- JSON Schemas: the entries', residence.yml's and the export's, under ``schema_dir`` -------

SCHEMA_NAMES = ("entry", "residence", "export")
SCHEMA_DIR = "schema"  # the default of the plugin's ``schema_dir`` option


def schema_uris(schema_dir: str) -> dict[str, str]:
    """name -> where its JSON Schema is published; none when ``schema_dir`` is '' (the
    option's meaning: published nowhere)."""
    folder = schema_dir.strip("/")
    return {name: f"{folder}/{name}.json" for name in SCHEMA_NAMES} if folder else {}


# --- the plugin's own assets and the search index ---------------------------------------

ASSETS_FOLDER = "assets"  # the theme's; ours are under assets/journal/
CSS_URI = f"{ASSETS_FOLDER}/journal/journal.css"
FOLLOWUP_CSS_URI = f"{ASSETS_FOLDER}/journal/followup.css"  # status, progress bars, names
LIVRET_CSS_URI = f"{ASSETS_FOLDER}/journal/livret.css"  # the livret's print booklet
PRINT_CSS_URI = f"{ASSETS_FOLDER}/journal/print.css"  # every page on paper: @media print only
SEARCH_JS = f"{ASSETS_FOLDER}/journal/search.js"
SEARCH_CSS = f"{ASSETS_FOLDER}/journal/search.css"
SEARCH_INDEX_FOLDER = "pagefind"  # the Pagefind index, written by search_index.py

# --- top-level names -----------------------------------------------------------------------

# Folders the engine and its plugins write (Material's search and tags, the server's
# live reload): not ours, but a residency there would mix with them.
ENGINE_FOLDERS: dict[str, str] = {
    "search": "l'index de recherche (/search/)",
    "tags": "la page des étiquettes (/tags/)",
    "livereload": "le rechargement de la prévisualisation (/livereload/)",
}


def reserved_names(schema_dir: str = SCHEMA_DIR) -> dict[str, str]:
    """Top-level names the site itself takes (generated pages, data, schemas, theme and
    plugin files, the server's endpoints), each with what it holds in the residents'
    words. A residency slug must not take one. Files at the top (feeds, ``404.html``)
    have a dot, which a slug never has, so they cannot clash with a residency folder."""
    names = {
        _top(JOURNAL_INDEX): "la liste des résidences (/journal/)",
        _top(ALL_ACTIONS): "la liste de toutes les actions (/actions/)",
        _top(JOURNAL_JSON): "l'export du journal (/donnees/)",
    }
    for uri in schema_uris(schema_dir).values():
        names.setdefault(_top(uri), f"les schémas JSON (/{_top(uri)}/)")
    names[ASSETS_FOLDER] = "les fichiers du thème (/assets/)"
    names[SEARCH_INDEX_FOLDER] = "l'index de la recherche du site (/pagefind/)"
    names.update(ENGINE_FOLDERS)
    for kind in SITE_WIDE_KINDS:
        top = _top(site_wide_uri(kind))
        names[top] = f"{SITE_WIDE_WHAT[kind]} (/{top}/)"
    return names


SITE_WIDE_WHAT = {Kind.ACCESSIBILITY: "la déclaration d'accessibilité",
                  Kind.LEGAL: "les mentions légales"}


def _top(uri: str) -> str:
    """The top-level name of a path: ``donnees`` of ``donnees/journal.json``."""
    first = uri.split("/", 1)[0]
    return first[: -len(".md")] if first.endswith(".md") else first
