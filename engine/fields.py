"""Component field values (components spec §3.3, §4.2): literals and script fields.

A field is compiled once when the flow loads (:func:`parse_field`) and evaluated per message.
Scripts go through a :class:`ScriptBackend`; the default one is the Dataway language
(``dataway.compile``). The backend also turns engine messages into the language's ``msg``.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

from .convert import FieldTypeError, convert_field
from .errors import StepFailed
from .message import Message
from .yamlsrc import Secret

__all__ = ["Field", "LiteralField", "ScriptField", "ScriptBackend", "DatawayBackend",
           "EvalEnv", "SimpleEnv", "SCRIPT_KEYS", "parse_field", "FieldProblem"]

SCRIPT_KEYS = ("text", "expr", "code", "file")
_MODES = {"text": "text", "expr": "expression", "code": "code", "file": "code"}
DECLARED_TYPES = ("any", "string", "int", "float", "bool", "decimal", "bytes", "list", "dict",
                  "datetime", "date", "time")


class FieldProblem(Exception):
    """A field cannot be built; ``line``/``column`` are absolute when known, else None."""

    def __init__(self, message: str, line: Optional[int] = None,
                 column: Optional[int] = None, subpath: tuple[Any, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.subpath = subpath
        self.more: list["FieldProblem"] = []


class EvalEnv:
    """What a script sees besides ``msg``: ``visible`` steps, the keyword options of
    ``evaluate`` (time zone, clock, seed, limits), and ``print_log`` for ``print`` output.

    The engine's :class:`~dataway.engine.context.StepCall` is the environment of its step's
    fields (no object is made per evaluation); :class:`SimpleEnv` serves other callers.
    """

    __slots__ = ()
    visible: Mapping[str, Message]
    script_options: Mapping[str, Any]

    def print_log(self, text: str) -> None:
        """Receive the ``print`` output of one evaluation."""


class SimpleEnv(EvalEnv):
    """An environment from plain values (tests, tools)."""

    __slots__ = ("visible", "script_options", "_log")

    def __init__(self, visible: Optional[Mapping[str, Message]] = None,
                 log: Optional[Callable[[str], None]] = None, **options: Any) -> None:
        self.visible = visible or {}
        self.script_options = {k: v for k, v in options.items() if v is not None}
        self._log = log

    def print_log(self, text: str) -> None:
        if self._log is not None:
            self._log(text)


class ScriptBackend:
    """Compiles script sources and adapts messages; the language behind script fields."""

    def compile(self, source: str, mode: str, name: str, output_type: str) -> Any:
        """A compiled script with ``evaluate(msg, steps, timezone=, clock=, seed=)``."""
        raise NotImplementedError

    def message_view(self, msg: Message) -> Any:
        """The object scripts receive as ``msg`` for an engine message."""
        raise NotImplementedError


class DatawayBackend(ScriptBackend):
    """The real language: ``dataway.compile`` and ``dataway.Message``."""

    def compile(self, source: str, mode: str, name: str, output_type: str) -> Any:
        import dataway

        return dataway.compile(source, mode=mode, name=name, output_type=output_type)

    _message_class: Any = None

    def message_view(self, msg: Message) -> Any:
        view = msg.script_view
        if view is None:
            cls = self._message_class
            if cls is None:  # resolved once: dataway's lazy module __getattr__ is not free
                import dataway

                cls = DatawayBackend._message_class = dataway.Message
            variables = msg.vars
            for value in variables.values():
                if value.__class__ is Message:  # loop root messages: converted, not copied
                    variables = {k: self.message_view(v) if v.__class__ is Message else v
                                 for k, v in variables.items()}
                    break
            view = cls(payload=msg.payload, vars=variables, attrs=msg.attrs, error=msg.error,
                       id=msg.id, seq_id=msg.seq_id)
            msg.script_view = view
        return view


class StepsAdapter(Mapping[str, Any]):
    """``steps`` for a script: engine messages turned into script messages on access only."""

    __slots__ = ("_steps", "_backend")

    def __init__(self, steps: Mapping[str, Message], backend: ScriptBackend) -> None:
        self._steps = steps
        self._backend = backend

    def __getitem__(self, key: str) -> Any:
        return self._backend.message_view(self._steps[key])

    def __contains__(self, key: object) -> bool:
        return key in self._steps

    def __iter__(self) -> Any:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)


class Field:
    """A component field: ``literal`` True when nothing needs evaluating."""

    literal = True
    field_type = "any"

    def evaluate(self, msg: Message, env: EvalEnv, backend: ScriptBackend) -> Any:
        """The field's value for ``msg`` after the field-type conversion."""
        raise NotImplementedError


