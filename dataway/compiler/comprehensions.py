"""List, set and dict comprehensions and generator expressions.

Each comprehension runs in its own scope and frame (``<listcomp>`` ...): the first iterable is
evaluated in the enclosing scope and handed to the new frame, as CPython does. Nested ``for``
clauses compile to one loop closure per clause; each produced element charges the static cost
of the clauses and the element expression.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from ..runtime.context import LimitExceeded
from ..runtime.exceptions import ScriptRaise, to_exc_value
from ..syntax import ast as A
from .core import EXPR, Compiler, expr_cost
from .definitions import closure_getter, qualname
from .generators import ScriptGenerator
from .stack import deeper
from .state import SLOT0, UNBOUND, Cell, leave_frame, note
from .targets import store_target

__all__: list[str] = []

Closure = Callable[[list], Any]


def _frame_factory(cx: Compiler, node: A.Node) -> tuple[Callable[[list], list], Any]:
    scope = cx.res.scopes[node]
    get_closure = closure_getter(cx, scope)
    nslots = len(scope.slots)
    cells = tuple(SLOT0 + scope.slots[n] for n in scope.cells)
    frees = tuple(SLOT0 + scope.slots[n] for n in scope.free)

    def new_frame(L: list) -> list:
        F = [L[0], None] + [UNBOUND] * nslots
        for i in cells:
            F[i] = Cell()
        if frees:
            for i, cell in zip(frees, get_closure(L)):
                F[i] = cell
        return F
    return new_frame, scope


_SIZE_CHECK_EVERY = 16  # step flushes between checks of the container being built


def _check_size(run: Any, container: Any) -> None:
    """``value_size`` as a comprehension's result grows (spec §14)."""
    limit = run.limits.value_size
    if len(container) > limit:
        raise LimitExceeded("value_size", limit)


def _clauses(cx: Compiler, gens: tuple[A.Comprehension, ...], emit: Callable[[list], None],
             cost: int) -> Callable[[list, Any], None]:
    """The loop over the first clause's iterator; inner clauses nest inside."""
    action: Callable[[list], None] = emit
    # Build from the innermost clause outwards; the first clause gets its iterator passed in.
    for index in range(len(gens) - 1, -1, -1):
        gen = gens[index]
        store = store_target(cx, gen.target)
        ifs = tuple(cx.expr(c) for c in gen.ifs)
        inner = action
        charge_here = index == len(gens) - 1

        def loop(F: list, it: Any, store: Any = store, ifs: tuple = ifs, inner: Any = inner,
                 charge_here: bool = charge_here) -> None:
            run = F[0]
            count = 0
            for item in it:
                if charge_here:
                    run.steps += cost
                    if run.steps > run.check_at:
                        run.flush()
                        count += 1
                        if count >= _SIZE_CHECK_EVERY:
                            count = 0
                            _check_size(run, F[1])
                store(F, item)
                for cond in ifs:
                    if not cond(F):
                        break
                else:
                    inner(F)
        if index == 0:
            return loop
        source = cx.expr(gen.iter)

        def action(F: list, loop: Any = loop, source: Any = source) -> None:  # noqa: F811
            loop(F, source(F))
    raise AssertionError("comprehension without clauses")


