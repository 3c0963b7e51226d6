"""The catalog matches what scripts can really reach (no drift in either direction), and its
signatures agree with how the runtime binds calls."""
from __future__ import annotations

from typing import Any

import pytest

import dataway
from dataway.data import Entity, FormDataParts, MultiMap
from dataway.modules import IMPORTABLE
from dataway.runtime import policy
from dataway.runtime.builtins import builtin_namespace
from dataway.runtime.exceptions import EXC_TYPES, ExcType
from dataway.runtime.message import MessageView, ReadOnlyMap
from dataway.runtime.types import STANDARD_TYPES
from dataway.runtime.values import DWObject
from dataway.tooling import catalog


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def test_globals_match_the_builtin_namespace() -> None:
    assert set(catalog.GLOBALS) == set(builtin_namespace())


@pytest.mark.parametrize("path", sorted(IMPORTABLE))
def test_module_members_match(path: str) -> None:
    assert set(catalog.module_members(path)) == set(IMPORTABLE[path].members)


def test_every_catalog_module_is_importable() -> None:
    assert set(catalog.MODULES) == set(IMPORTABLE)


@pytest.mark.parametrize("cls", list(policy._HOST_ATTRS), ids=lambda c: c.__name__)
def test_host_type_members_match_the_policy(cls: type) -> None:
    # The policy's shared URL list names ``params`` for SplitResult too, which has no such
    # field; the catalog lists only names the host class really has.
    reachable = {n for n in policy._HOST_ATTRS[cls] if hasattr(cls, n)}
    assert set(catalog.type_members(cls.__name__)) == reachable


def test_data_and_method_kinds_follow_the_policy() -> None:
    for cls, table in policy._HOST_ATTRS.items():
        for name, kind in table.items():
            if not hasattr(cls, name):
                continue
            entry = catalog.member(cls.__name__, name)
            assert entry is not None
            assert entry.callable == (kind == policy._METHOD), (cls.__name__, name)


@pytest.mark.parametrize("qualified", sorted(STANDARD_TYPES))
def test_type_object_members_match(qualified: str) -> None:
    t = STANDARD_TYPES[qualified]
    key = catalog.TYPE_ALIASES.get(qualified, qualified)
    assert set(catalog.class_members(key)) == set(t.class_attrs)
    methods = {n for n, e in catalog.type_members(key).items() if e.kind == "method"}
    assert methods == set(t.unbound)
    assert set(catalog.type_object_members(key)) == set(t.class_attrs) | set(t.unbound)


def _crypto_kinds() -> set[type]:
    from dataway.modules import crypto

    return set(crypto._KINDS.values())


def test_dataway_objects_match_their_dw_attrs() -> None:
    checked = set()
    for cls in _subclasses(DWObject):
        attrs = getattr(cls, "dw_attrs", None)
        if not isinstance(attrs, frozenset) or not attrs:
            continue
        key = cls.__dict__.get("dw_type_name") or cls.dw_type_name
        if key == "object":
            continue  # an abstract base; its concrete subclasses are checked by name
        if cls in _crypto_kinds():
            # One class per pycryptodome mode (CbcMode, EcbMode…), made when a cipher of that
            # mode is first created: each shows a subset of the catalog's AesCipher members.
            assert set(attrs) <= set(catalog.type_members("AesCipher")), key
            continue
        assert key in catalog.TYPES, f"{cls.__name__} ({key}) has no catalog entry"
        assert set(catalog.type_members(key)) == set(attrs), key
        checked.add(key)
    assert {"Entity", "MultiMap", "FormDataParts", "Message", "ReadOnlyMap", "HASH",
            "StringIO", "DictWriter"} <= checked


def test_dataway_type_objects_match_dw_class_attrs() -> None:
    for cls in (Entity, MultiMap, FormDataParts, MessageView, ReadOnlyMap):
        key = cls.dw_type_name
        assert set(catalog.class_members(key)) == set(cls.dw_class_attrs), key


def _aes_kinds() -> list[DWObject]:
    aes = IMPORTABLE["Crypto.Cipher.AES"].members
    key = b"k" * 16
    out = []
    for mode_name in ("MODE_ECB", "MODE_CBC", "MODE_CFB", "MODE_OFB", "MODE_CTR", "MODE_GCM"):
        mode = aes[mode_name]
        kwargs = {"nonce": b"n" * 8} if mode_name == "MODE_CTR" else {}
        out.append(aes["new"](key, mode, **kwargs))
    return out


def test_aes_cipher_members_are_the_union_of_every_mode() -> None:
    union: set[str] = set()
    for cipher in _aes_kinds():
        assert catalog.type_key(cipher) == "AesCipher"
        union |= set(cipher.dw_attrs)
    assert union == set(catalog.type_members("AesCipher"))


def _all_exc_types() -> list[ExcType]:
    found = list(EXC_TYPES.values())
    for module in IMPORTABLE.values():
        found += [v for v in module.members.values() if isinstance(v, ExcType)]
    return found


