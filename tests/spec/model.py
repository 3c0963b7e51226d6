"""The shape of a spec §18 case and the strict comparison of expected values.

A case is data: mode, source, input, and what must come out (a value after the boundary, a raw
value, or an error with its code, class, DW code and position). Entities in inputs and outputs
are described by small records so the table stays readable and independent of the Entity class.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

NOTHING = object()


@dataclass(frozen=True)
class E:
    """An Entity, as input (built with ``Entity.from_bytes``) or as an expected result."""

    mime: str
    blob: bytes
    encoding: str = "utf-8"


@dataclass(frozen=True)
class EJson:
    """An expected JSON Entity known by its parsed value (key order included)."""

    mime: str
    value: Any
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Err:
    """An expected error: §15.1 code, class name, DW code and position where the spec gives them."""

    code: int
    type: Optional[str] = None
    dw: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    message_contains: Optional[str] = None
    limit: Optional[tuple[str, ...]] = None


@dataclass(frozen=True)
class StreamOf:
    """An expected Stream and the items it must yield."""

    items: tuple


@dataclass(frozen=True)
class ProducedBy:
    """An input that is the (boundary) result of evaluating another code-mode script."""

    source: str


@dataclass(frozen=True)
class SpecCase:
    """One row of spec §18 (or of the §2.3 text-mode table)."""

    id: str
    mode: str
    source: str
    expected: Any = NOTHING
    raw: Any = NOTHING
    error: Optional[Err] = None
    payload: Any = None
    vars: Any = None
    steps: Optional[dict[str, Any]] = None
    output_type: str = "any"
    formats: bool = False
    clock: Optional[float] = None
    timezone: Optional[str] = None
    check_code: Optional[str] = None   # a diagnostic code `dataway.check` must report
    limits: Optional[dict[str, Any]] = None
    unordered: bool = False            # compare a list result sorted (set-derived order)
    note: str = ""


def body(text: str) -> str:
    """A code-mode script whose ``dw_process(msg)`` body is ``text`` (⏎ written as newlines)."""
    lines = text.split("\n")
    return "def dw_process(msg):\n" + "".join(f"    {ln}\n" for ln in lines)


def assert_same(actual: Any, expected: Any, path: str = "result") -> None:
    """Equal values of the same types, recursively, dict key order included.

    ``1`` never equals ``True`` or ``1.0`` here, and a tuple never equals a list: the boundary's
    type normalisation is part of what §18 specifies.
    """
    if isinstance(expected, E):
        for attr, want in (("blob", expected.blob), ("mime_type", expected.mime),
                           ("encoding", expected.encoding)):
            got = getattr(actual, attr, NOTHING)
            assert got == want, f"{path}.{attr}: expected {want!r}, got {got!r}"
        return
    if isinstance(expected, EJson):
        assert getattr(actual, "mime_type", None) == expected.mime, f"{path}: {actual!r}"
        assert getattr(actual, "encoding", None) == expected.encoding, f"{path}: {actual!r}"
        assert_same(json.loads(actual.blob.decode(expected.encoding)), expected.value,
                    path + "['^value']")
        return
    assert type(actual) is type(expected), (
        f"{path}: expected {type(expected).__name__} {expected!r}, "
        f"got {type(actual).__name__} {actual!r}")
    if isinstance(expected, dict):
        assert list(actual) == list(expected), f"{path}: keys {list(actual)} != {list(expected)}"
        for k in expected:
            assert_same(actual[k], expected[k], f"{path}[{k!r}]")
    elif isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_same(a, e, f"{path}[{i}]")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"
