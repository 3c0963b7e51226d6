"""The flow message (spec §6), read-only maps (§5.4) and the ``steps`` view (§7).

The embedder builds a host :class:`Message` from plain core values. Each evaluation sees it
through a :class:`MessageView`, which copies ``payload`` and each variable/attribute lazily on
first access and keeps the copy for the rest of the evaluation, so a script can mutate what it
read without touching the message (§4.6). :func:`steps_attr` implements the §7 resolution of
``.name`` inside steps paths.
"""
from __future__ import annotations

import datetime as _dt
import decimal
import uuid
from typing import Any, Iterator, Mapping, Optional

from .exceptions import raise_error
from .values import DWObject

__all__ = ["Message", "MessageView", "ReadOnlyMap", "ErrorMap", "StepsView",
           "make_message_view", "make_steps_view", "steps_attr", "private_copy", "payload_item",
           "map_item", "map_get", "replayable", "fresh_views"]

VARS_HINT = "variables are set by components (Set Variable, Transform)"
_MISSING = object()


class Message:
    """A flow message as the host builds it (also exported as ``dataway.Message``).

    ``error`` is None or a mapping with ``Code`` and ``Description`` (``code``/``desc`` are
    accepted). ``id`` defaults to a new UUID and ``seq_id`` to ``id``.
    """

    __slots__ = ("payload", "vars", "attrs", "error", "id", "seq_id")

    def __init__(self, payload: Any = None, vars: Optional[Mapping[str, Any]] = None,
                 attrs: Optional[Mapping[str, Any]] = None,
                 error: Optional[Mapping[str, Any]] = None, id: Optional[str] = None,
                 seq_id: Optional[str] = None) -> None:
        self.payload = payload
        self.vars: dict[str, Any] = dict(vars or {})
        self.attrs: dict[str, Any] = dict(attrs or {})
        self.error = _normalise_error(error)
        self.id = id if id is not None else str(uuid.uuid4())
        self.seq_id = seq_id if seq_id is not None else self.id

    def __repr__(self) -> str:
        return f"Message(id={self.id!r}, seq_id={self.seq_id!r})"


def _normalise_error(error: Any) -> Optional[dict[str, Any]]:
    if error is None:
        return None
    if isinstance(error, Mapping):
        code = error.get("Code", error.get("code"))
        desc = error.get("Description", error.get("desc", error.get("description")))
        return {"Code": code, "Description": desc}
    return {"Code": type(error).__name__, "Description": str(error)}


# -- private copies ---------------------------------------------------------------------------

def private_copy(value: Any) -> Any:
    """A deep private copy of a message value: containers are new, immutable leaves and
    Entities are shared, nested Messages become read-only views. Shared structure and cycles
    are preserved; the walk uses an explicit stack (no host recursion)."""
    cls = value.__class__
    if cls in _IMMUTABLE:
        return value
    if cls is dict:
        # Flat records (scalar values only, W1's payload) need just a shallow copy; the scan
        # stops at the first container, which the general walk below then handles.
        for item in value.values():
            if item.__class__ not in _IMMUTABLE:
                break
        else:
            return value.copy()
    if not isinstance(value, (dict, list, bytearray)):
        return _copy_leaf(value)
    memo: dict[int, Any] = {}
    root = _shell(value)
    memo[id(value)] = root
    stack = [(value, root)]
    # The walk runs once per container of a payload (60,000 in W2), so the common cases are
    # inlined: exact dicts and lists are read directly, scalars copied by reference and
    # nested exact dicts/lists get their shells here; anything else goes through _nested.
    immutable = _IMMUTABLE
    memo_get = memo.get
    push = stack.append
    pop = stack.pop
    while stack:
        src, dst = pop()
        cls = src.__class__
        if cls is dict:
            for key, item in src.items():
                c = item.__class__
                if c in immutable:
                    dst[key] = item
                elif c is dict or c is list:
                    copied = memo_get(id(item))
                    if copied is None:
                        copied = memo[id(item)] = {} if c is dict else []
                        push((item, copied))
                    dst[key] = copied
                else:
                    dst[key] = _nested(item, memo, stack)
        elif cls is list:
            append = dst.append
            for item in src:
                c = item.__class__
                if c in immutable:
                    append(item)
                elif c is dict or c is list:
                    copied = memo_get(id(item))
                    if copied is None:
                        copied = memo[id(item)] = {} if c is dict else []
                        push((item, copied))
                    append(copied)
                else:
                    append(_nested(item, memo, stack))
        elif isinstance(src, bytearray):
            continue  # shells of bytearrays are complete copies already
        else:  # dict and list subclasses, read through their own items()/iteration
            pairs = src.items() if isinstance(src, dict) else enumerate(src)
            for key, item in pairs:
                copied = item if item.__class__ in immutable else _nested(item, memo, stack)
                if isinstance(dst, dict):
                    dst[key] = copied
                else:
                    dst.append(copied)
    return root