def test_exception_attributes_match() -> None:
    for exc in _all_exc_types():
        key = exc.name if exc.name in catalog.TYPES else "exception"
        assert set(catalog.type_members(key)) == {"args"} | set(exc.extra_attrs), exc.name


def test_entries_are_documented_and_well_formed() -> None:
    tables = [catalog.GLOBALS, catalog.SELECTORS, *catalog.MODULES.values(),
              *catalog.TYPES.values(), *catalog.CLASS_MEMBERS.values()]
    for table in tables:
        for name, entry in table.items():
            assert entry.name == name
            assert len(entry.doc) > 3 and entry.doc.endswith("."), entry.qualified
            assert "$T" not in entry.signature() and "$S" not in entry.signature()


def test_return_types_name_catalog_types() -> None:
    known = set(catalog.TYPES) | {"any", "number", "iterator", "None", "module", "type",
                                  "tzinfo"}
    for table in [catalog.GLOBALS, *catalog.MODULES.values(), *catalog.TYPES.values(),
                  *catalog.CLASS_MEMBERS.values()]:
        for entry in table.values():
            if entry.returns and entry.kind != "exception":
                for part in entry.returns.split("|"):
                    assert part in known, (entry.qualified, part)


_CALLS = [
    # (entry, positional count, keywords, expected error substring or None)
    (("", "len"), 1, (), None),
    (("", "len"), 2, (), "takes 1 positional argument but 2 were given"),
    (("", "len"), 0, (), "missing required argument: 'obj'"),
    (("", "sorted"), 1, ("key", "reverse"), None),
    (("", "sorted"), 1, ("cmp",), "unexpected keyword argument 'cmp'"),
    (("", "sorted"), 0, ("iterable",), "positional-only"),
    (("", "round"), 3, (), "from 1 to 2 positional arguments"),
    (("json", "dumps"), 1, ("indent", "sort_keys"), None),
    (("json", "dumps"), 2, (), "takes 1 positional argument"),
    (("urllib.parse", "urlencode"), 1, ("doseq",), None),
    (("str", "split"), 0, ("maxsplit",), None),
    (("str", "split"), 1, ("sep",), "multiple values for argument 'sep'"),
    (("str", "strip"), 2, (), "takes from 0 to 1 positional arguments"),
    (("dict", "update"), 0, ("anything",), None),
    (("csv", "reader"), 1, ("delimiter",), None),
]


def _entry(owner: str, name: str) -> catalog.Entry:
    if not owner:
        return catalog.GLOBALS[name]
    if owner in catalog.MODULES:
        return catalog.MODULES[owner][name]
    return catalog.TYPES[owner][name]


@pytest.mark.parametrize("where, positional, keywords, expected", _CALLS)
def test_call_errors(where: tuple[str, str], positional: int, keywords: tuple[str, ...],
                     expected: str | None) -> None:
    error = _entry(*where).call_error(positional, keywords)
    if expected is None:
        assert error is None
    else:
        assert error is not None and expected in error


@pytest.mark.parametrize("source, ok", [
    ("len([1], [2])", False), ("len([1])", True), ("'a b'.split(maxsplit=1)", True),
    ("sorted([2, 1], reverse=True)", True), ("json.dumps({}, indent=2)", True),
    ("'a'.strip('a', 'b')", False), ("round(1.5, 1, 2)", False),
])
def test_catalog_agrees_with_the_runtime(source: str, ok: bool) -> None:
    """A call the catalog accepts runs, and one it refuses raises TypeError at run time."""
    import ast
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call)
    if isinstance(call.func, ast.Name):
        entry = catalog.GLOBALS[call.func.id]
    else:
        assert isinstance(call.func, ast.Attribute)
        receiver = call.func.value
        if isinstance(receiver, ast.Name):
            entry = catalog.MODULES[receiver.id][call.func.attr]
        else:
            assert isinstance(receiver, ast.Constant)
            entry = catalog.TYPES[type(receiver.value).__name__][call.func.attr]
    error = entry.call_error(len(call.args), [k.arg for k in call.keywords if k.arg])
    if ok:
        assert error is None
        dataway.compile(source, mode="expression").evaluate()
    else:
        assert error is not None
        # The checker may already refuse it (DW401); otherwise the run raises TypeError.
        with pytest.raises((dataway.CheckError, dataway.ScriptError), match="TypeError"):
            dataway.compile(source, mode="expression").evaluate()


def test_signature_rendering() -> None:
    assert catalog.GLOBALS["sorted"].signature() == \
        "sorted(iterable, /, *, key=None, reverse=False) -> list"
    assert catalog.TYPES["Message"]["payload"].signature() == "payload: any"
    assert catalog.GLOBALS["MultiMap"].signature() == "MultiMap(source=None, *, ignore_case=False)"
    assert catalog.SELECTORS["^blob"].returns == "bytes"


