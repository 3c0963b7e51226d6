"""time and datetime: the evaluation clock and zone, compared with CPython run under TZ=zone.

The reference values come from a CPython subprocess whose *process* time zone is the zone the
evaluation uses, which is exactly what "local" must mean inside an evaluation (spec §4.6).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

from dataway.modules import PRELOADED
from dataway.modules.datetime import astimezone, timestamp
from dataway.modules.zones import parse_zone

from .conftest import FIXED_CLOCK
from .helpers import class_attr

T = PRELOADED["time"].members
D = PRELOADED["datetime"].members
STAMPS = [0, 86399.5, FIXED_CLOCK, 1_710_054_000, 1_730_613_600, 1_699_999_999, -100_000]
LOCAL_TUPLES = [(2024, 3, 10, 2, 30, 0, 0, 0, -1), (2024, 11, 3, 1, 30, 0, 0, 0, -1),
                (2024, 13, 40, 25, 61, 61, 0, 0, -1), (1999, 12, 31, 23, 59, 59, 4, 365, 0)]

_REFERENCE = r"""
import json, sys, time, datetime as dt
stamps, tuples = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = {
    "localtime": [list(time.localtime(s)) + [time.localtime(s).tm_zone, time.localtime(s).tm_gmtoff]
                  for s in stamps],
    "ctime": [time.ctime(s) for s in stamps],
    "strftime": [time.strftime("%Y-%m-%d %H:%M:%S %Z %z %j", time.localtime(s)) for s in stamps],
    "mktime": [time.mktime(tuple(t)) for t in tuples],
    "consts": [time.timezone, time.altzone, time.daylight, list(time.tzname)],
    "fromtimestamp": [dt.datetime.fromtimestamp(s).isoformat() for s in stamps],
    "astimezone": [str(dt.datetime.fromtimestamp(s).astimezone()) for s in stamps],
    "astimezone_name": [dt.datetime.fromtimestamp(s).astimezone().tzname() for s in stamps],
    "naive_timestamp": [dt.datetime(*t[:6]).timestamp() for t in tuples[:2]],
    "date_fromtimestamp": [dt.date.fromtimestamp(s).isoformat() for s in stamps],
}
print(json.dumps(out))
"""


def _reference(zone: str) -> dict:
    env = dict(os.environ, TZ=zone)
    proc = subprocess.run([sys.executable, "-c", _REFERENCE, json.dumps(STAMPS),
                           json.dumps(LOCAL_TUPLES)], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout)


ZONES = [("UTC", None), ("Asia/Shanghai", "Asia/Shanghai"), ("America/New_York", "America/New_York"),
         ("Australia/Sydney", "Australia/Sydney"), ("UTC", "+00:00")]


@pytest.mark.parametrize("tz_env,zone", ZONES)
def test_local_time_matches_cpython_in_that_zone(use_context, tz_env: str, zone: str) -> None:
    if zone and "/" in zone:
        pytest.importorskip("zoneinfo").ZoneInfo(zone)
    want = _reference(tz_env)
    # The embedder API hands the context a tzinfo; the modules also accept the raw text.
    use_context(timezone=zone)
    assert [T["ctime"](s) for s in STAMPS] == want["ctime"]
    use_context(timezone=parse_zone(zone) if zone else None)
    got_local = [list(T["localtime"](s)) + [T["localtime"](s).tm_zone, T["localtime"](s).tm_gmtoff]
                 for s in STAMPS]
    assert got_local == want["localtime"]
    assert [T["ctime"](s) for s in STAMPS] == want["ctime"]
    assert [T["strftime"]("%Y-%m-%d %H:%M:%S %Z %z %j", T["localtime"](s)) for s in STAMPS] == \
        want["strftime"]
    assert [T["mktime"](t) for t in LOCAL_TUPLES] == want["mktime"]
    assert [T["timezone"], T["altzone"], T["daylight"], list(T["tzname"])] == want["consts"]
    fromtimestamp = class_attr(D["datetime"], "fromtimestamp")
    assert [fromtimestamp(s).isoformat() for s in STAMPS] == \
        want["fromtimestamp"]
    assert [class_attr(D["date"], "fromtimestamp")(s).isoformat() for s in STAMPS] == \
        want["date_fromtimestamp"]
    naive = [fromtimestamp(s) for s in STAMPS]  # keeps fold, as CPython's values do
    assert [str(astimezone(d)) for d in naive] == want["astimezone"]
    assert [astimezone(d).tzname() for d in naive] == want["astimezone_name"]
    assert [timestamp(dt.datetime(*t[:6])) for t in LOCAL_TUPLES[:2]] == want["naive_timestamp"]


def test_clock_functions_read_the_evaluation_clock() -> None:
    assert T["time"]() == FIXED_CLOCK
    assert T["monotonic"]() == FIXED_CLOCK
    assert T["time_ns"]() == 1_714_550_400_250_000_000
    assert tuple(T["gmtime"]()) == tuple(time.gmtime(FIXED_CLOCK))
    assert T["strftime"]("%Y-%m-%d %H:%M:%S") == "2024-05-01 08:00:00"
    assert T["asctime"]() == "Wed May  1 08:00:00 2024"
    assert T["ctime"]() == "Wed May  1 08:00:00 2024"


def test_clock_in_another_zone(use_context) -> None:
    use_context(timezone=parse_zone("Asia/Shanghai"))
    assert T["strftime"]("%Y-%m-%d %H:%M:%S %Z") == "2024-05-01 16:00:00 CST"
    assert T["localtime"]().tm_hour == 16
    assert T["time"]() == FIXED_CLOCK  # the epoch clock does not depend on the zone


def test_strptime_and_gmtime_are_cpythons() -> None:
    assert T["strptime"]("2024-05-01", "%Y-%m-%d") == time.strptime("2024-05-01", "%Y-%m-%d")
    with pytest.raises(ValueError):
        T["strptime"]("x", "%Y")
    assert T["gmtime"](86400) == time.gmtime(86400)
    with pytest.raises(TypeError):
        T["gmtime"]("x")
    with pytest.raises(TypeError):
        T["localtime"]("x")


def test_no_sleep_and_no_process_clock() -> None:
    assert "sleep" not in T and "perf_counter" not in T and "process_time" not in T


def test_strftime_width_is_size_checked(use_context) -> None:
    from dataway.limits import Limits
    from dataway.runtime.context import LimitExceeded
    use_context(limits=Limits(value_size=1000))
    with pytest.raises(LimitExceeded):
        T["strftime"]("%0999999Y")


def test_struct_time_type_object() -> None:
    st = T["struct_time"]
    assert repr(st) == "<class 'time.struct_time'>"
    value = st((2024, 1, 2, 3, 4, 5, 1, 2, 0))
    assert value.tm_mday == 2


def test_datetime_types_are_the_runtime_type_objects() -> None:
    types = pytest.importorskip("dataway.runtime.types")
    for name in ("datetime", "date", "time", "timedelta", "timezone", "tzinfo"):
        assert D[name] is types.STANDARD_TYPES[f"datetime.{name}"]
        assert repr(D[name]) == f"<class 'datetime.{name}'>"
    assert types.type_of(dt.datetime(2024, 1, 1)) is D["datetime"]
    assert types.isinstance_of(dt.datetime(2024, 1, 1), D["date"])
    assert types.isinstance_of(dt.timezone.utc, D["tzinfo"])
    assert T["struct_time"] is types.STANDARD_TYPES["time.struct_time"]


def test_datetime_constructors_and_fixed_offset_zone() -> None:
    zone = D["timezone"](D["timedelta"](hours=8))
    value = D["datetime"](2024, 5, 1, 8, tzinfo=zone)
    assert value == dt.datetime(2024, 5, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert D["MINYEAR"] == 1 and D["MAXYEAR"] == 9999


def test_astimezone_with_explicit_zone_and_aware_values(use_context) -> None:
    use_context(timezone=parse_zone("Asia/Shanghai"))
    utc = dt.datetime(2024, 5, 1, 8, tzinfo=dt.timezone.utc)
    assert str(astimezone(utc)) == "2024-05-01 16:00:00+08:00"
    assert astimezone(dt.datetime(2024, 5, 1, 16), dt.timezone.utc) == utc
    assert timestamp(dt.datetime(2024, 5, 1, 16)) == FIXED_CLOCK - 0.25
    with pytest.raises(TypeError):
        astimezone(utc, "UTC")
