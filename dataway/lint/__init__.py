"""The linter behind ``dataway check``: selection, inline suppression and output formats.

Diagnostics come from :func:`dataway.check`; this package decides which are reported
(:mod:`.selection`, :mod:`.suppression`) and how (:mod:`.output` for text and JSON,
:mod:`.sarif` for SARIF 2.1.0). :func:`lint_source` is the one-script entry point.
"""
from __future__ import annotations

from .codes import ALL_CODES, LINT_CODES, help_uri
from .runner import FileReport, expand_paths, lint_source
from .selection import Selection, parse_code_list

__all__ = ["ALL_CODES", "LINT_CODES", "help_uri", "FileReport", "expand_paths", "lint_source",
           "Selection", "parse_code_list"]
