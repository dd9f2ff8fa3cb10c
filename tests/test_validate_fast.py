"""The validator's fast paths (the ``fast`` extra) decide exactly as the reference paths do.

- ``jsonschema-rs`` gives ``jsonschema``'s verdict on every record of the fixtures and on fuzzed records;
- the Aho-Corasick consistency search gives the same warnings, in the same order, as the search one
  surface at a time;
- ``orjson`` parses what ``json`` parses, to the same values.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahaluf.contract import conforms, validator
from tahaluf.release import Line, load_documents, loads
from tahaluf.validate import consistency
from tahaluf.validate.report import Report

pytest.importorskip("jsonschema_rs")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASET = Path(__file__).resolve().parents[1] / "dataset"


def _records():
    """(schema name, record) of every parseable record of every fixture release."""
    for folder in sorted((FIXTURES / "invalid").iterdir()) + [FIXTURES / "valid"]:
        for name, schema_name in (("documents.jsonl", "document"), ("entities.jsonl", "catalog")):
            path = folder / name
            if not path.is_file():
                continue
            for raw in path.read_bytes().split(b"\n"):
                try:
                    yield schema_name, json.loads(raw)
                except ValueError:
                    continue
        manifest = folder / "manifest.json"
        if manifest.is_file():
            try:
                yield "manifest", json.loads(manifest.read_bytes())
            except ValueError:
                pass


def test_jsonschema_rs_gives_jsonschemas_verdict_on_the_fixtures():
    verdicts = [(conforms(name, record), validator(name).is_valid(record)) for name, record in _records()]
    assert len(verdicts) > 40
    assert {fast for fast, _ in verdicts} == {True, False}  # both verdicts occur
    assert all(fast == slow for fast, slow in verdicts)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*prefix, i))


def _replace(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replace(value[path[0]], path[1:], new)
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), JSON, st.sampled_from(["replace", "delete", "add"]))
def test_jsonschema_rs_gives_jsonschemas_verdict_on_fuzzed_records(seed, new, how):
    records = load_documents(DATASET)
    rnd = random.Random(seed)
    record = records[seed % len(records)]
    record = {**record, "text": record["text"][:50]}  # keep jsonschema's share of the test short
    for layer in ("entities", "quotes", "dates"):
        record[layer] = record[layer][:3]
    path = rnd.choice(list(_paths(record))[1:])
    parent = path[:-1]
    if how == "replace":
        fuzzed = _replace(record, path, new)
    else:
        container = record
        for key in parent:
            container = container[key]
        if isinstance(container, dict):
            changed = dict(container)
            if how == "delete":
                changed.pop(path[-1])
            else:
                changed["extra_field"] = new
        else:
            changed = list(container)
            if how == "delete":
                del changed[path[-1]]
            else:
                changed.append(new)
        fuzzed = _replace(record, parent, changed)
    assert conforms("document", fuzzed) == validator("document").is_valid(fuzzed)


def test_consistency_search_in_one_pass_equals_the_search_one_surface_at_a_time(monkeypatch):
    records = load_documents(DATASET)
    rnd = random.Random(3)
    lines = [
        Line("documents.jsonl", n + 1, {**r, "entities": [m for m in r["entities"] if rnd.random() < 0.6]}) for n, r in enumerate(records)
    ]
    surfaces = {m["text"] for r in records for m in r["entities"]}
    fast = Report("x")
    consistency.check_consistency(DATASET, lines, fast, surfaces)
    monkeypatch.setattr(consistency, "_automaton", lambda keys: None)
    slow = Report("x")
    consistency.check_consistency(DATASET, lines, slow, surfaces)
    assert len(fast.problems) > 50  # dropping 40% of the mentions leaves many names unannotated
    assert [p.format() for p in fast.problems] == [p.format() for p in slow.problems]


def test_consistency_finds_a_name_after_proclitics_and_in_its_lam_lam_form():
    text = "قال التحالف ثم وبالتحالف ثم للتحالف ثم التحالفات"
    record = {"id": "d", "text": text, "entities": [{"start": 4, "end": 11, "text": "التحالف"}]}
    report = Report("x")
    consistency.check_consistency(DATASET, [Line("documents.jsonl", 1, record)], report)
    found = [(p.message.split(" at ")[0], p.message.split(" at ")[1].split(")")[0] + ")") for p in report.problems]
    # وبالتحالف: after two proclitics at 17; للتحالف: the لل form لتحالف at 29 (للتحالف starts at 28); التحالفات is another word
    assert found == [("'التحالف'", "[17, 24)"), ("'لتحالف'", "[29, 35)")]


@pytest.mark.parametrize("raw", ['{"a": NaN}', '{"a": 18446744073709551615}', '{"a": "\\ud800"}', "[1.5, -0.0, 1e308]"])
def test_loads_gives_the_values_json_gives(raw):
    assert repr(loads(raw)) == repr(json.loads(raw))


def test_loads_refuses_what_json_refuses_as_too_deep():
    with pytest.raises(RecursionError):
        loads("[" * 5000 + "]" * 5000)


def test_an_offset_beyond_64_bits_is_refused_with_the_same_codes_by_both_parsers(tmp_path, monkeypatch):
    import tahaluf.release.files as files
    from tahaluf.validate import validate_release

    from conftest import valid_release_with_end

    release = valid_release_with_end(tmp_path, "123456789012345678901234567890")
    fast = validate_release(release).codes()
    monkeypatch.setattr(files, "_ORJSON", None)
    assert validate_release(release).codes() == fast
    assert fast["offset-out-of-range"] == 1
