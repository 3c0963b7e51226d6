"""``dataway lsp``: the language server (pygls over stdio).

This module adapts LSP requests to the editor-independent pieces in :mod:`dataway.tooling`
(navigation, hover, signatures, completion) and :mod:`dataway.lint` (diagnostics exactly as
``dataway check`` reports them, inline suppressions and ``select``/``ignore`` included). It owns
no language knowledge of its own.

Diagnostics are pushed (``textDocument/publishDiagnostics``) after didOpen, didChange and
didSave unless the client declares pull support, in which case it asks with
``textDocument/diagnostic`` (answered for every client). Checks run on one worker thread so the
server keeps reading messages; an edit that arrives during a check makes that check's result
stale: it is dropped and the newest text is checked next, so typing never queues up checks.

An edit inside one function of a code-mode script first gets the provisional diagnostics of
:mod:`.incremental` (milliseconds instead of a full check of a large script); the exact check
runs once typing pauses for :data:`FULL_CHECK_PAUSE` seconds and is published if it differs.
Pulling clients get the provisional answer (its result id ends in ``/provisional``) and a
``workspace/diagnostic/refresh`` when the exact one is ready.
"""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from lsprotocol import types as T
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

from dataway.diagnostics import Diagnostic
from dataway.lint import lint_source
from dataway.tooling import navigation
from dataway.tooling.positions import UTF16

from .convert import lsp_diagnostic
from .incremental import Baseline, baseline, provisional
from .workspace import Document, Documents, Settings, SettingsError

__all__ = ["DatawayLanguageServer", "create_server", "RequestFailed"]

log = logging.getLogger("dataway.lsp")

#: Seconds without an edit before the exact check follows a provisional answer.
FULL_CHECK_PAUSE = 0.4


class RequestFailed(JsonRpcException):
    """LSP's ``RequestFailed`` (-32803): the request was valid but cannot be answered."""

    CODE = -32803


