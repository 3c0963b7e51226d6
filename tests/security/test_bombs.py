"""Resource bombs, deep nesting, recursion and infinite loops (spec §14): every one must end in
the named limit, promptly, without the host running away in time or memory.

Cases that need a long run use small ``Limits`` so the suite stays fast; a few keep the default
limits on purpose, because the defaults are what an embedder gets.
"""
from __future__ import annotations

import time

import pytest

import dataway

from .harness import (MAX_RSS_GROWTH, MAX_SECONDS, SMALL, code, expect, expect_unbounded,
                      run_isolated, run_isolated_many)

P = pytest.param
FAST = dataway.Limits(steps=200_000, time=3)
MEM64 = dataway.Limits(memory=64 * 2**20)

ARITHMETIC_AND_SIZE = [
    P("10**10**10", ("limit", "int_digits"), id="power_tower"),
    P("pow(2, 10**10)", ("limit", "int_digits"), id="pow_builtin"),
    P("1 << 10**10", ("limit", "int_digits"), id="left_shift"),
    P("(10**50000) * (10**50000) * 10", ("limit", "int_digits"), id="multiply_digits"),
    P("math.factorial(10**7)", ("limit", "int_digits"), id="math_factorial"),
    P("math.comb(10**7, 5 * 10**6)", ("limit", "int_digits"), id="math_comb"),
    P("math.perm(10**7)", ("limit", "int_digits"), id="math_perm"),
    P("math.prod([10**50000] * 3)", ("limit", "int_digits"), id="math_prod"),
    P("math.isqrt(10**200000)", ("limit", "int_digits"), id="math_isqrt_operand"),
    P("random.getrandbits(10**9)", ("limit", "int_digits"), id="random_getrandbits"),
    P("int('1' * 100001)", ("limit", "int_digits"), id="int_parse_digits"),
    P("json.loads('1' * 200000)", ("limit", "int_digits"), id="json_int_digits"),
    P("int(decimal.Decimal('1e999999999'))", ("limit", "int_digits"), id="decimal_to_int"),
    P(code("x = 7\nwhile True:\n    x = x * x"), ("limit", "int_digits"), id="repeated_squaring"),
    P("'a' * 10**10", ("limit", "value_size"), id="str_repeat"),
    P("[0] * 10**10", ("limit", "value_size"), id="list_repeat"),
    P("[1, 2] * (2**62)", ("limit", "value_size"), id="list_repeat_overflowing"),
    P("bytes(10**10)", ("limit", "value_size"), id="bytes_of_n"),
    P("bytearray(10**10)", ("limit", "value_size"), id="bytearray_of_n"),
    P("'x'.ljust(10**10)", ("limit", "value_size"), id="str_ljust"),
    P("b'x'.center(10**12)", ("limit", "value_size"), id="bytes_center"),
    P("'1'.zfill(10**10)", ("limit", "value_size"), id="str_zfill"),
    P("'\\t'.expandtabs(10**10)", ("limit", "value_size"), id="expandtabs"),
    P("('x' * 10**6).replace('x', 'y' * 100)", ("limit", "value_size"), id="replace_growth"),
    P("'-'.join(['x'] * 10**7)", ("limit", "value_size"), id="join_growth"),
    P("(1).to_bytes(10**10, 'big')", ("limit", "value_size"), id="int_to_bytes"),
    P("struct.pack('10000000000x')", ("limit", "value_size"), id="struct_pad_bytes"),
    P("struct.pack('999999999s', b'')", ("limit", "value_size"), id="struct_string_field"),
    P("base64.b64decode('A' * 10**8)", ("limit", "value_size"), id="b64decode_huge_input"),
    P("random.choices([1], k=10**10)", ("limit", "value_size"), id="random_choices_k"),
    P("'%10000000000d' % 1", ("limit", "value_size"), id="percent_width"),
    P("'%.10000000000f' % 1.0", ("limit", "value_size"), id="percent_precision"),
    P("'{:100000000}'.format(1)", ("limit", "value_size"), id="format_width_1e8"),
    P("f'{1:>{10**8}}'", ("limit", "value_size"), id="fstring_nested_width_1e8"),
    P("format(1.0, '100000000')", ("limit", "value_size"), id="format_builtin_width_1e8"),
    P("len(format(decimal.Decimal('1e99999999'), 'f'))", ("limit", "value_size"),
      id="decimal_fixed_point_digits"),
    P("'{:f}'.format(decimal.Decimal('1e999999999'))", ("limit", "value_size"),
      id="decimal_format_precision_bomb"),
    P("decimal.Decimal(10) ** (10**10)", ("script", "Overflow"), id="decimal_power_overflow"),
    P("decimal.Decimal('1e999999').quantize(decimal.Decimal(1))",
      ("script", "InvalidOperation"), id="decimal_quantize_huge"),
    P("str(10**100000)", ("script", "ValueError"), id="int_str_digits_host_guard"),
    P("list(range(10**12))", ("limit", "steps"), id="range_materialised"),
    P("sum(range(10**12))", ("limit", "steps"), id="sum_huge_range"),
    P("sorted(range(10**9))", ("limit", "steps"), id="sorted_huge_range"),
    P("dict.fromkeys(range(10**8))", ("limit", "steps"), id="dict_fromkeys_range"),
    P("struct.calcsize('999999999999999999999x')", ("script", "error"),
      id="struct_calcsize_overflow"),
    P("math.ldexp(1.0, 10**10)", ("script", "OverflowError"), id="ldexp_overflow"),
    P("datetime.timedelta(days=10**10)", ("script", "OverflowError"),
      id="timedelta_overflow"),
]

