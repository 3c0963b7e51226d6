"""Catalog tables: attributes and methods per Dataway type (spec §6, §8, §9, §13).

Line format: see :mod:`dataway.tooling.catalog`; ``$T`` is the owning type. Type keys are
host class names (``str``, ``Decimal``, ``ParseResult``) and Dataway ``dw_type_name``s
(``Entity``, ``Message``, ``ReadOnlyMap``, ``HASH``).
"""
from __future__ import annotations

from typing import Iterator

_TEXT_COMMON = """
capitalize() -> $T -- Copy with the first character upper case and the rest lower case.
center(width, fillchar=' ', /) -> $T -- Centred in a field of the given width.
count(sub, start=None, end=None, /) -> int -- Number of non-overlapping occurrences of sub.
endswith(suffix, start=None, end=None, /) -> bool -- True when it ends with suffix (or one of a tuple of suffixes).
expandtabs(tabsize=8) -> $T -- Tabs replaced by spaces up to the next tab stop.
find(sub, start=None, end=None, /) -> int -- Lowest index of sub, or -1.
index(sub, start=None, end=None, /) -> int -- Lowest index of sub; ValueError when absent.
isalnum() -> bool -- True when non-empty and all characters are letters or digits.
isalpha() -> bool -- True when non-empty and all characters are letters.
isascii() -> bool -- True when all characters are ASCII.
isdigit() -> bool -- True when non-empty and all characters are digits.
islower() -> bool -- True when all cased characters are lower case (and there is one).
isspace() -> bool -- True when non-empty and all characters are whitespace.
istitle() -> bool -- True when words start upper case and continue lower case.
isupper() -> bool -- True when all cased characters are upper case (and there is one).
join(iterable, /) -> $T -- Concatenate the iterable's items with this value between them.
ljust(width, fillchar=' ', /) -> $T -- Left-justified in a field of the given width.
lower() -> $T -- Copy in lower case.
lstrip(chars=None, /) -> $T -- Copy without leading whitespace (or the given characters).
partition(sep, /) -> tuple -- (before, sep, after) around the first sep.
removeprefix(prefix, /) -> $T -- Copy without prefix when it starts with it.
removesuffix(suffix, /) -> $T -- Copy without suffix when it ends with it.
replace(old, new, count=-1, /) -> $T -- Copy with occurrences of old replaced by new.
rfind(sub, start=None, end=None, /) -> int -- Highest index of sub, or -1.
rindex(sub, start=None, end=None, /) -> int -- Highest index of sub; ValueError when absent.
rjust(width, fillchar=' ', /) -> $T -- Right-justified in a field of the given width.
rpartition(sep, /) -> tuple -- (before, sep, after) around the last sep.
rsplit(sep=None, maxsplit=-1) -> list -- Split from the right at sep (runs of whitespace when None).
rstrip(chars=None, /) -> $T -- Copy without trailing whitespace (or the given characters).
split(sep=None, maxsplit=-1) -> list -- Split at sep (runs of whitespace when None).
splitlines(keepends=False) -> list -- Split at line boundaries.
startswith(prefix, start=None, end=None, /) -> bool -- True when it starts with prefix (or one of a tuple of prefixes).
strip(chars=None, /) -> $T -- Copy without surrounding whitespace (or the given characters).
swapcase() -> $T -- Copy with upper and lower case swapped.
title() -> $T -- Copy with every word capitalised.
upper() -> $T -- Copy in upper case.
zfill(width, /) -> $T -- Padded on the left with zeros to the given width.
"""

_STR = _TEXT_COMMON + """
casefold() -> str -- Copy for caseless comparison.
encode(encoding='utf-8', errors='strict') -> bytes -- Encode to bytes.
format(*args, **kwargs) -> str -- Substitute {} fields with the arguments.
format_map(mapping, /) -> str -- Substitute {name} fields from a mapping.
isdecimal() -> bool -- True when non-empty and all characters are decimal digits.
isidentifier() -> bool -- True when it is a valid identifier.
isnumeric() -> bool -- True when non-empty and all characters are numeric.
isprintable() -> bool -- True when all characters are printable.
translate(table, /) -> str -- Copy with characters mapped through a translation table.
"""

_BYTES = _TEXT_COMMON + """
decode(encoding='utf-8', errors='strict') -> str -- Decode to text.
hex(sep=None, bytes_per_sep=1) -> str -- Hexadecimal text of the bytes.
translate(table, /, delete=b'') -> $T -- Copy with bytes mapped through a 256-byte table and delete bytes removed.
"""

