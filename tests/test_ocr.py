"""OCR of page images (`ocr.py`) on real images made by the tests: a dev PDF's table page rendered,
turned a quarter and skewed 2° as a photo of it would be, and a seed's project table printed by
Pillow with an installed CJK font; PP-OCR reads them through the same grid as a text layer."""

import json
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from extractor.api import extract_source, run
from extractor.evaluate.facts import score_facts
from extractor.ingest import IngestError, read_source
from extractor.models import LineTable, ProjectTable
from extractor.ocr import (OCR_ENV, cache_dir, engine_name, full_stop, no_engine, rapidocr_installed, ruled_tables,
                           split_at_rules, tesseract)
from extractor.pdf import OCR_DPI

from pages import cjk_font, print_pages

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "dev"
STEM = "sh-putuo-fuliyuan-2024-budget"

needs_rapidocr = pytest.mark.skipif(not rapidocr_installed(), reason="the ocr extra is not installed (pip install '.[ocr]')")


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    """Page 8 of the dev PDF (收入预算总表) as a 200 dpi grey image."""
    pdf = pypdfium2.PdfDocument(str(DEV / "pdf" / f"{STEM}.pdf"))
    image = pdf[7].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    pdf.close()
    return image


def _rows(source):
    return [[c.raw for c in row] for table in source.tables for row in table.rows]


@needs_rapidocr
def test_a_turned_and_a_skewed_photo_of_a_page_read_like_the_straight_page(page_image, tmp_path):
    straight, turned, skewed = tmp_path / "straight.png", tmp_path / "turned.jpg", tmp_path / "skewed.tif"
    page_image.save(straight)
    page_image.rotate(90, expand=True).save(turned)  # lying on its side, as a phone photographs a landscape page
    page_image.rotate(-2, expand=True, fillcolor=255, resample=Image.BICUBIC).save(skewed)
    sources = [read_source(p, ocr="rapidocr") for p in (straight, turned, skewed)]
    assert [s.encoding for s in sources] == ["image-ocr"] * 3
    assert sources[0].notes == ("page 1 was read by OCR (rapidocr)",)
    rows = _rows(sources[0])
    assert ["208", "05", "02", "事业单位离退休", "538,440", "538,440"] in rows
    assert _rows(sources[1]) == rows and _rows(sources[2]) == rows
    # what the boxes' pixels are of: each page as read, the turned one turned back, the skewed one straightened
    geometry = [s.ocr["geometry"] for s in sources]
    assert geometry[0] == [{"page": 1, "width": page_image.width, "height": page_image.height, "dpi": OCR_DPI,
                            "turned": 0, "skew": 0.0}]
    assert (geometry[1][0]["turned"], geometry[1][0]["width"], geometry[1][0]["height"]) == (90, page_image.width, page_image.height)
    assert abs(abs(geometry[2][0]["skew"]) - 2) < 0.5
    docs = [extract_source(s, STEM) for s in sources]
    values = [[(line.name.value, [a.amount.value for a in line.amounts]) for t in d.tables if isinstance(t, LineTable)
               for line in t.lines] for d in docs]
    assert values[0] and values[1] == values[0] and values[2] == values[0]
    assert list(cache_dir().glob("*.json"))  # each page's reading is kept for the next run


@needs_rapidocr
def test_printed_seed_project_tables_read_from_a_multi_page_tiff(tmp_path):
    """Seed 002's first two project tables (tab-separated rows, ruled cells, one spanning the row's rest)
    printed on A4 by Pillow over two pages or more, saved as a multi-page TIFF: each ruled row comes back
    as a tabbed line, and the fields and indicators come out as the gold has them."""
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    (seed,) = (ROOT / "examples" / "seeds").glob("002_*.txt")
    lines = seed.read_text(encoding="utf-8").splitlines()
    third = [i for i, line in enumerate(lines) if i > 3 and "绩效目标表" in line][1]
    pages = print_pages("\n".join(lines[:third]), font)
    path = tmp_path / "scan.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="tiff_deflate", dpi=(200, 200))
    source = read_source(path, ocr="rapidocr")
    assert len(pages) >= 2 and source.ocr["pages"] == list(range(1, len(pages) + 1))
    assert "\n1-产出指标\t11-数量指标\t计划购买社会服务数量（以公司为单位" in source.text and "\t=1家公司\n" in source.text
    doc = extract_source(source, seed.stem)
    tables = [t for t in doc.tables if isinstance(t, ProjectTable)]
    gold = json.loads(next((ROOT / "eval" / "dev-scans" / "gold").glob("002_*.facts.json")).read_text(encoding="utf-8"))
    facts = [f for f in gold["facts"] if f.get("project_seq") in (1, 2)]
    score = score_facts({**gold, "facts": facts}, doc)
    assert len(tables) == 2 and [(r.fact.label, r.outcome, r.pred) for r in score.results if r.outcome != "correct"] == []
    assert tables[0].project.annual_goal.value.endswith("降低两类人员再犯罪率。")  # a goal wrapped over lines of its cell


