"""Hugging Face loading: every config offline, the card and the script agree, values survive, integrity."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv

import pytest
import yaml

from tahaluf import contract
from tahaluf.integrations.hf import CONFIGS, Tahaluf, VerificationError, data_file, load
from tahaluf.tokens import iob2_labels

from conftest import DATASET, ROOT

os.environ["HF_DATASETS_OFFLINE"] = "1"
LEGACY_VENV = ROOT / ".venv-datasets3"


def card_yaml() -> dict:
    text = (DATASET / "README.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


@pytest.fixture(scope="module")
def current():
    """Every config loaded through the card with the installed datasets."""
    import datasets

    return {c: datasets.load_dataset(str(DATASET), c, split="test") for c in CONFIGS}


def test_card_metadata_names_every_config_and_no_script_in_dataset():
    meta = card_yaml()
    assert meta["language"] == ["ar"] and meta["license"] == "cc-by-4.0"
    for key in ("pretty_name", "task_categories", "task_ids", "size_categories", "annotations_creators", "source_datasets"):
        assert meta[key], key
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    assert [c["config_name"] for c in meta["dataset_info"]] == list(CONFIGS)
    assert not list(DATASET.rglob("*.py"))


def test_every_config_loads_offline_with_declared_row_counts(current, records):
    meta = {c["config_name"]: c for c in card_yaml()["dataset_info"]}
    for config, ds in current.items():
        assert ds.num_rows == meta[config]["splits"][0]["num_examples"] > 0, config
    assert current["documents"]["id"] == [r["id"] for r in records]


def test_class_label_names_equal_the_schema_enums(current):
    feats = current["documents"].features
    assert feats["entities"].feature["type"].names == list(contract.entity_types())
    assert feats["quotes"].feature["kind"].names == list(contract.quote_kinds())
    assert feats["dates"].feature["type"].names == list(contract.timex_types())
    assert feats["sections"].feature["type"].names == list(contract.section_types())
    assert current["entity_catalog"].features["type"].names == list(contract.entity_types())
    assert current["ner"].features["ner_tags"].feature.names == iob2_labels(contract.entity_types())


def test_timex_values_and_anchor_dates_round_trip_as_strings(current, records):
    loaded = current["documents"].to_list()
    checked = 0
    for row, record in zip(loaded, records):
        assert row["publication_date"] == record["publication_date"]
        assert [s["anchor_date"] for s in row["sections"]] == [s["anchor_date"] for s in record["sections"]]
        assert [(d["value"], d["mod"]) for d in row["dates"]] == [(d["value"], d["mod"]) for d in record["dates"]]
        checked += len(row["dates"]) + len(row["sections"])
    assert checked > 100
    dates = current["dates"].to_list()
    assert [[d["value"] for d in row["dates"]] for row in dates] == [[d["value"] for d in r["dates"]] for r in records]
    assert all(isinstance(d["value"], str) for row in dates for d in row["dates"])


def test_documents_config_equals_the_records(current, records):
    feats = current["documents"].features
    ent, quo = feats["entities"].feature, feats["quotes"].feature
    for row, record in zip(current["documents"], records):
        decoded = {
            "entities": [dict(m, type=ent["type"].int2str(m["type"]), level=ent["level"].int2str(m["level"])) for m in row["entities"]],
            "quotes": [
                dict(q, kind=quo["kind"].int2str(q["kind"]), content_form=quo["content_form"].int2str(q["content_form"]))
                for q in row["quotes"]
            ],
            "dates": [dict(d, type=feats["dates"].feature["type"].int2str(d["type"])) for d in row["dates"]],
        }
        for layer, items in decoded.items():
            assert items == record[layer], (record["id"], layer)
        assert row["text"] == record["text"] and row["sha256"] == record["sha256"]


def test_builder_on_current_datasets_yields_the_card_rows(current, tmp_path):
    for config in ("documents", "ner", "entity_catalog"):
        builder = Tahaluf(config_name=config, cache_dir=str(tmp_path))
        builder.download_and_prepare()
        ds = builder.as_dataset(split="test")
        assert ds.features == current[config].features
        assert ds.to_list() == current[config].to_list()


def test_api_load_and_checksum_refusal(tmp_path, current):
    assert load("entities").to_list() == current["entities"].to_list()
    copy = tmp_path / "release"
    shutil.copytree(DATASET, copy)
    target = copy / data_file("quotes")
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(VerificationError, match="data/quotes/test.parquet"):
        load("quotes", release=copy)
    with pytest.raises(ValueError, match="unknown config"):
        load("nope")


def test_builder_refuses_a_modified_documents_file(tmp_path):
    copy = tmp_path / "release"
    shutil.copytree(DATASET, copy)
    docs = copy / "documents.jsonl"
    docs.write_bytes(docs.read_bytes().replace(b'"tahaluf-004"', b'"tahaluf-044"', 1))
    builder = Tahaluf(config_name="entities", data_dir=str(copy), cache_dir=str(tmp_path / "cache"))
    with pytest.raises(Exception, match="documents.jsonl"):
        builder.download_and_prepare()


def _legacy_python() -> str:
    """A virtual environment with datasets<4 and nothing of this package, made once and reused.

    The loading script is self-contained: a user of an older ``datasets`` installs nothing else.
    """
    python = LEGACY_VENV / "bin" / "python"
    stamp = LEGACY_VENV / ".ready-datasets-only"
    if not stamp.is_file():
        shutil.rmtree(LEGACY_VENV, ignore_errors=True)
        venv.EnvBuilder(with_pip=True).create(LEGACY_VENV)
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "datasets>=3,<4"], check=True)
        stamp.write_text("ok\n")
    return str(python)


def test_datasets_3_loads_card_and_script_with_equal_rows_and_features(current, tmp_path):
    python = _legacy_python()
    result = subprocess.run(
        [python, str(ROOT / "tests" / "hf_dump.py"), str(DATASET), str(ROOT / "loaders" / "tahaluf.py"), "--script", "--without-tahaluf"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    legacy = json.loads(result.stdout)
    assert legacy["version"].startswith("3.")
    for config, ds in current.items():
        rows = json.loads(json.dumps(ds.to_list(), ensure_ascii=False, default=str))
        for path in ("card", "script"):
            assert legacy[path][config]["features"] == ds.features._to_yaml_list(), (path, config)
            assert legacy[path][config]["rows"] == rows, (path, config)


def test_current_dump_script_runs():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "hf_dump.py"), str(DATASET), str(ROOT / "loaders" / "tahaluf.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(json.loads(result.stdout)["card"]) == set(CONFIGS)
