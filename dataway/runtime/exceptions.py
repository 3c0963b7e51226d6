"""Script-visible exceptions: the class hierarchy, exception values and the host carrier.

Scripts never hold a host exception. A class such as ``KeyError`` is an :class:`ExcType`; an
instance is an :class:`ExcValue`; the evaluator moves an ExcValue through host code inside a
:class:`ScriptRaise`. Host exceptions raised by builtins and modules (``KeyError``,
``json.JSONDecodeError``, ``decimal.InvalidOperation`` ...) are translated by
:func:`to_exc_value`, which keeps the class (found along the host MRO) and the message.

Messages and reprs are CPython's: each ExcValue is rendered through an instance of the matching
host class built from the same arguments, which is kept private to this module.
"""
from __future__ import annotations

import binascii
import csv
import decimal
import json
import struct
from typing import Any, NoReturn, Optional, Union

from .values import DWObject

__all__ = ["ExcType", "ExcValue", "ScriptRaise", "EXC_TYPES", "BUILTIN_EXC_NAMES",
           "to_exc_value", "exc_matches", "exc_from_raise", "raise_error", "exc_type_for_host"]

_SAFE_SCALARS = (str, int, float, bytes, bool, type(None), decimal.Decimal)


class ExcType(DWObject):
    """A script-visible exception class (``KeyError``, ``json.decoder.JSONDecodeError``).

    ``bases`` lists the Dataway bases (``decimal.DivisionByZero`` has two); ``base`` is the
    first. ``host`` is the host class used to validate constructor arguments and render
    messages exactly as CPython does; it never reaches a script.
    """

    __slots__ = ("name", "module", "bases", "host", "extra_attrs", "_ancestors")
    dw_type_name = "type"

    def __init__(self, name: str, bases: tuple["ExcType", ...], host: type[BaseException],
                 module: Optional[str] = None, extra_attrs: frozenset[str] = frozenset()) -> None:
        self.name = name
        self.module = module
        self.bases = bases
        self.host = host
        inherited = frozenset().union(*(b.extra_attrs for b in bases)) if bases else frozenset()
        self.extra_attrs = extra_attrs | inherited
        ancestors = {id(self): self}
        for b in bases:
            for anc in b._ancestors.values():
                ancestors[id(anc)] = anc
        self._ancestors = ancestors

    @property
    def base(self) -> Optional["ExcType"]:
        """The first base class, or None for the root."""
        return self.bases[0] if self.bases else None

    @property
    def qualname(self) -> str:
        """``json.decoder.JSONDecodeError`` for module classes, the bare name otherwise."""
        return f"{self.module}.{self.name}" if self.module else self.name

    def issubtype(self, other: "ExcType") -> bool:
        """True when this class is ``other`` or derives from it."""
        return id(other) in self._ancestors

    def __call__(self, *args: Any, **kwargs: Any) -> "ExcValue":
        if kwargs or self.host not in _PLAIN_HOSTS:
            # Let the host class validate the arguments (JSONDecodeError needs three,
            # UnicodeDecodeError five, no exception takes keyword arguments).
            try:
                host = self.host(*args, **kwargs)
            except ScriptRaise:
                raise
            except Exception as exc:  # the host's own argument error, as CPython reports it
                raise ScriptRaise(to_exc_value(exc)) from None
            return ExcValue(self, tuple(args), host)
        return ExcValue(self, tuple(args))

    def __repr__(self) -> str:
        return f"<class '{self.qualname}'>"


