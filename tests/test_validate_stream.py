"""The validator's streamed paths give the problems the whole-file paths give, in the same order.

- the files against ``manifest.json`` and ``SHA256SUMS`` read one entry and line at a time
  (:func:`tahaluf.validate.files.stream_files`) against the same checks on the files read whole;
- the consistency warnings found in the first reading (:class:`ConsistencyPass`) against
  :func:`check_consistency` over all documents at once;
- the pieces: the streamed manifest, the count of data files, the hash taken while reading.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path
from unittest import mock

import pytest
from fuzzing import KINDS, mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahaluf import __version__
from tahaluf.release import Line, data_files, iter_jsonl, load_documents, read_manifest, sha256_file, sha256_hasher, write_manifest
from tahaluf.release.manifest import NotPlain, StreamedManifest, count_data_files
from tahaluf.validate import consistency, files, validate_release
from tahaluf.validate.report import Report

from conftest import DATASET, FIXTURES

pytest.importorskip("jsonschema_rs")
TARGETS = ("documents.jsonl", "entities.jsonl", "manifest.json", "SHA256SUMS", "texts/tahaluf-900.txt")


def _problems(release: Path, streamed: bool) -> list[str]:
    if streamed:
        report = validate_release(release)
    else:
        with mock.patch.object(files.FilesCheck, "finish", lambda self, known: None):
            report = validate_release(release)
    return [p.format() for p in report.problems]


def _damage(release: Path, how: str, rnd: random.Random) -> None:
    """Damage the manifest's order or the set of files (what fuzzing.mutate does not do)."""
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    if how == "swap" and len(manifest["files"]) > 1:
        manifest["files"].reverse()
    elif how == "duplicate":
        manifest["files"].append(rnd.choice(manifest["files"]))
    elif how == "drop":
        manifest["files"].pop(rnd.randrange(len(manifest["files"])))
    elif how == "extra":
        (release / rnd.choice(["zz.txt", "texts/a.txt", "notes.md", "texts/sub/b.txt", ".hidden/c.txt"])).parent.mkdir(exist_ok=True)
        for name in ("zz.txt", "texts/a.txt", "notes.md", "texts/sub/b.txt", ".hidden/c.txt"):
            if (release / name).parent.is_dir() and rnd.random() < 0.5:
                (release / name).write_bytes(rnd.choice([b"x\n", b"\xff", b"\xef\xbb\xbfx"]))
        return
    (release / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    st.sampled_from(TARGETS),
    st.sampled_from(KINDS + ("none",)),
    st.integers(0, 10**6),
    st.binary(min_size=1, max_size=8),
    st.sampled_from(["none", "swap", "duplicate", "drop", "extra"]),
    st.booleans(),
)
def test_streamed_files_give_the_problems_of_the_whole_files(tmp_path, target, kind, position, noise, how, remanifest):
    release = tmp_path / "release"
    shutil.rmtree(release, ignore_errors=True)
    shutil.copytree(FIXTURES / "valid", release)
    if how != "none":
        _damage(release, how, random.Random(position))
    if kind != "none":
        path = release / target
        path.write_bytes(mutate(path.read_bytes(), kind, position, noise))
    if remanifest and how == "none" and target not in ("manifest.json", "SHA256SUMS"):
        write_manifest(release, __version__, 1)  # only the damage inside the files is left
    assert _problems(release, True) == _problems(release, False)


def test_the_streamed_path_is_taken_for_a_release_as_built(tmp_path):
    for release in (DATASET, FIXTURES / "valid"):
        assert files.stream_files(release, {}) is not None, release
    release = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", release)
    text = release / "texts" / "tahaluf-900.txt"
    text.write_bytes(text.read_bytes()[:-1] + b"\xff")  # a changed file: the streamed path reports it
    streamed = files.stream_files(release, {})
    assert streamed is not None
    assert [f.code for f in streamed.faults] == ["checksum-mismatch"]
    assert [p.code for p in streamed.encodings.problems] == ["invalid-utf8"]
    (release / "extra.txt").write_text("x", encoding="utf-8")  # an unlisted file: the whole-file path says which
    assert files.stream_files(release, {}) is None


def test_streamed_manifest_reads_what_read_manifest_reads(tmp_path):
    stream = StreamedManifest(DATASET)
    whole = read_manifest(DATASET)
    assert list(stream.entries()) == whole["files"]
    assert {**stream.fields, "files": whole["files"]} == whole
    assert stream.sha256 == sha256_file(DATASET / "manifest.json")
    text = (DATASET / "manifest.json").read_text(encoding="utf-8")
    for bad in ("\ufeff" + text, text + "x", text.replace('"name"', '"version": "1", "name"', 1), '{"files": [1, 2', "[]", "{}"):
        (tmp_path / "manifest.json").write_text(bad, encoding="utf-8")
        with pytest.raises(NotPlain):
            list(StreamedManifest(tmp_path).entries())


