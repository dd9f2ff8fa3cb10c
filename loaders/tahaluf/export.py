"""Exports of a release: CoNLL IOB2 (token view), brat standoff (entities, quotes), TimeML (dates), Parquet.

Every file is written inside the chosen output folder; file names come from document ids, which
are checked against the id pattern first, so no data can make an export write elsewhere.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .contract import document_id_pattern
from .tokens import units

FORMATS = ("conll", "brat", "timeml", "parquet")
_SAFE_ID = document_id_pattern()


class ExportError(Exception):
    """An export cannot be written (unsafe id, unknown format)."""


def _doc_file(out: Path, doc_id: str, suffix: str) -> Path:
    if not _SAFE_ID.match(doc_id):
        raise ExportError(f"document id {doc_id!r} is not a safe file name")
    path = (out / f"{doc_id}{suffix}").resolve()
    if out.resolve() not in path.parents:
        raise ExportError(f"{path} is outside the output folder {out}")
    return path


def conll(records: list[dict[str, Any]], out: Path) -> list[Path]:
    """``tahaluf.conll``: one ``token<TAB>tag`` line per token, a blank line after each unit."""
    path = out / "tahaluf.conll"
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            for unit in units(record):
                handle.write(f"# id = {unit.id}\n")
                for token, tag in zip(unit.tokens, unit.tags):
                    handle.write(f"{token}\t{tag}\n")
                handle.write("\n")
    return [path]


def read_conll(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Read a CoNLL file written by :func:`conll` back into ``(unit id, tokens, tags)``."""
    units_out: list[tuple[str, list[str], list[str]]] = []
    unit_id, tokens, tags = "", [], []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("# id = "):
            unit_id = raw[7:]
        elif raw == "":
            if tokens:
                units_out.append((unit_id, tokens, tags))
            unit_id, tokens, tags = "", [], []
        else:
            token, _, tag = raw.rpartition("\t")
            tokens.append(token)
            tags.append(tag)
    if tokens:
        units_out.append((unit_id, tokens, tags))
    return units_out


def brat(records: list[dict[str, Any]], out: Path) -> list[Path]:
    """brat standoff: ``<id>.txt`` and ``<id>.ann`` per document, plus ``annotation.conf``.

    Entities are text-bound annotations of their type, with the canonical id as a note. A quote is
    a ``Quote`` text-bound annotation of its content with a ``Kind`` attribute, a ``Cue`` (and
    ``Source``) text-bound annotation linked to it by ``Cue_of`` (``Source_of``) relations, and
    the speaker's canonical id as a note.
    """
    from .contract import entity_types, quote_kinds

    written = []
    for record in records:
        txt, ann = _doc_file(out, record["id"], ".txt"), _doc_file(out, record["id"], ".ann")
        txt.write_bytes(record["text"].encode("utf-8"))
        ann.write_text("".join(line + "\n" for line in _brat_lines(record)), encoding="utf-8")
        written += [txt, ann]
    conf = out / "annotation.conf"
    conf.write_text(
        "[entities]\n" + "\n".join(entity_types()) + "\nQuote\nCue\nSource\n\n"
        "[relations]\nCue_of\tArg1:Cue, Arg2:Quote\nSource_of\tArg1:Source, Arg2:Quote\n\n"
        "[events]\n\n[attributes]\nKind\tArg:Quote, Value:" + "|".join(quote_kinds()) + "\n",
        encoding="utf-8",
    )
    return [*written, conf]


def _brat_lines(record: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    counters = {"T": 0, "R": 0, "A": 0, "#": 0}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def textbound(label: str, span: dict[str, Any]) -> str:
        tid = next_id("T")
        lines.append(f"{tid}\t{label} {span['start']} {span['end']}\t{span['text']}")
        return tid

    for mention in record["entities"]:
        target = textbound(mention["type"], mention)
        lines.append(f"{next_id('#')}\tAnnotatorNotes {target}\tentity_id={mention['entity_id']}")
    for quote in record["quotes"]:
        content = textbound("Quote", quote)
        lines.append(f"{next_id('A')}\tKind {content} {quote['kind']}")
        for role in ("cue", "source"):
            if quote[role]:
                arg = textbound(role.capitalize(), quote[role])
                lines.append(f"{next_id('R')}\t{role.capitalize()}_of Arg1:{arg} Arg2:{content}")
        lines.append(f"{next_id('#')}\tAnnotatorNotes {content}\tspeaker={quote['speaker'] or 'null'}")
    return lines


def timeml(records: list[dict[str, Any]], out: Path) -> list[Path]:
    """TimeML: ``<id>.tml`` per document, the text with inline TIMEX3 tags and a DCT element.

    The DCT is the page's publication date; each TIMEX3 also carries its section's anchor date
    (``anchorValue``, omitted when unknown) and the section id (``section``, a Tahaluf extension).
    """
    written = []
    for record in records:
        text = record["text"]
        anchors = {s["id"]: s["anchor_date"]["value"] for s in record["sections"]}
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n']
        pub = record["publication_date"]["value"]
        parts.append(f"<DOCID>{escape(record['id'])}</DOCID>\n")
        if pub:
            parts.append(f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(pub)} functionInDocument="CREATION_TIME"/></DCT>\n')
        parts.append("<TEXT>")
        position = 0
        for date in sorted(record["dates"], key=lambda d: d["start"]):
            parts.append(escape(text[position : date["start"]]))
            attrs = f"tid={quoteattr(date['id'])} type={quoteattr(date['type'])} value={quoteattr(date['value'])}"
            if date["mod"]:
                attrs += f" mod={quoteattr(date['mod'])}"
            if anchors.get(date["section"]):
                attrs += f" anchorValue={quoteattr(anchors[date['section']])}"
            attrs += f" section={quoteattr(date['section'])}"
            parts.append(f"<TIMEX3 {attrs}>{escape(text[date['start'] : date['end']])}</TIMEX3>")
            position = date["end"]
        parts.append(escape(text[position:]) + "</TEXT>\n</TimeML>\n")
        path = _doc_file(out, record["id"], ".tml")
        path.write_text("".join(parts), encoding="utf-8")
        written.append(path)
    return written


def parquet(release: Path, out: Path) -> list[Path]:
    """Copies of the release's Parquet data files, one per config."""
    from .release import CONFIGS, data_file

    written = []
    for config in CONFIGS:
        target = out / f"{config}.parquet"
        shutil.copyfile(release / data_file(config), target)
        written.append(target)
    return written


def export(fmt: str, release: Path, out: Path) -> list[Path]:
    """Write the export ``fmt`` of ``release`` into the folder ``out`` (created if needed)."""
    from .release import load_documents

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return parquet(release, out)
    records = load_documents(release)
    return {"conll": conll, "brat": brat, "timeml": timeml}[fmt](records, out)