class ExcValue(DWObject):
    """An exception instance as scripts see it.

    ``frames`` is filled by the evaluator (innermost appended as the exception leaves each
    script frame); ``cause``/``context``/``suppress_context`` implement chaining.
    """

    __slots__ = ("type", "args", "cause", "context", "suppress_context", "frames", "_host",
                 "_text", "_repr")
    dw_type_name = "exception"

    def __init__(self, type: ExcType, args: tuple = (), host: Optional[BaseException] = None,
                 text: Optional[str] = None, rep: Optional[str] = None) -> None:
        self.type = type
        self.args = args
        self.cause: Optional[ExcValue] = None
        self.context: Optional[ExcValue] = None
        self.suppress_context = False
        self.frames: list[Any] = []
        self._host = host
        self._text = text
        self._repr = rep

    @property
    def dw_type_name(self) -> str:  # type: ignore[override]
        """The class name error messages show (``'KeyError' object is not callable``)."""
        return self.type.name

    @property
    def dw_attrs(self) -> frozenset[str]:  # type: ignore[override]
        """``args`` plus the type's extra attributes (§13)."""
        return _ARGS_ONLY | self.type.extra_attrs

    def _rendering_host(self) -> Optional[BaseException]:
        if self._host is None:
            try:
                self._host = self.type.host(*self.args)
            except Exception:
                return None
        return self._host

    def __getattr__(self, name: str) -> Any:
        # Extra attributes (JSONDecodeError.pos, UnicodeDecodeError.reason ...) live on the
        # host instance; the policy only lets allowlisted names reach here.
        if name in self.type.extra_attrs:
            host = self._rendering_host()
            if host is not None and hasattr(host, name):
                return _sanitize(getattr(host, name))
        raise AttributeError(name)

    @property
    def message(self) -> str:
        """The text after ``Type: `` in a traceback (``str(e)``)."""
        return str(self)

    def __str__(self) -> str:
        if self._text is not None:
            return self._text
        host = self._rendering_host()
        if host is not None:
            return str(host)
        if not self.args:
            return ""
        if len(self.args) == 1:
            return repr(self.args[0]) if self.type.issubtype(EXC_TYPES["KeyError"]) \
                else str(self.args[0])
        return str(self.args)

    def __repr__(self) -> str:
        if self._repr is not None:
            return self._repr
        if len(self.args) == 1:
            return f"{self.type.name}({self.args[0]!r})"
        if not self.args:
            return f"{self.type.name}()"
        return f"{self.type.name}{self.args!r}"


_ARGS_ONLY = frozenset({"args"})


class ScriptRaise(Exception):
    """Carries a script exception (``.value``) through host frames."""

    def __init__(self, value: ExcValue) -> None:
        super().__init__(value)
        self.value = value

    def __str__(self) -> str:
        text = str(self.value)
        return f"{self.value.type.qualname}: {text}" if text else self.value.type.qualname


# -- the hierarchy ----------------------------------------------------------------------------

EXC_TYPES: dict[str, ExcType] = {}
"""Every exposed class: builtins by bare name, module classes by dotted path
(``json.JSONDecodeError``, ``struct.error``, ``csv.Error``, ``binascii.Error``,
``decimal.InvalidOperation`` ...)."""

_BY_HOST: dict[type, ExcType] = {}

_UNICODE_ATTRS = frozenset({"encoding", "object", "start", "end", "reason"})
_JSON_ATTRS = frozenset({"msg", "doc", "pos", "lineno", "colno"})

