"""Process isolation: evaluate scripts in a pool of worker processes (defence in depth).

Each worker is a fresh interpreter (`python -m dataway.isolation`) speaking length-prefixed
pickle frames over its stdin/stdout; the parent unpickles answers with an allowlist of classes,
so even a compromised worker cannot make the parent call a host function.

In-process evaluation (``Script.evaluate``) is the default and is what the sandbox is designed
for: every limit of spec §14 is enforced by the evaluator itself. A :class:`ProcessPool` adds
the operating system as a second wall, for embedders that run scripts from tenants they do not
trust at all, or that want a hard bound even if an evaluator defect let a script through:

* each worker runs with ``RLIMIT_AS`` (address space) and ``RLIMIT_CPU`` (cumulative CPU
  seconds; workers are recycled before they reach it) set by the OS;
* the parent enforces a hard wall-clock deadline (the script's ``time`` limit plus a grace
  period): a worker that does not answer in time is killed (SIGKILL) and replaced, and the
  caller gets the same ``LimitError`` (``time``) an in-process evaluation would raise;
* a worker that dies (segfault, OOM kill) is replaced, and the caller gets an ``InternalError``.

Results and errors are the same as in-process evaluation: the worker compiles and evaluates
with the same API and sends back the boundary value (or the §15.2 error object). Differences:
values cross a process boundary, so ``raw=True`` is refused (raw values include functions and
other non-core objects), a Stream result is drained into a list in the worker, and each
evaluation pays an inter-process round trip (about 0.1-0.5 ms), so use it where isolation
matters more than per-call latency.
"""
from __future__ import annotations

import io
import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
import uuid
from typing import Any, BinaryIO, Callable, Mapping, Optional

from .api import Evaluation, Script
from .errors import (CODE_INTERNAL, CODE_LIMIT, CheckError, DatawayError, ErrorInfo,
                     InternalError, LimitError, ScriptError)

__all__ = ["ProcessPool"]

_ERROR_CLASSES = {"CheckError": CheckError, "ScriptError": ScriptError,
                  "LimitError": LimitError, "InternalError": InternalError}
_HEADER = struct.Struct("!I")

# What a worker's answer may contain. The parent never unpickles anything else: a worker is
# treated as compromised-by-assumption, so its bytes must not be able to name a host callable.
_SAFE_GLOBALS = {
    ("builtins", name) for name in ("set", "frozenset", "bytearray", "complex", "slice", "range")
} | {
    ("decimal", "Decimal"), ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"),
    ("datetime", "timedelta"), ("datetime", "timezone"), ("zoneinfo", "ZoneInfo"),
    ("zoneinfo._zoneinfo", "ZoneInfo"), ("copyreg", "_reconstructor"), ("copyreg", "__newobj__"),
    ("builtins", "object"),
    ("dataway.errors", "ErrorInfo"), ("dataway.errors", "Frame"),
    ("dataway.diagnostics", "Diagnostic"),
    ("dataway.data.entity", "Entity"), ("dataway.data.multimap", "MultiMap"),
    ("dataway.data.formdata", "FormDataParts"), ("dataway.data.formdata", "Part"),
    ("dataway.runtime.message", "Message"),
}


