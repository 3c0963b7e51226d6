"""Type-aware diagnostics (spec §16): DW401/DW402 on catalog callables, DW404, DW405, DW406.

Positions and messages are checked on small cases; a hypothesis property compares DW405 with
what CPython does when it evaluates the same operator on literals.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataway
from tests.checker.helpers import at, check, check_body, codes, one


# ---- DW404: unknown attributes on values of known type ----------------------------------------

@pytest.mark.parametrize("src, message, suggestion, span", [
    ("msg.vars.fo", "'ReadOnlyMap' object has no attribute 'fo'", None, (1, 10, 1, 12)),
    ("msg.id.uper()", "'str' object has no attribute 'uper'", "did you mean 'upper'?",
     (1, 8, 1, 12)),
    ("json.dumps(1).uper", "'str' object has no attribute 'uper'", "did you mean 'upper'?",
     (1, 15, 1, 19)),
    ("len('a').bit_lenght()", "'int' object has no attribute 'bit_lenght'",
     "did you mean 'bit_length'?", (1, 10, 1, 20)),
    ("('a' + 'b').strp()", "'str' object has no attribute 'strp'", "did you mean 'strip'?",
     (1, 13, 1, 17)),
    ("msg.vars.get('a').x if False else {}.itms()", "'dict' object has no attribute 'itms'",
     "did you mean 'items'?", (1, 38, 1, 42)),
])
def test_unknown_attribute_on_known_type(src, message, suggestion, span):
    d = one(check(src, "expression"), "DW404")
    assert (d.message, d.suggestion, at(d)) == (message, suggestion, span)
    assert d.severity == "error" and d.error_type == "AttributeError"


def test_name_bound_once_has_its_value_type():
    d = one(check_body("s = msg.id.lower()\nreturn s.uppr()"), "DW404")
    assert d.message == "'str' object has no attribute 'uppr'"
    assert d.suggestion == "did you mean 'upper'?" and at(d) == (3, 14, 3, 18)


@pytest.mark.parametrize("body", [
    "s = 'a'\ns = 1\nreturn s.uppr()",                 # two bindings: unknown
    "s = 'a'\ns += 'b'\nreturn s.uppr()",              # augmented: unknown
    "for s in ['a']:\n    pass\nreturn s.uppr()",       # loop variable: unknown
    "x = x + 1\nreturn x.real",                         # refers to itself: unknown, no crash
    "p = msg.payload\nreturn p.anything",              # payload: any
    "e = msg.error\nreturn e.get('Code')",              # ReadOnlyMap | None: unknown
])
def test_unknown_types_report_nothing(body):
    assert "DW404" not in codes(check_body(body))


# ---- DW401 / DW402 from the catalog --------------------------------------------------------

@pytest.mark.parametrize("src, code, message, suggestion", [
    ("json.dumps()", "DW401", "dumps() missing required argument: 'obj'", None),
    ("'a,b'.split(',', 1, 2)", "DW401",
     "str.split() takes from 0 to 2 positional arguments but 3 were given", None),
    ("'a,b'.split(sepp=',')", "DW402", "str.split() got an unexpected keyword argument 'sepp'",
     "did you mean 'sep'?"),
    ("{}.get('a', default=1)", "DW402", "dict.get() takes no keyword arguments", None),
    ("msg.vars.get()", "DW401", "ReadOnlyMap.get() missing required argument: 'key'", None),
    ("math.floor(1, 2)", "DW401",
     "floor() takes 1 positional argument but 2 were given", None),
    ("sorted([1], revers=True)", "DW402", "'revers' is an invalid keyword argument for sorted()",
     "did you mean 'reverse'?"),
])
def test_catalog_signatures(src, code, message, suggestion):
    d = one(check(src, "expression"), code)
    assert (d.message, d.suggestion) == (message, suggestion)


def test_keyword_position_is_the_keyword():
    d = one(check("'a'.split(sepp=',')", "expression"), "DW402")
    assert at(d) == (1, 11, 1, 19)


@pytest.mark.parametrize("src", [
    "'a,b'.split(',', maxsplit=1)", "json.dumps([1], indent=2, sort_keys=True)",
    "msg.vars.get('a', 1)", "'x'.encode(errors='ignore')", "b'ab'.translate(None, b'a')",
    "list(zip([1], [2], strict=True))", "print(1, sep='', end='')",
    "datetime.datetime(2020, 1, 2, tzinfo=None)", "'{}'.format(*[1], **{})",
])
def test_valid_catalog_calls(src):
    assert [d for d in check(src, "expression") if d.is_error] == []


def test_refused_keyword_is_dw507_only():
    assert codes(check("print(1, file=None)", "expression")) == ["DW507"]


# ---- DW405 / DW406 -------------------------------------------------------------------------

@pytest.mark.parametrize("src, message", [
    ("'a' - 1", "unsupported operand type(s) for -: 'str' and 'int'"),
    ("1 + 'a'", "unsupported operand type(s) for +: 'int' and 'str'"),
    ("[1] * 1.5", "can't multiply sequence by non-int of type 'float'"),
    ("-'a'", "bad operand type for unary -: 'str'"),
    ("'a' < 1", "'<' not supported between instances of 'str' and 'int'"),
    ("1 in 'abc'", "'in <string>' requires string as left operand, not int"),
    ("len(5)", "object of type 'int' has no len()"),
    ("msg.id + 1", "can only concatenate str (not \"int\") to str"),
])
def test_impossible_operand_types(src, message):
    d = one(check(src, "expression"), "DW405")
    assert d.message == message and d.severity == "warning" and at(d)[:2] == (1, 1)


@pytest.mark.parametrize("src", ["'%s' % 1", "'a' * 3", "[1] + [2]", "1 / 0", "b'a' % (1,)",
                                 "msg.payload - 1", "'a' in {'a': 1}", "not 'a'"])
def test_possible_operand_types(src):
    assert "DW405" not in codes(check(src, "expression"))


@pytest.mark.parametrize("src, message", [
    ("'abc'()", "'str' object is not callable"),
    ("msg.id()", "'str' object is not callable"),
    ("[1, 2](0)", "'list' object is not callable"),
])
def test_never_callable(src, message):
    d = one(check(src, "expression"), "DW406")
    assert d.message == message and d.severity == "warning"


def test_name_bound_to_int_is_not_callable():
    d = one(check_body("n = 5\nreturn n()"), "DW406")
    assert d.message == "'int' object is not callable" and at(d) == (3, 12, 3, 15)


# ---- property: DW405 exactly when CPython refuses the operand types ------------------------

_LITERALS = st.sampled_from(["0", "3", "1.5", "True", "None", "'ab'", "''", "b'x'", "[1]",
                             "()", "(1, 2)", "{}", "{'a': 1}", "{1}"])
_OPS = st.sampled_from(["+", "-", "*", "/", "//", "**", "<<", ">>", "&", "|", "^", "<", "<=",
                        ">", ">=", "in", "not in", "%"])


@settings(max_examples=300, deadline=None)
@given(_LITERALS, _OPS, _LITERALS)
def test_dw405_agrees_with_cpython(left, op, right):
    if op == "%" and left.startswith(("'", "b")):
        return  # formatting: value-dependent, never DW405
    src = f"{left} {op} {right}"
    try:
        eval(src, {})  # noqa: S307 - the differential reference: small literals only
        refused = False
    except TypeError:
        refused = True
    except Exception:  # noqa: BLE001 - ZeroDivisionError, ValueError: not about types
        refused = False
    assert ("DW405" in codes(check(src, "expression"))) == refused, src


def test_dw404_is_a_check_error_for_compile():
    with pytest.raises(dataway.CheckError) as info:
        dataway.compile("msg.payloads", mode="expression")
    assert info.value.error.diagnostics[0].code == "DW404"


# ---- did you mean, wherever a name is unknown ---------------------------------------------

@pytest.mark.parametrize("src, code, suggestion", [
    ("json.dump(1)", "DW403", "did you mean 'dumps'?"),
    ("def dw_process(msg):\n    from json import dump\n    return dump", "DW403",
     "did you mean 'dumps'?"),
    ("import jsno\ndef dw_process(msg):\n    return jsno", "DW501", "did you mean 'json'?"),
    ("def f(limit):\n    return limit\ndef dw_process(msg):\n    return f(limt=1)", "DW402",
     "did you mean 'limit'?"),
    ("def dw_process(msg):\n    return lenn(msg.payload)", "DW201", "did you mean 'len'?"),
])
def test_did_you_mean(src, code, suggestion):
    mode = "expression" if "\n" not in src else "code"
    assert one(check(src, mode), code).suggestion == suggestion


# ---- DW407 on non-core values of known type ------------------------------------------------

@pytest.mark.parametrize("src, message", [
    ("range(3)", "a value of type 'range' cannot be returned from a Dataway script; "
                 "convert it with list()"),
    ("{'a': 1}.keys()", "a value of type 'dict_keys' cannot be returned from a Dataway script; "
                        "convert it with list()"),
    ("[1, hashlib.sha256(b'x')]", "a value of type 'HASH' cannot be returned from a Dataway "
                                  "script"),
    ("datetime.timedelta(days=1)", "a value of type 'timedelta' cannot be returned from a "
                                   "Dataway script"),
])
def test_non_core_results_of_known_type(src, message):
    d = one(check(src, "expression"), "DW407")
    assert d.message == message and d.severity == "warning"
    with pytest.raises(dataway.ScriptError, match="cannot return a value of type"):
        dataway.compile(src, mode="expression").evaluate()


def test_non_core_result_through_a_name_in_code_mode():
    d = one(check_body("r = range(3)\nreturn r"), "DW407")
    assert at(d) == (3, 12, 3, 13)


@pytest.mark.parametrize("src", ["list(range(3))", "datetime.datetime(2020, 1, 1)",
                                 "(1, 2)", "msg.vars", "decimal.Decimal('1')"])
def test_core_or_normalised_results_are_fine(src):
    assert "DW407" not in codes(check(src, "expression"))
