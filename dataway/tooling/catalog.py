"""The signature catalog: everything a script can name, with parameters, return type and a
one-line description.

One table serves the checker (arity and keyword checks, DW401-DW409), the language server
(hover, signature help) and completion (the REPL and the LSP). The tables are written in a
compact line format in ``catalog_builtins``, ``catalog_modules`` and ``catalog_types``; this
module parses them once at import into :class:`Entry` objects.

``tests/tooling/test_catalog.py`` compares the catalog with the runtime's real allowlist (the
builtin namespace, every importable module's members, the attribute policy's host tables, the
``dw_attrs`` of Dataway objects and the ``(cls)`` members of type objects) in both directions,
so an entry cannot exist for something scripts cannot reach and vice versa.

Line format (one entry per line, ``#`` starts a comment line)::

    [kind] name(params) [-> type] -- doc       callables
    [kind] name: type -- doc                    data attributes / constants / fields
    [kind] name -- doc                          modules, exceptions

``params`` follows Python syntax (``/``, ``*``, ``*args``, ``**kwargs``, ``name=default``).
``$T`` in a shared table stands for the owning type's name. Kinds: ``function method class
exception module const attr field``; without one, callables are functions (methods in type
tables) and data entries are constants (attributes in type tables).

Type names are the catalog's type keys: a host class's ``__name__`` (``str``, ``Decimal``,
``datetime``, ``ParseResult``) or a Dataway object's ``dw_type_name`` (``Entity``,
``Message``, ``ReadOnlyMap``, ``HASH``); ``any``, ``number``, ``iterator``, ``None`` and
unions written ``a|b`` appear only as return types.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping, Optional

__all__ = ["Param", "Entry", "GLOBALS", "MODULES", "TYPES", "CLASS_MEMBERS", "SELECTORS",
           "parse_table", "global_entry", "module_members", "type_members", "class_members",
           "type_object_members", "member", "type_key", "TYPE_ALIASES", "MODULE_DOCS"]

POSITIONAL_ONLY = "positional_only"
POSITIONAL = "positional_or_keyword"
VAR_POSITIONAL = "var_positional"
KEYWORD_ONLY = "keyword_only"
VAR_KEYWORD = "var_keyword"

_KINDS = frozenset({"function", "method", "class", "exception", "module", "const", "attr",
                    "field"})


@dataclass(frozen=True)
class Param:
    """One parameter: ``kind`` is one of the ``inspect.Parameter`` kinds, spelled in lower case
    (``positional_only``, ``positional_or_keyword``, ``var_positional``, ``keyword_only``,
    ``var_keyword``); ``default`` is the default's source text, None when required."""

    name: str
    kind: str = POSITIONAL
    default: Optional[str] = None

    @property
    def required(self) -> bool:
        """True for a named parameter without default."""
        return self.default is None and self.kind not in (VAR_POSITIONAL, VAR_KEYWORD)

    def render(self) -> str:
        """The parameter as it appears in a signature (``sep=' '``, ``*args``)."""
        prefix = "*" if self.kind == VAR_POSITIONAL else "**" if self.kind == VAR_KEYWORD else ""
        suffix = f"={self.default}" if self.default is not None else ""
        return f"{prefix}{self.name}{suffix}"


