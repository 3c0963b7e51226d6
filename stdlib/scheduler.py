"""Scheduler trigger (§5.2): cron, interval and once modes, time zones, skip-if-running."""
from __future__ import annotations

import asyncio
import logging
import datetime as _dt
from typing import Any, Literal, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel
from dataway.engine.message import Message

from .cron import CronError, next_fire, parse_rules

__all__ = ["Scheduler", "SchedulerConfig", "serve", "firing_times"]

_log = logging.getLogger("dataway.engine")


class SchedulerConfig(StrictModel):
    """Fields of the Scheduler trigger."""

    mode: Literal["cron", "interval", "once"] = "cron"
    cron: Optional[str] = None
    interval: Optional[int] = Field(None, ge=1)
    at: list[str] = Field(default_factory=list)
    timezone: str = "UTC"
    skip_if_running: bool = False


def zone(name: str) -> _dt.tzinfo:
    """An IANA zone or ``UTC±HH:MM``."""
    text = name.strip()
    if text.upper().startswith("UTC") and len(text) > 3:
        sign, rest = text[3], text[4:]
        hours, _, minutes = rest.partition(":")
        if sign in "+-" and hours.isdigit() and (not minutes or minutes.isdigit()):
            delta = _dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
            return _dt.timezone(-delta if sign == "-" else delta)
        raise ValueError(f"bad offset {name!r}; use UTC±HH:MM")
    if text.upper() == "UTC":
        return _dt.timezone.utc
    from zoneinfo import ZoneInfo

    return ZoneInfo(text)


class Scheduler(Component):
    """Starts runs on a schedule; payload None, attrs ``{'scheduled_time': …}``."""

    type_name = "scheduler"
    title = "Scheduler"
    Config = SchedulerConfig
    is_trigger = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        cfg = self.config
        where = self.node.yaml_path + ("config",)
        self.rules: list[str] = []
        try:
            self.zone = zone(cfg.timezone)
        except Exception as exc:
            builder.error(where + ("timezone",), f"unknown time zone {cfg.timezone!r}: {exc}",
                          self.node)
            self.zone = _dt.timezone.utc
        if cfg.mode == "cron":
            if not cfg.cron:
                builder.error(where, "missing required field 'cron' (mode: cron)", self.node)
                return
            try:
                self.rules = parse_rules(cfg.cron)
            except CronError as exc:
                builder.error(where + ("cron",), str(exc), self.node)
        elif cfg.mode == "interval" and cfg.interval is None:
            builder.error(where, "missing required field 'interval' (mode: interval)", self.node)
        elif cfg.mode == "once":
            for i, text in enumerate(cfg.at):
                try:
                    _dt.datetime.fromisoformat(text)
                except ValueError:
                    builder.error(where + ("at", i), f"{text!r} is not an ISO 8601 datetime",
                                  self.node)

    async def serve(self, engine: Any, graph: Any, stop: asyncio.Event) -> None:
        """Fire runs of ``graph`` until ``stop`` is set (started by Engine.start_triggers)."""
        await serve(engine, graph.name, graph.app, stop)

    def message(self, when: _dt.datetime) -> Message:
        """The trigger's output message for a firing at ``when``."""
        return Message(None, {"scheduled_time": when}, {})


def firing_times(trigger: Scheduler, start: _dt.datetime, limit: int) -> list[_dt.datetime]:
    """The next ``limit`` firings after ``start`` (for previews and tests)."""
    cfg = trigger.config
    out: list[_dt.datetime] = []
    current = start.astimezone(trigger.zone)
    while len(out) < limit:
        if cfg.mode == "cron":
            nxt = next_fire(trigger.rules, current)
        elif cfg.mode == "interval":
            nxt = current + _dt.timedelta(seconds=cfg.interval or 1)
        else:
            pending = sorted(_aware(t, trigger.zone) for t in cfg.at)
            nxt = next((t for t in pending if t > current), None)
        if nxt is None:
            break
        out.append(nxt)
        current = nxt
    return out


def _aware(text: str, tz: _dt.tzinfo) -> _dt.datetime:
    value = _dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=tz)


async def _fire(engine: Any, flow: str, app: Optional[str], message: Message) -> None:
    """One firing: a run through the trigger port; a refusal (shutdown began) is logged."""
    from dataway.engine.triggers import RunRefused

    try:
        await engine.port(flow, app).run(message)
    except RunRefused as exc:
        _log.info("flow %s: scheduled run not started: %s", flow, exc)


async def serve(engine: Any, flow: str, app: Optional[str] = None,
                stop: Optional[asyncio.Event] = None) -> None:
    """Fire runs of ``flow`` until ``stop`` is set; time comes from the engine's clock."""
    graph = engine.flow(flow, app)
    trigger = graph.trigger.component
    assert isinstance(trigger, Scheduler)
    clock = engine.clock
    stop = stop or asyncio.Event()
    running: set[asyncio.Task[Any]] = set()
    now = _dt.datetime.fromtimestamp(clock.time(), _dt.timezone.utc)
    if trigger.config.mode == "once":
        for text in trigger.config.at:
            if _aware(text, trigger.zone) <= now:
                _log.warning("flow %s, trigger %s: %s is in the past; ignored", graph.name,
                             graph.trigger.id, text)
    current = now
    while not stop.is_set():
        upcoming = firing_times(trigger, current, 1)
        if not upcoming:
            return
        when = upcoming[0]
        delay = when.timestamp() - clock.time()
        if delay > 0:
            await clock.sleep(delay)
        if stop.is_set():
            break
        current = when
        if trigger.config.skip_if_running and any(not t.done() for t in running):
            continue
        task = asyncio.ensure_future(_fire(engine, flow, app, trigger.message(when)))
        running.add(task)
        task.add_done_callback(running.discard)
    # In-flight runs are the engine's to finish or cancel (shutdown grace), not the trigger's.
