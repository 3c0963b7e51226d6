"""Run the selected CLI corpus cases concurrently once per session (each is a subprocess)."""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from differential import dataway_side

CLI_WORKERS = int(os.environ.get("DATAWAY_CLI_WORKERS", "4"))


@pytest.fixture(scope="session")
def cli_outcomes(request) -> dict:
    """Outcomes of every CLI corpus test selected in this session, keyed by case id."""
    if dataway_side.api_available() or dataway_side.cli_available():
        return {}
    cases = [item.callspec.params["case"] for item in request.session.items
             if item.originalname == "test_cli_matches_cpython" and hasattr(item, "callspec")]
    with ThreadPoolExecutor(max_workers=CLI_WORKERS) as pool:
        outcomes = list(pool.map(dataway_side.run_cli, cases))
    return {c.id: o for c, o in zip(cases, outcomes)}
