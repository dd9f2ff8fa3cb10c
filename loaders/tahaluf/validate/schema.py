"""Level 2, schema: every record against ``schema/*.json``, each violation with its own code."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..release import Line
from .report import Report

KEYWORD_CODES = {
    "required": "missing-field",
    "additionalProperties": "unknown-field",
    "type": "wrong-type",
    "enum": "unknown-label",
    "const": "unknown-label",
    "pattern": "bad-format",
}
"""JSON Schema keyword that failed -> validator code; any other keyword is ``schema-violation``."""
MAX_PER_RECORD = 20


def keyword_code(error: Any) -> str:
    """The code of a ``jsonschema`` error, from the keyword that failed (for ``oneOf``, the branches' keywords)."""
    if error.validator == "oneOf":
        inner = {e.validator for e in (error.context or [])}
        for keyword in ("enum", "pattern", "required", "additionalProperties", "type"):
            if keyword in inner:
                return KEYWORD_CODES[keyword]
        return "schema-violation"
    return KEYWORD_CODES.get(str(error.validator), "schema-violation")


def annotation_id(record: Any, error: Any) -> str:
    """The id of the annotation (``record[layer][i]["id"]``) an error lies in, else ``-``."""
    path = list(error.absolute_path)
    if len(path) >= 2 and isinstance(record, dict):
        try:
            item = record[path[0]][path[1]]
        except (KeyError, IndexError, TypeError):
            return "-"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return str(item["id"])
    return "-"


def shorten(message: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def record_id(line: Line) -> str:
    """The document id of a record, or ``-`` when it has none."""
    value = line.value.get("id", "-") if isinstance(line.value, dict) else "-"
    return value if isinstance(value, str) else "-"


def check(schema_name: str, line: Line, report: Report, doc: str = "-") -> bool:
    """Validate one record against ``schema/<schema_name>.schema.json``; True when it conforms."""
    from ..contract import conforms, validator

    if conforms(schema_name, line.value):
        return True
    errors = sorted(validator(schema_name).iter_errors(line.value), key=lambda e: list(e.absolute_path))
    for err in errors[:MAX_PER_RECORD]:
        where = "/".join(str(p) for p in err.absolute_path) or "(record)"
        report.add(keyword_code(err), f"{where}: {shorten(err.message)}", line.file, line.number, doc, annotation_id(line.value, err))
    return not errors


@cache
def _entries_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    from ..contract import schema

    return jsonschema_rs.Draft202012Validator({"type": "array", "items": schema("manifest")["properties"]["files"]["items"]})


def manifest_conforms(fields: dict[str, Any] | None, entries: list[Any]) -> bool | None:
    """The fast verdict of the manifest schema on a manifest read in parts: its other ``fields``
    (None for them not to be checked) and some of its ``files`` entries; None without a fast validator."""
    from ..contract import conforms

    validate = _entries_validator()
    if validate is None:
        return None
    try:
        ok = bool(validate.is_valid(entries))
    except (ValueError, TypeError, OverflowError):
        return None
    if not ok or fields is None:
        return ok
    return conforms("manifest", {**fields, "files": []})


def check_documents(lines: list[Line], report: Report) -> list[Line]:
    """The document lines that conform to the document schema (the others are reported)."""
    return [line for line in lines if check("document", line, report, record_id(line))]
