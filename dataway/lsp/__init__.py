"""The Dataway language server (``dataway lsp``), built on pygls.

:mod:`.server` holds the server state and the background checker, :mod:`.features` and
:mod:`.editing` adapt LSP requests to :mod:`dataway.tooling` and :mod:`dataway.lint`,
:mod:`.workspace` keeps open documents and settings, :mod:`.convert` builds LSP values. Importing
this package loads nothing else (the CLI registers the command without importing pygls).
"""
