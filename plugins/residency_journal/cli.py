"""The ``journal`` command: start a site, add a day, check the journal, write the schemas.

A thin layer over :mod:`.model` (reading, checking) and :mod:`.scaffold`
(writing files): every rule lives there, so ``journal check`` reports exactly
what ``mkdocs build`` reports.

Exit codes: 0 when all went well, 1 when the journal has problems or a file
would be overwritten, 2 for a mistake in the command itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import __version__
from .check_render import renderer
from .cli_french import FrenchGroup
from .compliance import missing_details, raw_date, site_details
from .model import Journal, Problem, Residency, Vocabulary, load_journal
from .model.body_policy import body_problems
from .model.jsonschema import dumps, entry_schema, residence_schema
from .model.problems import noted
from .model.reminders import scaffold_reminders
from .model.site import site_pages, site_problems
from .model.slugs import is_slug
from .model.svg_policy import svg_media
from .scaffold import (
    SCHEMA_DIR,
    PlanError,
    editor_files,
    entry_text,
    follow_up_text,
    plan_entry,
    plan_follow_up,
    site_files,
)
from .settings import JOURNAL_DIR, Settings, SettingsError, config_file, read_settings

# --- the site's settings -------------------------------------------------------------


@dataclass
class Site:
    """A project: the folder of mkdocs.yml and what the journal plugin is told there
    (read by settings.py, as the plugin reads it)."""

    root: Path
    settings: Settings = field(default_factory=Settings)
    config_file: Path | None = None

    @property
    def journal_dir(self) -> str:
        return self.settings.journal_dir

    @property
    def journal_root(self) -> Path:
        return self.root / self.journal_dir

    @property
    def vocabulary(self) -> Vocabulary:
        return self.settings.vocabulary

    @property
    def options(self) -> Mapping[str, Any]:
        return self.settings.options

    def load(self, *, include_drafts: bool) -> Journal:
        """The journal and every problem `mkdocs build` would report, URL rules included."""
        journal = load_journal(self.root, self.journal_dir,
                               self.settings.model_options(include_drafts=include_drafts))
        extra = site_problems(journal, site_pages(journal), self.docs_files(),
                              self.settings.schema_dir)
        extra += svg_media(journal, self.root)[1]  # what the build publishes of each SVG
        render = renderer(self.settings.markdown_extensions)
        if render is not None:  # what the build's sanitiser removes from each body
            extra += body_problems(journal, render)
        journal.problems = sorted(set(journal.problems) | set(extra)
                                  | set(scaffold_reminders(journal, self.root)))
        return journal

    def publisher_reminders(self) -> list[str]:
        """What the legal pages still lack, as the build warns (nothing without any
        ``publisher`` block: the build only informs then, see compliance.py)."""
        if self.config_file is None:
            return []
        return missing_details(site_details(self.options), raw_date(self.options))

    def docs_files(self) -> list[str]:
        """The hand-written files of the site, relative to docs_dir, as MkDocs lists them
        (names starting with a dot are left out)."""
        docs = self.root / self.settings.docs_dir
        if not docs.is_dir():
            return []
        return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")
                      if p.is_file() and not any(part.startswith(".")
                                                 for part in p.relative_to(docs).parts))


def read_site(root: Path) -> Site:
    """The site at ``root``, with the journal plugin's options if mkdocs.yml has them."""
    found = config_file(root)
    if found is None:
        return Site(root=root)
    try:
        return Site(root=root, settings=read_settings(found), config_file=found)
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def find_site(start: Path) -> Site | None:
    """The nearest project at or above ``start``: a folder with mkdocs.yml."""
    for folder in (start, *start.parents):
        if config_file(folder) is not None:
            return read_site(folder)
    return None


def _current_site(project: Path | None) -> Site:
    start = (project or Path.cwd()).resolve()
    site = find_site(start)
    if site is None:
        if (start / JOURNAL_DIR).is_dir():
            return Site(root=start)
        raise click.UsageError(
            f"pas de site ici : aucun mkdocs.yml dans {start} ni au-dessus (créez-en un avec "
            "`journal init DOSSIER`, ou indiquez --project)")
    return site


# --- `journal check` ----------------------------------------------------------------


