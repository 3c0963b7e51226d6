"""The REPL session without any terminal: state, commands, evaluation, completion, validation.

:class:`Session` turns one input (a command or source text) into a :class:`Reply`; the
prompt-toolkit front end and the non-interactive loop only print replies. Modes:

* **expression** (default for nothing else): each input is one expression over ``msg``;
* **code**: inputs accumulate as described in :mod:`dataway.repl.program`;
* **text**: each input is a template (``Hello ${msg.payload['name']}``).

The message (``:payload``, ``:vars``, ``:attrs``) stays until changed; ``:reset`` forgets the
kept inputs and the loaded script but keeps the message and the mode.
"""
from __future__ import annotations

import json
import mimetypes
import os
import random
from dataclasses import dataclass
from typing import Any, Optional

from dataway.errors import CheckError, DatawayError
from dataway.repl.program import LOG_MARKER, Program, build_program, split_input
from dataway.repl.render import render_check_error, render_result, render_script_error
from dataway.tooling.completion import CompletionItem, complete

__all__ = ["Session", "Reply", "HELP", "MODES"]

MODES = ("code", "expression", "text")

HELP = """\
Commands:
  :payload FILE|JSON   set msg.payload (a JSON value, or a file read as an Entity)
  :vars JSON           set msg.vars (a JSON object)
  :attrs JSON          set msg.attrs (a JSON object)
  :mode code|expression|text
                       how inputs are read (now: {mode})
  :load FILE.dw        load a script (.dwx: expression, .dwt: text), then :run
  :run                 run the loaded script against the message
  :reset               forget kept inputs and the loaded script (the message stays)
  :help                this text
  :quit                leave (also Ctrl-D)
Code mode keeps def/import inputs at the top level and runs other inputs inside
dw_process(msg); earlier inputs are re-run for each new one. A final expression is the
result, shown as repr() with its Dataway type. print() output goes to stderr."""


@dataclass
class Reply:
    """What one input produced. ``result`` goes to stdout; ``log`` (print output), ``error``
    and ``info`` to stderr; ``text`` (help) to stdout."""

    result: Optional[str] = None
    log: str = ""
    error: Optional[str] = None
    info: Optional[str] = None
    text: Optional[str] = None
    quit: bool = False


class _Command(Exception):
    """A command-level error (bad argument, unreadable file)."""


