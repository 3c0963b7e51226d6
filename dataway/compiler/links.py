"""The runtime services the compiled closures call, looked up in one place.

The runtime, modules and data layers are built in parallel with the compiler; each service is
imported from its owner when present. Until then a deliberately small stand-in keeps the
compiler testable; stand-ins are marked ``(stand-in)`` and never widen what scripts can reach
beyond public, non-underscore attributes.
"""
from __future__ import annotations

import operator as _op
from typing import Any, Callable

from ..runtime.exceptions import EXC_TYPES, BUILTIN_EXC_NAMES, ScriptRaise, raise_error
from ..runtime.values import DWObject, ModuleValue

__all__ = ["BINARY", "INPLACE", "UNARY", "COMPARE", "get_attr", "get_method", "format_value",
           "builtin_namespace", "importable", "steps_attr"]

try:
    from ..runtime.operators import BINARY, COMPARE, INPLACE, UNARY
except ImportError:  # pragma: no cover - the runtime's tables are in the tree
    BINARY = {"+": _op.add, "-": _op.sub, "*": _op.mul, "/": _op.truediv, "//": _op.floordiv,
              "%": _op.mod, "**": _op.pow, "@": _op.matmul, "<<": _op.lshift,
              ">>": _op.rshift, "&": _op.and_, "|": _op.or_, "^": _op.xor}
    INPLACE = {"+": _op.iadd, "-": _op.isub, "*": _op.imul, "/": _op.itruediv,
               "//": _op.ifloordiv, "%": _op.imod, "**": _op.ipow, "@": _op.imatmul,
               "<<": _op.ilshift, ">>": _op.irshift, "&": _op.iand, "|": _op.ior,
               "^": _op.ixor}
    UNARY = {"-": _op.neg, "+": _op.pos, "~": _op.invert, "not": _op.not_}
    COMPARE = {"==": _op.eq, "!=": _op.ne, "<": _op.lt, "<=": _op.le, ">": _op.gt,
               ">=": _op.ge, "is": _op.is_, "is not": _op.is_not,
               "in": lambda a, b: a in b, "not in": lambda a, b: a not in b}


def _type_name(obj: Any) -> str:
    if isinstance(obj, DWObject):
        return obj.dw_type_name
    return type(obj).__name__


def _fallback_get_attr(obj: Any, name: str) -> Any:
    """(stand-in) Attribute policy: DWObject allowlists, module members, public host names."""
    if not name.startswith("_"):
        if isinstance(obj, ModuleValue):
            if name in obj.members:
                return obj.members[name]
            raise_error("AttributeError", f"module '{obj.name}' has no attribute '{name}'")
        if isinstance(obj, DWObject):
            if name in obj.dw_attrs:
                return getattr(obj, name)
        elif not callable(obj) or isinstance(obj, type):
            try:
                return getattr(obj, name)
            except AttributeError:
                pass
    raise_error("AttributeError", f"'{_type_name(obj)}' object has no attribute '{name}'")


try:
    from ..runtime.policy import get_attr
except ImportError:
    get_attr = _fallback_get_attr

try:
    from ..runtime.policy import get_method
except ImportError:
    get_method = get_attr

try:
    from ..runtime.formatting import format_value
except ImportError:
    def format_value(value: Any, conversion: Any, spec: str) -> str:
        """(stand-in) f-string field formatting."""
        if conversion == "r":
            value = repr(value)
        elif conversion == "s":
            value = str(value)
        elif conversion == "a":
            value = ascii(value)
        return format(value, spec)


def _fallback_namespace() -> dict[str, Any]:
    """(stand-in) A small builtin namespace of pure functions for compiler tests."""
    import builtins as _b

    names = ("abs all any ascii bin bool bytearray bytes callable chr dict divmod enumerate "
             "filter float format frozenset hash hex int isinstance iter len list map max min "
             "next oct ord pow range repr reversed round set slice sorted str sum tuple zip "
             "type").split()
    ns = {n: getattr(_b, n) for n in names}
    for name in BUILTIN_EXC_NAMES:
        ns[name] = EXC_TYPES[name]

    def _print(*objects: Any, sep: str = " ", end: str = "\n") -> None:
        from ..runtime.context import current
        current().write_log(sep.join(str(o) for o in objects) + end)

    ns["print"] = _print
    ns["isinstance"] = _isinstance
    return ns


def _isinstance(obj: Any, spec: Any) -> bool:
    from ..runtime.exceptions import ExcType, ExcValue
    if isinstance(spec, ExcType):
        return isinstance(obj, ExcValue) and obj.type.issubtype(spec)
    if isinstance(spec, tuple):
        return any(_isinstance(obj, s) for s in spec)
    return isinstance(obj, spec)


def builtin_namespace() -> dict[str, Any]:
    """Builtins, exception classes and preloaded modules shared by every evaluation."""
    try:
        from ..runtime.builtins import builtin_namespace as real
    except ImportError:
        return _fallback_namespace()
    return real()


def importable() -> dict[str, ModuleValue]:
    """Module values by dotted import path (``urllib.parse``)."""
    try:
        from ..modules import IMPORTABLE
    except ImportError:
        return {}
    return IMPORTABLE


def _fallback_steps_attr(obj: Any, name: str) -> Any:
    """(stand-in) §7 steps-path ``.name``: a mapping key when present, else an attribute."""
    try:
        if isinstance(obj, dict) or hasattr(obj, "keys"):
            if name in obj:
                return obj[name]
    except ScriptRaise:
        raise
    except Exception:
        pass
    return get_attr(obj, name)


try:
    from ..runtime.message import steps_attr
except ImportError:
    steps_attr = _fallback_steps_attr

Caller = Callable[..., Any]
