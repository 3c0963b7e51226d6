"""DW404 where the receiver's type is known without inference (spec §6, §13, §16).

Two receivers qualify. The message: ``msg.payloads`` is the classic mistake, and the Message
allowlist is fixed; the receiver must statically be the message (the global ``msg`` in
expression and text mode, or the parameter of ``dw_process`` in code mode, not rebound). And
literals and displays (``'abc'.uper()``, ``[].push(1)``), checked against the runtime's
attribute allowlists (``dataway.runtime.policy``) when that layer is present.
"""
from __future__ import annotations

import difflib

from dataway.checker.imports import attr_span
from dataway.checker.report import Report
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

__all__ = ["check_message_attributes", "check_literal_attributes", "MESSAGE_ATTRS"]

#: Attributes of a Message (spec §13).
MESSAGE_ATTRS = ("payload", "vars", "var", "attrs", "attributes", "attr", "id", "seq_id",
                 "error", "isthrowing")


def check_message_attributes(nodes: list[A.Node], static: StaticNames, report: Report) -> None:
    """Report ``msg.x`` for an ``x`` the Message does not have."""
    for node in select(nodes, A.Attribute):
        if not isinstance(node, A.Attribute) or node.attr in MESSAGE_ATTRS \
                or node.attr.startswith("_") or not _is_message(node.value, static):
            continue
        close = difflib.get_close_matches(node.attr, MESSAGE_ATTRS, n=1, cutoff=0.6)
        report.add("DW404", f"'Message' object has no attribute '{node.attr}'",
                   span=attr_span(node),
                   suggestion=f"did you mean '{close[0]}'?" if close else None)


def _is_message(expr: A.Node, static: StaticNames) -> bool:
    if not isinstance(expr, A.Name):
        return False
    if static.mode != "code":
        return static.is_predefined(expr, "msg")
    found = static.bindings_of(expr)
    if not found or len(found) != 1 or found[0].kind != "param":
        return False
    owner = static.scope_of.get(id(expr))
    while owner is not None and found[0].name not in owner.params:
        owner = owner.parent
    node = owner.node if owner is not None else None
    return isinstance(node, A.FunctionDef) and node.name == "dw_process" and \
        owner is not None and owner.parent is not None and owner.parent.kind == "module"


#: A sample value of each literal or display shape, to ask the runtime's allowlist about.
_SAMPLES: dict[type, object] = {
    A.List: [], A.ListComp: [], A.Dict: {}, A.DictComp: {}, A.Set: set(), A.SetComp: set(),
    A.Tuple: (), A.JoinedStr: "",
}


def _sample(expr: A.Node) -> tuple[bool, object]:
    """(known, sample value) for the receiver ``expr``."""
    if isinstance(expr, A.Constant):
        value = expr.value
        if value is Ellipsis or isinstance(value, complex):
            return False, None
        return True, value
    if type(expr) in _SAMPLES:
        return True, _SAMPLES[type(expr)]
    return False, None


def check_literal_attributes(nodes: list[A.Node], report: Report) -> None:
    """Report ``'abc'.uper`` and friends: attributes a literal's type does not allow."""
    try:
        from dataway.runtime.policy import allowed_names
        from dataway.runtime.prechecks import type_name
    except Exception:  # noqa: BLE001 - without the runtime's allowlists there is nothing to ask
        return
    for node in select(nodes, A.Attribute):
        if not isinstance(node, A.Attribute) or node.attr.startswith("_"):
            continue
        known, sample = _sample(node.value)
        if not known:
            continue
        allowed = allowed_names(sample)
        if node.attr in allowed:
            continue
        close = difflib.get_close_matches(node.attr, sorted(allowed), n=1, cutoff=0.6)
        report.add("DW404", f"'{type_name(sample)}' object has no attribute '{node.attr}'",
                   span=attr_span(node),
                   suggestion=f"did you mean '{close[0]}'?" if close else None)
