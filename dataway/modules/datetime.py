"""The ``datetime`` module (spec §12): CPython's classes with "local" meaning the evaluation
time zone and "now" meaning the evaluation clock.

The type objects expose the §13 class attributes plus the allowlisted methods unbound. Two
instance methods read the process time zone in CPython (``datetime.astimezone()`` and
``datetime.timestamp()`` on naive values); :data:`INSTANCE_OVERRIDES` holds their Dataway
versions, registered in the runtime's checked-method table so the attribute policy binds them
instead of the host methods.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Optional

from ..runtime.values import ModuleValue
from .callables import BuiltinFunction
from .bridge import expose_class
from .classes import unbound_methods
from .members import make_module
from .zones import fixed_local_zone, local_datetime, local_zone, localize, now_timestamp

__all__ = ["MODULE", "TYPES", "INSTANCE_OVERRIDES", "astimezone", "timestamp"]


def _naive_local(seconds: float) -> _dt.datetime:
    return local_datetime(seconds).replace(tzinfo=None)


def _check_tz(tz: Any) -> None:
    if tz is not None and not isinstance(tz, _dt.tzinfo):
        raise TypeError(f"tzinfo argument must be None or of a tzinfo subclass, not type "
                        f"'{type(tz).__name__}'")


def now(tz: Optional[_dt.tzinfo] = None) -> _dt.datetime:
    """The evaluation clock as a naive local datetime, or aware in ``tz``."""
    _check_tz(tz)
    seconds = now_timestamp()
    return _naive_local(seconds) if tz is None else _dt.datetime.fromtimestamp(seconds, tz)


def today() -> _dt.datetime:
    """``now()`` without a zone."""
    return _naive_local(now_timestamp())


def utcnow() -> _dt.datetime:
    """The evaluation clock as a naive UTC datetime."""
    return _dt.datetime.fromtimestamp(now_timestamp(), _dt.timezone.utc).replace(tzinfo=None)


def fromtimestamp(t: Any, tz: Optional[_dt.tzinfo] = None) -> _dt.datetime:
    """POSIX seconds as a naive local datetime, or aware in ``tz``."""
    _check_tz(tz)
    if tz is not None:
        return _dt.datetime.fromtimestamp(t, tz)
    _dt.datetime.utcfromtimestamp(t)  # CPython's argument and range errors, unchanged
    return _naive_local(t)


def date_today() -> _dt.date:
    """Today's date in the evaluation zone."""
    return _naive_local(now_timestamp()).date()


def date_fromtimestamp(t: Any) -> _dt.date:
    """The local date of POSIX seconds ``t``."""
    _dt.datetime.utcfromtimestamp(t)  # CPython's argument and range errors, unchanged
    return _naive_local(t).date()


def astimezone(self: _dt.datetime, tz: Optional[_dt.tzinfo] = None) -> _dt.datetime:
    """``datetime.astimezone`` where a naive value and a missing ``tz`` mean the evaluation
    zone; without ``tz`` the result carries a fixed offset named like the zone, as CPython."""
    if not isinstance(self, _dt.datetime):
        raise TypeError(f"descriptor 'astimezone' for 'datetime.datetime' objects doesn't "
                        f"apply to a '{type(self).__name__}' object")
    if tz is not None and not isinstance(tz, _dt.tzinfo):
        raise TypeError("tzinfo argument must be an instance of tzinfo")
    aware = self if self.utcoffset() is not None else localize(self)
    if tz is not None:
        return aware.astimezone(tz)
    local = aware.astimezone(local_zone())
    return local.replace(tzinfo=fixed_local_zone(local))


def timestamp(self: _dt.datetime) -> float:
    """POSIX seconds; a naive value is local time in the evaluation zone."""
    if not isinstance(self, _dt.datetime):
        raise TypeError(f"descriptor 'timestamp' for 'datetime.datetime' objects doesn't "
                        f"apply to a '{type(self).__name__}' object")
    aware = self if self.utcoffset() is not None else localize(self)
    return aware.timestamp()


INSTANCE_OVERRIDES: dict[type, dict[str, Callable[..., Any]]] = {
    _dt.datetime: {"astimezone": astimezone, "timestamp": timestamp},
}



