"""Coded and summary tables of seed 000, read by the rules backend."""

import json
import unicodedata
from pathlib import Path

import pytest

from conftest import rejoined
from extractor.models import ColumnKind as C
from extractor.extract.rules.coded import join_code
from extractor.models import Check, LineTable, Reason, RowKind, Severity, Side, TableKind


def _table(doc, label) -> LineTable:
    return next(t for t in doc.tables if t.label == label)


def _line(table, code):
    return next(l for l in table.lines if l.code and l.code.value == code)


def _values(line):
    return {a.column: a.amount.value for a in line.amounts}


# Every coded row of 000 表3, read off the source text.
TABLE3 = {
    "204": (919.08, 1052.5294, 758.9794, 293.55, 133.4494, 14.52),
    "20406": (919.08, 1052.5294, 758.9794, 293.55, 133.4494, 14.52),
    "2040601": (688.13, 795.9794, 758.9794, 37, 107.8494, 15.67),
    "2040602": (56, 104.55, None, 104.55, 48.55, 86.70),
    "2040604": (118.85, 70, None, 70, -48.85, -41.10),
    "2040605": (None, 16, None, 16, 16, 100),
    "2040607": (25, 46, None, 46, 21, 84),
    "2040610": (31.1, 20, None, 20, -11, -35.37),
    "208": (127.67, 140.06, 140.06, None, 12.39, 9.70),
    "20805": (127.67, 140.06, 140.06, None, 12.39, 9.70),
    "2080501": (18, 22.51, 22.51, None, 4.51, 25.06),
    "2080505": (82.25, 76.06, 76.06, None, -6.19, -7.53),
    "2080506": (27.42, 41.49, 41.49, None, 14.07, 51.31),
    "210": (67.35, 86.6, 86.6, None, 19.25, 28.58),
    "21011": (67.35, 86.6, 86.6, None, 19.25, 28.58),
    "2101101": (32.9, 41.49, 41.49, None, 8.59, 26.11),
    "2101103": (34.45, 45.11, 45.11, None, 10.66, 30.94),
    "221": (89.9, 197.92, 197.92, None, 108.02, 120.16),
    "22102": (89.9, 197.92, 197.92, None, 108.02, 120.16),
    "2210201": (49.35, 87.75, 87.75, None, 38.4, 77.81),
    "2210203": (40.55, 110.17, 110.17, None, 69.62, 171.69),
}
COLS3 = (C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct)


@pytest.mark.parametrize("code", TABLE3)
def test_table3_every_coded_row(seed_doc, code):
    line = _line(_table(seed_doc("000"), "表3"), code)
    expected = {c: v for c, v in zip(COLS3, TABLE3[code]) if v is not None}
    assert _values(line) == pytest.approx(expected)
    assert line.row_kind is RowKind.subject
    assert line.level == {3: 1, 5: 2, 7: 3}[len(code)]


def test_table3_units_and_total_rows(seed_doc):
    table = _table(seed_doc("000"), "表3")
    assert table.kind is TableKind.expenditure_by_function
    assert [l.code.value for l in table.lines if l.row_kind is RowKind.unit] == ["010", "010001"]
    total = next(l for l in table.lines if l.row_kind is RowKind.total)
    assert total.name.value == "合计"
    assert _values(total)[C.total] == pytest.approx(1477.1094)
    assert len([l for l in table.lines if l.row_kind is RowKind.subject]) == len(TABLE3)


def test_values_keep_raw_text_and_span(seed_doc, seed_text):
    text = seed_text("000")
    line = _line(_table(seed_doc("000"), "表3"), "2040601")
    total = line.amount(C.total)
    assert total.raw == "795.979400"
    assert text[total.span.start : total.span.end] == "795.979400"
    assert text[line.name.span.start : line.name.span.end] == "行政运行"
    assert total.decimals == 6


TABLE4 = {
    "301": (1025.0894, 1025.0894, None),
    "30101": (167.832, 167.832, None),
    "30102": (368.6476, 368.6476, None),
    "30103": (168.5338, 168.5338, None),
    "30107": (2.676, 2.676, None),
    "30108": (76.06, 76.06, None),
    "30109": (41.49, 41.49, None),
    "30110": (41.49, 41.49, None),
    "30111": (41.48, 41.48, None),
    "30112": (3.63, 3.63, None),
    "30113": (87.75, 87.75, None),
    "30199": (25.5, 25.5, None),
    "302": (97.53, None, 97.53),
    "30201": (51, None, 51),
    "30239": (46.53, None, 46.53),
    "303": (60.94, 60.94, None),
    "30302": (59.51, 59.51, None),
    "30305": (1.43, 1.43, None),
}


@pytest.mark.parametrize("code", TABLE4)
def test_table4_every_economic_row(seed_doc, code):
    table = _table(seed_doc("000"), "表4")
    assert table.kind is TableKind.basic_expenditure_by_economic
    # 合计 under 基本支出预算: in a table of basic expenditure only, the table's total (as the dev-scans
    # and eval/dev gold name it), not a 基本支出 column beside a 项目支出 one
    expected = {c: v for c, v in zip((C.total, C.personnel, C.public_operating), TABLE4[code]) if v is not None}
    assert _values(_line(table, code)) == pytest.approx(expected)


def test_summary_table_sides_and_columns(seed_doc):
    table = _table(seed_doc("000"), "表1")
    assert table.kind is TableKind.income_expenditure_summary
    items = {(l.side, l.name.value): _values(l) for l in table.lines}
    assert items[(Side.income, "(一)一般公共预算财政拨款收入")] == pytest.approx({C.total: 1477.1094})
    assert items[(Side.expenditure, "(四)公共安全支出")] == pytest.approx(
        {C.total: 1052.5294, C.general_budget: 1052.5294}
    )
    assert items[(Side.income, "收入总计")] == pytest.approx({C.total: 1477.1094})
    assert items[(Side.expenditure, "支出总计")] == pytest.approx({C.total: 1477.1094, C.general_budget: 1477.1094})
    # `197. 920000`: repaired, not ambiguous
    housing = next(l for l in table.lines if l.name.value == "(二十一)住房保障支出")
    amount = housing.amount(C.total)
    assert amount.value == pytest.approx(197.92) and [r.value for r in amount.reasons] == ["number_repaired"]


