"""Type objects scripts see: ``int``, ``type(x)``, ``datetime.datetime``, ``Entity`` ...

A :class:`DWType` stands for one host class. It prints like CPython (``<class 'int'>``; Dataway
types print their bare name, ``Entity``), is callable when the type is constructible, and
carries the names reachable through it: class attributes (``int.from_bytes``) and methods
readable unbound (``str.upper``). :func:`type_of` maps any script value to its DWType, always
the same object, so ``type(1) is int`` holds.

Constructors are installed by ``runtime.constructors``; other layers register the types of
their wrapper classes with :func:`register_type` (or get one made from ``dw_type_name``).
"""
from __future__ import annotations

import datetime as _dt
import decimal
import time as _time
from typing import Any, Callable, Optional

from .exceptions import ExcType, ExcValue, raise_error
from .values import DWObject

__all__ = ["DWType", "type_of", "type_for", "register_type", "DATAWAY_BARE_NAMES",
           "isinstance_of"]

DATAWAY_BARE_NAMES = frozenset({"Entity", "MultiMap", "FormDataParts", "Message", "Stream",
                                "ReadOnlyMap"})
"""Dataway types whose ``str(type(x))`` is the bare name (spec §11)."""

_CONSTRUCTIBLE_DW = frozenset({"Entity", "MultiMap", "FormDataParts"})


class DWType(DWObject):
    """A script-visible type object.

    * ``name``: the class name (``'int'``, ``'datetime'``, ``'Entity'``);
    * ``host``: the host class whose instances have this type (``isinstance`` uses it);
    * ``ctor``: what calling the type does, or None (``TypeError: cannot create ...``);
    * ``class_attrs``: script values reachable as ``T.name``;
    * ``unbound``: instance method names readable unbound (``str.upper``);
    * ``display``: ``str``/``repr`` text.
    """

    __slots__ = ("name", "host", "ctor", "class_attrs", "unbound", "display", "extra_hosts")
    dw_type_name = "type"

    def __init__(self, name: str, host: type, ctor: Optional[Callable[..., Any]] = None,
                 class_attrs: Optional[dict[str, Any]] = None,
                 unbound: frozenset[str] = frozenset(), display: Optional[str] = None,
                 extra_hosts: tuple[type, ...] = ()) -> None:
        self.name = name
        self.host = host
        self.ctor = ctor
        self.class_attrs: dict[str, Any] = dict(class_attrs or {})
        self.unbound = unbound
        self.display = display or f"<class '{name}'>"
        self.extra_hosts = extra_hosts

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        ctor = self.ctor
        if ctor is None:
            raise_error("TypeError", f"cannot create '{self.name}' instances")
        return ctor(*args, **kwargs)

    def matches(self, value: Any) -> bool:
        """``isinstance(value, self)``."""
        return isinstance(value, self.host) or (
            bool(self.extra_hosts) and isinstance(value, self.extra_hosts))

    def __repr__(self) -> str:
        return self.display


_BY_HOST: dict[type, DWType] = {}


def register_type(host: type, dwtype: DWType) -> DWType:
    """Make ``dwtype`` the type object of ``host`` instances (and return it)."""
    _BY_HOST[host] = dwtype
    return dwtype


def _qualified(cls: type) -> str:
    module = cls.__module__
    if module in ("builtins", None):
        return cls.__name__
    return f"{module}.{cls.__qualname__}"


def _make_for_class(cls: type) -> DWType:
    if issubclass(cls, DWObject):
        name = getattr(cls, "dw_type_name", cls.__name__)
        display = getattr(cls, "dw_type_repr", None) or (
            name if name in DATAWAY_BARE_NAMES else f"<class '{name}'>")
        constructible = getattr(cls, "dw_constructible", name in _CONSTRUCTIBLE_DW)
        attrs: dict[str, Any] = {}
        for attr in getattr(cls, "dw_class_attrs", ()):
            value = getattr(cls, attr, None)
            if value is not None:
                attrs[attr] = _wrap_class_member(name, attr, value)
        return DWType(name, cls, cls if constructible else None, attrs,
                      frozenset(), display)
    # Host classes nobody registered (host iterators, views): visible, not constructible.
    return DWType(cls.__name__, cls, None, display=f"<class '{_qualified(cls)}'>")


