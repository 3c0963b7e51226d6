"""Streams (spec §10): single consumption, per-item boundary rules, producer context."""
from __future__ import annotations

from typing import Iterator

from dataway.data.streams import Stream, is_script_generator
from dataway.limits import Limits
from dataway.runtime.context import Context, current

from .support import raises


def numbers(n: int) -> Iterator[int]:
    yield from range(n)


def test_items_in_order_and_lazily() -> None:
    pulled = []

    def producer() -> Iterator[int]:
        for i in range(3):
            pulled.append(i)
            yield i

    stream = Stream(producer())
    assert pulled == []
    it = iter(stream)
    assert next(it) == 0 and pulled == [0]
    assert list(it) == [1, 2]


def test_single_consumption() -> None:
    stream = Stream(numbers(3))
    assert sum(stream) == 3
    with raises("RuntimeError", "^stream already consumed$"):
        iter(stream)


def test_no_len_and_type_name() -> None:
    stream = Stream(numbers(1))
    with raises("TypeError"):
        len(stream)  # type: ignore[arg-type]
    assert Stream.dw_type_name == "Stream" and Stream.dw_attrs == frozenset()


def test_items_are_normalised_and_bad_items_name_their_index() -> None:
    def producer() -> Iterator[object]:
        yield (1, 2)
        yield bytearray(b"x")
        yield 3
        yield {"a": {1}}

    it = iter(Stream(producer()))
    assert next(it) == [1, 2] and next(it) == b"x" and next(it) == 3
    with raises("TypeError", r"\(at item\[3\]\['a'\]\); convert it with list\(\)"):
        next(it)


def test_producer_exceptions_keep_their_class() -> None:
    def producer() -> Iterator[int]:
        yield 1
        raise KeyError("id")

    it = iter(Stream(producer()))
    next(it)
    with raises("KeyError"):
        next(it)


def test_producer_runs_under_its_own_context() -> None:
    producer_ctx = Context(Limits())
    seen = []

    def producer() -> Iterator[int]:
        seen.append(current())
        yield 1

    outer = current()
    assert list(Stream(producer(), producer_ctx)) == [1]
    assert seen == [producer_ctx] and current() is outer


def test_drain_checks_the_output_size() -> None:
    assert Stream(numbers(4)).drain() == [0, 1, 2, 3]
    with raises("LimitError") as caught:
        Stream(iter(["x" * 40] * 5), limits=Limits(output_size=100)).drain()
    assert caught.limit == "output_size"


def test_is_script_generator() -> None:
    assert is_script_generator(numbers(1))
    assert not is_script_generator(iter([1]))
    assert not is_script_generator([1])
