"""The formatter's layout rules, one expected output per rule, and its refusals."""
from __future__ import annotations

import pytest

from dataway.fmt import FormatError, format_source
from dataway.fmt import layout


def fmt(text: str) -> str:
    return format_source(text)


@pytest.mark.parametrize("source, expected", [
    ("x=1+2*-y\n", "x = 1 + 2 * -y\n"),
    ("f( a,b ,c )\n", "f(a, b, c)\n"),
    ("f(a = 1, *args, ** kw)\n", "f(a=1, *args, **kw)\n"),
    ("d = { 'k' :v , ** e }\n", "d = {'k': v, **e}\n"),
    ("x = a [1 : 2] + a[ : :2] + a[i+1 :] + a[1:2, ::3]\n",
     "x = a[1:2] + a[::2] + a[i + 1 :] + a[1:2, ::3]\n"),
    ("g = lambda x , y=2 : x\n", "g = lambda x, y=2: x\n"),
    ("x = 1 .real + 1.5 .real\n", "x = 1 .real + 1.5.real\n"),
    ("y = not(x) and -x ** -2\n", "y = not (x) and -x ** -2\n"),
    ("a , *b = c\n", "a, *b = c\n"),
    ("x+=1\n", "x += 1\n"),
    ("print(x)[0] (1)\n", "print(x)[0](1)\n"),
    ("from . import a\nfrom .m import b\nfrom ...p import c\n",
     "from . import a\nfrom .m import b\nfrom ...p import c\n"),
    ("x = y if a else-1\n", "x = y if a else -1\n"),
    ("t = (1 ,)\n", "t = (1,)\n"),
    ("v = 0x_1F + 1_000 + 1E5\n", "v = 0x_1F + 1_000 + 1E5\n"),
    ("s = 'a' \"b\"  f'{x!r}'\n", "s = 'a' \"b\" f'{x!r}'\n"),
])
def test_spacing(source: str, expected: str) -> None:
    """Spaces around operators and after commas, none inside brackets or before calls."""
    assert fmt(source) == expected


def test_definition_parameters_and_annotations() -> None:
    """Defaults without spaces, annotated defaults with spaces, '->' spaced."""
    assert fmt("def f(a,b : int=1,*,c=2, **k)->list :\n  return a\n") == \
        "def f(a, b: int = 1, *, c=2, **k) -> list:\n    return a\n"


def test_indentation_and_one_statement_per_line() -> None:
    """4-space indentation; one-line suites and semicolons become separate lines."""
    source = ("def dw_process(msg):\n"
              "  if msg: x = 1; y = 2\n"
              "  else : return 3;\n"
              "  return x\n")
    assert fmt(source) == ("def dw_process(msg):\n"
                           "    if msg:\n"
                           "        x = 1\n"
                           "        y = 2\n"
                           "    else:\n"
                           "        return 3\n"
                           "    return x\n")


def test_blank_lines_around_definitions() -> None:
    """Two blank lines around top-level defs, one around nested ones, none at a block start."""
    source = ("import json\n"
              "def a():\n\n\n\n"
              "    def inner():\n"
              "        return 1\n"
              "    return inner\n"
              "\n\n\n\n"
              "def dw_process(msg):\n"
              "    x = 1\n\n\n"
              "    y = 2\n"
              "    return x\n"
              "z = 3\n")
    assert fmt(source) == ("import json\n\n\n"
                           "def a():\n"
                           "    def inner():\n"
                           "        return 1\n\n"
                           "    return inner\n\n\n"
                           "def dw_process(msg):\n"
                           "    x = 1\n\n"
                           "    y = 2\n"
                           "    return x\n\n\n"
                           "z = 3\n")


def test_comments_kept_and_attached() -> None:
    """Comments stay where they were; a comment block above a def moves with it."""
    source = ("x = 1 # one\n"
              "#two\n"
              "def dw_process(msg):  #three\n"
              "        # four\n"
              "    return [1,  # five\n"
              "       # six\n"
              "       2]\n"
              "    # seven (end of the body)\n"
              "# eight\n")
    assert fmt(source) == ("x = 1  # one\n\n\n"
                           "# two\n"
                           "def dw_process(msg):  # three\n"
                           "    # four\n"
                           "    return [1,  # five\n"
                           "            # six\n"
                           "            2]\n"
                           "    # seven (end of the body)\n\n\n"
                           "# eight\n")


def test_continuation_lines() -> None:
    """Hanging indents (two levels in headers), aligned continuation, backslashes kept."""
    # `if (a and` keeps its bracket on the line, so `b` aligns with `a` (PEP 8 allows it).
    source = ("def dw_process(msg):\n"
              "  x = f(\n"
              "            1,\n"
              "     2\n"
              "          )\n"
              "  if (a and\n"
              "   b):\n"
              "      return x\n"
              "  y = 1 + \\\n"
              "   2\n"
              "  return g(a,\n"
              "    b)\n")
    assert fmt(source) == ("def dw_process(msg):\n"
                           "    x = f(\n"
                           "        1,\n"
                           "        2\n"
                           "    )\n"
                           "    if (a and\n"
                           "        b):\n"
                           "        return x\n"
                           "    y = 1 + \\\n"
                           "        2\n"
                           "    return g(a,\n"
                           "             b)\n")


def test_strings_are_verbatim() -> None:
    """Multi-line strings (with trailing spaces) and quotes are never changed."""
    source = "def dw_process(msg):\n    return '''a  \n  b''' +\"x\"\n"
    assert fmt(source) == "def dw_process(msg):\n    return '''a  \n  b''' + \"x\"\n"


def test_empty_and_comment_only_files() -> None:
    """An empty file stays empty; trailing blank lines go; line endings become \\n."""
    assert fmt("") == ""
    assert fmt("\n\n") == ""
    assert fmt("# only\r\n\r\n\r\n") == "# only\n"


def test_other_modes() -> None:
    """Expression mode formats the expression; text mode is returned unchanged."""
    assert format_source("msg.payload [ 'a' ]+1", mode="expression") == "msg.payload['a'] + 1"
    assert format_source("Hi  ${ msg.payload }", mode="text") == "Hi  ${ msg.payload }"
    with pytest.raises(ValueError):
        format_source("x", mode="java")


def test_refuses_syntax_errors() -> None:
    """A script with a syntax error is refused, naming the first error's place and code."""
    with pytest.raises(FormatError) as info:
        fmt("def dw_process(msg):\n    return (1,\n")
    assert info.value.diagnostic is not None
    assert "DW101" in str(info.value) and "2:12" in str(info.value)


def test_refuses_when_meaning_would_change(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree comparison is a real guard: a layout bug that changes meaning is refused."""
    real = layout.render_statement

    def broken(entry):
        return [line.replace("+", "-") for line in real(entry)]

    monkeypatch.setattr(layout, "render_statement", broken)
    with pytest.raises(FormatError, match="change the meaning"):
        fmt("x = 1 + 2\n")


def test_refuses_when_a_comment_would_be_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """Losing a comment is refused too (the tree cannot see comments)."""
    real = layout.normalise_comment
    monkeypatch.setattr(layout, "normalise_comment", lambda text: real(text).replace("keep", ""))
    with pytest.raises(FormatError, match="comment"):
        fmt("x = 1  # keep me\n")


def test_readme_example() -> None:
    """The README's `dataway fmt -` example is what the formatter does."""
    source = 'def dw_process( msg ):\n  x=msg.payload [ "n" ]*2 # double\n  return {"n":x}\n'
    assert fmt(source) == ('def dw_process(msg):\n    x = msg.payload["n"] * 2  # double\n'
                           '    return {"n": x}\n')
