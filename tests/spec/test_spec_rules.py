"""Normative statements outside the §18 tables, checked through the API: the §15.2 renderings,
boundary errors (§5.3), read-only maps and messages (§5.4, §6), steps paths (§7), modes (§2.1,
§2.2), isolation and determinism (§4.6)."""
from __future__ import annotations

import pytest

from spec.model import body


@pytest.fixture(scope="module")
def dw():
    """The dataway package, or a skip while the API is landing."""
    dataway = pytest.importorskip("dataway", reason="the dataway package does not import yet")
    try:
        dataway.compile, dataway.Message  # noqa: B018
    except Exception as exc:
        pytest.skip(f"waiting for the embedding API / runtime Message: {exc!r}")
    return dataway


def run(dw, source, mode="code", payload=None, vars=None, steps=None, **kw):
    """Compile and evaluate ``source`` with a message built from the keyword inputs."""
    script = dw.compile(source, mode=mode, name=kw.pop("name", "orders.dw"),
                        limits=kw.pop("limits", None), output_type=kw.pop("output_type", "any"))
    steps_msgs = None if steps is None else {k: dw.Message(payload=v) for k, v in steps.items()}
    return script.evaluate(dw.Message(payload=payload, vars=vars), steps_msgs, **kw)


def error_of(dw, source, **kw):
    """The DatawayError that running ``source`` raises."""
    with pytest.raises(dw.DatawayError) as info:
        run(dw, source, **kw)
    return info.value


def test_traceback_text_of_section_15_2(dw) -> None:
    """The runtime rendering is exactly the §15.2 example."""
    src = ("def dw_process(msg):\n    return pick(msg.payload)\n\n"
           "def pick(p):\n    return p['id']\n")
    err = error_of(dw, src, payload={})
    assert err.code == 1200001
    assert err.error.type == "KeyError"
    assert err.error.text == ('Traceback (most recent call last):\n'
                              '  File "orders.dw", line 2, in dw_process\n'
                              '    return pick(msg.payload)\n'
                              '  File "orders.dw", line 5, in pick\n'
                              "    return p['id']\n"
                              "KeyError: 'id'")
    frames = [(f.script, f.function, f.line) for f in err.error.traceback]
    assert frames == [("orders.dw", "dw_process", 2), ("orders.dw", "pick", 5)]
    assert (err.error.line, err.error.script) == (5, "orders.dw")


def test_check_error_text_of_section_15_2(dw) -> None:
    """The check-error rendering is exactly the §15.2 example."""
    src = "def dw_process(msg):\n    x = 1\n    class Order:\n        pass\n"
    with pytest.raises(dw.CheckError) as info:
        dw.compile(src, name="orders.dw")
    err = info.value
    assert err.code == 1000001
    assert err.error.type == "SyntaxError"
    assert err.error.text == ('  File "orders.dw", line 3, column 5\n'
                              '    class Order:\n'
                              '    ^^^^^^^^^^^^\n'
                              'SyntaxError: class definitions are not supported in Dataway [DW301]')


def test_check_never_raises_and_orders_errors_first(dw) -> None:
    """check() returns diagnostics ordered by position (§16)."""
    diags = dw.check("def dw_process(msg):\n    sum = 1\n    class A:\n        pass\n    return sum\n")
    codes = [d.code for d in diags]
    assert "DW301" in codes
    assert [(d.line, d.column) for d in diags] == sorted((d.line, d.column) for d in diags)


def test_limit_error_names_limit_and_value(dw) -> None:
    """LimitError: limit 'steps' exceeded (N) (§14)."""
    err = error_of(dw, body("n = 0\nwhile True:\n    n += 1"), limits=dw.Limits(steps=5000))
    assert err.code == 1200003
    assert isinstance(err, dw.LimitError)
    assert err.error.limit == "steps"
    assert err.error.text.splitlines()[-1] == "LimitError: limit 'steps' exceeded (5000)"


def test_script_length_is_code_1000000(dw) -> None:
    """script_length is check code 1000000 with type LimitError (§15.1)."""
    with pytest.raises(dw.CheckError) as info:
        dw.compile("x" * 200, mode="expression", limits=dw.Limits(script_length=100))
    assert info.value.code == 1000000
    assert info.value.error.type == "LimitError"


