"""Guideline examples, machine-checked against the gold so that they cannot drift.

Each rule in ``docs/guidelines/<layer>.md`` carries example rows in tables whose header is
``| doc | context | span | decision |``. The decision grammar per layer:

- entities: ``TYPE entity_id`` or ``none``;
- quotes: ``KIND speaker [cue=CUE] [source=SOURCE]`` (speaker ``null`` for anonymous) or ``none``;
- dates: ``TYPE VALUE [mod=MOD]`` or ``none``.

A row holds when ``context`` occurs in the document, ``span`` occurs inside it, and (for a
positive decision) an annotation with exactly that span has the stated attributes, or (for
``none``) no annotation has exactly that span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER = re.compile(r"^\|\s*doc\s*\|\s*context\s*\|\s*span\s*\|\s*decision\s*\|\s*$")


@dataclass
class Example:
    """One example row of a guideline table."""

    file: str
    line: int
    doc: str
    context: str
    span: str
    decision: str

    def where(self) -> str:
        return f"{self.file}:{self.line}"


def _cells(row: str) -> list[str]:
    return [c.strip().strip("`").strip() for c in row.strip().strip("|").split("|")]


def parse(path: Path) -> list[Example]:
    """All example rows of the guideline tables in a Markdown file."""
    examples = []
    in_table = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if HEADER.match(line):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                in_table = False
                continue
            cells = _cells(line)
            if set("".join(cells)) <= set("-: "):
                continue
            if len(cells) != 4:
                examples.append(Example(path.name, number, "", "", "", f"<malformed row with {len(cells)} cells>"))
                continue
            examples.append(Example(path.name, number, *cells))
    return examples


def _candidates(text: str, context: str, span: str) -> list[tuple[int, int]]:
    out = []
    c = text.find(context)
    while c != -1:
        s = context.find(span)
        while s != -1:
            out.append((c + s, c + s + len(span)))
            s = context.find(span, s + 1)
        c = text.find(context, c + 1)
    return sorted(set(out))


def _entity_ok(ann: dict, words: list[str]) -> bool:
    return len(words) >= 2 and ann["type"] == words[0] and ann["entity_id"] == words[1]


def _quote_ok(ann: dict, decision: str) -> bool:
    match = re.match(r"^(\S+)\s+(\S+)(.*)$", decision)
    if not match:
        return False
    kind, speaker, rest = match.groups()
    if ann["kind"] != kind or (ann["speaker"] or "null") != speaker:
        return False
    for key, value in re.findall(r"(cue|source)=(.*?)(?=\s+(?:cue|source)=|$)", rest.strip()):
        span = ann.get(key)
        if (span["text"] if span else "null") != value.strip():
            return False
    return True


def _date_ok(ann: dict, words: list[str]) -> bool:
    if len(words) < 2 or ann["type"] != words[0] or ann["value"] != words[1]:
        return False
    mods = [w.split("=", 1)[1] for w in words[2:] if w.startswith("mod=")]
    return ann["mod"] == (mods[0] if mods else None)


def check(example: Example, records: dict[str, dict[str, Any]], layer: str) -> str | None:
    """None when the example holds in the gold, else the reason it does not."""
    record = records.get(example.doc)
    if record is None:
        return f"unknown document {example.doc!r}"
    if example.span not in example.context:
        return f"span {example.span!r} is not inside the context"
    candidates = _candidates(record["text"], example.context, example.span)
    if not candidates:
        return f"context {example.context!r} does not occur in {example.doc}"
    annotations = [a for a in record[layer] if (a["start"], a["end"]) in candidates]
    decision = example.decision.strip()
    if decision == "none":
        return None if not annotations else f"{example.span!r} is annotated ({annotations[0]['id']}) but the guideline says none"
    words = decision.split()
    test = {
        "entities": lambda a: _entity_ok(a, words),
        "quotes": lambda a: _quote_ok(a, decision),
        "dates": lambda a: _date_ok(a, words),
    }[layer]
    if any(test(a) for a in annotations):
        return None
    if not annotations:
        return f"no {layer} annotation has exactly the span {example.span!r}"
    found = annotations[0]
    summary = {k: found.get(k) for k in ("type", "entity_id", "kind", "speaker", "value", "mod") if k in found}
    if "cue" in found:
        summary["cue"] = found["cue"]["text"]
        summary["source"] = found["source"]["text"] if found["source"] else None
    return f"gold has {summary}, the guideline says {decision!r}"
