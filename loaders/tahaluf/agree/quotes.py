"""Quote agreement: attribution detection, content, cue and source spans, speaker, kind, content form.

Attributions are paired one to one by overlapping content (exact first, then largest overlap).
Speakers are the sides' own slugs: they correspond under the one-to-one alignment of slugs that
maximises the number of paired attributions they agree on (as CEAF aligns clusters), computed once
on all the data; null matches only null.
"""

from __future__ import annotations

from typing import Any

from ..spans import pair_exact, pair_overlapping, token_sets
from .common import disagreement, span, span_text, unpaired
from .measures import Measure, accuracy_measure, best_alignment, f1_measure, kappa_measure
from .passes import Corpus, Side

MEASURES = {
    "attribution_f1": "attribution detection F1 (content overlap)",
    "content_exact_f1": "content exact F1",
    "content_token_f1": "content token-overlap F1",
    "cue_exact_f1": "cue exact F1",
    "cue_overlap_f1": "cue overlap F1",
    "source_exact_f1": "source exact F1",
    "source_token_f1": "source token-overlap F1",
    "speaker_accuracy": "speaker accuracy (paired attributions)",
    "kind_kappa": "kind kappa (paired attributions)",
    "content_form_kappa": "content-form kappa (paired attributions)",
}


def _token_counts(doc: str, text: str, r: list[dict], o: list[dict], corpus: Corpus) -> tuple[list[int], list[int], list[int]]:
    """Units of the shared, reference and other word tokens covered by the spans of each side."""
    tr, to = token_sets(text, map(span, r)), token_sets(text, map(span, o))
    unit = corpus.units.of
    return [unit(doc, t) for t in tr & to], [unit(doc, t) for t in tr], [unit(doc, t) for t in to]


def compare(ref: Side, other: Side, corpus: Corpus) -> tuple[dict[str, Measure], list[dict[str, Any]]]:
    """The quote measures of ``other`` against ``ref`` and their disagreements."""
    units = len(corpus.units)
    counts: dict[str, tuple[list[int], list[int], list[int]]] = {name: ([], [], []) for name in MEASURES if name.endswith("_f1")}
    paired: list[tuple[str, int, dict, dict]] = []
    out: list[dict[str, Any]] = []
    for doc, text in corpus.texts.items():
        r, o = ref.docs.get(doc, []), other.docs.get(doc, [])
        pairs = _count_spans(doc, text, r, o, corpus, counts)
        paired += [(doc, corpus.units.of(doc, x["start"]), x, y) for x, y in pairs]
        out += unpaired(doc, r, o, pairs, lambda q: f"{q['kind']} speaker={q.get('speaker')}")
    speakers = _compare_paired(paired, out)
    measures = {name: f1_measure(units, *columns) for name, columns in counts.items()}
    measures["speaker_accuracy"] = accuracy_measure(units, speakers)
    measures["kind_kappa"] = kappa_measure(units, [(u, x["kind"], y["kind"]) for _, u, x, y in paired])
    forms = [(u, x["content_form"], y["content_form"]) for _, u, x, y in paired if x.get("content_form") and y.get("content_form")]
    measures["content_form_kappa"] = kappa_measure(units, forms)
    return {name: measures[name] for name in MEASURES}, out


def _count_spans(
    doc: str, text: str, r: list[dict], o: list[dict], corpus: Corpus, counts: dict[str, tuple[list[int], list[int], list[int]]]
) -> list:
    """Add one document's span counts (units of the shared, reference and other items); the attribution pairs."""

    def add(name: str, tp: list, rs: list[dict], os_: list[dict]) -> None:
        c = counts[name]
        c[0].extend(corpus.units.of(doc, span(x)[0]) for x, _ in tp)
        c[1].extend(corpus.units.of(doc, span(x)[0]) for x in rs)
        c[2].extend(corpus.units.of(doc, span(y)[0]) for y in os_)

    def add_tokens(name: str, rs: list[dict], os_: list[dict]) -> None:
        for column, values in zip(counts[name], _token_counts(doc, text, rs, os_, corpus)):
            column.extend(values)

    pairs = pair_overlapping(r, o, span)
    add("attribution_f1", pairs, r, o)
    add("content_exact_f1", pair_exact(r, o, span), r, o)
    add_tokens("content_token_f1", r, o)
    cues = [x["cue"] for x in r if x.get("cue")], [y["cue"] for y in o if y.get("cue")]
    add("cue_exact_f1", pair_exact(*cues, span), *cues)
    add("cue_overlap_f1", pair_overlapping(*cues, span), *cues)
    sources = [x["source"] for x in r if x.get("source")], [y["source"] for y in o if y.get("source")]
    add("source_exact_f1", pair_exact(*sources, span), *sources)
    add_tokens("source_token_f1", *sources)
    return pairs


def _compare_paired(paired: list[tuple[str, int, dict, dict]], out: list[dict[str, Any]]) -> list[tuple[int, bool]]:
    """Speaker agreement under the best one-to-one alignment of slugs, and the disagreements of each pair (added to ``out``)."""
    together: dict[tuple[str, str], float] = {}
    for _, _, x, y in paired:
        if x.get("speaker") is not None and y.get("speaker") is not None:
            together[(x["speaker"], y["speaker"])] = together.get((x["speaker"], y["speaker"]), 0) + 1
    align = best_alignment(together)
    speakers: list[tuple[int, bool]] = []
    for doc, unit, x, y in paired:
        a, b = x.get("speaker"), y.get("speaker")
        same = (a is None and b is None) or (a is not None and align.get(a) == b)
        speakers.append((unit, same))
        if not same:
            out.append(disagreement(doc, x, "speaker", f"{a} (corresponds to 2's {align.get(a)})" if a else None, b))
        for key in ("kind", "content_form"):
            if x.get(key) != y.get(key):
                out.append(disagreement(doc, x, key, x.get(key), y.get(key)))
        if span(x) != span(y):
            out.append(disagreement(doc, x, "content", f"[{x['start']},{x['end']})", f"[{y['start']},{y['end']}) {y['text']!r}"))
        for part in ("cue", "source"):
            if (x.get(part) and span(x[part])) != (y.get(part) and span(y[part])):
                out.append(disagreement(doc, x, part, span_text(x.get(part)), span_text(y.get(part))))
    return speakers
