"""DW407: a result that can visibly never pass the boundary (spec §5.3).

Only literal shapes are judged: a set display or comprehension, a lambda or a generator
expression, returned or yielded by ``dw_process`` or forming the result of an expression or
text-mode script, also when nested in list, tuple or dict displays (which keep their items). A
declared output type other than ``any`` may convert the value (a set to a list), so it silences
the warning.
"""
from __future__ import annotations

from typing import Optional

from dataway.checker.report import Report
from dataway.checker.treewalk import children
from dataway.syntax import ast as A

__all__ = ["check_boundary"]

_KINDS = {A.Set: "set", A.SetComp: "set", A.GeneratorExp: "generator", A.Lambda: "function"}


def check_boundary(tree: A.Node, mode: str, output_type: str, report: Report) -> None:
    """Report DW407 on results of literal shapes that cannot leave the script."""
    if output_type not in ("any", "", None):
        return
    if isinstance(tree, A.Expression):
        _result(tree.body, report)
    elif isinstance(tree, A.Template):
        exprs = [p for p in tree.parts if isinstance(p, A.TemplateExpr)]
        if len(tree.parts) == 1 and exprs:
            _result(exprs[0].body, report)  # a lone interpolation keeps its value
    elif isinstance(tree, A.Module) and mode == "code":
        for stmt in tree.body:
            if isinstance(stmt, A.FunctionDef) and stmt.name == "dw_process":
                for value in _results_of(stmt):
                    _result(value, report)


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


def _result(expr: Optional[A.Node], report: Report) -> None:
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        kind = _KINDS.get(type(node))
        if kind is not None:
            hint = "; convert it with list()" if kind in ("set", "generator") else ""
            report.add("DW407", f"a value of type '{kind}' cannot be returned from a Dataway "
                                f"script{hint}", node)
        elif isinstance(node, (A.List, A.Tuple)):
            stack.extend(e for e in node.elts if not isinstance(e, A.Starred))
        elif isinstance(node, A.Dict):
            stack.extend(node.values)
