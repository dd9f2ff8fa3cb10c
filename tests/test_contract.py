"""The label sets and id patterns of the data contract, as ``schema/defs.schema.json`` states them."""

from __future__ import annotations

import pytest

from tahaluf import contract


def test_label_sets_in_schema_order():
    assert contract.entity_types() == ("PER", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WEBSITE")
    assert contract.quote_kinds() == ("direct", "indirect", "mixed")
    assert contract.mention_levels() == ("NAM", "NOM")
    assert contract.content_forms() == ("clause", "noun_phrase")
    assert contract.timex_types() == ("DATE", "TIME", "DURATION", "SET")
    assert contract.section_types() == ("headline", "metadata", "body", "caption", "related", "appended_article", "boilerplate")
    mods = contract.timex_mods()
    assert mods[:2] == ("BEFORE", "AFTER") and mods[-1] == "APPROX" and len(mods) == 12
    assert None not in mods  # the schema allows null; the label set does not list it


def test_document_id_pattern():
    match = contract.document_id_pattern().match
    assert match("tahaluf-000") and match("tahaluf-1234567")
    assert not match("tahaluf-00") and not match("tahaluf-12345678") and not match("Tahaluf-000")


def test_entity_id_pattern():
    match = contract.entity_id_pattern().match
    assert match("ian-mccary") and match("un") and match("g20")
    assert not match("Ian") and not match("-un") and not match("un-") and not match("a--b") and not match("a_b")


def test_layers_and_prediction_keys():
    assert contract.LAYERS == ("entities", "quotes", "dates")
    allowed, required = contract.prediction_item_keys("dates")
    assert {"start", "end", "type", "value"} <= allowed and {"start", "end"} <= required


def test_fast_verdicts():
    pytest.importorskip("jsonschema_rs")
    assert contract.conforms("prediction-dates", {"id": "tahaluf-000", "dates": []}) is True
    assert contract.conforms("prediction-dates", {"id": "tahaluf-000", "dates": [{"start": -1}]}) is False


@pytest.mark.parametrize("name", ["document_id", "entity_id"])
def test_patterns_end_at_the_end_of_the_string(name):
    """JSON Schema's ``$`` (ECMA-262) is the end of the string; Python's also matches before a final line break."""
    good = {"document_id": "tahaluf-001", "entity_id": "joe-biden"}[name]
    pattern = contract.pattern(name)
    assert pattern.match(good) and not pattern.match(good + "\n")


def test_ecma_regex_keeps_escapes_and_character_classes():
    assert contract.ecma_regex(r"^a\$[$]$").pattern == r"^a\$[$]\Z"
    assert contract.ecma_regex(r"^[^/\\]+\.txt$").match("a.txt")


@pytest.mark.parametrize("schema_name", ["prediction-entities", "document"])
def test_both_validators_refuse_an_id_with_a_trailing_line_break(schema_name):
    record = {"id": "tahaluf-001\n", "entities": []}
    errors = [e.message for e in contract.validator(schema_name).iter_errors(record)]
    assert any("does not match" in message and "tahaluf-001" in message for message in errors)
    if contract.fast_validator(schema_name) is not None:
        assert contract.conforms(schema_name, record) is False
