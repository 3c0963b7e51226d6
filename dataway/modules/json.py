"""The ``json`` module (spec §12): CPython's ``dumps``/``loads`` with limits and no ``cls=``."""
from __future__ import annotations

import json as _json
import re
from typing import Any, Callable, Optional

from ..runtime.context import LimitExceeded, current
from ..runtime.exceptions import EXC_TYPES
from ..runtime.message import ReadOnlyMap
from ..runtime.prechecks import type_name
from ..runtime.values import ModuleValue
from ..runtime.memory import audit_parsed
from .callables import members_of, refuse_keywords
from .guards import charge_bytes, check_depth, check_int_digits, check_size, size_of
from .members import make_module

__all__ = ["MODULE", "parse_int_text"]

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def parse_int_text(text: str) -> int:
    """``int(text)`` for JSON integer literals, bounded by ``int_digits`` (the runtime lifts
    CPython's 4,300-digit conversion guard process-wide, spec §4.1)."""
    check_int_digits(len(text) - (text[:1] == "-"))
    return int(text)


def _check_nesting(text: str) -> None:
    limit = current().limits.value_depth
    if text.count("[") + text.count("{") <= limit:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise LimitExceeded("value_depth", limit)
        elif token in "]}":
            depth -= 1


def _not_serializable(obj: Any) -> Any:
    # CPython's message, naming the type as scripts know it rather than a host wrapper class.
    raise TypeError(f"Object of type {type_name(obj)} is not JSON serializable")


def _fallback(default: Optional[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """The encoder's ``default``: read-only maps (``msg.vars``, spec §5.4) serialise as the
    dicts they stand for, as they did in the reference product; anything else goes to the
    script's ``default`` or gets CPython's TypeError."""
    otherwise = default or _not_serializable

    def convert(obj: Any) -> Any:
        if isinstance(obj, ReadOnlyMap):
            return obj.to_core()
        return otherwise(obj)

    return convert


def dumps(obj: Any, *, skipkeys: bool = False, ensure_ascii: bool = True,
          check_circular: bool = True, allow_nan: bool = True, indent: Any = None,
          separators: Optional[tuple[str, str]] = None,
          default: Optional[Callable[[Any], Any]] = None,
          sort_keys: bool = False, **kw: Any) -> str:
    """Serialise ``obj`` to JSON text exactly as CPython's ``json.dumps``."""
    refuse_keywords("dumps", kw, ("cls",))
    if kw:
        raise TypeError(f"dumps() got an unexpected keyword argument '{next(iter(kw))}'")
    deepest = check_depth(obj)
    if indent is not None:
        width = indent if isinstance(indent, int) else len(str(indent))
        check_size(max(width, 0) * deepest)
    text = _json.dumps(obj, skipkeys=skipkeys, ensure_ascii=ensure_ascii,
                       check_circular=check_circular, allow_nan=allow_nan, indent=indent,
                       separators=separators, default=_fallback(default),
                       sort_keys=sort_keys)
    check_size(len(text))
    charge_bytes(len(text))
    return text


def loads(s: Any, *, object_hook: Optional[Callable[..., Any]] = None,
          parse_float: Optional[Callable[[str], Any]] = None,
          parse_int: Optional[Callable[[str], Any]] = None,
          parse_constant: Optional[Callable[[str], Any]] = None,
          object_pairs_hook: Optional[Callable[..., Any]] = None, **kw: Any) -> Any:
    """Parse JSON text (str, bytes or bytearray) exactly as CPython's ``json.loads``."""
    refuse_keywords("loads", kw, ("cls",))
    if kw:
        raise TypeError(f"loads() got an unexpected keyword argument '{next(iter(kw))}'")
    if isinstance(s, (bytes, bytearray)):
        s = s.decode(_json.detect_encoding(s), "surrogatepass")
    if isinstance(s, str):
        charge_bytes(len(s))
        _check_nesting(s)
    value = _json.loads(s, object_hook=object_hook, parse_float=parse_float,
                        parse_int=parse_int or parse_int_text, parse_constant=parse_constant,
                        object_pairs_hook=object_pairs_hook)
    audit_parsed(size_of(s))  # the parsed value is several times the text (spec §14 memory)
    return value


def _build() -> ModuleValue:
    members: dict[str, Any] = dict(members_of(dumps, loads))
    members["JSONDecodeError"] = EXC_TYPES["json.JSONDecodeError"]
    return make_module("json", members)


MODULE = _build()
