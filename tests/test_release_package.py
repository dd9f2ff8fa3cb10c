"""tahaluf.release: files (exact reading, codes set where found), checksums, manifest, layout, staging."""

from __future__ import annotations

import json

import pytest

from tahaluf.release import CONFIGS, ReleaseError, data_file, iter_jsonl, read_jsonl, sha256_bytes, sha256_file, sha256_text
from tahaluf.release.manifest import verify_checksums, verify_files, write_manifest
from tahaluf.release.staging import staged


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b'\xef\xbb\xbf{"a": 1}\n', "bom", 1),
        (b'{"a": 1}\n{"a": "\xff"}\n', "invalid-utf8", 2),
        (b'{"a": 1}\n\n{"a": 2}\n', "invalid-json", 2),
        (b'{"a": 1}\n{"a": \n', "invalid-json", 2),
    ],
)
def test_jsonl_faults_carry_their_code_and_line(tmp_path, data, code, line):
    with pytest.raises(ReleaseError) as err:
        read_jsonl(_write(tmp_path / "x.jsonl", data), "x.jsonl")
    assert (err.value.code, err.value.file, err.value.line) == (code, "x.jsonl", line)


def test_jsonl_reads_lines_with_numbers(tmp_path):
    lines = list(iter_jsonl(_write(tmp_path / "x.jsonl", b'{"a": 1}\n{"a": 2}'), "x.jsonl"))
    assert [(line.number, line.value) for line in lines] == [(1, {"a": 1}), (2, {"a": 2})]
    assert read_jsonl(_write(tmp_path / "e.jsonl", b""), "e.jsonl") == []


def test_sha256_of_bytes_text_and_file(tmp_path):
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # SHA-256("abc"), FIPS 180-2
    assert sha256_bytes(b"abc") == sha256_text("abc") == sha256_file(_write(tmp_path / "f", b"abc")) == abc


def test_layout():
    assert CONFIGS == ("documents", "entities", "quotes", "dates", "entity_catalog", "ner")
    assert data_file("ner") == "data/ner/test.parquet"
    with pytest.raises(ValueError, match="unknown config"):
        data_file("nope")


def test_manifest_round_trip_and_faults(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{}\n", encoding="utf-8")
    manifest = write_manifest(tmp_path, "1.2.3", 0)
    assert [f["path"] for f in manifest["files"]] == ["a.txt", "b.jsonl"]
    assert json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert verify_files(tmp_path, manifest) == [] and verify_checksums(tmp_path, manifest) == []
    (tmp_path / "a.txt").write_text("two", encoding="utf-8")
    (tmp_path / "b.jsonl").unlink()
    faults = verify_files(tmp_path, manifest, ["a.txt", "b.jsonl", "c.txt"])
    assert [(f.code, f.path) for f in faults] == [("checksum-mismatch", "a.txt"), ("missing-file", "b.jsonl"), ("unlisted-file", "c.txt")]
    (tmp_path / "SHA256SUMS").write_text("nonsense\n", encoding="utf-8")
    codes = [(f.code, f.line) for f in verify_checksums(tmp_path, manifest)]
    assert codes == [("checksum-mismatch", 1), ("checksum-mismatch", None), ("checksum-mismatch", None), ("checksum-mismatch", None)]


def test_staged_swaps_on_success_and_discards_on_error(tmp_path):
    release = tmp_path / "rel"
    release.mkdir()
    (release / "f.txt").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with staged(release) as stage:
            (stage / "f.txt").write_text("half", encoding="utf-8")
            raise RuntimeError("stop")
    assert (release / "f.txt").read_text(encoding="utf-8") == "old"
    with staged(release) as stage:
        assert stage != release and (stage / "f.txt").read_text(encoding="utf-8") == "old"
        (stage / "f.txt").write_text("new", encoding="utf-8")
        assert (release / "f.txt").read_text(encoding="utf-8") == "old"  # nothing visible before the swap
    assert (release / "f.txt").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]
