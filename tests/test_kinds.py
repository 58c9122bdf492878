"""One table of page kinds (model/kinds.py) and one owner of every published URL
(model/urls.py): what a build publishes agrees with both."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BASE_MKDOCS_YML, RESIDENCE_YML, ROOT, entry
from residency_journal.model import load_journal
from residency_journal.model.exports import Exporter
from residency_journal.model.kinds import ENTITY_KINDS, FACTS, INDEX_KINDS, Banner, Kind
from residency_journal.model.linked_data import linked_data
from residency_journal.model.site import PageSpec, site_pages, site_problems, site_wide_pages
from residency_journal.model.urls import reserved_names, schema_uris

TEMPLATES = ROOT / "plugins" / "residency_journal" / "templates"

DAY = entry("""
    date: 2013-01-28
    title: Premier jour
    actions:
      - id: guichet
        title: Un guichet unique
""")


def test_every_kind_has_its_facts_and_its_template():
    assert set(FACTS) == set(Kind)
    for kind in Kind:
        assert (TEMPLATES / kind.template).is_file(), kind
        assert f"{kind}" == str(kind) == kind.value  # written as its name, on every Python
    assert {k for k in Kind if k.facts.searched} == {
        Kind.DAY, Kind.FOLLOWUP, Kind.RESIDENCY, Kind.ACTION, Kind.VISIT}
    for kind in ENTITY_KINDS:
        assert kind.facts.under in INDEX_KINDS and kind.facts.label
    for kind in INDEX_KINDS:
        assert kind.facts.title and kind.facts.folder


def test_the_pages_of_a_journal_have_the_kinds_the_table_describes():
    journal = load_journal(ROOT)
    specs = site_pages(journal)
    kinds = {spec.kind for spec in specs}
    assert all(isinstance(spec.kind, Kind) for spec in specs)
    assert {Kind.JOURNAL, Kind.RESIDENCY, Kind.DAY, *INDEX_KINDS, *ENTITY_KINDS,
            Kind.LIVRET} <= kinds
    exporter = Exporter("https://example.org/")
    for spec in specs:  # a JSON-LD object exactly where the kind has a schema.org type
        data = linked_data(spec, exporter)
        assert (data or {}).get("@type") == spec.kind.facts.linked_data, spec.src_uri
    assert [s.kind for s in site_wide_pages(None)] == [Kind.ACCESSIBILITY, Kind.LEGAL]
    assert PageSpec("a/index.md", "journal", "A").kind is Kind.JOURNAL  # a name is accepted


def test_what_a_preview_shows_on_each_kind():
    assert Kind.JOURNAL.facts.banner is Banner.ALL
    assert Kind.RESIDENCY.facts.banner is Banner.FOLDER
    assert Kind.DAY.facts.banner is Banner.FILE
    assert {k for k in Kind if k.facts.resident_body} == {Kind.DAY, Kind.FOLLOWUP}


def test_every_top_level_name_of_the_shipped_site_is_reserved_or_its_own(shipped_journal):
    """The site's own top-level folders come from model/urls.py; nothing else is at the
    top but residencies, the site's hand-written pages and files with a dot."""
    journal = load_journal(shipped_journal.root)
    slugs = {r.slug for r in journal.residencies}
    docs = {p.name.removesuffix(".md") for p in (shipped_journal.root / "docs").iterdir()}
    reserved = reserved_names()
    for path in shipped_journal.site.iterdir():
        name = path.name
        assert "." in name or name in reserved or name in slugs or name in docs, name
    for name in ("journal", "donnees", "schema", "assets", "pagefind", "accessibilite",
                 "mentions-legales"):
        assert name in reserved and (shipped_journal.site / name).is_dir(), name


def test_a_slug_taking_the_search_index_folder_is_reported():
    journal = load_journal(ROOT)
    journal.residencies[0].slug = "pagefind"
    problems = site_problems(journal, site_pages(journal))
    assert any("/pagefind/" in p.message for p in problems)


def test_schemas_follow_schema_dir():
    assert schema_uris("schema") == {"entry": "schema/entry.json",
                                     "residence": "schema/residence.json",
                                     "export": "schema/export.json"}
    assert schema_uris("/data/schemas/")["export"] == "data/schemas/export.json"
    assert schema_uris("") == {}
    assert "schema" not in reserved_names("") and "data" in reserved_names("data/schemas")


def test_no_schema_is_published_with_an_empty_schema_dir(project):
    yml = BASE_MKDOCS_YML.replace("  - journal\n", "  - journal:\n      schema_dir: ''\n")
    built = project({"journal/test/residence.yml": RESIDENCE_YML,
                     "journal/test/semaine-1/jour-1.md": DAY}, mkdocs_yml=yml)
    names = {p.relative_to(built.site).as_posix() for p in built.all_files()}
    assert not any(n.endswith(("entry.json", "residence.json", "export.json")) for n in names)
    assert not (built.site / "schema").exists()
    assert "donnees/journal.json" in names and "test/donnees/actions.csv" in names
    data_page = built.html("test/donnees/")
    assert "journal.json" in data_page and "export.json" not in data_page
    assert json.loads((built.site / "donnees" / "journal.json").read_text("utf-8"))


def test_schemas_are_published_under_schema_dir(project):
    yml = BASE_MKDOCS_YML.replace("  - journal\n", "  - journal:\n      schema_dir: data/s\n")
    built = project({"journal/test/residence.yml": RESIDENCE_YML,
                     "journal/test/semaine-1/jour-1.md": DAY}, mkdocs_yml=yml)
    for name in ("entry", "residence", "export"):
        assert (built.site / "data" / "s" / f"{name}.json").is_file(), name
    assert not Path(built.site / "schema").exists()
    assert "../../data/s/export.json" in built.html("test/donnees/")
