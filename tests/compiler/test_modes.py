"""Expression and text modes, function and generator values, imports, steps paths."""
from __future__ import annotations

import pytest

from dataway.compiler.errors import to_error_info
from dataway.compiler.functions import ScriptFunction
from dataway.compiler.generators import ScriptGenerator, is_script_generator
from tests.compiler.harness import dw_run


class _Msg:
    """A minimal message stand-in for these tests (the real view is the runtime's)."""

    def __init__(self, payload: object) -> None:
        self.payload = payload


def test_expression_mode_sees_msg_and_steps() -> None:
    assert dw_run("msg['a'] + len(steps)", mode="expression", msg={"a": 1},
                  steps={"x": 1}) == 2
    assert dw_run("1, 2", mode="expression") == (1, 2)
    assert dw_run("[x * 2 for x in msg]", mode="expression", msg=[1, 2]) == [2, 4]


def test_text_mode() -> None:
    assert dw_run("Hello ${msg['name']}!", mode="text", msg={"name": "Ann"}) == "Hello Ann!"
    assert dw_run("${msg['n']}", mode="text", msg={"n": 5}) == 5
    assert dw_run("n=${msg['n']} ${None}", mode="text", msg={"n": 5}) == "n=5 None"
    assert dw_run("plain $${text}", mode="text") == "plain ${text}"


def test_steps_path_reads_keys_as_attributes() -> None:
    steps = {"fetch": {"payload": {"id": 7, "get": "key wins"}}}
    assert dw_run("steps.fetch['payload'].id", mode="expression", steps=steps) == 7
    assert dw_run("steps.fetch['payload'].get", mode="expression", steps=steps) == "key wins"


def test_code_mode_generator_process_returns_generator() -> None:
    gen = dw_run("def dw_process(msg):\n    yield 1\n    yield 2\n")
    assert is_script_generator(gen) and repr(gen) == "<generator object dw_process>"
    assert list(gen) == [1, 2]


def test_function_values() -> None:
    f, g, h = dw_run("def f():\n    def inner():\n        pass\n    return inner\n"
                     "def dw_process(msg):\n    return f, (lambda: 0), f()\n")
    assert isinstance(f, ScriptFunction)
    # CPython's qualified names, without the address.
    assert (repr(f), repr(g), repr(h)) == ("<function f>", "<function dw_process.<locals>."
                                           "<lambda>>", "<function f.<locals>.inner>")
    assert repr(dw_run("lambda: 0", mode="expression")) == "<function <lambda>>"


def test_host_can_call_script_functions() -> None:
    f = dw_run("def dw_process(msg):\n    return lambda x, y=2: x * y\n")
    assert f(3) == 6 and f(3, y=3) == 9


def test_functions_and_generators_expose_no_attributes() -> None:
    for attr in ("__code__", "__globals__", "code", "run", "gi_frame", "frame", "pygen"):
        src = (f"def dw_process(msg):\n    def f():\n        yield 1\n"
               f"    out = []\n"
               f"    for obj in (f, f()):\n"
               f"        try:\n            getattr(obj, '{attr}')\n"
               f"        except AttributeError as e:\n            out.append(str(e))\n"
               f"    return out\n")
        out = dw_run(src)
        assert len(out) == 2, attr
        assert "no attribute" in out[0] and "'function'" in out[0]
        assert "'generator'" in out[1]


def test_imports_bind_modules() -> None:
    src = ("import json\nimport json as j\nfrom math import floor\n"
           "def dw_process(msg):\n    return j.loads('[1]'), floor(2.5), json is j\n")
    assert dw_run(src) == ([1], 2, True)


def test_import_inside_function_is_local() -> None:
    src = "def dw_process(msg):\n    import math\n    return math.floor(1.5)\n"
    assert dw_run(src) == 1


def test_missing_dw_process() -> None:
    with pytest.raises(Exception) as info:
        dw_run("x = 1\n")
    assert to_error_info(info.value, "t.dw", "").type == "NameError"


def test_programs_run_concurrently_and_independently() -> None:
    import threading
    from dataway.checker.scopes import resolve
    from dataway.compiler import compile_program
    from dataway.limits import Limits
    from dataway.runtime.context import Context, activate, deactivate
    from tests.compiler.harness import parse_tree

    src = ("counter = []\ndef dw_process(msg):\n    counter.append(msg)\n"
           "    def fib(n):\n        return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
           "    return len(counter), fib(msg)\n")
    tree = parse_tree(src)
    program = compile_program(tree, resolve(tree), mode="code", script_name="t", source=src)
    results: list = []

    def work(n: int) -> None:
        ctx = Context(Limits())
        previous = activate(ctx)
        try:
            results.append(program.run(ctx, n, {}))
        finally:
            deactivate(previous)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(5, 15)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    fib = {n: (n if n < 2 else None) for n in range(2)}
    a, b = 0, 1
    for n in range(15):
        fib[n] = a
        a, b = b, a + b
    assert sorted(results) == sorted((1, fib[n]) for n in range(5, 15))


def test_type_errors_name_script_types_not_host_classes() -> None:
    src = ("def dw_process(msg):\n    out = []\n"
           "    for f in (lambda: json(), lambda: json[0], lambda: (lambda: 0)[0],\n"
           "              lambda: len((x for x in []))):\n"
           "        try:\n            f()\n        except TypeError as e:\n"
           "            out.append(str(e))\n    return out\n")
    assert dw_run(src) == ["'module' object is not callable",
                           "'module' object is not subscriptable",
                           "'function' object is not subscriptable",
                           "object of type 'generator' has no len()"]
