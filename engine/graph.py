"""The executable graph: one :class:`StepNode` per configured step, built once at load."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .fields import Field

__all__ = ["StepNode", "FlowGraph", "iter_nodes", "body_lists"]


@dataclass(eq=False)
class StepNode:
    """A step: id, type, static config, compiled fields, bodies and its component instance.

    ``fields`` maps Dataway field names (``branches[0].when`` style for nested ones) to compiled
    :class:`~dataway.engine.fields.Field` objects; ``bodies`` holds parsed scope bodies (lists
    of StepNode or component-specific structures).
    """

    id: str
    type: str
    yaml_path: tuple[Any, ...]
    config: Any = None
    fields: dict[str, Field] = field(default_factory=dict)
    bodies: dict[str, Any] = field(default_factory=dict)
    component: Any = None
    connection: Optional[str] = None
    description: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Whether the step can run inside a synchronous segment (engine/segments.py); set on first use.
    inline: Optional[bool] = None

    def __repr__(self) -> str:
        return f"<StepNode {self.id} {self.type}>"


@dataclass(eq=False)
class FlowGraph:
    """A loaded flow: name, file, trigger node (None for subflows), top-level steps."""

    name: str
    file: str
    app: str
    shared: bool
    trigger: Optional[StepNode]
    steps: list[StepNode]
    description: Optional[str] = None
    nodes: list[StepNode] = field(default_factory=list)
    doc: Any = None

    def find(self, step_id: str) -> Optional[tuple[list[StepNode], int]]:
        """The step list holding ``step_id`` and its index (for ``--from``/``--to``)."""
        stack: list[list[StepNode]] = [self.steps]
        while stack:
            nodes = stack.pop()
            for i, node in enumerate(nodes):
                if node.id == step_id:
                    return nodes, i
                stack.extend(body_lists(node.bodies))
        return None


def body_lists(bodies: dict[str, Any]) -> list[list[StepNode]]:
    """Every non-empty step list among a node's parsed bodies (any nesting of lists/tuples)."""
    out: list[list[StepNode]] = []
    todo: list[Any] = list(bodies.values())
    while todo:
        item = todo.pop()
        if isinstance(item, list) and item and isinstance(item[0], StepNode):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
        elif hasattr(item, "steps"):
            todo.append(getattr(item, "steps"))
    return out


def iter_nodes(nodes: list[StepNode]):
    """Every node of a step list, depth first, including nested bodies."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        for body in body_lists(node.bodies):
            stack.extend(reversed(body))
