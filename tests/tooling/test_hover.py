"""Hover and signature help (dataway.tooling.hover, dataway.tooling.signatures, lookup)."""
from __future__ import annotations

import pytest

from dataway.tooling import catalog
from dataway.tooling.hover import hover
from dataway.tooling.lookup import read_chain
from dataway.tooling.signatures import signature_help

SOURCE = '''\
import json as j
from decimal import Decimal


def helper(order, factor=2, *rest, k=None):
    """Weighted total of one order.

    More text that hover does not show."""
    return order


def dw_process(msg):
    größe = 'abc'  # a comment naming größe
    n = j.dumps(größe)
    d = Decimal('1')
    return [helper(msg.payload), größe.upper(), n, d, len(n), msg.attrs.get('a')]
'''


def _hover(needle: str, nth: int = 0, source: str = SOURCE, mode: str = "code") -> str:
    offset = -1
    for _ in range(nth + 1):
        offset = source.index(needle, offset + 1)
    head = source[:offset]
    info = hover(source, head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1, mode)
    return info.markdown if info else ""


@pytest.mark.parametrize("needle, nth, expected", [
    ("dumps", 0, "(function) json.dumps(obj, *, skipkeys=False"),
    ("j.dumps", 0, "(module) j = json"),
    ("helper(msg", 0, "(function) def helper(order, factor=2, *rest, k=None)"),
    ("payload", 0, "(field) Message.payload: any"),
    ("msg.payload", 0, "(parameter) msg: Message"),
    ("größe.upper", 0, "(variable) größe: str"),
    ("upper", 0, "(method) str.upper() -> str"),
    ("n, d", 0, "(variable) n: str"),
    ("d, len", 0, "(variable) d: Decimal"),
    ("Decimal('1')", 0, "(class) decimal.Decimal("),
    ("len", 0, "(function) len(obj, /) -> int"),
    ("get", 0, "(method) ReadOnlyMap.get(key, default=None, /)"),
])
def test_hover_texts(needle: str, nth: int, expected: str) -> None:
    assert expected in _hover(needle, nth)


def test_hover_docs_are_the_catalog_line_and_the_docstring_first_line() -> None:
    assert _hover("dumps").endswith(catalog.module_members("json")["dumps"].doc)
    assert _hover("helper(msg").endswith("Weighted total of one order.")


def test_no_hover_in_comments_strings_and_unknowns() -> None:
    assert _hover("größe", 1) == ""          # inside the comment
    assert _hover("abc") == ""                # inside a string
    assert _hover("a')") == ""              # the string key 'a'


def test_hover_in_expression_and_text_mode() -> None:
    assert "(variable) msg: Message" in _hover("msg", source="msg.vars['x']", mode="expression")
    assert "(field) Message.vars" in _hover("vars", source="msg.vars['x']", mode="expression")
    assert "(method) str.upper" in _hover("upper", source="Hi ${'a'.upper()}", mode="text")


def test_read_chain_shapes() -> None:
    assert read_chain("x = s.strip().lower", 19) == [("name", "s"), ("attr", "strip"),
                                                      ("call", ""), ("attr", "lower")]
    assert read_chain("b'x'.hex", 8) == [("literal", "bytes"), ("attr", "hex")]
    assert read_chain("a..b", 4) == [("name", "b")]
    assert read_chain("f(", 2) is None


def _signature(fragment: str) -> tuple[str, str]:
    source = SOURCE.replace("    return [", f"    {fragment}\n    return [")
    line = source.split("\n").index(f"    {fragment}") + 1
    info = signature_help(source, line, len(fragment) + 5)
    assert info is not None, fragment
    active = info.label[slice(*info.params[info.active])] if info.active is not None else ""
    return info.label, active


@pytest.mark.parametrize("fragment, label, active", [
    ("x = j.dumps(n, indent=", "dumps(obj, *, skipkeys=False", "indent=None"),
    ("x = helper(1, [2, 3", "helper(order, factor=2, *rest, k=None)", "factor=2"),
    ("x = helper(1, 2, 3, 4", "helper(order, factor=2, *rest, k=None)", "*rest"),
    ("x = helper(1, k=", "helper(order, factor=2, *rest, k=None)", "k=None"),
    ("x = größe.split(',', ", "split(sep=None, maxsplit=-1) -> list", "maxsplit=-1"),
    ("x = len(')', ", "len(obj, /) -> int", ""),
    ("x = Decimal(", "Decimal(", ""),
])
def test_signature_help(fragment: str, label: str, active: str) -> None:
    got_label, got_active = _signature(fragment)
    assert got_label.startswith(label)
    if active:
        assert got_active == active


def test_no_signature_outside_calls_or_for_unknown_callees() -> None:
    assert signature_help(SOURCE, 13, 10) is None
    assert signature_help("def dw_process(msg):\n    return msg.payload.get(", 2, 28) is None
