"""Static types of expressions, for the type-aware diagnostics (DW401-DW406, spec §16).

A type is a key of the signature catalog (:mod:`dataway.tooling.catalog`): ``str``, ``int``,
``list``, ``Message``, ``ReadOnlyMap``, ``datetime``... or None when it is not known. Known are:

* literals and displays (``'a'``, ``[...]``, ``{...}``, f-strings, comparisons);
* the message: ``msg`` in expression and text mode, the parameter of ``dw_process`` in code
  mode (when not rebound), and its fields (``msg.vars`` is a ``ReadOnlyMap``);
* results of known calls: builtins, module functions and methods of known types whose catalog
  entry names one return type (``any``, ``number`` and unions stay unknown);
* operators on core values, decided by CPython itself on one small sample value per type;
* names bound exactly once, by a plain ``name = <expr>``.

Types are computed on demand and remembered per node, with an explicit stack: a long trailer
chain costs no host recursion, and a name whose value refers to itself is simply unknown.
"""
from __future__ import annotations

import operator
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Optional

from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

if TYPE_CHECKING:
    from dataway.tooling import catalog as C

__all__ = ["Types", "SAMPLES", "BINARY", "UNARY", "COMPARE", "is_message", "catalog"]

#: One ordinary value per core type: operators and a few builtins are tried on them, so the
#: verdict (and its message) is CPython's. Values are small and non-empty so that only the
#: *type* can make an operation fail.
SAMPLES: dict[str, Any] = {
    "str": "a", "bytes": b"a", "int": 1, "float": 1.0, "bool": True, "NoneType": None,
    "list": [0], "tuple": (0,), "dict": {0: 0}, "set": {0}, "frozenset": frozenset({0}),
}

BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
    ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
    "@": operator.matmul,
}
UNARY: dict[str, Callable[[Any], Any]] = {"-": operator.neg, "+": operator.pos,
                                          "~": operator.invert}
COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge,
    "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
}

_CONSTANTS = {str: "str", bytes: "bytes", bool: "bool", int: "int", float: "float",
              type(None): "NoneType"}
_DISPLAYS = {A.List: "list", A.ListComp: "list", A.Tuple: "tuple", A.Dict: "dict",
             A.DictComp: "dict", A.Set: "set", A.SetComp: "set", A.JoinedStr: "str",
             A.Compare: "bool"}


def catalog() -> ModuleType:
    """The signature catalog, imported on first use: parsing its tables costs start-up time
    that scripts without attribute reads or calls of known callees (``1 + 1``) never need."""
    from dataway.tooling import catalog as loaded

    return loaded


def _known(key: Optional[str]) -> Optional[str]:
    """``key`` when it names one catalog type (not ``any``, ``number`` or a union)."""
    if key is None or key == "None":
        return "NoneType" if key == "None" else None
    return key if key in catalog().TYPES else None


_RESULTS: dict[tuple, tuple[bool, Any]] = {}


def sample_result(fn: Callable[..., Any], *types: str) -> tuple[bool, Any]:
    """(True, result) of ``fn`` on the samples of ``types``; (False, TypeError) when CPython
    refuses those types; (True, None) on any other outcome (value-dependent, not our concern).
    Remembered per process: the answer depends on the types alone."""
    key = (fn, types)
    found = _RESULTS.get(key)
    if found is None:
        try:
            found = (True, fn(*(SAMPLES[t] for t in types)))
        except TypeError as exc:
            found = (False, exc)
        except Exception:  # noqa: BLE001 - ValueError, ZeroDivisionError...: value-dependent
            found = (True, None)
        _RESULTS[key] = found
    return found


def is_message(expr: A.Node, static: StaticNames) -> bool:
    """True when ``expr`` is statically the message: the global ``msg`` (expression and text
    mode) or the parameter of the top-level ``dw_process`` (code mode), never rebound."""
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


