"""Prove a refactoring changes nothing a reader gets: build the shipped journal with the
plugin of a git ref and with the working tree's, and compare the two sites file by file.

    .venv/bin/python tools/same_site.py            # against main
    .venv/bin/python tools/same_site.py HEAD~3

Each build runs ``mkdocs build --strict`` in its own tree (its mkdocs.yml, docs/,
journal/, overrides/ and plugin, put first on PYTHONPATH). Exit 0 when every file is
byte-identical, 1 with the list of files that differ or exist on one side only.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(tree: Path, site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree / "plugins"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=tree, env=env, check=True)


def differences(a: Path, b: Path, prefix: str = "") -> list[str]:
    """Relative paths that differ between two folders, or exist in one only."""
    found: list[str] = []
    compared = filecmp.dircmp(a, b)
    found += [f"{prefix}{name} (only before)" for name in compared.left_only]
    found += [f"{prefix}{name} (only after)" for name in compared.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    found += [f"{prefix}{name}" for name in (*mismatch, *errors)]
    for name in compared.common_dirs:
        found += differences(a / name, b / name, f"{prefix}{name}/")
    return sorted(found)


def main(ref: str) -> int:
    with tempfile.TemporaryDirectory(prefix="same-site-") as temporary:
        work = Path(temporary)
        before = work / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                        str(before), ref], check=True)
        try:
            build(before, work / "site-before")
            build(ROOT, work / "site-after")
            found = differences(work / "site-before", work / "site-after")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(before)], check=True)
        files = sum(1 for p in (work / "site-after").rglob("*") if p.is_file())
    for line in found:
        print(line)
    print(f"{files} files compared with {ref}: "
          + (f"{len(found)} differ" if found else "identical"))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "main"))
