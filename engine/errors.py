"""Flow error types (components spec §8): stable codes, their hierarchy, and step failures.

A step fails by raising :class:`StepFailed` with an error ``Code`` and ``Description``; the
runtime turns it into a failed message (§2) and propagates it (§4.3). ``CANCELLED`` is raised as
:class:`RunCancelled`, which deliberately does not derive from :class:`StepFailed`, so no Try
handler written against step failures can swallow it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

__all__ = ["BUILTIN_PARENTS", "BUILTIN_NAMESPACES", "CODE_RE", "ErrorTypes", "StepFailed",
           "RunCancelled", "CustomErrorType", "ANY"]

ANY = "ANY"

# code -> parent (None for roots). The table of §8, in its order.
BUILTIN_PARENTS: dict[str, Optional[str]] = {
    "GENERAL": None, "EXPRESSION": None, "LIMIT": None, "VALIDATION": None,
    "CONNECTIVITY": None, "TIMEOUT": None,
    "HTTP:CONNECTIVITY": "CONNECTIVITY", "HTTP:TIMEOUT": "TIMEOUT", "HTTP:STATUS": None,
    "DB:CONNECTIVITY": "CONNECTIVITY", "DB:TIMEOUT": "TIMEOUT", "DB:QUERY": None,
    "FTP:CONNECTIVITY": "CONNECTIVITY", "SFTP:CONNECTIVITY": "CONNECTIVITY",
    "FTP:TIMEOUT": "TIMEOUT", "SFTP:TIMEOUT": "TIMEOUT",
    "FTP:NOT_FOUND": None, "FTP:EXISTS": None, "FTP:ACCESS_DENIED": None,
    "SFTP:NOT_FOUND": None, "SFTP:EXISTS": None, "SFTP:ACCESS_DENIED": None,
    "REDIS:CONNECTIVITY": "CONNECTIVITY", "REDIS:TIMEOUT": "TIMEOUT", "REDIS:COMMAND": None,
    "EMAIL:CONNECTIVITY": "CONNECTIVITY", "EMAIL:TIMEOUT": "TIMEOUT", "EMAIL:AUTH": None,
    "EMAIL:SEND": None,
    "MQTT:CONNECTIVITY": "CONNECTIVITY", "MQTT:TIMEOUT": "TIMEOUT",
    "AMQP:CONNECTIVITY": "CONNECTIVITY", "AMQP:TIMEOUT": "TIMEOUT", "AMQP:PUBLISH": None,
    "CACHE:CONNECTIVITY": "CONNECTIVITY",
    "RATE_LIMIT": None, "LOCK_TIMEOUT": "TIMEOUT", "RETRY_EXHAUSTED": None,
    "COMPRESSION": None, "CRYPTO": None, "FLOW:UNAVAILABLE": None, "INTERNAL": None,
    "CANCELLED": None,
}

BUILTIN_NAMESPACES = ("HTTP:", "DB:", "FTP:", "SFTP:", "REDIS:", "EMAIL:", "MQTT:", "AMQP:",
                      "CACHE:", "FLOW:")

CODE_RE = re.compile(r"[A-Z][A-Z0-9_]*(:[A-Z][A-Z0-9_]*)*\Z")


@dataclass(frozen=True)
class CustomErrorType:
    """A project error type declared in ``project.yaml`` (``error_types``)."""

    code: str
    parent: Optional[str] = None
    description: str = ""


class ErrorTypes:
    """The error-type hierarchy of one project: the built-in codes plus its custom ones."""

    def __init__(self, custom: Iterable[CustomErrorType] = ()) -> None:
        self._parents: dict[str, Optional[str]] = dict(BUILTIN_PARENTS)
        for item in custom:
            self._parents[item.code] = item.parent

    @staticmethod
    def problems(custom: Iterable[CustomErrorType]) -> list[tuple[int, str, str]]:
        """Rule violations of custom declarations: ``(index, field, message)`` triples."""
        found: list[tuple[int, str, str]] = []
        items = list(custom)
        codes = {c.code for c in items}
        seen: set[str] = set()
        for i, item in enumerate(items):
            code = item.code
            if not CODE_RE.match(code):
                found.append((i, "code", f"error type {code!r} does not match "
                              "[A-Z][A-Z0-9_]*(:[A-Z][A-Z0-9_]*)*"))
            elif code == ANY:
                found.append((i, "code", "error type 'ANY' is reserved"))
            elif code in BUILTIN_PARENTS:
                found.append((i, "code", f"error type {code!r} is a built-in code"))
            elif code.startswith(BUILTIN_NAMESPACES):
                found.append((i, "code", f"error type {code!r} uses a built-in namespace"))
            if code in seen:
                found.append((i, "code", f"duplicate error type {code!r}"))
            seen.add(code)
            parent = item.parent
            if parent is not None and parent != "GENERAL" and parent not in codes:
                found.append((i, "parent", f"parent {parent!r} must be GENERAL or a custom "
                              "error type of the project"))
        # A cycle would make matching loop forever; refuse it at load.
        parents = {c.code: c.parent for c in items}
        for i, item in enumerate(items):
            walk, hops = item.parent, 0
            while walk in parents and hops <= len(items):
                if walk == item.code:
                    found.append((i, "parent", f"error type {item.code!r} is its own ancestor"))
                    break
                walk, hops = parents[walk], hops + 1
        return found

    def known(self, code: str) -> bool:
        """True for a built-in or declared custom code."""
        return code in self._parents

    def ancestors(self, code: str) -> list[str]:
        """``code`` followed by its ancestors, nearest first."""
        chain: list[str] = []
        walk: Optional[str] = code
        while walk is not None and walk not in chain:
            chain.append(walk)
            walk = self._parents.get(walk)
        return chain

    def matches(self, pattern: str, code: str) -> bool:
        """Whether a Try catch type ``pattern`` catches an error of type ``code``."""
        if code == "CANCELLED":
            return False
        if pattern == ANY:
            return True
        return pattern in self.ancestors(code)


class StepFailed(Exception):
    """A step failed with ``{Code, Description}``; ``detail`` keeps a script error object.

    ``message`` is the failed message once the runtime has built it (input parts plus error).
    """

    def __init__(self, code: str, description: str, *, detail: Any = None,
                 message: Any = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.detail = detail
        self.message = message

    @property
    def error(self) -> Mapping[str, str]:
        """The §2 error object."""
        return {"Code": self.code, "Description": self.description}


class RunCancelled(BaseException):
    """The run was cancelled (§4.6); uncatchable by Try, ends the run as ``cancelled``."""

    def __init__(self, reason: str = "run cancelled") -> None:
        super().__init__(reason)
        self.reason = reason
