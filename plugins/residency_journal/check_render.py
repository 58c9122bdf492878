"""The site's Markdown, for `journal check`: bodies rendered as `mkdocs build` renders them,
so the check reports what the build's sanitiser will remove (model/body_policy.py).

Read from mkdocs.yml's ``markdown_extensions`` (as the CLI reads it: tags such as
``!!python/name:`` are None, and options set to None are left out), after MkDocs' own
built-in extensions. Python-Markdown comes with the site engine; without it, no body is
rendered and the check says nothing about bodies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# MkDocs renders every page with these, before the site's own (its config's `builtins`).
MKDOCS_BUILTINS = ("toc", "tables", "fenced_code")
TYPOGRAPHY = "residency_journal.typography"
ATTRIBUTES = "residency_journal.attributes"
# What the plugin adds to every site's extensions, so `journal check` renders with it too.
ALWAYS = (TYPOGRAPHY, ATTRIBUTES)


def extensions_of(setting: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """(names, options) of a ``markdown_extensions`` setting (a list of names or of
    ``{name: options}``, or a mapping), MkDocs' built-ins first."""
    names = list(MKDOCS_BUILTINS)
    options: dict[str, dict[str, Any]] = {}
    items: list[Any] = (list(setting.items()) if isinstance(setting, Mapping)
                        else list(setting) if isinstance(setting, list) else [])
    for item in items:
        if isinstance(item, Mapping) and len(item) == 1:
            item = next(iter(item.items()))
        name, values = (item, None) if isinstance(item, str) else (
            item if isinstance(item, tuple) and len(item) == 2 else (None, None))
        if not isinstance(name, str):
            continue
        if name not in names:
            names.append(name)
        if isinstance(values, Mapping):
            options[name] = {str(k): v for k, v in values.items() if v is not None}
    names += [name for name in ALWAYS if name not in names]
    return names, options


def renderer(setting: Any) -> Callable[[str], str] | None:
    """Markdown -> HTML as the site renders a body, or None without Python-Markdown."""
    try:
        import markdown
    except ImportError:
        return None
    names, options = extensions_of(setting)
    try:
        md = markdown.Markdown(extensions=names, extension_configs=options)
    except Exception:  # an extension that is not installed, or options it refuses
        usable = [n for n in names if _loads(markdown, n, options.get(n, {}))]
        md = markdown.Markdown(extensions=usable,
                               extension_configs={n: options[n] for n in usable if n in options})

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def _loads(markdown: Any, name: str, options: dict[str, Any]) -> bool:
    try:
        markdown.Markdown(extensions=[name], extension_configs={name: options} if options else {})
    except Exception:
        return False
    return True