NESTING = [
    P("-" * 100000 + "1", ("check", "DW107", "LimitError"), id="unary_minus_chain"),
    P("not " * 30000 + "1", ("check", "DW107", "LimitError"), id="not_chain"),
    P("[" * 100000 + "]" * 100000, ("check", "DW107", "LimitError"), id="nested_brackets"),
    P("(" * 5000 + "1" + ")" * 5000, ("check", "DW107", "LimitError"), id="nested_parens"),
    P("{'a': " * 5000 + "1" + "}" * 5000, ("check", "DW107", "LimitError"),
      id="nested_dict_literal"),
    P("**".join(["1"] * 300), ("check", "DW107", "LimitError"), id="power_right_chain"),
    P("lambda: " * 300 + "1", ("check", "DW107", "LimitError"), id="nested_lambdas"),
    P("f'{" * 200 + "1" + "}'" * 200, ("check", "DW100", "SyntaxError"), id="nested_fstrings"),
    P("1 if 1 else " * 300 + "1", ("check", "DW107", "LimitError"), id="conditional_chain"),
    P("def dw_process(msg):\n" + "".join(" " * (i + 1) + "if 1:\n" for i in range(150))
      + " " * 151 + "pass\n", ("check", "DW107", "LimitError"), id="nested_blocks"),
    P("+".join(["1"] * 20000), ("ok", 20000), id="long_addition_chain"),
    P("<".join(["1"] * 20000), ("ok", False), id="long_comparison_chain"),
    P(" and ".join(["1"] * 20000), ("ok", 1), id="long_boolean_chain"),
    P("str" + "(1)" * 10000, ("script", "TypeError"), id="long_call_chain"),
]

