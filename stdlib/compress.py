"""Compress (§6.20): DEFLATE, GZIP and ZLIB with a decompressed-size limit."""
from __future__ import annotations

import zlib
from typing import Any, Literal, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["Compress", "CompressConfig", "decompress"]

_WBITS = {"deflate": -15, "zlib": 15, "gzip": 31}


class CompressConfig(StrictModel):
    """Fields of Compress."""

    operation: Literal["compress", "decompress"]
    method: Literal["deflate", "gzip", "zlib"]
    level: Literal["default", "none", "custom"] = "default"
    custom_level: Optional[int] = Field(None, ge=1, le=9)
    content: Any = dyn("bytes-like", None, description="default: msg.payload")
    max_output: int = Field(64 * 1024 * 1024, ge=1)


class DecompressLimit(Exception):
    """The output would exceed ``max_output``."""


def decompress(data: bytes, method: str, max_output: int) -> bytes:
    """Incremental decompression that stops before exceeding ``max_output`` bytes."""
    out = bytearray()
    while True:
        engine = zlib.decompressobj(_WBITS[method])
        pending = data
        while True:
            # max_length bounds each call, so a bomb never inflates past the limit in memory.
            out += engine.decompress(pending, max_output + 1 - len(out))
            if len(out) > max_output:
                raise DecompressLimit()
            pending = engine.unconsumed_tail
            if engine.eof or not pending:
                break
        if not engine.eof:
            out += engine.flush()
            if len(out) > max_output:
                raise DecompressLimit()
            if not engine.eof:
                raise zlib.error("incomplete or truncated stream")
        data = engine.unused_data
        # Multi-member gzip: further members follow the first one.
        if method != "gzip" or not data:
            return bytes(out)


class Compress(Component):
    """Output payload: the resulting bytes."""

    type_name = "compress"
    title = "Compress"
    Config = CompressConfig
    inline = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        if self.config.level == "custom" and self.config.custom_level is None:
            builder.error(self.node.yaml_path + ("config",),
                          "missing required field 'custom_level' (level: custom)", self.node)

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        if "content" in self.node.fields:
            content = await call.value(msg, "content")
        else:
            from dataway.engine.convert import FieldTypeError, convert_field
            try:
                content = convert_field(msg.payload, "bytes-like")
            except FieldTypeError as exc:
                raise StepFailed("VALIDATION", f"{self.node.id}.config.content: {exc}") from None
        if content is None:
            raise StepFailed("VALIDATION", f"{self.node.id}.config.content: no content")
        if cfg.operation == "compress":
            level = {"default": -1, "none": 0}.get(cfg.level, cfg.custom_level or -1)
            engine = zlib.compressobj(level, zlib.DEFLATED, _WBITS[cfg.method])
            return msg.derive(payload=engine.compress(content) + engine.flush())
        try:
            result = await call.offload(decompress, content, cfg.method, cfg.max_output)
        except DecompressLimit:
            raise StepFailed("LIMIT", f"{self.node.id}: decompressed data exceeds max_output "
                             f"({cfg.max_output} bytes)") from None
        except zlib.error as exc:
            raise StepFailed("COMPRESSION", f"{self.node.id}: corrupt {cfg.method} data: {exc}") \
                from None
        return msg.derive(payload=result)