def test_type_key_of_runtime_values() -> None:
    import datetime
    import decimal
    assert catalog.type_key("x") == "str"
    assert catalog.type_key(True) == "bool"
    assert catalog.type_key(decimal.Decimal(1)) == "Decimal"
    assert catalog.type_key(datetime.datetime(2020, 1, 1)) == "datetime"
    assert catalog.type_key(MultiMap()) == "MultiMap"
    assert catalog.type_key(None) == "NoneType"


def _host_signature_cases() -> list[tuple[str, str, Any]]:
    """(type key, method, host callable) for catalog methods whose CPython signature is
    introspectable, so the hand-written signature can be checked against the real one."""
    import datetime
    import decimal
    import inspect
    hosts = {"str": str, "bytes": bytes, "bytearray": bytearray, "list": list, "tuple": tuple,
             "dict": dict, "set": set, "frozenset": frozenset, "int": int, "float": float,
             "Decimal": decimal.Decimal, "datetime": datetime.datetime,
             "date": datetime.date, "timedelta": datetime.timedelta}
    out = []
    for key, host in hosts.items():
        for name, entry in catalog.type_members(key).items():
            if not entry.callable:
                continue
            try:
                inspect.signature(getattr(host, name))
            except (ValueError, TypeError):
                continue
            out.append((key, name, getattr(host, name)))
    return out


_HOST_CASES = _host_signature_cases()


@pytest.mark.parametrize("key, name, host", _HOST_CASES,
                         ids=[f"{k}.{n}" for k, n, _ in _HOST_CASES])
def test_method_signatures_bind_like_cpython(key: str, name: str, host: Any) -> None:
    """Differential: for every positional count 0-4 and every keyword set drawn from the
    parameter names (plus an unknown one), the catalog refuses exactly what CPython's own
    signature refuses (``self`` supplied)."""
    import inspect
    from itertools import combinations
    entry = catalog.type_members(key)[name]
    sig = inspect.signature(host)
    # Dataway removes decimal's context= arguments (spec §12): CPython accepts them, the
    # catalog (like the runtime) does not.
    removed = {"context"} if key == "Decimal" else set()
    sig = sig.replace(parameters=[p for p in sig.parameters.values() if p.name not in removed])
    names = sorted({p.name for p in entry.params or ()} |
                   {p.name for p in sig.parameters.values()} - {"self"} - removed) + ["bogus"]
    if removed:
        assert entry.call_error(0, ["context"]) is not None
    for positional in range(5):
        for size in range(3):
            for keywords in combinations(names, size):
                try:
                    sig.bind(None, *range(positional), **{k: 0 for k in keywords})
                    host_ok = True
                except TypeError:
                    host_ok = False
                ours = entry.call_error(positional, keywords) is None
                assert ours == host_ok, (key, name, positional, keywords, str(sig))


def _host_function_cases() -> list[tuple[str, str, Any]]:
    """(module path or '' for builtins, name, host callable) with an introspectable CPython
    signature."""
    import base64
    import builtins
    import inspect
    import json
    import math
    import socket
    import struct
    import urllib.parse
    hosts = {"": builtins, "math": math, "base64": base64, "json": json, "socket": socket,
             "struct": struct, "urllib.parse": urllib.parse}
    out = []
    for path, module in hosts.items():
        table = catalog.GLOBALS if not path else catalog.module_members(path)
        for name, entry in table.items():
            if entry.kind != "function" or not hasattr(module, name):
                continue
            try:
                inspect.signature(getattr(module, name))
            except (ValueError, TypeError):
                continue
            out.append((path, name, getattr(module, name)))
    return out


_FUNCTION_CASES = _host_function_cases()
# Arguments Dataway removes (spec §11/§12): CPython accepts them, scripts may not pass them.
_REMOVED = {("", "print"): {"file"}, ("json", "dumps"): {"cls", "kw"},
            ("json", "loads"): {"cls", "kw"}}


@pytest.mark.parametrize("path, name, host", _FUNCTION_CASES,
                         ids=[f"{p or 'builtins'}.{n}" for p, n, _ in _FUNCTION_CASES])
def test_function_signatures_bind_like_cpython(path: str, name: str, host: Any) -> None:
    """Differential, as for methods: builtins and module functions bind like CPython's own
    signatures, minus the arguments Dataway removes."""
    import inspect
    from itertools import combinations
    entry = (catalog.GLOBALS if not path else catalog.module_members(path))[name]
    removed = _REMOVED.get((path, name), set())
    sig = inspect.signature(host)
    sig = sig.replace(parameters=[p for p in sig.parameters.values() if p.name not in removed])
    names = sorted({p.name for p in entry.params or ()} |
                   {p.name for p in sig.parameters.values()}) + ["bogus"]
    for positional in range(5):
        for size in range(3):
            for keywords in combinations(names, size):
                try:
                    sig.bind(*range(positional), **{k: 0 for k in keywords})
                    host_ok = True
                except TypeError:
                    host_ok = False
                ours = entry.call_error(positional, keywords) is None
                assert ours == host_ok, (path, name, positional, keywords, str(sig))