@dataclass(frozen=True)
class Entry:
    """One nameable thing.

    * ``kind``: ``function method class exception module const attr field``;
    * ``owner``: ``''`` for globals, the module path (``urllib.parse``) or the type key;
    * ``params``: None for non-callables;
    * ``returns``: the result type key (for a class, the type of its instances; for data, the
      value's type), None when unknown;
    * ``doc``: one line in our own words.
    """

    name: str
    kind: str
    owner: str
    params: Optional[tuple[Param, ...]]
    returns: Optional[str]
    doc: str

    @property
    def callable(self) -> bool:
        """True when scripts call this entry (functions, methods, classes, exceptions)."""
        return self.params is not None

    @property
    def qualified(self) -> str:
        """``owner.name`` (just ``name`` for globals)."""
        return f"{self.owner}.{self.name}" if self.owner else self.name

    def signature(self) -> str:
        """``name(a, b=1, *, c) -> type`` or ``name: type`` for data."""
        if self.params is None:
            return f"{self.name}: {self.returns}" if self.returns else self.name
        text = f"{self.name}({render_params(self.params)})"
        return f"{text} -> {self.returns}" if self.returns and self.kind != "class" else text

    def call_error(self, positional: int, keywords: Iterable[str] = (),
                   star: bool = False, double_star: bool = False) -> Optional[str]:
        """Why a call with ``positional`` arguments and these keyword names cannot bind, or
        None when it can (or cannot be decided because of ``*args``/``**kwargs``)."""
        if self.params is None:
            return None
        return _call_error(self.name, self.params, positional, tuple(keywords), star,
                           double_star)


def render_params(params: Iterable[Param]) -> str:
    """Parameters as Python source, with ``/`` and ``*`` markers where needed."""
    out: list[str] = []
    params = tuple(params)
    star_done = False
    for i, p in enumerate(params):
        if p.kind == KEYWORD_ONLY and not star_done:
            out.append("*")
            star_done = True
        if p.kind == VAR_POSITIONAL:
            star_done = True
        out.append(p.render())
        nxt = params[i + 1] if i + 1 < len(params) else None
        if p.kind == POSITIONAL_ONLY and (nxt is None or nxt.kind != POSITIONAL_ONLY):
            out.append("/")
    return ", ".join(out)


def _call_error(name: str, params: tuple[Param, ...], positional: int, keywords: tuple[str, ...],
                star: bool, double_star: bool) -> Optional[str]:
    slots = [p for p in params if p.kind in (POSITIONAL_ONLY, POSITIONAL)]
    has_varargs = any(p.kind == VAR_POSITIONAL for p in params)
    has_varkw = any(p.kind == VAR_KEYWORD for p in params)
    if not has_varargs and positional > len(slots):
        least = sum(1 for p in slots if p.required)
        takes = (str(len(slots)) if least == len(slots)
                 else f"from {least} to {len(slots)}")
        if not slots:
            return f"{name}() takes no positional arguments"
        plural = "" if takes == "1" else "s"
        were = "was" if positional == 1 else "were"
        return (f"{name}() takes {takes} positional argument{plural} "
                f"but {positional} {were} given")
    by_name = {p.name: p for p in params}
    filled = {p.name for p in slots[:positional]}
    for kw in keywords:
        p = by_name.get(kw)
        if p is not None and p.kind in (POSITIONAL, KEYWORD_ONLY):
            if kw in filled:
                return f"{name}() got multiple values for argument '{kw}'"
            filled.add(kw)
            continue
        if has_varkw:
            continue  # unknown names (and positional-only names) land in **kwargs
        if p is not None and p.kind == POSITIONAL_ONLY:
            return (f"{name}() got some positional-only arguments passed as keyword "
                    f"arguments: '{kw}'")
        return f"{name}() got an unexpected keyword argument '{kw}'"
    if star or double_star:
        return None  # the unpacked arguments may supply whatever is missing
    missing = [p.name for p in params if p.required and p.name not in filled]
    if missing:
        return f"{name}() missing required argument: '{missing[0]}'"
    return None


# -- the line-format parser ------------------------------------------------------------------

_HEAD = re.compile(r"^(?:(?P<kind>[a-z]+)\s+(?=[A-Za-z_]))?(?P<name>[A-Za-z_]\w*)")
_TAIL = re.compile(r"^(?:\s*(?:->|:)\s*(?P<ret>\S+))?\s+--\s+(?P<doc>.+)$")


