"""Material's plugins (search, tags) as the site configures them.

A plugin is registered under the name mkdocs.yml gives it: ``tags`` or
``material/tags`` for the same plugin. Every lookup goes through here.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig


def material_plugin(config: MkDocsConfig, name: str) -> Any:
    """The plugin ``name`` (``search``, ``tags``) under either of its names, or None."""
    return config.plugins.get(f"material/{name}") or config.plugins.get(name)
