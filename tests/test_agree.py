"""Agreement between annotation passes: reproducible figures, printed exactly as measured."""

from __future__ import annotations

import json

from tahaluf.agree import agree, markdown_summary

from conftest import DATASET, ROOT, run_cli


def _block(path):
    text = path.read_text(encoding="utf-8")
    return text.split("<!-- generated:agreement (tahaluf build) -->\n", 1)[1].split("\n<!-- end:agreement -->", 1)[0]


def test_card_and_docs_print_the_measured_agreement():
    table = markdown_summary(DATASET)
    assert _block(DATASET / "README.md") == table
    assert _block(ROOT / "docs" / "annotation.md") == table
    assert table.count("\n") >= 15


def test_agree_command_reproduces_the_figures():
    result = run_cli("agree", "all", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"entities", "quotes", "dates"}
    table = run_cli("agree", "entities", "--b", "c", "--disagreements")
    assert table.returncode == 0 and "link_on_exact" in table.stdout and "disagreement(s)" in table.stdout


def test_agreement_numbers_on_a_small_example(tmp_path):
    texts = DATASET / "texts"
    text = (texts / "tahaluf-000.txt").read_text(encoding="utf-8")
    start = text.index("إيان مكاري")
    a = [
        {"id": "e1", "start": start, "end": start + 10, "text": "إيان مكاري", "type": "PER", "entity_id": "ian-mccary"},
        {"id": "e2", "start": 0, "end": 7, "text": text[0:7], "type": "PER", "entity_id": "x"},
    ]
    b = [
        {"id": "e1", "start": start, "end": start + 10, "text": "إيان مكاري", "type": "ORG", "entity_id": "ian-mccary"},
        {"id": "e2", "start": 1, "end": 7, "text": text[1:7], "type": "PER", "entity_id": "x"},
    ]
    for name, items in (("a", a), ("b", b)):
        (tmp_path / f"{name}.jsonl").write_text(json.dumps({"id": "tahaluf-000", "entities": items}, ensure_ascii=False) + "\n")
    result = agree("entities", tmp_path / "a.jsonl", tmp_path / "b.jsonl", DATASET)
    assert result.scores["exact_span"]["f1"] == 0.5
    assert result.scores["overlap_span"]["f1"] == 1.0
    assert result.scores["type_on_exact"]["rate"] == 0.0
    assert len(result.disagreements) == 3


def test_missing_pass_file_is_a_clear_error(tmp_path):
    result = run_cli("agree", "quotes", "--b", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2 and "missing" in result.stderr and "Traceback" not in result.stderr
