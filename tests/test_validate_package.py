"""tahaluf.validate: the codes table (and the page generated from it), reports, and checks that went untested."""

from __future__ import annotations

import json
import shutil

import pytest

from tahaluf.validate import CODES, Problem, Report, validate_release
from tahaluf.validate.codes import TABLE_BLOCK, markdown_table

from conftest import FIXTURES, ROOT


def test_docs_table_is_the_generated_codes_table():
    from tahaluf.integrations.card import block

    assert block(ROOT / "docs" / "validation.md", TABLE_BLOCK) == markdown_table()
    assert markdown_table().splitlines()[2] == "| `missing-file` | 1 | A required file (or a file the manifest lists) is absent. |"
    assert len(markdown_table().splitlines()) == 2 + len(CODES) == 39


def test_problem_refuses_an_unknown_code_and_formats_one_line():
    with pytest.raises(ValueError, match="unknown validator code"):
        Problem("no-such-code", "x")
    problem = Problem("surface-mismatch", "a\nb", "documents.jsonl", 3, "tahaluf-900", "e1")
    assert problem.format() == "documents.jsonl:3 tahaluf-900 e1 [L3 surface-mismatch] a\\nb"
    report = Report("r", [problem, Problem("inconsistent-entity", "w")])
    assert (len(report.errors), len(report.warnings), report.ok) == (1, 1, False)
    assert report.as_dict()["problems"][1]["severity"] == "warning"


def _fixture(tmp_path, mutate):
    copy = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", copy)
    path = copy / "documents.jsonl"
    record = json.loads(path.read_text(encoding="utf-8"))
    mutate(record)
    from tahaluf import __version__
    from tahaluf.release import dumps_record, write_manifest

    path.write_text(dumps_record(record) + "\n", encoding="utf-8")
    write_manifest(copy, __version__, 1)
    return copy


def test_one_character_gap_between_sections(tmp_path):
    def gap(record):
        record["sections"][1]["start"] += 1  # s01 ends at 73, s02 now starts at 74

    problems = [p for p in validate_release(_fixture(tmp_path, gap)).problems if p.code == "section-gap"]
    assert [(p.ann, p.message) for p in problems] == [("s02", "text[73:74] belongs to no section")]


def test_three_proclitic_limit_in_the_consistency_check(tmp_path):
    # «واشنطن» annotated once; «فوبلواشنطن» (four letters before) is another word, «وبلواشنطن» (three) is not.
    from tahaluf.release import Line
    from tahaluf.validate.consistency import check_consistency
    from tahaluf.validate.report import Report

    text = "واشنطن وبلواشنطن فوبلواشنطن"
    record = {"id": "tahaluf-900", "text": text, "entities": [{"start": 0, "end": 6, "text": "واشنطن"}]}
    report = Report("r")
    check_consistency(tmp_path, [Line("documents.jsonl", 1, record)], report)
    assert [p.message.split(" is ")[0] for p in report.problems] == ["'واشنطن' at [10, 16)"]


def test_release_error_codes_are_reported_as_set(tmp_path):
    copy = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", copy)
    (copy / "entities.jsonl").write_bytes(b"\xef\xbb\xbf" + (copy / "entities.jsonl").read_bytes())
    codes = {p.code for p in validate_release(copy).problems}
    assert "bom" in codes and "invalid-json" not in codes


def test_archive_fault_codes(tmp_path):
    from tahaluf.release.archive import write_archive
    from tahaluf.validate import validate_archive

    archive = write_archive(FIXTURES / "valid", tmp_path, "1.0.0-dev")
    assert validate_archive(archive).ok
    (tmp_path / f"{archive.name}.sha256").write_text("0" * 64 + "  x\n", encoding="utf-8")
    assert [p.code for p in validate_archive(archive).problems] == ["checksum-mismatch"]
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"not an archive")
    assert [p.code for p in validate_archive(broken).problems] == ["missing-file"]
