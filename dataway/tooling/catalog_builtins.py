"""Catalog table: the builtin names of spec §11 and the Dataway types bound in every mode.

Line format: see :mod:`dataway.tooling.catalog`. Multi-form builtins (``range``, ``max``,
``iter``) are described by one permissive signature whose doc names the forms.
"""

BUILTINS = """
abs(x, /) -> number -- Absolute value of a number.
all(iterable, /) -> bool -- True when no element of the iterable is false (True for an empty one).
any(iterable, /) -> bool -- True when at least one element of the iterable is true.
ascii(obj, /) -> str -- Like repr(), with non-ASCII characters written as escapes.
bin(number, /) -> str -- Binary text of an integer, prefixed with '0b'.
class bool(x=False, /) -> bool -- Truth value of x as True or False.
class bytearray(source=b'', encoding=None, errors=None) -> bytearray -- Mutable byte sequence from an int size, bytes, an iterable of ints or a str with encoding.
class bytes(source=b'', encoding=None, errors=None) -> bytes -- Immutable byte sequence from an int size, bytes, an iterable of ints or a str with encoding.
callable(obj, /) -> bool -- True when obj can be called.
chr(i, /) -> str -- The one-character string for a Unicode code point.
class dict(mapping_or_pairs=None, /, **kwargs) -> dict -- New dictionary from a mapping, key/value pairs or keywords.
divmod(a, b, /) -> tuple -- The pair (a // b, a % b).
enumerate(iterable, start=0) -> iterator -- Pairs (index, element), counting from start.
filter(function, iterable, /) -> iterator -- Elements for which function returns true (truthy elements when function is None).
class float(x=0.0, /) -> float -- Floating-point number from a number or numeric text.
format(value, format_spec='', /) -> str -- Format a value with a format specification mini-language string.
class frozenset(iterable=(), /) -> frozenset -- Immutable set of the iterable's elements.
getattr(obj, name, default=None, /) -> any -- Read an allowlisted attribute by name; default instead of AttributeError when given.
hasattr(obj, name, /) -> bool -- True when the allowlisted attribute exists.
hash(obj, /) -> int -- Hash value of a hashable object.
hex(number, /) -> str -- Hexadecimal text of an integer, prefixed with '0x'.
class int(x=0, /, base=10) -> int -- Integer from a number or from text in the given base.
isinstance(obj, classinfo, /) -> bool -- True when obj is an instance of the type (or one of a tuple of types).
iter(obj, sentinel=None, /) -> iterator -- Iterator over obj; with a sentinel, call obj until it returns the sentinel.
len(obj, /) -> int -- Number of items in a container or characters in a string.
class list(iterable=(), /) -> list -- New list of the iterable's elements.
map(function, iterable, /, *iterables) -> iterator -- Apply function to every element (to parallel elements with several iterables).
max(*args, key=None, default=None) -> any -- Largest element of one iterable or of several arguments.
min(*args, key=None, default=None) -> any -- Smallest element of one iterable or of several arguments.
next(iterator, default=None, /) -> any -- Next element of an iterator; default instead of StopIteration when given.
oct(number, /) -> str -- Octal text of an integer, prefixed with '0o'.
ord(c, /) -> int -- Code point of a one-character string (or the value of a single byte).
pow(base, exp, mod=None) -> number -- base ** exp, reduced modulo mod when given.
print(*objects, sep=' ', end='\\n', flush=False) -> None -- Write the objects to the evaluation log (never to the host's stdout).
class range(start_or_stop, stop=None, step=1, /) -> range -- Arithmetic progression: range(stop) or range(start, stop[, step]).
repr(obj, /) -> str -- The printable representation of an object.
reversed(sequence, /) -> iterator -- Iterator over a sequence from last to first.
round(number, ndigits=None) -> number -- Round half to even; an int without ndigits.
class set(iterable=(), /) -> set -- New mutable set of the iterable's elements.
class slice(start_or_stop, stop=None, step=None, /) -> slice -- Slice object as used by a[start:stop:step].
sorted(iterable, /, *, key=None, reverse=False) -> list -- New sorted list of the iterable's elements.
class str(object='', encoding=None, errors=None) -> str -- Text of an object, or bytes decoded with an encoding.
sum(iterable, /, start=0) -> number -- Total of the elements added to start (use ''.join for strings).
class tuple(iterable=(), /) -> tuple -- New tuple of the iterable's elements.
class type(obj, /) -> type -- The type object of obj (one-argument form only).
zip(*iterables, strict=False) -> iterator -- Tuples of parallel elements, stopping at the shortest iterable (ValueError on unequal lengths when strict).
exception Exception(*args) -- Base class of the script-catchable exceptions.
exception ArithmeticError(*args) -- Base class of arithmetic errors.
exception AssertionError(*args) -- An assert statement failed.
exception AttributeError(*args) -- The attribute does not exist or is not allowlisted.
exception IndexError(*args) -- Sequence index out of range.
exception KeyError(*args) -- Mapping key not found.
exception LookupError(*args) -- Base class of IndexError and KeyError.
exception NameError(*args) -- A name is not defined.
exception NotImplementedError(*args) -- The operation is not implemented.
exception OverflowError(*args) -- Arithmetic result too large to represent.
exception RecursionError(*args) -- Maximum recursion depth exceeded.
exception RuntimeError(*args) -- An error that fits no other category.
exception StopIteration(*args) -- An iterator has no further elements.
exception TypeError(*args) -- An operation or call got a value of the wrong type.
exception UnicodeDecodeError(encoding, object, start, end, reason, /) -- Bytes could not be decoded with the encoding.
exception UnicodeEncodeError(encoding, object, start, end, reason, /) -- Text could not be encoded with the encoding.
exception ValueError(*args) -- A value of the right type but an unsuitable content.
exception ZeroDivisionError(*args) -- Division or modulo by zero.
class Entity(*args, **kwargs) -- Immutable body (blob, mime_type, encoding); build one with Entity.from_value or Entity.from_bytes.
class MultiMap(source=None, *, ignore_case=False) -> MultiMap -- Ordered multi-valued map with str keys (query strings, headers, forms).
class FormDataParts(boundary=None) -> FormDataParts -- Ordered multipart/form-data parts; add parts with add().
"""
