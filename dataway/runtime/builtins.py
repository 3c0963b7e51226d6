"""The builtin namespace of scripts (spec §11).

Builtins behave as CPython's with the Dataway rules of §11: ``type`` has one form, ``print``
writes to the evaluation log, ``getattr``/``hasattr`` obey the attribute policy, and builtins
that iterate or build charge steps per element and check ``value_size`` before building.
Every builtin is an opaque :class:`~dataway.runtime.functions.Builtin` (``<built-in function
len>``); type names are :class:`~dataway.runtime.types.DWType` objects.
"""
from __future__ import annotations

import builtins as _host
import math
from typing import Any

from .context import current
from .exceptions import BUILTIN_EXC_NAMES, EXC_TYPES, ScriptRaise, raise_error
from .formatting import format_value
from .functions import Builtin
from .iteration import CallIterator, consume, materialize
from .operators import power
from .policy import get_attr, has_attr
from .prechecks import check_decimal_int, check_size, check_text_size, type_name
from .types import STANDARD_TYPES, isinstance_of, type_for

__all__ = ["BUILTINS", "UNAVAILABLE", "builtin_namespace"]

_MISSING = object()


def repr_(obj: Any, /) -> str:
    """``repr(obj)``, refusing a text that would exceed ``value_size`` (escapes included) or
    values nested past ``value_depth``."""
    check_text_size(obj, as_repr=True)
    return _host.repr(obj)


def ascii_(obj: Any, /) -> str:
    """``ascii(obj)`` with the size check of :func:`repr_`."""
    check_text_size(obj, as_repr=True, ascii_only=True)
    return _host.ascii(obj)


def all_(iterable: Any, /) -> bool:
    """``all(iterable)``, one step per element."""
    return _host.all(consume(iterable))


def any_(iterable: Any, /) -> bool:
    """``any(iterable)``, one step per element."""
    return _host.any(consume(iterable))


def sum_(iterable: Any, /, start: Any = 0) -> Any:
    """``sum(iterable, start=0)``; sequences are concatenated with the size checks of ``+``."""
    if isinstance(start, (str, bytes, bytearray)):
        kind = {str: "strings", bytes: "bytes", bytearray: "bytearray"}[type(start)]
        hint = "''.join(seq)" if kind == "strings" else "b''.join(seq)"
        raise_error("TypeError", f"sum() can't sum {kind} [use {hint} instead]")
    items = consume(iterable)
    if type(start) in (int, float, bool):
        return _host.sum(items, start)
    from .operators import add
    total = start
    for item in items:
        total = add(total, item)
    return total


def _extremum(host_fn: Any, name: str, args: tuple, key: Any, default: Any) -> Any:
    if not args:
        raise_error("TypeError", f"{name} expected at least 1 argument, got 0")
    kwargs: dict[str, Any] = {}
    if key is not None:
        kwargs["key"] = key
    if len(args) == 1:
        if default is not _MISSING:
            kwargs["default"] = default
        return host_fn(consume(args[0]), **kwargs)
    if default is not _MISSING:
        raise_error("TypeError", f"Cannot specify a default for {name}() with multiple "
                                 "positional arguments")
    return host_fn(*args, **kwargs)


def max_(*args: Any, key: Any = None, default: Any = _MISSING) -> Any:
    """``max(iterable, *, key, default)`` or ``max(a, b, *rest, key)``."""
    return _extremum(_host.max, "max", args, key, default)


def min_(*args: Any, key: Any = None, default: Any = _MISSING) -> Any:
    """``min(iterable, *, key, default)`` or ``min(a, b, *rest, key)``."""
    return _extremum(_host.min, "min", args, key, default)


def sorted_(iterable: Any, /, *, key: Any = None, reverse: Any = False) -> list:
    """``sorted(...)``: n·log2(n) steps, the copy checked against ``value_size``."""
    items = materialize(iterable)
    n = len(items)
    if n > 1:
        current().charge(int(n * math.log2(n)))
    items.sort(key=key, reverse=reverse)
    return items


def getattr_(obj: Any, name: Any, default: Any = _MISSING, /) -> Any:
    """``getattr(obj, name[, default])`` through the attribute policy."""
    if not isinstance(name, str):
        raise_error("TypeError", "attribute name must be string, not "
                                 f"'{type_name(name)}'")
    if default is _MISSING:
        return get_attr(obj, name)
    try:
        return get_attr(obj, name)
    except ScriptRaise as exc:
        if exc.value.type.issubtype(EXC_TYPES["AttributeError"]):
            return default
        raise
    except AttributeError:
        return default


def hasattr_(obj: Any, name: Any, /) -> bool:
    """``hasattr(obj, name)``: only allowlisted attributes exist."""
    return has_attr(obj, name)


def isinstance_(obj: Any, classinfo: Any, /) -> bool:
    """``isinstance(obj, classinfo)`` with Dataway type objects."""
    return isinstance_of(obj, classinfo)


def iter_(obj: Any, sentinel: Any = _MISSING, /) -> Any:
    """``iter(obj)`` or ``iter(callable, sentinel)`` (the latter charges a step per call)."""
    if sentinel is _MISSING:
        return _host.iter(obj)
    if not callable(obj):
        raise_error("TypeError", "iter(v, w): v must be callable")
    return CallIterator(obj, sentinel)


