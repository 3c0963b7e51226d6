"""Running the REPL: interactively on prompt-toolkit, or over piped input for scripting.

Interactive: Enter runs a complete input (see :func:`~dataway.repl.editing.is_complete`) and
otherwise opens a new, auto-indented line; Alt-Enter (Esc Enter) always opens a new line; Tab
or typing opens completion; an input with a check error is refused and the cursor moved to
the error. History persists in ``$XDG_CACHE_HOME/dataway/repl_history`` (default
``~/.cache/dataway/repl_history``).

Piped (stdin is not a terminal): lines are grouped into inputs as Python does for a piped
interactive session (a block ends at an empty line or at the next unindented line), each input
runs and its result is printed; the exit status is 1 when any input failed.

Results go to stdout; ``print`` output, errors and command feedback to stderr (spec §17).
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Any, Optional, TextIO

from dataway.repl.session import Reply, Session

__all__ = ["run", "run_interactive", "run_piped", "history_path", "emit"]

_BLOCK_CONTINUATIONS = ("else", "elif", "except", "finally", ")", "]", "}")


def history_path() -> str:
    """Where interactive history is kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "dataway", "repl_history")


def emit(reply: Reply, stdout: TextIO, stderr: TextIO) -> None:
    """Print a reply: print output first, then the result, then errors and feedback."""
    if reply.log:
        stderr.write(reply.log if reply.log.endswith("\n") else reply.log + "\n")
        stderr.flush()
    if reply.result is not None:
        stdout.write(reply.result + "\n")
    if reply.text:
        stdout.write(reply.text + "\n")
    stdout.flush()
    for text in (reply.info, reply.error):
        if text:
            stderr.write(text + "\n")
    stderr.flush()


def run(session: Session, *, stdin: Optional[TextIO] = None, stdout: Optional[TextIO] = None,
        stderr: Optional[TextIO] = None, history: bool = True) -> int:
    """Interactive when stdin is a terminal, piped otherwise; returns the exit status."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not stdin.isatty():
        return run_piped(session, stdin, stdout, stderr)
    return run_interactive(session, stdout=stdout, stderr=stderr, history=history)


def run_piped(session: Session, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run every input read from ``stdin``; 1 when any failed."""
    from dataway.repl.editing import is_complete

    failed = False
    buffer: list[str] = []
    for raw in stdin:
        line = raw.rstrip("\r\n")
        if buffer and _starts_new_input(buffer, line, session.mode):
            bad, stop = _run_buffer(session, buffer, stdout, stderr)
            failed |= bad
            if stop:
                return 1 if failed else 0
        if not buffer and not line.strip():
            continue
        buffer.append(line)
        text = "\n".join(buffer)
        if is_complete(text, session.mode) and not _waits_for_block_end(text, session.mode):
            bad, stop = _run_buffer(session, buffer, stdout, stderr)
            failed |= bad
            if stop:
                return 1 if failed else 0
    if buffer:
        failed |= _run_buffer(session, buffer, stdout, stderr)[0]
    return 1 if failed else 0


def _starts_new_input(buffer: list[str], line: str, mode: str) -> bool:
    """An unindented line after a pending block starts the next input."""
    return (mode == "code" and bool(line.strip()) and not line[0].isspace()
            and not line.lstrip().startswith(_BLOCK_CONTINUATIONS)
            and _waits_for_block_end("\n".join(buffer), mode))


def _run_buffer(session: Session, buffer: list[str], stdout: TextIO,
                stderr: TextIO) -> tuple[bool, bool]:
    text = "\n".join(buffer).rstrip()
    buffer.clear()
    reply = session.handle(text)
    emit(reply, stdout, stderr)
    return reply.error is not None, reply.quit


def _waits_for_block_end(text: str, mode: str) -> bool:
    """A block input read from a pipe ends at an empty or unindented line, not at once."""
    if mode != "code":
        return False
    lines = text.split("\n")
    return lines[-1].strip() != "" and (text.rstrip().endswith(":") or
                                        (len(lines) > 1 and lines[-1][:1].isspace()))


def run_interactive(session: Session, *, input: Any = None, output: Any = None,
                    stdout: Optional[TextIO] = None, stderr: Optional[TextIO] = None,
                    history: bool = True) -> int:
    """The prompt-toolkit loop; ``input``/``output`` let tests drive it (pipe input,
    DummyOutput)."""
    prompt = build_prompt(session, input=input, output=output, history=history)
    # Load the parser tables and the catalog while the user reads the first prompt, so the
    # first completion is as quick as the others.
    threading.Thread(target=_warm_up, args=(session,), daemon=True).start()
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue
        except EOFError:
            return 0
        reply = session.handle(text)
        emit(reply, stdout, stderr)
        if reply.quit:
            return 0
        # The next input's first line parses as the kept inputs plus one placeholder line:
        # parse it now, while the result is read, so the first keystroke hits the cache.
        threading.Thread(target=_warm_up, args=(session,), daemon=True).start()


def _warm_up(session: Session) -> None:
    try:
        session.complete("m", 1, 1)
    except Exception:  # noqa: BLE001 - warming up is best effort; real requests report
        pass


def build_prompt(session: Session, *, input: Any = None, output: Any = None,
                 history: bool = True) -> Any:
    """The configured PromptSession."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.styles import Style

    from dataway.repl.editing import (STYLE_RULES, DatawayLexer, SessionCompleter,
                                      SessionValidator, continuation_indent, is_complete)

    bindings = KeyBindings()

    @bindings.add("enter")
    def _enter(event: Any) -> None:
        buf = event.current_buffer
        state = buf.complete_state
        if state is not None and state.current_completion is not None:
            buf.apply_completion(state.current_completion)
            return
        if is_complete(buf.text, session.mode):
            buf.validate_and_handle()
        else:
            buf.insert_text("\n" + continuation_indent(buf.document.text_before_cursor))

    @bindings.add("escape", "enter")
    def _newline(event: Any) -> None:
        buf = event.current_buffer
        buf.insert_text("\n" + continuation_indent(buf.document.text_before_cursor))

    store: History = InMemoryHistory()
    if history:
        path = history_path()
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            store = FileHistory(path)
        except OSError:
            pass  # an unwritable cache directory only costs the history
    return PromptSession(
        message=lambda: f"dw[{session.mode}]> ",
        multiline=True,
        prompt_continuation=lambda width, line_number, soft_wrap: "." * (width - 1) + " ",
        lexer=DatawayLexer(lambda: session.mode),
        completer=SessionCompleter(session),
        complete_while_typing=True,
        validator=SessionValidator(session),
        validate_while_typing=False,
        history=store,
        key_bindings=bindings,
        style=Style.from_dict(STYLE_RULES),
        include_default_pygments_style=False,
        input=input,
        output=output,
    )
