"""The ``time`` module (spec §12): the evaluation clock and time zone, no ``sleep``."""
from __future__ import annotations

import datetime as _dt
import math as _math
import re
import time as _time
from typing import Any, Optional

from ..runtime.prechecks import type_name
from ..runtime.values import ModuleValue
from .callables import members_of
from .guards import charge_bytes, check_size
from .members import make_module
from .typeobjects import standard_type
from .zones import local_datetime, local_zone, now_timestamp, zone_constants

__all__ = ["MODULE", "localtime_struct", "STRUCT_TIME"]

# A strftime field width is a host allocation the format string does not bound by itself.
_WIDTH = re.compile(r"%[-_0^#]*(\d+)")


def _struct(aware: _dt.datetime) -> _time.struct_time:
    dst = aware.dst()
    offset = aware.utcoffset() or _dt.timedelta(0)
    fields = aware.timetuple()[:8] + (1 if dst else 0, aware.tzname(), int(offset.total_seconds()))
    return _time.struct_time(fields)


def localtime_struct(seconds: float) -> _time.struct_time:
    """``time.localtime(seconds)`` in the evaluation zone."""
    _time.gmtime(seconds)  # CPython's argument checks and range errors, unchanged
    return _struct(local_datetime(_math.floor(seconds)))


def time() -> float:
    """Seconds since the epoch, from the evaluation clock."""
    return now_timestamp()


def time_ns() -> int:
    """Nanoseconds since the epoch (microsecond resolution), from the evaluation clock."""
    return round(now_timestamp() * 1_000_000) * 1000


def monotonic() -> float:
    """The evaluation clock (the embedder may fix it, so it is not a host monotonic clock)."""
    return now_timestamp()


def gmtime(secs: Optional[float] = None) -> _time.struct_time:
    """UTC struct_time for ``secs`` (default: the evaluation clock)."""
    return _time.gmtime(now_timestamp() if secs is None else secs)


def localtime(secs: Optional[float] = None) -> _time.struct_time:
    """struct_time in the evaluation time zone for ``secs`` (default: the evaluation clock)."""
    return localtime_struct(now_timestamp() if secs is None else secs)


def _as_struct(t: Any, function: str) -> _time.struct_time:
    if isinstance(t, _time.struct_time) and t.tm_zone is not None:
        return t
    if not isinstance(t, (tuple, _time.struct_time)):
        raise TypeError("Tuple or struct_time argument required")
    if len(t) != 9:
        raise TypeError(f"{function}(): illegal time tuple argument")
    _time.asctime(t)  # CPython's field checks
    naive = _naive_from_fields(t)
    if naive is None:
        return _time.struct_time(tuple(t))
    aware = naive.replace(tzinfo=local_zone())
    offset = aware.utcoffset() or _dt.timedelta(0)
    return _time.struct_time(tuple(t)[:9] + (aware.tzname(), int(offset.total_seconds())))


def _naive_from_fields(t: Any) -> Optional[_dt.datetime]:
    year, mon, mday, hour, minute, sec = (int(x) for x in tuple(t)[:6])
    year += (mon - 1) // 12
    mon = (mon - 1) % 12 + 1
    try:
        return (_dt.datetime(year, mon, 1)
                + _dt.timedelta(days=mday - 1, hours=hour, minutes=minute, seconds=sec))
    except (ValueError, OverflowError):
        return None


def mktime(t: Any) -> float:
    """Inverse of ``localtime``: a local (evaluation zone) time tuple to POSIX seconds."""
    if not isinstance(t, (tuple, _time.struct_time)):
        raise TypeError("Tuple or struct_time argument required")
    if len(t) < 9:
        raise TypeError("mktime(): illegal time tuple argument")
    naive = _naive_from_fields(t)
    if naive is None:
        raise OverflowError("mktime argument out of range")
    return float(_resolve_local(naive, int(t[8])).timestamp())


def _resolve_local(naive: _dt.datetime, isdst: int) -> _dt.datetime:
    """The instant a local wall time names, resolved as the C library's ``mktime`` does:
    with ``isdst < 0`` an ambiguous or skipped time takes the standard-time offset; with an
    explicit flag that contradicts the zone, the wall time is read in the requested regime."""
    zone = local_zone()
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    candidates = [first] if first.utcoffset() == second.utcoffset() else [first, second]
    if isdst < 0:
        standard = [c for c in candidates if not c.dst()]
        return standard[0] if standard else candidates[0]
    matching = [c for c in candidates if bool(c.dst()) == bool(isdst)]
    if matching:
        return matching[0]
    chosen = candidates[0]
    offset = chosen.utcoffset() or _dt.timedelta(0)
    dst = chosen.dst() or _dt.timedelta(0)
    if isdst:
        constants = zone_constants()
        if not constants["daylight"]:
            return chosen
        dst = _dt.timedelta(seconds=constants["timezone"] - constants["altzone"])
        return (naive - offset - dst).replace(tzinfo=_dt.timezone.utc)
    return (naive - (offset - dst)).replace(tzinfo=_dt.timezone.utc)


def asctime(t: Any = None) -> str:
    """``'Sun Jun 20 23:21:05 1993'`` for ``t`` (default: local now)."""
    return _time.asctime(localtime() if t is None else t)


def ctime(secs: Optional[float] = None) -> str:
    """``asctime(localtime(secs))``."""
    return _time.asctime(localtime(secs))


def strftime(format: str, t: Any = None) -> str:  # noqa: A002 - CPython's parameter name
    """Format ``t`` (default: local now); ``%Z``/``%z`` name the evaluation zone."""
    if not isinstance(format, str):
        raise TypeError(f"strftime() argument 1 must be str, not {type_name(format)}")
    limit_width(format)
    stamp = localtime() if t is None else _as_struct(t, "strftime")
    charge_bytes(len(format))
    text = _time.strftime(format, stamp)
    check_size(len(text))
    return text


def strptime(string: str, format: str = "%a %b %d %H:%M:%S %Y") -> _time.struct_time:  # noqa: A002
    """Parse ``string`` as CPython does."""
    if isinstance(string, str):
        charge_bytes(len(string))
    return _time.strptime(string, format)


def limit_width(format: str) -> None:  # noqa: A002
    """value_size pre-check of the field widths in a strftime format (``%999999999Y``)."""
    for match in _WIDTH.finditer(format):
        digits = match.group(1)
        # A width of more than 12 digits is over any limit; converting it could itself be slow.
        check_size(int(digits) if len(digits) <= 12 else 10 ** 12)


STRUCT_TIME = standard_type("time.struct_time")


def _build() -> ModuleValue:
    functions = members_of(time, time_ns, monotonic, strftime, strptime, gmtime, localtime,
                           mktime, asctime, ctime)
    members: dict[str, Any] = dict(functions)
    members["struct_time"] = STRUCT_TIME
    live = {name: (lambda n=name: zone_constants()[n])
            for name in ("timezone", "altzone", "tzname", "daylight")}
    return make_module("time", members, live)


MODULE = _build()
