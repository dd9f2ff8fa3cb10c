"""Date scoring as the official TempEval-3 toolkit computes it (``--profile te3``).

The toolkit (``naushadzaman/tempeval3_toolkit``, the version that scored TempEval-3) scores
TIMEX3 recognition in two steps, both reproduced here:

1. **Normalization** (``TimeML-Normalizer.jar``): the text is tokenized (TreeTagger's
   ``tokenize.pl -e``, then the jar's own line clean-up), each TIMEX3 is projected onto the
   tokens (B/I/O), and gold and system TIMEX3s are given a shared id by walking the tokens in
   text order: a system TIMEX3 that begins on a token where a gold TIMEX3 is open (or begins)
   takes that gold id, unless an earlier system TIMEX3 already took it; the same from the gold
   side. So pairs are made **in text order, at the token level**, and a TIMEX3 that begins in no
   token of its own (it starts in a token where another TIMEX3 of the same file starts) drops out.
2. **Evaluation** (``evaluate_entities.py``): a relaxed match is a gold and a system TIMEX3 with
   the same normalized id; a strict match is a relaxed match whose texts are equal. P = matches /
   system TIMEX3s, R = matches / gold TIMEX3s, F1 their harmonic mean (0 when P + R = 0; 1 when
   both sides are empty). For ``type`` and ``value``: accuracy = equal attributes / relaxed
   matches, P = accuracy x relaxed P, R = accuracy x relaxed R, F1 = accuracy x relaxed F1.

Token-level projection, as the jar does it: a token is in a TIMEX3 when the TIMEX3 starts before
or inside it (or at its first character), and also when the TIMEX3 ends inside the token it
started in; a TIMEX3 that started in an earlier token and ends inside a token leaves that token
out. The tokenizer keeps the Arabic comma «،», «؛», «؟» and the quotes “ ” attached to the word,
so ``الأحد`` in ``الأحد،`` covers the whole token, but ``5 شباط 2020`` ending inside ``2020،``
covers only ``5 شباط``.

Not reproduced: the tokenizer's English abbreviation list (all its entries are Latin words that
end in ``.``; none occurs in the Tahaluf texts). Texts the toolkit itself cannot align are refused
with :class:`Te3Error`: ``<``, ``>``, ``|``, ``ÿ``, control characters, and whitespace other than
space, tab and line breaks (the jar stops with "Distinct chars" on them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MODES = ("strict", "relaxed", "type", "value")

# tokenize.pl: characters cut off at the start (PChar) and at the end (FChar) of a word; \2xx are code points 0x80-0x9b
_PCHAR = '[{(´`"»«\x82\x84\x86\x87\x8b\x91\x92\x93\x94\x95\x96\x97\x9b'
_FCHAR = "]}'`\"),;:!?%»«\x82\x84\x85\x86\x87\x89\x8b\x91\x92\x93\x94\x95\x96\x97\x9b"
_P = "[" + re.escape(_PCHAR) + "]"
_F = "[" + re.escape(_FCHAR) + "]"
_LEADING = re.compile(rf"^({_P})(.)", re.S)
_TRAILING = re.compile(rf"(.)({_F})$", re.S)
_TRAILING_DOT = re.compile(rf"({_F})\.$", re.S)
_INITIALS = re.compile(r"^([A-Za-zÀ-ÿ]\.)+$")
_FINAL_DOT = re.compile(r"^(.+)\.$", re.S)
_CLITIC = re.compile(r"(.)('(?:s|re|ve|d|m|em|ll)|n't)$", re.S)
_ENTITY = re.compile(r"(&[^; \t\n\r]*;)")
_ONE_HYPHEN = re.compile(r"[^-]+-[^-]+", re.S)
# Perl's \s on a Unicode string
_PERL_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
_SPLIT = re.compile("[" + re.escape(_PERL_SPACE) + "]+")
_UNSUPPORTED = re.compile("[<>|\u00ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f" + re.escape(_PERL_SPACE.replace("\t\n\x0b\x0c\r ", "")) + "]")


class Te3Error(ValueError):
    """A text the TempEval-3 toolkit cannot process, so no TE3 score exists for it."""


class OverlappingDates(Te3Error):
    """Two predicted dates overlap: TimeML, and so the toolkit, cannot represent them."""


def check_text(doc_id: str, text: str) -> None:
    """Raise :class:`Te3Error` if the toolkit's normalizer would stop on ``text``."""
    match = _UNSUPPORTED.search(text)
    if match:
        raise Te3Error(
            f"{doc_id}: character {match.group()!r} at offset {match.start()} stops the TempEval-3 toolkit's "
            "tokenizer alignment; --profile te3 cannot score this document (use the default profile)"
        )


