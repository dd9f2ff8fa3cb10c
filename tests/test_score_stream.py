"""Per-document results streamed while scoring (``per_document_out``, ``--per-document-out``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tahaluf.release import load_documents
from tahaluf.score import score
from tahaluf.tokens import outermost

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "dataset"


def _predictions_without_the_first_mention(path: Path) -> dict[str, int]:
    """Each document's outermost gold mentions but the first; returns how many are kept per document."""
    kept = {}
    with open(path, "w", encoding="utf-8") as handle:
        for record in load_documents(DATASET):
            mentions = outermost(record["entities"])[1:]
            kept[record["id"]] = len(mentions)
            items = [{"start": m["start"], "end": m["end"], "type": m["type"]} for m in mentions]
            handle.write(json.dumps({"id": record["id"], "entities": items}, ensure_ascii=False) + "\n")
    return kept


def test_streamed_documents_carry_the_counts_and_are_not_kept(tmp_path):
    pred = tmp_path / "pred.jsonl"
    kept = _predictions_without_the_first_mention(pred)
    streamed: dict[str, dict] = {}
    result = score("entities", pred, bootstrap=None, per_document_out=lambda doc, figures: streamed.__setitem__(doc, figures))
    assert result["results"]["per_document"] == {}
    assert set(streamed) == set(kept)
    for doc, count in kept.items():
        strict = streamed[doc]["strict"]
        assert (strict["correct"], strict["missed"], strict["spurious"], strict["gold"]) == (count, 1, 0, count + 1)
        assert strict["precision"] == 1.0


def test_the_command_writes_one_line_per_document(tmp_path):
    pred = tmp_path / "pred.jsonl"
    kept = _predictions_without_the_first_mention(pred)
    out = tmp_path / "docs.jsonl"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tahaluf",
            "score",
            "--task",
            "entities",
            "--pred",
            str(pred),
            "--per-document-out",
            str(out),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {line["id"]: line["results"]["exact"]["correct"] for line in lines} == kept
    assert json.loads(run.stdout)["results"]["per_document"] == {}
