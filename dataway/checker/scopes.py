"""Static name resolution: CPython's scoping rules, resolved to frame slots.

``resolve(tree)`` walks a syntax tree once (iteratively: no host recursion proportional to the
tree's depth) and returns a :class:`Resolution`:

* one :class:`Scope` per Module, FunctionDef, Lambda and comprehension node (ListComp, SetComp,
  DictComp, GeneratorExp), keyed by the node in ``Resolution.scopes``;
* one :class:`NameRef` per name occurrence in ``Resolution.refs``, keyed by the node that
  carries the name: :class:`~dataway.syntax.ast.Name` (load/store/del), FunctionDef (the bound
  function name), Arg (a parameter), ExceptHandler (the ``as`` name) and Alias (the import
  binding).

Rules are CPython's (there are no class scopes in Dataway):

* in a function, lambda or comprehension, a name is local when it is bound there (assignment,
  augmented assignment, ``for``/comprehension target, ``del``, parameter, ``def``, ``import``,
  ``except ... as``, annotated target) and not declared ``global``/``nonlocal``;
* a non-local name resolves to the nearest enclosing function-like scope binding it (FREE in the
  using scope, CELL in the binding scope; scopes in between carry it as FREE too), else to the
  module (GLOBAL when the module scope binds it, BUILTIN when it is a known builtin, UNDEFINED
  otherwise; the evaluator treats UNDEFINED like GLOBAL and raises NameError at run time);
* module-level names are GLOBAL; the first iterable of a comprehension belongs to the enclosing
  scope; default values and decorators belong to the enclosing scope; annotations are never
  evaluated and are not resolved.

Slots: each function-like scope numbers its names ``0..n-1`` in ``Scope.slots``: parameters first
(positional, keyword-only, ``*args``, ``**kwargs``), then other locals in first-binding order,
then free names. A CELL or FREE slot holds a cell object at run time; a LOCAL slot holds the
value itself. Resolution never raises on bad scripts: problems the checker reports (``nonlocal``
without a binding, ``nonlocal`` at module level, a name both parameter and global ...) are
recorded in ``Resolution.problems``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable, Optional

from ..syntax import ast as A

__all__ = ["RefKind", "NameRef", "Scope", "Resolution", "Problem", "resolve", "SCOPE_NODES"]


class RefKind(str, Enum):
    """How one name occurrence is looked up at run time."""

    LOCAL = "local"          # frame slot holding the value
    CELL = "cell"            # frame slot holding a cell (a local captured by an inner scope)
    FREE = "free"            # frame slot holding a cell of an enclosing scope
    GLOBAL = "global"        # the module namespace (then builtins), bound somewhere at module level
    BUILTIN = "builtin"      # never bound by the script at module level; a builtin name
    UNDEFINED = "undefined"  # neither: NameError at run time unless bound dynamically


@dataclass(frozen=True, slots=True)
class NameRef:
    """The resolution of one name occurrence; ``slot`` is None for module-level kinds."""

    name: str
    kind: RefKind
    scope: "Scope"
    slot: Optional[int] = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A scoping error CPython reports at compile time, for the checker to turn into a code.

    ``kind``: ``'nonlocal-at-module'``, ``'nonlocal-unbound'`` (no enclosing binding),
    ``'global-and-nonlocal'``, ``'parameter-global'``, ``'parameter-nonlocal'``,
    ``'used-before-global'`` (name used or bound before its ``global``/``nonlocal`` statement).
    """

    kind: str
    name: str
    node: A.Node


SCOPE_NODES = (A.Module, A.Expression, A.Template, A.FunctionDef, A.Lambda, A.ListComp,
               A.SetComp, A.DictComp, A.GeneratorExp)

_COMP_NAMES = {A.ListComp: "<listcomp>", A.SetComp: "<setcomp>", A.DictComp: "<dictcomp>",
               A.GeneratorExp: "<genexpr>"}


