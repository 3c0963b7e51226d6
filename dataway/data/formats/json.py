"""JSON serialisation and parsing for Entities (spec §8.4).

Serialisation is hand-written because the rules differ from every library's defaults: compact
separators, non-ASCII kept, ``repr()`` floats, Decimal via ``str()``, MultiMap/Entity/datetime
support, and ``\\uXXXX`` only for characters the target encoding cannot represent. String
escaping reuses the C escaper behind CPython's ``json.dumps(ensure_ascii=False)`` so control
characters come out exactly as CPython writes them. Values made only of dicts, lists, tuples
and JSON scalars (checked iteratively, nesting bounded) go through CPython's C encoder, whose
output for them is identical and much faster.

Parsing uses orjson when its result is guaranteed identical to the RFC 8259 rules (it turns
integers beyond 64 bits into floats, so documents with long digit runs go to the stdlib parser),
and CPython's parser otherwise; the latter also supplies CPython's error messages with positions.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import json as _json
import math
import re
from decimal import Decimal
from typing import Any, Optional

import orjson

from ...limits import Limits
from ...runtime.context import LimitExceeded
from ..errors import FormatError, fail, type_name
from ..multimap import MultiMap
from ..tree import active_limits, decode_text
from .json_plain import entity_class, entity_tree, multimap_dict, orjson_exact, plain_form

__all__ = ["dumps", "encode", "parse", "int_to_str"]

_escape_str = _json.encoder.encode_basestring  # C implementation: ensure_ascii=False rules
_HANDLER = "dataway.json-escape"


def _escape_unencodable(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler writing ``\\uXXXX`` (surrogate pairs above U+FFFF)."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    pieces = []
    for ch in exc.object[exc.start:exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            pieces.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            pieces.append(f"\\u{code:04x}")
    return "".join(pieces), exc.end


codecs.register_error(_HANDLER, _escape_unencodable)


def int_to_str(value: int) -> str:
    """``str(value)`` without CPython's 4,300-digit guard (int_digits bounds the size)."""
    if value.bit_length() < 14000:
        return str(value)
    return str(Decimal(value))


