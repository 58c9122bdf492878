"""The editors' preview (`journal serve`): the site kept in memory, pages rendered on demand.

MkDocs has no incremental build: `mkdocs serve` rebuilds every page on every
save (30 s and more for a programme of 1000 entries). Here MkDocs' objects
(config, plugins, files, navigation, Jinja environment) and the model stay in
memory between saves; a save re-reads the changed files, re-resolves only their
residency (:mod:`.loader`), forgets the rendered pages that depend on it and
re-renders the pages open in a browser before the live reload tells them
(:mod:`.site`, :mod:`.server`). Each page is rendered by MkDocs' own calls, as
``mkdocs build`` renders it; a test compares every page with a build's.
``mkdocs build`` does not use this package.
"""
