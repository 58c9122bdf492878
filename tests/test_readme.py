"""The README documents every option of the `journal` plugin (what a site's maintainer reads)."""

from __future__ import annotations

import re

from conftest import ROOT
from residency_journal.config import JournalConfig


def _plugin_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\nplugins:\n(.*?)```", readme, re.S)
    assert block, "the README's plugin block is gone"
    return block.group(1)


def test_every_plugin_option_is_in_the_readme_block():
    documented = set(re.findall(r"^      (\w+):", _plugin_block(), re.M))
    options = {name for name, _ in JournalConfig._schema} - {"enabled"}
    assert options - documented == set(), "options missing from the README"
    assert documented - options == set(), "the README names options that do not exist"
