"""``multipart/form-data`` bodies (spec §8.9): building from parts and parsing to FormDataParts."""
from __future__ import annotations

import codecs
import re
import secrets
from typing import Any, Optional

from ..errors import FormatError, fail, type_name
from ..formdata import FormDataParts, Part, make_part
from ..mediatype import parse_media_type
from ..multimap import MultiMap

__all__ = ["build", "parse", "valid_boundary"]

_BOUNDARY_RE = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
_HEADER_NAME_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Browsers write quoted parameter values without backslash escapes ('"' is sent as %22).
_PARAM_RE = re.compile(r';\s*([^=;\s]+)\s*=\s*(?:"([^"]*)"|([^;]*))')


def valid_boundary(boundary: str) -> bool:
    """1-70 characters of the RFC 2046 set, not ending in a space."""
    return _BOUNDARY_RE.fullmatch(boundary) is not None


def _quote(text: str) -> str:
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _header_line(name: str, value: str, part: Any) -> str:
    if _HEADER_NAME_RE.fullmatch(name) is None:
        fail("ValueError", f"invalid header name {name!r} in multipart part {part!r}")
    if "\r" in value or "\n" in value:
        fail("ValueError", f"header {name!r} of multipart part {part!r} contains a line break")
    return f"{name}: {value}\r\n"


def _disposition(part: Part) -> str:
    params = part.headers.get("Content-Disposition")
    text = f'form-data; name="{_quote(part.name or "")}"'
    if part.filename is not None:
        text += f'; filename="{_quote(part.filename)}"'
    if isinstance(params, dict):
        for key, value in params.items():
            if key not in ("type", "name", "filename") and isinstance(value, str):
                text += f'; {key}="{_quote(value)}"'
    return text


def _part_bytes(part: Part, encoding: str) -> tuple[bytes, bytes]:
    """(header block including the blank line, content) of one part."""
    lines = [_header_line("Content-Disposition", _disposition(part), part.name)]
    for key, value in part.headers.items():
        if key.lower() == "content-disposition":
            continue
        lines.append(_header_line(key, str(value), part.name))
    lines.append("\r\n")
    return "".join(lines).encode(encoding), part.content.blob


def _parts_of(value: Any, encoding: str) -> tuple[list[Part], Optional[str]]:
    if isinstance(value, FormDataParts):
        return value.parts(), value.boundary
    parts = []
    if not isinstance(value, (dict, MultiMap)) and hasattr(value, "to_core") \
            and hasattr(value, "keys"):
        value = value.to_core()  # a read-only map
    if isinstance(value, (dict, MultiMap)):
        items = value.items() if isinstance(value, MultiMap) else list(value.items())
        for name, item in items:
            if isinstance(item, list):
                parts.extend(make_part(name, element, encoding) for element in item)
            else:
                parts.append(make_part(name, item, encoding))
        return parts, None
    if isinstance(value, (list, tuple)):
        for index, pair in enumerate(value):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                fail("TypeError", f"multipart/form-data needs (name, value) pairs; item "
                                  f"{index} is a {type_name(pair)}")
            parts.append(make_part(pair[0], pair[1], encoding))
        return parts, None
    fail("TypeError", f"multipart/form-data needs pairs, a dict or FormDataParts, got "
                      f"{type_name(value)}")


def build(value: Any, mime_type: str, encoding: str) -> tuple[bytes, str]:
    """``(blob, stored MIME type)``; a boundary is generated and appended when none is given."""
    boundary = parse_media_type(mime_type).param("boundary")
    parts, own_boundary = _parts_of(value, encoding)
    generated = False
    if boundary is None:
        if own_boundary is not None:
            boundary = own_boundary
        else:
            boundary = secrets.token_hex(16)
            generated = True
        mime_type = f"{mime_type.rstrip().rstrip(';')}; boundary={boundary}"
    if not valid_boundary(boundary):
        fail("ValueError", f"invalid multipart boundary {boundary!r}: 1-70 characters of "
                           "letters, digits and '()+_,-./:=? are allowed")
    rendered = [_part_bytes(part, encoding) for part in parts]
    while True:
        delimiter = f"--{boundary}".encode("ascii")
        clash = next((parts[i].name for i, (_, body) in enumerate(rendered)
                      if delimiter in body), None)
        if clash is None:
            break
        if not generated:
            fail("ValueError", f"the multipart boundary {boundary!r} occurs in the content of "
                               f"part {clash!r}")
        old = boundary
        boundary = secrets.token_hex(16)
        mime_type = mime_type.replace(f"boundary={old}", f"boundary={boundary}")
    out = bytearray()
    delimiter = f"--{boundary}\r\n".encode("ascii")
    for head, body in rendered:
        out += delimiter
        out += head
        out += body
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode("ascii")
    return bytes(out), mime_type


