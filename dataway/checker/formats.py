"""DW408: literal format strings that can never work (spec §16), with CPython's messages.

Two formatting styles take a literal template:

* ``'...'.format(...)``, ``'...'.format_map(...)`` and ``str.format('...', ...)``: the template
  must parse, must not mix automatic and manual field numbering, and (when the call has no
  ``*``/``**`` unpacking) every field must have its argument;
* ``'...' % args``: every conversion must be valid and, when ``args`` is a literal, the number of
  values must match the conversions (a dict literal feeds ``%(name)s`` fields).
"""
from __future__ import annotations

import _string  # CPython's own format-field splitter: the grammar str.format uses
import re
import string
from typing import Optional

from dataway.checker.report import Report
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

__all__ = ["check_formats", "format_problem", "percent_problem"]

_FORMATTER = string.Formatter()
# One printf-style conversion: mapping key, flags, width, precision, length, type.
_SPEC = re.compile(r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?"
                   r"(?:\.(?P<prec>\*|\d*))?[hlL]?(?P<type>.?)", re.S)
_TYPES = frozenset("diouxXeEfFgGcrsab")


def check_formats(nodes: list[A.Node], static: StaticNames, report: Report) -> None:
    """Report DW408 on every literal template that cannot format."""
    for node in select(nodes, (A.Call, A.BinOp)):
        problem: Optional[str] = None
        where: Optional[A.Node] = None
        if isinstance(node, A.Call) and isinstance(node.func, A.Attribute) \
                and node.func.attr in ("format", "format_map"):
            literal, args = node.func.value, node.args
            if static.is_predefined(literal, "str") and node.args:
                literal, args = node.args[0], node.args[1:]
            if isinstance(literal, A.Constant) and isinstance(literal.value, str):
                where = literal
                problem = format_problem(literal.value, args, node.keywords,
                                         node.func.attr == "format_map")
        elif isinstance(node, A.BinOp) and node.op == "%" and isinstance(node.left, A.Constant) \
                and isinstance(node.left.value, (str, bytes)):
            where = node.left
            problem = percent_problem(node.left.value, node.right)
        if problem is not None and where is not None:
            report.add("DW408", problem, where)


def format_problem(text: str, args: tuple, keywords: tuple, is_map: bool) -> Optional[str]:
    """Why ``text.format(*args, **keywords)`` must fail (CPython's first error), or None."""
    known = not any(isinstance(a, A.Starred) for a in args) and \
        not any(k.arg is None for k in keywords)
    state = _FormatState(len(args) if known else None,
                         {k.arg for k in keywords} if known else None, is_map)
    try:
        return state.run(text, 0)
    except ValueError as exc:
        return str(exc)


class _FormatState:
    """Follows CPython's left-to-right formatting, stopping at the first certain error."""

    def __init__(self, n_args: Optional[int], names: Optional[set], is_map: bool) -> None:
        self.n_args = n_args
        self.names = names
        self.is_map = is_map
        self.auto: Optional[bool] = None
        self.next_index = 0

    def run(self, text: str, depth: int) -> Optional[str]:
        """The first error of formatting ``text`` (nested specs to depth 2), or None."""
        for _literal, name, spec, conversion in _FORMATTER.parse(text):
            if name is None:
                continue
            problem = self.field(name)
            if problem is not None:
                return problem
            if name and any(ch in name for ch in ".["):
                # The lookup of an attribute or item of the argument may fail first (a
                # TypeError depending on the value): nothing after it is certain.
                return None
            if conversion not in (None, "r", "s", "a"):
                return f"Unknown conversion specifier {conversion}"
            if spec and depth < 2:
                problem = self.run(spec, depth + 1)
                if problem is not None:
                    return problem
        return None

    def field(self, name: str) -> Optional[str]:
        """The error of looking up one replacement field, or None."""
        first, rest = _string.formatter_field_name_split(name)
        if self.is_map:
            if first == "" or isinstance(first, int):
                return "Format string contains positional fields"
            list(rest)
            return None
        if first == "":
            if self.auto is False:
                return ("cannot switch from manual field specification to automatic field "
                        "numbering")
            self.auto = True
            first = self.next_index
            self.next_index += 1
        elif isinstance(first, int):
            if self.auto is True:
                return ("cannot switch from automatic field numbering to manual field "
                        "specification")
            self.auto = False
        if isinstance(first, int) and self.n_args is not None and first >= self.n_args:
            return f"Replacement index {first} out of range for positional args tuple"
        if isinstance(first, str) and self.names is not None and first not in self.names:
            return f"missing keyword argument '{first}'"
        list(rest)  # a malformed attribute or index chain raises ValueError here
        return None


def percent_problem(text, right: A.Node) -> Optional[str]:
    """Why ``text % right`` must fail (CPython's first error), or None."""
    fmt = text.decode("latin-1") if isinstance(text, bytes) else text
    given = _percent_args(right)
    used = 0
    pos = fmt.find("%")
    while pos >= 0:
        m = _SPEC.match(fmt, pos)
        assert m is not None  # every part of the pattern is optional
        if fmt.startswith("%%", pos):
            pos = fmt.find("%", pos + 2)
            continue  # a literal percent sign, only when the two are adjacent
        if m.group("key") is not None:
            return None  # mapping-style: needs a mapping, judged at run time
        for star in (m.group("width"), m.group("prec")):
            if star == "*":
                used += 1
                if given is not None and used > given:
                    return "not enough arguments for format string"
        kind = m.group("type")
        if not kind:
            return "incomplete format"
        used += 1
        if given is not None and used > given:
            return "not enough arguments for format string"
        if kind not in _TYPES or (kind == "b" and not isinstance(text, bytes)):
            return (f"unsupported format character '{kind}' (0x{ord(kind):x}) at index "
                    f"{m.end() - 1}")
        pos = fmt.find("%", m.end())
    if given is not None and used < given:
        return "not all arguments converted during " + (
            "bytes formatting" if isinstance(text, bytes) else "string formatting")
    return None


def _percent_args(right: A.Node) -> Optional[int]:
    """How many values ``% right`` supplies, when the literal shape tells; else None."""
    if isinstance(right, A.Tuple):
        return None if any(isinstance(e, A.Starred) for e in right.elts) else len(right.elts)
    if isinstance(right, A.Constant) and not isinstance(right.value, tuple):
        return 1
    if isinstance(right, (A.List, A.Set, A.ListComp, A.SetComp)):
        return 1
    return None
