"""pdflayer: a text layer read through pdfium gives the words and ruled cells pdfplumber
gives, on a real budget PDF of the dev set; pages it does not reproduce go to pdfplumber."""

import ctypes
import io
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium

from extractor.pdf import layout_text, read_pdf
from extractor.pdflayer import read_page, read_pages

PDF = Path(__file__).resolve().parents[1] / "eval" / "dev" / "pdf" / "sh-putuo-fuliyuan-2024-budget.pdf"
WORDS = dict(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)  # as pdf.read_pdf asks
PLACE = ("x0", "x1", "top", "bottom")


def _cells(tables) -> list:
    return [[row.cells for row in table.rows] for table in tables]


def _close(a, b) -> bool:
    """Two boxes, or two Nones (a merged cell's place), within 0.001 pt."""
    return (a is None) == (b is None) and (a is None or all(abs(u - v) < 1e-3 for u, v in zip(a, b)))


def _saved(document: pypdfium2.PdfDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_page_gives_pdfplumbers_words_and_ruled_cells():
    data = PDF.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        layers = list(read_pages(data, len(pdf.pages)))
        assert all(layer is not None for layer in layers)
        ruled = 0
        for page, layer in zip(pdf.pages, layers):
            old, new = page.extract_words(**WORDS), layer.extract_words(**WORDS)
            assert [w["text"] for w in new] == [w["text"] for w in old]
            assert all(abs(a[k] - b[k]) < 1e-3 for a, b in zip(old, new) for k in PLACE)
            assert layout_text(new)[0] == layout_text(old)[0]
            old_cells, new_cells = _cells(page.find_tables()), _cells(layer.find_tables())
            assert [[len(row) for row in t] for t in new_cells] == [[len(row) for row in t] for t in old_cells]
            assert all(_close(a, b) for t, u in zip(old_cells, new_cells) for r, s in zip(t, u) for a, b in zip(r, s))
            ruled += len(new_cells)
    assert ruled == 9  # the budget's nine ruled tables


def test_a_rotated_page_is_left_to_pdfplumber_and_read_as_before():
    """pdfium gives a rotated page's places unrotated: pdfplumber reads it, and the
    document's text is what pdfplumber's words make of it."""
    source = pypdfium2.PdfDocument(str(PDF))
    rotated = pypdfium2.PdfDocument.new()
    rotated.import_pages(source, [7])
    rotated[0].set_rotation(90)
    data = _saved(rotated)
    assert read_page(pypdfium2.PdfDocument(data)[0]) is None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        expected = layout_text(pdf.pages[0].extract_words(**WORDS))[0]
    assert expected.strip() and read_pdf(data).text == expected.rstrip("\n") + "\n"


def test_a_page_in_a_standard_font_is_left_to_pdfplumber():
    """pdfminer measures Helvetica by its own metrics (not the PDF's): such a page goes to pdfplumber."""
    document = pypdfium2.PdfDocument.new()
    page = document.new_page(400, 300)
    text = pdfium.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 10.0)
    encoded = "Total 1,234.56\0".encode("utf-16-le")
    pdfium.FPDFText_SetText(text, ctypes.cast(ctypes.c_char_p(encoded), ctypes.POINTER(pdfium.FPDF_WCHAR)))
    pdfium.FPDFPageObj_Transform(text, 1, 0, 0, 1, 50, 200)
    pdfium.FPDFPage_InsertObject(page.raw, text)
    pdfium.FPDFPage_GenerateContent(page.raw)
    data = _saved(document)
    assert read_page(pypdfium2.PdfDocument(data)[0]) is None
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert [w["text"] for w in pdf.pages[0].extract_words(**WORDS)] == ["Total", "1,234.56"]