@dataclass(eq=False)
class Scope:
    """One scope of the script.

    * ``kind``: ``'module'``, ``'function'``, ``'lambda'`` or ``'comprehension'``;
    * ``name``: the frame name CPython shows in tracebacks (``<module>``, ``f``, ``<lambda>``,
      ``<listcomp>``, ``<setcomp>``, ``<dictcomp>``, ``<genexpr>``);
    * ``params``: parameter names in slot order; ``locals``: every local name (parameters
      included) in slot order; ``cells``: locals captured by inner scopes; ``free``: names taken
      from enclosing scopes; ``slots``: name -> slot index for locals, cells and free names;
    * ``declared_global`` / ``declared_nonlocal``: names of ``global``/``nonlocal`` statements;
    * ``bindings``: name -> binding nodes in traversal (pre-)order; ``uses``: name -> loading
      Name nodes; ``is_generator``: contains ``yield``/``yield from`` (always for genexprs).
    """

    node: A.Node
    kind: str
    name: str
    parent: Optional["Scope"] = None
    children: list["Scope"] = field(default_factory=list)
    params: tuple[str, ...] = ()
    locals: tuple[str, ...] = ()
    cells: frozenset[str] = frozenset()
    free: tuple[str, ...] = ()
    slots: dict[str, int] = field(default_factory=dict)
    declared_global: dict[str, A.Node] = field(default_factory=dict)
    declared_nonlocal: dict[str, A.Node] = field(default_factory=dict)
    bindings: dict[str, list[A.Node]] = field(default_factory=dict)
    uses: dict[str, list[A.Name]] = field(default_factory=dict)
    is_generator: bool = False

    @property
    def is_function(self) -> bool:
        """True for scopes with a frame of slots (everything but the module)."""
        return self.kind != "module"

    @property
    def nslots(self) -> int:
        """Number of frame slots the compiler allocates."""
        return len(self.slots)

    def is_local(self, name: str) -> bool:
        """True when ``name`` is bound in this (function-like) scope."""
        return self.is_function and name in self.slots and name not in self.free

    def _bind(self, name: str, node: A.Node) -> None:
        self.bindings.setdefault(name, []).append(node)

    def _use(self, name: str, node: A.Name) -> None:
        self.uses.setdefault(name, []).append(node)


@dataclass
class Resolution:
    """The output of :func:`resolve`.

    ``module`` is the root scope; ``scopes`` maps scope nodes to scopes; ``refs`` maps
    name-carrying nodes to their :class:`NameRef`; ``module_globals`` are the names bound at
    module level (including through ``global`` in functions).
    """

    module: Scope
    scopes: dict[A.Node, Scope]
    refs: dict[A.Node, NameRef]
    module_globals: frozenset[str]
    problems: list[Problem] = field(default_factory=list)

    def ref(self, node: A.Node) -> NameRef:
        """The resolution of a name-carrying node (KeyError for nodes without one)."""
        return self.refs[node]

    def scope_of(self, node: A.Node) -> Scope:
        """The scope a scope node (FunctionDef, Lambda, comprehension, root) opens."""
        return self.scopes[node]


# ------------------------------------------------------------------------------------------------
# Pass 1: collect bindings, uses and declarations per scope
# ------------------------------------------------------------------------------------------------

class _Collector:
    def __init__(self) -> None:
        self.scopes: dict[A.Node, Scope] = {}
        self.order: list[Scope] = []  # parents before children
        # name-carrying nodes with their scope, in traversal order
        self.sites: list[tuple[A.Node, str, Scope, str]] = []  # (node, name, scope, 'load'/'bind')
        self.params: dict[Scope, list[tuple[str, A.Node]]] = {}
        self.problems: list[Problem] = []

    def new_scope(self, node: A.Node, kind: str, name: str, parent: Optional[Scope]) -> Scope:
        scope = Scope(node=node, kind=kind, name=name, parent=parent)
        if parent is not None:
            parent.children.append(scope)
        self.scopes[node] = scope
        self.order.append(scope)
        self.params[scope] = []
        return scope

    def bind(self, scope: Scope, name: str, node: A.Node) -> None:
        scope._bind(name, node)
        self.sites.append((node, name, scope, "bind"))

    def run(self, root: A.Node) -> Scope:
        module = self.new_scope(root, "module", "<module>", None)
        stack: list[tuple[A.Node, Scope]] = [(root, module)]
        push = stack.append
        while stack:
            node, scope = stack.pop()
            handler = _HANDLERS.get(type(node))
            if handler is not None:
                later = handler(self, node, scope)
            else:
                later = [(child, scope) for child in node.children()]
            for item in reversed(later):
                push(item)
        return module


