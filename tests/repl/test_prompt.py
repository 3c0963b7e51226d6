"""The interactive REPL driven through prompt-toolkit's pipe input and DummyOutput."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from dataway.repl.app import build_prompt, history_path, run_interactive
from dataway.repl.session import Session

ENTER, TAB, DELETE, CTRL_D = "\r", "\t", "\x1b[3~", "\x04"


def drive(session: Session, *chunks: str, pause: float = 0.3) -> tuple[str, str, int]:
    """Type ``chunks`` (pausing between them so async completion can finish), then Ctrl-D;
    returns (stdout, stderr, exit status)."""
    out, err = io.StringIO(), io.StringIO()
    status: list[int] = []
    with create_pipe_input() as inp:
        worker = threading.Thread(target=lambda: status.append(run_interactive(
            session, input=inp, output=DummyOutput(), stdout=out, stderr=err,
            history=False)))
        worker.start()
        for chunk in chunks:
            inp.send_text(chunk)
            time.sleep(pause)
        inp.send_text(CTRL_D)
        worker.join(30)
        assert not worker.is_alive(), f"REPL did not finish; stdout={out.getvalue()!r}"
    return out.getvalue(), err.getvalue(), status[0]


@pytest.fixture
def session() -> Session:
    s = Session("code", seed=3)
    s.handle(':payload {"name": "Ann", "count": 2}')
    return s


def test_multi_line_definition_then_use(session: Session) -> None:
    out, err, status = drive(session, "def twice(v):" + ENTER, "return v * 2" + ENTER,
                             ENTER, "twice(msg.payload['count'])" + ENTER)
    assert out == "4  # int\n" and err == "" and status == 0
    assert session.top == ["def twice(v):\n    return v * 2"]  # auto-indented body


def test_open_bracket_continues_on_the_next_line(session: Session) -> None:
    out, _, _ = drive(session, "[1," + ENTER, "2]" + ENTER)
    assert out == "[1, 2]  # list\n"


def test_tab_completes_a_payload_key(session: Session) -> None:
    out, err, _ = drive(session, "msg.payload['na", TAB, "'].upper()" + ENTER)
    assert out == "'ANN'  # str\n", err


def test_tab_completes_a_method_of_an_earlier_variable(session: Session) -> None:
    out, err, _ = drive(session, "word = 'abc'" + ENTER, "word.up", TAB, "()" + ENTER)
    assert out == "'ABC'  # str\n", err


def test_invalid_input_is_refused_and_the_cursor_moved_to_the_error(session: Session) -> None:
    # "x = )" is refused before it runs; the cursor lands on ")", so Delete removes it and
    # "5" completes the statement.
    out, err, _ = drive(session, "x = )" + ENTER, DELETE + "5" + ENTER, "x" + ENTER)
    assert out == "5  # int\n"
    assert "SyntaxError" not in err  # the refused input never ran


def test_commands_and_error_display(session: Session) -> None:
    out, err, _ = drive(session, ":mode expression" + ENTER, "msg.payload['missing']" + ENTER,
                        ":help" + ENTER)
    assert "mode: expression" in err
    assert "KeyError: 'missing'" in err and "    msg.payload['missing']" in err
    assert ":payload FILE|JSON" in out


def test_print_output_goes_to_stderr(session: Session) -> None:
    out, err, _ = drive(session, "print('hello')" + ENTER)
    assert out == "" and err == "hello\n"


def test_quit_command_ends_the_loop(session: Session) -> None:
    out, _, status = drive(session, ":quit" + ENTER, "1" + ENTER)
    assert out == "" and status == 0


def test_history_is_persistent(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert history_path() == str(tmp_path / "dataway" / "repl_history")
    session = Session("expression")
    with create_pipe_input() as inp:
        prompt = build_prompt(session, input=inp, output=DummyOutput(), history=True)
        inp.send_text("6 * 7" + ENTER)
        assert prompt.prompt() == "6 * 7"
    assert "6 * 7" in (tmp_path / "dataway" / "repl_history").read_text()
    with create_pipe_input() as inp:  # a new prompt finds it with the Up arrow
        prompt = build_prompt(Session("expression"), input=inp, output=DummyOutput())
        inp.send_text("\x1b[A" + ENTER)
        assert prompt.prompt() == "6 * 7"


def _fragments(session: Session, text: str) -> Iterator[tuple[str, str]]:
    from prompt_toolkit.document import Document

    from dataway.repl.editing import DatawayLexer
    get_line = DatawayLexer(lambda: session.mode).lex_document(Document(text))
    for number in range(text.count("\n") + 1):
        yield from get_line(number)


def test_lexer_highlights_through_prompt_toolkit(session: Session) -> None:
    assert ("class:dw.keyword", "return") in list(_fragments(session, "return 1"))
    session.handle(":mode text")
    assert all(style == "" for style, _ in _fragments(session, "if ${x}"))
