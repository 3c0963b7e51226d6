"""Text forms of scalar values shared by the form, XML, CSV and multipart writers."""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Optional

from .json import int_to_str

__all__ = ["scalar_text"]


def scalar_text(value: Any, *, none: Optional[str] = "", bool_words: bool = True) -> Optional[str]:
    """The text of a scalar, or None when ``value`` is not one of the writable scalars.

    str as is; bool as ``true``/``false`` (or ``str()`` when ``bool_words`` is false); None as
    ``none``; int/float/Decimal via ``str()``; datetime/date/time via ``isoformat()``.
    """
    if isinstance(value, str):
        return value
    if value is None:
        return none
    if isinstance(value, bool):
        if bool_words:
            return "true" if value else "false"
        return str(value)
    if isinstance(value, int):
        return int_to_str(int(value))
    if isinstance(value, (float, Decimal)):
        return str(value)
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return None
