"""The placeholder lexer handed to Lark when it generates the tables.

It lives in its own module, imported only when tables are (re)built, so that Lark's cache can
pickle a reference to it and so that parsing with cached tables never imports Lark.
"""
from __future__ import annotations

from lark.lexer import Lexer

__all__ = ["ExternalLexer"]


class ExternalLexer(Lexer):
    """Tokens come from :mod:`dataway.syntax.tokenizer`; Lark never lexes Dataway source."""

    def __init__(self, conf: object) -> None:
        pass

    def lex(self, lexer_state: object, parser_state: object):  # pragma: no cover
        raise NotImplementedError("Dataway tokens come from dataway.syntax.tokenizer")
