"""Test helpers: make a valid script messy (same meaning, arbitrary layout) and generate programs.

``mess_up`` re-emits a script's tokens with random spaces, random line breaks inside brackets,
backslash continuations, odd indentation units, extra blank lines and comments, so the
formatter is exercised on layouts nobody would write on purpose, while CPython's grammar (and
Dataway's) still reads the same tree.
"""
from __future__ import annotations

import random

from hypothesis import strategies as st

from dataway.syntax.tokenizer import tokenize

_OPEN = {"LPAR", "LSQB", "LBRACE"}
_CLOSE = {"RPAR", "RSQB", "RBRACE"}


def _source_tokens(text: str, mode: str) -> list[tuple[str, str, int, int, int, int]]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    out = []
    for t, _v, line, col, end_line, end_col in tokenize(text, mode=mode):
        source = "" if t in ("INDENT", "DEDENT", "NEWLINE", "$END") else \
            text[starts[line - 1] + col - 1:starts[end_line - 1] + end_col - 1]
        out.append((t, source, line, col, end_line, end_col))
    return out


def _needs_space(prev: tuple, tok: tuple) -> bool:
    left, right = prev[1], tok[1]
    if (left[-1:].isalnum() or left[-1:] in "_'\"") and (right[:1].isalnum() or right[:1] in "_'\""):
        return True
    return prev[0] == "NUMBER" and right.startswith(".")


def mess_up(text: str, rng: random.Random, mode: str = "code") -> str:
    """The same script with a random layout (and extra comments).

    Expression mode has no statements: line breaks and comments only go inside brackets.
    """
    if mode == "expression":
        text = "(" + text + ")"
    unit = rng.choice(["  ", "    ", "   ", "\t"])
    out: list[str] = []
    depth = 0
    line: list[str] = []
    brackets = 0
    prev = None
    n_comment = 0
    for tok in _source_tokens(text, mode):
        t = tok[0]
        if t == "INDENT":
            depth += 1
            continue
        if t == "DEDENT":
            depth -= 1
            continue
        if t in ("NEWLINE", "$END"):
            if line and mode == "expression":
                out.append("".join(line))
            elif line:
                if rng.random() < 0.3:
                    n_comment += 1
                    line.append(rng.choice(["  #c%d" % n_comment, " # note %d " % n_comment]))
                out.append("".join(line))
                for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
                    out.append(rng.choice(["", "", " " * rng.randint(0, 6)]))
                if rng.random() < 0.15:
                    n_comment += 1
                    out.append(unit * rng.randint(0, depth) + "# standalone %d" % n_comment)
            line = []
            prev = None
            continue
        if prev is None:
            line.append(unit * depth)
        else:
            if brackets and rng.random() < 0.15:
                if rng.random() < 0.3:
                    n_comment += 1
                    line.append("  # in brackets %d" % n_comment)
                out.append("".join(line))
                line = [" " * rng.randint(0, 9)]
            elif not brackets and rng.random() < 0.04:
                line.append(" \\")
                out.append("".join(line))
                line = [" " * rng.randint(1, 9)]
            else:
                gap = rng.choice(["", " ", "  "])
                if not gap and _needs_space(prev, tok):
                    gap = " "
                line.append(gap)
        line.append(tok[1])
        if t in _OPEN:
            brackets += 1
        elif t in _CLOSE:
            brackets -= 1
        prev = tok
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ generated programs
_NAMES = st.sampled_from(["a", "b", "msg", "out", "x1", "données"])
_ATOMS = st.one_of(_NAMES, st.sampled_from(["0", "1", "2.5", "0x1F", "1_000", "'s'", '"d"',
                                            "b'\\x00'", "None", "True", "...", "f'{a!r:>4}'"]))


def _compose(e: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pair = st.tuples(e, e)
    return st.one_of(
        st.tuples(e, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<<", "|", "&", "^",
                                      "==", "<", ">=", "!=", "in", "not in", "is", "is not",
                                      "and", "or"]), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "~", "not "]), e).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(_NAMES, st.lists(e, max_size=2)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(_NAMES, e, e).map(lambda t: f"{t[0]}({t[1]}, key={t[2]})"),
        st.tuples(_NAMES, e).map(lambda t: f"{t[0]}(*{t[1]}, **{{'k': 1}})"),
        pair.map(lambda t: f"{t[0]}[{t[1]}]"),
        pair.map(lambda t: f"{t[0]}[{t[1]}:]"),
        st.tuples(e, e, e).map(lambda t: f"{t[0]}[{t[1]}:{t[2]}:2]"),
        st.lists(e, max_size=2).map(lambda ls: f"[{', '.join(ls)}]"),
        st.lists(e, min_size=1, max_size=2).map(lambda ls: f"({', '.join(ls)},)"),
        pair.map(lambda t: f"{{{t[0]}: {t[1]}, **{{}}}}"),
        e.map(lambda v: f"({v}).attr"),
        e.map(lambda v: f"(lambda q, r=1, *s, **t: {v})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        pair.map(lambda t: f"[{t[0]} for a in {t[1]} if a]"),
        pair.map(lambda t: f"{{k: {t[0]} for k, v in {t[1]}}}"),
    )


EXPRESSIONS = st.recursive(_ATOMS, _compose, max_leaves=4)


_SIMPLE = [
    lambda d: f"{d(_NAMES)} = {d(EXPRESSIONS)}",
    lambda d: f"{d(_NAMES)} += {d(EXPRESSIONS)}",
    lambda d: f"out.append({d(EXPRESSIONS)})",
    lambda d: f"return {d(EXPRESSIONS)}",
    lambda d: "a, *b = x1",
    lambda d: "x1: int = 3",
    lambda d: "del a[0], b",
    lambda d: "pass",
    lambda d: "import json as j",
    lambda d: "assert a, 'message'",
]
_HEADERS = [
    lambda d: [f"if {d(EXPRESSIONS)}:", "else:"],
    lambda d: [f"for a, b in {d(EXPRESSIONS)}:"],
    lambda d: [f"while {d(EXPRESSIONS)}:"],
    lambda d: ["try:", "except (KeyError, ValueError) as e:"],
    lambda d: ["def helper(a, b: int = 2, *c, d=4, **e) -> list:"],
]


def _block(draw, depth: int) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        if depth and draw(st.booleans()):
            for header in draw(st.sampled_from(_HEADERS))(draw):
                lines.append(header)
                lines.extend("    " + s for s in _block(draw, depth - 1))
        else:
            lines.append(draw(st.sampled_from(_SIMPLE))(draw))
    return lines


@st.composite
def _programs(draw) -> str:
    head = "import json\n" if draw(st.booleans()) else ""
    return head + "def dw_process(msg):\n" + "".join("    " + s + "\n" for s in _block(draw, 2))


PROGRAMS = _programs()
