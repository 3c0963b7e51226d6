"""Shared helpers for checker tests: build trees with CPython's parser, run the checker."""
from __future__ import annotations

import textwrap
from typing import Optional

from dataway.checker import check_tree
from dataway.diagnostics import Diagnostic
from dataway.syntax import ast as A
from tests.support.pyast import from_source


def check(source: str, mode: str = "code", output_type: str = "any") -> list[Diagnostic]:
    """Diagnostics of ``source`` (code or expression mode) built with CPython's parser."""
    tree = from_source(source, "exec" if mode == "code" else "eval")
    return check_tree(tree, mode, source, output_type=output_type)


def body(text: str) -> str:
    """``text`` as the body of ``def dw_process(msg):`` (line 1), like spec §18.6's cases."""
    return "def dw_process(msg):\n" + textwrap.indent(textwrap.dedent(text).strip("\n"),
                                                       "    ") + "\n"


def check_body(text: str) -> list[Diagnostic]:
    """Diagnostics of a dw_process body."""
    return check(body(text))


def template(*parts: str | A.Expr) -> A.Template:
    """A text-mode tree from literal strings and expressions (positions on line 1)."""
    built = []
    col = 1
    for part in parts:
        if isinstance(part, str):
            built.append(A.TemplateText(value=part, line=1, column=col, end_line=1,
                                        end_column=col + len(part)))
            col += len(part)
        else:
            built.append(A.TemplateExpr(body=part, line=1, column=col, end_line=1,
                                        end_column=col + 3))
            col += 3
    return A.Template(parts=tuple(built), line=1, column=1, end_line=1, end_column=col)


def codes(diags: list[Diagnostic]) -> list[str]:
    """The codes, in report order."""
    return [d.code for d in diags]


def only(diags: list[Diagnostic], code: str) -> list[Diagnostic]:
    """The diagnostics with ``code``."""
    return [d for d in diags if d.code == code]


def one(diags: list[Diagnostic], code: str) -> Diagnostic:
    """The single diagnostic with ``code`` (fails when there are none or several)."""
    found = only(diags, code)
    assert len(found) == 1, f"expected one {code}, got {diags}"
    return found[0]


def at(d: Diagnostic) -> tuple[int, int, int, int]:
    """The span of ``d``."""
    return (d.line, d.column, d.end_line, d.end_column)


def first(diags: list[Diagnostic], code: str) -> Optional[Diagnostic]:
    """The first diagnostic with ``code`` or None."""
    found = only(diags, code)
    return found[0] if found else None
