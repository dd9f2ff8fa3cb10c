"""Agreement between two independent annotation passes (``dataset/passes/<layer>/``).

Pass A is treated as the reference and pass B as the prediction; every F1 here is symmetric.
Per layer:

- entities: exact-span F1, overlap F1 (one-to-one), type agreement and Cohen's kappa on
  exact-span pairs, per-type F1 (span and type), entity-link agreement on exact-span pairs;
- quotes: content exact F1, content token-overlap F1, cue F1, speaker and kind agreement on
  overlapping content pairs;
- dates: strict (exact span) and relaxed (overlap) F1, type, value and mod agreement on relaxed
  pairs, and anchor-date agreement per section.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .release import read_jsonl, read_text
from .spans import PRF, pair_exact, pair_overlapping, token_sets


@dataclass
class Agreement:
    """Agreement figures for one layer, plus the disagreements to adjudicate."""

    layer: str
    scores: dict[str, Any] = field(default_factory=dict)
    disagreements: list[str] = field(default_factory=list)


def _span(x: dict) -> tuple[int, int]:
    return (x["start"], x["end"])


def _ratio(same: int, total: int) -> dict:
    return {"agree": same, "pairs": total, "rate": same / total if total else 1.0}


def _kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if not n:
        return 1.0
    observed = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def _unpaired(result: Agreement, doc: str, left: list[dict], right: list[dict], pairs: list[tuple], describe) -> None:
    """Record the annotations of each pass that the other pass has no counterpart for."""
    paired_left = {id(x) for x, _ in pairs}
    paired_right = {id(y) for _, y in pairs}
    for side, items, paired in (("only-A", left, paired_left), ("only-B", right, paired_right)):
        for item in items:
            if id(item) not in paired:
                result.disagreements.append(f"{doc} {side} {describe(item)}")


def load_pass(path: Path, layer: str) -> dict[str, dict]:
    """A pass file: document id -> its line (with the layer's list and, for dates, ``anchors``)."""
    return {line.value["id"]: line.value for line in read_jsonl(path, path.name)}


def entities(a: dict[str, dict], b: dict[str, dict], texts: dict[str, str]) -> Agreement:
    result = Agreement("entities")
    exact_tp = overlap_tp = 0
    n_a = n_b = 0
    type_pairs: list[tuple[str, str]] = []
    link_same = 0
    per_type: dict[str, list[int]] = {}
    for doc in sorted(set(a) | set(b)):
        ea, eb = a.get(doc, {}).get("entities", []), b.get(doc, {}).get("entities", [])
        n_a, n_b = n_a + len(ea), n_b + len(eb)
        exact = pair_exact(ea, eb, _span)
        exact_tp += len(exact)
        overlap_tp += len(pair_overlapping(ea, eb, _span))
        for x, y in exact:
            type_pairs.append((x["type"], y["type"]))
            link_same += x.get("entity_id") == y.get("entity_id")
            if x["type"] != y["type"]:
                result.disagreements.append(f"{doc} type   {x['text']!r} [{x['start']},{x['end']}) A={x['type']} B={y['type']}")
            elif x.get("entity_id") != y.get("entity_id"):
                result.disagreements.append(
                    f"{doc} link   {x['text']!r} [{x['start']},{x['end']}) A={x.get('entity_id')} B={y.get('entity_id')}"
                )
        for label in {m["type"] for m in ea + eb}:
            counts = per_type.setdefault(label, [0, 0, 0])
            la = [m for m in ea if m["type"] == label]
            lb = [m for m in eb if m["type"] == label]
            counts[0] += len(pair_exact(la, lb, _span))
            counts[1] += len(lb)
            counts[2] += len(la)
        _unpaired(result, doc, ea, eb, exact, lambda m: f"{m['text']!r} [{m['start']},{m['end']}) {m['type']}")
    same_type = sum(x == y for x, y in type_pairs)
    result.scores = {
        "exact_span": PRF(exact_tp, n_b, n_a).as_dict(),
        "overlap_span": PRF(overlap_tp, n_b, n_a).as_dict(),
        "type_on_exact": {**_ratio(same_type, len(type_pairs)), "kappa": _kappa(type_pairs)},
        "link_on_exact": _ratio(link_same, len(type_pairs)),
        "per_type": {k: PRF(v[0], v[1], v[2]).as_dict() for k, v in sorted(per_type.items())},
    }
    return result


def quotes(a: dict[str, dict], b: dict[str, dict], texts: dict[str, str]) -> Agreement:
    result = Agreement("quotes")
    exact_tp = cue_tp = 0
    n_a = n_b = 0
    tok_shared = tok_a = tok_b = 0
    speaker = kind = pairs_n = 0
    for doc in sorted(set(a) | set(b)):
        qa, qb = a.get(doc, {}).get("quotes", []), b.get(doc, {}).get("quotes", [])
        text = texts[doc]
        n_a, n_b = n_a + len(qa), n_b + len(qb)
        exact_tp += len(pair_exact(qa, qb, _span))
        cue_tp += len(pair_exact(qa, qb, lambda q: _span(q["cue"]) if q.get("cue") else None))
        ta, tb = token_sets(text, map(_span, qa)), token_sets(text, map(_span, qb))
        tok_shared, tok_a, tok_b = tok_shared + len(ta & tb), tok_a + len(ta), tok_b + len(tb)
        pairs = pair_overlapping(qa, qb, _span)
        pairs_n += len(pairs)
        for x, y in pairs:
            speaker += x.get("speaker") == y.get("speaker")
            kind += x["kind"] == y["kind"]
            diffs = [k for k in ("kind", "speaker") if x.get(k) != y.get(k)]
            if _span(x) != _span(y):
                diffs.append("content")
            if (x.get("cue") or {}).get("start") != (y.get("cue") or {}).get("start"):
                diffs.append("cue")
            if diffs:
                result.disagreements.append(
                    f"{doc} {'/'.join(diffs)}: A {x['kind']} {x.get('speaker')} cue={x['cue']['text']!r}"
                    f" [{x['start']},{x['end']})"
                    f" | B {y['kind']} {y.get('speaker')} cue={(y.get('cue') or {}).get('text')!r} [{y['start']},{y['end']})"
                    f" | A={x['text'][:60]!r}"
                )
        _unpaired(result, doc, qa, qb, pairs, lambda q: f"{q['kind']} {q.get('speaker')} [{q['start']},{q['end']}) {q['text'][:70]!r}")
    result.scores = {
        "content_exact": PRF(exact_tp, n_b, n_a).as_dict(),
        "content_token_overlap": PRF(tok_shared, tok_b, tok_a).as_dict(),
        "cue": PRF(cue_tp, n_b, n_a).as_dict(),
        "speaker_on_overlap": _ratio(speaker, pairs_n),
        "kind_on_overlap": _ratio(kind, pairs_n),
    }
    return result


def dates(a: dict[str, dict], b: dict[str, dict], texts: dict[str, str]) -> Agreement:
    result = Agreement("dates")
    strict_tp = relaxed_tp = 0
    n_a = n_b = 0
    same = Counter()
    pairs_n = 0
    anchors_same = anchors_n = 0
    for doc in sorted(set(a) | set(b)):
        da, db = a.get(doc, {}).get("dates", []), b.get(doc, {}).get("dates", [])
        n_a, n_b = n_a + len(da), n_b + len(db)
        strict_tp += len(pair_exact(da, db, _span))
        pairs = pair_overlapping(da, db, _span)
        relaxed_tp += len(pairs)
        pairs_n += len(pairs)
        for x, y in pairs:
            for attr in ("type", "value", "mod"):
                same[attr] += x.get(attr) == y.get(attr)
            diffs = [k for k in ("type", "value", "mod") if x.get(k) != y.get(k)]
            if _span(x) != _span(y):
                diffs.append("span")
            if diffs:
                result.disagreements.append(
                    f"{doc} {'/'.join(diffs)}: A {x['text']!r} {x['type']} {x['value']} {x.get('mod')}"
                    f" | B {y['text']!r} {y['type']} {y['value']} {y.get('mod')}"
                )
        _unpaired(result, doc, da, db, pairs, lambda d: f"{d['text']!r} [{d['start']},{d['end']}) {d['type']} {d['value']}")
        aa, ab = a.get(doc, {}).get("anchors", {}), b.get(doc, {}).get("anchors", {})
        for sec in sorted(set(aa) | set(ab)):
            va, vb = (aa.get(sec) or {}).get("value"), (ab.get(sec) or {}).get("value")
            anchors_n += 1
            anchors_same += va == vb
            if va != vb:
                result.disagreements.append(f"{doc} anchor {sec}: A={va} B={vb}")
    result.scores = {
        "strict_span": PRF(strict_tp, n_b, n_a).as_dict(),
        "relaxed_span": PRF(relaxed_tp, n_b, n_a).as_dict(),
        "type_on_relaxed": _ratio(same["type"], pairs_n),
        "value_on_relaxed": _ratio(same["value"], pairs_n),
        "mod_on_relaxed": _ratio(same["mod"], pairs_n),
        "anchor_per_section": _ratio(anchors_same, anchors_n),
    }
    return result


LAYER_FUNCS = {"entities": entities, "quotes": quotes, "dates": dates}


def agree(layer: str, pass_a: Path, pass_b: Path, release: Path) -> Agreement:
    """Agreement between two pass files of ``layer``; texts are read from ``release/texts``."""
    a, b = load_pass(pass_a, layer), load_pass(pass_b, layer)
    texts = {doc: read_text(release / "texts" / f"{doc}.txt", f"texts/{doc}.txt") for doc in set(a) | set(b)}
    return LAYER_FUNCS[layer](a, b, texts)


def table_rows(result: Agreement) -> list[list]:
    """Rows ``[measure, value, detail]`` for an aligned table."""
    rows = []
    for name, score in result.scores.items():
        if name == "per_type":
            for label, prf in score.items():
                rows.append([f"  {label} (span+type F1)", f"{prf['f1']:.3f}", f"A={prf['n_gold']} B={prf['n_pred']} both={prf['tp']}"])
        elif "f1" in score:
            rows.append(
                [
                    f"{name} F1",
                    f"{score['f1']:.3f}",
                    f"P={score['precision']:.3f} R={score['recall']:.3f} A={score['n_gold']} B={score['n_pred']}",
                ]
            )
        else:
            extra = f" kappa={score['kappa']:.3f}" if "kappa" in score else ""
            rows.append([name, f"{score['rate']:.3f}", f"{score['agree']}/{score['pairs']}{extra}"])
    return rows


HEADLINE = {
    "entities": [
        ("exact_span", "exact-span F1"),
        ("overlap_span", "overlap F1"),
        ("type_on_exact", "type agreement"),
        ("link_on_exact", "entity-link agreement"),
    ],
    "quotes": [
        ("content_exact", "content exact F1"),
        ("content_token_overlap", "content token-overlap F1"),
        ("cue", "cue F1"),
        ("speaker_on_overlap", "speaker agreement"),
        ("kind_on_overlap", "kind agreement"),
    ],
    "dates": [
        ("strict_span", "strict span F1"),
        ("relaxed_span", "relaxed span F1"),
        ("type_on_relaxed", "type agreement"),
        ("value_on_relaxed", "value agreement"),
        ("anchor_per_section", "anchor agreement (sections)"),
    ],
}


def _value(score: dict) -> str:
    if "f1" in score:
        return f"{score['f1']:.3f} ({score['tp']:g} shared of {score['n_gold']} / {score['n_pred']})"
    return f"{score['rate']:.3f} ({score['agree']}/{score['pairs']})"


def markdown_summary(release: Path) -> str:
    """The agreement table printed in the dataset card and the docs: A vs B, A vs C (rules only),
    and the adjudicated gold vs pass A, for every layer whose passes are in the release."""
    from .release import load_documents

    records = {r["id"]: r for r in load_documents(release)}
    lines = ["| layer | measure | A vs B | A vs C (rules only) | gold vs A |", "|---|---|---|---|---|"]
    for layer, measures in HEADLINE.items():
        folder = release / "passes" / layer
        if not (folder / "pass-a.jsonl").is_file():
            continue
        scratch = tempfile.TemporaryDirectory()
        gold_path = Path(scratch.name) / "gold.jsonl"
        with open(gold_path, "w", encoding="utf-8") as handle:
            for doc, record in records.items():
                line = {"id": doc, layer: record[layer]}
                if layer == "dates":
                    line["anchors"] = {s["id"]: s["anchor_date"] for s in record["sections"]}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        try:
            pairs = {}
            for name, (x, y) in {"ab": ("pass-a", "pass-b"), "ac": ("pass-a", "pass-c")}.items():
                if (folder / f"{y}.jsonl").is_file():
                    pairs[name] = agree(layer, folder / f"{x}.jsonl", folder / f"{y}.jsonl", release).scores
            pairs["gold"] = agree(layer, folder / "pass-a.jsonl", gold_path, release).scores
        finally:
            scratch.cleanup()
        for key, label in measures:
            cells = [_value(pairs[p][key]) if p in pairs else "–" for p in ("ab", "ac", "gold")]
            lines.append(f"| {layer} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
