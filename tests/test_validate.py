"""The validator accepts the release and rejects one fixture per error code with that code."""

from __future__ import annotations

import json
import re

import pytest

from tahaluf.validate import CODES, validate_release

from conftest import DATASET, FIXTURES, ROOT, run_cli

LINE = re.compile(r"^\S+:(\d+|-) \S+ \S+ \[L[1-4] [a-z0-9-]+\] .+$")
INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def test_bundled_release_is_valid_with_no_warnings():
    report = validate_release(DATASET)
    assert report.documents == 5
    assert [p.format() for p in report.problems] == []


def test_cli_validate_exits_zero_on_the_release():
    result = run_cli("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("document(s) checked in " + str(DATASET))
    assert "OK: 0 error(s)" in result.stdout


def test_valid_fixture_passes():
    result = run_cli("validate", str(FIXTURES / "valid"))
    assert result.returncode == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_at_least_fifteen_distinct_faults_and_every_error_code_has_a_fixture():
    error_codes = {code for code, (level, _) in CODES.items() if level < 4}
    assert set(INVALID) == error_codes
    assert len(INVALID) >= 15


@pytest.mark.parametrize("code", INVALID)
def test_fixture_is_rejected_with_its_code(code):
    result = run_cli("validate", str(FIXTURES / "invalid" / code))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    problems = [line for line in result.stdout.splitlines() if "[L" in line and "]" in line and not line.startswith(" ")]
    assert problems, output
    for line in problems:
        assert LINE.match(line), line
    assert any(f" {code}] " in line for line in problems), output
    assert result.stdout.rstrip().splitlines()[-1].startswith("FAILED: ")


@pytest.mark.parametrize("code", ["surface-mismatch", "invalid-json", "dangling-entity-id"])
def test_json_output_names_file_line_and_code(code):
    result = run_cli("validate", str(FIXTURES / "invalid" / code), "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    hits = [p for p in data["problems"] if p["code"] == code]
    assert hits and all(p["file"] != "-" and p["line"] is not None for p in hits)
    assert data["errors"] >= 1


def test_problem_lines_name_document_and_annotation():
    result = run_cli("validate", str(FIXTURES / "invalid" / "surface-mismatch"))
    line = next(x for x in result.stdout.splitlines() if "surface-mismatch]" in x)
    assert line.startswith("documents.jsonl:1 tahaluf-900 e1 [L3 surface-mismatch] ")


def test_missing_release_folder_is_a_clear_error(tmp_path):
    result = run_cli("validate", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "[L1 missing-file]" in result.stdout and "Traceback" not in result.stderr


def _one_doc_release(folder, text, entities, exceptions=None):
    from tahaluf import __version__
    from tahaluf.release import dumps_record, sha256_text, write_manifest

    anchor = {"value": "2024", "provenance": "stated", "evidence": "test"}
    record = {
        "id": "tahaluf-901",
        "source_file": "t.txt",
        "text": text,
        "sha256": sha256_text(text),
        "outlets": [],
        "publication_date": anchor,
        "sections": [{"id": "s01", "type": "body", "start": 0, "end": len(text), "anchor_date": anchor}],
        "entities": entities,
        "quotes": [],
        "dates": [],
    }
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "tahaluf-901.txt").write_text(text, encoding="utf-8")
    (folder / "documents.jsonl").write_text(dumps_record(record) + "\n", encoding="utf-8")
    catalog = {"entity_id": "washington", "type": "GPE", "name_en": "Washington", "name_ar": "واشنطن", "aliases": ["واشنطن"]}
    (folder / "entities.jsonl").write_text(json.dumps(catalog, ensure_ascii=False) + "\n", encoding="utf-8")
    if exceptions:
        (folder / "annotations").mkdir()
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in exceptions)
        (folder / "annotations" / "consistency-exceptions.jsonl").write_text(lines, encoding="utf-8")
    write_manifest(folder, __version__, 1)


def test_inconsistent_entity_is_a_warning_and_exceptions_silence_it(tmp_path):
    text = "زار بايدن واشنطن ثم عاد لواشنطن.\n"
    first = text.index("واشنطن")
    mention = {
        "id": "e1",
        "start": first,
        "end": first + 6,
        "text": "واشنطن",
        "type": "GPE",
        "level": "NAM",
        "entity_id": "washington",
        "parent": None,
    }
    _one_doc_release(tmp_path / "a", text, [mention])
    result = run_cli("validate", str(tmp_path / "a"))
    assert result.returncode == 0, result.stdout
    second = text.index("لواشنطن") + 1
    assert f"[L4 inconsistent-entity] 'واشنطن' at [{second}, {second + 6})" in result.stdout
    assert "0 error(s), 1 warning(s)" in result.stdout

    exception = {"id": "tahaluf-901", "start": second, "text": "واشنطن", "reason": "test"}
    _one_doc_release(tmp_path / "b", text, [mention], exceptions=[exception])
    assert validate_release(tmp_path / "b").problems == []


def test_proclitic_occurrence_is_found(tmp_path):
    from tahaluf.clitics import occurrences as _occurrences

    text = "زار بايدن واشنطن ثم عاد لواشنطن وبواشنطن لكنه لم يزر واشنطنية"
    found = list(_occurrences(text, "واشنطن"))
    assert [text[i - 2 : i + 6] for i in found] == ["ن واشنطن", " لواشنطن", "وبواشنطن"]


def test_validation_doc_lists_every_code():
    doc = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (\d) \|", doc, flags=re.M))
    assert {code: str(level) for code, (level, _) in CODES.items()} == rows


def test_lam_contraction_occurrence_is_found():
    from tahaluf.clitics import all_occurrences as _all_occurrences

    text = "قال التحالف الدولي ثم دعا وللتحالف الدولي لكن لتحالف جديد"
    found = list(_all_occurrences(text, "التحالف الدولي"))
    assert found == [(4, "التحالف الدولي"), (text.index("لتحالف الدولي", 10), "لتحالف الدولي")]