def _visit_root(c: _Collector, node: A.Node, scope: Scope) -> list:
    return [(child, scope) for child in node.children()]


def _visit_name(c: _Collector, node: A.Name, scope: Scope) -> list:
    if node.ctx == "load":
        scope._use(node.id, node)
        c.sites.append((node, node.id, scope, "load"))
    else:
        c.bind(scope, node.id, node)
    return []


def _function_like(c: _Collector, node: A.Node, scope: Scope, args: A.Arguments, kind: str,
                   name: str, body: Iterable[A.Node]) -> list:
    later: list = [(d, scope) for d in args.defaults]
    later += [(d, scope) for d in args.kw_defaults if d is not None]
    inner = c.new_scope(node, kind, name, scope)
    params = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
    if args.vararg is not None:
        params.append(args.vararg)
    if args.kwarg is not None:
        params.append(args.kwarg)
    for arg in params:
        c.params[inner].append((arg.arg, arg))
        c.bind(inner, arg.arg, arg)
    later += [(b, inner) for b in body]
    return later


def _visit_def(c: _Collector, node: A.FunctionDef, scope: Scope) -> list:
    later = [(d, scope) for d in node.decorator_list]
    later += _function_like(c, node, scope, node.args, "function", node.name, node.body)
    # The def binds its name after defaults are evaluated; record it now for traversal order.
    c.bind(scope, node.name, node)
    return later


def _visit_lambda(c: _Collector, node: A.Lambda, scope: Scope) -> list:
    return _function_like(c, node, scope, node.args, "lambda", "<lambda>", (node.body,))


def _visit_comp(c: _Collector, node: A.Node, scope: Scope) -> list:
    gens = node.generators  # type: ignore[attr-defined]
    later: list = [(gens[0].iter, scope)] if gens else []
    inner = c.new_scope(node, "comprehension", _COMP_NAMES[type(node)], scope)
    if isinstance(node, A.GeneratorExp):
        inner.is_generator = True
    for i, gen in enumerate(gens):
        later.append((gen.target, inner))
        if i:
            later.append((gen.iter, inner))
        later += [(cond, inner) for cond in gen.ifs]
    if isinstance(node, A.DictComp):
        later += [(node.key, inner), (node.value, inner)]
    else:
        later.append((node.elt, inner))  # type: ignore[attr-defined]
    return later


def _visit_class(c: _Collector, node: A.ClassDef, scope: Scope) -> list:
    # Refused by the checker (DW301); resolve its parts in the enclosing scope so lints still work.
    later = [(d, scope) for d in node.decorator_list] + [(b, scope) for b in node.bases]
    later += [(k, scope) for k in node.keywords] + [(b, scope) for b in node.body]
    c.bind(scope, node.name, node)
    return later


def _visit_declaration(c: _Collector, node: A.Node, scope: Scope) -> list:
    is_global = isinstance(node, A.Global)
    for name in node.names:  # type: ignore[attr-defined]
        if not is_global and scope.kind == "module":
            c.problems.append(Problem("nonlocal-at-module", name, node))
            continue
        other = scope.declared_nonlocal if is_global else scope.declared_global
        if name in other:
            c.problems.append(Problem("global-and-nonlocal", name, node))
        earlier = [n for n in scope.bindings.get(name, ()) if not isinstance(n, A.Arg)]
        if earlier or name in scope.uses:
            c.problems.append(Problem("used-before-global", name, node))
        target = scope.declared_global if is_global else scope.declared_nonlocal
        target.setdefault(name, node)
    return []


