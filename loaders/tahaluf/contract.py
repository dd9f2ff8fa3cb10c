"""The data contract, read from ``schema/*.json``: label sets, id patterns, layers and schema validators.

Nobody else hard-codes what the schemas hold: entity types, quote kinds, TIMEX3 types and mods,
section types, the document id and entity id patterns all come from ``schema/defs.schema.json``,
and the annotation layers from the prediction schemas (``prediction-<layer>``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from .paths import schema_dir

SCHEMA_NAMES = (
    "defs",
    "document",
    "catalog",
    "manifest",
    "prediction-entities",
    "prediction-quotes",
    "prediction-dates",
    "score-result",
)


@cache
def schema(name: str) -> dict[str, Any]:
    """Return the parsed JSON Schema ``schema/<name>.schema.json``."""
    with open(schema_dir() / f"{name}.schema.json", encoding="utf-8") as handle:
        value: dict[str, Any] = json.load(handle)
    return value


@cache
def _registry() -> Any:
    from referencing import Registry, Resource

    resources = [(schema(n)["$id"], Resource.from_contents(schema(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources(resources)


@cache
def inlined(name: str) -> dict[str, Any]:
    """The schema with every ``$ref`` into ``defs`` replaced by the definition it names.

    The result means the same (the definitions hold no recursion) and validates several times
    faster, since nothing is looked up while validating.
    """
    defs = schema("defs")["$defs"]
    prefix = schema("defs")["$id"] + "#/$defs/"

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and (ref.startswith(prefix) or ref.startswith("#/$defs/")):
                target = resolve(defs[ref.rsplit("/", 1)[1]])
                extra = {k: resolve(v) for k, v in node.items() if k != "$ref"}
                return {**target, **extra} if isinstance(target, dict) else target
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved: dict[str, Any] = resolve(schema(name))
    resolved.pop("$defs", None)
    return resolved


@cache
def validator(name: str) -> Any:
    """Return a Draft 2020-12 validator for ``schema/<name>.schema.json`` (references inlined)."""
    from jsonschema import Draft202012Validator, validators

    strict = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})
    return strict(inlined(name), registry=_registry())


def _ecma_pattern(validator: Any, patrn: str, instance: Any, schema: Any) -> Any:
    """The ``pattern`` keyword with JSON Schema's (ECMA-262) ``$``: see :func:`ecma_regex`."""
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_regex(patrn).search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


@cache
def ecma_regex(source: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled with its own meaning of ``$``: the end of the string.

    JSON Schema patterns are ECMA-262 regular expressions, where ``$`` (no multiline flag) matches
    only at the very end; Python's ``$`` also matches before a final line break, so
    ``"tahaluf-001\\n"`` would pass ``^tahaluf-[0-9]{3,7}$`` (jsonschema-rs refuses it). Every ``$``
    outside a character class becomes ``\\Z``.
    """
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = "\\Z"
        out.append(char)
        i += 1
    return re.compile("".join(out))


@cache
def fast_validator(name: str) -> Any:
    """A ``jsonschema-rs`` validator of ``schema/<name>.schema.json`` (the ``fast`` extra), or None.

    It reads the schemas as they are, with a registry for their ``urn:`` ids, and gives the same
    verdict as :func:`validator` (tests check it on the fixtures and on fuzzed records); use
    :func:`validator` to word the errors of a record it refuses.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    registry = jsonschema_rs.Registry([(schema(n)["$id"], schema(n)) for n in SCHEMA_NAMES])
    return jsonschema_rs.Draft202012Validator(schema(name), registry=registry)


def conforms(name: str, value: Any) -> bool | None:
    """The fast verdict of ``schema/<name>.schema.json`` on one value: True or False, or None when
    no fast validator is installed or it cannot read the value (e.g. an integer beyond 64 bits)."""
    fast = fast_validator(name)
    if fast is None:
        return None
    try:
        return bool(fast.is_valid(value))
    except (ValueError, TypeError, OverflowError):
        return None


def _enum(defname: str) -> tuple[str, ...]:
    return tuple(v for v in schema("defs")["$defs"][defname]["enum"] if v is not None)


def entity_types() -> tuple[str, ...]:
    """Entity type labels, in schema order."""
    return _enum("entity_type")


def quote_kinds() -> tuple[str, ...]:
    """Quote kinds, in schema order."""
    return _enum("quote_kind")


def mention_levels() -> tuple[str, ...]:
    """Entity mention levels (NAM, NOM), in schema order."""
    return _enum("mention_level")


def content_forms() -> tuple[str, ...]:
    """Quote content forms (clause, noun_phrase), in schema order."""
    return _enum("content_form")


def timex_types() -> tuple[str, ...]:
    """TIMEX3 types, in schema order."""
    return _enum("timex_type")


def timex_mods() -> tuple[str, ...]:
    """TIMEX3 mods (without null), in schema order."""
    return _enum("timex_mod")


def section_types() -> tuple[str, ...]:
    """Section types, in schema order."""
    return _enum("section_type")


@cache
def pattern(defname: str) -> re.Pattern[str]:
    """The compiled ``pattern`` of a string definition of ``defs`` (``document_id``, ``entity_id``)."""
    return ecma_regex(schema("defs")["$defs"][defname]["pattern"])


def document_id_pattern() -> re.Pattern[str]:
    """Document ids: ``tahaluf-`` and three to seven digits (``defs#/$defs/document_id``)."""
    return pattern("document_id")


def entity_id_pattern() -> re.Pattern[str]:
    """Canonical entity ids: a lowercase ASCII slug (``defs#/$defs/entity_id``)."""
    return pattern("entity_id")


@cache
def prediction_item_keys(layer: str) -> tuple[frozenset[str], frozenset[str]]:
    """``(allowed keys, required keys)`` of one predicted item of ``layer``, from ``prediction-<layer>``."""
    item = inlined(f"prediction-{layer}")["properties"][layer]["items"]
    return frozenset(item["properties"]), frozenset(item.get("required", ()))


LAYERS: tuple[str, ...] = tuple(name.removeprefix("prediction-") for name in SCHEMA_NAMES if name.startswith("prediction-"))
"""The annotation layers, in order: ``entities``, ``quotes``, ``dates`` (one prediction schema each)."""
