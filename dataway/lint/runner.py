"""Check many scripts in one process: input discovery, check, suppression and selection.

This is the linter's pipeline; formatting the result is :mod:`dataway.lint.output` and
:mod:`dataway.lint.sarif`. Diagnostics come from :func:`dataway.check` only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator, Union

from dataway.diagnostics import Diagnostic, sort_diagnostics
from dataway.source import decode_source

from .selection import Selection
from .suppression import apply_suppressions, find_suppressions

__all__ = ["FileReport", "lint_source", "expand_paths", "default_mode", "SCRIPT_SUFFIXES"]

#: File name endings a directory argument is searched for (``.dwx``: expression mode, ``.dwt``:
#: text mode, as in the REPL's ``:load``).
SCRIPT_SUFFIXES = (".dw", ".dwx", ".dwt")
# Directories never searched: tool state and dependencies, not the project's scripts.
_SKIPPED_DIRS = frozenset({"__pycache__", "node_modules"})


@dataclass(frozen=True)
class FileReport:
    """The outcome of checking one script: what is reported, and how much was suppressed."""

    path: str
    mode: str
    diagnostics: tuple[Diagnostic, ...]
    suppressed: int = 0
    source: str = field(default="", repr=False)

    @property
    def failed(self) -> bool:
        """True when an error remains after suppression and selection."""
        return any(d.is_error for d in self.diagnostics)


def default_mode(path: str) -> str:
    """The mode of a file without ``--mode``: expression (``.dwx``), text (``.dwt``) or code."""
    if path.endswith(".dwx"):
        return "expression"
    return "text" if path.endswith(".dwt") else "code"


def lint_source(raw: Union[str, bytes], *, mode: str = "code", name: str = "<script>",
                selection: Selection = Selection(), output_type: str = "any") -> FileReport:
    """Check one script and apply its inline suppressions and ``selection``.

    ``output_type`` is the declared type the script's result must convert to (DW409).
    """
    from dataway import api

    diags = api.check(raw, mode=mode, name=name, output_type=output_type)
    text, _problem = decode_source(raw)
    supp = find_suppressions(text, mode)
    kept, suppressed = apply_suppressions(diags, supp)
    kept.extend(supp.problems)
    reported = [d for d in sort_diagnostics(kept) if selection.allows(d.code)]
    return FileReport(name, mode, tuple(reported), suppressed, text)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Each argument; a directory becomes its script files (recursively, sorted, no dot-dirs)."""
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs
                                 if not d.startswith(".") and d not in _SKIPPED_DIRS)
                for name in sorted(files):
                    if name.endswith(SCRIPT_SUFFIXES):
                        yield os.path.normpath(os.path.join(root, name))
        else:
            yield path
