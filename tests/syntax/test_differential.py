"""Differential tests: our parser against CPython's ``ast.parse`` (structure and positions)."""
from __future__ import annotations

import glob
import os

import pytest
from hypothesis import given, settings, strategies as st

from tests.syntax.helpers import assert_same_as_cpython, cpython_accepts

CODE = [
    "x = 1\n", "a = b = c = [1, 2, 3]\n", "a, *rest = xs\n", "(a, b), [c, d] = f()\n",
    "x += 1; y -= 2; z *= 3; w /= 4; v //= 5; u %= 6; t **= 7; s @= m; r &= 1; q |= 2; "
    "p ^= 3; o <<= 4; n >>= 5\n",
    "x: int = 5\n", "x: 'List[int]'\n", "a.b: int = 1\n", "a[0]: int\n", "(x): int = 1\n",
    "del a, b[0], c[1:2], d.e\n", "del (a, b)\n", "del [a]\n",
    "pass\n", "def f():\n    return\n", "def f():\n    return 1, 2\n",
    "def f():\n    return *a, b\n",
    "def g():\n    yield\n    yield 1\n    yield from x\n    y = yield 2\n    z = (yield)\n",
    "raise\n", "raise E\n", "raise E from e\n", "assert x\n", "assert x, 'msg'\n",
    "global a, b\n", "def f():\n    nonlocal a\n",
    "for i in range(3):\n    if i:\n        break\n    else:\n        continue\nelse:\n    pass\n",
    "while x:\n    x -= 1\nelse:\n    y = 2\n",
    "if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n",
    "if a: x = 1\nelse: x = 2\n", "if a: x = 1; y = 2\n",
    "try:\n    a()\nexcept ValueError:\n    pass\nexcept (KeyError, TypeError) as e:\n    raise\n"
    "except:\n    pass\nelse:\n    b()\nfinally:\n    c()\n",
    "try:\n    a()\nfinally:\n    c()\n",
    "def f(a, b=1, *args, c, d=2, **kw) -> int:\n    '''doc'''\n    return a\n",
    "def f(a: int, *, b: str = 'x') -> None: pass\n", "def f(*, a): pass\n",
    "def f(a, b,): pass\n", "def f(**kw,): pass\n", "lambda: 0\n", "lambda a, b=1, *c, d, **e: a\n",
    "lambda *, a: a\n",
    "import json\nimport urllib.parse\nimport json as j, math\n",
    "from datetime import datetime, timedelta as td\nfrom urllib import (parse,)\n",
    "from a.b.c import (d, e as f)\n",
    "x = a if b else c\n", "x = a or b or c and d and not e\n", "x = a < b <= c != d\n",
    "x = a is not b\nx = a not in b\nx = a in b is c\n",
    "x = a | b ^ c & d << e >> f + g - h * i / j // k % l @ m ** n ** o\n",
    "x = -a + +b - ~c\nx = not not a\nx = -2 ** -3\n",
    "x = f(a)(b)[c].d\n", "x = f(*a, *b, k=1, **c, **d)\n", "x = f(a for a in b)\n",
    "x = f(a, *b, c)\n", "x = f(x=1, *a)\n",
    "x = a[1:2, ::3, 4:]\n", "x = a[:]\n", "x = a[1:2:3]\n", "x = a[...]\n", "x = a[b, c]\n",
    "x = a[b,]\n", "x = a[:, None]\n",
    "x = [1, 2, *a]\nx = (1,)\nx = ()\nx = []\nx = {}\nx = {1, 2, *s}\n",
    "x = {'a': 1, **d, 'b': 2}\n", "x = {**a}\n",
    "x = [i for i in range(3) if i if i > 0 for j in i]\n", "x = {i for i in a}\n",
    "x = {k: v for k, v in d.items()}\n", "x = (i for i in a)\n",
    "x = [lambda: i for i in a]\n", "x = [i for i in a if (lambda: 1)]\n",
    "x = 'a' 'b'\n", "x = b'a' b'\\x00'\n", "x = u'text'\n", "x = r'\\d' '\\t'\n",
    "x = '''multi\nline'''\n", 'x = """a\\\nb"""\n', "x = f'{a}' 'b' f'{c!r:>{w}}'\n",
    "x = f'{a!s}{b!a}{{literal}}'\n", "x = f'{x:{y}.{z}}'\n", "x = f'''{\na\n+ b}'''\n",
    "x = f\"{'nested'}\"\n", "x = f'{f\"{1}\"}'\n", "x = rf'\\d{a}'\n", "x = f'{a:}'\n",
    "x = 0x1F + 0o17 + 0b101 + 1_000 + 1.5 + 1e10 + .5 + 5. + 1_0.0_1e-1_0\n",
    "x = ...\nx = None\nx = True\nx = False\n",
    "x = 1 if a else 2 if b else 3\n", "x = (yield)\n" if False else "x = y\n",
    "a = \\\n  1 + \\\n  2\n", "x = [\n    1,\n    2,\n]\n", "x = (1 +\n     2)\n",
    "# comment only\n", "\n\n\nx = 1\n\n\n", "if x:\n\n    # c\n    pass\n", "x = 1  # trailing\n",
    "def f():\n\tif x:\n\t\treturn 1\n",
    "x = 1;\n", "f(a)[0] = 1\n", "a.b.c = d\n", "x = y = z\n",
    "for (a, b) in c: pass\n", "for a, in b: pass\n", "for [a, *b] in c: pass\n",
    "print(*args, sep='')\n", "x = a if b else(c)\n", "x = (a)\n", "x = ((a, b))\n",
    "x = [(a), (b)]\n", "x = (a)(b)\n", "x = (a).b\n", "x = (a)[b]\n", "(a) = 1\n",
    "x = (a) + (b)\n", "x = not (a)\n", "x = (a) if (b) else (c)\n", "x = (-a) ** (b)\n",
    "f((a for a in b), c)\n", "x = 1 < (2)\n",
    "café = 'é'\nnaïve = café + 'ß'\n", "x = 'é' + y\n", "x = '日本' + 語\n",
    "x = 1 if True else 2\n", "x = [*a, *b]\n", "print(f'{x!r}')\n",
    "x = {'a': [1, {'b': (2, 3)}]}\n", "x = a.b(c).d[e](f)\n",
    "async def f():\n    await g()\n    async for x in y:\n        pass\n    async with a as b:\n"
    "        pass\n",
    "class A(B, metaclass=M):\n    x = 1\n    def m(self):\n        return self.x\n",
    "@dec\ndef f():\n    pass\n", "@a.b(c)\nclass C:\n    pass\n",
    "with a as b, c:\n    pass\n", "with a as (b, c):\n    pass\n",
    "from . import x\n", "from ..a import b\n", "from ... import c\n", "from .... import d\n",
    "from m import *\n", "def f(a, /, b): pass\n", "x = (y := 1)\n",
    "if (n := len(a)) > 10: pass\n", "x = 1j\n",
]

