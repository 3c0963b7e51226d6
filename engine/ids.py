"""Identifiers: ULID run ids (time-sortable, §4.1) and cheap unique message ids (§2)."""
from __future__ import annotations

import itertools
import os
import threading
import time

__all__ = ["new_ulid", "new_message_id"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last_ms = -1
_last_rand = 0


def _encode(value: int, length: int) -> str:
    out = []
    for _ in range(length):
        out.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(out))


def new_ulid(now: float | None = None) -> str:
    """A 26-character ULID; monotonic within one millisecond in this process."""
    global _last_ms, _last_rand
    ms = int((time.time() if now is None else now) * 1000)
    with _lock:
        if ms <= _last_ms:
            # Same (or earlier) millisecond: increment the random part so ids still sort.
            ms = _last_ms
            _last_rand = (_last_rand + 1) & ((1 << 80) - 1)
        else:
            _last_ms = ms
            _last_rand = int.from_bytes(os.urandom(10), "big") >> 1
        rand = _last_rand
    return _encode(ms, 10) + _encode(rand, 16)


# Message ids only need uniqueness, and one is made per step: a random process prefix plus a
# counter costs a fraction of a ULID.
_prefix = os.urandom(6).hex()
_counter = itertools.count(1)


def new_message_id() -> str:
    """A unique message id (not time-sortable; run ids are)."""
    return f"{_prefix}-{next(_counter):x}"