_BYTEARRAY = _BYTES + """
append(item, /) -> None -- Append one byte (an int 0-255).
clear() -> None -- Remove all bytes.
copy() -> bytearray -- Shallow copy.
extend(iterable_of_ints, /) -> None -- Append the bytes of an iterable.
insert(index, item, /) -> None -- Insert one byte before index.
pop(index=-1, /) -> int -- Remove and return the byte at index.
remove(value, /) -> None -- Remove the first occurrence of a byte value.
reverse() -> None -- Reverse in place.
"""

_INT = """
bit_length() -> int -- Number of bits needed for the absolute value.
bit_count() -> int -- Number of one bits in the absolute value.
to_bytes(length=1, byteorder='big', *, signed=False) -> bytes -- Bytes representing the integer.
conjugate() -> int -- The number itself.
real: int -- The number itself.
imag: int -- Always 0.
numerator: int -- The number itself.
denominator: int -- Always 1.
as_integer_ratio() -> tuple -- (self, 1).
"""

_FLOAT = """
is_integer() -> bool -- True when the value has no fractional part.
hex() -> str -- Exact hexadecimal text of the float.
as_integer_ratio() -> tuple -- Integer pair whose ratio equals the float exactly.
conjugate() -> float -- The number itself.
real: float -- The number itself.
imag: float -- Always 0.0.
"""

_LIST = """
append(object, /) -> None -- Add an element at the end.
clear() -> None -- Remove all elements.
copy() -> list -- Shallow copy.
count(value, /) -> int -- Number of elements equal to value.
extend(iterable, /) -> None -- Append the iterable's elements.
index(value, start=0, stop=None, /) -> int -- Index of the first element equal to value.
insert(index, object, /) -> None -- Insert before index.
pop(index=-1, /) -> any -- Remove and return the element at index.
remove(value, /) -> None -- Remove the first element equal to value.
reverse() -> None -- Reverse in place.
sort(*, key=None, reverse=False) -> None -- Sort in place (stable).
"""

_TUPLE = """
count(value, /) -> int -- Number of elements equal to value.
index(value, start=0, stop=None, /) -> int -- Index of the first element equal to value.
"""

_DICT = """
clear() -> None -- Remove all items.
copy() -> dict -- Shallow copy.
get(key, default=None, /) -> any -- The value for key, or default.
items() -> dict_items -- View of (key, value) pairs.
keys() -> dict_keys -- View of the keys.
pop(key, default=None, /) -> any -- Remove key and return its value (default, else KeyError, when absent).
popitem() -> tuple -- Remove and return the last inserted pair.
setdefault(key, default=None, /) -> any -- The value for key, inserting default when absent.
update(other=None, /, **kwargs) -> None -- Add or replace items from a mapping, pairs or keywords.
values() -> dict_values -- View of the values.
"""

_SET_READ = """
copy() -> $T -- Shallow copy.
difference(*others) -> $T -- Elements not in the others.
intersection(*others) -> $T -- Elements common to all.
isdisjoint(other, /) -> bool -- True when there is no common element.
issubset(other, /) -> bool -- True when every element is in other.
issuperset(other, /) -> bool -- True when every element of other is in this set.
symmetric_difference(other, /) -> $T -- Elements in exactly one of the two.
union(*others) -> $T -- Elements in any of them.
"""

_SET = _SET_READ + """
add(element, /) -> None -- Add an element.
clear() -> None -- Remove all elements.
difference_update(*others) -> None -- Remove the elements of the others.
discard(element, /) -> None -- Remove an element when present.
intersection_update(*others) -> None -- Keep only elements common to all.
pop() -> any -- Remove and return an arbitrary element.
remove(element, /) -> None -- Remove an element; KeyError when absent.
symmetric_difference_update(other, /) -> None -- Keep elements in exactly one of the two.
update(*others) -> None -- Add the elements of the others.
"""

