"""Checked syntax tree -> tree of Python closures, compiled once and evaluated many times.

Public entry point: :func:`compile_program` returning a :class:`Program`. Layout:

* ``core``: compile-time dispatch and helpers; ``state``: frame layout, signals, exception
  bookkeeping; ``links``: the runtime services closures call;
* ``expressions``, ``trailers`` (attributes, subscripts, calls), ``comprehensions``,
  ``definitions`` (def/lambda), ``functions`` (function values, argument binding);
* ``blocks``, ``statements``, ``targets``, ``handlers`` (try/raise/assert), ``generators``;
* ``program`` (entry point), ``errors`` (error objects), ``stack`` (large-stack workers).
"""
from .program import Program, compile_program

__all__ = ["Program", "compile_program"]
