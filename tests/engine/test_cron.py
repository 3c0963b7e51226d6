"""Seconds-first cron translation (§5.2) and firing times."""
from __future__ import annotations

import datetime as dt

import pytest

from dataway.stdlib.cron import CronError, next_fire, parse_rules

UTC = dt.timezone.utc
START = dt.datetime(2024, 5, 1, 0, 0, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize("rule,expected", [
    ("*/5 * * * * ?", dt.datetime(2024, 5, 1, 0, 0, 5, tzinfo=UTC)),
    ("0 0 8 * * ?", dt.datetime(2024, 5, 1, 8, tzinfo=UTC)),
    ("0 30 9", dt.datetime(2024, 5, 1, 9, 30, tzinfo=UTC)),
    ("0 0 0 L * ?", dt.datetime(2024, 5, 31, tzinfo=UTC)),
    ("0 0 12 ? * 5L", dt.datetime(2024, 5, 31, 12, tzinfo=UTC)),
    ("0 0 12 ? * 7", dt.datetime(2024, 5, 5, 12, tzinfo=UTC)),
    ("0 0 12 ? * SAT-SUN", dt.datetime(2024, 5, 4, 12, tzinfo=UTC)),
    ("0 0 12 ? * 1", dt.datetime(2024, 5, 6, 12, tzinfo=UTC)),
    ("0 0 0 1 JAN ? 2030", dt.datetime(2030, 1, 1, tzinfo=UTC)),
])
def test_next_firing(rule: str, expected: dt.datetime) -> None:
    assert next_fire(parse_rules(rule), START) == expected


def test_weekday_steps_from_eight() -> None:
    rules = parse_rules("0 0 8/2 ? * 1-5")
    times, current = [], dt.datetime(2024, 5, 3, 19, tzinfo=UTC)  # Friday evening
    for _ in range(3):
        current = next_fire(rules, current)
        times.append(current)
    assert times == [dt.datetime(2024, 5, 3, 20, tzinfo=UTC), dt.datetime(2024, 5, 3, 22, tzinfo=UTC),
                     dt.datetime(2024, 5, 6, 8, tzinfo=UTC)]


def test_several_rules_fire_at_the_earliest() -> None:
    rules = parse_rules("0 0 10 * * ?\r\n0 0 9 * * ?\n")
    assert next_fire(rules, START) == dt.datetime(2024, 5, 1, 9, tzinfo=UTC)


def test_time_zone_is_respected() -> None:
    from zoneinfo import ZoneInfo

    start = dt.datetime(2024, 5, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    fire = next_fire(parse_rules("0 0 8 * * ?"), start)
    assert fire.hour == 8 and fire.utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize("rule", ["* *", "0 0 0 1 * 1", "0 0 0 ? ? ?", "0 0 0 ? * 8",
                                  "0 0 0 1 1 ? 1900", "61 * * * * ?"])
def test_invalid_rules(rule: str) -> None:
    with pytest.raises(CronError):
        parse_rules(rule)