def test_an_image_with_ocr_turned_off_says_so_and_without_an_engine_says_what_to_install(page_image, tmp_path, monkeypatch):
    monkeypatch.setenv(OCR_ENV, "none")
    path = tmp_path / "page.png"
    page_image.save(path)
    with pytest.raises(IngestError, match=r"needs OCR, and OCR is turned off \(--ocr none or EXTRACT_OCR=none\)"):
        read_source(path)
    monkeypatch.delenv(OCR_ENV)
    assert no_engine().startswith("no OCR engine is installed: pip install '.[ocr]' (PP-OCR), or tesseract")
    assert no_engine("none").startswith("OCR is turned off")


@needs_rapidocr
def test_an_image_too_large_to_decode_or_no_image_is_refused_with_its_reason_and_a_blank_one_read_once(page_image, tmp_path):
    """A PNG that says it is 30000 × 30000 pixels (900 megapixels: Pillow refuses to decode it) is refused
    before any OCR, saying so, and so is a text file named .jpg (in words, not Pillow's memory address);
    a blank page is read once (no text line to turn it by), not twice."""
    import struct
    import zlib

    import numpy as np

    from extractor.ocr import RapidOcr, upright

    small = tmp_path / "small.png"
    Image.new("L", (8, 8), 255).save(small)
    data = bytearray(small.read_bytes())
    ihdr = bytes(data[12:16]) + struct.pack(">II", 30000, 30000) + bytes(data[24:29])  # type, then the header's fields
    data[16:24], data[29:33] = ihdr[4:12], struct.pack(">I", zlib.crc32(ihdr))
    huge = tmp_path / "huge.png"
    huge.write_bytes(bytes(data))
    with pytest.raises(IngestError, match=r"too large to read \(over \d+ megapixels\)"):
        read_source(huge, ocr="rapidocr")
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo", encoding="utf-8")
    with pytest.raises(IngestError, match=r"^not a readable image: no image format Pillow reads \(damaged, or another kind"):
        read_source(text, ocr="rapidocr")

    engine, reads = RapidOcr.shared(), []
    turn, (boxes, _, _) = upright(np.asarray(Image.new("L", (600, 800), 255)), lambda g: reads.append(g) or engine._lines(g))
    assert (turn, boxes, len(reads)) == (0, [], 1)


@pytest.mark.skipif(tesseract() is None, reason="tesseract with chi_sim is not installed (scripts/install-ocr.sh)")
def test_a_tiff_that_says_no_resolution_is_read_at_the_default_one(tmp_path):
    """A TIFF saved with no resolution (Pillow reads it as 1 dpi): read at 200 dpi, not at 1, where
    tesseract's layout analysis found no table in this printed 政府性基金 table."""
    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    text = (ROOT / "tests" / "data" / "scans" / "new-fund-split-code-cells-blank-parents.txt").read_text(encoding="utf-8")
    path = tmp_path / "scan.tif"
    print_pages(text, font)[0].save(path)
    assert Image.open(path).info["dpi"][0] < 50
    source = read_source(path, ocr="tesseract")
    assert source.ocr["geometry"][0]["dpi"] == OCR_DPI
    doc = extract_source(source, "scan")
    values = {(line.code.value if line.code else None, a.column.value): a.amount.value
              for t in doc.tables if isinstance(t, LineTable) for line in t.lines for a in line.amounts}
    assert values[("2120801", "total")] == 800.0 and values[("2296002", "project")] == 120.0