RECURSION_AND_LOOPS = [
    P(code("def f():\n    return f()\nreturn f()"), ("limit", "call_depth"),
      id="direct_recursion"),
    P(code("def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\nreturn a(1)"),
      ("limit", "call_depth"), id="mutual_recursion"),
    P("(lambda f: f(f))(lambda f: f(f))", ("limit", "call_depth"), id="lambda_omega"),
    P("(lambda f: (lambda x: x(x))(lambda x: f(lambda v: x(x)(v))))"
      "(lambda r: lambda n: r(n + 1))(0)", ("limit", "call_depth"), id="y_combinator"),
    P(code("def f():\n    try:\n        return f()\n    except RecursionError:\n"
           "        return f()\nreturn f()"), ("limit", "call_depth"),
      id="recursion_catching_recursionerror"),
    P(code("def f():\n    try:\n        return f()\n    except:\n        return f()\n"
           "return f()"), ("limit", "call_depth"), id="recursion_bare_except"),
    P(code("def f():\n    try:\n        return f()\n    finally:\n        return 1\nreturn f()"),
      ("limit", "call_depth"), id="recursion_finally_return"),
    P(code("def g(n):\n    yield from g(n + 1)\nreturn list(g(0))"), ("limit", "call_depth"),
      id="recursive_yield_from"),
    P(code("g = iter([1])\nfor _ in range(100000):\n    g = (x for x in g)\nreturn list(g)"),
      ("limit", "call_depth"), id="stacked_generator_expressions"),
    P("sorted([1, 2], key=lambda x: (lambda f: f(f))(lambda f: f(f)))",
      ("limit", "call_depth"), id="recursion_inside_sort_key"),
    P("json.loads('[1]', object_hook=None, parse_int=lambda s: (lambda f: f(f))(lambda f: f(f)))",
      ("limit", "call_depth"), id="recursion_inside_json_callback"),
    P(code("while True:\n    pass"), ("limit", "steps"), id="while_true_default_limits"),
    P(code("while True:\n    pass"), ("limit", "steps"), id="while_true_fast"),
    P(code("while True:\n    pass"), ("limit", "time"), id="while_true_time_limit"),
    P(code("for x in iter(int, 1):\n    pass"), ("limit", "steps"), id="for_over_iter_sentinel"),
    P(code("while True:\n    try:\n        while True: pass\n    finally:\n        pass"),
      ("limit", "steps"), id="finally_cannot_swallow_limit"),
    P(code("while True:\n    try:\n        pass\n    finally:\n        continue"),
      ("limit", "steps"), id="continue_in_finally_loop"),
    P(code("def g():\n    while True:\n        yield 1\nreturn sum(g())"), ("limit", "steps"),
      id="infinite_generator_sum"),
    P("list(map(abs, iter(int, 1)))", ("limit", "steps"), id="map_over_infinite"),
    P("max(iter(int, 1))", ("limit", "steps"), id="max_over_infinite"),
    P("sorted(iter(int, 1))", ("limit", "steps"), id="sorted_over_infinite"),
    P("set(iter(int, 1))", ("limit", "steps"), id="set_over_infinite"),
    P("any(x for x in iter(int, 1))", ("limit", "steps"), id="any_over_infinite_genexp"),
    P("len(list(zip(iter(int, 1), iter(int, 1))))", ("limit", "steps"), id="zip_infinite"),
    P("''.join(map(str, iter(int, 1)))", ("limit", "steps"), id="join_over_infinite"),
    P("1 in iter(int, 1)", ("limit", "steps"), id="in_over_infinite"),
    P("[x for x in range(10**9)]", ("limit", "steps"), id="huge_list_comprehension"),
    P("len([1 for a in range(10**4) for b in range(10**4)])", ("limit", "steps"),
      id="nested_comprehension"),
    P("len({x: x for x in range(10**9)})", ("limit", "steps"), id="huge_dict_comprehension"),
    P("sum(x for x in range(10**12))", ("limit", "steps"), id="huge_generator_sum"),
    P(code("a = [0]\nwhile True:\n    a = a + a"), ("limit", "steps"), id="list_doubling"),
    P(code("a = [0]\nwhile True:\n    a.extend(a)"), ("limit", "steps"), id="list_extend_self"),
    P(code("s = 'x'\nwhile True:\n    s += s"), ("limit", "value_size"), id="str_doubling"),
    P(code("while True:\n    print('x' * 10000)"), ("limit", "steps"), id="print_flood"),
]

