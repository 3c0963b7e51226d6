"""String literal atoms: implicit concatenation into one Constant or JoinedStr."""
from __future__ import annotations

from typing import Any

from dataway.syntax import ast
from dataway.syntax.fstrings import parse_fstring
from dataway.syntax.literals import decode_body, split_string

__all__ = ["build_string"]


def build_string(tokens: list[tuple], builder: Any) -> ast.Expr:
    """The node for adjacent STRING tokens (CPython folds them at parse time).

    Without f-strings the result is one Constant (``kind='u'`` when the first piece has a ``u``
    prefix); with any f-string piece it is a JoinedStr whose adjacent literal parts are merged.
    """
    first, last = tokens[0], tokens[-1]
    where = {"line": first[2], "column": first[3], "end_line": last[4], "end_column": last[5]}
    pieces = [split_string(tok[1], tok[2], tok[3]) for tok in tokens]
    is_bytes = pieces[0].is_bytes
    for tok, piece in zip(tokens, pieces):
        if piece.is_bytes != is_bytes:
            raise builder.fatal("DW100", "cannot mix bytes and nonbytes literals", first, tok)
    if not any(piece.is_f for piece in pieces):
        values = [decode_body(p.body, is_bytes=p.is_bytes, is_raw=p.is_raw, line=p.line,
                              column=p.column, diagnostics=builder.diagnostics)
                  for p in pieces]
        empty: Any = b"" if is_bytes else ""
        value = empty.join(v if v is not None else empty for v in values)
        return ast.Constant(value=value, kind="u" if pieces[0].is_u else None, **where)

    parts: list[ast.Expr] = []
    for tok, piece in zip(tokens, pieces):
        if piece.is_f:
            parts.extend(parse_fstring(piece, builder))
        else:
            value = decode_body(piece.body, is_bytes=False, is_raw=piece.is_raw,
                                line=piece.line, column=piece.column,
                                diagnostics=builder.diagnostics)
            parts.append(ast.Constant(value=value or "", line=tok[2], column=tok[3],
                                      end_line=tok[4], end_column=tok[5]))
    return ast.JoinedStr(values=tuple(merge_constants(parts)), **where)


def merge_constants(parts: list[ast.Expr]) -> list[ast.Expr]:
    """Merge adjacent string Constants and drop empty ones, as CPython does in f-strings."""
    merged: list[ast.Expr] = []
    for part in parts:
        if isinstance(part, ast.Constant):
            if not part.value:
                continue
            if merged and isinstance(merged[-1], ast.Constant):
                prev = merged[-1]
                merged[-1] = ast.Constant(value=prev.value + part.value, line=prev.line,
                                          column=prev.column, end_line=part.end_line,
                                          end_column=part.end_column)
                continue
        merged.append(part)
    return merged
