"""The checker on trees from Dataway's own parser: same findings as on CPython-built trees,
and the spec §18.6 check cases end to end through ``dataway.check``."""
from __future__ import annotations

import pytest

from dataway.checker import check_tree
from tests.checker.helpers import body
from tests.support.pyast import from_source

parser = pytest.importorskip("dataway.syntax.parser")

CODE = [
    body("class A:\n    pass"), body("import os"), body("msg.vars['x'] = 1"),
    body("with open(p) as f:\n    pass"), body("@wrap\ndef g():\n    pass"),
    body("def g(a, /, b):\n    pass"), body("x = {}\nx.y += 1"), body("del msg.payload"),
    body("try:\n    pass\nexcept* ValueError:\n    pass"),
    body("match msg:\n    case 1:\n        pass"), body("async def f():\n    await g()"),
    body("print((y := 1))"), "def dw_process(msg):\n    return [(yield x) for x in msg]\n",
    body("from json import nope, dumps\nreturn dumps"), body("for steps in msg:\n    pass"),
    body("f = lambda steps: 1"), body("import json as steps"),
    "def f(steps):\n    return 1\ndef dw_process(msg):\n    return f(1)\n",
    body("x = 1\n_y = 2\na, b = 1, 2\nfor i in msg:\n    pass\nreturn 0"),
    body("try:\n    pass\nexcept ValueError as e:\n    pass\nreturn 1"),
    "import json\nimport urllib.parse\nfrom datetime import timedelta as td\nimport math\n"
    "def dw_process(msg):\n    import base64\n    return math.pi\n",
    "def f(a, b=1, *, k):\n    return a\ndef dw_process(msg):\n    return f(1, 2, 3), f(z=1)\n",
    body("print(total)\ntotal = 1\nreturn total"),
    body("if msg.payload:\n    y = 1\nreturn y\nx = 2"),
    "return 1\nbreak\nnonlocal q\ndef process(m):\n    global m\n",
    body("getattr(msg, '_x')\n'{0.__class__}'.format(msg)\njson.dumps(1, cls=None)"),
    body("msg.attrs.update({})\nsteps['a'] = 1\nreturn paylod, eval, jsn.nope, json.nope"),
    "def f():\n    y = 1\n    def g():\n        nonlocal y\n        y += 1\n        return y\n"
    "    return g\ndef dw_process(msg):\n    return f()()\n",
]
EXPRESSIONS = [
    "(1).__class__", "(y := 1)", "getattr(msg, '__class__')", "'{0.__class__}'.format(msg)",
    "print(1, file=None)", "json.nope", "urllib.parse.nope(1)", "__builtins__",
    "decimal.Decimal('1').quantize(1, context=None)", "[__x for __x in msg.payload]",
    "(lambda __a: 1)", "str(__k=1)", "lenn(jsom)", "msg.payload._replace", "(yield)",
    "len(1, 2) + sorted()", "steps.fetch.payload.items",
]


def _key(diags):
    return [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in diags]


@pytest.mark.parametrize("source", CODE)
def test_code_mode_matches_cpython_trees(source):
    result = parser.parse(source, "code")
    assert result.tree is not None, result.diagnostics
    assert _key(check_tree(result.tree, "code", result.source)) == \
        _key(check_tree(from_source(source), "code", source))


@pytest.mark.parametrize("source", EXPRESSIONS)
def test_expression_mode_matches_cpython_trees(source):
    result = parser.parse(source, "expression")
    assert result.tree is not None, result.diagnostics
    assert _key(check_tree(result.tree, "expression", result.source)) == \
        _key(check_tree(from_source(source, "eval"), "expression", source))


def test_no_tree_means_no_findings():
    assert check_tree(None, "code", "") == []  # type: ignore[arg-type]


@pytest.mark.parametrize("mode, source, code, position, error_type", [
    ("code", body("class A:\n    pass"), "DW301", (2, 5), "SyntaxError"),
    ("code", body("import os"), "DW501", (2, 5), "ModuleNotFoundError"),
    ("expression", "(1).__class__", "DW502", (1, 5), "AttributeError"),
    ("code", body("msg.vars['x'] = 1"), "DW505", (2, 5), "TypeError"),
    ("expression", "(y := 1)", "DW305", (1, 2), "SyntaxError"),
])
def test_spec_18_6_check_cases(mode, source, code, position, error_type):
    dataway = pytest.importorskip("dataway")
    diags = dataway.check(source, mode)
    errors = [d for d in diags if d.severity == "error"]
    assert errors[0].code == code
    assert (errors[0].line, errors[0].column) == position
    assert errors[0].error_type == error_type


def test_x04_dynamic_underscore_name_is_not_a_check_error():
    dataway = pytest.importorskip("dataway")
    assert not [d for d in dataway.check("getattr(1, '__cl' + 'ass__')", "expression")
                if d.severity == "error"]
