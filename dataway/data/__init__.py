"""Data values scripts exchange with the outside: Entity, MultiMap, FormDataParts, Stream.

Also the boundary step (:func:`dataway.data.boundary.normalise`, spec §5.3) and declared-type
conversions (:func:`dataway.data.convert.convert`, spec §2.5).
"""
from __future__ import annotations

from .entity import Entity
from .formdata import FormDataParts, Part
from .multimap import MultiMap, SelectionList
from .streams import Stream

__all__ = ["Entity", "MultiMap", "SelectionList", "FormDataParts", "Part", "Stream"]
