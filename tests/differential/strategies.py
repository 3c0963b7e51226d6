"""Hypothesis strategies producing Dataway-valid source text that CPython can also run.

Expressions are built bottom-up from typed leaves so that most examples compute something
(rather than all failing with TypeError), while operator mixes still reach error paths: a
TypeError or ZeroDivisionError is an outcome to compare like any value. Sizes stay small so
that no example approaches a §14 limit (those differ from CPython on purpose).
"""
from __future__ import annotations

from hypothesis import strategies as st

ALPHABET = st.sampled_from(list("abcXYZ 019_-,.:'\"\\\n\té€😀"))

small_ints = st.integers(-20, 20)
ints = st.one_of(small_ints, st.integers(-10 ** 6, 10 ** 6), st.integers(-2 ** 70, 2 ** 70))
floats = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6,
                   width=64) | st.sampled_from([0.1, 0.5, 1e-7, 1e16, 2.5, -0.0, 1 / 3])
texts = st.text(ALPHABET, max_size=8)
byte_strings = st.binary(max_size=6)


def lit(value: object) -> str:
    """The source literal of a value, parenthesised so that unary minus binds as written."""
    return f"({value!r})"


int_lit = ints.map(lit)
float_lit = floats.map(lit)
str_lit = texts.map(lit)
bytes_lit = byte_strings.map(lit)
bool_lit = st.sampled_from(["True", "False", "None"])

ARITH_OPS = ["+", "-", "*", "/", "//", "%", "&", "|", "^", "<<", ">>"]
CMP_OPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in", "is", "is not"]


@st.composite
def number_expr(draw, depth: int = 3) -> str:
    """Arithmetic over ints, floats and bools, including ** with small exponents and shifts."""
    if depth <= 0 or draw(st.booleans()):
        return draw(st.one_of(int_lit, float_lit, st.sampled_from(["True", "False"])))
    kind = draw(st.integers(0, 6))
    a = draw(number_expr(depth - 1))
    if kind == 0:
        return f"({a} ** {draw(st.integers(-3, 6))})"
    if kind == 1:
        return f"({draw(st.sampled_from(['-', '+', '~', 'not ']))}{a})"
    if kind == 2:
        fn = draw(st.sampled_from(["abs", "round", "int", "float", "bool", "str", "repr", "hash"]))
        return f"{fn}({a})"
    if kind == 3:
        # Indexed so the result stays a number: a bare divmod tuple times a large int builds a
        # sequence of hundreds of millions of items in CPython (Dataway refuses it on value_size).
        return f"divmod({a}, {draw(number_expr(depth - 1))})[{draw(st.integers(0, 1))}]"
    op = draw(st.sampled_from(ARITH_OPS))
    b = draw(number_expr(depth - 1))
    if op in ("<<", ">>"):
        b = str(draw(st.integers(-2, 40)))
    return f"({a} {op} {b})"


@st.composite
def string_expr(draw, depth: int = 2, leaf=None) -> str:
    """str or bytes operations: concatenation, repetition, methods, indexing, slicing.

    One example sticks to one of str and bytes (mixing them only tests one TypeError).
    """
    if leaf is None:
        leaf = draw(st.sampled_from([str_lit, bytes_lit]))
    base = draw(leaf) if depth <= 0 else draw(string_expr(depth - 1, leaf))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"({base} + {draw(leaf)})"
    if kind == 1:
        return f"({base} * {draw(st.integers(-1, 4))})"
    if kind == 2:
        method = draw(st.sampled_from([
            "upper()", "lower()", "strip()", "title()", "swapcase()", "split()", "split(',')",
            "rsplit(None, 1)", "splitlines()", "isdigit()", "isalpha()", "find('a')", "count('a')",
            "startswith('a')", "endswith('a')", "replace('a', 'b')", "partition(':')",
            "center(9, '*')", "zfill(6)", "encode()", "decode()", "hex()", "expandtabs(2)",
            "lstrip('a')", "capitalize()", "casefold()", "isspace()", "index('a')"]))
        return f"{base}.{method}"
    if kind == 3:
        return f"{base}[{draw(st.integers(-8, 8))}]"
    if kind == 4:
        parts = [draw(st.one_of(st.none(), st.integers(-9, 9))) for _ in range(2)]
        step = draw(st.sampled_from(["", ":1", ":2", ":-1", ":-2", ":3"]))
        return f"{base}[{'' if parts[0] is None else parts[0]}:{'' if parts[1] is None else parts[1]}{step}]"
    if kind == 5:
        return f"len({base})"
    if kind == 6:
        return f"sorted({base})"
    if kind == 7:
        return f"{draw(leaf)} {draw(st.sampled_from(CMP_OPS[:8]))} {base}"
    if kind == 8:
        return f"list(reversed({base}))"
    return f"repr({base})"