class Session:
    """One REPL session."""

    def __init__(self, mode: str = "code", seed: Optional[int] = None) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self.payload: Any = None
        self.vars: dict[str, Any] = {}
        self.attrs: dict[str, Any] = {}
        self.top: list[str] = []
        self.body: list[str] = []
        self.loaded: Optional[tuple[str, str, str]] = None  # (name, source, mode)
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2 ** 31)

    # -- the message ---------------------------------------------------------------------------

    def message(self) -> Any:
        """The Message inputs run against."""
        from dataway.runtime.message import Message
        return Message(payload=self.payload, vars=self.vars, attrs=self.attrs)

    # -- inputs --------------------------------------------------------------------------------

    def handle(self, text: str) -> Reply:
        """Run one input: a ``:command`` or source in the current mode."""
        stripped = text.strip()
        if not stripped:
            return Reply()
        if stripped.startswith(":"):
            try:
                return self._command(stripped)
            except _Command as exc:
                return Reply(error=str(exc))
        if self.mode == "code":
            return self._run_code(text.rstrip())
        return self._run_single(text.strip("\n") if self.mode == "text" else text.strip(),
                                self.mode, "<input>")

    def _run_single(self, source: str, mode: str, name: str) -> Reply:
        import dataway
        try:
            script = dataway.compile(source, mode=mode, name=name)
        except CheckError as exc:
            return Reply(error=render_check_error(exc, lambda line: (-1, line, 0), [source]))
        return self._evaluate(script, None, [source], always_show=True)

    def _evaluate(self, script: Any, program: Optional[Program], inputs: list[str],
                  always_show: bool) -> Reply:
        try:
            ev = script.evaluate(self.message(), raw=True, seed=self.seed)
        except DatawayError as exc:
            log = _own_log(exc.log, program)
            where = program.origin if program is not None else (lambda line: (-1, line, 0))
            return Reply(log=log, error=render_script_error(exc, where, inputs))
        log = _own_log(ev.log, program)
        if not always_show and (program is None or not program.has_result or ev.value is None):
            return Reply(log=log)  # as in Python's REPL, a None result prints nothing
        return Reply(result=render_result(ev.value), log=log)

    def _run_code(self, text: str) -> Reply:
        import dataway
        split = split_input(text)
        if split is not None and split.defines_process:
            self.loaded = ("<input>", text, "code")
            reply = self._run_loaded()
            if reply.error is None:
                reply.info = "dw_process defined: it is the loaded script now (:run runs it)"
            return reply
        program = build_program(self.top, self.body, text, split)
        inputs = self.top + self.body
        try:
            script = dataway.compile(program.source, mode="code", name="<input>")
        except CheckError as exc:
            return Reply(error=render_check_error(exc, program.origin, inputs + [text]))
        reply = self._evaluate(script, program, inputs + [text], always_show=False)
        if reply.error is None and split is not None and not split.has_return:
            (self.top if split.top else self.body).append(text)
        return reply

    # -- validation and completion ---------------------------------------------------------

    def diagnose(self, text: str) -> Optional[tuple[int, int, str]]:
        """The first check error of an input as (line, column0, message), or None.

        Used to refuse an input before it runs and move the cursor to the problem; positions
        are in the input's own coordinates."""
        import dataway
        if not text.strip() or text.strip().startswith(":"):
            return None
        if self.mode != "code":
            body = text.strip() if self.mode == "expression" else text.strip("\n")
            lead = text.index(body[:1]) if body else 0
            for d in dataway.check(body, mode=self.mode):
                if d.is_error:
                    line, col = _shift(body, lead, text, d.line, d.column)
                    return line, col, f"{d.message} [{d.code}]"
            return None
        split = split_input(text.rstrip())
        if split is not None and split.defines_process:
            program = Program(text, [(-1, i + 1, 0) for i in range(text.count("\n") + 1)])
        else:
            program = build_program(self.top, self.body, text.rstrip(), split)
        for d in dataway.check(program.source, mode="code"):
            if not d.is_error:
                continue
            origin = program.origin(d.line)
            if origin is None or origin[0] != -1:
                continue
            return origin[1], max(d.column - 1 - origin[2], 0), f"{d.message} [{d.code}]"
        return None

    def complete(self, text: str, line: int, column: int) -> list[CompletionItem]:
        """Completions for an input being typed (1-based line, 0-based column in ``text``)."""
        samples = {"payload": self.payload, "vars": self.vars, "attrs": self.attrs}
        if self.mode != "code" or text.lstrip().startswith(("import", "from")):
            return complete(text, line, column, mode=self.mode, **samples)
        split = split_input(text)
        program = build_program(self.top, self.body, text, split if split and split.top
                                else None)
        for number, origin in enumerate(program.origins, 1):
            if origin is not None and origin[0] == -1 and origin[1] == line:
                shift = origin[2]
                items = complete(program.source, number, column + shift, **samples)
                return [_shifted(item, -shift) for item in items]
        return complete(text, line, column, **samples)

    # -- commands ------------------------------------------------------------------------------

    def _command(self, text: str) -> Reply:
        name, _, arg = text[1:].partition(" ")
        arg = arg.strip()
        if name in ("quit", "q", "exit"):
            return Reply(quit=True)
        if name == "help":
            return Reply(text=HELP.format(mode=self.mode))
        if name == "mode":
            if arg not in MODES:
                raise _Command(f":mode: expected one of {', '.join(MODES)}, got {arg!r}")
            self.mode = arg
            return Reply(info=f"mode: {arg}")
        if name == "payload":
            self.payload = _payload(arg)
            return Reply(info=f"payload: {_describe(self.payload)}")
        if name in ("vars", "attrs"):
            value = _json_object(f":{name}", arg)
            setattr(self, name, value)
            return Reply(info=f"{name}: {len(value)} key{'s' if len(value) != 1 else ''}")
        if name == "load":
            return self._load(arg)
        if name == "run":
            if self.loaded is None:
                raise _Command(":run: nothing loaded; use :load FILE.dw first")
            return self._run_loaded()
        if name == "reset":
            self.top.clear()
            self.body.clear()
            self.loaded = None
            return Reply(info="reset: kept inputs and the loaded script forgotten")
        raise _Command(f"unknown command :{name} (:help lists the commands)")

    def _load(self, path: str) -> Reply:
        import dataway
        if not path:
            raise _Command(":load: expected a file name")
        try:
            with open(os.path.expanduser(path), "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise _Command(f":load: cannot read {path}: {exc.strerror or exc}") from None
        mode = {".dwx": "expression", ".dwt": "text"}.get(os.path.splitext(path)[1], "code")
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _Command(f":load: {path} is not UTF-8 (byte {exc.start})") from None
        try:
            dataway.compile(source, mode=mode, name=path)
        except CheckError as exc:
            return Reply(error=exc.error.text)
        self.loaded = (path, source, mode)
        return Reply(info=f"loaded {path} ({mode} mode); :run runs it")

    def _run_loaded(self) -> Reply:
        import dataway
        assert self.loaded is not None
        name, source, mode = self.loaded
        try:
            script = dataway.compile(source, mode=mode, name=name)
        except CheckError as exc:
            return Reply(error=exc.error.text)
        try:
            ev = script.evaluate(self.message(), raw=True, seed=self.seed)
        except DatawayError as exc:
            return Reply(log=exc.log, error=exc.error.text)
        return Reply(result=render_result(ev.value), log=ev.log)


def _own_log(log: str, program: Optional[Program]) -> str:
    if program is None:
        return log
    _, marker, own = log.partition(LOG_MARKER)
    return own if marker else ""


def _shift(body: str, lead: int, text: str, line: int, column: int) -> tuple[int, int]:
    """Map a position in the stripped ``body`` back to ``text`` (which had ``lead`` chars
    stripped from its start)."""
    before = text[:lead]
    extra_lines = before.count("\n")
    if line == 1:
        return 1 + extra_lines, column - 1 + len(before) - (before.rfind("\n") + 1)
    return line + extra_lines, column - 1


def _shifted(item: CompletionItem, delta: int) -> CompletionItem:
    return CompletionItem(item.label, item.kind, item.detail, item.doc, item.insert_text,
                          max(item.start + delta, 0), max(item.end + delta, 0))


def _json_object(option: str, text: str) -> dict[str, Any]:
    value = _json(option, text)
    if not isinstance(value, dict):
        raise _Command(f"{option}: expected a JSON object, got {type(value).__name__}")
    return value


def _json(option: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Command(f"{option}: invalid JSON at line {exc.lineno} column {exc.colno}: "
                       f"{exc.msg}") from None


def _payload(arg: str) -> Any:
    """A JSON value, or the contents of a file as an Entity (MIME type from the extension)."""
    if not arg:
        raise _Command(":payload: expected a file name or JSON text")
    path = os.path.expanduser(arg)
    if arg[0] not in "{[\"'-0123456789" and arg not in ("true", "false", "null") \
            and os.path.exists(path):
        from dataway.data.entity import Entity
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise _Command(f":payload: cannot read {arg}: {exc.strerror or exc}") from None
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return Entity.from_bytes(data, mime_type=mime)
    if arg[0] not in "{[\"-0123456789" and arg not in ("true", "false", "null"):
        raise _Command(f":payload: no such file {arg!r} (and not JSON text)")
    return _json(":payload", arg)


def _describe(value: Any) -> str:
    from dataway.runtime.prechecks import type_name
    kind = type_name(value)
    if isinstance(value, (dict, list)):
        return f"{kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    return kind
