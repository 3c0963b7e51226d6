"""``dataway serve <project-or-app> [--env sandbox|production]``: run every trigger.

Loads and checks the project (every problem reported, exit 1), starts each main flow's trigger
through ``Engine.start_triggers`` (HTTP Listener on the process's HTTP server, Scheduler; any
trigger component defining ``serve(engine, graph, stop)`` is started the same way, which is the
hook the MQTT/AMQP consumers use), logs one line per finished run, and on SIGINT/SIGTERM shuts
down gracefully: stop the triggers (the HTTP server stops accepting), wait up to ``--grace``
seconds for in-flight runs, cancel the rest, close the HTTP server and connection pools.

Exit codes: 0 after a graceful shutdown; 1 load problems or a start-up failure (port in use,
missing secret); 2 bad usage.
"""
from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

__all__ = ["register", "serve_command", "run_line", "mask_record"]


def register(subparsers: Any) -> None:
    """Add ``serve`` to the main parser's subparsers."""
    p = subparsers.add_parser("serve", help="start every trigger of a project or app")
    p.add_argument("dir", help="project or app directory")
    p.add_argument("--env", default="sandbox",
                   help="environment: sandbox (default), production or one the project declares")
    p.add_argument("--host", help="HTTP listener address (default: settings http.host, "
                                  "127.0.0.1)")
    p.add_argument("--port", type=int, help="HTTP listener port (default: settings http.port, "
                                            "8080; 0 picks a free port)")
    p.add_argument("--grace", type=float, default=None,
                   help="seconds to let in-flight runs finish on shutdown (default: the "
                        "shutdown_grace setting, 30)")
    p.set_defaults(handler=serve_command)


def mask_record(record: Any) -> None:
    """Mask resolved secret values in a finished run's error and log messages (in place)."""
    from dataway.connectors.secrets import mask, mask_value

    if record.error:
        record.error = mask_value(dict(record.error))
    for log in record.logs:
        log.message = mask(log.message)


def run_line(record: Any) -> str:
    """The one log line of a finished run (secrets masked)."""
    import datetime as _dt

    from dataway.connectors.secrets import mask

    when = _dt.datetime.fromtimestamp(record.ended_at, _dt.timezone.utc)
    line = (f"{when.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z run {record.id} "
            f"{record.app}/{record.flow} {record.status} {record.duration_ms:.1f} ms")
    if record.error:
        line += f" {record.error.get('Code')}: {record.error.get('Description')}"
    return mask(line)


def serve_command(args: Any, out: Optional[TextIO] = None) -> int:
    """Run ``dataway serve`` until SIGINT/SIGTERM."""
    import asyncio

    out = out or sys.stderr
    try:
        return asyncio.run(_serve(args, out))
    except KeyboardInterrupt:  # a second Ctrl-C during shutdown
        return 130


def _engine(project: Any, env: str, grace: Optional[float], on_end: Any) -> Any:
    from dataway.engine.runtime import engine_for_project

    engine = engine_for_project(project, None, environment=env, on_run_end=on_end)
    if grace is not None:
        engine.settings.shutdown_grace = grace
    return engine


async def _serve(args: Any, out: TextIO) -> int:
    import asyncio
    import logging
    import signal

    from dataway.connectors.base import close_pools
    from dataway.connectors.http.listener import BIND_KEY, close_server, endpoint_for, \
        http_settings, server_for
    from dataway.connectors.secrets import MaskingFilter, SecretMissing
    from dataway.engine.loader import LoadError, load

    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    logging.getLogger("dataway").addHandler(handler)
    logging.getLogger("dataway").setLevel(logging.INFO)

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    try:
        project = load(args.dir)
    except LoadError as exc:
        for problem in exc.problems:
            say(str(problem))
        say(f"{len(exc.problems)} problem(s); nothing started")
        return 1
    try:
        def on_end(record: Any) -> None:
            mask_record(record)
            say(run_line(record))

        engine = _engine(project, args.env, args.grace, on_end)
    except KeyError as exc:  # an environment the project does not declare
        say(f"error: {exc.args[0]}")
        return 2
    flows = [g for a in project.apps.values() for g in a.flows.values() if g.trigger]
    http = [g for g in flows if g.trigger.type == "http_listener"]
    try:
        if http:
            if args.host is not None or args.port is not None:
                conf = http_settings(engine, None)
                engine.shared[BIND_KEY] = (
                    args.host or str(conf.get("host", "127.0.0.1")),
                    int(conf.get("port", 8080)) if args.port is None else args.port)
            for graph in http:
                endpoint_for(engine, graph)  # secrets resolve now, not on the first request
            await server_for(engine).start()
    except (SecretMissing, OSError) as exc:
        say(f"error: cannot start: {exc}")
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    count = engine.start_triggers()
    where = f"; HTTP on {server_for(engine).url}" if http else ""
    say(f"serving {count} trigger(s) of {len(project.apps)} app(s) in {args.env}{where}")
    await stop.wait()
    say("shutting down: stopping triggers, draining in-flight runs")
    await engine.shutdown()
    await close_server(engine)
    await close_pools(engine)
    say("stopped")
    return 0
