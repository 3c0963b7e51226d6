"""Spaces between the tokens of one statement (PEP 8).

Each token gets a *role* from its context, then one table decides the space between two
neighbours:

* ``open``/``close``: brackets; no space inside them, none before a call's or subscript's
  bracket (``f(x)``, ``d[k]``), one after a keyword or operator (``in (1, 2)``).
* ``comma``: none before, one after.
* ``colon``: dict, lambda, annotation and block colons: none before, one after.
* ``slice``: slice colons: no spaces, unless a bound is a complex expression
  (``ham[lower + offset : upper + offset]``), as PEP 8 and black write them.
* ``eq``: ``=`` of keyword arguments and unannotated defaults: no spaces (``f(a=1)``).
* ``unary``: ``-x``, ``*args``, ``**kw``, ``@decorator``: no space after.
* ``binop``: binary and comparison operators, ``=``, ``->``, augmented assignment: spaces.
* ``dot``: attribute and relative-import dots: no spaces (a space after an integer: ``1 .real``).
* ``word``/``keyword``: names, literals and keywords: one space between neighbours.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .tokens import (BINARY_OPS, CLOSERS, KEYWORD_ATOMS, OPENERS, Tok, is_keyword)

__all__ = ["roles", "spaces"]

_TRAILER_BEFORE = frozenset({"NAME", "STRING", "NUMBER", "RPAR", "RSQB", "RBRACE", "ELLIPSIS"}) \
    | KEYWORD_ATOMS
_UNARY_CAPABLE = frozenset({"MINUS", "PLUS", "TILDE", "STAR", "DOUBLESTAR", "AT"})
# Roles after which an operator starts an operand instead of combining two.
_OPERAND_EXPECTED = frozenset({"open", "comma", "colon", "slice", "binop", "unary", "eq",
                               "keyword"})
_KEYWORD_OPERATORS = frozenset({"AND", "OR", "NOT", "IN", "IS", "IF", "ELSE", "LAMBDA", "FOR",
                                "AWAIT", "YIELD"})


@dataclass
class _Level:
    """One open bracket (or the statement itself at index 0)."""

    kind: str  # "stmt", "args" (call or parameters), "subscript", "other"
    lambdas: int = 0  # lambdas whose ':' is still to come
    annotated: bool = False  # the current parameter has an annotation (def f(a: int = 1))
    colons: list[int] = field(default_factory=list)  # slice colon indices (subscripts)


def roles(tokens: list[Tok]) -> list[str]:
    """The spacing role of each token of one statement (see the module docstring)."""
    out: list[str] = []
    levels = [_Level("stmt")]
    from_import = bool(tokens) and tokens[0].type == "FROM"
    seen_import = False
    for i, tok in enumerate(tokens):
        t = tok.type
        prev_role = out[-1] if out else None
        level = levels[-1]
        if t in OPENERS:
            prev_type = tokens[i - 1].type if i else None
            trailer = prev_type in _TRAILER_BEFORE
            kind = "args" if t == "LPAR" and trailer else \
                "subscript" if t == "LSQB" and trailer else "other"
            levels.append(_Level(kind))
            role = "open"
        elif t in CLOSERS:
            if len(levels) > 1:
                levels.pop()
            role = "close"
        elif t == "COMMA":
            level.annotated = False
            role = "comma"
        elif t == "COLON":
            if level.lambdas:
                level.lambdas -= 1
                role = "colon"
            elif level.kind == "subscript":
                level.colons.append(i)
                role = "slice"
            else:
                if level.kind == "args":
                    level.annotated = True
                role = "colon"
        elif t == "LAMBDA":
            level.lambdas += 1
            role = "keyword"
        elif t == "EQUAL":
            in_params = level.kind == "args" or level.lambdas
            role = "eq" if in_params and not level.annotated else "binop"
        elif t == "DOT" or (t == "ELLIPSIS" and from_import and not seen_import):
            role = "dot"
        elif t in _UNARY_CAPABLE and (prev_role is None or prev_role in _OPERAND_EXPECTED):
            role = "unary"
        elif t in BINARY_OPS:
            role = "binop"
        elif t in KEYWORD_ATOMS or not is_keyword(tok):
            role = "word"
        else:
            seen_import = seen_import or t == "IMPORT"
            role = "keyword"
        out.append(role)
    _space_complex_slices(tokens, out)
    return out


def _space_complex_slices(tokens: list[Tok], out: list[str]) -> None:
    """Mark slice colons ``slice_spaced`` where a bound of their subscript is complex."""
    depth = 0
    stack: list[tuple[int, bool, list[int]]] = []  # (open index, complex, colon indices)
    for i, tok in enumerate(tokens):
        role = out[i]
        if role == "open":
            stack.append((i, False, []))
            depth += 1
        elif role == "close" and stack:
            _, complex_, colons = stack.pop()
            if complex_:
                for c in colons:
                    out[c] = "slice_spaced"
        elif stack:
            start, complex_, colons = stack[-1]
            if role == "slice":
                colons.append(i)
            elif role == "binop" or (role == "keyword" and tok.type in _KEYWORD_OPERATORS):
                stack[-1] = (start, True, colons)


def spaces(tokens: list[Tok], role: list[str]) -> list[bool]:
    """``result[i]``: whether one space separates ``tokens[i - 1]`` and ``tokens[i]``."""
    result = [False]
    for i in range(1, len(tokens)):
        result.append(_space(tokens[i - 1], role[i - 1], tokens[i], role[i]))
    return result


def _space(a: Tok, ar: str, b: Tok, br: str) -> bool:
    if br in ("close", "comma") or b.type == "SEMI":
        return False
    if ar in ("open", "unary"):
        return False
    if br in ("colon", "slice"):
        return ar == "comma"  # x[1:2, ::3]
    if ar == "slice":
        return False
    if br == "slice_spaced":
        return ar not in ("comma", "slice_spaced")
    if ar == "slice_spaced":
        return True
    if br == "dot":
        return ar == "keyword" or (a.type == "NUMBER" and a.text.replace("_", "").isdigit())
    if ar == "dot":
        return br == "keyword"
    if ar == "eq" or br == "eq":
        return False
    if br == "open":
        return a.type not in _TRAILER_BEFORE
    return True
