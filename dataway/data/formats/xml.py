"""XML serialisation and safe parsing (spec §8.7).

The writer is hand-written so the output is byte-exact (no indentation, ``#text`` after the
children, ``<k></k>`` for empty elements). The parser is CPython's expat in non-namespace mode,
which reports names with their prefixes verbatim and ``xmlns`` declarations as ordinary
attributes in document order, exactly the node shape of §8.7 (lxml resolves namespaces and
drops that information). Safety: a DOCTYPE stops the parse at once (``DTD is not allowed``), so
no entity can be declared and nothing external is ever loaded; expat expands only the predefined
entities and character references; element depth is bounded by ``value_depth``. The parser is
event driven, so no document nesting turns into host recursion.
"""
from __future__ import annotations

import codecs
import re
from typing import Any, Optional
from xml.parsers import expat

from ...limits import Limits
from ...runtime.context import LimitExceeded
from ..errors import FormatError, fail, type_name
from ..multimap import MultiMap
from ..tree import active_limits, decode_text
from .scalars import scalar_text

__all__ = ["encode", "parse"]

_START = ("A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
          "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
          "\U00010000-\U000effff")
_CHAR = _START + r"\-.0-9\xb7\u0300-\u036f\u203f-\u2040"
_NCNAME = f"[{_START}][{_CHAR}]*"
_NAME_RE = re.compile(f"{_NCNAME}(?::{_NCNAME})?")
_INVALID_CHAR_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})
_XML_SPACE = " \t\r\n"


# -- writing --------------------------------------------------------------------------------

def _is_map(value: Any) -> bool:
    return isinstance(value, (dict, MultiMap)) or (
        hasattr(value, "to_core") and hasattr(value, "keys"))


def _map_items(value: Any) -> list:
    if isinstance(value, MultiMap):
        return value.items()
    if isinstance(value, dict):
        return list(value.items())
    return list(value.to_core().items())


def _check_name(name: Any, kind: str) -> str:
    if not isinstance(name, str) or _NAME_RE.fullmatch(name) is None:
        fail("ValueError", f"invalid XML {kind} name {name!r}")
    return name


def _checked_text(text: str) -> str:
    bad = _INVALID_CHAR_RE.search(text)
    if bad is not None:
        fail("ValueError", f"character U+{ord(bad.group()):04X} is not allowed in XML")
    return text


def _leaf_text(value: Any, name: str) -> str:
    text = scalar_text(value)
    if text is None:
        fail("TypeError", f"cannot write a value of type {type_name(value)} as XML "
                          f"(element {name!r})")
    return _checked_text(text).translate(_TEXT_ESCAPES)


def _open_element(name: str, value: Any, out: list[str]) -> Optional[tuple[str, list, str]]:
    """Write an element's start (or all of a leaf); returns the frame of an open element."""
    if not _is_map(value):
        if isinstance(value, (list, tuple)):
            fail("TypeError", f"nested lists cannot be written as XML (element {name!r})")
        out.append(f"<{name}>{_leaf_text(value, name)}</{name}>")
        return None
    attrs: list[str] = []
    children: list[tuple[str, Any]] = []
    text = ""
    for key, item in _map_items(value):
        if not isinstance(key, str):
            fail("ValueError", f"invalid XML element name {key!r}")
        if key == "#text":
            text = "" if item is None else _leaf_text(item, name)
        elif key.startswith("@"):
            attr = _check_name(key[1:], "attribute")
            if item is None:
                continue
            value_text = scalar_text(item)
            if value_text is None:
                fail("TypeError", f"cannot write a value of type {type_name(item)} as an XML "
                                  f"attribute ({key!r})")
            attrs.append(f' {attr}="{_checked_text(value_text).translate(_ATTR_ESCAPES)}"')
        else:
            _check_name(key, "element")
            if isinstance(item, (list, tuple)):
                for element in item:
                    if isinstance(element, (list, tuple)):
                        fail("TypeError", f"nested lists cannot be written as XML "
                                          f"(element {key!r})")
                    children.append((key, element))
            else:
                children.append((key, item))
    out.append(f"<{name}{''.join(attrs)}>")
    return name, children, text


