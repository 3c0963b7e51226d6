"""End to end: a real LSP client speaks JSON-RPC over stdio to a ``dataway lsp`` process.

One server process serves the module (start-up costs about a second on a loaded machine); tests
use distinct document URIs so they do not depend on each other's state.
"""
from __future__ import annotations

import importlib.util
import os
import time
from typing import Any, Iterator

import pytest

from dataway.lint import Selection, help_uri, lint_source

if importlib.util.find_spec("pygls") is None and os.environ.get("DATAWAY_REQUIRE_SERVICES") != "1":
    # A virtualenv installed before pygls became a dependency: say how to fix it instead of
    # failing every test with a dead server process (CI installs fresh and never skips).
    pytest.skip("pygls is not installed in this virtualenv: run pip install -e '.[test]'",
                allow_module_level=True)

from .client import LspClient, LspError  # noqa: E402 - after the skip

SCRIPT = """\
import json


def helper(order, factor=2):
    total = order['qty'] * factor
    return total


def dw_process(msg):
    label = '😀 größe'
    return {'n': helper(msg.payload), 'label': label, 'x': undefined_name}
"""

CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}},
    "workspace": {"configuration": True},
}


@pytest.fixture(scope="module")
def client() -> Iterator[LspClient]:
    c = LspClient(configuration={"ignore": ["DW205"]})
    try:
        result = c.initialize(CAPABILITIES)
        c.capabilities = result["capabilities"]  # type: ignore[attr-defined]
        yield c
        assert c.shutdown() == 0
    finally:
        c.kill()


def _uri(name: str) -> str:
    return f"file:///work/project/{name}"


def _open(client: LspClient, name: str, text: str, version: int = 1) -> dict[str, Any]:
    """didOpen and wait for the diagnostics of that version."""
    uri = _uri(name)
    start = len(client.notifications)
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "dataway", "version": version, "text": text}})
    _, _, params = client.wait_notification(
        "textDocument/publishDiagnostics",
        lambda p: p["uri"] == uri and p.get("version") == version, after=start)
    return params


def _utf16_slice(line: str, start: int, end: int) -> str:
    units = line.encode("utf-16-le")
    return units[start * 2:end * 2].decode("utf-16-le")


def _pos(text: str, needle: str, nth: int = 0, delta: int = 0) -> dict[str, int]:
    """LSP position (UTF-16) of the nth ``needle`` in ``text`` plus ``delta`` code points."""
    offset = -1
    for _ in range(nth + 1):
        offset = text.index(needle, offset + 1)
    offset += delta
    head = text[:offset]
    line_start = head.rfind("\n") + 1
    return {"line": head.count("\n"),
            "character": len(head[line_start:].encode("utf-16-le")) // 2}


def test_initialize_advertises_incremental_sync_and_features(client: LspClient) -> None:
    caps = client.capabilities  # type: ignore[attr-defined]
    assert caps["textDocumentSync"]["change"] == 2  # Incremental
    assert caps["positionEncoding"] == "utf-16"
    for feature in ("definitionProvider", "referencesProvider", "documentSymbolProvider",
                    "documentFormattingProvider", "diagnosticProvider"):
        assert caps.get(feature), feature


def test_pushed_diagnostics_equal_dataway_check(client: LspClient) -> None:
    """Same codes and messages as ``dataway check``, UTF-16 ranges, README code links."""
    params = _open(client, "push.dw", SCRIPT)
    expected = lint_source(SCRIPT, mode="code", selection=Selection(ignore=("DW205",)))
    got = [(d["code"], d["message"]) for d in params["diagnostics"]]
    assert got == [(d.code, d.message + (f" ({d.suggestion})" if d.suggestion else ""))
                   for d in expected.diagnostics]
    assert ("DW201", "name 'undefined_name' is not defined") in got
    lines = SCRIPT.split("\n")
    for diag in params["diagnostics"]:
        assert diag["codeDescription"]["href"] == help_uri(diag["code"])
        assert diag["source"] == "dataway"
    undefined = next(d for d in params["diagnostics"] if d["code"] == "DW201")
    rng = undefined["range"]
    assert _utf16_slice(lines[rng["start"]["line"]], rng["start"]["character"],
                        rng["end"]["character"]) == "undefined_name"


def test_incremental_change_after_astral_character(client: LspClient) -> None:
    """An edit addressed in UTF-16 units after an emoji lands where the client meant it."""
    text = "def dw_process(msg):\n    s = '😀'\n    return s + undefined_a\n"
    uri = _uri("incremental.dw")
    _open(client, "incremental.dw", text)
    # Rename undefined_a -> s by replacing the exact UTF-16 range of the name.
    start = _pos(text, "undefined_a")
    end = dict(start, character=start["character"] + len("undefined_a"))
    mark = len(client.notifications)
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": start, "end": end}, "text": "s"},
                           # then insert right after the emoji: UTF-16 character 11 on line 1
                           # (4 spaces, "s = '" is 5 units, the emoji 2)
                           {"range": {"start": {"line": 1, "character": 11},
                                      "end": {"line": 1, "character": 11}},
                            "text": "' + nope + '"}]})
    _, _, params = client.wait_notification(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == uri and p.get("version") == 2,
        after=mark)
    (diag,) = params["diagnostics"]
    assert diag["code"] == "DW201" and "'nope'" in diag["message"]
    # line 1 is now:     s = '😀' + nope + ''   ('nope' starts at UTF-16 unit 15)
    assert diag["range"] == {"start": {"line": 1, "character": 15},
                             "end": {"line": 1, "character": 19}}
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert [s["name"] for s in symbols] == ["dw_process"]
    hl = client.request("textDocument/documentHighlight", {
        "textDocument": {"uri": uri}, "position": {"line": 2, "character": 11}})
    assert [h["range"]["start"] for h in hl] == [{"line": 1, "character": 4},
                                                 {"line": 2, "character": 11},
                                                 {"line": 2, "character": 15}]
    report = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert report["kind"] == "full" and report["items"] == params["diagnostics"]


