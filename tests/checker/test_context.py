"""Statements in their context (DW110-DW112), entry point (DW210/DW211), DW206, DW212."""
from __future__ import annotations

import pytest

from dataway.syntax import ast as A
from dataway.checker import check_tree
from tests.checker.helpers import at, check, check_body, codes, one, only, template


@pytest.mark.parametrize("src, message, span", [
    ("return 1\ndef dw_process(msg):\n    return 1\n", "'return' outside function",
     (1, 1, 1, 9)),
    ("yield 1\ndef dw_process(msg):\n    return 1\n", "'yield' outside function",
     (1, 1, 1, 8)),
    ("x = yield from y\ndef dw_process(msg):\n    return 1\n",
     "'yield from' outside function", (1, 5, 1, 17)),
    ("break\ndef dw_process(msg):\n    return 1\n", "'break' outside loop", (1, 1, 1, 6)),
    ("def dw_process(msg):\n    continue\n", "'continue' not properly in loop", (2, 5, 2, 13)),
    ("nonlocal x\ndef dw_process(msg):\n    return 1\n",
     "nonlocal declaration not allowed at module level", (1, 1, 1, 11)),
    ("def dw_process(msg):\n    for x in msg:\n        def f():\n            break\n",
     "'break' outside loop", (4, 13, 4, 18)),
    ("def dw_process(msg):\n    return [(yield x) for x in msg]\n",
     "'yield' inside list comprehension", (2, 14, 2, 21)),
])
def test_dw110_code_mode(src, message, span):
    d = one(check(src), "DW110")
    assert d.message == message
    assert at(d) == span
    assert d.error_type == "SyntaxError"


def test_dw110_yield_in_expression_and_text_mode():
    d = one(check("(yield)", "expression"), "DW110")
    assert d.message == "'yield' is not allowed in expression mode"
    tree = template("a", A.Yield(line=1, column=4, end_line=1, end_column=9))
    d = one(check_tree(tree, "text", "a${yield}"), "DW110")
    assert d.message == "'yield' is not allowed in text mode"


def test_no_dw110_in_valid_positions():
    diags = check("def g():\n    yield 1\n    return\n"
                  "def dw_process(msg):\n    while msg:\n        try:\n            break\n"
                  "        finally:\n            pass\n    for x in msg:\n        continue\n"
                  "    f = lambda: (yield)\n    return g\n")
    assert "DW110" not in codes(diags)


def test_break_in_loop_else_is_outside_loop():
    diags = check_body("for x in msg:\n    pass\nelse:\n    break")
    assert one(diags, "DW110").message == "'break' outside loop"


@pytest.mark.parametrize("src, message", [
    ("f() = 1", "cannot assign to function call"),
    ("1 = x", "cannot assign to literal"),
    ("a, *b, *c = x", "multiple starred expressions in assignment"),
    ("del f()", "cannot delete function call"),
    ("for 1 in x:\n    pass", "cannot assign to literal"),
])
def test_dw111_invalid_targets_in_hand_built_trees(src, message):
    # CPython rejects these, so the trees are built from a valid twin and patched.
    diags = _patched_target(src)
    assert one(diags, "DW111").message == message


def _patched_target(src: str):
    """Build the tree of ``src`` by hand: CPython's parser would refuse it."""
    pos = dict(line=2, column=5, end_line=2, end_column=8)
    call = A.Call(func=A.Name(id="f", **pos), **pos)
    lit = A.Constant(value=1, **pos)
    name = A.Name(id="x", **pos)
    star = lambda n: A.Starred(value=A.Name(id=n, ctx="store", **pos), ctx="store", **pos)
    stmt = {
        "f() = 1": A.Assign(targets=(call,), value=lit, **pos),
        "1 = x": A.Assign(targets=(lit,), value=name, **pos),
        "a, *b, *c = x": A.Assign(targets=(A.Tuple(elts=(A.Name(id="a", ctx="store", **pos),
                                                         star("b"), star("c")), ctx="store",
                                                   **pos),), value=name, **pos),
        "del f()": A.Delete(targets=(call,), **pos),
        "for 1 in x:\n    pass": A.For(target=lit, iter=name, body=(A.Pass(**pos),), **pos),
    }[src]
    fn = A.FunctionDef(name="dw_process", args=A.Arguments(args=(A.Arg(arg="msg", **pos),)),
                       body=(stmt, A.Return(value=name, **pos)), line=1, column=1, end_line=2,
                       end_column=8)
    return check_tree(A.Module(body=(fn,)), "code", "")


def test_dw112_duplicate_parameter_and_repeated_keyword():
    pos = dict(line=1, column=1, end_line=1, end_column=2)
    args = A.Arguments(args=(A.Arg(arg="a", **pos), A.Arg(arg="a", **pos)))
    call = A.Call(func=A.Name(id="str", **pos),
                  keywords=(A.Keyword(arg="k", value=A.Constant(value=1, **pos), **pos),
                            A.Keyword(arg="k", value=A.Constant(value=2, **pos), **pos)), **pos)
    tree = A.Module(body=(A.FunctionDef(name="dw_process", args=args,
                                        body=(A.Return(value=call, **pos),), **pos),))
    messages = sorted(d.message for d in only(check_tree(tree, "code", ""), "DW112"))
    assert messages == ["duplicate argument 'a' in function definition",
                        "keyword argument repeated: k"]


def test_dw210_without_dw_process():
    d = one(check("def process(msg):\n    return 1\n"), "DW210")
    assert at(d) == (1, 1, 1, 1)
    assert "def dw_process(msg):" in d.message
    assert "DW210" not in codes(check("x + 1", "expression"))


def test_dw210_nested_dw_process_does_not_count():
    assert "DW210" in codes(check("if True:\n    def dw_process(msg):\n        return 1\n"))


@pytest.mark.parametrize("header", [
    "def dw_process():", "def dw_process(a, b):", "def dw_process(msg=None):",
    "def dw_process(*args):", "def dw_process(msg, **kw):", "def dw_process(*, msg):",
    "def dw_process(msg, *, k):",
])
def test_dw211_signatures(header):
    d = one(check(header + "\n    return 1\n"), "DW211")
    assert at(d) == (1, 1, 1, len(header) + 1)


def test_dw211_plain_parameter_passes():
    assert "DW211" not in codes(check("def dw_process(m):\n    return m\n"))


def test_dw212_unreachable_after_jumps():
    diags = check_body("return 1\nx = 2\ny = 3")
    d = one(diags, "DW212")
    assert (d.line, d.column, d.severity) == (3, 5, "warning")
    diags = check_body("for x in msg:\n    continue\n    print(x)\nif msg:\n    raise "
                       "ValueError()\nelse:\n    return 2\nreturn 3")
    assert [d.line for d in only(diags, "DW212")] == [4, 9]


def test_no_dw212_without_jumps():
    assert "DW212" not in codes(check_body("if msg:\n    return 1\nreturn 2"))


def test_dw206_redefinition():
    diags = check("def f():\n    return 1\ndef f():\n    return 2\n"
                  "def dw_process(msg):\n    return f()\n")
    d = one(diags, "DW206")
    assert d.message == "redefinition of function 'f' from line 1"
    assert at(d) == (3, 1, 3, 9) and d.severity == "warning"


def test_no_dw206_when_used_between_or_in_branches():
    diags = check("def f():\n    return 1\nx = f()\ndef f():\n    return x\n"
                  "if x:\n    def g():\n        return 1\nelse:\n    def g():\n        return 2\n"
                  "def dw_process(msg):\n    return f(), g()\n")
    assert "DW206" not in codes(diags)
