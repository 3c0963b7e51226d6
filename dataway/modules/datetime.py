"""The ``datetime`` module (spec §12): CPython's classes, where "local" means the evaluation
time zone and "now" the evaluation clock.

The classes are the runtime's type objects (their class attributes, including ``now``,
``today`` and ``fromtimestamp`` on the evaluation clock, live with them). Two *instance*
methods read the process time zone in CPython: ``datetime.astimezone()`` and
``datetime.timestamp()`` on naive values. :data:`INSTANCE_OVERRIDES` holds their Dataway
versions, registered in the runtime's checked-method table so the attribute policy binds them
instead of the host methods.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Optional

from ..runtime.methods import CHECKED_METHODS
from ..runtime.values import ModuleValue
from .members import make_module
from .typeobjects import standard_type
from .zones import fixed_local_zone, local_zone, localize

__all__ = ["MODULE", "INSTANCE_OVERRIDES", "astimezone", "timestamp"]


def astimezone(self: _dt.datetime, tz: Optional[_dt.tzinfo] = None) -> _dt.datetime:
    """``datetime.astimezone`` where a naive value and a missing ``tz`` mean the evaluation
    zone; without ``tz`` the result carries a fixed offset named like the zone, as CPython."""
    if tz is not None and not isinstance(tz, _dt.tzinfo):
        raise TypeError("tzinfo argument must be an instance of tzinfo")
    aware = self if self.utcoffset() is not None else localize(self)
    if tz is not None:
        return aware.astimezone(tz)
    local = aware.astimezone(local_zone())
    return local.replace(tzinfo=fixed_local_zone(local))


def timestamp(self: _dt.datetime) -> float:
    """POSIX seconds; a naive value is local time in the evaluation zone."""
    aware = self if self.utcoffset() is not None else localize(self)
    return aware.timestamp()


INSTANCE_OVERRIDES: dict[type, dict[str, Callable[..., Any]]] = {
    _dt.datetime: {"astimezone": astimezone, "timestamp": timestamp},
}


def _register_overrides() -> None:
    """The runtime's checked-method table (keyed by ``(host class, name)``) is what the policy
    consults before binding a host method; an entry the runtime already defines is kept."""
    for host, methods in INSTANCE_OVERRIDES.items():
        for name, fn in methods.items():
            CHECKED_METHODS.setdefault((host, name), fn)


def _build() -> ModuleValue:
    members: dict[str, Any] = {
        name: standard_type(f"datetime.{name}")
        for name in ("date", "time", "datetime", "timedelta", "timezone", "tzinfo")}
    members.update(MINYEAR=_dt.MINYEAR, MAXYEAR=_dt.MAXYEAR)
    return make_module("datetime", members)


_register_overrides()
MODULE = _build()
