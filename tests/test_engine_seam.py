"""Every private name of the engine (MkDocs or ProperDocs) and Material the preview uses
is in preview/engine_seam.py, and each still exists in the installed versions."""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from conftest import ENGINE
from residency_journal.preview import engine_seam

PACKAGE = Path(engine_seam.__file__).resolve().parent.parent


def _engine_versions() -> str:
    found = []
    for name in ("mkdocs", "properdocs", "mkdocs-material"):
        with contextlib.suppress(PackageNotFoundError):
            found.append(f"{name} {version(name)}")
    return ", ".join(found)


def _resolve(dotted: str) -> object:
    """A module, or an attribute path inside one (the longest importable prefix)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            target = getattr(target, part)
        return target
    raise ImportError(dotted)


def _instance(cls: type, folder: Path) -> object:
    """An instance of the classes whose instances carry the private names (any file
    it needs is made in ``folder``)."""
    if cls.__name__ == "LiveReloadServer":
        return cls(builder=lambda: None, host="127.0.0.1", port=0, root=str(folder))
    if cls.__name__ == "TagsPlugin":
        plugin = cls()
        plugin.load_config({})
        from mkdocs.config.defaults import MkDocsConfig

        config = MkDocsConfig()
        (folder / "docs").mkdir(exist_ok=True)
        config.load_dict({"site_name": "x", "theme": {"name": "material"},
                          "docs_dir": str(folder / "docs"), "site_dir": str(folder / "site")})
        errors, _ = config.validate()
        assert not errors, errors
        plugin.on_config(config)
        return plugin
    if cls.__name__ in ("MappingManager", "ListingManager"):
        tags = _instance(_resolve("material.plugins.tags.plugin.TagsPlugin"), folder)
        return tags.mappings if cls.__name__ == "MappingManager" else tags.listings
    if cls.__name__ == "SearchIndex":
        return cls()
    raise AssertionError(f"no way to make a {cls.__name__}: add one to this test")


def _has(where: str, name: str, folder: Path) -> bool:
    if where.endswith("()"):
        made = _instance(_resolve(where[:-2]), folder)
        try:
            return hasattr(made, name)
        finally:
            if hasattr(made, "server_close"):
                made.server_close()
    target = _resolve(where)
    if inspect.isfunction(target):  # a parameter or local of that function
        return name in (*target.__code__.co_varnames, *target.__code__.co_cellvars)
    if inspect.isclass(target) and name in getattr(target, "__annotations__", {}):
        return True
    return hasattr(target, name)


def test_every_private_name_the_seam_uses_exists_in_the_installed_engine(tmp_path: Path):
    missing = []
    for where, name, why in engine_seam.PRIVATE_NAMES:
        try:
            present = _has(where.replace("mkdocs.", f"{ENGINE}.", 1)
                           if where.startswith("mkdocs.") else where, name, tmp_path)
        except (ImportError, AttributeError) as error:
            present, why = False, f"{why} ({error})"
        if not present:
            missing.append(f"  {where} has no `{name}` any more (the preview uses it for: {why})")
    assert not missing, (
        f"The installed engine ({_engine_versions()}) no longer has names the preview "
        "relies on; adapt preview/engine_seam.py:\n" + "\n".join(missing))


def test_the_draft_marker_is_mkdocs_own():
    source = inspect.getsource(_resolve(f"{ENGINE}.commands.build._build_page"))
    strings = [n.value for n in ast.walk(ast.parse(inspect.cleandoc("\n" + source)))
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert engine_seam.DRAFT_MARKER in strings, "the engine's draft marker changed: copy it again"


def _private_names_used(path: Path) -> set[str]:
    """Names starting with one underscore that a module takes from elsewhere: imported
    (``from x import _y``) or read as an attribute of something not itself (``a._y``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            used |= {f"{node.module}.{a.name}" for a in node.names
                     if a.name.startswith("_") and not a.name.startswith("__")}
        elif (isinstance(node, ast.Attribute) and node.attr.startswith("_")
              and not node.attr.startswith("__") and node.attr not in own
              and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
            used.add(node.attr)
    return used


def test_the_rest_of_the_preview_uses_no_private_name():
    # Its own private helpers (self._x, module-level _x) are its own; what it takes from the
    # engine, Material or the rest of the project (the model, the plugin) is public.
    for path in sorted((PACKAGE / "preview").glob("*.py")):
        if path.name == "engine_seam.py":
            continue
        assert not _private_names_used(path), f"{path.name}: {_private_names_used(path)}"
