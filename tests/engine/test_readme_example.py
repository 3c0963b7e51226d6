"""The complete example of engine/README.md loads and runs as documented."""
from __future__ import annotations

import re
from pathlib import Path

from tests.engine.helpers import BACKEND, engine_for, run


def test_readme_example_runs() -> None:
    text = (Path(__file__).parents[2] / "engine" / "README.md").read_text(encoding="utf-8")
    flow = re.search(r"```yaml\n(flow: orders\n.*?)```", text, re.S).group(1)
    engine = engine_for({"orders": flow})
    record = run(engine.run_flow("orders", None))
    assert record.status == "succeeded", record.error
    assert record.message.payload == {"order": 7, "units": 2}
    assert record.message.vars["stored"] is True
    assert [(l.level, l.message) for l in record.logs if l.category == "big"] == \
        [("WARN", "big order 7")]
    assert BACKEND is not None
