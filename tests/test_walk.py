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


def test_the_review_keys_are_kept_until_a_decision_changes_a_value():
    from extractor.export.rows import apply_decisions
    from extractor.review.items import Status, keyed_fields

    doc = extract_file(seed_path("000")).doc
    kept = keyed_fields(doc)
    assert kept is keyed_fields(doc)  # the walk kept on the document, not a new one
    fresh = keyed_fields(doc.model_copy(deep=True))  # a copy: walked anew, to the same keys and paths
    assert [(key, path) for key, path, _, _ in fresh] == [(key, path) for key, path, _, _ in kept]
    assert [(path, obj) for _, path, _, obj in kept] == [(path, obj) for path, _, obj in document_fields(doc)]
    # a corrected row name is part of its fields' keys: the walk after it is a new one, with the new name
    key = next(key for key, path, _, _ in kept if path.endswith(".name") and ".lines[" in path)
    apply_decisions(doc, {key: (Status.corrected, "改过的名称")})
    assert keyed_fields(doc) is not kept
    assert any("改过的名称" in key for key, *_ in keyed_fields(doc))


def test_the_review_keys_of_the_flagged_values_are_those_of_the_whole_walk():
    from extractor.review.items import keyed_fields

    doc = extract_file(seed_path("002")).doc
    assert doc._keyed is None  # the post-checks make no keys: the queue asks for those it needs
    some = keyed_fields(doc, flagged=True)  # made from the post-checks' paths, not walked again
    assert doc._keyed is None and 0 < len(some) < len(document_fields(doc))  # a part, not kept
    assert any("#2]" in key for key, *_ in some)  # a label printed twice in its list: named by its count
    whole = keyed_fields(doc)
    assert some == [field for field in whole if field[3].flagged]
