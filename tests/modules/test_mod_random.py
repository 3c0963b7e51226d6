"""random: the evaluation's own seeded generator, CPython's algorithms, size limits."""
from __future__ import annotations

import random

import pytest

from dataway.limits import Limits
from dataway.modules import PRELOADED
from dataway.runtime.context import LimitExceeded

R = PRELOADED["random"].members


def _draws() -> list:
    return [R["random"](), R["randint"](1, 6), R["randrange"](0, 100, 5), R["uniform"](1, 2),
            R["choice"]("abcdef"), R["choices"]([1, 2, 3], k=4), R["sample"](range(50), 5),
            R["getrandbits"](70)]


def _host_draws(rng: random.Random) -> list:
    return [rng.random(), rng.randint(1, 6), rng.randrange(0, 100, 5), rng.uniform(1, 2),
            rng.choice("abcdef"), rng.choices([1, 2, 3], k=4), rng.sample(range(50), 5),
            rng.getrandbits(70)]


def test_fixed_seed_gives_cpythons_sequence(use_context) -> None:
    use_context(seed=7)
    assert _draws() == _host_draws(random.Random(7))


def test_same_seed_is_deterministic_across_evaluations(use_context) -> None:
    use_context(seed=99)
    first = _draws()
    use_context(seed=99)
    assert _draws() == first


def test_script_seed_reseeds_only_this_evaluation(use_context) -> None:
    ctx = use_context(seed=1)
    R["seed"](123)
    assert R["random"]() == random.Random(123).random()
    other = use_context(seed=1)
    assert other.rng is not ctx.rng
    assert R["random"]() == random.Random(1).random()


def test_shuffle_is_in_place_and_deterministic(use_context) -> None:
    use_context(seed=5)
    xs = list(range(20))
    R["shuffle"](xs)
    ys = list(range(20))
    random.Random(5).shuffle(ys)
    assert xs == ys


def test_errors_match_cpython() -> None:
    for call, exc in [(lambda: R["choice"]([]), IndexError),
                      (lambda: R["randint"](5, 1), ValueError),
                      (lambda: R["sample"]([1, 2], 3), ValueError),
                      (lambda: R["seed"]([1]), TypeError),
                      (lambda: R["getrandbits"](-1), ValueError)]:
        with pytest.raises(exc):
            call()


def test_sizes_are_limited(use_context) -> None:
    use_context(limits=Limits(value_size=100, int_digits=100))
    with pytest.raises(LimitExceeded):
        R["choices"]([1], k=1000)
    with pytest.raises(LimitExceeded) as info:
        R["getrandbits"](10_000)
    assert info.value.limit == "int_digits"