def _nested(item: Any, memo: dict[int, Any], stack: list) -> Any:
    """The copy of a non-scalar entry met by :func:`private_copy`'s walk."""
    if isinstance(item, (dict, list, bytearray)):
        copied = memo.get(id(item))
        if copied is None:
            copied = _shell(item)
            memo[id(item)] = copied
            stack.append((item, copied))
        return copied
    return _copy_leaf(item)


_IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes, decimal.Decimal,
                        _dt.datetime, _dt.date, _dt.time})


def _shell(value: Any) -> Any:
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return bytearray(value)


def _copy_leaf(value: Any) -> Any:
    if isinstance(value, Message):
        return MessageView(value)
    if getattr(type(value), "dw_type_name", None) == "MultiMap":
        try:
            from ..data.tree import copy_tree
            return copy_tree(value)
        except ImportError:  # pragma: no cover - the data layer is in the tree
            return value.copy()
    copier = getattr(value, "copy_parts", None)
    if copier is not None and isinstance(value, DWObject):
        return copier()
    if isinstance(value, (dict, list, bytearray)):
        return private_copy(value)
    return value


# -- read-only maps -----------------------------------------------------------------------------

class ReadOnlyMap(DWObject):
    """A read-only mapping (spec §5.4) over host data; values are private copies made on
    first access and kept. ``hint`` is appended to mutation errors (``msg.vars``)."""

    __slots__ = ("_source", "_cache", "_hint", "_copy")
    dw_type_name = "ReadOnlyMap"
    dw_attrs = frozenset({"get", "keys", "values", "items", "copy"})
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, source: Mapping[Any, Any], hint: str = "", copy: bool = True) -> None:
        self._source = source
        self._cache: dict[Any, Any] = {}
        self._hint = hint
        self._copy = copy

    # reads ------------------------------------------------------------------------------------
    # Lookups use ``dict.get`` with a sentinel, not ``try: cache[key]``: a first read would
    # otherwise raise and catch a KeyError (twice through ``get``), a large share of W1.
    def __getitem__(self, key: Any) -> Any:
        try:
            value = self._cache.get(key, _MISSING)
        except TypeError:
            raise_error("TypeError", f"unhashable type: '{_type_name(key)}'")
        if value is not _MISSING:
            return value
        value = self._source[key]  # KeyError(key) as CPython's dict raises it
        if self._copy:
            value = private_copy(value)
        self._cache[key] = value
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        """``m[key]`` or ``default``."""
        try:
            value = self._cache.get(key, _MISSING)
        except TypeError:
            raise_error("TypeError", f"unhashable type: '{_type_name(key)}'")
        if value is not _MISSING:
            return value
        source = self._source
        if key not in source:
            return default
        if self.__class__ is not ReadOnlyMap:
            return self[key]  # subclasses resolve keys their own way
        value = source[key]
        if self._copy and value.__class__ not in _IMMUTABLE:
            value = private_copy(value)
        self._cache[key] = value
        return value

    def __contains__(self, key: Any) -> bool:
        try:
            return key in self._source
        except TypeError:
            raise_error("TypeError", f"unhashable type: '{_type_name(key)}'")

    def __len__(self) -> int:
        return len(self._source)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._full())

    def _full(self) -> dict[Any, Any]:
        """Every entry as a private copy (made once; later reads share it)."""
        return {k: self[k] for k in self._source}

    def keys(self) -> Any:
        """A keys view."""
        return self._full().keys()

    def values(self) -> Any:
        """A values view (private copies)."""
        return self._full().values()

    def items(self) -> Any:
        """An items view (private copies)."""
        return self._full().items()

    def copy(self) -> dict:
        """A plain dict with the same entries."""
        return self._full()

    def to_core(self) -> dict:
        """The dict this map becomes at the boundary."""
        return self._full()

    # comparisons and text ---------------------------------------------------------------------
    def __eq__(self, other: Any) -> Any:
        if isinstance(other, dict):
            return self._full() == other
        to_core = getattr(other, "to_core", None)
        if to_core is not None and getattr(type(other), "dw_type_name", "") == "ReadOnlyMap":
            return self._full() == to_core()
        return NotImplemented

    def __ne__(self, other: Any) -> Any:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        return repr(self._full())

    def __bool__(self) -> bool:
        return len(self._source) > 0

    # refused writes -----------------------------------------------------------------------------
    def _refuse(self, what: str) -> Any:
        text = f"'ReadOnlyMap' object does not support item {what}"
        raise_error("TypeError", f"{text}; {self._hint}" if self._hint else text)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._refuse("assignment")

    def __delitem__(self, key: Any) -> None:
        self._refuse("deletion")

    @property
    def dw_attr_hint(self) -> str:
        """Appended to AttributeErrors for missing names (``msg.vars.update``)."""
        return self._hint


