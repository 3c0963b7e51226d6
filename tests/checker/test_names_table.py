"""The checker's name tables: the real runtime/module tables when present, the spec's otherwise,
and the two agree (so the fallback can be deleted without changing any diagnostic)."""
from __future__ import annotations

import pytest

from dataway.checker import names_table as T


def test_fallback_builtins_match_the_runtime():
    builtins = pytest.importorskip("dataway.runtime.builtins")
    assert frozenset(builtins.BUILTINS) | {"True", "False", "None"} == T._SPEC_BUILTINS


def test_fallback_modules_match_the_module_layer():
    modules = pytest.importorskip("dataway.modules")
    assert set(modules.IMPORTABLE) == set(T._SPEC_MODULES)
    assert set(modules.PRELOADED) == {p for p in T._SPEC_MODULES if "." not in p}
    for path, names in T._SPEC_MODULES.items():
        assert T.module_members(path) == frozenset(names.split()), path


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
