"""``dataway repl``: argument registration (prompt-toolkit is imported only when it runs)."""
from __future__ import annotations

import argparse
from typing import Any

__all__ = ["register", "repl_command"]


def register(subparsers: Any) -> None:
    """Add ``dataway repl`` to an argparse subparsers object."""
    p = subparsers.add_parser("repl", help="interactive Dataway shell (reads a script when "
                                           "stdin is not a terminal)")
    p.add_argument("--mode", choices=("code", "expression", "text"), default="code",
                   help="how inputs are read (default: code; :mode switches)")
    p.add_argument("--payload", metavar="FILE|JSON", help="initial msg.payload (as :payload)")
    p.add_argument("--vars", metavar="JSON", help="initial msg.vars (as :vars)")
    p.add_argument("--attrs", metavar="JSON", help="initial msg.attrs (as :attrs)")
    p.add_argument("--seed", type=int, help="seed of the random module for this session")
    p.add_argument("--no-history", action="store_true", help="do not read or write history")
    p.set_defaults(handler=repl_command)


def repl_command(args: argparse.Namespace) -> int:
    """Run the REPL; a bad option value is a usage error (exit 2)."""
    from ..cli.main import UsageError
    from .app import run
    from .session import Session

    session = Session(args.mode, seed=args.seed)
    for command, value in (("payload", args.payload), ("vars", args.vars),
                           ("attrs", args.attrs)):
        if value is not None:
            reply = session.handle(f":{command} {value}")
            if reply.error:
                raise UsageError(f"dataway repl: --{reply.error.lstrip(':')}")
    return run(session, history=not args.no_history)
