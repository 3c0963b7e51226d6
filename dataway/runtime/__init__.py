"""The values scripts hold and everything they can do with them.

Read in this order: ``context`` (per-evaluation state and limits) and ``values`` (the wrapper
protocol); ``exceptions`` (script exception classes and values); ``prechecks`` and
``iteration`` (limit checks before host code builds or loops); ``types`` and ``constructors``
(type objects); ``functions`` (opaque callables); ``methods`` and ``policy`` (the attribute
chokepoint); ``formatting``; ``operators``; ``builtins``; ``message`` (msg, read-only maps,
steps). Submodules are imported where used so ``import dataway`` stays cheap.
"""