def test_pull_diagnostics_and_unchanged_report(client: LspClient) -> None:
    uri = _uri("pull.dw")
    _open(client, "pull.dw", "def dw_process(msg):\n    return nope\n")
    report = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in report["items"]] == ["DW201"]
    again = client.request("textDocument/diagnostic", {
        "textDocument": {"uri": uri}, "previousResultId": report["resultId"]})
    assert again == {"kind": "unchanged", "resultId": report["resultId"]}


def test_definition_and_references(client: LspClient) -> None:
    uri = _uri("nav.dw")
    _open(client, "nav.dw", SCRIPT)
    found = client.request("textDocument/definition", {
        "textDocument": {"uri": uri}, "position": _pos(SCRIPT, "helper(msg", delta=2)})
    assert found == [{"uri": uri, "range": {"start": _pos(SCRIPT, "helper"),
                                            "end": _pos(SCRIPT, "helper", delta=6)}}]
    refs = client.request("textDocument/references", {
        "textDocument": {"uri": uri}, "position": _pos(SCRIPT, "label,"),
        "context": {"includeDeclaration": True}})
    assert [r["range"]["start"] for r in refs] == [_pos(SCRIPT, "label ="),
                                                   _pos(SCRIPT, "label,")]
    # Undefined names have no definition.
    nothing = client.request("textDocument/definition", {
        "textDocument": {"uri": uri}, "position": _pos(SCRIPT, "undefined_name")})
    assert nothing is None


def test_formatting(client: LspClient) -> None:
    """One edit with dataway fmt's output, CRLF kept; a broken script fails with its reason."""
    from dataway.fmt import format_source

    uri = _uri("fmt.dw")
    text = "def dw_process( msg ):\r\n    return   1+2\r\n"
    _open(client, "fmt.dw", text)
    request = {"textDocument": {"uri": uri}, "options": {"tabSize": 4, "insertSpaces": True}}
    (edit,) = client.request("textDocument/formatting", request)
    expected = format_source(text.replace("\r\n", "\n"), mode="code")
    assert expected != text.replace("\r\n", "\n")
    assert edit["newText"] == expected.replace("\n", "\r\n")
    assert edit["range"] == {"start": {"line": 0, "character": 0},
                             "end": {"line": 2, "character": 0}}
    _open(client, "fmt-broken.dw", "def dw_process(msg:\n    return 1\n")
    with pytest.raises(LspError) as info:
        client.request("textDocument/formatting", dict(request, textDocument={
            "uri": _uri("fmt-broken.dw")}))
    assert info.value.code == -32803 and "syntax error" in info.value.message


def test_expression_mode_by_extension(client: LspClient) -> None:
    """``.dwx`` documents are checked in expression mode, where ``msg`` is predefined."""
    params = _open(client, "cond.dwx", "msg.payload['a'] > 1 and nope")
    assert [d["code"] for d in params["diagnostics"]] == ["DW201"]


