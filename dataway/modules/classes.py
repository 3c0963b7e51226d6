"""Type objects for host classes that modules expose (``datetime.datetime``, ``decimal.Decimal``).

A :class:`ModuleClass` is what scripts get for such a class: callable as a constructor,
usable with ``isinstance`` (it implements ``__instancecheck__``, so a host ``isinstance`` call
accepts it too), printing as CPython does (``<class 'datetime.datetime'>``), and exposing only
its §13 class attributes plus its allowlisted methods unbound. The host class itself never
reaches a script.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

from ..runtime.values import DWObject
from .callables import BuiltinFunction

__all__ = ["ModuleClass", "make_class", "unbound_methods", "HOST_TYPES"]

# Host class -> the one script-visible type object for it, so ``type(x)`` can return the same
# object the module exposes (``type(d) is decimal.Decimal``).
HOST_TYPES: dict[type, "ModuleClass"] = {}


class ModuleClass(DWObject):
    """A script-visible type object standing for one host class."""

    __slots__ = ("host", "qualname", "_construct", "_members")
    dw_type_name = "type"

    def __init__(self, host: type, qualname: str, construct: Optional[Callable[..., Any]],
                 members: Mapping[str, Any]) -> None:
        self.host = host
        self.qualname = qualname
        self._construct = construct
        self._members = dict(members)

    @property
    def name(self) -> str:
        """The bare class name (``'datetime'``)."""
        return self.qualname.rpartition(".")[2]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._construct is None:
            raise TypeError(f"cannot create '{self.qualname}' instances")
        return self._construct(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names that are not slots; scripts reach it through the policy, which
        # has already checked ``dw_attrs``.
        if not name.startswith("_"):
            members = object.__getattribute__(self, "_members")
            if name in members:
                return members[name]
        raise AttributeError(f"type object '{self.qualname}' has no attribute '{name}'")

    def __instancecheck__(self, value: Any) -> bool:
        return isinstance(value, self.host)

    def __subclasscheck__(self, other: Any) -> bool:
        host = other.host if isinstance(other, ModuleClass) else other
        return isinstance(host, type) and issubclass(host, self.host)

    def __repr__(self) -> str:
        return f"<class '{self.qualname}'>"

    __str__ = __repr__

    def member(self, name: str) -> Any:
        """A class attribute by name (KeyError when absent); for host code such as the policy."""
        return self._members[name]


def make_class(host: type, qualname: str, construct: Optional[Callable[..., Any]],
               members: Mapping[str, Any], register: bool = True) -> ModuleClass:
    """A ModuleClass whose ``dw_attrs`` are exactly ``members`` (a subclass per exposed class,
    because the policy reads the allowlist from the class)."""
    names = frozenset(members)
    kind = type(f"{qualname.replace('.', '_')}_type", (ModuleClass,),
                {"__slots__": (), "dw_attrs": names, "dw_class_attrs": names,
                 "__module__": __name__})
    obj = kind(host, qualname, construct, members)
    if register:
        HOST_TYPES[host] = obj
    return obj


def unbound_methods(host: type, qualname: str, names: list[str],
                    overrides: Optional[Mapping[str, Callable[..., Any]]] = None
                    ) -> dict[str, BuiltinFunction]:
    """Allowlisted instance methods reachable through the type (``datetime.datetime.isoformat``).

    ``overrides`` replaces host methods whose CPython behaviour would read process state (the
    local time zone); data attributes (``year``) are skipped since CPython gives descriptors.
    """
    overrides = overrides or {}
    result: dict[str, BuiltinFunction] = {}
    for name in names:
        fn = overrides.get(name) or getattr(host, name, None)
        if fn is None or not callable(fn):
            continue
        result[name] = BuiltinFunction(name, fn, f"<method '{name}' of '{qualname}' objects>")
    return result
