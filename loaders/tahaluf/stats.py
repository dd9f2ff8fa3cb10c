"""Summary statistics of a release: documents, sections, characters and counts per layer and type."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .contract import LAYERS, entity_types, quote_kinds, timex_types


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts per document and in total, keyed for JSON output and tables."""
    per_doc = []
    for rec in records:
        row = {
            "id": rec["id"],
            "publication_date": rec["publication_date"]["value"],
            "sections": len(rec["sections"]),
            "characters": len(rec["text"]),
            **{layer: len(rec[layer]) for layer in LAYERS},
            "entity_types": dict(Counter(m["type"] for m in rec["entities"])),
            "quote_kinds": dict(Counter(q["kind"] for q in rec["quotes"])),
            "date_types": dict(Counter(d["type"] for d in rec["dates"])),
        }
        per_doc.append(row)
    total = {key: sum(r[key] for r in per_doc) for key in ("sections", "characters", *LAYERS)}
    total["documents"] = len(records)
    total["canonical_entities"] = len({m["entity_id"] for rec in records for m in rec["entities"]})
    for key in ("entity_types", "quote_kinds", "date_types"):
        counter: Counter[str] = Counter()
        for r in per_doc:
            counter.update(r[key])
        total[key] = dict(counter)
    return {"documents": per_doc, "total": total}


def tables(summary: dict[str, Any]) -> str:
    """The summary as aligned tables: one for the corpus, one per layer with types by document."""
    from .table import render

    docs, total = summary["documents"], summary["total"]
    out = [
        render(
            ["document", "published", "sections", "characters", *LAYERS],
            [[d["id"], d["publication_date"], d["sections"], d["characters"], *(d[layer] for layer in LAYERS)] for d in docs]
            + [["total", "", total["sections"], total["characters"], *(total[layer] for layer in LAYERS)]],
            title=f"Tahaluf: {total['documents']} documents, {total['canonical_entities']} canonical entities",
        )
    ]
    for key, labels, title in (
        ("entity_types", entity_types(), "Entities per type"),
        ("quote_kinds", quote_kinds(), "Quotes per kind"),
        ("date_types", timex_types(), "Dates per TIMEX3 type"),
    ):
        rows = [[d["id"]] + [d[key].get(label, 0) for label in labels] for d in docs]
        rows.append(["total"] + [total[key].get(label, 0) for label in labels])
        out.append(render(["document", *labels], rows, title=title))
    return "\n\n".join(out)
