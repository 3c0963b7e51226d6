"""``dataway`` command line: argument parsing, dispatch and exit codes.

Exit codes (a contract outside tooling relies on): 0 success; 1 a check or script error (the
§15.2 text on stderr); 2 a usage error (bad options, unreadable input files, invalid JSON in an
option). No host traceback is ever printed: an unexpected failure is reported as an internal
error with an incident id, and its details go to the ``dataway`` logger only.
"""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Optional, Sequence

__all__ = ["main", "UsageError", "build_parser"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

log = logging.getLogger("dataway.cli")


class UsageError(Exception):
    """A problem with how the command was called (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors raised instead of printed, so main() owns every exit."""

    def error(self, message: str) -> "None":  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--payload-json", metavar="JSON", help="the message payload as JSON text")
    src.add_argument("--payload-file", metavar="PATH",
                     help="read the payload from a file (an Entity; see --mime)")
    p.add_argument("--mime", metavar="TYPE",
                   help="MIME type of --payload-file (default: guessed from the extension)")
    p.add_argument("--vars-json", metavar="JSON", help="flow variables as a JSON object")
    p.add_argument("--attrs-json", metavar="JSON", help="message attributes as a JSON object")
    p.add_argument("--format", choices=("json", "repr"), default="json",
                   help="json: the boundary-normalised result as JSON (default); "
                        "repr: repr() of the raw value")
    p.add_argument("--timezone", metavar="TZ", help="evaluation time zone (IANA name or ±HH:MM)")
    p.add_argument("--seed", type=int, help="seed of the script's random module")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to document the CLI)."""
    parser = _Parser(prog="dataway", description="Dataway scripts and flows.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    run = sub.add_parser("run", help="run a script file against a message")
    run.add_argument("file", help="script file, or - for standard input")
    run.add_argument("--mode", choices=("code", "expression", "text"), default=None,
                     help="script mode (default: code, or expression for .dwx files)")
    run.add_argument("--type", dest="output_type", default="any",
                     help="declared output type (any, string, int, float, bool, decimal, bytes, "
                          "list, dict, datetime, date, time)")
    _add_input_options(run)

    ev = sub.add_parser("eval", help="evaluate one expression")
    ev.add_argument("expression", help="the expression (expression mode)")
    ev.add_argument("--type", dest="output_type", default="any", help="declared output type")
    _add_input_options(ev)

    from .check import add_check_arguments

    add_check_arguments(sub.add_parser("check", help="check scripts without running them"))
    from .fmt import add_fmt_arguments

    add_fmt_arguments(sub.add_parser("fmt", help="format scripts (PEP 8 layout)"))

    from .convert import register as register_convert

    register_convert(sub)  # dataway convert
    from ..lsp.cli import register as register_lsp

    register_lsp(sub)  # dataway lsp (pygls is imported only when it runs)
    __import__("dataway.repl.cli", fromlist=["register"]).register(sub)  # dataway repl

    # Cheap: engine.cli imports asyncio and the engine only inside the handlers, so the flow
    # commands cost `dataway eval` nothing at start-up (tests/cli/test_cli_cold_start.py).
    from ..engine.cli import register as register_flow_commands

    register_flow_commands(sub)  # dataway flow run|check, dataway schema
    from .secret import register as register_secret
    from .serve import register as register_serve

    register_serve(sub)  # dataway serve (imports asyncio and the engine only when run)
    register_secret(sub)  # dataway secret keygen|set|list|rm
    from .connection import register as register_connection

    register_connection(sub)  # dataway connection test (connectors imported only when run)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point of the ``dataway`` console script; returns the exit code."""
    try:
        try:
            args = build_parser().parse_args(argv)
            if args.version:
                from .. import __version__

                print(f"dataway {__version__}")
                return EXIT_OK
            if args.command in ("run", "eval"):
                from .run import run_command

                return run_command(args)
            if args.command == "check":
                from .check import check_command

                return check_command(args)
            if getattr(args, "handler", None) is not None:
                return args.handler(args)
            build_parser().print_help(sys.stderr)
            return EXIT_USAGE
        except UsageError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception:  # a defect: never show a host traceback to the user
        import uuid  # only on a defect: uuid pulls in platform, a cold-start cost

        incident = uuid.uuid4().hex[:12]
        log.exception("internal error (incident %s)", incident)
        where = _save_incident(incident)
        hint = f"; details in {where}" if where else ""
        print(f"InternalError: internal error (incident {incident}){hint}", file=sys.stderr)
        return EXIT_ERROR


def _save_incident(incident: str) -> Optional[str]:
    """Write the host traceback of a defect to the per-user cache, for a bug report."""
    import os
    import traceback

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "dataway", "incidents", f"{incident}.txt")
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
    except OSError:
        return None
    return path


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
