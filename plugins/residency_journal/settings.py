"""The site's settings the model needs, read one way for the plugin and for ``journal``.

The plugin gets its options validated by MkDocs (:mod:`.config`, whose defaults are
the ones here) and the toc's ``slugify`` from MkDocs' own reading of mkdocs.yml; the
CLI reads mkdocs.yml itself, tolerantly, without MkDocs installed. Both hand what
they read to :func:`settings`, which alone decides defaults, cleans the values and
makes the model's :class:`~.model.resolve.Options`: so ``journal check`` and
``mkdocs build`` read the same journal folder, vocabulary and heading anchors.

Engine-free: PyYAML only (and the site's slugify, imported as MkDocs would).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import Options, Vocabulary
from .model.discovery import JOURNAL_DIR
from .model.urls import SCHEMA_DIR

MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")

# The defaults of the options both readers need (config.py declares them from here;
# JOURNAL_DIR is the model's, model/discovery.py, SCHEMA_DIR the URL owner's, model/urls.py).
DOCS_DIR = "docs"


@dataclass
class Settings:
    """What the journal plugin is told in mkdocs.yml, as the model uses it."""

    journal_dir: str = JOURNAL_DIR  # relative to mkdocs.yml
    docs_dir: str = DOCS_DIR  # relative to mkdocs.yml: its top-level names are the site's own
    schema_dir: str = SCHEMA_DIR  # '' : no schema published
    verdicts: dict[str, str] = field(default_factory=dict)  # mkdocs.yml's changes only
    statuses: dict[str, str] = field(default_factory=dict)
    # toc's heading-anchor function when mkdocs.yml sets one: a visit's `section` must
    # name a heading of its day as the build writes its id.
    slugify: Callable[[str, str], str] | None = None
    markdown_extensions: Any = None  # mkdocs.yml's, as written (journal check renders with it)
    options: Mapping[str, Any] = field(default_factory=dict)  # the plugin's, as given

    @property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.with_overrides(self.verdicts, self.statuses)

    def model_options(self, *, include_drafts: bool, last_good: dict[str, Any] | None = None,
                      private_names: bool = False,
                      vocabulary: Vocabulary | None = None) -> Options:
        """How the model reads this site's journal (drafts and the rest: the caller's)."""
        return Options(include_drafts=include_drafts,
                       vocabulary=vocabulary if vocabulary is not None else self.vocabulary,
                       last_good=last_good, slugify=self.slugify, private_names=private_names)


def settings(options: Mapping[str, Any], *, docs_dir: Any = None, slugify: Any = None,
             markdown_extensions: Any = None) -> Settings:
    """The one reader: the plugin's ``options`` (validated by MkDocs, or as written in
    mkdocs.yml) and the site's ``docs_dir`` and toc ``slugify``; a value of the wrong
    type is the default (MkDocs refuses it with its own message in a build)."""
    found = Settings(options=options, markdown_extensions=markdown_extensions,
                     slugify=slugify if callable(slugify) else None)
    if isinstance(docs_dir, str):
        found.docs_dir = docs_dir.strip("/") or DOCS_DIR
    if isinstance(options.get("journal_dir"), str):
        found.journal_dir = options["journal_dir"].strip("/") or JOURNAL_DIR
    if isinstance(options.get("schema_dir"), str):
        found.schema_dir = options["schema_dir"]
    for name in ("verdicts", "statuses"):
        if isinstance(options.get(name), Mapping):
            setattr(found, name, {str(k): str(v) for k, v in options[name].items()})
    return found


# --- the CLI's reading of mkdocs.yml --------------------------------------------------


class SettingsError(Exception):
    """mkdocs.yml cannot be read (the message says why, in French)."""


@dataclass(frozen=True)
class _PythonTag:
    """``!!python/name:`` or ``!!python/object/apply:`` as written: resolved only where
    the model needs the value (toc's slugify), as MkDocs' loader would."""

    name: str
    args: tuple[Any, ...] = ()
    kwds: Mapping[str, Any] | None = None
    call: bool = False

    def resolve(self) -> Any:
        module, _, attribute = self.name.rpartition(".")
        try:
            value = getattr(importlib.import_module(module), attribute)
            return value(*self.args, **(self.kwds or {})) if self.call else value
        except Exception:  # not installed, or not what mkdocs.yml says: toc's default
            return None


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads ``!ENV`` and other tags as None, and keeps ``!!python/...``
    unexecuted (:class:`_PythonTag`). Material's documentation puts such tags in
    mkdocs.yml; the reader never needs most of their values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    for prefix, call in (("tag:yaml.org,2002:python/name:", False),
                         ("tag:yaml.org,2002:python/object/apply:", True)):
        if suffix.startswith(prefix):
            args: tuple[Any, ...] = ()
            kwds: Mapping[str, Any] | None = None
            if isinstance(node, yaml.SequenceNode):
                args = tuple(loader.construct_sequence(node, deep=True))
            elif isinstance(node, yaml.MappingNode):
                value = loader.construct_mapping(node, deep=True)
                args = tuple(value.get("args") or ())
                kwds = value.get("kwds") if isinstance(value.get("kwds"), Mapping) else None
            return _PythonTag(suffix[len(prefix):], args, kwds, call)
    return None


_TolerantLoader.add_multi_constructor("", _tag)


def config_file(root: Path) -> Path | None:
    return next((root / n for n in MKDOCS_FILES if (root / n).is_file()), None)


def read_settings(path: Path) -> Settings:
    """The settings in the mkdocs.yml at ``path``; :class:`SettingsError` if unreadable."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path} ne peut pas être lu : {exc}") from None
    config = config if isinstance(config, Mapping) else {}
    extensions = _without_tags(config.get("markdown_extensions"))
    slugify = _toc_option(config.get("markdown_extensions"), "slugify")
    return settings(_plugin_options(config, "journal"), docs_dir=config.get("docs_dir"),
                    slugify=slugify.resolve() if isinstance(slugify, _PythonTag) else None,
                    markdown_extensions=extensions)


def _toc_option(extensions: Any, name: str) -> Any:
    items: Iterator[Any] = (iter(extensions.items()) if isinstance(extensions, Mapping)
                            else iter(extensions) if isinstance(extensions, list) else iter(()))
    for item in items:
        if isinstance(item, Mapping) and len(item) == 1:
            item = next(iter(item.items()))
        if isinstance(item, tuple) and item[0] == "toc" and isinstance(item[1], Mapping):
            return item[1].get(name)
    return None


def _without_tags(value: Any) -> Any:
    """``value`` with every unresolved tag as None (as check_render expects)."""
    if isinstance(value, _PythonTag):
        return None
    if isinstance(value, Mapping):
        return {k: _without_tags(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_tags(v) for v in value]
    return value


def _plugin_options(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Options of plugin ``name``, whether ``plugins`` is written as a list or a mapping."""
    plugins = config.get("plugins")
    entries: Iterator[tuple[Any, Any]]
    if isinstance(plugins, Mapping):
        entries = iter(plugins.items())
    elif isinstance(plugins, list):
        entries = ((next(iter(p.items())) if isinstance(p, Mapping) and p else (p, None))
                   for p in plugins)
    else:
        return {}
    for key, options in entries:
        if key == name:
            return _without_tags(dict(options)) if isinstance(options, Mapping) else {}
    return {}