def test_department_summary_and_department_expenditure(seed_doc):
    doc = seed_doc("000")
    t7 = _table(doc, "表7")
    names = [l.name.value for l in t7.lines if l.side is Side.income]
    assert "一、财政拨款预算收入" in names and "自治区本级安排" in names
    t9 = _table(doc, "表9")
    assert t9.kind is TableKind.department_expenditure
    unit = _line(t9, "010001")
    assert unit.row_kind is RowKind.unit
    assert _values(unit) == pytest.approx({C.total: 1477.1094, C.administrative: 1477.1094})


def test_empty_fund_table_is_recorded(seed_doc):
    t6 = _table(seed_doc("000"), "表6")
    assert t6.kind is TableKind.fund_expenditure
    assert t6.empty and t6.lines == []


@pytest.mark.parametrize(
    "pieces, previous, code, repaired",
    [
        (["201", "06", "01"], None, "2010601", False),
        (["208", "05", "9%99"], "20805", "2080599", True),  # `9%99` and `599` for 99
        (["208", "05", "599"], "20805", "2080599", True),
        (["7", "11", "02"], "21011", "2101102", True),  # the 类 cell read as `7`
        (["四", "11", "02"], "21011", "2101102", True),  # ... or as one wrong character
        (["210", "J1"], "210", "21011", True),
        (["301", "02"], None, "30102", False),
        (["204", "0601"], None, "2040601", False),  # a whole code with a space inside
        (["3010", "2"], None, "30102", False),
        (["010", "001"], None, "010001", False),  # a unit code
        (["2040401"], None, "2040401", False),
        (["3O113"], None, "3O113", False),  # an OCR letter stays for the code check to repair and report
    ],
)
def test_codes_joined_from_their_cells(pieces, previous, code, repaired):
    joined = join_code(pieces, previous)
    assert (joined.digits, joined.repaired) == (code, repaired)


def test_a_garbled_class_without_a_row_above_is_not_guessed():
    assert join_code(["7", "11", "02"], None) is None


def test_a_coded_row_is_read_whatever_its_name_holds(seed_text):
    """A `;` in a row's name (a hostile or sloppy print) keeps the row, and the
    checks still run over the document: a prior year a repair sets to 0 gives no
    percentage instead of a division by zero."""
    from pathlib import Path

    from extractor.api import extract_source
    from extractor.ingest import SourceText

    text = seed_text("000").replace("210\t卫生健康支出\t", "210\t卫生健康支出;\t", 1)
    doc = extract_source(SourceText(Path("x.txt"), text, "utf-8", "0", len(text)))
    table = _table(doc, "表3")
    assert _values(_line(table, "210"))[C.total] == 86.6
    assert not [w for w in doc.warnings if "post-checks failed" in w]
    assert doc.findings


def test_the_numbers_of_a_column_whose_heading_is_not_understood_are_flagged(tmp_path):
    """A 决算 table read off a 72-dpi page (review of issue 20): 调整预算数 came back `调股预算教`,
    a heading of no column we know; its numbers are kept under that label, flagged."""
    from extractor.api import extract_file

    path = tmp_path / "t.txt"
    path.write_text("一般公共预算财政拨款支出决算表\n单位：万元\n"
                    "科目编码\t科目名称\t年初预算数\t调股预算教\t决算数\n"
                    "\t合计\t62.43\t64.10\t64.10\n"
                    "210\t卫生健康支出\t62.43\t64.10\t64.10\n", encoding="utf-8")
    table = next(t for t in extract_file(path).doc.tables if isinstance(t, LineTable))
    row = _line(table, "210")
    unknown = [c for c in row.amounts if c.column is C.unknown]
    assert [c.amount.value for c in unknown] == [64.10] and unknown[0].label == "调股预算教"
    assert unknown[0].amount.flagged
    assert not [c for c in row.amounts if c.column is not C.unknown and c.amount.flagged]


def test_a_header_line_broken_inside_a_heading_is_no_row():
    """Seed 000's 表3 on a portrait page (serif scan): `2021年预算数与2020` / `年预算数` wraps a
    heading, and the line ends on the year of its next line. That year is no amount and the line
    no row: the header names the columns (2020年预算数, 总计, 基本支出, 项目支出, 增减额)."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "wrapped_title.serif.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    assert table.lines[0].name.value == "合计"
    assert _values(_line(table, "2040601")) == {
        C.prior_year: 688.13, C.total: 795.9794, C.basic: 758.9794, C.project: 37, C.change_amount: 107.8494,
        C.change_pct: 15.67,
    }
    assert not [w for w in table.warnings if "garbled" in w]


def test_a_total_over_budget_units_takes_the_columns_of_its_top_unit():
    """Seed 000's 部门支出预算表 (serif scan): the 合计 row's short label leaves a wide gap before
    its numbers, which reads as a skipped column; the 合计 is the sum of the top unit (010), whose
    1477.1094 stands under 行政支出, so the 合计's does too."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "unit_rows.serif.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    total = next(l for l in table.lines if l.row_kind is RowKind.total)
    assert _values(total) == {C.total: 1477.1094, C.administrative: 1477.1094}


def test_a_summary_column_whose_fund_has_no_income_is_the_funded_ones():
    """Seed 000's 表1 (serif scan): 一般公共预算财政拨款支出 read as `本`, so the one amount after each
    expenditure's 小计 stood under 政府性基金预算财政拨款支出. The income side prints no 政府性基金 income,
    this year's or carried over, and 1477.1094 of 一般公共预算 income: the column is the general
    budget's, flagged. A line of two numbers whose label lost its 出 (`社会保障和就业支`) is an
    expenditure: the income side has one amount column."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "summary_fund_heading_lost.serif.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    line = next(l for l in table.lines if "公共安全" in l.name.value)
    assert _values(line) == {C.total: 1052.5294, C.general_budget: 1052.5294}
    assert Reason.column_inferred in line.amount(C.general_budget).reasons
    line = next(l for l in table.lines if l.name.value.startswith("社会保障"))
    assert line.side is Side.expenditure and _values(line) == {C.total: 140.06, C.general_budget: 140.06}


def test_amounts_read_under_a_fund_after_one_whose_heading_was_garbled_are_in_doubt():
    """Seed 000's 表1 printed in Noto Sans at 150 dpi and read by tesseract: the 一般公共预算 column's
    heading came out as `本要全和了对长投`, and its income item's name wrapped, its amount on the second
    line (`拨款收入 1477.109400`). The wrapped name joined, the income side names the fund that spent
    (1477.1094 of 一般公共预算, no 政府性基金 income): the amount after each 小计 is the general budget's,
    inferred, flagged; never read by order under 政府性基金."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "summary_fund_heading_garbled.sans150.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    table = parse_chunk(text, chunk)
    line = next(l for l in table.lines if "公共安全" in l.name.value)
    fund = [c for c in line.amounts if c.column is not C.total]
    assert [c.column for c in fund] == [C.general_budget] and Reason.column_inferred in fund[0].amount.reasons