def _register_overrides() -> None:
    """Hand the overrides to the attribute policy through the runtime's checked-method table
    (``runtime.methods.CHECKED_METHODS``, keyed by ``(host class, name)``), which the policy
    consults before binding a host method. An entry the runtime already defines is kept."""
    try:
        from ..runtime.methods import CHECKED_METHODS
    except ImportError:
        return
    for host, methods in INSTANCE_OVERRIDES.items():
        for name, fn in methods.items():
            CHECKED_METHODS.setdefault((host, name), fn)


_register_overrides()

_DATETIME_METHODS = ("date time timetz replace astimezone utcoffset dst tzname timetuple "
                     "utctimetuple toordinal timestamp weekday isoweekday isocalendar isoformat "
                     "ctime strftime").split()
_DATE_METHODS = ("replace timetuple toordinal weekday isoweekday isocalendar isoformat ctime "
                 "strftime").split()
_TIME_METHODS = "replace isoformat strftime utcoffset dst tzname".split()


def _cls_method(name: str, fn: Callable[..., Any]) -> BuiltinFunction:
    return BuiltinFunction(name, fn, f"<built-in method {name} of type object>")


def _host_cls(host: type, names: str) -> dict[str, Any]:
    return {name: _cls_method(name, getattr(host, name)) for name in names.split()}


def _limits(host: type) -> dict[str, Any]:
    return {"min": host.min, "max": host.max, "resolution": host.resolution}


def _build() -> tuple[ModuleValue, dict[str, Any]]:
    datetime_members: dict[str, Any] = unbound_methods(
        _dt.datetime, "datetime.datetime", _DATETIME_METHODS, INSTANCE_OVERRIDES[_dt.datetime])
    datetime_members.update(_host_cls(_dt.datetime, "utcfromtimestamp fromordinal fromisoformat "
                                                    "fromisocalendar combine strptime"))
    datetime_members.update({fn.__name__: _cls_method(fn.__name__, fn)
                             for fn in (now, today, utcnow, fromtimestamp)})
    datetime_members.update(_limits(_dt.datetime))

    date_members: dict[str, Any] = unbound_methods(_dt.date, "datetime.date", _DATE_METHODS)
    date_members.update(_host_cls(_dt.date, "fromordinal fromisoformat fromisocalendar"))
    date_members.update(today=_cls_method("today", date_today),
                        fromtimestamp=_cls_method("fromtimestamp", date_fromtimestamp))
    date_members.update(_limits(_dt.date))

    time_members: dict[str, Any] = unbound_methods(_dt.time, "datetime.time", _TIME_METHODS)
    time_members.update(_host_cls(_dt.time, "fromisoformat"))
    time_members.update(_limits(_dt.time))

    delta_members: dict[str, Any] = unbound_methods(_dt.timedelta, "datetime.timedelta",
                                                    ["total_seconds"])
    delta_members.update(_limits(_dt.timedelta))

    zone_members: dict[str, Any] = unbound_methods(_dt.timezone, "datetime.timezone",
                                                   ["utcoffset", "tzname", "dst"])
    zone_members.update(utc=_dt.timezone.utc, min=_dt.timezone.min, max=_dt.timezone.max)

    types = {
        "date": expose_class(_dt.date, "datetime.date", _dt.date, date_members),
        "time": expose_class(_dt.time, "datetime.time", _dt.time, time_members),
        "datetime": expose_class(_dt.datetime, "datetime.datetime", _dt.datetime,
                               datetime_members),
        "timedelta": expose_class(_dt.timedelta, "datetime.timedelta", _dt.timedelta,
                                delta_members),
        "timezone": expose_class(_dt.timezone, "datetime.timezone", _dt.timezone, zone_members),
        # ``tzinfo`` exists for isinstance only (spec §12): it cannot be instantiated.
        "tzinfo": expose_class(_dt.tzinfo, "datetime.tzinfo", None, {}),
    }
    members: dict[str, Any] = dict(types)
    members.update(MINYEAR=_dt.MINYEAR, MAXYEAR=_dt.MAXYEAR)
    return make_module("datetime", members), types


MODULE, TYPES = _build()