def test_parse_depth(dw) -> None:
    """Nesting beyond parse_depth is DW107 (§14)."""
    with pytest.raises(dw.CheckError) as info:
        dw.compile("(" * 150 + "1" + ")" * 150, mode="expression")
    assert info.value.code == 1000001
    assert [d.code for d in info.value.error.diagnostics if d.is_error][0] == "DW107"


def test_long_operator_chain_within_depth(dw) -> None:
    """A long chain of one operator counts as one level (§14)."""
    src = " + ".join(["1"] * 5000)
    assert run(dw, src, mode="expression").value == 5000


@pytest.mark.parametrize("src, path, hint", [
    ("{'ids': {1, 2}}", "result['ids']", "list()"),
    ("[1, (x for x in [])]", "result[1]", "list()"),
    ("[len]", "result[0]", None),
    ("{'m': json}", "result['m']", None),
])
def test_boundary_rejects_non_core_values(dw, src, path, hint) -> None:
    """Non-core values fail the boundary with the path and hint of §5.3."""
    err = error_of(dw, src, mode="expression")
    assert err.code == 1200001 and err.error.type == "TypeError"
    assert "cannot return a value of type" in err.error.message
    assert f"(at {path})" in err.error.message
    if hint:
        assert hint in err.error.message
    else:
        assert "convert it with" not in err.error.message


def test_boundary_circular_reference(dw) -> None:
    """A reference cycle is a ValueError naming the path (§5.3)."""
    err = error_of(dw, body("a = [1]\na.append(a)\nreturn a"))
    assert err.error.type == "ValueError"
    assert err.error.message == "circular reference (at result[1])"


def test_boundary_tuple_key_error(dw) -> None:
    """Tuple dict keys cannot pass the boundary (§5.3)."""
    err = error_of(dw, "{(1, 2): 'x'}", mode="expression")
    assert err.code == 1200001


def test_boundary_normalises_nested(dw) -> None:
    """Tuples become lists and bytearrays bytes, recursively (§5.3)."""
    value = run(dw, "{'t': (1, (2, bytearray(b'x'))), 'l': [(3,)]}", mode="expression").value
    assert value == {'t': [1, [2, b'x']], 'l': [[3]]}
    assert type(value['t'][1][1]) is bytes


def test_readonly_maps(dw) -> None:
    """Read-only maps behave as §5.4 says and refuse writes with the §6 message."""
    value = run(dw, body("v = msg.vars\nreturn [str(type(v)), repr(v), v == {'a': 1}, isinstance(v, dict), "
                         "v.copy(), sorted(v.items())]"), vars={'a': 1}).value
    assert value == ['ReadOnlyMap', "{'a': 1}", True, False, {'a': 1}, [['a', 1]]]
    err = error_of(dw, body("v = msg.vars\nv['x'] = 1"), vars={})
    assert err.error.type == "TypeError"
    assert "'ReadOnlyMap' object does not support item assignment" in err.error.message
    assert "variables are set by components (Set Variable, Transform)" in err.error.message


def test_vars_write_is_dw505_with_message(dw) -> None:
    """Literal writes to msg.vars are DW505 with the §6 message."""
    diags = dw.check(body("msg.vars['x'] = 1"))
    d = [d for d in diags if d.code == "DW505"]
    assert d and "variables are set by components (Set Variable, Transform)" in d[0].message


def test_message_view(dw) -> None:
    """str(type(msg)), repr(msg) and the Message attributes (§6)."""
    script = dw.compile(body("return [str(type(msg)), repr(msg), msg.error, msg.isthrowing, msg.id, msg.seq_id]"))
    m = dw.Message(payload=1, id="m-1", seq_id="s-1")
    value = script.evaluate(m).value
    assert value == ['Message', "Message(id='m-1', seq_id='s-1')", None, False, 'm-1', 's-1']


def test_message_error_map(dw) -> None:
    """msg.error keys, aliases and iteration (§6)."""
    script = dw.compile(body("e = msg.error\nreturn [msg.isthrowing, e['Code'], e['code'], e.get('desc'), list(e), "
                             "sorted(e.keys())]"))
    m = dw.Message(error={'Code': 'HTTP:TIMEOUT', 'Description': 'timed out'})
    value = script.evaluate(m).value
    assert value == [True, 'HTTP:TIMEOUT', 'HTTP:TIMEOUT', 'timed out', ['Code', 'Description'],
                     ['Code', 'Description']]