class ErrorMap(ReadOnlyMap):
    """``msg.error``: keys ``Code`` and ``Description``, with ``code``/``desc`` aliases."""

    __slots__ = ()
    _ALIASES = {"code": "Code", "desc": "Description"}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            key = self._ALIASES.get(key, key)
        return ReadOnlyMap.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        """``m[key]`` (aliases accepted) or ``default``."""
        if isinstance(key, str):
            key = self._ALIASES.get(key, key)
        return ReadOnlyMap.get(self, key, default)


class StepsView(ReadOnlyMap):
    """``steps``: component id -> that component's output message (read-only)."""

    __slots__ = ()

    def __init__(self, steps: Mapping[str, Any]) -> None:
        super().__init__(steps, copy=False)

    def __getitem__(self, key: Any) -> Any:
        try:
            value = self._cache.get(key, _MISSING)
        except TypeError:
            raise_error("TypeError", f"unhashable type: '{_type_name(key)}'")
        if value is not _MISSING:
            return value
        value = self._source[key]
        if isinstance(value, Message):
            value = MessageView(value)
        self._cache[key] = value
        return value


def _type_name(value: Any) -> str:
    from .prechecks import type_name
    return type_name(value)


# -- the message view ------------------------------------------------------------------------------

class MessageView(DWObject):
    """``msg`` as scripts see it: read-only, private copies made on first access (§4.6)."""

    __slots__ = ("_msg", "_payload", "_vars", "_attrs", "_error")
    dw_type_name = "Message"
    dw_attrs = frozenset({"payload", "vars", "var", "attrs", "attributes", "attr", "id",
                          "seq_id", "error", "isthrowing"})
    dw_constructible = False

    def __init__(self, msg: Message) -> None:
        self._msg = msg
        self._payload: Any = _MISSING
        self._vars: Optional[ReadOnlyMap] = None
        self._attrs: Optional[ReadOnlyMap] = None
        self._error: Any = _MISSING

    @property
    def message(self) -> Message:
        """The host message behind this view (host code only)."""
        return self._msg

    @property
    def payload(self) -> Any:
        """The payload (a private copy; a Stream is handed over as is)."""
        if self._payload is _MISSING:
            self._payload = private_copy(self._msg.payload)
        return self._payload

    @property
    def vars(self) -> ReadOnlyMap:
        """Flow variables (read-only map)."""
        if self._vars is None:
            self._vars = ReadOnlyMap(self._msg.vars, VARS_HINT)
        return self._vars

    var = vars

    @property
    def attrs(self) -> ReadOnlyMap:
        """Trigger and connector metadata (read-only map)."""
        if self._attrs is None:
            self._attrs = ReadOnlyMap(self._msg.attrs)
        return self._attrs

    attributes = attrs
    attr = attrs

    @property
    def id(self) -> str:
        """The message id."""
        return self._msg.id

    @property
    def seq_id(self) -> str:
        """The id shared by every message of one trigger event."""
        return self._msg.seq_id

    @property
    def error(self) -> Optional[ErrorMap]:
        """None, or ``{'Code': ..., 'Description': ...}`` as a read-only map."""
        if self._error is _MISSING:
            err = self._msg.error
            self._error = None if err is None else ErrorMap(err)
        return self._error

    @property
    def isthrowing(self) -> bool:
        """True exactly when ``error`` is not None."""
        return self._msg.error is not None

    def __repr__(self) -> str:
        return f"Message(id={self._msg.id!r}, seq_id={self._msg.seq_id!r})"


