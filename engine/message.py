"""The flow message of components spec §2: payload, attrs, vars, error, id, seq_id.

Messages are never mutated after construction: every step output is a new Message sharing the
unchanged parts of its input (``steps`` and run records keep references to old messages).
"""
from __future__ import annotations

import re
from typing import Any, Mapping, Optional

from .ids import message_id, next_message_number

__all__ = ["Message", "VAR_NAME_RE"]

VAR_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}\Z")

_EMPTY: Mapping[str, Any] = {}


class Message:
    """One immutable message. ``attrs`` and ``vars`` are dicts that nobody mutates after use."""

    __slots__ = ("payload", "attrs", "vars", "error", "_id", "seq_id", "script_view")

    def __init__(self, payload: Any = None, attrs: Optional[Mapping[str, Any]] = None,
                 vars: Optional[Mapping[str, Any]] = None,
                 error: Optional[Mapping[str, str]] = None, *, seq_id: str = "",
                 id: Optional[str] = None) -> None:
        self.payload = payload
        self.attrs = attrs if attrs is not None else {}
        self.vars = vars if vars is not None else {}
        self.error = error
        # The id text is made on first read: most message ids are never looked at.
        self._id: Any = id or next_message_number()
        self.seq_id = seq_id
        # The language runtime's view of this message, made once on first script use.
        self.script_view: Any = None

    @property
    def id(self) -> str:
        """The message id (unique per message)."""
        if not isinstance(self._id, str):
            self._id = message_id(self._id)
        return self._id

    def derive(self, *, payload: Any = ..., attrs: Any = ..., vars: Any = ...,
               error: Any = None) -> "Message":
        """A new message (new id, same seq_id) with some parts replaced, others shared."""
        return Message(self.payload if payload is ... else payload,
                       self.attrs if attrs is ... else attrs,
                       self.vars if vars is ... else vars,
                       error, seq_id=self.seq_id)

    def with_vars(self, changes: Mapping[str, Any], removed: tuple[str, ...] = ()) -> "Message":
        """A new message whose vars are this one's plus ``changes`` minus ``removed``."""
        new = dict(self.vars)
        new.update(changes)
        for name in removed:
            new.pop(name, None)
        return self.derive(vars=new)

    def failed(self, code: str, description: str) -> "Message":
        """The failed message of §2: this message's parts with ``error`` set."""
        return self.derive(error={"Code": code, "Description": description})

    def succeeded(self) -> "Message":
        """This message, or a copy with ``error`` cleared when it carries one."""
        return self if self.error is None else self.derive()

    def to_dict(self) -> dict[str, Any]:
        """A plain snapshot (parts by reference), as the CLI and tests print it."""
        return {"payload": self.payload, "attrs": self.attrs, "vars": self.vars,
                "error": self.error, "id": self.id, "seq_id": self.seq_id}

    def __repr__(self) -> str:
        return f"Message(id={self.id!r}, seq_id={self.seq_id!r})"