def test_request_about_unknown_document_fails_clearly(client: LspClient) -> None:
    with pytest.raises(LspError) as info:
        client.request("textDocument/documentSymbol", {"textDocument": {"uri": _uri("no.dw")}})
    assert "document not open" in info.value.message


def test_settings_from_initialization_options() -> None:
    """select/ignore and mode globs given at initialize apply to the first check."""
    c = LspClient()
    try:
        c.initialize({}, {"ignore": ["DW2"], "modes": {"*.tmpl": "text"}})
        params = _open(c, "a.dw", "def dw_process(msg):\n    x = 1\n    return nope\n")
        assert params["diagnostics"] == []  # DW203 and DW201 both ignored
        params = _open(c, "page.tmpl", "Hello ${msg.payload['name']} ${")
        assert [d["code"] for d in params["diagnostics"]] == ["DW106"]
        assert c.shutdown() == 0
    finally:
        c.kill()


def test_completion_and_resolve(client: LspClient) -> None:
    """Members after ``json.`` with a text edit over the typed prefix; docs on resolve."""
    uri = _uri("complete.dw")
    text = "import json\n\n\ndef dw_process(msg):\n    s = '😀'\n    return s + json.du"
    _open(client, "complete.dw", text)
    position = {"line": 5, "character": len("    return s + json.du")}
    result = client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": position})
    items = {i["label"]: i for i in result["items"]}
    dumps = items["dumps"]
    assert "loads" not in items  # filtered by the typed prefix "du"
    assert dumps["textEdit"]["range"] == {
        "start": {"line": 5, "character": position["character"] - 2}, "end": position}
    assert dumps["textEdit"]["newText"] == "dumps"
    resolved = client.request("completionItem/resolve", dumps)
    assert resolved["documentation"]["value"] == "Serialise a value to JSON text."
    # Members of a value of known type, on a line with an astral character before the cursor.
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 5, "character": 0},
                                      "end": {"line": 5, "character": 99}},
                            "text": "    t = '😀'.up"}]})
    result = client.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": {"line": 5, "character": 15}})
    upper = next(i for i in result["items"] if i["label"] == "upper")
    assert upper["textEdit"]["range"]["start"] == {"line": 5, "character": 13}


def test_hover_builtins_members_and_script_names(client: LspClient) -> None:
    uri = _uri("hover.dw")
    text = ("import json\n\n\ndef helper(order, factor=2):\n    '''Total of one order.'''\n"
            "    return order\n\n\ndef dw_process(msg):\n    label = '😀'\n"
            "    return json.dumps(helper(msg.payload)) + label.upper()\n")
    _open(client, "hover.dw", text)

    def markdown(needle: str) -> str:
        result = client.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": _pos(text, needle, delta=1)})
        return result["contents"]["value"] if result else ""

    assert "json.dumps(obj, *" in markdown("dumps") and "Serialise" in markdown("dumps")
    assert "def helper(order, factor=2)" in markdown("helper(msg")
    assert "Total of one order." in markdown("helper(msg")
    assert "(field) Message.payload" in markdown("payload")
    assert "(parameter) msg: Message" in markdown("msg.payload")
    assert "(variable) label: str" in markdown("label.upper")
    assert "(method) str.upper() -> str" in markdown("upper")
    result = client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": _pos(text, "upper")})
    assert result["range"] == {"start": _pos(text, "upper"), "end": _pos(text, "upper", delta=5)}
    assert client.request("textDocument/hover", {
        "textDocument": {"uri": uri}, "position": _pos(text, "Total")}) is None


def test_signature_help(client: LspClient) -> None:
    uri = _uri("signature.dw")
    text = "import json\n\n\ndef dw_process(msg):\n    return json.dumps(msg.payload, indent="
    _open(client, "signature.dw", text)
    result = client.request("textDocument/signatureHelp", {
        "textDocument": {"uri": uri}, "position": _pos(text, "indent=", delta=7)})
    (signature,) = result["signatures"]
    assert signature["label"].startswith("dumps(obj, *, ")
    start, end = signature["parameters"][result["activeParameter"]]["label"]
    assert signature["label"][start:end] == "indent=None"


