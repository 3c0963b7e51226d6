"""The editing side of the REPL: when an input is complete, highlighting from the Dataway
tokenizer, and the prompt-toolkit completer and validator over a :class:`Session`."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.validation import ValidationError, Validator

from dataway.repl.session import Session
from dataway.syntax.parser import parse
from dataway.syntax.tokenizer import KEYWORDS, SyntaxProblem, tokenize

__all__ = ["is_complete", "DatawayLexer", "SessionCompleter", "SessionValidator",
           "STYLE_RULES", "continuation_indent"]

# An error at one of these codes means the input stops in the middle of something.
_UNFINISHED = frozenset({"DW101", "DW103"})


def is_complete(text: str, mode: str) -> bool:
    """True when Enter should run ``text`` rather than start a new line.

    An input is unfinished when the parser's first error sits at the end of the input (an
    open bracket, a block header without body, an unterminated triple-quoted string, an
    operator still waiting for its operand). In code mode an input containing an indented
    block also needs a final empty line, as in Python's REPL. An input whose last line is
    empty always runs (the validator then reports what is wrong)."""
    if not text.strip() or text.lstrip().startswith(":"):
        return True
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        return True
    if mode == "text":
        body = text
        return not _open_interpolation(body)
    result = parse(text.strip() if mode == "expression" else text, mode)
    errors = [d for d in result.diagnostics if d.is_error]
    if errors:
        return not _at_end(errors[0], text)
    if mode == "code" and _has_block(text):
        return False
    return True


def _at_end(d: Any, text: str) -> bool:
    if d.code in _UNFINISHED:
        return True
    if d.code == "DW102" and "triple-quoted" in d.message:
        return True
    rest = text.rstrip().split("\n")
    last_line = len(rest)
    return (d.line, d.column) >= (last_line, len(rest[-1]) + 1) and \
        "end of" in d.message


def _has_block(text: str) -> bool:
    try:
        return any(tok[0] == "INDENT" for tok in tokenize(text, mode="code"))
    except SyntaxProblem:
        return False


def _open_interpolation(text: str) -> bool:
    depth_at = text.rfind("${")
    while depth_at > 0 and text[depth_at - 1] == "$":
        depth_at = text.rfind("${", 0, depth_at - 1)
    return depth_at >= 0 and "}" not in text[depth_at:]


def continuation_indent(text: str) -> str:
    """Indentation for the next line: the current line's, one level more after ``:``."""
    last = text.split("\n")[-1]
    indent = last[:len(last) - len(last.lstrip())]
    if last.rstrip().endswith(":"):
        indent += "    "
    return indent


# -- highlighting ------------------------------------------------------------------------------

STYLE_RULES = {
    "dw.keyword": "ansiblue bold", "dw.string": "ansigreen", "dw.number": "ansicyan",
    "dw.comment": "ansibrightblack italic", "dw.builtin": "ansimagenta", "dw.op": "",
    "dw.error": "ansired underline",
}

_BUILTIN_NAMES: frozenset[str] = frozenset()


def _builtin_names() -> frozenset[str]:
    global _BUILTIN_NAMES
    if not _BUILTIN_NAMES:
        from dataway.tooling.catalog import GLOBALS
        _BUILTIN_NAMES = frozenset(GLOBALS) | {"msg", "steps"}
    return _BUILTIN_NAMES


def _style_of(kind: str, value: Any) -> str:
    if kind == "NAME":
        return "class:dw.builtin" if value in _builtin_names() else ""
    if kind == "STRING":
        return "class:dw.string"
    if kind == "NUMBER":
        return "class:dw.number"
    if kind in KEYWORDS.values() or kind in ("TRUE", "FALSE", "NONE"):
        return "class:dw.keyword"
    return ""


def highlight(text: str, mode: str) -> list[list[tuple[str, str]]]:
    """Style fragments per line: tokens from the Dataway tokenizer, comments found between
    tokens, and everything after a tokenizer error marked as an error."""
    lines = text.split("\n")
    styles: list[list[str]] = [[""] * len(line) for line in lines]

    def paint(line: int, col: int, end_line: int, end_col: int, style: str) -> None:
        for number in range(line, end_line + 1):
            row = styles[number - 1] if number <= len(styles) else []
            first = col - 1 if number == line else 0
            last = end_col - 1 if number == end_line else len(row)
            for i in range(max(first, 0), min(last, len(row))):
                row[i] = style

    tok_mode = "code" if mode == "code" else "expression"
    try:
        for tok in tokenize(text, mode=tok_mode, in_brackets=mode != "code"):
            style = _style_of(tok[0], tok[1])
            if style and tok[2]:
                paint(tok[2], tok[3], tok[4], tok[5], style)
    except SyntaxProblem as problem:
        d = problem.diagnostic
        paint(d.line, d.column, len(lines), len(lines[-1]) + 1, "class:dw.error")
    for number, line in enumerate(lines, 1):
        _paint_comment(line, styles[number - 1])
    return [_fragments(line, row) for line, row in zip(lines, styles)]


def _paint_comment(line: str, row: list[str]) -> None:
    """Comments produce no tokens: a ``#`` outside any string styled so far starts one."""
    for i, ch in enumerate(line):
        if ch == "#" and row[i] not in ("class:dw.string", "class:dw.error"):
            for j in range(i, len(line)):
                row[j] = "class:dw.comment"
            return


def _fragments(line: str, row: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ch, style in zip(line, row):
        if out and out[-1][0] == style:
            out[-1] = (style, out[-1][1] + ch)
        else:
            out.append((style, ch))
    return out


class DatawayLexer(Lexer):
    """prompt-toolkit lexer over :func:`highlight` (text mode highlights nothing but
    ``${...}`` is plain text to the tokenizer, so it stays unstyled)."""

    def __init__(self, mode: Callable[[], str]) -> None:
        self._mode = mode

    def lex_document(self, document: Document) -> Callable[[int], list[tuple[str, str]]]:
        mode = self._mode()
        lines = (highlight(document.text, mode) if mode != "text"
                 else [[("", line)] for line in document.lines])

        def get_line(number: int) -> list[tuple[str, str]]:
            return lines[number] if 0 <= number < len(lines) else []

        return get_line


class SessionCompleter(Completer):
    """Completion items of :meth:`Session.complete` as prompt-toolkit completions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_completions(self, document: Document,
                        complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text
        if text.lstrip().startswith(":"):
            return
        row, col = document.cursor_position_row, document.cursor_position_col
        for item in self.session.complete(text, row + 1, col):
            yield Completion(item.insert_text, start_position=item.start - col,
                             display=item.label, display_meta=item.detail)


class SessionValidator(Validator):
    """Refuses an input with a check error and puts the cursor on it."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def validate(self, document: Document) -> None:
        found = self.session.diagnose(document.text)
        if found is None:
            return
        line, column, message = found
        index = document.translate_row_col_to_index(line - 1, column)
        raise ValidationError(cursor_position=index, message=f"line {line}: {message}")
