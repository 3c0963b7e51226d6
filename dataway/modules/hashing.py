"""Script-facing hash and HMAC objects (spec §13: ``update digest hexdigest copy name
digest_size block_size``), shared by the ``hashlib`` and ``hmac`` modules."""
from __future__ import annotations

from typing import Any

from ..runtime.values import DWObject
from .guards import charge_bytes, size_of

__all__ = ["HashObject", "HmacObject"]

_ATTRS = frozenset({"update", "digest", "hexdigest", "copy", "name", "digest_size",
                    "block_size"})


class _Digest(DWObject):
    """Common wrapper over a host hash-like object; the host object is never exposed."""

    __slots__ = ("_host",)
    dw_attrs = _ATTRS

    def __init__(self, host: Any) -> None:
        self._host = host

    def update(self, data: Any) -> None:
        """Feed more bytes."""
        charge_bytes(size_of(data))
        self._host.update(data)

    def digest(self) -> bytes:
        """The digest of the bytes fed so far."""
        return self._host.digest()

    def hexdigest(self) -> str:
        """The digest as lowercase hex."""
        return self._host.hexdigest()

    def copy(self) -> "_Digest":
        """An independent copy of the current state."""
        return type(self)(self._host.copy())

    @property
    def name(self) -> str:
        """The algorithm name (``'sha256'``, ``'hmac-sha256'``)."""
        return self._host.name

    @property
    def digest_size(self) -> int:
        """Digest length in bytes."""
        return self._host.digest_size

    @property
    def block_size(self) -> int:
        """Internal block size in bytes."""
        return self._host.block_size

    def __repr__(self) -> str:
        return f"<{self.name} {self.dw_type_name} object>"


class HashObject(_Digest):
    """A ``hashlib`` hash object."""

    __slots__ = ()
    dw_type_name = "HASH"

    def __repr__(self) -> str:
        return f"<{self.name} _hashlib.HASH object>"


class HmacObject(_Digest):
    """An ``hmac.HMAC`` object."""

    __slots__ = ()
    dw_type_name = "HMAC"

    def __repr__(self) -> str:
        return f"<hmac.HMAC object ({self.name})>"
