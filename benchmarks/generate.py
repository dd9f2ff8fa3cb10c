"""Synthetic Tahaluf-shaped data for the benchmarks, drawn from the gold's distribution.

    python benchmarks/generate.py --docs 10000 --out /tmp/tahaluf-bench/10k

writes ``gold/documents.jsonl`` (documents with text and entity mentions: surfaces and types
sampled from the gold, about 90 mentions a document, filler words sampled from the gold texts)
and ``pred-entities.jsonl`` (the gold perturbed: 10% dropped, 10% boundary shifts, 5% retyped,
5% spurious additions). A fixed seed makes every run identical.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from tqdm.auto import tqdm

from tahaluf.paths import RELEASE_DIR
from tahaluf.release import load_documents
from tahaluf.tokens import outermost

TYPES = ("PER", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WEBSITE")


def vocabulary():
    records = load_documents(RELEASE_DIR)
    mentions = [(m["text"], m["type"]) for r in records for m in outermost(r["entities"])]
    # filler words never end with a word of an annotated surface (nor with its لل form), so no
    # surface occurs in the filler: the validator's consistency check then has nothing to warn about
    surface_words = {w for text, _ in mentions for w in re.findall(r"\w+", text)}
    endings = surface_words | {w[1:] for w in surface_words if w.startswith("ال") and len(w) > 3}
    words = [w for r in records for w in re.findall(r"\w+", r["text"]) if not any(w.endswith(e) for e in endings)]
    return mentions, words


def make_document(rng: random.Random, index: int, mentions, words) -> tuple[dict, list]:
    count = max(20, min(200, int(rng.gauss(90, 25))))
    parts, spans, position = [], [], 0
    for _ in range(count):
        filler = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) + " "
        parts.append(filler)
        position += len(filler)
        surface, label = rng.choice(mentions)
        parts.append(surface + " ")
        spans.append((position, position + len(surface), label))
        position += len(surface) + 1
    text = "".join(parts) + "."
    doc = {
        "id": f"tahaluf-{index:07d}",
        "text": text,
        "entities": [
            {"id": f"e{i + 1}", "start": s, "end": e, "text": text[s:e], "type": t, "entity_id": "x", "parent": None}
            for i, (s, e, t) in enumerate(spans)
        ],
    }
    pred = []
    for s, e, t in spans:
        r = rng.random()
        if r < 0.10:
            continue
        if r < 0.20:
            s = max(0, s + rng.choice((-2, -1, 1)))
            e = min(len(text), max(s + 1, e + rng.choice((-1, 1, 2))))
        elif r < 0.25:
            t = rng.choice(TYPES)
        pred.append({"start": s, "end": e, "type": t})
    for _ in range(int(count * 0.05)):
        s = rng.randrange(0, len(text) - 5)
        pred.append({"start": s, "end": s + rng.randint(2, 5), "type": rng.choice(TYPES)})
    return doc, pred


def generate(docs: int, out: Path, seed: int = 13) -> Path:
    """Write a synthetic gold and prediction file of ``docs`` documents into ``out``."""
    mentions, words = vocabulary()
    rng = random.Random(seed)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    with (
        open(out / "gold" / "documents.jsonl", "w", encoding="utf-8") as gold,
        open(out / "pred-entities.jsonl", "w", encoding="utf-8") as pred,
    ):
        for index in tqdm(range(docs), desc=f"generating {docs} documents", unit="doc"):
            doc, items = make_document(rng, index, mentions, words)
            gold.write(json.dumps(doc, ensure_ascii=False) + "\n")
            pred.write(json.dumps({"id": doc["id"], "entities": items}, ensure_ascii=False) + "\n")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    generate(args.docs, args.out, args.seed)
