"""The scorer: exact numbers (cross-checked with nervaluate and seqeval), clear errors, signatures."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tahaluf import __version__
from tahaluf.profiles import whole_words
from tahaluf.score import PredictionError, score
from tahaluf.score.entities import SCHEMAS, EntityScores, clitic_equal
from tahaluf.tokens import outermost, spans_from_tags, units

from conftest import DATASET, run_cli

LABELS = ["PER", "ORG", "GPE", "LOC"]
NERVAL = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def write_pred(path, records, task, mutate=None):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            items = record[task] if task != "entities" else outermost(record[task])
            items = [{k: v for k, v in a.items() if k not in ("id", "parent", "section")} for a in items]
            line = {"id": record["id"], task: items}
            if mutate:
                line = mutate(line)
            if line is not None:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("task", ["entities", "quotes", "dates"])
def test_gold_as_prediction_scores_one(tmp_path, records, task):
    result = score(task, write_pred(tmp_path / "p.jsonl", records, task))
    for mode, values in result["results"].items():
        if mode in ("per_type", "per_document", "conll2003"):
            continue
        assert values["f1"] == pytest.approx(1.0), mode
    assert set(result["results"]["per_document"]) == {r["id"] for r in records}
    assert result["signature"].startswith(f"tahaluf:{__version__}|manifest:") and f"task:{task}" in result["signature"]


def test_json_output_shape(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "dates", mutate=lambda line: {**line, "dates": line["dates"][:-2]})
    result = run_cli("score", "--task", "dates", "--pred", str(pred), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"signature", "task", "results"}
    for mode in ("strict", "relaxed", "type", "value"):
        assert {"precision", "recall", "f1"} <= set(data["results"][mode])
    assert data["results"]["value"]["recall"] < 1.0 and data["results"]["value"]["precision"] == 1.0
    assert set(data["results"]) >= {"per_type", "per_document"}


def test_table_output_prints_the_signature(tmp_path, records):
    result = run_cli("score", "--task", "quotes", "--pred", str(write_pred(tmp_path / "p.jsonl", records, "quotes")))
    assert result.returncode == 0
    assert "signature: tahaluf:" in result.stdout and "content_overlap" in result.stdout


BAD_LINES = {
    "invalid JSON": ('{"id": "tahaluf-000", "entities": [', "invalid JSON"),
    "wrong type": ('{"id": "tahaluf-000", "entities": [{"start": "3", "end": 9, "type": "PER"}]}', "entities[0].start"),
    "unknown label": ('{"id": "tahaluf-000", "entities": [{"start": 3, "end": 9, "type": "PERSON"}]}', "entities[0].type"),
    "missing field": ('{"id": "tahaluf-000", "entities": [{"start": 3, "end": 9}]}', "entities[0]"),
    "unknown id": ('{"id": "tahaluf-999", "entities": []}', "unknown document id"),
    "offset": ('{"id": "tahaluf-000", "entities": [{"start": 3, "end": 99999, "type": "PER"}]}', "entities[0].end"),
    "swapped": ('{"id": "tahaluf-000", "entities": [{"start": 9, "end": 3, "type": "PER"}]}', "entities[0].end"),
    "surface": ('{"id": "tahaluf-000", "entities": [{"start": 0, "end": 7, "text": "xxx", "type": "PER"}]}', "entities[0].text"),
}


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_malformed_prediction_is_named_by_file_line_document_and_field(tmp_path, records, case):
    line, expected = BAD_LINES[case]
    pred = write_pred(tmp_path / "p.jsonl", records, "entities", mutate=lambda x: x if x["id"] != "tahaluf-000" else None)
    with open(pred, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    result = run_cli("score", "--task", "entities", "--pred", str(pred))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{pred}:5 " in result.stderr and expected in result.stderr, result.stderr


def test_bom_empty_and_duplicate_files_are_refused(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "dates")
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + pred.read_bytes())
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    dup = tmp_path / "dup.jsonl"
    dup.write_bytes(pred.read_bytes() + pred.read_bytes().split(b"\n")[0] + b"\n")
    for path, message in ((bom, "byte order mark"), (empty, "empty"), (dup, "already given on line 1")):
        result = run_cli("score", "--task", "dates", "--pred", str(path))
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_missing_document_is_an_error_unless_allowed(tmp_path, records):
    pred = write_pred(tmp_path / "p.jsonl", records, "quotes", mutate=lambda x: None if x["id"] == "tahaluf-002" else x)
    result = run_cli("score", "--task", "quotes", "--pred", str(pred))
    assert result.returncode == 2 and "tahaluf-002" in result.stderr and "missing" in result.stderr
    allowed = run_cli("score", "--task", "quotes", "--pred", str(pred), "--allow-missing", "--format", "json")
    assert allowed.returncode == 0
    data = json.loads(allowed.stdout)
    assert data["missing"] == ["tahaluf-002"] and "tahaluf-002" in allowed.stderr
    assert data["results"]["per_document"]["tahaluf-002"]["content_exact"]["recall"] == 0.0
    assert data["results"]["content_exact"]["recall"] < 1.0


def test_conll_predictions_aligned_to_the_ner_view(tmp_path, records):
    assert run_cli("export", "--format", "conll", "--out", str(tmp_path)).returncode == 0
    conll = tmp_path / "tahaluf.conll"
    result = score("entities", conll)
    assert result["results"]["strict"]["f1"] == 1.0
    lines = conll.read_text(encoding="utf-8").split("\n")
    lines[2] = "XXX\t" + lines[2].split("\t")[1]
    bad = tmp_path / "bad.conll"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PredictionError, match="bad.conll:3 tahaluf-000"):
        score("entities", bad)
    lines = conll.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].split("\t")[0] + "\tI-ORG" if lines[2].endswith("\tO") else lines[3]
    lines[2] = lines[2].split("\t")[0] + "\tO"
    lines[3] = lines[3].split("\t")[0] + "\tI-GPE"
    invalid = tmp_path / "invalid.conll"
    invalid.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(PredictionError, match="not valid IOB2"):
        score("entities", invalid)


def test_signature_changes_with_the_gold(tmp_path, records):
    import shutil

    pred = write_pred(tmp_path / "p.jsonl", records, "dates")
    copy = tmp_path / "release"
    shutil.copytree(DATASET, copy)
    first = score("dates", pred)["signature"]
    assert score("dates", pred, gold=copy)["signature"] == first
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["version"] = "9.9.9"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    assert score("dates", pred, gold=copy)["signature"] != first


def test_clitic_mode_accepts_attached_proclitics():
    text = "قال للتحالف الدولي وبالعراق"
    assert clitic_equal(text, (4, 18), (5, 18))  # للتحالف الدولي vs لتحالف الدولي
    assert clitic_equal(text, (19, 27), (21, 27))  # وبالعراق vs العراق
    assert not clitic_equal(text, (0, 3), (1, 3))
    scores = EntityScores()
    gold = [{"start": 5, "end": 18, "type": "ORG"}, {"start": 21, "end": 27, "type": "GPE"}]
    pred = [{"start": 4, "end": 18, "type": "ORG"}, {"start": 19, "end": 27, "type": "GPE"}]
    scores.add_document("d", text, gold, pred)
    results = scores.results()
    assert results["clitic"]["f1"] == 1.0 and results["strict"]["f1"] == 0.0


# -- cross-checks with nervaluate and seqeval on generated predictions ------------------------


@st.composite
def documents(draw):
    docs = []
    for _ in range(draw(st.integers(1, 4))):
        gold, position = [], 0
        for _ in range(draw(st.integers(0, 12))):
            position += draw(st.integers(0, 6))
            length = draw(st.integers(1, 8))
            gold.append((position, position + length, draw(st.sampled_from(LABELS))))
            if draw(st.booleans()) and length > 2:  # a nested name inside
                gold.append((position + 1, position + length - 1, draw(st.sampled_from(LABELS))))
            position += length
        pred = []
        for g in gold:
            choice = draw(st.integers(0, 5))
            if choice == 0:
                continue
            start = g[0] + draw(st.integers(-2, 2)) if choice == 2 else g[0]
            end = g[1] + draw(st.integers(-2, 2)) if choice == 3 else g[1]
            label = draw(st.sampled_from(LABELS)) if choice == 4 else g[2]
            if end > start >= 0:
                pred.append((start, end, label))
        for _ in range(draw(st.integers(0, 3))):
            start = draw(st.integers(0, position + 5))
            pred.append((start, start + draw(st.integers(1, 6)), draw(st.sampled_from(LABELS))))
        docs.append((sorted(gold, key=lambda s: (s[0], s[1])), draw(st.permutations(pred))))
    return docs


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_four_schemas_equal_nervaluate(docs):
    from nervaluate import Evaluator

    ours = EntityScores()
    for i, (gold, pred) in enumerate(docs):
        text = "x" * 200
        ours.add_document(
            str(i), text, [dict(start=s, end=e, type=t) for s, e, t in gold], [dict(start=s, end=e, type=t) for s, e, t in pred]
        )
    as_nerval = lambda spans: [{"label": t, "start": s, "end": e - 1} for s, e, t in spans]  # noqa: E731
    theirs = Evaluator([as_nerval(g) for g, _ in docs], [as_nerval(p) for _, p in docs], tags=LABELS, loader="dict").evaluate()
    results = ours.results()
    for schema in SCHEMAS:
        mine, other = results[schema], theirs["overall"][NERVAL[schema]]
        for key in ("correct", "incorrect", "partial", "missed", "spurious"):
            assert mine[key] == getattr(other, key), (schema, key)
        assert mine["precision"] == pytest.approx(other.precision) and mine["recall"] == pytest.approx(other.recall)
        assert mine["f1"] == pytest.approx(other.f1)
        for label, counts in ours.per_type.items():
            other_type = theirs["entities"][label][NERVAL[schema]]
            assert counts[schema].as_dict(schema)["correct"] == other_type.correct, (schema, label)
            assert counts[schema].as_dict(schema)["f1"] == pytest.approx(other_type.f1), (schema, label)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_strict_micro_f1_equals_seqeval_on_the_token_view(seed: int):
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2

    from tahaluf.release import load_documents

    rnd = random.Random(seed)
    records = load_documents(DATASET)
    gold_tags, pred_tags = [], []
    scores = EntityScores()
    for record in records:
        pred_spans = []
        for unit in units(record):
            tags = list(unit.tags)
            for i in range(len(tags)):  # perturb: drop, retype or start new spans
                r = rnd.random()
                if r < 0.05:
                    tags[i] = "O"
                elif r < 0.08:
                    tags[i] = rnd.choice(["B-", "I-"]) + rnd.choice(LABELS)
            fixed, previous = [], "O"
            for tag in tags:  # keep IOB2 valid: an I- that does not continue becomes B-
                if tag.startswith("I-") and previous[2:] != tag[2:]:
                    tag = "B-" + tag[2:]
                fixed.append(tag)
                previous = tag
            gold_tags.append(unit.tags)
            pred_tags.append(fixed)
            pred_spans += [{"start": s, "end": e, "type": t} for s, e, t in spans_from_tags(unit.offsets, fixed)]
        # the word view tags whole words: the gold it can express is the outermost mentions on whole words
        gold = whole_words(record["text"], [dict(m) for m in outermost(record["entities"])])
        scores.add_document(record["id"], record["text"], gold, pred_spans)
    expected = f1_score(gold_tags, pred_tags, mode="strict", scheme=IOB2)
    assert scores.results()["strict"]["f1"] == pytest.approx(expected)


def test_worked_examples_of_the_scoring_docs(records):
    from tahaluf.score.dates import DateScores

    text = records[0]["text"]
    assert text[157:167] == "إيان مكاري" and text[210:216] == "العراق" and text[207:216] == "من العراق"
    scores = EntityScores()
    scores.add_document(
        "tahaluf-000",
        text,
        [dict(start=157, end=167, type="PER"), dict(start=210, end=216, type="GPE")],
        [dict(start=157, end=167, type="PER"), dict(start=207, end=216, type="ORG")],
    )
    r = scores.results()
    assert (r["strict"]["correct"], r["strict"]["incorrect"], r["strict"]["f1"]) == (1, 1, 0.5)
    assert (r["exact"]["correct"], r["exact"]["incorrect"]) == (1, 1)
    assert (r["partial"]["correct"], r["partial"]["partial"], r["partial"]["f1"]) == (1, 1, 0.75)
    assert (r["type"]["correct"], r["type"]["incorrect"], r["type"]["f1"]) == (1, 1, 0.5)
    dates = DateScores()
    gold = [dict(start=0, end=22, type="DATE", value="2025-02-18"), dict(start=30, end=38, type="DATE", value="2014")]
    pred = [dict(start=0, end=7, type="DATE", value="2025-02-18"), dict(start=34, end=38, type="DATE", value="2015")]
    dates.add_document("d", "x" * 40, gold, pred)
    d = dates.results()
    assert d["strict"]["f1"] == 0.0 and d["relaxed"]["f1"] == 1.0
    assert d["type"]["accuracy"] == 1.0 and d["value"]["accuracy"] == 0.5 and d["value"]["f1"] == 0.5


def test_baselines_table_in_the_docs_is_fresh():
    from tahaluf.baselines import markdown

    from conftest import ROOT

    doc = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    block = doc.split("<!-- generated:baselines (tahaluf build) -->\n", 1)[1].split("\n<!-- end:baselines -->", 1)[0]
    assert block == markdown(DATASET)


@pytest.mark.parametrize("task", ["entities", "quotes", "dates"])
def test_baseline_command_runs_and_scores(tmp_path, task):
    result = run_cli("baseline", task, "--out", str(tmp_path / "p.jsonl"), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert 0.0 < data["results"][{"entities": "strict", "quotes": "cue", "dates": "relaxed"}[task]]["f1"] < 1.0


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["entities", "quotes", "dates"]),
    st.recursive(
        st.none() | st.booleans() | st.integers(-3, 50) | st.sampled_from(["PER", "ORG", "direct", "DATE", "2024", "x y", "ian-mccary"]),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(
                st.sampled_from(["start", "end", "text", "type", "kind", "value", "mod", "cue", "source", "speaker", "entity_id", "extra"]),
                children,
                max_size=5,
            )
        ),
        max_leaves=12,
    ),
)
def test_fast_path_accepts_only_what_the_schema_accepts(task, items):
    from tahaluf.contract import validator
    from tahaluf.score.predictions import _fast_valid

    line = {"id": "tahaluf-000", task: items if isinstance(items, list) else [items]}
    if _fast_valid(task, line):
        assert list(validator(f"prediction-{task}").iter_errors(line)) == []


def test_package_level_api(tmp_path, records):
    import tahaluf

    pred = write_pred(tmp_path / "p.jsonl", records, "dates")
    assert tahaluf.evaluate("dates", pred)["results"]["value"]["f1"] == 1.0
    import tahaluf.score

    assert tahaluf.score.score("dates", pred, bootstrap=None)["results"]["value"]["f1"] == 1.0
    assert not callable(tahaluf.score)  # the scoring package is a plain package
    assert tahaluf.load("entity_catalog").num_rows == 139


def test_label_mappings_equal_the_guideline_tables():
    import re

    from tahaluf.mappings import TABLES

    from conftest import ROOT

    text = (ROOT / "docs" / "guidelines" / "entities.md").read_text(encoding="utf-8")
    for section, table in TABLES.items():
        body = text.split(f"### {section} ", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        rows = dict(re.findall(r"^\| (PER|NORP|ORG|GPE|LOC|FAC|EVENT|PRODUCT|WEBSITE) \| ([A-Z]+) \|", body, flags=re.M))
        assert rows == table, section