def _wrap_class_member(owner: str, attr: str, value: Any) -> Any:
    if isinstance(value, (DWObject, str, int, float, bytes, type(None))):
        return value
    if callable(value):
        from .functions import Builtin
        return Builtin(attr, value)
    return value


def type_for(cls: type) -> DWType:
    """The DWType of instances of host class ``cls`` (made and cached on first use)."""
    t = _BY_HOST.get(cls)
    if t is None:
        t = _make_for_class(cls)
        _BY_HOST[cls] = t
    return t


def type_of(value: Any) -> Any:
    """``type(value)`` as scripts see it: a DWType, or the ExcType of an exception value."""
    cls = value.__class__
    t = _BY_HOST.get(cls)
    if t is not None:
        return t
    if cls is ExcValue:
        return value.type
    if isinstance(value, ExcType):
        return _BY_HOST[type]
    if isinstance(value, DWObject):
        custom = getattr(value, "dw_type", None)
        if isinstance(custom, DWType):
            return custom
        return type_for(cls)
    for base in cls.__mro__[1:]:
        # Subclasses of registered host types that scripts may hold (selection lists are
        # lists, URL parse results are named tuples with their own registration).
        t = _BY_HOST.get(base)
        if t is not None and base not in (object, tuple):
            return t
    return type_for(cls)


def isinstance_of(value: Any, spec: Any) -> bool:
    """``isinstance(value, spec)`` for DWTypes, ExcTypes and (nested) tuples of them."""
    if isinstance(spec, DWType):
        return spec.matches(value)
    if isinstance(spec, ExcType):
        return isinstance(value, ExcValue) and value.type.issubtype(spec)
    if isinstance(spec, tuple):
        return any(isinstance_of(value, s) for s in spec)
    raise_error("TypeError",
                "isinstance() arg 2 must be a type, a tuple of types, or a union")


# -- the builtin and standard types (constructors are filled in by runtime.constructors) -------

def _host_type(name: str, host: type, display: Optional[str] = None,
               extra_hosts: tuple[type, ...] = ()) -> DWType:
    return register_type(host, DWType(name, host, None, display=display,
                                      extra_hosts=extra_hosts))


STANDARD_TYPES: dict[str, DWType] = {}
"""Type objects by the name scripts use (``'int'``, ``'datetime.datetime'``)."""

for _cls in (int, bool, float, str, bytes, bytearray, list, tuple, dict, set, frozenset,
             range, slice, type):
    STANDARD_TYPES[_cls.__name__] = _host_type(_cls.__name__, _cls)
STANDARD_TYPES["NoneType"] = _host_type("NoneType", type(None))
STANDARD_TYPES["ellipsis"] = _host_type("ellipsis", type(...))
STANDARD_TYPES["decimal.Decimal"] = _host_type("Decimal", decimal.Decimal,
                                               "<class 'decimal.Decimal'>")
for _cls in (_dt.datetime, _dt.date, _dt.time, _dt.timedelta, _dt.timezone, _dt.tzinfo):
    STANDARD_TYPES[f"datetime.{_cls.__name__}"] = _host_type(
        _cls.__name__, _cls, f"<class 'datetime.{_cls.__name__}'>")
STANDARD_TYPES["time.struct_time"] = _host_type("struct_time", _time.struct_time,
                                                "<class 'time.struct_time'>")
# ``type`` is also the type of every type object and exception class.
STANDARD_TYPES["type"].extra_hosts = (DWType, ExcType)
register_type(DWType, STANDARD_TYPES["type"])
register_type(ExcType, STANDARD_TYPES["type"])
