"""An iPhone's HEIC photo is not decoded (no decoder we can ship: see model/images.py):
its message says, with the resident's own file names, how to make the JPEG copy and
what to link; done as told, the photo publishes."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import RESIDENCE_YML, build_project, entry, write_project
from residency_journal.cli import main
from test_photos import phone_jpeg

A = "journal/res"
DAY = f"{A}/semaine-1/jour-1.md"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def write(root, link: str):
    write_project(root, {f"{A}/residence.yml": RESIDENCE_YML,
                         DAY: entry("date: 2013-01-28\n", f"Le matin.\n\n![Le mur de post-it]({link})\n")})
    media = root / A / "media"
    media.mkdir(parents=True, exist_ok=True)
    (media / "IMG_1234.HEIC").write_bytes(HEIC)
    return root


def test_the_heic_message_says_how_to_make_the_jpeg_and_what_to_link(tmp_path):
    root = write(tmp_path / "p", "../media/IMG_1234.HEIC")
    built = build_project(root, expect=["c'est une photo HEIC"])
    assert len(built.warnings) == 1
    message = built.warnings[0]
    assert f"{DAY}:7: image « ../media/IMG_1234.HEIC » : c'est une photo HEIC" in message
    for told in ("copie en JPEG dans le même dossier, nommée « IMG_1234.jpg »",
                 "écrivez « ../media/IMG_1234.jpg » dans le lien, puis retirez IMG_1234.HEIC "
                 "du journal",
                 "Aperçu, menu Fichier > Exporter…, Format « JPEG »",
                 "application Photos, menu « … » > « Enregistrer sous », type « .jpg »",
                 "« heif-convert IMG_1234.HEIC IMG_1234.jpg »",
                 "Réglages > Appareil photo > Formats > « Le plus compatible »"):
        assert told in message, told
    assert not list(built.site.rglob("*.HEIC")) and not list(built.site.rglob("IMG_1234*"))

    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code != 0
    assert message.split("residency_journal: ", 1)[1] in result.output, result.output

    # Done as the message says: a JPEG copy beside it, its name in the link, the HEIC gone.
    write(root, "../media/IMG_1234.jpg")
    (root / A / "media" / "IMG_1234.jpg").write_bytes(phone_jpeg())
    (root / A / "media" / "IMG_1234.HEIC").unlink()
    fixed = build_project(root)
    assert fixed.warnings == []
    assert (fixed.site / "res/media/IMG_1234.jpg").is_file()
    assert "IMG_1234.jpg" in fixed.html("res/semaine-1/jour-1/")
