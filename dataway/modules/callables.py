"""Script-facing function objects for module members.

A module function handed to scripts must not expose the host function behind it (its
``__globals__``, ``__code__``, closure cells). Members are the runtime's opaque
:class:`~dataway.runtime.functions.Builtin` wrappers, the same kind as ``len``: scripts can call
one and print it (``<built-in function dumps>``) and nothing else.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Optional

from ..runtime.functions import Builtin

__all__ = ["builtin", "members_of", "refuse_keywords"]


def builtin(fn: Callable[..., Any], name: Optional[str] = None) -> Builtin:
    """Wrap ``fn`` under ``name`` (default: its own ``__name__``)."""
    return Builtin(name or fn.__name__, fn)


def members_of(*functions: Callable[..., Any]) -> dict[str, Builtin]:
    """``{name: Builtin}`` for host-side implementations named like their members."""
    return {fn.__name__: builtin(fn) for fn in functions}


def refuse_keywords(function: str, kwargs: dict[str, Any], refused: Iterable[str]) -> None:
    """TypeError for sandbox-refused keywords (DW507 at check time, this at run time)."""
    for key in refused:
        if key in kwargs:
            raise TypeError(f"{function}() argument '{key}' is not allowed in Dataway")