# (name, host class, bases) in dependency order; module classes are added below.
_BUILTIN_TREE: list[tuple[str, type[BaseException], tuple[str, ...]]] = [
    ("BaseException", BaseException, ()),
    ("Exception", Exception, ("BaseException",)),
    ("ArithmeticError", ArithmeticError, ("Exception",)),
    ("ZeroDivisionError", ZeroDivisionError, ("ArithmeticError",)),
    ("OverflowError", OverflowError, ("ArithmeticError",)),
    ("LookupError", LookupError, ("Exception",)),
    ("KeyError", KeyError, ("LookupError",)),
    ("IndexError", IndexError, ("LookupError",)),
    ("ValueError", ValueError, ("Exception",)),
    ("UnicodeError", UnicodeError, ("ValueError",)),
    ("UnicodeDecodeError", UnicodeDecodeError, ("UnicodeError",)),
    ("UnicodeEncodeError", UnicodeEncodeError, ("UnicodeError",)),
    ("UnicodeTranslateError", UnicodeTranslateError, ("UnicodeError",)),
    ("TypeError", TypeError, ("Exception",)),
    ("AttributeError", AttributeError, ("Exception",)),
    ("NameError", NameError, ("Exception",)),
    ("UnboundLocalError", UnboundLocalError, ("NameError",)),
    ("RuntimeError", RuntimeError, ("Exception",)),
    ("RecursionError", RecursionError, ("RuntimeError",)),
    ("NotImplementedError", NotImplementedError, ("RuntimeError",)),
    ("StopIteration", StopIteration, ("Exception",)),
    ("AssertionError", AssertionError, ("Exception",)),
    ("ImportError", ImportError, ("Exception",)),
    ("ModuleNotFoundError", ModuleNotFoundError, ("ImportError",)),
    ("SyntaxError", SyntaxError, ("Exception",)),
    ("IndentationError", IndentationError, ("SyntaxError",)),
    ("TabError", TabError, ("IndentationError",)),
]

BUILTIN_EXC_NAMES: frozenset[str] = frozenset({
    "Exception", "ValueError", "TypeError", "KeyError", "IndexError", "ZeroDivisionError",
    "AttributeError", "NameError", "RuntimeError", "StopIteration", "AssertionError",
    "ArithmeticError", "LookupError", "OverflowError", "NotImplementedError",
    "UnicodeDecodeError", "UnicodeEncodeError", "RecursionError"})
"""The exception classes bound as builtins (§11); the others exist for translation only."""

_PLAIN_HOSTS: frozenset[type] = frozenset({
    h for _, h, _ in _BUILTIN_TREE
    if h not in (UnicodeDecodeError, UnicodeEncodeError, UnicodeTranslateError)})


def _add(name: str, host: type[BaseException], bases: tuple[str, ...], key: Optional[str] = None,
         extra: frozenset[str] = frozenset()) -> ExcType:
    module = host.__module__ if host.__module__ != "builtins" else None
    t = ExcType(name, tuple(EXC_TYPES[b] for b in bases), host, module, extra)
    EXC_TYPES[key or name] = t
    _BY_HOST[host] = t
    return t


for _name, _host, _bases in _BUILTIN_TREE:
    _add(_name, _host, _bases,
         extra=_UNICODE_ATTRS if _name.startswith("Unicode") and _name != "UnicodeError"
         else frozenset())

_add("JSONDecodeError", json.JSONDecodeError, ("ValueError",), "json.JSONDecodeError", _JSON_ATTRS)
_add("error", struct.error, ("Exception",), "struct.error")
_add("Error", csv.Error, ("Exception",), "csv.Error")
_add("Error", binascii.Error, ("ValueError",), "binascii.Error")
_add("DecimalException", decimal.DecimalException, ("ArithmeticError",), "decimal.DecimalException")
_add("InvalidOperation", decimal.InvalidOperation, ("decimal.DecimalException",),
     "decimal.InvalidOperation")
_add("DivisionByZero", decimal.DivisionByZero, ("decimal.DecimalException", "ZeroDivisionError"),
     "decimal.DivisionByZero")
_add("Overflow", decimal.Overflow, ("decimal.DecimalException",), "decimal.Overflow")
# Other decimal signals (Inexact, Rounded, FloatOperation ...) are only reached through
# translation; they surface as DecimalException, which the MRO walk finds.


# -- translation ---------------------------------------------------------------------------------

def exc_type_for_host(cls: type) -> ExcType:
    """The ExcType of a host exception class: the nearest mapped class along its MRO."""
    for klass in cls.__mro__:
        t = _BY_HOST.get(klass)
        if t is not None:
            return t
    return EXC_TYPES["Exception"]


