"""Exception classes, values and translation compared with CPython 3.11."""
from __future__ import annotations

import builtins
import decimal
import json

import pytest
from hypothesis import given, strategies as st

from dataway.runtime.exceptions import (BUILTIN_EXC_NAMES, EXC_TYPES, ExcType, ExcValue,
                                        ScriptRaise, exc_from_raise, exc_matches, raise_error,
                                        to_exc_value)

ARG_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5),
                       st.binary(max_size=4), st.lists(st.integers(), max_size=3))
PLAIN = sorted(n for n in BUILTIN_EXC_NAMES if not n.startswith("Unicode"))


@pytest.mark.parametrize("name", PLAIN)
@given(args=st.lists(ARG_VALUES, max_size=3))
def test_str_and_repr_match_cpython(name: str, args: list) -> None:
    host = getattr(builtins, name)(*args)
    value = EXC_TYPES[name](*args)
    assert str(value) == str(host)
    assert repr(value) == repr(host)
    assert value.args == host.args


@pytest.mark.parametrize("name", sorted(BUILTIN_EXC_NAMES))
def test_hierarchy_matches_cpython(name: str) -> None:
    host = getattr(builtins, name)
    for other in BUILTIN_EXC_NAMES:
        assert EXC_TYPES[name].issubtype(EXC_TYPES[other]) == issubclass(host,
                                                                         getattr(builtins, other))


def test_hidden_host_exceptions_are_not_exposed() -> None:
    for name in ("SystemExit", "KeyboardInterrupt", "GeneratorExit", "BaseException"):
        assert name not in BUILTIN_EXC_NAMES


def test_class_repr_and_qualified_names() -> None:
    assert repr(EXC_TYPES["KeyError"]) == "<class 'KeyError'>"
    assert repr(EXC_TYPES["json.JSONDecodeError"]) == "<class 'json.decoder.JSONDecodeError'>"
    assert EXC_TYPES["json.JSONDecodeError"].qualname == "json.decoder.JSONDecodeError"
    assert EXC_TYPES["json.JSONDecodeError"].issubtype(EXC_TYPES["ValueError"])
    assert EXC_TYPES["binascii.Error"].issubtype(EXC_TYPES["ValueError"])
    assert EXC_TYPES["decimal.DivisionByZero"].issubtype(EXC_TYPES["ZeroDivisionError"])


def test_keywords_are_refused_like_cpython() -> None:
    with pytest.raises(ScriptRaise) as info:
        EXC_TYPES["ValueError"](x=1)
    assert str(info.value.value) == "ValueError() takes no keyword arguments"


def test_unicode_error_needs_cpython_arguments() -> None:
    value = EXC_TYPES["UnicodeDecodeError"]("utf-8", b"\xff", 0, 1, "invalid start byte")
    host = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    assert str(value) == str(host) and repr(value) == repr(host)
    assert value.reason == "invalid start byte" and "reason" in value.dw_attrs
    with pytest.raises(ScriptRaise) as info:
        EXC_TYPES["UnicodeDecodeError"]("x")
    assert info.value.value.type is EXC_TYPES["TypeError"]


@pytest.mark.parametrize("make", [
    lambda: {}["k"], lambda: [][1], lambda: 1 / 0, lambda: int("x"), lambda: json.loads("{"),
    lambda: b"\xff".decode(), lambda: "é".encode("ascii"), lambda: decimal.Decimal(1) / 0,
    lambda: decimal.Decimal("x"), lambda: (1).x])
def test_host_exceptions_keep_class_and_message(make) -> None:
    with pytest.raises(Exception) as info:
        make()
    host = info.value
    value = to_exc_value(host)
    assert value.type.name == type(host).__name__
    assert str(value) == str(host)
    assert repr(value) == repr(host)


def test_json_decode_error_attributes() -> None:
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads("[1,")
    value = to_exc_value(info.value)
    assert (value.msg, value.pos, value.lineno, value.colno) == ("Expecting value", 3, 1, 4)


def test_host_arguments_that_are_not_data_become_text() -> None:
    with pytest.raises(decimal.InvalidOperation) as info:
        decimal.Decimal("x")
    value = to_exc_value(info.value)
    assert all(not isinstance(a, type) for a in value.args[0])


def test_exc_matches_and_raise_forms() -> None:
    value = EXC_TYPES["KeyError"]("a")
    assert exc_matches(value, EXC_TYPES["LookupError"])
    assert exc_matches(value, (EXC_TYPES["TypeError"], (EXC_TYPES["KeyError"],)))
    assert not exc_matches(value, EXC_TYPES["ValueError"])
    with pytest.raises(ScriptRaise, match="catching classes that do not inherit"):
        exc_matches(value, 1)
    assert exc_from_raise(value) is value
    fresh = exc_from_raise(EXC_TYPES["ValueError"])
    assert isinstance(fresh, ExcValue) and fresh.args == ()
    with pytest.raises(ScriptRaise, match="exceptions must derive from BaseException"):
        exc_from_raise("text")
    with pytest.raises(ScriptRaise) as info:
        raise_error("KeyError", "id")
    assert str(info.value.value) == "'id'"


def test_script_raise_passes_its_value_through() -> None:
    value = EXC_TYPES["RuntimeError"]("x")
    assert to_exc_value(ScriptRaise(value)) is value
    assert isinstance(EXC_TYPES["Exception"], ExcType)
