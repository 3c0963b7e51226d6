"""Opaque callables handed to scripts: builtin functions and bound/unbound methods.

A host function given to a script would expose ``__globals__``, ``__self__`` and friends. These
wrappers are DWObjects with no script attributes; calling one forwards to the host callable, and
their reprs match CPython's without memory addresses.
"""
from __future__ import annotations

from typing import Any, Callable

from .values import DWObject

__all__ = ["Builtin", "BoundMethod", "UnboundMethod", "builtin"]


class Builtin(DWObject):
    """A builtin function as scripts see it: ``<built-in function len>``."""

    __slots__ = ("name", "fn")
    dw_type_name = "builtin_function_or_method"

    def __init__(self, name: str, fn: Callable[..., Any]) -> None:
        self.name = name
        self.fn = fn

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.fn(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<built-in function {self.name}>"


def builtin(fn: Callable[..., Any], name: str = "") -> Builtin:
    """Wrap ``fn`` as a Builtin named ``name`` (default: the function's name)."""
    return Builtin(name or fn.__name__.rstrip("_"), fn)


class BoundMethod(DWObject):
    """A method read from a value and kept (``f = s.upper``).

    ``call`` is the host callable that already has its receiver bound (a host bound method
    or a checked implementation closing over the receiver).
    """

    __slots__ = ("name", "owner", "call")
    dw_type_name = "builtin_function_or_method"

    def __init__(self, name: str, owner: str, call: Callable[..., Any]) -> None:
        self.name = name
        self.owner = owner
        self.call = call

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<built-in method {self.name} of {self.owner} object>"


class UnboundMethod(DWObject):
    """A method read from a type object (``str.upper``), usable as ``map(str.upper, xs)``.

    ``call`` receives the receiver as its first argument.
    """

    __slots__ = ("name", "owner", "call")
    dw_type_name = "method_descriptor"

    def __init__(self, name: str, owner: str, call: Callable[..., Any]) -> None:
        self.name = name
        self.owner = owner
        self.call = call

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<method '{self.name}' of '{self.owner}' objects>"
