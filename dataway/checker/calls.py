"""Argument counts and keywords of calls with a known signature: DW401 and DW402.

Two kinds of callee are known without type inference: script functions (a name bound once, by a
``def``) and a table of builtins. Messages are CPython 3.11's for the same mistake. Calls with
``*args`` or ``**kwargs`` are only checked for what unpacking cannot change.
"""
from __future__ import annotations

from typing import Optional

from dataway.checker.report import Report
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.checker.symbols import Scope
from dataway.syntax import ast as A

__all__ = ["check_calls", "BUILTIN_ARITY"]

_ONE = "exactly"
_RANGE = "range"
#: builtin name -> (style, min positional, max positional or None, allowed keywords)
BUILTIN_ARITY: dict[str, tuple[str, int, Optional[int], frozenset[str]]] = {}
for _n in "len abs chr ord repr ascii bin hex oct callable hash any all".split():
    BUILTIN_ARITY[_n] = (_ONE, 1, 1, frozenset())
for _n, _lo, _hi, _kw in (
        ("divmod", 2, 2, ""), ("isinstance", 2, 2, ""), ("hasattr", 2, 2, ""),
        ("getattr", 2, 3, ""), ("iter", 1, 2, ""), ("next", 1, 2, ""), ("format", 1, 2, ""),
        ("sorted", 1, 1, "key reverse"), ("filter", 2, 2, ""), ("min", 1, None, "key default"),
        ("max", 1, None, "key default"), ("reversed", 1, 1, ""), ("range", 1, 3, ""),
        ("slice", 1, 3, ""), ("zip", 0, None, "strict"), ("print", 0, None, "sep end file flush")):
    BUILTIN_ARITY[_n] = (_RANGE, _lo, _hi, frozenset(_kw.split()))


def check_calls(nodes: list[A.Node], static: StaticNames, root: Scope, report: Report) -> None:
    """Check every call whose callee is a script function or a tabled builtin."""
    qualnames = _qualnames(root)
    for node in select(nodes, A.Call):
        if not isinstance(node, A.Call):
            continue
        func = static.script_function(node.func)
        if func is not None:
            _script_call(node, func, qualnames.get(id(func), "<lambda>"), report)
        elif isinstance(node.func, A.Name) and node.func.id in BUILTIN_ARITY \
                and static.is_predefined(node.func):
            _builtin_call(node, node.func.id, report)


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
            report.add("DW402", f"{name} got an unexpected keyword argument '{kw.arg}'", kw)
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


def _builtin_call(node: A.Call, name: str, report: Report) -> None:
    style, lo, hi, allowed = BUILTIN_ARITY[name]
    for kw in node.keywords:
        if kw.arg is None:
            return  # **kwargs: nothing is known
        if kw.arg not in allowed:
            message = (f"{name}() takes no keyword arguments" if not allowed else
                       f"'{kw.arg}' is an invalid keyword argument for {name}()")
            report.add("DW402", message, kw)
            return
    if any(isinstance(x, A.Starred) for x in node.args):
        return
    given = len(node.args)
    if lo <= given and (hi is None or given <= hi):
        return
    if style == _ONE:
        message = f"{name}() takes exactly one argument ({given} given)"
    elif lo == hi:
        message = f"{name} expected {_plural(lo, 'argument')}, got {given}"
    elif given < lo:
        message = f"{name} expected at least {_plural(lo, 'argument')}, got {given}"
    else:
        message = f"{name} expected at most {_plural(hi or 0, 'argument')}, got {given}"
    report.add("DW401", message, node)