DEEP_VALUES = [
    P(code("a = []\nfor _ in range(2000):\n    a = [a]\nreturn repr(a)"),
      ("limit", "value_depth"), id="repr_deep_list"),
    P(code("a = []\nfor _ in range(10**5):\n    a = [a]\nreturn a"), ("limit", "value_depth"),
      id="return_deep_list"),
    P(code("a = []\nb = []\nfor _ in range(10**5):\n    a = [a]\n    b = [b]\nreturn a == b"),
      ("limit", "value_depth"), id="compare_deep_lists"),
    P(code("a = []\nfor _ in range(10**5):\n    a = [a]\nreturn json.dumps(a)"),
      ("limit", "value_depth"), id="json_dumps_deep"),
    P(code("a = {}\nfor _ in range(2000):\n    a = {'k': a}\nreturn len(str(a))"),
      ("limit", "value_depth"), id="str_deep_dict"),
    P("json.loads('[' * 100000)", ("limit", "value_depth"), id="json_loads_deep_brackets"),
    P("json.loads('[' * 1001 + ']' * 1001)", ("limit", "value_depth"),
      id="json_loads_just_too_deep"),
    P(code("a = []\na.append(a)\nreturn a"), ("script", "ValueError"), id="cycle_at_boundary"),
    P(code("d = {}\nd['self'] = d\nreturn d"), ("script", "ValueError"),
      id="dict_cycle_at_boundary"),
    P(code("a = []\na.append(a)\nreturn repr(a)"), ("ok", "[[...]]"), id="cycle_repr"),
    P(code("a = []\na.append(a)\nreturn json.dumps(a)"), ("script", "ValueError"),
      id="cycle_json_dumps"),
    P(code("a = []\na.append(a)\nb = []\nb.append(b)\nreturn a == b"),
      ("limit", "value_depth"), id="cycle_compare"),
    P(code("a = []\na.append(a)\nreturn sorted([a, a])"), ("script", "ValueError"),
      id="cycle_inside_sorted_result"),
]

_LIMITS = {"while_true_fast": FAST, "for_over_iter_sentinel": FAST,
           "while_true_time_limit": SMALL.replace(steps=10**12),
           "continue_in_finally_loop": FAST, "finally_cannot_swallow_limit": FAST,
           "infinite_generator_sum": FAST, "map_over_infinite": FAST,
           "max_over_infinite": FAST, "sorted_over_infinite": FAST, "set_over_infinite": FAST,
           "any_over_infinite_genexp": FAST, "zip_infinite": FAST, "join_over_infinite": FAST,
           "in_over_infinite": FAST, "huge_list_comprehension": FAST,
           "nested_comprehension": FAST, "huge_dict_comprehension": FAST,
           "huge_generator_sum": FAST, "print_flood": FAST, "list_doubling": FAST,
           "list_extend_self": FAST}


@pytest.mark.parametrize("src,want", ARITHMETIC_AND_SIZE + NESTING + RECURSION_AND_LOOPS
                         + DEEP_VALUES)
def test_bomb_is_stopped(src: str, want: tuple, request: pytest.FixtureRequest) -> None:
    mode = "code" if src.startswith("def dw_process") else "expression"
    limits = _LIMITS.get(request.node.callspec.id)
    expect(src, want, mode=mode, limits=limits)


MEMORY_BODIES = {
    "many_small_strings": "a = []\nwhile True:\n    a.append('x' * 1000)",
    "many_small_bytes": "a = []\nwhile True:\n    a.append(bytes(1000))",
}


def test_memory_budget_stops_accumulation() -> None:
    """Many small live values: the ``memory`` limit, not steps or time, must end the run, and
    the host must not hold more than twice the budget (plus the interpreter's own baseline).

    Runs in capped child processes: if accounting is missing the host would grow for GiBs."""
    budget = 64 * 2**20
    srcs = [code(body) for body in MEMORY_BODIES.values()]
    results = run_isolated_many(srcs, "code", limits={"memory": budget}, timeout=40,
                                address_space=3 << 30)
    for name, out in zip(MEMORY_BODIES, results):
        assert out["kind"] == "LimitError" and out["limit"] == "memory", (name, out)
        assert out["rss_growth"] < 2 * budget + (64 << 20), (name, out)


