"""The ``te3`` date profile against the official TempEval-3 toolkit, and the TimeML export it reads.

``tests/fixtures/te3/toolkit.json`` holds the numbers the toolkit printed (debug level 0.5) for the
prediction files beside it, scored against ``gold.jsonl`` (see docs/scoring.md for the commands).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tahaluf.score import PredictionError, score
from tahaluf.score.te3 import Te3Error, document_counts, pair, project, tokenize

from conftest import FIXTURES, run_cli

TE3 = FIXTURES / "te3"
TOOLKIT = json.loads((TE3 / "toolkit.json").read_text(encoding="utf-8"))
GOLD = TE3 / "gold.jsonl"
# TIMEX3 attributes of TimeML 1.2.1
TIMEML_TIMEX3 = {
    "tid",
    "type",
    "functionInDocument",
    "beginPoint",
    "endPoint",
    "quant",
    "freq",
    "temporalFunction",
    "value",
    "valueFromFunction",
    "mod",
    "anchorTimeID",
    "comment",
}


def _pred_file(case: str, tmp_path: Path) -> Path:
    if case != "gold-as-system":
        return TE3 / f"{case}.jsonl"
    path = tmp_path / "gold-as-system.jsonl"
    with open(GOLD, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            dates = [{k: v for k, v in d.items() if k not in ("id", "section")} for d in record["dates"]]
            out.write(json.dumps({"id": record["id"], "dates": dates}, ensure_ascii=False) + "\n")
    return path


@pytest.mark.parametrize("case", sorted(TOOLKIT["cases"]))
def test_te3_profile_equals_the_toolkit(case, tmp_path):
    expected = TOOLKIT["cases"][case]
    result = score("dates", _pred_file(case, tmp_path), gold=GOLD, profile="te3")["results"]
    relaxed = result["relaxed"]
    assert (relaxed["gold"], relaxed["predicted"], relaxed["correct"]) == (
        expected["gold_timex"],
        expected["system_timex"],
        expected["matching_timex"],
    )
    for mode in ("strict", "relaxed"):
        for measure in ("precision", "recall"):
            assert result[mode][measure] == pytest.approx(float(expected[f"{mode}_{measure}"]), rel=1e-11, abs=1e-12)
        for measure, printed in expected["printed"][mode].items():  # the final table: percentages, 2 decimals
            assert abs(100 * result[mode][measure] - float(printed)) <= 0.005 + 1e-9, (mode, measure)
    for attr in ("type", "value"):
        assert abs(100 * result[attr]["f1"] - float(expected["printed"][f"{attr}_f1"])) <= 0.005 + 1e-9
        if expected[attr] is not None:
            assert result[attr]["correct"] == expected[attr]["matching"]
            for measure in ("accuracy", "precision", "recall"):
                assert result[attr][measure] == pytest.approx(float(expected[attr][measure]), rel=1e-11, abs=1e-12)


def test_the_fixture_covers_the_cases_of_the_brief():
    cases = TOOLKIT["cases"]
    assert {"gold-as-system", "baseline", "shifted", "values", "comma", "merge-split"} <= set(cases)
    assert cases["baseline"]["printed"]["relaxed"]["f1"] == "67.23" and cases["baseline"]["printed"]["value_f1"] == "36.97"
    assert cases["gold-as-system"]["printed"]["value_f1"] == "100.0"


def test_timeml_alias_and_signature(tmp_path):
    pred = TE3 / "baseline.jsonl"
    te3, alias = score("dates", pred, gold=GOLD, profile="te3"), score("dates", pred, gold=GOLD, profile="timeml")
    assert te3["results"] == alias["results"] and te3["signature"] == alias["signature"]
    assert "|profile:te3|" in te3["signature"]
    native = score("dates", pred, gold=GOLD, bootstrap=None)  # the fixture gold has no sections
    assert "|profile:native|" in native["signature"]
    # the same predictions: 40 relaxed pairs for the toolkit, 42 at the character level (hand-checked)
    assert (te3["results"]["relaxed"]["correct"], native["results"]["relaxed"]["correct"]) == (40, 42)


def test_cli_profile_and_errors():
    result = run_cli("score", "--task", "dates", "--pred", str(TE3 / "baseline.jsonl"), "--gold", str(GOLD), "--profile", "te3")
    assert result.returncode == 0, result.stderr
    assert "relaxed  78.43  58.82  67.23" in result.stdout and "value    43.14  32.35  36.97" in result.stdout
    bad = run_cli("score", "--task", "dates", "--pred", str(TE3 / "baseline.jsonl"), "--profile", "tempeval")
    assert bad.returncode == 2 and "unknown profile 'tempeval' for task dates" in bad.stderr and "Traceback" not in bad.stderr
    bad = run_cli("score", "--task", "quotes", "--pred", str(TE3 / "baseline.jsonl"), "--profile", "te3")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# A sentence with the three things that part the toolkit from the character-level scorer.
TEXT = "التقى الوزراء يوم الخميس 4 حزيران 2020، وقالوا إن الحرب بين 2014-2017 انتهت (الأحد)، ثم غادروا"


def span(surface: str, value: str = "2020", type_: str = "DATE") -> dict:
    start = TEXT.index(surface)
    return {"start": start, "end": start + len(surface), "type": type_, "value": value}


def test_tokenizer_keeps_the_arabic_comma_and_splits_one_hyphen():
    assert tokenize(TEXT) == [
        "التقى",
        "الوزراء",
        "يوم",
        "الخميس",
        "4",
        "حزيران",
        "2020،",
        "وقالوا",
        "إن",
        "الحرب",
        "بين",
        "2014",
        "-",
        "2017",
        "انتهت",
        "(",
        "الأحد)،",
        "ثم",
        "غادروا",
    ]
    # as tokenize.pl prints it: « " » cut off before a word, not after «،»; initials kept; English clitics
    assert tokenize('قال: "نعم"، (2020) U.S. it\'s...') == ["قال", ":", '"', 'نعم"،', "(", "2020", ")", "U.S.", "it", "'s", "..."]
    # with the toolkit's abbreviation list (not bundled) a listed word stays whole
    assert tokenize("Mr. Jan.") == ["Mr", ".", "Jan", "."] and tokenize("Mr. Jan.", frozenset({"Mr."})) == ["Mr.", "Jan", "."]


def test_projection_drops_a_last_token_the_date_ends_inside():
    tokens = tokenize(TEXT)
    g = span("4 حزيران 2020")
    labels = project(tokens, TEXT, [(g["start"], g["end"])])
    assert labels[4:8] == [("B", 0), ("I", None), ("O", None), ("O", None)]
    # a date that starts and ends in one token covers that token
    labels = project(tokens, TEXT, [(TEXT.index("2020"), TEXT.index("2020") + 4)])
    assert labels[6] == ("B", 0) and labels[7] == ("O", None)


def test_comma_example_pairs_at_character_level_only():
    gold, pred = [span("4 حزيران 2020", "2020-06-04")], [span("2020", "2020")]
    te3 = document_counts("d", TEXT, gold, pred)
    assert (te3.relaxed, te3.n_gold, te3.n_pred) == (0, 1, 1)
    from tahaluf.score.dates import DateScores

    native = DateScores()
    native.add_document("d", TEXT, gold, pred)
    assert native.results()["relaxed"]["tp"] == 1


def test_shared_token_without_shared_character_pairs_for_the_toolkit():
    start = TEXT.index(")،")
    gold, pred = [span("الأحد", "2020-06-07")], [{"start": start, "end": start + 2, "type": "DATE", "value": "2020-06-07"}]
    te3 = document_counts("d", TEXT, gold, pred)
    assert (te3.relaxed, te3.strict, te3.same["value"]) == (1, 0, 1)


def test_pairs_are_made_in_text_order_not_by_largest_overlap():
    gold = [span("الخميس", "2020-06-04"), span("حزيران 2020", "2020-06")]
    pred = [span("الخميس 4 حزيران 2020", "2020-06-04")]
    te3 = document_counts("d", TEXT, gold, pred).results()
    assert (te3["relaxed"]["tp"], te3["value"]["tp"]) == (1, 1)
    assert te3["relaxed"]["f1"] == pytest.approx(2 / 3) and te3["value"]["f1"] == pytest.approx(2 / 3)
    from tahaluf.score.dates import DateScores

    native = DateScores()
    native.add_document("d", TEXT, gold, pred)
    r = native.results()
    assert (r["relaxed"]["tp"], r["value"]["tp"], r["value"]["f1"]) == (1, 0, 0.0)


def test_a_second_date_starting_in_the_same_token_drops_out():
    start = TEXT.index("2020")
    pred = [
        {"start": start, "end": start + 2, "type": "DATE", "value": "2020"},
        {"start": start + 2, "end": start + 5, "type": "DATE", "value": "2020"},
    ]
    counts = document_counts("d", TEXT, [span("2020")], pred)
    assert (counts.n_pred, counts.relaxed) == (1, 1)


def test_pair_follows_the_normalizer_id_rule():
    # gold: one TIMEX3 over tokens 0-2; system: two, starting on tokens 0 and 2
    gold = [("B", 0), ("I", None), ("I", None), ("O", None)]
    system = [("B", 0), ("O", None), ("B", 1), ("O", None)]
    assert pair(gold, system) == ({0: 1}, {0: 1, 1: 2})
    # the system TIMEX3 opens first: the gold one starting inside it takes its id
    assert pair([("O", None), ("B", 0)], [("B", 0), ("I", None)]) == ({0: 1}, {0: 1})


def test_unsupported_text_and_overlapping_predictions_are_clear_errors(tmp_path):
    with pytest.raises(Te3Error, match=r"character '\|' at offset 3"):
        document_counts("d", "abc|def", [], [])
    line = {
        "id": "tahaluf-000",
        "dates": [{"start": 56, "end": 61, "type": "DATE", "value": "x"}, {"start": 58, "end": 70, "type": "DATE", "value": "x"}],
    }
    pred = tmp_path / "p.jsonl"
    pred.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(PredictionError) as err:
        score("dates", pred, gold=GOLD, profile="te3", allow_missing=True)
    assert "p.jsonl:1 tahaluf-000 dates: predicted dates [56, 61) and [58, 70) overlap" in str(err.value)


def test_timeml_export_has_only_timeml_timex3_attributes_and_a_dct(tmp_path, records):
    assert run_cli("export", "--format", "timeml", "--out", str(tmp_path)).returncode == 0
    for record in records:
        root = ET.parse(tmp_path / f"{record['id']}.tml").getroot()
        timexes = list(root.iter("TIMEX3"))
        assert all(set(t.attrib) <= TIMEML_TIMEX3 for t in timexes)
        dct = root.find("DCT").findall("TIMEX3")
        assert len(dct) == 1 and dct[0].attrib == {
            "tid": "t0",
            "type": "DATE",
            "value": record["publication_date"]["value"],
            "temporalFunction": "false",
            "functionInDocument": "CREATION_TIME",
        }
        in_text = root.find("TEXT").findall("TIMEX3")
        assert {frozenset(t.attrib) - {"mod", "anchorTimeID"} for t in in_text} == {frozenset({"tid", "type", "value"})}
        # every date's anchorTimeID leads to its section's anchor date
        values = {t.get("tid"): t.get("value") for t in timexes}
        sections = {s["id"]: s["anchor_date"]["value"] for s in record["sections"]}
        for element, date in zip(in_text, sorted(record["dates"], key=lambda d: d["start"])):
            assert values.get(element.get("anchorTimeID")) == sections[date["section"]]
        for anchor in root.findall("TIMEX3"):  # non-consuming, after TEXT
            assert anchor.get("functionInDocument") == "PUBLICATION_TIME" and anchor.text is None


def test_timeml_export_of_predictions(tmp_path, records):
    out = tmp_path / "sys"
    result = run_cli("export", "--format", "timeml", "--dates", str(TE3 / "comma.jsonl"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    preds = {json.loads(line)["id"]: json.loads(line)["dates"] for line in (TE3 / "comma.jsonl").read_text(encoding="utf-8").splitlines()}
    for record in records:
        root = ET.parse(out / f"{record['id']}.tml").getroot()
        assert [t.text for t in root.find("TEXT").findall("TIMEX3")] == [d["text"] for d in preds[record["id"]]]
        assert "".join(root.find("TEXT").itertext()) == record["text"]
    line = {
        "id": "tahaluf-000",
        "dates": [{"start": 56, "end": 61, "type": "DATE", "value": "x"}, {"start": 58, "end": 70, "type": "DATE", "value": "x"}],
    }
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = run_cli("export", "--format", "timeml", "--dates", str(bad), "--out", str(tmp_path / "x"))
    assert result.returncode == 1 and "tahaluf-000: dates [56, 61) and [58, 70) overlap" in result.stderr
    bad.write_text('{"id": "tahaluf-000", "dates": [{"start": 5}]}\n', encoding="utf-8")
    result = run_cli("export", "--format", "timeml", "--dates", str(bad), "--out", str(tmp_path / "x"))
    assert result.returncode == 2 and "bad.jsonl:1 tahaluf-000" in result.stderr and "Traceback" not in result.stderr