_DECIMAL = """
adjusted() -> int -- Exponent of the most significant digit.
as_integer_ratio() -> tuple -- Integer pair with the same exact value.
as_tuple() -> DecimalTuple -- (sign, digits, exponent).
compare(other) -> Decimal -- -1, 0 or 1 as a Decimal (NaN for NaN operands).
compare_total(other) -> Decimal -- Compare by abstract representation (total order).
conjugate() -> Decimal -- The number itself.
copy_abs() -> Decimal -- Absolute value without rounding.
copy_negate() -> Decimal -- Negation without rounding.
copy_sign(other) -> Decimal -- Copy with the sign of other.
exp() -> Decimal -- e raised to this value.
fma(other, third) -> Decimal -- self * other + third with one rounding.
imag: Decimal -- Always 0.
real: Decimal -- The number itself.
is_finite() -> bool -- True when neither infinite nor NaN.
is_infinite() -> bool -- True when infinite.
is_nan() -> bool -- True when a quiet or signalling NaN.
is_qnan() -> bool -- True when a quiet NaN.
is_signed() -> bool -- True when the sign is negative (including -0).
is_snan() -> bool -- True when a signalling NaN.
is_zero() -> bool -- True when zero.
ln() -> Decimal -- Natural logarithm.
log10() -> Decimal -- Base-10 logarithm.
logb() -> Decimal -- Adjusted exponent as a Decimal.
max(other) -> Decimal -- Larger of the two.
min(other) -> Decimal -- Smaller of the two.
next_minus() -> Decimal -- Largest representable number below.
next_plus() -> Decimal -- Smallest representable number above.
normalize() -> Decimal -- Trailing zeros stripped.
number_class() -> str -- Class name such as '+Normal' or '-Zero'.
quantize(exp, rounding=None) -> Decimal -- Rounded to the exponent of exp (the way to round).
radix() -> Decimal -- Always Decimal(10).
remainder_near(other) -> Decimal -- Remainder from rounding the quotient to nearest.
same_quantum(other) -> bool -- True when both have the same exponent.
scaleb(other) -> Decimal -- Exponent adjusted by other.
sqrt() -> Decimal -- Square root.
to_eng_string() -> str -- Text in engineering notation.
to_integral(rounding=None) -> Decimal -- Rounded to an integer value.
to_integral_exact(rounding=None) -> Decimal -- Rounded to an integer, signalling inexact results.
to_integral_value(rounding=None) -> Decimal -- Rounded to an integer value.
"""

_DATE_COMMON = """
year: int -- Year (1-9999).
month: int -- Month (1-12).
day: int -- Day of the month.
timetuple() -> struct_time -- As a time tuple.
toordinal() -> int -- Proleptic Gregorian ordinal (1 January of year 1 is 1).
weekday() -> int -- Day of the week, Monday 0.
isoweekday() -> int -- Day of the week, Monday 1.
isocalendar() -> IsoCalendarDate -- (ISO year, week, weekday).
ctime() -> str -- 'Sun Jun 20 23:21:05 1993' style text.
strftime(format) -> str -- Formatted with % directives.
"""

_TIME_COMMON = """
hour: int -- Hour (0-23).
minute: int -- Minute (0-59).
second: int -- Second (0-59).
microsecond: int -- Microsecond (0-999999).
tzinfo: timezone|None -- Time zone, None when naive.
fold: int -- 1 for the second of two repeated wall times, else 0.
utcoffset() -> timedelta|None -- Offset from UTC (None when naive).
dst() -> timedelta|None -- Daylight-saving adjustment (None when naive).
tzname() -> str|None -- Time zone name (None when naive).
"""

_DATETIME = _DATE_COMMON + _TIME_COMMON + """
date() -> date -- The date part.
time() -> time -- The time part without zone.
timetz() -> time -- The time part with zone.
replace(year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None, tzinfo=None, *, fold=None) -> datetime -- Copy with the given fields changed.
astimezone(tz=None) -> datetime -- Same instant in another zone (the evaluation zone when omitted).
utctimetuple() -> struct_time -- UTC time tuple.
timestamp() -> float -- POSIX seconds (naive values count as local time).
isoformat(sep='T', timespec='auto') -> str -- ISO 8601 text.
"""

_DATE = _DATE_COMMON + """
replace(year=None, month=None, day=None) -> date -- Copy with the given fields changed.
isoformat() -> str -- 'YYYY-MM-DD'.
"""

_TIME = _TIME_COMMON + """
replace(hour=None, minute=None, second=None, microsecond=None, tzinfo=None, *, fold=None) -> time -- Copy with the given fields changed.
isoformat(timespec='auto') -> str -- ISO 8601 text.
strftime(format) -> str -- Formatted with % directives.
"""

