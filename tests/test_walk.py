from __future__ import annotations

from conftest import seed_path

from extractor.api import extract_file
from extractor.walk import document_fields, iter_located


def test_document_fields_are_the_checks_walk_while_the_tables_are_those_it_walked():
    doc = extract_file(seed_path("000")).doc
    fields = document_fields(doc)
    assert fields is document_fields(doc)  # the post-checks' walk, kept on the document, not a new one
    assert [(path, obj) for path, _, obj in fields] == list(iter_located(doc))
    assert all(path.startswith(f"{table.id}.") for path, table, _ in fields)
    assert sum(obj.flagged for *_, obj in fields) == doc._tally[1] > 0


def test_a_copy_of_a_document_is_walked_anew():
    doc = extract_file(seed_path("002")).doc
    copy = doc.model_copy(deep=True)
    fields = document_fields(copy)
    # the copy's own values, at the same paths: never the original's objects
    assert [path for path, _, _ in fields] == [path for path, _, _ in document_fields(doc)]
    assert {id(obj) for *_, obj in fields}.isdisjoint(id(obj) for *_, obj in document_fields(doc))
    assert [id(obj) for _, obj in iter_located(copy)] == [id(obj) for *_, obj in fields]
