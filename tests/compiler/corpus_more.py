"""More corpus programs: comprehensions, formatting, recursion, closures, evaluation order."""
from tests.compiler.corpus import program

program("comprehension_scopes", """
def dw_process(msg):
    x = 'outer'
    ys = [x for x in range(3)]
    zs = [(i, j) for i in range(3) for j in range(i)]
    ws = [[j for j in range(i)] for i in range(3)]
    ds = {i: [i] * i for i in range(3) if i}
    ss = {c for c in 'hello'}
    return x, ys, zs, ws, ds, sorted(ss)
""")
program("fstrings", """
def dw_process(msg):
    x, w = 3.14159, 10
    name = 'dw'
    return (f'{x:.2f}', f'{x:{w}.3}', f'{name!r}', f'{name!s:>5}', f'a{{b}}c', f'{1 + 2}',
            f'{[1, 2]}', f'{"q"!a}', f'{w:#x}', f'{None}')
""")
program("percent_format", """
def dw_process(msg):
    return '%s-%d-%.2f' % ('a', 3, 1.5), '%(k)s' % {'k': 'v'}
""")
program("recursion", """
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)
def dw_process(msg):
    return fact(30), depth(150)
""")
program("mutual_recursion", """
def is_even(n):
    return True if n == 0 else is_odd(n - 1)
def is_odd(n):
    return False if n == 0 else is_even(n - 1)
def dw_process(msg):
    return is_even(100), is_odd(7)
""")
program("sorting_with_key", """
def dw_process(msg):
    data = [('b', 2), ('a', 3), ('c', 1)]
    return (sorted(data), sorted(data, key=lambda p: p[1]), sorted(data, key=lambda p: p[0],
            reverse=True), list(map(lambda p: p[0], data)), list(filter(lambda p: p[1] > 1,
            data)), max(data, key=lambda p: p[1]))
""")
program("methods", """
def dw_process(msg):
    s = ' Hello, World '
    d = {'a': 1}
    l = [3, 1, 2]
    l.sort()
    l.append(4)
    return (s.strip().lower().split(', '), d.get('a'), d.get('z', 0), list(d.items()), l,
            ','.join(['x', 'y']), 'abc'.upper(), s.count('l'), d.setdefault('b', []))
""")
program("lambda_defaults_closure", """
def make(n):
    return lambda x, k=2: x * k + n
def dw_process(msg):
    f = make(10)
    return f(1), f(1, 3), f(x=2, k=0)
""")
program("star_args_call", """
def f(*args, **kwargs):
    return args, sorted(kwargs.items())
def dw_process(msg):
    a = [1, 2]
    k = {'x': 1}
    return f(*a, 3, *a, **k, y=2), f(), f(**{}), f(*())
""")
program("dup_kw_call", """
def f(**kw):
    return kw
def dw_process(msg):
    return f(a=1, **{'a': 2})
""")
program("annotations_not_evaluated", """
def f(x: UndefinedType) -> AlsoUndefined:
    y: Whatever = x
    z: Unknown
    return y
def dw_process(msg):
    return f(1)
""")
program("walrus_free_scoping", """
def dw_process(msg):
    x = 10
    def f():
        return x
    x = 20
    return f()
""")
program("while_else_break", """
def dw_process(msg):
    i = 0
    while i < 10:
        i += 1
        if i == 3:
            break
    else:
        return 'no'
    return i
""")
program("implicit_context", """
def dw_process(msg):
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            {}['missing']
    except KeyError as e:
        return repr(e), 'has-context'
""")
program("exception_in_handler_uncaught", """
def dw_process(msg):
    try:
        1 / 0
    except ZeroDivisionError:
        {}['missing']
""")
program("nested_functions_generators", """
def outer(n):
    def gen():
        for i in range(n):
            yield i * n
    return list(gen())
def dw_process(msg):
    return outer(3)
""")
program("yield_expression_value", """
def gen():
    x = yield 1
    y = yield x
    yield (x, y)
def dw_process(msg):
    return list(gen())
""")
program("isinstance_and_types", """
def dw_process(msg):
    return isinstance(1, int), isinstance('a', (int, str)), isinstance(ValueError('x'), Exception)
""")
program("string_iteration", """
def dw_process(msg):
    out = ''
    for ch in 'abc':
        out = ch + out
    return out, [c * 2 for c in 'xy'], dict(zip('ab', [1, 2]))
""")
program("int_big", """
def dw_process(msg):
    return 2 ** 200 // 3 ** 50, -17 % 5, divmod(-17, 5), round(2.5), round(3.5), abs(-3)
""")
program("del_subscript_and_global", """
g = 1
def dw_process(msg):
    global g
    d = {'a': 1, 'b': 2}
    del d['a']
    del g
    l = [1, 2, 3]
    del l[1], l[0]
    return d, l
""")
program("empty_return", """
def f():
    return
def g():
    pass
def dw_process(msg):
    return f(), g()
""")
program("nonlocal_in_loop", """
def dw_process(msg):
    total = 0
    def add(x):
        nonlocal total
        total += x
    for i in range(5):
        add(i)
    return total
""")
program("generator_close_unfinished", """
def gen():
    try:
        yield 1
        yield 2
    finally:
        pass
def dw_process(msg):
    g = gen()
    return next(g)
""")
program("call_depth_ok_190", """
def down(n):
    return 0 if n == 0 else 1 + down(n - 1)
def dw_process(msg):
    return down(190)
""")
program("dict_order_and_keys", """
def dw_process(msg):
    d = {}
    d['z'] = 1
    d['a'] = 2
    d.update(m=3)
    return list(d), list(d.values()), {k: d[k] for k in sorted(d)}
""")
program("chained_assign_targets", """
def dw_process(msg):
    a = b = []
    a.append(1)
    x = [0, 0]
    i = 0
    i, x[i] = 1, 5
    return a is b, b, x
""")
program("zero_division_messages", """
def dw_process(msg):
    out = []
    for f in (lambda: 1 / 0, lambda: 1 // 0, lambda: 1 % 0, lambda: 1.0 / 0):
        try:
            f()
        except ZeroDivisionError as e:
            out.append(str(e))
    return out
""")
program("exc_attributes", """
def dw_process(msg):
    e = ValueError('a', 2)
    return e.args, str(e), repr(e), str(KeyError('k')), repr(StopIteration())
""")
program("except_order", """
def dw_process(msg):
    try:
        raise KeyError('x')
    except IndexError:
        return 'index'
    except LookupError as e:
        return 'lookup ' + str(e)
    except KeyError:
        return 'key'
""")
program("finally_break_continue", """
def dw_process(msg):
    out = []
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            out.append(i)
        finally:
            out.append('f%d' % i)
    return out
""")
program("return_in_try_finally_side_effect", """
log = []
def f():
    x = 1
    try:
        return x
    finally:
        x = 2
        log.append(x)
def dw_process(msg):
    return f(), log
""")
program("exception_in_else", """
def dw_process(msg):
    out = []
    try:
        try:
            pass
        except KeyError:
            out.append('no')
        else:
            raise ValueError('from else')
        finally:
            out.append('fin')
    except ValueError as e:
        out.append(str(e))
    return out
""")
program("exception_in_finally_replaces", """
def dw_process(msg):
    try:
        try:
            raise KeyError('first')
        finally:
            raise ValueError('second')
    except Exception as e:
        return repr(e)
""")
program("except_tuple_variable", """
def dw_process(msg):
    errors = (TypeError, ZeroDivisionError)
    try:
        1 / 0
    except errors as e:
        return 'caught ' + str(e)
""")
program("generator_return_in_finally", """
def gen():
    try:
        yield 1
        return
    finally:
        yield 'cleanup'
def dw_process(msg):
    return list(gen())
""")
program("generator_while_try", """
def gen(xs):
    i = 0
    while i < len(xs):
        try:
            yield 10 // xs[i]
        except ZeroDivisionError:
            yield 'div0'
        i += 1
def dw_process(msg):
    return list(gen([1, 0, 5]))
""")
program("kwonly_after_varargs", """
def f(a, *rest, sep='-', end='.'):
    return sep.join(str(x) for x in (a,) + rest) + end
def dw_process(msg):
    return f(1, 2, 3), f(1, sep='+'), f(1, 2, end='!')
""")
program("compare_chain_evaluation_order", """
def dw_process(msg):
    log = []
    def v(x):
        log.append(x)
        return x
    r = v(1) < v(3) < v(2) < v(4)
    return r, log
""")
program("aug_index_evaluated_once", """
def dw_process(msg):
    log = []
    def idx():
        log.append('i')
        return 0
    xs = [10]
    xs[idx()] += 5
    return xs, log
""")
program("global_from_nested", """
def setup():
    global CONFIG
    CONFIG = {'debug': True}
def dw_process(msg):
    setup()
    return CONFIG
""")
program("nested_comprehension_closure", """
def dw_process(msg):
    n = 3
    return [[i * j for j in range(n)] for i in range(n)], {(i, j) for i in range(2) for j in 'ab'}
""")
program("lambda_in_default_and_sort", """
def dw_process(msg):
    people = [{'n': 'b', 'a': 3}, {'n': 'a', 'a': 3}, {'n': 'c', 'a': 1}]
    people.sort(key=lambda p: (p['a'], p['n']))
    return [p['n'] for p in people]
""")
program("string_methods_chain", """
def dw_process(msg):
    text = '  Alpha, beta;GAMMA  '
    parts = text.strip().replace(';', ',').split(',')
    return [p.strip().title() for p in parts], '-'.join(reversed(parts)).lower()
""")
program("error_in_comprehension", """
def dw_process(msg):
    return [1 / x for x in [1, 2, 0]]
""")
program("error_in_default_arg", """
def dw_process(msg):
    def f(a=1 / 0):
        return a
    return f()
""")
program("iter_non_iterable", """
def dw_process(msg):
    for x in 5:
        pass
""")
program("call_kwargs_non_mapping", """
def f(**kw):
    return kw
def dw_process(msg):
    return f(**[1])
""")
program("unhashable_key", """
def dw_process(msg):
    return {[1]: 2}
""")
program("recursion_fib_memo", """
def dw_process(msg):
    memo = {}
    def fib(n):
        if n in memo:
            return memo[n]
        r = n if n < 2 else fib(n - 1) + fib(n - 2)
        memo[n] = r
        return r
    return fib(80)
""")
program("del_then_rebind_in_loop", """
def dw_process(msg):
    out = []
    for i in range(3):
        x = i
        out.append(x)
        del x
    return out
""")
program("yield_from_list_and_return_value", """
def inner():
    yield from [1, 2]
    return 'r'
def outer():
    v = yield from inner()
    yield v
    yield from (c for c in 'ab')
def dw_process(msg):
    return list(outer())
""")
program("generator_reuse_exhausted", """
def dw_process(msg):
    g = (x for x in range(2))
    return list(g), list(g)
""")
program("starred_assignment_in_for", """
def dw_process(msg):
    out = []
    for first, *rest in [(1, 2, 3), (4,)]:
        out.append((first, rest))
    return out
""")
program("bool_result_types", """
def dw_process(msg):
    return (1 and 'x', 0 or [], None or 0, 'a' < 'b' < 'c', not [], 3 in {3: 1})
""")
program("yield_in_expressions", """
def gen():
    a = not (yield 1)
    b = (yield 2) == None
    c = (yield 3) if True else 0
    d = {'k': 0}
    d['k'] += yield 4
    e = [(yield 5), (yield 6)]
    f = str((yield 7))
    yield (a, b, c, e, f)
def dw_process(msg):
    return list(gen())
""")
program("set_display_order", """
def dw_process(msg):
    xs = [0, 11, 3, 19]
    return [{0, 11, 3}, {11, 3, 0, 19}, {-1, 7, 15}, {1, 9, 17, 25, 33}, {*xs}, {2, 10}]
""")
program("generator_closed_on_break", """
def g(log):
    try:
        yield 1
        yield 2
    finally:
        log.append('closed')
def dw_process(msg):
    log = []
    for x in g(log):
        log.append(x)
        break
    log.append('after loop')
    return log
""")
program("handler_type_error_line", """
def dw_process(msg):
    try:
        1 / 0
    except (ValueError, 5):
        pass
""")
program("fast_paths_values", """
def dw_process(msg):
    a, b = 1, 2
    a, b = b, a
    xs = [3, 1, 2]
    xs[0], xs[2] = xs[2], xs[0]
    i = 1
    s = 'ab'
    s += 'c'
    f = 1.5
    f += 1
    n = 10
    n -= 3
    t = True
    t += 1
    k = 0
    y = xs[k] + xs[i] - (n < i) + (i + n) * (i - 1)
    [p, q], r = [[1, 2], 3]
    return a, b, xs, s, f, n, t, y, p, q, r, xs[i] > xs[k], 'x' + s, n + 0.5
""")
program("fast_path_unbound_left", """
def dw_process(msg):
    if msg:
        x = 1
    return x + 1
""")
program("fast_path_unbound_right", """
def dw_process(msg):
    a = 1
    if msg:
        b = 1
    return a < b
""")
program("fast_path_unbound_subscript", """
def dw_process(msg):
    if msg:
        d = {}
    return d[0]
""")
program("fast_path_unbound_aug", """
def dw_process(msg):
    if msg:
        n = 0
    n += 1
""")
program("fast_path_type_errors", """
def dw_process(msg):
    out = []
    x = 'a'
    for f in (lambda: x - 1, lambda: x < 1, lambda: [] + x):
        try:
            f()
        except TypeError as e:
            out.append(str(e))
    n = None
    try:
        n += 1
    except TypeError as e:
        out.append(str(e))
    return out
""")
program("generator_suspended_in_handler", """
def gen():
    try:
        raise KeyError('inside')
    except KeyError:
        yield 1
        yield 2
def dw_process(msg):
    out = []
    g = gen()
    out.append(next(g))
    try:
        raise ValueError('outside')
    except ValueError as e:
        out.append(repr(e))
    try:
        raise TypeError('plain')
    except TypeError as e:
        out.append(repr(e.__context__) if False else 'ok')
    out.append(next(g))
    return out
""")
program("identity_of_literals", """
def dw_process(msg):
    a = 2.5
    b = 2.5
    s = 'text'
    return (2.5 is 2.5, a is b, s is 'text', None is None, 0.0 is -0.0, [] is [],
            (lambda: 0) is (lambda: 0), 1000 is 1000)
""")