def _split_word(word: str, abbreviations: frozenset[str]) -> list[str]:
    """tokenize.pl's treatment of one whitespace-separated word (English mode)."""
    prefix: list[str] = []
    suffix: list[str] = []
    while word not in abbreviations:
        if m := _LEADING.match(word):
            prefix.append(m.group(1))
            word = word[1:]
        elif m := _TRAILING.search(word):
            suffix.insert(0, m.group(2))
            word = word[:-1]
        elif m := _TRAILING_DOT.search(word):
            word = word[:-2]
            suffix.insert(0, ".")
            if word == "":
                word = m.group(1)
            else:
                suffix.insert(0, m.group(1))
        else:
            break
    if word not in abbreviations and not _INITIALS.match(word):
        if (m := _FINAL_DOT.match(word)) and word != "...":
            word = m.group(1)
            suffix.insert(0, ".")
        while word not in abbreviations and (m := _CLITIC.search(word)):
            suffix.insert(0, m.group(2))
            word = word[: m.start(2)]
            abbreviations = frozenset()  # tokenize.pl looks the word up once, before cutting clitics
    return [t for t in (*prefix, word, *suffix) if t]


def _perl_tokens(text: str, abbreviations: frozenset[str]) -> list[str]:
    """tokenize.pl -e on ``text``, one token per output line, line by line as Perl reads it."""
    # Perl reads line by line, but no rule looks across a line break, so the whole text is one pass
    out: list[str] = []
    for segment in _ENTITY.split(text.replace("\r", "")):
        segment = segment.replace("...", " ... ")
        segment = re.sub(r"([;!?/])([^ ])", r"\1 \2", segment)
        segment = re.sub(r"(,)([^ 0-9.])", r"\1 \2", segment)
        segment = re.sub(r"([a-zA-ZÀ-ÿ][a-zA-ZÀ-ÿ][.:])([A-ZÀ-Ý])", r"\1 \2", segment)
        for word in _SPLIT.split(segment):
            if word:
                out += _split_word(word, abbreviations)
    return out


def tokenize(text: str, abbreviations: frozenset[str] = frozenset()) -> list[str]:
    """The tokens the TimeML-Normalizer aligns ``text`` with: tokenize.pl, then the jar's clean-up.

    The jar splits a token with exactly one inner hyphen (``2014-2017``) into three.
    ``abbreviations`` are words kept whole (the toolkit passes its English list, which is not
    bundled: it only changes Latin words ending in ``.``, and none occurs in the Tahaluf texts).
    """
    tokens: list[str] = []
    for token in _perl_tokens(text, abbreviations):
        if _ONE_HYPHEN.fullmatch(token):
            left, right = token.split("-")
            tokens += [left, "-", right]
        else:
            tokens.append(token)
    return tokens


