"""More generators: method calls with random arguments, mutation sequences, slice assignment,
numeric formatting with random precision. Same rules as :mod:`differential.strategies`."""
from __future__ import annotations

from hypothesis import strategies as st

from differential.strategies import floats, ints, lit, small_ints, texts

idx = st.one_of(st.none(), st.integers(-7, 7))
step = st.one_of(st.none(), st.sampled_from([-3, -2, -1, 1, 2, 3]))


def _slice(a, b, c) -> str:
    def s(v):  # None leaves the bound out
        return "" if v is None else str(v)
    return f"{s(a)}:{s(b)}" + ("" if c is None else f":{c}")


@st.composite
def str_method_call(draw) -> str:
    """A str method with drawn arguments (separators, counts, widths, fill characters)."""
    s = lit(draw(texts))
    sub = lit(draw(st.text("ab ,", max_size=2)))
    n = draw(st.integers(-2, 12))
    calls = [
        f"split({sub}, {n})", f"rsplit({sub}, {n})", "split(None, %d)" % n, f"replace({sub}, 'Z', {n})",
        f"find({sub}, {draw(idx)}, {draw(idx)})", f"rfind({sub})", f"count({sub}, {n})",
        f"center({n}, {lit(draw(st.sampled_from(['*', ' ', 'é'])))})", f"ljust({n})", f"rjust({n}, '0')",
        f"zfill({n})", f"strip({sub})", f"rstrip({sub})", f"startswith({sub}, {n})",
        f"endswith(({sub}, 'x'))", f"partition({sub})", f"rpartition({sub})", f"expandtabs({n})",
        f"splitlines({draw(st.booleans())})", f"join([{s}, {sub}])", f"removeprefix({sub})",
        f"removesuffix({sub})", f"encode('utf-8', 'strict').decode('latin-1')", f"index({sub})",
    ]
    return f"{s}.{draw(st.sampled_from(calls))}"


@st.composite
def slicing_expr(draw) -> str:
    """Reads of random slices of lists, tuples, strings, bytes and ranges."""
    base = draw(st.sampled_from(["list(range(9))", "tuple('abcdefg')", "'héllo wörld'",
                                 "b'\\x00abc\\xff'", "range(2, 30, 3)", "bytearray(b'xyzw')"]))
    return f"{base}[{_slice(draw(idx), draw(idx), draw(step))}]"


@st.composite
def list_mutation_program(draw) -> str:
    """A sequence of list mutations (including slice assignment and deletion) on one list."""
    ops = []
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.integers(0, 11))
        v = draw(small_ints)
        if op == 0:
            ops.append(f"xs.append({v})")
        elif op == 1:
            ops.append(f"xs.insert({draw(st.integers(-9, 9))}, {v})")
        elif op == 2:
            ops.append(f"out.append(xs.pop({draw(st.integers(-4, 4))}) if xs else None)")
        elif op == 3:
            ops.append(f"xs.remove({v}) if {v} in xs else None")
        elif op == 4:
            ops.append(f"xs.sort(reverse={draw(st.booleans())})")
        elif op == 5:
            ops.append("xs.reverse()")
        elif op == 6:
            ops.append(f"xs.extend(range({draw(st.integers(0, 3))}))")
        elif op == 7:
            new = draw(st.lists(small_ints, max_size=4))
            ops.append(f"xs[{_slice(draw(idx), draw(idx), None)}] = {new!r}")
        elif op == 8:
            ops.append(f"del xs[{_slice(draw(idx), draw(idx), draw(step))}]")
        elif op == 9:
            ops.append(f"xs[{draw(st.integers(-3, 3))}] = {v}")
        elif op == 10:
            ops.append(f"xs += [{v}] * {draw(st.integers(0, 2))}")
        else:
            new = draw(st.lists(small_ints, max_size=4))
            ops.append(f"xs[{_slice(draw(idx), draw(idx), draw(step))}] = {new!r}")
    start = draw(st.lists(small_ints, max_size=6))
    body = "".join(f"    {o}\n" for o in ops)
    return (f"def dw_process(msg):\n    xs = {start!r}\n    out = []\n{body}"
            "    return [xs, out, len(xs), sorted(set(xs))]\n")


@st.composite
def dict_program(draw) -> str:
    """A sequence of dict operations keeping insertion order observable."""
    ops = []
    keys = st.sampled_from(["'a'", "'b'", "'c'", "1", "2", "(1, 2)", "None", "True", "1.0"])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.integers(0, 8))
        k, v = draw(keys), draw(small_ints)
        ops.append([
            f"d[{k}] = {v}", f"out.append(d.pop({k}, 'missing'))", f"out.append(d.setdefault({k}, {v}))",
            f"d.update({{{k}: {v}}})", f"out.append(d.get({k}))", f"out.append({k} in d)",
            f"del d[{k}]", f"out.append(d.popitem() if d else None)", f"d = {{**d, {k}: {v}}}",
        ][op])
    body = "".join(f"    {o}\n" for o in ops)
    return (f"def dw_process(msg):\n    d = {{}}\n    out = []\n{body}"
            "    return [d, list(d.items()), out]\n")


@st.composite
def numeric_format_expr(draw) -> str:
    """Numbers formatted with drawn precision, width, sign and type."""
    value = lit(draw(st.one_of(ints, floats)))
    prec = draw(st.integers(0, 20))
    width = draw(st.integers(0, 14))
    sign = draw(st.sampled_from(["", "+", "-", " "]))
    kind = draw(st.sampled_from(["f", "e", "g", "%", "", "n", "E", "G"]))
    fill = draw(st.sampled_from(["", "0", "*<", ">", "^", "=", "x^"]))
    group = draw(st.sampled_from(["", ",", "_"]))
    form = draw(st.integers(0, 2))
    if form == 0:
        return f"f'{{{value}:{fill}{sign}{width or ''}{group}.{prec}{kind}}}'"
    if form == 1:
        return f"'%{sign if sign != '-' else '-'}{width}.{prec}{kind if kind in 'feEgG' and kind else 'f'}' % {value}"
    return f"[int(str({value})) if isinstance({value}, int) else float(repr({value})), bin(int({value})), hex(int({value})), oct(int({value}))]"
