"""HTTP Listener (§5.1) served by the real server: routing, refusals, responses, load."""
from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from typing import Any, AsyncIterator

import httpx
import pytest

from dataway.connectors.base import close_pools
from dataway.connectors.http.listener import close_server
from dataway.connectors.http.routing import Pattern, Route, RouteTable, split_path

from .http_support import SLOW_CALLS, RawClient, engine_with, serve_asgi, start_listener, \
    upstream, wait_for_slow_call


def listener(name: str, path: str, methods: str = "[ALL]", extra: str = "",
             steps: str = "") -> str:
    steps = steps or """
  - id: out
    type: transform
    config:
      payload: {expr: "{'flow': '%s', 'params': msg.attrs['path_params']}"}
""" % name
    return f"""
flow: {name}
trigger:
  id: rx
  type: http_listener
  config:
    path: "{path}"
    methods: {methods}
{extra}
steps:
{steps}
"""


@contextlib.asynccontextmanager
async def served(flows: dict[str, str], connections: Any = None,
                 **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    engine = engine_with(flows, connections, app="shop", **settings)
    server = await start_listener(engine, len(flows))
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=server.url + "/shop", timeout=httpx.Timeout(30, pool=None),
                                 limits=limits) as client:
        client.engine = engine  # type: ignore[attr-defined]
        try:
            yield client
        finally:
            await engine.shutdown(grace=1)
            await close_server(engine)
            await close_pools(engine)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


# -- routing ---------------------------------------------------------------------------------

PATTERNS = ["/user/{id}/*", "/user/{id}", "/user/me", "/user/*", "/*", "/user/{id}/orders",
            "/files/*"]
PRECEDENCE = [
    ("/user/me", "/user/me"),
    ("/user/7", "/user/{id}"),
    ("/user/7/", "/user/{id}"),           # trailing slash ignored
    ("/user/7/a", "/user/{id}/*"),
    ("/user/7/a/b", "/user/{id}/*"),
    ("/user/7/orders", "/user/{id}/orders"),
    ("/user", "/user/*"),                 # * matches zero segments
    ("/other/x", "/*"),
    ("/files", "/files/*"),
    ("/files/a%2Fb", "/files/*"),
]


@pytest.mark.parametrize("path, winner", PRECEDENCE)
def test_routing_precedence_table(path: str, winner: str) -> None:
    table = RouteTable()
    for i, text in enumerate(PATTERNS):
        table.add(Route(Pattern(text), frozenset({"ALL"}), f"f{i}.yaml", text))
    route, _, _ = table.select("GET", split_path(path))
    assert route is not None and route.target == winner


def test_ties_go_to_the_first_file_and_params_are_decoded_per_segment() -> None:
    table = RouteTable()
    table.add(Route(Pattern("/a/{x}"), frozenset({"ALL"}), "b.yaml", "b"))
    table.add(Route(Pattern("/a/{y}"), frozenset({"ALL"}), "a.yaml", "a"))
    route, params, _ = table.select("GET", split_path("/a/x%2Fy%20z"))
    assert route.target == "a" and params == {"y": "x/y z"}
    route, params, _ = table.select("GET", split_path("/a"))
    assert route is None


def test_method_filter_before_specificity_and_405_allow() -> None:
    table = RouteTable()
    table.add(Route(Pattern("/o/new"), frozenset({"POST"}), "a.yaml", "new"))
    table.add(Route(Pattern("/o/{id}"), frozenset({"GET"}), "b.yaml", "get"))
    assert table.select("GET", ["o", "new"])[0].target == "get"
    assert table.select("HEAD", ["o", "new"])[0].target == "get"
    assert table.select("POST", ["o", "new"])[0].target == "new"
    route, _, allowed = table.select("DELETE", ["o", "new"])
    assert route is None and allowed == ["GET", "POST"]


