"""Cost of the confidence intervals and of the paired tests on the five documents, measured in one
run against the same scoring without intervals.

    python benchmarks/intervals.py [--repeat 5] [--format table|json]

Predictions are the gold with every third item dropped (no optional dependency). For each task:
``score`` without intervals (the baseline), ``score`` with 1,000 bootstrap samples, and the ratio;
then ``compare`` of two systems (1,000 paired bootstrap samples, 10,000 randomization trials).
Times are medians of ``--repeat`` runs in this process; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from tahaluf.paths import RELEASE_DIR
from tahaluf.release import load_documents
from tahaluf.resample import Bootstrap
from tahaluf.score import score
from tahaluf.score.compare import compare
from tahaluf.table import render
from tahaluf.tokens import outermost

HERE = Path(__file__).resolve().parent
TASKS = ("entities", "quotes", "dates")


def write(path: Path, records: list[dict], task: str, step: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            items = outermost(record[task]) if task == "entities" else record[task]
            items = [{k: v for k, v in a.items() if k not in ("id", "parent", "section")} for i, a in enumerate(items) if i % step]
            handle.write(json.dumps({"id": record["id"], task: items}, ensure_ascii=False) + "\n")
    return path


def median_time(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    records = load_documents(RELEASE_DIR)
    settings = Bootstrap(samples=1000)
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for task in TASKS:
            pred = write(Path(scratch) / f"{task}.jsonl", records, task, step=3)
            other = write(Path(scratch) / f"{task}-2.jsonl", records, task, step=2)
            score(task, pred, bootstrap=settings)  # warm up imports and caches
            plain = median_time(partial(score, task, pred, bootstrap=None), args.repeat)
            with_ci = median_time(partial(score, task, pred, bootstrap=settings), args.repeat)
            paired = median_time(partial(compare, task, [pred, other], bootstrap=settings), args.repeat)
            out[task] = {
                "score_without_intervals_s": round(plain, 4),
                "score_with_intervals_s": round(with_ci, 4),
                "intervals_s": round(with_ci - plain, 4),
                "ratio": round(with_ci / plain, 2),
                "compare_two_systems_s": round(paired, 4),
            }
    (HERE / "intervals-results.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    if args.format == "json":
        print(json.dumps(out, indent=2))
        return
    rows = [[task, *(v[k] for k in v)] for task, v in out.items()]
    headers = ["task", "score, no CI (s)", "score, 1,000 samples (s)", "intervals (s)", "ratio", "compare 2 systems (s)"]
    print(render(headers, rows, title="Intervals and paired tests on the five documents (medians)"))


if __name__ == "__main__":
    main()
