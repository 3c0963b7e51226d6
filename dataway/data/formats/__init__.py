"""The MIME table of spec §8.3: which reader and writer a media type uses.

Each format module offers ``encode(value, encoding, limits) -> bytes`` and
``parse(blob, encoding, limits) -> value``; multipart also needs the MIME type (boundary), so
the table wraps every format in a :class:`Format` with one calling convention.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from ...limits import Limits
from ..mediatype import MediaType
from . import csv as _csv
from . import form as _form
from . import json as _json
from . import multipart as _multipart
from . import text as _text
from . import xml as _xml

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


def _simple_reader(module: Any) -> Reader:
    return lambda blob, mime, encoding, limits: module.parse(blob, encoding, limits)


def _simple_writer(module: Any) -> Writer:
    return lambda value, mime, encoding, limits: (module.encode(value, encoding, limits), mime)


JSON = Format("json", _simple_reader(_json), _simple_writer(_json), True)
FORM = Format("form", _simple_reader(_form), _simple_writer(_form), True)
TEXT = Format("text", _simple_reader(_text), _simple_writer(_text), True)
OTHER_TEXT = Format("text", _simple_reader(_text), None, True)
XML = Format("xml", _simple_reader(_xml), _simple_writer(_xml), True)
CSV = Format("csv", _simple_reader(_csv), _simple_writer(_csv), True)
MULTIPART = Format("multipart",
                   lambda blob, mime, encoding, limits: _multipart.parse(blob, mime, encoding),
                   lambda value, mime, encoding, limits: _multipart.build(value, mime, encoding),
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