# -- single reads without a private copy ---------------------------------------------------------
# ``msg.payload['total']`` and ``msg.vars.get('region')`` are the commonest reads of flow
# conditions (W1). Through the view each first makes the evaluation's private copy (of the whole
# payload, or a ReadOnlyMap of the variables) only to read one immutable entry from it. While no
# copy exists yet, the entry is read from the host data instead: an immutable value is the same
# object the copy would hold, and the host data cannot have changed since the evaluation began.
# Anything else (a container entry, a subclass, a copy already made) takes the ordinary path.

def payload_item(view: MessageView, key: Any) -> Any:
    """``view.payload[key]`` for a hashable constant ``key``."""
    payload = view._payload
    if payload is _MISSING:
        source = view._msg.payload
        if source.__class__ is dict:
            value = source[key]  # the KeyError the copy would raise
            if value.__class__ in _IMMUTABLE:
                return value
        payload = view.payload
    return payload[key]


def map_item(view: MessageView, name: str, key: Any) -> Any:
    """``view.vars[key]`` / ``view.attrs[key]`` (``name`` is "vars" or "attrs")."""
    if name == "vars":
        source = view._msg.vars if view._vars is None else None
    else:
        source = view._msg.attrs if view._attrs is None else None
    if source.__class__ is dict:
        value = source[key]  # the KeyError the read-only map would raise
        if value.__class__ in _IMMUTABLE:
            return value
    return (view.vars if name == "vars" else view.attrs)[key]


def map_get(view: MessageView, name: str, key: Any, default: Any = None) -> Any:
    """``view.vars.get(key, default)`` / ``view.attrs.get(key, default)``."""
    if name == "vars":
        source = view._msg.vars if view._vars is None else None
    else:
        source = view._msg.attrs if view._attrs is None else None
    if source.__class__ is dict:
        value = source.get(key, _MISSING)
        if value is _MISSING:
            return default
        if value.__class__ in _IMMUTABLE:
            return value
    return (view.vars if name == "vars" else view.attrs).get(key, default)


# -- running an evaluation again ------------------------------------------------------------------

def replayable(msg: Any, steps: Any) -> bool:
    """Whether an evaluation over these views can run again from the start with the same
    outcome: not when a payload is a Stream, which the first run may have consumed."""
    views = [msg] + (list(steps._source.values()) if isinstance(steps, StepsView) else [])
    for view in views:
        host = view._msg if isinstance(view, MessageView) else view
        payload = getattr(host, "payload", None)
        if getattr(type(payload), "dw_type_name", None) == "Stream":
            return False
    return True


def fresh_views(msg: Any, steps: Any) -> tuple[Any, Any]:
    """New views of the same host messages: a run again must not see the private copies
    (perhaps mutated) of the first."""
    if isinstance(msg, MessageView):
        msg = MessageView(msg._msg)
    if isinstance(steps, StepsView):
        steps = StepsView(steps._source)
    return msg, steps


def make_message_view(msg: Message) -> MessageView:
    """The ``msg`` value of one evaluation."""
    return MessageView(msg)


def make_steps_view(steps: Mapping[str, Any]) -> StepsView:
    """The ``steps`` value of one evaluation (Messages wrapped on access)."""
    return StepsView(steps)


def _register_type() -> None:
    from .types import DWType, register_type

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise_error("TypeError", "cannot create 'Message' instances: messages are made by "
                                 "components")

    register_type(MessageView, DWType("Message", MessageView, refuse, display="Message"))


_register_type()


# -- steps paths --------------------------------------------------------------------------------

_KEYED = frozenset({"ReadOnlyMap", "MultiMap", "Entity"})


def steps_attr(obj: Any, name: str) -> Any:
    """``.name`` inside a steps path (spec §7): the key on ``steps``; the attribute on a
    Message; the entry of a dict, read-only map, MultiMap or Entity holding key ``name``;
    otherwise ordinary attribute access."""
    from .policy import get_attr
    if isinstance(obj, StepsView):
        return obj[name]
    if isinstance(obj, MessageView):
        return get_attr(obj, name)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
    elif isinstance(obj, DWObject) and getattr(type(obj), "dw_type_name", None) in _KEYED:
        try:
            present = name in obj
        except Exception:  # noqa: BLE001 - an unparsable Entity still has its attributes
            present = False
        if present:
            return obj[name]
    return get_attr(obj, name)
