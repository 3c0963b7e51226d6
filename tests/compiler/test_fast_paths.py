"""The evaluator's fast paths give the answers of the general paths.

* Message reads with a constant key (``msg.payload['k']``, ``msg.vars.get('k')``) skip the
  evaluation's private copy while none exists; every outcome must equal the general path's,
  which a computed key (``'t' + 'otal'``) forces.
* Programs that can recurse run on the caller's thread under a call budget and hop to a
  deep-stack worker only when a call would pass it; results, limits and logs are those of a
  run on the worker.
"""
from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataway
from dataway.compiler import stack

PAYLOADS = [
    {"total": 250, "id": "A-1", "items": [1, 2], "n": None},
    {"total": "x"},
    {},
    [1, 2, 3],
    "text",
    None,
]
VARS = [{"region": "eu", "tags": ["a"], "m": {"k": 1}}, {}]

# (fused expression, the same read through a computed key, which takes the general path)
READS = [
    ("msg.payload['total']", "msg.payload['to' + 'tal']"),
    ("msg.payload['items']", "msg.payload['it' + 'ems']"),
    ("msg.payload[0]", "msg.payload[0 + 0]"),
    ("msg.vars['region']", "msg.vars['re' + 'gion']"),
    ("msg.vars['tags']", "msg.vars['ta' + 'gs']"),
    ("msg.vars.get('region')", "msg.vars.get('re' + 'gion')"),
    ("msg.vars.get('m', 5)", "msg.vars.get('' + 'm', 5)"),
    ("msg.vars.get('nope', [1])", "msg.vars.get('no' + 'pe', [1])"),
    ("msg.attrs.get('source')", "msg.attrs.get('sou' + 'rce')"),
    ("msg.attributes['source']", "msg.attributes['sou' + 'rce']"),
    ("msg.payload['items'].append(3) or msg.payload['items']",
     "msg.payload['it' + 'ems'].append(3) or msg.payload['it' + 'ems']"),
    ("msg.vars['tags'].append(1) or msg.vars['tags']",
     "msg.vars['ta' + 'gs'].append(1) or msg.vars['ta' + 'gs']"),
    ("[msg.payload.update({'total': 1}), msg.payload['total']]",
     "[msg.payload.update({'total': 1}), msg.payload['to' + 'tal']]"),
]


def _outcome(src: str, msg: dataway.Message) -> tuple[str, str]:
    try:
        return "ok", repr(dataway.compile(src, mode="expression").evaluate(msg, raw=True).value)
    except dataway.DatawayError as exc:
        return "error", f"{exc.error.type}: {exc.error.message}"


@pytest.mark.parametrize("fused,general", READS)
def test_fused_message_reads_match_the_general_path(fused: str, general: str) -> None:
    for payload in PAYLOADS:
        for vars_ in VARS:
            def make() -> dataway.Message:
                return dataway.Message(payload=payload, vars=vars_, attrs={"source": "s"})
            assert _outcome(fused, make()) == _outcome(general, make()), (fused, payload, vars_)


@settings(max_examples=60, deadline=None)
@given(payload=st.dictionaries(st.sampled_from(["a", "b", "total"]),
                               st.one_of(st.integers(), st.text(max_size=3), st.none(),
                                         st.lists(st.integers(), max_size=3)), max_size=3),
       key=st.sampled_from(["a", "b", "total"]))
def test_fused_reads_property(payload: dict, key: str) -> None:
    msg = dataway.Message(payload=payload, vars=payload)
    for fused, general in [(f"msg.payload[{key!r}]", f"msg.payload[{key!r} + '']"),
                           (f"msg.vars.get({key!r}, 0)", f"msg.vars.get({key!r} + '', 0)")]:
        assert _outcome(fused, msg) == _outcome(general, msg)


def test_fused_reads_leave_the_host_message_alone() -> None:
    payload = {"items": [1]}
    msg = dataway.Message(payload=payload, vars={"tags": ["a"]})
    script = dataway.compile("msg.payload['items'].append(2) or msg.vars['tags'].append('b')",
                             mode="expression")
    script.evaluate(msg)
    script.evaluate(msg)
    assert payload == {"items": [1]} and msg.vars == {"tags": ["a"]}


class _HopCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = stack.run_deep

        def counting(*args: object) -> object:
            self.count += 1
            return real(*args)
        monkeypatch.setattr(stack, "run_deep", counting)


RECURSE = "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\ndef dw_process(msg):\n    return f({})\n"


def test_shallow_code_runs_on_the_callers_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    hops = _HopCounter(monkeypatch)
    src = ("def helper(x):\n    return [y * 2 for y in x]\n"
           "def dw_process(msg):\n    return sorted(helper(msg.payload), key=lambda v: -v)\n")
    assert dataway.compile(src).evaluate(dataway.Message(payload=[1, 2])).value == [4, 2]
    assert dataway.compile(RECURSE.format(5)).evaluate().value == 5
    assert hops.count == 0


def test_deep_recursion_hops_and_keeps_call_depth(monkeypatch: pytest.MonkeyPatch) -> None:
    hops = _HopCounter(monkeypatch)
    assert dataway.compile(RECURSE.format(195)).evaluate().value == 195
    assert hops.count >= 1
    with pytest.raises(dataway.LimitError) as info:
        dataway.compile(RECURSE.format(300)).evaluate()
    assert info.value.error.limit == "call_depth"


def test_no_room_on_the_callers_stack_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called from deep inside host recursion, the budget is zero: the first call hops."""
    hops = _HopCounter(monkeypatch)
    script = dataway.compile(RECURSE.format(50))
    room = sys.getrecursionlimit()

    def dive(n: int) -> int:
        return script.evaluate().value if n == 0 else dive(n - 1)
    assert dive(room - 100) == 50
    assert hops.count >= 1


def test_deep_value_within_value_depth_is_handled_on_a_worker() -> None:
    """``repr`` of a value nested near ``value_depth`` exceeds the caller thread's room; the
    evaluation runs again on a worker and its log holds one run's output."""
    src = ("def dw_process(msg):\n    a = []\n    for _ in range(990):\n        a = [a]\n"
           "    print('once')\n    return len(repr(a))\n")
    result = dataway.compile(src).evaluate()
    assert result.value == 2 * 991
    assert result.log == "once\n"


def test_evaluation_fields() -> None:
    result = dataway.compile("1 + 1", mode="expression").evaluate()
    assert (result.value, result.log, result.steps_used) == (2, "", result.steps_used)
    assert result.steps_used > 0 and result.elapsed >= 0
    with pytest.raises(AttributeError):
        result.value = 3  # type: ignore[misc]
