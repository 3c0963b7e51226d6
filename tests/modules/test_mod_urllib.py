"""urllib.parse: CPython's functions and named-tuple results."""
from __future__ import annotations

import urllib.parse as up

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.limits import Limits
from dataway.modules import IMPORTABLE
from dataway.runtime.context import LimitExceeded

from .helpers import same

P = IMPORTABLE["urllib.parse"].members
URLS = ["https://user:pw@example.com:8080/a/b;p?q=1&r=%20x#frag", "http://[::1]:80/", "/rel/path",
        "mailto:a@b.c", "", "https://example.com:99999/", "http://h/?a=1&a=2&b="]


@pytest.mark.parametrize("url", URLS)
def test_parsing_functions_match_cpython(url: str) -> None:
    for name in ("urlparse", "urlsplit", "urldefrag", "parse_qs", "parse_qsl"):
        same(P[name], getattr(up, name), url)
    parsed = P["urlparse"](url)
    assert isinstance(parsed, tuple) and parsed == up.urlparse(url)
    assert P["urlunparse"](parsed) == up.urlunparse(up.urlparse(url))
    assert P["urlunsplit"](P["urlsplit"](url)) == up.urlunsplit(up.urlsplit(url))
    assert P["urljoin"](url, "../x?y=1") == up.urljoin(url, "../x?y=1")


def test_port_errors_are_cpythons() -> None:
    with pytest.raises(ValueError):
        P["urlparse"]("https://example.com:99999/").port


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.sampled_from(["", "/", "/:@"]))
def test_quoting_matches_cpython(text: str, safe: str) -> None:
    for name in ("quote", "quote_plus", "unquote", "unquote_plus"):
        same(P[name], getattr(up, name), text, safe) if name.startswith("quote") else \
            same(P[name], getattr(up, name), text)
    data = text.encode("utf-8")
    same(P["quote_from_bytes"], up.quote_from_bytes, data, safe)
    same(P["unquote_to_bytes"], up.unquote_to_bytes, up.quote(text))


def test_urlencode_matches_cpython() -> None:
    query = {"a": "x y", "b": ["1", "2"], "c": "é"}
    for doseq in (False, True):
        assert P["urlencode"](query, doseq) == up.urlencode(query, doseq)
    assert P["urlencode"]([("a", "b/c")], safe="/") == up.urlencode([("a", "b/c")], safe="/")
    assert P["urlencode"]({"a": "x y"}, quote_via=P["quote"]) == "a=x%20y"
    same(P["urlencode"], up.urlencode, "a=b")


def test_quote_size_is_pre_checked(use_context) -> None:
    use_context(limits=Limits(value_size=100))
    with pytest.raises(LimitExceeded):
        P["quote"]("é" * 40)
