"""``Entity``: an immutable body made of a blob, a MIME type and an encoding (spec §8).

Nothing is parsed at construction. The parsed value (``e['^value']``) is computed on first use
and cached; every container a selector returns is a fresh private copy, so scripts can mutate
what they read without changing the Entity (or the message it came from).
"""
from __future__ import annotations

import codecs
from typing import Any, Iterator, Optional

from ..runtime.context import LimitExceeded
from ..runtime.values import DWObject
from .errors import FormatError, fail, type_name
from .formats import MULTIPART, Format, format_for
from .mediatype import MediaType, parse_media_type
from .tree import active_limits, copy_tree

__all__ = ["Entity", "resolve_encoding"]

_MISSING = object()
_NOT_PARSED = object()


def resolve_encoding(encoding: Any, media: MediaType) -> str:
    """The §8.1 encoding rule: argument, else the ``charset`` parameter, else ``utf-8``.

    An unknown codec (or a non-text codec such as ``base64``) is a LookupError, as in CPython.
    """
    if encoding is None:
        encoding = media.param("charset") or "utf-8"
    elif not isinstance(encoding, str):
        fail("TypeError", f"encoding must be str or None, not {type_name(encoding)}")
    encoding = encoding.strip() or "utf-8"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        fail("LookupError", f"unknown encoding: {encoding}")
    if not getattr(info, "_is_text_encoding", True):
        fail("LookupError", f"{encoding!r} is not a text encoding; use codecs.encode() to "
                            "handle arbitrary codecs")
    return encoding


