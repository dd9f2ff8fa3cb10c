"""The JSON Schemas are valid draft 2020-12, documented, and the single source of the label sets."""

from __future__ import annotations

import json

import pytest

from tahaluf import contract

from conftest import ROOT

SCHEMAS = sorted((ROOT / "schema").glob("*.schema.json"))


def walk_properties(node, path="$"):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from walk_properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from walk_properties(sub, f"{path}[{i}]")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_and_every_property_is_described(path):
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("description")
    missing = [where for where, sub in walk_properties(schema) if not (isinstance(sub, dict) and sub.get("description"))]
    assert missing == []


def test_every_schema_is_loaded_by_the_contract():
    assert {p.name.removesuffix(".schema.json") for p in SCHEMAS} == set(contract.SCHEMA_NAMES)


def test_label_sets():
    assert contract.entity_types() == ("PER", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WEBSITE")
    assert contract.quote_kinds() == ("direct", "indirect", "mixed")
    assert contract.timex_types() == ("DATE", "TIME", "DURATION", "SET")
    assert "END" in contract.timex_mods() and None not in contract.timex_mods()


def test_records_and_catalog_validate_against_the_schemas(records, catalog):
    for record in records:
        assert list(contract.validator("document").iter_errors(record)) == []
    for entity in catalog.values():
        assert list(contract.validator("catalog").iter_errors(entity)) == []


def test_prediction_schemas_accept_gold_without_ids(records):
    for layer in ("entities", "quotes", "dates"):
        for record in records:
            items = [{k: v for k, v in ann.items() if k not in ("id", "parent", "section")} for ann in record[layer]]
            line = {"id": record["id"], layer: items}
            assert list(contract.validator(f"prediction-{layer}").iter_errors(line)) == []


def test_prediction_schema_rejects_unknown_label():
    line = {"id": "tahaluf-000", "entities": [{"start": 0, "end": 3, "type": "PERSON"}]}
    errors = list(contract.validator("prediction-entities").iter_errors(line))
    assert errors and errors[0].validator == "enum"
