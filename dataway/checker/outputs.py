"""DW409: the declared output type is unknown, or a literal text can never convert to it (§2.5).

Only a text-mode template without interpolations has a value known at check time (its text);
the parse rules below are spec §2.5's for a str source.
"""
from __future__ import annotations

import decimal
import json
import re
from datetime import date, time
from typing import Callable

from dataway.checker.names_table import OUTPUT_TYPES
from dataway.checker.report import Report
from dataway.syntax import ast as A

__all__ = ["check_output_type", "text_converts"]

_FRACTION = r"(?:\.\d{1,9})?"
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})?"
_DATE = r"(\d{4})-(\d{2})-(\d{2})"
_CLOCK = r"(\d{2}):(\d{2})(?::(\d{2})" + _FRACTION + r")?"
_DATETIME_RE = re.compile(_DATE + r"(?:[T ]" + _CLOCK + r")?" + _OFFSET)
_TIME_RE = re.compile(_CLOCK + _OFFSET)
_BOOL_WORDS = frozenset({"true", "1", "yes", "false", "0", "no"})


def _valid_date(m: "re.Match[str]") -> bool:
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


def _valid_clock(hour, minute, second) -> bool:
    try:
        time(int(hour), int(minute), int(second or 0))
    except ValueError:
        return False
    return True


def _datetime(text: str) -> bool:
    m = _DATETIME_RE.fullmatch(text.strip())
    if m is None or not _valid_date(m):
        return False
    return m.group(4) is None or _valid_clock(m.group(4), m.group(5), m.group(6))


def _time(text: str) -> bool:
    m = _TIME_RE.fullmatch(text.strip())
    return m is not None and _valid_clock(m.group(1), m.group(2), m.group(3))


def _int(text: str) -> bool:
    try:
        int(text, 10)
    except ValueError:
        return False
    return True


def _float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _decimal(text: str) -> bool:
    try:
        decimal.Decimal(text.strip())
    except (decimal.InvalidOperation, ValueError):
        return False
    return True


def _json_of(kind: type) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        """True when ``text`` is JSON of the wanted kind."""
        try:
            return isinstance(json.loads(text), kind)
        except ValueError:
            return False
    return check


_CHECKS: dict[str, Callable[[str], bool]] = {
    "int": _int, "float": _float, "decimal": _decimal,
    "bool": lambda t: t.strip().lower() in _BOOL_WORDS,
    "list": _json_of(list), "dict": _json_of(dict),
    "datetime": _datetime, "date": _datetime, "time": _time,
}


def text_converts(text: str, output_type: str) -> bool:
    """True when the literal ``text`` converts to ``output_type`` (spec §2.5, str source)."""
    check = _CHECKS.get(output_type)
    return True if check is None else check(text)


def check_output_type(tree: A.Node, mode: str, output_type: str, report: Report) -> None:
    """Report an unknown declared type, or a literal template that cannot convert to it."""
    if output_type not in OUTPUT_TYPES:
        expected = ", ".join(OUTPUT_TYPES)
        report.add("DW409", f"unknown declared type '{output_type}'; expected one of "
                            f"{expected}", span=(1, 1, 1, 1))
        return
    if mode != "text" or not isinstance(tree, A.Template):
        return
    if any(isinstance(p, A.TemplateExpr) for p in tree.parts):
        return
    text = "".join(p.value for p in tree.parts if isinstance(p, A.TemplateText))
    if not text_converts(text, output_type):
        shown = text if len(text) <= 40 else text[:37] + "..."
        report.add("DW409", f"cannot convert {shown!r} to {output_type}",
                   tree if tree.line else None)
