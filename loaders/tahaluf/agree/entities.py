"""Entity agreement: span F1 (exact, overlap), type and level on exact-span pairs, linking.

Linking compares the two sides' clusterings (mentions sharing an entity id within a side, across
documents) on the mentions both sides share (exact-span pairs): B-cubed and CEAF-e. Entity ids are
never compared as strings, so each side may name its entities as it likes.
"""

from __future__ import annotations

from typing import Any

from ..spans import pair_exact, pair_overlapping
from .common import disagreement, span, unpaired
from .measures import Measure, accuracy_measure, bcubed_measure, best_alignment, ceafe_measure, f1_measure, kappa_measure
from .passes import Corpus, Side

MEASURES = {
    "exact_span_f1": "exact-span F1",
    "overlap_span_f1": "overlap-span F1",
    "type_agreement": "type agreement (exact spans)",
    "type_kappa": "type kappa (exact spans)",
    "level_agreement": "level agreement (exact spans)",
    "link_bcubed_f1": "linking B-cubed F1 (shared mentions)",
    "link_ceafe_f1": "linking CEAF-e F1 (shared mentions)",
}


def _cluster(doc: str, m: dict) -> tuple:
    """A mention's cluster: its entity id, or a singleton when it has none."""
    return ("id", m["entity_id"]) if m.get("entity_id") else ("single", doc, m["start"], m["end"])


def compare(ref: Side, other: Side, corpus: Corpus) -> tuple[dict[str, Measure], list[dict[str, Any]]]:
    """The entity measures of ``other`` against ``ref`` and their disagreements."""
    units = len(corpus.units)
    tp_exact: list[int] = []
    tp_overlap: list[int] = []
    n_ref: list[int] = []
    n_other: list[int] = []
    types: list[tuple[int, str, str]] = []
    levels: list[tuple[int, bool]] = []
    links: list[tuple[int, tuple, tuple]] = []
    shared: list[tuple[str, dict, dict]] = []
    out: list[dict[str, Any]] = []
    for doc in corpus.texts:
        r, o = ref.docs.get(doc, []), other.docs.get(doc, [])
        n_ref += [corpus.units.of(doc, m["start"]) for m in r]
        n_other += [corpus.units.of(doc, m["start"]) for m in o]
        exact = pair_exact(r, o, span)
        overlap = pair_overlapping(r, o, span)
        tp_exact += [corpus.units.of(doc, x["start"]) for x, _ in exact]
        tp_overlap += [corpus.units.of(doc, x["start"]) for x, _ in overlap]
        for x, y in exact:
            unit = corpus.units.of(doc, x["start"])
            types.append((unit, x["type"], y["type"]))
            if x.get("level") is not None and y.get("level") is not None:
                levels.append((unit, x["level"] == y["level"]))
            links.append((unit, _cluster(doc, x), _cluster(doc, y)))
            shared.append((doc, x, y))
            for key in ("type", "level"):
                if x.get(key) != y.get(key):
                    out.append(disagreement(doc, x, key, x.get(key), y.get(key)))
        exact_ids = {id(x) for x, _ in exact} | {id(y) for _, y in exact}
        for x, y in overlap:
            if id(x) not in exact_ids and id(y) not in exact_ids:
                out.append(
                    disagreement(doc, x, "span", f"[{x['start']},{x['end']}) {x['text']!r}", f"[{y['start']},{y['end']}) {y['text']!r}")
                )
        overlap_ids = {id(x) for x, _ in overlap} | {id(y) for _, y in overlap}
        out += unpaired(
            doc,
            [x for x in r if id(x) not in overlap_ids],
            [y for y in o if id(y) not in overlap_ids],
            [],
            lambda m: f"{m['type']} {m.get('entity_id')}",
        )
    out += _link_disagreements(shared)
    measures = {
        "exact_span_f1": f1_measure(units, tp_exact, n_ref, n_other),
        "overlap_span_f1": f1_measure(units, tp_overlap, n_ref, n_other),
        "type_agreement": accuracy_measure(units, [(u, a == b) for u, a, b in types]),
        "type_kappa": kappa_measure(units, types),
        "level_agreement": accuracy_measure(units, levels),
        "link_bcubed_f1": bcubed_measure(units, links),
        "link_ceafe_f1": ceafe_measure(units, links),
    }
    return measures, out


def _link_disagreements(shared: list[tuple[str, dict, dict]]) -> list[dict[str, Any]]:
    """Shared mentions whose clusters do not correspond under the best CEAF-e alignment of clusters."""
    size_a: dict[tuple, int] = {}
    size_b: dict[tuple, int] = {}
    both: dict[tuple[tuple, tuple], int] = {}
    for doc, x, y in shared:
        a, b = _cluster(doc, x), _cluster(doc, y)
        size_a[a] = size_a.get(a, 0) + 1
        size_b[b] = size_b.get(b, 0) + 1
        both[(a, b)] = both.get((a, b), 0) + 1
    align = best_alignment({(a, b): 2 * n / (size_a[a] + size_b[b]) for (a, b), n in both.items()})
    out = []
    for doc, x, y in shared:
        a, b = _cluster(doc, x), _cluster(doc, y)
        if align.get(a) != b:
            partner = align.get(a)
            note = f" (1's {x.get('entity_id')} corresponds to 2's {partner[1] if partner and partner[0] == 'id' else 'nothing'})"
            out.append(disagreement(doc, x, "link", f"{x.get('entity_id')}{note}", y.get("entity_id")))
    return out
