"""The library's run over real inputs: the per-file time limit (issue 19)."""

from __future__ import annotations

import csv
import json

from conftest import SEEDS, seed_path
from extractor.api import FileStatus, run


def _docs_in(out, name):
    return {row["doc"] for row in csv.DictReader((out / name).read_text(encoding="utf-8-sig").splitlines())}


def test_a_file_over_the_time_limit_fails_alone_and_costs_nothing_written(tmp_path):
    """A real slow input: every seed printed 60 times over (6 MB, many seconds of reading) under a
    2 s limit. It is reported failed, naming the limit; the batch goes on; the outputs already in
    OUT (a document of an earlier run, reused) stay whole and in the CSVs; nothing of it is left."""
    folder = tmp_path / "in"
    folder.mkdir()
    small = folder / seed_path("001").name
    small.write_bytes(seed_path("001").read_bytes())
    out = tmp_path / "out"
    first = run([folder], out)
    assert first.ok
    big = folder / "z_big.txt"
    big.write_bytes(b"".join(p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))) * 60)
    report = run([folder], out, file_timeout=2)
    by_path = {r.path: r for r in report.results}
    assert by_path[small].status is FileStatus.ok and by_path[small].reused
    slow = by_path[big]
    assert slow.status is FileStatus.failed
    assert slow.error == "took longer than the time limit of 2 s per file (--file-timeout): left out, the other files go on"
    assert not report.ok
    ran = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert ran["state"] == "complete" and [f["status"] for f in ran["files"]] == ["ok", "failed"]
    assert ran["files"][1]["path"] == str(big) and "time limit" in ran["files"][1]["error"]
    assert _docs_in(out, "projects.csv") == {small.stem}
    assert not (out / "docs" / "z_big.json").exists() and not list(out.rglob(".tmp-*"))


def test_a_text_in_traditional_characters_without_tables_says_why(tmp_path):
    """Big5 read as Big5 (issue 19 item 14) is traditional text the simplified vocabularies do not
    match: the file is reported as such, not as 'prose only', on a run and on a re-run reusing it."""
    from conftest import ROOT

    text = (ROOT / "tests" / "data" / "traditional_000_excerpt.txt").read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big5.txt").write_bytes(text.encode("big5"))
    (folder / "prose.txt").write_text("本单位2021年没有政府性基金预算拨款收入，也没有使用政府性基金安排的支出。\n", encoding="utf-8")
    for _ in range(2):
        found = {r.path.name: r for r in run([folder], tmp_path / "out").results}
        assert found["big5.txt"].encoding == "big5" and found["big5.txt"].status is FileStatus.no_tables
        assert found["big5.txt"].error == ("no budget table found: the text is in traditional characters (繁體), "
                                           "and titles and labels are read in simplified ones")
        assert found["prose.txt"].error == "no budget table found (prose only)"
    assert found["big5.txt"].reused


def test_the_settings_name_the_ocr_engine_a_scanned_page_would_get(monkeypatch):
    """A run after the OCR extra is installed (or EXTRACT_OCR changed) reads scanned documents again:
    the fingerprint holds the engine the default resolves to, the same as when it is named."""
    from extractor.api import settings_fingerprint
    from extractor.models import Backend
    from extractor.ocr import OCR_ENV

    monkeypatch.setenv(OCR_ENV, "none")
    none = settings_fingerprint(Backend.rules, 0.8)
    assert none == settings_fingerprint(Backend.rules, 0.8, ocr="none")
    monkeypatch.setenv(OCR_ENV, "tesseract")
    assert settings_fingerprint(Backend.rules, 0.8) not in ("", none)
    assert settings_fingerprint(Backend.rules, 0.8) == settings_fingerprint(Backend.rules, 0.8, ocr="tesseract")


def test_the_table_rows_of_a_document_are_released_once_it_is_extracted():
    """The rows the readers and the account share (`grid.rows_of`) are dropped once the account is done,
    not kept with the document to its export (a fifth of the memory of a big file's reading), and so is
    what `single_spaced` keeps (the text, else kept through the next document's reading)."""
    import gc

    from extractor.api import extract_file
    from extractor.grid import Row, single_spaced

    result = extract_file(seed_path("000"))
    assert result.doc is not None and len(result.doc.tables) > 10
    gc.collect()
    assert not [o for o in gc.get_objects() if o.__class__ is Row]
    assert single_spaced.cache_info().currsize == 0


def test_a_rerun_on_a_changed_file_does_not_read_its_old_document_back(tmp_path, monkeypatch):
    """The JSON of a document whose file changed since (or whose settings did) is not made into a
    document to be compared (~8 bytes of objects a byte of it, before the new reading); one
    unchanged is, and is reused."""
    from extractor.models import Document

    folder = tmp_path / "in"
    folder.mkdir()
    changed, same = folder / "a.txt", folder / "b.txt"
    changed.write_bytes(seed_path("000").read_bytes())
    same.write_bytes(seed_path("001").read_bytes())
    out = tmp_path / "out"
    assert run([folder], out).ok
    (out / ".reuse.json").unlink()  # (no record of the outputs: each document is compared by its JSON)
    changed.write_bytes(seed_path("000").read_bytes() + "\n附注。\n".encode())
    read = []
    validate = Document.model_validate_json
    monkeypatch.setattr(Document, "model_validate_json", lambda data: read.append(data) or validate(data))
    report = run([folder], out)
    assert [(r.path.name, r.reused) for r in report.results] == [("a.txt", False), ("b.txt", True)]
    assert len(read) == 1 and b'"doc":"b"' in read[0]
