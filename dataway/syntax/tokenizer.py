"""The Dataway tokenizer: source text to the terminal stream of ``grammar/dataway.lark``.

One compiled regular expression finds each token; a small loop around it does what a regular
language cannot: indentation (INDENT/DEDENT with CPython's TabError rules, see
:mod:`dataway.syntax.indent`), bracket nesting (newlines inside brackets are not NEWLINE tokens),
keyword recognition, number literal values and a few later-Python statements that are reduced to
a single ``UNSUPPORTED`` token so the checker can refuse them by name (DW311).

Tokens are plain tuples ``(type, value, line, column, end_line, end_column)`` because the parser
makes hundreds of thousands of them; ``type`` is the grammar's terminal name.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator, Optional

from dataway.diagnostics import Diagnostic, diagnostic
from dataway.syntax.indent import IndentTracker

__all__ = ["Token", "tokenize", "SyntaxProblem", "NestingBound", "KEYWORDS", "OPERATORS",
           "END"]

Token = tuple  # (type, value, line, column, end_line, end_column)
END = "$END"


class SyntaxProblem(Exception):
    """A fatal problem found while tokenizing or parsing, carrying its diagnostic."""

    def __init__(self, diag: Diagnostic) -> None:
        super().__init__(diag.message)
        self.diagnostic = diag


KEYWORDS: dict[str, str] = {
    "False": "FALSE", "None": "NONE", "True": "TRUE", "and": "AND", "as": "AS",
    "assert": "ASSERT", "async": "ASYNC", "await": "AWAIT", "break": "BREAK", "class": "CLASS",
    "continue": "CONTINUE", "def": "DEF", "del": "DEL", "elif": "ELIF", "else": "ELSE",
    "except": "EXCEPT", "finally": "FINALLY", "for": "FOR", "from": "FROM", "global": "GLOBAL",
    "if": "IF", "import": "IMPORT", "in": "IN", "is": "IS", "lambda": "LAMBDA",
    "nonlocal": "NONLOCAL", "not": "NOT", "or": "OR", "pass": "PASS", "raise": "RAISE",
    "return": "RETURN", "try": "TRY", "while": "WHILE", "with": "WITH", "yield": "YIELD",
}

OPERATORS: dict[str, str] = {
    "(": "LPAR", ")": "RPAR", "[": "LSQB", "]": "RSQB", "{": "LBRACE", "}": "RBRACE",
    ",": "COMMA", ":": "COLON", ";": "SEMI", ".": "DOT", "...": "ELLIPSIS", "=": "EQUAL",
    "->": "RARROW", ":=": "WALRUS", "@": "AT", "+": "PLUS", "-": "MINUS", "*": "STAR",
    "/": "SLASH", "//": "DOUBLESLASH", "%": "PERCENT", "**": "DOUBLESTAR", "<<": "LSHIFT",
    ">>": "RSHIFT", "&": "AMPER", "|": "VBAR", "^": "CIRCUMFLEX", "~": "TILDE",
    "<": "COMPOP", ">": "COMPOP", "==": "COMPOP", ">=": "COMPOP", "<=": "COMPOP",
    "!=": "COMPOP",
}
for _op in ("+", "-", "*", "/", "//", "%", "@", "&", "|", "^", ">>", "<<", "**"):
    OPERATORS[_op + "="] = "AUGASSIGN"

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_BRACKET_NAMES = {"(": "parenthesis", "[": "bracket", "{": "brace",
                  ")": "parenthesis", "]": "bracket", "}": "brace"}

_DIGITS = r"[0-9](?:_?[0-9])*"
_EXPONENT = rf"[eE][-+]?{_DIGITS}"
_PREFIX = r"(?:[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[rRbBuUfF])?"
# Leading blanks are part of every match, so spaces between tokens cost no extra iteration;
# the token itself starts at the start of the matched group.
_TOKEN = re.compile(rf"""[ \t\f]*(?:
 (?P<str>{_PREFIX}(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                  |'(?!'')(?:[^'\\\n]|\\.)*'|"(?!"")(?:[^"\\\n]|\\.)*"|''(?!')|""(?!")))
|(?P<badstr>{_PREFIX}(?:'''|\"\"\"|'|"))
|(?P<name>[^\W\d]\w*)
|(?P<num>0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+
        |(?:{_DIGITS}\.(?:{_DIGITS})?|\.{_DIGITS})(?:{_EXPONENT})?[jJ]?
        |{_DIGITS}(?:{_EXPONENT})?[jJ]?)
|(?P<op>\*\*=|//=|>>=|<<=|\.\.\.|->|:=|\*\*|//|<<|>>|<=|>=|==|!=|[-+*/%@&|^]=
       |[-+*/%@&|^~<>()\[\]{{}},:;.=])
|(?P<nl>\n)
|(?P<comment>\#[^\n]*)
|(?P<cont>\\\n)
|(?P<eof>\Z)
|(?P<err>.)
)""", re.VERBOSE | re.DOTALL)

_BLANK_REST = re.compile(r"[ \t\f]*(?:#[^\n]*)?(?:\n|\Z)")
_INDENT = re.compile(r"[ \t\f]*")
_KEYWORD_AFTER_NUMBER = re.compile(r"(?:and|else|for|if|in|is|not|or)\b")
_NUMBER_TAIL = re.compile(r"[\w.]")
# 'match' then blanks, not followed by what makes it an ordinary name (assignment, call ...).
_MATCH_START = re.compile(r"match[ \t]+(?![=.(\[,:)]|[-+*/%@&|^<>!]?=)")
_TYPE_ALIAS = re.compile(r"type[ \t]+[^\W\d]\w*[ \t]*(?:\[[^\]\n]*\])?[ \t]*=(?!=)[^\n]*$",
                         re.MULTILINE)
_LATER_STARTS = frozenset({"m", "t"})  # first letters of 'match' and 'type' statements
_MAX_STR_DIGITS = 4000  # chunk size below CPython's int/str conversion guard


def _big_decimal(digits: str) -> int:
    """int() of a long decimal digit string, chunked to stay under CPython's digit guard."""
    value = 0
    for start in range(0, len(digits), _MAX_STR_DIGITS):
        chunk = digits[start:start + _MAX_STR_DIGITS]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


def number_value(text: str, int_digits: int) -> object:
    """The value of a valid number token (int, float or complex); raises ValueError if too big."""
    clean = text.replace("_", "")
    last = clean[-1]
    if last in "jJ":
        return complex(clean)
    if clean[:2].lower() in ("0x", "0o", "0b"):
        return int(clean, 0)
    if "." in clean or "e" in clean or "E" in clean:
        return float(clean)
    if len(clean) > int_digits:
        raise ValueError(f"integer literal has more than {int_digits} digits")
    if len(clean) > _MAX_STR_DIGITS:
        return _big_decimal(clean)
    return int(clean)


class NestingBound:
    """An upper bound of the parse_depth nesting of everything tokenized with it.

    Every level the §14 rule counts inside one statement belongs to a distinct token of that
    logical line (a bracket, operator, keyword such as ``lambda``/``if``/``for``, or ``:`` of a
    one-line suite), and blocks are indentation levels; an f-string's fields nest inside its
    STRING token, which counts every character that could start such a token. So the weight of
    the heaviest logical line plus its indentation depth bounds the nesting, and the parser
    skips its exact (tree-walking) check when the bound is within the limit.
    """

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


# Weight of a token in the bound: brackets may open a trailer chain as well as a bracket pair,
# '**' is a chain and a right operand.
_WEIGHTS = {name: 1 for name in (
    "LBRACE", "COLON", "DOT", "PLUS", "MINUS", "STAR", "SLASH", "DOUBLESLASH", "PERCENT", "AT",
    "LSHIFT", "RSHIFT", "AMPER", "VBAR", "CIRCUMFLEX", "TILDE", "COMPOP", "WALRUS",
    "AND", "OR", "NOT", "IN", "IS", "IF", "LAMBDA", "FOR", "AWAIT")}
_WEIGHTS.update({"LPAR": 2, "LSQB": 2, "DOUBLESTAR": 2})


def tokenize(text: str, *, mode: str = "code", line: int = 1, column: int = 1,
             max_depth: int = 100, int_digits: int = 100_000,
             diagnostics: Optional[list[Diagnostic]] = None,
             in_brackets: bool = False, bound: Optional[NestingBound] = None
             ) -> Iterator[Token]:
    """Yield the tokens of ``text`` (which starts at ``line``/``column`` of the whole script).

    ``mode`` ``'code'`` tracks indentation; ``'expression'`` does not (expression, f-string field
    and template sources). ``in_brackets`` treats the text as if inside parentheses, so newlines
    are insignificant (f-string fields). Non-fatal findings go to ``diagnostics``; fatal ones
    raise :class:`SyntaxProblem`. The stream ends with NEWLINE (if needed), DEDENTs and ``$END``.
    ``bound`` (if given) is raised to this text's :class:`NestingBound`.
    """
    if diagnostics is None:
        diagnostics = []
    if bound is None:
        bound = NestingBound()
    weights = _WEIGHTS
    weight = 0  # of the current logical line
    match = _TOKEN.match
    keywords = KEYWORDS
    operators = OPERATORS
    code_mode = mode == "code"
    indent = IndentTracker() if code_mode else None
    pos = 0
    end = len(text)
    lineno = line
    # Offset of the current line's first character, shifted so that on the first line
    # ``pos - line_start + 1`` already includes the starting column.
    line_start = -(column - 1)
    brackets: list[tuple[str, int, int]] = []
    if in_brackets:
        brackets.append(("(", line, column))
    base_depth = len(brackets)
    at_line_start = True
    line_has_tokens = False

    while pos < end:
        if at_line_start and not brackets:
            at_line_start = False
            blank = _BLANK_REST.match(text, pos)
            if blank is not None:
                # Blank and comment-only lines produce no tokens at all.
                if blank.end() == pos:
                    break
                if text[blank.end() - 1:blank.end()] == "\n":
                    lineno += 1
                    line_start = blank.end()
                at_line_start = True
                pos = blank.end()
                continue
            ws = _INDENT.match(text, pos)
            if indent is not None:
                whitespace = text[pos:ws.end()]
                if not indent.unchanged(whitespace):
                    yield from indent.update(whitespace, lineno, ws.end() - line_start + 1)
                # Only a line starting with 'm' or 't' can be a match or type statement.
                special = _later_python_statement(text, ws.end(), lineno, line_start) \
                    if text[ws.end():ws.end() + 1] in _LATER_STARTS else None
                if special is not None:
                    token, new_pos, lines = special
                    yield token
                    pos = new_pos
                    lineno += lines
                    line_start = pos
                    at_line_start = True
                    continue
            pos = ws.end()
            continue

        m = match(text, pos)
        kind = m.lastgroup
        pos, new_pos = m.span(kind)
        value = text[pos:new_pos]
        if kind == "err" and value.isidentifier():
            kind = "name"  # an identifier start \w does not cover (U+2118 and friends)
            new_pos = _identifier_end(text, new_pos, end)
            value = text[pos:new_pos]
        if kind == "name":
            if new_pos < end and text[new_pos] > "\x7f":
                # Combining marks and other ID_Continue characters beyond \w.
                new_pos = _identifier_end(text, new_pos, end)
                value = text[pos:new_pos]
            col = pos - line_start + 1
            ttype = keywords.get(value)
            if ttype is not None:
                weight += weights.get(ttype, 0)
            else:
                ttype = "NAME"
                if not value.isascii():
                    value = unicodedata.normalize("NFKC", value)
                    if not value.isidentifier():
                        raise SyntaxProblem(diagnostic(
                            "DW100", f"invalid character in identifier {value!r}",
                            lineno, col, lineno, col + (new_pos - pos)))
            line_has_tokens = True
            yield (ttype, value, lineno, col, lineno, col + (new_pos - pos))
        elif kind == "op":
            col = pos - line_start + 1
            ttype = operators[value]
            if value in _OPENERS:
                brackets.append((value, lineno, col))
                if len(brackets) - base_depth > max_depth:
                    raise SyntaxProblem(diagnostic(
                        "DW107", f"nesting exceeds the parse_depth limit ({max_depth})",
                        lineno, col, lineno, col + 1))
            elif value in _CLOSERS:
                if len(brackets) == base_depth:
                    raise SyntaxProblem(diagnostic(
                        "DW100", f"unmatched '{value}'", lineno, col, lineno, col + 1))
                opener, o_line, o_col = brackets[-1]
                if opener != _CLOSERS[value]:
                    where = "" if o_line == lineno else f" on line {o_line}"
                    raise SyntaxProblem(diagnostic(
                        "DW100", f"closing {_BRACKET_NAMES[value]} '{value}' does not match "
                        f"opening {_BRACKET_NAMES[opener]} '{opener}'{where}",
                        lineno, col, lineno, col + 1))
                brackets.pop()
            elif ttype == "AUGASSIGN":
                value = value[:-1]
            weight += weights.get(ttype, 0)
            line_has_tokens = True
            yield (ttype, value, lineno, col, lineno, col + len(value) +
                   (1 if ttype == "AUGASSIGN" else 0))
        elif kind == "nl":
            if not brackets and line_has_tokens:
                col = pos - line_start + 1
                if indent is not None:
                    weight += indent.depth
                if weight > bound.value:
                    bound.value = weight
                weight = 0
                yield ("NEWLINE", "\n", lineno, col, lineno, col + 1)
                line_has_tokens = False
                at_line_start = True
            lineno += 1
            line_start = new_pos
        elif kind == "comment":
            pass
        elif kind == "eof":
            break
        elif kind == "str":
            col = pos - line_start + 1
            newlines = value.count("\n")
            if newlines:
                end_line = lineno + newlines
                end_col = new_pos - (pos + value.rfind("\n") + 1) + 1
            else:
                end_line, end_col = lineno, col + len(value)
            if "{" in value and (value[0] in "fF" or value[1] in "fF"):
                weight += _fstring_weight(value)
            line_has_tokens = True
            yield ("STRING", value, lineno, col, end_line, end_col)
            if newlines:
                lineno = end_line
                line_start = pos + value.rfind("\n") + 1
        elif kind == "num":
            col = pos - line_start + 1
            end_col = col + len(value)
            _check_number_end(text, value, new_pos, lineno, col, end_col)
            try:
                number = number_value(value, int_digits)
            except ValueError as exc:
                raise SyntaxProblem(diagnostic("DW105", str(exc), lineno, col, lineno, end_col))
            if isinstance(number, complex):
                diagnostics.append(diagnostic(
                    "DW309", "imaginary literals are not supported in Dataway",
                    lineno, col, lineno, end_col))
            line_has_tokens = True
            yield ("NUMBER", number, lineno, col, lineno, end_col)
        elif kind == "cont":
            lineno += 1
            line_start = new_pos
            if new_pos >= end:
                raise SyntaxProblem(diagnostic(
                    "DW101", "unexpected end of input after line continuation",
                    lineno, 1, lineno, 1))
        elif kind == "badstr":
            col = pos - line_start + 1
            triple = value.endswith(('"""', "'''"))
            what = "unterminated triple-quoted string literal" if triple else \
                "unterminated string literal"
            raise SyntaxProblem(diagnostic("DW102", f"{what} (detected at line "
                                           f"{lineno + (text.count(chr(10), pos) if triple else 0)})",
                                           lineno, col, lineno, col + len(value)))
        else:  # err
            col = pos - line_start + 1
            if value == "\\":
                message = "unexpected character after line continuation character"
            elif value == "!":
                message = "invalid syntax: '!' is only valid in '!='"
            elif value in "$?`":
                message = f"invalid syntax: unexpected character '{value}'"
            else:
                message = f"invalid character '{value}' (U+{ord(value):04X})"
            raise SyntaxProblem(diagnostic("DW100", message, lineno, col, lineno, col + 1))
        pos = new_pos

    col = pos - line_start + 1
    if len(brackets) > base_depth:
        opener, o_line, o_col = brackets[-1]
        raise SyntaxProblem(diagnostic(
            "DW101", f"'{opener}' was never closed", o_line, o_col, o_line, o_col + 1))
    if indent is not None:
        weight += indent.depth
    if weight > bound.value:
        bound.value = weight
    if line_has_tokens and not brackets:
        yield ("NEWLINE", "", lineno, col, lineno, col)
    if indent is not None:
        yield from indent.finish(lineno, col)
    yield (END, None, lineno, col, lineno, col)


# Everything inside an f-string's fields that could open a nesting level: brackets (twice, as
# for tokens), operator and punctuation characters, and the keywords that add levels.
_FSTRING_LEVELS = re.compile(r"[-(\[{+~*/%@&|^<>=!.:]|\b(?:lambda|if|for|not|and|or|in|is|await)\b")


def _fstring_weight(text: str) -> int:
    """Upper bound of the nesting inside an f-string token's fields."""
    return len(_FSTRING_LEVELS.findall(text)) + text.count("(") + text.count("[")


def _identifier_end(text: str, pos: int, end: int) -> int:
    """Index after the identifier characters starting at ``pos`` (CPython's ID_Continue)."""
    while pos < end and ("a" + text[pos]).isidentifier():
        pos += 1
    return pos


def _check_number_end(text: str, value: str, new_pos: int, line: int, col: int,
                      end_col: int) -> None:
    """Refuse number literals CPython refuses: ``0777``, ``1_``, ``0x``, ``1abc``."""
    clean = value.replace("_", "")
    if (len(clean) > 1 and clean[0] == "0" and clean.isdigit() and clean.strip("0")):
        raise SyntaxProblem(diagnostic(
            "DW105", "leading zeros in decimal integer literals are not permitted; "
            "use an 0o prefix for octal integers", line, col, line, end_col))
    tail = _NUMBER_TAIL.match(text, new_pos)
    if tail is None:
        return
    if tail.group() == "." or _KEYWORD_AFTER_NUMBER.match(text, new_pos):
        return
    low = value[:2].lower()
    kind = {"0x": "hexadecimal", "0o": "octal", "0b": "binary"}.get(low, "decimal")
    if value in ("0",) and text[new_pos:new_pos + 1] in "xXoObB":
        kind = {"x": "hexadecimal", "o": "octal", "b": "binary"}[text[new_pos].lower()]
    raise SyntaxProblem(diagnostic("DW105", f"invalid {kind} literal",
                                   line, col, line, end_col + 1))


def _later_python_statement(text: str, pos: int, lineno: int,
                            line_start: int) -> Optional[tuple[Token, int, int]]:
    """Recognise a ``match`` statement or a ``type`` alias at ``pos`` (a statement start).

    Both are Python 3.10+/3.12 syntax the LALR grammar does not describe; the whole statement
    (for ``match``: header and indented block) becomes one UNSUPPORTED token so the checker can
    report DW311 at its header. Returns the token, the position after the statement and the
    number of newlines consumed.
    """
    first = text[pos:pos + 5]
    if first == "match":
        if _MATCH_START.match(text, pos) is None:
            return None
        # A match statement's header line ends with ':' (before any comment).
        line_end = text.find("\n", pos)
        header = text[pos:line_end if line_end >= 0 else len(text)]
        code = header.split("#", 1)[0].rstrip()
        if not code.endswith(":"):
            return None
        construct = "match statement"
        stop = pos + len(code)
        own_indent = pos - line_start
        # The block: following lines that are blank or indented deeper than the header.
        scan = line_end + 1 if line_end >= 0 else len(text)
        while scan < len(text):
            nl = text.find("\n", scan)
            line_end = len(text) if nl < 0 else nl
            body = text[scan:line_end]
            stripped = body.lstrip(" \t\f")
            if stripped and not stripped.startswith("#") and len(body) - len(stripped) <= own_indent:
                break
            scan = line_end + 1 if nl >= 0 else line_end
        consumed_to = min(scan, len(text))
    elif first == "type ":
        header = _TYPE_ALIAS.match(text, pos)
        if header is None:
            return None
        construct = "type alias statement"
        stop = header.end()
        consumed_to = stop + 1 if stop < len(text) else stop
    else:
        return None
    col = pos - line_start + 1
    token = ("UNSUPPORTED", construct, lineno, col, lineno, stop - line_start + 1)
    return token, consumed_to, text.count("\n", pos, consumed_to)
