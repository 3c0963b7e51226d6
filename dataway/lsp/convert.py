"""Dataway results as LSP values (lsprotocol types).

Every position goes through :class:`dataway.tooling.positions.LineIndex`; nothing here counts
code units itself.
"""
from __future__ import annotations

from typing import Iterable

from lsprotocol import types as T

from dataway.diagnostics import Diagnostic
from dataway.lint import help_uri
from dataway.tooling.navigation import DocumentSymbol, Span
from dataway.tooling.positions import LineIndex

__all__ = ["lsp_range", "lsp_diagnostic", "lsp_symbols", "SEVERITIES"]

SEVERITIES = {
    "error": T.DiagnosticSeverity.Error,
    "warning": T.DiagnosticSeverity.Warning,
    "info": T.DiagnosticSeverity.Information,
    "hint": T.DiagnosticSeverity.Hint,
}
# Findings about code that does nothing: editors grey it out instead of underlining it.
_UNNECESSARY = frozenset({"DW203", "DW204", "DW212"})
_SYMBOL_KINDS = {"function": T.SymbolKind.Function, "variable": T.SymbolKind.Variable,
                 "module": T.SymbolKind.Module, "class": T.SymbolKind.Class}


def lsp_range(lines: LineIndex, span: Span, encoding: str) -> T.Range:
    """The LSP range of a Dataway span on the editor's text."""
    (l0, c0), (l1, c1) = lines.to_lsp_range(span.line, span.column, span.end_line,
                                            span.end_column, encoding)
    return T.Range(T.Position(l0, c0), T.Position(l1, c1))


def lsp_diagnostic(d: Diagnostic, lines: LineIndex, encoding: str) -> T.Diagnostic:
    """One checker diagnostic for the editor: same code and message as ``dataway check``, a
    link to the code's row in the README table, the suggestion appended as the CLI does."""
    message = d.message + (f" ({d.suggestion})" if d.suggestion else "")
    return T.Diagnostic(
        range=lsp_range(lines, Span(d.line, d.column, d.end_line, d.end_column), encoding),
        message=message,
        severity=SEVERITIES.get(d.severity, T.DiagnosticSeverity.Error),
        code=d.code,
        code_description=T.CodeDescription(href=help_uri(d.code)),
        source="dataway",
        tags=[T.DiagnosticTag.Unnecessary] if d.code in _UNNECESSARY else None,
    )


def lsp_symbols(symbols: Iterable[DocumentSymbol], lines: LineIndex,
                encoding: str) -> list[T.DocumentSymbol]:
    """The outline as hierarchical LSP document symbols."""
    out = []
    for sym in symbols:
        out.append(T.DocumentSymbol(
            name=sym.name, kind=_SYMBOL_KINDS.get(sym.kind, T.SymbolKind.Variable),
            range=lsp_range(lines, sym.span, encoding),
            selection_range=lsp_range(lines, sym.selection, encoding),
            detail=sym.detail or None,
            children=lsp_symbols(sym.children, lines, encoding) or None))
    return out
