"""Exports of a release: CoNLL IOB2 (token view), brat standoff (entities, quotes, dates), TimeML (dates), Parquet.

Every file is written inside the chosen output folder; file names come from document ids, which
are checked against the id pattern first, so no data can make an export write elsewhere.
"""

from __future__ import annotations

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


def escape_token(token: str) -> str:
    """A token as written on a CoNLL line: ``#`` and ``\\`` get a leading backslash, so that a reader
    that skips lines starting with ``#`` (comments) keeps the token ``#`` (written ``\\#``)."""
    return "\\" + token if token[:1] in ("#", "\\") else token


def conll(records: list[dict[str, Any]], out: Path, view: str = "word", profile: str | None = None) -> list[Path]:
    """``tahaluf.conll``: ``# id = UNIT``, then one ``token<TAB>tag`` line per token, a blank line after each unit.

    ``view`` is the token view (``word``, or ``clitic``, declared by a first line ``# view = clitic``);
    ``profile`` an entity profile whose type names the tags use (e.g. ``wojood``: ``B-PERS``).
    """
    path = out / "tahaluf.conll"
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        if view != "word":
            handle.write(f"# view = {view}\n")
        for record in records:
            for unit in units(record, view=view, profile=profile):
                handle.write(f"# id = {unit.id}\n")
                for token, tag in zip(unit.tokens, unit.tags):
                    handle.write(f"{escape_token(token)}\t{tag}\n")
                handle.write("\n")
    return [path]