def test_a_summary_item_name_wrapped_over_lines_is_one_item():
    """Seed 000's 表1 in WenQuanYi Zen Hei 200 dpi: `(一) 一般公共预算财` / `政拨款收入  1477.109400` (with a line
    of the OCR's reading of the same words between) and `(二) 政府性基金预算` / `财政拨款收入`. A line whose
    name starts no item joins the cut name above it on its side, with its amount, both flagged; an item
    printed whole stays on its own."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "summary_wrapped_names.wqy.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    table = parse_chunk(text, chunk)
    income = [l for l in table.lines if l.side is Side.income]
    assert income[0].name.value.startswith("(一)一般公共预算财") and income[0].name.value.endswith("政拨款收入")
    assert _values(income[0]) == {C.total: 1477.1094} and income[0].name.reasons == [Reason.cell_shifted]
    # which item the amount is printed beside is read from the order of lines too (at `--psm 3` the OCR put an
    # expenditure label between, and the amount went to `(1) 一般公共预算财政拨款收入其中:财政拨款支出自治区本级安排`)
    assert income[0].amounts[0].amount.reasons == [Reason.cell_shifted]
    assert income[1].name.value == "(二)政府性基金预算财政拨款收入" and not income[1].amounts
    assert [l.name.value for l in table.lines if l.side is Side.expenditure][:2] == ["(一)般公共服务支出", "(二)外交支出"]


@pytest.mark.parametrize("joiner", ["  ", "\t", " "])
def test_a_three_public_row_whose_blanks_left_no_gap_is_placed_in_doubt(joiner):
    """The 上海 template's 三公 table (上海市普陀区人民政府办公室 2025, tesseract): seven columns under a
    three-line header, four values printed (`867. 50  839. 00  28. 50  213. 28`, the vehicle columns
    blank). Read as printed, each value stands under its heading. With each line's cells joined by one
    fixed gap, empty cells dropped (text copied out of a viewer), neither the blanks nor the spanning
    headings leave a mark: the header's leaves had read `和公务接待费` for 机关运行经费, 213.28 under it and
    839.00 under 公务用车购置费, unflagged. Now the values fill the template's columns in order, the last
    机关运行经费, each in doubt."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    printed = (Path(__file__).parent / "data" / "segment" / "three_public_shanghai.ocr.txt").read_text(encoding="utf-8")
    expected = [("三公经费合计", 867.5), ("因公出国(境)费", 839.0), ("公务接待费", 28.5), ("机关运行经费", 213.28)]
    for text, doubt in ((printed, False), (rejoined(printed, joiner), True)):
        (chunk,) = [c for c in segment(text) if c.kind is TableKind.three_public]
        table = parse_chunk(text, chunk)
        read = [(l.name.value, l.amounts[0].amount) for l in table.lines if l.amounts]
        assert [(name, amount.value) for name, amount in read] == expected
        assert all((Reason.column_inferred in amount.reasons) is doubt for _, amount in read)


