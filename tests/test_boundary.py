"""The publishing boundary: only hand-written pages, published entries, generated
pages and the media published entries reference reach a built site."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.model import Options, load_journal

A = "journal/achats"
SECRET = "Texte-secret-du-brouillon"


def _leaks(built, secret: str = SECRET) -> list[Path]:
    """Every file of the built site that carries ``secret`` (html, search index, sitemap...)."""
    return [p for p in built.all_files() if secret.encode() in p.read_bytes()]


def _site(tmp_path, files: dict[str, str], expect: list[str]):
    root = write_project(tmp_path / "p", {f"{A}/residence.yml": RESIDENCE_YML, **files})
    return build_project(root, expect=expect)


def test_a_link_to_a_draft_is_text_and_the_draft_is_not_published(tmp_path):
    built = _site(tmp_path, {
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28",
                                          "Voir [demain](jour-2.md) et\n![plan](jour-2.md).\n"),
        f"{A}/semaine-1/jour-2.md": entry(f"date: 2013-01-29\ndraft: true\ntitle: {SECRET}\n"
                                          f"tags: [{SECRET}]", f"{SECRET}\n"),
    }, expect=[f"{A}/semaine-1/jour-1.md:5: lien vers « jour-2.md » : cette entrée est un "
               "brouillon", f"{A}/semaine-1/jour-1.md:6: lien vers « jour-2.md »"])
    assert _leaks(built) == []
    day = built.html("achats/semaine-1/jour-1/")
    assert "Voir demain et\nplan." in day
    assert "jour-2" not in day
    assert len(built.warnings) == 2  # one per link, nothing about the draft itself


def test_links_in_code_and_comments_are_left_alone_and_publish_nothing(tmp_path):
    body = ("<!-- [note](jour-2.md) -->\n\n```\n[code](jour-2.md)\n```\n\n~~~\n![x](jour-2.md)\n~~~\n"
            "\n    [indenté](jour-2.md)\n\nDu `[span](jour-2.md)` ici.\n")
    built = _site(tmp_path, {
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", body),
        f"{A}/semaine-1/jour-2.md": entry("date: 2013-01-29\ndraft: true", f"{SECRET}\n"),
    }, expect=[])
    assert _leaks(built) == []
    assert not (built.site / "achats/semaine-1/jour-2.md").exists()


def test_unreadable_entries_and_other_markdown_files_are_never_pages(tmp_path):
    built = _site(tmp_path, {
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", (
            "[a](jour-2.md) [b](notes.markdown) [c](../residence.yml) [d](Autre.MD)\n")),
        f"{A}/semaine-1/jour-2.md": entry("date: 2013-02-30", f"{SECRET}\n"),
        f"{A}/semaine-1/notes.markdown": f"{SECRET}\n",
        f"{A}/semaine-1/Autre.MD": f"{SECRET}\n",
    }, expect=[
        f"{A}/semaine-1/jour-2.md:2: date",
        f"{A}/semaine-1/jour-1.md:5: lien vers « jour-2.md » : cette entrée n'est pas publiée",
        f"{A}/semaine-1/jour-1.md:5: lien vers « notes.markdown » : ce fichier n'est pas une entrée",
        f"{A}/semaine-1/jour-1.md:5: lien vers « ../residence.yml » : ce fichier n'est jamais publié",
        f"{A}/semaine-1/jour-1.md:5: lien vers « Autre.MD »",
        f"{A}/semaine-1/notes.markdown: ce fichier n'est pas lu : une entrée du journal se "
        "termine par « .md » (en minuscules) ; renommez-le en « notes.md »",
        f"{A}/semaine-1/Autre.MD: ce fichier n'est pas lu",
    ])
    assert _leaks(built) == []
    assert "a b c d" in built.html("achats/semaine-1/jour-1/")


def test_a_residency_folder_linked_out_of_the_journal_is_not_read(tmp_path):
    outside = tmp_path / "ailleurs"
    (outside / "semaine-1").mkdir(parents=True)
    (outside / "residence.yml").write_text(RESIDENCE_YML.replace("Résidence test", SECRET))
    (outside / "semaine-1/jour-1.md").write_text(entry("date: 2013-01-28", f"{SECRET}\n"))
    root = write_project(tmp_path / "p", {f"{A}/residence.yml": RESIDENCE_YML,
                                          f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28")})
    os.symlink(outside, root / "journal/exterieur")
    built = build_project(root, expect=["journal/exterieur: c'est un lien vers"])
    assert len(built.warnings) == 1
    assert _leaks(built) == []


def test_entries_and_media_linked_out_of_the_journal_are_not_read_nor_copied(tmp_path):
    outside = tmp_path / "dehors.md"
    outside.write_text(entry("date: 2013-01-29", f"{SECRET}\n"))
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    root = write_project(tmp_path / "p", {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", (
            "![env](../media/env.png) [s](../media/secret.txt) [d](jour-2.md)\n"
            "[haut](../../../../secret.txt)\n")),
    })
    (root / A / "media").mkdir()
    os.symlink("/proc/self/environ", root / A / "media/env.png")
    os.symlink(secret_file, root / A / "media/secret.txt")
    os.symlink(outside, root / A / "semaine-1/jour-2.md")
    built = build_project(root, expect=[
        f"{A}/media/env.png: c'est un lien vers « /proc/",
        f"{A}/media/secret.txt: c'est un lien vers",
        f"{A}/semaine-1/jour-2.md: c'est un lien vers",
        f"{A}/semaine-1/jour-1.md:6: lien vers « ../../../../secret.txt » : ce fichier est hors",
    ])
    # one message per mistake: the links to refused files are text without a second message
    assert len(built.warnings) == 4, built.warnings
    assert _leaks(built) == []
    assert not (built.site / "achats/media").exists()
    assert "HOME=" not in "".join(p.read_text(errors="replace") for p in built.all_files())
    assert "env s d" in built.html("achats/semaine-1/jour-1/")


def test_dot_folders_and_dot_files_are_ignored(tmp_path):
    built = _site(tmp_path, {
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", "Le vrai jour.\n"),
        f"{A}/.history/semaine-1/jour-1.md": entry("date: 2013-01-28", f"{SECRET}\n"),
        f"{A}/.trash/jour-9.md": entry("date: 2013-01-29", f"{SECRET}\n"),
        f"{A}/semaine-1/.jour-2.md.swp": SECRET,
        "journal/.cache/residence.yml": RESIDENCE_YML,
    }, expect=[])
    assert _leaks(built) == []
    assert "Le vrai jour." in built.html("achats/semaine-1/jour-1/")


def test_media_are_copied_only_when_a_published_entry_links_to_them(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    built = _site(tmp_path, {
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", "![plan](../media/plan.svg)\n"),
        f"{A}/semaine-1/jour-2.md": entry("date: 2013-01-29\ndraft: true",
                                          "![brouillon](../media/pour-plus-tard.svg)\n"),
        f"{A}/media/plan.svg": svg,
        f"{A}/media/pour-plus-tard.svg": svg,  # only a draft uses it: no warning in a build
        f"{A}/media/oublie.svg": svg,
    }, expect=[f"{A}/media/oublie.svg: aucune entrée publiée n'a de lien vers ce fichier"])
    assert len(built.warnings) == 1
    assert (built.site / "achats/media/plan.svg").is_file()
    assert not (built.site / "achats/media/pour-plus-tard.svg").exists()
    assert not (built.site / "achats/media/oublie.svg").exists()


def test_files_at_the_top_of_the_journal_and_wrong_extensions_are_named(tmp_path):
    journal = load_journal(write_project(tmp_path, {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28"),
        f"{A}/semaine-1/jour-2.MD": entry("date: 2013-01-29"),
        "journal/perdu.md": entry("date: 2013-01-29"),
        "journal/photo.jpg": "x",
    }))
    assert [str(p) for p in journal.problems] == [
        f"{A}/semaine-1/jour-2.MD: ce fichier n'est pas lu : une entrée du journal se termine "
        "par « .md » (en minuscules) ; renommez-le en « jour-2.md »",
        "journal/perdu.md: ce fichier n'est dans aucune résidence, il n'est pas lu : placez-le "
        "dans le dossier d'une résidence (par exemple journal/<résidence>/semaine-1/)",
        "journal/photo.jpg: ce fichier n'est dans aucune résidence, il n'est pas publié : "
        "placez-le dans le dossier d'une résidence (les images dans son dossier media/), ou "
        "retirez-le",
    ]


def test_a_symlink_loop_and_a_link_inside_the_journal_are_fine(tmp_path):
    root = write_project(tmp_path, {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", "![p](../images/p.txt)\n"),
        f"{A}/media/p.txt": "x",
    })
    os.symlink(root / A, root / A / "boucle")
    os.symlink(root / A / "media", root / A / "images")
    journal = load_journal(root)
    assert [str(p) for p in journal.problems] == []
    assert list(journal.residencies[0].media) == ["achats/media/p.txt"]


def test_drafts_problems_only_when_drafts_are_shown(tmp_path):
    files = {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28"),
        f"{A}/semaine-1/jour-2.md": entry("date: 2013-01-29\ndraft: true",
                                          "[absent](nulle-part.md)\n"),
        f"{A}/brouillon.md": entry("date: 2014-01-01\ndraft: true"),
    }
    root = write_project(tmp_path, files)
    assert load_journal(root).problems == []
    shown = [str(p) for p in load_journal(root, options=Options(include_drafts=True)).problems]
    assert len(shown) == 2, shown
    assert shown[0].startswith(f"{A}/brouillon.md:2: date : le 2014-01-01 n'est dans aucune")
    assert shown[1].startswith(f"{A}/semaine-1/jour-2.md:6: lien vers « nulle-part.md »")


def test_a_preview_reports_a_link_to_a_draft_as_the_build_does_but_keeps_it(tmp_path):
    root = write_project(tmp_path, {
        f"{A}/residence.yml": RESIDENCE_YML,
        f"{A}/semaine-1/jour-1.md": entry("date: 2013-01-28", "[demain](jour-2.md)\n"),
        f"{A}/semaine-1/jour-2.md": entry("date: 2013-01-29\ndraft: true", "[hier](jour-1.md)\n"),
    })
    built = load_journal(root)
    preview = load_journal(root, options=Options(include_drafts=True))
    assert [str(p) for p in preview.problems] == [str(p) for p in built.problems] == [
        f"{A}/semaine-1/jour-1.md:5: lien vers « jour-2.md » : cette entrée est un brouillon "
        "(draft: true), elle n'est pas publiée ; dans le site publié, le lien est affiché comme "
        "du texte. Publiez l'entrée, ou retirez le lien"]
    assert built.residencies[0].entries[0].body.strip() == "demain"
    assert preview.residencies[0].entries[0].body.strip() == "[demain](jour-2.md)"