class _AnswerUnpickler(pickle.Unpickler):
    """Unpickles a worker's answer, refusing every global outside :data:`_SAFE_GLOBALS`."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _SAFE_GLOBALS:
            raise pickle.UnpicklingError(f"worker answer names {module}.{name}")
        return super().find_class(module, name)


def _write_frame(stream: BinaryIO, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    chunks = []
    while n:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError("worker closed its pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _worker_main() -> None:
    """Worker loop (``python -m dataway.isolation MEMORY CPU``): OS limits, then requests."""
    import resource

    memory_bytes, cpu_seconds = int(sys.argv[1]), int(sys.argv[2])
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    except (ValueError, OSError):  # a platform without these limits still gets the kill
        pass
    import dataway
    from .data.streams import Stream

    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the parent's pipe
    while True:
        try:
            (size,) = _HEADER.unpack(_read_exact(inp, _HEADER.size))
            request = pickle.loads(_read_exact(inp, size))  # from the trusted parent
        except EOFError:
            return
        if request is None:
            return
        source, mode, name, output_type, limits, msg, steps, options = request
        try:
            script = dataway.compile(source, mode=mode, name=name, output_type=output_type,
                                     limits=limits)
            result = script.evaluate(msg, steps, **options)
            value = result.value
            if isinstance(value, Stream):
                value = list(value)
            answer: Any = ("ok", (value, result.log, result.steps_used, result.elapsed))
        except DatawayError as exc:
            answer = ("error", (type(exc).__name__, exc.error, getattr(exc, "log", "")))
        except MemoryError:
            answer = ("error", ("LimitError", _limit_info(name, "memory", memory_bytes), ""))
        except Exception as exc:  # a defect: report it without host details
            answer = ("error", ("InternalError", _internal_info(name, exc), ""))
        _write_frame(out, answer)


def _limit_info(script: str, limit: str, value: Any) -> ErrorInfo:
    return ErrorInfo(code=CODE_LIMIT, type="LimitError",
                     message=f"limit '{limit}' exceeded ({value})", script=script, limit=limit)


def _internal_info(script: str, exc: BaseException) -> ErrorInfo:
    incident = uuid.uuid4().hex[:12]
    import logging

    logging.getLogger("dataway.isolation").error("internal error (incident %s): %r",
                                                 incident, exc)
    return ErrorInfo(code=CODE_INTERNAL, type="InternalError",
                     message=f"internal error (incident {incident})", script=script)


class _Worker:
    """One worker process (a fresh interpreter running this module) and its pipes."""

    def __init__(self, memory_bytes: int, cpu_seconds: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dataway.isolation", str(memory_bytes), str(cpu_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            close_fds=True)
        self.uses = 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, request: Any) -> None:
        _write_frame(self.process.stdin, request)  # type: ignore[arg-type]

    def wait_readable(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        return bool(ready)

    def receive(self) -> Any:
        stream = self.process.stdout
        (size,) = _HEADER.unpack(_read_exact(stream, _HEADER.size))  # type: ignore[arg-type]
        return _AnswerUnpickler(io.BytesIO(_read_exact(stream, size))).load()  # type: ignore[arg-type]

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()

    def stop(self) -> None:
        try:
            _write_frame(self.process.stdin, None)  # type: ignore[arg-type]
            self.process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
            return
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class ProcessPool:
    """A pool of worker processes that evaluate scripts under OS limits.

    ``workers`` processes are started lazily; ``memory_bytes`` is each worker's address-space
    limit (default 1 GiB); ``grace`` seconds are added to a script's ``time`` limit before the
    worker is killed; workers are recycled after ``max_uses`` evaluations. Thread-safe; use as a
    context manager or call :meth:`close`.
    """

    def __init__(self, workers: int = 2, *, memory_bytes: int = 1 << 30, grace: float = 2.0,
                 max_uses: int = 1000, cpu_seconds: int = 3600) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self._memory = memory_bytes
        self._grace = grace
        self._max_uses = max_uses
        self._cpu = cpu_seconds
        self._idle: "queue.Queue[Optional[_Worker]]" = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._size = workers
        self._closed = False
        for _ in range(workers):
            self._idle.put(None)  # a slot; the process starts on first use

    def __enter__(self) -> "ProcessPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._memory, self._cpu)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        worker.kill() if kill else worker.stop()

    def evaluate(self, script: Script, msg: Any = None,
                 steps: Optional[Mapping[str, Any]] = None, *, timezone: Optional[str] = None,
                 clock: Optional[Callable[[], float]] = None,
                 seed: Optional[int] = None) -> Evaluation:
        """Evaluate ``script`` in a worker; same results and errors as ``script.evaluate``.

        ``clock`` must be picklable (a module-level function) when given.
        """
        if self._closed:
            raise RuntimeError("the process pool is closed")
        options = {"timezone": timezone, "clock": clock, "seed": seed}
        request = (script.source, script.mode, script.name, script.output_type, script.limits,
                   msg, dict(steps or {}), options)
        slot = self._idle.get()
        worker = slot if slot is not None and slot.alive() else self._spawn()
        try:
            worker.send(request)
            worker.uses += 1
            if not worker.wait_readable(script.limits.time + self._grace):
                self._retire(worker, kill=True)
                worker = None
                raise LimitError(_limit_info(script.name, "time", f"{script.limits.time:g}s"))
            try:
                status, payload = worker.receive()
            except (EOFError, OSError, pickle.UnpicklingError):
                self._retire(worker, kill=True)
                worker = None
                raise InternalError(_internal_info(script.name, RuntimeError(
                    "worker process died during the evaluation"))) from None
        finally:
            if worker is not None and worker.uses >= self._max_uses:
                self._retire(worker, kill=False)
                worker = None
            self._idle.put(worker)
        if status == "ok":
            return Evaluation(*payload)
        cls_name, info, log = payload
        raise _ERROR_CLASSES[cls_name](info, log)

    def close(self) -> None:
        """Stop every worker (idempotent)."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


if __name__ == "__main__":
    _worker_main()
