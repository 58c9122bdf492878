"""French typography: plurals, numbers, no-break spaces, and the Markdown extension."""

from __future__ import annotations

import markdown
import pytest
from conftest import build_project, write_project
from residency_journal.french import NBSP, NNBSP, format_number, plural, typographie
from residency_journal.typography import TypographieExtension

# Written with visible stand-ins: "_" is U+202F (fine), "~" is U+00A0 (insécable).


def visible(text: str) -> str:
    return text.replace(NNBSP, "_").replace(NBSP, "~")


# --- plural and numbers -----------------------------------------------------------------------

@pytest.mark.parametrize(("count", "expected"), [
    (0, "0~jour"), (1, "1~jour"), (2, "2~jours"), (10, "10~jours"), (-1, "-1~jour"),
    (-2, "-2~jours"), (1.5, "1,5~jour"), (2.5, "2,5~jours"),
    (1000, "1_000~jours"), (90000, "90_000~jours"), (1234567, "1_234_567~jours"),
])
def test_plural_is_singular_for_zero_and_one_and_groups_digits(count, expected):
    assert visible(plural(count, "jour")) == expected


def test_plural_takes_the_plural_form_when_given():
    one, many = "micro-voyage d'étude", "micro-voyages d'étude"
    assert visible(plural(1, one, many)) == "1~micro-voyage d'étude"
    assert visible(plural(0, one, many)) == "0~micro-voyage d'étude"
    assert visible(plural(2, one, many)) == "2~micro-voyages d'étude"
    assert visible(plural(3, "journal", "journaux")) == "3~journaux"
    assert visible(plural(2, "prix", "prix")) == "2~prix"  # an empty-looking plural is kept


@pytest.mark.parametrize(("number", "expected"), [
    (0, "0"), (999, "999"), (1000, "1_000"), (90000, "90_000"), (-12345, "-12_345"),
    (12345.25, "12_345,25"), (-0.5, "-0,5"), (3.0, "3"),
])
def test_format_number(number, expected):
    assert visible(format_number(number)) == expected


# --- typographie: plain text --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a space is replaced, a missing one added
    ("Bonjour !", "Bonjour_!"), ("Bonjour!", "Bonjour_!"), ("Quoi ?", "Quoi_?"),
    ("Quoi?", "Quoi_?"), ("un ; deux", "un_; deux"), ("un; deux", "un_; deux"),
    ("Note : ceci", "Note~: ceci"), ("Note: ceci", "Note~: ceci"), ("Note  :  ceci", "Note~:  ceci"),
    # already right: unchanged, whichever no-break space was there
    ("Quoi\u202f?", "Quoi_?"), ("Quoi\u00a0?", "Quoi_?"), ("Note\u00a0:", "Note~:"),
    # one space before a run of marks
    ("Vraiment ?!", "Vraiment_?!"), ("Vraiment?!", "Vraiment_?!"), ("Non !!!", "Non_!!!"),
    ("Quoi ?…", "Quoi_?…"),
    # guillemets: inside, U+00A0, replaced or added
    ("« Bonjour »", "«~Bonjour~»"), ("«Bonjour»", "«~Bonjour~»"), ("«  Bonjour  »", "«~Bonjour~»"),
    ("« Vraiment ? »", "«~Vraiment_?~»"), ("Il dit « oui » !", "Il dit «~oui~»_!"),
    ("« Ça va : oui. »", "«~Ça va~: oui.~»"),
    # after a closing bracket or quote
    ("(voir plus bas) ?", "(voir plus bas)_?"), ("il a dit « non »?", "il a dit «~non~»_?"),
    # line ends and line starts
    ("Qui ?\nNon!", "Qui_?\nNon_!"), ("? au début", "? au début"), ("Fin :", "Fin~:"),
    # nothing to do
    ("", ""), ("Rien à signaler.", "Rien à signaler."), ("(?)", "(?)"), ("[!]", "[!]"),
])
def test_typographie_adds_french_no_break_spaces(text, expected):
    assert visible(typographie(text)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # times, ratios, scores: a colon between digits is not punctuation
    ("à 14:30 puis 9:05:10", "à 14:30 puis 9:05:10"), ("score 3:1", "score 3:1"),
    ("à 14:30 !", "à 14:30_!"),
    # URLs are never touched, but a mark after one is French punctuation
    ("voir https://example.org/a?b=1&c=d!", "voir https://example.org/a?b=1&c=d_!"),
    ("https://example.org/?q=a;b", "https://example.org/?q=a;b"),
    ("http://x.fr:8080/page ok", "http://x.fr:8080/page ok"),
    ("sur www.example.org/page?x=1 ?", "sur www.example.org/page?x=1_?"),
    ("(https://example.org/a?b)", "(https://example.org/a?b)"),
    ("mailto:claire@example.org?subject=x", "mailto:claire@example.org?subject=x"),
    ("écrire à claire@example.org ?", "écrire à claire@example.org_?"),
    # code written with backticks in plain text
    ("tapez `mkdocs serve --dev-addr 0:8000` !", "tapez `mkdocs serve --dev-addr 0:8000`_!"),
    ("`a ? b` ?", "`a ? b`_?"),
    # other colons that are not punctuation
    ("C:\\Users", "C:\\Users"), ("clé:valeur", "clé:valeur"), ("a?b", "a?b"),
])
def test_typographie_leaves_urls_times_and_code_alone(text, expected):
    assert visible(typographie(text)) == expected


