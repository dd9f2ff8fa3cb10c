"""TIMEX3 value syntax (TimeML 1.2.1 / ISO-TimeML) and the check that a value fits its type.

Digits may be replaced by ``X`` where the text leaves them unspecified
(``XXXX-WXX-7``), as TimeML allows.
"""

from __future__ import annotations

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
    return bool(_DURATION.match(value)) and value not in ("P", "PT") and not value.endswith("T")


_RANGES = re.compile(r"^[0-9X]{4}-(?:(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?|W(?P<week>[0-9X]{2}))")
_CLOCK_RANGE = re.compile(r"T(?P<hour>[0-9]{2})(?::(?P<minute>[0-9]{2}))?")


def _in_range(value: str) -> bool:
    """Month 01-12, day 01-31, week 01-53, hour 00-24, minute 00-59 where given as digits."""
    limits = {"month": (1, 12), "day": (1, 31), "week": (1, 53), "hour": (0, 24), "minute": (0, 59)}
    for pattern in (_RANGES, _CLOCK_RANGE):
        match = pattern.search(value)
        if not match:
            continue
        for name, text in match.groupdict().items():
            if text and "X" not in text and not limits[name][0] <= int(text) <= limits[name][1]:
                return False
    return True


def value_matches_type(value: str, timex_type: str) -> bool:
    """True when ``value`` is well-formed TIMEX3 syntax for ``timex_type``.

    DATE: ``2024``, ``2024-03``, ``2024-03-02``, ``2024-W12``, ``2024-H1``, ``201`` (decade),
    ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``. TIME: a date (optional) followed by ``T`` and a
    clock time or a part of day (``2023-08-17T14:55``, ``2025-02-21TEV``). DURATION: ``P6Y``,
    ``P2M``, ``PT3H``, ``PXY``. SET: a duration (``P1M``: every month) or a date with ``X`` digits
    (``XXXX-WXX-7``: every Sunday).
    """
    if not _in_range(value):
        return False
    if timex_type == "DATE":
        return bool(_DATE.match(value)) and value != "XXXX-XX-XXT"
    if timex_type == "TIME":
        return bool(_TIME.match(value))
    if timex_type == "DURATION":
        return _valid_duration(value)
    if timex_type == "SET":
        return _valid_duration(value) or (bool(_DATE.match(value)) and "X" in value) or (bool(_TIME.match(value)) and "X" in value)
    return False


def is_calendar_date(value: str | None) -> bool:
    """True for a plain calendar value usable as an anchor: YYYY, YYYY-MM or YYYY-MM-DD."""
    return value is not None and bool(re.fullmatch(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?", value))
