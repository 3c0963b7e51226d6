"""DW407: a result that can visibly never pass the boundary (spec §5.2, §5.3).

Judged are literal shapes (a set display or comprehension, a lambda or a generator expression)
and values whose static type (:mod:`dataway.checker.infer`) is a non-core one (``range(3)``,
``d.keys()``, ``hashlib.sha256(...)``, a ``timedelta``), returned or yielded by ``dw_process`` or
forming the result of an expression or text-mode script, also when nested in list, tuple or
dict displays (which keep their items). A declared output type other than ``any`` may convert
the value (a set to a list), so it silences the warning.
"""
from __future__ import annotations

from typing import Optional

from dataway.checker.infer import Types
from dataway.checker.report import Report
from dataway.checker.treewalk import children
from dataway.syntax import ast as A

__all__ = ["check_boundary"]

_KINDS = {A.Set: "set", A.SetComp: "set", A.GeneratorExp: "generator", A.Lambda: "function"}
#: Non-core types (§5.2) the boundary refuses, as ``data/boundary.py`` names them.
_NON_CORE = frozenset({"set", "frozenset", "range", "slice", "dict_keys", "dict_values",
                       "dict_items", "timedelta", "timezone", "HASH", "HMAC", "AesCipher"})
_CONTAINERS = (A.List, A.Tuple, A.Dict)
#: Those the run-time error tells to convert with list().
_LIST_HINT = frozenset({"set", "frozenset", "range", "dict_keys", "dict_values", "dict_items",
                        "generator"})


def check_boundary(tree: A.Node, mode: str, output_type: str, report: Report,
                   types: Optional[Types] = None) -> None:
    """Report DW407 on results that cannot leave the script (``types``: static types, when
    known, judge more than literal shapes)."""
    if output_type not in ("any", "", None):
        return
    if isinstance(tree, A.Expression):
        _result(tree.body, report, types)
    elif isinstance(tree, A.Template):
        exprs = [p for p in tree.parts if isinstance(p, A.TemplateExpr)]
        if len(tree.parts) == 1 and exprs:
            _result(exprs[0].body, report, types)  # a lone interpolation keeps its value
    elif isinstance(tree, A.Module) and mode == "code":
        for stmt in tree.body:
            if isinstance(stmt, A.FunctionDef) and stmt.name == "dw_process":
                for value in _results_of(stmt):
                    _result(value, report, types)


def _results_of(fn: A.FunctionDef) -> list[A.Node]:
    """Values returned or yielded by ``fn`` itself (not by the functions nested in it)."""
    out: list[A.Node] = []
    stack: list[A.Node] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (A.FunctionDef, A.Lambda, A.ListComp, A.SetComp, A.DictComp,
                             A.GeneratorExp, A.ClassDef)):
            continue
        if isinstance(node, (A.Return, A.Yield)) and node.value is not None:
            out.append(node.value)
        stack.extend(children(node))
    return out


def _result(expr: Optional[A.Node], report: Report, types: Optional[Types]) -> None:
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        kind = _KINDS.get(type(node))
        if kind is None and types is not None and type(node) not in _CONTAINERS:
            found = types.of(node)
            kind = found if found in _NON_CORE else None
        if kind is not None:
            hint = "; convert it with list()" if kind in _LIST_HINT else ""
            report.add("DW407", f"a value of type '{kind}' cannot be returned from a Dataway "
                                f"script{hint}", node)
        elif isinstance(node, (A.List, A.Tuple)):
            stack.extend(e for e in node.elts if not isinstance(e, A.Starred))
        elif isinstance(node, A.Dict):
            stack.extend(node.values)
