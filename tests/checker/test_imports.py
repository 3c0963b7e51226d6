"""Imports and module members: DW307, DW308, DW403, DW501 (spec §3.4, §12)."""
from __future__ import annotations

import pytest

from tests.checker.helpers import at, check, check_body, codes, one, only


def test_x02_import_os():
    d = one(check_body("import os"), "DW501")
    assert at(d) == (2, 5, 2, 14)
    assert d.message == "No module named 'os'" and d.error_type == "ModuleNotFoundError"


@pytest.mark.parametrize("stmt, missing", [
    ("import os.path", "os"), ("import json.nope", "json.nope"), ("from os import path", "os"),
    ("from urllib.nope import x", "urllib.nope"), ("import re", "re"),
])
def test_dw501_names_the_first_missing_module(stmt, missing):
    assert one(check_body(stmt), "DW501").message == f"No module named '{missing}'"


@pytest.mark.parametrize("stmt", [
    "import json", "import json as j", "import urllib.parse", "from urllib import parse",
    "from datetime import datetime, timedelta", "from Crypto.Cipher import AES",
    "import Crypto.Util.Padding", "from Crypto.Util.Padding import pad, unpad",
    "from decimal import Decimal as D",
])
def test_allowed_imports(stmt):
    diags = check_body(stmt + "\nreturn 1")
    assert not [d for d in diags if d.severity == "error"], diags


def test_dw403_from_import_member():
    d = one(check_body("from json import nope, dumps\nreturn dumps"), "DW403")
    assert d.message == "cannot import name 'nope' from 'json'"
    assert d.error_type == "ImportError"
    assert at(d) == (2, 22, 2, 26)


def test_dw307_and_dw308():
    d = one(check_body("from json import *"), "DW307")
    assert d.message == "star imports are not supported in Dataway" and at(d) == (2, 5, 2, 23)
    d = one(check_body("from . import x"), "DW308")
    assert d.message == "relative imports are not supported in Dataway"
    assert "DW501" not in codes(check_body("from .x import y"))


@pytest.mark.parametrize("src, message, span", [
    ("json.nope", "module 'json' has no attribute 'nope'", (1, 6, 1, 10)),
    ("urllib.parse.nope(1)", "module 'urllib.parse' has no attribute 'nope'", (1, 14, 1, 18)),
    ("Crypto.Cipher.AES.nope", "module 'Crypto.Cipher.AES' has no attribute 'nope'",
     (1, 19, 1, 23)),
    ("math.sleep", "module 'math' has no attribute 'sleep'", (1, 6, 1, 11)),
])
def test_dw403_module_attributes(src, message, span):
    d = one(check(src, "expression"), "DW403")
    assert d.message == message and at(d) == span
    assert d.error_type == "AttributeError"


def test_dw403_through_import_aliases_and_not_on_shadowed_names():
    diags = check_body("import json as j\nfrom urllib import parse\nreturn j.nope, parse.nah")
    assert [d.message for d in only(diags, "DW403")] == [
        "module 'json' has no attribute 'nope'", "module 'urllib.parse' has no attribute 'nah'"]
    diags = check_body("json = msg.payload\nreturn json.nope")
    assert "DW403" not in codes(diags)


def test_valid_module_members():
    src = ("(json.dumps, math.pi, datetime.datetime.now, urllib.parse.quote, "
           "Crypto.Cipher.AES.MODE_GCM, decimal.Decimal, time.struct_time, csv.StringIO)")
    assert check(src, "expression") == []