def test_a_summary_line_joined_by_single_spaces_is_cut_into_its_items():
    """The 上海 template's 财务收支预算总表 (上海市普陀区人民政府办公室 2025, tesseract) with each line's cells
    joined by single spaces: `1，一般公共预算资金 91, 016, 775. 35 二、社会保障和就业支出 4, 213, 779. 28`
    (groups a mark and a space apart) and `2政府性基金 三、卫生健康支出 1, 097, 073. 43` (an income item
    without an amount). Both had been read as one item named by both labels, the expenditure item lost
    unflagged; each line holds two items, the amount the expenditure's."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    printed = (Path(__file__).parent / "data" / "segment" / "summary_shanghai.ocr.txt").read_text(encoding="utf-8")
    for text in (printed, rejoined(printed, " ")):
        (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
        table = parse_chunk(text, chunk)
        spent = {l.name.value: _values(l) for l in table.lines if l.side is Side.expenditure}
        assert spent["二、社会保障和就业支出"] == {C.total: 4213779.28}
        assert spent["三、卫生健康支出"] == {C.total: 1097073.43}
        assert spent["四、住房保障支出"] == {C.total: 3609125.22}
        income = [(l.name.value, _values(l)) for l in table.lines if l.side is Side.income]
        assert income[1][0].endswith("一般公共预算资金") and income[1][1] == {C.total: 91016775.35}
        assert income[2] == ("2政府性基金", {})


def test_an_economic_table_whose_empty_cells_were_dropped_places_its_numbers_by_the_arithmetic():
    """Seed 000's 表4 copied out of a viewer, each line's cells joined by a tab and its empty cells
    dropped: `30201  办公费  51.000000  51.000000`, the second number one cell after the first as
    人员支出's are. Read by index it stood under 人员支出, unflagged; indices saying nothing (not aligned,
    the numbers side by side), 302's children are placed where 302's sum puts them, 日常公用支出."""
    from conftest import seed_path
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = rejoined(seed_path("000").read_text(encoding="utf-8"), "\t")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.basic_expenditure_by_economic]
    table = parse_chunk(text, chunk)
    for code, value in (("30201", 51.0), ("30239", 46.53), ("30101", 167.832)):
        line = _line(table, code)
        column = C.public_operating if code.startswith("302") else C.personnel
        assert _values(line) == {C.total: value, column: value}


def test_a_summary_line_joined_by_single_spaces_with_whole_amounts_is_cut_into_its_items():
    """The 上海 template's 财务收支预算总表 of a 单位预算 (上海市普陀区社会福利院 2024, tesseract) prints whole
    amounts: joined by single spaces, `一、财政拨款收入 9, 501, 164 一、一般公共服务支出` and `收入总计
    12, 121, 164 支出总计 12, 121, 164 …` were one label each with the first amount inside it (a label-and-
    amount pair is cut off only at an amount with decimals: `建设 10 万元` is a name), the income amount
    lost and the expenditure item misnamed, unflagged. Cut before the second item, each keeps its amount."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    printed = (Path(__file__).parent / "data" / "segment" / "summary_shanghai_integers.ocr.txt").read_text(encoding="utf-8")
    for text in (printed, rejoined(printed, " ")):
        (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
        table = parse_chunk(text, chunk)
        lines = {(l.side, l.name.value): _values(l) for l in table.lines}
        assert lines[Side.income, "一、财政拨款收入"] == {C.total: 9501164}
        assert lines[Side.income, "收入总计"] == {C.total: 12121164}
        assert lines[Side.expenditure, "二、社会保障和就业支出"][C.public_operating] == 2120950
        assert lines[Side.expenditure, "支出总计"][C.personnel] == 7380214


def test_a_code_piece_under_a_blank_parent_in_a_tabbed_text_whose_blanks_were_dropped():
    """A 政府性基金 table printing 类 | 款 | 项 in cells of their own, a 款 row's 类 cell blank (`<empty>  08
    国有土地使用权出让收入安排的支出`). Its empty cells dropped (a viewer's copy joined by tabs), the `08`
    stands in the 类's cell: a piece's cell said its level, so `08` was no code and the row lost it into
    its name, unflagged (every 款 and 项 of the table). Not aligned, the row above says the level."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    printed = (Path(__file__).parent / "data" / "scans" / "new-fund-split-code-cells-blank-parents.txt").read_text(encoding="utf-8")
    for text in (printed, rejoined(printed, "\t")):
        (chunk,) = segment(text)
        table = parse_chunk(text, chunk)
        assert [l.code.value for l in table.lines if l.code] == ["212", "21208", "2120801", "2120803", "229", "22960", "2296002"]
        assert _values(_line(table, "2120801")) == {C.total: 800, C.project: 800}


def test_a_summary_header_joined_by_single_spaces_names_its_columns_word_by_word():
    """Seed 000's 表1 财政拨款收支预算表 with its lines' cells joined by single spaces (`eval/seeds-joined-one`): its
    header line `一、本年收入 一、本年支出 小计 一般公共预算财政拨款支出 政府性基金预算财政拨款支出` was one cell, read
    as two items, the column under 一般公共预算财政拨款支出 inferred as another (人员/基本, in doubt or not). Before
    the rows of numbers, a text whose cells single spaces join is read word by word: 小计 marks the header and
    each fund's heading names its column. `1477. 109400` (a space after the point) keeps its six decimals."""
    from conftest import seed_path
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = rejoined(seed_path("000").read_text(encoding="utf-8"), " ")
    chunk = next(c for c in segment(text) if c.kind is TableKind.income_expenditure_summary and "财政拨款收支" in c.title)
    table = parse_chunk(text, chunk)
    lines = {(l.side, l.name.value): _values(l) for l in table.lines}
    assert lines[Side.expenditure, "(四)公共安全支出"] == {C.total: 1052.5294, C.general_budget: 1052.5294}
    assert lines[Side.expenditure, "本年支出小计"] == {C.total: 1477.1094, C.general_budget: 1477.1094}
    assert not table.warnings


def test_a_summary_joined_by_single_spaces_in_a_text_of_wider_gaps_names_its_columns_word_by_word():
    """The same 表1 in a text whose first half joins its cells by single spaces and the rest by two
    (`eval/seeds-joined-mixed`): asked of the whole text, the wider gaps of the later tables kept the header line
    one cell, and 本年支出小计 and 支出总计 were read under 基本 (another column's name), with no flag. The
    table's own region joins its cells by single spaces: its header is read word by word."""
    from conftest import seed_path
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = rejoined(seed_path("000").read_text(encoding="utf-8"), " ", "  ")
    chunk = next(c for c in segment(text) if c.kind is TableKind.income_expenditure_summary and "财政拨款收支" in c.title)
    table = parse_chunk(text, chunk)
    lines = {(l.side, l.name.value): _values(l) for l in table.lines}
    assert lines[Side.expenditure, "本年支出小计"] == {C.total: 1477.1094, C.general_budget: 1477.1094}


# A 决算 收入支出决算总表 whose cells a fixed gap of two spaces joins (a viewer's copy): no columns hold, and
# each item's 行次 number stands after its label like an amount; an item printed without a label leaves its
# 行次 on the other side's line (`四、事业收入  4      24`).
_ROW_NUMBERED_SUMMARY = """收入支出决算总表
公开01表
单位：万元
收入      支出    
项目  行次  金额  项目  行次  金额
栏次    1  栏次    2
一、一般公共预算财政拨款收入  1  236.40  一、一般公共服务支出  21  201.15
二、政府性基金预算财政拨款收入  2    二、教育支出  22  45.25
三、上级补助收入  3      23  
四、事业收入  4      24  
五、其他收入  5  10.00    25  
本年收入合计  6  246.40  本年支出合计  26  246.40
年初结转和结余  7  3.60  年末结转和结余  27  3.60
总计  8  250.00  总计  28  250.00
"""


def test_row_numbers_of_a_summary_whose_text_keeps_no_columns_are_no_amounts():
    """The 行次 numbers (1 … 8, 21 … 28) run on by one down the table: they are no amounts, the item's amount
    is the number after them; the 栏次 line numbers the columns, no item. (They were read as each item's
    amount, and the real amount as a second column's: 总计 250.00 filed as basic at confidence 1.)"""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = _ROW_NUMBERED_SUMMARY
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    table = parse_chunk(text, chunk)
    read = {(l.side, l.name.value): _values(l) for l in table.lines if l.amounts}
    assert read == {
        (Side.income, "一、一般公共预算财政拨款收入"): {C.total: 236.40},
        (Side.expenditure, "一、一般公共服务支出"): {C.total: 201.15},
        (Side.expenditure, "二、教育支出"): {C.total: 45.25},
        (Side.income, "五、其他收入"): {C.total: 10.00},
        (Side.income, "本年收入合计"): {C.total: 246.40},
        (Side.expenditure, "本年支出合计"): {C.total: 246.40},
        (Side.income, "年初结转和结余"): {C.total: 3.60},
        (Side.expenditure, "年末结转和结余"): {C.total: 3.60},
        (Side.income, "总计"): {C.total: 250.00},
        (Side.expenditure, "总计"): {C.total: 250.00},
    }
    assert not any("栏次" in l.name.value for l in table.lines)


# A 收入支出决算总表 in cells (/tmp/rv/sm_d_tab.txt trimmed): its 行次 columns run 1 … 8 and 32 … 39, and two
# items print whole amounts, 3 and 4, which run on by one over two rows under the 行次 heading.
_WHOLE_AMOUNTS_SUMMARY = """收入支出决算总表
公开01表
单位：万元
项目\t行次\t金额\t项目\t行次\t金额
一、一般公共预算财政拨款收入\t1\t505.36\t一、社会保障和就业支出\t32\t468.28
二、政府性基金预算财政拨款收入\t2\t\t二、卫生健康支出\t33\t20.36
三、国有资本经营预算财政拨款收入\t3\t\t三、住房保障支出\t34\t29.92
四、上级补助收入\t4\t3\t\t35\t
五、事业收入\t5\t4\t\t36\t
六、其他收入\t6\t6.20\t\t37\t
本年收入合计\t7\t518.56\t本年支出合计\t38\t518.56
总计\t8\t518.56\t总计\t39\t518.56
"""


def _aligned(text: str, widths=(34, 6, 10, 26, 6, 10)) -> str:
    """Tab-separated lines as a page's text prints them: each cell padded to its column's display width (a CJK
    character is two wide), numbers to the right, two spaces between columns."""
    def pad(cell: str, width: int, right: bool) -> str:
        room = " " * (width - sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell))
        return room + cell if right else cell + room
    return "\n".join("  ".join(pad(c, w, i % 3 > 0) for i, (c, w) in enumerate(zip(line.split("\t"), widths))).rstrip()
                     if "\t" in line else line for line in text.split("\n"))


