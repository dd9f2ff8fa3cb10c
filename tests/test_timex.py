"""TIMEX3 value syntax per type."""

from __future__ import annotations

import pytest

from tahaluf.timex import is_calendar_date, value_matches_type

GOOD = [
    ("2024", "DATE"),
    ("2024-03", "DATE"),
    ("2024-03-02", "DATE"),
    ("2024-W12", "DATE"),
    ("2024-H1", "DATE"),
    ("201", "DATE"),
    ("PRESENT_REF", "DATE"),
    ("PAST_REF", "DATE"),
    ("FUTURE_REF", "DATE"),
    ("XXXX-XX-XX", "DATE"),
    ("2023-08-17T14:55", "TIME"),
    ("2025-02-21TEV", "TIME"),
    ("2024-XX-XXTMO", "TIME"),
    ("PRESENT_REF", "TIME"),
    ("P6Y", "DURATION"),
    ("P2M", "DURATION"),
    ("PT3H", "DURATION"),
    ("PXY", "DURATION"),
    ("P1DT2H", "DURATION"),
    ("P1M", "SET"),
    ("XXXX-WXX-7", "SET"),
]
BAD = [
    ("2024-13", "DATE"),
    ("2024-02-00", "DATE"),
    ("24/03/2024", "DATE"),
    ("P6Y", "DATE"),
    ("2024-03-02", "DURATION"),
    ("P", "DURATION"),
    ("PT", "DURATION"),
    ("P1DT", "DURATION"),
    ("2023-08-17T25:00", "TIME"),
    ("2024-03-02", "TIME"),
    ("2024-03-02", "SET"),
    ("today", "DATE"),
    ("2024", "UNKNOWN"),
]


@pytest.mark.parametrize("value,timex_type", GOOD)
def test_valid_values(value, timex_type):
    assert value_matches_type(value, timex_type)


@pytest.mark.parametrize("value,timex_type", BAD)
def test_invalid_values(value, timex_type):
    assert not value_matches_type(value, timex_type)


def test_calendar_dates():
    assert is_calendar_date("2024") and is_calendar_date("2024-03") and is_calendar_date("2024-03-24")
    assert not is_calendar_date(None) and not is_calendar_date("2024-W12") and not is_calendar_date("PRESENT_REF")


@pytest.mark.parametrize(
    ("value", "timex_type", "expected"),
    [
        ("2020-W53", "DATE", True),  # 2020 has 53 ISO weeks
        ("2021-W53", "DATE", False),  # 2021 has 52
        ("2020-W54", "DATE", False),
        ("XXXX-W53", "DATE", True),  # year unknown: week 53 may exist
        ("2023-08-17T14:59", "TIME", True),
        ("2023-08-17T14:60", "TIME", False),
        ("2023-08-17T23:59:60", "TIME", True),  # a leap second
        ("2023-08-17T23:59:61", "TIME", False),
        ("2024-02-29", "DATE", True),
        ("2023-02-29", "DATE", False),
        ("PT90M", "DURATION", True),  # durations have no clock ranges
        ("PT30H", "DURATION", True),
    ],
)
def test_week_minute_second_and_day_limits(value, timex_type, expected):
    assert value_matches_type(value, timex_type) is expected


def test_calendar_anchor_must_exist():
    assert is_calendar_date("2024-02-29") and not is_calendar_date("2024-13-01") and not is_calendar_date("2023-02-29")
