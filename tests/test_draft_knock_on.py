"""What a draft brings into a published file is marked in the preview's log as
`journal check` marks it: caused by a draft, not blocking; what the build (which reads
no draft) stops on is shown in the preview too, unmarked."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import entry
from residency_journal.cli import main
from residency_journal.model.messages import say

R = "journal/res"
WEEKS = "title: Résidence\nweeks:\n  - start: 2026-05-04\n    end: 2026-05-08\n"
DRAFT = f"({say('check.draft_only')})"
CAUSED = f"({say('check.draft_caused')})"
FILES = {
    f"{R}/residence.yml": WEEKS,
    # The draft comes first in the journal: it declares elus, dgs and an action.
    f"{R}/semaine-1/jour-1.md": entry(
        "date: 2026-05-04\ndraft: true\nsumary: x\n"
        "participants:\n  - id: elus\n    label: Élus du conseil\n    group: élus\n"
        "  - id: dgs\n    label: Direction générale\n    group: agents\n"
        "actions:\n  - id: guichet\n    title: Un guichet unique\n"),
    # Published, declaring elus and guichet under other names: a clash only with the draft.
    f"{R}/semaine-1/jour-2.md": entry(
        "date: 2026-05-05\n"
        "participants:\n  - id: elus\n    label: Élus\n    group: élus\n"
        "actions:\n  - id: guichet\n    title: Un seul guichet\n"),
    # Published, citing dgs, declared only in the draft: the build stops on it.
    f"{R}/semaine-1/jour-3.md": entry("date: 2026-05-06\nparticipants:\n  - ref: dgs\n"),
    # Published, with a mistake of its own.
    f"{R}/semaine-1/jour-4.md": entry("date: 2026-05-07\nsumary: y\n"),
}


def _lines(warnings: list[str]) -> list[str]:
    return sorted(w.split("residency_journal: ", 1)[1] for w in warnings)


def test_a_drafts_knock_on_problems_are_marked_in_the_preview_as_check_marks_them(project):
    preview = project(FILES, command="serve", expect=["jour-"])
    by_file = {n: [w for w in preview.warnings if f": {R}/semaine-1/jour-{n}.md:" in w]
               for n in range(1, 5)}
    # The draft's own.
    assert by_file[1] and all(w.endswith(DRAFT) for w in by_file[1]), by_file[1]
    # In a published file, only because of the draft: marked as caused by it.
    assert len(by_file[2]) == 2, by_file[2]
    assert all(w.endswith(CAUSED) for w in by_file[2]), by_file[2]
    assert any("« elus » est déjà déclaré" in w for w in by_file[2])
    assert any("« guichet »" in w for w in by_file[2])
    # What the strict build stops on: shown, unmarked (with drafts alone it was silent).
    assert len(by_file[3]) == 1 and "n'est déclaré que dans un brouillon" in by_file[3][0]
    assert by_file[4] and not any("(" in w.rsplit(" ", 1)[-1] for w in by_file[4]), by_file[4]
    assert not any(DRAFT in w or CAUSED in w for w in by_file[3] + by_file[4])

    # `journal check` says the same lines, with the same notes.
    checked = CliRunner().invoke(main, ["check", str(preview.root)])
    assert checked.exit_code == 1  # jour-3 and jour-4 stop the build
    assert sorted(checked.output.splitlines()[:-1]) == _lines(preview.warnings)

    # The build reads no draft: nothing of it, nothing marked.
    built = project(FILES, expect=["jour-3.md:", "jour-4.md:"])
    assert {w.split(".md:")[0][-6:] for w in built.warnings} == {"jour-3", "jour-4"}
    assert not any(DRAFT in w or CAUSED in w for w in built.warnings)
    assert _lines(built.warnings) == _lines(by_file[3] + by_file[4])


def test_without_drafts_the_preview_reads_the_journal_once(project, monkeypatch):
    from residency_journal import plugin as plugin_module

    calls = []
    real = plugin_module.load_journal

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(plugin_module, "load_journal", counting)
    files = {k: v for k, v in FILES.items() if "jour-1" not in k and "jour-3" not in k}
    preview = project(files, command="serve", expect=["jour-4.md:"])
    assert len(calls) == 1
    assert all(not w.endswith((DRAFT, CAUSED)) for w in preview.warnings)


def test_the_running_preview_marks_them_before_and_after_a_save(tmp_path):
    """`mkdocs serve` itself (its preview reads the journal incrementally, twice)."""
    from conftest import write_project
    from serving import fetch, poll, serving

    root = write_project(tmp_path / "p", FILES)
    with serving(root) as (base, log_path, _):
        poll(lambda: fetch(base + "/res/semaine-1/jour-2/"), "the day page")

        def logged(count: int):
            text = log_path.read_text(encoding="utf-8")
            caused = [line for line in text.splitlines() if line.endswith(CAUSED)]
            return text if len(caused) >= count else None

        first = poll(lambda: logged(2), "the problems a draft causes")
        assert "jour-3.md:4: participants[1].ref" in first
        # A save (the published entry's own mistake fixed): logged again, marked again.
        (root / f"{R}/semaine-1/jour-4.md").write_text(entry("date: 2026-05-07"), encoding="utf-8")
        again = poll(lambda: logged(4), "the problems logged after the save")
        after = again[len(first):]
        lines = [line for line in after.splitlines() if "residency_journal: journal/" in line]
        assert sum(line.endswith(CAUSED) for line in lines) == 2, after
        assert not any("jour-4.md:3: sumary" in line for line in lines), after
        assert any("jour-3.md:4: participants[1].ref" in line and not line.endswith(")")
                   for line in lines), after


def test_the_journal_without_drafts_is_the_builds_own_reading(tmp_path):
    """Only the residencies that hold a draft are read again: the result is the build's."""
    from conftest import write_project
    from residency_journal.model import Options, load_journal
    from residency_journal.model.drafts import without_drafts

    files = {**FILES,
             # Another residency, without drafts, with a mistake of its own.
             "journal/autre/residence.yml": WEEKS.replace("Résidence", "Autre résidence"),
             "journal/autre/semaine-1/jour-1.md": entry("date: 2026-05-04\nsumary: z"),
             # And a third that takes the first one's slug.
             "journal/copie/residence.yml": WEEKS + "slug: res\n",
             "journal/perdu.md": "# hors d'une résidence\n"}
    root = write_project(tmp_path / "p", files)
    shown = load_journal(root, "journal", Options(include_drafts=True))
    public = without_drafts(root, "journal", shown, Options(include_drafts=True))
    build = load_journal(root, "journal", Options(include_drafts=False))
    assert sorted(set(public.problems)) == sorted(set(build.problems))
    assert [r.folder for r in public.residencies] == [r.folder for r in build.residencies]
    assert public.draft_files == build.draft_files == {f"{R}/semaine-1/jour-1.md"}
    # The residency without drafts is the very object of the reading with drafts.
    assert next(r for r in public.residencies if r.slug == "autre") is \
        next(r for r in shown.residencies if r.slug == "autre")
    assert set(public.problems) != set(shown.problems)