@dataclass
class Scope:
    """What `check PATH` looks at: the whole journal, one residency folder or one file."""

    site: Site
    target: Path | None = None  # None: everything

    def contains(self, problem: Problem) -> bool:
        if self.target is None:
            return True
        rel = self.target.relative_to(self.site.root).as_posix()
        return problem.path == rel or problem.path.startswith(rel + "/")

    def files(self) -> tuple[int, int]:
        """(entries, residence.yml files) that the check reads in this scope."""
        if self.target is not None and self.target.is_file():
            is_entry = self.target.suffix == ".md"
            return (1, 0) if is_entry else (0, 1)
        base = self.target or self.site.journal_root
        if not base.is_dir():
            return 0, 0
        folders = [base] if (base / "residence.yml").is_file() or self.target else [
            p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")]
        entries = sum(1 for f in folders for p in f.rglob("*.md") if p.is_file())
        residences = sum(1 for f in folders if (f / "residence.yml").is_file())
        return entries, residences


def resolve_scope(path: Path) -> Scope:
    """Read ``check PATH``: a project, its journal folder, a residency folder or one file."""
    path = path.resolve()
    folder = path if path.is_dir() else path.parent
    site = find_site(folder)
    if site is None:
        site = _site_without_mkdocs(path)
    if path == site.root or path == site.journal_root:
        return Scope(site)
    try:
        path.relative_to(site.journal_root)
    except ValueError:
        raise click.BadParameter(
            f"{path} n'est pas dans le dossier du journal {site.journal_root}",
            param_hint="PATH",
        ) from None
    return Scope(site, path)


def _site_without_mkdocs(path: Path) -> Site:
    """Guess the layout when there is no mkdocs.yml: folders and residence.yml tell."""
    if path.is_file():
        for folder in path.parents:
            if (folder / "residence.yml").is_file():
                return Site(root=folder.parent.parent, settings=Settings(journal_dir=folder.parent.name))
    elif (path / "residence.yml").is_file():  # a residency folder
        return Site(root=path.parent.parent, settings=Settings(journal_dir=path.parent.name))
    elif any((p / "residence.yml").is_file() for p in path.iterdir() if p.is_dir()):
        return Site(root=path.parent, settings=Settings(journal_dir=path.name))  # the journal folder
    elif (path / JOURNAL_DIR).is_dir():
        return Site(root=path)
    raise click.BadParameter(
        f"{path} ne contient pas de journal : indiquez le dossier du site (avec mkdocs.yml "
        "ou journal/), son dossier journal/, le dossier d'une résidence (avec residence.yml) "
        "ou l'un de ses fichiers",
        param_hint="PATH")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def summary_line(problems: list[Problem], entries: int, residences: int,
                 in_drafts: int = 0) -> str:
    checked = (f"{_plural(entries, 'entrée vérifiée', 'entrées vérifiées')}, "
               f"{_plural(residences, 'fichier residence.yml', 'fichiers residence.yml')}")
    drafts = (f" ; et {_plural(in_drafts, 'problème', 'problèmes')} de brouillon, qui ne "
              "bloque" + ("" if in_drafts == 1 else "nt") + " pas la publication") \
        if in_drafts else ""
    if not problems:
        return f"Aucun problème qui bloque la publication : {checked}{drafts}." if drafts \
            else f"Aucun problème : {checked}."
    files = len({p.path for p in problems})
    return (f"{_plural(len(problems), 'problème', 'problèmes')} dans "
            f"{_plural(files, 'fichier', 'fichiers')} ({checked}){drafts}.")


def split_drafts(site: Site) -> dict[Problem, str]:
    """Every problem, drafts' included, with its note: none for those `mkdocs build
    --strict` stops on (:func:`..model.problems.noted`).

    A problem found only when drafts are read is a draft's, or caused by one: it never
    blocks a build. The build's own (an entry citing an id declared only in a draft)
    are found only without drafts: both runs are needed."""
    journal = site.load(include_drafts=True)
    if not journal.draft_files:  # no draft: the build reads exactly these files
        return noted(journal.problems, journal.problems, ())
    public = site.load(include_drafts=False).problems
    return noted(journal.problems, public, journal.draft_files)


# --- the commands ---------------------------------------------------------------


@click.group(cls=FrenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journal", help="Afficher la version et quitter.",
                      message="%(prog)s, version %(version)s")
def main() -> None:
    """Écrire et vérifier un journal de résidence.

    Aide complète : la page « Écrire une entrée » du site.
    """


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Ma résidence", metavar="TITRE",
              help="Titre de la résidence : le nom du site, de son accueil et de la "
              "résidence (par défaut : « Ma résidence »).")
@click.option("--slug", metavar="SLUG", help="Identifiant de la résidence dans les adresses (par défaut : "
              "tiré du titre).")
@click.option("--site-name", metavar="NOM", help="Nom du site (par défaut : le titre).")
@click.option("--site-url", metavar="ADRESSE",
              help="Adresse publique du site, terminée par « / » (les flux et les "
              "données ouvertes en ont besoin ; à défaut, une adresse d'exemple à remplacer).")
@click.option("--force", is_flag=True, help="Écrire même si DIRECTORY n'est pas vide "
              "(les fichiers du modèle existants sont remplacés).")
