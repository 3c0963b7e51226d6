"""Fast, iterative traversal for the checker's passes.

Node children come from :func:`dataway.syntax.children.child_list` (one plan per node class).
Several passes walk the same expressions again (scopes, flow, context), so :func:`indexed` walks
the tree once and remembers every node's children for the duration of a check; ``children``
then answers with one dictionary lookup. The memo lives in a ``ContextVar`` so concurrent checks
in other threads never see it; it is keyed by the nodes themselves (they hash by identity, as
``eq=False`` dataclasses), and a node it does not hold is computed on demand.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional

from dataway.syntax import ast as A
from dataway.syntax.children import child_list as _children

__all__ = ["children", "child_getter", "walk", "indexed", "select"]


class _Memo(dict):
    """node -> its children, for every node of the tree being checked (see :func:`indexed`);
    a node outside that tree is computed, not stored."""

    def __missing__(self, node: A.Node) -> list[A.Node]:
        return _children(node)


_MEMO: ContextVar[Optional[_Memo]] = ContextVar("dataway_checker_children", default=None)


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
