"""Feeds of the site and of each residency: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

Written here rather than by a plugin or library: mkdocs-rss-plugin 1.19 raises on
pages made with ``File.generated(content=...)`` (every day page of this site) and
writes the build time into its feeds; feedgen 1.0 drops ``rel`` on entry links
and writes no JSON Feed. The three formats are small enough to write directly,
which also makes the bytes ours: the same journal gives the same feeds.

What the content model asks ("Feeds and open data"):

- items are day entries and follow-up notes, newest first; drafts never;
- an item's date is its entry's date at 00:00 in the site's time zone
  (``Europe/Paris`` unless told otherwise), a feed's ``updated`` is its newest
  item's date, never the build time;
- every link is absolute, from ``site_url``, links inside the content too
  (:func:`absolutize`); without a ``site_url`` there are no feeds
  (:data:`MISSING_SITE_URL` is the one warning to give);
- French (``language``, ``xml:lang``), and the site's licence in every feed;
- French typography (``french.typographie``) in what a feed reader shows as text:
  the feeds' and items' titles, descriptions and summaries (the content is the
  page's body, typeset already). Ids, URLs and tags stay as written;
- an item whose page has a photo carries it as the item's image (``image_of``,
  :class:`FeedImage`): the derived JPEG or PNG the page is shared with
  (``og:image``), never the original, at an absolute URL. JSON Feed has
  ``image``; RSS and Atom have no image of their own, so both carry Media RSS's
  ``media:content medium="image"`` (what Feedly, Inoreader and most readers
  show as an item's picture; an RSS ``enclosure`` is an attachment to download,
  a podcast's episode, and needs the file's length).

The rendered HTML of each day is an input (``html_of``): the model does not
render Markdown; the adapter passes the HTML of the page it built.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import format_datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from ..french import typographie
from . import urls
from .entities import Entry, Journal, Residency
from .exports import DEFAULT_LICENCE, Licence, absolute_url, url_of_entity
from .vocabulary import DEFAULT_STATUSES

DEFAULT_TIMEZONE = "Europe/Paris"
LANGUAGE = "fr"
FORMATS = ("rss", "atom", "json")
MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml",
               "json": "application/feed+json"}

MISSING_SITE_URL = (
    "site_url n'est pas renseigné dans mkdocs.yml : les flux RSS, Atom et JSON Feed ne sont pas "
    "publiés, car leurs liens doivent être des adresses complètes. Ajoutez par exemple "
    "« site_url: https://www.exemple.fr/journal/ » à mkdocs.yml."
)


def feed_uri(fmt: str, residency: Residency | None = None) -> str:
    """Where a feed is published (:func:`.urls.feed_uri`)."""
    return urls.feed_uri(fmt, residency.slug if residency is not None else None)


@dataclass(frozen=True)
class FeedImage:
    """The picture that stands for an item: a derived photo, never the original."""
    url: str  # absolute
    type: str  # image/jpeg or image/png
    width: int
    height: int
    alt: str = ""


@dataclass(frozen=True)
class FeedItem:
    id: str  # the absolute URL of the page: stable across builds, never reused
    url: str
    title: str
    date: dt.datetime  # aware
    summary: str | None
    content_html: str  # links already absolute
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    image: FeedImage | None = None


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    home_url: str  # absolute
    uris: dict[str, str]  # format -> site-relative path of each of the three files
    site_url: str
    items: tuple[FeedItem, ...] = ()
    licence: Licence = DEFAULT_LICENCE
    authors: tuple[str, ...] = ()
    updated_if_empty: dt.datetime = field(
        default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))

    def url(self, fmt: str) -> str:
        return absolute_url(self.site_url, self.uris[fmt])

    @property
    def updated(self) -> dt.datetime:
        """The newest item's date (never the build time)."""
        return max((item.date for item in self.items), default=self.updated_if_empty)


# --- from the model to items ----------------------------------------------------------