@pytest.mark.skipif(tesseract() is None, reason="tesseract with chi_sim is not installed (scripts/install-ocr.sh)")
def test_a_multi_page_tiff_cut_short_keeps_its_whole_pages_and_says_which_it_lost(tmp_path, capfd):
    """A two-page TIFF cut off inside its second page's header (a copy broken off): the first page is
    read, the second said lost (a warning finding), quietly (no Pillow warning on the terminal)."""
    import io

    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    text = (ROOT / "tests" / "data" / "scans" / "new-fund-split-code-cells-blank-parents.txt").read_text(encoding="utf-8")
    page = print_pages(text, font)[0]
    one, two = io.BytesIO(), io.BytesIO()
    page.save(one, format="TIFF")
    page.save(two, format="TIFF", save_all=True, append_images=[page])
    path = tmp_path / "cut.tif"
    path.write_bytes(two.getvalue()[: len(one.getvalue()) + 100])
    source = read_source(path, ocr="tesseract")
    assert source.ocr["pages"] == [1] and len(source.lost) == 1
    assert source.lost[0].startswith("page 2 of the image ")  # its data cut short (its header whole or not)
    doc = extract_source(source, "cut")
    assert any("2120801" == line.code.value for t in doc.tables if isinstance(t, LineTable) for line in t.lines if line.code)
    assert any(f.check.value == "unread_values" and source.lost[0] in f.message for f in doc.findings)
    assert "Warning" not in capfd.readouterr().err


@needs_rapidocr
def test_the_default_engine_is_pp_ocr_when_installed(monkeypatch):
    monkeypatch.delenv(OCR_ENV, raising=False)
    assert engine_name() == "rapidocr"
    assert engine_name("tesseract") == "tesseract"
    with pytest.raises(Exception, match="unknown OCR engine"):
        engine_name("paddle")


@needs_rapidocr
def test_a_value_read_from_a_scanned_page_shows_its_page_and_box(page_image, tmp_path):
    """The review item and the HTML report of a value read by PP-OCR give its page and box; the box,
    cut out of the page and read again, holds that value."""
    from extractor.export.html import document_page
    from extractor.ocr import get_engine, locate
    from extractor.review.app import _detail
    from extractor.review.items import Status, build_items
    from extractor.review.queue import QueueItem

    path = tmp_path / "page.png"
    page_image.save(path)
    source = read_source(path, ocr="rapidocr")
    doc = extract_source(source, STEM)
    amounts = [a.amount for t in doc.tables if isinstance(t, LineTable) for line in t.lines for a in line.amounts]
    amount = next(a for a in amounts if a.raw == "538,440")
    page, (x0, top, x1, bottom) = locate(doc.ocr, amount.span.start, amount.span.end)
    assert page == 1 and 0 <= x0 < x1 <= page_image.width and 0 <= top < bottom <= page_image.height
    crop = page_image.crop((x0 - 4, top - 4, x1 + 4, bottom + 4))
    assert "538,440" in "".join(get_engine("rapidocr").recognise(crop, OCR_DPI)["texts"])
    assert locate(doc.ocr, 0, 0) is None and locate(None, 0, 5) is None

    amount.flagged = True  # as the checks flag a value: the review shows where it stands
    (item,) = [i for i in build_items(doc, source.text) if i.span == amount.span]
    assert (item.page, item.box) == (1, (x0, top, x1, bottom))
    queued = QueueItem(1, item, Status.pending, True, None, None, None, None, None)
    assert f"page 1, box x {x0}–{x1} y {top}–{bottom} px" in _detail(queued, None).plain
    html, _ = document_page(doc, source.text)
    as_read = f"{page_image.width}×{page_image.height} px at {OCR_DPI} dpi"
    assert f'title="scanned page 1, box x {x0}–{x1} y {top}–{bottom} px of the page as read ({as_read})"' in html


