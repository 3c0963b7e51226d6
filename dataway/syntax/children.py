"""The direct children of a syntax node, fast: one traversal plan per node class.

``Node.children()`` used to ask ``dataclasses.fields`` and test every field value on every call;
the checker, the resolver and the compiler all walk every node, so that dominated their time on
large scripts and long trailer chains. Here each node class gets a *plan*, computed once from its
field annotations: fields that can only hold strings, numbers or flags (``Name.id``,
``BinOp.op``, ``Global.names``...) are dropped, and each remaining field is known to hold one
optional node, a tuple of nodes, or a tuple that may contain None. All field values of a node are
fetched with one ``attrgetter`` call. A field whose annotation the plan does not recognise, or
whose value is not of the annotated shape, keeps the generic per-value test, so the result is
the generic definition's for any tree (``tests/checker/test_treewalk.py`` compares them).
"""
from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # ast imports this module at its end; the classes exist by then
    from dataway.syntax.ast import Node

__all__ = ["child_list"]

_POSITIONS = frozenset({"line", "column", "end_line", "end_column"})
#: Annotations (as written in ``ast.py``, which postpones their evaluation) of fields that never
#: hold a node.
_LEAF_TYPES = frozenset({"str", "Optional[str]", "bool", "int", "tuple[str, ...]"})

# How a field's value becomes children.
_ONE = 0        # a node or None
_MANY = 1       # a tuple of nodes
_MANY_OPT = 2   # a tuple of nodes and Nones (dict keys of ``**d``, absent kw-only defaults)
_ANY = 3        # not recognised: test the value as the generic definition does

_Plan = Optional[tuple[Callable[["Node"], tuple], tuple[int, ...]]]
#: Per node class: (getter of its child-carrying field values, their kinds), or None when the
#: class has no such field.
_PLANS: dict[type, _Plan] = {}
_MISSING: object = object()


def _kind(annotation: object) -> int:
    text = annotation if isinstance(annotation, str) else ""
    if text.startswith("tuple[Optional["):
        return _MANY_OPT
    if text.startswith("tuple["):
        return _MANY
    if text in ("", "Any"):
        return _ANY
    return _ONE


def _plan(cls: type) -> _Plan:
    """The traversal plan of ``cls`` (see ``_PLANS``), computed on first use."""
    names: list[str] = []
    kinds: list[int] = []
    for f in fields(cls):
        if f.name in _POSITIONS or f.type in _LEAF_TYPES:
            continue
        names.append(f.name)
        kinds.append(_kind(f.type))
    plan: _Plan
    if not names:
        plan = None
    elif len(names) == 1:
        # attrgetter of one name returns the bare value; wrap it so every getter gives a tuple.
        one = attrgetter(names[0])
        plan = ((lambda node: (one(node),)), tuple(kinds))
    else:
        plan = (attrgetter(*names), tuple(kinds))
    _PLANS[cls] = plan
    return plan


def child_list(node: "Node") -> list["Node"]:
    """The direct child nodes of ``node`` in source order (lists flattened, None skipped)."""
    plan = _PLANS.get(type(node), _MISSING)
    if plan is _MISSING:
        plan = _plan(type(node))
    if plan is None:
        return []
    getter, kinds = plan  # type: ignore[misc]
    out: list["Node"] = []
    for kind, value in zip(kinds, getter(node)):
        if value is None:
            continue
        if kind == _MANY and type(value) is tuple:
            out.extend(value)
        elif kind == _ONE and isinstance(value, _Node):
            out.append(value)
        elif kind == _MANY_OPT and type(value) is tuple:
            out.extend([item for item in value if item is not None])
        elif isinstance(value, _Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend([item for item in value if isinstance(item, _Node)])
    return out


from dataway.syntax.ast import Node as _Node  # noqa: E402 - after the definitions: see above