def _xml_stream(text: str, spans: list[tuple[int, int]]) -> list[str | tuple[str]]:
    """The TEXT element as the jar reads it: escaped characters, and ``(tag,)`` items for tags."""
    opens: dict[int, list[int]] = {}
    closes: dict[int, int] = {}
    for index, (start, end) in enumerate(spans):
        opens.setdefault(start, []).append(index)
        closes[end] = closes.get(end, 0) + 1
    stream: list[str | tuple[str]] = []
    for offset in range(len(text) + 1):
        stream += [("/TIMEX3",)] * closes.get(offset, 0)
        stream += [(f"TIMEX3 {index}",) for index in opens.get(offset, [])]
        if offset < len(text):
            char = text[offset]
            stream += list({"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, char))
    return stream


def project(tokens: list[str], text: str, spans: list[tuple[int, int]]) -> list[tuple[str, int | None]]:
    """The jar's ``merge_tok_n_tml``: a ``(B|I|O, TIMEX3 index on B)`` label per token.

    ``spans`` must not overlap (they are inline XML elements).
    """
    stream = _xml_stream(text, spans)
    position = 0
    labels: list[tuple[str, int | None]] = []
    in_tag, in_index, bio = "", None, "O"
    cxml: str | tuple[str] | None = None
    for line in tokens:
        # the jar's interTokenTag only chooses warning messages, so it is left out
        find_token_iter = delayed_closing = False
        cn = 0
        while cn < len(line):
            prev = cxml
            if position >= len(stream):
                raise Te3Error("premature end of the text while aligning the toolkit's tokens")
            cxml = stream[position]
            position += 1
            if isinstance(cxml, str) and cxml.lower() == line[cn].lower():
                cn += 1
                continue
            if cxml in (" ", "\n", "\r", "\t"):
                continue
            if isinstance(cxml, tuple):
                cn -= 1
                name, _, attrs = cxml[0].partition(" ")
                if name == "TIMEX3":
                    find_token_iter = True
                    in_tag, in_index, bio = name, int(attrs), "B"
                if name == "/TIMEX3" and in_tag == "TIMEX3":
                    if find_token_iter:
                        if cn >= 0:
                            delayed_closing = True
                        else:
                            bio, in_tag, in_index, find_token_iter = "O", "", None, False
                    else:
                        bio, in_tag = "O", ""
                cn += 1
                continue
            if cxml != "&" and (prev != "&" or cxml != "a"):
                raise Te3Error(f"the toolkit's tokens do not match the text at token {line!r}")
            while position < len(stream) and stream[position] != ";":
                position += 1
            position += 1
            cxml = ";"
        labels.append((bio, in_index if bio == "B" else None))
        if bio == "B":
            bio, in_index = "I", None
        if delayed_closing:
            bio, in_tag, in_index = "O", "", None
    return labels


def pair(gold: list[tuple[str, int | None]], system: list[tuple[str, int | None]]) -> tuple[dict[int, int], dict[int, int]]:
    """The jar's id normalization: ``(gold index -> shared id, system index -> shared id)``."""
    maps: tuple[dict[int, int], dict[int, int]] = ({}, {})
    open_timex = [0, 0]
    last_local = [0, 0]
    last_tid = 1
    for token in zip(gold, system):
        for side in (0, 1):
            if token[side][0] in ("O", "B"):
                open_timex[side] = 0
        for side in (0, 1):
            bio, index = token[side]
            if bio != "B":
                continue
            open_timex[side] = last_tid
            other = 1 - side
            if open_timex[other] != 0 and last_local[side] < open_timex[other]:
                open_timex[side] = open_timex[other]
            last_local[side] = open_timex[side]
            if open_timex[side] == last_tid:
                last_tid += 1
            maps[side][index] = open_timex[side]
    return maps


@dataclass
class Counts:
    """The toolkit's counters for one document or the corpus."""

    n_gold: int = 0
    n_pred: int = 0
    relaxed: int = 0
    strict: int = 0
    same: dict[str, int] = field(default_factory=lambda: {"type": 0, "value": 0})

    def add(self, other: Counts) -> None:
        self.n_gold += other.n_gold
        self.n_pred += other.n_pred
        self.relaxed += other.relaxed
        self.strict += other.strict
        for attr in self.same:
            self.same[attr] += other.same[attr]

    def results(self) -> dict[str, Any]:
        """P, R, F1 per mode as ``get_performance`` computes them (fractions, not percentages)."""
        out: dict[str, Any] = {}
        empty = self.n_gold == 0 and self.n_pred == 0
        for mode, tp in (("strict", self.strict), ("relaxed", self.relaxed)):
            p = tp / self.n_pred if self.n_pred else 0.0
            r = tp / self.n_gold if self.n_gold else 0.0
            out[mode] = {
                "precision": p,
                "recall": r,
                "f1": 1.0 if empty else _f1(p, r),
                "tp": tp,
                "n_pred": self.n_pred,
                "n_gold": self.n_gold,
            }
        relaxed = out["relaxed"]
        for attr in ("type", "value"):
            accuracy = self.same[attr] / self.relaxed if self.relaxed else 0.0
            out[attr] = {
                "accuracy": accuracy,
                "precision": accuracy * relaxed["precision"],
                "recall": accuracy * relaxed["recall"],
                "f1": 1.0 if empty else accuracy * relaxed["f1"],
                "tp": self.same[attr],
                "n_pred": self.n_pred,
                "n_gold": self.n_gold,
            }
        return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def document_counts(doc_id: str, text: str, gold: list[dict], pred: list[dict], tokens: list[str] | None = None) -> Counts:
    """The toolkit's counts for one document (gold and predicted TIMEX3s over the same text)."""
    check_text(doc_id, text)
    tokens = tokenize(text) if tokens is None else tokens
    sides = []
    for side, items in (("gold", gold), ("predicted", pred)):
        items = sorted(items, key=lambda d: (d["start"], d["end"]))
        for a, b in zip(items, items[1:]):
            if b["start"] < a["end"]:
                error = OverlappingDates if side == "predicted" else Te3Error
                raise error(
                    f"{side} dates [{a['start']}, {a['end']}) and [{b['start']}, {b['end']}) overlap; "
                    "TimeML, and so the TempEval-3 toolkit, cannot nest TIMEX3 elements: keep one of them"
                )
        sides.append((items, project(tokens, text, [(d["start"], d["end"]) for d in items])))
    (gold_items, gold_labels), (pred_items, pred_labels) = sides
    gold_ids, pred_ids = pair(gold_labels, pred_labels)
    by_id = {shared: pred_items[index] for index, shared in pred_ids.items()}
    counts = Counts(n_gold=len(gold_ids), n_pred=len(pred_ids))
    for index, shared in gold_ids.items():
        p = by_id.get(shared)
        if p is None:
            continue
        g = gold_items[index]
        counts.relaxed += 1
        counts.strict += text[g["start"] : g["end"]] == text[p["start"] : p["end"]]
        counts.same["type"] += g["type"] == p["type"]
        counts.same["value"] += g["value"] == p["value"]
    return counts


@dataclass(frozen=True)
class ModeScores:
    """One mode's scores for one document, with the ``as_dict`` the per-document report reads."""

    values: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return dict(self.values)


@dataclass
class Te3DateScores:
    """Accumulated TempEval-3 toolkit counts, overall and per document (same interface as ``DateScores``)."""

    total: Counts = field(default_factory=Counts)
    per_document: dict[str, dict[str, ModeScores]] = field(default_factory=dict)
    keep_documents: bool = True
    per_type: dict[str, list[int]] = field(default_factory=dict)  # the toolkit reports no per-type scores

    def add_document(self, doc_id: str, text: str, gold: list[dict], pred: list[dict]) -> None:
        counts = document_counts(doc_id, text, gold, pred)
        self.total.add(counts)
        if self.keep_documents:
            self.per_document[doc_id] = {mode: ModeScores(values) for mode, values in counts.results().items()}

    def results(self) -> dict[str, Any]:
        return self.total.results()
