"""The names the checker knows exist: builtins, refused builtins, preloaded and importable modules.

The runtime (``dataway.runtime.builtins``) and the module layer (``dataway.modules``) own the real
tables; they are imported lazily so the checker works before, and independently of, those layers.
Until both exist this module falls back to the lists of spec §11/§12. The fallback is kept here and
nowhere else so it can be deleted in one place once both layers have landed.
"""
from __future__ import annotations

import builtins as _host_builtins
from functools import lru_cache
from typing import Optional

__all__ = ["builtin_names", "unavailable_names", "preloaded_modules", "importable_modules",
           "module_members", "is_module_path", "DATA_NAMES", "OUTPUT_TYPES"]

#: Dataway classes bound in every mode (spec §2.4).
DATA_NAMES = frozenset({"Entity", "MultiMap", "FormDataParts"})

from dataway.declared import OUTPUT_TYPES  # noqa: E402  (re-exported for the checker)

_SPEC_BUILTINS = frozenset("""
abs all any ascii bin bool bytearray bytes callable chr dict divmod enumerate filter float format
frozenset getattr hasattr hash hex int isinstance iter len list map max min next oct ord pow print
range repr reversed round set slice sorted str sum tuple type zip
Exception ValueError TypeError KeyError IndexError ZeroDivisionError AttributeError NameError
RuntimeError StopIteration AssertionError ArithmeticError LookupError OverflowError
NotImplementedError UnicodeDecodeError UnicodeEncodeError RecursionError
True False None
""".split())

_SPEC_MODULES: dict[str, str] = {
    "time": "time time_ns monotonic strftime strptime gmtime localtime mktime asctime ctime "
            "timezone altzone tzname daylight struct_time",
    "json": "dumps loads JSONDecodeError",
    "math": "acos acosh asin asinh atan atan2 atanh ceil comb copysign cos cosh degrees dist erf "
            "erfc exp expm1 fabs factorial floor fmod frexp fsum gamma gcd hypot isclose isfinite "
            "isinf isnan isqrt lcm ldexp lgamma log log10 log1p log2 modf nextafter perm pow prod "
            "radians remainder sin sinh sqrt tan tanh trunc ulp pi e tau inf nan",
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
                    "urlencode urlparse urlunparse urlsplit urlunsplit urljoin urldefrag parse_qs "
                    "parse_qsl",
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


def _try_import(name: str):
    """Import a sibling layer if it is there; any failure means 'not landed yet'."""
    try:
        return __import__(name, fromlist=["_"])
    except Exception:  # noqa: BLE001 - a half-written layer must not break the checker
        return None


@lru_cache(maxsize=None)
def builtin_names() -> frozenset[str]:
    """Names of the builtins and exception classes scripts may use (spec §11)."""
    mod = _try_import("dataway.runtime.builtins")
    table = getattr(mod, "BUILTINS", None)
    if isinstance(table, dict) and table:
        return frozenset(table) | {"True", "False", "None"}
    return _SPEC_BUILTINS


@lru_cache(maxsize=None)
def unavailable_names() -> frozenset[str]:
    """CPython builtins that Dataway refuses (DW504): the spec list and every unlisted one."""
    mod = _try_import("dataway.runtime.builtins")
    declared = getattr(mod, "UNAVAILABLE", None)
    host = {n for n in dir(_host_builtins) if not n.startswith("_")} | {"__import__"}
    extra = frozenset(declared) if isinstance(declared, (set, frozenset)) else frozenset()
    return frozenset(host - builtin_names()) | extra


@lru_cache(maxsize=None)
def _module_tables() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(members by dotted module path, top-level preloaded names)."""
    mod = _try_import("dataway.modules")
    importable = getattr(mod, "IMPORTABLE", None)
    preloaded = getattr(mod, "PRELOADED", None)
    if isinstance(importable, dict) and importable and isinstance(preloaded, dict):
        members: dict[str, frozenset[str]] = {}
        for path, value in importable.items():
            members[path] = _members_of(mod, path, value)
        for name, value in preloaded.items():
            members.setdefault(name, _members_of(mod, name, value))
        return members, frozenset(preloaded)
    fallback = {path: frozenset(names.split()) for path, names in _SPEC_MODULES.items()}
    return fallback, frozenset(p for p in _SPEC_MODULES if "." not in p)


def _members_of(mod, path: str, value) -> frozenset[str]:
    getter = getattr(mod, "member_names", None)
    if callable(getter):
        try:
            return frozenset(getter(path))
        except Exception:  # noqa: BLE001 - fall back to the module value itself
            pass
    return frozenset(getattr(value, "members", {}) or {})


def preloaded_modules() -> frozenset[str]:
    """Top-level module names bound in every mode (spec §12)."""
    return _module_tables()[1]


def importable_modules() -> frozenset[str]:
    """Every dotted module path an ``import`` may name (spec §3.4)."""
    return frozenset(_module_tables()[0])


def is_module_path(path: str) -> bool:
    """True when ``path`` names an importable module."""
    return path in _module_tables()[0]


def module_members(path: str) -> Optional[frozenset[str]]:
    """The member names of module ``path``, or None when it is not a module."""
    return _module_tables()[0].get(path)
