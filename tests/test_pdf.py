"""PDF input on the dev set's real PDFs: the text layer, a scanned (image-only)
copy made by the test, and PDFs that cannot be read."""

import io
import json
from pathlib import Path

import pypdfium2
import pytest

from extractor.api import extract_file, extract_source, run
from extractor.evaluate.facts import score_facts
from extractor.export import Format, export_dataset
from extractor.ingest import IngestError, read_source
from extractor.models import LineTable
from extractor.ocr import CACHE_ENV, OCR_ENV, TESSERACT_ENV, rapidocr_installed, tesseract
from extractor.pdf import OCR_DPI, WORKERS_ENV, ocr_workers, read_pdf

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"
STEM = "sh-putuo-fuliyuan-2024-budget"
TABLE_PAGES = range(7, 16)  # the pages the dev OCR text was made from


def gold():
    return json.loads((DEV / "gold" / f"{STEM}.facts.json").read_text(encoding="utf-8"))


def tables(doc):
    return [(t.kind, t.empty) for t in doc.tables if isinstance(t, LineTable)]


@pytest.fixture(scope="module")
def ocr_route():
    return extract_source(read_source(DEV / "ocr" / f"{STEM}.txt"), STEM)


def _found(doc):
    """Correctly read gold facts by (table, row, column)."""
    score = score_facts(gold(), doc)
    return score, {(r.fact.source_table, r.fact.row, r.fact.column): r for r in score.results}


def test_text_layer_pdf_gives_the_tables_of_the_ocr_route(ocr_route):
    source = read_source(DEV / "pdf" / f"{STEM}.pdf")
    assert source.encoding == "pdf-text" and not source.notes
    doc = extract_source(source, STEM)
    assert tables(doc) == tables(ocr_route)
    score, _ = _found(doc)
    assert all(r.outcome == "correct" for r in score.results)  # 185 of 185 facts
    assert score.predicted == len(score.results)
    # where the OCR route reads a different value, the OCR route flags it
    _, ocr = _found(ocr_route)
    differ = [k for k, r in ocr.items() if r.outcome != "correct"]
    assert all(ocr[k].flagged for k in differ if ocr[k].outcome == "wrong")


