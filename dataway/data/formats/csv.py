"""CSV bodies in the excel dialect (spec §8.8).

Writing and reading use CPython's ``csv`` module (its excel dialect *is* the format); this
module adds the table shapes: a list of dicts with a header, or a list of rows; cells are
always strings when read back.
"""
from __future__ import annotations

import csv as _csv
import datetime as _dt
import io
from typing import Any, Optional

from ...limits import Limits
from ..errors import FormatError, fail, type_name
from .scalars import scalar_text

__all__ = ["encode", "parse"]


def _cell(value: Any, row: int) -> str:
    text = scalar_text(value, bool_words=False)
    if text is None:
        if isinstance(value, (bytes, bytearray)):
            return str(value)
        fail("TypeError", f"CSV cells must be scalars; row {row} has a {type_name(value)}")
    if isinstance(value, (_dt.date, _dt.time)):
        return str(value)  # datetimes as ``2024-05-01 08:00:00``, like csv.writer
    return text


def _rows(value: Any) -> list[list[str]]:
    if not isinstance(value, (list, tuple)):
        fail("TypeError", f"text/csv needs a list of dicts or a list of lists, got "
                          f"{type_name(value)}")
    rows: list[list[str]] = []
    if not value:
        return rows
    first = value[0]
    if isinstance(first, dict) or hasattr(first, "to_core"):
        header = list(_as_dict(first, 1).keys())
        header_set = set(header)
        rows.append([_cell(k, 1) for k in header])
        for number, record in enumerate(value, 1):
            record = _as_dict(record, number)
            if len(record) != len(header) or set(record.keys()) != header_set:
                fail("ValueError", f"row {number} keys differ from the header")
            rows.append([_cell(record[k], number) for k in header])
        return rows
    for number, record in enumerate(value, 1):
        if not isinstance(record, (list, tuple)):
            fail("TypeError", f"text/csv row {number} must be a list or tuple, got "
                              f"{type_name(record)}")
        rows.append([_cell(item, number) for item in record])
    return rows


def _as_dict(record: Any, number: int) -> dict:
    if isinstance(record, dict):
        return record
    to_core = getattr(record, "to_core", None)
    if to_core is not None:
        return to_core()
    fail("TypeError", f"text/csv row {number} must be a dict like the first, got "
                      f"{type_name(record)}")


def encode(value: Any, encoding: str, limits: Optional[Limits] = None) -> bytes:
    """Minimal quoting, doubled quotes, CRLF after every row (no rows: an empty blob)."""
    buffer = io.StringIO(newline="")
    writer = _csv.writer(buffer, dialect="excel")
    writer.writerows(_rows(value))
    return buffer.getvalue().encode(encoding)


def parse(blob: bytes, encoding: str, limits: Optional[Limits] = None) -> list[dict]:
    """A list of dicts header -> cell; short records are padded with ``''``."""
    from ..tree import decode_text

    text = decode_text(blob, encoding)
    reader = _csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=True)
    header: Optional[list[str]] = None
    records: list[dict] = []
    try:
        for row in reader:
            if not row:
                continue
            if header is None:
                seen = set()
                for name in row:
                    if name in seen:
                        raise FormatError(f"duplicate column {name!r} in the header "
                                          f"(line {reader.line_num})")
                    seen.add(name)
                header = row
                continue
            if len(row) > len(header):
                raise FormatError(f"record {len(records) + 2} (line {reader.line_num}) has "
                                  f"{len(row)} fields, the header has {len(header)}")
            cells = row + [""] * (len(header) - len(row))
            records.append(dict(zip(header, cells)))
    except _csv.Error as exc:
        raise FormatError(f"{exc} (line {reader.line_num})") from None
    return records
