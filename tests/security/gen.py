"""Random input generators shared by the hypothesis properties and the long-run fuzzer.

Three shapes, from least to most structured: raw bytes (the decoder and tokenizer), token
streams drawn from the Dataway/Python vocabulary (the parser and checker), and small
well-formed expressions and programs (the compiler and the evaluator). Plain ``random`` keeps
the fuzzer fast; :mod:`test_properties` wraps the same functions in hypothesis via a seed.
"""
from __future__ import annotations

import random
from typing import Any, Optional

import dataway

TOKENS = [
    "def", "dw_process", "(", ")", ":", "\n", "    ", "return", "msg", ".", "payload", "vars",
    "[", "]", "{", "}", ",", "=", "==", "+", "-", "*", "**", "/", "//", "%", "<<", ">>", "not",
    "and", "or", "if", "else", "elif", "for", "in", "while", "try", "except", "finally",
    "raise", "from", "import", "lambda", "yield", "global", "nonlocal", "pass", "break",
    "continue", "del", "assert", "class", "with", "as", "async", "await", "@", ":=", "...",
    "x", "y", "f", "_", "__class__", "__import__", "eval", "getattr", "hasattr", "type",
    "json", "math", "decimal", "datetime", "random", "struct", "steps", "print", "range",
    "0", "1", "10", "10**10", "1e308", "0x1f", "1j", "'a'", '"b"', "'{0.__class__}'", "b'x'",
    "f'{x}'", "f'{x!r:>{y}}'", "'%s'", "r'\\x'", "'''", '"""', "#", "\\", "\t", "${", "}",
    "*", "**", "->", ";", "~", "|", "&", "^", "<", ">", "<=", ">=", "!=", "is", "None",
    "True", "False", "format", "join", "'{:10}'", "iter", "int", "str", "list", "dict",
]

MODES = ("code", "expression", "text")

ATOMS = ["0", "1", "-3", "2.5", "'ab'", "b'x'", "None", "True", "[1, 2]", "(1,)", "{'k': 1}",
         "{1, 2}", "msg.payload", "x", "y", "decimal.Decimal('1.5')", "range(5)", "''"]
UNARY = ["-", "not ", "~"]
BINARY = ["+", "-", "*", "//", "%", "**", "==", "<", "and", "or", "in", "|", "&", "<<"]
CALLS = ["len({})", "str({})", "repr({})", "list({})", "sorted({})", "abs({})", "int({})",
         "bool({})", "json.dumps({})", "hash({})", "'{{}}'.format({})", "f'{{{}!r}}'",
         "type({}) == int", "({}).get(1)", "[v for v in {}]", "max({}, 0)", "{}[0]",
         "{}[1:]", "getattr({}, 'real', 0)", "(lambda q: q)({})"]


def random_bytes(rng: random.Random) -> bytes:
    n = rng.choice([0, 1, 8, 64, 512])
    return bytes(rng.getrandbits(8) for _ in range(n))


def random_tokens(rng: random.Random) -> str:
    return " ".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 40)))


def random_expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(ATOMS)
    if roll < 0.45:
        return rng.choice(UNARY) + random_expression(rng, depth + 1)
    if roll < 0.75:
        return (f"({random_expression(rng, depth + 1)} {rng.choice(BINARY)} "
                f"{random_expression(rng, depth + 1)})")
    return rng.choice(CALLS).format(random_expression(rng, depth + 1))


def random_program(rng: random.Random) -> str:
    """A small well-formed code-mode script: assignments, a loop, a try, a helper call."""
    e = lambda: random_expression(rng)  # noqa: E731 - local shorthand
    lines = [f"x = {e()}", f"y = {e()}"]
    for _ in range(rng.randint(0, 4)):
        kind = rng.randrange(5)
        if kind == 0:
            lines += [f"for i in range({rng.randint(0, 5)}):", f"    x = {e()}"]
        elif kind == 1:
            lines += ["try:", f"    y = {e()}", "except Exception as err:",
                      "    y = str(err)"]
        elif kind == 2:
            lines += [f"if {e()}:", f"    x = {e()}", "else:", f"    y = {e()}"]
        elif kind == 3:
            lines += ["def h(a, b=1):", f"    return {e()}", "x = h(x)"]
        else:
            lines += [f"x = [{e()} for i in range(3)]"]
    lines.append(f"return {e()}")
    return "def dw_process(msg):\n" + "\n".join("    " + ln for ln in lines) + "\n"


FUZZ_LIMITS = dataway.Limits(steps=20_000, time=1, value_size=100_000, int_digits=2_000,
                             memory=32 * 2**20)


class Escaped(AssertionError):
    """A non-DatawayError left the library: the property every generator checks."""


def only_dataway_errors(source: Any, mode: str, evaluate: bool,
                        limits: Optional[dataway.Limits] = FUZZ_LIMITS,
                        check: bool = True) -> str:
    """Run check, compile and (optionally) evaluate; return the outcome's kind.

    ``check=False`` skips the separate ``dataway.check`` call: ``compile`` runs the same
    checker on the same tree, so the long-run fuzzer saves half its parsing time.
    Raises :class:`Escaped` (chained to the host exception) when anything other than a
    ``DatawayError`` leaves the library.
    """
    try:
        if check:
            dataway.check(source, mode=mode, limits=limits)
        script = dataway.compile(source, mode=mode, limits=limits)
        if evaluate:
            script.evaluate(dataway.Message(payload={"a": [1, 2]}), seed=1)
        return "ok"
    except dataway.DatawayError as exc:
        return type(exc).__name__
    except BaseException as exc:  # noqa: BLE001 - the property under test
        raise Escaped(f"{type(exc).__name__} left the library for mode={mode} "
                      f"source={source!r}") from exc