def test_count_of_data_files_is_the_length_of_their_list(tmp_path):
    for release in (DATASET, FIXTURES / "valid"):
        assert count_data_files(release) == len(data_files(release))
    release = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", release)
    (release / ".git").mkdir()
    (release / ".git" / "a.txt").write_text("x", encoding="utf-8")
    (release / "texts" / "b.bin").write_text("x", encoding="utf-8")
    (release / "a.").write_text("x", encoding="utf-8")
    os.symlink(release / "texts", release / "linked")
    os.symlink(release / "entities.jsonl", release / "linked.jsonl")
    assert count_data_files(release) == len(data_files(release)) == 4


def test_reading_hashes_the_file():
    digest = sha256_hasher()
    assert len(list(iter_jsonl(DATASET / "documents.jsonl", digest=digest))) == 5
    assert digest.hexdigest() == sha256_file(DATASET / "documents.jsonl")


def _lines(seed: int, count: int, full: int) -> list[Line]:
    """Documents of the release in a random order, the first ``full`` with all their mentions, the
    others with each mention kept at random; one name annotated only from a random line on."""
    rnd = random.Random(seed)
    records = load_documents(DATASET)
    late = rnd.choice([m["text"] for r in records for m in r["entities"]])
    first = rnd.randrange(count)
    lines = []
    for n in range(count):
        record = records[n % len(records)] if n < full else rnd.choice(records)
        keep = [m for m in record["entities"] if (n < full or rnd.random() < 0.8) and (m["text"] != late or n >= first)]
        lines.append(Line("documents.jsonl", n + 1, {"id": record["id"], "text": record["text"], "entities": keep}))
    return lines


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 40), st.integers(0, 10), st.integers(1, 8))
def test_warnings_found_in_the_first_reading_are_those_of_the_whole_search(seed, count, full, quiet):
    lines = _lines(seed, count, full)
    whole = Report("x")
    consistency.check_consistency(DATASET, lines, whole)
    with mock.patch.object(consistency, "QUIET", quiet):
        streamed = consistency.ConsistencyPass(DATASET)
        for line in lines:
            streamed.add(line)
    report = Report("x")
    streamed.finish(lines, report)
    assert [p.format() for p in report.problems] == [p.format() for p in whole.problems]


def test_the_first_reading_searches_once_the_surfaces_are_settled():
    lines = _lines(7, 40, 5)
    with mock.patch.object(consistency, "QUIET", 2):
        streamed = consistency.ConsistencyPass(DATASET)
        for line in lines:
            streamed.add(line)
    assert streamed.since is not None and streamed.since <= 40 and streamed.found
    report = Report("x")
    streamed.finish(lines, report)
    whole = Report("x")
    consistency.check_consistency(DATASET, lines, whole)
    assert len(report.problems) == len(whole.problems) > len(streamed.found)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tahaluf-900", "tahaluf-901", "tahaluf-902"]), st.booleans()), min_size=1, max_size=12))
def test_document_ids_used_again_are_reported_as_with_a_dict(uses):
    from tahaluf.validate import integrity

    record = load_documents(FIXTURES / "valid")[0]
    lines = []
    for n, (doc_id, broken) in enumerate(uses):
        value = json.loads(json.dumps(record))
        value["id"] = doc_id
        if broken:
            value["entities"][0]["text"] += "x"  # a surface-mismatch on the same line
        lines.append(Line("documents.jsonl", n + 1, value))
    whole = Report("x")
    integrity.check_documents(FIXTURES / "valid", lines, None, whole)
    streamed = Report("x")
    ids = integrity.DocumentIds()
    for line in lines:
        ids.add(line.value["id"], line.number)
        integrity.check_document(FIXTURES / "valid", line, None, streamed, None)
    ids.insert_duplicates(lines, streamed)
    assert [p.format() for p in streamed.problems] == [p.format() for p in whole.problems]


def test_an_integer_too_long_to_read_is_invalid_json(tmp_path):
    from conftest import valid_release_with_end

    release = valid_release_with_end(tmp_path, "1" * 5000)
    problems = validate_release(release).problems
    assert [(p.code, p.file, p.line) for p in problems if p.code == "invalid-json"] == [("invalid-json", "documents.jsonl", 1)]
