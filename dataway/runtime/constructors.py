"""What calling a builtin type object does, and the class members reached through it.

Constructors follow CPython, with the §14 checks made before anything is built
(``int('9' * 10**6)``, ``bytes(10**12)``, ``list(range(10**12))``) and one step charged per
element consumed. Datetime class methods that read "now" use the evaluation clock and time zone
(spec §12), never the host's.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import math
import time as _time
from typing import Any

from .context import current
from .exceptions import raise_error
from .functions import Builtin
from .iteration import bounded, materialize
from .prechecks import check_int_bits, check_int_digits, check_size, check_text_size
from .types import STANDARD_TYPES, type_of

__all__ = ["make_int", "make_str", "make_bytes", "make_bytearray", "make_list", "make_tuple",
           "make_set", "make_frozenset", "make_dict", "make_type"]

_MISSING = object()


def _check_int_text(text: Any, base: int) -> None:
    if isinstance(text, (str, bytes, bytearray)):
        n = len(text)
        if n > 20:
            check_int_bits(n * math.log2(base if 2 <= base <= 36 else 10))


def make_int(x: Any = _MISSING, base: Any = _MISSING) -> int:
    """``int(x=0, base=10)`` with the digits of a textual or Decimal argument pre-checked."""
    if x is _MISSING:
        if base is not _MISSING:
            raise_error("TypeError", "int() missing string argument")
        return 0
    if base is _MISSING:
        if isinstance(x, decimal.Decimal) and x.is_finite():
            check_int_digits(max(x.adjusted() + 1, 0))
        else:
            _check_int_text(x, 10)
        return int(x)
    _check_int_text(x, base if type(base) is int else 10)
    return int(x, base)


def make_str(*args: Any, **kwargs: Any) -> str:
    """``str(object='')`` / ``str(bytes, encoding, errors)``; the text's size (containers,
    big ints, bytes reprs) and nesting are checked before it is built."""
    if len(args) == 1 and not kwargs:
        value = args[0]
        if value.__class__ is not str:
            check_text_size(value)
        return str(value)
    if not args and len(kwargs) == 1 and "object" in kwargs:
        check_text_size(kwargs["object"])
    return str(*args, **kwargs)


def make_bytes(*args: Any, **kwargs: Any) -> bytes:
    """``bytes(n)`` checks ``value_size`` first; an iterable is consumed with charging."""
    if args and not kwargs and len(args) == 1:
        src = args[0]
        if type(src) is int or type(src) is bool:
            check_size(src)
        elif not isinstance(src, (str, bytes, bytearray)) and hasattr(src, "__iter__"):
            return bytes(bounded(src))
    return bytes(*args, **kwargs)


def make_bytearray(*args: Any, **kwargs: Any) -> bytearray:
    """``bytearray(n)`` with the same checks as :func:`make_bytes`."""
    if args and not kwargs and len(args) == 1:
        src = args[0]
        if type(src) is int or type(src) is bool:
            check_size(src)
        elif not isinstance(src, (str, bytes, bytearray)) and hasattr(src, "__iter__"):
            return bytearray(bounded(src))
    return bytearray(*args, **kwargs)


def make_list(iterable: Any = (), /) -> list:
    """``list(iterable)``: one step per element, ``value_size`` enforced."""
    return materialize(iterable)


def make_tuple(iterable: Any = (), /) -> tuple:
    """``tuple(iterable)``."""
    if type(iterable) is tuple:
        return iterable
    return tuple(materialize(iterable))


def make_set(iterable: Any = (), /) -> set:
    """``set(iterable)``."""
    return set(bounded(iterable))


def make_frozenset(iterable: Any = (), /) -> frozenset:
    """``frozenset(iterable)``."""
    return frozenset(bounded(iterable))


def make_dict(*args: Any, **kwargs: Any) -> dict:
    """``dict(mapping_or_pairs, **kwargs)``."""
    if len(args) == 1:
        src = args[0]
        if not isinstance(src, dict) and not hasattr(src, "keys"):
            return dict(bounded(src), **kwargs)
        if hasattr(src, "keys") and not isinstance(src, dict):
            current().charge(len(src) if hasattr(src, "__len__") else 1)
    return dict(*args, **kwargs)


def make_type(*args: Any, **kwargs: Any) -> Any:
    """``type(obj)``: the one-argument form only."""
    if len(args) != 1 or kwargs:
        raise_error("TypeError", "type() takes exactly one argument in Dataway "
                    "(classes cannot be created)")
    return type_of(args[0])


def _decimal(value: Any = "0", **kwargs: Any) -> decimal.Decimal:
    if "context" in kwargs:
        raise_error("TypeError", "Decimal() argument 'context' is not allowed in Dataway")
    if kwargs:
        raise_error("TypeError", f"Decimal() got an unexpected keyword argument "
                                 f"'{next(iter(kwargs))}'")
    return decimal.Decimal(value)


def _from_bytes(data: Any, byteorder: Any = "big", *, signed: bool = False) -> int:
    if hasattr(data, "__len__"):
        check_int_bits(len(data) * 8)
    else:
        data = bytes(bounded(data))
    return int.from_bytes(data, byteorder, signed=signed)


def _fromkeys(iterable: Any, value: Any = None) -> dict:
    return dict.fromkeys(bounded(iterable), value)


# -- datetime members that read the evaluation clock and zone -----------------------------------

def _local_zone() -> _dt.tzinfo:
    tz = current().timezone
    return tz if tz is not None else _dt.timezone.utc


def _now(tz: Any = None) -> _dt.datetime:
    ts = current().now()
    if tz is None:
        return _dt.datetime.fromtimestamp(ts, _local_zone()).replace(tzinfo=None)
    return _dt.datetime.fromtimestamp(ts, tz)


def _utcnow() -> _dt.datetime:
    return _dt.datetime.fromtimestamp(current().now(), _dt.timezone.utc).replace(tzinfo=None)


def _dt_fromtimestamp(ts: Any, tz: Any = None) -> _dt.datetime:
    if tz is None:
        return _dt.datetime.fromtimestamp(ts, _local_zone()).replace(tzinfo=None)
    return _dt.datetime.fromtimestamp(ts, tz)


def _utcfromtimestamp(ts: Any) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(ts, _dt.timezone.utc).replace(tzinfo=None)


def _today() -> _dt.date:
    return _now().date()


def _date_fromtimestamp(ts: Any) -> _dt.date:
    return _dt_fromtimestamp(ts).date()


def _dt_today() -> _dt.datetime:
    return _now()


def _members(**fns: Any) -> dict[str, Any]:
    return {name: Builtin(name, fn) if callable(fn) else fn for name, fn in fns.items()}


def _install() -> None:
    T = STANDARD_TYPES
    T["int"].ctor = make_int
    T["bool"].ctor = bool
    T["float"].ctor = float
    T["str"].ctor = make_str
    T["bytes"].ctor = make_bytes
    T["bytearray"].ctor = make_bytearray
    T["list"].ctor = make_list
    T["tuple"].ctor = make_tuple
    T["set"].ctor = make_set
    T["frozenset"].ctor = make_frozenset
    T["dict"].ctor = make_dict
    T["range"].ctor = range
    T["slice"].ctor = slice
    T["type"].ctor = make_type
    T["NoneType"].ctor = lambda: None
    T["decimal.Decimal"].ctor = _decimal
    for name in ("datetime", "date", "time", "timedelta", "timezone", "tzinfo"):
        T[f"datetime.{name}"].ctor = getattr(_dt, name)
    T["time.struct_time"].ctor = _time.struct_time

    T["int"].class_attrs.update(_members(from_bytes=_from_bytes))
    T["bool"].class_attrs.update(_members(from_bytes=_from_bytes))
    T["float"].class_attrs.update(_members(fromhex=float.fromhex))
    T["str"].class_attrs.update(_members(maketrans=str.maketrans))
    T["bytes"].class_attrs.update(_members(fromhex=bytes.fromhex, maketrans=bytes.maketrans))
    T["bytearray"].class_attrs.update(_members(fromhex=bytearray.fromhex,
                                               maketrans=bytearray.maketrans))
    T["dict"].class_attrs.update(_members(fromkeys=_fromkeys))
    T["decimal.Decimal"].class_attrs.update(_members(from_float=decimal.Decimal.from_float))
    D = _dt.datetime
    T["datetime.datetime"].class_attrs.update(_members(
        now=_now, today=_dt_today, utcnow=_utcnow, fromtimestamp=_dt_fromtimestamp,
        utcfromtimestamp=_utcfromtimestamp, fromordinal=D.fromordinal,
        fromisoformat=D.fromisoformat, fromisocalendar=D.fromisocalendar, combine=D.combine,
        strptime=D.strptime), min=D.min, max=D.max, resolution=D.resolution)
    d = _dt.date
    T["datetime.date"].class_attrs.update(_members(
        today=_today, fromtimestamp=_date_fromtimestamp, fromordinal=d.fromordinal,
        fromisoformat=d.fromisoformat, fromisocalendar=d.fromisocalendar),
        min=d.min, max=d.max, resolution=d.resolution)
    t = _dt.time
    T["datetime.time"].class_attrs.update(_members(fromisoformat=t.fromisoformat),
                                          min=t.min, max=t.max, resolution=t.resolution)
    td = _dt.timedelta
    T["datetime.timedelta"].class_attrs.update(min=td.min, max=td.max, resolution=td.resolution)
    tz = _dt.timezone
    T["datetime.timezone"].class_attrs.update(utc=tz.utc, min=tz.min, max=tz.max)


_install()
