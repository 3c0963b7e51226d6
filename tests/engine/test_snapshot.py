"""JSON snapshots (§10): tagged values, masking, per-part caps."""
from __future__ import annotations

import datetime as dt
import decimal
import json

from dataway.engine.message import Message
from dataway.engine.snapshot import snapshot_message, snapshot_value
from dataway.engine.yamlsrc import Secret


def test_tags_for_non_json_values() -> None:
    root = Message(1)
    value = {"b": b"\x00\x01", "d": decimal.Decimal("1.10"), "t": dt.date(2024, 5, 1),
             "dt": dt.datetime(2024, 5, 1, 8, tzinfo=dt.timezone.utc), "m": root,
             "s": Secret("TOKEN"), "tuple": (1, 2), "nan": float("nan")}
    snap = snapshot_value(value)
    json.dumps(snap)
    assert snap["b"] == {"$bytes": "AAE=", "size": 2}
    assert snap["d"] == {"$decimal": "1.10"}
    assert snap["t"] == {"$date": "2024-05-01"}
    assert snap["dt"] == {"$datetime": "2024-05-01T08:00:00+00:00"}
    assert snap["m"] == {"$message": root.id}
    assert snap["s"] == "***" and snap["tuple"] == [1, 2] and snap["nan"] == {"$float": "nan"}


def test_sensitive_headers_are_masked_and_parts_capped() -> None:
    msg = Message("x" * 70_000, {"headers": {"Authorization": "Bearer t", "Accept": "*/*"}})
    snap = snapshot_message(msg)
    assert snap["payload"] == {"$truncated": 70_002}
    assert snap["attrs"]["headers"] == {"Authorization": "***", "Accept": "*/*"}
