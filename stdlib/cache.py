"""Cache (§6.3): a str key/value store with TTL shared by the flows of one app instance."""
from __future__ import annotations

from typing import Any, Literal

from dataway.engine.component import Component, StrictModel, dyn, int_range
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall
from dataway.engine.state.cache import CacheUnavailable

__all__ = ["Cache", "CacheConfig", "MAX_VALUE_BYTES"]

MAX_VALUE_BYTES = 100 * 1024


def _key(value: Any) -> str | None:
    return None if 1 <= len(value) <= 512 else f"must be 1–512 characters, got {len(value)}"


class CacheConfig(StrictModel):
    """Fields of Cache."""

    operation: Literal["store", "store_if_absent", "read", "delete", "exists"]
    key: Any = dyn("str", check=_key)
    value: Any = dyn("any", None, description="str, ≤ 100 KiB UTF-8")
    ttl: Any = dyn("int", 3600, check=int_range(1, 2_592_000, " s"))


class Cache(Component):
    """Outputs per operation: 'OK'/'fail', the value or None, or a bool."""

    type_name = "cache"
    title = "Cache"
    Config = CacheConfig

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        where = self.node.yaml_path + ("config",)
        if self.config.operation.startswith("store") and "value" not in self.config.model_fields_set:
            builder.error(where, "missing required field 'value' for a store operation", self.node)

    def _bad(self, field: str, text: str) -> StepFailed:
        return StepFailed("VALIDATION", f"{self.node.id}.config.{field}: {text}")

    async def run(self, call: StepCall, msg: Message) -> Message:
        op = self.config.operation
        key, value, ttl = await call.values(msg, "key", "value", "ttl")
        ttl = 3600 if ttl is None else ttl
        if not isinstance(key, str) or _key(key):
            raise self._bad("key", _key(key) if isinstance(key, str) else "a key is required")
        if int_range(1, 2_592_000)(ttl):
            raise self._bad("ttl", int_range(1, 2_592_000, " s")(ttl) or "")
        store = call.engine.cache
        key = f"{call.state.record.app}/{key}"  # entries are shared by the flows of one app
        try:
            if op.startswith("store"):
                if not isinstance(value, str):
                    raise self._bad("value", f"must be a str, got {type(value).__name__} "
                                    "(hint: json.dumps(value))")
                if len(value.encode("utf-8")) > MAX_VALUE_BYTES:
                    raise self._bad("value", "larger than 100 KiB")
                reason = await store.store(key, value, ttl, if_absent=op == "store_if_absent")
                if reason is None:
                    return msg.derive(payload="OK")
                return msg.derive(payload="fail", vars={**msg.vars, "err": reason})
            if op == "read":
                return msg.derive(payload=await store.read(key))
            if op == "delete":
                await store.delete(key)
                return msg.derive(payload="OK")
            return msg.derive(payload=await store.exists(key))
        except CacheUnavailable as exc:
            raise StepFailed("CACHE:CONNECTIVITY", f"{self.node.id}: {exc}") from None
