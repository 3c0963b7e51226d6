"""A minimal LSP client speaking JSON-RPC over the stdio of a ``dataway lsp`` subprocess.

Written for the tests and the benchmark, independent of pygls (so the server is checked against
the protocol, not against its own library): ``Content-Length`` framing, requests matched to
responses by id, notifications collected in order, and the server's own requests
(``workspace/configuration``, ``client/registerCapability``, progress) answered.
"""
from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Optional

__all__ = ["LspClient", "LspError", "server_command"]


class LspError(Exception):
    """An error response: ``code`` and ``message`` as the server sent them."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def server_command() -> list[str]:
    """``dataway lsp`` of the interpreter running the tests (its own venv's install)."""
    return [sys.executable, "-m", "dataway.cli.main", "lsp", "--stdio"]


class LspClient:
    """Start the server and talk to it. ``configuration`` answers workspace/configuration."""

    def __init__(self, command: Optional[list[str]] = None,
                 configuration: Optional[dict[str, Any]] = None) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(command or server_command(), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.configuration = configuration
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self.notifications: list[tuple[float, dict[str, Any]]] = []
        self.server_requests: list[dict[str, Any]] = []
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # ------------------------------------------------------------------- transport
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self._cond:
                        self._cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None, "frame without Content-Length"
            message = json.loads(stream.read(length).decode("utf-8"))
            self._dispatch(message)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" in message and "id" in message:  # a request from the server
            self.server_requests.append(message)
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [self.configuration for _ in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
            return
        with self._cond:
            if "method" in message:
                self.notifications.append((time.perf_counter(), message))
            else:
                self._responses[message["id"]] = message
            self._cond.notify_all()

    @property
    def stderr(self) -> str:
        """What the server wrote to stderr so far."""
        return b"".join(self._stderr).decode("utf-8", "replace")

    # --------------------------------------------------------------------- API
    def request(self, method: str, params: Any = None, timeout: float = 60.0) -> Any:
        """Send a request and wait for its result (LspError on an error response)."""
        msg_id = next(self._ids)
        self._send({"id": msg_id, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self._cond:
            while msg_id not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"no answer to {method}; stderr:\n{self.stderr}")
                self._cond.wait(left)
            response = self._responses.pop(msg_id)
        if "error" in response:
            raise LspError(response["error"]["code"], response["error"]["message"])
        return response.get("result")

    def notify(self, method: str, params: Any = None) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def wait_notification(self, method: str, predicate: Callable[[dict], bool] = lambda p: True,
                          *, after: int = 0, timeout: float = 60.0) -> tuple[int, float, dict]:
        """The first notification ``method`` at index >= ``after`` whose params satisfy
        ``predicate``: (index, arrival time, params)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for index in range(after, len(self.notifications)):
                    arrived, message = self.notifications[index]
                    if message["method"] == method and predicate(message["params"]):
                        return index, arrived, message["params"]
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"no {method} notification; stderr:\n{self.stderr}")
                self._cond.wait(left)

    def initialize(self, capabilities: Optional[dict] = None,
                   initialization_options: Any = None) -> dict[str, Any]:
        """initialize + initialized; returns the server's InitializeResult."""
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": None,
            "capabilities": capabilities if capabilities is not None else {},
            "initializationOptions": initialization_options})
        self.notify("initialized", {})
        return result

    def shutdown(self, timeout: float = 30.0) -> int:
        """shutdown + exit; returns the server's exit status."""
        self.request("shutdown")
        self.notify("exit")
        try:
            return self.proc.wait(timeout)
        finally:
            for stream in (self.proc.stdin, self.proc.stdout):
                try:
                    stream.close()  # type: ignore[union-attr]
                except OSError:
                    pass

    def kill(self) -> None:
        """Stop the server if it is still running (test cleanup)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
