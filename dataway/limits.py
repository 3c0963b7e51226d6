"""The resource limits of spec §14, configurable per script or per evaluation."""
from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Limits", "DEFAULT_LIMITS"]


@dataclass(frozen=True, slots=True)
class Limits:
    """One field per §14 limit name; defaults are the spec's.

    ``time`` is in seconds. ``value_size`` counts elements (characters for str, bytes for
    bytes); ``value_bytes`` is the companion estimated-memory bound of a single value.
    """

    script_length: int = 256 * 1024
    parse_depth: int = 100
    steps: int = 10_000_000
    time: float = 10.0
    call_depth: int = 200
    value_size: int = 16 * 1024 * 1024
    value_bytes: int = 64 * 1024 * 1024
    int_digits: int = 100_000
    value_depth: int = 1_000
    memory: int = 256 * 1024 * 1024
    output_size: int = 64 * 1024 * 1024
    log_size: int = 1024 * 1024

    def replace(self, **changes: object) -> "Limits":
        """A copy with some limits changed; unknown names are a TypeError."""
        names = {f.name for f in fields(self)}
        unknown = set(changes) - names
        if unknown:
            raise TypeError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Limits(**values)  # type: ignore[arg-type]


DEFAULT_LIMITS = Limits()