@pytest.mark.parametrize("gap", ["\t", " | ", "  ", "aligned"])
def test_whole_amounts_beside_a_summarys_row_numbers_are_read(gap):
    """The amounts 3 and 4 stand in the 金额 column, the 行次 run 1 … 8 crosses their rows, and their rows have
    their 行次 (4, 5): they are the items' amounts, in cells joined by tabs, rules or two spaces, or aligned
    under their headings. (They were taken as row numbers, and vanished: only the 本年收入合计 sum failed.)"""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = _aligned(_WHOLE_AMOUNTS_SUMMARY) if gap == "aligned" else _WHOLE_AMOUNTS_SUMMARY.replace("\t", gap)
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    read = {(l.side, l.name.value): set(_values(l).values()) for l in parse_chunk(text, chunk).lines}
    assert read[Side.income, "四、上级补助收入"] == {3.0} and read[Side.income, "五、事业收入"] == {4.0}
    assert read[Side.income, "本年收入合计"] == {518.56} and read[Side.expenditure, "总计"] == {518.56}


@pytest.mark.parametrize("gap", ["\t", " | ", "  ", "aligned"])
def test_an_amount_under_the_expenditure_heading_is_no_income_items(tmp_path, gap):
    """`四、上级补助收入 | 4 | 3 | | 35 | 14.00`: the 14.00 stands in the expenditure side's 金额 column, its item's
    name not printed (lost by the OCR, or the row shifted a cell): it is not a second amount of the income item
    (it was, unflagged, and the income side's sum was checked on the first only), it is reported unread."""
    from extractor.api import extract_file
    from extractor.extract.rules import parse_chunk
    from extractor.models import Check
    from extractor.segment import segment

    summary = _WHOLE_AMOUNTS_SUMMARY.replace("四、上级补助收入\t4\t3\t\t35\t", "四、上级补助收入\t4\t3\t\t35\t14.00")
    text = _aligned(summary) if gap == "aligned" else summary.replace("\t", gap)
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    read = {(l.side, l.name.value): [a.amount.value for a in l.amounts] for l in parse_chunk(text, chunk).lines}
    assert read[Side.income, "四、上级补助收入"] == [3.0] and read[Side.income, "五、事业收入"] == [4.0]
    path = tmp_path / "summary.txt"
    path.write_text(text + "\n", encoding="utf-8")
    findings = extract_file(path).doc.findings
    assert any(f.check is Check.unread_values and "14.00" in f.message for f in findings)


# A function table whose cells print one a line, rows parted by blank lines (a word processor's table pasted as
# text without its tabs): no position says which column a number is in.
_ONE_CELL_A_LINE = """一般公共预算财政拨款支出决算表
单位：万元

科目名称
小计
基本支出
项目支出

栏次
1
2
3

合计
86.40
60.20
26.20

201
一般公共服务支出
86.40
60.20
26.20

201
03
政府办公厅（室）及相关机构事务
86.40
60.20
26.20
"""


def test_the_column_numbers_of_a_table_of_one_cell_a_line_are_no_value():
    """The 栏次 line's numbers (1, 2, 3 on lines of their own: they run on by one) number the columns: no
    amount of any row (the 合计 was read as 1 in an unknown column, unflagged: a value under a heading that
    names no kind is read in doubt)."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = _ONE_CELL_A_LINE
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.expenditure_by_function]
    table = parse_chunk(text, chunk)
    amounts = [(a.column, a.amount) for line in table.lines for a in line.amounts]
    assert amounts and not {1.0, 2.0, 3.0} & {a.value for _, a in amounts}
    assert all(Reason.column_inferred in a.reasons for column, a in amounts if column is C.unknown)


def test_a_one_row_tables_value_under_a_heading_that_names_no_kind_is_in_doubt():
    """A one-row 部门支出预算总表 whose third heading OCR garbled (`调股预算教`, 项目支出): its value is read,
    in an unknown column, flagged for the reviewer to name (it passed at confidence 1)."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = "部门支出预算总表\n单位：万元\n合计\t基本支出\t调股预算教\n120.00\t80.00\t40.00\n"
    (chunk,) = segment(text)
    (line,) = parse_chunk(text, chunk).lines
    assert _values(line) == {C.total: 120.00, C.basic: 80.00, C.unknown: 40.00}
    assert [a.column for a in line.amounts if a.amount.reasons] == [C.unknown]
    assert Reason.column_inferred in line.amount(C.unknown).reasons


