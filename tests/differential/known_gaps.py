"""Corpus cases that fail because of a known gap in another area, each naming its owner.

They run as non-strict xfails: the expectation stays exactly CPython's (never weakened), `main`
stays green, and a fix shows up as XPASS, the signal to delete the entry. Keep this list short
and current; it is the hand-over list of what Dataway still gets wrong.
"""
from __future__ import annotations

KNOWN_GAPS: dict[str, str] = {
    "builtins/builtin_keyword_errors":
        "RUNTIME: keyword misuse errors name host wrappers (sorted_(), make_int(), make_list(), "
        "_width.<locals>.impl(), _from_bytes()) instead of CPython's wording; str.zfill/replace "
        "accept keywords CPython refuses",
    "builtins/keyword_arguments_to_builtins":
        "RUNTIME: int.from_bytes(bytes=..., byteorder=...) keyword form is refused",
    "functions/builtin_wrong_types":
        "RUNTIME: ''.join(5) says \"'int' object is not iterable\"; CPython says "
        "'can only join an iterable'",
}