def read_conll(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Read a CoNLL file written by :func:`conll` back into ``(unit id, tokens, tags)``."""
    from .score.predictions import unescape_token

    units_out: list[tuple[str, list[str], list[str]]] = []
    unit_id, tokens, tags = "", [], []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw.startswith("# view = "):
            continue
        if raw.startswith("# id = "):
            unit_id = raw[7:]
        elif raw == "":
            if tokens:
                units_out.append((unit_id, tokens, tags))
            unit_id, tokens, tags = "", [], []
        else:
            token, _, tag = raw.rpartition("\t")
            tokens.append(unescape_token(token))
            tags.append(tag)
    if tokens:
        units_out.append((unit_id, tokens, tags))
    return units_out


def brat(records: list[dict[str, Any]], out: Path) -> list[Path]:
    """brat standoff: ``<id>.txt`` and ``<id>.ann`` per document, plus ``annotation.conf``.

    - An entity mention is a text-bound annotation of its type, with a ``level`` attribute
      (NAM/NOM) and its canonical id as a note.
    - A quote is a ``Quote`` text-bound annotation of its content with ``kind`` and
      ``content_form`` attributes and the speaker's id as a note; its cue and source are linked
      to it by ``Cue_of`` and ``Source_of`` relations, a nested quote to its enclosing quote by
      ``Nested_in``.
    - A date is a ``TIMEX3`` text-bound annotation with the TIMEX3 attributes ``type``, ``value``
      and (when set) ``mod`` as brat attributes; its section is a note.

    No two text-bound annotations share a span (strict readers such as pybrat refuse that): a cue
    or source whose span is already annotated (a source is usually an entity mention) is not
    written again, the relation points at the existing annotation.
    """
    from .contract import content_forms, entity_types, mention_levels, quote_kinds, timex_mods, timex_types

    written = []
    for record in records:
        txt, ann = _doc_file(out, record["id"], ".txt"), _doc_file(out, record["id"], ".ann")
        txt.write_bytes(record["text"].encode("utf-8"))
        ann.write_text("".join(line + "\n" for line in _brat_lines(record)), encoding="utf-8")
        written += [txt, ann]
    values = sorted({d["value"] for r in records for d in r["dates"]})
    bound = "|".join([*entity_types(), "Quote", "Cue", "Source", "TIMEX3"])
    conf = out / "annotation.conf"
    conf.write_text(
        "[entities]\n" + "\n".join([*entity_types(), "Quote", "Cue", "Source", "TIMEX3"]) + "\n\n"
        f"[relations]\nCue_of\tArg1:{bound}, Arg2:Quote\nSource_of\tArg1:{bound}, Arg2:Quote\n"
        "Nested_in\tArg1:Quote, Arg2:Quote\n\n"
        "[events]\n\n[attributes]\n"
        f"level\tArg:{'|'.join(entity_types())}, Value:{'|'.join(mention_levels())}\n"
        f"kind\tArg:Quote, Value:{'|'.join(quote_kinds())}\n"
        f"content_form\tArg:Quote, Value:{'|'.join(content_forms())}\n"
        f"type\tArg:TIMEX3, Value:{'|'.join(timex_types())}\n"
        f"value\tArg:TIMEX3, Value:{'|'.join(values)}\n"
        f"mod\tArg:TIMEX3, Value:{'|'.join(m for m in timex_mods() if m)}\n",
        encoding="utf-8",
    )
    return [*written, conf]


def _brat_lines(record: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    counters = {"T": 0, "R": 0, "A": 0, "#": 0}
    by_span: dict[tuple[int, int], str] = {}

    def next_id(kind: str) -> str:
        counters[kind] += 1
        return f"{kind}{counters[kind]}"

    def textbound(label: str, span: dict[str, Any], reuse: bool = False) -> str:
        key = (span["start"], span["end"])
        if reuse and key in by_span:
            return by_span[key]
        tid = next_id("T")
        by_span.setdefault(key, tid)
        lines.append(f"{tid}\t{label} {span['start']} {span['end']}\t{span['text']}")
        return tid

    def attribute(name: str, target: str, value: str) -> None:
        lines.append(f"{next_id('A')}\t{name} {target} {value}")

    def note(target: str, value: str) -> None:
        lines.append(f"{next_id('#')}\tAnnotatorNotes {target}\t{value}")

    for mention in record["entities"]:
        target = textbound(mention["type"], mention)
        attribute("level", target, mention["level"])
        note(target, f"entity_id={mention['entity_id']}")
    contents: dict[str, str] = {}
    for quote in record["quotes"]:
        content = textbound("Quote", quote)
        contents[quote["id"]] = content
        attribute("kind", content, quote["kind"])
        attribute("content_form", content, quote["content_form"])
        for role in ("cue", "source"):
            if quote[role]:
                arg = textbound(role.capitalize(), quote[role], reuse=True)
                lines.append(f"{next_id('R')}\t{role.capitalize()}_of Arg1:{arg} Arg2:{content}")
        note(content, f"speaker={quote['speaker'] or 'null'}")
    for quote in record["quotes"]:
        if quote["parent"] in contents:
            lines.append(f"{next_id('R')}\tNested_in Arg1:{contents[quote['id']]} Arg2:{contents[quote['parent']]}")
    for date in record["dates"]:
        target = textbound("TIMEX3", date)
        attribute("type", target, date["type"])
        attribute("value", target, date["value"])
        if date["mod"]:
            attribute("mod", target, date["mod"])
        note(target, f"tid={date['id']} section={date['section']}")
    return lines


# TimeML 1.2.1 TIMEX3 attributes this export writes; nothing else (the TempEval-3 toolkit validates them)
TIMEX3_ATTRIBUTES = ("tid", "type", "value", "mod", "temporalFunction", "functionInDocument", "anchorTimeID")
DCT_TID = "t0"


def _section_anchor_tid(section_id: str) -> str:
    """The tid of a section's anchor TIMEX3: ``t`` and the section id (``ts06``), never a date id (``t<digits>``)."""
    return f"t{section_id}"


def timeml_document(record: dict[str, Any], dates: list[dict[str, Any]]) -> str:
    """One document as TimeML 1.2.1: the text with inline TIMEX3 elements, a DCT, the section anchors.

    - ``<DCT>`` holds one TIMEX3, ``tid="t0"``, ``functionInDocument="CREATION_TIME"``, whose value is
      the publication date (``XXXX-XX-XX`` when unknown).
    - Each date is a TIMEX3 with ``tid`` (``t1``, ``t2``, ... in text order), ``type``, ``value`` and
      ``mod`` when set. A date whose section has a known anchor date gets ``anchorTimeID``: ``t0``
      when the anchor is the publication date, else the tid of the section's anchor TIMEX3.
    - A section whose anchor differs from the publication date has a non-consuming TIMEX3 after
      ``</TEXT>``: ``tid="t<section id>"`` (``ts06``), ``functionInDocument="PUBLICATION_TIME"``,
      the anchor as value. Section ids and types themselves stay in ``documents.jsonl``.

    Raises :class:`ExportError` when two dates overlap (TimeML cannot nest or cross TIMEX3 elements).
    """
    text = record["text"]
    pub = record["publication_date"]["value"] or "XXXX-XX-XX"
    anchors: list[tuple[str, str]] = []  # (tid, value) of the sections' own anchor TIMEX3s
    section_anchor: list[tuple[int, int, str | None]] = []  # (start, end, anchorTimeID)
    for section in record["sections"]:
        value = section["anchor_date"]["value"]
        if value is None:
            tid = None
        elif value == pub:
            tid = DCT_TID
        else:
            tid = _section_anchor_tid(section["id"])
            anchors.append((tid, value))
        section_anchor.append((section["start"], section["end"], tid))

    def anchor_of(start: int) -> str | None:
        for s_start, s_end, tid in section_anchor:
            if s_start <= start < s_end:
                return tid
        return None

    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n',
        f"<DOCID>{escape(record['id'])}</DOCID>\n",
        f'<DCT><TIMEX3 tid="{DCT_TID}" type="DATE" value={quoteattr(pub)} temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{escape(pub)}</TIMEX3></DCT>\n',
        "<TEXT>",
    ]
    position = 0
    previous: dict[str, Any] | None = None
    for number, date in enumerate(sorted(dates, key=lambda d: (d["start"], d["end"])), start=1):
        if previous is not None and date["start"] < previous["end"]:
            raise ExportError(
                f"{record['id']}: dates [{previous['start']}, {previous['end']}) and [{date['start']}, {date['end']}) overlap; "
                "TimeML cannot nest TIMEX3 elements: keep one of them"
            )
        parts.append(escape(text[position : date["start"]]))
        attrs = f'tid="t{number}" type={quoteattr(date["type"])} value={quoteattr(date["value"])}'
        if date.get("mod"):
            attrs += f" mod={quoteattr(date['mod'])}"
        anchor = anchor_of(date["start"])
        if anchor is not None:
            attrs += f' anchorTimeID="{anchor}"'
        parts.append(f"<TIMEX3 {attrs}>{escape(text[date['start'] : date['end']])}</TIMEX3>")
        position = date["end"]
        previous = date
    parts.append(escape(text[position:]) + "</TEXT>\n")
    for tid, value in anchors:
        parts.append(
            f'<TIMEX3 tid="{tid}" type="DATE" value={quoteattr(value)} temporalFunction="false" functionInDocument="PUBLICATION_TIME"/>\n'
        )
    parts.append("</TimeML>\n")
    return "".join(parts)


