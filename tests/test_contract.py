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
