"""Speed and memory benchmarks, each measured in one run against a named baseline.

    python benchmarks/run.py [--work /tmp/tahaluf-bench] [--sizes 10000 100000] [--repeat 3] [--format table|json]

Writes ``benchmarks/results.json`` (``--out``) and prints a table. Every ratio divides two numbers
measured in this run, on this machine; times are the best of ``--repeat`` runs (other processes
only ever slow a run down).

1. **Entity scoring core vs nervaluate 1.x** on the small set, both from the same in-memory mention
   dicts: nervaluate's loader (building the ``Evaluator``) and its ``evaluate()`` are timed
   separately and together; Tahaluf's time includes its own reading of the dicts
   (``EntityScores.add_document`` and ``results()``). The counts of the four schemas, overall and
   per type, must be identical.
2. **``tahaluf score --task entities`` end to end vs the limit pipeline** (``benchmarks/limit.py``:
   each file read and parsed once with orjson, the same checks done with numpy, the same fast core),
   each in a fresh process on each set: seconds and peak memory (VmHWM). The scorer runs with its
   defaults except ``bootstrap=None`` (intervals keep one row of counts per section; they are
   measured on the release by ``benchmarks/intervals.py``), once streaming the per-document results
   to a file (``per_document_out``) and once keeping them in the returned result.
3. **``tahaluf validate`` vs a bare JSON parse** of the same files (``json.loads`` and orjson), on a
   synthetic release made from each set, in a fresh process: seconds and peak memory.
4. **``tahaluf --version`` vs starting the interpreter** (``python -c pass``): wall seconds.
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
PEAK = 'next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024'
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would report the parent's peak
SCORE = f"""
import json, sys, time
from tahaluf.score import score
start = time.perf_counter()
if sys.argv[3] == "stream":
    out = open(sys.argv[4], "w", encoding="utf-8")
    sink = lambda doc, figures: out.write(json.dumps({{"id": doc, "results": figures}}, ensure_ascii=False) + "\\n")
    result = score("entities", sys.argv[1], gold=sys.argv[2], nested=True, bootstrap=None, per_document_out=sink)
    out.close()
else:
    result = score("entities", sys.argv[1], gold=sys.argv[2], nested=True, bootstrap=None)
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "peak_rss_mb": {PEAK}, "strict_f1": result["results"]["strict"]["f1"]}}))
"""
VALIDATE = f"""
import json, sys, time
from tahaluf.validate import validate_release
start = time.perf_counter()
report = validate_release(sys.argv[1])
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "peak_rss_mb": {PEAK}, "documents": report.documents,
                  "errors": len(report.errors), "warnings": len(report.warnings)}}))