def init(directory: Path, title: str, slug: str | None, site_name: str | None,
         site_url: str | None, force: bool) -> None:
    """Créer un nouveau site de journal dans DIRECTORY.

    Le site contient mkdocs.yml, docs/, une résidence (journal/<slug>/residence.yml)
    avec une journée d'exemple, et les réglages de VS Code. Ensuite :
    `cd DIRECTORY && mkdocs serve`.
    """
    if directory.exists() and any(directory.iterdir()) and not force:
        raise click.ClickException(
            f"{directory} n'est pas vide : rien n'a été écrit (--force pour écrire quand même)")
    if slug is not None and not is_slug(slug):
        raise click.BadParameter(f"{slug!r} n'est pas un identifiant (minuscules sans accents, "
                                 "chiffres et tirets)", param_hint="--slug")
    for file in site_files(title=title, slug=slug, site_name=site_name, site_url=site_url):
        target = directory / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
    click.echo(f"Site créé dans {directory}. Aperçu : cd {directory} && mkdocs serve")
    click.echo("Avant de publier, remplacez les exemples (éditeur du site dans mkdocs.yml, "
               "résidence, journée d'exemple) : `journal check` dit ce qui reste à compléter.")


@main.command()
@click.option("--residency", "-r", "slug", metavar="SLUG",
              help="La résidence (facultatif quand le site n'en a qu'une).")
