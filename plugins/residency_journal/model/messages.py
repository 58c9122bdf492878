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
                                   "ligne « --- » à cette ligne, après la dernière information "
                                   "et avant le récit",
    "read.not_keys": "on attend des lignes comme « {example} », une information par ligne ; "
                     "ici on trouve {found}",
    "body.too_deep": "le récit s'imbrique ici sur plus de {limit} niveaux (listes, citations "
                     "« > », encadrés « !!! », blocs <div>, gras et italiques les uns dans les "
                     "autres) : le site "
                     "ne peut pas le mettre en page, cette entrée n'est pas publiée. Simplifiez "
                     "cette partie",
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
    "value.id_too_long": "cet identifiant a {length} caractères, au plus {limit} : il devient "
                         "l'adresse d'une page et un nom de fichier ; raccourcissez-le (par "
                         "exemple {example})",
    "value.not_date": "{value} n'est pas une date : écrivez-la AAAA-MM-JJ (par exemple {example})",
    "value.impossible_date": "{value} n'est pas une date du calendrier : vérifiez le jour et le mois",
    "value.not_whole_number": "{value} n'est pas un nombre entier : écrivez un nombre comme 3",
    "value.below_one": "{value} : écrivez un nombre de 1 ou plus",
    "value.not_in_list": "{value} n'est pas une valeur possible ({choices})",
    "value.not_yes_no": "{value} n'est pas une valeur possible (oui, non, true, false)",
    "value.not_anchor": "{value} n'est pas un titre de section de cette entrée : écrivez son ancre, en "
                        "lettres, chiffres et tirets (par exemple micro-voyage-detude)",
    "value.not_percent": "{value} n'est pas un pourcentage : écrivez un nombre entier de 0 à 100 "
                         "(par exemple 40)",
    "value.empty_tag": "ce tag est vide : écrivez le mot du tag entre les guillemets, ou "
                       "retirez-le de la liste",
    "value.rejected": "{value} n'est pas accepté ici : vérifiez l'exemple de la documentation",
    "check.draft_only": "brouillon, ne bloque pas la publication",
    "check.draft_caused": "causé par un brouillon, ne bloque pas la publication",
    "build.strict_stop": "{count} plus haut (lignes « WARNING ») : avec --strict, la construction "
                         "échoue et le site ne sera pas publié. Chaque message donne le fichier et "
                         "la ligne à corriger ; « journal check » les liste aussi, sans construire "
                         "le site. La ligne en anglais qui suit (« Aborted with … in strict "
                         "mode! ») dit la même chose",
    "found.list": "une liste",
    "found.keys": "des lignes « clé: valeur »",
    "found.nothing": "rien",

    # --- rules across files (resolve.py) -----------------------------------------
    "journal.missing": "le dossier du journal n'existe pas : créez-le, avec un dossier par "
                       "résidence, ou indiquez le bon dossier dans mkdocs.yml (journal_dir)",
    "residence.missing": "il manque ce fichier : chaque dossier de résidence a besoin d'un "
                         "residence.yml avec au moins une ligne « title: »",
    "residence.slug_taken": "{slug} est déjà l'adresse de la résidence de {other} : donnez à "
                            "celle-ci un autre « slug: »",
    "week.end_before_start": "la fin ({end}) est avant le début de la semaine ({start}) : "
                             "corrigez « end: »",
    "week.end_too_late": "la semaine commence le {start} : sa fin dépasserait la dernière date "
                         "possible ; vérifiez l'année, ou indiquez « end: »",
    "week.before_previous": "cette semaine commence le {start}, avant la semaine précédente "
                            "({previous}) : rangez les semaines dans l'ordre des dates",
    "date.outside_weeks": "le {date} n'est dans aucune semaine de {residence} : cette entrée "
                          "n'est pas publiée. Ajoutez sa semaine dans « weeks: », ou indiquez "
                          "« week: » et « day: », ou rangez le fichier dans semaine-N/jour-N.md ; "
                          "si c'est une note écrite après la résidence, ajoutez « follow_up: true »",
    "date.outside_its_week": "le {date} n'est pas dans la semaine {week} (du {start} au {end} "
                             "dans residence.yml) : corrigez la date, {remedy}",
    "date.remedy_other_week": "ou rangez le fichier dans le dossier semaine-{week} (la semaine "
                              "de cette date ; « journal new --week {week} » y crée la "
                              "journée suivante)",
    "date.remedy_follow_up": "ou, si c'est une note écrite après la résidence, ajoutez "
                             "« follow_up: true » (« journal new --suivi » crée une note de "
                             "suivi)",
    "date.remedy_weeks": "ou corrigez les dates de la semaine {week} dans « weeks: » de "
                         "residence.yml",
    "followup.week_or_day": "une note de suivi (« follow_up: true ») n'a ni semaine ni jour : "
                            "cette note n'est pas publiée. Retirez « {name}: », ou retirez "
                            "« follow_up: true » si c'est un jour de la résidence",
    "followup.inside_weeks": "le {date} est avant la fin des semaines d'immersion (le {end}) : "
                             "une note de suivi s'écrit après la résidence, cette note n'est pas "
                             "publiée. Corrigez la date, ou retirez « follow_up: true » si c'est "
                             "un jour de la résidence",
    "followup.same_date": "{other} est déjà la note de suivi du {date} : cette note n'est pas "
                          "publiée. Réunissez les deux notes dans un seul fichier, ou changez la "
                          "date de l'une d'elles",
    "day.taken": "semaine {week}, jour {day} est déjà le jour de {other} : cette entrée n'est "
                 "pas publiée. Donnez-lui un autre jour (« day: » ou un fichier jour-N.md)",
    "day.same_date": "{other} a la même date ({date}) et garde la semaine {week}, jour {day} : "
                     "cette entrée n'est pas publiée. Réunissez les deux récits dans un seul "
                     "fichier, ou donnez à celui-ci un autre jour avec « day: »",
    "day.taken_explicitly": "la semaine {week}, jour {day} (le rang de cette date dans la "
                            "semaine) est déjà celui de {other}, qui l'indique explicitement : "
                            "cette entrée n'est pas publiée. Donnez-lui son jour avec « day: »",
    "participant.declared_twice": "{ident} est déjà déclaré sous le nom {label} ({where}) : "
                                  "pour le mentionner, écrivez « ref: {id} » ; sinon choisissez "
                                  "un autre id",
    "action.declared_twice": "l'action {ident} est déjà déclarée avec le titre {title} ({where}) "
                             ": pour la mentionner, écrivez « ref: {id} » sans « title: » ; "
                             "sinon choisissez un autre id",
    "visit.declared_twice": "la visite {ident} est déjà déclarée ({where}) : une visite "
                            "appartient à un seul jour ; choisissez un autre id",
    "author.not_in_team": "{ident} ne fait pas partie de l'équipe ({residence}) : un auteur est "
                          "l'id d'un membre de « team: »",
    "participant.unknown": "aucun participant {ident} dans cette résidence : déclarez-le une fois "
                           "avec « id: » et « label: » (dans une entrée ou dans {residence}), ou "
                           "vérifiez l'orthographe",
    "participant.unknown_guess": "aucun participant {ident} dans cette résidence ; "
                                 "vouliez-vous dire {guess} ?",
    "author.not_in_team_guess": "{ident} ne fait pas partie de l'équipe ; vouliez-vous dire "
                                "{guess} ?",
    "action.unknown_guess": "aucune action {ident} dans cette résidence ; vouliez-vous dire "
                            "{guess} ?",
    "action.unknown": "aucune action {ident} dans cette résidence : déclarez-la une fois avec "
                      "« id: » et « title: », ou vérifiez l'orthographe",
    "participant.only_in_draft": "le participant {ident} n'est déclaré que dans un brouillon "
                                 "({where}), qui n'est pas publié : déclarez-le dans une entrée "
                                 "publiée ou dans residence.yml",
    "action.only_in_draft": "l'action {ident} n'est déclarée que dans un brouillon ({where}), qui "
                            "n'est pas publié : déclarez-la dans une entrée publiée",
    "item.id_and_ref": "donnez soit « id: » (pour déclarer {what}), soit « ref: » (pour "
                       "renvoyer à une déclaration faite ailleurs), pas les deux",
    "item.no_id_nor_ref": "il manque « id: » (pour déclarer {what}) ou « ref: » (pour "
                          "renvoyer à une déclaration faite ailleurs)",
    "participant.details_with_ref": "« label: », « group: », « role: », « name: » et "
                                    "« consent: » vont avec « id: », "
                                    "quand on déclare le participant ; avec « ref: », il est "
                                    "déjà déclaré : retirez ces lignes, ou écrivez « id: »",
    "participant.label_required": "obligatoire pour déclarer le participant {ident} : ajoutez "
                                  "« label: » (ce que le site affiche), ou écrivez « ref: » s'il "
                                  "est déclaré ailleurs",
    "action.title_with_ref": "« title: » va avec « id: », quand on déclare l'action ; avec "
                             "« ref: », l'action a déjà son titre : retirez cette ligne, ou "
                             "écrivez « id: »",
    "action.title_required": "obligatoire la première fois que l'action {ident} est mentionnée : "
                             "ajoutez « title: », ou écrivez « ref: » si elle est déclarée ailleurs",
    "verdict.unknown": "{value} n'est pas un verdict possible ; Verdicts possibles : {verdicts}",
    "verdict.unknown_guess": "{value} n'est pas un verdict possible ; vouliez-vous dire {guess} ? "
                             "Verdicts possibles : {verdicts}",
    "verbatim.visit_elsewhere": "la visite {ident} est celle d'un autre jour ({where}) : une "
                                "citation ne se rattache qu'à une visite de sa propre entrée",
    "verbatim.visit_unknown": "aucune visite {ident} dans cette entrée : déclarez-la sous "
                              "« visits: » dans cette entrée, ou vérifiez l'orthographe",
    "visit.section_unknown": "aucun titre de cette entrée n'a l'ancre {anchor} ; ancres des "
                             "titres de cette entrée : {known}",
    "visit.section_no_heading": "cette entrée n'a aucun titre, donc pas d'ancre {anchor} : "
                                "ajoutez au récit un titre « ## … », ou retirez « section: »",

    # --- names and consent (people.py) -------------------------------------------
    "participant.consent_conflict": "le participant {ident} a « consent: true » en {yes}, mais "
                                    "pas en {no} (« consent: false », ou un nom sans "
                                    "« consent: true ») : le refus l'emporte, son nom n'est "
                                    "publié nulle part. Si la personne a retiré son "
                                    "consentement, retirez aussi « consent: true » et son nom "
                                    "en {yes} ; sinon écrivez « consent: true » en {no}",
    "participant.name_conflict": "le participant {ident} a le nom {name} en {here}, mais le nom "
                                 "{other_name} en {there} : aucun des deux n'est publié. "
                                 "Écrivez le même nom partout, ou retirez « name: » de l'une "
                                 "des deux déclarations",
    "participant.name_in_id": "l'identifiant {value} contient le nom {name}, donné sans "
                              "consentement : un identifiant est public (adresse des pages, "
                              "noms de fichiers, tableaux des données ouvertes), il publierait "
                              "ce nom. Choisissez un identifiant d'après le rôle, par exemple "
                              "{example}, et changez aussi les « ref: » qui le citent",
    "participant.name_in_label": "le libellé {value} contient le nom {name}, donné sans "
                                 "consentement : un libellé est public (pages, flux, données "
                                 "ouvertes), il publierait ce nom. Écrivez le rôle de la "
                                 "personne (par exemple « Responsable de la commande "
                                 "publique ») et son nom seulement dans « name: »",

    # --- links, media and what is published (links.py, publishing) ---------------
    "publish.top_level_markdown": "ce fichier n'est dans aucune résidence, il n'est pas lu : "
                                  "placez-le dans le dossier d'une résidence (par exemple "
                                  "journal/<résidence>/semaine-1/)",
    "publish.top_level_file": "ce fichier n'est dans aucune résidence, il n'est pas publié : "
                              "placez-le dans le dossier d'une résidence (les images dans son "
                              "dossier media/), ou retirez-le",
    "publish.rename_markdown": "ce fichier n'est pas lu : une entrée du journal se termine par "
                               "« .md » (en minuscules) ; renommez-le en {name}",
    "publish.symlink_out": "c'est un lien vers {target}, hors du dossier du journal (ou dans un "
                           "dossier caché) : il n'est ni lu ni publié ; copiez le fichier ou le "
                           "dossier lui-même dans le journal",
    "publish.symlink_private": "c'est un lien vers {target}, {what} : un tel fichier n'est "
                               "jamais publié comme fichier joint ; retirez ce lien (pour "
                               "renvoyer à une entrée, liez son fichier .md depuis le récit)",
    "publish.symlink_other_residency": "c'est un lien vers {target}, dans le dossier d'une "
                                       "autre résidence : il n'est ni lu ni publié ici ; "
                                       "copiez ici ce qui appartient à cette résidence",
    "publish.what_residence": "le fichier residence.yml d'une résidence",
    "publish.what_entry": "un fichier Markdown (une entrée du journal)",
    "publish.unreadable": "ce fichier ne peut pas être ouvert (lien cassé ?) : il n'est pas lu ; "
                          "vérifiez qu'il existe, ou retirez-le",
    "publish.not_a_file": "ce n'est pas un fichier ordinaire : il n'est ni lu ni publié ; "
                          "retirez-le du journal",
    "publish.unused_file": "aucune entrée publiée n'a de lien vers ce fichier, il n'est pas "
                           "publié : ajoutez un lien dans une entrée (par exemple "
                           "« ![description](../media/photo.jpg) »), ou retirez-le du journal",
    "link.to_draft": "lien vers {target} : cette entrée est un brouillon (draft: true), elle "
                     "n'est pas publiée ; dans le site publié, le lien est affiché comme du "
                     "texte. Publiez l'entrée, ou retirez le lien",
    "link.to_unpublished": "lien vers {target} : cette entrée n'est pas publiée (voyez le "
                           "message qui la concerne) ; le lien est affiché comme du texte",
    "link.to_markdown": "lien vers {target} : ce fichier n'est pas une entrée publiée de cette "
                        "résidence ; le lien est affiché comme du texte. Pour renvoyer à une "
                        "page du site, écrivez son adresse (https://…)",
    "link.outside": "lien vers {target} : ce fichier est hors du dossier de la résidence, il "
                    "n'est pas publié ; le lien est affiché comme du texte. Copiez le fichier "
                    "dans la résidence (par exemple dans media/), ou retirez le lien",
    "link.not_published": "lien vers {target} : ce fichier n'est jamais publié (residence.yml, "
                          "fichier caché) ; le lien est affiché comme du texte",
    "link.missing": "lien vers {target} : aucun fichier à cet endroit (le chemin part du "
                    "dossier de cette entrée) ; le lien est affiché comme du texte. Vérifiez "
                    "le nom et le chemin",

    # --- what a body may contain (body_policy.py, svg_policy.py) -----------------
    "body.active_removed": "contenu actif retiré : {what} ; une entrée ne publie pas ce qui "
                           "peut exécuter du code, charger une autre page ou un autre site, "
                           "ou envoyer un formulaire (voyez « Ce qu'une entrée peut contenir » "
                           "dans le guide)",
    "body.more_removed": "et {count} autres contenus actifs retirés de ce fichier, "
                         "non détaillés ici : retirez d'abord ceux qui sont signalés",
    "svg.not_svg": "cette image n'est pas publiée : ce n'est pas une image SVG lisible "
                   "({detail}) ; enregistrez-la de nouveau depuis votre logiciel de dessin "
                   "(en « SVG simple »), ou exportez-la en PNG",
    "svg.doctype": "cette image n'est pas publiée : elle déclare un DOCTYPE ou des entités "
                   "(« <!DOCTYPE », « <!ENTITY »), que le site refuse ; enregistrez-la en "
                   "« SVG simple », ou retirez ces lignes du fichier",
    "svg.active_removed": "contenu actif retiré : {what} ; une image SVG du site ne garde que "
                          "le dessin : rien qui exécute du code ni ne charge un autre fichier "
                          "(voyez « Ce qu'une entrée peut contenir » dans le guide)",
    "svg.too_big": "cette image SVG est trop grosse (plus de {limit} Mo) : "
                   "simplifiez-la, ou exportez-la en PNG",
    # --- photos (model/images.py, links.py) ---------------------------------------
    "image.no_alt": "image sans texte alternatif : décrivez-la, ou écrivez `alt=\"\"` si elle est "
                    "décorative (par exemple « ![Le mur de post-it après l'atelier]({target}) », "
                    "ou « ![]({target}){{alt=\"\"}} »)",
    "image.heic": "image {target} : c'est une photo HEIC (le format de l'iPhone), que le site ne "
                  "sait pas lire ; elle n'est pas publiée. Enregistrez-en une copie en JPEG dans "
                  "le même dossier, nommée {jpeg_file}, écrivez {jpeg} dans le lien, puis "
                  "retirez {file} du journal (il n'y serait pas publié). Sur un "
                  "Mac : ouvrez-la dans Aperçu, menu Fichier > Exporter…, Format « JPEG ». Sous "
                  "Windows : ouvrez-la dans l'application Photos, menu « … » > « Enregistrer "
                  "sous », type « .jpg ». Sous Linux : dans le dossier de la photo, tapez "
                  "« heif-convert {file} {jpeg_name} » (paquet libheif-examples). Pour que "
                  "l'iPhone enregistre les prochaines en JPEG : Réglages > Appareil photo > "
                  "Formats > « Le plus compatible »",
    "image.unsupported": "image {target} : ce format n'est pas publié (seuls JPEG, PNG, WebP et "
                         "GIF le sont) ; exportez l'image en JPEG ou en PNG, puis liez ce fichier",
    "image.broken": "image {target} : ce fichier n'est pas une image lisible (incomplet, abîmé, "
                    "ou d'un autre format que son nom ne le dit) ; elle n'est pas publiée. "
                    "Ouvrez-la sur votre ordinateur et enregistrez-la à nouveau en JPEG",
    "image.too_big": "image {target} : trop grande pour être publiée sans risque (plus de "
                     "100 millions de pixels) ; réduisez-la (par exemple à 4000 pixels de large) "
                     "et enregistrez-la en JPEG",
    "image.unreadable": "image {target} : le fichier ne peut pas être ouvert ; vérifiez qu'il "
                        "existe encore et que vous avez le droit de le lire",

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
    # --- what `journal init` wrote as examples, still there (reminders.py) -----------
    "scaffold.residence": "{value} est l'exemple écrit par journal init : indiquez {what}",
    "scaffold.example_tag": "le mot-clé {value} marque l'entrée d'exemple écrite par journal "
                            "init : remplacez cette entrée par le récit d'une vraie journée "
                            "(et retirez ce mot-clé)",
    "scaffold.example_text": "{value} est l'exemple écrit par journal init : écrivez {what}",
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


def found_instead(value: object) -> str:
    """What was found where something else was expected, in the residents' words."""
    if isinstance(value, list):
        return say("found.list")
    if isinstance(value, dict):
        return say("found.keys")
    return say("found.nothing") if value is None else quote(value)
