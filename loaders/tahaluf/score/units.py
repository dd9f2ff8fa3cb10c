"""Resampling units and the counts each scorer keeps per unit.

A unit is a section of a document by default (``sections`` in each gold record; unit id
``DOC/SECTION``), or a whole document. Every outcome is counted in exactly one unit:

- an outcome that pairs a prediction with a gold item (correct, incorrect, partial, a matched
  token) in the unit where the **gold item** starts, the paired prediction with it (so no unit
  holds more correct than predicted items, and a resampled precision stays within 0 and 1);
- a spurious prediction in the unit where the **prediction** starts;
- a missed gold item in the unit where it starts.

So the counts of all units add up to the reported totals, the gold counts of a unit do not depend
on the system (what paired tests need), and a resample of the units is a weighted sum of rows
(:mod:`tahaluf.resample`), not a second run of the scorer.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

UNITS = ("section", "document")

UnitOf = Callable[[int], str]


def unit_ids(record: dict[str, Any], unit: str) -> list[str]:
    """The ids of the units of one gold record, in text order."""
    if unit == "document":
        return [record["id"]]
    return [f"{record['id']}/{s['id']}" for s in sorted(record["sections"], key=lambda s: s["start"])]


def unit_of(record: dict[str, Any], unit: str) -> UnitOf:
    """A function from a character offset of ``record`` to the id of the unit it stands in.

    Sections tile the text; an offset before the first section belongs to the first one.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown resampling unit {unit!r}; choose one of {', '.join(UNITS)}")
    doc = record["id"]
    if unit == "document" or not record.get("sections"):
        return lambda offset: doc
    sections = sorted(record["sections"], key=lambda s: s["start"])
    starts = [s["start"] for s in sections]
    ids = [f"{doc}/{s['id']}" for s in sections]

    def lookup(offset: int) -> str:
        return ids[max(0, bisect_right(starts, offset) - 1)]

    return lookup


class UnitTally:
    """Counts per unit: ``unit id -> column -> value`` (columns are tuples naming a figure's count)."""

    def __init__(self) -> None:
        self.units: list[str] = []
        self.rows: dict[str, dict[tuple, float]] = {}

    def declare(self, units: list[str]) -> None:
        """Register units (in order) so that units without any count still take part in resampling."""
        for unit in units:
            if unit not in self.rows:
                self.units.append(unit)
                self.rows[unit] = {}

    def add(self, unit: str, column: tuple, value: float = 1.0) -> None:
        """Add ``value`` to ``column`` of ``unit``."""
        row = self.rows.get(unit)
        if row is None:
            self.declare([unit])
            row = self.rows[unit]
        row[column] = row.get(column, 0.0) + value

    def column(self, column: tuple, units: list[str] | None = None) -> list[float]:
        """One column over the units (all of them, or ``units``), in order."""
        return [self.rows[u].get(column, 0.0) for u in (self.units if units is None else units)]
