"""``dataway check``: report diagnostics for script files (text or JSON), exit 1 on errors.

The full linter (SARIF, ``--select``/``--ignore``, inline suppressions, type-aware DW4xx) is
issue #5; this is the part the language core needs to be usable from a shell.
"""
from __future__ import annotations

import argparse
import json
import sys

from .main import EXIT_ERROR, EXIT_OK
from .run import read_script

__all__ = ["check_command"]


def check_command(args: argparse.Namespace) -> int:
    """Check every file; print ``path:line:col: severity CODE message`` lines."""
    from .. import api

    failed = False
    report = []
    for path in args.files:
        mode = args.mode or ("expression" if path.endswith(".dwx") else "code")
        name = "<stdin>" if path == "-" else path
        diags = api.check(read_script(path), mode=mode, name=name)
        failed = failed or any(d.is_error for d in diags)
        if args.format == "json":
            report.append({"path": name, "diagnostics": [d.to_dict() for d in diags]})
        else:
            for d in diags:
                print(d.render(name))
    if args.format == "json":
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return EXIT_ERROR if failed else EXIT_OK
