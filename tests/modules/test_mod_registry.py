"""The module tables are exactly spec §12: names, importable paths, members, opacity."""
from __future__ import annotations

import pytest

from dataway.modules import IMPORTABLE, PRELOADED, member_names
from dataway.runtime.values import DWObject, ModuleValue

SPEC_MEMBERS = {
    "time": "time time_ns monotonic strftime strptime gmtime localtime mktime asctime ctime "
            "timezone altzone tzname daylight struct_time",
    "json": "dumps loads JSONDecodeError",
    "math": "acos acosh asin asinh atan atan2 atanh ceil comb copysign cos cosh degrees dist erf "
            "erfc exp expm1 fabs factorial floor fmod frexp fsum gamma gcd hypot isclose "
            "isfinite isinf isnan isqrt lcm ldexp lgamma log log10 log1p log2 modf nextafter perm "
            "pow prod radians remainder sin sinh sqrt tan tanh trunc ulp pi e tau inf nan",
    "base64": "b64encode b64decode standard_b64encode standard_b64decode urlsafe_b64encode "
              "urlsafe_b64decode b32encode b32decode b16encode b16decode b85encode b85decode "
              "a85encode a85decode encodebytes decodebytes",
    "hmac": "new compare_digest digest",
    "random": "seed random randint randrange choice choices shuffle sample uniform getrandbits",
    "hashlib": "md5 sha1 sha224 sha256 sha384 sha512 blake2b new",
    "struct": "pack unpack unpack_from iter_unpack calcsize error",
    "decimal": "Decimal ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_DOWN ROUND_HALF_EVEN "
               "ROUND_HALF_UP ROUND_UP ROUND_05UP DecimalException InvalidOperation "
               "DivisionByZero Overflow",
    "urllib": "parse",
    "urllib.parse": "quote quote_plus quote_from_bytes unquote unquote_plus unquote_to_bytes "
                    "urlencode urlparse urlunparse urlsplit urlunsplit urljoin urldefrag "
                    "parse_qs parse_qsl",
    "csv": "reader writer DictReader DictWriter StringIO QUOTE_ALL QUOTE_MINIMAL "
           "QUOTE_NONNUMERIC QUOTE_NONE Error",
    "datetime": "date time datetime timedelta timezone tzinfo MINYEAR MAXYEAR",
    "socket": "htonl ntohl htons ntohs",
    "Crypto": "Cipher Util",
    "Crypto.Cipher": "AES",
    "Crypto.Cipher.AES": "new MODE_ECB MODE_CBC MODE_CFB MODE_OFB MODE_CTR MODE_GCM block_size "
                         "key_size",
    "Crypto.Util": "Padding",
    "Crypto.Util.Padding": "pad unpad",
}

TOP_LEVEL = "time json math base64 hmac random hashlib struct decimal urllib csv datetime socket Crypto"


def test_preloaded_names_are_the_spec_top_level_modules() -> None:
    assert set(PRELOADED) == set(TOP_LEVEL.split())
    assert all(isinstance(m, ModuleValue) for m in PRELOADED.values())


def test_importable_paths_are_every_module_of_the_spec() -> None:
    assert set(IMPORTABLE) == set(SPEC_MEMBERS)


@pytest.mark.parametrize("path", sorted(SPEC_MEMBERS))
def test_members_are_exactly_the_listed_ones(path: str) -> None:
    assert set(IMPORTABLE[path].members) == set(SPEC_MEMBERS[path].split())
    assert member_names(path) == frozenset(SPEC_MEMBERS[path].split())


def test_member_names_of_unknown_path_is_empty() -> None:
    assert member_names("os") == frozenset()
    assert member_names("json.decoder") == frozenset()


@pytest.mark.parametrize("path", sorted(SPEC_MEMBERS))
def test_module_repr_has_no_address(path: str) -> None:
    assert repr(IMPORTABLE[path]) == f"<module '{path}'>"


def test_submodules_are_the_same_objects_as_their_dotted_paths() -> None:
    assert PRELOADED["urllib"].members["parse"] is IMPORTABLE["urllib.parse"]
    crypto = PRELOADED["Crypto"].members
    assert crypto["Cipher"] is IMPORTABLE["Crypto.Cipher"]
    assert crypto["Cipher"].members["AES"] is IMPORTABLE["Crypto.Cipher.AES"]
    assert crypto["Util"].members["Padding"] is IMPORTABLE["Crypto.Util.Padding"]


def _callables() -> list[tuple[str, object]]:
    found = []
    for path, module in IMPORTABLE.items():
        for name, value in module.members.items():
            if callable(value) and not isinstance(value, ModuleValue):
                found.append((f"{path}.{name}", value))
    return found


@pytest.mark.parametrize("path,value", _callables(), ids=[p for p, _ in _callables()])
def test_callable_members_are_opaque_dataway_objects(path: str, value: object) -> None:
    # No raw host function, class or bound method reaches a script: every callable member is
    # a DWObject whose reachable attributes are only its allowlisted class members.
    assert isinstance(value, DWObject), path
    assert " at 0x" not in repr(value)
    assert all(not name.startswith("_") for name in type(value).dw_attrs)


def test_function_members_print_like_builtins() -> None:
    assert repr(PRELOADED["json"].members["dumps"]) == "<built-in function dumps>"
    assert repr(PRELOADED["math"].members["sqrt"]) == "<built-in function sqrt>"
    assert type(PRELOADED["json"].members["dumps"]).dw_attrs == frozenset()


def test_constants_are_plain_values() -> None:
    import math
    assert PRELOADED["math"].members["pi"] == math.pi
    assert PRELOADED["datetime"].members["MAXYEAR"] == 9999
    assert PRELOADED["csv"].members["QUOTE_ALL"] == 1
    assert IMPORTABLE["Crypto.Cipher.AES"].members["key_size"] == (16, 24, 32)