def test_message_private_copies(dw) -> None:
    """Mutations change the evaluation's private copy only (§4.6)."""
    payload = {'items': [1]}
    value = run(dw, body("msg.payload['items'].append(2)\nreturn msg.payload"), payload=payload).value
    assert value == {'items': [1, 2]}
    assert payload == {'items': [1]}, "the host's payload must not change"


def test_steps_paths(dw) -> None:
    """Steps-path resolution order (§7)."""
    steps = {'fetch': {'items': [1], 'get': 'key named get', 'name': 'n'}}
    assert run(dw, "steps.fetch.payload.name", mode="expression", steps=steps).value == 'n'
    assert run(dw, "steps['fetch'].payload['items']", mode="expression", steps=steps).value == [1]
    assert run(dw, "steps.fetch.payload.get", mode="expression", steps=steps).value == 'key named get'
    err = error_of(dw, "steps.other.payload", mode="expression", steps=steps)
    assert err.error.type == "KeyError" and err.error.message == "'other'"
    err = error_of(dw, body("p = steps.fetch.payload\nreturn p.name"), steps=steps)
    assert err.error.type == "AttributeError"
    steps2 = {'fetch': {'x': 1}}
    assert run(dw, "steps.fetch.payload.get('x')", mode="expression", steps=steps2).value == 1


def test_steps_is_reserved(dw) -> None:
    """Binding steps is DW207 (§7)."""
    codes = [d.code for d in dw.check(body("steps = 1\nreturn steps"))]
    assert "DW207" in codes


def test_attribute_style_key_access_only_on_steps_paths(dw) -> None:
    """msg.payload.name is an AttributeError outside steps paths (§7)."""
    err = error_of(dw, "msg.payload.name", mode="expression", payload={'name': 1})
    assert err.error.type == "AttributeError"


@pytest.mark.parametrize("src, code", [
    ("", "DW114"),
    ("x = 1", "DW114"),
    ("(yield 1)", "DW110"),
])
def test_expression_mode_rejects(dw, src, code) -> None:
    """Expression mode refuses empty input, statements and yield (§2.2)."""
    with pytest.raises(dw.CheckError) as info:
        dw.compile(src, mode="expression")
    assert [d.code for d in info.value.error.diagnostics if d.is_error][0] == code


def test_expression_mode_message_for_statements(dw) -> None:
    """The DW114 message of §2.2."""
    diags = dw.check("x = 1", mode="expression")
    assert any("expression mode accepts a single expression; use code mode for statements" in d.message
               for d in diags)


@pytest.mark.parametrize("src, code", [
    ("def process(msg):\n    return 1\n", "DW210"),
    ("def dw_process(msg, other):\n    return 1\n", "DW211"),
    ("def dw_process(*msgs):\n    return 1\n", "DW211"),
    ("def dw_process(msg=None):\n    return 1\n", "DW211"),
    ("return 1\ndef dw_process(msg):\n    return 1\n", "DW110"),
])
def test_code_mode_entry_point(dw, src, code) -> None:
    """dw_process must exist with one plain parameter; no top-level return (§2.1)."""
    assert code in [d.code for d in dw.check(src) if d.is_error]


def test_code_mode_returns_none_when_falling_off(dw) -> None:
    """Falling off dw_process returns None (§2.1)."""
    assert run(dw, body("x = 1")).value is None


def test_fresh_globals_per_evaluation(dw) -> None:
    """Each evaluation starts with fresh globals (§4.6)."""
    script = dw.compile("seen = []\ndef dw_process(msg):\n    seen.append(1)\n    return len(seen)\n")
    assert [script.evaluate(dw.Message()).value for _ in range(3)] == [1, 1, 1]


def test_seed_clock_timezone(dw) -> None:
    """Seed, clock and time zone make an evaluation deterministic (§4.6, §17)."""
    script = dw.compile(body("return [random.random(), time.time(), "
                             "datetime.datetime.now().isoformat(), time.strftime('%H:%M')]"))
    a = script.evaluate(dw.Message(), seed=7, clock=lambda: 0.0, timezone="+08:00").value
    b = script.evaluate(dw.Message(), seed=7, clock=lambda: 0.0, timezone="+08:00").value
    assert a == b
    assert a[1:] == [0.0, '1970-01-01T08:00:00', '08:00']


