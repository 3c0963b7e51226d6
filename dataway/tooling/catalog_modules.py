"""Catalog tables: the members of every importable module path of spec §12.

Line format: see :mod:`dataway.tooling.catalog`.
"""

MODULE_DOCS = {
    "time": "Clock readings and time-tuple conversions in the evaluation time zone.",
    "json": "JSON text to and from Python values.",
    "math": "Mathematical functions and constants for int and float.",
    "base64": "Base16/32/64/85 encodings of bytes.",
    "hmac": "Keyed message authentication codes.",
    "random": "Pseudo-random numbers, one generator per evaluation (not for secrets).",
    "hashlib": "Message digests (MD5, SHA family, BLAKE2b).",
    "struct": "Packing values into bytes with C struct layouts, and back.",
    "decimal": "Exact decimal arithmetic with a fixed default context.",
    "urllib": "URL helpers; see urllib.parse.",
    "csv": "Reading and writing CSV rows.",
    "datetime": "Dates, times, durations and fixed-offset time zones.",
    "socket": "Byte-order conversion of 16- and 32-bit integers.",
    "Crypto": "AES encryption and padding (pycryptodome subset).",
}

MODULES = {
    "time": """
time() -> float -- Seconds since the epoch from the evaluation clock.
time_ns() -> int -- Nanoseconds since the epoch from the evaluation clock.
monotonic() -> float -- Seconds from a clock that never goes backwards.
strftime(format, t=None, /) -> str -- Format a time tuple (the current local time when omitted).
strptime(string, format='%a %b %d %H:%M:%S %Y', /) -> struct_time -- Parse text into a time tuple with a format.
gmtime(secs=None, /) -> struct_time -- UTC time tuple of epoch seconds (now when omitted).
localtime(secs=None, /) -> struct_time -- Time tuple of epoch seconds in the evaluation time zone.
mktime(t, /) -> float -- Epoch seconds of a local time tuple.
asctime(t=None, /) -> str -- 'Sun Jun 20 23:21:05 1993' text of a time tuple.
ctime(secs=None, /) -> str -- asctime() of local time at epoch seconds.
timezone: int -- Offset of local standard time west of UTC, in seconds.
altzone: int -- Offset of local daylight-saving time west of UTC, in seconds.
tzname: tuple -- Names of the local standard and daylight-saving zones.
daylight: int -- Nonzero when the local zone has daylight-saving time.
class struct_time(sequence, /) -> struct_time -- The nine-field time tuple type.
""",
    "json": """
dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, indent=None, separators=None, default=None, sort_keys=False) -> str -- Serialise a value to JSON text.
loads(s, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, object_pairs_hook=None) -> any -- Parse JSON text (str or bytes) into a value.
exception JSONDecodeError(msg, doc, pos) -- Raised by loads for invalid JSON; has msg, doc, pos, lineno, colno.
""",
    "math": """
acos(x, /) -> float -- Arc cosine, in radians.
acosh(x, /) -> float -- Inverse hyperbolic cosine.
asin(x, /) -> float -- Arc sine, in radians.
asinh(x, /) -> float -- Inverse hyperbolic sine.
atan(x, /) -> float -- Arc tangent, in radians.
atan2(y, x, /) -> float -- Arc tangent of y/x using the signs of both for the quadrant.
atanh(x, /) -> float -- Inverse hyperbolic tangent.
ceil(x, /) -> int -- Smallest integer not less than x.
comb(n, k, /) -> int -- Ways to choose k items from n without order.
copysign(x, y, /) -> float -- x with the sign of y.
cos(x, /) -> float -- Cosine of an angle in radians.
cosh(x, /) -> float -- Hyperbolic cosine.
degrees(x, /) -> float -- Radians to degrees.
dist(p, q, /) -> float -- Euclidean distance between two points.
erf(x, /) -> float -- Error function.
erfc(x, /) -> float -- Complementary error function.
exp(x, /) -> float -- e raised to x.
expm1(x, /) -> float -- exp(x) - 1, accurate for small x.
fabs(x, /) -> float -- Absolute value as a float.
factorial(n, /) -> int -- n! for a non-negative integer.
floor(x, /) -> int -- Largest integer not greater than x.
fmod(x, y, /) -> float -- C-style remainder of x / y.
frexp(x, /) -> tuple -- Mantissa and exponent (m, e) with x == m * 2**e.
fsum(seq, /) -> float -- Accurate floating-point sum.
gamma(x, /) -> float -- Gamma function.
gcd(*integers) -> int -- Greatest common divisor.
hypot(*coordinates) -> float -- Euclidean norm of the coordinates.
isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) -> bool -- True when a and b are close within the tolerances.
isfinite(x, /) -> bool -- True when x is neither infinite nor NaN.
isinf(x, /) -> bool -- True when x is positive or negative infinity.
isnan(x, /) -> bool -- True when x is NaN.
isqrt(n, /) -> int -- Integer square root, rounded down.
lcm(*integers) -> int -- Least common multiple.
ldexp(x, i, /) -> float -- x * 2**i.
lgamma(x, /) -> float -- Natural logarithm of the absolute gamma function.
log(x, base=None, /) -> float -- Logarithm of x, natural unless base is given.
log10(x, /) -> float -- Base-10 logarithm.
log1p(x, /) -> float -- log(1 + x), accurate for small x.
log2(x, /) -> float -- Base-2 logarithm.
modf(x, /) -> tuple -- Fractional and integer parts of x, both floats.
nextafter(x, y, /) -> float -- The next float after x in the direction of y.
perm(n, k=None, /) -> int -- Ordered arrangements of k items from n.
pow(x, y, /) -> float -- x raised to y as floats.
prod(iterable, /, *, start=1) -> number -- Product of the elements times start.
radians(x, /) -> float -- Degrees to radians.
remainder(x, y, /) -> float -- IEEE 754 remainder of x / y.
sin(x, /) -> float -- Sine of an angle in radians.
sinh(x, /) -> float -- Hyperbolic sine.
sqrt(x, /) -> float -- Square root.
tan(x, /) -> float -- Tangent of an angle in radians.
tanh(x, /) -> float -- Hyperbolic tangent.
trunc(x, /) -> int -- x with the fractional part dropped.
ulp(x, /) -> float -- Value of the least significant bit of x.
pi: float -- The ratio of a circle's circumference to its diameter.
e: float -- Euler's number.
tau: float -- Twice pi, a full turn in radians.
inf: float -- Positive infinity.
nan: float -- Not-a-number.
""",
    "base64": """
b64encode(s, altchars=None) -> bytes -- Standard Base64 encoding of bytes.
b64decode(s, altchars=None, validate=False) -> bytes -- Decode standard Base64 (str or bytes).
standard_b64encode(s) -> bytes -- Base64 with the standard alphabet.
standard_b64decode(s) -> bytes -- Decode Base64 with the standard alphabet.
urlsafe_b64encode(s) -> bytes -- Base64 with '-' and '_' instead of '+' and '/'.
urlsafe_b64decode(s) -> bytes -- Decode URL-safe Base64.
b32encode(s) -> bytes -- Base32 encoding.
b32decode(s, casefold=False, map01=None) -> bytes -- Decode Base32.
b16encode(s) -> bytes -- Uppercase hexadecimal encoding.
b16decode(s, casefold=False) -> bytes -- Decode hexadecimal (Base16).
b85encode(b, pad=False) -> bytes -- Base85 encoding (git style).
b85decode(b) -> bytes -- Decode Base85.
a85encode(b, *, foldspaces=False, wrapcol=0, pad=False, adobe=False) -> bytes -- Ascii85 encoding.
a85decode(b, *, foldspaces=False, adobe=False, ignorechars=b' \\t\\n\\r\\x0b') -> bytes -- Decode Ascii85.
encodebytes(s) -> bytes -- Base64 with a newline every 76 characters.
decodebytes(s) -> bytes -- Decode multi-line Base64.
""",
    "hmac": """
new(key, msg=None, digestmod=None) -> HMAC -- New HMAC object; digestmod (a hashlib name or constructor) is required.
compare_digest(a, b, /) -> bool -- Compare two digests in constant time.
digest(key, msg, digest) -> bytes -- One-shot HMAC of msg with key and a digest name.
""",
    "random": """
seed(a=None) -> None -- Reseed this evaluation's generator.
random() -> float -- Float in [0.0, 1.0).
randint(a, b) -> int -- Integer in [a, b], both ends included.
randrange(start, stop=None, step=1) -> int -- Random element of range(start, stop, step).
choice(seq) -> any -- Random element of a non-empty sequence.
choices(population, weights=None, *, cum_weights=None, k=1) -> list -- k elements drawn with replacement.
shuffle(x) -> None -- Shuffle a list in place.
sample(population, k, *, counts=None) -> list -- k distinct elements drawn without replacement.
uniform(a, b) -> float -- Float between a and b.
getrandbits(k, /) -> int -- Integer with k random bits.
""",
    "hashlib": """
md5(data=b'', *, usedforsecurity=True) -> HASH -- MD5 hash object (not for security).
sha1(data=b'', *, usedforsecurity=True) -> HASH -- SHA-1 hash object.
sha224(data=b'', *, usedforsecurity=True) -> HASH -- SHA-224 hash object.
sha256(data=b'', *, usedforsecurity=True) -> HASH -- SHA-256 hash object.
sha384(data=b'', *, usedforsecurity=True) -> HASH -- SHA-384 hash object.
sha512(data=b'', *, usedforsecurity=True) -> HASH -- SHA-512 hash object.
blake2b(data=b'', *, digest_size=64, key=b'', salt=b'', person=b'', usedforsecurity=True) -> HASH -- BLAKE2b hash object.
new(name, data=b'', *, usedforsecurity=True) -> HASH -- Hash object for an algorithm name (listed names only).
""",
    "struct": """
pack(format, /, *values) -> bytes -- Pack values into bytes following the format.
unpack(format, buffer, /) -> tuple -- Unpack bytes of exactly calcsize(format) length.
unpack_from(format, /, buffer, offset=0) -> tuple -- Unpack from buffer starting at offset.
iter_unpack(format, buffer, /) -> iterator -- Iterate over consecutive unpacked tuples.
calcsize(format, /) -> int -- Size in bytes of the format.
exception error(*args) -- Raised for bad formats or sizes.
""",
    "decimal": """
class Decimal(value='0') -> Decimal -- Exact decimal number from an int, str, float or tuple.
ROUND_CEILING: str -- Round towards positive infinity.
ROUND_DOWN: str -- Round towards zero.
ROUND_FLOOR: str -- Round towards negative infinity.
ROUND_HALF_DOWN: str -- Round to nearest, ties towards zero.
ROUND_HALF_EVEN: str -- Round to nearest, ties to even (the default).
ROUND_HALF_UP: str -- Round to nearest, ties away from zero.
ROUND_UP: str -- Round away from zero.
ROUND_05UP: str -- Round away from zero when the last digit would be 0 or 5, else towards zero.
exception DecimalException(*args) -- Base class of decimal errors.
exception InvalidOperation(*args) -- An operation has no meaningful result (e.g. Decimal('abc')).
exception DivisionByZero(*args) -- Division of a finite number by zero.
exception Overflow(*args) -- The exponent exceeded the context's maximum.
""",
    "urllib": """
module parse -- Splitting, joining, quoting and query-string handling of URLs.
""",
    "urllib.parse": """
quote(string, safe='/', encoding=None, errors=None) -> str -- Percent-encode a string for a URL path.
quote_plus(string, safe='', encoding=None, errors=None) -> str -- Percent-encode for a query, spaces as '+'.
quote_from_bytes(bs, safe='/') -> str -- Percent-encode bytes.
unquote(string, encoding='utf-8', errors='replace') -> str -- Decode %xx escapes.
unquote_plus(string, encoding='utf-8', errors='replace') -> str -- Decode %xx escapes and '+' as space.
unquote_to_bytes(string) -> bytes -- Decode %xx escapes to bytes.
urlencode(query, doseq=False, safe='', encoding=None, errors=None, quote_via=None) -> str -- Query string from a mapping or pairs (quote_via defaults to quote_plus).
urlparse(url, scheme='', allow_fragments=True) -> ParseResult -- Split a URL into six components.
urlunparse(components) -> str -- Join six URL components.
urlsplit(url, scheme='', allow_fragments=True) -> SplitResult -- Split a URL into five components.
urlunsplit(components) -> str -- Join five URL components.
urljoin(base, url, allow_fragments=True) -> str -- Resolve a URL relative to a base URL.
urldefrag(url) -> DefragResult -- Split off the fragment.
parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding='utf-8', errors='replace', max_num_fields=None, separator='&') -> dict -- Query string to a dict of value lists.
parse_qsl(qs, keep_blank_values=False, strict_parsing=False, encoding='utf-8', errors='replace', max_num_fields=None, separator='&') -> list -- Query string to a list of (name, value) pairs.
""",
    "csv": """
reader(lines, dialect='excel', **fmtparams) -> _csv.reader -- Iterate over rows (lists of str) of a list of lines or a csv.StringIO.
writer(target, dialect='excel', **fmtparams) -> _csv.writer -- Write rows to a csv.StringIO or append lines to a list.
class DictReader(lines, fieldnames=None, restkey=None, restval=None, dialect='excel', **fmtparams) -> DictReader -- Iterate over rows as dicts keyed by the header.
class DictWriter(target, fieldnames, restval='', extrasaction='raise', dialect='excel', **fmtparams) -> DictWriter -- Write dict rows in fieldnames order.
class StringIO(initial='') -> StringIO -- In-memory text buffer for the csv functions.
QUOTE_ALL: int -- Quote every field.
QUOTE_MINIMAL: int -- Quote only fields that need it.
QUOTE_NONNUMERIC: int -- Quote all non-numeric fields; read unquoted fields as floats.
QUOTE_NONE: int -- Never quote; escape with escapechar.
exception Error(*args) -- Malformed CSV.
""",
    "datetime": """
class date(year, month, day) -> date -- A calendar date.
class time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0) -> time -- A time of day.
class datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0) -> datetime -- A date with a time of day, naive or aware.
class timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0) -> timedelta -- A duration.
class timezone(offset, name=None) -> timezone -- A fixed offset from UTC.
class tzinfo() -> tzinfo -- Abstract time zone base (for isinstance only).
MINYEAR: int -- Smallest year of a date (1).
MAXYEAR: int -- Largest year of a date (9999).
""",
    "socket": """
htonl(x, /) -> int -- 32-bit integer from host to network byte order.
ntohl(x, /) -> int -- 32-bit integer from network to host byte order.
htons(x, /) -> int -- 16-bit integer from host to network byte order.
ntohs(x, /) -> int -- 16-bit integer from network to host byte order.
""",
    "Crypto": """
module Cipher -- Cipher modules (AES).
module Util -- Helper modules (Padding).
""",
    "Crypto.Cipher": """
module AES -- The AES block cipher.
""",
    "Crypto.Cipher.AES": """
new(key, mode, *args, **kwargs) -> AesCipher -- New cipher with a 16/24/32-byte key in a MODE_* mode (iv=, nonce=, ...).
MODE_ECB: int -- Electronic codebook mode.
MODE_CBC: int -- Cipher block chaining mode (needs iv).
MODE_CFB: int -- Cipher feedback mode.
MODE_OFB: int -- Output feedback mode.
MODE_CTR: int -- Counter mode.
MODE_GCM: int -- Galois/counter mode with authentication tag.
block_size: int -- Block size in bytes (16).
key_size: tuple -- Allowed key sizes in bytes (16, 24, 32).
""",
    "Crypto.Util": """
module Padding -- Block padding helpers.
""",
    "Crypto.Util.Padding": """
pad(data_to_pad, block_size, style='pkcs7') -> bytes -- Pad to a multiple of block_size ('pkcs7', 'x923', 'iso7816').
unpad(padded_data, block_size, style='pkcs7') -> bytes -- Remove padding; ValueError when it is wrong.
""",
}