def next_(iterator: Any, default: Any = _MISSING, /) -> Any:
    """``next(iterator[, default])``."""
    if default is _MISSING:
        return _host.next(iterator)
    return _host.next(iterator, default)


def pow_(base: Any, exp: Any, mod: Any = None) -> Any:
    """``pow(base, exp[, mod])``; the two-argument form has the digit pre-check of ``**``."""
    if mod is None:
        return power(base, exp)
    return _host.pow(base, exp, mod)


def print_(*objects: Any, sep: Any = " ", end: Any = "\n", flush: Any = False,
           **kwargs: Any) -> None:
    """``print``: appends to the evaluation log, never to the host's stdout."""
    if "file" in kwargs:
        raise_error("TypeError", "print() argument 'file' is not allowed in Dataway")
    if kwargs:
        raise_error("TypeError", f"print() got an unexpected keyword argument "
                                 f"'{next(iter(kwargs))}'")
    if sep is None:
        sep = " "
    elif not isinstance(sep, str):
        raise_error("TypeError", f"sep must be None or a string, not {type_name(sep)}")
    if end is None:
        end = "\n"
    elif not isinstance(end, str):
        raise_error("TypeError", f"end must be None or a string, not {type_name(end)}")
    for o in objects:
        check_text_size(o)
    current().write_log(sep.join([str(o) for o in objects]) + end)


def format_(value: Any, format_spec: Any = "", /) -> str:
    """``format(value, spec)`` with the width/precision pre-checks."""
    if not isinstance(format_spec, str):
        return _host.format(value, format_spec)  # CPython's own TypeError
    return format_value(value, None, format_spec)


def round_(number: Any, ndigits: Any = None) -> Any:
    """``round(number[, ndigits])``: banker's rounding as CPython."""
    if ndigits is None:
        check_decimal_int(number)
        return _host.round(number)
    return _host.round(number, ndigits)


def enumerate_(iterable: Any, start: Any = 0) -> Any:
    """``enumerate(iterable, start=0)``."""
    return _host.enumerate(iterable, start)


def _int_text(host_fn: Any, bits_per_char: int) -> Any:
    def impl(number: Any, /) -> str:
        if number.__class__ is int:
            check_size(number.bit_length() // bits_per_char + 3)
        return host_fn(number)
    impl.__name__ = host_fn.__name__
    impl.__doc__ = f"``{host_fn.__name__}(number)`` with the text's length checked first."
    return impl


def _fn(name: str, fn: Any) -> Builtin:
    return Builtin(name, fn)


def _build() -> dict[str, Any]:
    table: dict[str, Any] = {}
    for name in ("bool", "bytearray", "bytes", "dict", "float", "frozenset", "int", "list",
                 "range", "set", "slice", "str", "tuple", "type"):
        table[name] = STANDARD_TYPES[name]
    for name in ("abs", "callable", "chr", "divmod", "filter", "hash",
                 "len", "map", "ord", "reversed", "zip"):
        table[name] = _fn(name, getattr(_host, name))
    for name, bits_per_char in (("bin", 1), ("oct", 3), ("hex", 4)):
        table[name] = _fn(name, _int_text(getattr(_host, name), bits_per_char))
    local = {"repr": repr_, "ascii": ascii_, "all": all_, "any": any_, "sum": sum_, "max": max_, "min": min_,
             "sorted": sorted_, "getattr": getattr_, "hasattr": hasattr_,
             "isinstance": isinstance_, "iter": iter_, "next": next_, "pow": pow_,
             "print": print_, "format": format_, "round": round_, "enumerate": enumerate_}
    for name, fn in local.items():
        table[name] = _fn(name, fn)
    for name in BUILTIN_EXC_NAMES:
        table[name] = EXC_TYPES[name]
    return table


BUILTINS: dict[str, Any] = _build()
"""Every §11 builtin and exception class, by name."""

_SPEC_UNAVAILABLE = frozenset(
    "eval exec compile open input globals locals vars dir __import__ setattr delattr super "
    "object memoryview id breakpoint exit quit help".split())

UNAVAILABLE: frozenset[str] = _SPEC_UNAVAILABLE | frozenset(
    n for n in dir(_host)
    if not n.startswith("_") and n not in BUILTINS and n not in ("True", "False", "None"))
"""CPython builtins Dataway does not provide (a reference is DW504)."""


def _optional_layers() -> dict[str, Any]:
    names: dict[str, Any] = {}
    try:
        from ..modules import PRELOADED
        names.update(PRELOADED)
    except Exception:  # noqa: BLE001 - the modules layer may still be landing
        pass
    try:
        from .. import data
        for cls_name in ("Entity", "MultiMap", "FormDataParts"):
            cls = getattr(data, cls_name, None)
            if cls is not None:
                names[cls_name] = type_for(cls)
    except Exception:  # noqa: BLE001 - the data layer may still be landing
        pass
    return names


_NAMESPACE: dict[str, Any] = {}


def builtin_namespace() -> dict[str, Any]:
    """BUILTINS + the preloaded modules + the Dataway data types, as a new dict."""
    if not _NAMESPACE:
        merged = dict(BUILTINS)
        merged.update(_optional_layers())
        if len(merged) > len(BUILTINS):
            _NAMESPACE.update(merged)
        return merged
    return dict(_NAMESPACE)
