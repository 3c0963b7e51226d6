"""HTTP Listener path patterns and route selection (components spec §5.1).

A pattern is a list of segments: literal text, ``{name}`` (exactly one segment) or a final ``*``
(zero or more segments). Among the routes whose pattern matches a request path the most
specific wins: patterns are compared segment by segment, a literal beating ``{var}``, which
beats ``*``; a pattern that ends where another continues with ``*`` is the more specific one.
Remaining ties go to the flow whose file name sorts first. Method filtering happens before the
specificity comparison (as in mature routers): a less specific route that accepts the method
serves the request; 405 is only answered when no matching route accepts it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import unquote

__all__ = ["Pattern", "Route", "RouteTable", "split_path"]

LITERAL, VARIABLE, REST = 0, 1, 2


def split_path(raw_path: str) -> list[str]:
    """Segments of a request path: split on ``/`` first, then percent-decode each segment
    (so an encoded ``%2F`` stays inside its segment); empty segments (trailing slash) dropped."""
    return [unquote(s, errors="replace") for s in raw_path.split("/") if s]


class Pattern:
    """A compiled path pattern (its validity was checked when the flow loaded)."""

    __slots__ = ("text", "segments", "rank")

    def __init__(self, text: str) -> None:
        self.text = text
        self.segments: list[tuple[int, str]] = []
        for segment in (s for s in text.split("/") if s):
            if segment == "*":
                self.segments.append((REST, "*"))
            elif segment.startswith("{") and segment.endswith("}"):
                self.segments.append((VARIABLE, segment[1:-1]))
            else:
                self.segments.append((LITERAL, unquote(segment)))
        self.rank = tuple(kind for kind, _ in self.segments)

    def match(self, segments: list[str]) -> Optional[dict[str, str]]:
        """Path parameters when ``segments`` match (the ``*`` remainder under ``'*'``)."""
        params: dict[str, str] = {}
        for i, (kind, text) in enumerate(self.segments):
            if kind == REST:
                params["*"] = "/".join(segments[i:])
                return params
            if i >= len(segments):
                return None
            if kind == LITERAL:
                if segments[i] != text:
                    return None
            else:
                params[text] = segments[i]
        return params if len(segments) == len(self.segments) else None


@dataclass
class Route:
    """One served flow: its full pattern (app base path included), methods and owner."""

    pattern: Pattern
    methods: frozenset[str]
    sort_key: str                 # the flow file name: the last tie-breaker
    target: Any = field(default=None, compare=False)

    def allows(self, method: str) -> bool:
        """True when the route accepts ``method``; a GET route also answers HEAD (without a
        body), as HTTP servers do."""
        methods = self.methods
        return "ALL" in methods or method in methods or (method == "HEAD" and "GET" in methods)


class RouteTable:
    """The routes of one server; :meth:`select` picks the route for a request."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, route: Route) -> None:
        """Serve ``route`` from now on."""
        self.routes.append(route)

    def remove(self, route: Route) -> None:
        """Stop serving ``route``."""
        self.routes = [r for r in self.routes if r is not route]

    def select(self, method: str, segments: list[str]) -> tuple[Optional[Route], dict[str, str],
                                                                 list[str]]:
        """``(route, path params, allowed methods)``; route None with methods → 405, without
        methods → 404."""
        best: Optional[tuple[tuple[Any, ...], Route, dict[str, str]]] = None
        allowed: set[str] = set()
        for route in self.routes:
            params = route.pattern.match(segments)
            if params is None:
                continue
            if not route.allows(method):
                allowed |= set(route.methods)
                continue
            key = (route.pattern.rank, route.sort_key)
            if best is None or key < best[0]:
                best = (key, route, params)
        if best is not None:
            return best[1], best[2], []
        if "ALL" in allowed:  # cannot happen (ALL allows every method), kept for clarity
            allowed.discard("ALL")
        return None, {}, sorted(allowed)
