"""csv: readers over lines or csv.StringIO, writers to StringIO or lists, refusals."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.limits import Limits
from dataway.modules import PRELOADED
from dataway.runtime.context import LimitExceeded

from .helpers import raises, same

C = PRELOADED["csv"].members

rows = st.lists(st.lists(st.text(alphabet="ab ,\"\n\r'x1", max_size=6), min_size=1, max_size=4),
                max_size=5)


def _host_write(data: list, **fmt: object) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, **fmt).writerows(data)
    return buffer.getvalue()


@settings(max_examples=100, deadline=None)
@given(rows, st.sampled_from(["excel", "excel-tab", "unix"]),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
def test_writer_and_reader_match_cpython(data: list, dialect: str, quoting: int) -> None:
    buffer = C["StringIO"]()
    C["writer"](buffer, dialect, quoting=quoting).writerows(data)
    text = buffer.getvalue()
    assert text == _host_write(data, dialect=dialect, quoting=quoting)
    lines = text.splitlines(keepends=True)
    same(lambda: list(C["reader"](lines, dialect)), lambda: list(csv.reader(lines, dialect)))
    same(lambda: list(C["reader"](C["StringIO"](text), dialect)),
         lambda: list(csv.reader(io.StringIO(text), dialect)))


def test_writer_to_a_list_appends_one_string_per_row() -> None:
    out: list = []
    w = C["writer"](out)
    w.writerow(["a", "b c", 1, None, 1.5])
    w.writerows([["x"], ["y,z"]])
    assert out == ["a,b c,1,,1.5\r\n", "x\r\n", '"y,z"\r\n']


def test_dict_reader_and_writer_match_cpython() -> None:
    lines = ["id,name\r\n", "1,Ann\r\n", "2,Bob,extra\r\n", "3\r\n"]
    reader = C["DictReader"](lines, restkey="more", restval="?")
    assert reader.fieldnames == ["id", "name"]
    got = list(reader)
    assert got == list(csv.DictReader(lines, restkey="more", restval="?"))
    assert reader.line_num == 4
    buffer = C["StringIO"]()
    writer = C["DictWriter"](buffer, ["id", "name"], restval="-")
    writer.writeheader()
    writer.writerows([{"id": 1, "name": "A"}, {"id": 2}])
    assert writer.fieldnames == ["id", "name"]
    assert buffer.getvalue() == "id,name\r\n1,A\r\n2,-\r\n"
    with pytest.raises(ValueError, match="dict contains fields not in fieldnames"):
        writer.writerow({"zzz": 1})


def test_bare_string_input_is_refused_with_a_hint() -> None:
    with raises("TypeError", r"splitlines\(\)|StringIO"):
        list(C["reader"]("a,b\nc,d"))
    with raises("TypeError", "splitlines"):
        C["DictReader"]("a,b\n1,2").fieldnames


def test_dialects_and_format_parameters_are_limited() -> None:
    with pytest.raises(csv.Error, match="unknown dialect"):
        C["reader"]([], "my-dialect")
    with raises("TypeError"):
        C["reader"]([], csv.excel)
    with raises("TypeError", "invalid keyword"):
        C["writer"]([], quoteing=1)
    assert list(C["reader"](["a;b"], delimiter=";", skipinitialspace=True, strict=True)) == \
        [["a", "b"]]
    with raises("TypeError"):
        C["writer"]("not a target")


def test_csv_errors_keep_their_class() -> None:
    with pytest.raises(csv.Error):
        list(C["reader"](['"a'], strict=True))
    with pytest.raises(csv.Error):
        list(C["reader"]([1, 2]))
    exceptions = pytest.importorskip("dataway.runtime.exceptions")
    assert C["Error"] is exceptions.EXC_TYPES["csv.Error"]


def test_reader_line_num_and_opaque_objects() -> None:
    reader = C["reader"](["a\n", "b\n"])
    assert reader.line_num == 0
    next(reader)
    assert reader.line_num == 1
    assert type(reader).dw_attrs == {"line_num"}
    assert " at 0x" not in repr(reader)


def test_string_io_behaves_like_io_string_io() -> None:
    ours, host = C["StringIO"]("one\ntwo\nthree"), io.StringIO("one\ntwo\nthree")
    assert ours.readline() == host.readline()
    assert ours.read(3) == host.read(3)
    assert ours.tell() == host.tell()
    assert ours.seek(0) == host.seek(0)
    assert list(ours) == list(host)
    assert ours.write("!") == host.write("!")
    ours.writelines(["x", "y"])
    host.writelines(["x", "y"])
    assert ours.getvalue() == host.getvalue()
    assert ours.read() == host.read()
    with raises("TypeError"):
        ours.write(b"bytes")
    assert type(ours).dw_attrs == {"write", "writelines", "getvalue", "read", "readline",
                                   "seek", "tell"}


def test_writes_are_size_limited(use_context) -> None:
    use_context(limits=Limits(value_size=50))
    buffer = C["StringIO"]()
    with pytest.raises(LimitExceeded):
        C["writer"](buffer).writerow(["x" * 60])


def test_reading_charges_steps(ctx) -> None:
    before = ctx.steps
    list(C["reader"](["a,b"] * 500))
    assert ctx.steps - before >= 500


def test_type_objects() -> None:
    assert repr(C["StringIO"]) == "<class 'csv.StringIO'>"
    assert repr(C["DictReader"]) == "<class 'csv.DictReader'>"
    types = pytest.importorskip("dataway.runtime.types")
    assert types.type_of(C["StringIO"]()) is C["StringIO"]
    assert types.isinstance_of(C["DictReader"]([]), C["DictReader"])
