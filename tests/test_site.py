"""The site's pages and URLs, in plain Python: one owner for what is published where."""

from __future__ import annotations

from conftest import RESIDENCE_YML, ROOT, entry, write_project
from residency_journal.model import load_journal
from residency_journal.model.kinds import INDEX_KINDS
from residency_journal.model.site import (
    PageSpec,
    published_specs,
    site_pages,
    site_problems,
)


def test_every_page_url_comes_from_the_model_and_matches_the_content_model():
    journal = load_journal(ROOT)
    res = journal.residencies[0]
    specs = site_pages(journal)
    urls = {spec.url for spec in specs}
    assert journal.url == "journal/" and res.url == f"{res.slug}/"
    assert [res.index_url(kind) for kind in INDEX_KINDS] == [
        f"{res.slug}/actions/", f"{res.slug}/visites/", f"{res.slug}/participants/",
        f"{res.slug}/verbatims/", f"{res.slug}/donnees/"]
    assert res.actions_url == f"{res.slug}/actions/" and res.visits_url in urls
    for e in res.days:
        assert e.url == f"{res.slug}/semaine-{e.week}/jour-{e.day}/" and e.url in urls
    for e in res.follow_ups:
        assert e.url == f"{res.slug}/suivi/{e.date.isoformat()}/" and e.url in urls
    for kind, folder in (("actions", "actions"), ("visits", "visites"),
                         ("participants", "participants")):
        for ident, obj in getattr(res, kind).items():
            assert obj.url == f"{res.slug}/{folder}/{ident}/" and obj.url in urls
    visit = next(v for v in res.visits.values() if v.section)
    assert visit.story_url == f"{visit.entry.url}#{visit.section}"
    assert len(urls) == len(specs)  # no two pages claim one URL in the shipped journal
    assert site_problems(journal, specs, ["index.md", "a-propos.md", "tags.md"]) == []


def test_two_pages_claiming_one_url_are_one_problem_at_the_later_claim():
    first = PageSpec("a/index.md", "journal", "A", source="journal/x/residence.yml", line=2)
    second = PageSpec("a/index.md", "journal", "B", source="journal/y/semaine-1/jour-1.md", line=7)
    journal = load_journal(ROOT)
    problems = site_problems(journal, [first, second])
    assert [str(p) for p in problems] == [
        "journal/y/semaine-1/jour-1.md:7: cette page prendrait l'adresse /a/, déjà celle de la "
        "page venue de journal/x/residence.yml:2 : changez cet identifiant"]
    assert published_specs([first, second]) == [first]


def test_reserved_ids_and_slugs_and_hand_written_replacements(tmp_path):
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE_YML,
        "journal/res/semaine-1/jour-1.md": entry("""
            date: 2013-01-28
            participants:
              - id: index
                label: Un participant nommé index
            actions:
              - id: index
                title: Une action nommée index
        """),
        "journal/assets/residence.yml": "title: Assets\n",
        "journal/images/residence.yml": "title: Images\nslug: images\n",
        "journal/equipe/residence.yml": "title: Équipe\n",
    })
    journal = load_journal(root)
    specs = site_pages(journal)
    docs = ["index.md", "images/logo.png", "equipe.md", "res/actions.md"]
    problems = [str(p) for p in site_problems(journal, specs, docs)]
    assert problems == [
        "journal/assets/residence.yml: le dossier « assets » donne à la résidence l'identifiant "
        "« assets », déjà pris par le site, pour les fichiers du thème (/assets/) : ajoutez une "
        "ligne « slug: » avec un autre identifiant dans ce fichier",
        "journal/images/residence.yml:2: slug : « images » est déjà pris par le site, pour "
        "« docs/images » dans les pages écrites à la main : choisissez un autre « slug: » pour "
        "cette résidence",
        "journal/res/semaine-1/jour-1.md:4: id : « index » est réservé : la page de cet élément "
        "prendrait l'adresse /res/participants/, qui est celle de la liste ; choisissez un autre id",
        "journal/res/semaine-1/jour-1.md:7: id : « index » est réservé : la page de cet élément "
        "prendrait l'adresse /res/actions/, qui est celle de la liste ; choisissez un autre id",
    ]
    # docs/equipe.md and docs/res/actions.md replace generated pages: not problems
    published = {spec.url for spec in published_specs(specs)}
    assert "res/actions/" in published and "res/participants/" in published
    assert all(not (s.is_entity and s.obj.id == "index") for s in published_specs(specs))
