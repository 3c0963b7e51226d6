"""Error types (§8): hierarchy matching, custom-type rules, CANCELLED uncatchable."""
from __future__ import annotations

from dataway.engine.errors import ANY, BUILTIN_PARENTS, CustomErrorType, ErrorTypes


def test_builtin_hierarchy() -> None:
    types = ErrorTypes()
    assert types.matches("CONNECTIVITY", "HTTP:CONNECTIVITY")
    assert types.matches("TIMEOUT", "LOCK_TIMEOUT")
    assert not types.matches("CONNECTIVITY", "HTTP:TIMEOUT")
    assert types.matches(ANY, "GENERAL")
    assert not types.matches(ANY, "CANCELLED")
    assert not types.matches("CANCELLED", "CANCELLED")


def test_custom_types_chain_to_general() -> None:
    types = ErrorTypes([CustomErrorType("ORDER", "GENERAL"), CustomErrorType("ORDER:LATE", "ORDER")])
    assert types.ancestors("ORDER:LATE") == ["ORDER:LATE", "ORDER", "GENERAL"]
    assert types.matches("GENERAL", "ORDER:LATE")
    assert not types.matches("ORDER:LATE", "ORDER")


def test_custom_type_rules() -> None:
    bad = [CustomErrorType("lower"), CustomErrorType("ANY"), CustomErrorType("GENERAL"),
           CustomErrorType("HTTP:MINE"), CustomErrorType("OK", "MISSING"),
           CustomErrorType("A", "B"), CustomErrorType("B", "A"), CustomErrorType("OK")]
    found = {(i, f) for i, f, _ in ErrorTypes.problems(bad)}
    assert {(0, "code"), (1, "code"), (2, "code"), (3, "code"), (4, "parent"),
            (5, "parent"), (6, "parent"), (7, "code")} <= found


def test_every_builtin_parent_is_builtin() -> None:
    assert all(p is None or p in BUILTIN_PARENTS for p in BUILTIN_PARENTS.values())
