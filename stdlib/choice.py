"""Choice (§6.4): the first branch whose condition holds runs on the input message."""
from __future__ import annotations

import operator
from typing import Any, Callable

from dataway.engine.component import Component, NoConfig
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["Choice", "OPERATORS"]


def _empty(value: Any) -> bool:
    return value is None or (hasattr(value, "__len__") and len(value) == 0)


OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
    "lt": operator.lt, "le": operator.le,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
    "contains": lambda a, b: b in a, "not_contains": lambda a, b: b not in a,
    "starts_with": lambda a, b: a.startswith(b), "ends_with": lambda a, b: a.endswith(b),
    "is_empty": lambda a, b: _empty(a), "is_not_empty": lambda a, b: not _empty(a),
    "is_null": lambda a, b: a is None, "is_not_null": lambda a, b: a is not None,
}
_UNARY = ("is_empty", "is_not_empty", "is_null", "is_not_null")


class Choice(Component):
    """Branches ``{when, steps}`` or ``{conditions, steps}``, then ``default``."""

    type_name = "choice"
    title = "Choice"
    Config = NoConfig
    inline = True
    bodies = ("branches", "default")
    required_bodies = ("branches",)

    @classmethod
    def build_bodies(cls, builder, node, raw) -> None:  # type: ignore[no-untyped-def]
        branches = raw.get("branches")
        base = node.yaml_path + ("branches",)
        parsed: list[tuple[Any, list[Any]]] = []
        if not isinstance(branches, list) or not branches:
            builder.error(base if branches is not None else node.yaml_path,
                          "branches: at least one branch is required", node)
            branches = []
        for i, branch in enumerate(branches):
            where = base + (i,)
            if not isinstance(branch, dict):
                builder.error(where, "a branch is a mapping {when, steps} or "
                              "{conditions, steps}", node)
                continue
            unknown = set(branch) - {"when", "conditions", "steps", "description"}
            for key in sorted(unknown, key=str):
                builder.error(where + (key,), f"unknown key {key!r}", node, key=True)
            has_when, has_list = "when" in branch, "conditions" in branch
            if has_when == has_list:
                builder.error(where, "a branch needs exactly one of 'when' and 'conditions'", node)
                continue
            if has_when:
                builder.field(node, ("branches", i, "when"), branch["when"], "cond")
                test: Any = f"branches[{i}].when"
            else:
                test = cls._rules(builder, node, i, branch["conditions"])
            steps = builder.steps(branch.get("steps"), ("branches", i, "steps"), node)
            parsed.append((test, steps))
        node.bodies["branches"] = parsed
        node.bodies["default"] = builder.steps(raw.get("default"), ("default",), node,
                                               required=False)

    @classmethod
    def _rules(cls, builder, node, i: int, raw: Any) -> Any:  # type: ignore[no-untyped-def]
        where = node.yaml_path + ("branches", i, "conditions")
        if not isinstance(raw, dict) or set(raw) - {"match", "rules"} or "rules" not in raw:
            builder.error(where, "conditions must be {match: all|any, rules: [...]}", node)
            return ("all", [])
        match = raw.get("match", "all")
        if match not in ("all", "any"):
            builder.error(where + ("match",), f"{match!r} is not one of all, any", node)
        rules = raw["rules"] if isinstance(raw["rules"], list) else []
        if not rules:
            builder.error(where + ("rules",), "at least one rule is required", node)
        out = []
        for j, rule in enumerate(rules):
            rpath = ("branches", i, "conditions", "rules", j)
            if not isinstance(rule, dict) or "op" not in rule or "left" not in rule:
                builder.error(node.yaml_path + rpath, "a rule is {left, op, right}", node)
                continue
            for key in sorted(set(rule) - {"left", "op", "right"}, key=str):
                builder.error(node.yaml_path + rpath + (key,), f"unknown key {key!r}", node, key=True)
            op = rule["op"]
            if op not in OPERATORS:
                builder.error(node.yaml_path + rpath + ("op",), f"unknown operator {op!r}; "
                              f"expected one of {' '.join(OPERATORS)}", node)
                continue
            if op not in _UNARY and "right" not in rule:
                builder.error(node.yaml_path + rpath, f"operator {op!r} needs 'right'", node)
            builder.field(node, rpath + ("left",), rule["left"], "any")
            if "right" in rule:
                builder.field(node, rpath + ("right",), rule["right"], "any")
            prefix = f"branches[{i}].conditions.rules[{j}]"
            out.append((op, f"{prefix}.left", f"{prefix}.right"))
        return (match, out)

    async def _holds(self, call: StepCall, msg: Message, test: Any) -> bool:
        if isinstance(test, str):
            return bool(await call.value(msg, test))
        match, rules = test
        for op, left_name, right_name in rules:
            left, right = await call.values(msg, left_name, right_name)
            try:
                result = bool(OPERATORS[op](left, right))
            except Exception as exc:  # Python semantics: a failing comparison is the user's
                raise StepFailed("EXPRESSION", f"{self.node.id}.{left_name.rsplit('.', 1)[0]}: "
                                 f"{type(exc).__name__}: {exc}") from None
            if match == "any" and result:
                return True
            if match == "all" and not result:
                return False
        return match == "all"

    async def run(self, call: StepCall, msg: Message) -> Message:
        for index, (test, steps) in enumerate(self.node.bodies["branches"]):
            if await self._holds(call, msg, test):
                return await call.run_body(steps, msg, label=f".branch{index + 1}")
        default = self.node.bodies["default"]
        if default:
            return await call.run_body(default, msg, label=".default")
        return msg.derive()