def _float_text(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        fail("ValueError", "Out of range float values are not JSON compliant")
    return repr(value)


def _scalar_text(value: Any) -> Optional[str]:
    """The JSON text of a scalar, or None when ``value`` is not a scalar."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _escape_str(value)
    if isinstance(value, int):
        return int_to_str(int(value))
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            fail("ValueError", "Out of range float values are not JSON compliant")
        return str(value)
    if isinstance(value, (_dt.date, _dt.time)):
        return _escape_str(value.isoformat())
    return None


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return _escape_str(key)
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return '"' + int_to_str(int(key)) + '"'
    if isinstance(key, float):
        return '"' + _float_text(key) + '"'
    if isinstance(key, Decimal):
        return _escape_str(str(key))
    fail("TypeError", f"keys must be str, int, float, bool or None, not {type_name(key)}")


def _entries(value: Any) -> Optional[tuple[bool, Any]]:
    """``(is_object, iterator of items)`` for a JSON container value, None for anything else."""
    if isinstance(value, dict):
        return True, iter(list(value.items()))
    if isinstance(value, (list, tuple)):
        return False, iter(list(value))
    if isinstance(value, MultiMap):
        return True, iter(list(value.to_dict().items()))
    to_core = getattr(value, "to_core", None)
    if to_core is not None and hasattr(value, "keys"):
        return True, iter(list(to_core().items()))
    return None


def _unwrap(value: Any) -> Any:
    """An Entity serialises as its parsed value."""
    entity = entity_class()
    while type(value) is entity:
        value = value.parsed()
    return value


_FAST_ENCODER = _json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                                  check_circular=False, default=multimap_dict)
_FAST_DEPTH = 500  # nesting the C encoder may recurse through on any thread's stack


def _plain_text(value: Any, limits: Limits, utf8: bool) -> Any:
    """The fast writers' output for a plain tree (bytes from orjson when ``utf8``, else str),
    or None when the general writer must run."""
    form = plain_form(value, min(limits.value_depth, _FAST_DEPTH), limits.value_size)
    if form is None:
        return None
    plain, orjson_safe = form
    if orjson_safe:
        out = orjson_exact(plain, False)
        if out is not None:
            return out if utf8 else out.decode()
    try:
        return _FAST_ENCODER.encode(plain)
    except (ValueError, TypeError):
        return None  # NaN/inf or a huge int: the general writer reports or handles it


def dumps(value: Any, limits: Optional[Limits] = None) -> str:
    """Compact JSON text of ``value`` per §8.4 (iterative; depth and cycles checked)."""
    limits = active_limits(limits)
    fast = _plain_text(value, limits, False)
    if fast is not None:
        return fast
    return _dumps_general(value, limits)


def _dumps_general(value: Any, limits: Limits) -> str:
    limit = limits.value_depth
    size_limit = limits.value_size
    out: list[str] = []
    # Each frame: [is_object, iterator, container id, first item written?]
    stack: list[list[Any]] = []
    active: set[int] = set()
    pending: Any = value
    has_pending = True
    while True:
        if has_pending:
            item = _unwrap(pending)
            text = _scalar_text(item)
            if text is not None:
                out.append(text)
            else:
                entries = _entries(item)
                if entries is None:
                    fail("TypeError", f"Object of type {type_name(item)} is not JSON serializable")
                ident = id(item)
                if ident in active:
                    fail("ValueError", "Circular reference detected")
                if len(stack) >= limit:
                    raise LimitExceeded("value_depth", limit)
                active.add(ident)
                out.append("{" if entries[0] else "[")
                stack.append([entries[0], entries[1], ident, False])
            has_pending = False
            if len(out) > size_limit:  # every piece is at least one character
                raise LimitExceeded("value_size", size_limit)
        if not stack:
            break
        frame = stack[-1]
        try:
            entry = next(frame[1])
        except StopIteration:
            out.append("}" if frame[0] else "]")
            active.discard(frame[2])
            stack.pop()
            continue
        if frame[3]:
            out.append(",")
        frame[3] = True
        if frame[0]:
            out.append(_key_text(entry[0]))
            out.append(":")
            pending = entry[1]
        else:
            pending = entry
        has_pending = True
    return "".join(out)


def encode(value: Any, encoding: str, limits: Optional[Limits] = None) -> bytes:
    """The Entity blob for ``value``: unrepresentable characters become ``\\uXXXX`` escapes."""
    limits = active_limits(limits)
    utf8 = codecs.lookup(encoding).name == "utf-8"
    trusted = entity_tree(value)
    if trusted is not None:
        out = orjson_exact(*trusted)
        if out is not None and len(out) <= limits.value_size:
            if utf8:
                return out
            return out.decode().encode(encoding, _HANDLER)
    text = _plain_text(value, limits, utf8)
    if text is None:
        text = _dumps_general(value, limits)
    elif type(text) is bytes:
        return text
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates, or characters outside a legacy charset
        return text.encode(encoding, _HANDLER)


# -- parsing ---------------------------------------------------------------------------------

def _reject_constant(name: str) -> Any:
    raise _json.JSONDecodeError(f"{name} is not valid JSON", name, 0)


_DIGIT_MAP = bytes.maketrans(b"123456789", b"0" * 9)
_LONG_RUN = b"0" * 19
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "u8"})


def _has_long_digit_run(blob: bytes) -> bool:
    """True when ``blob`` holds 19+ consecutive digits (orjson would turn such ints into
    floats); byte translation keeps this at C speed, unlike a regex scan."""
    return _LONG_RUN in blob.translate(_DIGIT_MAP)


def parse(blob: bytes, encoding: str, limits: Optional[Limits] = None) -> Any:
    """Parse an RFC 8259 document; returns plain dict/list/str/int/float/bool/None values."""
    limits = active_limits(limits)
    if encoding.lower() in _UTF8_NAMES:
        # orjson validates UTF-8 itself; a failure is re-parsed below for the message.
        source: Any = blob[3:] if blob.startswith(b"\xef\xbb\xbf") else blob
    else:
        source = decode_text(blob, encoding)
    value: Any = None
    parsed = False
    # orjson parses ints of up to 19 digits without an int_digits check.
    if limits.int_digits >= 20 and not _has_long_digit_run(blob):
        try:
            value = _orjson_loads(source, limits.value_depth)
            parsed = True
        except orjson.JSONDecodeError:
            pass  # reparse below for CPython's acceptance rules, messages and depth errors
    if not parsed:
        value = _parse_stdlib(decode_text(blob, encoding), limits)
    return value


def _orjson_bound() -> int:
    """The deepest nesting orjson accepts (a fixed bound of the library), probed once."""
    if not _BOUND:
        depth = 1024
        while depth > 1:
            try:
                orjson.loads(b"[" * depth + b"]" * depth)
                break
            except orjson.JSONDecodeError:
                depth //= 2
        _BOUND.append(depth)
    return _BOUND[0]


_BOUND: list[int] = []


def _orjson_loads(source: Any, depth_limit: int) -> Any:
    """orjson's parse with ``value_depth`` enforced by orjson itself, at no cost per element.

    The document is wrapped in ``bound - depth_limit`` one-element arrays, so a document nesting
    deeper than the limit exceeds orjson's own bound and fails (the caller's fallback then
    reports the LimitError). Each wrapper must hold exactly one element: otherwise the text was
    not one JSON value (``1],[2`` would close a wrapper early) and the fallback reports the
    syntax error."""
    pad = _orjson_bound() - depth_limit
    if pad <= 0:
        return orjson.loads(source)  # orjson's bound is stricter; deeper input falls back
    if isinstance(source, str):
        value = orjson.loads("[" * pad + source + "]" * pad)
    else:
        value = orjson.loads(b"[" * pad + source + b"]" * pad)
    for _ in range(pad):
        if type(value) is not list or len(value) != 1:
            raise orjson.JSONDecodeError("not a single JSON value", "", 0)
        value = value[0]
    return value


_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET_RE = re.compile(r"[\[\]{}]")


def _check_text_depth(text: str, limit: int) -> None:
    """Refuse documents nesting deeper than ``limit`` before CPython's recursive parser sees
    them (the interpreter's recursion limit may be raised far beyond the C stack's room)."""
    depth = 0
    for match in _BRACKET_RE.finditer(_STRING_RE.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                raise LimitExceeded("value_depth", limit)
        else:
            depth -= 1


def _parse_stdlib(text: str, limits: Limits) -> Any:
    digits = limits.int_digits
    if text.count("[") + text.count("{") > limits.value_depth:
        _check_text_depth(text, limits.value_depth)

    def parse_int(s: str) -> int:
        if len(s.lstrip("-")) > digits:
            raise LimitExceeded("int_digits", digits)
        if len(s) > 4000:
            return int(Decimal(s))
        return int(s)

    try:
        return _json.loads(text, parse_int=parse_int, parse_constant=_reject_constant)
    except _json.JSONDecodeError as exc:
        raise FormatError(str(exc)) from None
    except RecursionError:
        raise LimitExceeded("value_depth", limits.value_depth) from None
