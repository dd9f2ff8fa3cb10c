"""An interrupted build leaves the previous release valid and nothing behind; the release layer writes nothing outside it."""

from __future__ import annotations

import shutil

import pytest

from conftest import DATASET


def _copy(tmp_path):
    parent = tmp_path / "work"
    parent.mkdir()
    copy = parent / "dataset"
    shutil.copytree(DATASET, copy)
    return copy


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fail_at", ["documents", "parquet", "croissant", "manifest"])
def test_build_killed_midway_leaves_the_previous_release_valid(tmp_path, monkeypatch, fail_at):
    from tahaluf.integrations import build as integration_build
    from tahaluf.integrations import croissant
    from tahaluf.release import build as release_build
    from tahaluf.validate import validate_release

    copy = _copy(tmp_path)
    # a change to a source, so that the interrupted build would have changed documents.jsonl
    quotes = copy / "annotations" / "quotes.jsonl"
    quotes.write_text(quotes.read_text(encoding="utf-8").replace('"kind": "direct"', '"kind": "indirect"', 1), encoding="utf-8")
    before = _snapshot(copy)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed midway")

    if fail_at == "documents":
        real = release_build.write_documents

        def after_first_file(stage):
            real(stage)
            raise KeyboardInterrupt("killed after documents.jsonl")

        monkeypatch.setattr(release_build, "write_documents", after_first_file)
    elif fail_at == "parquet":
        import pyarrow.parquet as pq

        calls = []
        original = pq.write_table

        def second_file_fails(table, path, **kwargs):
            calls.append(path)
            if len(calls) == 2:
                raise KeyboardInterrupt("killed after the first Parquet file")
            return original(table, path, **kwargs)

        monkeypatch.setattr(pq, "write_table", second_file_fails)
    elif fail_at == "croissant":
        monkeypatch.setattr(croissant, "write", killed)
    else:
        monkeypatch.setattr(release_build, "write_manifest", killed)
    with pytest.raises(KeyboardInterrupt):
        integration_build.build(copy)
    assert _snapshot(copy) == before  # not one byte changed
    assert sorted(p.name for p in copy.parent.iterdir()) == ["dataset"]  # no staging folder left behind
    quotes.write_text(DATASET.joinpath("annotations", "quotes.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    report = validate_release(copy)
    assert report.ok, [p.format() for p in report.problems]


def test_a_completed_build_swaps_in_the_new_release(tmp_path):
    from tahaluf.integrations.build import build
    from tahaluf.validate import validate_release

    copy = _copy(tmp_path)
    (copy / "documents.jsonl").write_text("", encoding="utf-8")  # stale
    assert not validate_release(copy).ok
    counts = build(copy)
    assert counts == {"documents": 5, "entities": 5, "quotes": 5, "dates": 5, "entity_catalog": 139, "ner": 184}
    assert (copy / "documents.jsonl").read_bytes() == (DATASET / "documents.jsonl").read_bytes()
    assert validate_release(copy).ok
    assert sorted(p.name for p in copy.parent.iterdir()) == ["dataset"]


def test_release_layer_build_writes_only_inside_the_release(tmp_path):
    from tahaluf.release.build import build

    copy = _copy(tmp_path)
    (copy.parent / "docs").mkdir()
    records = build(copy)
    assert [r["id"] for r in records] == [f"tahaluf-{i:03d}" for i in range(5)]
    assert sorted(p.name for p in copy.parent.iterdir()) == ["dataset", "docs"]
    assert list((copy.parent / "docs").iterdir()) == []
