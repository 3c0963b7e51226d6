"""Tracebacks: the rendered error text matches CPython's layout for the same script."""
from __future__ import annotations

import linecache
import re
import traceback

import pytest

from dataway.compiler.errors import to_error_info
from tests.compiler.harness import dw_run

_CARETS = re.compile(r"^\s*[\^~]+\s*$")
_FRAME = re.compile(r'^  File "([^"]+)", line \d+, in .*$')


def cpython_text(src: str) -> str:
    """CPython's traceback of running ``src`` then ``dw_process(None)``, script frames only."""
    linecache.cache["t.dw"] = (len(src), None, src.splitlines(True), "t.dw")
    g: dict = {}
    try:
        exec(compile(src, "t.dw", "exec"), g)
        g["dw_process"](None)
    except Exception as exc:  # noqa: BLE001
        lines = "".join(traceback.format_exception(exc)).rstrip("\n").split("\n")
    else:
        raise AssertionError("no exception")
    out: list[str] = []
    skipping = False
    for line in lines:
        m = _FRAME.match(line)
        if m:
            skipping = m.group(1) != "t.dw"
            if not skipping:
                out.append(line)
            continue
        if line.startswith("    "):
            if not skipping and not _CARETS.match(line):
                out.append(line)
            continue
        skipping = False
        out.append(line)
    # A chained section whose frames were all host frames keeps a bare header: drop it.
    text = "\n".join(out)
    return text.replace("Traceback (most recent call last):\nTraceback", "Traceback")


def dataway_text(src: str) -> str:
    try:
        dw_run(src)
    except BaseException as exc:  # noqa: BLE001
        return to_error_info(exc, "t.dw", src).text
    raise AssertionError("no exception")


CASES = {
    "spec_example": """
def dw_process(msg):
    return pick({})

def pick(p):
    return p['id']
""",
    "nested_calls": """
def a(x):
    return b(x) + 1

def b(x):
    return c(x)

def c(x):
    return 1 / x

def dw_process(msg):
    y = 0
    return a(y)
""",
    "lambda_and_listcomp": """
def dw_process(msg):
    f = lambda d: d['k']
    return [f(x) for x in [{}]]
""",
    "raise_from": """
def dw_process(msg):
    try:
        {}['x']
    except KeyError as e:
        raise ValueError('bad input') from e
""",
    "implicit_context": """
def dw_process(msg):
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError('while handling')
""",
    "from_none": """
def dw_process(msg):
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError('hidden') from None
""",
    "bare_reraise": """
def inner():
    return {}['gone']

def dw_process(msg):
    try:
        inner()
    except KeyError:
        raise
""",
    "genexpr_frame": """
def dw_process(msg):
    return sum(1 // x for x in [1, 0])
""",
    "generator_frame": """
def gen():
    yield 1
    raise IndexError('in gen')

def dw_process(msg):
    return list(gen())
""",
    "assert_message": """
def dw_process(msg):
    total = 1
    assert total == 2, 'total is ' + str(total)
""",
    "module_level": """
x = [][0]
def dw_process(msg):
    return x
""",
    "generator_suspended_in_handler": """
def gen():
    try:
        raise KeyError('inside')
    except KeyError:
        yield 1

def dw_process(msg):
    g = gen()
    next(g)
    return 1 / 0
""",
    "error_raised_in_generator_handler": """
def gen():
    try:
        raise KeyError('inside')
    except KeyError:
        yield 1
        raise ValueError('after resume')

def dw_process(msg):
    g = gen()
    next(g)
    return next(g)
""",
    "pep479": """
def gen():
    yield next(iter(()))

def dw_process(msg):
    return list(gen())
""",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_matches_cpython(name: str) -> None:
    src = CASES[name]
    assert dataway_text(src) == cpython_text(src)


def test_error_object_fields() -> None:
    try:
        dw_run(CASES["spec_example"], name="orders.dw")
    except BaseException as exc:  # noqa: BLE001
        info = to_error_info(exc, "orders.dw", CASES["spec_example"])
    assert info.code == 1200001 and info.type == "KeyError" and info.message == "'id'"
    assert [(f.function, f.line) for f in info.traceback] == [("dw_process", 3), ("pick", 6)]
    assert info.traceback[-1].source_line.strip() == "return p['id']"
    assert info.to_dict()["traceback"][0] == {"script": "orders.dw", "function": "dw_process",
                                              "line": 3, "column": 5}


def test_module_qualified_last_line() -> None:
    src = "def dw_process(msg):\n    return json.loads('{')\n"
    try:
        dw_run(src)
    except BaseException as exc:  # noqa: BLE001
        info = to_error_info(exc, "t.dw", src)
    assert info.type == "JSONDecodeError"
    assert info.text.splitlines()[-1].startswith("json.decoder.JSONDecodeError: Expecting")


def test_host_defect_is_internal_error() -> None:
    info = to_error_info(RuntimeError("host bug"), "t.dw", "")
    assert info.code == 1500000 and info.type == "InternalError"
    assert info.message.startswith("internal error (incident ") and "host bug" not in info.text
