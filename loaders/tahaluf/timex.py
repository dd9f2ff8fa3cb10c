"""TIMEX3 value syntax (TimeML 1.2.1 / ISO-TimeML) and the check that a value fits its type.

Digits may be replaced by ``X`` where the text leaves them unspecified
(``XXXX-WXX-7``), as TimeML allows.
"""

from __future__ import annotations

import calendar
import datetime
import re

_D = r"[0-9X]"
_YEAR = rf"(?:{_D}{{4}}|{_D}{{3}}|{_D}{{2}})"  # year, decade, century
_DATE_PART = (
    rf"{_D}{{4}}-(?:"
    rf"{_D}{{2}}(?:-{_D}{{2}})?"  # YYYY-MM, YYYY-MM-DD
    rf"|W{_D}{{2}}(?:-{_D})?(?:-WE)?"  # YYYY-Www, YYYY-Www-D, YYYY-Www-WE
    rf"|W{_D}{{2}}-WE"
    rf"|Q[1-4X]|H[12X]|SP|SU|FA|WI"  # quarters, halves, seasons
    rf")"
)
_REF = r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"
_DATE = re.compile(rf"^(?:{_DATE_PART}|{_YEAR}|{_REF})$")
_CLOCK = rf"(?:{_D}{{2}}(?::{_D}{{2}}(?::{_D}{{2}}(?:\.[0-9]+)?)?)?|MO|MI|AF|EV|NI|DT)"
_TIME = re.compile(rf"^(?:(?:{_DATE_PART}|{_D}{{4}}-{_D}{{2}}-{_D}{{2}})?T{_CLOCK}(?:Z|[+-][0-9]{{2}}(?::?[0-9]{{2}})?)?|{_REF})$")
_N = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_DURATION = re.compile(
    rf"^P(?:(?=.)(?:{_N}Y)?(?:{_N}M)?(?:{_N}W)?(?:{_N}D)?(?:T(?=.)(?:{_N}H)?(?:{_N}M)?(?:{_N}S)?)?"
    rf"|{_N}(?:DE|CE|ML|Q|H))$"
)


def _valid_duration(value: str) -> bool:
    """A duration: ``P`` with at least one component, a ``T`` only before time components (the
    lookaheads of :data:`_DURATION` refuse ``P``, ``PT`` and a trailing ``T``)."""
    return bool(_DURATION.fullmatch(value))


_DATE_FIELDS = re.compile(r"^(?P<year>[0-9X]{4})-(?:(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?|W(?P<week>[0-9X]{2}))")
_CLOCK_FIELDS = re.compile(r"T(?P<hour>[0-9X]{2})(?::(?P<minute>[0-9X]{2})(?::(?P<second>[0-9X]{2}))?)?")
_CALENDAR = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _number(text: str | None) -> int | None:
    """The value of a field given as digits; None when absent or unspecified (``X``)."""
    return int(text) if text and "X" not in text else None


def iso_weeks(year: int) -> int:
    """Number of ISO 8601 weeks in ``year``: 53 when 28 December falls in week 53, else 52."""
    return datetime.date(year, 12, 28).isocalendar()[1]


def _limits(fields: dict[str, int | None]) -> dict[str, tuple[int, int]]:
    """The allowed range of each field, given the year and month when they are known."""
    year, month = fields.get("year"), fields.get("month")
    last_day = 31
    if month is not None and 1 <= month <= 12:  # an unknown year (XXXX) allows what some year allows: 29 February
        last_day = calendar.monthrange(2000 if year is None else year, month)[1]
    last_week = iso_weeks(year) if year is not None and year >= 1 else 53
    return {
        "year": (0, 9999),
        "month": (1, 12),
        "day": (1, last_day),
        "week": (1, last_week),
        "hour": (0, 24),
        "minute": (0, 59),
        "second": (0, 60),  # 60: a leap second
    }


def in_range(value: str) -> bool:
    """Every field given as digits lies in its range: month 01-12, day 01 to the month's last day (in
    a leap year when the year is not given), ISO
    week 01 to the year's last week (52 or 53), hour 00-24, minute 00-59, second 00-60.

    For dates and times only: a duration (``PT90M``) has no such ranges.
    """
    fields: dict[str, int | None] = {}
    date = _DATE_FIELDS.search(value)
    if date:
        fields.update({name: _number(text) for name, text in date.groupdict().items()})
    clock = _CLOCK_FIELDS.search(value)
    if clock:
        fields.update({name: _number(text) for name, text in clock.groupdict().items()})
    limits = _limits(fields)
    return all(number is None or limits[name][0] <= number <= limits[name][1] for name, number in fields.items())


def value_matches_type(value: str, timex_type: str) -> bool:
    """True when ``value`` is well-formed TIMEX3 syntax for ``timex_type``.

    DATE: ``2024``, ``2024-03``, ``2024-03-02``, ``2024-W12``, ``2024-H1``, ``201`` (decade),
    ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``. TIME: a date (optional) followed by ``T`` and a
    clock time or a part of day (``2023-08-17T14:55``, ``2025-02-21TEV``). DURATION: ``P6Y``,
    ``P2M``, ``PT3H``, ``PXY``. SET: a duration (``P1M``: every month) or a date with ``X`` digits
    (``XXXX-WXX-7``: every Sunday).
    """
    if timex_type == "DURATION":
        return _valid_duration(value)
    if timex_type == "SET" and _valid_duration(value):
        return True
    if not in_range(value):
        return False
    if timex_type == "DATE":
        return bool(_DATE.fullmatch(value))
    if timex_type == "TIME":
        return bool(_TIME.fullmatch(value))
    if timex_type == "SET":
        return "X" in value and bool(_DATE.fullmatch(value) or _TIME.fullmatch(value))
    return False


def is_calendar_date(value: str | None) -> bool:
    """True for a plain calendar value usable as an anchor: YYYY, YYYY-MM or YYYY-MM-DD, an existing date."""
    return value is not None and bool(_CALENDAR.fullmatch(value)) and in_range(value)
