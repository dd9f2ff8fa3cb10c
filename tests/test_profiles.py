"""Convention profiles (entities and quotes) on hand-computed cases, and the command-line option."""

from __future__ import annotations

import json

import pytest

from tahaluf.profiles import PROFILES, get_profile, profile_names
from tahaluf.score.quotes import QuoteScores
from tahaluf.tokens import outermost, units

from conftest import run_cli

TEXT = "قال المبعوث للتحالف الدولي إن التحالف باقٍ في العراق مع الأميركيين وموقع تويتر"


def _mention(surface: str, type_: str, level: str = "NAM", occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface, "type": type_, "level": level}


GOLD = [
    _mention("لتحالف الدولي", "ORG"),  # after the proclitic ل of للتحالف
    _mention("التحالف", "ORG", "NOM"),  # bare التحالف, a common-noun description
    _mention("العراق", "GPE"),
    _mention("الأميركيين", "NORP"),
    _mention("تويتر", "WEBSITE"),
]


def _spans(items):
    return [(m["start"], m["end"], m["type"], m.get("text")) for m in items]


def test_registry_is_keyed_by_task_with_native_everywhere():
    assert profile_names("entities") == ("native", "conll2003", "ontonotes", "wojood")
    assert profile_names("quotes") == ("native", "citron", "parc")
    assert set(PROFILES) == {"entities", "quotes", "dates"}
    with pytest.raises(ValueError, match="unknown profile 'wojood' for task quotes; choose one of native, citron, parc"):
        get_profile("quotes", "wojood")


def test_native_changes_nothing():
    assert _spans(get_profile("entities", "native").apply(TEXT, GOLD)) == _spans(GOLD)


def test_wojood_drops_nom_attaches_proclitics_and_renames_types():
    out = get_profile("entities", "wojood").apply(TEXT, GOLD + [_mention("المبعوث", "PER")])
    assert _spans(out) == [
        (12, 26, "ORG", "للتحالف الدولي"),
        (46, 52, "GPE", "العراق"),
        (56, 66, "NORP", "الأميركيين"),
        (73, 78, "WEBSITE", "تويتر"),
        (4, 11, "PERS", "المبعوث"),
    ]
    assert GOLD[0]["start"] == 13  # the input is not changed


def test_ontonotes_keeps_spans_and_maps_to_its_types():
    out = get_profile("entities", "ontonotes").apply(TEXT, GOLD + [_mention("المبعوث", "PER")])
    assert [(m["start"], m["type"]) for m in out] == [(13, "ORG"), (46, "GPE"), (56, "NORP"), (73, "ORG"), (4, "PERSON")]


def test_conll2003_collapses_to_four_types_on_whole_words():
    out = get_profile("entities", "conll2003").apply(TEXT, GOLD)
    assert [(m["start"], m["end"], m["type"]) for m in out] == [(12, 26, "ORG"), (46, 52, "LOC"), (56, 66, "MISC"), (73, 78, "ORG")]


def test_prediction_with_level_nom_is_dropped_and_without_level_kept():
    pred = [{"start": 30, "end": 37, "type": "ORG", "level": "NOM"}, {"start": 30, "end": 37, "type": "ORG"}]
    assert len(get_profile("entities", "wojood").apply(TEXT, pred)) == 1


def test_token_view_under_a_profile():
    record = {"id": "tahaluf-900", "text": TEXT, "entities": GOLD}
    (native,) = units(record)
    (wojood,) = units(record, profile="wojood")
    assert native.tokens[2:5] == ["للتحالف", "الدولي", "إن"] and native.tags[2:6] == ["B-ORG", "I-ORG", "O", "B-ORG"]
    assert wojood.tags[2:6] == ["B-ORG", "I-ORG", "O", "O"]  # bare التحالف (NOM) is O, as in Wojood


def _write_entities(path, records, transform):
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            items = [{k: m[k] for k in ("start", "end", "type")} for m in transform(record)]
            handle.write(json.dumps({"id": record["id"], "entities": items}, ensure_ascii=False) + "\n")
    return path


