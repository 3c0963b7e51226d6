"""Direct attribute and method access on the runtime's own message classes.

``msg.payload['total']`` and ``msg.vars.get('region')`` are the commonest chains in flow
conditions (W1). The attribute policy (``get_attr``/``get_method``) decides each access by
walking its class checks every time; for the exact classes below its answer depends only on
(class, name): a name in the class's ``dw_attrs`` is read with ``getattr``. That decision is
made once here, at compile time, and the closure calls the property getter or the method's
function directly. Subclasses, other classes and unusual results go through the policy as
before, so what scripts can reach is unchanged.
"""
from __future__ import annotations

import decimal
import datetime as _dt
import types
from typing import Any, Callable

from ..runtime.message import ErrorMap, MessageView, ReadOnlyMap, StepsView

__all__ = ["attr_getters", "method_functions", "PLAIN_RESULTS"]

_CLASSES = (MessageView, ReadOnlyMap, ErrorMap, StepsView)

PLAIN_RESULTS = frozenset({str, int, float, bool, type(None), bytes, bytearray, dict, list,
                           decimal.Decimal, _dt.datetime, _dt.date, _dt.time, ReadOnlyMap,
                           ErrorMap, StepsView, MessageView})
"""Result classes a fast attribute read returns as is. ``get_attr`` wraps host methods (as
``BoundMethod``); any value outside this set goes back through it so that still happens."""


def _members(name: str) -> list[tuple[type, Any]]:
    """(class, class-level member) for each fast class that allows ``name``."""
    out: list[tuple[type, Any]] = []
    if not isinstance(name, str) or name[:1] == "_":
        return out
    for cls in _CLASSES:
        allowed = getattr(cls, "dw_attrs", None)
        # A per-instance allowlist or instance __dict__ could change the answer per object.
        if type(allowed) is not frozenset or name not in allowed or cls.__dictoffset__ != 0:
            continue
        for base in cls.__mro__:
            if name in base.__dict__:
                out.append((cls, base.__dict__[name]))
                break
    return out


def attr_getters(name: str) -> dict[type, Callable[[Any], Any]]:
    """Class -> property getter for ``obj.name`` on the fast classes."""
    return {cls: member.fget for cls, member in _members(name)
            if isinstance(member, property) and member.fget is not None}


def method_functions(name: str) -> dict[type, Callable[..., Any]]:
    """Class -> plain function for ``obj.name(...)`` on the fast classes."""
    return {cls: member for cls, member in _members(name)
            if isinstance(member, types.FunctionType)}