class DatawayLanguageServer(LanguageServer):
    """The server state: open documents, settings and the background checker."""

    def __init__(self) -> None:
        from dataway import __version__

        super().__init__("dataway", __version__,
                         text_document_sync_kind=T.TextDocumentSyncKind.Incremental)
        self.documents = Documents()
        self.settings = Settings()
        self._settings_generation = 0
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dataway-check")
        self._checks: dict[str, asyncio.Task] = {}
        # uri -> (mode, settings generation, baseline of the last full check)
        self._baselines: dict[str, tuple[str, int, Baseline]] = {}
        self._edits: dict[str, asyncio.Event] = {}  # uri -> set when an edit arrives

    # ----------------------------------------------------------------------- helpers
    @property
    def encoding(self) -> str:
        """The negotiated position encoding (``utf-16`` unless the client offered another)."""
        chosen = getattr(self.workspace, "position_encoding", None)
        return str(getattr(chosen, "value", chosen) or UTF16)

    def mode_of(self, doc: Document) -> str:
        """The mode a document is checked in."""
        return self.settings.mode_for(doc.uri, doc.language_id)

    def document(self, uri: str) -> Document:
        """The open document at ``uri``; a request about any other fails clearly."""
        doc = self.documents.get(uri)
        if doc is None:
            raise RequestFailed(f"document not open: {uri}")
        return doc

    def cursor(self, doc: Document, position: T.Position) -> tuple[int, int]:
        """Dataway (line, code-point column) of an LSP position in ``doc``."""
        return doc.lines.from_lsp(position.line, position.character, self.encoding)

    def analysis(self, doc: Document) -> navigation.Analysis:
        """Parsed and resolved text of ``doc`` (cached per version and mode)."""
        mode = self.mode_of(doc)
        key = ("analysis", mode)
        found = doc.cache.get(key)
        if found is None:
            found = doc.cache[key] = navigation.analyse(doc.text, mode)
        return found

    def _lint(self, text: str, mode: str, name: str = "<script>") -> list[Diagnostic]:
        report = lint_source(text, mode=mode, name=name, selection=self.settings.selection)
        return list(report.diagnostics)

    def diagnostics_of(self, doc: Document) -> list[Diagnostic]:
        """What ``dataway check`` reports for the document's text with the current settings.

        Also records the document as the baseline of later provisional checks (code mode).
        """
        key = ("diagnostics", self._settings_generation)
        found = doc.cache.get(key)
        if found is None:
            generation = self._settings_generation
            mode = self.mode_of(doc)
            found = doc.cache[key] = self._lint(doc.text, mode, doc.uri)
            if mode == "code":
                base = baseline(doc.text, self.analysis(doc).tree, found)
                if base is not None:
                    self._baselines[doc.uri] = (mode, generation, base)
        return found

    def provisional_of(self, doc: Document) -> Optional[list[Diagnostic]]:
        """Fast diagnostics of an edit inside one function (:mod:`.incremental`), or None."""
        entry = self._baselines.get(doc.uri)
        mode = self.mode_of(doc)
        if entry is None or entry[0] != mode or entry[1] != self._settings_generation:
            return None
        return provisional(entry[2], doc.text, lambda text: self._lint(text, mode))

    def lsp_diagnostics(self, doc: Document, diags: list[Diagnostic]) -> list[T.Diagnostic]:
        """Checker diagnostics converted for the editor."""
        return [lsp_diagnostic(d, doc.lines, self.encoding) for d in diags]

    @property
    def client_pulls(self) -> bool:
        """True when the client asks for diagnostics itself (``textDocument/diagnostic``)."""
        caps = self.client_capabilities.text_document
        return caps is not None and caps.diagnostic is not None

    # ------------------------------------------------------------------ push checks
    def request_check(self, uri: str) -> None:
        """Check ``uri`` soon and publish the result, unless the client pulls."""
        if self.client_pulls:
            return
        task = self._checks.get(uri)
        if task is None or task.done():
            self._checks[uri] = asyncio.ensure_future(self._check_until_current(uri))
        else:
            self._edited(uri).set()  # wake a check waiting for a pause: there was no pause

    def _edited(self, uri: str) -> asyncio.Event:
        event = self._edits.get(uri)
        if event is None:
            event = self._edits[uri] = asyncio.Event()
        return event

    def forget(self, uri: str) -> None:
        """Drop what the server keeps about a closed document."""
        self._baselines.pop(uri, None)
        self._edits.pop(uri, None)

    def _current(self, doc: Document, generation: int) -> bool:
        latest = self.documents.get(doc.uri)
        return latest is not None and latest.version == doc.version \
            and generation == self._settings_generation

    def _publish(self, doc: Document, diags: list[Diagnostic]) -> None:
        self.text_document_publish_diagnostics(T.PublishDiagnosticsParams(
            uri=doc.uri, diagnostics=self.lsp_diagnostics(doc, diags), version=doc.version))

    async def _check_until_current(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        while True:
            doc = self.documents.get(uri)
            if doc is None:
                return
            generation = self._settings_generation
            fast = await loop.run_in_executor(self._checker, self.provisional_of, doc)
            if fast is not None:
                if self._current(doc, generation):
                    self._publish(doc, fast)
                # The exact check waits for a pause in typing; an edit ends the wait.
                edited = self._edited(uri)
                edited.clear()
                if self._current(doc, generation):
                    try:
                        await asyncio.wait_for(edited.wait(), FULL_CHECK_PAUSE)
                    except asyncio.TimeoutError:
                        pass
                if not self._current(doc, generation):
                    continue
            diags = await loop.run_in_executor(self._checker, self.diagnostics_of, doc)
            if self.documents.get(uri) is None:
                return
            if self._current(doc, generation):
                if diags != fast:
                    self._publish(doc, diags)
                return
            # The text or the settings changed while checking: check the newest state.

    async def pull(self, doc: Document) -> tuple[list[Diagnostic], bool]:
        """Diagnostics for a pull request: (diagnostics, exact). Provisional answers schedule
        the exact check, after which the client is asked to pull again."""
        loop = asyncio.get_running_loop()
        if ("diagnostics", self._settings_generation) not in doc.cache:
            fast = await loop.run_in_executor(self._checker, self.provisional_of, doc)
            if fast is not None:
                asyncio.ensure_future(self._exact_then_refresh(doc))
                return fast, False
        return await loop.run_in_executor(self._checker, self.diagnostics_of, doc), True

    async def _exact_then_refresh(self, doc: Document) -> None:
        generation = self._settings_generation
        await asyncio.sleep(FULL_CHECK_PAUSE)
        if not self._current(doc, generation):
            return
        await asyncio.get_running_loop().run_in_executor(self._checker, self.diagnostics_of, doc)
        workspace = self.client_capabilities.workspace
        if self._current(doc, generation) and workspace and workspace.diagnostics \
                and workspace.diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    def settings_changed(self, data: Any) -> None:
        """Apply new settings and re-check every open document."""
        try:
            self.settings = Settings.parse(data, self.settings)
        except SettingsError as exc:
            self.window_show_message(T.ShowMessageParams(T.MessageType.Error,
                                                         f"dataway: {exc}"))
            return
        self._settings_generation += 1
        if self.client_pulls:
            refresh = self.client_capabilities.workspace
            if refresh and refresh.diagnostics and refresh.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for doc in self.documents.all():
            self.request_check(doc.uri)


def create_server() -> DatawayLanguageServer:
    """A server with every feature registered (not yet connected)."""
    from . import features

    server = DatawayLanguageServer()
    features.register(server)
    return server


class _ExpectedFailures(logging.Filter):
    """Keep answers the client already received as errors (RequestFailed: "formatter refused
    this script") out of the server log; defects keep their traceback there."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, RequestFailed)


def main() -> int:
    """Serve over stdio until the client sends ``exit``."""
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_ExpectedFailures())
    create_server().start_io()
    return 0
