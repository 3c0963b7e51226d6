"""Script-facing csv objects (spec §12/§13): readers, writers and the ``StringIO`` buffer.

Each wraps the CPython object and exposes only its allowlisted names; the host ``csv`` objects
and ``io.StringIO`` never reach a script.
"""
from __future__ import annotations

import io
from typing import Any, Iterator

from ..runtime.context import current
from ..runtime.prechecks import type_name
from ..runtime.values import DWObject
from .guards import charge, charge_bytes, check_size

__all__ = ["StringIO", "Reader", "DictReader", "Writer", "DictWriter", "ListSink"]


class StringIO(DWObject):
    """``csv.StringIO(initial='')``: an in-memory text buffer."""

    __slots__ = ("_buffer",)
    dw_type_name = "StringIO"
    dw_attrs = frozenset({"write", "writelines", "getvalue", "read", "readline", "seek", "tell"})

    def __init__(self, initial: Any = "") -> None:
        if initial is None:
            initial = ""
        if not isinstance(initial, str):
            raise TypeError(f"initial_value must be str or None, not {type_name(initial)}")
        charge_bytes(len(initial))
        self._buffer = io.StringIO(initial)

    def write(self, s: Any) -> int:
        """Write ``s`` at the current position; returns the number of characters written."""
        if not isinstance(s, str):
            raise TypeError(f"string argument expected, got '{type_name(s)}'")
        check_size(self._buffer.tell() + len(s))
        charge_bytes(len(s))
        return self._buffer.write(s)

    def writelines(self, lines: Any) -> None:
        """Write every string of ``lines``."""
        for line in lines:
            charge(1)
            self.write(line)

    def getvalue(self) -> str:
        """The whole buffer."""
        return self._buffer.getvalue()

    def read(self, size: Any = -1) -> str:
        """Up to ``size`` characters from the current position (all when negative or None)."""
        text = self._buffer.read(size)
        charge_bytes(len(text))
        return text

    def readline(self, size: Any = -1) -> str:
        """The next line including its terminator ('' at the end)."""
        charge(1)
        return self._buffer.readline(size)

    def seek(self, pos: int, whence: int = 0) -> int:
        """Move the position; returns the new position."""
        return self._buffer.seek(pos, whence)

    def tell(self) -> int:
        """The current position."""
        return self._buffer.tell()

    def __iter__(self) -> "StringIO":
        return self

    def __next__(self) -> str:
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def __repr__(self) -> str:
        return "<StringIO object>"


class ListSink:
    """Host-side file stand-in that appends each written row to a script list."""

    __slots__ = ("_target",)

    def __init__(self, target: list[Any]) -> None:
        self._target = target

    def write(self, line: str) -> None:
        """Append one written row (its line terminator included)."""
        check_size(len(self._target) + 1)
        charge_bytes(len(line))
        self._target.append(line)


def lines_of(source: Any) -> Iterator[Any]:
    """The line iterator a reader consumes, charging a step per line. A bare str is refused
    at once because CPython would silently read it one character per row."""
    if isinstance(source, str):
        raise TypeError("csv input must be a list of lines or a csv.StringIO, not a str; "
                        "use text.splitlines() or csv.StringIO(text)")
    if isinstance(source, (bytes, bytearray)):
        raise TypeError("csv input must be a list of str lines, not bytes; decode it first")
    return _charged_lines(iter(source))


def _charged_lines(lines: Iterator[Any]) -> Iterator[Any]:
    ctx = current()
    for line in lines:
        ctx.charge(1)
        if isinstance(line, str):
            ctx.charge(len(line) // 64)
        yield line


def sink_of(target: Any) -> Any:
    """The host file object a writer writes to: a StringIO's buffer or a list adapter."""
    if isinstance(target, StringIO):
        return target
    if isinstance(target, list):
        return ListSink(target)
    raise TypeError(f"csv output must be a csv.StringIO or a list, not "
                    f"'{type_name(target)}'")


class Reader(DWObject):
    """A ``csv.reader`` result: iterate it for rows (lists of str)."""

    __slots__ = ("_host",)
    dw_type_name = "_csv.reader"
    dw_attrs = frozenset({"line_num"})

    def __init__(self, host: Any) -> None:
        self._host = host

    @property
    def line_num(self) -> int:
        """Number of source lines read so far."""
        return self._host.line_num

    def __iter__(self) -> "Reader":
        return self

    def __next__(self) -> list[str]:
        return next(self._host)

    def __repr__(self) -> str:
        return "<_csv.reader object>"


class DictReader(DWObject):
    """A ``csv.DictReader``: iterate it for one dict per row."""

    __slots__ = ("_host",)
    dw_type_name = "DictReader"
    dw_attrs = frozenset({"fieldnames", "line_num"})

    def __init__(self, host: Any) -> None:
        self._host = host

    @property
    def fieldnames(self) -> Any:
        """The header (read from the first row unless given)."""
        return self._host.fieldnames

    @property
    def line_num(self) -> int:
        """Number of source lines read so far."""
        return self._host.line_num

    def __iter__(self) -> "DictReader":
        return self

    def __next__(self) -> dict[str, Any]:
        return next(self._host)

    def __repr__(self) -> str:
        return "<csv.DictReader object>"


class Writer(DWObject):
    """A ``csv.writer`` result."""

    __slots__ = ("_host",)
    dw_type_name = "_csv.writer"
    dw_attrs = frozenset({"writerow", "writerows"})

    def __init__(self, host: Any) -> None:
        self._host = host

    def writerow(self, row: Any) -> Any:
        """Write one row (an iterable of fields)."""
        charge(1)
        return self._host.writerow(row)

    def writerows(self, rows: Any) -> None:
        """Write every row of ``rows``."""
        for row in rows:
            self.writerow(row)

    def __repr__(self) -> str:
        return "<_csv.writer object>"


class DictWriter(DWObject):
    """A ``csv.DictWriter``."""

    __slots__ = ("_host",)
    dw_type_name = "DictWriter"
    dw_attrs = frozenset({"fieldnames", "writeheader", "writerow", "writerows"})

    def __init__(self, host: Any) -> None:
        self._host = host

    @property
    def fieldnames(self) -> Any:
        """The field names given at construction."""
        return self._host.fieldnames

    def writeheader(self) -> Any:
        """Write the header row."""
        charge(1)
        return self._host.writeheader()

    def writerow(self, rowdict: Any) -> Any:
        """Write one dict as a row."""
        charge(1)
        return self._host.writerow(rowdict)

    def writerows(self, rowdicts: Any) -> None:
        """Write every dict of ``rowdicts``."""
        for row in rowdicts:
            self.writerow(row)

    def __repr__(self) -> str:
        return "<csv.DictWriter object>"
