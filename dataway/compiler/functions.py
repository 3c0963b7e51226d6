"""Script functions: compiled code, the function values scripts hold, argument binding.

A ``def`` or ``lambda`` compiles once into a :class:`FunctionCode`; evaluating the definition
makes a :class:`ScriptFunction` value holding the code, the evaluation's :class:`Run`, the
default values (evaluated at definition time) and the closure cells. Calling it builds a frame
list (see ``state.py``), binds the arguments with CPython's rules and error messages, and runs
the body. Each call is a script frame for ``call_depth``.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..runtime.values import DWObject
from .stack import deeper
from .state import SLOT0, UNBOUND, Cell, Run, leave_frame, script_error

__all__ = ["FunctionCode", "ScriptFunction", "call_value", "frame_entry"]


class FunctionCode:
    """The compiled, immutable part of a function: layout, parameters and body closure."""

    __slots__ = ("name", "qualname", "script", "nslots", "params", "npos", "kwonly", "vararg",
                 "kwarg", "kwindex", "rest", "cell_params", "new_cells", "free_slots",
                 "body", "is_generator", "simple", "plain")

    def __init__(self, *, name: str, qualname: str, script: str, nslots: int,
                 params: tuple[str, ...], npos: int, kwonly: tuple[str, ...],
                 vararg: Optional[int], kwarg: Optional[int], cell_params: tuple[int, ...],
                 new_cells: tuple[int, ...], free_slots: tuple[int, ...],
                 body: Callable[[list], Any], is_generator: bool) -> None:
        self.name = name
        self.qualname = qualname
        self.script = script
        self.nslots = nslots
        self.params = params
        self.npos = npos
        self.kwonly = kwonly
        self.vararg = vararg
        self.kwarg = kwarg
        # keyword-assignable parameters -> frame index
        self.kwindex = {n: SLOT0 + i for i, n in enumerate(params[:npos])}
        self.kwindex.update({n: SLOT0 + npos + i for i, n in enumerate(kwonly)})
        self.rest = [UNBOUND] * (nslots - npos)
        self.cell_params = cell_params
        self.new_cells = new_cells
        self.free_slots = free_slots
        self.body = body
        self.is_generator = is_generator
        self.simple = vararg is None and kwarg is None and not kwonly
        self.plain = (self.simple and not cell_params and not new_cells and not free_slots
                      and not is_generator)


class ScriptFunction(DWObject):
    """A function defined by the script (``def`` or ``lambda``). No attributes for scripts."""

    __slots__ = ("code", "run", "defaults", "kwdefaults", "closure")
    dw_type_name = "function"

    def __init__(self, code: FunctionCode, run: Run, defaults: tuple, kwdefaults: dict,
                 closure: tuple) -> None:
        self.code = code
        self.run = run
        self.defaults = defaults
        self.kwdefaults = kwdefaults
        self.closure = closure

    def __repr__(self) -> str:
        return f"<function {self.code.qualname}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.call(args, kwargs)

    def call(self, args: tuple, kw: Optional[dict]) -> Any:
        """Run the function with positional ``args`` and keyword ``kw`` (None when empty)."""
        code = self.code
        if code.plain and not kw and len(args) == code.npos:
            # The common case: exact positional arguments, no cells, not a generator.
            run = self.run
            L = [run, None, *args]
            if code.rest:
                L += code.rest
            run.depth += 1
            if run.depth > run.max_depth:
                run.depth -= 1
                return deeper(run, self.call, args, kw)
            try:
                code.body(L)
            except BaseException as exc:
                run.depth -= 1
                leave_frame(exc, code.script, code.name)
                raise
            run.depth -= 1
            return L[1]
        if not kw and code.simple and len(args) == code.npos:
            L = [self.run, None, *args]
            L += code.rest
        else:
            L = _bind(self, args, kw or {})
        if code.cell_params:
            for i in code.cell_params:
                L[i] = Cell(L[i])
        if code.new_cells:
            for i in code.new_cells:
                L[i] = Cell()
        if code.free_slots:
            for i, cell in zip(code.free_slots, self.closure):
                L[i] = cell
        if code.is_generator:
            from .generators import ScriptGenerator
            return ScriptGenerator(code, L)
        run = self.run
        run.depth += 1
        if run.depth > run.max_depth:
            run.depth -= 1
            return deeper(run, self.call, args, kw)
        try:
            code.body(L)
        except BaseException as exc:
            run.depth -= 1
            leave_frame(exc, code.script, code.name)
            raise
        run.depth -= 1
        return L[1]


def call_value(f: Any, args: tuple, kw: Optional[dict]) -> Any:
    """Call any script-callable value (script functions without a host ``__call__`` hop)."""
    if type(f) is ScriptFunction:
        return f.call(args, kw)
    if kw:
        return f(*args, **kw)
    return f(*args)


def frame_entry(code: FunctionCode) -> tuple[str, str]:
    """(script, function) naming the frame of ``code`` in tracebacks."""
    return code.script, code.name


# -- argument binding with CPython's messages -------------------------------------------------

def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _names(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return f"{quoted[0]} and {quoted[1]}"
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"


def _bind(fn: ScriptFunction, args: tuple, kw: dict) -> list:
    code = fn.code
    L: list = [fn.run, None] + [UNBOUND] * code.nslots
    npos = code.npos
    given = len(args)
    if given > npos:
        L[SLOT0:SLOT0 + npos] = args[:npos]
        if code.vararg is not None:
            L[code.vararg] = tuple(args[npos:])
    else:
        L[SLOT0:SLOT0 + given] = args
        if code.vararg is not None:
            L[code.vararg] = ()
    extra: Optional[dict] = {} if code.kwarg is not None else None
    for key, value in kw.items():
        i = code.kwindex.get(key)
        if i is None:
            if extra is None:
                raise script_error("TypeError", f"{code.qualname}() got an unexpected keyword "
                                                f"argument '{key}'")
            extra[key] = value
        elif L[i] is not UNBOUND:
            raise script_error("TypeError", f"{code.qualname}() got multiple values for "
                                            f"argument '{key}'")
        else:
            L[i] = value
    if given > npos and code.vararg is None:
        _too_many(fn, given, kw)
    defaults = fn.defaults
    first_default = npos - len(defaults)
    missing = []
    for j in range(given, npos):
        if L[SLOT0 + j] is UNBOUND:
            if j >= first_default:
                L[SLOT0 + j] = defaults[j - first_default]
            else:
                missing.append(code.params[j])
    if missing:
        raise script_error("TypeError", f"{code.qualname}() missing {len(missing)} required "
                                        f"positional argument{'s' if len(missing) > 1 else ''}: "
                                        f"{_names(missing)}")
    missing = []
    for j, name in enumerate(code.kwonly):
        i = SLOT0 + npos + j
        if L[i] is UNBOUND:
            if name in fn.kwdefaults:
                L[i] = fn.kwdefaults[name]
            else:
                missing.append(name)
    if missing:
        raise script_error("TypeError", f"{code.qualname}() missing {len(missing)} required "
                                        f"keyword-only argument{'s' if len(missing) > 1 else ''}"
                                        f": {_names(missing)}")
    if code.kwarg is not None:
        L[code.kwarg] = extra
    return L


def _too_many(fn: ScriptFunction, given: int, kw: dict) -> None:
    code = fn.code
    ndefaults = len(fn.defaults)
    if ndefaults:
        sig = f"from {code.npos - ndefaults} to {code.npos}"
        plural = True
    else:
        sig = str(code.npos)
        plural = code.npos != 1
    kwonly_given = sum(1 for k in kw if k in code.kwonly)
    kwonly_sig = ""
    if kwonly_given:
        kwonly_sig = (f" positional argument{'s' if given != 1 else ''} (and "
                      f"{_plural(kwonly_given, 'keyword-only argument')})")
    was = "was" if given == 1 and not kwonly_given else "were"
    raise script_error("TypeError", f"{code.qualname}() takes {sig} positional argument"
                                    f"{'s' if plural else ''} but {given}{kwonly_sig} {was} "
                                    f"given")
