"""HTTP Request (§7.3) against real in-process servers: uvicorn, a silent socket, a closed port."""
from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

from dataway.connectors.base import close_pools
from dataway.engine.loader import LoadError

from .http_support import closed_port, engine_with, serve_asgi, silent_server, upstream


def flow(config: str, catch: bool = False) -> str:
    return f"""
flow: call
steps:
  - id: req
    type: http_request
    connection: api
    config: {config}
"""


def run_request(base_url: str, config: str, payload: Any = None, **conn: Any) -> Any:
    async def scenario() -> Any:
        engine = engine_with({"call": flow(config)},
                             {"api": {"type": "http", "config": {"base_url": base_url, **conn}}})
        try:
            return await engine.run_flow("call", {"payload": payload})
        finally:
            await close_pools(engine)
            await engine.shutdown(grace=0)
    return asyncio.run(scenario())


def with_upstream(config: str, payload: Any = None, base: str = "", **conn: Any) -> Any:
    async def scenario() -> Any:
        async with serve_asgi(upstream) as url:
            return await asyncio.to_thread(run_request, url + base, config, payload, **conn)
    return asyncio.run(scenario())


def echoed(record: Any) -> dict[str, Any]:
    assert record.status == "succeeded", record.error
    return record.message.payload.parsed()


def test_get_with_query_headers_and_response_attrs() -> None:
    record = with_upstream("{method: GET, path: /echo, query: {a: [1, 2], b: true}, "
                           "headers: {X-One: v}}", headers={"X-Conn": "c"})
    body = echoed(record)
    assert body["method"] == "GET"
    assert body["query"] == [["a", "1"], ["a", "2"], ["b", "true"]]
    assert body["headers"]["x-one"] == "v" and body["headers"]["x-conn"] == "c"
    attrs = record.message.attrs
    assert attrs["status_code"] == 200 and attrs["reason"] == "OK"
    assert attrs["headers"]["CONTENT-TYPE"] == "application/json"
    assert record.message.payload.mime_type == "application/json"


def test_post_sends_payload_as_json_by_default_and_base_path_is_kept() -> None:
    record = with_upstream("{method: POST, path: echo}", payload={"n": 1}, base="/echo/base")
    body = echoed(record)
    assert body["path"] == "/echo/base/echo"
    assert base64.b64decode(body["body"]) == b'{"n":1}'
    assert body["headers"]["content-type"] == "application/json"


@pytest.mark.parametrize("value, raw, ctype", [
    ("!bytes abc", b"abc", "application/octet-stream"),
    ("hello", b"hello", "text/plain; charset=utf-8"),
    ("!multimap [[a, '1'], [a, '2 3']]", b"a=1&a=2+3", "application/x-www-form-urlencoded"),
    ("!entity {mime_type: application/xml, text: '<a/>'}", b"<a/>",
     "application/xml; charset=utf-8"),
])
def test_body_encoding_table(value: str, raw: bytes, ctype: str) -> None:
    record = with_upstream(f"{{method: PUT, path: /echo, body: {value}}}")
    body = echoed(record)
    assert base64.b64decode(body["body"]) == raw
    assert body["headers"]["content-type"] == ctype


def test_explicit_content_type_overrides_type_not_bytes() -> None:
    record = with_upstream("{method: POST, path: /echo, headers: {Content-Type: text/x-mine}, "
                           "body: {expr: \"{'a': 1}\"}}")
    body = echoed(record)
    assert body["headers"]["content-type"] == "text/x-mine"
    assert base64.b64decode(body["body"]) == b'{"a":1}'


def test_get_sends_no_body_by_default() -> None:
    body = echoed(with_upstream("{method: GET, path: /echo}", payload={"n": 1}))
    assert body["body"] == "" and "content-type" not in body["headers"]


def test_non_2xx_is_returned_normally() -> None:
    record = with_upstream("{path: /status/404}")
    assert record.status == "succeeded"
    assert record.message.attrs["status_code"] == 404
    assert record.message.attrs["reason"] == "Not Found"


@pytest.mark.parametrize("rule, status, fails", [
    ("[404]", 404, True), ("['5xx']", 503, True), ("['5xx']", 404, False),
    ("true", 302, True), ("true", 204, False), ("false", 500, False)])
def test_fail_on_status(rule: str, status: int, fails: bool) -> None:
    record = with_upstream(f"{{path: /status/{status}, fail_on_status: {rule}}}",
                           max_redirects=0)
    assert (record.status == "failed") is fails
    if fails:
        assert record.error["Code"] == "HTTP:STATUS"
        assert record.error["Description"].startswith(f"req: HTTP {status} ")
        # The failed message keeps the response so a catch can inspect it.
        assert record.message.attrs["status_code"] == status


def test_redirect_303_becomes_get_without_body() -> None:
    record = with_upstream("{method: POST, path: /redirect/303, query: {to: /echo}}",
                           payload={"x": 1})
    body = echoed(record)
    assert body["method"] == "GET" and body["body"] == ""
    assert "content-type" not in body["headers"]


@pytest.mark.parametrize("code", [307, 308])
def test_redirect_307_308_keep_method_and_body(code: int) -> None:
    record = with_upstream(f"{{method: PUT, path: /redirect/{code}, query: {{to: /echo}}}}",
                           payload={"x": 1})
    body = echoed(record)
    assert body["method"] == "PUT" and base64.b64decode(body["body"]) == b'{"x":1}'