@click.option("--date", "date", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Date de la journée (par défaut : le jour ouvré après la dernière entrée "
              "de la semaine).")
@click.option("--week", metavar="W",
              help="Semaine (par défaut : la semaine en cours ; une nouvelle semaine commence "
              "au jour 1).")
@click.option("--day", metavar="D",
              help="Jour de la semaine (par défaut : le jour suivant).")
@click.option("--suivi", "follow_up", is_flag=True,
              help="Créer une note de suivi (après la résidence : ce que sont devenues les "
              "actions), datée d'aujourd'hui ou de --date, dans suivi/.")
@click.option("--project", "-C", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Dossier du site (par défaut : le dossier courant ou un parent).")
def new(slug: str | None, date: dt.datetime | None, week: str | None, day: str | None,
        follow_up: bool, project: Path | None) -> None:
    """Créer l'entrée de la journée suivante et afficher son chemin.

    L'entrée commence par un frontmatter valide et, en commentaires, les
    participants récurrents et les actions encore ouvertes de la résidence.
    Avec --suivi, une note de suivi. Un fichier existant n'est jamais remplacé.
    """
    if follow_up and (week or day):
        raise click.UsageError("une note de suivi n'a ni semaine ni jour : retirez --week et --day")
    week_number = _rank(week, "--week", "une semaine")
    day_number = _rank(day, "--day", "un jour")
    site = _current_site(project)
    with_drafts = site.load(include_drafts=True)
    residency = _pick_residency(with_drafts, slug)
    folder = site.root / residency.folder
    try:
        if follow_up:
            plan = plan_follow_up(residency, folder, date=date.date() if date else None)
        else:
            plan = plan_entry(residency, folder, week=week_number, day=day_number,
                              date=date.date() if date else None)
    except PlanError as exc:
        raise click.ClickException(str(exc)) from None
    # Suggestions come from published entries only: a ref to an id declared only in a
    # draft would be an error once built.
    published = site.load(include_drafts=False).residency(residency.slug) or residency
    if follow_up:
        text = follow_up_text(published, plan, dict(site.vocabulary.statuses))
    else:
        text = entry_text(published, plan, dict(site.vocabulary.verdicts))
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    with plan.path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    if follow_up:
        click.echo(f"Note de suivi : {plan.date.isoformat()}", err=True)
    else:
        click.echo(f"Semaine {plan.week}, jour {plan.day} : {plan.date.isoformat()}", err=True)
    for note in plan.notes:
        click.echo(f"Attention : {note}", err=True)
    click.echo(_shown_path(plan.path))


# Weeks and days of a residency are counted in units, never in thousands.
MAX_RANK = 999


def _rank(value: str | None, option: str, what: str) -> int | None:
    """A week or day number given on the command line, checked before any date is counted."""
    if value is None:
        return None
    digits = value.strip().lstrip("0")  # never int() of a thousand digits: it is refused
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 3 or int(digits) > MAX_RANK:
        raise click.ClickException(f"{option} {value} : {what} est un nombre entier de 1 à "
                                   f"{MAX_RANK} (par exemple {option} 2)")
    return int(digits)


def _pick_residency(journal: Journal, slug: str | None) -> Residency:
    if not journal.residencies:
        raise click.ClickException("ce site n'a pas encore de résidence : créez "
                                   "journal/<slug>/residence.yml (voir `journal init`)")
    if slug is None:
        if len(journal.residencies) == 1:
            return journal.residencies[0]
        raise click.UsageError("ce site a plusieurs résidences : choisissez-en une avec "
                               "--residency " + " | ".join(r.slug for r in journal.residencies))
    for residency in journal.residencies:
        if slug in (residency.slug, Path(residency.folder).name):
            return residency
    raise click.BadParameter(
        f"pas de résidence {slug!r} ; les résidences sont : "
        + ", ".join(r.slug for r in journal.residencies), param_hint="--residency")


def _shown_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@main.command()
@click.argument("path", required=False, default=".",
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              help="text (par défaut) ; json : pour les robots d'intégration continue.")
def check(path: Path, output: str) -> None:
    """Vérifier le journal sans construire le site.

    PATH est le dossier du site (par défaut : le dossier courant), son dossier
    journal/, le dossier d'une résidence ou un seul fichier. Chaque problème est
    affiché comme `fichier:ligne: clé: message`, avec les mêmes messages que
    `mkdocs build`. Les brouillons sont vérifiés aussi.

    Code de sortie : 0 sans problème, 1 s'il y en a, 2 si la commande est mal écrite.
    """
    scope = resolve_scope(path)
    notes = split_drafts(scope.site)
    problems = [p for p in notes if scope.contains(p)]
    stopping = [p for p in problems if not notes[p]]
    # The site's settings (the legal pages' details): only when the whole site is checked.
    details = ([_settings_problem(text) for text in scope.site.publisher_reminders()]
               if scope.target is None else [])
    entries, residences = scope.files()
    if output == "json":
        click.echo(json.dumps({
            "problems": [{**p.as_dict(), "blocking": not notes[p]} for p in problems]
            + [{**p.as_dict(), "blocking": True} for p in details],
            "count": len(problems) + len(details),
            "blocking": len(stopping) + len(details),
            "checked": {"entries": entries, "residences": residences},
        }, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(f"{problem} ({notes[problem]})" if notes[problem] else str(problem))
        for problem in details:
            click.echo(str(problem))
        click.echo(summary_line(stopping + details, entries, residences,
                                len(problems) - len(stopping)))
    sys.exit(1 if stopping or details else 0)


def _settings_problem(text: str) -> Problem:
    """A warning about mkdocs.yml (``mkdocs.yml: journal.option : message``) as a problem."""
    where, _, rest = text.partition(": ")
    option, _, message = rest.partition(" : ")
    return Problem(where, 0, option, message)


@main.command()
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
              help=f"Dossier où écrire entry.json et residence.json (par défaut : "
              f"{SCHEMA_DIR} du site).")
@click.option("--editor", is_flag=True, help="Réécrire aussi les réglages de l'éditeur : "
              ".vscode/settings.json, .vscode/extensions.json et frontmatter.json.")
@click.option("--project", "-C", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Dossier du site (par défaut : le dossier courant ou un parent).")
def schema(output: Path | None, editor: bool, project: Path | None) -> None:
    """Écrire les schémas JSON d'une entrée et de residence.yml.

    Les schémas viennent du modèle du journal, avec les verdicts de mkdocs.yml ;
    le site publie les mêmes sous /schema/. À relancer après une mise à jour du
    générateur.
    """
    site = find_site((project or Path.cwd()).resolve())
    if site is None and (output is None or editor):
        raise click.UsageError("aucun mkdocs.yml ici ni au-dessus : indiquez --output DOSSIER")
    verdicts = dict(site.vocabulary.verdicts) if site else None
    written: list[Path] = []
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
        for name, content in (("entry", entry_schema(verdicts)),
                              ("residence", residence_schema())):
            target = output / f"{name}.json"
            target.write_text(dumps(content), encoding="utf-8")
            written.append(target)
    if site is not None and (output is None or editor):
        for file in editor_files(journal_dir=site.journal_dir, verdicts=verdicts):
            if not editor and not file.path.startswith(SCHEMA_DIR + "/"):
                continue
            target = site.root / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.text, encoding="utf-8")
            written.append(target)
    for target in written:
        click.echo(_shown_path(target))


@main.command()
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, exists=True),
              help="Le fichier mkdocs.yml (par défaut : celui du dossier courant).")
@click.option("-a", "--dev-addr", metavar="<IP:PORT>",
              help="Adresse de la prévisualisation (par défaut : 127.0.0.1:8000).")
@click.option("--livereload/--no-livereload", default=True,
              help="Recharger la page du navigateur à chaque enregistrement (par défaut : "
              "oui).")
@click.option("-o", "--open", "open_in_browser", is_flag=True,
              help="Ouvrir la prévisualisation dans le navigateur.")
def serve(config_file: str | None, dev_addr: str | None, livereload: bool,
          open_in_browser: bool) -> None:
    """Prévisualiser le site : la même chose que `mkdocs serve` (chaque
    enregistrement ne refait que les pages qu'il change).

    Le site publié reste celui de `mkdocs build --strict`.
    """
    from .preview.server import serve as run  # needs MkDocs: imported only here

    run(config_file, dev_addr, livereload, open_in_browser)