def item_date(date: dt.date, timezone: str = DEFAULT_TIMEZONE) -> dt.datetime:
    """An entry's date at 00:00 in the site's time zone."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=ZoneInfo(timezone))


def feed_entries(residencies: Iterable[Residency]) -> list[Entry]:
    """Published entries (days and follow-ups), newest first; ties in reverse journal order."""
    entries = [e for r in residencies for e in r.entries if not e.draft]
    # Follow-ups come after every day in journal order: on a tie they are newer.
    return sorted(entries, key=lambda e: (e.date, bool(getattr(e, "follow_up", False)), e.week,
                                          e.day, url_of_entity(e)), reverse=True)


def follow_up_changes(entry: Entry) -> str | None:
    """What a follow-up note changed, in one sentence: each action it gives a status or
    a progress to (« Intégrer un critère de parité » : En cours, 40 %)."""
    if not getattr(entry, "follow_up", False):
        return None
    parts = []
    for step in entry.steps:
        said = [DEFAULT_STATUSES.get(step.status, step.status)] if step.status else []
        if step.progress is not None:
            said.append(f"{step.progress}\u00a0%")
        if said:
            parts.append(f"« {step.action.title} » : {', '.join(said)}")
    return f"Où en sont les actions : {' ; '.join(parts)}." if parts else None


def make_item(entry: Entry, site_url: str, content_html: str, *, timezone: str = DEFAULT_TIMEZONE,
              title_suffix: str | None = None, image: FeedImage | None = None) -> FeedItem:
    url = absolute_url(site_url, url_of_entity(entry))
    title = f"{entry.title} · {title_suffix}" if title_suffix else entry.title
    changes = follow_up_changes(entry)
    summary = " ".join(filter(None, [entry.summary, changes])) or None
    return FeedItem(
        id=url, url=url, title=typographie(title), date=item_date(entry.date, timezone),
        summary=typographie(summary) if summary else None, content_html=absolutize(content_html, url),
        authors=tuple(person.label for person in entry.authors),  # team: public by name
        tags=tuple(entry.tags), image=image)


ImageOf = Callable[[Entry], FeedImage | None]


def _no_image(entry: Entry) -> None:
    return None


def residency_feed(residency: Residency, site_url: str, html_of: Callable[[Entry], str], *,
                   timezone: str = DEFAULT_TIMEZONE, licence: Licence = DEFAULT_LICENCE,
                   max_items: int | None = None, image_of: ImageOf = _no_image) -> Feed:
    """The feeds of one residency (``<residency>/rss.xml`` ...)."""
    entries = feed_entries([residency])[:max_items]
    return Feed(
        title=typographie(residency.title),
        description=typographie(residency.summary or f"Journal : {residency.title}"),
        home_url=absolute_url(site_url, url_of_entity(residency)),
        uris={fmt: feed_uri(fmt, residency) for fmt in FORMATS},
        site_url=site_url,
        items=tuple(make_item(e, site_url, html_of(e), timezone=timezone, image=image_of(e))
                    for e in entries),
        licence=licence,
        authors=tuple(p.label for p in residency.team),
    )


def site_feed(journal: Journal, site_url: str, site_name: str, html_of: Callable[[Entry], str], *,
              description: str | None = None, timezone: str = DEFAULT_TIMEZONE,
              licence: Licence = DEFAULT_LICENCE, max_items: int | None = None,
              image_of: ImageOf = _no_image) -> Feed:
    """The feeds of the whole site (``rss.xml`` ...). With several residencies, each item's
    title names its residency ("Semaine 3, Jour 3 · Résidence ...")."""
    several = len(journal.residencies) > 1
    entries = feed_entries(journal.residencies)[:max_items]
    return Feed(
        title=typographie(site_name),
        description=typographie(description or site_name),
        home_url=absolute_url(site_url, ""),
        uris={fmt: feed_uri(fmt) for fmt in FORMATS},
        site_url=site_url,
        items=tuple(make_item(e, site_url, html_of(e), timezone=timezone,
                              title_suffix=e.residency.title if several else None,
                              image=image_of(e))
                    for e in entries),
        licence=licence,
    )


# --- absolute links in content -------------------------------------------------------

_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")
_URL_ATTR = re.compile(
    r"(?P<lead>\s(?P<name>href|src|poster|srcset)\s*=\s*)"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))",
    re.IGNORECASE)


def absolutize(content_html: str, base_url: str) -> str:
    """Every ``href``, ``src``, ``poster`` and ``srcset`` URL in tags made absolute against
    ``base_url`` (the page's absolute URL): ``../media/a.png`` and ``#section`` included.

    Only tags are touched: text that looks like HTML inside code blocks is escaped
    (``&lt;a href=...``) by Markdown, so it is not a tag and stays as written.
    """
    def attr(match: re.Match[str]) -> str:
        raw = next(v for v in (match["dq"], match["sq"], match["bare"]) if v is not None)
        value = html.unescape(raw)
        if match["name"].lower() == "srcset":
            new = ", ".join(_srcset_candidate(c, base_url) for c in value.split(",") if c.strip())
        else:
            new = urljoin(base_url, value.strip())
        return f'{match["lead"]}"{html.escape(new, quote=True)}"'

    return _TAG.sub(lambda tag: _URL_ATTR.sub(attr, tag[0]), content_html)


def _srcset_candidate(candidate: str, base_url: str) -> str:
    url, _, descriptor = candidate.strip().partition(" ")
    return " ".join(filter(None, [urljoin(base_url, url), descriptor.strip()]))


# --- writers ----------------------------------------------------------------------

# XML 1.0 forbids these characters even escaped; a hostile entry may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text for an XML element or attribute value."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def rfc822(moment: dt.datetime) -> str:
    """``Wed, 13 Feb 2013 00:00:00 +0100`` (RSS 2.0; day and month names are English there)."""
    return format_datetime(moment)


def rfc3339(moment: dt.datetime) -> str:
    """``2013-02-13T00:00:00+01:00`` (Atom, JSON Feed)."""
    return moment.isoformat(timespec="seconds")


def rss(feed: Feed) -> str:
    """RSS 2.0 with ``content:encoded`` for the full text and ``atom:link rel="self"``."""
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:media="{MEDIA_RSS}">',
        "<channel>",
        f"<title>{_x(feed.title)}</title>",
        f"<link>{_x(feed.home_url)}</link>",
        f"<description>{_x(feed.description)}</description>",
        f"<language>{LANGUAGE}</language>",
        f"<copyright>{_x(feed.licence.line)}</copyright>",
        f'<atom:link href="{_x(feed.url("rss"))}" rel="self" type="{MEDIA_TYPES["rss"]}"/>',
    ]
    if feed.items:
        lines += [f"<pubDate>{rfc822(feed.updated)}</pubDate>",
                  f"<lastBuildDate>{rfc822(feed.updated)}</lastBuildDate>"]
    for item in feed.items:
        lines += [
            "<item>",
            f"<title>{_x(item.title)}</title>",
            f"<link>{_x(item.url)}</link>",
            f'<guid isPermaLink="true">{_x(item.id)}</guid>',
            f"<pubDate>{rfc822(item.date)}</pubDate>",
            *(f"<dc:creator>{_x(name)}</dc:creator>" for name in item.authors),
            *(f"<category>{_x(tag)}</category>" for tag in item.tags),
            f"<description>{_x(item.summary or item.title)}</description>",
            f"<content:encoded>{_x(item.content_html)}</content:encoded>",
            *_media_content(item.image),
            "</item>",
        ]
    lines += ["</channel>", "</rss>"]
    return "\n".join(lines) + "\n"


MEDIA_RSS = "http://search.yahoo.com/mrss/"


def _media_content(image: FeedImage | None) -> list[str]:
    """Media RSS's item picture, its description the photo's alternative text."""
    if image is None:
        return []
    head = (f'<media:content url="{_x(image.url)}" medium="image" type="{_x(image.type)}" '
            f'width="{image.width}" height="{image.height}"')
    if not image.alt:
        return [head + "/>"]
    return [head + ">", f'<media:description type="plain">{_x(image.alt)}</media:description>',
            "</media:content>"]


def atom(feed: Feed) -> str:
    """Atom 1.0 (RFC 4287): ``rel="alternate"`` on every entry link, ``rights`` for the licence."""
    authors = feed.authors or (feed.title,)  # Atom needs an author for entries without one
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="{MEDIA_RSS}" xml:lang="{LANGUAGE}">',
        f"<id>{_x(feed.url('atom'))}</id>",
        f'<title type="text">{_x(feed.title)}</title>',
        f'<subtitle type="text">{_x(feed.description)}</subtitle>',
        f"<updated>{rfc3339(feed.updated)}</updated>",
        f'<link rel="alternate" type="text/html" href="{_x(feed.home_url)}"/>',
        f'<link rel="self" type="{MEDIA_TYPES["atom"]}" href="{_x(feed.url("atom"))}"/>',
        f'<link rel="license" href="{_x(feed.licence.url)}"/>' if feed.licence.url else "",
        f'<rights type="text">{_x(feed.licence.line)}</rights>',
        *(f"<author><name>{_x(name)}</name></author>" for name in authors),
    ]
    for item in feed.items:
        lines += [
            "<entry>",
            f"<id>{_x(item.id)}</id>",
            f'<title type="text">{_x(item.title)}</title>',
            f'<link rel="alternate" type="text/html" href="{_x(item.url)}"/>',
            f"<published>{rfc3339(item.date)}</published>",
            f"<updated>{rfc3339(item.date)}</updated>",
            *(f"<author><name>{_x(name)}</name></author>" for name in item.authors),
            *(f'<category term="{_x(tag)}"/>' for tag in item.tags),
            *([f'<summary type="text">{_x(item.summary)}</summary>'] if item.summary else []),
            f'<content type="html">{_x(item.content_html)}</content>',
            *_media_content(item.image),
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(line for line in lines if line) + "\n"


def json_feed(feed: Feed) -> str:
    """JSON Feed 1.1; the licence under the ``_licence`` extension key (extensions start
    with ``_`` in JSON Feed, and readers ignore those they do not know)."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url("json"),
        "description": feed.description,
        "language": LANGUAGE,
        "authors": [{"name": name} for name in feed.authors],
        "_licence": {"name": feed.licence.name, "url": feed.licence.url, "text": feed.licence.line},
        "items": [_json_item(item) for item in feed.items],
    }
    if not feed.authors:
        del document["authors"]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_item(item: FeedItem) -> dict:
    data = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": rfc3339(item.date),
        "date_modified": rfc3339(item.date),
        "authors": [{"name": name} for name in item.authors],
        "tags": list(item.tags),
        "language": LANGUAGE,
        "image": item.image.url if item.image is not None else None,
    }
    return {key: value for key, value in data.items() if value not in (None, [])}


WRITERS: dict[str, Callable[[Feed], str]] = {"rss": rss, "atom": atom, "json": json_feed}


def render_all(feed: Feed) -> dict[str, str]:
    """The three files of a feed: site-relative path -> text (UTF-8)."""
    return {feed.uris[fmt]: WRITERS[fmt](feed) for fmt in FORMATS}


def feed_files(journal: Journal, site_url: str | None, site_name: str,
               html_of: Callable[[Entry], str], *, description: str | None = None,
               timezone: str = DEFAULT_TIMEZONE, licence: Licence = DEFAULT_LICENCE,
               max_items: int | None = None, image_of: ImageOf = _no_image) -> dict[str, str]:
    """Every feed file of a site, the site's and each residency's: site-relative path -> text.

    Without a ``site_url`` there are none: the adapter gives :data:`MISSING_SITE_URL` once.
    """
    if not site_url:
        return {}
    common = {"timezone": timezone, "licence": licence, "max_items": max_items, "image_of": image_of}
    files = render_all(site_feed(journal, site_url, site_name, html_of, description=description,
                                 **common))
    for residency in journal.residencies:
        files.update(render_all(residency_feed(residency, site_url, html_of, **common)))
    return files
