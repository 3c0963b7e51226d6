"""The ``csv`` module (spec §12): readers over lists of lines or ``csv.StringIO``, writers to a
``csv.StringIO`` or a list, the three standard dialects and the listed format parameters."""
from __future__ import annotations

import csv as _csv
from typing import Any, Optional, Sequence

from ..runtime.values import ModuleValue
from ..runtime.exceptions import EXC_TYPES
from .callables import builtin
from .csvobjects import DictReader as _DictReader
from .csvobjects import DictWriter as _DictWriter
from .csvobjects import Reader, StringIO as _StringIO, Writer, lines_of, sink_of
from .members import make_module
from .typeobjects import expose_class

__all__ = ["MODULE", "FMTPARAMS", "DIALECTS"]

DIALECTS = ("excel", "excel-tab", "unix")
FMTPARAMS = frozenset({"delimiter", "quotechar", "escapechar", "doublequote", "skipinitialspace",
                       "lineterminator", "quoting", "strict"})


def _check(function: str, dialect: Any, fmtparams: dict[str, Any]) -> None:
    if isinstance(dialect, str):
        if dialect not in DIALECTS:
            raise _csv.Error("unknown dialect")
    else:
        raise TypeError(f"{function}() dialect must be one of {', '.join(map(repr, DIALECTS))}")
    for key in fmtparams:
        if key not in FMTPARAMS:
            raise TypeError(f"'{key}' is an invalid keyword argument for {function}()")


def reader(csvfile: Any, dialect: Any = "excel", **fmtparams: Any) -> Reader:
    """Rows (lists of str) parsed from a list/iterable of lines or a ``csv.StringIO``."""
    _check("reader", dialect, fmtparams)
    return Reader(_csv.reader(lines_of(csvfile), dialect, **fmtparams))


def writer(csvfile: Any, dialect: Any = "excel", **fmtparams: Any) -> Writer:
    """A writer appending rows to a ``csv.StringIO`` or a list (one string per row)."""
    _check("writer", dialect, fmtparams)
    return Writer(_csv.writer(sink_of(csvfile), dialect, **fmtparams))


def DictReader(f: Any, fieldnames: Optional[Sequence[Any]] = None,  # noqa: N802
               restkey: Any = None,
               restval: Any = None, dialect: Any = "excel", **fmtparams: Any) -> _DictReader:
    """Rows as dicts keyed by ``fieldnames`` (default: the first row)."""
    _check("DictReader", dialect, fmtparams)
    return _DictReader(_csv.DictReader(lines_of(f), fieldnames, restkey, restval, dialect,
                                       **fmtparams))


def DictWriter(f: Any, fieldnames: Sequence[Any], restval: Any = "",  # noqa: N802
               extrasaction: str = "raise", dialect: Any = "excel", **fmtparams: Any
               ) -> _DictWriter:
    """A writer of dict rows in ``fieldnames`` order."""
    _check("DictWriter", dialect, fmtparams)
    return _DictWriter(_csv.DictWriter(sink_of(f), fieldnames, restval, extrasaction, dialect,
                                       **fmtparams))


def _build() -> ModuleValue:
    members: dict[str, Any] = {
        "reader": builtin(reader),
        "writer": builtin(writer),
        "DictReader": expose_class(_DictReader, "csv.DictReader", DictReader),
        "DictWriter": expose_class(_DictWriter, "csv.DictWriter", DictWriter),
        "StringIO": expose_class(_StringIO, "csv.StringIO", _StringIO),
        "QUOTE_ALL": _csv.QUOTE_ALL,
        "QUOTE_MINIMAL": _csv.QUOTE_MINIMAL,
        "QUOTE_NONNUMERIC": _csv.QUOTE_NONNUMERIC,
        "QUOTE_NONE": _csv.QUOTE_NONE,
        "Error": EXC_TYPES["csv.Error"],
    }
    return make_module("csv", members)


MODULE = _build()
