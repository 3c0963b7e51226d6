"""Spec §18 tests: the ``formats`` marker flags cases that need the Entity formats (§8)."""
from __future__ import annotations


def pytest_configure(config) -> None:
    """Register the markers used by tests/spec so they show in ``pytest --markers``."""
    config.addinivalue_line("markers", "formats: needs the Entity formats of spec §8 (JSON, form, "
                                       "text, XML, CSV, multipart)")
