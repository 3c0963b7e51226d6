"""Limits inside the evaluator: steps, call_depth, long chains without host recursion."""
from __future__ import annotations

import pytest

from dataway.checker.scopes import resolve
from dataway.compiler import compile_program
from dataway.compiler.errors import to_error_info
from dataway.limits import Limits
from dataway.runtime.context import Context, LimitExceeded, activate, deactivate
from dataway.syntax import ast as A
from tests.compiler.harness import dw_run


def _limit_of(src: str, **limits: object) -> LimitExceeded:
    with pytest.raises(LimitExceeded) as info:
        dw_run(src, limits=Limits().replace(**limits))
    return info.value


def test_steps_stop_infinite_loop_and_skip_handlers() -> None:
    src = """
log = []
def dw_process(msg):
    try:
        while True:
            pass
    except:
        log.append('except')
    finally:
        log.append('finally')
        while True:
            pass
"""
    exc = _limit_of(src, steps=10_000)
    assert exc.limit == "steps"
    info = to_error_info(exc, "t.dw", src)
    assert info.code == 1200003 and info.type == "LimitError" and info.limit == "steps"
    assert info.text.splitlines()[-1] == "LimitError: limit 'steps' exceeded (10000)"
    assert [f.function for f in info.traceback] == ["dw_process"]


def test_steps_are_counted_per_iteration() -> None:
    src = "def dw_process(msg):\n    n = 0\n    for i in range(100):\n        n += i\n    return n\n"
    ctx = Context(Limits())
    tree = __import__("tests.compiler.harness", fromlist=["parse_tree"]).parse_tree(src)
    program = compile_program(tree, resolve(tree), mode="code", script_name="t", source=src)
    previous = activate(ctx)
    try:
        assert program.run(ctx, None, {}) == 4950
    finally:
        deactivate(previous)
    assert 300 <= ctx.steps <= 1000


def test_comprehension_steps() -> None:
    exc = _limit_of("def dw_process(msg):\n    return [x for x in range(10**9)]\n", steps=5000)
    assert exc.limit == "steps"


def test_call_depth_unbounded_recursion() -> None:
    exc = _limit_of("def f():\n    return f()\ndef dw_process(msg):\n    return f()\n")
    assert exc.limit == "call_depth" and exc.value == 200
    assert len(exc.frames) >= 200


def test_lambda_recursion_in_expression_mode() -> None:
    with pytest.raises(LimitExceeded) as info:
        dw_run("(lambda f: f(f))(lambda f: f(f))", mode="expression")
    assert info.value.limit == "call_depth"


def test_deep_but_legal_recursion() -> None:
    src = "def d(n):\n    return 0 if n == 0 else 1 + d(n - 1)\ndef dw_process(msg):\n    return d(190)\n"
    assert dw_run(src) == 190


def test_recursion_through_builtin_callbacks() -> None:
    src = ("def f(n):\n    return 0 if n == 0 else sorted([n], key=lambda x: f(n - 1))[0]\n"
           "def dw_process(msg):\n    return f(60)\n")
    assert dw_run(src) == 60


def test_generator_resumption_is_a_frame() -> None:
    src = ("def g(n):\n    if n:\n        yield from g(n - 1)\n    yield n\n"
           "def dw_process(msg):\n    return list(g(500))\n")
    exc = _limit_of(src)
    assert exc.limit == "call_depth"


def test_limit_errors_pass_through_except_and_finally() -> None:
    src = """
def f():
    return f()
def dw_process(msg):
    out = []
    try:
        f()
    except BaseException:
        out.append(1)
    finally:
        out.append(2)
    return out
"""
    assert _limit_of(src).limit == "call_depth"


def _run_tree(body: A.Expr, names: dict) -> object:
    tree = A.Expression(body=body, line=1, column=1, end_line=1, end_column=2)
    program = compile_program(tree, resolve(tree, predefined=names), mode="expression",
                              script_name="t", source="")
    ctx = Context(Limits())
    previous = activate(ctx)
    try:
        return program.run(ctx, names.get("msg"), {})
    finally:
        deactivate(previous)


N = 50_000


def _name(n: str) -> A.Name:
    return A.Name(id=n, line=1, column=1, end_line=1, end_column=2)


def test_long_binop_chain() -> None:
    expr: A.Expr = A.Constant(value=0)
    for i in range(N):
        expr = A.BinOp(left=expr, op="+" if i % 2 else "-", right=A.Constant(value=1))
    assert _run_tree(expr, {}) == 0


def test_long_bool_compare_and_trailer_chains() -> None:
    assert _run_tree(A.BoolOp(op="and", values=tuple(A.Constant(value=1) for _ in range(N))),
                     {}) == 1
    assert _run_tree(A.BoolOp(op="or", values=tuple(A.Constant(value=0) for _ in range(N))),
                     {}) == 0
    cmp = A.Compare(left=A.Constant(value=1), ops=("<=",) * N,
                    comparators=tuple(A.Constant(value=1) for _ in range(N)))
    assert _run_tree(cmp, {}) is True
    chain: A.Expr = A.Name(id="msg")
    for _ in range(N):
        chain = A.Subscript(value=chain, slice=A.Constant(value=0))
    nested: list = []
    nested.append(nested)
    assert _run_tree(chain, {"msg": nested}) is nested
    call: A.Expr = A.Name(id="msg")
    for _ in range(N):
        call = A.Call(func=A.Attribute(value=call, attr="strip"), args=())
    assert _run_tree(call, {"msg": " x "}) == "x"


def test_comprehension_result_size_is_limited() -> None:
    exc = _limit_of("def dw_process(msg):\n    return [0 for x in range(100000)]\n",
                    value_size=1000)
    assert exc.limit == "value_size"
    assert dw_run("def dw_process(msg):\n    return len({x: 0 for x in range(900)})\n",
                  limits=Limits().replace(value_size=1000)) == 900


def test_deeply_nested_values_stop_on_a_limit_not_the_host_stack() -> None:
    src = ("def dw_process(msg):\n    x = []\n    y = []\n    for i in range(100000):\n"
           "        x = [x]\n        y = [y]\n    return x == y\n")
    assert _limit_of(src).limit == "value_depth"