class Entity(DWObject):
    """An immutable body (spec §8.1). Build one with :meth:`from_value` or :meth:`from_bytes`."""

    __slots__ = ("_blob", "_mime_type", "_encoding", "_media", "_format", "_value")
    dw_type_name = "Entity"
    dw_attrs = frozenset({"blob", "mime_type", "encoding", "get"})
    dw_class_attrs = frozenset({"from_value", "from_bytes"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fail("TypeError", "Entity() cannot be called directly; use "
                          "Entity.from_value(value, mime_type) or Entity.from_bytes(data, "
                          "mime_type)")

    @classmethod
    def _make(cls, blob: bytes, mime_type: str, encoding: Any,
              media: Optional[MediaType] = None) -> "Entity":
        """Construct without the public-constructor refusal (host side only)."""
        if media is None:
            media = parse_media_type(mime_type)
        entity = cls.__new__(cls)
        entity._blob = blob
        entity._mime_type = mime_type
        entity._encoding = resolve_encoding(encoding, media)
        entity._media = media
        entity._format = format_for(media)
        entity._value = _NOT_PARSED
        return entity

    # -- factories ------------------------------------------------------------------------------
    @classmethod
    def from_value(cls, value: Any, mime_type: Any = None, encoding: Any = None) -> "Entity":
        """Serialise ``value`` in the format of ``mime_type`` (spec §8.3-§8.9)."""
        if mime_type is None:
            fail("TypeError", "Entity.from_value() missing required argument 'mime_type'")
        if not isinstance(mime_type, str):
            fail("TypeError", f"mime_type must be str, not {type_name(mime_type)}")
        mime_type = mime_type.strip()
        media = parse_media_type(mime_type)
        fmt = format_for(media)
        if fmt is MULTIPART and isinstance(value, Entity) and value._format is MULTIPART:
            return value
        if fmt.writer is None:
            fail("ValueError", f"cannot build an Entity of type {media.essence} from a value; "
                               "use Entity.from_bytes")
        enc = resolve_encoding(encoding, media)
        limits = active_limits()
        blob, stored = fmt.writer(value, mime_type, enc, limits)
        if len(blob) > limits.value_size:
            raise LimitExceeded("value_size", limits.value_size)
        if stored != mime_type:
            media = parse_media_type(stored)
        return cls._make(blob, stored, enc, media)

    @classmethod
    def from_bytes(cls, data: Any, mime_type: Any = "application/octet-stream",
                   encoding: Any = None) -> "Entity":
        """Wrap ``data`` unchanged (a str is encoded with the encoding); nothing is parsed."""
        if not isinstance(mime_type, str):
            fail("TypeError", f"mime_type must be str, not {type_name(mime_type)}")
        mime_type = mime_type.strip()
        media = parse_media_type(mime_type)
        enc = resolve_encoding(encoding, media)
        if isinstance(data, str):
            blob = data.encode(enc)
        elif isinstance(data, (bytes, bytearray)):
            blob = bytes(data)
        else:
            fail("TypeError", f"Entity.from_bytes() needs bytes or str, got {type_name(data)}")
        return cls._make(blob, mime_type, enc, media)

    # -- attributes -----------------------------------------------------------------------------
    @property
    def blob(self) -> bytes:
        """The body bytes."""
        return self._blob

    @property
    def mime_type(self) -> str:
        """The MIME type as stored (surrounding whitespace removed)."""
        return self._mime_type

    @property
    def encoding(self) -> str:
        """The text codec name."""
        return self._encoding

    @property
    def media_type(self) -> MediaType:
        """The parsed MIME type (host side)."""
        return self._media

    @property
    def format(self) -> Format:
        """The §8.3 table row of this Entity (host side)."""
        return self._format

    # -- parsed value -----------------------------------------------------------------------------
    def parsed(self) -> Any:
        """The cached parsed value itself (host side: never hand it to a script uncopied)."""
        value = self._value
        if value is _NOT_PARSED:
            value = self._parse()
            self._value = value
        return value

    def is_parsed(self) -> bool:
        """Whether the parsed value is cached already (host side)."""
        return self._value is not _NOT_PARSED

    def _parse(self) -> Any:
        reader = self._format.reader
        if reader is None:
            return self._blob
        try:
            return reader(self._blob, self._mime_type, self._encoding, active_limits())
        except FormatError as exc:
            fail("ValueError", f"cannot parse Entity as {self._media.essence}: {exc}")

    def value(self) -> Any:
        """A private copy of the parsed value (``e['^value']``)."""
        return copy_tree(self.parsed())

    # -- selectors ----------------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            if key.startswith("^"):
                return self._meta(key)
            if self._format is MULTIPART and key in ("parts", "boundary"):
                if key == "boundary":
                    return self._media.param("boundary")
                return copy_tree(self.parsed())
            value = self.parsed()
            if not self._format.keyed:
                fail("TypeError", f"Entity of type {self._media.essence} has no keys")
            return copy_tree(value[key])
        return copy_tree(self.parsed()[key])

    def _meta(self, key: str) -> Any:
        if key in ("^blob", "^raw"):
            return self._blob
        if key == "^mime_type":
            return self._mime_type
        if key == "^encoding":
            return self._encoding
        if key == "^value":
            return self.value()
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """A key of a mapping value, or an element of a list value; else ``default``."""
        value = self.parsed()
        if isinstance(value, list):
            if isinstance(key, bool) or not isinstance(key, int):
                fail("TypeError", f"list indices must be integers or slices, not "
                                  f"{type_name(key)}")
            if -len(value) <= key < len(value):
                return copy_tree(value[key])
            return default
        getter = getattr(value, "get", None)
        if getter is None or isinstance(value, (str, bytes)):
            fail("TypeError", f"Entity of type {self._media.essence} has no keys")
        found = getter(key, _MISSING)
        return default if found is _MISSING else copy_tree(found)

    def __len__(self) -> int:
        return len(self.parsed())

    def __iter__(self) -> Iterator[Any]:
        return iter(copy_tree(self.parsed()))

    def __contains__(self, item: Any) -> bool:
        return item in self.parsed()

    def __bool__(self) -> bool:
        return bool(self._blob)

    # -- identity and display -----------------------------------------------------------------
    def _key(self) -> tuple:
        return (self._blob, self._media.comparison_key(), codecs.lookup(self._encoding).name)

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Entity):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Entity(mime_type={self._mime_type!r}, encoding={self._encoding!r}, "
                f"size={len(self._blob)})")

    def __str__(self) -> str:
        if self._format.textual:
            text = self._blob.decode(self._encoding, "replace")
            return text[1:] if text.startswith("\ufeff") else text
        return repr(self)

    def __copy__(self) -> "Entity":
        return self

    def __deepcopy__(self, memo: dict) -> "Entity":
        return self

    def __reduce__(self) -> tuple:
        return (Entity.from_bytes, (self._blob, self._mime_type, self._encoding))
