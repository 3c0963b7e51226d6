"""Identifiers: ULID run ids (time-sortable, §4.1) and cheap unique message ids (§2)."""
from __future__ import annotations

import itertools
import os
import random
import threading
import time

__all__ = ["new_ulid", "new_message_id", "next_message_number", "message_id"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
# Run ids need uniqueness, not secrecy: a seeded PRNG avoids a system call per id.
_random = random.Random(os.urandom(16))
_last_ms = -1
_last_rand = 0


# Two Crockford characters per 10 bits: a 26-character ULID takes 13 table lookups.
_PAIRS = [_CROCKFORD[i >> 5] + _CROCKFORD[i & 31] for i in range(1024)]


_SHIFTS = {n: tuple(range(5 * (n - 2), -1, -10)) for n in (10, 16, 26)}


def _encode(value: int, length: int) -> str:
    """``value`` as ``length`` Crockford base32 characters (``length`` even)."""
    pairs = _PAIRS
    return "".join([pairs[(value >> shift) & 1023] for shift in _SHIFTS[length]])


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
            _last_rand = _random.getrandbits(79)
        rand = _last_rand
    return _encode((ms << 80) | rand, 26)


# Message ids only need uniqueness, and one is made per step: a random process prefix plus a
# counter costs a fraction of a ULID.
_prefix = os.urandom(6).hex()
_counter = itertools.count(1)


next_message_number = _counter.__next__


def message_id(number: int) -> str:
    """The text of message id ``number`` (unique in this process and, by prefix, across)."""
    return f"{_prefix}-{number:x}"


def new_message_id() -> str:
    """A unique message id (not time-sortable; run ids are)."""
    return message_id(next_message_number())