def test_default_timezone_is_utc(dw) -> None:
    """The default evaluation time zone is UTC (§4.6)."""
    value = run(dw, "time.strftime('%Y-%m-%d %H:%M', time.localtime(0))", mode="expression").value
    assert value == '1970-01-01 00:00'


def test_print_goes_to_log_not_stdout(dw, capsys) -> None:
    """print writes to Evaluation.log, never to the host's streams (§11, §17)."""
    ev = run(dw, body("print('a', 1)\nprint('b', end='')\nreturn 0"))
    assert ev.log == "a 1\nb"
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_log_size_truncation(dw) -> None:
    """Log output beyond log_size ends with the [log truncated] line (§14)."""
    ev = run(dw, body("for i in range(1000):\n    print('x' * 100)\nreturn 1"),
             limits=dw.Limits(log_size=1000))
    assert ev.log.rstrip("\n").splitlines()[-1] == "[log truncated]"
    assert len(ev.log) < 2000


def test_limit_error_not_caught_and_finally_not_run(dw) -> None:
    """No except catches a LimitError (§4.3)."""
    src = body("try:\n    return 10 ** 200000\nexcept:\n    return 'caught'\nfinally:\n    print('finally')")
    with pytest.raises(dw.LimitError) as info:
        run(dw, src)
    assert info.value.error.limit == "int_digits"


def test_call_depth_recursion_is_limit_error(dw) -> None:
    """Unbounded recursion stops on call_depth (X10, §14)."""
    err = error_of(dw, "def f(n):\n    return f(n + 1)\ndef dw_process(msg):\n    return f(0)\n")
    assert isinstance(err, dw.LimitError) and err.error.limit == "call_depth"


def test_deep_recursion_within_call_depth_works(dw) -> None:
    """Recursion within call_depth works without host recursion errors (§14)."""
    src = "def f(n):\n    return 0 if n == 0 else 1 + f(n - 1)\ndef dw_process(msg):\n    return f(190)\n"
    assert run(dw, src).value == 190


def test_declared_type_conversion_errors_name_the_field(dw) -> None:
    """A failed text conversion is a ValueError with the §2.3 message."""
    err = error_of(dw, "abc", mode="text", output_type="int")
    assert err.error.type == "ValueError"
    assert "cannot convert 'abc' to int" in err.error.message


def test_unknown_declared_type_is_dw409(dw) -> None:
    """An unknown declared type is DW409 (§16)."""
    with pytest.raises(dw.CheckError) as info:
        dw.compile("1", mode="expression", output_type="number")
    assert "DW409" in [d.code for d in info.value.error.diagnostics]


def test_internal_details_never_in_error_text(dw) -> None:
    """Host paths and addresses never appear in error text (§15.2)."""
    err = error_of(dw, body("return {}['k']"))
    assert ".py" not in err.error.text and "0x" not in err.error.text


def test_host_state_untouched_by_evaluation(dw) -> None:
    """Evaluations leave the host's random state, decimal context and time zone alone (§4.6)."""
    import decimal
    import os
    import random
    import time

    random.seed(5)
    state = random.getstate()
    prec, tz = decimal.getcontext().prec, (os.environ.get("TZ"), time.tzname)
    src = body("random.seed(1)\nx = decimal.Decimal(1) / 7\nreturn time.strftime('%H', time.localtime(0))")
    assert run(dw, src, timezone="Asia/Shanghai").value == "08"
    assert random.getstate() == state
    assert decimal.getcontext().prec == prec
    assert (os.environ.get("TZ"), time.tzname) == tz


def test_host_int_str_guard_stays_bounded(dw) -> None:
    """Dataway raises CPython's int/str conversion guard only as far as int_digits needs; the
    host keeps a bound (0 would switch the DoS guard off for the whole process)."""
    import sys

    assert run(dw, "int('1' * 5000) % 7", mode="expression").value == int('1' * 5000) % 7
    assert 0 < sys.get_int_max_str_digits() <= 100_000
