"""The data values as scripts see them through the whole pipeline (attribute policy, type
objects, boundary): exactly the §13 names exist, errors are script errors."""
from __future__ import annotations

import pytest

dataway = pytest.importorskip("dataway")


def run(source: str) -> object:
    return dataway.compile(source, mode="expression").evaluate().value


def error_line(source: str) -> str:
    with pytest.raises(dataway.DatawayError) as info:
        run(source)
    return info.value.error.text.splitlines()[-1]


@pytest.mark.parametrize("source, expected", [
    ("str(type(Entity.from_bytes(b'x')))", "Entity"),
    ("str(type(MultiMap()))", "MultiMap"),
    ("str(type(FormDataParts()))", "FormDataParts"),
    ("isinstance(MultiMap(), MultiMap)", True),
    ("MultiMap([('a', '1')], ignore_case=True)['A']", "1"),
    ("MultiMap([('a', 1), ('a', 2)])['*a']['^value']", [1, 2]),
    ("isinstance(MultiMap([('a', 1)])['*a'], list)", True),
    ("Entity.from_value({'a': [1]}, 'application/json').get('a')", [1]),
    ("Entity.from_value({'a': 1}, 'application/json').blob", b'{"a":1}'),
    ("FormDataParts('b').boundary", "b"),
    ("Entity.from_value({'a': 'x'}, 'multipart/form-data')['parts'][0].get('name')", "a"),
    ("str(type(Entity.from_value({'a': 'x'}, 'multipart/form-data')['parts'][0]))",
     "ReadOnlyMap"),
    ("Entity.from_value({'a': 'x'}, 'multipart/form-data')['parts'][0]['filename']", None),
])
def test_values(source: str, expected: object) -> None:
    assert run(source) == expected


@pytest.mark.parametrize("source, last_line", [
    ("Entity(b'x')", "TypeError: Entity() cannot be called directly; use "
                     "Entity.from_value(value, mime_type) or Entity.from_bytes(data, mime_type)"),
    # Refused at check time now that the type-aware pass knows MultiMap's attributes.
    ("MultiMap().ignore_case", "AttributeError: 'MultiMap' object has no attribute "
                               "'ignore_case' [DW404]"),
    ("Entity.from_bytes(b'x').parsed", "AttributeError: 'Entity' object has no attribute "
                                       "'parsed'"),
    ("Entity.from_bytes(b'{', 'application/json')['a']",
     "ValueError: cannot parse Entity as application/json: Expecting property name enclosed in "
     "double quotes: line 1 column 2 (char 1)"),
    ("{'ids': {1}}", "TypeError: cannot return a value of type 'set' from a Dataway script "
                     "(at result['ids']); convert it with list()"),
    ("Entity.from_bytes(b'x', 'text/plain', 'nope')", "LookupError: unknown encoding: nope"),
])
def test_errors(source: str, last_line: str) -> None:
    assert error_line(source) == last_line