def test_a_summary_item_no_header_or_word_places_on_a_side_is_in_doubt():
    """A 收支总表 printed as one list with no 收入/支出 header (no row holds two items): an item whose words name
    neither side (`一、一般公共预算财政拨款`) is placed by a guess, flagged; one that names its side is not."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = ("财政拨款收支决算总表\n单位：万元\n项目\t金额\n一、一般公共预算财政拨款\t100.00\n二、上年结转\t20.00\n"
            "三、一般公共服务支出\t120.00\n")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.income_expenditure_summary]
    lines = {l.name.value: l for l in parse_chunk(text, chunk).lines}
    assert Reason.column_inferred in lines["一、一般公共预算财政拨款"].amounts[0].amount.reasons
    assert (lines["二、上年结转"].side, lines["二、上年结转"].amounts[0].amount.reasons) == (Side.income, [])
    assert (lines["三、一般公共服务支出"].side, lines["三、一般公共服务支出"].amounts[0].amount.reasons) == (Side.expenditure, [])


# A 决算 table of the year's funds by function, its cells joined by two spaces and its empty cells dropped.
_CARRYOVER_TWO_SPACE = """一般公共预算财政拨款收入支出决算表
单位：万元
项目  上年结转  本年收入  本年支出  年末结转
科目编码  科目名称  小计  基本支出  项目支出
合计  10.00  120.00  125.00  80.00  45.00  5.00
201  一般公共服务支出  80.00  80.00  80.00
20103  政府办公厅（室）及相关机构事务  80.00  80.00  80.00
2010301  行政运行  80.00  80.00  80.00
213  农林水支出  10.00  40.00  45.00  45.00  5.00
21301  农业农村  10.00  40.00  45.00  45.00  5.00
2130104  事业运行  10.00  40.00  45.00  45.00  5.00
"""


def test_a_carry_over_row_whose_blanks_were_dropped_is_placed_by_its_arithmetic():
    """`201  一般公共服务支出  80.00  80.00  80.00`: three numbers under six columns (上年结转 | 本年收入 | 小计 |
    基本支出 | 项目支出 | 年末结转). The first is no row total here: 上年结转 + 本年收入 − 本年支出 = 年末结转 and
    小计 = 基本 + 项目 leave it 上年结转 or 本年收入, and the 合计's 上年结转 (10.00, all 农林水's) says which.
    It was read as 上年结转, unflagged."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    (chunk,) = segment(_CARRYOVER_TWO_SPACE)
    assert chunk.kind is TableKind.expenditure_by_function
    table = parse_chunk(_CARRYOVER_TWO_SPACE, chunk)
    for code in ("201", "20103", "2010301"):
        assert _values(_line(table, code)) == {C.current_income: 80.0, C.total: 80.0, C.basic: 80.0}, code
    for code in ("213", "21301", "2130104"):
        assert _values(_line(table, code)) == {C.opening_balance: 10.0, C.current_income: 40.0, C.total: 45.0,
                                               C.project: 45.0, C.closing_balance: 5.0}, code
    read = [a for line in table.lines for a in line.amounts]
    assert all(Reason.column_inferred not in a.amount.reasons for a in read)  # the arithmetic settled every one


def test_a_carry_over_row_no_arithmetic_places_is_flagged():
    """The same rows with no 合计 or parent to settle them: `80.00  80.00  80.00` is 上年结转 or 本年收入, and
    基本 or 项目, flagged; 本年支出 all placements agree on, not. `1.00  2.00  3.00  3.00` is 上年结转 本年收入
    小计, read, and 基本 or 项目, flagged."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    rows = ["2010301  行政运行  80.00  80.00  80.00", "2130104  事业运行  1.00  2.00  3.00  3.00"]
    text = "\n".join(_CARRYOVER_TWO_SPACE.splitlines()[:4] + rows) + "\n"
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    doubted = {(line.code.value, a.column): Reason.column_inferred in a.amount.reasons
               for line in table.lines for a in line.amounts}
    assert {key for key, doubt in doubted.items() if not doubt} == {
        ("2010301", C.total), ("2130104", C.opening_balance), ("2130104", C.current_income), ("2130104", C.total)}
    assert len(doubted) == 7 and ("2010301", C.total) in doubted


def test_a_three_public_row_that_counts_things_counts_in_its_own_unit():
    """`公务用车保有量（辆）	5	5`, `国内公务接待批次（批）		21` in a 三公 决算 list in 万元: counts of vehicles and
    visits, in 辆 and 批; the money rows stay in the table's unit."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = ("一般公共预算财政拨款“三公”经费支出决算表\n单位：万元\n项目\t预算数\t决算数\n合计\t16.00\t13.84\n"
            "1.因公出国（境）费\t0\t0\n3.公务接待费\t3.00\t2.36\n公务用车保有量（辆）\t5\t5\n国内公务接待批次（批）\t\t21\n")
    (chunk,) = segment(text)
    units = {line.name.value: (line.unit, [a.amount.value for a in line.amounts]) for line in parse_chunk(text, chunk).lines}
    assert units["公务用车保有量(辆)"] == ("辆", [5.0, 5.0]) and units["国内公务接待批次(批)"] == ("批", [21.0])
    assert units["3.公务接待费"] == (None, [3.0, 2.36])


# tesseract's lines of a 决算 table of the year's funds: its header garbled (`上年结 “| 本年收 入`, 本年支出 parted),
# its cells spaced as the print stood, blank cells left blank.
_CARRYOVER_TESSERACT = """一般公共预算财政拨款收入支出决算表
编制单位: 西峡县林业局                                     单位: 万元
项目                上年结 “| 本年收 入    本年支 出          年末结转
科目编码      科目名称                   小计      基本支出   项目支出
合计                              50.70 | 1004.39 | 1027.39    643.39 | 384.00       27.70
208 | 社会保障和就业支出                                        79.58         79.58         79.58
20805 | 行政事业单位养老支出                         79.58      79.58      79.58
213 | 农林水支出                          50.70     924.81     947.81     563.81 | 384.00        27.70
21302 | 林业和草原                       50.70    924.81    947.81    563.81 | 384.00       27.70
2130201 | 行政运行                                   186.45    186.45    186.45
2130209 | 森林生态效益补偿                 38.50     265.00     281.30                 281.30        22.20
"""


