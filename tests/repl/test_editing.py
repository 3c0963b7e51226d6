"""When Enter runs an input, and highlighting from the Dataway tokenizer."""
from __future__ import annotations

import pytest

from dataway.repl.editing import continuation_indent, highlight, is_complete


@pytest.mark.parametrize("text, mode, complete", [
    ("x = 1", "code", True),
    ("x = (1,", "code", False),
    ("x = [1,\n  2", "code", False),
    ("x = [1,\n  2]", "code", True),
    ("def f(v):", "code", False),
    ("def f(v):\n    return v", "code", False),      # a block waits for an empty line
    ("def f(v):\n    return v\n", "code", True),
    ("def f(v):\n    return v\n    ", "code", True),  # auto-indented empty line
    ("if x: y = 1", "code", True),
    ("s = '''abc", "code", False),
    ("x = 1 +", "code", False),                       # the error is at the end of the input
    ("x = )", "code", True),                          # the validator reports it
    ("x = 1 +\n", "code", True),                      # an empty last line always runs
    (":payload {", "code", True),
    ("", "code", True),
    ("msg.payload[", "expression", False),
    ("msg.payload['a']", "expression", True),
    ("1 +", "expression", False),
    ("Hello ${msg.payload", "text", False),
    ("Hello ${msg.payload['a']}", "text", True),
    ("plain text", "text", True),
])
def test_is_complete(text: str, mode: str, complete: bool) -> None:
    assert is_complete(text, mode) is complete


@pytest.mark.parametrize("text, indent", [
    ("def f(v):", "    "), ("    x = 1", "    "), ("    if x:", "        "), ("x", ""),
])
def test_continuation_indent(text: str, indent: str) -> None:
    assert continuation_indent(text) == indent


def _styles(text: str, mode: str = "code") -> dict[str, str]:
    """text fragment -> style, over all lines."""
    out: dict[str, str] = {}
    for line in highlight(text, mode):
        for style, fragment in line:
            out[fragment.strip()] = style
    return out


def test_highlight_uses_token_kinds() -> None:
    styles = _styles("if len(xs) > 10:  # many\n    s = 'a#b'")
    assert styles["if"] == "class:dw.keyword"
    assert styles["len"] == "class:dw.builtin"
    assert styles["10"] == "class:dw.number"
    assert styles["# many"] == "class:dw.comment"
    assert styles["'a#b'"] == "class:dw.string"  # a '#' inside a string is no comment


def test_highlight_marks_the_rest_after_a_tokenizer_error() -> None:
    lines = highlight("x = 'open", "code")
    assert lines[0][-1] == ("class:dw.error", "'open")


def test_highlight_keeps_every_character() -> None:
    text = "def f(a, *b):\n\treturn a  # ünïcode\n"
    lines = highlight(text, "code")
    assert ["".join(f for _, f in line) for line in lines] == text.split("\n")
