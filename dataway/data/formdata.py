"""``FormDataParts`` and Parts (spec §9.3): the parsed and buildable form of multipart bodies.

A Part is a read-only map (``name``, ``filename``, ``headers``, ``content``) that becomes a dict
at the boundary; its ``content`` is always an Entity. The part-building rules of §8.9 (str,
bytes, Entity and ``(filename, content[, content_type[, headers]])`` values) live here so
``fp.add(...)`` and ``Entity.from_value(..., 'multipart/form-data')`` share them.
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ..runtime.values import DWObject
from .errors import fail, type_name
from .multimap import MultiMap, SelectionList

__all__ = ["Part", "FormDataParts", "make_part", "guess_type"]

_KEYS = ("name", "filename", "headers", "content")
_MISSING = object()
_GUESSES = {".json": "application/json", ".xml": "application/xml", ".csv": "text/csv",
            ".txt": "text/plain", ".html": "text/html", ".htm": "text/html",
            ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg", ".gif": "image/gif", ".zip": "application/zip"}


def guess_type(filename: str) -> str:
    """The MIME type §8.9 associates with a file name's extension."""
    dot = filename.rfind(".")
    ext = filename[dot:].lower() if dot >= 0 else ""
    return _GUESSES.get(ext, "application/octet-stream")


class Part(DWObject):
    """One part: a read-only map that becomes a dict at the boundary."""

    __slots__ = ("name", "filename", "headers", "content")
    dw_type_name = "ReadOnlyMap"
    dw_attrs = frozenset({"get", "keys", "values", "items", "copy"})
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, name: Optional[str], filename: Optional[str], headers: MultiMap,
                 content: Any) -> None:
        self.name = name
        self.filename = filename
        self.headers = headers
        self.content = content

    def _value(self, key: str) -> Any:
        if key == "headers":
            from .tree import copy_tree
            return copy_tree(self.headers)
        return getattr(self, key)

    def __getitem__(self, key: Any) -> Any:
        if key in _KEYS:
            return self._value(key)
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """The value of ``key`` or ``default``."""
        return self._value(key) if key in _KEYS else default

    def __setitem__(self, key: Any, value: Any) -> None:
        fail("TypeError", "'ReadOnlyMap' object does not support item assignment")

    def __delitem__(self, key: Any) -> None:
        fail("TypeError", "'ReadOnlyMap' object does not support item deletion")

    def keys(self) -> list:
        """``['name', 'filename', 'headers', 'content']``."""
        return list(_KEYS)

    def values(self) -> list:
        """The four values in key order."""
        return [self._value(k) for k in _KEYS]

    def items(self) -> list:
        """``(key, value)`` tuples in key order."""
        return [(k, self._value(k)) for k in _KEYS]

    def copy(self) -> dict:
        """A plain dict."""
        return dict(self.items())

    to_core = copy

    def __contains__(self, key: Any) -> bool:
        return key in _KEYS

    def __iter__(self) -> Iterator[str]:
        return iter(_KEYS)

    def __len__(self) -> int:
        return len(_KEYS)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, Part):
            return self.copy() == other.copy()
        if isinstance(other, dict):
            return self.copy() == other
        to_core = getattr(other, "to_core", None)
        if to_core is not None and hasattr(other, "keys"):
            return self.copy() == to_core()
        return NotImplemented

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        return repr(self.copy())

    def __copy__(self) -> "Part":
        return self  # immutable: every read hands out copies

    def __deepcopy__(self, memo: dict) -> "Part":
        return self


