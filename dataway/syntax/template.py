"""Text mode (spec §2.3): literal text with ``${expression}`` interpolations."""
from __future__ import annotations

from typing import Any

from dataway.diagnostics import diagnostic
from dataway.syntax import ast
from dataway.syntax.tokenizer import SyntaxProblem

__all__ = ["parse_template"]

_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def parse_template(text: str, run: Any) -> ast.Template:
    raise SyntaxProblem(diagnostic("DW106", "text mode not implemented yet", 1, 1))
