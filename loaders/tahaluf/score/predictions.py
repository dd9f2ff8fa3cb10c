"""Reading and validating prediction files before anything is scored.

Every problem names the file, the line, the document and the field at fault; a file with any
problem is refused as a whole (exit status 2 on the command line), so nothing is dropped silently.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..contract import LAYERS, document_id_pattern, entity_id_pattern, prediction_item_keys

MAX_PROBLEMS = 50
"""How many problems the command line lists; the count it prints is always the true one."""


@dataclass
class Problem:
    """One fault of a prediction file."""

    file: str
    line: int | None
    doc: str
    field: str
    message: str

    def format(self) -> str:
        line = self.line if self.line is not None else "-"
        return f"{self.file}:{line} {self.doc} {self.field}: {self.message}"


class PredictionError(Exception):
    """A prediction file cannot be scored; ``problems`` says why, one line each.

    ``problems`` holds every problem found; ``hint`` (if any) says what the file looks like and
    what to do, e.g. pass ``--pred-format conll``.
    """

    def __init__(self, problems: list[Problem], hint: str | None = None):
        self.problems = problems
        self.hint = hint
        super().__init__("\n".join(p.format() for p in problems))

    def report(self, limit: int = MAX_PROBLEMS) -> list[str]:
        """The lines to print: a header with the true count, the first ``limit`` problems,
        ``... and N more`` when some are not listed, and the hint."""
        n = len(self.problems)
        shown = self.problems[:limit]
        head = f"error: the prediction file cannot be scored ({n} problem{'s' if n != 1 else ''}"
        head += f"; the first {len(shown)} are listed):" if len(shown) < n else "):"
        lines = [head] + [f"  {p.format()}" for p in shown]
        if len(shown) < n:
            lines.append(f"  ... and {n - len(shown)} more")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return lines


def sniff(path: Path) -> str | None:
    """A hint when a file given as JSON Lines looks like something else (CoNLL, a JSON array)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return None
    first = next((line.strip() for line in head.splitlines() if line.strip()), "")
    if first.startswith("["):
        return (
            "the file holds a JSON array; JSON Lines is expected: one JSON object per line, one line per document "
            "(convert with: jq -c '.[]' IN > OUT)"
        )
    if first.startswith("# id =") or re.match(r"^\S+\t(O|[BI]-[A-Z]+)$", first):
        return "the file looks like CoNLL (token<TAB>tag lines): pass --pred-format conll, or name the file *.conll"
    return None


