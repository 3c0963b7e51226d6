"""Completion (with resolve), hover and signature help: adapters over
:mod:`dataway.tooling.completion`, :mod:`dataway.tooling.hover` and
:mod:`dataway.tooling.signatures`.

Completion items carry their one-line documentation in ``data`` and get it as
``documentation`` on ``completionItem/resolve``, so a list of several hundred builtins and
members stays small on the wire.
"""
from __future__ import annotations

from typing import Any, Optional

from lsprotocol import types as T

from dataway.tooling.completion import CompletionItem, complete
from dataway.tooling.hover import hover
from dataway.tooling.navigation import Span
from dataway.tooling.positions import code_units
from dataway.tooling.signatures import signature_help

from .convert import lsp_range
from .server import DatawayLanguageServer

__all__ = ["register", "COMPLETION_TRIGGERS", "SIGNATURE_TRIGGERS"]

#: Characters after which an editor asks for completions without a keystroke.
COMPLETION_TRIGGERS = [".", "[", "'", '"', "^"]
SIGNATURE_TRIGGERS = ["(", ","]

_KINDS = {
    "key": T.CompletionItemKind.Property, "selector": T.CompletionItemKind.Property,
    "field": T.CompletionItemKind.Field, "parameter": T.CompletionItemKind.Variable,
    "variable": T.CompletionItemKind.Variable, "function": T.CompletionItemKind.Function,
    "method": T.CompletionItemKind.Method, "attribute": T.CompletionItemKind.Property,
    "module": T.CompletionItemKind.Module, "class": T.CompletionItemKind.Class,
    "constant": T.CompletionItemKind.Constant, "exception": T.CompletionItemKind.Class,
    "keyword": T.CompletionItemKind.Keyword,
}


def _item(ls: DatawayLanguageServer, lines: Any, line: int, item: CompletionItem,
          rank: int) -> T.CompletionItem:
    edit_range = lsp_range(lines, Span(line, item.start + 1, line, item.end + 1), ls.encoding)
    return T.CompletionItem(
        label=item.label, kind=_KINDS.get(item.kind, T.CompletionItemKind.Text),
        detail=item.detail or None,
        sort_text=f"{rank:05d}",  # keep the engine's order (it ranks by kind and prefix)
        filter_text=item.label,
        text_edit=T.TextEdit(range=edit_range, new_text=item.insert_text or item.label),
        data={"doc": item.doc} if item.doc else None)


def register(ls: DatawayLanguageServer) -> None:
    """Register completion, resolve, hover and signature help on ``ls``."""

    @ls.feature(T.TEXT_DOCUMENT_COMPLETION,
                T.CompletionOptions(trigger_characters=COMPLETION_TRIGGERS,
                                    resolve_provider=True))
    def completion(ls: DatawayLanguageServer,
                   params: T.CompletionParams) -> T.CompletionList:
        doc = ls.document(params.text_document.uri)
        line, column = ls.cursor(doc, params.position)
        items = complete(doc.text, line, column - 1, mode=ls.mode_of(doc),
                         **ls.settings.samples)
        return T.CompletionList(is_incomplete=False, items=[
            _item(ls, doc.lines, line, item, rank) for rank, item in enumerate(items)])

    @ls.feature(T.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: DatawayLanguageServer, item: T.CompletionItem) -> T.CompletionItem:
        data = item.data if isinstance(item.data, dict) else {}
        if data.get("doc"):
            item.documentation = T.MarkupContent(kind=T.MarkupKind.PlainText,
                                                 value=str(data["doc"]))
        return item

    @ls.feature(T.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: DatawayLanguageServer, params: T.HoverParams) -> Optional[T.Hover]:
        doc = ls.document(params.text_document.uri)
        line, column = ls.cursor(doc, params.position)
        info = hover(doc.text, line, column, ls.mode_of(doc))
        if info is None:
            return None
        return T.Hover(contents=T.MarkupContent(kind=T.MarkupKind.Markdown, value=info.markdown),
                       range=lsp_range(doc.lines, Span(info.line, info.column, info.line,
                                                       info.end_column), ls.encoding))

    @ls.feature(T.TEXT_DOCUMENT_SIGNATURE_HELP,
                T.SignatureHelpOptions(trigger_characters=SIGNATURE_TRIGGERS,
                                       retrigger_characters=[")"]))
    def on_signature_help(ls: DatawayLanguageServer,
                          params: T.SignatureHelpParams) -> Optional[T.SignatureHelp]:
        doc = ls.document(params.text_document.uri)
        line, column = ls.cursor(doc, params.position)
        info = signature_help(doc.text, line, column, ls.mode_of(doc))
        if info is None:
            return None
        enc = ls.encoding
        parameters = [T.ParameterInformation(label=(code_units(info.label[:a], enc),
                                                    code_units(info.label[:b], enc)))
                      for a, b in info.params]
        signature = T.SignatureInformation(
            label=info.label, parameters=parameters, active_parameter=info.active,
            documentation=T.MarkupContent(kind=T.MarkupKind.PlainText, value=info.doc)
            if info.doc else None)
        return T.SignatureHelp(signatures=[signature], active_signature=0,
                               active_parameter=info.active)
