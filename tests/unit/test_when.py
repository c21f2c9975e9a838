"""`post --at WHEN` and `--in DURATION`: parsing, local time, and the 30-day window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from greenstatus.errors import UsageError
from greenstatus.rules import when

NOW = datetime(2026, 11, 28, 10, 0, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), ("1D2H", 93600)],
)
def test_durations(text: str, seconds: int) -> None:
    assert when.parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "m", "1x", "-5m", "1m1h", "1.5h", "h30"])
def test_bad_durations_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--in"):
        when.parse_duration(text)


def test_iso_with_and_without_offset() -> None:
    assert when.parse_when("2026-12-01T09:00+03:00", NOW) == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    local = when.parse_when("2026-12-01T09:00", NOW)
    assert local.astimezone(UTC) == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert when.parse_when("2026-12-01 09:00", NOW) == local
    assert when.parse_when("2026-12-01T09:00Z", NOW) == datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_clock_time_is_its_next_occurrence() -> None:
    assert when.parse_when("11:15", NOW) == datetime(2026, 11, 28, 11, 15, tzinfo=UTC)
    assert when.parse_when("09:00", NOW) == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert when.parse_when("10:00", NOW) == datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["tomorrow", "25:00", "2026-12-01", "12:60", "9am"])
def test_bad_times_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="--at"):
        when.parse_when(text, NOW)


def test_past_and_far_future_are_refused() -> None:
    with pytest.raises(UsageError, match="in the past"):
        when.due_time("2026-11-28T09:00", None, NOW)
    with pytest.raises(UsageError, match="30 days"):
        when.due_time(None, "31d", NOW)
    with pytest.raises(UsageError, match="not both"):
        when.due_time("11:00", "1h", NOW)
    assert when.due_time(None, "30d", NOW) == NOW + timedelta(days=30)
    assert when.due_time(None, None, NOW) is None
    due = when.due_time("2026-11-28T14:00+01:00", None, NOW)
    assert due is not None and due.tzinfo is not None
    assert due == datetime(2026, 11, 28, 13, tzinfo=UTC)
