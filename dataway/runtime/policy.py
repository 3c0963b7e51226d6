"""The attribute chokepoint (spec §4.4, §13): every ``obj.name`` a script evaluates comes here.

* Names starting with ``_`` never exist.
* Host values: a per-class allowlist (§13). Methods that could build huge values or loop over
  lazy arguments are replaced by checked implementations (``runtime.methods``), and
  ``str.format``/``format_map`` by the safe formatter.
* DWObjects: ``dw_attrs``; modules: ``members``; type objects: their class attributes and
  their methods unbound (``str.upper``).

:func:`get_attr` returns values safe to store (methods wrapped so they show no address and
expose nothing); :func:`get_method` serves ``obj.name(...)`` call sites, which call the result
at once, so it may return a raw host bound method.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import functools
import time as _time
import urllib.parse as _up
from typing import Any, Callable, Optional

from . import constructors as _constructors  # noqa: F401 - installs type constructors
from .exceptions import ExcType, ExcValue, ScriptRaise, raise_error
from .functions import BoundMethod, UnboundMethod
from .methods import CHECKED_METHODS
from .prechecks import type_name
from .types import DWType
from .values import DWObject, ModuleValue

__all__ = ["get_attr", "has_attr", "get_method", "allowed_names", "register_allowlist",
           "no_attribute"]

_DATA = 0
_METHOD = 1

_STR = ("capitalize casefold center count encode endswith expandtabs find format format_map "
        "index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric "
        "isprintable isspace istitle isupper join ljust lower lstrip partition removeprefix "
        "removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines "
        "startswith strip swapcase title translate upper zfill")
_BYTES = ("capitalize center count decode endswith expandtabs find hex index isalnum isalpha "
          "isascii isdigit islower isspace istitle isupper join ljust lower lstrip partition "
          "removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split "
          "splitlines startswith strip swapcase title translate upper zfill")
_INT = "bit_length bit_count to_bytes conjugate real imag numerator denominator as_integer_ratio"
_SET_RO = "copy difference intersection isdisjoint issubset issuperset symmetric_difference union"
_DECIMAL = ("adjusted as_integer_ratio as_tuple compare compare_total conjugate copy_abs "
            "copy_negate copy_sign exp fma imag real is_finite is_infinite is_nan is_qnan "
            "is_signed is_snan is_zero ln log10 logb max min next_minus next_plus normalize "
            "number_class quantize radix remainder_near same_quantum scaleb sqrt to_eng_string "
            "to_integral to_integral_exact to_integral_value")
_URL = "scheme netloc path params query fragment username password hostname port geturl"

_SPEC: list[tuple[type, str]] = [
    (str, _STR),
    (bytes, _BYTES),
    (bytearray, _BYTES + " append clear copy extend insert pop remove reverse"),
    (int, _INT),
    (bool, _INT),
    (float, "is_integer hex as_integer_ratio conjugate real imag"),
    (list, "append clear copy count extend index insert pop remove reverse sort"),
    (tuple, "count index"),
    (dict, "clear copy get items keys pop popitem setdefault update values"),
    (set, "add clear copy difference difference_update discard intersection "
          "intersection_update isdisjoint issubset issuperset pop remove symmetric_difference "
          "symmetric_difference_update union update"),
    (frozenset, _SET_RO),
    (type({}.keys()), "isdisjoint"),
    (type({}.items()), "isdisjoint"),
    (type({}.values()), ""),
    (range, "start stop step count index"),
    (slice, "start stop step indices"),
    (decimal.Decimal, _DECIMAL),
    (_dt.datetime, "year month day hour minute second microsecond tzinfo fold date time timetz "
                   "replace astimezone utcoffset dst tzname timetuple utctimetuple toordinal "
                   "timestamp weekday isoweekday isocalendar isoformat ctime strftime"),
    (_dt.date, "year month day replace timetuple toordinal weekday isoweekday isocalendar "
               "isoformat ctime strftime"),
    (_dt.time, "hour minute second microsecond tzinfo fold replace isoformat strftime "
               "utcoffset dst tzname"),
    (_dt.timedelta, "days seconds microseconds total_seconds"),
    (_dt.timezone, "utcoffset tzname dst"),
    (_time.struct_time, "tm_year tm_mon tm_mday tm_hour tm_min tm_sec tm_wday tm_yday tm_isdst "
                        "tm_zone tm_gmtoff count index"),
    (_up.ParseResult, _URL + " count index"),
    (_up.SplitResult, _URL + " count index"),
    (_up.ParseResultBytes, _URL + " count index"),
    (_up.SplitResultBytes, _URL + " count index"),
    (_up.DefragResult, "url fragment geturl count index"),
    (_up.DefragResultBytes, "url fragment geturl count index"),
    # Values that methods above hand out (not in §13's table; plain data only).
    (type(decimal.Decimal(1).as_tuple()), "sign digits exponent count index"),
    (type(_dt.date(2000, 1, 1).isocalendar()), "year week weekday count index"),
]

try:  # evaluation time zones may be IANA zones, reachable as ``dt.tzinfo``
    import zoneinfo as _zi
    _SPEC.append((_zi.ZoneInfo, "utcoffset tzname dst"))
except ImportError:  # pragma: no cover - Python >= 3.9 always has it
    pass

_HOST_ATTRS: dict[type, dict[str, int]] = {}


def register_allowlist(cls: type, names: str) -> None:
    """Allow ``names`` (space-separated) on instances of host class ``cls``."""
    table: dict[str, int] = {}
    for name in names.split():
        member = getattr(cls, name, None)
        table[name] = _METHOD if callable(member) and not isinstance(member, type) else _DATA
    _HOST_ATTRS[cls] = table


for _cls, _names in _SPEC:
    register_allowlist(_cls, _names)


def allowed_names(obj: Any) -> frozenset[str]:
    """The attribute names scripts may read on ``obj`` (for tools and tests)."""
    table = _host_table(obj.__class__)
    if table is not None:
        return frozenset(table)
    if isinstance(obj, ModuleValue):
        return frozenset(obj.members)
    if isinstance(obj, DWType):
        return frozenset(obj.class_attrs) | obj.unbound
    if isinstance(obj, ExcType):
        return frozenset()
    if isinstance(obj, DWObject):
        return frozenset(obj.dw_attrs)
    return frozenset()


@functools.lru_cache(maxsize=256)
def _subclass_table(cls: type) -> Optional[dict[str, int]]:
    for base in cls.__mro__[1:]:
        table = _HOST_ATTRS.get(base)
        if table is not None:
            return table
    return None


def _host_table(cls: type) -> Optional[dict[str, int]]:
    table = _HOST_ATTRS.get(cls)
    if table is None and not issubclass(cls, DWObject):
        table = _subclass_table(cls)
    return table


def no_attribute(obj: Any, name: str) -> ScriptRaise:
    """The AttributeError scripts get for a missing or refused attribute (CPython's text)."""
    from .exceptions import make_error
    if isinstance(obj, ModuleValue):
        return make_error("AttributeError", f"module '{obj.name}' has no attribute '{name}'")
    if isinstance(obj, DWType):
        return make_error("AttributeError", f"type object '{obj.name}' has no attribute '{name}'")
    if isinstance(obj, ExcType):
        return make_error("AttributeError", f"type object '{obj.name}' has no attribute '{name}'")
    if isinstance(obj, ExcValue):
        return make_error("AttributeError", f"'{obj.type.name}' object has no attribute '{name}'")
    text = f"'{type_name(obj)}' object has no attribute '{name}'"
    hint = getattr(obj, "dw_attr_hint", "") if isinstance(obj, DWObject) else ""
    return make_error("AttributeError", f"{text}; {hint}" if hint else text)


def _owner_name(obj: Any) -> str:
    return type_name(obj)


def get_attr(obj: Any, name: str) -> Any:
    """``obj.name`` for scripts; AttributeError (ScriptRaise) unless allowlisted."""
    cls = obj.__class__
    table = _HOST_ATTRS.get(cls)
    if table is None:
        if isinstance(obj, DWObject):
            if name[:1] == "_" or not isinstance(name, str):
                _bad_name(obj, name)
            return _dw_attr(obj, name, True)
        table = _subclass_table(cls)
    kind = table.get(name) if table is not None and type(name) is str else None
    if kind is None:
        _bad_name(obj, name)
    if kind == _DATA:
        return getattr(obj, name)
    checked = _checked(cls, name)
    if checked is not None:
        return BoundMethod(name, _owner_name(obj), functools.partial(checked, obj))
    return BoundMethod(name, _owner_name(obj), getattr(obj, name))


def _bad_name(obj: Any, name: Any) -> None:
    if not isinstance(name, str):
        raise_error("TypeError", f"attribute name must be string, not '{type_name(name)}'")
    raise no_attribute(obj, name)


def _checked(cls: type, name: str) -> Optional[Callable[..., Any]]:
    checked = CHECKED_METHODS.get((cls, name))
    if checked is None and cls not in (str, bytes, bytearray, list, dict, set, frozenset, int):
        for base in cls.__mro__[1:]:
            checked = CHECKED_METHODS.get((base, name))
            if checked is not None:
                break
    return checked


def _dw_attr(obj: Any, name: str, wrap: bool) -> Any:
    cls = obj.__class__
    if cls is ModuleValue or isinstance(obj, ModuleValue):
        try:
            return obj.members[name]
        except KeyError:
            raise no_attribute(obj, name) from None
    if cls is DWType or isinstance(obj, DWType):
        value = obj.class_attrs.get(name)
        if value is not None or name in obj.class_attrs:
            return value
        if name in obj.unbound:
            return _unbound(obj, name)
        raise no_attribute(obj, name)
    if isinstance(obj, DWObject) and not isinstance(obj, ExcType):
        if name in obj.dw_attrs:
            value = getattr(obj, name)
            if wrap and value.__class__ in _HOST_METHOD_TYPES:
                return BoundMethod(name, _owner_name(obj), value)
            return value
    raise no_attribute(obj, name)


_HOST_METHOD_TYPES = frozenset({type(len), type("".upper), type(ModuleValue("", {}).__repr__),
                                type(functools.partial(len))})


@functools.lru_cache(maxsize=None)
def _unbound(t: DWType, name: str) -> UnboundMethod:
    host = t.host

    def call(*args: Any, **kwargs: Any) -> Any:
        if not args:
            raise_error("TypeError", f"unbound method {t.name}.{name}() needs an argument")
        receiver = args[0]
        if not isinstance(receiver, host):
            raise_error("TypeError", f"descriptor '{name}' for '{t.name}' objects doesn't "
                                     f"apply to a '{type_name(receiver)}' object")
        return get_method(receiver, name)(*args[1:], **kwargs)

    return UnboundMethod(name, t.name, call)


def has_attr(obj: Any, name: str) -> bool:
    """``hasattr(obj, name)``: False for refused and non-allowlisted names."""
    if not isinstance(name, str):
        raise_error("TypeError", "hasattr(): attribute name must be string")
    if name[:1] == "_":
        return False
    table = _host_table(obj.__class__)
    if table is not None:
        return name in table
    try:
        _dw_attr(obj, name, wrap=False)
    except ScriptRaise as exc:
        if exc.value.type.name == "AttributeError":
            return False
        raise
    return True


def get_method(obj: Any, name: str) -> Callable[..., Any]:
    """The callable for ``obj.name(...)``; the result is called at once and never stored."""
    cls = obj.__class__
    table = _HOST_ATTRS.get(cls)
    if table is not None:
        if name in table:
            checked = CHECKED_METHODS.get((cls, name))
            if checked is not None:
                return functools.partial(checked, obj)
            return getattr(obj, name)
        raise no_attribute(obj, name)
    if isinstance(obj, DWObject):
        if name[:1] == "_":
            raise no_attribute(obj, name)
        return _dw_attr(obj, name, False)
    table = _subclass_table(cls)
    if table is not None and name in table:
        checked = _checked(cls, name)
        if checked is not None:
            return functools.partial(checked, obj)
        return getattr(obj, name)
    raise no_attribute(obj, name)


def _install_unbound() -> None:
    """Builtin type objects expose their allowlisted methods unbound (``map(str.upper, xs)``)."""
    from .types import STANDARD_TYPES
    for t in STANDARD_TYPES.values():
        table = _HOST_ATTRS.get(t.host)
        if table:
            t.unbound = frozenset(n for n, kind in table.items() if kind == _METHOD)


_install_unbound()
