"""The asyncio flow engine: runs, step lists, field evaluation, errors, limits, cancellation.

One :class:`Engine` serves the loaded flows of a project. A run executes a step list message by
message (§4.1): each step gets a :class:`StepCall` (its window on the run) and returns a new
message or raises :class:`~dataway.engine.errors.StepFailed`; the failure propagates through
enclosing scopes as an exception carrying the failed message (§4.3). ``visible`` is the dict
behind ``steps`` (§4.4): sequential scopes share their caller's dict, parallel scopes and Async
children copy it, Flow Reference starts an empty one.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Mapping, Optional

from .clock import Clock, RealClock, WaitTimeout
from .context import RECORDED_ITERATIONS, EngineSettings, LoopSignal, RunState, StepCall
from .errors import ErrorTypes, RunCancelled, StepFailed
from .executor import InlineExecutor, PoolExecutor, ScriptExecutor
from .fields import DatawayBackend, ScriptBackend
from .graph import FlowGraph, StepNode
from .ids import new_ulid
from .message import Message
from .records import LEVELS, LOG_MESSAGE_LIMIT, LogRecord, RunRecord, StepRecord
from .segments import ON_LOOP, Segment, drive, runs_inline
from .triggers import RunRefused, RunTimedOut, TriggerPort

__all__ = ["Engine", "EngineSettings", "StepCall", "LoopSignal", "RunState",
           "RECORDED_ITERATIONS", "RunRefused", "RunTimedOut", "TriggerPort"]

_log = logging.getLogger("dataway.engine")


class Engine:
    """Runs the flows of one loaded project (or app) in one process."""

    def __init__(self, project: Any, *, clock: Optional[Clock] = None,
                 executor: Optional[ScriptExecutor] = None, settings: Optional[EngineSettings] = None,
                 backend: Optional[ScriptBackend] = None, cache: Any = None, locks: Any = None,
                 on_run_end: Optional[Callable[[RunRecord], None]] = None) -> None:
        self.project = project
        self.clock = clock or RealClock()
        self.executor = executor or PoolExecutor()
        self.settings = settings or EngineSettings()
        self.backend = backend or getattr(project, "backend", None) or DatawayBackend()
        self.error_types: ErrorTypes = getattr(project, "error_types", None) or ErrorTypes()
        from .state.cache import MemoryCache
        from .state.locks import MemoryLocks
        self.cache = cache or MemoryCache(self.clock)
        self.locks = locks or MemoryLocks(self.clock)
        self.on_run_end = on_run_end
        self.records: list[RunRecord] = []
        self.shared: dict[str, Any] = {}  # per-instance component state (rate-limit buckets)
        self._run_slots = asyncio.Semaphore(self.settings.max_concurrent_runs)
        self._accepting = True
        self._async_slots = asyncio.Semaphore(self.settings.max_async_pending)
        self._active: dict[str, RunState] = {}
        self._children: set[asyncio.Task[Any]] = set()
        self._triggers: list[asyncio.Task[Any]] = []
        self._stop: Optional[asyncio.Event] = None
        self._script_clock = None if isinstance(self.clock, RealClock) else self.clock.time
        self._log_threshold = LEVELS.get(self.settings.log_level, 10)
        self._script_limits = None
        if self.settings.script_limits:
            from dataway.limits import DEFAULT_LIMITS

            self._script_limits = DEFAULT_LIMITS.replace(**self.settings.script_limits)
        options = {"timezone": self.settings.timezone, "clock": self._script_clock,
                   "seed": self.settings.seed, "limits": self._script_limits}
        # Keyword options of every script evaluation, built once (None means the default).
        self.script_options = {k: v for k, v in options.items() if v is not None}

    @property
    def inline_scripts(self) -> bool:
        """True when scripts run on the calling thread (tests, benchmarks)."""
        return isinstance(self.executor, InlineExecutor)

    @property
    def _base_segment(self) -> Optional[Segment]:
        # Inline executors keep every step on the loop thread; pools hand segments to workers.
        return ON_LOOP if isinstance(self.executor, InlineExecutor) else None

    # -- the trigger embedding API (engine/triggers.py) ----------------------------------
    def port(self, flow: str, app: Optional[str] = None) -> TriggerPort:
        """A trigger's handle on ``flow`` (KeyError when it is not loaded)."""
        return TriggerPort(self, flow, app)

    @property
    def accepting(self) -> bool:
        """False once :meth:`shutdown` (or :meth:`stop_accepting`) began: new runs are refused."""
        return self._accepting

    def stop_accepting(self) -> None:
        """Refuse every later run start with RunRefused('stopping'); in-flight runs go on."""
        self._accepting = False

    @property
    def free_slots(self) -> int:
        """Run slots free right now (``max_concurrent_runs`` minus runs holding one)."""
        return self._run_slots._value  # asyncio.Semaphore keeps no public counter

    async def _take_slot(self, timeout: Optional[float]) -> None:
        if not self._accepting:
            raise RunRefused("stopping", "the engine is shutting down")
        slots = self._run_slots
        if timeout is None or not slots.locked():
            await slots.acquire()  # without a timeout: wait for room (§4.5 backpressure)
        elif timeout <= 0:
            raise RunRefused("busy", "no run slot free (max_concurrent_runs)")
        else:
            try:
                await self.clock.wait_for(slots.acquire(), timeout)
            except WaitTimeout:
                raise RunRefused("busy", f"no run slot free within {timeout:g} s "
                                 "(max_concurrent_runs)") from None
        if not self._accepting:  # shutdown began while this caller waited for a slot
            slots.release()
            raise RunRefused("stopping", "the engine is shutting down")

    # -- flows --------------------------------------------------------------------------
    def flow(self, name: str, app: Optional[str] = None) -> FlowGraph:
        """The loaded flow ``name`` (or ``app/name``); KeyError when unknown."""
        return self.project.flow(name, app)

    async def run_flow(self, name: str, message: Any = None, *, app: Optional[str] = None,
                       mocks: Optional[Mapping[str, Any]] = None, from_step: Optional[str] = None,
                       to_step: Optional[str] = None, slot_timeout: Optional[float] = None,
                       run_timeout: Optional[float] = None) -> RunRecord:
        """Start a run of ``name`` with ``message`` (a Message, a ``{payload, attrs, vars}``
        dict, or None) as the trigger's output; wait for it and return its record.

        Backpressure (§4.5): the run waits for one of ``max_concurrent_runs`` slots, at most
        ``slot_timeout`` seconds when given (then RunRefused). ``run_timeout`` cancels the run
        after that many seconds and raises RunTimedOut (see engine/triggers.py).
        """
        graph = self.flow(name, app)
        await self._take_slot(slot_timeout)
        try:
            state = self._new_state(graph, None, mocks)
            msg = self._first_message(message, state.record.seq_id)
            nodes = graph.steps
            visible: dict[str, Message] = {}
            if from_step or to_step:
                nodes, skipped = _slice(graph, from_step, to_step)
                # Steps before the range did not run: only mocked ones appear in `steps`.
                for node in skipped:
                    if state.mocks and node.id in state.mocks:
                        try:
                            visible[node.id] = self._apply_mock(state, node, state.mocks[node.id],
                                                                msg)
                        except StepFailed:
                            pass
            if graph.trigger is not None and from_step is None:
                visible[graph.trigger.id] = msg
            if run_timeout is None:
                return await self._execute(state, nodes, msg, visible)
            return await self._execute_with_timeout(state, nodes, msg, visible, run_timeout)
        finally:
            self._run_slots.release()

    async def _execute_with_timeout(self, state: RunState, nodes: list[StepNode], msg: Message,
                                    visible: dict[str, Message], timeout: float) -> RunRecord:
        fired = False

        async def watchdog() -> None:
            nonlocal fired
            await self.clock.sleep(timeout)
            fired = True
            self.cancel(state.record.id, f"run timed out after {timeout:g} s")

        timer = asyncio.get_running_loop().create_task(watchdog())
        try:
            record = await self._execute(state, nodes, msg, visible)
        finally:
            timer.cancel()
        if fired and record.status == "cancelled":
            raise RunTimedOut(record, timeout)
        return record

    def _new_state(self, graph: FlowGraph, parent: Optional[RunState],
                   mocks: Optional[Mapping[str, Any]]) -> RunState:
        run_id = new_ulid(self.clock.time())
        seq_id = parent.record.seq_id if parent is not None else run_id
        record = RunRecord(id=run_id, app=graph.app, flow=graph.name, seq_id=seq_id,
                           parent_run_id=parent.record.id if parent is not None else None,
                           started_at=self.clock.time(),
                           environment=self.settings.environment)
        return RunState(record, mocks or (parent.mocks if parent else {}))

    def _first_message(self, message: Any, seq_id: str) -> Message:
        if isinstance(message, Message):
            return Message(message.payload, message.attrs, message.vars, None, seq_id=seq_id)
        if isinstance(message, dict):
            return Message(message.get("payload"), dict(message.get("attrs") or {}),
                           dict(message.get("vars") or {}), None, seq_id=seq_id)
        return Message(message, seq_id=seq_id)

    async def _execute(self, state: RunState, nodes: list[StepNode], msg: Message,
                       visible: dict[str, Message], prefix: str = "") -> RunRecord:
        record = state.record
        self._active[record.id] = state
        # The run gets a task of its own, so cancelling the run never cancels its caller.
        inner = asyncio.get_running_loop().create_task(
            self.run_steps(state, nodes, msg, visible, prefix, 0, False, self._base_segment))
        state.task = inner
        caller_cancelled = False
        try:
            try:
                out = await inner
            except asyncio.CancelledError:
                if inner.done():
                    raise  # the run itself was cancelled
                # The caller was cancelled: cancel the run too, then let the caller go.
                caller_cancelled = True
                state.cancel_reason = state.cancel_reason or "run cancelled with its caller"
                inner.cancel()
                try:
                    await inner
                except BaseException:
                    pass
                raise
            record.status = "succeeded"
            record.message = out
        except StepFailed as failure:
            record.status = "failed"
            record.error = dict(failure.error)
            record.error_detail = failure.detail
            record.message = failure.message
            self.write_log(state, None, "ERROR", "engine",
                           f"run failed: {failure.code}: {failure.description}")
        except LoopSignal as signal:  # unreachable for checked flows: a defect, not user error
            record.status = "failed"
            record.error = {"Code": "INTERNAL", "Description": f"{signal.kind} outside a loop"}
        except (RunCancelled, asyncio.CancelledError) as exc:
            reason = state.cancel_reason or getattr(exc, "reason", None) or "run cancelled"
            record.status = "cancelled"
            record.error = {"Code": "CANCELLED", "Description": reason}
        finally:
            record.ended_at = self.clock.time()
            self._active.pop(record.id, None)
            self._remember(record)
        if caller_cancelled:
            raise asyncio.CancelledError()
        return record

    def _remember(self, record: RunRecord) -> None:
        self.records.append(record)
        if len(self.records) > self.settings.keep_records:
            del self.records[: len(self.records) - self.settings.keep_records]
        if self.on_run_end is not None:
            self.on_run_end(record)

    # -- step lists -----------------------------------------------------------------------
    async def run_steps(self, state: RunState, nodes: list[StepNode], msg: Message,
                        visible: dict[str, Message], prefix: str, depth: int,
                        quiet: bool = False, segment: Optional[Segment] = None) -> Message:
        """Run ``nodes`` in order from ``msg``; returns the last output or raises.

        On the event loop (``segment`` None) each stretch of inline steps becomes one segment on
        a worker thread (engine/segments.py); inside a segment every step runs right here.
        """
        if segment is not None:
            for node in nodes:
                msg = await self.run_step(state, node, msg, visible, prefix, depth, quiet, segment)
            return msg
        i, n = 0, len(nodes)
        while i < n:
            if runs_inline(nodes[i]):
                j = i + 1
                while j < n and runs_inline(nodes[j]):
                    j += 1
                msg = await self.run_segment(state, nodes[i:j], msg, visible, prefix, depth, quiet)
                i = j
            else:
                msg = await self.run_step(state, nodes[i], msg, visible, prefix, depth, quiet)
                i += 1
        return msg

    async def run_segment(self, state: RunState, nodes: list[StepNode], msg: Message,
                          visible: dict[str, Message], prefix: str, depth: int,
                          quiet: bool = False) -> Message:
        """Run inline ``nodes`` as one segment on a worker thread and wait for it (§4.2)."""
        segment = Segment()
        future = self.executor.submit(
            drive, self.run_steps(state, nodes, msg, visible, prefix, depth, quiet, segment))
        clock = self.clock
        clock.begin_work()
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            # Stop at the next step boundary and wait for the thread to get there: the caller
            # must not close records or release locks while steps of this run still execute.
            segment.stop = True
            while not future.done():
                try:
                    await asyncio.shield(future)
                except asyncio.CancelledError:
                    continue
                except BaseException:
                    break
            if not future.cancelled():
                future.exception()  # retrieved: the cancellation is what the caller sees
            raise
        finally:
            clock.end_work()

    async def run_step(self, state: RunState, node: StepNode, msg: Message,
                       visible: dict[str, Message], prefix: str, depth: int,
                       quiet: bool = False, segment: Optional[Segment] = None) -> Message:
        """Run one step: boundary checks, mock or component, record, publish to ``steps``."""
        if state.cancel_reason is not None or (segment is not None and segment.stop):
            raise RunCancelled(state.cancel_reason or "run cancelled")
        if state.guards:
            self._check_guards(state)
        count = next(state.counter)
        path = prefix + node.id
        rec = StepRecord(path, node.id, node.type, self.clock.monotonic())
        if quiet:
            with state.lock:
                state.record.unrecorded += 1
        else:
            state.record.steps.append(rec)
        if count > self.settings.max_steps_per_run:
            failure = StepFailed("LIMIT", f"{node.id}: more than {self.settings.max_steps_per_run}"
                                 " step executions in one run (max_steps_per_run)")
            failure.message = msg.failed(failure.code, failure.description)
            self._finish(rec, "failed", failure.error)
            raise failure
        try:
            mock = state.mocks.get(node.id) if state.mocks else None
            if mock is not None:
                out = self._apply_mock(state, node, mock, msg)
            else:
                out = await node.component.run(
                    StepCall(self, state, node, visible, path, depth, quiet, segment), msg)
        except StepFailed as failure:
            if failure.message is None:
                failure.message = msg.failed(failure.code, failure.description)
            self._finish(rec, "failed", failure.error, failure.detail)
            if quiet:  # failures are always recorded
                with state.lock:
                    state.record.unrecorded -= 1
                state.record.steps.append(rec)
            raise
        except LoopSignal:
            self._finish(rec, "ok")
            raise
        except (RunCancelled, asyncio.CancelledError):
            self._finish(rec, "cancelled")
            raise
        except Exception as exc:  # a defect in a component: INTERNAL, details to the host log
            incident = new_ulid()
            _log.exception("internal error in step %s (incident %s)", path, incident)
            failure = StepFailed("INTERNAL", f"{node.id}: internal error (incident {incident})")
            failure.message = msg.failed(failure.code, failure.description)
            self._finish(rec, "failed", failure.error)
            raise failure from exc
        visible[node.id] = out
        if not quiet:
            rec.output = out
            rec.ended = self.clock.monotonic()
            rec.status = "ok"
        return out

    def _finish(self, rec: StepRecord, status: str, error: Optional[Mapping[str, str]] = None,
                detail: Any = None) -> None:
        rec.ended = self.clock.monotonic()
        rec.status = status
        rec.error = dict(error) if error is not None else None
        rec.detail = detail

    def _check_guards(self, state: RunState) -> None:
        now = self.clock.monotonic()
        for deadline, code, description in state.guards:
            if now >= deadline:
                raise StepFailed(code, description)

    def _apply_mock(self, state: RunState, node: StepNode, mock: Mapping[str, Any],
                    msg: Message) -> Message:
        if "outputs" in mock:
            outputs = list(mock["outputs"])
            with state.lock:
                n = state.mock_counts.get(node.id, 0)
                state.mock_counts[node.id] = n + 1
            mock = outputs[min(n, len(outputs) - 1)] if outputs else {}
        if "error" in mock:
            err = mock["error"] or {}
            raise StepFailed(str(err.get("Code", "GENERAL")), str(err.get("Description", "")))
        output = mock.get("output", mock)
        new_vars = dict(msg.vars)
        new_vars.update(output.get("vars") or {})
        return msg.derive(payload=output.get("payload"), attrs=dict(output.get("attrs") or {}),
                          vars=new_vars)

    # -- scripts and logs ---------------------------------------------------------------
    def write_log(self, state: RunState, step: Optional[str], level: str, category: str,
                  message: str) -> None:
        """Append a log record to the run (thread-safe enough: list.append is atomic)."""
        if LEVELS.get(level, 0) < self._log_threshold:
            return
        if len(message) > LOG_MESSAGE_LIMIT:
            message = message[:LOG_MESSAGE_LIMIT] + " [truncated]"
        record = state.record
        record.logs.append(LogRecord(self.clock.time(), record.id, record.flow, step, level,
                                     category, message))

    # -- Flow Reference and Async ----------------------------------------------------------
    async def call_flow(self, call: StepCall, target: str, msg: Message) -> Message:
        """Run another flow synchronously inside the caller's run (Flow Reference, §6.6)."""
        if call.depth + 1 > self.settings.max_flow_depth:
            raise StepFailed("LIMIT", f"{call.node.id}: flow reference depth exceeds "
                             f"{self.settings.max_flow_depth} (max_flow_depth)")
        try:
            graph = self.project.resolve_reference(target, call.node.extra.get("app"))
        except KeyError:
            raise StepFailed("FLOW:UNAVAILABLE", f"{call.node.id}: flow {target!r} is not "
                             "deployed") from None
        return await self.run_steps(call.state, graph.steps, msg, {}, call.path + "/",
                                    call.depth + 1, segment=call.segment)

    async def spawn_child(self, call: StepCall, nodes: list[StepNode], msg: Message) -> str:
        """Start an Async body as a child run; waits while ``max_async_pending`` is reached."""
        await self._async_slots.acquire()
        parent = call.state
        graph = self.project.flow(parent.record.flow, parent.record.app)
        state = self._new_state(graph, parent, parent.mocks)
        state.record.flow = parent.record.flow
        child_msg = Message(msg.payload, msg.attrs, msg.vars, None, seq_id=msg.seq_id)
        visible = dict(call.visible)

        async def child() -> None:
            try:
                await self._execute(state, nodes, child_msg, visible, call.path + "/")
            finally:
                self._async_slots.release()

        task = asyncio.get_running_loop().create_task(child())
        self._children.add(task)
        task.add_done_callback(self._children.discard)
        return state.record.id

    async def drain_children(self) -> None:
        """Wait for every Async child run started so far (tests, shutdown)."""
        while self._children:
            await asyncio.gather(*list(self._children), return_exceptions=True)

    # -- cancellation and shutdown -----------------------------------------------------------
    def cancel(self, run_id: str, reason: str = "run cancelled by operator") -> bool:
        """Cancel a running run: it stops at the next step boundary, waits are interrupted."""
        state = self._active.get(run_id)
        if state is None:
            return False
        state.cancel_reason = reason
        if state.task is not None and state.task is not asyncio.current_task():
            state.task.cancel()
        return True

    def active_runs(self) -> list[str]:
        """Ids of runs in progress."""
        return list(self._active)

    def start_triggers(self) -> int:
        """Start every main flow's trigger that can serve in this process; returns how many.

        A trigger component serves when it defines ``serve(engine, graph, stop)``.
        """
        self._stop = self._stop or asyncio.Event()
        for app in self.project.apps.values():
            for graph in app.flows.values():
                serve = getattr(graph.trigger.component, "serve", None) if graph.trigger else None
                if serve is not None:
                    task = asyncio.get_running_loop().create_task(serve(self, graph, self._stop))
                    self._triggers.append(task)
        return len(self._triggers)

    async def stop_triggers(self) -> None:
        """Stop firing new runs (in-flight runs continue)."""
        if self._stop is not None:
            self._stop.set()
        for task in self._triggers:
            task.cancel()
        await asyncio.gather(*self._triggers, return_exceptions=True)
        self._triggers.clear()

    async def shutdown(self, grace: Optional[float] = None) -> None:
        """Stop accepting runs and stop triggers, wait up to ``grace`` seconds for in-flight
        runs, then cancel them (§4.6)."""
        self._accepting = False
        await self.stop_triggers()
        grace = self.settings.shutdown_grace if grace is None else grace
        tasks = [s.task for s in self._active.values() if s.task is not None]
        tasks += list(self._children)
        if tasks:
            await asyncio.wait(tasks, timeout=grace)
        left = [s.task for s in self._active.values() if s.task is not None]
        for run_id in list(self._active):
            self.cancel(run_id, "engine shutdown")
        if left:  # cancelled runs end at their next step boundary; let them close their records
            await asyncio.wait(left)
        await self.drain_children()
        # Resources that components opened for this instance (connector pools, §7.1) close
        # with it: each registered an async closer under "shutdown_hooks".
        for hook in self.shared.pop("shutdown_hooks", []):
            try:
                await hook(self)
            except Exception:  # one failing closer must not keep the others open
                _log.warning("a shutdown hook failed", exc_info=True)
        self.executor.close()