def test_redirects_limited_by_max_redirects() -> None:
    record = with_upstream("{path: /redirect/302, query: {to: '/redirect/302?to=/echo'}}",
                           max_redirects=1)
    assert record.status == "succeeded"
    assert record.message.attrs["status_code"] == 302
    record = with_upstream("{path: /redirect/302, query: {to: '/redirect/302?to=/echo'}}",
                           max_redirects=2)
    assert echoed(record)["path"] == "/echo"


def test_authorization_dropped_on_redirect_to_another_host() -> None:
    async def scenario() -> tuple[Any, Any]:
        async with serve_asgi(upstream) as url:
            other = url.replace("127.0.0.1", "localhost") + "/echo"
            conf = {"auth": {"type": "basic", "username": "u", "password": "p"}}
            same = await asyncio.to_thread(run_request, url, "{path: /redirect/302, query: "
                                           "{to: /echo}}", None, **conf)
            cross = await asyncio.to_thread(run_request, url, "{path: /redirect/302, query: "
                                            f"{{to: '{other}'}}}}", None, **conf)
            return same, cross
    same, cross = asyncio.run(scenario())
    assert echoed(same)["headers"]["authorization"] == "Basic dTpw"
    assert "authorization" not in echoed(cross)["headers"]


def test_bearer_auth_from_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAWAY_SECRET_API_TOKEN", "tok-123456")
    from dataway.engine.yamlsrc import Secret

    record = with_upstream("{path: /echo}", auth={"type": "bearer", "token": Secret("API_TOKEN")})
    assert echoed(record)["headers"]["authorization"] == "Bearer tok-123456"


def test_refused_connection_is_connectivity() -> None:
    record = run_request(f"http://127.0.0.1:{closed_port()}", "{path: /x}")
    assert record.status == "failed"
    assert record.error["Code"] == "HTTP:CONNECTIVITY"
    assert "GET http://127.0.0.1:" in record.error["Description"]


def test_silent_server_is_timeout() -> None:
    async def scenario() -> Any:
        async with silent_server() as port:
            return await asyncio.to_thread(run_request, f"http://127.0.0.1:{port}",
                                           "{path: /x}", None, timeout=1)
    record = asyncio.run(scenario())
    assert record.error["Code"] == "HTTP:TIMEOUT"


def test_slow_response_is_timeout_and_catchable_as_timeout() -> None:
    async def scenario() -> Any:
        async with serve_asgi(upstream) as url:
            text = f"""
flow: call
steps:
  - id: guard
    type: try
    steps:
      - {{id: req, type: http_request, connection: api, config: {{path: /slow, query: {{s: 5}}}}}}
    catch:
      - types: [TIMEOUT]
        steps: [{{id: note, type: set_payload, config: {{value: caught}}}}]
"""
            engine = engine_with({"call": text},
                                 {"api": {"type": "http", "config": {"base_url": url,
                                                                     "timeout": 1}}})
            try:
                return await engine.run_flow("call", None)
            finally:
                await close_pools(engine)
                await engine.shutdown(grace=0)
    record = asyncio.run(scenario())
    assert record.status == "succeeded" and record.message.payload == "caught"


@pytest.mark.parametrize("chunked", [False, True])
def test_oversized_response_is_limit(chunked: bool) -> None:
    query = "{chunked: '1'}" if chunked else "{}"
    record = with_upstream(f"{{path: /bytes/5000, query: {query}}}", max_response=4096)
    assert record.error["Code"] == "LIMIT"
    assert "max_response" in record.error["Description"]
    ok = with_upstream(f"{{path: /bytes/4096, query: {query}}}", max_response=4096)
    assert ok.status == "succeeded" and len(ok.message.payload.blob) == 4096


def test_response_mime_type_override_and_charset() -> None:
    record = with_upstream("{path: /text}")
    assert record.message.payload.encoding == "latin-1"
    assert record.message.payload.parsed() == "caf\u00e9"
    record = with_upstream("{path: /echo, response_mime_type: text/plain}")
    assert record.message.payload.mime_type == "text/plain"


def test_bad_header_value_is_validation() -> None:
    record = with_upstream("{path: /echo, headers: {X-Bad: \"a\\nb\"}}")
    assert record.error["Code"] == "VALIDATION"


def test_load_checks_connection_type_and_config() -> None:
    with pytest.raises(LoadError) as info:
        engine_with({"call": flow("{path: /}")}, {"api": {"type": "http", "config": {
            "base_url": "ftp://x", "max_redirects": 11}}})
    text = str(info.value)
    assert "base_url" in text and "max_redirects" in text
    with pytest.raises(LoadError, match="not http"):
        engine_with({"call": flow("{path: /}")}, {"api": {"type": "crypto", "config": {}}})
    with pytest.raises(LoadError, match="fail_on_status"):
        engine_with({"call": flow("{fail_on_status: ['6xx']}")},
                    {"api": {"type": "http", "config": {"base_url": "http://h"}}})


def test_pool_is_shared_and_closed_with_the_instance() -> None:
    async def scenario() -> tuple[int, bool]:
        async with serve_asgi(upstream) as url:
            engine = engine_with({"call": flow("{path: /echo}")},
                                 {"api": {"type": "http", "config": {"base_url": url}}})
            for _ in range(3):
                assert (await engine.run_flow("call", None)).status == "succeeded"
            pools = engine.shared["connectors.pools"]
            client = next(iter(pools.values()))
            count = len(pools)
            await close_pools(engine)
            await engine.shutdown(grace=0)
            return count, client.is_closed
    assert asyncio.run(scenario()) == (1, True)
