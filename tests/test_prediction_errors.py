"""Errors in prediction files: the true count, the fix, one rule for line endings and blank lines."""

from __future__ import annotations

import json

from conftest import run_cli


def _gold_lines(records, task):
    drop = ("id", "parent", "section", "level", "content_form")
    return [
        json.dumps({"id": r["id"], task: [{k: v for k, v in x.items() if k not in drop} for x in r[task]]}, ensure_ascii=False)
        for r in records
    ]


def test_the_count_is_the_true_one_and_the_rest_is_announced(tmp_path, records):
    lines = [json.dumps({"id": r["id"], "entities": []}) for r in records]
    lines[0] = json.dumps({"id": records[0]["id"], "entities": [{"start": 0, "end": 1, "type": "PERSON"}] * 68})
    pred = tmp_path / "p.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("score", "--task", "entities", "--pred", str(pred))
    assert result.returncode == 2
    err = result.stderr.splitlines()
    assert err[0] == "error: the prediction file cannot be scored (68 problems; the first 50 are listed):"
    assert sum(line.startswith(f"  {pred}:1 ") for line in err) == 50
    assert "  ... and 18 more" in err
    assert "Traceback" not in result.stderr


def test_a_conll_file_not_named_conll_gets_one_line_and_a_hint(tmp_path, records):
    assert run_cli("export", "--format", "conll", "--out", str(tmp_path)).returncode == 0
    pred = tmp_path / "predictions.txt"
    pred.write_text((tmp_path / "tahaluf.conll").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("score", "--task", "entities", "--pred", str(pred))
    assert result.returncode == 2
    assert "(1 problem)" in result.stderr and "--pred-format conll" in result.stderr
    assert run_cli("score", "--task", "entities", "--pred", str(pred), "--pred-format", "conll").returncode == 0


def test_a_json_array_gets_a_hint_about_json_lines(tmp_path, records):
    pred = tmp_path / "p.json"
    pred.write_text(json.dumps([json.loads(line) for line in _gold_lines(records, "dates")], ensure_ascii=False), encoding="utf-8")
    result = run_cli("score", "--task", "dates", "--pred", str(pred))
    assert result.returncode == 2 and "(1 problem)" in result.stderr and "JSON Lines is expected" in result.stderr


def test_an_empty_conll_file_says_so_once(tmp_path):
    pred = tmp_path / "empty.conll"
    pred.write_text("", encoding="utf-8")
    result = run_cli("score", "--task", "entities", "--pred", str(pred))
    assert result.returncode == 2
    assert "the file is empty" in result.stderr and "(1 problem)" in result.stderr


def test_missing_documents_are_listed_once_each(tmp_path, records):
    pred = tmp_path / "p.jsonl"
    pred.write_text(_gold_lines(records, "dates")[0] + "\n", encoding="utf-8")
    result = run_cli("score", "--task", "dates", "--pred", str(pred))
    assert result.returncode == 2
    for record in records[1:]:
        assert result.stderr.count(record["id"]) == 1, record["id"]
    assert "4 documents are missing" in result.stderr and "--allow-missing" in result.stderr


def test_crlf_and_blank_lines_follow_one_rule(tmp_path, records):
    lines = _gold_lines(records, "quotes")
    variants = {
        "lf.jsonl": "\n".join(lines) + "\n",
        "crlf.jsonl": "\r\n".join(lines) + "\r\n",
        "blank.jsonl": "\n".join(lines) + "\n\n\n",
        "inner-blank.jsonl": "\n\n".join(lines),
    }
    outputs = set()
    for name, content in variants.items():
        (tmp_path / name).write_bytes(content.encode("utf-8"))
        result = run_cli("score", "--task", "quotes", "--pred", str(tmp_path / name), "--format", "json")
        assert result.returncode == 0, (name, result.stderr)
        outputs.add(json.dumps(json.loads(result.stdout)["results"], sort_keys=True))
    assert len(outputs) == 1


def test_every_command_that_reads_a_release_spells_the_option_the_same_way():
    for command in ("validate", "build", "release", "stats", "score", "baseline", "export", "agree"):
        result = run_cli(command, "--help")
        assert result.returncode == 0, command
        assert "--release DIR" in result.stdout, command
        assert "--gold" not in result.stdout and "--path" not in result.stdout, command


def test_old_spellings_still_work(tmp_path):
    assert run_cli("stats", "--release", "dataset", "--format", "json").returncode == 0
    assert run_cli("stats", "dataset", "--format", "json").returncode == 0
    assert run_cli("stats", "--path", "dataset", "--format", "json").returncode == 0
