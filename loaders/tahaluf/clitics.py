"""Arabic attached proclitics: the one rule for "a word, possibly after attached proclitics".

A name may be written with up to :data:`MAX_PROCLITICS` single-letter proclitics attached in
front of it (و ف ب ل ك: «وواشنطن», «فبالتحالف»). A *letter* is any character of the Unicode
categories L (letters) or M (marks: the Arabic vowel signs are combining marks), so a name after a
vowelled letter is inside a word, not after proclitics. The validator's consistency check, the
scorer's clitic-tolerant mode and the lexicon baseline all use these functions.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

PROCLITICS = frozenset("وفبلك")
"""The single-letter proclitics: wa, fa, bi, li, ka."""
MAX_PROCLITICS = 3
"""At most three proclitics attach to one word (و + ب + ال..., و + ل + ل...)."""


def is_letter(ch: str) -> bool:
    """True for a character of the Unicode categories L (letter) or M (mark)."""
    return unicodedata.category(ch)[0] in "LM"


def is_proclitic_run(text: str, lo: int, hi: int) -> bool:
    """True when ``text[lo:hi]`` is at most three proclitics that begin a word (no letter before ``lo``).

    An empty run (``lo == hi``) is a run of zero proclitics.
    """
    if not 0 <= hi - lo <= MAX_PROCLITICS:
        return False
    return all(ch in PROCLITICS for ch in text[lo:hi]) and (lo == 0 or not is_letter(text[lo - 1]))


def after_proclitics(text: str, start: int) -> bool:
    """True when the letters right before ``start`` are one to three attached proclitics starting a word."""
    lo = start
    while lo > 0 and start - lo <= MAX_PROCLITICS and is_letter(text[lo - 1]):
        lo -= 1
    return lo < start and is_proclitic_run(text, lo, start)


def occurrences(text: str, surface: str) -> Iterator[int]:
    """Start offsets where ``surface`` stands as a word, possibly after attached proclitics."""
    start = text.find(surface)
    while start != -1:
        end = start + len(surface)
        prefix_ok = start == 0 or not is_letter(text[start - 1]) or after_proclitics(text, start)
        suffix_ok = end == len(text) or not is_letter(text[end])
        if prefix_ok and suffix_ok:
            yield start
        start = text.find(surface, start + 1)


def all_occurrences(text: str, surface: str) -> Iterator[tuple[int, str]]:
    """Occurrences of a surface, and of its لل form: a name ال... after ل is written لل..., and
    its span then starts at the second ل (``للتحالف`` -> ``لتحالف``)."""
    for start in occurrences(text, surface):
        yield start, surface
    if surface.startswith("ال") and len(surface) > 3:
        contracted = surface[1:]
        for start in occurrences(text, contracted):
            if start > 0 and text[start - 1] == "ل":
                yield start, contracted
