"""Occurrences of a surface as a word after proclitics, and its لل form (:mod:`tahaluf.clitics`)."""

from __future__ import annotations

from tahaluf.clitics import all_occurrences, occurrences


def test_an_occurrence_one_character_after_a_refused_one():
    # كك at 0 is followed by a letter; at 1 it stands after the proclitic ك and ends the text
    assert list(occurrences("ككك", "كك")) == [1]


def test_the_contracted_form_needs_a_lam_right_before_it():
    assert list(all_occurrences("للحق", "الحق")) == [(1, "لحق")]  # a four-letter ال name has a لل form
    assert list(all_occurrences("ولحق", "الحق")) == []  # و, not ل, before the contracted form
    assert list(all_occurrences("لحق ل", "الحق")) == []  # at the start of the text nothing comes before it
    assert list(all_occurrences("في للتحالف", "التحالف")) == [(4, "لتحالف")]