def test_text_layer_tables_are_read_from_their_own_cells():
    """pdfplumber's ruled tables give the grid: every cell a slice of the document
    text, a merged heading over the columns it covers, blank cells left blank."""
    source = read_source(DEV / "pdf" / f"{STEM}.pdf")
    assert len(source.tables) >= 8
    for table in source.tables:
        for cells in table.rows:
            for cell in cells:
                on_one_line = "\n" not in source.text[cell.start : cell.end]
                assert not on_one_line or source.text[cell.start : cell.end] == cell.raw
    three_public = source.tables[-1]
    heading, *_, values = three_public.rows
    assert [(c.raw, c.x, c.x_end) for c in heading][0] == ("2024年“三公”经费预算数", 0, 6)
    # 购置费 (column 4) is blank: the value row has no cell there
    assert [c.x for c in values] == [0, 1, 2, 3, 5, 6]
    doc = extract_source(source, STEM)
    (table,) = [t for t in doc.tables if "三公" in t.title]
    assert [(l.name.value, [a.amount.value for a in l.amounts]) for l in table.lines] == [
        ("“三公”经费合计", [6.4]), ("因公出国(境)费", [0.0]), ("公务接待费", [0.0]),
        ("公务用车购置及运行费小计", [6.4]), ("公务用车购置费", []), ("公务用车运行费", [6.4]), ("机关运行经费", [0.0]),
    ]
    assert not table.unread and not [f for f in doc.findings if f.check.value == "unread_values" and f.table_id == table.id]


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory) -> Path:
    """The dev PDF's table pages rendered to images and saved as an image-only PDF."""
    pdf = pypdfium2.PdfDocument(str(DEV / "pdf" / f"{STEM}.pdf"))
    images = [pdf[n - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil() for n in TABLE_PAGES]
    pdf.close()
    path = tmp_path_factory.mktemp("scan") / "scanned.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=OCR_DPI)
    return path


@pytest.mark.skipif(tesseract() is None, reason="tesseract with chi_sim is not installed (scripts/install-ocr.sh)")
def test_scanned_pdf_is_read_by_ocr_into_the_same_tables(scanned_pdf, ocr_route):
    source = read_source(scanned_pdf, ocr="tesseract")
    assert source.encoding == "pdf-ocr"
    assert "read by OCR" in source.notes[0]
    doc = extract_source(source, STEM)
    assert any("read by OCR" in w for w in doc.warnings)
    assert tables(doc) == tables(ocr_route)
    score, _ = _found(doc)
    correct = sum(r.outcome == "correct" for r in score.results)
    assert correct / len(score.results) >= 0.9  # a different rendering than the dev OCR: other noise
    # a value read differently from the text-layer truth is flagged for review
    assert all(r.flagged for r in score.results if r.outcome == "wrong")


def test_scanned_pdf_without_an_ocr_engine_is_refused_and_the_batch_goes_on(scanned_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv(OCR_ENV, "none")
    with pytest.raises(IngestError, match=r"no text on any page.*OCR is turned off \(--ocr none"):
        read_source(scanned_pdf)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_scanned.pdf").write_bytes(scanned_pdf.read_bytes())
    (folder / "b_text.pdf").write_bytes((DEV / "pdf" / f"{STEM}.pdf").read_bytes())
    report = run([folder], tmp_path / "out")
    by_name = {r.path.name: r for r in report.results}
    assert by_name["a_scanned.pdf"].status.value == "failed" and "OCR is turned off" in by_name["a_scanned.pdf"].error
    assert by_name["b_text.pdf"].status.value == "ok" and by_name["b_text.pdf"].encoding == "pdf-text"
    assert (tmp_path / "out" / "docs" / "b_text.pdf.json").is_file()  # named with its suffix: beside a b_text.txt it stays apart
    # the exports convert to one unit on request: the document is in 元, its 三公 table in 万元
    [amounts] = export_dataset(tmp_path / "out", Format.json, unit="万元")
    rows = json.loads(amounts.read_text(encoding="utf-8"))["amounts"]
    assert {r["unit"] for r in rows} == {"万元"}
    total = next(r for r in rows if r["table_title"] == "2024年预算单位收入预算总表" and r["name"] == "合计" and r["column"] == "total")
    assert (total["value"], total["raw"]) == (1212.1164, "12,121,164")
    assert next(r for r in rows if r["name"].replace("“", "").replace("”", "") == "三公经费合计")["value"] == 6.4


def test_a_scanned_page_left_unread_is_a_finding_not_only_a_warning(scanned_pdf, tmp_path, monkeypatch):
    """A text page of the dev PDF, then a scanned one, OCR turned off: the text page's table comes
    out, and the page left out is said where users look (a document finding: the run's summary,
    findings.csv, the report, the review queue), not only in the JSON's warnings; a re-check keeps it."""
    from extractor.check import check_document

    monkeypatch.setenv(OCR_ENV, "none")
    text_layer, scan, pdf = (pypdfium2.PdfDocument(str(DEV / "pdf" / f"{STEM}.pdf")), pypdfium2.PdfDocument(str(scanned_pdf)),
                             pypdfium2.PdfDocument.new())
    pdf.import_pages(text_layer, [7])
    pdf.import_pages(scan, [2])
    path = tmp_path / "mixed.pdf"
    pdf.save(str(path))
    for opened in (pdf, scan, text_layer):
        opened.close()
    result = extract_file(path)
    said = "page 2 has no text layer and OCR is turned off (--ocr none or EXTRACT_OCR=none): left out"
    assert result.status.value == "ok" and result.doc.tables and said in result.doc.warnings
    (finding,) = [f for f in result.doc.findings if f.table_id == "" and said in f.message]
    assert (finding.check.value, finding.severity.value, finding.reason.value) == ("unread_values", "warning", "unread")
    check_document(result.doc)
    assert finding in result.doc.findings


def test_a_broken_pdf_gets_a_message(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    result = extract_file(bad)
    assert result.doc is None and "not a readable PDF" in result.error
    assert "Exception" not in result.error  # what is wrong with the file, not the PDF library's class names


def test_an_encrypted_pdf_says_so(tmp_path):
    """A PDF whose security handler wants a password (pdfminer: PDFPasswordIncorrect, an empty
    message through pdfplumber) is refused with its reason, not with an empty one."""
    blank = pypdfium2.PdfDocument.new()
    blank.new_page(200, 200)
    buffer = io.BytesIO()
    blank.save(buffer)
    encrypt = b"/Encrypt <</Filter /Standard /V 1 /R 2 /O <" + b"00" * 32 + b"> /U <" + b"11" * 32 + b"> /P -4>>"
    path = tmp_path / "locked.pdf"
    path.write_bytes(buffer.getvalue().replace(b"/Root 1 0 R", b"/Root 1 0 R " + encrypt))
    with pytest.raises(IngestError, match="encrypted"):
        read_source(path)


@pytest.mark.skipif(tesseract() is None, reason="tesseract with chi_sim is not installed (scripts/install-ocr.sh)")
def test_one_page_whose_ocr_fails_costs_that_page_not_the_pdf(scanned_pdf, tmp_path, monkeypatch):
    """Issue 19 item 11: a scanned page, three text pages of the dev PDF and another scanned page;
    tesseract fails on the last (a wrapper of the real tesseract that exits 1 on that page's image, as
    a crashed engine does): the PDF is still read, the failed page said, the rest kept, and the text
    pages' cells where they are in the text (the OCR page before them is longer than its text layer)."""
    text_layer, scan = pypdfium2.PdfDocument(str(DEV / "pdf" / f"{STEM}.pdf")), pypdfium2.PdfDocument(str(scanned_pdf))
    paths = {}
    for name, before, after in (("text_only", [], []), ("mixed", [3], [4])):
        pdf = pypdfium2.PdfDocument.new()
        for source, pages in ((scan, before), (text_layer, [6, 7, 8]), (scan, after)):
            if pages:  # (an empty list would import them all)
                pdf.import_pages(source, pages)
        paths[name] = tmp_path / f"{name}.pdf"
        pdf.save(str(paths[name]))
        pdf.close()
    text_layer.close()
    scan.close()
    _tesseract_failing_on(5, tmp_path, monkeypatch)
    monkeypatch.setenv(OCR_ENV, "tesseract")
    text_only, mixed = extract_file(paths["text_only"]), extract_file(paths["mixed"])
    assert mixed.status.value == "ok" and mixed.encoding == "pdf-text+ocr"
    assert "page 1 has no text layer and was read by OCR (tesseract)" in mixed.doc.warnings
    assert "tesseract failed on page 5: Error in pixReadStream: the page is left out, the other pages are read" in mixed.doc.warnings
    # page 1's table (read by OCR), then the text pages' tables as the text pages alone give them
    assert len(tables(text_only.doc)) == 3 and tables(mixed.doc)[1:] == tables(text_only.doc)
    assert mixed.doc.tables[0].title == "2024年预算单位财政拨款收支预算总表"
    source = read_source(paths["mixed"])
    cells = [c for t in source.tables for row in t.rows for c in row if "\n" not in source.text[c.start : c.end]]
    assert len(cells) > 100 and all(source.text[c.start : c.end] == c.raw for c in cells)


@pytest.mark.skipif(not rapidocr_installed(), reason="the ocr extra is not installed (pip install '.[ocr]')")
def test_scanned_pages_read_by_pp_ocr_give_the_text_layer_tables_cell_by_cell(scanned_pdf, tmp_path):
    """Issue 20: PP-OCR's text boxes laid out as a text layer, the cells from the ruled tables found
    on the page image; four table pages (the first four of the scanned copy) read like the text layer."""
    pages = [7, 8, 9, 10]
    scan, part = pypdfium2.PdfDocument(str(scanned_pdf)), pypdfium2.PdfDocument.new()
    part.import_pages(scan, [0, 1, 2, 3])
    path = tmp_path / "four.pdf"
    part.save(str(path))
    part.close()
    scan.close()
    source = read_source(path, ocr="rapidocr")
    assert source.encoding == "pdf-ocr" and "read by OCR (rapidocr)" in source.notes[0]
    assert source.ocr["engine"] == "rapidocr" and source.ocr["pages"] == [1, 2, 3, 4]
    assert "PP-OCRv6_rec_small.onnx" in source.ocr["models"]
    # every cell of a ruled table is the text of its words, one line or several joined
    cells = [c for t in source.tables for row in t.rows for c in row]
    assert len(source.tables) >= 4 and len(cells) > 150
    assert all(source.text[c.start : c.end] == c.raw for c in cells if "\n" not in source.text[c.start : c.end])
    doc = extract_source(source, STEM)
    assert doc.ocr == source.ocr  # recorded in the document's JSON
    facts = [f for f in gold()["facts"] if f["page"] in pages]
    score = score_facts({**gold(), "facts": facts}, doc)
    assert [r for r in score.results if r.outcome != "correct"] == []  # 25,121,091-like digit errors: none


def _first_pages(scanned_pdf, count: int) -> bytes:
    """The first `count` pages of the scanned copy, as PDF bytes."""
    scan, part = pypdfium2.PdfDocument(str(scanned_pdf)), pypdfium2.PdfDocument.new()
    part.import_pages(scan, list(range(count)))
    out = io.BytesIO()
    part.save(out)
    part.close()
    scan.close()
    return out.getvalue()


def _cells(pdf):
    return [[[(c.raw, c.start, c.end, c.x, c.x_end) for c in row] for row in t.rows] for t in pdf.tables]


@pytest.mark.skipif(not rapidocr_installed(), reason="the ocr extra is not installed (pip install '.[ocr]')")
def test_scanned_pages_read_by_two_worker_processes_come_out_as_read_in_process(scanned_pdf, monkeypatch):
    """Issue 20 item 4: two scanned pages OCR'd by a pool of two spawned processes give the text, the
    words' boxes and the ruled cells that reading them one by one in this process gives, in page
    order, each page told to the progress callback as it is done (the cache off: both really read)."""
    data = _first_pages(scanned_pdf, 2)
    monkeypatch.setenv(CACHE_ENV, "none")
    read = {}
    for workers in ("1", "2"):
        monkeypatch.setenv(WORKERS_ENV, workers)
        done = []
        read[workers] = read_pdf(data, "rapidocr", on_page=lambda n, total: done.append((n, total)))
        assert done == [(1, 2), (2, 2)] and read[workers].failed == []
    assert ocr_workers(2) == 2
    alone, pooled = read["1"], read["2"]
    assert pooled.ocr_pages == [1, 2] and "2024年预算单位财务收支预算总表" in pooled.text
    assert pooled.text == alone.text and pooled.ocr == alone.ocr and _cells(pooled) == _cells(alone)


def _tesseract_failing_on(page: int, tmp_path, monkeypatch) -> None:
    """The real tesseract behind a wrapper that exits 1 on page `page`'s image, as a damaged page makes it."""
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\ncase "$1" in *page{page}.png) echo "Error in pixReadStream" >&2; exit 1;; esac\n'
                       f'exec {tesseract()} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv(TESSERACT_ENV, str(wrapper))


@pytest.mark.skipif(tesseract() is None, reason="tesseract with chi_sim is not installed (scripts/install-ocr.sh)")
def test_a_page_whose_ocr_fails_in_a_worker_process_costs_that_page_only(scanned_pdf, tmp_path, monkeypatch):
    """Two scanned pages read by two worker processes; tesseract fails on the second (a wrapper of
    the real tesseract exiting 1 on that page's image): the first is read, the second said failed."""
    _tesseract_failing_on(2, tmp_path, monkeypatch)
    monkeypatch.setenv(CACHE_ENV, "none")
    monkeypatch.setenv(WORKERS_ENV, "2")
    pdf = read_pdf(_first_pages(scanned_pdf, 2), "tesseract")
    assert pdf.ocr_pages == [1] and pdf.failed == ["tesseract failed on page 2: Error in pixReadStream"]
    assert pdf.text.startswith("2024年预算单位财务收支预算总表")


def test_the_ocr_worker_count_is_one_for_4_cores_or_the_setting_never_more_than_the_pages(monkeypatch):
    import os

    monkeypatch.delenv(WORKERS_ENV, raising=False)
    assert ocr_workers(1) == 1 and ocr_workers(50) == max(1, (os.cpu_count() or 1) // 4)
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert ocr_workers(2) == 2 and ocr_workers(9) == 3
    monkeypatch.setenv(WORKERS_ENV, "many")
    with pytest.raises(Exception, match="whole number"):
        ocr_workers(4)


def test_a_pdf_whose_page_pdfminer_cannot_parse_gets_a_message_not_an_internal_error(tmp_path):
    """A dev PDF whose first page's MediaBox holds a name where a number belongs (bytes a cut download or a
    disk error changed, its length kept): pdfplumber fails on its pages, not on opening the file."""
    data = (DEV / "pdf" / f"{STEM}.pdf").read_bytes()
    box = data.index(b"/MediaBox [0 0 841.85")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[:box] + b"/MediaBox [0 0 /x1234" + data[box + len(b"/MediaBox [0 0 841.85"):])
    result = extract_file(damaged, ocr="none")
    assert result.status.value == "failed" and result.error.startswith("not a readable PDF: "), result.error
    assert "internal error" not in result.error and "Exception" not in result.error
