"""Seconds-first cron rules (§5.2) translated to croniter's field order; croniter does the rest.

Dataway rules have 3–7 fields ``sec min hour dom month dow [year]`` with Quartz-style ``?`` and
day-of-week 1–7 = Monday–Sunday. croniter takes ``min hour dom month dow sec year`` with 0–6 =
Sunday–Saturday, so translation reorders fields, renumbers day-of-week values and turns ``?``
into ``*``; matching itself is croniter's.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from croniter import croniter

__all__ = ["CronError", "translate", "parse_rules", "next_fire"]

_DAY_NAMES = {"MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6, "SUN": 7}
_DEFAULTS = ["*", "*", "?", "*"]  # dom, month, dow, year when omitted


class CronError(ValueError):
    """A rule that cannot be used; the text says why."""


def _dow_value(text: str) -> int:
    upper = text.upper()
    if upper in _DAY_NAMES:
        return _DAY_NAMES[upper]
    if not text.isdigit() or not 1 <= int(text) <= 7:
        raise CronError(f"day of week {text!r} must be 1–7 (Monday–Sunday) or MON–SUN")
    return int(text)


def _translate_dow(field: str) -> str:
    if field in ("*", "?"):
        return "*"
    match = re.fullmatch(r"([1-7]|[A-Za-z]{3})?L", field)
    if match:
        day = _dow_value(match.group(1)) if match.group(1) else 7
        return f"L{day % 7}"
    values: set[int] = set()
    for item in field.split(","):
        part, _, step_text = item.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise CronError(f"bad step in day of week {item!r}")
        if part == "*":
            low, high = 1, 7
        elif "-" in part:
            a, b = part.split("-", 1)
            low, high = _dow_value(a), _dow_value(b)
            if low > high:
                raise CronError(f"day-of-week range {part!r} runs backwards")
        else:
            low = _dow_value(part)
            high = 7 if step else low
        values.update(range(low, high + 1, step or 1))
    return ",".join(str(v % 7) for v in sorted(values))


def translate(rule: str) -> str:
    """One Dataway rule to a croniter expression (``min hour dom month dow sec year``)."""
    fields = rule.split()
    if not 3 <= len(fields) <= 7:
        raise CronError(f"a cron rule has 3 to 7 fields (seconds first), got {len(fields)}")
    fields += _DEFAULTS[len(fields) - 3:]
    sec, minute, hour, dom, month, dow, year = fields
    for name, value in (("seconds", sec), ("minutes", minute), ("hours", hour),
                        ("month", month), ("year", year)):
        if "?" in value:
            raise CronError(f"'?' is allowed only in day of month and day of week ({name})")
    if dom != "?" and dow != "?" and not (dom == "*" and dow == "*"):
        if dom != "*" and dow != "*":
            raise CronError("day of month and day of week cannot both be restricted; use '?' "
                            "in one of them")
    if year != "*":
        for number in re.findall(r"\d+", year):
            if not 1970 <= int(number) <= 2099:
                raise CronError(f"year {number} is outside 1970–2099")
    expr = " ".join([minute, hour, "*" if dom == "?" else dom, month, _translate_dow(dow), sec,
                     year])
    if not croniter.is_valid(expr):
        raise CronError(f"invalid cron rule {rule!r}")
    return expr


def parse_rules(text: str) -> list[str]:
    """Every non-empty line of ``text`` translated (CR, LF or CRLF separate rules)."""
    rules = [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    if not rules:
        raise CronError("at least one cron rule is required")
    return [translate(rule) for rule in rules]


def next_fire(rules: list[str], after: _dt.datetime) -> Optional[_dt.datetime]:
    """The earliest firing strictly after ``after`` (an aware datetime) over all rules."""
    best: Optional[_dt.datetime] = None
    for expr in rules:
        try:
            candidate = croniter(expr, after, max_years_between_matches=130).get_next(_dt.datetime)
        except Exception:  # croniter gives up on rules that never match again
            continue
        if best is None or candidate < best:
            best = candidate
    return best
