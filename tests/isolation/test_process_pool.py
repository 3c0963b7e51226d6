"""Process isolation gives the same results and errors as in-process evaluation, plus a hard
kill on deadline and a worker that cannot smuggle host objects into the parent."""
from __future__ import annotations

import pickle
import time

import pytest

import dataway
from dataway.isolation import ProcessPool, _AnswerUnpickler


@pytest.fixture(scope="module")
def pool():
    with ProcessPool(workers=1) as p:
        yield p


def test_value_matches_in_process(pool):
    script = dataway.compile("{'n': msg.payload['n'] * 2, 't': (1, 2)}", mode="expression")
    msg = dataway.Message(payload={"n": 21})
    assert pool.evaluate(script, msg).value == script.evaluate(msg).value == {"n": 42, "t": [1, 2]}


def test_script_error_is_the_same_error_object(pool):
    script = dataway.compile("def dw_process(msg):\n    print('before')\n    return {}['x']\n")
    with pytest.raises(dataway.ScriptError) as isolated:
        pool.evaluate(script)
    with pytest.raises(dataway.ScriptError) as inline:
        script.evaluate()
    assert isolated.value.error.to_dict() == inline.value.error.to_dict()
    assert isolated.value.log == "before\n"


def test_limit_error_from_the_evaluator(pool):
    script = dataway.compile("def dw_process(msg):\n    while True:\n        pass\n",
                             limits=dataway.Limits(steps=10_000))
    with pytest.raises(dataway.LimitError) as err:
        pool.evaluate(script)
    assert err.value.error.limit == "steps"


def test_hard_kill_on_deadline_and_the_pool_recovers():
    # A negative grace puts the parent's deadline before the evaluator's own time limit, which
    # is how a worker stuck in host code looks from the parent.
    script = dataway.compile("def dw_process(msg):\n    while True:\n        pass\n",
                             limits=dataway.Limits(time=5.0, steps=10**12))
    with ProcessPool(workers=1, grace=-4.0) as p:
        started = time.monotonic()
        with pytest.raises(dataway.LimitError) as err:
            p.evaluate(script)
        assert err.value.error.limit == "time"
        assert time.monotonic() - started < 4.0
        ok = dataway.compile("1 + 1", mode="expression")
        assert p.evaluate(ok).value == 2


def test_answers_naming_host_callables_are_refused():
    class Evil:
        def __reduce__(self):
            import os
            return (os.system, ("true",))

    data = pickle.dumps(("ok", (Evil(), "", 0, 0.0)))
    import io
    with pytest.raises(pickle.UnpicklingError):
        _AnswerUnpickler(io.BytesIO(data)).load()
