"""``:name`` placeholders (components spec §7.4) translated to a driver's parameter style.

A placeholder is ``:`` followed by an identifier, outside string literals, quoted identifiers,
comments and PostgreSQL dollar-quoted strings; ``::`` (a PostgreSQL cast) is never one. The
SQL text is only re-spelled, never given a value: values always travel as bound parameters.

Styles: ``named`` keeps ``:name`` (sqlite3 binds it natively); ``pyformat`` writes
``%(name)s`` and doubles every literal ``%`` (psycopg, PyMySQL/aiomysql).
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["translate"]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOLLAR = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


@lru_cache(maxsize=512)
def translate(sql: str, style: str, mysql: bool = False) -> tuple[str, tuple[str, ...]]:
    """``(native SQL, placeholder names in order of appearance)``.

    ``mysql`` treats backslash escapes in string literals and back-quoted identifiers as
    MySQL/MariaDB do.
    """
    out: list[str] = []
    names: list[str] = []
    i, n = 0, len(sql)
    percent = "%%" if style == "pyformat" else "%"
    while i < n:
        ch = sql[i]
        if ch in "'\"" or (ch == "`" and mysql):
            # MySQL string literals and PostgreSQL E'...' strings take backslash escapes.
            escape_string = ch == "'" and i > 0 and sql[i - 1] in "eE" and \
                (i == 1 or not (sql[i - 2].isalnum() or sql[i - 2] == "_"))
            backslash = (mysql and ch != "`") or (not mysql and escape_string)
            end = _quoted_end(sql, i, ch, backslash=backslash)
            out.append(sql[i:end].replace("%", percent))
            i = end
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", percent))
            i = end
        elif ch == "/" and sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(sql[i:end].replace("%", percent))
            i = end
        elif ch == "$" and not mysql and (match := _DOLLAR.match(sql, i)):
            tag = match.group()
            end = sql.find(tag, match.end())
            end = n if end < 0 else end + len(tag)
            out.append(sql[i:end].replace("%", percent))
            i = end
        elif ch == ":":
            if sql.startswith("::", i):
                out.append("::")
                i += 2
                continue
            match = _IDENT.match(sql, i + 1)
            if match is None:
                out.append(":")
                i += 1
                continue
            name = match.group()
            names.append(name)
            out.append(f":{name}" if style == "named" else f"%({name})s")
            i = match.end()
        elif ch == "%":
            out.append(percent)
            i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out), tuple(names)


def _quoted_end(sql: str, start: int, quote: str, *, backslash: bool) -> int:
    """Index just past the literal or identifier opened at ``start`` (doubled quotes and, in
    MySQL string literals, backslash escapes stay inside); the end of the text if unclosed."""
    i, n = start + 1, len(sql)
    while i < n:
        ch = sql[i]
        if backslash and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n
