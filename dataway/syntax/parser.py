"""The public entry point: ``parse(source, mode)`` -> :class:`ParseResult`.

Pipeline: decode (DW109) -> size check (DW108) -> tokenize -> drive the LALR tables with the
builder callbacks (the AST is built during the parse; no parse tree exists) -> nesting check
(DW107). ``parse`` never raises for a problem in the script: every problem is a diagnostic, and
``tree`` is None when an error means there is no trustworthy tree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional, Union

from dataway.diagnostics import Diagnostic, diagnostic, sort_diagnostics
from dataway.limits import DEFAULT_LIMITS, Limits
from dataway.source import Source, decode_source
from dataway.syntax import ast
from dataway.syntax.build_stmts import Builder
from dataway.syntax.depth import first_too_deep
from dataway.syntax.grammar import Tables, tables
from dataway.syntax.syntax_errors import ParseFailure, describe_failure
from dataway.syntax.tokenizer import NestingBound, SyntaxProblem, tokenize

__all__ = ["parse", "ParseResult", "MODES"]

MODES = ("code", "expression", "text")
_MODE_ALIASES = {"code": "code", "expression": "expression", "expr": "expression",
                 "text": "text", "template": "text"}
# Codes that do not invalidate the tree: warnings, and refusals the checker also understands.
_TREE_KEEPING = frozenset({"DW120", "DW309", "DW311"})


@dataclass(frozen=True)
class ParseResult:
    """The outcome of :func:`parse`.

    ``tree`` is an ``ast.Module`` (code mode), ``ast.Expression`` (expression mode) or
    ``ast.Template`` (text mode), or None when syntax errors prevent a tree.
    """

    tree: Optional[ast.Root]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source: Source = field(default_factory=lambda: Source(""))

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error."""
        return not any(d.is_error for d in self.diagnostics)


_CALLBACKS: Optional[tuple[Tables, list]] = None


def _callbacks(t: Tables) -> list[tuple[str, int, Optional[Callable[[Any, list], Any]]]]:
    """Per rule: (nonterminal, size, unbound Builder method or None for a pass-through).

    Resolved once per process; a rule of several symbols without a callback is a defect.
    """
    global _CALLBACKS
    if _CALLBACKS is not None and _CALLBACKS[0] is t:
        return _CALLBACKS[1]
    resolved = []
    for origin, size, key in t.rules:
        fn = getattr(Builder, key, None)
        if fn is None and size != 1:
            raise RuntimeError(f"grammar rule {key!r} has no builder callback")
        resolved.append((origin, size, fn))
    _CALLBACKS = (t, resolved)
    return resolved


