"""The ``journal`` command in French, all of it: usage lines, help headings and the
errors click writes itself (an unknown option, a date it cannot read, a missing
argument).

Click writes those in English (« Usage: … Try 'journal new --help' for help. »).
The command's group and commands use the classes below, which print the usage
and headings in French and translate click's error sentences (known forms; an
unknown one is shown as click wrote it, after « Erreur : »).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import Any

import click

from .model.schema import meant_date

HEADINGS = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}
HELP_TEXT = "Afficher cette aide et quitter."


def _date_value(match: re.Match[str]) -> str:
    meant = meant_date(match[1])
    example = meant.isoformat() if meant else "2026-05-04"
    return f"« {match[1]} » n'est pas une date AAAA-MM-JJ (par exemple {example})"


# (click's sentence, its French) in the order they are tried; each replaces a part.
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern), french) for pattern, french in (
        (r"No such option:? '?([^'\s]+)'?\.?", r"option inconnue : \1."),
        (r"Did you mean '?([^'?]+)'?\?", r"Vouliez-vous dire « \1 » ?"),
        (r"\(Possible options: ([^)]*)\)", r"(options possibles : \1)"),
        (r"No such command '([^']+)'\.", r"commande inconnue : « \1 »."),
        (r"Missing argument '([^']+)'\.", r"il manque l'argument \1."),
        (r"Missing option '([^']+)'\.", r"il manque l'option \1."),
        (r"Missing parameter: (\S+)", r"il manque \1"),
        (r"Invalid value for '?([^':]+)'?: ", r"valeur impossible pour \1 : "),
        (r"'([^']*)' does not match the formats? '[^.]*'\.", _date_value),
        (r"'([^']*)' is not one of (.+)\.", r"« \1 » n'est pas une valeur possible (\2)."),
        (r"'([^']*)' is not a valid integer\.", r"« \1 » n'est pas un nombre entier."),
        (r"(?:Path|File|Directory) '([^']*)' does not exist\.", r"« \1 » n'existe pas."),
        (r"(?:Path|File|Directory) '([^']*)' is a file\.", r"« \1 » est un fichier, pas un dossier."),
        (r"(?:Path|File|Directory) '([^']*)' is a directory\.",
         r"« \1 » est un dossier, pas un fichier."),
        (r"Option '([^']+)' requires an argument\.", r"l'option \1 attend une valeur."),
        (r"Option '([^']+)' does not take a value\.", r"l'option \1 ne prend pas de valeur."),
        (r"Got unexpected extra arguments? \(([^)]*)\)", r"argument en trop : \1"),
    ))


def translate(message: str) -> str:
    """Click's English error sentence in French (the parts it knows)."""
    for pattern, french in _TRANSLATIONS:
        message = pattern.sub(french, message)
    return message


class FrenchFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        # French spacing: a space before the colon.
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)} :\n")


class FrenchContext(click.Context):
    formatter_class = FrenchFormatter


class FrenchCommand(click.Command):
    context_class = FrenchContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class FrenchGroup(FrenchCommand, click.Group):
    """The ``journal`` group: its commands are French too, and so are click's errors."""

    command_class = FrenchCommand

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        # The site engines' banners (Material's end-of-life notice) are for developers,
        # in English: silenced for whatever `journal` runs (documented in the guide).
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            _show_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Erreur : {translate(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Interrompu.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _show_usage_error(error: click.UsageError) -> None:
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"Aide : {ctx.command_path} --help", err=True)
        click.echo("", err=True)
    click.echo(f"Erreur : {translate(error.format_message())}", err=True)
