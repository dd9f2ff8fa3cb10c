"""Trust: Croissant metadata, fuzzed inputs, no network, safe extraction, tamper-evident archives."""

from __future__ import annotations

import json
import shutil
import socket
import tarfile

import pytest
from fuzzing import RELEASE_FILES, cases, loader_case, scorer_case, validator_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tahaluf
from tahaluf.release import CONFIGS

from conftest import DATASET, FIXTURES, run_cli

SHORT = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# -- Croissant ---------------------------------------------------------------------------------


def test_croissant_validates_and_its_records_match_the_loader():
    import datasets
    import mlcroissant as mlc

    ds = mlc.Dataset(str(DATASET / "croissant.json"))
    assert not ds.metadata.ctx.issues.errors and not ds.metadata.ctx.issues.warnings
    for config in CONFIGS:
        count = sum(1 for _ in ds.records(config))  # reading the records checks each file's sha256
        assert count == datasets.load_dataset(str(DATASET), config, split="test").num_rows, config
    meta = json.loads((DATASET / "croissant.json").read_text(encoding="utf-8"))
    assert meta["@context"]["cr"] == "http://mlcommons.org/croissant/"
    for key in ("rai:dataCollection", "rai:dataAnnotationProtocol", "rai:dataLimitations", "rai:personalSensitiveInformation"):
        assert meta[key]


def test_croissant_refuses_a_modified_file(tmp_path):
    import mlcroissant as mlc

    copy = tmp_path / "release"
    shutil.copytree(DATASET, copy, ignore=shutil.ignore_patterns("passes"))
    target = copy / "data" / "entities" / "test.parquet"
    data = bytearray(target.read_bytes())
    data[100] ^= 1
    target.write_bytes(bytes(data))
    with pytest.raises(Exception) as caught:
        list(mlc.Dataset(str(copy / "croissant.json")).records("entities"))
    chain, error = [], caught.value
    while error is not None:
        chain.append(str(error))
        error = error.__cause__ or error.__context__
    assert any("Hash of downloaded file" in message and "test.parquet" in message for message in chain), chain


# -- no network --------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Fail on any attempt to open a network connection."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args[:2]}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_load_validate_score_and_export_open_no_socket(no_network, tmp_path):
    import datasets

    from tahaluf.export import export
    from tahaluf.integrations.hf import load
    from tahaluf.release import load_documents
    from tahaluf.score import score
    from tahaluf.validate import validate_release

    with pytest.raises(AssertionError, match="network access"):
        socket.create_connection(("127.0.0.1", 9))
    assert validate_release(DATASET).ok
    for config in CONFIGS:
        assert load(config).num_rows > 0
    assert datasets.load_dataset(str(DATASET), "ner", split="test").num_rows == 184
    records = load_documents(DATASET)
    pred = tmp_path / "p.jsonl"
    pred.write_text(
        "".join(
            json.dumps(
                {"id": r["id"], "dates": [{k: v for k, v in d.items() if k not in ("id", "section")} for d in r["dates"]]},
                ensure_ascii=False,
            )
            + "\n"
            for r in records
        )
    )
    assert score("dates", pred)["results"]["value"]["f1"] == 1.0
    for fmt in ("conll", "brat", "timeml", "parquet"):
        assert export(fmt, DATASET, tmp_path / fmt)


# -- archives ----------------------------------------------------------------------------------


def test_release_archive_round_trip_and_tamper_evidence(tmp_path):
    result = run_cli("release", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    archive = next(tmp_path.glob("tahaluf-*.tar.gz"))
    assert (tmp_path / f"{archive.name}.sha256").is_file()
    ok = run_cli("validate", str(archive))
    assert ok.returncode == 0 and "OK: 0 error(s)" in ok.stdout, ok.stdout
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    bad = run_cli("validate", str(archive))
    assert bad.returncode == 1 and "checksum-mismatch" in bad.stdout and "Traceback" not in bad.stderr


def test_release_twice_from_the_same_tree_gives_the_same_bytes(tmp_path):
    import hashlib
    import time

    digests = []
    for run in ("a", "b"):
        if digests:
            time.sleep(1.1)  # a second apart, so a clock in any header (gzip's) would show
        out = tmp_path / run
        result = run_cli("release", "--out", str(out))
        assert result.returncode == 0, result.stderr
        (archive,) = out.glob("tahaluf-*.tar.gz")
        assert archive.name == f"tahaluf-{tahaluf.__version__}.tar.gz"
        digests.append(hashlib.sha256(archive.read_bytes()).hexdigest())
        assert (out / f"{archive.name}.sha256").read_text(encoding="utf-8").split()[0] == digests[-1]
    assert digests[0] == digests[1]


def test_archive_with_a_changed_member_fails_even_with_a_fresh_checksum(tmp_path):
    from tahaluf.release import sha256_file
    from tahaluf.release.archive import write_archive

    copy = tmp_path / "release"
    shutil.copytree(FIXTURES / "valid", copy)
    (copy / "entities.jsonl").write_text((copy / "entities.jsonl").read_text().replace("Reuters", "Reuter"))
    archive = write_archive(copy, tmp_path / "out", "1.0.0-dev")  # the attacker recomputes the archive checksum
    assert (tmp_path / "out" / f"{archive.name}.sha256").read_text().split()[0] == sha256_file(archive)
    result = run_cli("validate", str(archive))
    assert result.returncode == 1 and "checksum-mismatch" in result.stdout


def test_archive_member_outside_the_folder_is_refused(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(payload, arcname="tahaluf-1.0.0/../../escaped.txt")
    result = run_cli("validate", str(archive))
    assert result.returncode == 1 and "unsafe archive member" in result.stdout
    assert not (tmp_path.parent / "escaped.txt").exists()


# -- fuzzing (short profile; benchmarks/fuzz.py runs 10,000 cases per target) -------------------


@SHORT
@given(target=st.sampled_from(RELEASE_FILES), case=cases)
def test_fuzz_validator(tmp_path_factory, target, case):
    validator_case(tmp_path_factory.mktemp("v"), target, case)


@SHORT
@given(task=st.sampled_from(["entities", "quotes", "dates"]), case=cases)
def test_fuzz_scorer(tmp_path_factory, task, case):
    scorer_case(tmp_path_factory.mktemp("s"), task, case)


@SHORT
@given(config=st.sampled_from(list(CONFIGS)), case=cases)
def test_fuzz_loader(tmp_path_factory, config, case):
    loader_case(tmp_path_factory.mktemp("l"), config, case)


def test_yaml_is_read_with_a_safe_loader():
    import re

    from conftest import ROOT

    for path in (ROOT / "loaders").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"yaml\.load\((?![^)]*SafeLoader)", text), path
        assert "yaml.unsafe_load" not in text and "eval(" not in text and "exec(" not in text and "pickle" not in text, path