def _outside_strings(text: str) -> Iterator[tuple[int, str, int]]:
    """``(index, char, depth)`` for every character outside string literals, ``depth`` being
    the bracket nesting before it (the one scanner of the table parser)."""
    depth = 0
    quote = ""
    escaped = False
    for i, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
            continue
        yield i, ch, depth
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1


def _closing(text: str, start: int) -> int:
    """Index just past the parenthesis matching ``text[start] == '('`` (-1 when none)."""
    for i, ch, depth in _outside_strings(text[start:]):
        if ch in ")]}" and depth == 1:
            return start + i + 1
    return -1


def _parse_line(line: str) -> Optional[tuple[Optional[str], str, Optional[str], str, str]]:
    head = _HEAD.match(line)
    if head is None:
        return None
    pos = head.end()
    params_text: Optional[str] = None
    if line[pos:pos + 1] == "(":
        end = _closing(line, pos)
        if end < 0:
            return None
        params_text, pos = line[pos + 1:end - 1], end
    tail = _TAIL.match(line[pos:])
    if tail is None:
        return None
    return head["kind"], head["name"], params_text, tail["ret"] or "", tail["doc"]


def _split_params(text: str) -> list[str]:
    cuts = [i for i, ch, depth in _outside_strings(text) if ch == "," and depth == 0]
    bounds = zip([-1] + cuts, cuts + [len(text)])
    return [part for part in (text[lo + 1:hi].strip() for lo, hi in bounds) if part]


def parse_params(text: str) -> tuple[Param, ...]:
    """Parse a parameter list (without the parentheses) written in Python syntax."""
    raw = _split_params(text)
    slash = raw.index("/") if "/" in raw else -1
    out: list[Param] = []
    keyword_only = False
    for i, item in enumerate(raw):
        if item == "/":
            continue
        if item == "*":
            keyword_only = True
            continue
        if item.startswith("**"):
            out.append(Param(item[2:], VAR_KEYWORD))
            continue
        if item.startswith("*"):
            out.append(Param(item[1:], VAR_POSITIONAL))
            keyword_only = True
            continue
        name, eq, default = item.partition("=")
        kind = (KEYWORD_ONLY if keyword_only else POSITIONAL_ONLY if i < slash else POSITIONAL)
        out.append(Param(name.strip(), kind, default.strip() if eq else None))
    return tuple(out)


def parse_table(text: str, owner: str, in_type: bool = False,
                type_name: Optional[str] = None) -> dict[str, Entry]:
    """Parse one table in the line format; ``$T`` is replaced by ``type_name``."""
    if type_name is not None:
        text = text.replace("$T", type_name)
    table: dict[str, Entry] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parsed = _parse_line(line)
        if parsed is None or (parsed[0] and parsed[0] not in _KINDS):
            raise ValueError(f"catalog table {owner or 'builtins'}:{lineno}: bad line {line!r}")
        kind_word, name, params_text, ret_text, doc = parsed
        params = parse_params(params_text) if params_text is not None else None
        kind = kind_word or (("method" if in_type else "function") if params is not None
                             else ("attr" if in_type else "const"))
        ret: Optional[str] = ret_text or None
        if kind in ("class", "exception") and params is not None and ret is None:
            ret = name
        if name in table:
            raise ValueError(f"catalog table {owner or 'builtins'}: duplicate entry {name!r}")
        table[name] = Entry(name, kind, owner, params, ret, doc.strip())
    return table


# -- the assembled catalog -------------------------------------------------------------------

