"""Every case of spec §18 (DC01–DC59 minus DC31, X01–X16) and the §2.3 text-mode table, run
through the embedding API: the value after the boundary, the raw value where the spec gives one,
and errors with their §15.1 code, class, DW code, position and limit name."""
from __future__ import annotations

from typing import Any

import pytest

from spec.cases_code import CODE_CASES
from spec.cases_other import DECISION_CASES, EXPRESSION_CASES, TEXT_CASES
from spec.model import NOTHING, E, ProducedBy, SpecCase, StreamOf, assert_same

ALL_CASES = CODE_CASES + EXPRESSION_CASES + TEXT_CASES + DECISION_CASES


def _dataway():
    dataway = pytest.importorskip("dataway", reason="the dataway package does not import yet")
    try:
        dataway.compile, dataway.Message  # noqa: B018 - probing for landed pieces
    except Exception as exc:
        pytest.skip(f"waiting for the embedding API / runtime Message: {exc!r}")
    return dataway


def _entity_class():
    try:
        from dataway.data import Entity
    except Exception as exc:
        pytest.skip(f"waiting for dataway.data.Entity: {exc!r}")
    return Entity


def _input(value: Any) -> Any:
    """Turn table inputs (Entity records, produced streams) into host values."""
    if isinstance(value, E):
        return _entity_class().from_bytes(value.blob, value.mime, value.encoding)
    if isinstance(value, ProducedBy):
        dataway = _dataway()
        return dataway.compile(value.source).evaluate(dataway.Message()).value
    return value


def _message(case: SpecCase):
    dataway = _dataway()
    return dataway.Message(payload=_input(case.payload), vars=case.vars)


def _steps(case: SpecCase):
    if case.steps is None:
        return None
    dataway = _dataway()
    return {k: dataway.Message(payload=v) for k, v in case.steps.items()}


def _limits(case: SpecCase):
    if not case.limits:
        return None
    dataway = _dataway()
    return dataway.Limits(**case.limits)


def _evaluate(case: SpecCase, raw: bool):
    dataway = _dataway()
    script = dataway.compile(case.source, mode=case.mode, name=f"{case.id}.dw",
                             output_type=case.output_type, limits=_limits(case))
    clock = (lambda: case.clock) if case.clock is not None else None
    return script.evaluate(_message(case), _steps(case), raw=raw, clock=clock,
                           timezone=case.timezone)


def _params(cases: list[SpecCase]) -> list[Any]:
    out = []
    for c in cases:
        marks = [pytest.mark.formats] if c.formats else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def _check_value(case: SpecCase, actual: Any, expected: Any) -> None:
    if isinstance(expected, StreamOf):
        assert "Stream" in str(type(actual)) or type(actual).__name__ == "Stream", actual
        assert_same(list(actual), list(expected.items), "stream items")
        return
    if case.unordered:
        assert isinstance(actual, list), actual
        actual = sorted(actual)
    assert_same(actual, expected)


@pytest.mark.parametrize("case", _params([c for c in ALL_CASES if c.expected is not NOTHING]))
def test_value_after_boundary(case: SpecCase) -> None:
    """The result a component receives (declared-type conversion and boundary applied)."""
    _check_value(case, _evaluate(case, raw=False).value, case.expected)


@pytest.mark.parametrize("case", _params([c for c in ALL_CASES if c.raw is not NOTHING]))
def test_raw_value(case: SpecCase) -> None:
    """``raw=True``: no conversion and no boundary step."""
    _check_value(case, _evaluate(case, raw=True).value, case.raw)


@pytest.mark.parametrize("case", _params([c for c in ALL_CASES if c.error is not None]))
def test_error(case: SpecCase) -> None:
    """Check errors, runtime errors and limit errors with their §15.2 fields."""
    dataway = _dataway()
    want = case.error
    with pytest.raises(dataway.DatawayError) as info:
        _evaluate(case, raw=False)
    err = info.value
    assert err.code == want.code, err.error.text
    if want.type:
        assert err.error.type == want.type, err.error.text
    if want.message_contains:
        assert want.message_contains in err.error.message, err.error.text
    if want.limit:
        assert err.error.limit in want.limit, err.error.text
    if want.dw:
        codes = [d.code for d in err.error.diagnostics if d.is_error]
        assert codes and codes[0] == want.dw, f"{codes}: {err.error.text}"
    if want.line is not None:
        assert (err.error.line, err.error.column) == (want.line, want.column), err.error.text
    if want.code == 1000001:
        assert isinstance(err, dataway.CheckError)
    elif want.code == 1200003:
        assert isinstance(err, dataway.LimitError)
    else:
        assert isinstance(err, dataway.ScriptError)
    assert "Traceback" not in err.error.text or '.py"' not in err.error.text


@pytest.mark.parametrize("case", _params([c for c in ALL_CASES if c.check_code]))
def test_check_diagnostic(case: SpecCase) -> None:
    """Diagnostics the spec names for a case that still runs (DW205 info, DW407 warning)."""
    dataway = _dataway()
    diags = dataway.check(case.source, mode=case.mode)
    assert case.check_code in [d.code for d in diags], diags
    assert not [d for d in diags if d.is_error], diags


def test_every_section_18_case_is_present() -> None:
    """DC01–DC59 except DC31, and X01–X16, each appear at least once."""
    ids = {c.id.split("-")[0] for c in ALL_CASES}
    missing = [f"DC{i:02d}" for i in range(1, 60) if i != 31 and f"DC{i:02d}" not in ids]
    missing += [f"X{i:02d}" for i in range(1, 17) if f"X{i:02d}" not in ids]
    assert not missing
    assert len([c for c in TEXT_CASES]) == 12