@st.composite
def format_expr(draw) -> str:
    """f-strings, % formatting, str.format and format() with common specs."""
    value = draw(st.one_of(int_lit, float_lit, str_lit, bool_lit))
    spec = draw(st.sampled_from(["", "d", ">8", "<6", "^7", "08.3f", ".2f", ".3g", "e", ",", "_",
                                 "x", "#o", "b", "+", " ", "%", ".1%", "*^9", "10.4", "s", "r", "c",
                                 "=+8", ".0f", "g", "n", "#x", "X"]))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return f"f'{{{value}:{spec}}}'"
    if kind == 1:
        conv = draw(st.sampled_from(["s", "r", "d", "i", "f", ".2f", "5s", "-5d", "x", "e", "g", "a", "c"]))
        return f"'%{conv}' % ({value},)"
    if kind == 2:
        return f"'{{0:{spec}}}|{{0!r}}'.format({value})"
    return f"format({value}, {spec!r})"


@st.composite
def container_expr(draw, depth: int = 2) -> str:
    """Lists, tuples, dicts and int sets: displays, indexing, slicing, methods, comprehensions."""
    elems = draw(st.lists(st.one_of(small_ints.map(lit), str_lit, float_lit, bool_lit), max_size=5))
    kind = draw(st.integers(0, 11))
    seq = f"[{', '.join(elems)}]"
    if kind == 0:
        return seq
    if kind == 1:
        return f"({', '.join(elems)}{',' if len(elems) == 1 else ''})"
    if kind == 2:
        keys = draw(st.lists(st.one_of(small_ints.map(lit), str_lit), max_size=5))
        return "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, elems)) + "}"
    if kind == 3:
        return f"{seq}[{draw(st.integers(-6, 6))}]"
    if kind == 4:
        a, b = draw(st.integers(-6, 6)), draw(st.integers(-6, 6))
        return f"{seq}[{a}:{b}:{draw(st.sampled_from([1, 2, -1, -2, 3]))}]"
    if kind == 5:
        ints_ = draw(st.lists(small_ints, max_size=6))
        other = draw(st.lists(small_ints, max_size=6))
        op = draw(st.sampled_from(["|", "&", "-", "^", "<=", "<", "==", ">="]))
        return f"{set(ints_) or 'set()'} {op} {set(other) or 'set()'}"
    if kind == 6:
        var_expr = draw(st.sampled_from(["x", "x * 2", "str(x)", "(x, x)", "x if x else -1"]))
        cond = draw(st.sampled_from(["", " if x", " if not x", " if x != 0"]))
        return f"[{var_expr} for x in {seq}{cond}]"
    if kind == 7:
        return f"{{x: i for i, x in enumerate({seq})}}"
    if kind == 8:
        method = draw(st.sampled_from(["count(1)", "index(1)", "copy()"]))
        return f"{seq}.{method}"
    if kind == 9:
        return f"sorted({seq})"
    if kind == 10:
        return f"{seq} + {draw(container_expr(depth - 1)) if depth > 0 else '[]'}"
    fn = draw(st.sampled_from(["len", "min", "max", "sum", "list", "tuple", "any", "all", "bool"]))
    return f"{fn}({seq})"


@st.composite
def comparison_expr(draw) -> str:
    """Chained comparisons and boolean operators over mixed values."""
    leaves = st.one_of(int_lit, float_lit, str_lit, bool_lit, st.sampled_from(["[1, 2]", "(1,)", "[]"]))
    n = draw(st.integers(2, 4))
    parts = [draw(leaves)]
    for _ in range(n - 1):
        parts.append(draw(st.sampled_from(CMP_OPS[:8])))
        parts.append(draw(leaves))
    expr = " ".join(parts)
    if draw(st.booleans()):
        expr = f"({expr}) {draw(st.sampled_from(['and', 'or']))} {draw(leaves)}"
    return expr


any_expr = st.one_of(number_expr(), string_expr(), format_expr(), container_expr(),
                     comparison_expr())


@st.composite
def small_program(draw) -> str:
    """A code-mode program: a loop with augmented assignment, a helper and an early exit."""
    init = draw(st.sampled_from(["0", "1", "''", "[]", "0.5"]))
    seq = draw(st.one_of(st.lists(small_ints, max_size=6).map(repr),
                         st.text("abc", max_size=5).map(repr), st.just("range(7)")))
    op = draw(st.sampled_from(["+=", "-=", "*=", "//=", "%=", "|=", "^="]))
    cond = draw(st.sampled_from(["True", "x", "not x", "x != 2", "str(x) > '1'"]))
    stop = draw(st.sampled_from(["False", "acc == 3", "len(seen) > 3"]))
    transform = draw(st.sampled_from(["x", "helper(x)", "[x]", "str(x)", "(x,)"]))
    return (
        "def helper(v, k=2):\n"
        "    return v * k\n"
        "\n"
        "def dw_process(msg):\n"
        f"    acc = {init}\n"
        "    seen = []\n"
        f"    for x in {seq}:\n"
        f"        if {cond}:\n"
        f"            acc {op} {transform}\n"
        "        seen.append(x)\n"
        f"        if {stop}:\n"
        "            break\n"
        "    else:\n"
        "        seen.append('done')\n"
        "    return [acc, seen]\n"
    )
