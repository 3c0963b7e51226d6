"""The ``base64`` module (spec §12): CPython's codecs with step charging and size pre-checks."""
from __future__ import annotations

import base64 as _base64
from typing import Any, Callable

from ..runtime.values import ModuleValue
from ..runtime.functions import Builtin
from .guards import charge_bytes, check_size, size_of
from .members import make_module

__all__ = ["MODULE"]

# Output elements per input element, rounded up: enough to refuse oversized results before the
# host builds them (a85/b85 with line wrapping add at most one newline per two characters).
_GROWTH = {
    "b64encode": 2, "standard_b64encode": 2, "urlsafe_b64encode": 2, "encodebytes": 2,
    "b32encode": 2, "b16encode": 2, "b85encode": 2, "a85encode": 3,
}
_DECODERS = ("b64decode standard_b64decode urlsafe_b64decode b32decode b16decode b85decode "
             "a85decode decodebytes").split()


def _wrap(name: str, growth: int) -> Builtin:
    host: Callable[..., Any] = getattr(_base64, name)

    def call(s: Any, *args: Any, **kwargs: Any) -> Any:
        size = size_of(s)
        charge_bytes(size)
        check_size(size * growth)
        return host(s, *args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return Builtin(name, call)


def _build() -> ModuleValue:
    members: dict[str, Any] = {name: _wrap(name, growth) for name, growth in _GROWTH.items()}
    members.update({name: _wrap(name, 1) for name in _DECODERS})
    return make_module("base64", members)


MODULE = _build()
