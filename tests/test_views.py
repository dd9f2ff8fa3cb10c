"""tahaluf.views: the rows of each config, without datasets."""

from __future__ import annotations

import pytest

from tahaluf.views import layer_rows, rows, token_rows

RECORD = {
    "id": "tahaluf-900",
    "source_file": "x.txt",
    "text": "زار بايدن.",
    "sha256": "0" * 64,
    "outlets": [],
    "publication_date": {"value": "2024", "provenance": "stated", "evidence": "x"},
    "sections": [{"id": "s01"}],
    "entities": [{"id": "e1", "start": 4, "end": 9, "text": "بايدن", "type": "PER", "parent": None}],
    "quotes": [],
    "dates": [],
}


def test_layer_views_keep_id_text_and_the_layer():
    assert list(layer_rows("entities", [RECORD])) == [{"id": "tahaluf-900", "text": "زار بايدن.", "entities": RECORD["entities"]}]
    assert list(rows("dates", [RECORD], [])) == [{"id": "tahaluf-900", "text": "زار بايدن.", "sections": [{"id": "s01"}], "dates": []}]


def test_documents_and_catalog_views():
    (doc,) = rows("documents", [RECORD], [])
    assert list(doc) == ["id", "source_file", "text", "sha256", "outlets", "publication_date", "sections", "entities", "quotes", "dates"]
    assert list(rows("entity_catalog", [], [{"entity_id": "x"}])) == [{"entity_id": "x"}]


def test_token_view_tags_the_mention():
    (row,) = token_rows([RECORD])
    assert row["doc_id"] == "tahaluf-900"
    assert row["tokens"] == ["زار", "بايدن", "."]
    assert row["ner_tags"] == ["O", "B-PER", "O"]
    assert row["token_offsets"] == [[0, 3], [4, 9], [9, 10]]


def test_unknown_config():
    with pytest.raises(ValueError, match="unknown config 'nope'"):
        rows("nope", [], [])
