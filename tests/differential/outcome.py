"""What one run of a case produced, in a shape both CPython and Dataway runs can fill."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

_FRAME = re.compile(r'^  File "(?P<file>[^"]*)", line (?P<line>\d+), in (?P<func>.+)$')


@dataclass(frozen=True)
class Outcome:
    """A value repr or an error line, plus the script frames and the print log.

    ``error_line`` is the last line of a CPython traceback (``KeyError: 'id'``,
    ``json.decoder.JSONDecodeError: Expecting value: ...``); ``frames`` are
    ``(script, line, function)`` of script frames only, outermost first.
    """

    value_repr: Optional[str] = None
    error_line: Optional[str] = None
    frames: tuple[tuple[str, int, str], ...] = ()
    log: str = ""
    harness_error: Optional[str] = None
    # Chained exceptions printed before the final one, outermost-printed first:
    # ("cause" | "context", their last line).
    chain: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when the run produced a value."""
        return self.error_line is None and self.harness_error is None

    @property
    def error_class(self) -> Optional[str]:
        """The qualified exception class of ``error_line`` (``json.decoder.JSONDecodeError``)."""
        if self.error_line is None:
            return None
        return self.error_line.split(":", 1)[0].strip()

    @property
    def error_type(self) -> Optional[str]:
        """The bare exception class name (``JSONDecodeError``)."""
        cls = self.error_class
        return None if cls is None else cls.rsplit(".", 1)[-1]

    def to_dict(self) -> dict:
        """JSON form (the reference subprocess sends outcomes this way)."""
        return {"value_repr": self.value_repr, "error_line": self.error_line,
                "frames": [list(f) for f in self.frames], "log": self.log,
                "harness_error": self.harness_error, "chain": [list(c) for c in self.chain]}

    @classmethod
    def from_dict(cls, d: dict) -> "Outcome":
        """Inverse of :meth:`to_dict`."""
        return cls(d.get("value_repr"), d.get("error_line"),
                   tuple((f[0], int(f[1]), f[2]) for f in d.get("frames", ())),
                   d.get("log", ""), d.get("harness_error"),
                   tuple((c[0], c[1]) for c in d.get("chain", ())))


def frames_from_text(text: str) -> tuple[tuple[str, int, str], ...]:
    """The frames of the *last* traceback block of a CPython-style rendering."""
    lines = text.splitlines()
    start = 0
    for i, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last):"):
            start = i
    out = []
    for line in lines[start:]:
        m = _FRAME.match(line)
        if m:
            out.append((m.group("file"), int(m.group("line")), m.group("func")))
    return tuple(out)


CAUSE_SEP = "The above exception was the direct cause of the following exception:"
CONTEXT_SEP = "During handling of the above exception, another exception occurred:"


def chain_from_text(text: str) -> tuple[tuple[str, str], ...]:
    """The chained exceptions of a CPython-style rendering: (kind, last line of its block)."""
    out = []
    block: list[str] = []
    for line in text.splitlines():
        if line in (CAUSE_SEP, CONTEXT_SEP):
            kind = "cause" if line == CAUSE_SEP else "context"
            out.append((kind, exception_text("\n".join(block)) or ""))
            block = []
        else:
            block.append(line)
    return tuple(out)


_EXC_START = re.compile(r"^[A-Za-z_][\w.]*(: |$)")


def exception_text(text: str) -> Optional[str]:
    """The exception line(s) ending a CPython-style rendering, a multi-line message included.

    The text runs from the last line that starts like ``Class: `` (after the last indented
    traceback line) to the end.
    """
    lines = text.rstrip("\n").splitlines()
    i = len(lines)
    while i > 0 and not lines[i - 1].startswith(" "):
        i -= 1
    tail = lines[i:]
    for j in range(len(tail) - 1, -1, -1):
        if _EXC_START.match(tail[j]):
            return "\n".join(tail[j:])
    return last_line(text)


def last_line(text: str) -> Optional[str]:
    """The last non-empty line of ``text`` (the exception line of a traceback)."""
    for line in reversed(text.splitlines()):
        if line.strip():
            return line
    return None


@dataclass
class Comparison:
    """Differences between an expected and an actual outcome, as readable sentences."""

    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return not self.problems


def compare(expected: Outcome, actual: Outcome, *, message: bool = True,
            traceback: bool = True, log: bool = True, log_contains: bool = False) -> Comparison:
    """Compare two outcomes the way the conformance contract does (see ``cases``).

    ``log_contains`` accepts extra text around the expected log (the CLI's stderr may also carry
    check warnings).
    """
    c = Comparison()
    if actual.harness_error:
        c.problems.append(f"harness: {actual.harness_error}")
        return c
    if expected.ok != actual.ok:
        want = (f"value {expected.value_repr}" if expected.ok
                else f"error {expected.error_line}")
        got = f"value {actual.value_repr}" if actual.ok else f"error {actual.error_line}"
        c.problems.append(f"expected {want}; got {got}")
        return c
    if expected.ok:
        if expected.value_repr != actual.value_repr:
            c.problems.append(f"repr differs:\n  expected {expected.value_repr}\n"
                              f"  actual   {actual.value_repr}")
        log_ok = (expected.log in actual.log) if log_contains else expected.log == actual.log
        if log and not log_ok:
            c.problems.append(f"print log differs:\n  expected {expected.log!r}\n"
                              f"  actual   {actual.log!r}")
        return c
    if expected.error_class != actual.error_class:
        c.problems.append(f"exception class differs: expected {expected.error_line!r}; "
                          f"got {actual.error_line!r}")
    elif message and expected.error_line != actual.error_line:
        c.problems.append(f"exception message differs:\n  expected {expected.error_line}\n"
                          f"  actual   {actual.error_line}")
    if traceback and expected.chain != actual.chain:
        c.problems.append(f"exception chain differs:\n  expected {list(expected.chain)}\n"
                          f"  actual   {list(actual.chain)}")
    if traceback and expected.frames and expected.frames != actual.frames:
        c.problems.append(f"traceback frames differ:\n  expected {list(expected.frames)}\n"
                          f"  actual   {list(actual.frames)}")
    return c