def _sanitize(value: Any, depth: int = 0) -> Any:
    """Keep plain data from a host exception; anything else (classes, objects) becomes text."""
    if isinstance(value, _SAFE_SCALARS):
        return value
    if depth < 8 and isinstance(value, (tuple, list)):
        items = [_sanitize(v, depth + 1) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    return str(value)


def to_exc_value(exc: BaseException) -> ExcValue:
    """The script view of ``exc``: a ScriptRaise gives its value; a host exception keeps its
    class (via its MRO), its arguments and its message verbatim."""
    if isinstance(exc, ScriptRaise):
        return exc.value
    t = exc_type_for_host(type(exc))
    args = tuple(_sanitize(a) for a in exc.args)
    text: Optional[str]
    rep: Optional[str]
    try:
        text = str(exc)
        if t.host is TypeError and "'" in text:
            text = _script_class_names(text)
        rep = f"{t.name}{repr(exc)[len(type(exc).__name__):]}" if args != exc.args else None
    except Exception:
        text = rep = None
    # Keep the host instance for extra attributes only when the class matches exactly, so
    # e.g. ``decimal.Inexact`` (shown as DecimalException) does not expose foreign state.
    host = exc if _BY_HOST.get(type(exc)) is t and t.extra_attrs else None
    return ExcValue(t, args, host, text, rep)


_DW_NAMES: dict[str, str] = {}
_DW_NAMES_SEEN = [0]


def _script_class_names(text: str) -> str:
    """Host TypeErrors from operators name wrapper classes (``'ScriptFunction'``); scripts
    know them by ``dw_type_name`` (``'function'``)."""
    classes: list[type] = []
    stack = [DWObject]
    while stack:
        cls = stack.pop()
        classes.append(cls)
        stack.extend(cls.__subclasses__())
    if len(classes) != _DW_NAMES_SEEN[0]:
        _DW_NAMES_SEEN[0] = len(classes)
        for cls in classes:
            name = cls.__dict__.get("dw_type_name", getattr(cls, "dw_type_name", None))
            if isinstance(name, str) and name != cls.__name__:
                _DW_NAMES[cls.__name__] = name
    for host_name, dw_name in _DW_NAMES.items():
        quoted = f"'{host_name}'"
        if quoted in text:
            text = text.replace(quoted, f"'{dw_name}'")
    return text


def exc_matches(value: ExcValue, spec: Any) -> bool:
    """``except spec:`` test; a non-class spec is CPython's TypeError."""
    if isinstance(spec, ExcType):
        return value.type.issubtype(spec)
    if isinstance(spec, tuple):
        matched = False
        for item in spec:
            if isinstance(item, tuple):
                if exc_matches(value, item):
                    matched = True
            elif isinstance(item, ExcType):
                if not matched and value.type.issubtype(item):
                    matched = True
            else:
                _catch_type_error()
        return matched
    _catch_type_error()


def _catch_type_error() -> NoReturn:
    raise_error("TypeError",
                "catching classes that do not inherit from BaseException is not allowed")


def exc_from_raise(obj: Any) -> ExcValue:
    """The value raised by ``raise obj`` (a class is instantiated without arguments)."""
    if isinstance(obj, ExcValue):
        return obj
    if isinstance(obj, ExcType):
        return obj()
    raise_error("TypeError", "exceptions must derive from BaseException")


def raise_error(type_name: str, *args: Any) -> NoReturn:
    """Raise a script exception of the named class (``raise_error('KeyError', 'id')``)."""
    t = EXC_TYPES[type_name]
    raise ScriptRaise(ExcValue(t, args))


def make_error(type_name: str, *args: Any) -> ScriptRaise:
    """A ScriptRaise for ``raise make_error(...) from None`` style call sites."""
    return ScriptRaise(ExcValue(EXC_TYPES[type_name], args))


ExcSpec = Union[ExcType, tuple]
