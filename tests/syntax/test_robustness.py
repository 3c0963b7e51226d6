"""``parse`` never raises for script problems, whatever it is given."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dataway.syntax.parser import parse

_FRAGMENTS = ["x", "1", "'s'", "f'{a}'", "b'x'", "(", ")", "[", "]", "{", "}", ",", ":", ";",
              ".", "=", "+", "**", "not", "and", "if", "else", "elif", "for", "in", "def",
              "return", "lambda", "yield", "class", "with", "as", "import", "from", "*", "@",
              "\n", "    ", "\t", "\\\n", "#c", "${", "$${", "'''", '"', "1.5e", "0x", "é",
              "async", "await", ":=", "->", "...", "try", "except", "finally", "del", "global"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30),
       st.sampled_from(["code", "expression", "text"]))
def test_random_token_streams_never_raise(fragments: list[str], mode: str) -> None:
    """Random token streams never raise."""
    result = parse(" ".join(fragments), mode)
    assert result.tree is not None or any(d.is_error for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=80), st.sampled_from(["code", "expression", "text"]))
def test_random_bytes_never_raise(data: bytes, mode: str) -> None:
    """Random bytes never raise."""
    parse(data, mode)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["code", "expression", "text"]))
def test_random_text_never_raises(text: str, mode: str) -> None:
    """Random text never raises."""
    parse(text, mode)
