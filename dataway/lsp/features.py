"""The LSP requests and notifications ``dataway lsp`` answers, each a thin adapter.

Positions arrive in the negotiated encoding and are converted once, by the document's
:class:`~dataway.tooling.positions.LineIndex`, into Dataway's 1-based code-point positions;
results go back through :mod:`dataway.lsp.convert`.
"""
from __future__ import annotations

import logging
from typing import Optional

from lsprotocol import types as T

from dataway.fmt import FormatError, format_source
from dataway.tooling import navigation
from dataway.tooling.positions import apply_changes

from .convert import lsp_range, lsp_symbols
from .server import DatawayLanguageServer, RequestFailed
from .workspace import Document

__all__ = ["register"]

log = logging.getLogger("dataway.lsp")


def _location(ls: DatawayLanguageServer, doc: Document, occ: navigation.Occurrence) -> T.Location:
    return T.Location(uri=doc.uri, range=lsp_range(doc.lines, occ.span, ls.encoding))


def register(ls: DatawayLanguageServer) -> None:  # noqa: C901 - one adapter per LSP method
    """Register every feature on ``ls``."""

    # ----------------------------------------------------------------- lifecycle
    @ls.feature(T.INITIALIZE)
    def initialize(ls: DatawayLanguageServer, params: T.InitializeParams) -> None:
        if params.initialization_options is not None:
            ls.settings_changed(params.initialization_options)

    @ls.feature(T.INITIALIZED)
    async def initialized(ls: DatawayLanguageServer, params: T.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        try:
            (section,) = await ls.workspace_configuration_async(T.ConfigurationParams(
                items=[T.ConfigurationItem(section="dataway")]))
        except Exception as exc:  # noqa: BLE001 - a client that cannot answer keeps defaults
            log.info("workspace/configuration failed: %s", exc)
            return
        if section is not None:
            ls.settings_changed(section)

    @ls.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: DatawayLanguageServer,
                                 params: T.DidChangeConfigurationParams) -> None:
        ls.settings_changed(params.settings)

    # ------------------------------------------------------------ synchronisation
    @ls.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DatawayLanguageServer, params: T.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents.open(item.uri, item.text, item.version, item.language_id)
        ls.request_check(item.uri)

    @ls.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DatawayLanguageServer, params: T.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.documents.get(uri)
        if doc is None:
            log.warning("didChange for a document that is not open: %s", uri)
            return
        changes = []
        for change in params.content_changes:
            rng = getattr(change, "range", None)
            where = None if rng is None else (rng.start.line, rng.start.character,
                                              rng.end.line, rng.end.character)
            changes.append((where, change.text))
        text = apply_changes(doc.text, changes, ls.encoding)
        ls.documents.change(uri, text, params.text_document.version)
        ls.request_check(uri)

    @ls.feature(T.TEXT_DOCUMENT_DID_SAVE, T.SaveOptions(include_text=True))
    def did_save(ls: DatawayLanguageServer, params: T.DidSaveTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return
        if params.text is not None and params.text != doc.text:
            ls.documents.change(doc.uri, params.text, doc.version)
        ls.request_check(doc.uri)

    @ls.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DatawayLanguageServer, params: T.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)
        ls.forget(params.text_document.uri)
        if not ls.client_pulls:  # clear what we pushed: a closed file shows no problems
            ls.text_document_publish_diagnostics(
                T.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    # ------------------------------------------------------------------ diagnostics
    @ls.feature(T.TEXT_DOCUMENT_DIAGNOSTIC,
                T.DiagnosticOptions(identifier="dataway", inter_file_dependencies=False,
                                    workspace_diagnostics=False))
    async def diagnostic(ls: DatawayLanguageServer,
                         params: T.DocumentDiagnosticParams) -> T.DocumentDiagnosticReport:
        doc = ls.document(params.text_document.uri)
        result_id = f"{doc.version}/{ls._settings_generation}"
        if params.previous_result_id == result_id:
            return T.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        diags, exact = await ls.pull(doc)
        return T.RelatedFullDocumentDiagnosticReport(
            items=ls.lsp_diagnostics(doc, diags),
            result_id=result_id if exact else result_id + "/provisional")

    # ------------------------------------------------------------------- navigation
    @ls.feature(T.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: DatawayLanguageServer,
                   params: T.DefinitionParams) -> Optional[list[T.Location]]:
        doc = ls.document(params.text_document.uri)
        found = navigation.definitions(ls.analysis(doc), *ls.cursor(doc, params.position))
        return [_location(ls, doc, o) for o in found] or None

    @ls.feature(T.TEXT_DOCUMENT_REFERENCES)
    def references(ls: DatawayLanguageServer,
                   params: T.ReferenceParams) -> Optional[list[T.Location]]:
        doc = ls.document(params.text_document.uri)
        found = navigation.references(ls.analysis(doc), *ls.cursor(doc, params.position),
                                      include_declaration=params.context.include_declaration)
        return [_location(ls, doc, o) for o in found] or None

    @ls.feature(T.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT)
    def highlight(ls: DatawayLanguageServer,
                  params: T.DocumentHighlightParams) -> Optional[list[T.DocumentHighlight]]:
        doc = ls.document(params.text_document.uri)
        found = navigation.references(ls.analysis(doc), *ls.cursor(doc, params.position))
        return [T.DocumentHighlight(
            range=lsp_range(doc.lines, o.span, ls.encoding),
            kind=T.DocumentHighlightKind.Write if o.binds else T.DocumentHighlightKind.Read)
            for o in found] or None

    @ls.feature(T.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def symbols(ls: DatawayLanguageServer,
                params: T.DocumentSymbolParams) -> list[T.DocumentSymbol]:
        doc = ls.document(params.text_document.uri)
        return lsp_symbols(navigation.document_symbols(ls.analysis(doc)), doc.lines, ls.encoding)

    # ------------------------------------------------------------------- formatting
    @ls.feature(T.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: DatawayLanguageServer,
                   params: T.DocumentFormattingParams) -> Optional[list[T.TextEdit]]:
        doc = ls.document(params.text_document.uri)
        return _format(ls, doc)

    from .editing import register as register_editing

    register_editing(ls)  # completion, hover, signature help


def _format(ls: DatawayLanguageServer, doc: Document) -> Optional[list[T.TextEdit]]:
    """One edit replacing the document with ``dataway.fmt.format_source``'s output, or None
    when it is already formatted. The document's line ending style is kept; a document the
    formatter refuses (syntax error) fails with its message, as ``dataway fmt`` does."""
    mode = ls.mode_of(doc)
    text = doc.text.replace("\r\n", "\n")
    try:
        formatted = format_source(text, mode=mode)
    except FormatError as exc:  # a syntax error, or a result that would change meaning
        raise RequestFailed(f"dataway fmt: {exc}") from None
    if "\r\n" in doc.text:
        formatted = formatted.replace("\n", "\r\n")
    if formatted == doc.text:
        return None
    lines = doc.lines
    end = lines.position(len(doc.text), ls.encoding)
    return [T.TextEdit(range=T.Range(T.Position(0, 0), T.Position(*end)), new_text=formatted)]
