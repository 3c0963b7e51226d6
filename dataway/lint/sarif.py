"""SARIF 2.1.0 output, for CI code scanning (GitHub, GitLab, Azure DevOps...).

One run; the tool driver lists every code as a rule (so rule indices are stable across runs),
each with a ``helpUri`` into the README code table. Results carry 1-based regions whose columns
count Unicode code points (``columnKind: unicodeCodePoints``), end exclusive, as SARIF defines
``endColumn``. Severities map to SARIF levels: error -> error, warning -> warning, info and
hint -> note. Relative paths stay relative URIs (resolved against ``%SRCROOT%``), absolute
paths become ``file://`` URIs.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote

from .codes import ALL_CODES, docs_url, help_uri
from .runner import FileReport

__all__ = ["sarif_report", "render_sarif", "SARIF_SCHEMA", "SARIF_VERSION"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}
_RULE_INDEX = {code: i for i, code in enumerate(ALL_CODES)}


def _uri(path: str) -> dict[str, str]:
    if os.path.isabs(path):
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path.replace(os.sep, "/")), "uriBaseId": "%SRCROOT%"}


def _rules() -> list[dict[str, Any]]:
    return [{"id": info.code,
             "shortDescription": {"text": info.title},
             "helpUri": help_uri(info.code),
             "defaultConfiguration": {"level": _LEVELS[info.severity]},
             "properties": {"errorType": info.error_type}}
            for info in ALL_CODES.values()]


def sarif_report(reports: Sequence[FileReport]) -> dict[str, Any]:
    """The SARIF log (as Python values) of a check run."""
    from dataway import __version__

    results = []
    for r in reports:
        location = _uri(r.path)
        for d in r.diagnostics:
            message = d.message + (f" ({d.suggestion})" if d.suggestion else "")
            results.append({
                "ruleId": d.code, "ruleIndex": _RULE_INDEX[d.code], "level": _LEVELS[d.severity],
                "message": {"text": message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": dict(location),
                    "region": {"startLine": d.line, "startColumn": d.column,
                               "endLine": d.end_line, "endColumn": d.end_column}}}]})
    run = {"tool": {"driver": {"name": "dataway", "version": __version__,
                               "informationUri": docs_url(),
                               "rules": _rules()}},
           "columnKind": "unicodeCodePoints",
           "results": results}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(reports: Sequence[FileReport]) -> str:
    """The SARIF log as indented JSON text."""
    return json.dumps(sarif_report(reports), ensure_ascii=False, indent=2) + "\n"