def _comprehension(cx: Compiler, node: A.Node, kind: str) -> Closure:
    new_frame, scope = _frame_factory(cx, node)
    gens = node.generators  # type: ignore[attr-defined]
    first_iter = cx.expr(gens[0].iter)
    script, name = cx.script, scope.name
    line, col = node.line, node.column
    with cx.in_scope(scope, False, name):
        cost = sum(expr_cost(g.target) + sum(expr_cost(c) for c in g.ifs) for g in gens)
        if kind == "dict":
            key, value = cx.expr(node.key), cx.expr(node.value)  # type: ignore[attr-defined]
            cost += expr_cost(node.key) + expr_cost(node.value)  # type: ignore[attr-defined]

            def emit(F: list) -> None:
                k = key(F)
                F[1][k] = value(F)
        else:
            elt = cx.expr(node.elt)  # type: ignore[attr-defined]
            cost += expr_cost(node.elt)  # type: ignore[attr-defined]
            if kind == "list":
                def emit(F: list) -> None:
                    F[1].append(elt(F))
            else:
                def emit(F: list) -> None:
                    F[1].add(elt(F))
        outer = _clauses(cx, gens, emit, cost)
    make = {"list": list, "set": set, "dict": dict}[kind]

    def comprehension(L: list) -> Any:
        it = iter(first_iter(L))
        F = new_frame(L)
        F[1] = make()
        return enter(L, it, F)

    def enter(L: list, it: Any, F: list) -> Any:
        result = F[1]
        run = L[0]
        run.depth += 1
        if run.depth > run.max_depth:
            run.depth -= 1
            return deeper(run, enter, L, it, F)
        try:
            outer(F, it)
            _check_size(run, result)
        except BaseException as exc:
            exc = note(exc, run, line, col)
            leave_frame(exc, script, name)
            raise exc
        finally:
            run.depth -= 1
        return result
    return comprehension


def _listcomp(cx: Compiler, node: A.ListComp) -> Closure:
    return _comprehension(cx, node, "list")


def _setcomp(cx: Compiler, node: A.SetComp) -> Closure:
    return _comprehension(cx, node, "set")


def _dictcomp(cx: Compiler, node: A.DictComp) -> Closure:
    return _comprehension(cx, node, "dict")


def _genexp(cx: Compiler, node: A.GeneratorExp) -> Closure:
    new_frame, scope = _frame_factory(cx, node)
    gens = node.generators
    first_iter = cx.expr(gens[0].iter)
    line, col = node.line, node.column
    with cx.in_scope(scope, False, scope.name):
        elt = cx.expr(node.elt)
        cost = expr_cost(node.elt) + sum(
            expr_cost(g.target) + sum(expr_cost(c) for c in g.ifs) for g in gens)
        levels = tuple((store_target(cx, g.target), tuple(cx.expr(c) for c in g.ifs),
                        None if i == 0 else cx.expr(g.iter)) for i, g in enumerate(gens))
    last = len(levels) - 1

    def step(F: list, item: Any, depth: int) -> tuple[bool, Any]:
        """Bind one item and test it: (passed, element or next-level iterable)."""
        store, ifs, _ = levels[depth]
        try:
            store(F, item)
            for cond in ifs:
                if not cond(F):
                    return False, None
            if depth == last:
                return True, elt(F)
            return True, levels[depth + 1][2](F)  # type: ignore[misc]
        except StopIteration as exc:  # before the host turns it into its own RuntimeError
            raise ScriptRaise(to_exc_value(exc)) from None

    def produce(F: list, it: Any, depth: int) -> Iterator[Any]:
        charge = F[0].charge
        for item in it:
            if depth == last:
                charge(cost)
            passed, value = step(F, item, depth)
            if passed:
                if depth == last:
                    yield value
                else:
                    yield from produce(F, value, depth + 1)

    def body(F: list) -> Iterator[Any]:
        try:
            yield from produce(F, F[1], 0)
        except BaseException as exc:
            raise note(exc, F[0], line, col)
        F[1] = None
        return None

    code = _GenexpCode(scope.name, qualname(scope), cx.script)

    def genexp(L: list) -> ScriptGenerator:
        it = iter(first_iter(L))
        F = new_frame(L)
        F[1] = it
        return ScriptGenerator(code, F, body)
    return genexp


class _GenexpCode:
    """The names a ScriptGenerator reads from its code: frame name, qualified name, script."""

    __slots__ = ("name", "qualname", "script")

    def __init__(self, name: str, qualname: str, script: str) -> None:
        self.name = name
        self.qualname = qualname
        self.script = script


EXPR.update({A.ListComp: _listcomp, A.SetComp: _setcomp, A.DictComp: _dictcomp,
             A.GeneratorExp: _genexp})