_TZ = """
utcoffset(dt, /) -> timedelta -- Offset from UTC.
tzname(dt, /) -> str -- Zone name.
dst(dt, /) -> timedelta|None -- Daylight-saving adjustment.
"""

_STRUCT_TIME = """
tm_year: int -- Year.
tm_mon: int -- Month (1-12).
tm_mday: int -- Day of the month.
tm_hour: int -- Hour.
tm_min: int -- Minute.
tm_sec: int -- Second.
tm_wday: int -- Day of the week, Monday 0.
tm_yday: int -- Day of the year (1-366).
tm_isdst: int -- 1 in daylight-saving time, 0 if not, -1 unknown.
tm_zone: str -- Zone abbreviation.
tm_gmtoff: int -- Offset east of UTC in seconds.
""" + _TUPLE

_URL = """
scheme: $S -- URL scheme ('https').
netloc: $S -- Network location ('user@host:port').
path: $S -- Hierarchical path.
query: $S -- Query string without '?'.
fragment: $S -- Fragment without '#'.
username: $S|None -- User name from netloc.
password: $S|None -- Password from netloc.
hostname: $S|None -- Host name in lower case.
port: int|None -- Port number.
geturl() -> $S -- The URL re-assembled.
""" + _TUPLE

_DEFRAG = """
url: $S -- URL without fragment.
fragment: $S -- The fragment.
geturl() -> $S -- The URL re-assembled.
""" + _TUPLE

_READ_ONLY_MAP = """
get(key, default=None, /) -> any -- The value for key, or default.
keys() -> dict_keys -- View of the keys.
values() -> dict_values -- View of the values.
items() -> dict_items -- View of the (key, value) pairs.
copy() -> dict -- A mutable dict copy.
"""

_MESSAGE = """
field payload: any -- Main data of the message (a private copy; may be a Stream).
field vars: ReadOnlyMap -- Flow variables set by components (read-only).
field var: ReadOnlyMap -- Legacy alias of vars.
field attrs: ReadOnlyMap -- Metadata from triggers and connectors (HTTP method, headers, ...).
field attributes: ReadOnlyMap -- Alias of attrs.
field attr: ReadOnlyMap -- Legacy alias of attrs.
field id: str -- Unique id of this message.
field seq_id: str -- Id shared by every message descending from one trigger event.
field error: ReadOnlyMap|None -- {'Code': ..., 'Description': ...} of a caught error, else None.
field isthrowing: bool -- True exactly when error is not None.
"""

_ENTITY = """
blob: bytes -- The raw body bytes.
mime_type: str -- The MIME type as stored.
encoding: str -- The text codec name.
get(key, default=None) -> any -- Key or index of the parsed value, or default.
"""

_MULTIMAP = """
get(key, default=None) -> any -- First value for key, or default.
getall(key) -> list -- All values for key (empty list when none).
add(key, value) -> None -- Append a pair.
keys() -> list -- Key of every pair (repeats included).
values() -> list -- Value of every pair.
items() -> list -- Every (key, value) pair.
to_dict() -> dict -- Dict with repeated keys collected into lists.
copy() -> MultiMap -- Independent copy.
"""

_FORMDATA = """
get(name, default=None) -> ReadOnlyMap -- First part with that name, or default.
getall(name) -> list -- All parts with that name.
add(name, content, filename=None, content_type=None, headers=None) -> None -- Append a part (str, bytes or Entity content).
keys() -> list -- Part names in order.
values() -> list -- Parts in order.
items() -> list -- (name, part) pairs in order.
boundary: str|None -- The boundary it was parsed with.
"""

_DIGEST = """
update(data) -> None -- Feed more bytes.
digest() -> bytes -- Digest of the bytes fed so far.
hexdigest() -> str -- Digest as lowercase hexadecimal text.
copy() -> $T -- Independent copy of the current state.
name: str -- Algorithm name.
digest_size: int -- Digest length in bytes.
block_size: int -- Internal block length in bytes.
"""

_AES = """
encrypt(plaintext, output=None) -> bytes -- Encrypt (ECB/CBC need whole blocks).
decrypt(ciphertext, output=None) -> bytes -- Decrypt.
encrypt_and_digest(plaintext, output=None) -> tuple -- GCM: (ciphertext, tag).
decrypt_and_verify(ciphertext, received_mac_tag, output=None) -> bytes -- GCM: decrypt and check the tag.
digest() -> bytes -- GCM: authentication tag.
hexdigest() -> str -- GCM: tag as hexadecimal text.
verify(received_mac_tag) -> None -- GCM: ValueError unless the tag matches.
hexverify(hex_mac_tag) -> None -- GCM: verify a hexadecimal tag.
update(assoc_data) -> AesCipher -- GCM: feed associated data.
iv: bytes -- Initialisation vector (CBC, CFB, OFB).
nonce: bytes -- Nonce (CTR, GCM).
mode: int -- The MODE_* constant of the cipher.
block_size: int -- Cipher block size in bytes (16).
"""

