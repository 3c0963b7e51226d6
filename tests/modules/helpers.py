"""Small helpers shared by the module tests."""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from dataway.modules import IMPORTABLE


def member(path: str) -> Any:
    """A member by dotted path: ``member('json.dumps')``, ``member('urllib.parse.quote')``."""
    module, _, name = path.rpartition(".")
    return IMPORTABLE[module].members[name]


def outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[str, Any]:
    """``('ok', value)`` or ``('raise', (class name, message))`` for differential comparison."""
    try:
        return "ok", fn(*args, **kwargs)
    except Exception as exc:  # the classes and messages are what is compared
        return "raise", (error_name(exc), error_text(exc))


def same(ours: Callable[..., Any], host: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Assert the Dataway member and the CPython function agree on value or exception."""
    got, want = outcome(ours, *args, **kwargs), outcome(host, *args, **kwargs)
    if got[0] == want[0] == "ok" and repr(got[1]) == repr(want[1]):
        return  # NaN results (alone or inside tuples) never compare equal
    assert got == want, (args, kwargs)


def class_attr(type_object: Any, name: str) -> Any:
    """``T.name`` for a module type object (runtime DWType or the modules' stand-in)."""
    attrs = getattr(type_object, "class_attrs", None)
    if isinstance(attrs, dict):
        return attrs[name]
    return getattr(type_object, name)


def error_name(exc: BaseException) -> str:
    """The class name a script would see for ``exc`` (host exception or ScriptRaise)."""
    value = getattr(exc, "value", None)
    if value is not None and hasattr(value, "type"):
        return value.type.name
    return type(exc).__name__


def error_text(exc: BaseException) -> str:
    """``str()`` of the exception as a script would see it."""
    value = getattr(exc, "value", None)
    if value is not None and hasattr(value, "type"):
        return str(value)
    return str(exc)


@contextmanager
def raises(name: str, match: str = "") -> Iterator[None]:
    """Expect an exception scripts would see as class ``name`` (host or ScriptRaise)."""
    try:
        yield
    except Exception as exc:  # checked below
        assert error_name(exc) == name, (error_name(exc), error_text(exc))
        assert re.search(match, error_text(exc)), error_text(exc)
    else:
        raise AssertionError(f"{name} not raised")
