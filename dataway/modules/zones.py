"""The evaluation time zone: what "local time" means for ``time`` and ``datetime`` (spec §4.6).

The process time zone is never consulted or changed. ``current().timezone`` is None (UTC), a
``tzinfo`` (``zoneinfo.ZoneInfo`` or ``datetime.timezone``) or a string (``'UTC'``,
``'+08:00'``, an IANA name), as the embedder passed it.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

from ..runtime.context import current

__all__ = ["local_zone", "parse_zone", "now_timestamp", "local_datetime", "localize",
           "zone_constants", "fixed_local_zone"]

_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


@lru_cache(maxsize=64)
def parse_zone(text: str) -> _dt.tzinfo:
    """``'UTC'``/``'Z'``, ``'±HH:MM'`` (or ``±HHMM``) or an IANA name as a tzinfo."""
    if text in ("UTC", "Z", "utc"):
        return _dt.timezone.utc
    match = _OFFSET.match(text)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        delta = _dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
        return _dt.timezone(sign * delta) if delta else _dt.timezone.utc
    from zoneinfo import ZoneInfo
    return ZoneInfo(text)


def local_zone() -> _dt.tzinfo:
    """The tzinfo of the running evaluation (UTC by default)."""
    zone: Any = current().timezone
    if zone is None:
        return _dt.timezone.utc
    if isinstance(zone, _dt.tzinfo):
        return zone
    return parse_zone(str(zone))


def now_timestamp() -> float:
    """POSIX seconds from the evaluation clock."""
    return float(current().now())


def local_datetime(timestamp: float) -> _dt.datetime:
    """The aware local datetime for a POSIX timestamp."""
    return _dt.datetime.fromtimestamp(timestamp, local_zone())


def localize(naive: _dt.datetime) -> _dt.datetime:
    """Attach the evaluation zone to a naive local datetime (``fold`` picks the repeated hour)."""
    return naive.replace(tzinfo=local_zone())


def fixed_local_zone(aware: _dt.datetime) -> _dt.timezone:
    """A fixed-offset zone named like the local zone at ``aware``, as CPython's
    ``astimezone()`` without arguments returns."""
    offset = aware.utcoffset() or _dt.timedelta(0)
    name = aware.tzname()
    return _dt.timezone(offset, name) if name else _dt.timezone(offset)


def zone_constants() -> dict[str, Any]:
    """``time.timezone``, ``altzone``, ``daylight`` and ``tzname`` for the evaluation zone,
    derived like CPython from 1 January and 1 July of the current year."""
    zone = local_zone()
    year = _dt.datetime.fromtimestamp(now_timestamp(), _dt.timezone.utc).year
    jan = _dt.datetime(year, 1, 1, tzinfo=zone)
    jul = _dt.datetime(year, 7, 1, tzinfo=zone)
    jan_west = -int((jan.utcoffset() or _dt.timedelta(0)).total_seconds())
    jul_west = -int((jul.utcoffset() or _dt.timedelta(0)).total_seconds())
    jan_name, jul_name = jan.tzname() or "UTC", jul.tzname() or "UTC"
    if jan_west < jul_west:  # southern hemisphere: January is the summer time
        return {"timezone": jul_west, "altzone": jan_west, "daylight": 1,
                "tzname": (jul_name, jan_name)}
    return {"timezone": jan_west, "altzone": jul_west, "daylight": int(jan_west != jul_west),
            "tzname": (jan_name, jul_name)}
