"""Files a careless or hostile resident may leave: symbolic links to what is never
published, names in NFD, empty tags, ids too long, bodies nested too deep, days
out of range. Each gives a message at its place, never a traceback, and the build
publishes nothing it should not."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from conftest import BASE_MKDOCS_YML, build_project, entry, write_project
from residency_journal.model import load_journal
from residency_journal.model.messages import say
from site_text import files_holding
from test_cli import run

SECRET_COMMENT = "commentaire interne à ne jamais publier"
RESIDENCE = f"""\
title: Résidence test
# {SECRET_COMMENT}
weeks:
  - start: 2013-01-28
team:
  - id: claire
    name: Claire
participants:
  - id: dgs
    label: Direction générale
    name: Zoé Secrète
"""


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def day(body: str, frontmatter: str = "date: 2013-01-28\nauthors: [claire]") -> str:
    return entry(frontmatter, body)


def symlinked(tmp_path: Path, links: dict[str, str], body: str, **more: str) -> Path:
    root = write_project(tmp_path / "p", {"journal/res/residence.yml": RESIDENCE,
                                          "journal/res/semaine-1/jour-1.md": day(body), **more})
    for link, target in links.items():
        path = root / link
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
    return root


def private_link(link: str, target: str, what: str) -> str:
    return f"{link}: " + say("publish.symlink_private", target=f"« {target} »",
                             what=say(what))


def test_a_symbolic_link_to_residence_yml_is_never_published(tmp_path):
    root = symlinked(tmp_path, {"journal/res/media/notes.txt": "../residence.yml"},
                     "Voir [les notes](../media/notes.txt).\n")
    message = private_link("journal/res/media/notes.txt", "journal/res/residence.yml",
                           "publish.what_residence")
    built = build_project(root, expect=[message])
    assert len(built.warnings) == 1  # the link to it is shown as text, without a second word
    assert files_holding(built.site, SECRET_COMMENT, "Zoé Secrète", "start: 2013-01-28") == {}
    assert "les notes" in built.html("res/semaine-1/jour-1/")
    checked = run("check", root)
    assert message in checked.output.splitlines()


def test_a_symbolic_link_to_an_entry_under_another_name_is_never_media(tmp_path):
    root = symlinked(tmp_path, {"journal/res/media/notes.txt": "../semaine-1/jour-1.md",
                                "journal/res/media/fiche.md.txt": "../semaine-1/jour-1.md"},
                     "Voir [les notes](../media/notes.txt) et [la fiche](../media/fiche.md.txt).\n")
    messages = [private_link(f"journal/res/media/{name}", "journal/res/semaine-1/jour-1.md",
                             "publish.what_entry") for name in ("fiche.md.txt", "notes.txt")]
    built = build_project(root, expect=messages)
    assert len(built.warnings) == 2
    assert files_holding(built.site, "authors: [claire]", "date: 2013-01-28") == {}


def test_a_link_through_a_symbolic_link_to_another_residency_is_refused(tmp_path):
    root = symlinked(tmp_path, {"journal/res/media/plan.txt": "../../autre/media/plan.txt",
                                "journal/res/media/conf.yml": "../../autre/residence.yml"},
                     "Le [plan](../media/plan.txt), la [conf](../media/conf.yml).\n",
                     **{"journal/autre/residence.yml": RESIDENCE,
                        "journal/autre/media/plan.txt": "plan de l'autre\n"})
    at = "journal/res/semaine-1/jour-1.md:6: "
    expect = [at + say("link.outside", target="« ../media/plan.txt »"),
              private_link("journal/res/media/conf.yml", "journal/autre/residence.yml",
                           "publish.what_residence"),
              "journal/autre/media/plan.txt: " + say("publish.unused_file")]
    built = build_project(root, expect=expect)
    assert len(built.warnings) == 3
    assert files_holding(built.site, "plan de l'autre", SECRET_COMMENT) == {}


def test_a_media_file_named_in_nfd_and_linked_in_nfc_is_published(tmp_path):
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE,
        # A PDF: a photo is re-encoded under derived names (test_photos.py); here only
        # the name matters.
        "journal/res/semaine-1/jour-1.md": day(nfc("[Le compte rendu du café](../media/café.pdf)\n")),
        nfd("journal/res/media/café.pdf"): "%PDF-1.4"})
    built = build_project(root)
    assert built.warnings == []
    published = [p.name for p in (built.site / "res" / "media").iterdir()]
    assert published == [nfc("café.pdf")]  # one name, in NFC, whatever the disk holds
    assert 'href="../../media/caf%C3%A9.pdf"' in built.html("res/semaine-1/jour-1/")


def test_tags_are_compared_in_nfc_and_an_empty_tag_is_a_problem(tmp_path):
    tags = f'tags: ["{nfc("été")}", "{nfd("été")}", "", commande]'
    write_project(tmp_path, {"journal/res/residence.yml": RESIDENCE,
                             "journal/res/semaine-1/jour-1.md": day(
                                 "Récit.\n", "date: 2013-01-28\nauthors: [claire]\n" + tags)})
    journal = load_journal(tmp_path)
    assert journal.residencies[0].days[0].tags == [nfc("été"), "commande"]
    assert [str(p) for p in journal.problems] == [
        "journal/res/semaine-1/jour-1.md:4: tags[3] : " + say("value.empty_tag")]


LONG_ID = "a" * 300
DEEP_BODIES = {  # file -> (body, body line where the limit is crossed, limit)
    "div": ('<div markdown="1">\n' * 400 + "x\n" + "</div>\n" * 400, 51, 50),
    "note": ("".join("\t" * i + "!!! note\n\n" for i in range(1000)) + "\t" * 1000 + "x\n", 101, 50),
    "quote": ("> " * 3000 + "x\n", 1, 50),
    "list": ("".join("    " * i + "- a\n" for i in range(300)), 51, 50),
    "bold": ("**" * 300 + "x" + "**" * 300 + "\n", 1, 100),
}


def deep_site(tmp_path: Path) -> Path:
    files = {"journal/res/residence.yml": RESIDENCE,
             "journal/res/semaine-1/jour-1.md": day(
                 "Le récit.\n", f"date: 2013-01-28\nactions:\n  - id: {LONG_ID}\n    title: Longue")}
    for number, (name, (body, _, _)) in enumerate(DEEP_BODIES.items(), start=2):
        files[f"journal/res/semaine-1/{name}.md"] = entry(
            f"date: 2013-01-28\nweek: 1\nday: {number}", body)
    # Ten levels of everything is a story, not an attack: it is published.
    ten = ('<div markdown="1">\n' * 10 + "".join("    " * i + "- a\n" for i in range(10))
           + "> " * 10 + "**_gras_**\n" + "</div>\n" * 10)
    files["journal/res/semaine-1/dix.md"] = entry("date: 2013-01-29\nweek: 1\nday: 9", ten)
    # The extensions of a site made by `journal init`, with which these bodies recurse.
    yml = BASE_MKDOCS_YML.replace("  - attr_list\n", "  - attr_list\n  - admonition\n  - md_in_html\n")
    return write_project(tmp_path / "p", files, yml)


def deep_messages() -> list[str]:
    out = ["journal/res/semaine-1/jour-1.md:4: actions[1].id : " + say(
        "value.id_too_long", length=300, limit=100, example="« " + "a" * 40 + " »")]
    for name, (_, line, limit) in DEEP_BODIES.items():
        # the body starts on line 7 (after ---, date, week, day, --- and a blank line)
        out.append(f"journal/res/semaine-1/{name}.md:{6 + line}: "
                   + say("body.too_deep", limit=limit))
    return out


def test_long_ids_and_deep_bodies_give_messages_never_a_traceback(tmp_path):
    root = deep_site(tmp_path)
    built = build_project(root, expect=deep_messages())
    assert len(built.warnings) == len(deep_messages())
    assert all(len(p.name) <= 100 for p in built.site.rglob("*"))
    for number in range(2, 2 + len(DEEP_BODIES)):  # set aside like an unreadable entry
        assert not built.exists(f"res/semaine-1/jour-{number}/")
    assert "<strong><em>gras</em></strong>" in built.html("res/semaine-1/jour-9/")
    checked = run("check", root)  # check ≡ build
    problems = [line for line in checked.output.splitlines() if line.startswith("journal/")]
    assert sorted(problems) == sorted(deep_messages())


def test_journal_new_refuses_weeks_and_days_out_of_range_in_french(tmp_path):
    root = write_project(tmp_path / "p", {"journal/res/residence.yml": RESIDENCE})
    for option, value, what in (("--day", "3000000", "un jour"), ("--week", "-2", "une semaine"),
                                ("--week", "9" * 5000, "une semaine"), ("--day", "0", "un jour"),
                                ("--day", "deux", "un jour")):
        result = run("new", "--week", "2", option, value, "-C", root) if option == "--day" \
            else run("new", option, value, "-C", root)
        assert result.exit_code == 1, result.output
        assert f"{option} {value} : {what} est un nombre entier de 1 à 999" in result.output
    far = write_project(tmp_path / "far", {"journal/res/residence.yml": RESIDENCE.replace(
        "start: 2013-01-28", "start: 9999-12-27")})
    result = run("new", "--week", "1", "--day", "30", "-C", far)
    assert result.exit_code == 1
    assert "dépasserait la dernière date du calendrier" in result.output
    assert not list((far / "journal").rglob("jour-*.md"))


def test_a_link_in_nfc_to_an_entry_named_in_nfd_leads_to_its_day(tmp_path):
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE,
        "journal/res/semaine-1/jour-1.md": day(nfc("Voir [la journée](journée-deux.md).\n")),
        nfd("journal/res/semaine-1/journée-deux.md"): entry("date: 2013-01-29\nauthors: [claire]")})
    built = build_project(root)
    assert built.warnings == []
    assert 'href="../jour-2/"' in built.html("res/semaine-1/jour-1/")


def test_a_folder_or_entry_of_another_residency_linked_in_is_not_published_twice(tmp_path):
    root = symlinked(tmp_path, {"journal/res/semaine-2": "../autre/semaine-1",
                                "journal/res/jour-8.md": "../autre/semaine-1/jour-1.md"},
                     "Le récit.\n", **{"journal/autre/residence.yml": RESIDENCE,
                                       "journal/autre/semaine-1/jour-1.md": day("Récit de l'autre.\n")})
    expect = [f"journal/res/{name}: " + say("publish.symlink_other_residency",
                                            target=f"« journal/autre/semaine-1{tail} »")
              for name, tail in (("jour-8.md", "/jour-1.md"), ("semaine-2", ""))]
    built = build_project(root, expect=expect)
    assert len(built.warnings) == 2
    assert files_holding(built.site / "res", "Récit de l'autre") == {}
    assert "Récit de l'autre" in built.html("autre/semaine-1/jour-1/")


def test_what_looks_deep_but_is_not_is_published():
    from residency_journal.model.nesting import too_deep
    side_by_side = " ".join("*un* **deux** _trois_" for _ in range(500)) + "\n"
    words = " ".join("nom_de_fichier target=\"_blank\" 2*3*4" for _ in range(40)) + "\n"
    in_code = "```html\n" + "<div>\n" * 300 + "```\n\n`" + "<div>" * 300 + "`\n"
    unclosed = "<p>paragraphe\n" * 300 + "<br>" * 300 + "\n"
    for body in (side_by_side, in_code, unclosed, words * 2):
        assert too_deep(body) is None
    assert too_deep("texte\n\n" + "<section>" * 51 + "\n") == (2, 50)


def test_an_attribute_written_without_a_value_is_dropped_never_a_traceback(tmp_path):
    # attr_list gives `id=` without a value as None, and toc then raised a TypeError.
    body = "## Le bilan {: id= }\n\nRécit.\n\nUn paragraphe.\n{: id= }\n"
    root = write_project(tmp_path / "p", {
        "journal/res/residence.yml": RESIDENCE,
        "journal/res/semaine-1/jour-1.md": day(body)}, BASE_MKDOCS_YML)
    built = build_project(root)
    page = built.html("res/semaine-1/jour-1/")
    # Python-Markdown's releases differ on the id they give such a heading (3.10's lock
    # has an older one): the heading is published, with an id of some value.
    assert re.search(r'<h2 id="[^"]+">Le bilan', page), page
    assert "Un paragraphe." in page
    checked = run("check", root)  # check renders bodies as the build does
    assert checked.exit_code == 0, checked.output
