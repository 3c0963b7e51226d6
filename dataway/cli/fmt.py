"""``dataway fmt``: format scripts in place, or check / show what would change.

``dataway fmt FILE|DIR|- ... [--check] [--diff] [--mode M]``. Without options changed files are
rewritten; ``--check`` writes nothing and exits 1 when a file would change; ``--diff`` writes
nothing and prints a unified diff. ``-`` formats standard input to standard output. A file that
cannot be formatted (a syntax error) is reported on stderr and makes the exit code 1; the other
files are still processed. Files keep CRLF line endings if they use them.
"""
from __future__ import annotations

import argparse
import difflib
import sys

from .main import EXIT_ERROR, EXIT_OK

__all__ = ["add_fmt_arguments", "fmt_command"]


def add_fmt_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``dataway fmt``."""
    from .check import add_script_arguments

    add_script_arguments(p)
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if any file would be reformatted")
    p.add_argument("--diff", action="store_true",
                   help="write nothing; print a unified diff of the changes")
    p.set_defaults(handler=fmt_command)


def _newline_of(raw: bytes) -> str:
    first = raw.find(b"\n")
    return "\r\n" if first > 0 and raw[first - 1:first] == b"\r" else "\n"


def fmt_command(args: argparse.Namespace) -> int:
    """Format every file; returns the exit code."""
    from ..fmt import FormatError, format_source
    from ..lint.runner import default_mode, expand_paths
    from .run import read_script

    changed = failed = 0
    for path in expand_paths(args.files):
        name = "<stdin>" if path == "-" else path
        raw = read_script(path)
        try:
            old = raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            old = None
        try:
            new = format_source(raw, mode=args.mode or default_mode(path))  # type: ignore[arg-type]
        except FormatError as exc:
            print(f"error: cannot format {name}: {exc}", file=sys.stderr)
            failed += 1
            continue
        if new == old:
            if path == "-" and not (args.check or args.diff):
                sys.stdout.write(new)
            continue
        changed += 1
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                (old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                f"{name}", f"{name} (formatted)"))
        if path == "-":
            if not (args.check or args.diff):
                sys.stdout.write(new)
        elif args.check:
            print(f"would reformat {name}", file=sys.stderr)
        elif not args.diff:
            with open(path, "w", encoding="utf-8", newline=_newline_of(raw)) as fh:
                fh.write(new)
            print(f"reformatted {name}", file=sys.stderr)
    if failed or (args.check and changed):
        return EXIT_ERROR
    return EXIT_OK
