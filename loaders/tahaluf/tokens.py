"""Tokenization of the ``ner`` view and the rule that aligns character spans to tokens.

Units are the non-blank lines of a document (paragraphs, headlines, captions), numbered from 0.
Within a unit, a token is a run of word characters (letters, digits, Arabic diacritics and the
tatweel ``ـ``) or a single punctuation or symbol character. Offsets are Python ``str`` indices
into the whole document text.

**Alignment rule.** Arabic attaches proclitics (و ف ب ل ك, and the ل of لل) to a name, so a word
token can hold a proclitic and the start of a mention ("للتحالف" holds the mention "لتحالف").
A word token is therefore split wherever an outermost mention begins or ends inside it
("للتحالف" -> "ل" + "لتحالف"). After the split every mention starts and ends on token
boundaries, the mention's first token is tagged ``B-TYPE`` and the others ``I-TYPE`` (IOB2),
and reading the tags back gives exactly the mention's character span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_WORD = r"[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]+"
TOKEN = re.compile(rf"{_WORD}|[^\w\s]")


@dataclass
class Unit:
    """One line of a document in the token view."""

    id: str
    doc_id: str
    tokens: list[str]
    offsets: list[tuple[int, int]]
    tags: list[str]


def outermost(mentions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mentions that no other mention contains (nested names dropped), in text order."""
    items = sorted(mentions, key=lambda m: (m["start"], -m["end"]))
    out: list[dict[str, Any]] = []
    for m in items:
        if out and m["start"] < out[-1]["end"]:
            continue
        out.append(m)
    return out


def _split_points(mentions: list[dict[str, Any]]) -> set[int]:
    points: set[int] = set()
    for m in mentions:
        points.add(m["start"])
        points.add(m["end"])
    return points


def tokenize(text: str, start: int, end: int, cuts: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Token offsets of ``text[start:end]``, with word tokens split at the offsets in ``cuts``."""
    spans = []
    for match in TOKEN.finditer(text, start, end):
        a, b = match.span()
        inner = sorted(c for c in cuts if a < c < b)
        for x, y in zip([a, *inner], [*inner, b]):
            spans.append((x, y))
    return spans


def units(record: dict[str, Any]) -> list[Unit]:
    """The token view of one document: one unit per non-blank line, IOB2 tags of outermost mentions."""
    text = record["text"]
    mentions = outermost(record["entities"])
    cuts = _split_points(mentions)
    out = []
    position = 0
    index = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        offsets = tokenize(text, line_start, line_end, cuts)
        if not offsets:
            continue
        tags = ["O"] * len(offsets)
        for m in mentions:
            if m["end"] <= line_start or m["start"] >= line_end:
                continue
            inside = [i for i, (a, b) in enumerate(offsets) if a >= m["start"] and b <= m["end"]]
            for n, i in enumerate(inside):
                tags[i] = ("B-" if n == 0 else "I-") + m["type"]
        out.append(Unit(f"{record['id']}-{index:03d}", record["id"], [text[a:b] for a, b in offsets], offsets, tags))
        index += 1
    return out


def spans_from_tags(offsets: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Character spans ``(start, end, type)`` read back from IOB2 tags (an ``I-`` after ``O`` starts a span)."""
    spans: list[tuple[int, int, str]] = []
    current: list[Any] | None = None
    for (a, b), tag in zip(offsets, tags):
        if tag == "O":
            current = None
            continue
        prefix, _, label = tag.partition("-")
        if prefix == "B" or current is None or current[2] != label:
            current = [a, b, label]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current[1] = b
    return [tuple(s) for s in spans]  # type: ignore[misc]


def iob2_labels(types: Iterable[str]) -> list[str]:
    """The IOB2 label set for entity types, in order: ``O``, then ``B-``/``I-`` per type."""
    labels = ["O"]
    for t in types:
        labels += [f"B-{t}", f"I-{t}"]
    return labels
