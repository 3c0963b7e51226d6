"""The codes ``dataway check`` reports and where each one is documented.

The checker's codes are :data:`dataway.diagnostics.CODES` (spec §16). The linter adds its own
codes for problems with the lint directives themselves, in the ``DW0xx`` range the spec leaves
free, so they can never collide with a checker code. Every code has an anchor in the README's
code table (``#dw301``); :func:`help_uri` builds the link SARIF ``helpUri`` and the language
server's ``codeDescription.href`` point to.
"""
from __future__ import annotations

import os

from dataway.diagnostics import CODES, WARNING, CodeInfo

__all__ = ["LINT_CODES", "ALL_CODES", "DOCS_URL", "docs_url", "help_uri", "UNSUPPRESSIBLE"]

#: Codes of the linter itself (not produced by ``dataway.check``).
LINT_CODES: dict[str, CodeInfo] = {
    "DW001": CodeInfo("DW001", WARNING, "SyntaxError", "unknown code in a suppression comment"),
}

#: Every code ``dataway check`` can report, in code order.
ALL_CODES: dict[str, CodeInfo] = dict(sorted({**CODES, **LINT_CODES}.items()))

#: Syntax errors: the script has no trustworthy tree, so neither ``--ignore`` nor an inline
#: suppression can hide them (a linter that passes a file that cannot run is lying).
UNSUPPRESSIBLE = frozenset(code for code in CODES if "DW100" <= code <= "DW114")

#: The README the code links point to; ``DATAWAY_DOCS_URL`` overrides it (a fork or a mirror).
DOCS_URL = "https://github.com/dataway/dataway/blob/main/README.md"


def docs_url() -> str:
    """The README's address: ``DATAWAY_DOCS_URL`` if set, else :data:`DOCS_URL`."""
    return os.environ.get("DATAWAY_DOCS_URL") or DOCS_URL


def help_uri(code: str) -> str:
    """The documentation link of ``code``: the README code table row (anchor ``#dw301``)."""
    return f"{docs_url()}#{code.lower()}"
