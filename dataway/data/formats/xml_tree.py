"""The fast path of the XML reader: lxml parses, one iterative walk builds the §8.7 nodes.

The expat reader in :mod:`.xml` is the reference: it defines every node shape, error message
and refusal. This path only takes documents where libxml2 and expat are known to agree, and
gives anything else back (``None``) so the reference reader handles it:

* UTF-8 documents whose XML declaration names no other encoding (the Entity's encoding wins
  over the declaration, which libxml2 would honour);
* no ``DOCTYPE`` (the reference reader refuses DTDs with its own message) and no ``xmlns``
  (expat in non-namespace mode reports prefixed names and declarations verbatim; libxml2
  resolves them);
* any libxml2 error (malformed input, undefined entities, undeclared prefixes, nesting past
  libxml2's own 256 levels) falls back, so error messages stay expat's.

libxml2 is configured never to load a DTD, resolve entities or touch the network; comments
and processing instructions are dropped, CDATA is text, exactly as the reference reader does.
The speed matters because XML → JSON mapping is the commonest integration job (issue #4 sets
1.5x ``xmltodict`` as the bar).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from lxml import etree

from ...runtime.context import LimitExceeded
from ..multimap import MultiMap

__all__ = ["parse_fast", "json_tree"]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, remove_comments=True, remove_pis=True,
                          huge_tree=False, collect_ids=False, recover=False)
_DECL_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_UTF8 = frozenset({b"utf-8", b"utf8"})
_XML_SPACE = " \t\r\n"
_from_pairs = MultiMap.from_pairs


def _eligible(blob: bytes) -> bool:
    if b"<!DOCTYPE" in blob or b"xmlns" in blob:
        return False
    head = blob[:200]
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml"):
        found = _DECL_ENCODING.search(head)
        if found is not None and found.group(1).lower() not in _UTF8:
            return False
    return True


def parse_fast(blob: bytes, depth_limit: int) -> Optional[dict]:
    """``{root: node}`` for an eligible, well-formed UTF-8 document, else None (use expat).

    ``blob`` must already be known to be valid UTF-8 (the caller decodes it first, for the
    reference reader's message on invalid bytes).
    """
    return _parse(blob, depth_limit, _from_pairs)


def json_tree(blob: bytes, depth_limit: int) -> Optional[dict]:
    """The tree :func:`parse_fast` would give with every MultiMap already in its §8.4 JSON
    form (a dict, repeated keys as lists): XML → JSON conversion without building MultiMaps."""
    return _parse(blob, depth_limit, _pairs_dict)


def _pairs_dict(pairs: list) -> dict:
    """``MultiMap.from_pairs(pairs).to_dict()`` without the MultiMap (XML values are never
    lists, so a list value can only mean a repeated name)."""
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    out = {}
    for key, value in pairs:
        if key not in out:
            out[key] = value
        elif type(out[key]) is list:
            out[key].append(value)
        else:
            out[key] = [out[key], value]
    return out


def _parse(blob: bytes, depth_limit: int, make: Any) -> Optional[dict]:
    if not _eligible(blob):
        return None
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return None
    return {root.tag: _build(root, depth_limit, make)}


def _build(root: Any, depth_limit: int, make: Any) -> Any:
    """The node of ``root``: post-order over an explicit stack, leaves handled inline."""
    if depth_limit < 1:
        raise LimitExceeded("value_depth", depth_limit)
    # frame: [element, child iterator, attribute+child pairs, text pieces]
    stack: list[list[Any]] = [[root, iter(root), [("@" + k, v) for k, v in root.items()],
                               [root.text] if root.text else []]]
    while True:
        frame = stack[-1]
        full = len(stack) >= depth_limit
        add_pair = frame[2].append
        for child in frame[1]:
            if full:
                raise LimitExceeded("value_depth", depth_limit)
            attributes = child.items()
            if not attributes and not len(child):
                # A leaf: by far the commonest element; no frame needed.
                add_pair((child.tag, child.text or None))
                tail = child.tail
                if tail:
                    frame[3].append(tail)
                continue
            text = child.text
            stack.append([child, iter(child), [("@" + k, v) for k, v in attributes],
                          [text] if text else []])
            break
        else:
            element, _, pairs, pieces = stack.pop()
            text = "".join(pieces)
            if not pairs:
                node = text or None
            else:
                stripped = text.strip(_XML_SPACE)
                if stripped:
                    pairs.append(("#text", stripped))
                node = make(pairs)
            if not stack:
                return node
            parent = stack[-1]
            parent[2].append((element.tag, node))
            if element.tail:
                parent[3].append(element.tail)