def _visit_import(c: _Collector, node: A.Node, scope: Scope) -> list:
    from_import = isinstance(node, A.ImportFrom)
    for alias in node.names:  # type: ignore[attr-defined]
        if alias.name == "*":
            continue
        if alias.asname is not None:
            bound = alias.asname
        elif from_import:
            bound = alias.name
        else:
            bound = alias.name.split(".", 1)[0]
        c.bind(scope, bound, alias)
    return []


def _visit_handler(c: _Collector, node: A.ExceptHandler, scope: Scope) -> list:
    later = [(node.type, scope)] if node.type is not None else []
    if node.name is not None:
        c.bind(scope, node.name, node)
    return later + [(b, scope) for b in node.body]


def _visit_annassign(c: _Collector, node: A.AnnAssign, scope: Scope) -> list:
    later = [(node.value, scope)] if node.value is not None else []
    return later + [(node.target, scope)]


def _visit_yield(c: _Collector, node: A.Node, scope: Scope) -> list:
    if scope.kind != "module":
        scope.is_generator = True
    value = getattr(node, "value", None)
    return [(value, scope)] if value is not None else []


def _visit_assign(c: _Collector, node: A.Assign, scope: Scope) -> list:
    # Value first: it is evaluated before the targets are bound (for used-before-assignment).
    return [(node.value, scope)] + [(t, scope) for t in node.targets]


def _visit_augassign(c: _Collector, node: A.AugAssign, scope: Scope) -> list:
    later = [(node.value, scope)]
    target = node.target
    if isinstance(target, A.Name):
        # ``x += 1`` reads then binds x; record both so lints see the read.
        scope._use(target.id, target)
        scope._bind(target.id, target)
        c.sites.append((target, target.id, scope, "bind"))
        return later
    return later + [(target, scope)]


def _visit_for(c: _Collector, node: A.For, scope: Scope) -> list:
    return ([(node.iter, scope), (node.target, scope)] + [(b, scope) for b in node.body]
            + [(b, scope) for b in node.orelse])


def _visit_function_annotations_skip(c: _Collector, node: A.Node, scope: Scope) -> list:
    return []


_HANDLERS = {
    A.Module: _visit_root, A.Expression: _visit_root, A.Template: _visit_root,
    A.Name: _visit_name, A.FunctionDef: _visit_def, A.Lambda: _visit_lambda,
    A.ListComp: _visit_comp, A.SetComp: _visit_comp, A.DictComp: _visit_comp,
    A.GeneratorExp: _visit_comp, A.ClassDef: _visit_class, A.Global: _visit_declaration,
    A.Nonlocal: _visit_declaration, A.Import: _visit_import, A.ImportFrom: _visit_import,
    A.ExceptHandler: _visit_handler, A.AnnAssign: _visit_annassign, A.Yield: _visit_yield,
    A.YieldFrom: _visit_yield, A.Assign: _visit_assign, A.AugAssign: _visit_augassign,
    A.For: _visit_for, A.Arguments: _visit_function_annotations_skip,
    A.Arg: _visit_function_annotations_skip,
}


# ------------------------------------------------------------------------------------------------
# Pass 2: decide local/cell/free/global and number the slots
# ------------------------------------------------------------------------------------------------

