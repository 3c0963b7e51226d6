"""DW401/DW402 for calls with a known signature: script functions and some builtins.

Messages are CPython 3.11's (checked by hand against the interpreter); whether a call is wrong
at all is checked against ``inspect.Signature.bind``, CPython's own model of argument binding.
"""
from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings, strategies as st

from tests.checker.helpers import at, check, check_body, codes, one, only

DEFS = ("def f(a, b=1, *, k):\n    return a\ndef g(a, b, c):\n    return a\n"
        "def h():\n    return 1\n")


@pytest.mark.parametrize("call, code, message", [
    ("f(1, 2, 3, k=1)", "DW401", "f() takes from 1 to 2 positional arguments but 3 were given"),
    ("f(k=1)", "DW401", "f() missing 1 required positional argument: 'a'"),
    ("f(1, z=2, k=3)", "DW402", "f() got an unexpected keyword argument 'z'"),
    ("g()", "DW401", "g() missing 3 required positional arguments: 'a', 'b', and 'c'"),
    ("g(1)", "DW401", "g() missing 2 required positional arguments: 'b' and 'c'"),
    ("h(1)", "DW401", "h() takes 0 positional arguments but 1 was given"),
    ("h(1, 2)", "DW401", "h() takes 0 positional arguments but 2 were given"),
    ("f(1, k=1, a=2)", "DW402", "f() got multiple values for argument 'a'"),
    ("f(1)", "DW402", "f() missing 1 required keyword-only argument: 'k'"),
])
def test_script_function_messages(call, code, message):
    diags = check(DEFS + f"def dw_process(msg):\n    return {call}\n")
    assert one(diags, code).message == message


def test_nested_function_uses_its_qualified_name():
    src = ("def outer():\n    def inner(x):\n        return x\n    return inner(1, 2)\n"
           "def dw_process(msg):\n    return outer()\n")
    d = one(check(src), "DW401")
    assert d.message == "outer.<locals>.inner() takes 1 positional argument but 2 were given"
    assert at(d) == (4, 12, 4, 23)


def test_unknown_callees_and_unpacking_are_not_checked():
    diags = check(DEFS + "def dw_process(msg):\n    x = g\n    args = [1, 2, 3]\n"
                  "    return x(), g(*args), f(**msg.payload), msg.payload(1, 2)\n")
    assert not only(diags, "DW401") and not only(diags, "DW402")


def test_rebound_name_is_not_a_known_function():
    diags = check("def f():\n    return 1\nif True:\n    f = len\n"
                  "def dw_process(msg):\n    return f(1)\n")
    assert "DW401" not in codes(diags)


@pytest.mark.parametrize("src, code, message", [
    ("len(1, 2)", "DW401", "len() takes exactly one argument (2 given)"),
    ("len()", "DW401", "len() takes exactly one argument (0 given)"),
    ("isinstance(1)", "DW401", "isinstance expected 2 arguments, got 1"),
    ("getattr(1)", "DW401", "getattr expected at least 2 arguments, got 1"),
    ("getattr(1, 2, 3, 4)", "DW401", "getattr expected at most 3 arguments, got 4"),
    ("sorted(1, 2)", "DW401", "sorted expected 1 argument, got 2"),
    ("min()", "DW401", "min expected at least 1 argument, got 0"),
    ("len(x=1)", "DW402", "len() takes no keyword arguments"),
    ("print(1, nope=2)", "DW402", "'nope' is an invalid keyword argument for print()"),
])
def test_builtin_messages_match_cpython(src, code, message):
    assert one(check(src, "expression"), code).message == message


@pytest.mark.parametrize("src", [
    "len([1])", "sorted([1], key=str, reverse=True)", "max(1, 2, key=abs)",
    "print(1, 2, sep='')", "list(range(1, 2, 3))", "zip([1], [2], strict=True)", "len(*[[1]])",
])
def test_valid_builtin_calls(src):
    assert check(src, "expression") == []


def test_shadowed_builtin_is_not_checked():
    assert "DW401" not in codes(check_body("len = max\nreturn len(1, 2)"))


# ---- property: the checker flags a call exactly when CPython's binding would fail -----------

_NAMES = ["a", "b", "c", "d"]


@st.composite
def signatures_and_calls(draw):
    n_pos = draw(st.integers(0, 3))
    n_def = draw(st.integers(0, n_pos))
    kwonly = draw(st.lists(st.sampled_from(["k", "m"]), unique=True, max_size=2))
    kw_default = {k: draw(st.booleans()) for k in kwonly}
    vararg = draw(st.booleans())
    kwarg = draw(st.booleans())
    n_args = draw(st.integers(0, 4))
    kw_names = draw(st.lists(st.sampled_from(_NAMES[:3] + ["k", "m", "z"]), unique=True,
                             max_size=3))
    return n_pos, n_def, kwonly, kw_default, vararg, kwarg, n_args, kw_names


@settings(max_examples=150, deadline=None)
@given(signatures_and_calls())
def test_flags_exactly_the_calls_cpython_rejects(case):
    n_pos, n_def, kwonly, kw_default, vararg, kwarg, n_args, kw_names = case
    pos_names = _NAMES[:n_pos]
    params_src = [p if i < n_pos - n_def else f"{p}=0" for i, p in enumerate(pos_names)]
    params = [inspect.Parameter(p, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                **({} if i < n_pos - n_def else {"default": 0}))
              for i, p in enumerate(pos_names)]
    if vararg:
        params_src.append("*rest")
        params.append(inspect.Parameter("rest", inspect.Parameter.VAR_POSITIONAL))
    elif kwonly:
        params_src.append("*")
    for k in kwonly:
        params_src.append(f"{k}=0" if kw_default[k] else k)
        params.append(inspect.Parameter(k, inspect.Parameter.KEYWORD_ONLY,
                                        **({"default": 0} if kw_default[k] else {})))
    if kwarg:
        params_src.append("**more")
        params.append(inspect.Parameter("more", inspect.Parameter.VAR_KEYWORD))
    args_src = [str(i) for i in range(n_args)] + [f"{k}=1" for k in kw_names]
    src = (f"def fn({', '.join(params_src)}):\n    return 1\n"
           f"def dw_process(msg):\n    return fn({', '.join(args_src)})\n")
    try:
        inspect.Signature(params).bind(*range(n_args), **{k: 1 for k in kw_names})
        rejected = False
    except TypeError:
        rejected = True
    flagged = bool(only(check(src), "DW401") or only(check(src), "DW402"))
    assert flagged == rejected, src


def test_lambda_bound_once_to_a_name():
    diags = check("f = lambda a: a\ndef g():\n    h = lambda b: b\n    return h(1, 2)\n"
                  "def dw_process(msg):\n    return f(1, 2), f(), g()\n")
    assert [d.message for d in only(diags, "DW401")] == [
        "g.<locals>.<lambda>() takes 1 positional argument but 2 were given",
        "<lambda>() takes 1 positional argument but 2 were given",
        "<lambda>() missing 1 required positional argument: 'a'"]


def test_lambda_rebound_is_not_checked():
    diags = check("f = lambda a: a\nf = len\ndef dw_process(msg):\n    return f(1, 2)\n")
    assert "DW401" not in codes(diags)
