"""Dataway: a sandboxed subset of Python 3.7 for integration flows.

The public embedding API (spec §17)::

    import dataway
    script = dataway.compile("msg.payload['n'] * 2", mode="expression")
    script.evaluate(dataway.Message(payload={"n": 21})).value   # 42

Only the names in ``__all__`` are public; everything else is an implementation detail.
"""
from __future__ import annotations

import logging
from typing import Any

from .api import Evaluation, Script, check, compile
from .diagnostics import Diagnostic
from .errors import (CheckError, DatawayError, ErrorInfo, InternalError, LimitError,
                     ScriptError)
from .limits import Limits

__all__ = ["check", "compile", "Script", "Evaluation", "Message", "Limits", "Diagnostic",
           "DatawayError", "CheckError", "ScriptError", "LimitError", "InternalError",
           "ErrorInfo", "__version__"]

__version__ = "0.1.0"

# A library logs, the application decides where logs go (and the CLI must never print a host
# traceback through logging's last-resort handler).
logging.getLogger("dataway").addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # Message lives in the runtime layer; importing it lazily keeps `import dataway` cheap
    # for the CLI's cold start.
    if name == "Message":
        from .runtime.message import Message

        return Message
    raise AttributeError(f"module 'dataway' has no attribute {name!r}")
