"""Summary statistics of a release: documents, sections, characters and counts per layer and type."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .contract import LAYERS, content_forms, entity_types, mention_levels, quote_kinds, timex_types


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
            "entity_levels": dict(Counter(m["level"] for m in rec["entities"])),
            "nested_entities": sum(m["parent"] is not None for m in rec["entities"]),
            "quote_kinds": dict(Counter(q["kind"] for q in rec["quotes"])),
            "quote_forms": dict(Counter(q["content_form"] for q in rec["quotes"])),
            "nested_quotes": sum(q["parent"] is not None for q in rec["quotes"]),
            "date_types": dict(Counter(d["type"] for d in rec["dates"])),
        }
        per_doc.append(row)
    total = {key: sum(r[key] for r in per_doc) for key in ("sections", "characters", *LAYERS, "nested_entities", "nested_quotes")}
    total["documents"] = len(records)
    total["canonical_entities"] = len({m["entity_id"] for rec in records for m in rec["entities"]})
    for key in ("entity_types", "entity_levels", "quote_kinds", "quote_forms", "date_types"):
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
        ("entity_levels", mention_levels(), "Entities per level (NAM name, NOM annotated description)"),
        ("quote_kinds", quote_kinds(), "Quotes per kind"),
        ("quote_forms", content_forms(), "Quotes per content form"),
        ("date_types", timex_types(), "Dates per TIMEX3 type"),
    ):
        rows = [[d["id"]] + [d[key].get(label, 0) for label in labels] for d in docs]
        rows.append(["total"] + [total[key].get(label, 0) for label in labels])
        out.append(render(["document", *labels], rows, title=title))
    rows = [[d["id"], d["nested_entities"], d["nested_quotes"]] for d in docs]
    rows.append(["total", total["nested_entities"], total["nested_quotes"]])
    out.append(render(["document", "nested entities", "nested quotes"], rows, title="Nesting (annotations with a parent)"))
    return "\n\n".join(out)
