"""Sandbox refusals visible in the source: DW505, DW506 and DW507 (spec §4.4, §5.4, §6, §11, §12).

* DW505: writes to read-only message data (``msg.vars['x'] = 1``, ``del steps['a']``,
  ``msg.vars.update(...)``).
* DW506: a literal ``_`` attribute name reaching ``getattr``/``hasattr`` or a literal format
  string (``'{0.__class__}'.format(x)``).
* DW507: keywords the sandbox refuses (``print(file=)``, ``json.dumps(cls=)``, ``context=`` on
  decimal calls).
"""
from __future__ import annotations

import _string  # CPython's own format-field splitter: the same grammar str.format uses
import string
from typing import Optional

from dataway.checker.report import Report
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

__all__ = ["check_sandbox", "format_private_names", "refused_keyword"]

#: Message attributes holding read-only maps, by what the error message calls them.
_READ_ONLY_ATTRS = {"vars": "vars", "var": "vars", "attrs": "attrs", "attributes": "attrs",
                    "attr": "attrs", "error": "error"}
_MUTATORS = frozenset({"update", "pop", "popitem", "setdefault", "clear"})
_WHY = {
    "vars": "message variables are read-only: variables are set by components "
            "(Set Variable, Transform)",
    "attrs": "message attributes are read-only: they are set by triggers and connectors",
    "error": "the message error is read-only",
    "steps": "steps is read-only: it holds the outputs of completed components",
}
_DECIMAL_METHODS = frozenset("""
adjusted compare compare_total exp fma ln log10 logb max min next_minus next_plus normalize
number_class quantize remainder_near same_quantum scaleb sqrt to_eng_string to_integral
to_integral_exact to_integral_value from_float
""".split())
_FORMATTER = string.Formatter()


def check_sandbox(nodes: list[A.Node], static: StaticNames, dw_param: Optional[str],
                  report: Report) -> None:
    """Report DW505-DW507 in ``tree``; ``dw_param`` is the name of dw_process's parameter."""
    checker = _Sandbox(static, dw_param, report)
    for node in select(nodes, (A.Assign, A.Delete, A.AugAssign, A.AnnAssign, A.Call)):
        if isinstance(node, (A.Assign, A.Delete)):
            for t in node.targets:
                checker.write(t)
        elif isinstance(node, (A.AugAssign, A.AnnAssign)):
            checker.write(node.target)
        elif isinstance(node, A.Call):
            checker.call(node)


class _Sandbox:
    def __init__(self, static: StaticNames, dw_param: Optional[str], report: Report) -> None:
        self.static = static
        self.message_names = {"msg"} | ({dw_param} if dw_param else set())
        self.report = report

    # ---- DW505 -------------------------------------------------------------------------------

    def read_only(self, expr: A.Node) -> Optional[str]:
        """Which read-only map ``expr`` is (key of _WHY), or None."""
        if self.static.is_predefined(expr, "steps"):
            return "steps"
        if isinstance(expr, A.Attribute) and expr.attr in _READ_ONLY_ATTRS \
                and self.is_message(expr.value):
            return _READ_ONLY_ATTRS[expr.attr]
        return None

    def is_message(self, expr: A.Node) -> bool:
        """True when ``expr`` is statically a Message (``msg``, ``steps[...]``)."""
        if isinstance(expr, A.Name):
            return expr.id in self.message_names
        if isinstance(expr, (A.Subscript, A.Attribute)):
            return self.static.is_predefined(expr.value, "steps")
        return False

    def write(self, target: A.Node) -> None:
        """DW505 for assignment or deletion targets subscripting a read-only map."""
        stack = [target]
        while stack:
            t = stack.pop()
            if isinstance(t, (A.Tuple, A.List)):
                stack.extend(t.elts)
            elif isinstance(t, A.Starred):
                stack.append(t.value)
            elif isinstance(t, A.Subscript):
                which = self.read_only(t.value)
                if which is not None:
                    self.report.add("DW505", _WHY[which], t)

    # ---- calls -------------------------------------------------------------------------------

    def call(self, node: A.Call) -> None:
        """DW505-DW507 for one call."""
        func = node.func
        if isinstance(func, A.Attribute) and func.attr in _MUTATORS:
            which = self.read_only(func.value)
            if which is not None:
                self.report.add("DW505", _WHY[which], node)
        self.private_names(node)
        self.refused_keywords(node)

    def private_names(self, node: A.Call) -> None:
        """DW506: literal '_' names given to getattr/hasattr or format fields."""
        func = node.func
        if (self.static.is_predefined(func, "getattr") or
                self.static.is_predefined(func, "hasattr")) and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, A.Constant) and isinstance(name.value, str) \
                    and name.value.startswith("_"):
                self.report.add("DW506", f"attribute '{name.value}' is not accessible in "
                                         "Dataway (names starting with '_' are refused)", name)
            return
        if not isinstance(func, A.Attribute) or func.attr not in ("format", "format_map"):
            return
        literal = func.value
        if self.static.is_predefined(func.value, "str") and node.args:
            literal = node.args[0]
        if isinstance(literal, A.Constant) and isinstance(literal.value, str):
            for name in format_private_names(literal.value):
                self.report.add("DW506", f"format field attribute '{name}' is not accessible "
                                         "in Dataway (names starting with '_' are refused)",
                                literal)

    def refused_keywords(self, node: A.Call) -> None:
        """DW507: keywords the sandbox refuses for this callee."""
        func = node.func
        refused = refused_keyword(self.static, func)
        if refused is None:
            return
        target = self.static.target_of(func)
        if target is not None:
            callee = target.rsplit(".", 1)[-1]  # the real name, not an import alias
        else:
            callee = func.id if isinstance(func, A.Name) else getattr(func, "attr", "function")
        for kw in node.keywords:
            if kw.arg == refused:
                # The run-time TypeError's wording, so check and run time read the same.
                self.report.add("DW507", f"{callee}() argument '{refused}' is not allowed in "
                                         "Dataway", kw)


def refused_keyword(static: StaticNames, func: A.Node) -> Optional[str]:
    """The keyword the sandbox refuses for calls of ``func`` (DW507), if any."""
    target = static.target_of(func)
    if static.is_predefined(func, "print"):
        return "file"
    if target in ("json.dumps", "json.loads"):
        return "cls"
    if (target is not None and target.startswith("decimal.")) or (
            isinstance(func, A.Attribute) and func.attr in _DECIMAL_METHODS):
        return "context"
    return None


def format_private_names(text: str, depth: int = 0) -> list[str]:
    """Attribute names starting with '_' in the replacement fields of format string ``text``."""
    found: list[str] = []
    try:
        fields = list(_FORMATTER.parse(text))
    except ValueError:
        return found  # an invalid format string is DW408's business
    for _literal, field_name, spec, _conv in fields:
        if field_name:
            try:
                _first, rest = _string.formatter_field_name_split(field_name)
                for is_attr, name in rest:
                    if is_attr and isinstance(name, str) and name.startswith("_"):
                        found.append(name)
            except ValueError:
                pass
        if spec and depth < 2:
            found.extend(format_private_names(spec, depth + 1))
    return found
