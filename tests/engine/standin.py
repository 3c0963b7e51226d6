"""A stand-in script backend for engine tests while the language pipeline is incomplete.

It interprets a small, side-effect-free subset of expression syntax by walking the tree that
CPython's ``ast.parse`` builds (never ``eval``/``exec``): literals, ``msg``/``steps`` access,
subscripts, arithmetic, comparisons, boolean logic, conditional expressions, f-strings, a few
builtins and str/dict/list methods. Text mode (``${…}``) and declared types are supported.
Errors are raised as the real ``dataway`` error classes with §15.2 error objects, so the engine
code under test is the code that runs against the real language. Tests use the real language
as soon as ``dataway.compile('1+1', mode='expression')`` works (see :func:`choose_backend`).
"""
from __future__ import annotations

import ast
import operator
from collections.abc import Mapping
from typing import Any

from dataway.diagnostics import diagnostic
from dataway.engine.convert import FieldTypeError, convert_field
from dataway.engine.fields import DatawayBackend, ScriptBackend
from dataway.engine.message import Message
from dataway.errors import CheckError, ErrorInfo, ScriptError

__all__ = ["StandinBackend", "choose_backend"]

_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
        ast.Pow: operator.pow}
_CMP = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
        ast.Gt: operator.gt, ast.GtE: operator.ge, ast.In: lambda a, b: a in b,
        ast.NotIn: lambda a, b: a not in b, ast.Is: operator.is_, ast.IsNot: operator.is_not}
_BUILTINS = {"len": len, "str": str, "int": int, "float": float, "bool": bool, "list": list,
             "dict": dict, "sum": sum, "min": min, "max": max, "sorted": sorted, "range": range,
             "abs": abs, "round": round, "True": True, "False": False, "None": None}
_METHODS = {"get", "keys", "values", "items", "upper", "lower", "strip", "startswith",
            "endswith", "split", "join", "replace", "format", "count", "index"}
_DECLARED = {"string": "str", "int": "int", "float": "float", "bool": "bool", "list": "list",
             "dict": "dict", "any": "any"}


class SMsg:
    """The stand-in ``msg``: read-only attributes of an engine message."""

    __slots__ = ("payload", "vars", "attrs", "error", "id", "seq_id")

    def __init__(self, msg: Message, convert: Any) -> None:
        self.payload = msg.payload
        self.vars = {k: convert(v) if isinstance(v, Message) else v for k, v in msg.vars.items()}
        self.attrs = msg.attrs
        self.error = msg.error
        self.id = msg.id
        self.seq_id = msg.seq_id


class _Result:
    def __init__(self, value: Any) -> None:
        self.value = value
        self.log = ""


class StandinScript:
    """One compiled stand-in script (a list of literal pieces and parsed expressions)."""

    def __init__(self, pieces: list[Any], lone: bool, name: str, output_type: str) -> None:
        self.pieces = pieces
        self.lone = lone
        self.name = name
        self.output_type = output_type

    def evaluate(self, msg: Any, steps: Any = None, **_: Any) -> _Result:
        env = {"msg": msg, "steps": steps or {}}
        try:
            if self.lone:
                value = _value(self.pieces[0], env)
            else:
                value = "".join(p if isinstance(p, str) else str(_value(p, env))
                                for p in self.pieces)
            if self.output_type != "any":
                value = convert_field(value, _DECLARED.get(self.output_type, "any"))
        except FieldTypeError as exc:
            raise ScriptError(ErrorInfo(1200001, "ValueError", str(exc), self.name, 1, 1)) from None
        except Exception as exc:
            raise ScriptError(ErrorInfo(1200001, type(exc).__name__, _message(exc), self.name,
                                        1, 1)) from None
        return _Result(value)


def _message(exc: Exception) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return repr(exc.args[0])
    return str(exc)