def test_typographie_is_idempotent():
    text = "« Quoi ?! » dit-elle : https://example.org/?a=1 ; à 14:30 ! `x ? y` fin ?"
    once = typographie(text)
    assert typographie(once) == once
    assert visible(once) == "«~Quoi_?!~» dit-elle~: https://example.org/?a=1_; à 14:30_! `x ? y` fin_?"


def test_typographie_uses_what_comes_before():
    """Text split across HTML elements: the mark at the start of a tail follows a word."""
    assert visible(typographie(" ?", before="mot")) == "_?"
    assert visible(typographie(" ?", before="mot ")) == " ?"
    assert visible(typographie("?", before="")) == "?"
    assert visible(typographie(" »", before="oui")) == "~»"


# --- the Markdown extension ---------------------------------------------------------------------

SAMPLE = """\
# Quoi de neuf ?

Elle dit : « *oui* » ! Voir `a ? b` et <https://example.org/?q=1>.
Un [lien ?](https://example.org/x?y=1 "Titre ?") puis **gras**!

    bloc de code ?

<span title="attr ?">brut</span> ? <script>var a = b ? c : d;</script>

- à 14:30; ensuite

Du <kbd>Ctrl ?</kbd> puis <code>x : y</code>: fin !
"""


def test_markdown_extension_sets_spaces_in_text_nodes_only():
    html = markdown.markdown(SAMPLE, extensions=[TypographieExtension(), "toc"])
    shown = visible(html)
    assert '<h1 id="quoi-de-neuf">Quoi de neuf_?</h1>' in shown  # the anchor as written
    assert "Elle dit~: «~<em>oui</em>~»_! Voir <code>a ? b</code>" in shown
    assert '<a href="https://example.org/?q=1">https://example.org/?q=1</a>.' in shown
    assert '<a href="https://example.org/x?y=1" title="Titre ?">lien_?</a>' in shown
    assert "<strong>gras</strong>_!" in shown
    assert "<pre><code>bloc de code ?\n</code></pre>" in shown
    assert '<span title="attr ?">brut</span>_? <script>var a = b ? c : d;</script>' in shown
    assert "à 14:30_; ensuite" in shown
    assert "Du <kbd>Ctrl ?</kbd> puis <code>x : y</code>~: fin_!" in shown  # raw inline HTML


def test_markdown_extension_by_name_in_a_mkdocs_site(tmp_path):
    """A site registers it in mkdocs.yml by its module name."""
    root = write_project(tmp_path / "site", {"docs/index.md": "# Accueil\n\nBonjour ! Ça va ?\n"},
                         "site_name: Test\ntheme: material\n"
                         "markdown_extensions:\n  - residency_journal.typography\n")
    built = build_project(root)
    assert "Bonjour\u202f! Ça va\u202f?" in (built.site / "index.html").read_text(encoding="utf-8")