def test_a_carry_over_header_the_ocr_garbled_still_names_its_columns():
    """Read as the prior year's column (`上年结`) and 增减额 / 增减% (inferred): each 本年收入 went under 上年,
    unflagged (`208  79.58 79.58 79.58`), the 合计's total was its 本年收入 1004.39, its 年末结转 27.70 a 增减%."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    (chunk,) = [c for c in segment(_CARRYOVER_TESSERACT) if c.kind is TableKind.expenditure_by_function]
    table = parse_chunk(_CARRYOVER_TESSERACT, chunk)
    total = next(line for line in table.lines if line.code is None)
    assert _values(total) == {C.opening_balance: 50.70, C.current_income: 1004.39, C.total: 1027.39, C.basic: 643.39,
                              C.project: 384.00, C.closing_balance: 27.70}
    assert _values(_line(table, "208")) == {C.current_income: 79.58, C.total: 79.58, C.basic: 79.58}
    assert _values(_line(table, "2130209")) == {C.opening_balance: 38.50, C.current_income: 265.00, C.total: 281.30,
                                                C.project: 281.30, C.closing_balance: 22.20}


def test_a_carry_over_column_garbled_past_reading_is_never_silently_the_prior_year():
    """`上年纺`, `本年牧 八`, `年未绪`: the header names no carry-over; where its guessed prior year leaves the full
    rows' arithmetic failing, every amount of the table is flagged and a warning says so."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = _CARRYOVER_TESSERACT.replace("上年结 “| 本年收 入", "上年纺 “| 本年牧 八").replace("年末结转", "年未绪")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.expenditure_by_function]
    table = parse_chunk(text, chunk)
    wrong = [(line.name.value, a.column) for line in table.lines for a in line.amounts
             if a.column in (C.prior_year, C.change_amount, C.change_pct, C.total)]
    assert wrong  # (read in the prior-year family: the amounts it placed must be in doubt)
    assert all(Reason.column_inferred in a.amount.reasons for line in table.lines for a in line.amounts)
    assert any("arithmetic" in w for w in table.warnings)


_CARRYOVER_TABS = """一般公共预算财政拨款收入支出决算表
单位：万元
项目\t\t上年结\t本年收人\t本年支出\t\t\t年未结转
科目编码\t科目名称\t\t\t小计\t基本支出\t项目支出\t
合计\t\t50.70\t1004.39\t1027.39\t643.39\t384.00\t27.70
208\t社会保障和就业支出\t\t79.58\t79.58\t79.58\t\t
213\t农林水支出\t50.70\t924.81\t947.81\t563.81\t384.00\t27.70
"""


