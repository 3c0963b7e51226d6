"""Fast, iterative traversal for the checker's passes.

``Node.children()`` asks ``dataclasses.fields`` and tests every field value on every call, which
dominated the checker's time on large scripts. Here each node class gets a *plan*, computed once
from its field annotations: fields that can only hold strings, numbers or flags (``Name.id``,
``BinOp.op``, ``Global.names``...) are dropped, and each remaining field is known to hold one
optional node, a tuple of nodes, or a tuple that may contain None. All field values of a node are
fetched with one ``attrgetter`` call. A field whose annotation the plan does not recognise, or
whose value is not of the annotated shape, keeps the generic per-value test; for trees whose
tuples hold what their annotations say (the parser's), the result is exactly
``list(node.children())`` (tests/checker/test_treewalk.py compares the two on the corpus).

Several passes walk the same expressions again (scopes, flow, context), so :func:`indexed` walks
the tree once and remembers every node's children for the duration of a check; ``children``
then answers with one dictionary lookup. The memo lives in a ``ContextVar`` so concurrent checks
in other threads never see it; it is keyed by the nodes themselves (they hash by identity, as
``eq=False`` dataclasses), and a node it does not hold is computed on demand.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import fields
from operator import attrgetter
from typing import Callable, Iterator, Optional

from dataway.syntax import ast as A

__all__ = ["children", "child_getter", "walk", "indexed", "select"]

_POSITIONS = frozenset({"line", "column", "end_line", "end_column"})
#: Annotations (as written in ``ast.py``, which postpones their evaluation) of fields that never
#: hold a node.
_LEAF_TYPES = frozenset({"str", "Optional[str]", "bool", "int", "tuple[str, ...]"})

# How a field's value becomes children.
_ONE = 0        # a node or None
_MANY = 1       # a tuple of nodes
_MANY_OPT = 2   # a tuple of nodes and Nones (dict keys of ``**d``, absent kw-only defaults)
_ANY = 3        # not recognised: test the value as Node.children() does

_Plan = Optional[tuple[Callable[[A.Node], tuple], tuple[int, ...]]]
#: Per node class: (getter of its child-carrying field values, their kinds), or None when the
#: class has no such field.
_PLANS: dict[type, _Plan] = {}
_MISSING: object = object()


class _Memo(dict):
    """node -> its children, for every node of the tree being checked (see :func:`indexed`);
    a node outside that tree is computed, not stored."""

    def __missing__(self, node: A.Node) -> list[A.Node]:
        return _children(node)


_MEMO: ContextVar[Optional[_Memo]] = ContextVar("dataway_checker_children", default=None)


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


def children(node: A.Node) -> list[A.Node]:
    """The direct child nodes of ``node`` in source order (same as ``node.children()``).

    The list may be shared (inside :func:`indexed`): callers must not modify it.
    """
    memo = _MEMO.get()
    if memo is not None:
        return memo[node]
    return _children(node)


def child_getter() -> Callable[[A.Node], list[A.Node]]:
    """``children`` for a loop that asks it for many nodes: inside :func:`indexed`, the memo's
    own lookup (no Python call per node); elsewhere the computation."""
    memo = _MEMO.get()
    return _children if memo is None else memo.__getitem__


def _children(node: A.Node) -> list[A.Node]:
    plan = _PLANS.get(type(node), _MISSING)
    if plan is _MISSING:
        plan = _plan(type(node))
    if plan is None:
        return []
    getter, kinds = plan  # type: ignore[misc]
    out: list[A.Node] = []
    for kind, value in zip(kinds, getter(node)):
        if value is None:
            continue
        if kind == _MANY and type(value) is tuple:
            out.extend(value)
        elif kind == _ONE and isinstance(value, A.Node):
            out.append(value)
        elif kind == _MANY_OPT and type(value) is tuple:
            out.extend([item for item in value if item is not None])
        elif isinstance(value, A.Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend([item for item in value if isinstance(item, A.Node)])
    return out


def walk(node: A.Node) -> Iterator[A.Node]:
    """``node`` and its descendants, pre-order, without recursion (same order as ``ast.walk``)."""
    stack = [node]
    pop = stack.pop
    extend = stack.extend
    while stack:
        current = pop()
        yield current
        extend(reversed(children(current)))


@contextmanager
def indexed(tree: A.Node) -> Iterator[list[A.Node]]:
    """Walk ``tree`` once; yields its nodes in ``walk`` order, and inside the ``with`` block
    ``children`` of any of them is a lookup instead of a computation."""
    memo = _Memo()
    nodes: list[A.Node] = []
    stack = [tree]
    pop, extend, add = stack.pop, stack.extend, nodes.append
    while stack:
        current = pop()
        add(current)
        kids = memo[current] = _children(current)
        extend(reversed(kids))
    token = _MEMO.set(memo)
    try:
        yield nodes
    finally:
        _MEMO.reset(token)


def select(nodes: list[A.Node], classes: "type | tuple[type, ...]") -> list[A.Node]:
    """The nodes that are instances of ``classes``, in their order in ``nodes``.

    The node-by-node passes each want a few kinds out of thousands of nodes; one set test per
    node (on the classes actually present, so subclasses count as ``isinstance`` would) is
    much cheaper than their isinstance chains.
    """
    wanted = {cls for cls in set(map(type, nodes)) if issubclass(cls, classes)}
    if not wanted:
        return []
    return [node for node in nodes if type(node) in wanted]
