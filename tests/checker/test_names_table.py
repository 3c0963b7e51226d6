"""The checker's name tables are the runtime's and the module layer's, and they agree with the
signature catalog the type-aware diagnostics use."""
from __future__ import annotations

import pytest

from dataway.checker import names_table as T
from dataway.tooling import catalog as C


def test_module_members_match_the_catalog():
    assert T.importable_modules() == frozenset(C.MODULES)
    for path in C.MODULES:
        assert T.module_members(path) == frozenset(C.module_members(path)), path


def test_builtins_are_catalogued():
    for name in T.builtin_names() - {"True", "False", "None"}:
        assert C.global_entry(name) is not None, name


@pytest.mark.parametrize("name", ["eval", "exec", "compile", "open", "input", "globals",
                                  "locals", "vars", "dir", "__import__", "setattr", "delattr",
                                  "super", "object", "memoryview", "id", "breakpoint", "exit",
                                  "quit", "help", "complex", "issubclass", "classmethod",
                                  "staticmethod", "property"])
def test_spec_11_not_provided_names_are_unavailable(name):
    assert name in T.unavailable_names()
    assert name not in T.builtin_names()


def test_provided_names_are_not_unavailable():
    assert not (T.builtin_names() & T.unavailable_names())
    assert {"len", "sorted", "ValueError", "RecursionError"} <= T.builtin_names()


def test_module_paths():
    assert T.is_module_path("urllib.parse") and T.is_module_path("Crypto.Cipher.AES")
    assert not T.is_module_path("os") and T.module_members("os") is None
