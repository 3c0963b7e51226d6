"""``dataway convert``: the Entity readers and writers from the command line (issue #4 item 8).

Most cases call ``main()`` in-process (the CLI's whole contract is its exit code and streams);
one runs the console script in a subprocess to prove stdin/stdout bytes pass unchanged.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.cli.main import main


def run(capsysbinary, *argv: str, stdin: bytes = b"", monkeypatch=None) -> tuple[int, bytes, str]:
    """Exit code, stdout bytes and stderr text of ``dataway convert …``."""
    if monkeypatch is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    code = main(["convert", *argv])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_xml_file_to_json(tmp_path: Path, capsysbinary) -> None:
    src = tmp_path / "order.xml"
    src.write_bytes('<order id="7"><item sku="a">2</item><item sku="b">3</item>'
                    '<note>café</note><empty/></order>'.encode())
    code, out, err = run(capsysbinary, str(src), "--to", "application/json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"order": {"@id": "7", "item": [{"@sku": "a", "#text": "2"},
                                                              {"@sku": "b", "#text": "3"}],
                                         "note": "café", "empty": None}}


def test_csv_stdin_to_json(capsysbinary, monkeypatch) -> None:
    code, out, err = run(capsysbinary, "-", "--from", "text/csv", "--to", "application/json",
                         stdin=b'id,name\n1,"Smith, J"\n2,\n', monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == b'[{"id":"1","name":"Smith, J"},{"id":"2","name":""}]'


def test_output_file_and_charset(tmp_path: Path, capsysbinary) -> None:
    src = tmp_path / "in.json"
    src.write_text('{"city": "北京"}', encoding="utf-8")
    dest = tmp_path / "out.form"
    code, out, err = run(capsysbinary, str(src), "--to",
                         "application/x-www-form-urlencoded; charset=gbk", "-o", str(dest))
    assert (code, out, err) == (0, b"", "")
    assert dest.read_bytes() == b"city=%B1%B1%BE%A9"


@pytest.mark.parametrize("argv, message", [
    (["-", "--to", "application/json"], "--from is required when reading standard input"),
    (["missing.json", "--to", "application/json"], "cannot read missing.json"),
    (["data.bin", "--to", "application/json"], "cannot guess the type of data.bin"),
    (["-", "--from", "appl;;", "--to", "application/json"], "--from: ValueError: invalid MIME"),
    (["-", "--from", "application/json"], "the following arguments are required: --to"),
])
def test_usage_errors_exit_2(argv, message, capsysbinary, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.bin").write_bytes(b"\x00")
    code, out, err = run(capsysbinary, *argv, monkeypatch=monkeypatch)
    assert code == 2 and out == b""
    assert message in err


@pytest.mark.parametrize("mime, body, message", [
    ("application/json", b'{"a": [1,\n 2', "cannot parse Entity as application/json"),
    ("application/xml", b"<a>\n<b></a>", "cannot parse Entity as application/xml: mismatched tag: "
                                        "line 2, column 6"),
    ("application/json", b"[" * 5000 + b"]" * 5000, "LimitError: limit 'value_depth' exceeded"),
    ("application/xml", b"<a>" * 5000 + b"</a>" * 5000, "LimitError"),
])
def test_malformed_documents_exit_1_naming_the_place(mime, body, message, capsysbinary,
                                                     monkeypatch) -> None:
    code, out, err = run(capsysbinary, "-", "--from", mime, "--to", "application/json",
                         stdin=body, monkeypatch=monkeypatch)
    assert code == 1 and out == b""
    assert err.startswith("dataway convert: <stdin>: ") and message in err
    assert "Traceback" not in err


def test_external_entities_are_never_read(tmp_path: Path, capsysbinary, monkeypatch) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           "<r>&x;</r>").encode()
    code, out, err = run(capsysbinary, "-", "--from", "application/xml", "--to",
                         "application/json", stdin=doc, monkeypatch=monkeypatch)
    assert b"TOP-SECRET" not in out and "TOP-SECRET" not in err
    assert code == 1, out


records = st.lists(st.fixed_dictionaries({
    "id": st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                  max_size=8),
    "name": st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
                    max_size=8),
}), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(records)
def test_json_csv_round_trip(rows) -> None:
    """JSON → CSV → JSON gives the records back: quoting of commas, quotes, newlines, non-ASCII."""
    from dataway.cli.convert import convert

    csv_bytes = convert(json.dumps(rows).encode(), "application/json", "text/csv")
    assert json.loads(convert(csv_bytes, "text/csv", "application/json")) == rows


def test_console_script_streams_bytes(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("dataway")
    proc = subprocess.run([str(exe), "convert", "-", "--from", "application/json", "--to",
                           "application/xml"], input=b'{"r": {"v": [1, 2], "s": "\xc3\xa9"}}',
                          capture_output=True, timeout=60, env={**os.environ})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ('<?xml version="1.0" encoding="utf-8"?><r><v>1</v><v>2</v>'
                           "<s>é</s></r>").encode()