def test_carry_over_headings_the_ocr_damaged_name_the_columns_of_a_tab_table():
    """A tab table whose carry-over headings the OCR damaged (`上年结`, `本年收人`, `年未结转`): its columns are
    上年结转 | 本年收入 | … | 年末结转, confirmed by the full rows' arithmetic (were 上年, unflagged, and two unknown).
    Garbled past reading (`上年纺`): the prior year's column no identity confirms is flagged, with a warning."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    (chunk,) = segment(_CARRYOVER_TABS)
    table = parse_chunk(_CARRYOVER_TABS, chunk)
    assert _values(_line(table, "213")) == {C.opening_balance: 50.70, C.current_income: 924.81, C.total: 947.81,
                                            C.basic: 563.81, C.project: 384.00, C.closing_balance: 27.70}
    assert not [a for line in table.lines for a in line.amounts if a.amount.reasons] and not table.warnings
    text = _CARRYOVER_TABS.replace("上年结\t本年收人", "上年纺\t本年牧八")
    table = parse_chunk(text, segment(text)[0])
    assert Reason.column_inferred in _line(table, "213").amount(C.prior_year).reasons
    assert any("prior_year" in w for w in table.warnings)


PANELS = Path(__file__).parent / "data" / "panels"


@pytest.mark.parametrize("case", sorted(p.stem for p in PANELS.glob("*.txt")))
def test_a_table_printed_as_two_panels_reads_each_panel_as_its_money(case):
    """Tables printed as two panels on the same lines (tests/data/panels: 人员经费 | 公用经费 in pipes,
    tabs, aligned and two-space text, 元 and 万元; a 收支总表's 收入 | 支出): every value is read in its row
    and column as the gold written before the reader was (the personnel or public_operating column,
    whatever its heading prints: 金额, 年初预算数, 决算数), the panels' 合计 one 合计 row, and the
    arithmetic holds."""
    from extractor.api import extract_file
    from extractor.evaluate.facts import score_facts

    gold = json.loads((PANELS / f"{case}.facts.json").read_text(encoding="utf-8"))
    doc = extract_file(PANELS / f"{case}.txt").doc
    results = score_facts(gold, doc).results
    assert [r for r in results if r.outcome != "correct"] == []
    assert not [f.message for f in doc.findings if f.check is not Check.tables_required and f.severity is not Severity.info]


def _panel_doc(tmp_path, text: str):
    from extractor.api import extract_file

    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path).doc


def test_a_panels_total_that_does_not_add_up_is_found(tmp_path):
    """The 公用经费 panel's 合计 misprinted (82.00 read as 92.00): the arithmetic finds it on the 合计 row."""
    text = (PANELS / "a_sichuan_pipes.txt").read_text(encoding="utf-8").replace("| 82.00 |", "| 92.00 |")
    doc = _panel_doc(tmp_path, text)
    assert any(f.check is Check.total_row and "public_operating" in f.message for f in doc.findings)


def test_a_panel_that_names_nothing_is_what_its_codes_are(tmp_path):
    """Neither panel's heading nor 合计 says 人员 or 公用 (a 山东-style 项目 | 金额 header): each panel's
    column is what its codes' 类 are in the code list (301/303 人员经费, 302/310 公用经费), in doubt."""
    doc = _panel_doc(tmp_path, (
        "2025年一般公共预算基本支出表\n单位：万元\n"
        "科目代码\t项目\t金额\t科目代码\t项目\t金额\n"
        "301\t工资福利支出\t120.00\t302\t商品和服务支出\t30.00\n"
        "30101\t基本工资\t120.00\t30201\t办公费\t30.00\n"))
    table = next(t for t in doc.tables if isinstance(t, LineTable))
    assert _values(_line(table, "30101")) == {C.personnel: 120.0}
    assert _values(_line(table, "30201")) == {C.public_operating: 30.0}
    assert all(Reason.column_inferred in a.amount.reasons for line in table.lines for a in line.amounts)


def test_a_row_of_the_other_panels_class_where_positions_hold_stays_in_doubt(tmp_path):
    """A 302 row printed in the 人员经费 panel of a tab table: where it stands is its column, but the code
    list says it is 公用经费 money, so it is flagged, not moved."""
    doc = _panel_doc(tmp_path, (
        "2025年一般公共预算基本支出表\n单位：万元\n"
        "人员经费\t\t\t公用经费\t\t\n"
        "科目编码\t科目名称\t金额\t科目编码\t科目名称\t金额\n"
        "301\t工资福利支出\t120.00\t302\t商品和服务支出\t30.00\n"
        "30101\t基本工资\t120.00\t30201\t办公费\t30.00\n"
        "30229\t福利费\t5.00\t\t\t\n"))
    table = next(t for t in doc.tables if isinstance(t, LineTable))
    stray = _line(table, "30229").amounts
    assert [(a.column, a.amount.value) for a in stray] == [(C.personnel, 5.0)]
    assert Reason.column_inferred in stray[0].amount.reasons
    assert not _line(table, "30201").amounts[0].amount.reasons


def test_a_total_of_both_panels_is_reported_unread_not_taken_for_a_panels(tmp_path):
    """A 基本支出合计 line under the panels (843.76 = 761.76 + 82.00) is a total column no row prints: it is
    no 人员经费 amount, and the account reports its number unread rather than the checks failing every row."""
    text = (PANELS / "a_sichuan_pipes.txt").read_text(encoding="utf-8").replace(
        "| 公用经费合计 |  | 82.00 |\n", "| 公用经费合计 |  | 82.00 |\n| 基本支出合计 |  | 843.76 |  |  |  |\n")
    doc = _panel_doc(tmp_path, text)
    table = next(t for t in doc.tables if isinstance(t, LineTable))
    (total,) = [line for line in table.lines if line.row_kind is RowKind.total]
    assert _values(total) == {C.personnel: 761.76, C.public_operating: 82.0}
    assert [a.value for a in table.unread] == [843.76]
    assert not [f for f in doc.findings if f.severity is Severity.error]


@pytest.mark.parametrize("case", sorted(p.name.removesuffix(".txt") for p in (PANELS / "tess").glob("*.txt")))
def test_a_scanned_two_panel_table_loses_no_value_in_silence(case):
    """The panels printed and read back by tesseract (headings garbled: `三` for the right panel's
    经济科目编码, names cut): every value is read right or flagged, none lost in silence."""
    from extractor.api import extract_file
    from extractor.evaluate.facts import score_facts

    path = PANELS / "tess" / f"{case}.txt"
    gold = json.loads((PANELS / "tess" / f"{case}.facts.json").read_text(encoding="utf-8"))
    results = score_facts(gold, extract_file(path).doc, path.read_text(encoding="utf-8")).results
    assert not [r for r in results if r.silent]
    assert sum(r.outcome == "correct" for r in results) >= len(results) - 2


# RapidOCR's lines of a 部门收入预算表 (四川's order, 上年结转 beside 合计) in 元: the narrow 单位名称 cells
# wrapped their names above and below each code's line, and the empty cells left no gap (two spaces
# join every cell): 205001 prints 上年结转, 财政拨款 and 其他收入, 205002 事业收入 and 经营收入.
UNITS_WRAPPED = """表3
部门收入预算表
单位：元
单位名  事业单位经
单位编码  合计  上年结转  财政拨款收入  事业收入  其他收入
称  营收入
合计  5,270,000.00  230,000.00  4,600,000.00  300,000.00  40,000.00  100,000.00
南江县
205  5,270,000.00  230,000.00  4,600,000.00  300,000.00  40,000.00  100,000.00
教育局
南江县
205001  教育局  4,930,000.00  230,000.00  4,600,000.00  100,000.00
本级
南江县
教师进
205002  340,000.00  300,000.00  40,000.00
修学校
"""


def test_budget_units_of_a_department_are_read_and_placed_by_their_sums():
    """The department's code 205 is no 教育支出 (a subject has no six-digit rows under it): a unit row, its
    name not taken from the code list. 205002's line prints no name, its code and amounts only: the
    code is the next unit's, not an amount. Where its numbers stand says nothing, each unit's blank
    cells lie where the department's columns add up: the one placement found, no longer a guess."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    (chunk,) = segment(UNITS_WRAPPED)
    table = parse_chunk(UNITS_WRAPPED, chunk)
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    assert {code: line.row_kind for code, line in rows.items()} == {
        "205": RowKind.unit, "205001": RowKind.unit, "205002": RowKind.unit}
    assert rows["205"].name.value == "" and rows["205"].level is None
    assert _values(rows["205001"]) == {C.total: 4930000, C.opening_balance: 230000, C.other_fiscal: 4600000,
                                       C.other_other_income: 100000}
    assert _values(rows["205002"]) == {C.total: 340000, C.other_business: 300000, C.other_operating: 40000}
    assert not [a for line in table.lines for a in line.amounts if Reason.column_inferred in a.amount.reasons]


def test_a_pipe_table_keeps_an_amount_after_a_blank_cell_in_its_column(tmp_path):
    """A web table pasted with rules between its cells and none after the last (`210 | 卫生健康支出 | 36.00 | 30.00 |
    | 6.00`): the blank 事业收入 cell keeps its place, so the 6.00 is the row's 其他收入 (it was read as 事业收入, flagged
    on the class row by its sum and on no other)."""
    from extractor.api import extract_file

    path = tmp_path / "income.txt"
    path.write_text(
        "成都市某区文化广电旅游局2025年部门预算\n\n表3\n部门收入预算表\n单位：万元\n"
        "功能分类科目编码 | 功能分类科目名称 | 合计 | 一般公共预算拨款收入 | 事业收入 | 其他收入\n"
        "207 | 文化旅游体育与传媒支出 | 650.00 | 600.00 | 40.00 | 10.00\n"
        "20701 | 文化和旅游 | 650.00 | 600.00 | 40.00 | 10.00\n"
        "2070101 | 行政运行 | 650.00 | 600.00 | 40.00 | 10.00\n"
        "210 | 卫生健康支出 | 36.00 | 30.00 | | 6.00\n"
        "21011 | 行政事业单位医疗 | 36.00 | 30.00 | | 6.00\n"
        "2101101 | 行政单位医疗 | 36.00 | 30.00 | | 6.00\n"
        " | 合计 | 686.00 | 630.00 | 40.00 | 16.00\n", encoding="utf-8")
    doc = extract_file(path).doc
    table = next(t for t in doc.tables if t.kind is TableKind.income_by_source)
    for code in ("210", "21011", "2101101"):
        assert _values(_line(table, code)) == {C.total: 36.0, C.general_budget: 30.0, C.other_other_income: 6.0}
    assert not doc.findings
