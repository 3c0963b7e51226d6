"""Text and JSON renderings of check results.

Text: one line per diagnostic, ``path:line:col: severity CODE: message`` (spec §16), the form
editors' "problem matchers" and ``grep`` read. JSON (schema version 1, documented in the README):

    {"version": 1,
     "files": [{"path": str, "mode": "code"|"expression"|"text", "suppressed": int,
                "diagnostics": [{"code", "severity", "message", "line", "column",
                                 "end_line", "end_column", "suggestion"?}]}],
     "summary": {"files": int, "error": int, "warning": int, "info": int, "hint": int,
                 "suppressed": int}}

Fields are only ever added in a version; a removal or change of meaning bumps ``version``.
"""
from __future__ import annotations

import json
from typing import Any, Sequence

from dataway.diagnostics import ERROR, HINT, INFO, WARNING

from .runner import FileReport

__all__ = ["render_text", "render_json", "json_report", "JSON_VERSION"]

JSON_VERSION = 1


def render_text(reports: Sequence[FileReport]) -> str:
    """Every diagnostic of every file, one per line (empty when there is nothing to report)."""
    return "".join(d.render(r.path) + "\n" for r in reports for d in r.diagnostics)


def json_report(reports: Sequence[FileReport]) -> dict[str, Any]:
    """The JSON document (as Python values) of a check run."""
    summary = {"files": len(reports), ERROR: 0, WARNING: 0, INFO: 0, HINT: 0, "suppressed": 0}
    files = []
    for r in reports:
        for d in r.diagnostics:
            summary[d.severity] += 1
        summary["suppressed"] += r.suppressed
        files.append({"path": r.path, "mode": r.mode, "suppressed": r.suppressed,
                      "diagnostics": [d.to_dict() for d in r.diagnostics]})
    return {"version": JSON_VERSION, "files": files, "summary": summary}


def render_json(reports: Sequence[FileReport]) -> str:
    """The JSON document as text (indented, keys in a fixed order, non-ASCII kept)."""
    return json.dumps(json_report(reports), ensure_ascii=False, indent=2) + "\n"
