"""REPL session semantics without a terminal: modes, kept state, commands, errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataway.repl.session import Session


def run(session: Session, *inputs: str) -> list:
    return [session.handle(text) for text in inputs]


@pytest.fixture
def session() -> Session:
    s = Session("code", seed=7)
    s.handle(':payload {"name": "Ann", "items": [{"sku": "A1", "qty": 2}]}')
    return s


def test_results_show_repr_and_dataway_type(session: Session) -> None:
    assert session.handle("msg.payload['name'].upper()").result == "'ANN'  # str"
    assert session.handle("b'x' * 2").result == "b'xx'  # bytes"
    assert session.handle("decimal.Decimal('1.10')").result == "Decimal('1.10')  # Decimal"
    assert session.handle("MultiMap([('a', 1)])").result == "MultiMap([('a', 1)])  # MultiMap"


def test_code_mode_keeps_assignments_definitions_and_imports(session: Session) -> None:
    run(session, "total = 0", "for item in msg.payload['items']:\n    total += item['qty']",
        "def double(v):\n    return v * 2", "import json as j")
    assert session.handle("double(total)").result == "4  # int"
    assert session.handle("j.dumps(total)").result == "'2'  # str"


def test_mutations_persist_across_inputs(session: Session) -> None:
    run(session, "xs = []", "xs.append(1)", "xs.append(2)")
    assert session.handle("xs").result == "[1, 2]  # list"


def test_print_output_is_separate_and_not_repeated(session: Session) -> None:
    first = session.handle("print('one')")
    assert first.log == "one\n" and first.result is None
    second = session.handle("print('two')\n1 + 1")
    assert second.log == "two\n" and second.result == "2  # int"


def test_failed_input_is_not_kept(session: Session) -> None:
    reply = session.handle("y = msg.payload['missing']")
    assert reply.error is not None and reply.error.endswith("KeyError: 'missing'")
    assert "y = msg.payload['missing']" in reply.error
    assert "NameError" in (session.handle("y").error or "")
    assert session.handle("1").result == "1  # int"  # the session still works


def test_check_error_points_into_the_input_with_a_caret(session: Session) -> None:
    reply = session.handle("a = 1\nb = (2 +)")
    assert reply.error is not None
    lines = reply.error.split("\n")
    assert lines[0].startswith("  line 2, column")
    assert lines[1] == "    b = (2 +)"
    assert lines[2].strip() == "^" and lines[2].index("^") == 4 + len("b = (2 +")
    assert lines[-1].startswith("SyntaxError") and "[DW1" in lines[-1]


def test_runtime_error_in_a_function_defined_earlier(session: Session) -> None:
    session.handle("def boom(v):\n    return v['nope']")
    reply = session.handle("boom({})")
    assert reply.error is not None
    assert "line 2 of an earlier input, in boom" in reply.error
    assert reply.error.endswith("KeyError: 'nope'")


def test_expression_and_text_modes(session: Session) -> None:
    session.handle(":mode expression")
    assert session.handle("msg.payload['items'][0]['sku']").result == "'A1'  # str"
    assert session.handle("None").result == "None  # NoneType"
    assert "DW114" in (session.handle("x = 1").error or "")
    session.handle(":mode text")
    assert session.handle("Hi ${msg.payload['name']}!").result == "'Hi Ann!'  # str"
    assert session.handle("${len(msg.payload['items'])}").result == "1  # int"


def test_vars_attrs_and_payload_file(session: Session, tmp_path: Path) -> None:
    assert session.handle(':vars {"region": "eu"}').error is None
    assert session.handle(':attrs {"method": "GET"}').error is None
    assert session.handle("msg.vars['region'] + msg.attrs['method']").result == "'euGET'  # str"
    data = tmp_path / "order.json"
    data.write_text(json.dumps({"id": 42}))
    assert session.handle(f":payload {data}").info == "payload: Entity"
    assert session.handle("msg.payload['id']").result == "42  # int"
    assert session.handle("msg.payload.mime_type").result == "'application/json'  # str"


@pytest.mark.parametrize("command, message", [
    (":vars [1]", ":vars: expected a JSON object, got list"),
    (":attrs {bad", ":attrs: invalid JSON at line 1 column 2"),
    (":payload nosuchfile.json", ":payload: no such file 'nosuchfile.json'"),
    (":mode python", ":mode: expected one of code, expression, text"),
    (":run", ":run: nothing loaded"),
    (":load /nonexistent/x.dw", ":load: cannot read /nonexistent/x.dw"),
    (":frobnicate", "unknown command :frobnicate"),
])
def test_command_errors_name_the_command(session: Session, command: str, message: str) -> None:
    reply = session.handle(command)
    assert reply.error is not None and reply.error.startswith(message)


def test_load_and_run(session: Session, tmp_path: Path) -> None:
    script = tmp_path / "upper.dw"
    script.write_text("def dw_process(msg):\n    print('running')\n"
                      "    return msg.payload['name'].upper()\n")
    assert "loaded" in (session.handle(f":load {script}").info or "")
    reply = session.handle(":run")
    assert reply.result == "'ANN'  # str" and reply.log == "running\n"
    broken = tmp_path / "broken.dw"
    broken.write_text("def dw_process(msg):\n    return msg.payload[\n")
    reply = session.handle(f":load {broken}")
    assert reply.error is not None and str(broken) in reply.error
    assert session.handle(":run").result == "'ANN'  # str"  # the good script stays loaded


def test_defining_dw_process_makes_it_the_loaded_script(session: Session) -> None:
    reply = session.handle("def dw_process(msg):\n    return len(msg.payload['items'])")
    assert reply.result == "1  # int"
    session.handle(':payload {"items": [1, 2, 3]}')
    assert session.handle(":run").result == "3  # int"


def test_reset_forgets_inputs_but_keeps_the_message(session: Session) -> None:
    session.handle("k = 1")
    session.handle(":reset")
    assert "NameError" in (session.handle("k").error or "")
    assert session.handle("msg.payload['name']").result == "'Ann'  # str"


def test_random_is_stable_across_reruns(session: Session) -> None:
    session.handle("r = random.random()")
    first = session.handle("r").result
    assert session.handle("r").result == first


def test_help_and_quit(session: Session) -> None:
    assert ":payload FILE|JSON" in (session.handle(":help").text or "")
    assert session.handle(":quit").quit and session.handle(":q").quit


def test_diagnose_positions_are_in_input_coordinates(session: Session) -> None:
    session.handle("known = 1")
    assert session.diagnose("known + 1") is None
    line, column, message = session.diagnose("a = 1\nb = unknown_name") or (0, 0, "")
    assert (line, column) == (2, 4) and "DW201" in message
    session.handle(":mode expression")
    assert session.diagnose("  1 +") is not None
    assert session.diagnose(":anything") is None


def test_completion_knows_earlier_inputs_and_the_payload(session: Session) -> None:
    session.handle("counter = 1")
    assert [i.label for i in session.complete("coun", 1, 4)] == ["counter"]
    items = session.complete("counter.bit_l", 1, 13)
    assert [(i.label, i.start, i.end) for i in items] == [("bit_length", 8, 13)]
    keys = session.complete("msg.payload['", 1, 13)
    assert [i.label for i in keys] == ["items", "name"]