class LiteralField(Field):
    """A literal value, converted to the field type once at load."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def evaluate(self, msg: Message, env: EvalEnv, backend: ScriptBackend) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"LiteralField({self.value!r})"


class ScriptField(Field):
    """A compiled script; errors are reported against ``label`` (``<step>.<field>``)."""

    literal = False

    def __init__(self, script: Any, label: str, field_type: str) -> None:
        self.script = script
        self.label = label
        self.field_type = field_type

    def evaluate(self, msg: Message, env: EvalEnv, backend: ScriptBackend) -> Any:
        visible = env.visible
        try:
            result = self.script.evaluate(backend.message_view(msg),
                                          StepsAdapter(visible, backend) if visible else None,
                                          **env.script_options)
        except Exception as exc:  # the language's errors carry a §15.2 error object
            log = getattr(exc, "log", "")
            if log:
                env.print_log(log)
            raise script_failure(exc, self.label) from None
        if result.log:
            env.print_log(result.log)
        if self.field_type == "any":
            return result.value
        try:
            return convert_field(result.value, self.field_type)
        except FieldTypeError as exc:
            raise StepFailed("VALIDATION", f"{self.label}: {exc}") from None

    def __repr__(self) -> str:
        return f"ScriptField({self.label!r})"


def script_failure(exc: Exception, label: str) -> StepFailed:
    """EXPRESSION (or LIMIT / INTERNAL) for a script error, Description per §4.2."""
    info = getattr(exc, "error", None)
    kind = type(exc).__name__
    if info is None:
        return StepFailed("INTERNAL", f"{label}: internal error")
    code = {"LimitError": "LIMIT", "InternalError": "INTERNAL"}.get(kind, "EXPRESSION")
    where = info.script
    if info.line is not None:
        where += f":{info.line}:{info.column}"
    return StepFailed(code, f"{label}: {where}: {info.type}: {info.message}", detail=info)


def is_script_mapping(raw: Any) -> bool:
    """A mapping with exactly one script key plus an optional ``type`` (§3.3)."""
    if not isinstance(raw, dict):
        return False
    keys = set(raw)
    found = keys & set(SCRIPT_KEYS)
    return len(found) == 1 and keys <= found | {"type"}


def parse_field(raw: Any, field_type: str, *, name: str, label: str,
                backend: ScriptBackend, read_file: Callable[[str], str],
                block: Optional[tuple[int, int]] = None,
                check: Optional[Callable[[Any], Optional[str]]] = None) -> Field:
    """Build a field from its YAML value; raises FieldProblem (positions absolute when known).

    ``name`` is the script name (``flows/x.yaml:step.config.f``), ``label`` the error prefix,
    ``block`` the ``(first line, indent)`` of a block-scalar source for position mapping.
    """
    if isinstance(raw, dict) and set(raw) == {"literal"}:
        return _literal(raw["literal"], field_type, check)
    if field_type == "cond" and isinstance(raw, str):
        return _script(raw, "expression", "any", name, label, field_type, backend, block)
    if is_script_mapping(raw):
        key = next(k for k in raw if k in SCRIPT_KEYS)
        declared = raw.get("type", "any")
        if declared not in DECLARED_TYPES:
            raise FieldProblem(f"unknown declared type {declared!r}; expected one of "
                               + ", ".join(DECLARED_TYPES), subpath=("type",))
        source = raw[key]
        if not isinstance(source, str):
            raise FieldProblem(f"'{key}' must be a string", subpath=(key,))
        if key == "file":
            try:
                source = read_file(source)
            except OSError as exc:
                raise FieldProblem(f"cannot read script file {raw[key]!r}: "
                                   f"{exc.strerror or exc}", subpath=(key,)) from None
            return _script(source, "code", declared, raw[key], label, field_type, backend, None)
        return _script(source, _MODES[key], declared, name, label, field_type, backend, block)
    if isinstance(raw, dict) and set(raw) & set(SCRIPT_KEYS):
        extra = sorted(set(raw) - {"type"})
        raise FieldProblem("a script field needs exactly one of text, expr, code, file "
                           f"(plus an optional type); found {', '.join(map(str, extra))}; "
                           "use {literal: ...} for a literal mapping")
    return _literal(raw, field_type, check)


def _literal(value: Any, field_type: str, check: Optional[Callable[[Any], Optional[str]]]) -> Field:
    if isinstance(value, Secret):  # resolved where it is used (§7.1), never converted here
        return LiteralField(value)
    try:
        value = convert_field(value, field_type)
    except FieldTypeError as exc:
        raise FieldProblem(str(exc)) from None
    if check is not None and value is not None:
        problem = check(value)
        if problem:
            raise FieldProblem(problem)
    return LiteralField(value)


def _positioned(message: str, line: Optional[int], col: Optional[int], name: str,
                block: Optional[tuple[int, int]]) -> FieldProblem:
    """A check diagnostic placed in the YAML file when the source maps, else script-relative."""
    if block is not None and line is not None and (line == 1 or block[1] >= 0):
        return FieldProblem(message, block[0] + line - 1, block[1] + (col or 1))
    where = f"{name}:{line}:{col}: " if line is not None else f"{name}: "
    return FieldProblem(where + message)


def _script(source: str, mode: str, declared: str, name: str, label: str, field_type: str,
            backend: ScriptBackend, block: Optional[tuple[int, int]]) -> Field:
    try:
        script = backend.compile(source, mode, name, declared)
    except Exception as exc:
        info = getattr(exc, "error", None)
        if info is None:
            raise
        diags = [d for d in info.diagnostics if getattr(d, "is_error", True)]
        found = [(d.message, d.line, d.column) for d in diags] or [
            (info.message, info.line, info.column)]
        problems = [_positioned(m, ln, c, name, block) for m, ln, c in found]
        first = problems[0]
        first.more = problems[1:]
        raise first from None
    return ScriptField(script, label, field_type)
