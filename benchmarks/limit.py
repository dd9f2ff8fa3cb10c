"""The limit pipeline: what ``tahaluf score --task entities`` does, with nothing more than it must.

    python benchmarks/limit.py PRED GOLD

Each file is read once and each line parsed once (orjson); the checks ``tahaluf score`` makes are
made on whole batches with numpy (every prediction's id is a gold id given once, every label is an
entity type, ``0 <= start < end <= len(text)``); the counts come from the same fast core
(:func:`tahaluf.score.entity_core.score_batch`), for the native types and for the CoNLL-2003
view in one pass. Prints the seconds, the peak memory (VmHWM) and the strict F1 as JSON.

It assumes what the real command must check: that the files are well-formed JSON Lines, that the
predictions come in the gold's order, and that nothing is nested. It is the benchmark's baseline,
not a scorer.
"""

from __future__ import annotations

import json
import sys
import time

import numpy as np
import orjson

from tahaluf.contract import entity_types
from tahaluf.mappings import CONLL2003
from tahaluf.score.entities import BATCH, BATCH_SPANS
from tahaluf.score.entity_core import Batch, Labels, score_batch


def run(pred_path: str, gold_path: str) -> dict:
    types = entity_types()
    labels, conll_labels = Labels({t: i for i, t in enumerate(types)}), Labels()
    totals = np.zeros((5, 5), dtype=np.int64)
    conll_totals = np.zeros((5, 5), dtype=np.int64)
    seen: set[str] = set()
    with open(pred_path, "rb") as preds, open(gold_path, "rb") as golds:
        while True:
            batch = Batch(labels, views=((CONLL2003, conll_labels),))
            lengths, ids = [], []
            for gold_line, pred_line in zip(golds, preds):
                gold, pred = orjson.loads(gold_line), orjson.loads(pred_line)
                ids.append((gold["id"], pred["id"]))
                lengths.append(len(gold["text"]))
                batch.add(gold["text"], gold["entities"], pred["entities"])
                if len(lengths) == BATCH or batch.spans >= BATCH_SPANS:  # the scorer's batches
                    break
            if not lengths:
                break
            for gold_id, pred_id in ids:
                if gold_id != pred_id or pred_id in seen:
                    raise SystemExit(f"{pred_path}: document {pred_id} out of order or given twice")
                seen.add(pred_id)
            starts, ends, kinds = (np.array(column, dtype=np.int64) for column in batch.pred[:3])
            limit = np.repeat(np.array(lengths, dtype=np.int64), batch.pred[3])
            if not ((starts >= 0) & (ends > starts) & (ends <= limit)).all() or len(labels) > len(types):
                raise SystemExit(f"{pred_path}: an offset outside its text, or an unknown label")
            (native, _), (conll, _) = score_batch(batch)
            totals += native.sum(axis=0)
            conll_totals += conll.sum(axis=0)
    correct, incorrect, partial, missed, spurious = totals[0].tolist()
    precision = correct / (correct + incorrect + partial + spurious)
    recall = correct / (correct + incorrect + partial + missed)
    return {"strict_f1": 2 * precision * recall / (precision + recall)}


if __name__ == "__main__":
    start = time.perf_counter()
    result = run(sys.argv[1], sys.argv[2])
    result["seconds"] = time.perf_counter() - start
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report the parent's peak
    result["peak_rss_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
    print(json.dumps(result))
