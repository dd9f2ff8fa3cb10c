"""TIMEX3 field ranges and duration syntax at their bounds (:mod:`tahaluf.timex`)."""

from __future__ import annotations

import pytest

from tahaluf.timex import in_range, iso_weeks, value_matches_type


@pytest.mark.parametrize(
    "value",
    ["0000-01-01", "9999-12-31", "2024-01-01", "2024-12-31", "2024-W01", "2020-W53", "T00:00:00", "T24", "T10:59:60", "XXXX-XX-31"],
)
def test_lowest_and_highest_values_of_each_field_are_in_range(value):
    assert in_range(value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-00",
        "2024-13",
        "2024-01-00",
        "2024-01-32",
        "2023-02-29",  # not a leap year
        "2024-04-31",
        "XXXX-XX-32",  # month unknown: at most 31 days
        "2024-W00",
        "2025-W53",  # 2025 has 52 ISO weeks
        "0001-W53",  # so has year 1 (it starts on a Monday)
        "XXXX-W54",  # year unknown: at most 53 weeks
        "T25",
        "T10:60",
        "T10:00:61",
    ],
)
def test_values_beyond_a_field_range(value):
    assert not in_range(value)


def test_iso_weeks():
    assert [iso_weeks(y) for y in (2020, 2024, 2025, 2026, 1)] == [53, 52, 52, 53, 52]


@pytest.mark.parametrize("value", ["P", "PT", "P1YT", "PT1H2MT", "PXT", "P1Y1"])
def test_durations_need_a_component_and_a_time_component_after_t(value):
    assert not value_matches_type(value, "DURATION") and not value_matches_type(value, "SET")


@pytest.mark.parametrize("value", ["P1Y", "PT1H", "P1YT2H", "PXY", "P1.5D", "P2DE"])
def test_durations(value):
    assert value_matches_type(value, "DURATION")


def test_a_set_may_be_a_time_with_unspecified_digits():
    assert value_matches_type("XXXX-XX-XXTMO", "SET")  # every morning: a TIME pattern, not a DATE one
    assert value_matches_type("XXXX-WXX-7", "SET")
    assert not value_matches_type("2024-01-01TMO", "SET")  # no unspecified digit: one time, not a set


@pytest.mark.parametrize("value", ["XXXX-02-30", "XXXX-04-31", "XXXX-06-31", "XXXX-09-31", "XXXX-11-31"])
def test_an_unknown_year_allows_no_day_that_no_year_has(value):
    assert not in_range(value)


@pytest.mark.parametrize("value", ["XXXX-02-29", "XXXX-04-30", "XXXX-12-31", "XXXX-XX-31"])
def test_an_unknown_year_allows_the_days_some_year_has(value):
    assert in_range(value)


@pytest.mark.parametrize(
    ("value", "timex_type"), [("P1Y\n", "DURATION"), ("2024-03\n", "DATE"), ("2024-03-02T10:00\n", "TIME"), ("P1W\n", "SET")]
)
def test_a_value_with_a_trailing_line_break_is_not_well_formed(value, timex_type):
    assert value_matches_type(value.rstrip("\n"), timex_type)
    assert not value_matches_type(value, timex_type)
