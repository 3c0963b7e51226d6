"""The standard Dataway components (components spec §5.1–§5.2, §6), one module each.

Each module defines a :class:`dataway.engine.component.Component` subclass; the table in
:mod:`dataway.stdlib.catalog` maps YAML ``type`` names to them (and is what the package
declares in the ``dataway.components`` entry-point group).
"""
