"""Script-facing function objects for module members.

A module function handed to scripts must not expose the host function behind it (its
``__globals__``, ``__code__``, closure cells). :class:`BuiltinFunction` is an opaque callable
DWObject: scripts can call it, print it (``<built-in function dumps>``) and nothing else.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from ..runtime.values import DWObject

__all__ = ["BuiltinFunction", "builtin", "refuse_keywords", "members_of"]


class BuiltinFunction(DWObject):
    """A host callable dressed as a CPython builtin function; it has no script attributes."""

    __slots__ = ("_name", "_fn", "_repr")
    dw_type_name = "builtin_function_or_method"

    def __init__(self, name: str, fn: Callable[..., Any], text: Optional[str] = None) -> None:
        self._name = name
        self._fn = fn
        self._repr = text or f"<built-in function {name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._fn(*args, **kwargs)

    def __repr__(self) -> str:
        return self._repr

    __str__ = __repr__

    @property
    def host_function(self) -> Callable[..., Any]:
        """The wrapped host callable (host code only; the name is not script-visible)."""
        return self._fn

    @property
    def function_name(self) -> str:
        """The name scripts see in the repr."""
        return self._name


def builtin(fn: Callable[..., Any], name: Optional[str] = None) -> BuiltinFunction:
    """Wrap ``fn`` under its own ``__name__`` (or ``name``)."""
    return BuiltinFunction(name or fn.__name__, fn)


def refuse_keywords(function: str, kwargs: dict[str, Any], refused: Iterable[str]) -> None:
    """TypeError for sandbox-refused keywords (DW507 at check time, this at run time)."""
    for key in refused:
        if key in kwargs:
            raise TypeError(f"{function}() argument '{key}' is not allowed in Dataway")


def members_of(*functions: Callable[..., Any]) -> dict[str, BuiltinFunction]:
    """``{name: BuiltinFunction}`` for plain host-side implementations named like members."""
    return {fn.__name__: builtin(fn) for fn in functions}
