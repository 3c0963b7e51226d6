"""The ``random`` module (spec §12): the evaluation's private generator (``current().rng``)."""
from __future__ import annotations

from typing import Any, Optional, Sequence

from ..runtime.context import current
from ..runtime.values import ModuleValue
from .callables import members_of
from .guards import charge, check_decimal_int, check_int_bits, check_size
from .members import make_module

__all__ = ["MODULE"]


def seed(a: Any = None, version: int = 2) -> None:
    """Re-seed this evaluation's generator (None: OS entropy)."""
    current().rng.seed(a, version)


def random() -> float:
    """A float in [0.0, 1.0)."""
    return current().rng.random()


def uniform(a: float, b: float) -> float:
    """A float between ``a`` and ``b``."""
    return current().rng.uniform(a, b)


def randint(a: int, b: int) -> int:
    """An int in [a, b]."""
    check_decimal_int(a)
    check_decimal_int(b)
    return current().rng.randint(a, b)


def randrange(start: int, stop: Optional[int] = None, step: int = 1) -> int:
    """A random element of ``range(start, stop, step)`` (non-int arguments are converted as
    CPython 3.11 does, so a Decimal's digits are checked first)."""
    for value in (start, stop, step):
        check_decimal_int(value)
    return current().rng.randrange(start, stop, step)


def getrandbits(k: int) -> int:
    """An int with ``k`` random bits; refused beyond ``int_digits``."""
    if isinstance(k, int):
        check_int_bits(k)
    return current().rng.getrandbits(k)


def choice(seq: Sequence[Any]) -> Any:
    """A random element of a non-empty sequence."""
    return current().rng.choice(seq)


def choices(population: Sequence[Any], weights: Optional[Sequence[float]] = None, *,
            cum_weights: Optional[Sequence[float]] = None, k: int = 1) -> list[Any]:
    """``k`` elements drawn with replacement."""
    if isinstance(k, int):
        check_size(k)
        charge(max(k, 0) + _length(population))
    return current().rng.choices(population, weights, cum_weights=cum_weights, k=k)


def sample(population: Sequence[Any], k: int, *, counts: Optional[Sequence[int]] = None
           ) -> list[Any]:
    """``k`` distinct elements drawn without replacement."""
    if isinstance(k, int):
        check_size(k)
        charge(max(k, 0) + _length(population))
    return current().rng.sample(population, k, counts=counts)


def shuffle(x: list[Any]) -> None:
    """Shuffle a mutable sequence in place."""
    charge(_length(x))
    current().rng.shuffle(x)


def _length(value: Any) -> int:
    try:
        return len(value)
    except TypeError:
        return 0


def _build() -> ModuleValue:
    return make_module("random", members_of(seed, random, randint, randrange, choice, choices,
                                           shuffle, sample, uniform, getrandbits))


MODULE = _build()