def timeml(records: list[dict[str, Any]], out: Path, predictions: dict[str, list[dict[str, Any]]] | None = None) -> list[Path]:
    """TimeML 1.2.1: ``<id>.tml`` per document (see :func:`timeml_document`).

    With ``predictions`` (document id -> predicted dates) the predicted dates are written instead
    of the gold ones, over the same text, DCT and section anchors: the system side of a
    TempEval-3 toolkit run. A document without predictions gets no TIMEX3 in its text.
    """
    written = []
    for record in records:
        dates = record["dates"] if predictions is None else predictions.get(record["id"], [])
        path = _doc_file(out, record["id"], ".tml")
        path.write_text(timeml_document(record, dates), encoding="utf-8")
        written.append(path)
    return written


def read_date_predictions(path: Path, records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """A dates prediction file (JSON Lines), checked as the scorer checks it, as document id -> dates.

    Raises :class:`~tahaluf.score.PredictionError` naming the file, line, document and field of every fault.
    """
    from .score.predictions import PredictionError, Reader, check_items

    texts = {record["id"]: record["text"] for record in records}
    out: dict[str, list[dict[str, Any]]] = {}
    problems = []
    reader = Reader(path, "dates")  # each line read and parsed once when it follows the gold's order
    try:
        for doc, text in texts.items():
            taken = reader.take(doc)
            if taken is not None:
                line, items = taken
                problems += check_items(str(path), line, doc, "dates", items, text)
                out[doc] = items
        reader.finish()
    finally:
        reader.close()
    if reader.problems or problems:
        raise PredictionError(reader.problems or problems)
    return out


def parquet(release: Path, out: Path) -> list[Path]:
    """One Parquet file per config, with every label written as its name (a string), not as the
    class-label integer of the release's data files, so the file reads right without the card."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .release import CONFIGS, load_catalog, load_documents
    from .views import rows

    records, catalog = load_documents(release), load_catalog(release)
    written = []
    for config in CONFIGS:
        target = out / f"{config}.parquet"
        pq.write_table(pa.Table.from_pylist(list(rows(config, records, catalog))), target, compression="zstd")
        written.append(target)
    return written


def export(fmt: str, release: Path, out: Path, dates: Path | None = None, view: str = "word", profile: str | None = None) -> list[Path]:
    """Write the export ``fmt`` of ``release`` into the folder ``out`` (created if needed).

    ``dates`` (TimeML only) is a dates prediction file to export instead of the gold dates.
    ``view`` and ``profile`` (an entity profile) apply to the CoNLL export only.
    """
    from .release import load_documents

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if dates is not None and fmt != "timeml":
        raise ExportError("--dates (a dates prediction file) is for the TimeML export only")
    if fmt != "conll" and (view != "word" or profile not in (None, "native")):
        raise ExportError("--view and --profile apply to the CoNLL export only")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        return parquet(release, out)
    records = load_documents(release)
    if fmt == "timeml":
        return timeml(records, out, read_date_predictions(dates, records) if dates is not None else None)
    if fmt == "conll":
        return conll(records, out, view=view, profile=profile)
    return brat(records, out)
