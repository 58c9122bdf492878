"""Every message a resident can get, in French, in one place.

A message is looked up by its key and filled with named values:
``say("date.not_a_date", value="13/02/2013")``. Keeping them here (and nowhere
else) lets a site translate them one day, and lets a test list them all.

Style: the residents' words, no YAML-library or Python jargon; say what is
wrong, then how to fix it. Messages go to terminals and logs, so French
spacing uses ordinary spaces (« ; », « ? », « : » preceded by a space).
Values quoted for the resident go inside « » (see :func:`quote`).
"""

from __future__ import annotations

from collections.abc import Mapping

MESSAGES: dict[str, str] = {
    # --- reading files and YAML (yamlsource.py, reading.py) ----------------------
    "read.cannot_open": "le fichier ne peut pas être ouvert : vérifiez qu'il existe encore et "
                        "que vous avez le droit de le lire",
    "read.not_utf8": "le texte n'est pas enregistré en UTF-8 (premier caractère illisible sur cette "
                     "ligne) : dans votre éditeur, enregistrez le fichier avec l'encodage UTF-8",
    "read.not_text": "ce fichier n'est pas du texte (une image, un document de traitement de texte ?) : "
                     "une entrée s'écrit dans un fichier texte, les images vont dans media/",
    "read.too_big": "le fichier est trop gros ({size} Mo, au plus {limit} Mo) : découpez-le en "
                    "plusieurs entrées, ou mettez les images et documents dans media/",
    "read.unexpected": "ce fichier n'a pas pu être lu jusqu'au bout : simplifiez la partie que vous "
                       "venez de modifier, et si le message reste, signalez-le à l'équipe du site",
    "read.no_frontmatter": "l'entrée ne commence pas par ses informations : mettez tout en haut une "
                           "ligne « --- », puis des lignes comme « date: 2013-02-13 », puis une "
                           "autre ligne « --- » avant le récit",
    "read.frontmatter_not_closed": "les informations de l'entrée ne sont pas fermées : ajoutez une "
                                   "ligne « --- » après la dernière, avant le récit",
    "read.not_keys": "on attend des lignes comme « {example} », une information par ligne ; "
                     "ici on trouve {found}",
    "text.invisible_removed": "caractères invisibles retirés (souvent venus d'un copier-coller) : "
                              "vérifiez que le texte est complet et enregistrez-le à nouveau",
    "yaml.alias": "{sign} : une valeur ne peut pas commencer par « & » ou « * » (ni renvoyer à une "
                  "autre) : mettez le texte entre guillemets, ou recopiez-le",
    "yaml.too_deep": "trop de niveaux les uns dans les autres (plus de {limit}) : cette partie est "
                     "ignorée ; simplifiez-la",
    "yaml.several_documents": "une seule série d'informations par fichier : retirez cette ligne "
                              "« --- » (et fusionnez ce qui suit avec ce qui précède)",
    "yaml.duplicate_key": "clé donnée deux fois (déjà ligne {first}) ; cette seconde valeur est ignorée",
    "yaml.key_not_word": "une clé doit être un simple mot suivi de « : » (par exemple « title: ») ; "
                         "cette ligne est ignorée",
    "yaml.unclosed_quote": "le guillemet {quote} ouvert sur cette ligne n'est jamais refermé : "
                           "ajoutez-le à la fin du texte",
    "yaml.bad_escape": "une barre oblique inverse « \\ » entre guillemets doubles \"…\" annonce un "
                       "caractère spécial : doublez-la (« \\\\ ») ou utilisez des guillemets simples '…'",
    "yaml.tab": "une tabulation sert de retrait sur cette ligne : indentez avec des espaces",
    "yaml.unclosed_bracket": "le {opening} ouvert sur cette ligne n'est jamais refermé : ajoutez "
                             "{closing} à la fin de la liste (ou mettez le texte entre guillemets)",
    "yaml.colon_in_value": "ce texte contient « : » suivi d'un espace : mettez tout le texte entre "
                           "guillemets (par exemple summary: \"texte : suite\")",
    "yaml.dash_in_value": "une valeur ne peut pas commencer par « - » sur la ligne de sa clé : mettez "
                          "le texte entre guillemets, ou allez à la ligne pour faire une liste",
    "yaml.missing_colon": "il manque « : » après le nom de la clé (par exemple « date: 2013-02-13 ») ; "
                          "si cette ligne continue le texte du dessus, mettez ce texte entre guillemets",
    "yaml.bad_start": "une valeur ne peut pas commencer par {char} : mettez le texte entre guillemets",
    "yaml.text_after_quote": "du texte suit le guillemet qui ferme la valeur : mettez tout le texte "
                             "entre les guillemets",
    "yaml.indentation": "le retrait de cette ligne ne correspond à rien au-dessus : alignez-la avec "
                        "des espaces sur les autres clés du même niveau",
    "yaml.unreadable": "cette ligne ne peut pas être lue : vérifiez le retrait, les « : » et les "
                       "guillemets de cette ligne ou de celle du dessus",

    # --- keys and values of one file (schema.py, validate.py) --------------------
    "key.required": "information obligatoire absente : ajoutez la ligne « {name}: … »",
    "key.unknown_guess": "clé inconnue ; vouliez-vous dire {guess} ?",
    "key.unknown": "clé inconnue (clés possibles ici : {known}) ; les clés propres au site vont "
                   "sous « extra: »",
    "value.not_text": "on attend un texte, on trouve {found}",
    "value.not_list": "on attend une liste (une ligne « - … » par élément), on trouve {found}",
    "value.not_keys": "on attend des lignes comme « {example}: … » en dessous, on trouve {found}",
    "value.not_id": "{value} n'est pas un identifiant : écrivez-le en minuscules sans accents, avec des "
                    "chiffres et des tirets (par exemple {example})",
    "value.not_date": "{value} n'est pas une date : écrivez-la AAAA-MM-JJ (par exemple {example})",
    "value.impossible_date": "{value} n'est pas une date du calendrier : vérifiez le jour et le mois",
    "value.not_whole_number": "{value} n'est pas un nombre entier : écrivez un nombre comme 3",
    "value.below_one": "{value} : écrivez un nombre de 1 ou plus",
    "value.not_in_list": "{value} n'est pas une valeur possible ({choices})",
    "value.not_yes_no": "{value} n'est pas une valeur possible (oui, non, true, false)",
    "value.not_anchor": "{value} n'est pas un titre de section de cette entrée : écrivez son ancre, en "
                        "lettres, chiffres et tirets (par exemple micro-voyage-detude)",
    "value.rejected": "{value} n'est pas accepté ici : vérifiez l'exemple de la documentation",
    "found.list": "une liste",
    "found.keys": "des lignes « clé: valeur »",
    "found.nothing": "rien",

    # --- rules across files (resolve.py) -----------------------------------------

    # --- links, media and what is published (links.py, publishing) ---------------

    # --- pages and URLs (site pages, clashes, reserved names) --------------------
    "site.reserved_slug": "{slug} est déjà pris par le site, pour {what} : choisissez un autre "
                          "« slug: » pour cette résidence",
    "site.reserved_folder": "le dossier {folder} donne à la résidence l'identifiant {slug}, déjà "
                            "pris par le site, pour {what} : ajoutez une ligne « slug: » avec un "
                            "autre identifiant dans ce fichier",
    "site.docs_entry": "{path} dans les pages écrites à la main",
    "site.reserved_id": "{id} est réservé : la page de cet élément prendrait l'adresse {page}, "
                        "qui est celle de la liste ; choisissez un autre id",
    "site.url_clash": "cette page prendrait l'adresse {url}, déjà celle de la page venue de "
                      "{other} : changez cet identifiant",
}


def quote(value: object, limit: int = 60) -> str:
    """A value as shown inside a message: « value », cut when very long."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"« {text} »"


def say(key: str, **values: object) -> str:
    """The message ``key`` of the catalogue, filled with ``values``."""
    return MESSAGES[key].format(**values)


def catalogue() -> Mapping[str, str]:
    """Every message, by key (for the documentation and the tests)."""
    return dict(MESSAGES)
