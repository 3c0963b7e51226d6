"""Open documents and settings of the language server.

The server keeps its own copy of every open document and applies incremental edits with
:func:`dataway.tooling.positions.apply_changes`, so that one module decides what an LSP position
means (pygls keeps a copy of its own for its workspace API; we never read it).

Settings come from ``initializationOptions`` and from the ``dataway`` section of the client's
configuration (``workspace/configuration`` or ``workspace/didChangeConfiguration``)::

    {"modes": {"*.dwx": "expression", "templates/*.txt": "text"},   # glob -> mode
     "select": ["DW2"], "ignore": ["DW205"],                         # codes or prefixes
     "sample": {"payload": {...}, "vars": {...}, "attrs": {...}}}    # keys to complete

A document's mode is decided in this order: its ``languageId`` when it names a mode
(``dataway-expression``, ``dataway-text``), the first matching ``modes`` glob (a glob without
``/`` matches the file name, one with ``/`` the end of the path, as in ``.gitignore``),
``.dwx`` = expression, everything else code (as ``dataway check``).
"""
from __future__ import annotations

import fnmatch
import posixpath
import threading
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import unquote, urlparse

from dataway.lint import Selection, parse_code_list
from dataway.lint.runner import default_mode
from dataway.tooling.positions import LineIndex

__all__ = ["Settings", "Document", "Documents", "SettingsError"]

MODES = ("code", "expression", "text")
_LANGUAGE_MODES = {"dataway-expression": "expression", "dataway-text": "text",
                   "dataway-code": "code"}


class SettingsError(ValueError):
    """A client setting is invalid; the message names the field."""


@dataclass(frozen=True)
class Settings:
    """What the client configured: mode globs and the code selection."""

    modes: tuple[tuple[str, str], ...] = ()
    selection: Selection = Selection()
    #: sample message parts (``payload``, ``vars``, ``attrs``) whose keys completion offers
    samples: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: Any, base: Optional["Settings"] = None) -> "Settings":
        """Settings from a client's JSON object (missing fields keep ``base``'s values)."""
        base = base or cls()
        if data is None:
            return base
        if not isinstance(data, dict):
            raise SettingsError("dataway settings must be an object")
        if isinstance(data.get("dataway"), dict):  # a whole configuration, not our section
            data = data["dataway"]
        modes = base.modes
        if "modes" in data:
            raw = data["modes"] or {}
            if not isinstance(raw, dict):
                raise SettingsError("dataway.modes must map globs to modes")
            for glob, mode in raw.items():
                if mode not in MODES:
                    raise SettingsError(f"dataway.modes[{glob!r}]: unknown mode {mode!r}; "
                                        f"expected one of {', '.join(MODES)}")
            modes = tuple(raw.items())
        select, ignore = base.selection.select, base.selection.ignore
        if "select" in data:
            select = _codes(data["select"], "select") if data["select"] is not None else None
        if "ignore" in data:
            ignore = _codes(data["ignore"] or [], "ignore")
        samples = base.samples
        if "sample" in data:
            raw = data["sample"] or {}
            if not isinstance(raw, dict) or set(raw) - {"payload", "vars", "attrs"}:
                raise SettingsError("dataway.sample must be an object with payload, vars "
                                    "and/or attrs")
            for part in ("vars", "attrs"):
                if part in raw and not isinstance(raw[part], dict):
                    raise SettingsError(f"dataway.sample.{part} must be an object")
            samples = dict(raw)
        return cls(modes, Selection(select, ignore), samples)

    def mode_for(self, uri: str, language_id: str = "") -> str:
        """The mode of a document (see the module docstring for the order)."""
        if language_id in _LANGUAGE_MODES:
            return _LANGUAGE_MODES[language_id]
        path = _path_of(uri)
        for glob, mode in self.modes:
            if "/" in glob:
                matched = fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path, "*/" + glob)
            else:
                matched = fnmatch.fnmatch(posixpath.basename(path), glob)
            if matched:
                return mode
        return default_mode(path)


def _codes(value: Any, field_name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"dataway.{field_name} must be a list of codes")
    if not value:
        return ()
    try:
        return parse_code_list(",".join(value), f"dataway.{field_name}")
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def _path_of(uri: str) -> str:
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "untitled", "") else uri


@dataclass
class Document:
    """One open document: the editor's text, its version, mode and derived data.

    ``cache`` holds results derived from the current text (line index, analysis); it is
    emptied on every edit.
    """

    uri: str
    text: str
    version: int
    language_id: str = ""
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def lines(self) -> LineIndex:
        """The line index of the current text (built once per version)."""
        index = self.cache.get("lines")
        if index is None:
            index = self.cache["lines"] = LineIndex(self.text)
        return index


class Documents:
    """The open documents by URI. Handlers run on the server's thread; background checks read
    documents through :meth:`snapshot`, so a lock guards the table."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self._lock = threading.Lock()

    def open(self, uri: str, text: str, version: int, language_id: str = "") -> Document:
        """Record a newly opened document (replacing any earlier copy)."""
        with self._lock:
            doc = self._docs[uri] = Document(uri, text, version, language_id)
            return doc

    def change(self, uri: str, text: str, version: int) -> Document:
        """Replace a document's text after an edit."""
        with self._lock:
            old = self._docs.get(uri)
            doc = self._docs[uri] = Document(uri, text, version,
                                             old.language_id if old else "")
            return doc

    def close(self, uri: str) -> None:
        """Forget a closed document."""
        with self._lock:
            self._docs.pop(uri, None)

    def get(self, uri: str) -> Optional[Document]:
        """The open document at ``uri``, if any."""
        with self._lock:
            return self._docs.get(uri)

    def all(self) -> list[Document]:
        """Every open document."""
        with self._lock:
            return list(self._docs.values())