def test_routing_through_the_server_with_base_path_and_attrs() -> None:
    async def scenario() -> list[Any]:
        flows = {"a": listener("a", "/user/{id}/*"), "b": listener("b", "/user/me"),
                 "c": listener("c", "/echo", "[POST]", steps="""
  - id: out
    type: transform
    config:
      payload: {expr: "{'method': msg.attrs['method'], 'path': msg.attrs['path'], 'q': msg.attrs['query'].getall('q'), 'h': msg.attrs['headers']['X-TEST'], 'ip': msg.attrs['remote_addr'], 'ct': msg.payload.mime_type, 'body': msg.payload['^value']}"}
""")}
        async with served(flows) as client:
            out = []
            for path in ("/user/me", "/user/42/a/b", "/user/me/"):
                out.append((await client.get(path)).json())
            r = await client.post("/echo?q=1&q=2", json={"k": "é"}, headers={"x-test": "v"})
            out.append(r.json())
            out.append((await client.get("/nothing")).status_code)
            out.append((await client.get("/echo")).headers.get("allow"))
            return out
    me, deep, slash, echo, missing, allow = run(scenario())
    assert me == {"flow": "b", "params": {}} and slash == me
    assert deep == {"flow": "a", "params": {"id": "42", "*": "a/b"}}
    assert echo == {"method": "POST", "path": "/shop/echo", "q": ["1", "2"], "h": "v",
                    "ip": "127.0.0.1", "ct": "application/json", "body": {"k": "é"}}
    assert missing == 404 and allow == "POST"


# -- refusals ---------------------------------------------------------------------------------

