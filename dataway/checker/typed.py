"""Type-aware diagnostics (spec §16): DW401/DW402 for catalog callables, DW404, DW405, DW406.

Every signature and member list comes from the one catalog (:mod:`dataway.tooling.catalog`);
types come from :mod:`dataway.checker.infer`. Calls of script functions are checked by
:mod:`dataway.checker.calls`.

* DW401/DW402: a call of a builtin, module function or method of a known receiver that cannot
  bind its arguments. Builtins implemented in C word their errors two ways (``len() takes
  exactly one argument (2 given)``, ``getattr expected at least 2 arguments, got 1``); those
  keep CPython's words, everything else reads as a Python function's binding error.
* DW404: an attribute a receiver of known type does not have (``msg.payloads``,
  ``'abc'.uper()``), with a ``did you mean`` suggestion.
* DW405: operand types CPython refuses whatever the values (``'a' - 1``, ``len(5)``).
* DW406: calling a value of a type that is never callable (``'abc'()``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from dataway.checker.imports import attr_span
from dataway.checker.infer import (BINARY, COMPARE, SAMPLES, UNARY, Types, catalog,
                                   sample_result)
from dataway.checker.report import Report, suggest
from dataway.checker.sandbox import refused_keyword
from dataway.checker.static import StaticNames
from dataway.checker.treewalk import select
from dataway.syntax import ast as A

if TYPE_CHECKING:
    from dataway.tooling import catalog as C

__all__ = ["check_typed"]

#: C builtins whose binding errors read ``f() takes exactly one argument (N given)``.
_ONE_ARGUMENT = frozenset("len abs chr ord repr ascii bin hex oct callable hash any all".split())
#: C builtins whose binding errors read ``f expected N arguments, got G``.
_COUNTED = frozenset("divmod isinstance hasattr getattr iter next format sorted filter min max "
                     "reversed range slice zip print".split())
#: ``min``/``max`` take one iterable or several values: at least one either way.
_AT_LEAST = {"min": 1, "max": 1}
#: Builtins CPython applies to one argument of any type but a few: tried on a sample.
_UNARY_BUILTINS = {"len": len, "abs": abs, "ord": ord, "chr": chr, "hex": hex, "bin": bin,
                   "oct": oct, "round": round, "sorted": sorted, "sum": sum}


def check_typed(nodes: list[A.Node], static: StaticNames, report: Report,
                types: Optional[Types] = None) -> None:
    """Report DW401, DW402 and DW404-DW406 on ``nodes`` (one check's nodes, pre-order)."""
    types = types or Types(static)
    # Bottom-up (reversed pre-order: children before parents), so each type is computed
    # from its operands' remembered ones; the report sorts diagnostics by position anyway.
    for node in reversed(select(nodes, (A.Attribute, A.Call, A.BinOp, A.UnaryOp, A.Compare))):
        cls = type(node)
        if cls is A.Attribute:
            _attribute(node, types, report)
        elif cls is A.Call:
            _call(node, types, static, report)
        elif cls is A.BinOp:
            _binary(node, types, report)
        elif cls is A.UnaryOp:
            fn = UNARY.get(node.op)
            operand = types.of(node.operand)
            if fn is not None and operand in SAMPLES:
                ok, exc = sample_result(fn, operand)
                if not ok:
                    report.add("DW405", str(exc), node)
        elif cls is A.Compare:
            _compare(node, types, report)


def _attribute(node: A.Attribute, types: Types, report: Report) -> None:
    if node.attr.startswith("_"):
        return  # DW502
    receiver = types.of(node.value)
    if receiver is None:
        return
    members = catalog().type_members(receiver)
    if node.attr in members:
        return
    report.add("DW404", f"'{receiver}' object has no attribute '{node.attr}'",
               span=attr_span(node), suggestion=suggest(node.attr, set(members)))


def _call(node: A.Call, types: Types, static: StaticNames, report: Report) -> None:
    func_type = types.of(node.func)
    if func_type is not None:
        report.add("DW406", f"'{func_type}' object is not callable", node)
        return
    entry = types.callee(node.func)
    if entry is None:
        return
    # A keyword the sandbox refuses is reported as DW507 by the sandbox pass.
    refused = refused_keyword(static, node.func) if node.keywords else None
    keywords = [k for k in node.keywords if k.arg is not None and k.arg != refused]
    star = any(type(a) is A.Starred for a in node.args)
    double = any(k.arg is None for k in node.keywords)
    if entry.owner == "" and entry.kind == "function" and \
            (entry.name in _ONE_ARGUMENT or entry.name in _COUNTED):
        _builtin_call(node, entry, keywords, star, report)
    else:
        _catalog_call(node, entry, types, keywords, star, double, report)
    if not star and not node.keywords and len(node.args) == 1 and entry.owner == "" \
            and entry.name in _UNARY_BUILTINS:
        arg = types.of(node.args[0])
        if arg in SAMPLES:
            ok, exc = sample_result(_UNARY_BUILTINS[entry.name], arg)
            if not ok:
                report.add("DW405", str(exc), node)


def _catalog_call(node: A.Call, entry: "C.Entry", types: Types, keywords: list[A.Keyword],
                  star: bool, double: bool, report: Report) -> None:
    C = catalog()  # noqa: N806 - the module, as elsewhere
    if isinstance(node.func, A.Attribute) and entry.owner and entry.kind == "method":
        entry = replace(entry, name=f"{entry.owner}.{entry.name}")
    positional = len([a for a in node.args if type(a) is not A.Starred])
    takes_keywords = any(p.kind in (C.POSITIONAL, C.KEYWORD_ONLY, C.VAR_KEYWORD)
                         for p in entry.params or ())
    if keywords and not takes_keywords:
        # CPython's words for a C function whose parameters are all positional-only.
        report.add("DW402", f"{entry.name}() takes no keyword arguments", keywords[0])
        return
    message = entry.call_error(positional, [k.arg for k in keywords], star, double)
    if message is None:
        return
    if "keyword" in message or "multiple values" in message:
        bad = next((k for k in keywords if f"'{k.arg}'" in message), None)
        names = {p.name for p in entry.params or () if p.kind in (C.POSITIONAL, C.KEYWORD_ONLY)}
        hint = suggest(bad.arg, names) if bad is not None and "unexpected" in message else None
        report.add("DW402", message, bad or node, suggestion=hint)
    else:
        report.add("DW401", message, node)


def _bounds(entry: "C.Entry") -> tuple[int, Optional[int], set[str]]:
    """(least positional, most positional or None, keyword names) of a builtin."""
    C = catalog()  # noqa: N806 - the module, as elsewhere
    params = entry.params or ()
    slots = [p for p in params if p.kind in (C.POSITIONAL_ONLY, C.POSITIONAL)]
    least = max(sum(1 for p in slots if p.required), _AT_LEAST.get(entry.name, 0))
    most = None if any(p.kind == C.VAR_POSITIONAL for p in params) else len(slots)
    names = {p.name for p in params if p.kind in (C.POSITIONAL, C.KEYWORD_ONLY)}
    return least, most, names


def _builtin_call(node: A.Call, entry: "C.Entry", keywords: list[A.Keyword], star: bool,
                  report: Report) -> None:
    name = entry.name
    least, most, allowed = _bounds(entry)
    for kw in keywords:
        if kw.arg not in allowed:
            message = (f"{name}() takes no keyword arguments" if not allowed else
                       f"'{kw.arg}' is an invalid keyword argument for {name}()")
            report.add("DW402", message, kw, suggestion=suggest(kw.arg or "", allowed))
            return
    if star or any(k.arg is None for k in node.keywords):
        return
    given = len(node.args)
    if least <= given and (most is None or given <= most):
        return
    if name in _ONE_ARGUMENT:
        message = f"{name}() takes exactly one argument ({given} given)"
    elif least == most:
        message = f"{name} expected {_plural(least)}, got {given}"
    elif given < least:
        message = f"{name} expected at least {_plural(least)}, got {given}"
    else:
        message = f"{name} expected at most {_plural(most or 0)}, got {given}"
    report.add("DW401", message, node)


def _plural(n: int) -> str:
    return f"{n} argument" + ("" if n == 1 else "s")


def _binary(node: A.BinOp, types: Types, report: Report) -> None:
    left, right = types.of(node.left), types.of(node.right)
    if left not in SAMPLES or right not in SAMPLES:
        return
    if node.op == "%" and left in ("str", "bytes"):
        return  # formatting: whether it works depends on the format (DW408's business)
    fn = BINARY.get(node.op)
    if fn is None:
        return
    ok, exc = sample_result(fn, left, right)
    if not ok:
        report.add("DW405", str(exc), node)


def _compare(node: A.Compare, types: Types, report: Report) -> None:
    left = types.of(node.left)
    for op, right_node in zip(node.ops, node.comparators):
        right = types.of(right_node)
        fn = COMPARE.get(op)
        if fn is not None and left in SAMPLES and right in SAMPLES:
            ok, exc = sample_result(fn, left, right)
            if not ok:
                report.add("DW405", str(exc), node)
                return
        left = right

