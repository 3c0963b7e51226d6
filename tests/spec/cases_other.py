"""Spec §18.4–§18.6 and the §2.3 text-mode table: expression, text and decision cases."""
from __future__ import annotations

import datetime as dt

from spec.model import E, Err, SpecCase, body

CHECK, RUNTIME, LIMIT = 1000001, 1200001, 1200003
SCORE = {'score': 70}

EXPRESSION_CASES = [
    SpecCase("DC32", "expression", '"abc"', expected='abc'),
    SpecCase("DC33", "expression", '123', expected=123),
    SpecCase("DC34", "expression", 'True', expected=True),
    SpecCase("DC35", "expression", "b'abc'", expected=b'abc'),
    SpecCase("DC36", "expression", "('a', 'b', 'c')", expected=['a', 'b', 'c'], raw=('a', 'b', 'c')),
    SpecCase("DC37", "expression", "(str(1))", expected='1'),
    SpecCase("DC38", "expression", "[1,2,3]", expected=[1, 2, 3]),
    SpecCase("DC39", "expression", "[i for i in 'abc']", expected=['a', 'b', 'c']),
    SpecCase("DC40", "expression", "{1,2,'a'}", raw={1, 2, 'a'}, check_code="DW407",
             error=Err(RUNTIME, "TypeError", message_contains="list()")),
    SpecCase("DC41", "expression", "{1:2, 'a':'b', 3.0:True}", expected={1: 2, 'a': 'b', 3.0: True}),
    SpecCase("DC42", "expression", "{i:i*i for i in range(10)}",
             expected={i: i * i for i in range(10)}),
    SpecCase("DC43", "expression", "msg.payload", payload={'realData': 123},
             expected={'realData': 123}),
    SpecCase("DC44", "expression", "msg.payload[1]", payload=[10, 20, 30], expected=20),
    SpecCase("DC45", "expression", "msg.vars['a']", vars={'a': 'v'}, expected='v'),
    SpecCase("DC46", "expression", "msg.payload[1:3]", payload=[10, 20, 30, 40], expected=[20, 30]),
    SpecCase("DC47", "expression", "str('a')", expected='a'),
    SpecCase("DC48", "expression", "3**3", expected=27),
    SpecCase("DC49", "expression", "3+3", expected=6),
    SpecCase("DC50", "expression", "'a' not in msg.vars", expected=True),
    SpecCase("DC51", "expression", "not msg.vars", expected=True),
    SpecCase("DC52", "expression", "~msg.vars['no']", vars={'no': 5}, expected=-6),
    SpecCase("DC53", "expression", "'a' if 's' in msg.vars else 'b'", expected='b'),
    SpecCase("DC54", "expression", "'a' if 's' in msg.vars else 'b'", vars={'s': 1}, expected='a'),
    SpecCase("DC55", "expression", "not True", expected=False),
    SpecCase("DC56", "expression", "msg.vars.get('score') >= 90", vars=SCORE, expected=False),
    SpecCase("DC57", "expression", "msg.vars.get('score') >= 80", vars=SCORE, expected=False),
    SpecCase("DC58", "expression", "msg.vars.get('score') >= 60", vars=SCORE, expected=True),
    SpecCase("DC58-setcomp", "expression", "{i for i in 'abc'}", raw={'a', 'b', 'c'},
             note="the unnamed row after DC58; raw only (a set cannot leave a script)"),
    SpecCase("DC59", "text", "access-token", expected='access-token'),
]

ANN = {'name': 'Ann', 'n': 5}

TEXT_CASES = [
    SpecCase("T01", "text", "access-token", payload=ANN, expected='access-token'),
    SpecCase("T02", "text", "Hello ${msg.payload['name']}!", payload=ANN, expected='Hello Ann!'),
    SpecCase("T03", "text", "${msg.payload['n']}", payload=ANN, expected=5),
    SpecCase("T04", "text", "${msg.payload['n']}", payload=ANN, output_type="string", expected='5'),
    SpecCase("T05", "text", "n=${msg.payload['n']}", payload=ANN, expected='n=5'),
    SpecCase("T06", "text", "${msg.payload['n']}0", payload=ANN, output_type="int", expected=50),
    SpecCase("T07", "text", "$${not.a.reference}", payload=ANN, expected='${not.a.reference}'),
    SpecCase("T08", "text", '[1, "a"]', payload=ANN, output_type="list", expected=[1, 'a']),
    SpecCase("T09", "text", "2024-05-01T08:00:00Z", payload=ANN, output_type="datetime",
             expected=dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.timezone.utc)),
    SpecCase("T10", "text", "Yes", payload=ANN, output_type="bool", expected=True),
    SpecCase("T11", "text", "${steps.fetch.payload.id}", steps={'fetch': {'id': 7}}, expected=7),
    SpecCase("T12", "text", "${}", payload=ANN, error=Err(CHECK, "SyntaxError", "DW106", 1, 1)),
]

DECISION_CASES = [
    SpecCase("X01", "code", body("class A:\n    pass"),
             error=Err(CHECK, "SyntaxError", "DW301", 2, 5)),
    SpecCase("X02", "code", body("import os"),
             error=Err(CHECK, "ModuleNotFoundError", "DW501", 2, 5,
                       message_contains="No module named 'os'")),
    SpecCase("X03", "expression", "(1).__class__", error=Err(CHECK, dw="DW502")),
    SpecCase("X04", "expression", "getattr(1, '__cl' + 'ass__')",
             error=Err(RUNTIME, "AttributeError")),
    SpecCase("X05", "code", body("msg.vars['x'] = 1"), error=Err(CHECK, dw="DW505")),
    SpecCase("X06", "expression", "(y := 1)", error=Err(CHECK, dw="DW305")),
    SpecCase("X07", "code", body("try:\n    while True:\n        pass\nexcept:\n    return 'caught'\n"
                                 "finally:\n    return 'cleanup'"),
             error=Err(LIMIT, "LimitError", limit=("steps", "time")),
             limits={"steps": 200_000, "time": 5.0},
             note="lowered limits keep the run short; the point is that nothing catches it"),
    SpecCase("X08", "expression", "10 ** 200000", error=Err(LIMIT, "LimitError", limit=("int_digits",))),
    SpecCase("X09", "expression", "'a' * (1 << 30)",
             error=Err(LIMIT, "LimitError", limit=("value_size",))),
    SpecCase("X10", "code", "def dw_process(msg):\n    return f()\ndef f():\n    return f()\n",
             error=Err(LIMIT, "LimitError", limit=("call_depth",))),
    SpecCase("X11", "expression", "{2, 1}", output_type="list", expected=[1, 2], unordered=True,
             note="a list with the two elements (order unspecified: compared sorted)"),
    SpecCase("X12", "expression", "msg.payload", output_type="dict",
             payload=E('application/json', b'{"a":1}'), expected={'a': 1}, formats=True),
    SpecCase("X13", "expression", "steps.fetch.payload.items", steps={'fetch': {'items': [1]}},
             expected=[1]),
    SpecCase("X14", "expression",
             "Entity.from_value({'a': 'é'}, 'application/json', encoding='ascii')['^blob']",
             expected=b'{"a":"\\u00e9"}', formats=True),
    SpecCase("X15", "text", "${1}${2}", expected='12'),
    SpecCase("X16", "expression", "MultiMap([('a', '1'), ('a', '2')])['*a']", expected=['1', '2']),
]
