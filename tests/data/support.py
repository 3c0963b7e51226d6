"""Helpers for data-layer tests: asserting script-visible errors by class name and message."""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator, Optional

from dataway.runtime.context import LimitExceeded
from dataway.runtime.exceptions import ScriptRaise, to_exc_value

from dataway.data import Entity


class Caught:
    """What :func:`raises` saw: the script-visible class name and message."""

    type_name: str = ""
    message: str = ""
    limit: Optional[str] = None


@contextmanager
def raises(type_name: str, match: Optional[str] = None) -> Iterator[Caught]:
    """Expect a script error of class ``type_name`` (or ``LimitError`` with ``limit=match``)."""
    caught = Caught()
    try:
        yield caught
    except LimitExceeded as exc:
        caught.type_name, caught.message, caught.limit = "LimitError", exc.message, exc.limit
    except ScriptRaise as exc:
        caught.type_name, caught.message = exc.value.type.name, str(exc.value)
    except Exception as exc:  # host exceptions the evaluator translates
        value = to_exc_value(exc)
        caught.type_name, caught.message = value.type.name, str(value)
    else:
        raise AssertionError(f"expected {type_name}, nothing was raised")
    assert caught.type_name == type_name, (caught.type_name, caught.message)
    if match is not None:
        assert re.search(match, caught.message), caught.message


def E(mime: str, blob: bytes) -> Entity:
    """The spec's ``E(mime, b'…')`` notation: utf-8 encoding, that blob."""
    return Entity.from_bytes(blob, mime, "utf-8")
