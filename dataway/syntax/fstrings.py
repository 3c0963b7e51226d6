"""f-string bodies into JoinedStr parts (Constant and FormattedValue), never evaluated as text.

The body is scanned once: literal runs (``{{``/``}}`` unescaped, backslash escapes decoded as in
any literal), and replacement fields ``{expression!conversion:format_spec}``. A field's
expression ends at the first ``!``, ``:`` or ``}`` outside brackets and string literals (CPython
3.7 rules: no backslash and no ``#`` inside the expression); it is parsed by the ordinary
expression parser at its real source position, so nested f-strings and positions just work. A
format spec is itself a small f-string body (fields nest at most two levels). Problems are DW113;
the Python 3.8 ``=`` specifier is parsed and reported as DW311.
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.diagnostics import diagnostic
from dataway.syntax import ast
from dataway.syntax.literals import StringParts, decode_body, offset_position
from dataway.syntax.tokenizer import SyntaxProblem

__all__ = ["parse_fstring"]

_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}


def parse_fstring(piece: StringParts, builder: Any) -> list[ast.Expr]:
    """The parts of one f-string piece, in order (adjacent literals not yet merged)."""
    parts, _ = _FString(piece, builder).parse(0, in_spec=False, nesting=0)
    return parts


class _FString:
    """Scanner state for one f-string piece."""

    def __init__(self, piece: StringParts, builder: Any) -> None:
        self.piece = piece
        self.body = piece.body
        self.builder = builder

    def position(self, offset: int) -> tuple[int, int]:
        return offset_position(self.body, offset, self.piece.line, self.piece.column)

    def fail(self, message: str, offset: int, end_offset: Optional[int] = None) -> SyntaxProblem:
        line, column = self.position(offset)
        end_line, end_column = self.position(end_offset if end_offset is not None
                                             else offset + 1)
        return SyntaxProblem(diagnostic("DW113", f"f-string: {message}", line, column,
                                        end_line, end_column))

    def literal(self, raw: str, start: int, stop: int) -> Optional[ast.Constant]:
        if not raw:
            return None
        line, column = self.position(start)
        value = decode_body(raw, is_bytes=False, is_raw=self.piece.is_raw, line=line,
                            column=column, diagnostics=self.builder.diagnostics)
        end_line, end_column = self.position(stop)
        return ast.Constant(value=value or "", line=line, column=column, end_line=end_line,
                            end_column=end_column)

    def parse(self, i: int, *, in_spec: bool, nesting: int) -> tuple[list[ast.Expr], int]:
        """Parse from ``i`` to the end (or, in a format spec, to its closing ``}``)."""
        body, n = self.body, len(self.body)
        escapes = not self.piece.is_raw
        parts: list[ast.Expr] = []
        chunks: list[str] = []
        lit_start = run_start = i

        def flush(stop: int) -> None:
            nonlocal chunks
            chunks.append(body[run_start:stop])
            node = self.literal("".join(chunks), lit_start, stop)
            if node is not None:
                parts.append(node)
            chunks = []

        while i < n:
            ch = body[i]
            if ch == "\\" and escapes:
                if body.startswith("N{", i + 1):
                    close = body.find("}", i)
                    i = close + 1 if close >= 0 else n
                elif body[i + 1:i + 2] in ("{", "}"):
                    i += 1  # '\{' is no escape: the backslash stays and the brace counts
                else:
                    i += 2
                continue
            if ch == "{":
                if not in_spec and body[i + 1:i + 2] == "{":
                    chunks.append(body[run_start:i + 1])
                    i += 2
                    run_start = i
                    continue
                flush(i)
                node_parts, i = self.field(i, nesting)
                parts.extend(node_parts)
                lit_start = run_start = i
                continue
            if ch == "}":
                if in_spec:
                    flush(i)
                    return parts, i
                if body[i + 1:i + 2] == "}":
                    chunks.append(body[run_start:i + 1])
                    i += 2
                    run_start = i
                    continue
                raise self.fail("single '}' is not allowed", i)
            i += 1
        if in_spec:
            raise self.fail("expecting '}'", max(n - 1, 0))
        flush(n)
        return parts, n

    def field(self, i: int, nesting: int) -> tuple[list[ast.Expr], int]:
        """Parse the replacement field whose ``{`` is at ``i``; returns parts and the index
        after its ``}``."""
        body, n = self.body, len(self.body)
        if nesting >= 2:
            raise self.fail("expressions nested too deeply", i)
        j = i + 1
        stack: list[str] = []
        quote: Optional[str] = None
        expr_end: Optional[int] = None
        while j < n:
            ch = body[j]
            if quote is not None:
                if body.startswith(quote, j):
                    j += len(quote)
                    quote = None
                else:
                    j += 1
                continue
            if ch == "\\":
                raise self.fail("expression part cannot include a backslash", j)
            if ch in "'\"":
                quote = body[j:j + 3] if body[j:j + 3] in ("'''", '"""') else ch
                j += len(quote)
                continue
            if ch == "#":
                raise self.fail("expression part cannot include '#'", j)
            if ch in _OPEN:
                stack.append(_OPEN[ch])
            elif ch in _CLOSE:
                if not stack:
                    if ch == "}":
                        break
                    raise self.fail(f"unmatched '{ch}'", j)
                if stack.pop() != ch:
                    raise self.fail(f"closing parenthesis '{ch}' does not match", j)
            elif not stack:
                if ch == "!" and body[j + 1:j + 2] != "=":
                    break
                if ch == ":":
                    break
                if ch == "=" and body[j + 1:j + 2] != "=" and body[j - 1:j] not in "=!<>":
                    expr_end = j
            j += 1
        if quote is not None or j >= n:
            raise self.fail("expecting '}'", i)
        debug = expr_end is not None
        if debug and body[expr_end + 1:j].strip():
            raise self.fail("invalid syntax", expr_end)
        text = body[i + 1:expr_end if debug else j]
        if not text.strip():
            raise self.fail("empty expression not allowed", i, j + 1)
        line, column = self.position(i + 1)
        value = self.builder.parse_field(text, line, column)
        conversion: Optional[str] = None
        if body[j] == "!":
            conversion = body[j + 1:j + 2]
            if conversion not in ("r", "s", "a") or not conversion:
                raise self.fail("invalid conversion character: expected 's', 'r', or 'a'",
                                j + 1)
            j += 2
            if j >= n or body[j] not in ":}":
                raise self.fail("expecting '}'", min(j, n - 1))
        spec: Optional[ast.JoinedStr] = None
        if body[j] == ":":
            spec_start = j + 1
            spec_parts, j = self.parse(spec_start, in_spec=True, nesting=nesting + 1)
            from dataway.syntax.strings import merge_constants
            s_line, s_col = self.position(spec_start)
            e_line, e_col = self.position(j)
            spec = ast.JoinedStr(values=tuple(merge_constants(spec_parts)), line=s_line,
                                 column=s_col, end_line=e_line, end_column=e_col)
        start_line, start_col = self.position(i)
        end_line, end_col = self.position(j + 1)
        where = {"line": start_line, "column": start_col, "end_line": end_line,
                 "end_column": end_col}
        parts: list[ast.Expr] = []
        if debug:
            self.builder.error("DW311", "f-string '=' specifier is not supported in Dataway "
                               "(it is Python 3.8 syntax)", (None, None, start_line, start_col,
                                                            end_line, end_col))
            parts.append(ast.Constant(value=body[i + 1:expr_end + 1], **where))
            if conversion is None and spec is None:
                conversion = "r"
        parts.append(ast.FormattedValue(value=value, conversion=conversion, format_spec=spec,
                                        **where))
        return parts, j + 1