def _assemble() -> tuple[dict[str, Entry], dict[str, dict[str, Entry]],
                         dict[str, dict[str, Entry]], dict[str, dict[str, Entry]],
                         dict[str, Entry]]:
    from . import catalog_builtins, catalog_modules, catalog_types
    globals_ = parse_table(catalog_builtins.BUILTINS, "")
    modules = {path: parse_table(text, path) for path, text in catalog_modules.MODULES.items()}
    for path in catalog_modules.MODULES:
        if "." not in path:
            globals_[path] = Entry(path, "module", "", None, "module",
                                   catalog_modules.MODULE_DOCS[path])
    types: dict[str, dict[str, Entry]] = {}
    for type_name, text in catalog_types.instance_tables():
        types[type_name] = parse_table(text, type_name, True, type_name)
    classes = {type_name: parse_table(text, type_name, True, type_name)
               for type_name, text in catalog_types.CLASS_TABLES.items()}
    selectors = {name: Entry(name, "field", "Entity", None, ret, doc)
                 for name, ret, doc in catalog_types.SELECTORS}
    return globals_, modules, types, classes, selectors


GLOBALS: dict[str, Entry]
"""Builtins, exception classes, preloaded modules and the Dataway types, by name."""
MODULES: dict[str, dict[str, Entry]]
"""Members per importable module path (``json``, ``urllib.parse``, ``Crypto.Cipher.AES``)."""
TYPES: dict[str, dict[str, Entry]]
"""Instance attributes and methods per type key (``str``, ``Entity``, ``Message``)."""
CLASS_MEMBERS: dict[str, dict[str, Entry]]
"""Members reached through a type object (``int.from_bytes``, ``Entity.from_value``)."""
SELECTORS: dict[str, Entry]
"""Entity selectors (``'^blob'``, ``'^value'``...), used as ``e['^blob']``."""
GLOBALS, MODULES, TYPES, CLASS_MEMBERS, SELECTORS = _assemble()

from .catalog_modules import MODULE_DOCS  # noqa: E402 - re-exported with the tables

TYPE_ALIASES: dict[str, str] = {
    "decimal.Decimal": "Decimal", "datetime.datetime": "datetime", "datetime.date": "date",
    "datetime.time": "time", "datetime.timedelta": "timedelta",
    "datetime.timezone": "timezone", "time.struct_time": "struct_time",
}
"""Qualified type names (as in ``runtime.types.STANDARD_TYPES``) mapped to catalog keys."""


def global_entry(name: str) -> Optional[Entry]:
    """The builtin, module or Dataway type bound to ``name`` in every mode, if any."""
    return GLOBALS.get(name)


def module_members(path: str) -> Mapping[str, Entry]:
    """The members of an importable module path (empty for an unknown path)."""
    return MODULES.get(path, {})


def type_members(type_name: str) -> Mapping[str, Entry]:
    """Instance attributes and methods of a type key (empty when unknown)."""
    return TYPES.get(TYPE_ALIASES.get(type_name, type_name), {})


def class_members(type_name: str) -> Mapping[str, Entry]:
    """Members read through the type object only (``(cls)`` in spec §13)."""
    return CLASS_MEMBERS.get(TYPE_ALIASES.get(type_name, type_name), {})


def type_object_members(type_name: str) -> dict[str, Entry]:
    """What ``T.`` offers: the class members plus the instance methods, readable unbound."""
    members = {n: e for n, e in type_members(type_name).items() if e.kind == "method"}
    members.update(class_members(type_name))
    return members


def member(type_name: str, name: str) -> Optional[Entry]:
    """The instance member ``name`` of a type key, if scripts can read it."""
    return type_members(type_name).get(name)


def type_key(value: Any) -> str:
    """The catalog type key of a runtime value (for completion on sample data)."""
    from ..runtime.exceptions import ExcValue
    from ..runtime.values import DWObject
    if isinstance(value, ExcValue):
        name = value.type.name
        return name if name in TYPES else "exception"
    if isinstance(value, DWObject):
        if type(value).__name__ == "AesCipher" or type(value).__mro__[1].__name__ == "AesCipher":
            return "AesCipher"
        return str(getattr(value, "dw_type_name", type(value).__name__))
    cls = type(value)
    for klass in cls.__mro__:
        if klass.__name__ in TYPES and klass is not object:
            return klass.__name__
    return cls.__name__