def test_every_refusal_status_has_a_json_body(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAWAY_SECRET_SHOP_PASSWORD", "s3cret-pw")

    async def scenario() -> dict[str, httpx.Response]:
        flows = {
            "auth": listener("auth", "/auth", extra="    auth: {username: u, password: "
                             "!secret SHOP_PASSWORD}"),
            "ips": listener("ips", "/ips", extra="    ip_allowlist: [10.0.0.0/8]"),
            "ok": listener("ok", "/ok", extra="    ip_allowlist: [127.0.0.0/8, '::1']"),
            "small": listener("small", "/small", "[POST]", extra="    max_body: 10"),
        }
        async with served(flows) as client:
            good = "Basic " + base64.b64encode(b"u:s3cret-pw").decode()
            bad = "Basic " + base64.b64encode(b"u:wrong").decode()

            async def chunks() -> AsyncIterator[bytes]:
                for _ in range(5):
                    yield b"abcdef"

            return {
                "404": await client.get("/missing"),
                "405": await client.put("/small"),
                "401-none": await client.get("/auth"),
                "401-bad": await client.get("/auth", headers={"authorization": bad}),
                "401-garbage": await client.get("/auth", headers={"authorization": "Basic %%"}),
                "200-auth": await client.get("/auth", headers={"authorization": good}),
                "403": await client.get("/ips"),
                "403-forwarded": await client.get("/ips", headers={
                    "x-forwarded-for": "10.1.2.3", "forwarded": "for=10.1.2.3"}),
                "200-ip": await client.get("/ok"),
                "413-declared": await client.post("/small", content=b"x" * 11),
                "413-chunked": await client.post("/small", content=chunks()),
                "200-small": await client.post("/small", content=b"x" * 10),
                "400": await client.post("/small", content=b"x",
                                         headers={"content-type": "text/plain; charset=nope"}),
            }
    got = run(scenario())
    for key, response in got.items():
        assert response.status_code == int(key[:3]), (key, response.text)
        if not key.startswith("200"):
            body = response.json()
            assert set(body) == {"Code", "Description"}, key
            assert "Traceback" not in response.text and "s3cret" not in response.text
    assert got["401-none"].headers["www-authenticate"] == 'Basic realm="shop"'
    assert got["405"].headers["allow"] == "POST"
    assert got["413-chunked"].json()["Code"] == "PAYLOAD_TOO_LARGE"


def test_run_timeout_504_and_backpressure_503() -> None:
    async def scenario() -> tuple[list[int], Any]:
        async with serve_asgi(upstream) as url:
            step = """
  - {id: call, type: http_request, connection: up, config: {path: /slow, query: {s: 8}}}
"""
            # One run slot: "slow" holds it for its 5 s timeout, so "quick" (timeout 1 s)
            # never gets one.
            flows = {"slow": listener("slow", "/slow", extra="    timeout: 5", steps=step),
                     "quick": listener("quick", "/quick", extra="    timeout: 1", steps=step)}
            conns = {"up": {"type": "http", "config": {"base_url": url}}}
            async with served(flows, conns, max_concurrent_runs=1) as client:
                calls = len(SLOW_CALLS)
                first = asyncio.ensure_future(client.get("/slow"))
                await wait_for_slow_call(calls + 1)  # "slow" holds the only run slot
                second = await client.get("/quick")
                statuses = [(await first).status_code, second.status_code]
                await asyncio.sleep(0.1)
                engine = client.engine  # type: ignore[attr-defined]
                return statuses, [r.status for r in engine.records]
    statuses, runs = run(scenario())
    assert statuses == [504, 503]
    assert runs == ["cancelled"]  # the 504 run was cancelled; the 503 request never ran


# -- responses --------------------------------------------------------------------------------

ORDER_STEPS = """
  - id: parse
    type: set_variable
    config: {name: order, value: {expr: "msg.payload['^value']"}}
  - id: check
    type: choice
    branches:
      - when: "msg.vars['order'].get('qty', 0) <= 0"
        steps:
          - {id: bad, type: raise_error, config: {error_type: VALIDATION, description: qty must be positive}}
  - id: out
    type: transform
    config:
      payload: {expr: "{'ok': True, 'qty': msg.vars['order']['qty']}"}
"""
RESPONSES = """    response:
      status: {expr: "201 if msg.attrs['method'] == 'POST' else 200"}
      headers: {expr: "{'X-Run': 'yes', 'Transfer-Encoding': 'chunked'}"}
    error_response:
      status: {expr: "400 if msg.error['Code'] in ('VALIDATION', 'EXPRESSION') else 500"}
      body: {expr: "{'error': msg.error['Code'], 'why': msg.error['Description']}"}"""


def test_response_and_error_response_fields_and_malformed_bodies() -> None:
    async def scenario() -> list[httpx.Response]:
        flows = {"orders": listener("orders", "/orders", "[POST, PUT]", RESPONSES, ORDER_STEPS)}
        async with served(flows) as client:
            xml = "application/xml"
            return [
                await client.post("/orders", json={"qty": 2}),
                await client.put("/orders", json={"qty": 2}),
                await client.post("/orders", json={"qty": 0}),
                await client.post("/orders", content=b'{"qty": ',
                                  headers={"content-type": "application/json"}),
                await client.post("/orders", content=b"<order><qty>1</qty>",
                                  headers={"content-type": xml}),
                await client.post("/orders", content=b"\xff\xfe\x00garbage",
                                  headers={"content-type": "application/json"}),
                await client.post("/orders"),
            ]
    created, put, invalid, broken_json, broken_xml, binary, empty = run(scenario())
    assert created.status_code == 201 and created.json() == {"ok": True, "qty": 2}
    # Hop-by-hop headers set by the flow are dropped (Content-Length frames the body).
    assert created.headers["x-run"] == "yes" and "transfer-encoding" not in created.headers
    assert put.status_code == 200
    assert invalid.status_code == 400 and invalid.json() == {
        "error": "VALIDATION", "why": "qty must be positive"}
    for response in (broken_json, broken_xml, binary, empty):
        assert response.status_code == 400, response.text
        assert response.json()["error"] == "EXPRESSION"
        assert "Traceback" not in response.text


def test_default_error_body_failing_response_field_and_stream_body() -> None:
    async def scenario() -> list[httpx.Response]:
        flows = {
            "fails": listener("fails", "/fails", steps="""
  - {id: boom, type: raise_error, config: {description: it broke}}
"""),
            "badresp": listener("badresp", "/badresp", extra="""    response:
      status: {expr: "'not a status'"}"""),
            "none": listener("none", "/none", steps="""
  - {id: nothing, type: set_payload, config: {value: null}}
"""),
            "stream": listener("stream", "/stream", steps="""
  - id: items
    type: set_payload
    config:
      value:
        code: |
          def dw_process(msg):
              for i in range(3):
                  yield {'n': i}
"""),
        }
        async with served(flows) as client:
            return [await client.get("/fails"), await client.get("/badresp"),
                    await client.get("/none"), await client.head("/fails"),
                    await client.get("/stream")]
    fails, badresp, none, head, stream = run(scenario())
    assert fails.status_code == 500
    assert fails.json() == {"Code": "GENERAL", "Description": "it broke"}
    assert badresp.status_code == 500 and badresp.json()["Code"] == "VALIDATION"
    assert "response.status" in badresp.json()["Description"]
    assert none.status_code == 200 and none.content == b"" and \
        "content-type" not in none.headers
    assert head.status_code == 500 and head.content == b""
    # A Stream payload is sent chunked as a JSON array, item by item.
    assert stream.status_code == 200 and stream.json() == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert stream.headers["content-type"] == "application/json"
    assert "content-length" not in stream.headers


def test_thousand_concurrent_requests_mixing_good_and_bad_bodies() -> None:
    async def scenario() -> tuple[dict[int, int], int]:
        flows = {"orders": listener("orders", "/orders", "[POST]", RESPONSES, ORDER_STEPS)}
        async with served(flows, max_concurrent_runs=64) as client:
            port = int(str(client.base_url).split(":")[2].split("/")[0])
            bodies = [(b'{"qty": 3}', 201), (b'{"qty": -1}', 400), (b'{"qty"', 400),
                      (b"<x>", 400), (b"x" * 10, 400)]
            ctype = {"content-type": "application/json"}

            async def one(i: int) -> int:
                # A connection per request: 1,000 requests in flight at once.
                raw = RawClient("127.0.0.1", port)
                body, expected = bodies[i % len(bodies)]
                try:
                    status, _, data = await raw.request("POST", "/shop/orders", body, ctype)
                finally:
                    await raw.close()
                assert status == expected, (i, data)
                json.loads(data)  # always a JSON body
                return status

            statuses = await asyncio.gather(*(one(i) for i in range(1000)))
            alive = await client.post("/orders", json={"qty": 1})
            counts: dict[int, int] = {}
            for status in statuses:
                counts[status] = counts.get(status, 0) + 1
            return counts, alive.status_code
    counts, alive = run(scenario())
    assert counts == {201: 200, 400: 800} and alive == 201


def test_malformed_http_never_kills_the_server() -> None:
    async def scenario() -> tuple[list[bytes], int]:
        flows = {"orders": listener("orders", "/orders", "[POST]", RESPONSES, ORDER_STEPS)}
        async with served(flows) as client:
            port = int(str(client.base_url).split(":")[2].split("/")[0])
            replies = []
            for raw in (b"GARBAGE\r\n\r\n", b"POST /shop/orders HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Length: 5\r\n\r\nab", b"POST /shop/orders HTTP/1.1\r\n"
                        b"Host: x\r\nContent-Length: -3\r\n\r\n", b"\x00\x01\x02\r\n\r\n"):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(raw)
                await writer.drain()
                writer.write_eof()
                try:
                    replies.append(await asyncio.wait_for(reader.read(200), 5))
                finally:
                    writer.close()
            return replies, (await client.post("/orders", json={"qty": 1})).status_code
    replies, status = run(scenario())
    assert status == 201
    for reply in replies:
        assert b"Traceback" not in reply
