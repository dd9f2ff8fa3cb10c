"""Scoring and validation benchmarks, measured in one run against named baselines.

    python benchmarks/run.py [--work /tmp/tahaluf-bench] [--sizes 10000 100000] [--format table|json]

1. Entity scorer vs nervaluate (the reference implementation of the SemEval-2013 schemas) on the
   10k set, both on the same in-memory spans: wall-time ratio, and a check that all four schemas'
   counts are identical.
2. ``tahaluf score --task entities --no-per-document`` end to end (validation, streaming,
   scoring) on each set, in a fresh process: wall time and peak memory (RSS, VmHWM). Cost should grow linearly with the documents
   and peak memory should stay nearly flat, because the gold is streamed one document at a time.
3. ``tahaluf validate`` on a synthetic release vs a bare ``json.loads`` of the same files.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tqdm.auto import tqdm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from tahaluf.table import render  # noqa: E402

LABELS = ["PER", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WEBSITE"]
MEASURE = """
import json, sys, time
from tahaluf.score import score
start = time.perf_counter()
# bootstrap=None: this measures the scorer; intervals keep one row of counts per section, so their
# memory grows with the sections (benchmarks/intervals.py measures them on the release)
result = score("entities", sys.argv[1], gold=sys.argv[2], nested=True, per_document=False, bootstrap=None)
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report the parent's peak
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak, "strict_f1": result["results"]["strict"]["f1"]}))
"""


def dataset(work: Path, docs: int) -> Path:
    folder = work / f"{docs // 1000}k"
    if not (folder / "pred-entities.jsonl").is_file():
        generate(docs, folder)
    return folder


def versus_nervaluate(folder: Path) -> dict:
    from nervaluate import Evaluator

    from tahaluf.score.entities import SCHEMAS, EntityScores

    gold, pred, texts, ids = [], [], [], []
    with open(folder / "gold" / "documents.jsonl", encoding="utf-8") as g, open(folder / "pred-entities.jsonl", encoding="utf-8") as p:
        for gl, pl in tqdm(zip(g, p), desc="loading 10k set", unit="doc"):
            doc = json.loads(gl)
            ids.append(doc["id"])
            texts.append(doc["text"])
            gold.append(sorted(doc["entities"], key=lambda m: (m["start"], m["end"])))
            pred.append(json.loads(pl)["entities"])
    as_nerval = [[{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in doc] for doc in gold]
    pred_nerval = [[{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in doc] for doc in pred]
    start = time.perf_counter()
    theirs = Evaluator(as_nerval, pred_nerval, tags=LABELS, loader="dict").evaluate()
    nerval_seconds = time.perf_counter() - start
    start = time.perf_counter()
    ours = EntityScores()
    for doc_id, text, g, p in zip(ids, texts, gold, pred):
        ours.add_document(doc_id, text, g, p)
    results = ours.results()
    ours_seconds = time.perf_counter() - start
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    identical = all(
        results[s][k] == getattr(theirs["overall"][names[s]], k)
        for s in SCHEMAS
        for k in ("correct", "incorrect", "partial", "missed", "spurious")
    ) and all(
        ours.per_type[label][s].correct == theirs["entities"][label][names[s]].correct
        and ours.per_type[label][s].spurious == theirs["entities"][label][names[s]].spurious
        for label in ours.per_type
        for s in SCHEMAS
    )
    return {
        "documents": len(ids),
        "nervaluate_seconds": nerval_seconds,
        "tahaluf_seconds": ours_seconds,
        "speedup": nerval_seconds / ours_seconds,
        "identical": identical,
        "strict_f1": results["strict"]["f1"],
    }


def end_to_end(folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder / "pred-entities.jsonl"), str(folder / "gold" / "documents.jsonl")],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def validator_vs_json(folder: Path) -> dict:
    """Make a release of the set (records, catalog, texts, manifest); time validate vs json.loads."""
    from tahaluf import __version__
    from tahaluf.release import dumps_record, sha256_text, write_manifest
    from tahaluf.validate import validate_release

    release = folder / "release"
    if not (release / "manifest.json").is_file():
        (release / "texts").mkdir(parents=True, exist_ok=True)
        anchor = {"value": "2024", "provenance": "stated", "evidence": "synthetic"}
        with (
            open(folder / "gold" / "documents.jsonl", encoding="utf-8") as src,
            open(release / "documents.jsonl", "w", encoding="utf-8") as dst,
        ):
            for n, line in enumerate(tqdm(src, desc="making a synthetic release", unit="doc")):
                doc = json.loads(line)
                doc_id = f"tahaluf-{n % 1000:03d}" if False else doc["id"]
                text = doc["text"]
                record = {
                    "id": doc_id,
                    "source_file": f"{doc_id}.txt",
                    "text": text,
                    "sha256": sha256_text(text),
                    "outlets": [],
                    "publication_date": anchor,
                    "sections": [{"id": "s01", "type": "body", "start": 0, "end": len(text), "anchor_date": anchor}],
                    "entities": doc["entities"],
                    "quotes": [],
                    "dates": [],
                }
                dst.write(dumps_record(record) + "\n")
                (release / "texts" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (release / "entities.jsonl").write_text(
            json.dumps({"entity_id": "x", "type": "PER", "name_en": "X", "name_ar": "س", "aliases": []}) + "\n", encoding="utf-8"
        )
        write_manifest(release, __version__, n + 1)
    start = time.perf_counter()
    for name in ("documents.jsonl", "entities.jsonl"):
        with open(release / name, encoding="utf-8") as handle:
            for line in handle:
                json.loads(line)
    json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    bare = time.perf_counter() - start
    start = time.perf_counter()
    report = validate_release(release)
    seconds = time.perf_counter() - start
    return {
        "documents": report.documents,
        "errors": len(report.errors),
        "validate_seconds": seconds,
        "json_parse_seconds": bare,
        "ratio": seconds / bare,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tahaluf-bench"))
    parser.add_argument("--sizes", type=int, nargs=2, default=(10000, 100000), metavar=("SMALL", "LARGE"))
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    small, large = (dataset(args.work, n) for n in args.sizes)
    result = {"versus_nervaluate": versus_nervaluate(small)}
    result["end_to_end"] = {str(n): end_to_end(f) for n, f in tqdm(zip(args.sizes, (small, large)), total=2, desc="tahaluf score")}
    e_small, e_large = result["end_to_end"][str(args.sizes[0])], result["end_to_end"][str(args.sizes[1])]
    result["scaling"] = {
        "time_ratio": e_large["seconds"] / e_small["seconds"],
        "rss_ratio": e_large["peak_rss_mb"] / e_small["peak_rss_mb"],
        "documents_ratio": args.sizes[1] / args.sizes[0],
    }
    result["validator"] = validator_vs_json(small)
    if args.format == "json":
        print(json.dumps(result, indent=2))
        return
    v, s, val = result["versus_nervaluate"], result["scaling"], result["validator"]
    print(
        render(
            ["measure", "value"],
            [
                [f"entity scoring, {v['documents']} documents: nervaluate 1.x (s)", f"{v['nervaluate_seconds']:.2f}"],
                ["entity scoring: tahaluf (s)", f"{v['tahaluf_seconds']:.2f}"],
                ["speed-up over nervaluate (x)", f"{v['speedup']:.1f}"],
                ["identical counts (4 schemas, overall and per type)", "yes" if v["identical"] else "NO"],
                *[[f"tahaluf score end to end, {n} documents (s)", f"{e['seconds']:.2f}"] for n, e in result["end_to_end"].items()],
                *[[f"peak RSS, {n} documents (MB)", f"{e['peak_rss_mb']:.0f}"] for n, e in result["end_to_end"].items()],
                [f"time ratio for {s['documents_ratio']:.0f}x the documents", f"{s['time_ratio']:.2f}"],
                ["peak RSS ratio", f"{s['rss_ratio']:.2f}"],
                [f"tahaluf validate, {val['documents']} documents (s)", f"{val['validate_seconds']:.2f}"],
                ["bare JSON parse of the same files (s)", f"{val['json_parse_seconds']:.2f}"],
                ["validate / JSON parse (x)", f"{val['ratio']:.1f}"],
            ],
            title="Tahaluf benchmarks",
        )
    )


if __name__ == "__main__":
    main()