class _Run:
    """One parse of one script: shared by its f-string fields and template interpolations."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        #: Upper bound of the nesting of everything tokenized in this run.
        self.bound = NestingBound()
        self.builder = Builder(self.diagnostics, self.parse_field)
        self.tables = tables()
        self.rules = _callbacks(self.tables)
        #: ``by_act[act]`` is ``rules[-1 - act]`` for a reduce action ``act`` (< 0).
        self.by_act = self.rules[::-1]

    def drive(self, tokens: Iterable[tuple], start: str,
              replay: Optional[Callable[[], Iterable[tuple]]] = None) -> Any:
        """Run the LALR automaton over ``tokens``; returns the root value.

        Raises ParseFailure at the first token without an action, and lets SyntaxProblem from
        the tokenizer or the builder pass through. ``replay`` re-creates the token stream; on
        failure it is used to compute exactly which terminals were acceptable.
        """
        try:
            return self._drive(tokens, start)
        except ParseFailure as failure:
            if replay is not None:
                expected = self._viable_terminals(replay(), start, failure.consumed)
                if expected:
                    failure.expected = frozenset(expected)
            raise

    def _viable_terminals(self, tokens: Iterable[tuple], start: str, consumed: int) -> set[str]:
        """Terminals that could follow the first ``consumed`` shifted tokens.

        LALR tables detect an error only after default reductions, in a state whose action row
        merges several contexts; re-running the automaton (without building anything) up to the
        failure and trying each terminal from there gives the precise set.
        """
        t = self.tables
        actions, gotos, rules = t.actions, t.gotos, t.rules
        end_state = t.end_states[start]

        def advance(states: list[int], ttype: str) -> bool:
            while True:
                act = actions[states[-1]].get(ttype)
                if act is None:
                    return False
                if act >= 0:
                    states.append(act)
                    return True
                origin, size, _ = rules[-1 - act]
                if size:
                    del states[-size:]
                states.append(gotos[states[-1]][origin])
                if ttype == "$END" and states[-1] == end_state:
                    return True

        states = [t.start_states[start]]
        shifted = 0
        try:
            for token in tokens:
                if shifted >= consumed:
                    break
                if not advance(states, token[0]):
                    return set()
                shifted += 1
        except SyntaxProblem:
            return set()
        candidates = {name for row in actions.values() for name in row}
        return {name for name in candidates if advance(list(states), name)}

    def _drive(self, tokens: Iterable[tuple], start: str) -> Any:
        """The automaton loop of :meth:`drive`.

        It runs once per token and reduction, so the top state is kept in a local (``top``)
        besides the stack, and ``by_act[act]`` finds the rule of a reduce action ``act`` (a
        negative index into the reversed rule list) without arithmetic.
        """
        t = self.tables
        actions, gotos, by_act = t.actions, t.gotos, self.by_act
        builder = self.builder
        end_state = t.end_states[start]
        top = t.start_states[start]
        states = [top]
        values: list[Any] = []
        push_state, push_value = states.append, values.append
        consumed = 0
        unit_memo = t.unit_memo
        for token in tokens:
            ttype = token[0]
            while True:
                act = actions[top].get(ttype)
                if act is None:
                    raise ParseFailure(token, actions[top].keys(), consumed,
                                       values[-1] if values else None)
                if act >= 0:
                    push_state(act)
                    top = act
                    push_value(token)
                    consumed += 1
                    break
                origin, size, fn = by_act[act]
                if fn is None:
                    # Unit rules without a callback pass their child through unchanged. A run
                    # of them (an operand climbing the precedence levels) only changes the top
                    # state, and the result depends on (state below, top, terminal) alone, so
                    # it is computed once per process and remembered.
                    key = (states[-2], top, ttype)
                    final = unit_memo.get(key)
                    if final is None:
                        final = self._unit_chain(states[-2], act, ttype)
                        unit_memo[key] = final
                    states[-1] = top = final
                    continue
                if size == 1:
                    # The most common reduction (an atom, a one-element list): in place.
                    values[-1] = fn(builder, [values[-1]])
                    states[-1] = top = gotos[states[-2]][origin]
                else:
                    if size:
                        children = values[-size:]
                        del values[-size:]
                        del states[-size:]
                    else:
                        children = []
                    push_value(fn(builder, children))
                    top = gotos[states[-1]][origin]
                    push_state(top)
                if top == end_state and ttype == "$END":
                    return values[-1]
        raise RuntimeError("token stream ended without $END")  # pragma: no cover

    def _unit_chain(self, below: int, act: int, ttype: str) -> int:
        """The top state after a run of callback-free unit reductions starting with ``act``."""
        actions, gotos, rules = self.tables.actions, self.tables.gotos, self.rules
        state = below
        while act is not None and act < 0:
            origin, size, fn = rules[-1 - act]
            if fn is not None or size != 1:
                break
            state = gotos[below][origin]
            act = actions[state].get(ttype)
        return state

    def parse_expression(self, text: str, line: int, column: int,
                         in_brackets: bool) -> ast.Expression:
        """Parse expression text located at (line, column) of the whole script."""
        tokens = tokenize(text, mode="expression", line=line, column=column,
                          max_depth=self.limits.parse_depth,
                          int_digits=self.limits.int_digits, diagnostics=self.diagnostics,
                          in_brackets=in_brackets, bound=self.bound)
        def replay() -> Iterable[tuple]:
            return tokenize(text, mode="expression", line=line, column=column,
                            max_depth=self.limits.parse_depth,
                            int_digits=self.limits.int_digits, in_brackets=in_brackets)

        try:
            return self.drive(tokens, "eval_input", replay)
        except ParseFailure as failure:
            raise SyntaxProblem(describe_failure(failure, "expression",
                                                 self.tables.terminal_text))

    def parse_field(self, text: str, line: int, column: int) -> ast.Expr:
        """Parse an f-string field expression (errors become DW113)."""
        try:
            return self.parse_expression(text, line, column, in_brackets=True).body
        except SyntaxProblem as problem:
            d = problem.diagnostic
            if d.code in ("DW113", "DW107"):
                raise
            message = d.message
            if d.code == "DW114":
                message = "invalid syntax"
            raise SyntaxProblem(diagnostic("DW113", f"f-string: {message}", d.line, d.column,
                                           d.end_line, d.end_column))


def parse(source: Union[str, bytes], mode: str = "code", *, limits: Limits = DEFAULT_LIMITS,
          name: str = "<script>") -> ParseResult:
    """Parse a script in ``mode`` (``'code'``, ``'expression'`` or ``'text'``).

    Never raises for problems in the script; they are returned as diagnostics (DW1xx, plus
    DW309/DW311 for literals and f-string syntax Dataway refuses).
    """
    mode = _MODE_ALIASES.get(mode, mode)
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    text, problem = decode_source(source)
    src = Source(text, name)
    # The size of the script as given (before BOM removal and newline normalisation).
    size = len(source) if isinstance(source, (bytes, bytearray)) else \
        len(source.encode("utf-8", errors="surrogatepass"))
    if size > limits.script_length:
        return ParseResult(None, [diagnostic(
            "DW108", f"script exceeds the script_length limit ({limits.script_length} bytes)",
            1, 1, 1, 1)], src)
    if problem is not None:
        return ParseResult(None, [diagnostic("DW109", problem.message, problem.line,
                                             problem.column)], src)
    run = _Run(limits)
    tree: Optional[ast.Root] = None
    try:
        if mode == "code":
            def replay() -> Iterable[tuple]:
                return tokenize(text, mode="code", max_depth=limits.parse_depth,
                                int_digits=limits.int_digits)

            tokens = tokenize(text, mode="code", max_depth=limits.parse_depth,
                              int_digits=limits.int_digits, diagnostics=run.diagnostics,
                              bound=run.bound)
            try:
                tree = run.drive(tokens, "file_input", replay)
            except ParseFailure as failure:
                later = _later_python_failure(text, failure, limits)
                raise SyntaxProblem(later or describe_failure(failure, "code",
                                                              run.tables.terminal_text))
        elif mode == "expression":
            tree = run.parse_expression(text, 1, 1, in_brackets=False)
        else:
            from dataway.syntax.template import parse_template
            tree = parse_template(text, run)
    except SyntaxProblem as problem:
        run.diagnostics.append(problem.diagnostic)
        tree = None
    except RecursionError:  # pragma: no cover - defensive: nesting is bounded before this
        run.diagnostics.append(diagnostic(
            "DW107", f"nesting exceeds the parse_depth limit ({limits.parse_depth})", 1, 1))
        tree = None
    if tree is not None and run.bound.value > limits.parse_depth:
        # Only when the cheap bound cannot rule it out: walk the tree for the exact rule.
        deep = first_too_deep(tree, run.builder, limits.parse_depth)
        if deep is not None:
            run.diagnostics.append(diagnostic(
                "DW107", f"nesting exceeds the parse_depth limit ({limits.parse_depth})",
                0, 0, node=deep))
            tree = None
    diagnostics = sort_diagnostics(run.diagnostics)
    if tree is not None and any(d.is_error and d.code not in _TREE_KEEPING for d in diagnostics):
        tree = None
    return ParseResult(tree, diagnostics, src)


def _later_python_failure(text: str, failure: ParseFailure,
                          limits: Limits) -> Optional[Diagnostic]:
    """DW311 when a failure at ``as`` is inside the parentheses right after ``with``: the
    parenthesised with-items of Python 3.9+. Only runs on the error path."""
    token = failure.token
    if token[0] != "AS":
        return None
    opened: list[tuple] = []
    previous: Optional[tuple] = None
    try:
        for tok in tokenize(text, mode="code", max_depth=limits.parse_depth,
                            int_digits=limits.int_digits):
            if tok[2:4] == token[2:4]:
                break
            if tok[0] in ("LPAR", "LSQB", "LBRACE"):
                opened.append((tok, previous))
            elif tok[0] in ("RPAR", "RSQB", "RBRACE") and opened:
                opened.pop()
            previous = tok
    except SyntaxProblem:
        return None
    if opened and opened[-1][0][0] == "LPAR" and opened[-1][1] is not None \
            and opened[-1][1][0] == "WITH":
        paren = opened[-1][0]
        return diagnostic("DW311", "parenthesised with items are not supported in Dataway "
                          "(it is Python 3.9 syntax)", paren[2], paren[3], token[4], token[5])
    return None
