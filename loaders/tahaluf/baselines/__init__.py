"""Baseline systems, one per task, each writing a prediction file in the task's JSONL format.

- dates: ``dateparser`` (``search_dates`` with Arabic and English, plus the ``ar-SY`` locale for
  the Levantine month names), matches located in the text, mapped to TIMEX3;
- entities: a leave-one-document-out lexicon (names learned from the other four documents);
- quotes: rules (quotation marks and cue verbs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASELINES = {
    "dates": ("tahaluf.baselines.dates", "dateparser"),
    "entities": ("tahaluf.baselines.lexicon", "leave-one-document-out lexicon"),
    "quotes": ("tahaluf.baselines.quote_rules", "quotation marks and cue verbs"),
}


def run(task: str, records: list[dict[str, Any]], out: Path) -> Path:
    """Run the baseline of ``task`` over ``records`` and write its prediction file to ``out``."""
    import importlib

    module = importlib.import_module(BASELINES[task][0])
    predict: Callable[[dict[str, Any], list[dict[str, Any]]], list[dict[str, Any]]] = module.predict
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as handle:
        for record in records:
            items = predict(record, records)
            handle.write(json.dumps({"id": record["id"], task: items}, ensure_ascii=False) + "\n")
    return out


HEADLINE = {"entities": ("strict", "clitic"), "quotes": ("content_overlap", "end_to_end"), "dates": ("relaxed", "value")}


def markdown(release: Path) -> str:
    """The baselines table of the scoring docs: headline scores, then each task's signature."""
    import tempfile

    from ..release import load_documents
    from ..score import score

    records = load_documents(release)
    lines = ["| task | baseline | measure | P | R | F1 | F1 95% CI |", "|---|---|---|---|---|---|---|"]
    signatures = []
    with tempfile.TemporaryDirectory() as scratch:
        for task, (_, name) in BASELINES.items():
            result = score(task, run(task, records, Path(scratch) / f"{task}.jsonl"), gold=release)
            for mode in HEADLINE[task]:
                r = result["results"][mode]
                low, high = r["interval"]["f1"]
                scores = f"{100 * r['precision']:.2f} | {100 * r['recall']:.2f} | {100 * r['f1']:.2f} | [{100 * low:.2f}, {100 * high:.2f}]"
                lines.append(f"| {task} | {name} | {mode} | {scores} |")
            signatures.append(f"- {task}: `{result['signature']}`")
    return "\n".join(lines) + "\n\nSignatures:\n\n" + "\n".join(signatures)
