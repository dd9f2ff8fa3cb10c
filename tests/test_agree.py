"""Agreement study: hand-computed measures, the pass reader, the command's table and JSON, the card."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tahaluf.agree import PassError, markdown, markdown_summary, run, tables
from tahaluf.agree.measures import bcubed_measure, ceafe_measure, kappa_measure
from tahaluf.resample import Bootstrap

from conftest import DATASET, ROOT, run_cli

SMALL = Bootstrap(samples=200, seed=7)


def _block(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("<!-- generated:agreement (tahaluf build) -->\n", 1)[1].split("\n<!-- end:agreement -->", 1)[0]


def _release(tmp_path: Path) -> Path:
    """A release with the bundled texts and gold and an empty study folder."""
    release = tmp_path / "release"
    (release / "passes" / "study").mkdir(parents=True)
    shutil.copytree(DATASET / "texts", release / "texts")
    shutil.copy(DATASET / "documents.jsonl", release / "documents.jsonl")
    return release


def _write(release: Path, layer: str, name: str, lines: list[dict]) -> Path:
    folder = release / "passes" / "study" / layer
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _gold_pass(layer: str, rename: str = "") -> list[dict]:
    """The gold of a layer in the pass format (parents dropped, ids and speakers optionally prefixed)."""
    out = []
    for line in (DATASET / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        items = []
        for item in record[layer]:
            item = {k: v for k, v in item.items() if k not in ("id", "section")}
            if "parent" in item:
                item["parent"] = None
            if item.get("entity_id"):
                item["entity_id"] = rename + item["entity_id"]
            if item.get("speaker"):
                item["speaker"] = rename + item["speaker"]
            items.append(item)
        row = {"id": record["id"], layer: items}
        if layer == "dates":
            row["anchors"] = {s["id"]: s["anchor_date"]["value"] for s in record["sections"]}
        out.append(row)
    return out


def _measures(result: dict, layer: str, comparison: str = "1 vs 2") -> dict[str, dict]:
    return {name: m[comparison] for name, m in result["layers"][layer]["measures"].items()}


# Measures against textbook examples


def test_kappa_textbook_example():
    # Cohen's kappa, the two-rater yes/no example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    # p_o = 35/50 = 0.7; p_e = (25*30 + 25*20) / 50**2 = 0.5; kappa = (0.7 - 0.5) / 0.5 = 0.4.
    pairs = [(0, "yes", "yes")] * 20 + [(0, "yes", "no")] * 5 + [(1, "no", "yes")] * 10 + [(1, "no", "no")] * 15
    result = kappa_measure(2, pairs).evaluate(SMALL)
    assert result["value"] == pytest.approx(0.4)
    assert result["observed"] == pytest.approx(0.7)


def test_kappa_with_one_label_and_full_agreement_is_one():
    assert kappa_measure(1, [(0, "clause", "clause")] * 3).evaluate(SMALL)["value"] == 1.0


def test_bcubed_and_ceafe_hand_example():
    # key {a,b,c} {d,e}; response {a,b} {c,d,e}.
    # B-cubed recall = (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 11/15, precision = (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = 11/15.
    # CEAF-e: phi4(K1,R1) = 2*2/5 = 0.8, phi4(K2,R2) = 2*2/5 = 0.8 is the best alignment; F1 = 2*1.6 / (2 + 2) = 0.8.
    key = {"a": "K1", "b": "K1", "c": "K1", "d": "K2", "e": "K2"}
    response = {"a": "R1", "b": "R1", "c": "R2", "d": "R2", "e": "R2"}
    items = [(i, key[m], response[m]) for i, m in enumerate("abcde")]
    assert bcubed_measure(5, items).evaluate(SMALL)["value"] == pytest.approx(11 / 15)
    assert ceafe_measure(5, items).evaluate(SMALL)["value"] == pytest.approx(0.8)


def test_bcubed_textbook_bagga_baldwin_split():
    # Bagga & Baldwin (1998): key {1..5} {6,7} {8..12}; response merges the last two: {1..5} {6..12}.
    # Recall is 1. Precision = (5*1 + 2*(2/7) + 5*(5/7)) / 12 = (5 + 29/7) / 12 = 64/84.
    key = ["A"] * 5 + ["B"] * 2 + ["C"] * 5
    response = ["X"] * 5 + ["Y"] * 7
    items = [(i, k, r) for i, (k, r) in enumerate(zip(key, response))]
    precision, recall = 64 / 84, 1.0
    assert bcubed_measure(12, items).evaluate(SMALL)["value"] == pytest.approx(2 * precision * recall / (precision + recall))


def test_bcubed_bootstrap_averages_fixed_mention_shares():
    items = [(0, "K1", "R1"), (0, "K1", "R1"), (1, "K1", "R2"), (1, "K2", "R2")]
    measure = bcubed_measure(2, items)
    # On all mentions: K1 = {m1, m2, m3}, K2 = {m4}; R1 = {m1, m2}, R2 = {m3, m4}.
    # recall shares (shared / |K|): 2/3, 2/3, 1/3, 1 -> 8/3 over 4 mentions = 2/3
    # precision shares (shared / |R|): 1, 1, 1/2, 1/2 -> 3 over 4 = 3/4; F1 = 2 * (2/3) * (3/4) / (17/12) = 12/17
    value = measure.statistic(measure.counts.sum(axis=0, keepdims=True))[0]
    assert value == pytest.approx(12 / 17)
    weights = np.array([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    values = measure.statistic(weights @ measure.counts)
    # section 0 twice: shares 2/3, 2/3 and 1, 1 -> R 2/3, P 1, F1 0.8; section 1 twice: R (1/3 + 1) / 2 = 2/3, P 1/2, F1 4/7
    assert values[0] == pytest.approx(0.8)
    assert values[1] == pytest.approx(4 / 7)
    assert values[2] == pytest.approx(value)
    evaluated = measure.evaluate(SMALL)
    assert evaluated["low"] <= evaluated["value"] <= evaluated["high"]


# Whole-pass properties


@pytest.fixture(scope="module")
def gold_release(tmp_path_factory):
    release = _release(tmp_path_factory.mktemp("gold"))
    for layer in ("entities", "quotes", "dates"):
        for name in ("pass-1.jsonl", "pass-2.jsonl"):
            _write(release, layer, name, _gold_pass(layer))
    return release


def test_a_pass_compared_with_itself_and_the_gold_gives_one_with_a_degenerate_interval(gold_release):
    result = run(gold_release, settings=SMALL)
    for layer, data in result["layers"].items():
        assert data["status"] == "measured" and data["problems"] == [], layer
        for name, measure in data["measures"].items():
            for comparison in result["comparisons"]:
                score = measure[comparison]
                assert (score["value"], score["low"], score["high"]) == (1.0, 1.0, 1.0), (layer, name, comparison)
        assert data["disagreement_count"] == 0


def _rename(lines: list[dict], layer: str) -> list[dict]:
    """The same pass with every entity id and speaker slug given another name."""
    lines = json.loads(json.dumps(lines))
    for line in lines:
        for item in line[layer]:
            for key in ("entity_id", "speaker"):
                if item.get(key):
                    item[key] = f"other-name-{len(item[key])}-{item[key][::-1]}"
    return lines


def test_renaming_every_id_of_one_side_changes_nothing(tmp_path):
    release = _release(tmp_path)
    perturbed = {}
    for layer, key in (("entities", "entity_id"), ("quotes", "speaker")):
        # pass 2: the first item of each document dropped, two entities (speakers) merged into one
        two = _gold_pass(layer)
        for line in two:
            line[layer] = line[layer][1:]
            for item in line[layer]:
                if item.get(key) in ("iraq", "myles-caggins"):
                    item[key] = {"iraq": "isis", "myles-caggins": "ian-mccary"}[item[key]]
        perturbed[layer] = two
        _write(release, layer, "pass-1.jsonl", _gold_pass(layer))
        _write(release, layer, "pass-2.jsonl", two)
    before = run(release, layers=("entities", "quotes"), settings=SMALL)
    for layer, two in perturbed.items():
        _write(release, layer, "pass-2.jsonl", _rename(two, layer))
    after = run(release, layers=("entities", "quotes"), settings=SMALL)
    assert after["layers"] == before["layers"]
    assert _measures(before, "entities")["link_bcubed_f1"]["value"] < 1.0  # the merge is seen, under any names
    assert _measures(before, "quotes")["speaker_accuracy"]["value"] < 1.0


def test_a_missing_mention_lowers_recall_by_one_over_the_gold_count(tmp_path, records):
    release = _release(tmp_path)
    one = _gold_pass("entities")
    del one[2]["entities"][5]
    _write(release, "entities", "pass-1.jsonl", one)
    _write(release, "entities", "pass-2.jsonl", _gold_pass("entities"))
    n = sum(len(r["entities"]) for r in records)
    score = _measures(run(release, layers=("entities",), settings=SMALL), "entities", "1 vs gold")["exact_span_f1"]
    assert score["recall"] == pytest.approx((n - 1) / n)
    assert score["precision"] == 1.0
    assert score["value"] == pytest.approx(2 * (n - 1) / (2 * n - 1))
    assert score["low"] < score["value"] <= score["high"] == 1.0


# Hand-made passes, every measure


def test_entity_measures_on_a_small_example(tmp_path):
    release = _release(tmp_path)
    text = (DATASET / "texts" / "tahaluf-000.txt").read_text(encoding="utf-8")

    def m(start, end, type_, level, eid):
        return {"start": start, "end": end, "text": text[start:end], "type": type_, "level": level, "entity_id": eid, "parent": None}

    # exact pairs: [157,167) PER/ORG NAM/NAM, [0,16) NOM/NAM; overlap-only pair: [18,31) vs [19,31); [40,44) only in pass 1
    one = [m(157, 167, "PER", "NAM", "p"), m(0, 16, "NORP", "NOM", "q"), m(18, 31, "ORG", "NAM", "r"), m(40, 44, "ORG", "NAM", "s")]
    two = [m(157, 167, "ORG", "NAM", "A"), m(0, 16, "NORP", "NAM", "A"), m(19, 31, "ORG", "NAM", "B")]
    _write(release, "entities", "pass-1.jsonl", [{"id": "tahaluf-000", "entities": one}])
    _write(release, "entities", "pass-2.jsonl", [{"id": "tahaluf-000", "entities": two}])
    result = run(release, layers=("entities",), settings=SMALL, disagreements=True)
    s = _measures(result, "entities")
    assert s["exact_span_f1"]["value"] == pytest.approx(2 * 2 / (4 + 3))
    assert s["overlap_span_f1"]["value"] == pytest.approx(2 * 3 / (4 + 3))
    assert s["type_agreement"]["value"] == 0.5
    # type pairs (PER, ORG), (NORP, NORP): p_o = 1/2, p_e = (1*0 + 1*1 + 0*1) / 4 = 1/4, kappa = 1/3
    assert s["type_kappa"]["value"] == pytest.approx(1 / 3)
    assert s["level_agreement"]["value"] == 0.5
    # shared mentions: {p}, {q} on side 1 against {p, q} on side 2: recall 1, precision 1/2
    assert s["link_bcubed_f1"]["value"] == pytest.approx(2 / 3)
    # CEAF-e: best phi4 = 2*1/(1+2) = 2/3 for one pair; F1 = 2 * (2/3) / (2 + 1) = 4/9
    assert s["link_ceafe_f1"]["value"] == pytest.approx(4 / 9)
    fields = sorted(d["field"] for d in result["layers"]["entities"]["disagreements"])
    assert fields == ["level", "link", "only one side", "span", "type"]


def test_quote_measures_on_a_small_example(tmp_path):
    release = _release(tmp_path)
    gold = {q["start"]: q for q in _gold_pass("quotes")[0]["quotes"]}
    q1, q2, q3 = (dict(gold[s]) for s in (46, 173, 231))
    one = [dict(q1, speaker="a"), dict(q2, speaker="b"), dict(q3, speaker="c")]
    # pass 2: q1 identical but for the speaker slug; q2 without its last word, kind mixed, source only "مكاري",
    # the same speaker slug as q1 (so one of the two cannot correspond); q3 missing.
    q2_short = dict(q2, end=q2["end"] - 7, text=q2["text"][:-7], kind="mixed", speaker="x")
    q2_short["source"] = {"start": 162, "end": 167, "text": "مكاري"}
    two = [dict(q1, speaker="x"), q2_short]
    _write(release, "quotes", "pass-1.jsonl", [{"id": "tahaluf-000", "quotes": one}])
    _write(release, "quotes", "pass-2.jsonl", [{"id": "tahaluf-000", "quotes": two}])
    s = _measures(run(release, layers=("quotes",), settings=SMALL), "quotes")
    assert s["attribution_f1"]["value"] == pytest.approx(2 * 2 / 5)
    assert s["content_exact_f1"]["value"] == pytest.approx(2 * 1 / 5)
    # tokens: pass 1 covers 5 + 8 + 12 = 25, pass 2 covers 5 + 7 = 12, all shared: F1 = 24 / 37
    assert s["content_token_f1"]["value"] == pytest.approx(24 / 37)
    assert s["cue_exact_f1"]["value"] == pytest.approx(2 * 2 / 5)
    assert s["cue_overlap_f1"]["value"] == pytest.approx(2 * 2 / 5)
    # sources: pass 1 has [0,16) and [157,167) (q3 has none), pass 2 [0,16) and [162,167)
    assert s["source_exact_f1"]["value"] == pytest.approx(0.5)
    assert s["source_token_f1"]["value"] == pytest.approx(2 * 3 / (4 + 3))
    assert s["speaker_accuracy"]["value"] == 0.5
    # kinds (direct, direct), (indirect, mixed): p_o = 1/2, p_e = 1/4, kappa = 1/3
    assert s["kind_kappa"]["value"] == pytest.approx(1 / 3)
    assert s["content_form_kappa"]["value"] == 1.0


def test_speaker_null_matches_only_null(tmp_path):
    release = _release(tmp_path)
    q1 = dict(next(q for q in _gold_pass("quotes")[0]["quotes"] if q["start"] == 46))
    _write(release, "quotes", "pass-1.jsonl", [{"id": "tahaluf-000", "quotes": [dict(q1, speaker=None)]}])
    _write(release, "quotes", "pass-2.jsonl", [{"id": "tahaluf-000", "quotes": [dict(q1, speaker="someone")]}])
    assert _measures(run(release, layers=("quotes",), settings=SMALL), "quotes")["speaker_accuracy"]["value"] == 0.0


def test_date_measures_on_a_small_example(tmp_path):
    release = _release(tmp_path)
    line = _gold_pass("dates")[0]
    one = dict(line, dates=line["dates"][:3])
    t1, t2, _ = line["dates"][:3]
    assert (t2["start"], t2["end"]) == (85, 100)
    t2_short = dict(t2, end=95, text="2nd, March", value="2024-03")
    two = dict(line, dates=[t1, t2_short], anchors=dict(line["anchors"], s06="2025-02"))
    _write(release, "dates", "pass-1.jsonl", [one])
    _write(release, "dates", "pass-2.jsonl", [two])
    result = run(release, layers=("dates",), settings=SMALL)
    s = _measures(result, "dates")
    assert s["strict_f1"]["value"] == pytest.approx(2 * 1 / 5)
    assert s["relaxed_f1"]["value"] == pytest.approx(2 * 2 / 5)
    assert s["value_accuracy"]["value"] == 0.5
    assert s["type_accuracy"]["value"] == 1.0
    assert s["anchor_agreement"]["value"] == pytest.approx(44 / 45)  # 45 sections, one anchor differs
    assert result["units"] == 45 and result["unit"] == "section"


# The pass reader


def test_a_span_that_does_not_match_its_offsets_is_an_error_naming_file_line_document(tmp_path):
    release = _release(tmp_path)
    lines = _gold_pass("entities")
    lines[1]["entities"][0]["text"] = "خطأ"
    _write(release, "entities", "pass-1.jsonl", lines)
    _write(release, "entities", "pass-2.jsonl", _gold_pass("entities"))
    with pytest.raises(PassError) as err:
        run(release, layers=("entities",), settings=SMALL)
    assert err.value.problems[0].startswith("passes/study/entities/pass-1.jsonl:2 tahaluf-001 entities[0] span: text 'خطأ'")
    result = run_cli("agree", "entities", "--path", str(release))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pass-1.jsonl:2 tahaluf-001" in result.stderr and "fix the offsets or the text" in result.stderr


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "invalid JSON"),
        ('{"id": "tahaluf-999", "quotes": []}', "unknown document id"),
        (
            '{"id": "tahaluf-000", "quotes": [{"start": 46, "end": 71, "text": "لا انسحاب حاليا من العراق"}]}',
            "required key 'kind' is missing",
        ),
        ('{"id": "tahaluf-000", "quotes": [{"start": 46, "end": 99999, "text": "x", "kind": "direct"}]}', "outside the text"),
        ('{"id": "tahaluf-000", "quotes": {}}', "expected a list"),
    ],
)
def test_unusable_pass_lines_are_one_line_errors(tmp_path, line, expected):
    release = _release(tmp_path)
    (release / "passes" / "study" / "quotes").mkdir(parents=True)
    (release / "passes" / "study" / "quotes" / "pass-1.jsonl").write_text(line + "\n", encoding="utf-8")
    _write(release, "quotes", "pass-2.jsonl", _gold_pass("quotes"))
    result = run_cli("agree", "quotes", "--path", str(release))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "pass-1.jsonl:1" in result.stderr and expected in result.stderr


def test_small_format_slips_are_read_and_reported(tmp_path):
    release = _release(tmp_path)
    lines = _gold_pass("dates")
    for line in lines:
        line["note"] = "extra"
        for d in line["dates"]:
            d.pop("mod")
        line["anchors"] = {k: {"value": v} for k, v in line["anchors"].items()}
    _write(release, "dates", "pass-1.jsonl", lines)
    _write(release, "dates", "pass-2.jsonl", _gold_pass("dates"))
    data = run(release, layers=("dates",), settings=SMALL)["layers"]["dates"]
    problems = "\n".join(data["problems"])
    assert "extra key 'note' on the line ignored" in problems
    assert "dates item without 'mod', read as missing" in problems
    assert "anchor given as an object; its 'value' used (45 time(s)" in problems
    assert data["measures"]["anchor_agreement"]["1 vs 2"]["value"] == 1.0


def test_missing_study_passes_are_pending_and_the_card_says_so(tmp_path):
    result = run(_release(tmp_path), settings=SMALL)
    assert {data["status"] for data in result["layers"].values()} == {"pending"}
    assert "study pending" in markdown(result)


# The command, the card and the docs


def test_table_and_json_give_the_same_numbers(gold_release):
    table = run_cli("agree", "all", "--path", str(gold_release), "--samples", "100", "--seed", "3")
    as_json = run_cli("agree", "all", "--path", str(gold_release), "--samples", "100", "--seed", "3", "--format", "json")
    assert table.returncode == 0 and as_json.returncode == 0, table.stderr + as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["bootstrap"]["samples"] == 100 and data["bootstrap"]["seed"] == 3
    assert table.stdout.rstrip("\n") == tables(data)
    assert "1.000 [1.000, 1.000]" in table.stdout and "100 samples, seed 3" in table.stdout


def test_disagreements_list_what_each_side_said(tmp_path):
    release = _release(tmp_path)
    one = _gold_pass("dates")
    two = _gold_pass("dates")
    two[0]["dates"][1]["value"] = "2024-03"
    _write(release, "dates", "pass-1.jsonl", one)
    _write(release, "dates", "pass-2.jsonl", two)
    result = run_cli("agree", "dates", "--path", str(release), "--disagreements", "--samples", "50")
    assert result.returncode == 0, result.stderr
    assert "dates: 1 disagreement(s) between pass 1 and pass 2" in result.stdout
    assert "tahaluf-000 [85,100) '2nd, March 2024' value: 1=2024-03-02 | 2=2024-03" in result.stdout


def test_history_passes_reproduce_their_counts():
    result = run_cli("agree", "quotes", "--study", "history/v1", "--format", "json", "--samples", "100")
    assert result.returncode == 0, result.stderr
    measures = json.loads(result.stdout)["layers"]["quotes"]["measures"]
    assert measures["attribution_f1"]["1 vs 2"]["value"] == 1.0  # passes A and B are the same file
    # pass A has 114 attributions; the gold is the current one (revised since), so only its size is fixed here
    from tahaluf.release import load_documents

    gold = measures["attribution_f1"]["1 vs gold"]
    n_gold = sum(len(r["quotes"]) for r in load_documents(DATASET))
    assert (gold["n_ref"], gold["n_other"]) == (n_gold, 114)
    assert gold["value"] == pytest.approx(2 * gold["matched"] / (n_gold + 114))


def test_card_and_docs_print_the_command_output():
    expected = markdown_summary(DATASET)
    result = run_cli("agree", "all", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert markdown(json.loads(result.stdout)) == expected
    assert _block(DATASET / "README.md") == expected
    assert _block(ROOT / "docs" / "annotation.md") == expected


def test_unknown_study_folder_is_a_clear_error():
    result = run_cli("agree", "all", "--study", "nowhere")
    assert result.returncode == 2 and "no study folder passes/nowhere" in result.stderr and "Traceback" not in result.stderr


def test_a_value_outside_its_interval_is_flagged_and_starred():
    from tahaluf.agree.measures import Measure
    from tahaluf.agree.report import cell

    counts = np.arange(45, dtype=float).reshape(45, 1)  # all units sum to 990; resamples almost never do
    measure = Measure(counts, lambda sums: np.where(sums[:, 0] == 990.0, 0.0, 1.0))
    score = measure.evaluate(SMALL)
    assert (score["value"], score["low"], score["high"], score["outside_interval"]) == (0.0, 1.0, 1.0, True)
    assert cell(score) == "0.000* [1.000, 1.000]"
    assert cell({"value": 0.5, "low": 0.25, "high": 0.75, "outside_interval": False}) == "0.500 [0.250, 0.750]"
    assert cell({"value": None, "low": None, "high": None}) == "n/a"
