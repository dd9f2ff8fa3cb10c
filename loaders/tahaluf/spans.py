r"""Span-matching primitives and the one tokenizer, shared by the token view, the agreement command
and the scorer.

Spans are ``(start, end)`` pairs of Python ``str`` offsets, end exclusive.

**Tokens.** A token is a run of word characters (letters, digits, Arabic diacritics such as the
shadda, and the tatweel ``ـ``) or a single punctuation or symbol character (the underscore of a
hashtag such as ``#بغداد_اين`` included); white space separates tokens and belongs to none. Every
token-level measure (quote overlaps, agreement) and the ``ner`` token view use this one definition
(:data:`TOKEN`), so «الأميركيّة» is one token, not two split at the shadda as ``\w+`` would split it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # Arabic diacritics, shadda, tatweel
WORD_CHAR = re.compile(rf"[^\W_]|[{_MARKS}]")
TOKEN = re.compile(rf"(?:[^\W_]|[{_MARKS}])+|[^\w\s]|_")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from true positives and the two totals."""

    tp: float
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else (1.0 if not self.n_gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else (1.0 if not self.n_pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Number of code points two spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_exact(left: Sequence[T], right: Sequence[U], key: Callable[[T | U], tuple]) -> list[tuple[T, U]]:
    """One-to-one pairs of items with equal keys (e.g. the same span), in order."""
    pool: dict[tuple, list[U]] = {}
    for other in right:
        pool.setdefault(key(other), []).append(other)
    pairs: list[tuple[T, U]] = []
    for item in left:
        bucket = pool.get(key(item))
        if bucket:
            pairs.append((item, bucket.pop(0)))
    return pairs


def pair_overlapping(left: Sequence[T], right: Sequence[U], span: Callable[[T | U], tuple[int, int]]) -> list[tuple[T, U]]:
    """One-to-one pairs of overlapping items: exact matches first, then the largest overlaps."""
    candidates = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            shared = overlap(span(a), span(b))
            if shared:
                exact = span(a) == span(b)
                candidates.append((not exact, -shared, i, j))
    candidates.sort()
    used_left: set[int] = set()
    used_right: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            pairs.append((left[i], right[j]))
    return pairs


class Tokens:
    """The tokens of one text (:data:`TOKEN`), with fast lookup of the tokens a span touches."""

    def __init__(self, text: str):
        self.spans = [m.span() for m in TOKEN.finditer(text)]
        self.starts = [a for a, _ in self.spans]
        self.ends = [b for _, b in self.spans]

    def range(self, start: int, end: int) -> tuple[int, int]:
        """Indexes ``[i, j)`` of the tokens that share at least one character with ``[start, end)``."""
        return bisect_right(self.ends, start), bisect_left(self.starts, end)

    def indexes(self, start: int, end: int) -> set[int]:
        """Indexes of the tokens that share at least one character with ``[start, end)``."""
        i, j = self.range(start, end)
        return set(range(i, max(i, j)))

    def union(self, spans: Iterable[tuple[int, int]]) -> set[int]:
        """Union of the token indexes of several spans."""
        out: set[int] = set()
        for start, end in spans:
            out |= self.indexes(start, end)
        return out


def tokens(text: str, start: int, end: int) -> set[int]:
    """Start offsets of the tokens (:data:`TOKEN`) of ``text`` that overlap ``[start, end)``."""
    return {m.start() for m in TOKEN.finditer(text) if m.start() < end and m.end() > start}


def token_sets(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Union of the tokens of several spans (token start offsets)."""
    out: set[int] = set()
    for start, end in spans:
        out |= tokens(text, start, end)
    return out
