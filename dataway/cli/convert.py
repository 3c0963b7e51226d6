"""``dataway convert INPUT --from MIME --to MIME``: re-encode a document between formats.

The same readers and writers as ``Entity`` (spec §8) do the work, so ``convert`` shows exactly
what a script would get from ``Entity.from_bytes(data, FROM)['^value']`` and what
``Entity.from_value(value, TO)`` would send: XML → JSON, CSV → JSON, JSON → form, and so on.

Decisions (the issue leaves them open):

* ``INPUT`` ``-`` reads standard input; ``--from`` is then required. For files, ``--from``
  defaults to the type their extension implies (``.json``, ``.xml``, ``.csv``, ``.txt``,
  ``.form``), like ``dataway run --payload-file``.
* Output goes to standard output unless ``-o FILE``; bytes are written unchanged (the target
  format's encoding comes from the ``charset`` parameter of ``--to``, default UTF-8).
* The document is bounded by the default §14 limits (value size, depth, memory). A malformed
  or oversized document exits 1 with one line naming the input, the format and the position
  in the document; bad options (unknown or unreadable files, an invalid MIME type) exit 2.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .main import EXIT_ERROR, EXIT_OK, UsageError

__all__ = ["register", "convert_command"]

_MIME_BY_EXTENSION = {
    ".json": "application/json", ".xml": "application/xml", ".csv": "text/csv",
    ".txt": "text/plain", ".form": "application/x-www-form-urlencoded",
}


def register(sub: Any) -> None:
    """Add the ``convert`` subcommand to the ``dataway`` parser."""
    p = sub.add_parser("convert", help="convert a document between MIME formats (XML → JSON, …)",
                       description="Convert a document between the MIME formats of spec §8 "
                                   "with the same readers and writers as Entity.")
    p.add_argument("input", help="input file, or - for standard input")
    p.add_argument("--from", dest="from_mime", metavar="MIME",
                   help="MIME type of the input (default: guessed from the file extension)")
    p.add_argument("--to", dest="to_mime", metavar="MIME", required=True,
                   help="MIME type to write, e.g. application/json or 'text/csv; charset=gbk'")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(handler=convert_command)


def _source_mime(args: argparse.Namespace) -> str:
    if args.from_mime:
        return args.from_mime
    if args.input == "-":
        raise UsageError("dataway convert: --from is required when reading standard input")
    ext = os.path.splitext(args.input)[1].lower()
    mime = _MIME_BY_EXTENSION.get(ext)
    if mime is None:
        raise UsageError(f"dataway convert: cannot guess the type of {args.input}; "
                         "give --from MIME")
    return mime


def _check_mime(option: str, mime: str) -> None:
    from ..data.mediatype import parse_media_type

    try:
        parse_media_type(mime.strip())
    except Exception as exc:  # a malformed MIME type is an option mistake
        raise UsageError(f"dataway convert: {option}: {_describe(exc)}") from None


def _describe(exc: BaseException) -> str:
    """One line for a data-layer failure: script errors by their text, limits by name."""
    from ..runtime.context import LimitExceeded
    from ..runtime.exceptions import ScriptRaise

    if isinstance(exc, ScriptRaise):
        return str(exc)
    if isinstance(exc, LimitExceeded):
        return f"LimitError: {exc.message}"
    return str(exc)


def convert(data: bytes, from_mime: str, to_mime: str) -> bytes:
    """``data`` read as ``from_mime`` and written as ``to_mime`` (raises the data layer's errors)."""
    from ..data.entity import Entity

    source = Entity.from_bytes(data, from_mime)
    target = Entity.from_value(source.parsed(), to_mime)
    return target.blob


def convert_command(args: argparse.Namespace) -> int:
    """Run ``dataway convert``; see the module docstring for the contract."""
    from ..runtime.context import LimitExceeded
    from ..runtime.exceptions import ScriptRaise

    from_mime = _source_mime(args)
    _check_mime("--from", from_mime)
    _check_mime("--to", args.to_mime)
    from .run import read_script

    data = read_script(args.input, "dataway convert")
    name = "<stdin>" if args.input == "-" else args.input
    try:
        out = convert(data, from_mime, args.to_mime)
    except (ScriptRaise, LimitExceeded, RecursionError) as exc:
        detail = ("LimitError: the document is nested too deeply"
                  if isinstance(exc, RecursionError) else _describe(exc))
        print(f"dataway convert: {name}: {detail}", file=sys.stderr)
        return EXIT_ERROR
    if args.output:
        try:
            with open(args.output, "wb") as fh:
                fh.write(out)
        except OSError as exc:
            raise UsageError(f"dataway convert: cannot write {args.output}: "
                             f"{exc.strerror or exc}") from None
    else:
        sys.stdout.buffer.write(out)
        if out and not out.endswith(b"\n") and sys.stdout.isatty():
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
    return EXIT_OK
