"""Property tests of scope semantics against simple Python models."""
from __future__ import annotations

import asyncio

from hypothesis import given, settings, strategies as st

from dataway.engine.clock import VirtualClock
from dataway.stdlib.rate_limiter import TokenBucket
from tests.engine.helpers import engine_for, run

PARALLEL = """
flow: par
steps:
  - id: par
    type: parallel_foreach
    config: {collection: {expr: "msg.payload"}, max_parallelism: %d}
    steps:
      - {id: wait, type: probe, config: {sleep: 0}}
      - id: slow
        type: until_successful
        config: {retries: 1, retry_interval: 1, retry_condition: "False"}
        steps: [{id: body, type: set_payload, config: {value: {expr: "msg.payload * 3"}}}]
"""


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(-50, 50), max_size=12), st.integers(2, 8))
def test_parallel_foreach_is_map_in_order(items: list[int], parallelism: int) -> None:
    """Output = [f(x) for x in items], whatever the interleaving; parallelism is bounded."""
    engine = engine_for({"par": PARALLEL % parallelism})
    record = run(engine.run_flow("par", items))
    assert record.status == "succeeded"
    assert record.message.payload == [x * 3 for x in items]
    if items:
        assert engine.shared["probe:wait"]["peak"] <= min(parallelism, len(items))


FOREACH = """
flow: fe
steps:
  - id: loop
    type: for_each
    config: {collection: {expr: "msg.payload"}}
    steps:
      - id: keep
        type: choice
        branches:
          - when: "msg.payload % 3 == 0"
            steps: [{id: skip, type: continue}]
          - when: "msg.payload > 40"
            steps: [{id: stop, type: break}]
      - {id: acc, type: set_variable, config: {name: acc, operation: append, value: {expr: "msg.payload"}}}
"""


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=15))
def test_for_each_with_break_and_continue_matches_a_python_loop(items: list[int]) -> None:
    expected: list[int] = []
    for x in items:
        if x % 3 == 0:
            continue
        if x > 40:
            break
        expected.append(x)
    record = run(engine_for({"fe": FOREACH}).run_flow("fe", {"payload": items, "vars": {"acc": []}}))
    assert record.message.vars == {"acc": expected}
    assert record.message.payload == items


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 10), st.lists(st.floats(0, 3), min_size=1, max_size=30))
def test_token_bucket_never_exceeds_capacity_plus_refill(capacity: int, gaps: list[float]) -> None:
    """Tokens granted within any span t are at most capacity + capacity * t / period."""

    async def scenario() -> list[float]:
        clock = VirtualClock(start=0)
        bucket = TokenBucket(clock, capacity, 1.0)
        granted = []
        for gap in gaps:
            clock.advance(gap)
            if bucket.try_take():
                granted.append(clock.monotonic())
        return granted

    granted = asyncio.run(scenario())
    for i, start in enumerate(granted):
        for j in range(i, len(granted)):
            span = granted[j] - start
            assert j - i + 1 <= capacity + capacity * span + 1e-9