def _decode(path: Path) -> tuple[str, list[Problem]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        return "", [Problem(name, None, "-", "-", f"cannot read the file: {err.strerror or err}")]
    if data.startswith(b"\xef\xbb\xbf"):
        return "", [Problem(name, 1, "-", "-", "the file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return "", [Problem(name, line, "-", "-", f"invalid UTF-8 at byte {err.start}")]


def _field(error) -> str:
    parts = [str(p) for p in error.absolute_path]
    field = ""
    for part in parts:
        field += f"[{part}]" if part.isdigit() else (f".{part}" if field else part)
    return field or "(line)"


def _fast_valid(task: str, value: Any) -> bool:
    """A quick check that accepts only lines the JSON Schema accepts (the common, well-formed case).

    Anything it does not accept goes to ``jsonschema``, which decides and words the error, so the
    schema stays the single authority; this only spares calling it on 100,000 good lines (when
    jsonschema-rs, which decides first, is not installed).
    """
    from ..contract import entity_types, quote_kinds, timex_types

    if not isinstance(value, dict) or value.keys() != {"id", task} or not isinstance(value["id"], str):
        return False
    if not _DOC_ID.match(value["id"]) or not isinstance(value[task], list):
        return False
    allowed = _FAST[task]
    labels = {"entities": entity_types(), "quotes": quote_kinds(), "dates": timex_types()}[task]
    label_key = "kind" if task == "quotes" else "type"
    check = _FAST_ITEM[task]
    for item in value[task]:
        if not isinstance(item, dict) or not item.keys() <= allowed[0] or not item.keys() >= allowed[1]:
            return False
        if not _offsets_ok(item) or ("text" in item and not isinstance(item["text"], str)):
            return False
        if label_key in item and item[label_key] not in labels:
            return False
        if "level" in item or "content_form" in item:
            return False  # rare optional fields: let jsonschema decide
        if not check(item):
            return False
    return True


def _fast_entity(item: dict) -> bool:
    entity_id = item.get("entity_id")
    return entity_id is None or (isinstance(entity_id, str) and bool(_SLUG.match(entity_id)))


def _fast_span(span: Any) -> bool:
    """A cue or source: None, or an object with integer offsets and an optional string text."""
    return span is None or (
        isinstance(span, dict)
        and span.keys() <= {"start", "end", "text"}
        and span.keys() >= {"start", "end"}
        and _offsets_ok(span)
        and ("text" not in span or isinstance(span["text"], str))
    )


def _fast_quote(item: dict) -> bool:
    speaker = item.get("speaker")
    speaker_ok = speaker is None or (isinstance(speaker, str) and bool(_SLUG.match(speaker)))
    return speaker_ok and _fast_span(item.get("cue")) and _fast_span(item.get("source"))


def _fast_date(item: dict) -> bool:
    from ..contract import timex_mods

    return isinstance(item["value"], str) and item.get("mod") in (None, *timex_mods())


_FAST_ITEM = {"entities": _fast_entity, "quotes": _fast_quote, "dates": _fast_date}


def _offsets_ok(span: dict) -> bool:
    start, end = span.get("start"), span.get("end")
    return type(start) is int and type(end) is int and start >= 0 and end >= 0


_DOC_ID = document_id_pattern()
_SLUG = entity_id_pattern()
# task -> (allowed keys, required keys) of one item, read from schema/prediction-<task>.schema.json
_FAST = {task: prediction_item_keys(task) for task in LAYERS}


class _Lines:
    """The lines of a JSON Lines prediction file, each decoded, parsed and checked against the schema.

    Problems (encoding, JSON syntax, schema) go to ``problems``, in line order; a byte order mark,
    a JSON array or a first line that is not JSON raise :class:`PredictionError` at once (with a
    hint). Yields ``(byte offset, line number, id, value)`` for every line that passes.
    """

    def __init__(self, path: Path, task: str):
        self.path, self.task, self.name = path, task, str(path)
        self.problems: list[Problem] = []
        try:
            self.handle = open(path, "rb")
        except OSError as err:
            raise PredictionError([Problem(self.name, None, "-", "-", f"cannot read the file: {err.strerror or err}")]) from None

    def __iter__(self) -> Iterator[tuple[int, int, str, Any]]:
        from ..contract import conforms, validator
        from ..release import loads

        schema = validator(f"prediction-{self.task}")
        name, task, problems = self.name, self.task, self.problems
        offset = 0
        for number, data in enumerate(self.handle, start=1):
            start = offset
            offset += len(data)
            if number == 1 and data.startswith(b"\xef\xbb\xbf"):
                problems.append(Problem(name, 1, "-", "-", "the file starts with a UTF-8 byte order mark; save it as UTF-8 without BOM"))
                return
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError as err:
                problems.append(Problem(name, number, "-", "-", f"invalid UTF-8 at byte {start + err.start}"))
                continue
            if not raw.strip():
                continue  # blank lines are skipped
            try:
                value = loads(raw)
            except json.JSONDecodeError as err:
                problems.append(Problem(name, number, "-", "-", f"invalid JSON: {err.msg} at column {err.colno}"))
                if number == 1 and (hint := sniff(self.path)):
                    raise PredictionError(problems, hint) from None
                continue
            except RecursionError:
                problems.append(Problem(name, number, "-", "-", "invalid JSON: nesting too deep"))
                continue
            if number == 1 and isinstance(value, list):
                problems.append(Problem(name, 1, "-", "-", "a JSON array, not one JSON object per line"))
                raise PredictionError(problems, sniff(self.path))
            doc = value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else "-"
            fast = conforms(f"prediction-{task}", value)
            if fast is False or (fast is None and not _fast_valid(task, value)):
                errors = sorted(schema.iter_errors(value), key=lambda e: list(e.absolute_path))
                if errors:
                    for err in errors:
                        problems.append(Problem(name, number, doc, _field(err), " ".join(err.message.split())[:200]))
                    continue
            yield start, number, doc, value


_id_hash = hash  # of a document id, for the reader's compact record of the lines it has read (tests force collisions)


class Reader:
    """A JSON Lines prediction file read alongside the gold: :meth:`take` gives the items of each
    gold document in turn, :meth:`finish` checks what is left.

    When the file follows the gold's order (the common case), each line is read and parsed once;
    a line met before its document's turn is remembered by its offset and parsed again when asked
    for. The checks are syntax and schema, found as the file is read, then ids given twice and ids
    not in the gold, found by :meth:`finish`; ``problems`` lists them all in line order after it.

    What is kept for every line is 16 bytes (a hash of its id, and its offset and number), so
    memory hardly grows with the file: ids given twice are found by sorting the hashes once at the
    end, and lines whose hashes meet are read again to compare their real ids.
    """

    def __init__(self, path: Path, task: str):
        self.task = task
        self._lines = _Lines(path, task)
        self.name, self.problems = self._lines.name, self._lines.problems
        self._iter = iter(self._lines)
        self._hashes = array("q")  # hash of the id of every line read, in line order
        self._places = array("q")  # offset << 24 | line number of every line read
        self._waiting: dict[str, int] = {}  # id -> offset << 24 | line number, of lines read before their document's turn
        self._random: Any = None

    def take(self, doc: str) -> tuple[int, list[dict[str, Any]]] | None:
        """``(line number, items)`` of gold document ``doc``, or None when the file has no line for it."""
        place = self._waiting.pop(doc, None)
        if place is not None:
            return place & 0xFFFFFF, self._value(place)[self.task]
        for start, number, given, value in self._iter:
            self._note(given, start, number)
            if given == doc:
                return number, value[self.task]
            self._waiting.setdefault(given, start << 24 | number)  # an id given twice keeps its first line
        return None

    def finish(self) -> None:
        """Read the rest of the file and list the ids given twice and those not in the gold (closes the file).

        Every gold document must have been asked for with :meth:`take` first: a line never taken
        is one whose id is not in the gold, or one that repeats an id given before it."""
        for start, number, given, _ in self._iter:
            self._note(given, start, number)
            self._waiting.setdefault(given, start << 24 | number)
        repeats = self._repeats()
        for doc, place in self._waiting.items():
            if place not in repeats:
                self.problems.append(Problem(self.name, place & 0xFFFFFF, doc, "id", "unknown document id (not in the gold)"))
        if not self._hashes and not self.problems:
            self.problems.append(Problem(self.name, None, "-", "-", "the file is empty (no JSON object on any line)"))
        self.problems.sort(key=lambda p: p.line or 0)
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._lines.handle.close()
        if self._random is not None:
            self._random.close()

    def _note(self, doc: str, start: int, number: int) -> None:
        self._hashes.append(_id_hash(doc))
        self._places.append(start << 24 | number)

    def _repeats(self) -> set[int]:
        """Report every line that gives an id already given on an earlier line; returns their places."""
        import numpy as np

        hashes = np.frombuffer(self._hashes, dtype=np.int64) if self._hashes else np.zeros(0, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")  # lines of one hash stay in line order
        ordered = hashes[order]
        shared = np.zeros(len(order), dtype=bool)
        shared[1:] = ordered[1:] == ordered[:-1]
        shared[:-1] |= shared[1:]
        repeats: set[int] = set()
        first: dict[tuple[int, str], int] = {}  # (hash, real id) -> place of its first line
        for index in order[shared].tolist():  # lines whose hashes meet: compare their real ids
            place = self._places[index]
            doc = self._value(place)["id"]
            key = (self._hashes[index], doc)
            if key in first:
                repeats.add(place)
                given = f"document already given on line {first[key] & 0xFFFFFF}"
                self.problems.append(Problem(self.name, place & 0xFFFFFF, doc, "id", given))
            else:
                first[key] = place
        return repeats

    def _value(self, place: int) -> Any:
        """The parsed line at ``place`` (offset << 24 | line number), read again."""
        from ..release import loads

        if self._random is None:
            self._random = open(self._lines.path, "rb")
        self._random.seek(place >> 24)
        return loads(self._random.readline().decode("utf-8"))


def check_items(file: str, line: int, doc: str, task: str, items: list[dict[str, Any]], text: str) -> list[Problem]:
    """Offsets inside the text, spans not inverted, optional ``text`` equal to the gold text."""
    problems: list[Problem] = []
    size = len(text)
    for index, item in enumerate(items):
        start, end = item["start"], item["end"]
        if start < end <= size and ("text" not in item or item["text"] == text[start:end]) and "cue" not in item and "source" not in item:
            continue  # the common case, checked at once
        spans = [("", item)] + [(f".{k}", item[k]) for k in ("cue", "source") if isinstance(item.get(k), dict)]
        for suffix, span in spans:
            where = f"{task}[{index}]{suffix}"
            start, end = span["start"], span["end"]
            if end > len(text):
                problems.append(Problem(file, line, doc, f"{where}.end", f"{end} is beyond the text length {len(text)}"))
            elif end <= start:
                problems.append(Problem(file, line, doc, f"{where}.end", f"end {end} is not after start {start}"))
            elif "text" in span and span["text"] != text[start:end]:
                problems.append(Problem(file, line, doc, f"{where}.text", f"{span['text']!r} but the text there is {text[start:end]!r}"))
    return problems


def conll_view(text: str) -> str:
    """The token view a CoNLL file declares on its first line (``# view = clitic``), else ``word``."""
    first = text.split("\n", 1)[0].rstrip("\r")
    return first[len("# view = ") :].strip() if first.startswith("# view = ") else "word"


def unescape_token(token: str) -> str:
    """A token as written by the CoNLL export: a leading backslash protects ``#`` and ``\\``."""
    return token[1:] if token[:1] == "\\" and token[1:2] in ("#", "\\") else token


def load_conll(path: Path, records: list[dict[str, Any]], extra_types: tuple[str, ...] = ()) -> dict[str, list[dict[str, Any]]]:
    """Read entity predictions in CoNLL IOB2 aligned to the ``ner`` view (``# id = UNIT`` lines,
    then ``token<TAB>tag``); tokens must equal the view's tokens. Returns entity spans per document.

    The view is the ``word`` view unless the first line says ``# view = clitic``. A token written
    with a leading backslash (``\\#``, see :func:`unescape_token`) is read without it. Tags use
    Tahaluf's types, or ``extra_types`` (a profile's type names, e.g. Wojood's ``PERS``).
    """
    from ..tokens import VIEWS

    name = str(path)
    text, problems = _decode(path)
    if problems:
        raise PredictionError(problems)
    if not text.strip():
        raise PredictionError([Problem(name, None, "-", "-", "the file is empty (no '# id = ...' unit)")])
    view = conll_view(text)
    if view not in VIEWS:
        raise PredictionError([Problem(name, 1, "-", "view", f"unknown token view {view!r}; choose one of {', '.join(VIEWS)}")])
    reader = _ConllReader(name, records, view, extra_types)
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        reader.line(number, raw.rstrip("\r"))
    reader.close()
    if not reader.problems:
        reader.check_complete()
    if reader.problems:
        raise PredictionError(reader.problems)
    return reader.out


class _ConllReader:
    """The state of :func:`load_conll`: the unit being read, its tags, the spans and the faults found."""

    def __init__(self, name: str, records: list[dict[str, Any]], view: str, extra_types: tuple[str, ...]):
        from ..contract import entity_types
        from ..tokens import iob2_labels, units

        self.name = name
        self.expected = {unit.id: unit for record in records for unit in units(record, view=view)}
        self.labels = set(iob2_labels(dict.fromkeys([*entity_types(), *extra_types])))
        self.out: dict[str, list[dict[str, Any]]] = {record["id"]: [] for record in records}
        self.problems: list[Problem] = []
        self.seen: set[str] = set()
        self.unit: Any = None
        self.tags: list[str] = []
        self.start_line = 0

    def line(self, number: int, raw: str) -> None:
        """One line of the file (without its line break)."""
        if raw.startswith("# view = ") and number == 1:
            return
        if raw.startswith("# id = "):
            self.close()
            self._open(number, raw[7:].strip())
        elif raw == "":
            self.close()
        elif self.unit is not None:
            self._token(number, raw)
        elif raw.strip() and not self.problems:
            self.problems.append(Problem(self.name, number, "-", "-", "token line outside a unit (missing '# id = ...' line)"))

    def _open(self, number: int, unit_id: str) -> None:
        self.unit = self.expected.get(unit_id)
        self.start_line = number
        if self.unit is None:
            self.problems.append(Problem(self.name, number, "-", "id", f"unknown unit id {unit_id!r} (not in the ner view)"))
        elif unit_id in self.seen:
            self.problems.append(Problem(self.name, number, self.unit.doc_id, "id", f"unit {unit_id} given twice"))
            self.unit = None
        else:
            self.seen.add(unit_id)

    def _token(self, number: int, raw: str) -> None:
        unit = self.unit
        token, sep, tag = raw.rpartition("\t")
        token = unescape_token(token)
        position = len(self.tags)
        if not sep:
            self.problems.append(Problem(self.name, number, unit.doc_id, unit.id, "expected 'token<TAB>tag'"))
        elif tag not in self.labels:
            self.problems.append(Problem(self.name, number, unit.doc_id, unit.id, f"unknown tag {tag!r}"))
        elif position < len(unit.tokens) and token != unit.tokens[position]:
            self.problems.append(
                Problem(self.name, number, unit.doc_id, unit.id, f"token {token!r} but the ner view has {unit.tokens[position]!r}")
            )
        self.tags.append(tag if sep else "O")

    def close(self) -> None:
        """End the unit being read: check its length and IOB2 order, keep its spans."""
        from ..tokens import spans_from_tags

        unit, tags = self.unit, self.tags
        self.unit, self.tags = None, []
        if unit is None:
            return
        if len(tags) != len(unit.tokens):
            self.problems.append(
                Problem(self.name, self.start_line, unit.doc_id, unit.id, f"{len(tags)} tokens but the ner view has {len(unit.tokens)}")
            )
            return
        previous = "O"
        for i, tag in enumerate(tags):
            if tag.startswith("I-") and previous not in (tag, "B-" + tag[2:]):
                self.problems.append(
                    Problem(self.name, self.start_line + 1 + i, unit.doc_id, unit.id, f"{tag} after {previous} is not valid IOB2")
                )
            previous = tag
        for start, end, label in spans_from_tags(unit.offsets, tags):
            self.out[unit.doc_id].append({"start": start, "end": end, "type": label})

    def check_complete(self) -> None:
        """A document with no unit is missing (left to the caller); one with some of its units only is a fault."""
        units_of: dict[str, list[str]] = {}
        for unit in self.expected.values():
            units_of.setdefault(unit.doc_id, []).append(unit.id)
        for doc, unit_ids in units_of.items():
            absent = sorted(u for u in unit_ids if u not in self.seen)
            if len(absent) == len(unit_ids):
                self.out.pop(doc, None)  # no unit at all: the document is missing
            elif absent:
                self.problems.append(Problem(self.name, None, doc, "id", f"units missing from the file: {', '.join(absent[:5])}"))
