"""Attribute reads, subscripts and calls, compiled as trailer chains.

``a.b[c](d).e`` is a chain of trailers on a base expression; the chain is collected
iteratively and evaluated by one closure that loops over compiled trailers, so a chain of any
length needs no host recursion. ``x.m(...)`` compiles to one method-call trailer using the
policy's ``get_method``. A chain starting at the global ``steps`` resolves ``.name`` with the
§7 steps-path rule until the first call.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..checker.scopes import RefKind
from ..runtime.message import MessageView, map_get, map_item, payload_item
from ..runtime.values import DWObject
from ..syntax import ast as A
from .core import EXPR, Compiler
from .expressions import dynamic_global
from .fastpaths import PLAIN_RESULTS, attr_getters, method_functions
from .functions import ScriptFunction, call_value
from .links import get_attr, get_method, steps_attr
from .state import UNBOUND, script_error

__all__ = ["compile_args"]

Closure = Callable[[list], Any]
Trailer = Callable[[Any, list], Any]
ArgsFn = Callable[[list], tuple]


def _tname(v: Any) -> str:
    return v.dw_type_name if isinstance(v, DWObject) else type(v).__name__


def compile_args(cx: Compiler, args: tuple[A.Expr, ...], keywords: tuple[A.Keyword, ...]
                 ) -> tuple[Optional[tuple[Closure, ...]], Callable[[list, str], tuple]]:
    """Compile call arguments.

    Returns ``(simple, general)``: ``simple`` is a tuple of positional closures when the call
    has no ``*``, ``**`` or keywords (else None); ``general(L, fname)`` returns ``(args, kw)``.
    """
    simple_call = not keywords and not any(isinstance(a, A.Starred) for a in args)
    parts = tuple((isinstance(a, A.Starred),
                   cx.expr(a.value if isinstance(a, A.Starred) else a)) for a in args)
    kws = tuple((k.arg, cx.expr(k.value)) for k in keywords)

    def general(L: list, fname: str) -> tuple:
        pos: list = []
        for starred, fn in parts:
            if starred:
                v = fn(L)
                if not hasattr(v, "__iter__") and not hasattr(v, "__getitem__"):
                    raise script_error("TypeError", f"{fname}() argument after * must be an "
                                                    f"iterable, not {_tname(v)}")
                pos.extend(v)
            else:
                pos.append(fn(L))
        kw: dict = {}
        for name, fn in kws:
            if name is None:
                m = fn(L)
                if not hasattr(m, "keys"):
                    raise script_error("TypeError", f"{fname}() argument after ** must be a "
                                                    f"mapping, not {_tname(m)}")
                for key in m.keys():
                    if not isinstance(key, str):
                        raise script_error("TypeError", "keywords must be strings")
                    if key in kw:
                        raise script_error("TypeError", f"{fname}() got multiple values for "
                                                        f"keyword argument '{key}'")
                    kw[key] = m[key]
            else:
                if name in kw:
                    raise script_error("TypeError", f"{fname}() got multiple values for "
                                                    f"keyword argument '{name}'")
                kw[name] = fn(L)
        return tuple(pos), kw

    simple = tuple(fn for _, fn in parts) if simple_call else None
    return simple, general


def _fname(f: Any) -> str:
    if type(f) is ScriptFunction:
        return f.code.qualname
    name = getattr(f, "__name__", None)
    return name if isinstance(name, str) else _tname(f)


def _call_trailer(cx: Compiler, node: A.Call) -> Trailer:
    simple, general = compile_args(cx, node.args, node.keywords)
    if simple is not None:
        n = len(simple)
        if n == 0:
            def call0(f: Any, L: list) -> Any:
                if type(f) is ScriptFunction:
                    return f.call((), None)
                return f()
            return call0
        if n == 1:
            a0, = simple

            def call1(f: Any, L: list) -> Any:
                x = a0(L)
                if type(f) is ScriptFunction:
                    return f.call((x,), None)
                return f(x)
            return call1
        if n == 2:
            a0, a1 = simple

            def call2(f: Any, L: list) -> Any:
                x = a0(L)
                y = a1(L)
                if type(f) is ScriptFunction:
                    return f.call((x, y), None)
                return f(x, y)
            return call2

        def calln(f: Any, L: list) -> Any:
            args = tuple([a(L) for a in simple])  # type: ignore[union-attr]
            if type(f) is ScriptFunction:
                return f.call(args, None)
            return f(*args)
        return calln

    def call_general(f: Any, L: list) -> Any:
        args, kw = general(L, _fname(f))
        return call_value(f, args, kw)
    return call_general


def _method_trailer(cx: Compiler, name: str, call: A.Call, steps_path: bool) -> Trailer:
    lookup = (lambda obj: steps_attr(obj, name)) if steps_path else None
    simple, general = compile_args(cx, call.args, call.keywords)
    if lookup is None and simple is not None:
        n = len(simple)
        fast = _fast_method(name, simple)
        if fast is not None:
            return fast
        if n == 0:
            return lambda obj, L: get_method(obj, name)()
        if n == 1:
            a0, = simple

            def method1(obj: Any, L: list) -> Any:
                m = get_method(obj, name)
                x = a0(L)
                if type(m) is ScriptFunction:
                    return m.call((x,), None)
                return m(x)
            return method1
        if n == 2:
            a0, a1 = simple

            def method2(obj: Any, L: list) -> Any:
                m = get_method(obj, name)
                x = a0(L)
                y = a1(L)
                if type(m) is ScriptFunction:
                    return m.call((x, y), None)
                return m(x, y)
            return method2

    def method(obj: Any, L: list) -> Any:
        m = lookup(obj) if lookup is not None else get_method(obj, name)
        if simple is not None:
            return call_value(m, tuple([a(L) for a in simple]), None)
        args, kw = general(L, _fname(m))
        return call_value(m, args, kw)
    return method


def _fast_method(name: str, simple: tuple[Closure, ...]) -> Optional[Trailer]:
    """``obj.name(a, ...)`` calling the method's function directly on the message classes
    (``msg.vars.get(k)``), else through ``get_method``; None when no fast class has ``name``."""
    functions = method_functions(name)
    if not functions or len(simple) > 2:
        return None
    find = functions.get
    if len(simple) == 0:
        def fast0(obj: Any, L: list) -> Any:
            f = find(obj.__class__)
            if f is not None:
                return f(obj)
            return get_method(obj, name)()
        return fast0
    if len(simple) == 1:
        a0, = simple

        def fast1(obj: Any, L: list) -> Any:
            f = find(obj.__class__)
            if f is not None:
                return f(obj, a0(L))
            m = get_method(obj, name)
            x = a0(L)
            if type(m) is ScriptFunction:
                return m.call((x,), None)
            return m(x)
        return fast1
    a0, a1 = simple

    def fast2(obj: Any, L: list) -> Any:
        f = find(obj.__class__)
        if f is not None:
            return f(obj, a0(L), a1(L))
        m = get_method(obj, name)
        x = a0(L)
        y = a1(L)
        if type(m) is ScriptFunction:
            return m.call((x, y), None)
        return m(x, y)
    return fast2


def _attr_trailer(name: str, steps_path: bool) -> Trailer:
    if steps_path:
        return lambda obj, L: steps_attr(obj, name)
    getters = attr_getters(name)
    if getters:
        find = getters.get

        def fast_attr(obj: Any, L: list) -> Any:
            getter = find(obj.__class__)
            if getter is not None:
                value = getter(obj)
                if value.__class__ in PLAIN_RESULTS:
                    return value
            return get_attr(obj, name)
        return fast_attr
    return lambda obj, L: get_attr(obj, name)


_KEY_TYPES = (str, int, bytes, bool, type(None))
_MAP_NAMES = {"vars": "vars", "var": "vars", "attrs": "attrs", "attributes": "attrs",
              "attr": "attrs"}


def _constant_key(node: Optional[A.Expr]) -> bool:
    return isinstance(node, A.Constant) and type(node.value) in _KEY_TYPES


def _message_read(cx: Compiler, chain: list[A.Expr], i: int
                  ) -> Optional[tuple[Trailer, int, Optional[tuple]]]:
    """A fused trailer for ``.payload[k]``, ``.vars[k]`` or ``.vars.get(k[, d])`` (and the
    ``attrs`` aliases) with a constant key at ``chain[i:]``, and how many chain entries it
    covers, and ``(function, *arguments)`` reading it from a view when the arguments are
    constants; None for other shapes. On a message view it reads one entry without making the
    evaluation's private copy (``runtime.message.payload_item``); on anything else it runs
    the ordinary trailers."""
    t = chain[i]
    name = t.attr  # type: ignore[attr-defined]
    which = _MAP_NAMES.get(name)
    nxt = chain[i + 1] if i + 1 < len(chain) else None
    if isinstance(nxt, A.Subscript) and nxt.value is t and _constant_key(nxt.slice):
        if name != "payload" and which is None:
            return None
        key = nxt.slice.value  # type: ignore[attr-defined]
        first, second = _attr_trailer(name, False), _subscript_trailer(cx, nxt)
        if name == "payload":
            def payload_read(obj: Any, L: list) -> Any:
                if obj.__class__ is MessageView:
                    return payload_item(obj, key)
                return second(first(obj, L), L)
            return payload_read, 2, (payload_item, key)

        def item_read(obj: Any, L: list) -> Any:
            if obj.__class__ is MessageView:
                return map_item(obj, which, key)
            return second(first(obj, L), L)
        return item_read, 2, (map_item, which, key)
    call = chain[i + 2] if i + 2 < len(chain) else None
    if which is None or not isinstance(nxt, A.Attribute) or nxt.attr != "get" or \
            not isinstance(call, A.Call) or call.func is not nxt or call.keywords or \
            not 1 <= len(call.args) <= 2 or not _constant_key(call.args[0]):
        return None
    key = call.args[0].value  # type: ignore[attr-defined]
    first, second = _attr_trailer(name, False), _method_trailer(cx, "get", call, False)
    if len(call.args) == 1:
        def get_read1(obj: Any, L: list) -> Any:
            if obj.__class__ is MessageView:
                return map_get(obj, which, key)
            return second(first(obj, L), L)
        return get_read1, 3, (map_get, which, key)
    default = cx.expr(call.args[1])

    def get_read(obj: Any, L: list) -> Any:
        if obj.__class__ is MessageView:
            return map_get(obj, which, key, default(L))
        return second(first(obj, L), L)
    return get_read, 3, None


def _global_read(name: str, base_fn: Closure, trailer: Trailer, direct: tuple) -> Closure:
    """``msg.payload['k']`` as one closure: the global read inline, then the view's direct
    read (``direct``: function and constant arguments), or ``trailer`` on other values."""
    read, *args = direct
    if len(args) == 1:
        a0, = args

        def global_read1(L: list) -> Any:
            try:
                v = L[0].g[name]
            except KeyError:
                v = base_fn(L)
            if v.__class__ is MessageView:
                return read(v, a0)
            return trailer(v, L)
        return global_read1
    a0, a1 = args

    def global_read2(L: list) -> Any:
        try:
            v = L[0].g[name]
        except KeyError:
            v = base_fn(L)
        if v.__class__ is MessageView:
            return read(v, a0, a1)
        return trailer(v, L)
    return global_read2


def _subscript_trailer(cx: Compiler, node: A.Subscript) -> Trailer:
    if isinstance(node.slice, A.Constant):
        c = node.slice.value
        return lambda obj, L: obj[c]
    key = cx.expr(node.slice)
    return lambda obj, L: obj[key(L)]


def _is_steps(cx: Compiler, base: A.Expr) -> bool:
    if not (isinstance(base, A.Name) and base.id == "steps"):
        return False
    ref = cx.res.refs.get(base)
    return ref is None or ref.kind not in (RefKind.LOCAL, RefKind.CELL, RefKind.FREE)


def _trailer_chain(cx: Compiler, node: A.Expr) -> Closure:
    # Outermost first; ``x.m(args)`` pairs are merged into one method trailer.
    chain: list[A.Expr] = []
    current: A.Expr = node
    while isinstance(current, (A.Attribute, A.Subscript, A.Call)):
        chain.append(current)
        current = current.func if isinstance(current, A.Call) else current.value
    chain.reverse()
    base = current
    steps_path = _is_steps(cx, base)
    base_fn = cx.expr(base, node)
    trailers: list[Trailer] = []
    direct: Optional[tuple] = None
    i = 0
    while i < len(chain):
        t = chain[i]
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        if isinstance(t, A.Attribute):
            fused = None if steps_path else _message_read(cx, chain, i)
            if fused is not None:
                trailer, used, direct = fused
                trailers.append(trailer)
                i += used
                continue
            if isinstance(nxt, A.Call) and nxt.func is t:
                trailers.append(_method_trailer(cx, t.attr, nxt, steps_path))
                steps_path = False
                i += 2
                continue
            trailers.append(_attr_trailer(t.attr, steps_path))
        elif isinstance(t, A.Subscript):
            trailers.append(_subscript_trailer(cx, t))
        else:
            trailers.append(_call_trailer(cx, t))  # type: ignore[arg-type]
            steps_path = False
        i += 1
    if len(trailers) == 1:
        t0, = trailers
        name = dynamic_global(cx, base)
        if name is not None and direct is not None:
            return _global_read(name, base_fn, t0, direct)
        if name is not None:
            def global_chain1(L: list) -> Any:
                try:
                    v = L[0].g[name]
                except KeyError:
                    v = base_fn(L)  # a builtin, or the NameError
                return t0(v, L)
            return global_chain1
        return lambda L: t0(base_fn(L), L)
    if len(trailers) == 2:
        t0, t1 = trailers
        return lambda L: t1(t0(base_fn(L), L), L)
    ts = tuple(trailers)

    def chain_fn(L: list) -> Any:
        v = base_fn(L)
        for t in ts:
            v = t(v, L)
        return v
    return chain_fn


def _subscript_fast(cx: Compiler, node: A.Subscript) -> Closure:
    if isinstance(node.value, (A.Attribute, A.Subscript, A.Call)) or _is_steps(cx, node.value):
        return _trailer_chain(cx, node)
    from .expressions import local_slot, _unbound_local
    i = local_slot(cx, node.value)
    if i is not None:
        name = node.value.id  # type: ignore[attr-defined]
        j = local_slot(cx, node.slice)
        if j is not None:
            key_name = node.slice.id  # type: ignore[attr-defined]

            def local_item_local(L: list) -> Any:
                o = L[i]
                k = L[j]
                if o is UNBOUND:
                    raise _unbound_local(name)
                if k is UNBOUND:
                    raise _unbound_local(key_name)
                return o[k]
            return local_item_local
        key_fn = cx.expr(node.slice)

        def local_item(L: list) -> Any:
            o = L[i]
            if o is UNBOUND:
                raise _unbound_local(name)
            return o[key_fn(L)]
        return local_item
    obj = cx.expr(node.value)
    if isinstance(node.slice, A.Constant):
        c = node.slice.value
        return lambda L: obj(L)[c]
    key = cx.expr(node.slice)
    return lambda L: obj(L)[key(L)]


def _attribute_fast(cx: Compiler, node: A.Attribute) -> Closure:
    if isinstance(node.value, (A.Attribute, A.Subscript, A.Call)) or _is_steps(cx, node.value):
        return _trailer_chain(cx, node)
    obj, name = cx.expr(node.value), node.attr
    if attr_getters(name):
        trailer = _attr_trailer(name, False)
        return lambda L: trailer(obj(L), L)
    return lambda L: get_attr(obj(L), name)


EXPR.update({A.Attribute: _attribute_fast, A.Subscript: _subscript_fast, A.Call: _trailer_chain})