def test_settings_from_workspace_configuration_and_changes(client: LspClient) -> None:
    """The fixture's client answers workspace/configuration with ignore=[DW205]; a later
    didChangeConfiguration re-checks open documents; a bad setting is reported, not applied."""
    assert any(r["method"] == "workspace/configuration" for r in client.server_requests)
    uri = _uri("settings.dw")
    text = "def dw_process(msg):\n    sum = 0\n    return sum + nope\n"
    mark = len(client.notifications)
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "dataway", "version": 1, "text": text}})
    client.wait_notification("textDocument/publishDiagnostics",
                             lambda p: p["uri"] == uri and [d["code"] for d in
                                                            p["diagnostics"]] == ["DW201"],
                             after=mark)
    mark = len(client.notifications)
    client.notify("workspace/didChangeConfiguration",
                  {"settings": {"dataway": {"ignore": ["DW201"]}}})
    _, _, params = client.wait_notification(
        "textDocument/publishDiagnostics", lambda p: p["uri"] == uri, after=mark)
    assert [d["code"] for d in params["diagnostics"]] == ["DW205"]
    mark = len(client.notifications)
    client.notify("workspace/didChangeConfiguration",
                  {"settings": {"dataway": {"modes": {"*.dw": "java"}}}})
    _, _, shown = client.wait_notification("window/showMessage", after=mark)
    assert shown["type"] == 1 and "dataway.modes['*.dw']" in shown["message"]
    client.notify("workspace/didChangeConfiguration",
                  {"settings": {"dataway": {"ignore": ["DW205"]}}})  # back to the fixture's


def test_pull_client_gets_provisional_then_refresh() -> None:
    """A pulling client gets no pushes; after an edit inside a function its pull is answered
    provisionally, the server asks for a refresh, and the next pull is exact."""
    c = LspClient()
    try:
        c.initialize({"textDocument": {"diagnostic": {}},
                      "workspace": {"diagnostics": {"refreshSupport": True}}})
        uri = _uri("pulled.dw")
        text = "import json\n\n\ndef dw_process(msg):\n    x = 1\n    return nope\n"
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "dataway", "version": 1, "text": text}})
        first = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri}})
        assert first["resultId"] == "1/0"
        assert [d["code"] for d in first["items"]] == ["DW204", "DW203", "DW201"]
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": {"line": 5, "character": 11},
                                          "end": {"line": 5, "character": 15}},
                                "text": "json.dumps(x)"}]})
        fast = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri},
                                                     "previousResultId": first["resultId"]})
        assert fast["resultId"] == "2/0/provisional"
        # Provisional: the import's last use changed inside the function; DW204 is stale.
        assert [d["code"] for d in fast["items"]] == ["DW204"]
        deadline = time.monotonic() + 60
        while not any(r["method"] == "workspace/diagnostic/refresh" for r in c.server_requests):
            assert time.monotonic() < deadline, "no workspace/diagnostic/refresh"
            time.sleep(0.05)
        exact = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri},
                                                      "previousResultId": fast["resultId"]})
        assert exact == {"kind": "full", "resultId": "2/0", "items": []}
        assert not [n for _, n in c.notifications if n["method"] == "textDocument/publishDiagnostics"]
        assert c.shutdown() == 0
    finally:
        c.kill()


def test_utf8_position_encoding_when_the_client_prefers_it() -> None:
    """A client preferring UTF-8 gets byte offsets, in diagnostics and in its own edits."""
    c = LspClient()
    try:
        result = c.initialize({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
        assert result["capabilities"]["positionEncoding"] == "utf-8"
        text = "def dw_process(msg):\n    s = 'é😀'\n    return s\n"
        params = _open(c, "bytes.dw", text)
        assert params["diagnostics"] == []
        # Insert ' + nope' after the closing quote: byte 16 of line 1 (é is 2 bytes, 😀 4).
        mark = len(c.notifications)
        c.notify("textDocument/didChange", {
            "textDocument": {"uri": _uri("bytes.dw"), "version": 2},
            "contentChanges": [{"range": {"start": {"line": 1, "character": 16},
                                          "end": {"line": 1, "character": 16}},
                                "text": " + nope"}]})
        _, _, params = c.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p.get("version") == 2, after=mark)
        (diag,) = params["diagnostics"]
        assert diag["code"] == "DW201"
        assert diag["range"] == {"start": {"line": 1, "character": 19},
                                 "end": {"line": 1, "character": 23}}
        assert c.shutdown() == 0
    finally:
        c.kill()
