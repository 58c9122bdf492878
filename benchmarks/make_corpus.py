#!/usr/bin/env python3
"""Write a synthetic residency journal that follows the content model (CONTENT-MODEL.md).

    make_corpus.py OUT_DIR --entries N [--seed S]

Writes OUT_DIR/journal/<residency>/residence.yml and one Markdown day entry
per day (5 days a week, 6 weeks a residency, as many residencies as N needs).
Each entry is about the size of a real post (~900 words) and declares or
references participants, actions, visits and verbatims, so derived pages have
realistic fan-in. The same seed always writes the same bytes.
"""
import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = (  # noqa: SIM905 (the words read as one text)
    "achat durable commande publique prestation intellectuelle élus agents région "
    "commission appels offres clause insertion développement territoire marché "
    "prestataire confiance critère parité formation engagement politique dépense "
    "économique social environnemental résidence équipe atelier séance échange "
    "proposition action impact difficulté mise œuvre priorité expérimentation "
    "direction service juridique analyse offre candidat réponse cahier charges "
    "évaluation suivi indicateur bilan rapport étonnement voyage étude visite "
    "lycée bois écocertifié carbone compensation emploi contrat stagiaire"
).split()
GROUPS = ["élus", "agents", "prestataires", "résidents", "partenaires"]
VERDICTS = ["proposee", "a-approfondir", "retenue", "anecdotique",
            "irrealisable", "non-verifiable", "abandonnee"]
IMPACT = ["faible", "moyen", "fort"]
DIFFICULTY = ["faible", "moyenne", "forte"]
WEEKS_PER_RESIDENCY = 6


def sentence(rng, n=None):
    n = n or rng.randint(8, 22)
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(3, 6)))


def yaml_str(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_residency(root, rng, r, days):
    slug = f"residence-{r:02d}"
    start = dt.date(2013, 1, 7) + dt.timedelta(weeks=8 * r)
    team = [f"resident-{r}-{i}" for i in range(3)]
    shared_people = [f"p{r}-{i}" for i in range(12)]
    lines = [
        f"title: Résidence {r} {rng.choice(WORDS)} {rng.choice(WORDS)}",
        f"host: Région {r}",
        "place: Lyon",
        "weeks:",
        *[f"  - start: {(start + dt.timedelta(weeks=w)).isoformat()}" for w in range(-(-days // 5))],
        f"summary: {yaml_str(sentence(rng))}",
        "team:",
    ]
    for t in team:
        lines += [f"  - id: {t}", f"    name: {t.replace('-', ' ').title()}", "    role: designer"]
    lines.append("participants:")
    for p in shared_people:
        lines += [f"  - id: {p}", f"    label: {yaml_str(sentence(rng, 4)[:-1])}",
                  f"    group: {rng.choice(GROUPS)}"]
    folder = root / "journal" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "residence.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    actions = []  # ids declared so far
    for n in range(days):
        week, day = n // 5 + 1, n % 5 + 1
        date = start + dt.timedelta(weeks=week - 1, days=day - 1)
        fm = [f"date: {date.isoformat()}", f"authors: [{rng.choice(team)}]",
              f"summary: {yaml_str(sentence(rng))}",
              f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]", "participants:"]
        local_people = []
        for p in rng.sample(shared_people, 3):
            fm.append(f"  - ref: {p}")
        for i in range(2):
            pid = f"p{r}-w{week}d{day}-{i}"
            local_people.append(pid)
            fm += [f"  - id: {pid}", f"    label: {yaml_str(sentence(rng, 3)[:-1])}",
                   f"    group: {rng.choice(GROUPS)}", f"    count: {rng.randint(1, 4)}"]
        fm.append("actions:")
        for i in range(rng.randint(2, 4)):
            if actions and rng.random() < 0.5:
                fm.append(f"  - ref: {rng.choice(actions)}")
            else:
                aid = f"action-{r}-{week}-{day}-{i}"
                actions.append(aid)
                fm += [f"  - id: {aid}", f"    title: {yaml_str(sentence(rng, 6)[:-1])}",
                       f"    scope: {rng.choice(['interne', 'externe'])}"]
            fm += [f"    impact: {rng.choice(IMPACT)}",
                   f"    difficulty: {rng.choice(DIFFICULTY)}",
                   f"    verdict: {rng.choice(VERDICTS)}"]
        visit = None
        if day == 3:
            visit = f"visite-{r}-{week}"
            fm += ["visits:", f"  - id: {visit}",
                   f"    title: {yaml_str('Micro-voyage ' + sentence(rng, 4)[:-1])}",
                   "    place: Lyon", "    hosts: [Prestataire A, Prestataire B]",
                   f"    participants: [{local_people[0]}, {team[0]}]",
                   "    section: micro-voyage"]
        fm.append("verbatims:")
        for i in range(rng.randint(2, 4)):
            fm += [f"  - quote: {yaml_str(sentence(rng))}",
                   f"    by: {rng.choice(local_people + team)}"]
            if visit and i == 0:
                fm.append(f"    visit: {visit}")
        body = [f"## Matin\n\n{paragraph(rng)}\n\n{paragraph(rng)}",
                f"## Séance de travail\n\n{paragraph(rng)}\n\n"
                + "\n".join(f"- {sentence(rng, 8)}" for _ in range(4)),
                f"> {sentence(rng)}\n\n{paragraph(rng)}"]
        if visit:
            body.append(f"## Micro-voyage\n\n{paragraph(rng)}\n\n{paragraph(rng)}")
        body.append(f"## Bilan\n\n{paragraph(rng)}\n\n*{sentence(rng, 6)}*")
        path = folder / f"semaine-{week}" / f"jour-{day}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(fm) + "\n---\n\n" + "\n\n".join(body) + "\n",
                        encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--entries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    per = WEEKS_PER_RESIDENCY * 5
    left, r = args.entries, 0
    while left > 0:
        write_residency(args.out, rng, r, min(per, left))
        left -= per
        r += 1


if __name__ == "__main__":
    main()
