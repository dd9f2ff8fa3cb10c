"""Pooled quote and date results over several documents, on empty input, and Citron's cue overlap,
with hand-computed values (:mod:`tahaluf.score.quotes`, :mod:`tahaluf.score.dates`)."""

from __future__ import annotations

import pytest

from tahaluf.score.dates import DateScores, accumulator, profile_name
from tahaluf.score.quotes import QuoteScores, citron_counts
from tahaluf.spans import Tokens

TEXT = "aa bb cc dd ee ff gg hh"  # tokens 0 aa [0, 2) 1 bb [3, 5) 2 cc [6, 8) 3 dd [9, 11) 4 ee 5 ff 6 gg 7 hh


def span(start: int, end: int) -> dict:
    return {"start": start, "end": end}


def test_quote_counts_add_up_over_documents():
    scores = QuoteScores()
    quote = {"start": 3, "end": 8, "kind": "direct", "cue": span(0, 2), "speaker": "x"}
    for doc in ("a", "b"):
        scores.add_document(doc, TEXT, [quote], [dict(quote)])
    results = scores.results()
    assert results["speaker"]["matched_pairs"] == 2 and results["speaker"]["accuracy"] == 1.0
    assert results["speaker"]["tp"] == 2 and results["content_exact"]["tp"] == 2
    assert scores.per_type == {"direct": [2, 2, 2]}


def test_date_counts_add_up_over_documents():
    scores = DateScores()
    date = {"start": 0, "end": 5, "type": "DATE", "value": "2024"}
    for doc in ("a", "b"):
        scores.add_document(doc, TEXT, [date], [dict(date)])
    assert scores.per_type == {"DATE": [2, 2, 2]}
    assert scores.results()["value"]["tp"] == 2


@pytest.mark.parametrize(
    ("measures", "value"),
    [("native", 1.0), ("parc", 1.0), ("citron", 0.0)],  # nothing predicted, nothing to find: 1 natively, 0 in Citron's convention
)
def test_results_of_no_document(measures, value):
    results = QuoteScores(measures=measures).results()
    empty = {"precision": value, "recall": value, "f1": value, "tp": 0, "n_pred": 0, "n_gold": 0}
    for mode, figure in results.items():
        assert {k: figure[k] for k in empty} == empty, mode
    if measures != "citron":
        assert (results["speaker"]["accuracy"], results["speaker"]["matched_pairs"]) == (0.0, 0)
    else:
        assert "accuracy" not in results["cue_exact"]


def test_citron_cues_overlap_when_the_predicted_one_starts_inside_or_right_after_the_gold_one():
    tokens = Tokens(TEXT)
    gold = [{"start": 9, "end": 14, "cue": span(3, 5), "source": span(15, 17)}]  # cue bb: tokens [1, 2)
    pred = [
        {"start": 9, "end": 14, "cue": span(0, 2), "source": span(15, 17)},  # cue aa [0, 1): ends where the gold cue starts
        {"start": 9, "end": 14, "cue": span(6, 8), "source": span(15, 17)},  # cue cc [2, 3): right after: overlaps for Citron
        {"start": 9, "end": 14, "cue": span(18, 20), "source": span(15, 17)},  # cue gg [6, 7): far after
    ]
    counts = citron_counts(tokens, gold, pred)
    assert counts["source_exact"] == (1, 2, 0)
    assert counts["content_exact"] == (1, 2, 0)
    assert counts["cue_exact"] == (0, 3, 1)
    assert counts["quote_exact"] == (0, 3, 1)


def test_citron_a_span_without_tokens_has_length_zero():
    tokens = Tokens("aa  bb cc")
    gold = [{"start": 7, "end": 9, "cue": span(4, 6)}]
    pred = [{"start": 7, "end": 9, "cue": span(2, 4)}]  # the cue covers only the two blanks: no token
    assert citron_counts(tokens, gold, pred)["cue_overlap"] == (0, 0, 1)


def test_date_profiles():
    assert isinstance(accumulator(), DateScores)
    assert profile_name("timeml") == "te3"
    with pytest.raises(ValueError, match=r"^unknown date scoring profile 'tempeval'; choose one of native, te3, timeml$"):
        profile_name("tempeval")
