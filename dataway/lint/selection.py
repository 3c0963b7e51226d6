"""``--select`` / ``--ignore``: which codes a check run reports.

Both take comma-separated codes or code prefixes (``DW2`` is every ``DW2xx`` code). When a code
matches both lists, the more specific entry wins (``--select DW2 --ignore DW203`` reports DW2xx
except DW203; ``--ignore DW2 --select DW203`` reports only DW203), and on a tie ``--ignore``
wins. Syntax errors (:data:`~dataway.lint.codes.UNSUPPRESSIBLE`) are always reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from .codes import ALL_CODES, UNSUPPRESSIBLE

__all__ = ["Selection", "parse_code_list"]

_PREFIX = re.compile(r"DW[0-9]{0,3}")


def parse_code_list(text: str, option: str = "--select") -> tuple[str, ...]:
    """Split and validate ``DW203,DW4``; raises ValueError naming an entry no code matches."""
    entries = []
    for raw in text.split(","):
        entry = raw.strip().upper()
        if not entry:
            continue
        if not _PREFIX.fullmatch(entry) or not any(c.startswith(entry) for c in ALL_CODES):
            raise ValueError(f"{option}: {raw.strip()!r} is not a diagnostic code or code prefix "
                             f"(codes look like DW203; a prefix like DW2 selects a group)")
        entries.append(entry)
    if not entries:
        raise ValueError(f"{option}: expected a comma-separated list of codes")
    return tuple(entries)


def _best(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Selection:
    """The codes to report: ``select`` (None means all) minus ``ignore``."""

    select: Optional[tuple[str, ...]] = None
    ignore: tuple[str, ...] = ()

    def allows(self, code: str) -> bool:
        """True when diagnostics with ``code`` are reported."""
        if code in UNSUPPRESSIBLE:
            return True
        chosen = 0 if self.select is None else _best(code, self.select)
        return chosen >= 0 and _best(code, self.ignore) < chosen
