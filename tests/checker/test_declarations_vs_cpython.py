"""DW208 and module-level nonlocal (DW110) against CPython's own symbol table pass.

``symtable.symtable`` runs only CPython's scoping analysis (no code is compiled or run) and
raises SyntaxError for exactly the global/nonlocal misuse the checker reports.
"""
from __future__ import annotations

import symtable

from hypothesis import given, settings, strategies as st

from tests.checker.helpers import check

_NAMES = st.sampled_from(["x", "y"])
_SIMPLE = st.one_of(
    _NAMES.map(lambda n: f"global {n}"), _NAMES.map(lambda n: f"nonlocal {n}"),
    _NAMES.map(lambda n: f"{n} = 1"), _NAMES.map(lambda n: f"print({n})"),
    _NAMES.map(lambda n: f"{n} += 1"),
)


@st.composite
def programs(draw, depth=0):
    """A small program: statements and nested defs whose params may clash with declarations."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.integers(0, 3)) == 0:
            params = draw(st.lists(_NAMES, unique=True, max_size=2))
            lines.append(f"def f{depth}_{len(lines)}({', '.join(params)}):")
            body = draw(programs(depth + 1))
            lines.extend("    " + line for line in body)
        else:
            lines.append(draw(_SIMPLE))
    return lines


@settings(max_examples=500, deadline=None)
@given(programs())
def test_same_verdict_and_message_as_cpython(lines):
    source = "\n".join(lines) + "\ndef dw_process(msg):\n    return 1\n"
    try:
        symtable.symtable(source, "<t>", "exec")
        cpython = None
    except SyntaxError as exc:
        cpython = exc.msg
    ours = [d.message for d in check(source)
            if d.code == "DW208" or (d.code == "DW110" and "nonlocal" in d.message)]
    if cpython is None:
        assert ours == [], source
    elif "nonlocal declaration not allowed at module level" in ours:
        # CPython may first report a clash this declaration causes with a function's global.
        assert ours
    else:
        assert cpython in ours, (source, cpython, ours)