_STRINGIO = """
write(s) -> int -- Append text; returns its length.
writelines(lines) -> None -- Append each string.
getvalue() -> str -- The whole buffer.
read(size=-1) -> str -- Read up to size characters from the position (all when -1).
readline(size=-1) -> str -- Read one line.
seek(pos, whence=0) -> int -- Move the position.
tell() -> int -- Current position.
"""

_EXC_ARGS = """
args: tuple -- The arguments the exception was created with.
"""

_UNICODE_ERROR = _EXC_ARGS + """
encoding: str -- Codec name.
object: str|bytes -- The value being converted.
start: int -- Start index of the bad data.
end: int -- End index of the bad data.
reason: str -- What went wrong.
"""

_JSON_ERROR = _EXC_ARGS + """
msg: str -- The error message without position.
doc: str -- The JSON text being parsed.
pos: int -- Index in doc where parsing failed.
lineno: int -- Line of pos.
colno: int -- Column of pos.
"""

_RANGE = """
start: int -- First value.
stop: int -- End value (not included).
step: int -- Difference between values.
count(value, /) -> int -- 1 when value is in the range, else 0.
index(value, /) -> int -- Position of value; ValueError when absent.
"""

INSTANCE_TABLES: dict[str, str] = {
    "str": _STR, "bytes": _BYTES, "bytearray": _BYTEARRAY, "int": _INT, "bool": _INT,
    "float": _FLOAT, "list": _LIST, "tuple": _TUPLE, "dict": _DICT, "set": _SET,
    "frozenset": _SET_READ,
    "dict_keys": "isdisjoint(other, /) -> bool -- True when there is no common key.",
    "dict_items": "isdisjoint(other, /) -> bool -- True when there is no common pair.",
    "dict_values": "", "NoneType": "",
    "range": _RANGE,
    "slice": """
start: any -- Start bound or None.
stop: any -- Stop bound or None.
step: any -- Step or None.
indices(length, /) -> tuple -- (start, stop, step) resolved for a sequence length.
""",
    "Decimal": _DECIMAL, "datetime": _DATETIME, "date": _DATE, "time": _TIME,
    "timedelta": """
days: int -- Whole days (may be negative).
seconds: int -- Seconds within the day (0-86399).
microseconds: int -- Microseconds within the second.
total_seconds() -> float -- The whole duration in seconds.
""",
    "timezone": _TZ, "ZoneInfo": _TZ, "struct_time": _STRUCT_TIME,
    "ParseResult": _URL.replace("$S", "str") + "params: str -- Parameters of the last path segment.",
    "SplitResult": _URL.replace("$S", "str"),
    "ParseResultBytes": _URL.replace("$S", "bytes") + "params: bytes -- Parameters of the last path segment.",
    "SplitResultBytes": _URL.replace("$S", "bytes"),
    "DefragResult": _DEFRAG.replace("$S", "str"),
    "DefragResultBytes": _DEFRAG.replace("$S", "bytes"),
    "DecimalTuple": """
sign: int -- 0 for positive, 1 for negative.
digits: tuple -- The decimal digits.
exponent: int -- Power of ten (or 'n'/'N'/'F' for special values).
""" + _TUPLE,
    "IsoCalendarDate": """
year: int -- ISO year.
week: int -- ISO week number (1-53).
weekday: int -- ISO weekday, Monday 1.
""" + _TUPLE,
    "Message": _MESSAGE, "ReadOnlyMap": _READ_ONLY_MAP, "Entity": _ENTITY,
    "MultiMap": _MULTIMAP, "FormDataParts": _FORMDATA, "HASH": _DIGEST, "HMAC": _DIGEST,
    "AesCipher": _AES, "StringIO": _STRINGIO,
    "_csv.reader": "line_num: int -- Number of source lines read so far.",
    "DictReader": """
fieldnames: list -- Column names (read from the first row unless given).
line_num: int -- Number of source lines read so far.
""",
    "_csv.writer": """
writerow(row) -> any -- Write one row (a sequence of fields).
writerows(rows) -> None -- Write every row.
""",
    "DictWriter": """
fieldnames: list -- Column order.
writeheader() -> any -- Write the header row.
writerow(rowdict) -> any -- Write one dict as a row.
writerows(rowdicts) -> None -- Write every dict.
""",
    "exception": _EXC_ARGS, "UnicodeDecodeError": _UNICODE_ERROR,
    "UnicodeEncodeError": _UNICODE_ERROR, "UnicodeTranslateError": _UNICODE_ERROR,
    "JSONDecodeError": _JSON_ERROR,
}
"""Instance members per type key."""


