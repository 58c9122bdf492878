"""`python -m mkdocs` for the tests' subprocesses when the engine is ProperDocs.

ProperDocs installs no `mkdocs` module (MkDocs itself may be installed beside it,
as Material requires it): tests/conftest.py puts this folder first on PYTHONPATH
when JOURNAL_ENGINE=properdocs, so the suite's `python -m mkdocs build` runs the
ProperDocs CLI. Never used outside the test suite.
"""