def _value(node: ast.AST, env: dict[str, Any]) -> Any:
    kind = type(node)
    if kind is ast.Constant:
        return node.value  # type: ignore[attr-defined]
    if kind is ast.Name:
        name = node.id  # type: ignore[attr-defined]
        if name in env:
            return env[name]
        if name in _BUILTINS:
            return _BUILTINS[name]
        raise NameError(f"name {name!r} is not defined")
    if kind is ast.Attribute:
        base = _value(node.value, env)  # type: ignore[attr-defined]
        attr = node.attr  # type: ignore[attr-defined]
        if isinstance(base, Mapping) and attr in base:
            return base[attr]  # steps paths: steps.fetch.payload.id
        if isinstance(base, SMsg) or attr in _METHODS:
            return getattr(base, attr)
        raise AttributeError(f"{type(base).__name__!r} object has no attribute {attr!r}")
    if kind is ast.Subscript:
        base = _value(node.value, env)  # type: ignore[attr-defined]
        sub = node.slice  # type: ignore[attr-defined]
        if isinstance(sub, ast.Slice):
            parts = [None if p is None else _value(p, env) for p in (sub.lower, sub.upper, sub.step)]
            return base[slice(*parts)]
        return base[_value(sub, env)]
    if kind is ast.BinOp:
        return _BIN[type(node.op)](_value(node.left, env), _value(node.right, env))  # type: ignore[attr-defined]
    if kind is ast.UnaryOp:
        operand = _value(node.operand, env)  # type: ignore[attr-defined]
        op = type(node.op)  # type: ignore[attr-defined]
        return (not operand) if op is ast.Not else (-operand if op is ast.USub else +operand)
    if kind is ast.BoolOp:
        values = node.values  # type: ignore[attr-defined]
        result: Any = None
        for item in values:
            result = _value(item, env)
            if isinstance(node.op, ast.And) and not result:  # type: ignore[attr-defined]
                return result
            if isinstance(node.op, ast.Or) and result:  # type: ignore[attr-defined]
                return result
        return result
    if kind is ast.Compare:
        left = _value(node.left, env)  # type: ignore[attr-defined]
        for op, right_node in zip(node.ops, node.comparators):  # type: ignore[attr-defined]
            right = _value(right_node, env)
            if not _CMP[type(op)](left, right):
                return False
            left = right
        return True
    if kind is ast.IfExp:
        test = _value(node.test, env)  # type: ignore[attr-defined]
        return _value(node.body if test else node.orelse, env)  # type: ignore[attr-defined]
    if kind is ast.Call:
        fn = _value(node.func, env)  # type: ignore[attr-defined]
        args = [_value(a, env) for a in node.args]  # type: ignore[attr-defined]
        kwargs = {k.arg: _value(k.value, env) for k in node.keywords}  # type: ignore[attr-defined]
        return fn(*args, **kwargs)
    if kind in (ast.List, ast.Tuple, ast.Set):
        items = [_value(e, env) for e in node.elts]  # type: ignore[attr-defined]
        return {ast.List: list, ast.Tuple: tuple, ast.Set: set}[kind](items)
    if kind is ast.Dict:
        return {_value(k, env): _value(v, env) for k, v in zip(node.keys, node.values)}  # type: ignore[attr-defined]
    if kind is ast.JoinedStr:
        return "".join(_value(v, env) if not isinstance(v, ast.FormattedValue)
                       else format(_value(v.value, env)) for v in node.values)  # type: ignore[attr-defined]
    raise TypeError(f"the stand-in backend does not support {kind.__name__}")


def _check_error(name: str, message: str, line: int, col: int) -> CheckError:
    diag = diagnostic("DW100", message, line, col, line, col + 1)
    return CheckError(ErrorInfo(1000001, "SyntaxError", message, name, line, col,
                                diagnostics=(diag,)))


def _parse(source: str, name: str, line_offset: int = 0) -> ast.AST:
    try:
        return ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise _check_error(name, f"invalid syntax: {exc.msg}", (exc.lineno or 1) + line_offset,
                           exc.offset or 1) from None


def _split_text(source: str, name: str) -> tuple[list[Any], bool]:
    pieces: list[Any] = []
    i, literal = 0, ""
    while i < len(source):
        if source.startswith("$${", i):
            literal += "${"
            i += 3
            continue
        if source.startswith("${", i):
            depth, j, quote = 0, i + 2, None
            while j < len(source):
                ch = source[j]
                if quote:
                    quote = None if ch == quote else quote
                elif ch in "'\"":
                    quote = ch
                elif ch in "([{":
                    depth += 1
                elif ch in ")]}":
                    if ch == "}" and depth == 0:
                        break
                    depth -= 1
                j += 1
            expr = source[i + 2:j]
            if j >= len(source) or not expr.strip():
                line = source.count("\n", 0, i) + 1
                raise _check_error(name, "unterminated or empty ${} interpolation", line, 1)
            if literal:
                pieces.append(literal)
                literal = ""
            pieces.append(_parse(expr, name))
            i = j + 1
            continue
        literal += source[i]
        i += 1
    if literal or not pieces:
        pieces.append(literal)
    lone = len(pieces) == 1 and not isinstance(pieces[0], str)
    return pieces, lone


class StandinBackend(ScriptBackend):
    """Expression and text mode, plus code mode of the form ``def dw_process(msg): return E``."""

    def compile(self, source: str, mode: str, name: str, output_type: str) -> Any:
        if mode == "text":
            pieces, lone = _split_text(source, name)
            return StandinScript(pieces, lone, name, output_type)
        if mode == "code":
            lines = [ln for ln in source.splitlines() if ln.strip()]
            body = [ln.strip() for ln in lines[1:]]
            if not lines or not lines[0].startswith("def dw_process(") or len(body) != 1 \
                    or not body[0].startswith("return "):
                raise _check_error(name, "stand-in code mode: def dw_process(msg): return <expr>",
                                   1, 1)
            return StandinScript([_parse(body[0][7:], name, 1)], True, name, output_type)
        return StandinScript([_parse(source, name)], True, name, output_type)

    def message_view(self, msg: Message) -> Any:
        view = msg.script_view
        if view is None:
            view = SMsg(msg, self.message_view)
            msg.script_view = view
        return view


def choose_backend() -> ScriptBackend:
    """The real language when its pipeline runs end to end, else the stand-in.

    ``DATAWAY_ENGINE_STANDIN=1`` forces the stand-in (to test the engine alone).
    """
    import os

    if os.environ.get("DATAWAY_ENGINE_STANDIN") == "1":
        return StandinBackend()
    try:
        import dataway

        dataway.compile("1+1", mode="expression").evaluate(None)
        DatawayBackend().message_view(Message(1))
    except Exception:
        return StandinBackend()
    return DatawayBackend()


def real_language_available() -> bool:
    """True when :func:`choose_backend` picks the real language."""
    return isinstance(choose_backend(), DatawayBackend)