"""


def best(runs: list[dict]) -> dict:
    """The run with the fewest seconds (its peak memory with it)."""
    return min(runs, key=lambda r: r["seconds"])


def python(*args: str) -> dict:
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def dataset(work: Path, docs: int) -> Path:
    folder = work / f"{docs // 1000}k"
    if not (folder / "pred-entities.jsonl").is_file():
        generate(docs, folder)
    return folder


def versus_nervaluate(folder: Path, repeat: int) -> dict:
    from nervaluate import Evaluator

    from tahaluf.score.entities import SCHEMAS, EntityScores

    gold, pred, texts, ids = [], [], [], []
    with open(folder / "gold" / "documents.jsonl", encoding="utf-8") as g, open(folder / "pred-entities.jsonl", encoding="utf-8") as p:
        for gl, pl in tqdm(zip(g, p), desc="loading the small set", unit="doc"):
            doc = json.loads(gl)
            ids.append(doc["id"])
            texts.append(doc["text"])
            gold.append(sorted(doc["entities"], key=lambda m: (m["start"], m["end"])))
            pred.append(json.loads(pl)["entities"])
    as_nerval = [[{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in doc] for doc in gold]
    pred_nerval = [[{"label": m["type"], "start": m["start"], "end": m["end"] - 1} for m in doc] for doc in pred]
    theirs_runs, ours_runs = [], []
    for _ in tqdm(range(repeat), desc="nervaluate and tahaluf"):
        start = time.perf_counter()
        evaluator = Evaluator(as_nerval, pred_nerval, tags=LABELS, loader="dict")
        loaded = time.perf_counter()
        theirs = evaluator.evaluate()
        done = time.perf_counter()
        theirs_runs.append({"seconds": done - start, "loader": loaded - start, "evaluate": done - loaded})
        start = time.perf_counter()
        ours = EntityScores()
        for doc_id, text, g, p in zip(ids, texts, gold, pred):
            ours.add_document(doc_id, text, g, p)
        results = ours.results()
        ours_runs.append({"seconds": time.perf_counter() - start})
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    fields = ("correct", "incorrect", "partial", "missed", "spurious")
    identical = all(results[s][k] == getattr(theirs["overall"][names[s]], k) for s in SCHEMAS for k in fields) and all(
        getattr(ours.per_type[label][s], k) == getattr(theirs["entities"][label][names[s]], k)
        for label in ours.per_type
        for s in SCHEMAS
        for k in fields
    )
    nerval, tahaluf = best(theirs_runs), best(ours_runs)
    return {
        "documents": len(ids),
        "predictions": sum(len(p) for p in pred),
        "nervaluate_loader_seconds": nerval["loader"],
        "nervaluate_evaluate_seconds": nerval["evaluate"],
        "nervaluate_seconds": nerval["seconds"],
        "tahaluf_seconds": tahaluf["seconds"],
        "speedup": nerval["seconds"] / tahaluf["seconds"],
        "speedup_over_evaluate_alone": nerval["evaluate"] / tahaluf["seconds"],
        "identical": identical,
        "strict_f1": results["strict"]["f1"],
    }


def end_to_end(folder: Path, repeat: int) -> dict:
    pred, gold = str(folder / "pred-entities.jsonl"), str(folder / "gold" / "documents.jsonl")
    sink = str(folder / "per-document.jsonl")
    out = {
        "score_streamed": best([python("-c", SCORE, pred, gold, "stream", sink) for _ in range(repeat)]),
        "score_kept": best([python("-c", SCORE, pred, gold, "keep") for _ in range(repeat)]),
        "limit": best([python(str(HERE / "limit.py"), pred, gold) for _ in range(repeat)]),
    }
    out["ratio_to_limit"] = out["score_streamed"]["seconds"] / out["limit"]["seconds"]
    out["kept_ratio_to_limit"] = out["score_kept"]["seconds"] / out["limit"]["seconds"]
    out["same_f1"] = out["score_streamed"]["strict_f1"] == out["limit"]["strict_f1"] == out["score_kept"]["strict_f1"]
    return out


def make_release(folder: Path) -> Path:
    """A release of the set (records, catalog, texts, manifest) that validates without error."""
    from tahaluf import __version__
    from tahaluf.release import dumps_record, sha256_text, write_manifest

    release = folder / "release"
    if (release / "manifest.json").is_file():
        return release
    (release / "texts").mkdir(parents=True, exist_ok=True)
    anchor = {"value": "2024", "provenance": "stated", "evidence": "synthetic"}
    n = 0
    source, target = folder / "gold" / "documents.jsonl", release / "documents.jsonl"
    with open(source, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
        for line in tqdm(src, desc="making a synthetic release", unit="doc"):
            n += 1
            doc = json.loads(line)
            text = doc["text"]
            record = {
                "id": doc["id"],
                "source_file": f"{doc['id']}.txt",
                "text": text,
                "sha256": sha256_text(text),
                "outlets": [],
                "publication_date": anchor,
                "sections": [{"id": "s01", "type": "body", "start": 0, "end": len(text), "anchor_date": anchor}],
                "entities": [{**m, "level": "NAM"} for m in doc["entities"]],
                "quotes": [],
                "dates": [],
            }
            dst.write(dumps_record(record) + "\n")
            (release / "texts" / f"{doc['id']}.txt").write_text(text, encoding="utf-8")
    catalog = {"entity_id": "x", "type": "PER", "name_en": "X", "name_ar": "س", "aliases": []}
    (release / "entities.jsonl").write_text(json.dumps(catalog) + "\n", encoding="utf-8")
    write_manifest(release, __version__, n)
    return release


def bare_parse(release: Path, loads) -> float:
    start = time.perf_counter()
    for name in ("documents.jsonl", "entities.jsonl"):
        with open(release / name, "rb") as handle:
            for line in handle:
                loads(line)
    loads((release / "manifest.json").read_bytes())
    return time.perf_counter() - start


def validator_vs_json(folder: Path, repeat: int) -> dict:
    import orjson

    release = make_release(folder)
    run = best([python("-c", VALIDATE, str(release)) for _ in range(repeat)])
    json_seconds = min(bare_parse(release, json.loads) for _ in range(repeat))
    orjson_seconds = min(bare_parse(release, orjson.loads) for _ in range(repeat))
    return {
        **run,
        "json_parse_seconds": json_seconds,
        "orjson_parse_seconds": orjson_seconds,
        "ratio": run["seconds"] / json_seconds,
        "ratio_to_orjson": run["seconds"] / orjson_seconds,
    }


def version_time(repeat: int) -> dict:
    def wall(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True)
        return time.perf_counter() - start

    runs = max(repeat, 5)
    version = min(wall("-m", "tahaluf", "--version") for _ in range(runs))
    bare = min(wall("-c", "pass") for _ in range(runs))
    return {"version_seconds": version, "interpreter_seconds": bare, "over_interpreter_seconds": version - bare}


def table(result: dict, sizes: tuple[int, int]) -> str:
    v, small, large = result["versus_nervaluate"], str(sizes[0]), str(sizes[1])
    e, val, s, ver = result["end_to_end"], result["validator"], result["scaling"], result["version"]
    rows = [
        [
            f"nervaluate, {v['documents']} documents: loader + evaluate (s)",
            f"{v['nervaluate_loader_seconds']:.2f} + {v['nervaluate_evaluate_seconds']:.2f}",
        ],
        ["tahaluf entity scoring, same dicts (s)", f"{v['tahaluf_seconds']:.3f}"],
        ["speed-up over nervaluate, loader included / evaluate alone (x)", f"{v['speedup']:.1f} / {v['speedup_over_evaluate_alone']:.1f}"],
        ["identical counts (4 schemas, overall and per type)", "yes" if v["identical"] else "NO"],
    ]
    for n in (small, large):
        rows += [
            [
                f"score, {n} docs, per-document streamed: s / MB",
                f"{e[n]['score_streamed']['seconds']:.2f} / {e[n]['score_streamed']['peak_rss_mb']:.0f}",
            ],
            [
                f"score, {n} docs, per-document kept: s / MB",
                f"{e[n]['score_kept']['seconds']:.2f} / {e[n]['score_kept']['peak_rss_mb']:.0f}",
            ],
            [f"limit pipeline, {n} docs: s / MB", f"{e[n]['limit']['seconds']:.2f} / {e[n]['limit']['peak_rss_mb']:.0f}"],
            [f"score / limit, {n} docs (x)", f"{e[n]['ratio_to_limit']:.2f}"],
        ]
    for n in (small, large):
        rows += [
            [f"validate, {n} docs: s / MB / warnings", f"{val[n]['seconds']:.2f} / {val[n]['peak_rss_mb']:.0f} / {val[n]['warnings']}"],
            [f"bare parse, {n} docs: json / orjson (s)", f"{val[n]['json_parse_seconds']:.2f} / {val[n]['orjson_parse_seconds']:.2f}"],
            [f"validate / bare parse, {n} docs: json / orjson (x)", f"{val[n]['ratio']:.1f} / {val[n]['ratio_to_orjson']:.1f}"],
        ]
    rows += [
        [
            "peak memory ratio, score streamed / kept (large / small)",
            f"{s['score_streamed_rss_ratio']:.2f} / {s['score_kept_rss_ratio']:.2f}",
        ],
        ["peak memory ratio, validate (large / small)", f"{s['validate_rss_ratio']:.2f}"],
        ["tahaluf --version / python -c pass (s)", f"{ver['version_seconds']:.3f} / {ver['interpreter_seconds']:.3f}"],
    ]
    return render(["measure", "value"], rows, title="Tahaluf benchmarks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/tahaluf-bench"))
    parser.add_argument("--sizes", type=int, nargs=2, default=(10000, 100000), metavar=("SMALL", "LARGE"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args()
    sizes = tuple(args.sizes)
    folders = {str(n): dataset(args.work, n) for n in sizes}
    small, large = str(sizes[0]), str(sizes[1])
    result: dict = {"repeat": args.repeat, "version": version_time(args.repeat)}
    result["versus_nervaluate"] = versus_nervaluate(folders[small], args.repeat)
    result["end_to_end"] = {n: end_to_end(f, args.repeat) for n, f in tqdm(folders.items(), desc="tahaluf score")}
    result["validator"] = {n: validator_vs_json(f, args.repeat) for n, f in tqdm(folders.items(), desc="tahaluf validate")}
    e, val = result["end_to_end"], result["validator"]
    result["scaling"] = {
        "documents_ratio": sizes[1] / sizes[0],
        "score_streamed_rss_ratio": e[large]["score_streamed"]["peak_rss_mb"] / e[small]["score_streamed"]["peak_rss_mb"],
        "score_kept_rss_ratio": e[large]["score_kept"]["peak_rss_mb"] / e[small]["score_kept"]["peak_rss_mb"],
        "limit_rss_ratio": e[large]["limit"]["peak_rss_mb"] / e[small]["limit"]["peak_rss_mb"],
        "validate_rss_ratio": val[large]["peak_rss_mb"] / val[small]["peak_rss_mb"],
        "score_time_ratio": e[large]["score_streamed"]["seconds"] / e[small]["score_streamed"]["seconds"],
    }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2) if args.format == "json" else table(result, sizes))


if __name__ == "__main__":
    main()