class FormDataParts(DWObject):
    """An ordered collection of Parts with name and position access (spec §9.3)."""

    __slots__ = ("_parts", "_boundary")
    dw_type_name = "FormDataParts"
    dw_attrs = frozenset({"get", "getall", "add", "keys", "values", "items", "boundary"})
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, boundary: Optional[str] = None) -> None:
        if boundary is not None and not isinstance(boundary, str):
            fail("TypeError", f"boundary must be str or None, not {type_name(boundary)}")
        self._boundary = boundary
        self._parts: list[Part] = []

    @property
    def boundary(self) -> Optional[str]:
        """The boundary the parts were parsed with or built for, or None."""
        return self._boundary

    @classmethod
    def from_parts(cls, parts: list[Part], boundary: Optional[str]) -> "FormDataParts":
        """Wrap already-built parts (parser)."""
        fp = cls(boundary)
        fp._parts = list(parts)
        return fp

    def copy_parts(self) -> "FormDataParts":
        """A fresh collection holding the same (immutable) parts."""
        return FormDataParts.from_parts(self._parts, self._boundary)

    def parts(self) -> list[Part]:
        """The parts in order (host-side use)."""
        return list(self._parts)

    def add(self, name: Any, content: Any, filename: Any = None, content_type: Any = None,
            headers: Any = None) -> None:
        """Append a part; ``content`` (str, bytes or Entity) is stored as an Entity."""
        if filename is None and content_type is None and headers is None:
            value: Any = content
        else:
            value = (filename, content, content_type, headers)
        self._parts.append(make_part(name, value, "utf-8"))

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            fail("TypeError", f"FormDataParts indices must be int or str, not {type_name(key)}")
        if isinstance(key, int):
            try:
                return self._parts[key]
            except IndexError:
                raise IndexError("FormDataParts index out of range") from None
        if key.startswith("*"):
            return SelectionList(self.getall(key[1:]))
        part = self.get(key, _MISSING)
        if part is _MISSING:
            raise KeyError(key)
        return part

    def get(self, name: Any, default: Any = None) -> Any:
        """The first part named ``name`` or ``default``."""
        for part in self._parts:
            if part.name == name:
                return part
        return default

    def getall(self, name: Any) -> list:
        """Every part named ``name``."""
        return [p for p in self._parts if p.name == name]

    def __contains__(self, name: Any) -> bool:
        return any(p.name == name for p in self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __iter__(self) -> Iterator[Any]:
        return iter([p.name for p in self._parts])

    def keys(self) -> list:
        """Part names in order (repeated names repeat)."""
        return [p.name for p in self._parts]

    def values(self) -> list:
        """The parts in order."""
        return list(self._parts)

    def items(self) -> list:
        """``(name, part)`` tuples in order."""
        return [(p.name, p) for p in self._parts]

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, FormDataParts):
            return NotImplemented
        return self._parts == other._parts

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        return f"FormDataParts({self.keys()!r}, boundary={self._boundary!r})"


def _content_entity(content: Any, mime: Optional[str], encoding: str, name: Any) -> Any:
    """An Entity for part content (str encoded with ``encoding``, bytes unchanged)."""
    from .entity import Entity

    if isinstance(content, Entity):
        if mime is None or mime == content.mime_type:
            return content
        return Entity.from_bytes(content.blob, mime, content.encoding)
    if isinstance(content, str):
        entity_mime = mime or "text/plain"
        from .mediatype import parse_media_type
        charset = parse_media_type(entity_mime).param("charset")
        enc = charset or encoding
        return Entity.from_bytes(content.encode(enc), entity_mime, enc)
    if isinstance(content, (bytes, bytearray)):
        return Entity.from_bytes(bytes(content), mime or "application/octet-stream", encoding)
    fail("TypeError", f"multipart part {name!r} content must be str, bytes or Entity, got "
                      f"{type_name(content)}")


def make_part(name: Any, value: Any, encoding: str) -> Part:
    """A Part from a §8.9 part value (plain value or ``(filename, content, ...)`` tuple)."""
    from .entity import Entity

    if not isinstance(name, str):
        fail("TypeError", f"multipart part names must be str, not {type_name(name)}")
    headers = MultiMap(ignore_case=True)
    disposition: dict = {"type": "form-data", "name": name}
    filename: Optional[str] = None
    content_type: Optional[str]
    extra: Any = None
    if isinstance(value, tuple):
        if not 2 <= len(value) <= 4:
            fail("ValueError", f"multipart part {name!r}: a tuple needs (filename, content"
                               f"[, content_type[, headers]]), got {len(value)} items")
        filename, content = value[0], value[1]
        content_type = value[2] if len(value) > 2 else None
        extra = value[3] if len(value) > 3 else None
        if filename is not None and not isinstance(filename, str):
            fail("TypeError", f"multipart part {name!r}: filename must be str or None")
        if content_type is None:
            if isinstance(content, Entity):
                content_type = content.mime_type
            elif filename is not None:
                content_type = guess_type(filename)
            elif isinstance(content, str):
                content_type = "text/plain"
            else:
                content_type = "application/octet-stream"
        elif not isinstance(content_type, str):
            fail("TypeError", f"multipart part {name!r}: content_type must be str or None")
        entity = _content_entity(content, content_type, encoding, name)
    else:
        entity = _content_entity(value, None, encoding, name)
        content_type = None if isinstance(value, str) else entity.mime_type
    if filename is not None:
        disposition["filename"] = filename
    headers.add("Content-Disposition", disposition)
    if content_type is not None:
        headers.add("Content-Type", content_type)
    if extra is not None:
        if not isinstance(extra, (dict, MultiMap)):
            fail("TypeError", f"multipart part {name!r}: headers must be a dict")
        for key, item in (extra.items() if isinstance(extra, MultiMap) else list(extra.items())):
            if not isinstance(key, str):
                fail("TypeError", f"multipart part {name!r}: header names must be str")
            headers.add(key, str(item))
    return Part(name, filename, headers, entity)
