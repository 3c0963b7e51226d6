"""Secrets (§7.1): providers, the encrypted file and its CLI, masking in errors and replies."""
from __future__ import annotations

import asyncio
import base64
import io
from pathlib import Path

import httpx
import pytest

from dataway.cli.main import main
from dataway.connectors import secrets
from dataway.connectors.base import close_pools
from dataway.connectors.http.listener import close_server
from dataway.engine.yamlsrc import Secret

from .http_support import engine_with, serve_asgi, start_listener, upstream


@pytest.fixture()
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    from cryptography.fernet import Fernet

    value = Fernet.generate_key().decode()
    monkeypatch.setenv(secrets.KEY_ENV, value)
    return value


def test_file_round_trip_is_encrypted_at_rest(tmp_path: Path, key: str) -> None:
    path = secrets.secrets_path(tmp_path, "production")
    store = secrets.SecretsFile(path)
    store.write({"DB_PASSWORD": "hunter2-long"})
    assert b"hunter2" not in path.read_bytes()
    assert store.read() == {"DB_PASSWORD": "hunter2-long"}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    from cryptography.fernet import Fernet

    with pytest.raises(secrets.SecretsFileError, match="cannot decrypt"):
        secrets.SecretsFile(path, Fernet.generate_key().decode()).read()
    with pytest.raises(secrets.SecretsFileError, match="not a valid key"):
        secrets.SecretsFile(path, "short").read()


def test_environment_variable_wins_over_the_file(tmp_path: Path, key: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    secrets.SecretsFile(secrets.secrets_path(tmp_path, "sandbox")).write(
        {"TOKEN": "from-file-1", "ONLY_FILE": "file-only-2"})
    provider = secrets.Provider("sandbox", [secrets.secrets_path(tmp_path, "sandbox")])
    monkeypatch.setenv("DATAWAY_SECRET_TOKEN", "from-env-3")
    assert provider.get("TOKEN") == "from-env-3"
    assert provider.get("ONLY_FILE") == "file-only-2"
    with pytest.raises(secrets.SecretMissing, match="DATAWAY_SECRET_NOPE"):
        provider.get("NOPE")
    # Another environment's file is not read.
    other = secrets.Provider("production", [secrets.secrets_path(tmp_path, "production")])
    with pytest.raises(secrets.SecretMissing):
        other.get("ONLY_FILE")


def test_cli_set_list_rm(tmp_path: Path, key: str, capsys: pytest.CaptureFixture[str],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["secret", "set", str(tmp_path), "API_KEY", "--value", "k-123456"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin\n"))
    assert main(["secret", "set", str(tmp_path), "OTHER", "--env", "production"]) == 0
    capsys.readouterr()
    assert main(["secret", "list", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "API_KEY\n"
    assert main(["secret", "list", str(tmp_path), "--env", "production"]) == 0
    assert capsys.readouterr().out == "OTHER\n"
    assert secrets.SecretsFile(secrets.secrets_path(tmp_path, "production")).read() == \
        {"OTHER": "from-stdin"}
    assert main(["secret", "rm", str(tmp_path), "API_KEY"]) == 0
    assert main(["secret", "rm", str(tmp_path), "API_KEY"]) == 1
    assert main(["secret", "set", str(tmp_path), "bad-name", "--value", "x"]) == 2
    monkeypatch.delenv(secrets.KEY_ENV)
    assert main(["secret", "list", str(tmp_path), "--env", "production"]) == 1
    assert "DATAWAY_SECRETS_KEY is not set" in capsys.readouterr().err
    assert main(["secret", "keygen"]) == 0
    assert len(base64.urlsafe_b64decode(capsys.readouterr().out.strip())) == 32


def test_listener_password_from_the_file_and_masking(tmp_path: Path, key: str) -> None:
    app_dir = tmp_path / "shop"
    app_dir.mkdir()
    secrets.SecretsFile(secrets.secrets_path(tmp_path, "sandbox")).write(
        {"PW": "pa55-word-xyz"})
    flow = """
flow: echo
trigger:
  id: rx
  type: http_listener
  config:
    path: /e
    auth: {username: u, password: !secret PW}
steps:
  - {id: boom, type: raise_error, config: {description: {expr: "'leak ' + msg.attrs['headers']['x-pw']"}}}
"""

    async def scenario() -> httpx.Response:
        engine = engine_with({"echo": flow}, app="shop")
        engine.project.apps["shop"].root = app_dir  # as if loaded from tmp_path/shop
        server = await start_listener(engine)
        try:
            async with httpx.AsyncClient() as client:
                return await client.get(server.url + "/shop/e", auth=("u", "pa55-word-xyz"),
                                        headers={"x-pw": "pa55-word-xyz"})
        finally:
            await engine.shutdown(grace=0)
            await close_server(engine)
    response = asyncio.run(scenario())
    assert response.status_code == 500
    assert response.json() == {"Code": "GENERAL", "Description": "leak ***"}
    assert secrets.mask("x pa55-word-xyz y") == "x *** y"


def test_connector_errors_mask_secret_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAWAY_SECRET_UP_TOKEN", "t0ken-abcdef")
    flow = """
flow: call
steps:
  - {id: req, type: http_request, connection: up, config: {path: {expr: "'/status/500?t=' + 't0ken-abcdef'"}, fail_on_status: true}}
"""

    async def scenario() -> object:
        async with serve_asgi(upstream) as url:
            engine = engine_with({"call": flow}, {"up": {"type": "http", "config": {
                "base_url": url, "auth": {"type": "bearer", "token": Secret("UP_TOKEN")}}}})
            try:
                return await engine.run_flow("call", None)
            finally:
                await close_pools(engine)
                await engine.shutdown(grace=0)
    record = asyncio.run(scenario())
    assert record.error["Code"] == "HTTP:STATUS"
    from dataway.cli.serve import run_line

    import dataclasses

    line = run_line(dataclasses.replace(record, error={"Code": "X",
                                                       "Description": "token t0ken-abcdef"}))
    assert "t0ken-abcdef" not in line and "token ***" in line


def test_serve_masks_run_records_before_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataway.cli.serve import mask_record
    from dataway.engine.records import LogRecord, RunRecord

    monkeypatch.setenv("DATAWAY_SECRET_REC_PW", "rec-pw-998877")
    secrets.Provider().get("REC_PW")  # resolved once: from now on it is masked
    record = RunRecord(id="r", app="a", flow="f", seq_id="r", status="failed",
                       error={"Code": "GENERAL", "Description": "bad rec-pw-998877"},
                       logs=[LogRecord(0.0, "r", "f", None, "INFO", "c", "pw=rec-pw-998877")])
    mask_record(record)
    assert record.error == {"Code": "GENERAL", "Description": "bad ***"}
    assert record.logs[0].message == "pw=***"
