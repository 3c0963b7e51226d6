"""The MIME table of spec §8.3: which reader and writer a media type uses.

Each format module offers ``encode(value, encoding, limits) -> bytes`` and
``parse(blob, encoding, limits) -> value``; multipart also needs the MIME type (boundary), so
the table wraps every format in a :class:`Format` with one calling convention.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ...limits import Limits
from ...runtime.memory import audit_parsed
from ..mediatype import MediaType

__all__ = ["Format", "format_for"]

Reader = Callable[[bytes, str, str, Optional[Limits]], Any]
Writer = Callable[[Any, str, str, Optional[Limits]], tuple[bytes, str]]


@dataclass(frozen=True)
class Format:
    """A row of the MIME table. ``writer`` is None for read-only formats (``from_bytes`` only);
    ``textual`` decides whether ``str(entity)`` shows the decoded blob."""

    name: str
    reader: Optional[Reader]
    writer: Optional[Writer]
    textual: bool
    keyed: bool = True


_LOADED: dict[str, Any] = {}


def _module(name: str) -> Any:
    """The format module ``name``, imported on first use: the XML and CSV readers compile large
    regular expressions at import, which every process that merely names ``Entity`` (the
    builtins table does) would otherwise pay for at start-up."""
    module = _LOADED.get(name)
    if module is None:
        module = _LOADED[name] = importlib.import_module(f"{__name__}.{name}")
    return module


def _simple_reader(name: str) -> Reader:
    def read(blob: bytes, mime: str, encoding: str, limits: Optional[Limits]) -> Any:
        value = _module(name).parse(blob, encoding, limits)
        audit_parsed(len(blob))  # inside an evaluation: the parsed value counts (memory)
        return value
    return read


def _simple_writer(name: str) -> Writer:
    return lambda value, mime, encoding, limits: (_module(name).encode(value, encoding, limits),
                                                  mime)


JSON = Format("json", _simple_reader("json"), _simple_writer("json"), True)
FORM = Format("form", _simple_reader("form"), _simple_writer("form"), True)
TEXT = Format("text", _simple_reader("text"), _simple_writer("text"), True)
OTHER_TEXT = Format("text", _simple_reader("text"), None, True)
XML = Format("xml", _simple_reader("xml"), _simple_writer("xml"), True)
CSV = Format("csv", _simple_reader("csv"), _simple_writer("csv"), True)
MULTIPART = Format("multipart",
                   lambda blob, mime, encoding, limits: _module("multipart").parse(blob, mime,
                                                                                   encoding),
                   lambda value, mime, encoding, limits: _module("multipart").build(value, mime,
                                                                                    encoding),
                   False)
OPAQUE = Format("opaque", None, None, False, keyed=False)

_EXACT = {
    "application/json": JSON, "text/json": JSON,
    "application/x-www-form-urlencoded": FORM,
    "text/plain": TEXT,
    "application/xml": XML, "text/xml": XML,
    "application/csv": CSV, "text/csv": CSV,
    "multipart/form-data": MULTIPART,
}


def format_for(media: MediaType) -> Format:
    """The format of a parsed media type (structured suffixes ``+json``/``+xml`` included)."""
    found = _EXACT.get(media.essence)
    if found is not None:
        return found
    if media.subtype.endswith("+json"):
        return JSON
    if media.subtype.endswith("+xml"):
        return XML
    if media.type == "text":
        return OTHER_TEXT
    return OPAQUE
