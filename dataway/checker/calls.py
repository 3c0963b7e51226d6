"""Argument counts and keywords of calls of script functions: DW401 and DW402.

A script function is known when its name is bound once, by a ``def`` (or ``f = lambda``).
Messages are CPython 3.11's for the same mistake. Calls with ``*args`` or ``**kwargs`` are only
checked for what unpacking cannot change. Builtins, module functions and methods are checked
by :mod:`dataway.checker.typed` against the signature catalog.
"""
from __future__ import annotations


from dataway.checker.report import Report, suggest
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.checker.symbols import Scope
from dataway.syntax import ast as A

__all__ = ["check_calls"]

def check_calls(nodes: list[A.Node], static: StaticNames, root: Scope, report: Report) -> None:
    """Check every call whose callee is a script function."""
    qualnames = _qualnames(root)
    for node in select(nodes, A.Call):
        if not isinstance(node, A.Call):
            continue
        func = static.script_function(node.func)
        if func is not None:
            _script_call(node, func, qualnames.get(id(func), "<lambda>"), report)


def _qualnames(root: Scope) -> dict[int, str]:
    """CPython's ``__qualname__`` of each def (``outer.<locals>.inner``), by node id."""
    out: dict[int, str] = {}
    for scope in root.walk():
        if scope.kind not in ("function", "lambda"):
            continue
        prefix = ""
        parent = scope.parent
        if parent is not None and parent.kind != "module":
            prefix = out.get(id(parent.node), parent.name) + ".<locals>."
        out[id(scope.node)] = prefix + scope.name
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _names_list(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"


def _script_call(node: A.Call, func: A.Node, qualname: str, report: Report) -> None:
    a = getattr(func, "args", None)
    if a is None:
        return
    params = [p.arg for p in (*a.posonlyargs, *a.args)]
    n_required = len(params) - len(a.defaults)
    starred = any(isinstance(x, A.Starred) for x in node.args)
    double = any(k.arg is None for k in node.keywords)
    given = len(node.args)
    name = f"{qualname}()"
    if not starred and given > len(params) and a.vararg is None:
        if len(a.defaults):
            takes = f"from {n_required} to {len(params)} positional arguments"
        else:
            takes = _plural(len(params), "positional argument")
        verb = "was" if given == 1 else "were"
        report.add("DW401", f"{name} takes {takes} but {given} {verb} given", node)
        return
    keywords = [k.arg for k in node.keywords if k.arg is not None]
    kwonly = [p.arg for p in a.kwonlyargs]
    for kw in node.keywords:
        if kw.arg is None:
            continue
        if not starred and kw.arg in params[:given]:
            report.add("DW402", f"{name} got multiple values for argument '{kw.arg}'", kw)
        elif kw.arg not in params and kw.arg not in kwonly and a.kwarg is None:
            report.add("DW402", f"{name} got an unexpected keyword argument '{kw.arg}'", kw,
                       suggestion=suggest(kw.arg, [*params, *kwonly]))
    if starred or double:
        return
    missing = [p for i, p in enumerate(params[:n_required]) if i >= given and p not in keywords]
    if missing:
        count = _plural(len(missing), "required positional argument")
        report.add("DW401", f"{name} missing {count}: {_names_list(missing)}", node)
    missing_kw = [p for p, d in zip(kwonly, a.kw_defaults) if d is None and p not in keywords]
    if missing_kw:
        report.add("DW402", f"{name} missing "
                            f"{_plural(len(missing_kw), 'required keyword-only argument')}: "
                            f"{_names_list(missing_kw)}", node)
