"""YAML reading that keeps a position for every node and builds Dataway core values.

:func:`read_yaml` composes the node tree with PyYAML (safe constructs only), then converts it
itself so that every value, and every mapping key, has a ``(line, column)`` (1-based) under its
path, duplicate keys are errors instead of silent overwrites, timestamps stay strings (§3.3), and
the value tags of §3.3 build core values. Problems are collected, never raised one at a time.
"""
from __future__ import annotations

import base64
import binascii
import datetime as _dt
import decimal
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["Located", "Problem", "Secret", "TaggedValue", "read_yaml", "Path"]

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One load problem: file, 1-based line and column, field path, message."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True)
class Secret:
    """``!secret NAME``: resolved from the environment's secret provider when used (§7.1)."""

    name: str

    def __repr__(self) -> str:
        return "***"


@dataclass(frozen=True)
class TaggedValue:
    """A tagged value whose core type is not available in this build (kept for later use)."""

    tag: str
    value: Any


@dataclass
class Located:
    """A parsed YAML document with positions keyed by path."""

    file: str
    value: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # Script sources whose positions map into the file: (first line, column offset); script
    # line L, column C is file line first + L - 1, column offset + C.
    blocks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path`` (or of its key), else of its nearest located ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.key_positions:
                return self.key_positions[path]
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def problem(self, path: Path, message: str, *, key: bool = False,
                prefix: Path = ()) -> Problem:
        """A Problem at ``path``, its field path rendered relative to ``prefix``."""
        line, col = self.position(path, key=key)
        return Problem(self.file, line, col, format_path(tuple(path)[len(prefix):]), message)


