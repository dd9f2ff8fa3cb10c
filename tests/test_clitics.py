"""tahaluf.clitics: the one proclitic rule (at most three, a letter is Unicode L or M)."""

from __future__ import annotations

from tahaluf.clitics import after_proclitics, all_occurrences, is_letter, is_proclitic_run, occurrences


def test_a_letter_is_unicode_l_or_m():
    assert is_letter("ب") and is_letter("x")
    assert is_letter("\u064e")  # fatha, a combining mark (category Mn): str.isalpha() is False for it
    assert not "\u064e".isalpha()
    assert not is_letter(" ") and not is_letter("1") and not is_letter("«")


def test_three_proclitics_at_most():
    text = "قال وبكداعش ثم فوبكداعش"
    assert list(occurrences(text, "داعش")) == [text.index("وبكداعش") + 3]  # three: found; four: not
    assert after_proclitics("وبكداعش", 3) and not after_proclitics("فوبكداعش", 4)


def test_a_vowelled_letter_before_the_proclitic_keeps_the_word_together():
    # «سَلداعش»: the ل follows a letter with a fatha, so it is inside a word, not a proclitic
    assert list(occurrences("سَلداعش", "داعش")) == []
    assert is_proclitic_run("و داعش", 0, 1) and not is_proclitic_run("سَلداعش", 2, 3)


def test_empty_run_and_non_proclitic_letters():
    assert is_proclitic_run("داعش", 0, 0)
    assert not is_proclitic_run("مداعش", 0, 1)  # م is not a proclitic
    assert not is_proclitic_run("وبكلداعش", 0, 4)  # four


def test_lam_contraction():
    text = "دعا للتحالف"
    assert list(all_occurrences(text, "التحالف")) == [(5, "لتحالف")]
