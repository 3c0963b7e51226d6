"""Small code-mode programs covering every construct the compiler handles.

Each program defines ``dw_process(msg)``; the differential test runs it under CPython and under
Dataway and compares the repr of the result or the exception class and message.
"""

PROGRAMS: dict[str, str] = {}


def program(name: str, body: str) -> None:
    """Register a corpus program (``body`` is the full source)."""
    PROGRAMS[name] = body


program("arith", """
def dw_process(msg):
    return (1 + 2 * 3 - 4 / 5, 7 // 2, -7 // 2, 7 % -3, 2 ** 10, 2 ** -1, 1 << 5, 1024 >> 3,
            6 & 3, 6 | 3, 6 ^ 3, ~5, -(-3), +4, 'a' * 3, [1] * 2 + [3], 10 - 2 - 3,
            2 ** 3 ** 2, (1, 2) + (3,), 'x' 'y', 1.5 * 2, True + True)
""")
program("compare_chain", """
def dw_process(msg):
    a = 3
    return (1 < a < 5, 1 < a > 5, a == 3 != 4, 1 < 2 < 3 < 4 < 2, 'a' in 'abc',
            3 not in [1, 2], None is None, a is not None, [] == [], 1 <= 1 >= 0)
""")
program("boolops", """
def dw_process(msg):
    calls = []
    def t(x):
        calls.append(x)
        return x
    r = (t(0) and t(1), t(2) or t(3), t(0) or t('') or t(None), t(1) and t(2) and t(3),
         not t(0), t([]) or 'default')
    return r, calls
""")
program("ifexp_and_elif", """
def classify(n):
    if n < 0:
        return 'neg'
    elif n == 0:
        return 'zero'
    elif n < 10:
        return 'small'
    else:
        return 'big'
def dw_process(msg):
    return [classify(x) for x in (-1, 0, 5, 50)], ('y' if 1 else 'n'), ('y' if 0 else 'n')
""")
program("displays", """
def dw_process(msg):
    a = [1, 2]
    d = {'x': 1}
    return ([*a, 3, *range(2)], (*a,), {*a, 5}, {**d, 'y': 2, **{'x': 3}}, {'k': v for v in a},
            [], (), {}, set(), [[1], [2]][1][0])
""")
program("slices", """
def dw_process(msg):
    s = list(range(10))
    t = 'hello world'
    s[2:4] = ['a', 'b', 'c']
    del s[0]
    del s[::3]
    return s, t[::-1], t[1:5:2], t[-3:], s[:], t[:-1]
""")
program("unpacking", """
def dw_process(msg):
    a, b = 1, 2
    a, b = b, a
    (c, d), e = (3, 4), 5
    f, *g, h = range(6)
    *i, j = 'xy'
    [k, l] = [7, 8]
    m = n = 9
    for p, q in [(1, 2), (3, 4)]:
        pass
    return a, b, c, d, e, f, g, h, i, j, k, l, m, n, p, q
""")
program("unpack_too_few", """
def dw_process(msg):
    a, b, c = [1, 2]
""")
program("unpack_too_many", """
def dw_process(msg):
    a, b = [1, 2, 3]
""")
program("unpack_star_too_few", """
def dw_process(msg):
    a, b, *c, d = [1, 2]
""")
program("unpack_non_iterable", """
def dw_process(msg):
    a, b = 5
""")
program("augassign", """
def dw_process(msg):
    x = 5
    x += 2; x -= 1; x *= 3; x //= 4; x **= 2; x %= 7; x <<= 3; x >>= 1; x |= 1; x &= 6; x ^= 3
    l = [1]
    alias = l
    l += [2]
    l *= 2
    d = {'a': 1}
    d['a'] += 10
    s = [1, 2, 3]
    s[0] -= 5
    t = (1,)
    t += (2,)
    return x, l, alias, d, s, t
""")
program("loops", """
def dw_process(msg):
    out = []
    for i in range(10):
        if i == 2:
            continue
        if i == 6:
            break
        out.append(i)
    else:
        out.append('no')
    for i in range(2):
        pass
    else:
        out.append('else')
    n = 0
    while n < 5:
        n += 1
        if n == 3:
            continue
        out.append(n)
    else:
        out.append('w-else')
    while True:
        break
    else:
        out.append('never')
    return out
""")
program("nested_loops_break", """
def dw_process(msg):
    found = None
    for i in range(5):
        for j in range(5):
            if i * j == 6:
                found = (i, j)
                break
        if found:
            break
    return found
""")
program("closures", """
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
def dw_process(msg):
    c = counter()
    c(); c()
    fs = [lambda: i for i in range(3)]
    gs = [(lambda i=i: i) for i in range(3)]
    def outer():
        x = 'a'
        def mid():
            def inner():
                return x
            return inner
        return mid()()
    return c(), [f() for f in fs], [g() for g in gs], outer()
""")
program("globals", """
total = 0
def add(n):
    global total
    total += n
    return total
def dw_process(msg):
    add(3)
    add(4)
    return total
""")
program("defaults_kwargs", """
def f(a, b=2, *args, c, d=4, **kw):
    return a, b, args, c, d, kw
def g(x, y=[]):
    y.append(x)
    return y
def dw_process(msg):
    return (f(1, c=3), f(1, 2, 3, 4, c=5, e=6), f(*[1, 2], **{'c': 3, 'z': 0}),
            g(1), g(2), f(a=1, c=2))
""")
program("err_missing_arg", """
def f(x, y):
    return x
def dw_process(msg):
    return f(1)
""")
program("err_missing_two", """
def f(x, y, z):
    return x
def dw_process(msg):
    return f(1)
""")
program("err_missing_three", """
def f(x, y, z):
    return x
def dw_process(msg):
    return f()
""")
program("err_unexpected_kw", """
def f(x):
    return x
def dw_process(msg):
    return f(1, y=2)
""")
program("err_too_many", """
def f(x):
    return x
def dw_process(msg):
    return f(1, 2)
""")
program("err_too_many_defaults", """
def f(x, y=1):
    return x
def dw_process(msg):
    return f(1, 2, 3)
""")
program("err_too_many_zero", """
def f():
    return 1
def dw_process(msg):
    return f(1)
""")
program("err_multiple_values", """
def f(x):
    return x
def dw_process(msg):
    return f(1, x=2)
""")
program("err_kwonly_missing", """
def f(*, k):
    return k
def dw_process(msg):
    return f()
""")
program("err_nested_qualname", """
def outer():
    def inner(a):
        return a
    return inner
def dw_process(msg):
    return outer()()
""")
program("err_lambda_args", """
def dw_process(msg):
    return (lambda x: x)()
""")
program("try_except", """
def dw_process(msg):
    out = []
    try:
        1 / 0
    except ZeroDivisionError as e:
        out.append(('zde', str(e), e.args))
    try:
        [][1]
    except (KeyError, IndexError) as e:
        out.append(repr(e))
    try:
        {}['k']
    except LookupError:
        out.append('lookup')
    try:
        int('x')
    except Exception as e:
        out.append(repr(e))
    else:
        out.append('else')
    finally:
        out.append('finally')
    try:
        pass
    except Exception:
        out.append('no')
    else:
        out.append('else2')
    try:
        raise ValueError('boom')
    except:
        out.append('bare')
    return out
""")
program("except_name_unbound", """
def dw_process(msg):
    try:
        1 / 0
    except ZeroDivisionError as e:
        pass
    return e
""")
program("reraise", """
def f():
    try:
        raise KeyError('inner')
    except KeyError:
        raise
def dw_process(msg):
    try:
        f()
    except KeyError as e:
        return repr(e)
""")
program("raise_from", """
def dw_process(msg):
    try:
        try:
            {}['x']
        except KeyError as e:
            raise ValueError('wrapped') from e
    except ValueError as v:
        return repr(v), repr(v.__cause__) if False else 'ok'
""")
program("raise_class", """
def dw_process(msg):
    raise ValueError
""")
program("raise_non_exception", """
def dw_process(msg):
    raise 5
""")
program("except_non_class", """
def dw_process(msg):
    try:
        1 / 0
    except 5:
        pass
""")
program("finally_return_override", """
def f():
    try:
        return 'try'
    finally:
        return 'finally'
def g():
    try:
        1 / 0
    finally:
        return 'swallowed'
def h():
    for i in range(3):
        try:
            continue
        finally:
            pass
    return i
def dw_process(msg):
    return f(), g(), h()
""")
program("finally_runs_on_error", """
log = []
def f():
    try:
        {}['a']
    finally:
        log.append('cleanup')
def dw_process(msg):
    try:
        f()
    except KeyError:
        log.append('caught')
    return log
""")
program("assert_msg", """
def dw_process(msg):
    assert 1 == 2, 'numbers differ'
""")
program("assert_plain", """
def dw_process(msg):
    assert []
""")
program("assert_ok", """
def dw_process(msg):
    assert 1, 'fine'
    return 'passed'
""")
program("uncaught_keyerror", """
def pick(p):
    return p['id']
def dw_process(msg):
    return pick({})
""")
program("name_error", """
def dw_process(msg):
    return undefined_thing
""")
program("unbound_local", """
def dw_process(msg):
    if False:
        x = 1
    return x
""")
program("del_name", """
def dw_process(msg):
    x = 1
    del x
    return x
""")
program("type_error_add", """
def dw_process(msg):
    return 1 + 'a'
""")
program("not_callable", """
def dw_process(msg):
    return 5()
""")
program("not_subscriptable", """
def dw_process(msg):
    return 5[0]
""")
program("generators", """
def gen(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return 'done'
def deleg():
    r = yield from gen(3)
    yield r
def evens():
    for x in range(10):
        if x % 2:
            continue
        yield x
def dw_process(msg):
    g = gen(2)
    first = next(g)
    rest = list(g)
    return first, rest, list(deleg()), list(evens()), next(gen(0), 'empty'), [x for x in gen(4)]
""")
program("generator_try", """
def gen():
    try:
        yield 1
        yield 2
    finally:
        pass
    try:
        yield 3
        raise KeyError('k')
    except KeyError as e:
        yield repr(e)
    yield 'end'
def dw_process(msg):
    return list(gen())
""")
program("generator_stop", """
def gen():
    yield 1
def dw_process(msg):
    g = gen()
    next(g)
    try:
        next(g)
    except StopIteration as e:
        return 'stopped', e.args
""")
program("pep479", """
def gen():
    yield 1
    next(iter([]))
    yield 2
def dw_process(msg):
    return list(gen())
""")
program("genexpr_lazy", """
def dw_process(msg):
    seen = []
    def f(x):
        seen.append(x)
        return x * 2
    g = (f(x) for x in range(3))
    before = list(seen)
    out = list(g)
    return before, out, seen, sum(x * x for x in range(5) if x > 1), any(x > 3 for x in [1, 5])
""")


def all_programs() -> dict[str, str]:
    """Every registered program, including those of ``corpus_more``."""
    from tests.compiler import corpus_more  # noqa: F401 - registers its programs
    return PROGRAMS