def format_path(path: Path) -> str:
    """``('steps', 0, 'config', 'x')`` -> ``steps[0].config.x``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: YAML timestamps stay strings (§3.3)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_SCALAR_CONSTRUCTOR = _Loader("")


def read_yaml(text: str, file: str) -> Located:
    """Parse one YAML document; syntax errors become a Problem (the value is then None)."""
    doc = Located(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        doc.problems.append(Problem(file, line, col, "", f"invalid YAML: {exc.problem}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(file, 1, 1, "", f"invalid YAML: {exc}"))
        return doc
    if node is not None:
        doc.value = _Converter(doc, text.splitlines()).convert(node, ())
    return doc


class _Converter:
    def __init__(self, doc: Located, lines: list[str]) -> None:
        self.doc = doc
        self.lines = lines

    def error(self, node: yaml.Node, path: Path, message: str) -> None:
        self.doc.problems.append(Problem(self.doc.file, node.start_mark.line + 1,
                                         node.start_mark.column + 1, format_path(path), message))

    def convert(self, node: yaml.Node, path: Path) -> Any:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = node.tag
        if tag.startswith("!") and not tag.startswith("!!"):
            return self.tagged(node, path, tag[1:])
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.style in (None, "'", '"'):
            self.inline_origin(node, path)
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            # Script diagnostics are mapped into the file: content starts on the next line.
            first = node.start_mark.line + 1  # 0-based index of the first content line
            while first < len(self.lines) and not self.lines[first].strip():
                first += 1
            indent = 0
            if first < len(self.lines):
                indent = len(self.lines[first]) - len(self.lines[first].lstrip(" "))
            self.doc.blocks[path] = (node.start_mark.line + 2, indent)
        return self.scalar(node, path)

    def inline_origin(self, node: yaml.ScalarNode, path: Path) -> None:
        """Record where a one-line scalar's text starts when its source is its value verbatim.

        Script positions then map exactly into the file; scalars with escapes or folding are
        left out (their diagnostics keep script-relative positions).
        """
        start, end = node.start_mark, node.end_mark
        if start.line != end.line or start.line >= len(self.lines):
            return
        raw = self.lines[start.line][start.column:end.column]
        quoted = node.style in ("'", '"')
        inner = raw[1:-1] if quoted else raw
        if inner == node.value:
            self.doc.blocks[path] = (start.line + 1, start.column + (1 if quoted else 0))

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        try:
            value = _SCALAR_CONSTRUCTOR.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.error(node, path, f"invalid value: {exc}")
            return None
        if isinstance(value, str) and _has_surrogates(value):
            # JSON-style "\ud83d\ude00" escapes: PyYAML keeps the halves; pair them up.
            try:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                self.error(node, path, "invalid value: unpaired surrogate escape")
                return None
        return value

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.error(key_node, path, "YAML merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "mapping keys must be scalars")
                continue
            key = self.scalar(key_node, path)
            try:
                hash(key)
            except TypeError:
                self.error(key_node, path, "mapping keys must be scalars")
                continue
            sub = path + (key,)
            if key in out:
                self.error(key_node, sub, f"duplicate key {key!r}")
                continue
            self.doc.key_positions[sub] = (key_node.start_mark.line + 1,
                                           key_node.start_mark.column + 1)
            out[key] = self.convert(value_node, sub)
        return out

    def tagged(self, node: yaml.Node, path: Path, tag: str) -> Any:
        builder = _TAGS.get(tag)
        if builder is None:
            self.error(node, path, f"unknown tag !{tag}; expected one of "
                       + ", ".join("!" + t for t in _TAGS))
            return None
        if isinstance(node, yaml.ScalarNode):
            raw: Any = node.value
        elif isinstance(node, yaml.SequenceNode):
            raw = [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        else:
            raw = self.mapping(node, path)
        try:
            return builder(raw)
        except (ValueError, TypeError, binascii.Error, decimal.InvalidOperation) as exc:
            self.error(node, path, f"invalid !{tag} value: {exc}")
            return None


def _has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError("expected a scalar")
    return raw


def _iso(kind: str):
    def build(raw: Any) -> Any:
        text = _text(raw).strip()
        if kind == "datetime":
            return _dt.datetime.fromisoformat(text)
        if kind == "date":
            return _dt.date.fromisoformat(text)
        return _dt.time.fromisoformat(text)
    return build


def _multimap(raw: Any) -> Any:
    if not isinstance(raw, list) or not all(isinstance(p, list) and len(p) == 2 for p in raw):
        raise TypeError("expected a list of [key, value] pairs")
    try:
        from dataway.data.multimap import MultiMap  # the DATA layer's type, when present
    except ImportError:
        return TaggedValue("multimap", [tuple(p) for p in raw])
    return MultiMap([tuple(p) for p in raw])


def _entity(raw: Any) -> Any:
    if not isinstance(raw, dict) or "mime_type" not in raw:
        raise TypeError("expected a mapping with mime_type and one of text, base64, value")
    bodies = [k for k in ("text", "base64", "value") if k in raw]
    if len(bodies) != 1:
        raise TypeError("exactly one of text, base64, value is required")
    unknown = set(raw) - {"mime_type", "encoding", "text", "base64", "value"}
    if unknown:
        raise TypeError(f"unknown keys {sorted(unknown)}")
    try:
        from dataway.data.entity import Entity  # the DATA layer's type, when present
    except ImportError:
        return TaggedValue("entity", raw)
    encoding = raw.get("encoding")
    try:
        if "base64" in raw:
            return Entity.from_bytes(base64.b64decode(raw["base64"], validate=True),
                                     raw["mime_type"], encoding)
        if "text" in raw:
            return Entity.from_bytes(raw["text"], raw["mime_type"], encoding)
        return Entity.from_value(raw["value"], raw["mime_type"], encoding)
    except Exception as exc:  # the data layer reports bad MIME types and unserialisable values
        raise ValueError(str(exc).split(": ", 1)[-1]) from None


def _secret(raw: Any) -> Secret:
    name = _text(raw).strip()
    if not name:
        raise ValueError("a secret name is required")
    return Secret(name)


_TAGS = {
    "bytes": lambda raw: _text(raw).encode("utf-8"),
    "base64": lambda raw: base64.b64decode("".join(_text(raw).split()), validate=True),
    "decimal": lambda raw: decimal.Decimal(_text(raw).strip()),
    "datetime": _iso("datetime"),
    "date": _iso("date"),
    "time": _iso("time"),
    "multimap": _multimap,
    "entity": _entity,
    "secret": _secret,
}
