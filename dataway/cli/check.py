"""``dataway check``: the linter's command line (see :mod:`dataway.lint`).

``dataway check FILE|DIR|- ... [--mode M] [--format text|json|sarif] [--select CODES]
[--ignore CODES] [--type TYPE]``. Directories are searched for ``*.dw``, ``*.dwx`` and
``*.dwt``. Exit codes: 0 when no error remains after suppression and selection (warnings alone
pass), 1 when one does, 2 for a usage error (unreadable file, unknown code in
``--select``/``--ignore``).
"""
from __future__ import annotations

import argparse
import sys

from .main import EXIT_ERROR, EXIT_OK, UsageError

__all__ = ["check_command", "add_check_arguments", "add_script_arguments"]


def add_script_arguments(p: argparse.ArgumentParser) -> None:
    """FILE... and --mode, shared by ``dataway check`` and ``dataway fmt``."""
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="script files, directories (searched for *.dw, *.dwx, *.dwt) "
                        "or - for stdin")
    p.add_argument("--mode", choices=("code", "expression", "text"), default=None,
                   help="script mode (default: code; expression for .dwx, text for .dwt files)")


def add_check_arguments(chk: argparse.ArgumentParser) -> None:
    """The options of ``dataway check`` (called by :func:`dataway.cli.main.build_parser`)."""
    add_script_arguments(chk)
    chk.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                     help="text: path:line:col: severity CODE: message (default); json: the "
                          "documented JSON report; sarif: SARIF 2.1.0 for CI code scanning")
    chk.add_argument("--type", dest="output_type", default="any",
                     help="declared output type the scripts are checked against (as for run)")
    chk.add_argument("--select", metavar="CODES",
                     help="report only these codes or prefixes (comma list, e.g. DW2,DW401)")
    chk.add_argument("--ignore", metavar="CODES",
                     help="never report these codes or prefixes (comma list)")


def check_command(args: argparse.Namespace) -> int:
    """Check every file in one process; print the report in the chosen format."""
    from ..lint import Selection, expand_paths, lint_source, parse_code_list
    from ..lint.runner import default_mode
    from ..lint.output import render_json, render_text
    from ..lint.sarif import render_sarif
    from .run import read_script

    try:
        selection = Selection(
            select=parse_code_list(args.select, "--select") if args.select else None,
            ignore=parse_code_list(args.ignore, "--ignore") if args.ignore else ())
    except ValueError as exc:
        raise UsageError(f"dataway check: {exc}") from None
    reports = []
    for path in expand_paths(args.files):
        mode = args.mode or default_mode(path)
        name = "<stdin>" if path == "-" else path
        reports.append(lint_source(read_script(path), mode=mode, name=name, selection=selection,
                                   output_type=args.output_type))
    render = {"json": render_json, "sarif": render_sarif}.get(args.format, render_text)
    sys.stdout.write(render(reports))
    return EXIT_ERROR if any(r.failed for r in reports) else EXIT_OK

