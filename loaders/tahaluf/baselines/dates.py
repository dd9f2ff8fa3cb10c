"""Date baseline with ``dateparser``.

Each section is searched with ``search_dates`` (Arabic and English), relative to the section's
anchor date; ``search_dates`` returns strings without offsets, so each match is located in the
section in order. Levantine month names ("كانون الثاني", "شباط", ...) are not in dateparser's
``ar`` data, so expressions with them are found by a pattern and parsed with the ``ar-SY``
locale. Values: a day -> YYYY-MM-DD (TIME YYYY-MM-DDTHH:MM with a clock time), a month -> YYYY-MM,
a year -> YYYY; everything is DATE or TIME (dateparser has no durations or sets).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

LEVANTINE = "كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
_LEVANTINE_EXPR = re.compile(rf"(?:\d{{1,2}}\s+)?(?:{LEVANTINE})(?:\s*/\s*\w+)?(?:\s+(?:عام\s+)?\d{{4}})?")


def _anchor(record: dict[str, Any], section: dict[str, Any]) -> dt.datetime:
    value = section["anchor_date"]["value"] or record["publication_date"]["value"] or "2024"
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.datetime(parts[0], parts[1], parts[2], 12, 0)


def _value(date: dt.datetime, period: str | None) -> tuple[str, str]:
    if period == "year":
        return "DATE", f"{date.year:04d}"
    if period == "month":
        return "DATE", f"{date.year:04d}-{date.month:02d}"
    if (date.hour, date.minute) not in ((0, 0), (12, 0)):
        return "TIME", f"{date:%Y-%m-%dT%H:%M}"
    return "DATE", f"{date:%Y-%m-%d}"


def predict(record: dict[str, Any], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Predicted TIMEX3 expressions of ``record``."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    text = record["text"]
    found: list[dict[str, Any]] = []
    for section in record["sections"]:
        base = _anchor(record, section)
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        start, end = section["start"], section["end"]
        chunk = text[start:end]
        for match in _LEVANTINE_EXPR.finditer(chunk):
            parsed = DateDataParser(locales=["ar-SY"], settings=settings).get_date_data(match.group(0).split("/")[0].strip())
            if parsed.date_obj is not None:
                typ, value = _value(parsed.date_obj, parsed.period)
                found.append({"start": start + match.start(), "end": start + match.end(), "type": typ, "value": value})
        position = 0
        for item in search_dates(chunk, languages=["ar", "en"], settings=settings, add_period=True) or []:
            surface, date, period = item[0], item[1], item[2] if len(item) > 2 else None
            at = chunk.find(surface, position)
            if at < 0:
                continue
            position = at + len(surface)
            typ, value = _value(date, period)
            found.append({"start": start + at, "end": start + at + len(surface), "type": typ, "value": value})
    found.sort(key=lambda d: (d["start"], -(d["end"] - d["start"])))
    out: list[dict[str, Any]] = []
    for item in found:
        if out and item["start"] < out[-1]["end"]:
            continue
        out.append({**item, "text": text[item["start"] : item["end"]], "mod": None})
    return out
