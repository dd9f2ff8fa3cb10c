"""The ``ner`` token view at its edges (:mod:`tahaluf.tokens`): outermost mentions, cuts, unit ids, tags."""

from __future__ import annotations

import pytest

from tahaluf.tokens import outermost, spans_from_tags, tokenize, units


def m(start: int, end: int, type_: str = "PER") -> dict:
    return {"start": start, "end": end, "type": type_}


def test_outermost_keeps_adjacent_mentions_and_the_longest_of_a_shared_start():
    assert outermost([m(5, 9), m(0, 5)]) == [m(0, 5), m(5, 9)]  # touching, not nested
    assert outermost([m(0, 3), m(0, 9), m(4, 9)]) == [m(0, 9)]


def test_tokenize_splits_only_inside_a_word():
    assert tokenize("abc def", 0, 7, cuts={4}) == [(0, 3), (4, 7)]  # a cut at a word's start splits nothing
    assert tokenize("abc def", 0, 7, cuts={1, 3, 5}) == [(0, 1), (1, 3), (4, 5), (5, 7)]


def test_units_are_the_non_blank_lines_numbered_from_zero():
    record = {"id": "tahaluf-001", "text": "aa bb\n\ncc\ndd ee", "entities": [m(3, 5), m(10, 15, "ORG")]}
    out = units(record)
    assert [u.id for u in out] == ["tahaluf-001-000", "tahaluf-001-001", "tahaluf-001-002"]
    assert [u.tokens for u in out] == [["aa", "bb"], ["cc"], ["dd", "ee"]]
    assert [u.tags for u in out] == [["O", "B-PER"], ["O"], ["B-ORG", "I-ORG"]]
    assert out[2].offsets == [(10, 12), (13, 15)]


def test_units_refuse_an_unknown_view():
    with pytest.raises(ValueError, match=r"unknown token view 'words'; choose one of word, clitic$"):
        units({"id": "tahaluf-001", "text": "", "entities": []}, view="words")


def test_spans_from_tags_edge_cases():
    offsets = [(0, 2), (3, 5), (6, 8)]
    assert spans_from_tags(offsets, ["I-PER", "I-PER", "O"]) == [(0, 5, "PER")]  # I- with nothing open starts a span
    assert spans_from_tags(offsets, ["B-WORK-OF-ART", "I-WORK-OF-ART", "B-X"]) == [(0, 5, "WORK-OF-ART"), (6, 8, "X")]
    assert spans_from_tags(offsets, ["B-PER", "I-ORG", "I-ORG"]) == [(0, 2, "PER"), (3, 8, "ORG")]