FORMAT_WIDTH_BOMBS = ["'{:10000000000}'.format(1)", "f'{1:>{10**10}}'",
                      "format(1, '10000000000')", "format(decimal.Decimal(1), '10000000000')"]


def test_format_width_beyond_int32_is_value_size() -> None:
    """§14: format widths are checked against value_size *before* building. The child is
    capped at 2 GiB so the missing check cannot take the machine down."""
    for src, out in zip(FORMAT_WIDTH_BOMBS, run_isolated_many(FORMAT_WIDTH_BOMBS, timeout=30)):
        assert out["kind"] == "LimitError" and out["limit"] == "value_size", (src, out)
        assert out["seconds"] < MAX_SECONDS, (src, out)


DECIMAL_TO_INT_BOMBS = ["decimal.Decimal('1e999999999').as_integer_ratio()",
                        "math.floor(decimal.Decimal('1e999999999'))",
                        "math.ceil(decimal.Decimal('1e99999999'))",
                        "math.trunc(decimal.Decimal('1e999999999'))",
                        "round(decimal.Decimal('1e999999999'))",
                        "'%d' % decimal.Decimal('1e999999999')"]


def test_decimal_to_int_conversions_check_int_digits() -> None:
    """§14 int_digits: int(Decimal) is pre-checked; every other route to an int must be too."""
    results = run_isolated_many(DECIMAL_TO_INT_BOMBS, timeout=30)
    for src, out in zip(DECIMAL_TO_INT_BOMBS, results):
        assert out["kind"] == "LimitError" and out["limit"] == "int_digits", (src, out)
        assert out["seconds"] < MAX_SECONDS, (src, out)


@pytest.mark.parametrize("src,want", [
    P("msg" + ".payload" * 30000, ("script", "AttributeError"), id="attribute_chain"),
    P("str" + "(1)" * 30000, ("script", "TypeError"), id="call_chain"),
    P("msg" + "[0]" * 30000, ("script", "TypeError"), id="subscript_chain"),
    P("json.nope" + ".payload" * 30000, ("check", "DW403", "AttributeError"),
      id="module_chain"),
])
def test_long_trailer_chain_compiles_promptly(src: str, want: tuple) -> None:
    """§14: chains of any length count as one parse_depth level, so parse, check and compile
    must be linear in their length (30,000 links took ~24 s when a pass re-walked the chain
    below every link; now ~1 s). The bound is on this process's CPU time, not wall time, so
    a loaded machine does not make it flaky; peak RSS growth is bounded too."""
    before = time.process_time()
    out = expect_unbounded(src, want)
    cpu = time.process_time() - before
    assert cpu < MAX_SECONDS, f"took {cpu:.1f} s of CPU: {out}"
    assert out.rss_growth < MAX_RSS_GROWTH, f"peak RSS grew {out.rss_growth >> 20} MiB: {out}"


AMPLIFIERS = ["repr('\\x00' * 900)", "ascii('\\u1234' * 900)", "('\\ufb03' * 900).upper()",
              "('a' * 900).encode('utf-32')", "bin(2**5000)", "str(10**2000)",
              "'{:,}'.format(10**1500)"]


def test_amplifying_results_are_checked_against_value_size() -> None:
    """With value_size=1000 each of these builds a str/bytes of 2,000-5,000 elements."""
    small = dataway.Limits(value_size=1000)
    for src in AMPLIFIERS:
        expect(src, ("limit", "value_size"), limits=small)
    chain = "len(repr(repr(repr(repr('\\x00' * (2**24 - 10))))))"
    out = run_isolated(chain, timeout=3 * MAX_SECONDS)
    assert out["kind"] == "LimitError" and out["limit"] == "value_size", out
