"""Registration of ``dataway lsp`` on the command line (pygls is imported only when it runs)."""
from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register"]


def _run(args: argparse.Namespace) -> int:
    from .server import main

    return main()


def register(subparsers: Any) -> None:
    """Add ``lsp`` to an argparse subparsers object."""
    p = subparsers.add_parser("lsp", help="run the language server over stdio (for editors)")
    # Editors' generic clients (vscode-languageclient, ...) pass --stdio; stdio is the only
    # transport, so the flag is accepted and means what happens anyway.
    p.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (default)")
    p.set_defaults(handler=_run)