def instance_tables() -> Iterator[tuple[str, str]]:
    """(type key, table text) pairs of :data:`INSTANCE_TABLES`."""
    return iter(INSTANCE_TABLES.items())


_DT_LIMITS = """
min: $T -- Earliest representable value.
max: $T -- Latest representable value.
resolution: timedelta -- Smallest difference between two values.
"""

CLASS_TABLES: dict[str, str] = {
    "str": "maketrans(x, y=None, z=None, /) -> dict -- Translation table for str.translate.",
    "bytes": """
fromhex(string, /) -> $T -- Bytes from hexadecimal text.
maketrans(frm, to, /) -> bytes -- Translation table for translate.
""",
    "int": "from_bytes(bytes, byteorder='big', *, signed=False) -> $T -- Integer from bytes.",
    "float": "fromhex(string, /) -> float -- Float from hexadecimal text.",
    "dict": "fromkeys(iterable, value=None, /) -> dict -- New dict with every key mapped to value.",
    "Decimal": "from_float(f, /) -> Decimal -- Exact Decimal value of a float.",
    "datetime": _DT_LIMITS + """
now(tz=None) -> datetime -- Current date and time (naive local unless tz is given).
today() -> datetime -- Current local date and time, naive.
utcnow() -> datetime -- Current UTC date and time, naive.
fromtimestamp(t, tz=None) -> datetime -- From POSIX seconds (local unless tz is given).
utcfromtimestamp(t, /) -> datetime -- Naive UTC value from POSIX seconds.
fromordinal(n, /) -> datetime -- Midnight of a proleptic Gregorian ordinal.
fromisoformat(date_string, /) -> datetime -- Parse ISO 8601 text.
fromisocalendar(year, week, day) -> datetime -- From an ISO year, week and weekday.
combine(date, time, tzinfo=None) -> datetime -- Join a date and a time.
strptime(date_string, format, /) -> datetime -- Parse text with % directives.
""",
    "date": _DT_LIMITS + """
today() -> date -- Current local date.
fromtimestamp(t, /) -> date -- Local date of POSIX seconds.
fromordinal(n, /) -> date -- Date of a proleptic Gregorian ordinal.
fromisoformat(date_string, /) -> date -- Parse 'YYYY-MM-DD'.
fromisocalendar(year, week, day) -> date -- From an ISO year, week and weekday.
""",
    "time": _DT_LIMITS + "fromisoformat(time_string, /) -> time -- Parse ISO 8601 time text.",
    "timedelta": _DT_LIMITS,
    "timezone": """
utc: timezone -- The UTC zone.
min: timezone -- Most negative fixed offset zone.
max: timezone -- Most positive fixed offset zone.
""",
    "Entity": """
from_value(value, mime_type, encoding=None) -> Entity -- Serialise a value in the format of mime_type.
from_bytes(data, mime_type='application/octet-stream', encoding=None) -> Entity -- Wrap bytes (or encoded text) unparsed.
""",
}
CLASS_TABLES["bytearray"] = CLASS_TABLES["bytes"]
CLASS_TABLES["bool"] = CLASS_TABLES["int"]
"""Members reached through type objects, per type key."""

SELECTORS: list[tuple[str, str, str]] = [
    ("^blob", "bytes", "The raw body bytes."),
    ("^raw", "bytes", "The raw body bytes (alias of ^blob)."),
    ("^mime_type", "str", "The stored MIME type string."),
    ("^encoding", "str", "The text codec name."),
    ("^value", "any", "The parsed value (ValueError when the body does not parse)."),
    ("parts", "FormDataParts", "multipart/form-data only: the parts."),
    ("boundary", "str", "multipart/form-data only: the boundary string."),
]
"""Entity selectors of spec §8.2: (key, result type, doc)."""