def test_wojood_style_prediction_scores_100_under_the_wojood_profile(tmp_path, records):
    from tahaluf.profiles import whole_words

    def kept(record, m):  # Wojood: bare NOM («التحالف») is O; an institution holding a nested name is ORG
        return m["level"] == "NAM" or any(o["parent"] == m["id"] for o in record["entities"])

    def wojood_style(record):  # bare NOM mentions dropped, proclitics attached
        return whole_words(record["text"], [dict(m) for m in outermost(record["entities"]) if kept(record, m)])

    pred = _write_entities(tmp_path / "wojood.jsonl", records, wojood_style)
    result = run_cli("score", "--task", "entities", "--profile", "wojood", "--pred", str(pred), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "|profile:wojood|" in data["signature"]
    for mode in ("strict", "exact", "partial", "type", "clitic"):
        assert data["results"][mode]["f1"] == 1.0, mode
    assert "PERS" in data["results"]["per_type"] and "PER" not in data["results"]["per_type"]
    native = json.loads(run_cli("score", "--task", "entities", "--pred", str(pred), "--format", "json").stdout)
    gold = [m for r in records for m in outermost(r["entities"])]
    nom = sum(not kept(r, m) for r in records for m in outermost(r["entities"]))
    assert nom == 40  # the bare «التحالف» mentions, counted by hand in the gold
    inside_word = sum(1 for r in records for m in outermost(r["entities"]) if kept(r, m) and r["text"][m["start"] - 1].isalpha())
    counts = native["results"]["strict"]
    assert "|profile:native|" in native["signature"]
    assert (counts["missed"], counts["incorrect"], counts["correct"]) == (nom, inside_word, len(gold) - nom - inside_word)
    assert native["results"]["clitic"]["correct"] == len(gold) - nom


def test_unknown_profile_is_a_one_line_error(tmp_path, records):
    pred = _write_entities(tmp_path / "p.jsonl", records, lambda r: outermost(r["entities"]))
    result = run_cli("score", "--task", "entities", "--profile", "parc", "--pred", str(pred))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: unknown profile 'parc' for task entities; choose one of native, conll2003, ontonotes, wojood"


# Quotes: one gold attribution with a nested one inside its content, one prediction.
QTEXT = "قال الوزير إن الجيش أكد أن المدينة آمنة"


def _span(surface: str) -> dict:
    start = QTEXT.index(surface)
    return {"start": start, "end": start + len(surface), "text": surface}


OUTER = {**_span("الجيش أكد أن المدينة آمنة"), "kind": "indirect", "cue": _span("قال"), "source": _span("الوزير"), "speaker": "minister"}
INNER = {**_span("المدينة آمنة"), "kind": "indirect", "cue": _span("أكد"), "source": _span("الجيش"), "speaker": "army"}
PRED = {**_span("إن الجيش أكد أن المدينة آمنة"), "kind": "indirect", "cue": _span("قال"), "source": _span("الوزير"), "speaker": "minister"}


def _quote_results(measures: str) -> dict:
    scores = QuoteScores(measures=measures)
    scores.add_document("tahaluf-900", QTEXT, [OUTER, INNER], [PRED])
    return {mode: (values["precision"], values["recall"]) for mode, values in scores.results().items()}


def test_quote_measures_native():
    r = _quote_results("native")
    assert r["content_exact"] == (0.0, 0.0)
    assert r["content_overlap"] == (5 / 6, 1.0)  # tokens as sets: the nested content adds no token
    for mode in ("cue", "cue_overlap", "source_exact", "source_overlap", "speaker", "end_to_end"):
        assert r[mode] == (1.0, 0.5), mode


def test_quote_measures_parc():
    r = _quote_results("parc")
    assert r["content_exact"] == (0.0, 0.0)
    assert r["content_overlap"] == (1.0, 0.5)  # one overlapping pair, counted as a match
    assert r["cue_overlap"] == r["source_overlap"] == (1.0, 0.5)


def test_quote_measures_citron():
    r = _quote_results("citron")
    assert r["cue_exact"] == r["source_exact"] == (1.0, 0.5)
    assert r["content_exact"] == r["quote_exact"] == (0.0, 0.0)
    assert r["cue_overlap"] == r["source_overlap"] == (1.0, 0.5)
    assert r["content_overlap"] == (7 / 6, 1.0)  # 5 + 2 tokens overlapped, 6 predicted, 5 + 2 gold: above 1
    assert r["quote_overlap"] == (9 / 8, 9 / 11)  # Citron prints these two the other way round


def test_citron_cue_overlap_counts_an_adjacent_cue():
    # Citron's are_overlapping_spans(p, g) is p.start <= g.end and p.end > g.start: a predicted cue
    # starting on the token right after the gold cue "overlaps" it, so the content can match
    pred = {**OUTER, "cue": _span("الوزير"), "source": None}
    scores = QuoteScores(measures="citron")
    scores.add_document("tahaluf-900", QTEXT, [OUTER], [pred])
    assert scores.results()["content_exact"]["precision"] == 1.0
    assert scores.results()["cue_exact"]["precision"] == 0.0


def test_quote_profile_via_the_api(tmp_path, records):
    from tahaluf.score import score

    path = tmp_path / "q.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for r in records:
            items = [{k: v for k, v in q.items() if k not in ("id", "parent")} for q in r["quotes"]]
            handle.write(json.dumps({"id": r["id"], "quotes": items}, ensure_ascii=False) + "\n")
    result = score("quotes", path, profile="citron")
    assert result["signature"].split("|")[3] == "modes:" + ",".join(
        ["cue_exact", "cue_overlap", "source_exact", "source_overlap", "content_exact", "content_overlap", "quote_exact", "quote_overlap"]
    )
    assert result["results"]["content_exact"]["f1"] == 1.0
    nested = sum(q["parent"] is not None for r in records for q in r["quotes"])
    assert nested > 0 and result["results"]["content_overlap"]["precision"] > 1.0  # nested gold contents pooled twice
    parc = score("quotes", path, profile="parc")["results"]
    assert parc["content_overlap"]["f1"] == 1.0 and parc["source_exact"]["f1"] == 1.0