EXPRESSIONS = [
    "1", "1, 2", "(1, 2)", "a + b * c", "msg.payload['name']", "lambda x: x + 1",
    "[x * 2 for x in msg.payload if x]", "f'{a}-{b!r}'", "a if b else c",
    "(\n 1 +\n 2\n)", "# comment\n1", "not a", "{**a, 'b': 1}", "x[1:2]", "...",
]

# CPython warns about the invalid escapes these tests generate on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::SyntaxWarning")


@pytest.mark.parametrize("source", CODE)
def test_code_matches_cpython(source: str) -> None:
    """Code matches cpython."""
    assert_same_as_cpython(source)


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_expression_matches_cpython(source: str) -> None:
    """Expression matches cpython."""
    assert_same_as_cpython(source, "expression")


_ROOT = os.path.join(os.path.dirname(__file__), "..", "conformance")
_CORPUS = sorted(glob.glob(os.path.join(_ROOT, "**", "*.dw"), recursive=True))


@pytest.mark.skipif(not _CORPUS, reason="waits for the conformance corpus")
def test_conformance_corpus_matches_cpython() -> None:
    """Conformance corpus matches cpython."""
    checked = 0
    for path in _CORPUS:
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        if not cpython_accepts(source):
            continue
        assert_same_as_cpython(source)
        checked += 1
    assert checked > 0