def _slice(graph: FlowGraph, from_step: Optional[str],
           to_step: Optional[str]) -> tuple[list[StepNode], list[StepNode]]:
    """The nodes from ``from_step`` to ``to_step`` (one step list) and the ones before them."""
    anchor = from_step or to_step
    found = graph.find(anchor) if anchor else None
    if found is None:
        raise KeyError(f"unknown step {anchor!r}")
    nodes, _ = found
    ids = [n.id for n in nodes]
    start = ids.index(from_step) if from_step else 0
    end = len(nodes)
    if to_step:
        if to_step not in ids:
            raise KeyError(f"step {to_step!r} is not in the same step list as {anchor!r}")
        end = ids.index(to_step) + 1
    return nodes[start:end], nodes[:start]


def engine_for_project(project: Any, app: Optional[str] = None, *,
                       environment: str = "sandbox", **kwargs: Any) -> Engine:
    """An engine configured from the settings of ``app`` in ``environment`` (§9; see
    engine/settings.py). KeyError for an undeclared environment."""
    from .settings import engine_settings, make_cache, make_locks, resolve_settings

    settings = resolve_settings(project, app, environment)
    clock = kwargs.pop("clock", None) or RealClock()
    return Engine(project, clock=clock, settings=engine_settings(settings),
                  cache=kwargs.pop("cache", None) or make_cache(settings, clock),
                  locks=kwargs.pop("locks", None) or make_locks(settings, clock), **kwargs)


def inline_engine(project: Any, **kwargs: Any) -> Engine:
    """An engine evaluating scripts inline (tests and benchmarks)."""
    return Engine(project, executor=InlineExecutor(), **kwargs)
