"""Date agreement in the TempEval-3 manner, plus the section anchors.

Strict F1 pairs identical character spans, relaxed F1 overlapping ones (exact first, then largest
overlap), as :mod:`tahaluf.score.dates` does; value and type accuracy are taken on the relaxed
pairs; anchor agreement is the share of sections given the same anchor value (null equals only null).
"""

from __future__ import annotations

from typing import Any

from ..spans import pair_exact, pair_overlapping
from .common import disagreement, span, unpaired
from .measures import Measure, accuracy_measure, f1_measure
from .passes import Corpus, Side

MEASURES = {
    "strict_f1": "strict span F1",
    "relaxed_f1": "relaxed span F1",
    "value_accuracy": "value accuracy (relaxed pairs)",
    "type_accuracy": "type accuracy (relaxed pairs)",
    "anchor_agreement": "section anchor agreement",
}


def compare(ref: Side, other: Side, corpus: Corpus) -> tuple[dict[str, Measure], list[dict[str, Any]]]:
    """The date measures of ``other`` against ``ref`` and their disagreements."""
    units = len(corpus.units)
    strict: list[int] = []
    relaxed: list[int] = []
    n_ref: list[int] = []
    n_other: list[int] = []
    values: list[tuple[int, bool]] = []
    types: list[tuple[int, bool]] = []
    anchors: list[tuple[int, bool]] = []
    out: list[dict[str, Any]] = []
    for doc in corpus.texts:
        r, o = ref.docs.get(doc, []), other.docs.get(doc, [])
        unit = corpus.units.of
        n_ref += [unit(doc, d["start"]) for d in r]
        n_other += [unit(doc, d["start"]) for d in o]
        strict += [unit(doc, x["start"]) for x, _ in pair_exact(r, o, span)]
        pairs = pair_overlapping(r, o, span)
        relaxed += [unit(doc, x["start"]) for x, _ in pairs]
        for x, y in pairs:
            values.append((unit(doc, x["start"]), x["value"] == y["value"]))
            types.append((unit(doc, x["start"]), x["type"] == y["type"]))
            if span(x) != span(y):
                out.append(disagreement(doc, x, "span", f"[{x['start']},{x['end']})", f"[{y['start']},{y['end']}) {y['text']!r}"))
            for key in ("type", "value", "mod"):
                if x.get(key) != y.get(key):
                    out.append(disagreement(doc, x, key, x.get(key), y.get(key)))
        out += unpaired(doc, r, o, pairs, lambda d: f"{d['type']} {d['value']}")
        ra, oa = ref.anchors.get(doc, {}), other.anchors.get(doc, {})
        for (start, end, index), sec in zip(corpus.units.bounds[doc], corpus.sections[doc]):
            same = ra.get(sec) == oa.get(sec)
            anchors.append((index, same))
            if not same:
                where = {"start": start, "end": end, "text": f"section {sec}"}
                out.append(disagreement(doc, where, "anchor", ra.get(sec), oa.get(sec)))
    measures = {
        "strict_f1": f1_measure(units, strict, n_ref, n_other),
        "relaxed_f1": f1_measure(units, relaxed, n_ref, n_other),
        "value_accuracy": accuracy_measure(units, values),
        "type_accuracy": accuracy_measure(units, types),
        "anchor_agreement": accuracy_measure(units, anchors),
    }
    return measures, out
