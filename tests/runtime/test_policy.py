"""The attribute chokepoint: `_` names never exist, §13 names do, everything else is absent."""
from __future__ import annotations

import datetime
import decimal
import time
import urllib.parse

import pytest
from hypothesis import given, strategies as st

from dataway.runtime.builtins import BUILTINS
from dataway.runtime.exceptions import EXC_TYPES, ScriptRaise
from dataway.runtime.functions import BoundMethod
from dataway.runtime.policy import allowed_names, get_attr, get_method, has_attr
from dataway.runtime.values import ModuleValue

SAMPLES = ["abc", b"ab", bytearray(b"ab"), 7, True, 1.5, [1, 2], (1, 2), {"a": 1}, {1, 2},
           frozenset({1}), range(3), slice(1, 2), decimal.Decimal("1.5"),
           datetime.datetime(2020, 1, 2, 3, 4), datetime.date(2020, 1, 2), datetime.time(1, 2),
           datetime.timedelta(days=1), datetime.timezone.utc, time.gmtime(0),
           urllib.parse.urlparse("http://u:p@h:8/p?q#f"), {}.keys(), {}.items(),
           EXC_TYPES["KeyError"]("k"), BUILTINS["int"], BUILTINS["len"],
           ModuleValue("json", {"dumps": 1}), iter([1]), (x for x in [])]

DUNDERS = ["__class__", "__dict__", "__globals__", "__subclasses__", "__init__", "__reduce__",
           "__self__", "__func__", "__code__", "__mro__", "__getattribute__", "_replace",
           "_asdict", "_fields", "_host", "_fn", "_msg"]


def _attr_error(fn, *args) -> str:
    with pytest.raises(ScriptRaise) as info:
        fn(*args)
    assert info.value.value.type is EXC_TYPES["AttributeError"]
    return str(info.value.value)


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
@pytest.mark.parametrize("name", DUNDERS)
def test_underscore_names_are_refused_everywhere(obj, name: str) -> None:
    _attr_error(get_attr, obj, name)
    assert has_attr(obj, name) is False
    _attr_error(get_method, obj, name)


@given(name=st.text(min_size=1, max_size=12).map(lambda s: "_" + s))
def test_any_underscore_name_is_refused(name: str) -> None:
    for obj in ("s", 1, [1], BUILTINS["str"]):
        _attr_error(get_attr, obj, name)


def test_dynamic_dunder_walks_fail() -> None:
    _attr_error(BUILTINS["getattr"], 1, "__cl" + "ass__")
    assert BUILTINS["getattr"](1, "__class__", "no") == "no"
    assert BUILTINS["hasattr"](1, "__class__") is False
    _attr_error(get_attr("{0.__class__}", "format"), 1)
    _attr_error(get_attr(BUILTINS["str"], "format"), "{0.__class__}", 1)
    _attr_error(get_method("{a.real.__class__}", "format_map"), {"a": 1})
    _attr_error(get_method("{0:{1.__class__}}", "format"), 1, 2)


@pytest.mark.parametrize("obj", SAMPLES[:21], ids=lambda o: type(o).__name__)
def test_allowlisted_names_exist_and_behave_like_cpython(obj) -> None:
    names = allowed_names(obj)
    assert names
    for name in names:
        assert has_attr(obj, name)
        value = get_attr(obj, name)
        host = getattr(obj, name)
        if isinstance(value, BoundMethod):
            assert repr(value) == f"<built-in method {name} of {type(obj).__name__} object>"
            assert allowed_names(value) == frozenset()
        else:
            assert value == host or value != value


@pytest.mark.parametrize("obj,name", [(1, "x"), ("s", "mro"), ([1], "__len__"), ({}, "has_key"),
                                      (1.0, "fromhex"), (b"", "format"), (range(2), "indices")])