@needs_rapidocr
def test_review_list_says_where_on_its_scanned_page_a_flagged_value_stands(tmp_path):
    """A printed 功能分类 table whose 合计 is not the sum of its 类 rows, photographed on its side: the
    flagged 合计 is listed by `review --list` with its page and box, in pixels of the page as read
    (upright: taller than wide), and the review UI's detail says them: both read the queue, which
    kept them (it dropped them before, so the UI never showed them)."""
    from typer.testing import CliRunner

    from extractor.cli import app
    from extractor.review.app import _detail
    from extractor.review.queue import ReviewQueue

    font = cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    text = ("2024年一般公共预算支出表\n单位：万元\n科目编码\t科目名称\t合计\n\t合计\t100.00\n"
            "201\t一般公共服务支出\t60.00\n205\t教育支出\t30.00\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    print_pages(text, font, 150)[0].rotate(90, expand=True).save(inputs / "photo.png")
    out = tmp_path / "out"
    run([inputs], out, ocr="rapidocr")
    doc = json.loads((out / "docs" / "photo.png.json").read_text(encoding="utf-8"))
    (geometry,) = doc["ocr"]["geometry"]
    assert geometry["turned"] == 90 and geometry["height"] > geometry["width"]
    listed = CliRunner().invoke(app, ["review", str(out), "--list"])
    header, *lines = listed.stdout.splitlines()
    assert header.split("\t")[8] == "where"
    (total,) = [line.split("\t") for line in lines if "合计" in line and "\t100\t" in line]
    page, box = total[8].split(" ")
    (x0, top), (x1, bottom) = (map(int, corner.split(",")) for corner in box.split("-"))
    assert page == "p1" and 0 <= x0 < x1 <= geometry["width"] and 0 <= top < bottom <= geometry["height"] // 2
    with ReviewQueue.of(out) as queue:  # the terminal UI shows it from the queue as well
        (item,) = [q for q in queue.items() if q.item.path == total[9]]
    assert f"page 1, box x {x0}–{x1} y {top}–{bottom} px" in _detail(item, None).plain


def test_a_full_stop_pp_ocr_read_as_0_or_o_is_a_full_stop_again():
    """PP-OCR's readings of seed 002's goals printed at 200 dpi: the closing 。 came back as `0` or `o`,
    alone in its box (joined to its cell's text) or at the end of the line's box."""
    assert full_stop("保障本年度局机关大楼及下属各司法所基本运转水电费0") == "保障本年度局机关大楼及下属各司法所基本运转水电费。"
    assert full_stop("预算金额210000元o") == "预算金额210000元。"
    assert full_stop("合计1000") == "合计1000" and full_stop("≥90") == "≥90"  # figures stay
    assert full_stop("资金0") == "资金0"  # too short to be a sentence


@needs_rapidocr
def test_a_photo_of_more_megapixels_than_ocr_needs_is_read_scaled_down_with_its_dpi(page_image, tmp_path, monkeypatch):
    """A page photographed at 30 megapixels (the dev page at 600 dpi, JPEG) is decoded grey at a
    fraction of its size and scaled to 20 megapixels before OCR; the page as read says so: its
    size, and the dpi that size is at; its amounts are read."""
    monkeypatch.setenv("EXTRACT_OCR_CACHE", "none")
    photo = tmp_path / "photo.jpg"
    width = round(page_image.width * 3)
    page_image.resize((width, round(page_image.height * 3))).convert("RGB").save(photo, quality=85, dpi=(600, 600))
    source = read_source(photo, ocr="rapidocr")
    (page,) = source.ocr["geometry"]
    assert page["width"] * page["height"] <= 20_000_000 and page["width"] > width // 2
    assert page["dpi"] == round(600 * page["width"] / width)
    assert "合计\t12,121,164\t9,501,164\t2,620,000" in source.text


def test_a_box_read_over_a_rule_is_cut_where_the_page_s_cjk_glyphs_end_not_by_half_width_digits():
    # PP-OCR read a wrapped label's line and the next cell's `≥90%` as one box over the rule; in
    # WenQuanYi Zen Hei digits are wider than half a CJK glyph, so cutting by display columns put
    # the label's last glyph (`提`) in the value's cell: `提》=90%`, a value wrong and unflagged
    excerpt = json.loads((ROOT / "tests" / "data" / "scans" / "wqy160-indicator-rows.words.json").read_text(encoding="utf-8"))
    words = split_at_rules(excerpt["words"], [[[tuple(c) for c in row] for row in t] for t in excerpt["tables"]])
    texts = [w["text"] for w in words]
    assert "县域困难经济群众申请法律援助决定给予法律援助比率显著提" in texts
    assert texts.count("》=90%") == 2 and not any("提》" in t for t in texts)


def test_a_ruled_column_beside_a_narrow_empty_one_is_a_column_of_cells():
    """Seed 002 printed by tests/pages.py in Noto Serif CJK at 140 dpi (a crop of page 1, 绩效值 the last
    column): the table below prints an empty column 17 pixels wide, so two vertical rules stand a few
    pixels apart, found as one run whose centre neither passes through. The 绩效值 column was lost with
    its right border, and eleven worded values (`有效防范，得以稳定`) with it, none flagged."""
    import numpy as np

    gray = np.asarray(Image.open(ROOT / "tests" / "data" / "scans" / "serif140-narrow-last-column.png").convert("L"))
    (table,) = ruled_tables(gray, [{"top": 0, "bottom": 24}])  # (the page's glyphs are 24 pixels tall)
    assert all(len(row) == 2 for row in table) and len(table) == 5
    assert all(row[1][0] < 340 < 520 < row[1][2] for row in table)  # the values' cells, 有效防范 at x 333-508
