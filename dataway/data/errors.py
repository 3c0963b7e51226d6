"""How the data layer reports errors to scripts.

Errors a script can see are raised as script exceptions (``ScriptRaise``) through the runtime's
``raise_error`` so the embedding API reports them as runtime errors (1200001) even when they
happen outside the evaluator (boundary normalisation, declared-type conversion). Parsers raise
:class:`FormatError` internally; the Entity turns it into the ``cannot parse Entity as …``
ValueError.
"""
from __future__ import annotations

import builtins
from typing import Any, NoReturn

__all__ = ["fail", "make", "FormatError", "type_name"]


class FormatError(ValueError):
    """A malformed document; the message names the position where possible."""


def make(type_name: str, *args: Any) -> BaseException:
    """The exception to raise for a script-visible error of the named builtin class."""
    try:
        from ..runtime.exceptions import make_error
    except ImportError:  # pragma: no cover - the runtime is always present in the product
        return getattr(builtins, type_name)(*args)
    return make_error(type_name, *args)


def fail(type_name: str, *args: Any) -> NoReturn:
    """Raise a script-visible error of the named builtin class (``fail('TypeError', msg)``)."""
    raise make(type_name, *args)


def type_name(value: Any) -> str:
    """The type name a script would see for ``value`` (``'set'``, ``'MultiMap'``)."""
    name = getattr(type(value), "dw_type_name", None)
    if isinstance(name, str):
        return name
    return type(value).__name__
