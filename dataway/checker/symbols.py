"""A lint-oriented symbol table: every scope of a script with its bindings, uses and declarations.

The compiler's resolver (``checker/scopes.py``) decides slots for evaluation; this table keeps what
the name lints need instead: *where* each name is bound and used, how it is bound (parameter,
import, ``def``...), and which nested scopes exist. Scoping follows CPython: functions, lambdas
and comprehensions open scopes; the first iterable of a comprehension belongs to the enclosing
scope; annotations are never evaluated (spec §3.2) so they are not uses.

Statements are visited recursively (bounded by block nesting, which ``parse_depth`` limits);
expressions are visited with an explicit stack, so long operator or trailer chains cost no host
recursion.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterator, Optional

from dataway.checker.treewalk import child_getter, children
from dataway.syntax import ast as A

__all__ = ["Binding", "Use", "Scope", "build_scopes", "expr_nodes", "SCOPE_NODES",
           "PLAIN_EXPRS"]

#: Nodes that open a scope of their own.
SCOPE_NODES = (A.FunctionDef, A.Lambda, A.ListComp, A.SetComp, A.GeneratorExp, A.DictComp)

_COMPS = (A.ListComp, A.SetComp, A.GeneratorExp, A.DictComp)
_SCOPE_EXPRS = (A.Lambda, *_COMPS)
#: Expression classes scope passes record nothing for (exact types; anything else, subclasses
#: included, goes through the isinstance tests).
PLAIN_EXPRS = _PLAIN = frozenset({
    A.Constant, A.Attribute, A.Call, A.Subscript, A.BinOp, A.Compare, A.BoolOp, A.UnaryOp,
    A.Keyword, A.Tuple, A.List, A.Dict, A.Set, A.JoinedStr, A.FormattedValue, A.Starred,
    A.IfExp, A.Slice})


@dataclass(slots=True, eq=False)
class Binding:
    """One place that binds a name: ``kind`` is param, assign, augassign, annassign, for, import,
    def, class, except, del, comp, with, walrus or global (a ``global``/``nonlocal`` statement)."""

    name: str
    kind: str
    node: A.Node
    #: for imports: the dotted module or member it binds (``urllib.parse``, ``datetime.datetime``)
    target: Optional[str] = None
    #: for simple assignments: True when the target is a bare name (not unpacking)
    simple: bool = False
    #: for ``name = <expr>``: the assigned expression (lets calls of ``f = lambda ...`` be checked)
    value: Optional[A.Node] = None


@dataclass(slots=True, eq=False)
class Use:
    """One read of a name (a ``Name`` in load context, or the implicit read of ``x += 1``)."""

    name: str
    node: A.Node
    #: the implicit read of an augmented assignment (CPython's symbol table counts a store)
    implicit: bool = False


@dataclass(eq=False)
class Scope:
    """One scope: module (also expression and text roots), function, lambda or comprehension."""

    kind: str
    node: A.Node
    parent: Optional["Scope"]
    name: str = "<module>"
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    uses: list[Use] = field(default_factory=list)
    globals: dict[str, A.Node] = field(default_factory=dict)
    nonlocals: dict[str, A.Node] = field(default_factory=dict)
    params: dict[str, A.Arg] = field(default_factory=dict)
    #: every (word, name, statement) of ``global``/``nonlocal`` statements, in source order
    declarations: list[tuple[str, str, A.Node]] = field(default_factory=list)
    children: list["Scope"] = field(default_factory=list)
    #: module scope only: the reads (in walk order) of every expression the builder walked,
    #: by the expression's id, so later passes need not walk it again
    reads: dict[int, list[Use]] = field(default_factory=dict)

    def bind(self, binding: Binding) -> None:
        """Record a binding in this scope."""
        self.bindings.setdefault(binding.name, []).append(binding)

    @property
    def is_function(self) -> bool:
        """True for every scope but the module."""
        return self.kind != "module"

    def is_local(self, name: str) -> bool:
        """True when ``name`` is a local of this function-like scope (CPython rules)."""
        if not self.is_function:
            return False
        if name in self.globals or name in self.nonlocals:
            return False
        return name in self.bindings

    def walk(self) -> Iterator["Scope"]:
        """This scope and all nested ones, pre-order, without recursion."""
        stack = [self]
        while stack:
            scope = stack.pop()
            yield scope
            stack.extend(reversed(scope.children))


def expr_nodes(expr: Optional[A.Node]) -> Iterator[A.Node]:
    """Pre-order nodes of an expression, not descending into nested scopes' bodies.

    A nested scope node itself is yielded (so callers can see it); the parts of it evaluated in
    the enclosing scope (a lambda's defaults, a comprehension's first iterable) are yielded too.
    Every scope pass walks expressions through here, so the common case (a node that opens no
    scope) is one type lookup instead of an isinstance chain.
    """
    if expr is None:
        return
    stack: list[A.Node] = [expr]
    pop, extend, append = stack.pop, stack.extend, stack.append
    opens = _OPENS_SCOPE
    children_of = child_getter()
    while stack:
        node = pop()
        yield node
        kind = opens.get(type(node))
        if kind is None:
            kind = _scope_kind(type(node))
        if kind == 0:
            extend(reversed(children_of(node)))
        elif kind == 1:
            extend(reversed(_default_exprs(node.args)))
        elif node.generators:
            append(node.generators[0].iter)


#: Per node class: 0 opens no scope, 1 a lambda, 2 a comprehension (filled by ``_scope_kind``).
_OPENS_SCOPE: dict[type, int] = {}


def _scope_kind(cls: type) -> int:
    kind = 1 if issubclass(cls, A.Lambda) else 2 if issubclass(cls, _COMPS) else 0
    _OPENS_SCOPE[cls] = kind
    return kind


def _default_exprs(args: Optional[A.Arguments]) -> list[A.Node]:
    if args is None:
        return []
    return [d for d in (*args.defaults, *args.kw_defaults) if d is not None]


def _all_args(args: Optional[A.Arguments]) -> list[A.Arg]:
    if args is None:
        return []
    out = [*args.posonlyargs, *args.args]
    if args.vararg is not None:
        out.append(args.vararg)
    out.extend(args.kwonlyargs)
    if args.kwarg is not None:
        out.append(args.kwarg)
    return out


class _Builder:
    """Fills Scope objects; one instance per tree."""

    def __init__(self, reads: dict[int, list[Use]]) -> None:
        self.pending: deque[tuple[Scope, A.Node]] = deque()
        self.reads = reads

    # ---- expressions -------------------------------------------------------------------------

    def expr(self, scope: Scope, expr: Optional[A.Node]) -> None:
        """Record the uses, bindings and nested scopes of an expression."""
        uses = scope.uses
        first = len(uses)
        for node in expr_nodes(expr):
            if type(node) in _PLAIN:
                continue  # the common case: nothing to record
            if isinstance(node, A.Name):
                if node.ctx == "load":
                    uses.append(Use(node.id, node))
                else:
                    scope.bind(Binding(node.id, "del" if node.ctx == "del" else "assign", node))
            elif isinstance(node, _SCOPE_EXPRS):
                self.open(scope, node)
            elif isinstance(node, A.NamedExpr) and isinstance(node.target, A.Name):
                target = scope
                while target.kind == "comprehension" and target.parent is not None:
                    target = target.parent
                target.bind(Binding(node.target.id, "walrus", node.target))
        if expr is not None:
            self.reads[id(expr)] = uses[first:]

    def target(self, scope: Scope, target: Optional[A.Node], kind: str,
               value: Optional[A.Node] = None) -> None:
        """Bind the names of an assignment target; the rest of it (subscripts...) are uses."""
        if target is None:
            return
        simple = isinstance(target, A.Name)
        for node in expr_nodes(target):
            if isinstance(node, A.Name):
                if node.ctx == "load":
                    scope.uses.append(Use(node.id, node))
                else:
                    scope.bind(Binding(node.id, kind, node, simple=simple,
                                       value=value if simple else None))
            elif isinstance(node, _SCOPE_EXPRS):
                self.open(scope, node)

    # ---- scopes ------------------------------------------------------------------------------

    def open(self, parent: Scope, node: A.Node) -> Scope:
        """Create the scope of a def, lambda or comprehension; filled later."""
        if isinstance(node, A.FunctionDef):
            scope = Scope("function", node, parent, node.name)
        elif isinstance(node, A.Lambda):
            scope = Scope("lambda", node, parent, "<lambda>")
        else:
            scope = Scope("comprehension", node, parent, _comp_name(node))
        parent.children.append(scope)
        self.pending.append((scope, node))
        return scope

    def fill(self, scope: Scope, node: A.Node) -> None:
        """Record the parameters and body of a nested scope."""
        if isinstance(node, (A.FunctionDef, A.Lambda)):
            for arg in _all_args(node.args):
                scope.params.setdefault(arg.arg, arg)
                scope.bind(Binding(arg.arg, "param", arg))
            if isinstance(node, A.Lambda):
                self.expr(scope, node.body)
            else:
                self.block(scope, node.body)
        elif isinstance(node, _COMPS):
            for i, gen in enumerate(node.generators):
                if i:
                    self.expr(scope, gen.iter)
                self.target(scope, gen.target, "comp")
                for cond in gen.ifs:
                    self.expr(scope, cond)
            if isinstance(node, A.DictComp):
                self.expr(scope, node.key)
                self.expr(scope, node.value)
            else:
                self.expr(scope, node.elt)

    # ---- statements --------------------------------------------------------------------------

    def block(self, scope: Scope, body: tuple) -> None:
        """Record a statement list."""
        for stmt in body:
            self.stmt(scope, stmt)

    def stmt(self, scope: Scope, s: A.Node) -> None:  # noqa: C901 - one case per statement kind
        """Record one statement."""
        if isinstance(s, A.ExprStmt):
            self.expr(scope, s.value)
        elif isinstance(s, A.Assign):
            self.expr(scope, s.value)
            for t in s.targets:
                self.target(scope, t, "assign", s.value)
        elif isinstance(s, A.AugAssign):
            self.expr(scope, s.value)
            if isinstance(s.target, A.Name):
                scope.uses.append(Use(s.target.id, s.target, implicit=True))
            self.target(scope, s.target, "augassign")
        elif isinstance(s, A.AnnAssign):
            self.expr(scope, s.value)
            if s.value is not None or not isinstance(s.target, A.Name):
                self.target(scope, s.target, "annassign")
        elif isinstance(s, A.Delete):
            for t in s.targets:
                self.target(scope, t, "del")
        elif isinstance(s, (A.Return, A.Raise, A.Assert)):
            for child in children(s):
                self.expr(scope, child)
        elif isinstance(s, (A.Global, A.Nonlocal)):
            table = scope.globals if isinstance(s, A.Global) else scope.nonlocals
            word = "global" if isinstance(s, A.Global) else "nonlocal"
            for name in s.names:
                table.setdefault(name, s)
                scope.declarations.append((word, name, s))
        elif isinstance(s, A.Import):
            for alias in s.names:
                if alias.name == "*":
                    continue
                if alias.asname:
                    scope.bind(Binding(alias.asname, "import", alias, target=alias.name))
                else:
                    head = alias.name.split(".")[0]
                    scope.bind(Binding(head, "import", alias, target=head))
        elif isinstance(s, A.ImportFrom):
            for alias in s.names:
                if alias.name == "*":
                    continue
                full = f"{s.module}.{alias.name}" if s.module else alias.name
                scope.bind(Binding(alias.asname or alias.name, "import", alias, target=full))
        elif isinstance(s, A.If):
            self.expr(scope, s.test)
            self.block(scope, s.body)
            self.block(scope, s.orelse)
        elif isinstance(s, A.While):
            self.expr(scope, s.test)
            self.block(scope, s.body)
            self.block(scope, s.orelse)
        elif isinstance(s, A.For):
            self.expr(scope, s.iter)
            self.target(scope, s.target, "for")
            self.block(scope, s.body)
            self.block(scope, s.orelse)
        elif isinstance(s, A.Try):
            self.block(scope, s.body)
            for h in s.handlers:
                self.expr(scope, h.type)
                if h.name:
                    scope.bind(Binding(h.name, "except", h))
                self.block(scope, h.body)
            self.block(scope, s.orelse)
            self.block(scope, s.finalbody)
        elif isinstance(s, A.With):
            for item in s.items:
                self.expr(scope, item.context_expr)
                self.target(scope, item.optional_vars, "with")
            self.block(scope, s.body)
        elif isinstance(s, A.FunctionDef):
            for d in s.decorator_list:
                self.expr(scope, d)
            for d in _default_exprs(s.args):
                self.expr(scope, d)
            scope.bind(Binding(s.name, "def", s))
            self.open(scope, s)
        elif isinstance(s, A.ClassDef):
            # Refused (DW301); its body is not analysed so one error does not cascade.
            for d in (*s.decorator_list, *s.bases):
                self.expr(scope, d)
            for k in s.keywords:
                self.expr(scope, k.value)
            scope.bind(Binding(s.name, "class", s))


def _comp_name(node: A.Node) -> str:
    return {A.ListComp: "<listcomp>", A.SetComp: "<setcomp>", A.DictComp: "<dictcomp>",
            A.GeneratorExp: "<genexpr>"}[type(node)]


def build_scopes(tree: A.Node) -> Scope:
    """The module scope of ``tree`` (Module, Expression or Template) with every nested scope."""
    root = Scope("module", tree, None)
    builder = _Builder(root.reads)
    if isinstance(tree, A.Module):
        builder.block(root, tree.body)
    elif isinstance(tree, A.Expression):
        builder.expr(root, tree.body)
    elif isinstance(tree, A.Template):
        for part in tree.parts:
            if isinstance(part, A.TemplateExpr):
                builder.expr(root, part.body)
    # Nested scopes are filled after their parent so parent bindings are complete first; the
    # work list (not recursion) keeps deep lambda/def nesting off the host stack.
    while builder.pending:
        scope, node = builder.pending.popleft()
        builder.fill(scope, node)
    return root