# ------------------------------------------------------------------ generated expressions
_NAMES = st.sampled_from(["a", "b", "xs", "msg", "é", "_x"])
_ATOMS = st.one_of(
    _NAMES,
    st.integers(min_value=0, max_value=10**30).map(str),
    st.floats(allow_nan=False, allow_infinity=False, min_value=0).map(repr),
    st.text(max_size=5).map(repr),
    st.binary(max_size=5).map(repr),
    st.sampled_from(["None", "True", "False", "...", "0x1f", "0o7", "0b1", "1_000", "1e3"]),
)
_BINOPS = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "@", "<<", ">>", "&", "|",
                           "^", "and", "or", "<", ">", "==", "!=", "<=", ">=", "is",
                           "is not", "in", "not in"])


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(inner, _BINOPS, inner).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(["-", "+", "~", "not "]), inner).map("".join),
        inner.map(lambda s: f"({s})"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(inner, max_size=3).map(lambda xs: "(" + ", ".join(xs) + ",)"),
        st.lists(st.tuples(inner, inner), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        st.tuples(inner, inner, inner).map(lambda t: f"{t[0]} if {t[1]} else {t[2]}"),
        st.tuples(inner, _NAMES).map(lambda t: f"({t[0]}).{t[1]}"),
        st.tuples(inner, st.lists(inner, max_size=3)).map(
            lambda t: f"({t[0]})(" + ", ".join(t[1]) + ")"),
        st.tuples(inner, inner).map(lambda t: f"({t[0]})[{t[1]}]"),
        st.tuples(inner, st.sampled_from(["", "1", "a"]), st.sampled_from(["", "b"])).map(
            lambda t: f"({t[0]})[{t[1]}:{t[2]}]"),
        st.tuples(inner, _NAMES, inner).map(lambda t: f"[{t[0]} for {t[1]} in {t[2]}]"),
        st.tuples(_NAMES, inner).map(lambda t: f"lambda {t[0]}: {t[1]}"),
        st.tuples(inner, st.sampled_from(["", "!r", "!s", ":>4", "!a:^3"])).map(
            lambda t: "f'{" + t[0].replace("'", '"').replace("\\", "") + t[1] + "}'"),
    )


_EXPRESSIONS = st.recursive(_ATOMS, _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(_EXPRESSIONS)
def test_generated_expressions_match_cpython(source: str) -> None:
    """Generated expressions match cpython."""
    if not cpython_accepts(source, "eval"):
        return
    assert_same_as_cpython(source, "expression")


# ------------------------------------------------------------------ mutated corpus programs
_MUTATIONS = list("()[]{}:,;.=+-*/%<>!&|^~@'\"\\#\n \t0123456789abxyz_") + [
    "if ", "else ", "for ", " in ", "lambda ", "not ", "and ", "yield ", "def ", "return ",
    "f'", "b'", "r'", "'''", "**", "//", "->", ":=", "...", "is ", "del ", "with ", "as ",
    "from ", "import ", "class ", "elif ", "try:", "except ", "finally:", "global ", "    "]


@pytest.mark.skipif(not _CORPUS, reason="waits for the conformance corpus")
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_programs_agree_with_cpython_when_both_accept(data: st.DataObject) -> None:
    """Mutated programs agree with cpython when both accept."""
    from dataway.syntax import ast
    from dataway.syntax.parser import parse
    from tests.support.pyast import from_source
    from tests.syntax.helpers import positions

    path = data.draw(st.sampled_from(_CORPUS))
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(source)))
        if data.draw(st.booleans()):
            source = source[:at] + source[at + data.draw(st.integers(1, 3)):]
        else:
            source = source[:at] + data.draw(st.sampled_from(_MUTATIONS)) + source[at:]
    result = parse(source)  # never raises
    if result.tree is None or not cpython_accepts(source):
        return
    if any(d.is_error and d.code not in ("DW309", "DW311") for d in result.diagnostics):
        return
    reference = from_source(source)
    assert ast.dump(result.tree) == ast.dump(reference)
    assert positions(result.tree) == positions(reference)


# ------------------------------------------------------------------------ generated f-strings
_FSTRING_PIECES = ["{", "}", "{{", "}}", "x", "a.b", "!r", "!s", "!a", ":", ">10", "{w}", "'",
                   '"', "\\n", "\\N{BULLET}", "(", ")", "[", "]", " ", "==", "!=", "#", "\\",
                   "1", "+", ",", "{x!r:{y}}", "é", "\\{", "\\}"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FSTRING_PIECES), max_size=8),
       st.sampled_from(["f", "rf", "F", "fR"]), st.sampled_from(["'", '"', "'''"]))
def test_generated_fstrings_match_cpython(pieces: list[str], prefix: str, quote: str) -> None:
    """Generated fstrings match cpython."""
    from dataway.syntax import ast
    from dataway.syntax.parser import parse
    from tests.support.pyast import from_source

    source = f"{prefix}{quote}{''.join(pieces)}{quote}"
    result = parse(source, "expression")  # never raises
    ours = result.tree is not None and result.ok
    if not cpython_accepts(source, "eval"):
        assert not ours, source
        return
    assert ours, (source, result.diagnostics)
    assert ast.dump(result.tree) == ast.dump(from_source(source, "eval"))
