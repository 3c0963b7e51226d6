"""Server settings and document modes (dataway.lsp.workspace)."""
from __future__ import annotations

import pytest

from dataway.lsp.workspace import Documents, Settings, SettingsError


def test_modes_by_language_glob_and_extension() -> None:
    settings = Settings.parse({"modes": {"templates/*.txt": "text", "*.cond": "expression"}})
    assert settings.mode_for("file:///p/a.dw") == "code"
    assert settings.mode_for("file:///p/a.dwx") == "expression"
    assert settings.mode_for("file:///p/x.cond") == "expression"
    assert settings.mode_for("file:///p/templates/mail.txt") == "text"
    assert settings.mode_for("file:///p/a.dw", "dataway-text") == "text"
    assert settings.mode_for("file:///p/caf%C3%A9.cond") == "expression"  # percent-decoded
    assert settings.mode_for("untitled:Untitled-1") == "code"


def test_selection_and_partial_updates() -> None:
    settings = Settings.parse({"dataway": {"select": ["DW2"], "ignore": "DW205"}})
    assert settings.selection.allows("DW201") and not settings.selection.allows("DW205")
    assert not settings.selection.allows("DW401")
    later = Settings.parse({"ignore": []}, settings)  # select kept, ignore cleared
    assert later.selection.allows("DW205") and not later.selection.allows("DW401")
    assert Settings.parse({"select": None}, later).selection.allows("DW401")
    assert Settings.parse(None, later) is later


@pytest.mark.parametrize("data, field", [
    ({"modes": {"*.x": "python"}}, "dataway.modes['*.x']"),
    ({"modes": ["*.x"]}, "dataway.modes"),
    ({"select": ["DW9999"]}, "dataway.select"),
    ({"ignore": [3]}, "dataway.ignore"),
    ({"sample": {"payload": 1, "other": 2}}, "dataway.sample"),
    ({"sample": {"vars": [1]}}, "dataway.sample.vars"),
    ("nope", "settings must be an object"),
])
def test_invalid_settings_name_the_field(data: object, field: str) -> None:
    with pytest.raises(SettingsError) as info:
        Settings.parse(data)
    assert field in str(info.value)


def test_documents_keep_language_and_drop_caches_on_change() -> None:
    docs = Documents()
    doc = docs.open("file:///a.dw", "x = 1\r\ny", 1, "dataway-expression")
    assert doc.lines.line_text(1) == "y"
    changed = docs.change("file:///a.dw", "x = 2", 2)
    assert changed.language_id == "dataway-expression" and changed.cache == {}
    docs.close("file:///a.dw")
    assert docs.get("file:///a.dw") is None and docs.all() == []
