"""``dataway run`` and ``dataway eval``: evaluate a script against a message built from options."""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Optional

from .main import EXIT_ERROR, EXIT_OK, UsageError
from .render import render_json, render_repr

__all__ = ["run_command", "read_script", "build_message"]

# Extension -> MIME type for --payload-file without --mime.
_MIME_BY_EXTENSION = {
    ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv",
    ".txt": "text/plain", ".html": "text/html", ".htm": "text/html",
    ".form": "application/x-www-form-urlencoded",
}


def read_script(path: str, prog: str = "dataway") -> bytes:
    """The bytes of a file or of ``-`` (stdin); unreadable files are usage errors of ``prog``."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"{prog}: cannot read {path}: {exc.strerror or exc}") from None


def _json_option(option: str, text: Optional[str], *, want_object: bool = False) -> Any:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"dataway: {option}: invalid JSON at line {exc.lineno} column "
                         f"{exc.colno}: {exc.msg}") from None
    if want_object and not isinstance(value, dict):
        raise UsageError(f"dataway: {option}: expected a JSON object, got "
                         f"{type(value).__name__}")
    return value


def _payload_from_file(path: str, mime: Optional[str]) -> Any:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise UsageError(f"dataway: --payload-file: cannot read {path}: "
                         f"{exc.strerror or exc}") from None
    if mime is None:
        mime = _MIME_BY_EXTENSION.get(os.path.splitext(path)[1].lower(),
                                      "application/octet-stream")
    from ..data.entity import Entity

    try:
        return Entity.from_bytes(data, mime_type=mime)
    except Exception as exc:  # an invalid --mime is the caller's mistake
        raise UsageError(f"dataway: --mime: {exc}") from None


def build_message(args: argparse.Namespace) -> Any:
    """The input Message from --payload-json/--payload-file, --vars-json and --attrs-json."""
    from ..runtime.message import Message

    if args.mime and not args.payload_file:
        raise UsageError("dataway: --mime needs --payload-file")
    if args.payload_file:
        payload = _payload_from_file(args.payload_file, args.mime)
    else:
        payload = _json_option("--payload-json", args.payload_json)
    return Message(payload=payload,
                   vars=_json_option("--vars-json", args.vars_json, want_object=True),
                   attrs=_json_option("--attrs-json", args.attrs_json, want_object=True))


def _mode_for(path: str, requested: Optional[str]) -> str:
    if requested:
        return requested
    return "expression" if path.endswith(".dwx") else "code"


def run_command(args: argparse.Namespace) -> int:
    """Evaluate and print the result (stdout) and the ``print`` log (stderr)."""
    from .. import api
    from ..errors import DatawayError

    if args.command == "eval":
        source: Any = args.expression
        mode, name = "expression", "<expression>"
    else:
        source = read_script(args.file)
        mode = _mode_for(args.file, args.mode)
        name = "<stdin>" if args.file == "-" else args.file
    msg = build_message(args)
    try:
        timezone = api.resolve_timezone(args.timezone)
    except ValueError as exc:
        raise UsageError(f"dataway: --timezone: {exc}") from None
    if args.output_type not in api.OUTPUT_TYPES:
        raise UsageError(f"dataway: --type: unknown declared type {args.output_type!r}")
    raw = args.format == "repr"
    try:
        script = api.compile(source, mode=mode, name=name, output_type=args.output_type)
        result = script.evaluate(msg, raw=raw, timezone=timezone, seed=args.seed)
        try:
            text = render_repr(result.value) if raw else render_json(result.value)
        except RecursionError:
            # A raw value nested deeper than the host can print (the boundary step, which
            # enforces value_depth, is skipped for --format repr).
            _write_log(result.log)
            print(f"LimitError: limit 'value_depth' exceeded ({script.limits.value_depth}): "
                  f"the result is nested too deeply to print", file=sys.stderr)
            return EXIT_ERROR
    except DatawayError as exc:
        _write_log(getattr(exc, "log", ""))
        print(exc.error.text, file=sys.stderr)
        return EXIT_ERROR
    _write_log(result.log)
    sys.stdout.write(text + "\n")
    return EXIT_OK


def _write_log(log: str) -> None:
    if log:
        sys.stderr.write(log if log.endswith("\n") else log + "\n")
        sys.stderr.flush()
