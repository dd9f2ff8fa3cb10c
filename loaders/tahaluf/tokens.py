"""The ``ner`` token view: tokens with character offsets and IOB2 tags, and the round trip back to spans.

Units are the non-blank lines of a document (paragraphs, headlines, captions), numbered from 0.
Tokens come from the one tokenizer (:data:`tahaluf.spans.TOKEN`): runs of word characters
(letters, digits, Arabic diacritics and the tatweel ``ـ``) or single punctuation or symbol
characters. Offsets are Python ``str`` indices into the whole document text.

Two views:

- ``word`` (the default, and the ``ner`` config of the release): whitespace-and-punctuation word
  tokens, never split. A mention that starts after a proclitic tags the whole word, as Wojood and
  ANERcorp tag whole tokens: gold «لتحالف الدولي» inside «للتحالف الدولي» gives
  ``للتحالف/B-ORG الدولي/I-ORG``. Reading the tags back gives the span of the words, so the round
  trip to character spans is **lossy exactly there**: it returns the mention with its attached
  proclitics (and, for a mention ending inside a word, the rest of that word). A word that two
  outermost mentions share goes to the first; the second then starts at its next whole token.
- ``clitic`` (only when asked for by name): a word is split wherever an outermost mention begins
  or ends inside it («للتحالف» -> «ل» + «لتحالف»), so the tags read back give exactly every
  mention's character span. No tokenizer produces «لتحالف»; use it to recover gold offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .spans import TOKEN

VIEWS = ("word", "clitic")


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


def tokenize(text: str, start: int, end: int, cuts: Iterable[int] = frozenset()) -> list[tuple[int, int]]:
    """Token offsets of ``text[start:end]``, with word tokens split at the offsets in ``cuts``."""
    cuts = set(cuts)
    spans = []
    for match in TOKEN.finditer(text, start, end):
        a, b = match.span()
        inner = sorted(c for c in cuts if a < c < b)
        for x, y in zip([a, *inner], [*inner, b]):
            spans.append((x, y))
    return spans


def units(record: dict[str, Any], view: str = "word", profile: str | None = None) -> list[Unit]:
    """The token view of one document: one unit per non-blank line, IOB2 tags of outermost mentions.

    ``view`` is ``word`` (whole tokens, the default) or ``clitic`` (words split at mention
    boundaries). ``profile`` names an entity convention profile (:mod:`tahaluf.profiles`) applied
    to the mentions first, e.g. ``wojood`` (NOM mentions dropped, Wojood's type names).
    """
    if view not in VIEWS:
        raise ValueError(f"unknown token view {view!r}; choose one of {', '.join(VIEWS)}")
    text = record["text"]
    mentions = record["entities"]
    if profile is not None:
        from .profiles import get_profile

        mentions = get_profile("entities", profile).apply(text, mentions)
    mentions = outermost(mentions)
    cuts = {p for m in mentions for p in (m["start"], m["end"])} if view == "clitic" else set()
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
            inside = [i for i, (a, b) in enumerate(offsets) if a < m["end"] and b > m["start"] and tags[i] == "O"]
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
