"""String and bytes literal decoding, exactly as CPython 3.7 does it.

A STRING token arrives as its source text (prefix, quotes and body). :func:`split_string`
separates prefix and body; :func:`decode_body` applies escapes. Invalid escapes are kept
literally with a DW120 warning; malformed ``\\x``/``\\u``/``\\U``/``\\N`` escapes and non-ASCII
characters in bytes literals are DW105 errors. Positions of findings point at the offending
character in the source.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from dataway.diagnostics import Diagnostic, diagnostic

__all__ = ["StringParts", "split_string", "decode_body", "offset_position"]

_SIMPLE_ESCAPES = {
    "\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f",
    "n": "\n", "r": "\r", "t": "\t", "v": "\v",
}
_STR_ESCAPE = re.compile(
    r"\\(?:(?P<octal>[0-7]{1,3})|x(?P<hex2>.{0,2})|u(?P<hex4>.{0,4})|U(?P<hex8>.{0,8})"
    r"|(?P<n>N)(?P<named>\{[^}\n]*\}?)?|(?P<other>.)|$)", re.DOTALL)
# In bytes literals \u, \U and \N are not escapes (they fall into the 'other' group).
_BYTES_ESCAPE = re.compile(r"\\(?:(?P<octal>[0-7]{1,3})|x(?P<hex2>.{0,2})|(?P<other>.)|$)",
                           re.DOTALL)
_HEX = re.compile(r"[0-9a-fA-F]+\Z")


@dataclass(frozen=True, slots=True)
class StringParts:
    """A string token taken apart: flags, the body and where the body starts in the source."""

    is_bytes: bool
    is_raw: bool
    is_f: bool
    is_u: bool
    body: str
    line: int
    column: int  # of the body's first character
    quote: str


def split_string(text: str, line: int, column: int) -> StringParts:
    """Split a STRING token's text into prefix flags and body."""
    index = 0
    while text[index] not in "'\"":
        index += 1
    prefix = text[:index].lower()
    quote = text[index:index + 3] if text[index:index + 3] in ("'''", '"""') else text[index]
    body = text[index + len(quote):len(text) - len(quote)]
    return StringParts("b" in prefix, "r" in prefix, "f" in prefix, "u" in prefix, body,
                       line, column + index + len(quote), quote)


def offset_position(body: str, offset: int, line: int, column: int) -> tuple[int, int]:
    """Source (line, column) of ``body[offset]`` when ``body`` starts at (line, column)."""
    newlines = body.count("\n", 0, offset)
    if newlines == 0:
        return line, column + offset
    return line + newlines, offset - body.rfind("\n", 0, offset)


def decode_body(body: str, *, is_bytes: bool, is_raw: bool, line: int, column: int,
                diagnostics: list[Diagnostic]) -> Optional[str | bytes]:
    """The value of a (non-f) literal body; None when an error was reported."""
    if is_bytes and not body.isascii():
        for offset, ch in enumerate(body):
            if ord(ch) > 127:
                at_line, at_col = offset_position(body, offset, line, column)
                diagnostics.append(diagnostic(
                    "DW105", "bytes can only contain ASCII literal characters",
                    at_line, at_col, at_line, at_col + 1))
                return None
    if is_raw or "\\" not in body:
        return body.encode("ascii") if is_bytes else body
    failed = False
    warned = False  # CPython warns once per literal, at its first invalid escape

    def report(code: str, message: str, match: re.Match, length: int,
               suggestion: Optional[str] = None) -> None:
        # Positions are computed only here, on the rare error path.
        at_line, at_col = offset_position(body, match.start(), line, column)
        diagnostics.append(diagnostic(code, message, at_line, at_col, at_line, at_col + length,
                                      suggestion=suggestion))

    def replace(match: re.Match) -> str:
        nonlocal failed, warned
        groups = match.groupdict()
        octal, hex2, other = groups["octal"], groups["hex2"], groups["other"]
        hex4, hex8, named = groups.get("hex4"), groups.get("hex8"), groups.get("named")

        def bad(message: str) -> str:
            nonlocal failed
            failed = True
            report("DW105", message, match, match.end() - match.start())
            return ""

        if octal is not None:
            code = int(octal, 8)
            if code > 0o377:
                # CPython 3.11 accepts it with a warning (bytes keep the low 8 bits).
                if not warned:
                    warned = True
                    report("DW120", f"invalid octal escape sequence '\\{octal}'", match,
                           match.end() - match.start())
                if is_bytes:
                    code &= 0xFF
            return chr(code)
        if hex2 is not None:
            if len(hex2) < 2 or not _HEX.match(hex2):
                return bad("truncated \\xXX escape")
            return chr(int(hex2, 16))
        if not is_bytes:
            if hex4 is not None:
                if len(hex4) < 4 or not _HEX.match(hex4):
                    return bad("truncated \\uXXXX escape")
                return chr(int(hex4, 16))
            if hex8 is not None:
                if len(hex8) < 8 or not _HEX.match(hex8):
                    return bad("truncated \\UXXXXXXXX escape")
                code = int(hex8, 16)
                if code > 0x10FFFF:
                    return bad("illegal Unicode character in \\U escape")
                return chr(code)
            if groups.get("n"):
                if not named or not named.endswith("}") or len(named) < 3:
                    return bad("malformed \\N character escape")
                try:
                    return unicodedata.lookup(named[1:-1])
                except KeyError:
                    return bad(f"unknown Unicode character name '{named[1:-1]}'")
        text = match.group()
        if other is not None and other in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[other]
        if other is None and text == "\\":
            return "\\"
        # Unknown escape: CPython keeps the backslash and warns.
        if not warned:
            warned = True
            shown = text[:2]
            report("DW120", f"invalid escape sequence '{shown}'", match, len(shown),
                   suggestion="use a raw string or double the backslash")
        return text

    value = (_BYTES_ESCAPE if is_bytes else _STR_ESCAPE).sub(replace, body)
    if failed:
        return None
    if is_bytes:
        return value.encode("latin-1")
    return value
