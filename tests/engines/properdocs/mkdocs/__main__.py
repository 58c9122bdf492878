"""Run the ProperDocs CLI; it aliases every `mkdocs.*` import to `properdocs.*` first."""

from properdocs.__main__ import cli

if __name__ == "__main__":
    cli()