def test_missing_names_have_cpython_messages(obj, name: str) -> None:
    msg = _attr_error(get_attr, obj, name)
    assert msg == f"'{type(obj).__name__}' object has no attribute '{name}'"


def test_host_attributes_outside_the_table_are_absent() -> None:
    # Real attributes of these types that §13 does not list.
    for obj, name in [(datetime.datetime(2020, 1, 1), "fromtimestamp"), ("s", "isascii_x"),
                      (urllib.parse.urlparse("http://h"), "_replace"), (time.gmtime(0), "n_fields"),
                      (decimal.Decimal(1), "from_float"), ([1], "__iadd__")]:
        assert not has_attr(obj, name)


def test_type_objects_expose_class_members_and_unbound_methods() -> None:
    str_t, int_t, dict_t = BUILTINS["str"], BUILTINS["int"], BUILTINS["dict"]
    assert get_attr(int_t, "from_bytes")(b"\x01\x00", "big") == 256
    assert get_attr(dict_t, "fromkeys")("ab", 0) == {"a": 0, "b": 0}
    assert get_attr(str_t, "maketrans")("a", "b") == str.maketrans("a", "b")
    upper = get_attr(str_t, "upper")
    assert repr(upper) == "<method 'upper' of 'str' objects>"
    assert list(BUILTINS["map"](upper, ["a", "b"])) == ["A", "B"]
    with pytest.raises(ScriptRaise, match="descriptor 'upper' for 'str' objects doesn't apply"):
        upper(1)
    assert _attr_error(get_attr, int_t, "mro") == "type object 'int' has no attribute 'mro'"
    assert get_attr(str_t, "format")("{}-{}", 1, 2) == "1-2"


def test_modules_expose_members_only() -> None:
    mod = ModuleValue("json", {"dumps": 1})
    assert get_attr(mod, "dumps") == 1
    assert _attr_error(get_attr, mod, "loads") == "module 'json' has no attribute 'loads'"


def test_exception_values_expose_args_only() -> None:
    value = EXC_TYPES["KeyError"]("k")
    assert get_attr(value, "args") == ("k",)
    assert _attr_error(get_attr, value, "with_traceback") == \
        "'KeyError' object has no attribute 'with_traceback'"
    assert _attr_error(get_attr, EXC_TYPES["KeyError"], "args")


def test_callables_expose_nothing() -> None:
    for obj in (BUILTINS["len"], get_attr("s", "upper"), get_attr(BUILTINS["str"], "upper")):
        assert allowed_names(obj) == frozenset()
        _attr_error(get_attr, obj, "__self__")
        _attr_error(get_attr, obj, "name")


def test_get_method_calls_checked_implementations() -> None:
    data = [3, 1, 2]
    get_method(data, "sort")(reverse=True)
    assert data == [3, 2, 1]
    assert get_method("a,b", "split")(",") == ["a", "b"]
    assert get_method("x{0}", "format")(1) == "x1"


_SAFE_RESULT_TYPES = (type(None), bool, int, float, str, bytes, bytearray, tuple, list, dict,
                      set, frozenset, range, slice, decimal.Decimal, datetime.date,
                      datetime.time, datetime.timedelta, datetime.tzinfo, time.struct_time)


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_no_host_attribute_yields_a_host_callable_or_class(obj) -> None:
    """Walk every real attribute name of the value: each is refused or safe to hold."""
    import types as host_types
    from dataway.runtime.values import DWObject
    for name in set(dir(obj)) | set(dir(type(obj))):
        try:
            value = get_attr(obj, name)
        except ScriptRaise as exc:
            assert exc.value.type is EXC_TYPES["AttributeError"]
            continue
        assert not name.startswith("_")
        assert isinstance(value, _SAFE_RESULT_TYPES + (DWObject,)), (name, type(value))
        assert not isinstance(value, (type, host_types.ModuleType, host_types.FunctionType,
                                      host_types.BuiltinFunctionType, host_types.MethodType))