# -- parsing --------------------------------------------------------------------------------

def _find_delimiter(blob: bytes, delimiter: bytes, start: int) -> int:
    """Position of the next line starting with ``delimiter`` (followed by ``--``, space or EOL)."""
    pos = start
    while True:
        if pos == 0 and blob.startswith(delimiter):
            found = 0
        else:
            found = blob.find(b"\n" + delimiter, max(pos - 1, 0))
            if found < 0:
                return -1
            found += 1
        after = blob[found + len(delimiter):found + len(delimiter) + 2]
        if after in (b"", b"--") or after[:1] in (b"\r", b"\n", b" ", b"\t"):
            return found
        pos = found + 1


def _parse_disposition(value: str) -> dict:
    kind, _, rest = value.partition(";")
    result: dict = {"type": kind.strip().lower()}
    for match in _PARAM_RE.finditer(";" + rest):
        key = match.group(1).lower()
        if match.group(2) is not None:
            raw = match.group(2)
        else:
            raw = match.group(3).strip()
        result[key] = raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
    return result


def _parse_part(raw: bytes, encoding: str, number: int) -> Part:
    from ..entity import Entity

    # Headers end at the first empty line; a part may start directly with it.
    if raw.startswith(b"\r\n") or raw.startswith(b"\n"):
        head, body = b"", raw[2:] if raw.startswith(b"\r\n") else raw[1:]
    else:
        crlf = raw.find(b"\r\n\r\n")
        lf = raw.find(b"\n\n")
        if crlf >= 0 and (lf < 0 or crlf <= lf):
            head, body = raw[:crlf], raw[crlf + 4:]
        elif lf >= 0:
            head, body = raw[:lf], raw[lf + 2:]
        else:
            raise FormatError(f"part {number} has no blank line after its headers")
    try:
        head_text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FormatError(f"part {number} headers are not valid {encoding}: {exc.reason}") \
            from None
    headers = MultiMap(ignore_case=True)
    name: Optional[str] = None
    filename: Optional[str] = None
    content_type = "text/plain"
    for line in re.split(r"\r?\n", head_text):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise FormatError(f"part {number} has a malformed header line {line!r}")
        key, value = key.strip(), value.strip()
        if key.lower() == "content-disposition":
            disposition = _parse_disposition(value)
            name = disposition.get("name")
            filename = disposition.get("filename")
            headers.add(key, disposition)
        else:
            if key.lower() == "content-type":
                content_type = value
            headers.add(key, value)
    try:
        media = parse_media_type(content_type)
    except Exception:
        raise FormatError(f"part {number} has an invalid Content-Type {content_type!r}") \
            from None
    charset = media.param("charset")
    if charset is not None and not _known_codec(charset):
        charset = None  # an unknown part charset falls back to the outer encoding
    content = Entity.from_bytes(body, content_type, charset or encoding)
    return Part(name, filename, headers, content)


def _known_codec(name: str) -> bool:
    try:
        return bool(getattr(codecs.lookup(name), "_is_text_encoding", True))
    except LookupError:
        return False


def parse(blob: bytes, mime_type: str, encoding: str) -> FormDataParts:
    """The parts of a multipart body; CRLF and bare LF line endings are both accepted."""
    boundary = parse_media_type(mime_type).param("boundary")
    if not boundary:
        raise FormatError("the MIME type has no boundary parameter")
    delimiter = f"--{boundary}".encode(encoding if encoding else "ascii", "replace")
    pos = _find_delimiter(blob, delimiter, 0)
    if pos < 0:
        raise FormatError(f"no delimiter line '--{boundary}' found")
    parts: list[Part] = []
    while True:
        pos += len(delimiter)
        if blob.startswith(b"--", pos):
            break  # closing delimiter: the epilogue is ignored
        eol = blob.find(b"\n", pos)
        if eol < 0:
            raise FormatError("unterminated multipart body")
        start = eol + 1
        nxt = _find_delimiter(blob, delimiter, start)
        if nxt < 0:
            raise FormatError(f"unterminated multipart body: part {len(parts) + 1} has no "
                              "closing delimiter")
        end = nxt - 1  # the line break before the delimiter belongs to it
        if end > start and blob[end - 1:end] == b"\r":
            end -= 1
        parts.append(_parse_part(blob[start:max(end, start)], encoding, len(parts) + 1))
        pos = nxt
    return FormDataParts.from_parts(parts, boundary)
