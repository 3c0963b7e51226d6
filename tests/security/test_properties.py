"""Property tests: whatever goes in, only ``DatawayError`` subclasses come out (issue #3).

Random bytes and token soup exercise decoding, tokenizing, parsing and checking; small
well-formed programs exercise the compiler and evaluator. Example counts are modest so the
default run stays fast; ``python -m tests.security.fuzz`` is the long run of the same property.
"""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings, strategies as st

from .gen import MODES, TOKENS, only_dataway_errors, random_bytes, random_program, random_tokens

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(MODES))
def test_random_bytes_check_and_compile(source: bytes, mode: str) -> None:
    only_dataway_errors(source, mode, evaluate=False)


@SETTINGS
@given(st.text(max_size=200), st.sampled_from(MODES))
def test_random_text_check_compile_and_evaluate(source: str, mode: str) -> None:
    only_dataway_errors(source, mode, evaluate=True)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS),
                max_size=40), st.sampled_from(MODES))
def test_random_token_streams(tokens: list[str], mode: str) -> None:
    only_dataway_errors(" ".join(tokens), mode, evaluate=True)


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_structured_bytes_and_tokens(rng: random.Random) -> None:
    only_dataway_errors(random_bytes(rng), rng.choice(MODES), evaluate=True)
    only_dataway_errors(random_tokens(rng), rng.choice(MODES), evaluate=True)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_random_well_formed_programs_evaluate(rng: random.Random) -> None:
    only_dataway_errors(random_program(rng), "code", evaluate=True)