class Types:
    """Static types of the expressions of one checked tree (see the module docstring)."""

    def __init__(self, static: StaticNames) -> None:
        self.static = static
        self._memo: dict[int, Optional[str]] = {}

    def of(self, node: A.Node) -> Optional[str]:
        """The catalog type key of ``node``'s value, or None when unknown."""
        memo = self._memo
        key = id(node)
        if key in memo:
            return memo[key]
        deps = self._deps(node)
        if all(id(dep) in memo for dep in deps):
            # The common case when asked bottom-up: no stack needed.
            found = memo[key] = self._local(node)
            return found
        # Post-order over the dependencies still unknown; a node met again while its own
        # dependencies are pending (``x = x + 1``) is left out and counts as unknown.
        active: set[int] = set()
        stack: list[tuple[A.Node, bool]] = [(node, False)]
        while stack:
            current, ready = stack.pop()
            cid = id(current)
            if cid in memo:
                continue
            if ready:
                active.discard(cid)
                memo[cid] = self._local(current)
                continue
            if cid in active:
                continue
            active.add(cid)
            stack.append((current, True))
            for dep in self._deps(current):
                if id(dep) not in memo and id(dep) not in active:
                    stack.append((dep, False))
        return memo.get(key)

    # ---- one node, its dependencies known ----------------------------------------------------

    def _deps(self, node: A.Node) -> tuple[A.Node, ...]:
        cls = type(node)
        if cls is A.Attribute or cls is A.Subscript:
            return (node.value,)
        if cls is A.Call:
            return (node.func,)
        if cls is A.BinOp:
            return (node.left, node.right)
        if cls is A.UnaryOp:
            return (node.operand,)
        if cls is A.IfExp:
            return (node.body, node.orelse)
        if cls is A.Name:
            value = self._single_value(node)
            return (value,) if value is not None else ()
        return ()

    def _get(self, node: A.Node) -> Optional[str]:
        return self._memo.get(id(node))

    def _local(self, node: A.Node) -> Optional[str]:
        cls = type(node)
        if cls is A.Constant:
            return _CONSTANTS.get(type(node.value))
        display = _DISPLAYS.get(cls)
        if display is not None:
            return display
        if cls is A.Name:
            value = self._single_value(node)
            if value is not None:
                return self._get(value)
            return "Message" if is_message(node, self.static) else None
        if cls is A.Attribute:
            return self._attribute(node)
        if cls is A.Call:
            entry = self.callee(node.func)
            return _known(entry.returns) if entry is not None else None
        if cls is A.BinOp:
            return self._binary(node)
        if cls is A.UnaryOp:
            if node.op == "not":
                return "bool"
            operand = self._get(node.operand)
            fn = UNARY.get(node.op)
            if operand in SAMPLES and fn is not None:
                ok, result = sample_result(fn, operand)
                return _CONSTANTS.get(type(result)) if ok else None
            return None
        if cls is A.Subscript:
            return self._subscript(node)
        if cls is A.IfExp:
            body = self._get(node.body)
            return body if body is not None and body == self._get(node.orelse) else None
        return None

    def _single_value(self, name: A.Name) -> Optional[A.Node]:
        """The expression of the only binding of a name read (``x = <expr>``), if that is
        how it is bound."""
        if name.ctx != "load":
            return None
        found = self.static.bindings_of(name)
        if not found or len(found) != 1:
            return None
        binding = found[0]
        if binding.kind != "assign" or not binding.simple or binding.value is None:
            return None
        return binding.value

    def _attribute(self, node: A.Attribute) -> Optional[str]:
        receiver = self._get(node.value)
        if receiver is not None:
            entry = catalog().member(receiver, node.attr)
            if entry is not None and entry.params is None:
                return _known(entry.returns)
            return None
        target = self.static.target_of(node)
        if target is not None and "." in target:
            module, _, name = target.rpartition(".")
            entry = catalog().module_members(module).get(name)
            if entry is not None and entry.params is None and entry.kind != "module":
                return _known(entry.returns)
        return None

    def _binary(self, node: A.BinOp) -> Optional[str]:
        left, right = self._get(node.left), self._get(node.right)
        if left not in SAMPLES or right not in SAMPLES:
            return None
        if node.op == "%" and left in ("str", "bytes"):
            return left  # formatting: the result is the format's type whatever the operands
        fn = BINARY.get(node.op)
        if fn is None:
            return None
        ok, result = sample_result(fn, left, right)
        return _CONSTANTS.get(type(result)) or _DISPLAYS_BY_VALUE.get(type(result)) \
            if ok and result is not None else None

    def _subscript(self, node: A.Subscript) -> Optional[str]:
        value = self._get(node.value)
        if value == "str":
            return "str"
        if value in ("list", "tuple", "bytes", "bytearray") and type(node.slice) is A.Slice:
            return value
        if value == "bytes":
            return "int"
        return None

    # ---- callees -----------------------------------------------------------------------------

    def callee(self, func: A.Node) -> Optional["C.Entry"]:
        """The catalog entry a call of ``func`` invokes: a builtin (not shadowed), a module
        function or class, or a method of a receiver of known type; None otherwise."""
        if isinstance(func, A.Name):
            if self.static.is_predefined(func):
                entry = catalog().global_entry(func.id)
                return entry if entry is not None and entry.params is not None else None
            return None
        if not isinstance(func, A.Attribute):
            return None
        receiver = self.of(func.value)
        if receiver is not None:
            entry = catalog().member(receiver, func.attr)
            return entry if entry is not None and entry.params is not None else None
        target = self.static.target_of(func)
        if target is not None and "." in target:
            module, _, name = target.rpartition(".")
            entry = catalog().module_members(module).get(name)
            return entry if entry is not None and entry.params is not None else None
        return None


_DISPLAYS_BY_VALUE = {list: "list", tuple: "tuple", dict: "dict", set: "set",
                      frozenset: "frozenset"}