def _analyse(c: _Collector, module: Scope, builtins: frozenset[str],
             predefined: frozenset[str]) -> frozenset[str]:
    problems = c.problems
    # Locals per function-like scope.
    local_sets: dict[Scope, dict[str, None]] = {}
    for scope in c.order:
        if not scope.is_function:
            continue
        names: dict[str, None] = {}
        for pname, pnode in c.params[scope]:
            if pname in scope.declared_global:
                problems.append(Problem("parameter-global", pname, pnode))
            if pname in scope.declared_nonlocal:
                problems.append(Problem("parameter-nonlocal", pname, pnode))
            names[pname] = None
        for name in scope.bindings:
            if name not in scope.declared_global and name not in scope.declared_nonlocal:
                names[name] = None
        local_sets[scope] = names

    module_globals = set(module.bindings) | set(predefined)
    for scope in c.order:
        module_globals.update(n for n in scope.declared_global if n in scope.bindings)

    # Free names: for every name a scope needs from outside, find the binder.
    free_sets: dict[Scope, dict[str, None]] = {s: {} for s in c.order}
    cell_sets: dict[Scope, set[str]] = {s: set() for s in c.order}
    for scope in c.order:
        if not scope.is_function:
            continue
        wanted = list(scope.uses) + list(scope.bindings) + list(scope.declared_nonlocal)
        for name in dict.fromkeys(wanted):
            if name in local_sets[scope] or name in scope.declared_global:
                continue
            binder = _find_binder(scope, name, local_sets)
            if binder is None:
                if name in scope.declared_nonlocal:
                    problems.append(Problem("nonlocal-unbound", name,
                                            scope.declared_nonlocal[name]))
                continue
            cell_sets[binder].add(name)
            walker: Optional[Scope] = scope
            while walker is not None and walker is not binder:
                free_sets[walker][name] = None
                walker = walker.parent

    for scope in c.order:
        if not scope.is_function:
            continue
        locals_ = tuple(local_sets[scope])
        free = tuple(n for n in free_sets[scope] if n not in local_sets[scope])
        scope.params = tuple(p for p, _ in c.params[scope])
        scope.locals = locals_
        scope.cells = frozenset(cell_sets[scope] & set(locals_))
        scope.free = free
        scope.slots = {name: i for i, name in enumerate(locals_ + free)}
    return frozenset(module_globals)


def _find_binder(scope: Scope, name: str, local_sets: dict[Scope, dict[str, None]]
                 ) -> Optional[Scope]:
    """The nearest enclosing function-like scope binding ``name`` (None: module level)."""
    outer = scope.parent
    while outer is not None and outer.is_function:
        if name in outer.declared_global:
            return None
        if name in local_sets[outer]:
            return outer
        outer = outer.parent
    return None


def _ref(scope: Scope, name: str, module_globals: frozenset[str],
         builtins: frozenset[str]) -> NameRef:
    if scope.is_function and name not in scope.declared_global and name in scope.slots:
        slot = scope.slots[name]
        if name in scope.free:
            kind = RefKind.FREE
        elif name in scope.cells:
            kind = RefKind.CELL
        else:
            kind = RefKind.LOCAL
        return NameRef(name, kind, scope, slot)
    if name in module_globals:
        return NameRef(name, RefKind.GLOBAL, scope)
    if name in builtins:
        return NameRef(name, RefKind.BUILTIN, scope)
    return NameRef(name, RefKind.UNDEFINED, scope)


def resolve(tree: A.Node, *, builtins: Iterable[str] = (),
            predefined: Iterable[str] = ()) -> Resolution:
    """Resolve every name of ``tree`` (a Module, Expression or Template).

    ``builtins``: names provided by the builtin namespace (builtins, preloaded modules, ...), used
    to tell BUILTIN from UNDEFINED. ``predefined``: globals the evaluator binds before running
    (``steps``; ``msg`` in expression and text mode); they resolve as GLOBAL.
    """
    builtin_names = frozenset(builtins)
    collector = _Collector()
    module = collector.run(tree)
    module_globals = _analyse(collector, module, builtin_names, frozenset(predefined))
    refs: dict[A.Node, NameRef] = {}
    for node, name, scope, _ in collector.sites:
        refs[node] = _ref(scope, name, module_globals, builtin_names)
    return Resolution(module=module, scopes=collector.scopes, refs=refs,
                      module_globals=module_globals, problems=collector.problems)