def dumps(value: Any, encoding: str, limits: Optional[Limits] = None) -> str:
    """The XML document text for ``{root_name: content}`` (a dict or MultiMap, one key)."""
    if not _is_map(value):
        fail("TypeError", f"application/xml needs a dict or MultiMap with exactly one key, got "
                          f"{type_name(value)}")
    items = _map_items(value)
    if len(items) != 1:
        fail("ValueError", f"application/xml needs exactly one root key, got {len(items)}")
    limit = active_limits(limits).value_depth
    out = [f'<?xml version="1.0" encoding="{encoding}"?>']
    root_name, root_value = items[0]
    _check_name(root_name, "element")
    if isinstance(root_value, (list, tuple)):
        fail("ValueError", "the XML document element cannot be a list")
    stack: list[tuple[str, Any, str]] = []
    frame = _open_element(root_name, root_value, out)
    if frame is not None:
        stack.append((frame[0], iter(frame[1]), frame[2]))
    while stack:
        name, children, text = stack[-1]
        child = next(children, None)
        if child is None:
            out.append(f"{text}</{name}>")
            stack.pop()
            continue
        frame = _open_element(child[0], child[1], out)
        if frame is not None:
            if len(stack) >= limit:
                raise LimitExceeded("value_depth", limit)
            stack.append((frame[0], iter(frame[1]), frame[2]))
    return "".join(out)


def encode(value: Any, encoding: str, limits: Optional[Limits] = None) -> bytes:
    """The blob; characters the encoding cannot represent become ``&#N;``."""
    return dumps(value, encoding, limits).encode(encoding, "xmlcharrefreplace")


# -- parsing --------------------------------------------------------------------------------

class _Refused(Exception):
    """Raised from an expat callback to stop the parse."""


def _refuse_dtd(*_: Any) -> None:
    raise _Refused("DTD is not allowed")


def _refuse_entity(*_: Any) -> None:
    raise _Refused("entity declarations are not allowed")


def _refuse_external(*_: Any) -> int:
    raise _Refused("external entities are not allowed")


class _TreeBuilder:
    """Builds §8.7 nodes from expat events with an explicit stack."""

    def __init__(self, depth_limit: int) -> None:
        self.depth_limit = depth_limit
        # frame: [name, attribute pairs, child pairs, text pieces]
        self.stack: list[list[Any]] = []
        self.root: Optional[dict] = None

    def start(self, name: str, attributes: list[str]) -> None:
        if len(self.stack) >= self.depth_limit:
            raise LimitExceeded("value_depth", self.depth_limit)
        attrs = [("@" + attributes[i], attributes[i + 1]) for i in range(0, len(attributes), 2)]
        self.stack.append([name, attrs, [], []])

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1][3].append(data)

    def end(self, name: str) -> None:
        tag, attrs, children, pieces = self.stack.pop()
        text = "".join(pieces)
        node: Any
        if not attrs and not children:
            node = text or None
        else:
            pairs = attrs + children
            stripped = text.strip(_XML_SPACE)
            if stripped:
                pairs.append(("#text", stripped))
            node = MultiMap.from_pairs(pairs)
        if self.stack:
            self.stack[-1][2].append((tag, node))
        else:
            self.root = {tag: node}


def parse(blob: bytes, encoding: str, limits: Optional[Limits] = None) -> dict:
    """``{root_name: node}`` of a document; DOCTYPEs and deep nesting are refused."""
    limits = active_limits(limits)
    text = decode_text(blob, encoding)
    if codecs.lookup(encoding).name == "utf-8":
        from .xml_tree import parse_fast

        fast = parse_fast(blob, limits.value_depth)
        if fast is not None:
            return fast
    return parse_text(text, limits.value_depth)


def parse_text(text: str, depth_limit: int) -> dict:
    """The reference reader (expat, event driven): every node shape and error message of §8.7."""
    builder = _TreeBuilder(depth_limit)
    # The Entity encoding wins over the document's declaration: parse the decoded text as UTF-8.
    parser = expat.ParserCreate("utf-8")
    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    try:
        parser.Parse(text.encode("utf-8", "surrogatepass"), True)
    except _Refused as exc:
        raise FormatError(str(exc)) from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code)
        raise FormatError(f"{message}: line {exc.lineno}, column {exc.offset + 1}") from None
    if builder.root is None:  # pragma: no cover - expat reports an empty document itself
        raise FormatError("no element found")
    return builder.root
