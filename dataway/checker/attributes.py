"""DW404 where the receiver's type is known without inference: the message (spec §6, §13).

``msg.payloads`` is the classic mistake; the Message allowlist is fixed, so a literal attribute
outside it can never work. The receiver must statically be the message: the global ``msg`` in
expression and text mode, or the parameter of ``dw_process`` in code mode (not rebound).
"""
from __future__ import annotations

import difflib

from dataway.checker.imports import attr_span
from dataway.checker.report import Report
from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

__all__ = ["check_message_attributes", "MESSAGE_ATTRS"]

#: Attributes of a Message (spec §13).
MESSAGE_ATTRS = ("payload", "vars", "var", "attrs", "attributes", "attr", "id", "seq_id",
                 "error", "isthrowing")


def check_message_attributes(nodes: list[A.Node], static: StaticNames, report: Report) -> None:
    """Report ``msg.x`` for an ``x`` the Message does not have."""
    for node in nodes:
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
