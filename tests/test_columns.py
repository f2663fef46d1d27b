"""Which column a number stands in: header words and leaves, template families,
and the row arithmetic that places numbers whose blank cells left only a gap."""

import re
from pathlib import Path

import pytest

from extractor.api import extract_file
from extractor.arithmetic import row_agreement
from extractor.extract.rules.columns import (
    Placed, by_arithmetic, complete_columns, header_columns, header_leaves, joined_by_fixed_gap, match_leaves, settle_siblings,
)
from extractor.grid import read_grid
from extractor.models import ColumnKind as C
from extractor.models import Amount, AmountCell, BudgetLine, Reason, RowKind, TableKind, Text


def cells(line: str):
    return [c for c in read_grid(line, 0, len(line)).rows[0].cells]


def test_a_prior_year_heading_over_a_blank_cell_comes_first():
    """000 表3 read by tesseract: 2020年预算数 heads a column of its own beside the
    2021年预算数 group over 总计 基本支出 项目支出."""
    header = ["功能分类科目 2020年预算数 “| 2021年预算数 2021年预算数与2020年预算数",
              "科目编码 科目名称 总计 基本支出 项目支出 增减额 增减%"]
    assert header_columns(header, 2021) == [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]


@pytest.mark.parametrize(
    "found, width, columns, inferred",
    [
        ([C.total], 1, [C.total], set()),  # a single 金额 column: no basic/project invented
        ([C.total, C.project, C.personnel, C.public_operating], 4,  # words read off two header lines
         [C.total, C.personnel, C.public_operating, C.project], set()),
        ([C.total, C.general_budget, C.fund_budget], 2, [C.total, C.general_budget, C.fund_budget], set()),
        ([C.total, C.personnel, C.public_operating], 4,  # 项目支出 lost by OCR: completed and flagged
         [C.total, C.personnel, C.public_operating, C.project], {C.project}),
    ],
)
def test_columns_completed_from_the_template_families(found, width, columns, inferred):
    assert complete_columns(found, width, TableKind.income_expenditure_summary) == (columns, inferred)


def test_row_arithmetic_scores_placements():
    columns = [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]
    right = {C.prior_year: 56, C.total: 104.55, C.project: 104.55, C.change_amount: 48.55, C.change_pct: 86.7}
    wrong = {C.prior_year: 56, C.total: 104.55, C.basic: 104.55, C.project: 48.55, C.change_amount: 86.7}
    assert row_agreement(right, columns) == 3 and row_agreement(wrong, columns) < 0


def test_blank_cells_placed_by_arithmetic_and_a_tie_stays_a_guess():
    """000 表3, 2040602: five numbers in six columns; 增减额 = 本年 − 上年 and 增减% = 增减额 / 上年
    settle the change columns; whether 104.55 is 基本 or 项目 the arithmetic cannot tell."""
    numbers = cells("56.000000  104.550000  104.550000  48.55  86.70%")
    columns = [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]
    placed, doubtful = by_arithmetic(numbers, columns, [0, 1, 2, 3, 4], set())
    assert placed in ([0, 1, 3, 4, 5], [0, 1, 2, 4, 5]) and doubtful == {2}  # 104.55 alone is a guess
    # a row the arithmetic says nothing about keeps its gaps' placement
    assert by_arithmetic(cells("5.00  7.00"), columns, [1, 3], {0, 1}) == ([1, 3], {0, 1})


def test_the_siblings_sums_place_the_numbers_a_row_arithmetic_cannot():
    """Seed 000's 表3 in Noto Sans Mono 170 dpi: the 项 under 20406 司法 printed their 项目支出 with 基本支出 blank,
    and the gaps placed each in 基本支出 (the row's own arithmetic ties, as above). The parent's columns are
    its children's sums (basic 758.9794 = 2040601's alone; project 293.55 = 37 + 104.55 + 70 + 16 + 46 + 20):
    only the numbers in 项目支出 make them add up, and so they are placed, no longer a guess."""
    path = Path(__file__).parent / "data" / "columns" / "function-blank-cells-mono170-000.ocr.txt"
    (table,) = [t for t in extract_file(path).doc.tables if t.kind is TableKind.expenditure_by_function]
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code, project in (("2040602", 104.55), ("2040604", 70), ("2040605", 16), ("2040607", 46), ("2040610", 20)):
        row = rows[code]
        assert row.amount(C.basic) is None and row.amount(C.project).value == project
        assert Reason.column_inferred not in row.amount(C.project).reasons
    assert rows["2040601"].amount(C.basic).value == 758.9794  # a full row stays as printed


def test_siblings_that_add_up_either_way_keep_their_places_in_doubt():
    """Two 项 each printed one number where 基本 and 项目 could stand, under a 款 of 10 and 10: either may be the
    项目 one, so neither moves and both stay guesses (the checks report the sum); one that makes it add up alone moves."""
    def line(code, *cells):
        return BudgetLine(row_kind=RowKind.subject, code=Text(raw=code, value=code), name=Text(raw=code, value=code),
                          amounts=[AmountCell(column=k, label="", amount=Amount(raw=str(v), value=v, reasons=r))
                                   for k, v, r in cells])

    columns = [C.total, C.basic, C.project]
    guess = [Reason.column_inferred]

    def children_of(x, lines):
        return [y for y in lines if len(y.code.value) == len(x.code.value) + 2 and y.code.value.startswith(x.code.value)]

    parent = line("20406", (C.total, 20, []), (C.basic, 10, []), (C.project, 10, []))
    tie = [line("2040601", (C.total, 10, guess), (C.basic, 10, guess)), line("2040602", (C.total, 10, guess), (C.basic, 10, guess))]
    settle_siblings([parent, *tie], columns, children_of)
    assert all(x.amount(C.project) is None and Reason.column_inferred in x.amount(C.basic).reasons for x in tie)
    parent = line("20406", (C.total, 15, []), (C.basic, 10, []), (C.project, 5, []))
    one = [line("2040601", (C.total, 10, []), (C.basic, 10, [])), line("2040602", (C.total, 5, guess), (C.basic, 5, guess))]
    settle_siblings([parent, *one], columns, children_of)
    assert one[1].amount(C.basic) is None and one[1].amount(C.project).value == 5
    assert Reason.column_inferred not in one[1].amount(C.project).reasons


def test_header_leaves_join_a_wrapped_heading_and_keep_groups_over_their_leaves():
    """The 三公 header of a 江苏 table: 因公出国 / （境）费 wrapped, “三公”经费 over its columns."""
    text = "                        “三公”经费\n   合计          因公出国        会议费\n          小计   （境）费\n"
    header = [row.cells for row in read_grid(text, 0, len(text)).rows]
    joined = lambda upper, lower: upper + lower == "因公出国(境)费"  # noqa: E731  (cells compare NFKC)
    leaves = header_leaves(header, joined)
    assert [leaf.name for leaf in leaves] == ["合计", "小计", "因公出国(境)费", "会议费"]
    assert [g.compact for g in leaves[2].groups] == ["“三公”经费"]


def test_values_matched_to_leaves_in_order_a_leaf_may_stay_blank():
    text = "  合计      购置费      运行费      培训费\n  9.00                  6.00        3.00\n"
    header, values = [row.cells for row in read_grid(text, 0, len(text)).rows]
    leaves = header_leaves([header], lambda upper, lower: False)
    assert match_leaves(values, leaves) == [0, 2, 3]
    assert match_leaves(cells("1  2  3  4  5"), leaves) is None  # more values than headings


def test_cells_joined_by_one_fixed_gap_say_nothing_of_their_columns():
    """RapidOCR's lines (boxes joined by two spaces, an empty cell leaving no room) against tesseract's
    columns: numbers of other widths two spaces apart on every row are joined, not aligned; numbers all of
    one width stand one gap apart in columns too (`1477.109400   1477.109400` on each of 表9's rows)."""
    def rows(*lines):
        return [Placed(0, [c for c in cells(line) if c and c.text[0].isdigit()]) for line in lines]

    assert joined_by_fixed_gap(rows("办公费  51.000000  51.000000", "工资福利支出  1025.089400  1025.089400"))
    assert not joined_by_fixed_gap(rows("办公费      51.000000            51.000000",
                                        "工资福利支出    1025.089400   1025.089400"))
    assert not joined_by_fixed_gap(rows("合计   1477.109400   1477.109400", "010 司法局   1477.109400   1477.109400"))
    # a tab-delimited text with its empty cells dropped: cells side by side by index, of one width whatever they print
    assert joined_by_fixed_gap(rows("办公费\t51.000000\t51.000000", "基本工资\t167.832000\t167.832000"))
    assert not joined_by_fixed_gap(rows("办公费\t51.000000\t\t51.000000"))


def test_one_odd_gap_in_a_fixed_gap_table_leaves_its_gaps_blind(tmp_path):
    """The same RapidOCR table with one of its twenty-two pairs parted by three spaces (a box split, a space more
    in one copied line): the others still stand one gap apart whatever their widths, so the gaps still say
    nothing, and 302 and its 款 go to 日常公用支出 by the 合计's sums. Before, the one odd gap made the table one
    of columns, and 办公费's 51 stood under 人员支出 with its class, unflagged."""
    path = Path(__file__).parent / "data" / "columns" / "basic-fixed-gap-rapidocr-000.ocr.txt"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.startswith("30110"))
    odd = tmp_path / "basic-fixed-gap-one-odd.txt"
    odd.write_text(text.replace(line, line[::-1].replace("  ", "   ", 1)[::-1]), encoding="utf-8")
    (table,) = [t for t in extract_file(odd).doc.tables if t.kind is TableKind.basic_expenditure_by_economic]
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code, value in (("302", 97.53), ("30201", 51), ("30239", 46.53)):
        assert rows[code].amount(C.personnel) is None and rows[code].amount(C.public_operating).value == value


def test_a_class_settled_by_its_total_confirms_its_rows_whatever_its_change_percent(tmp_path):
    """Seed 000's 表3 with its cells joined by two spaces (a PDF viewer's copy): 208 社会保障和就业支出 prints
    2020年预算数, 总计, 基本支出, 增减额 and 增减% with 项目支出 blank, and so do its rows. The 合计 places it (基本支出
    1183.5594 adds up only with 208 there), so 208 confirms its 款 and 项 as placed, though its 增减%, which no sum
    places, keeps its guess: it follows the numbers placed before it. Before, that 增减% left 208 in doubt, and
    its eight rows below flagged, right as they were."""
    path = Path(__file__).parent / "data" / "columns" / "function-fixed-gap-000.txt"
    (table,) = [t for t in extract_file(path).doc.tables if t.kind is TableKind.expenditure_by_function]
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code in ("20805", "2080501", "2080505", "2080506", "21011", "2210203"):
        assert rows[code].amount(C.project) is None
        basic = rows[code].amount(C.basic)
        assert basic.value == rows[code].amount(C.total).value and not basic.flagged
    assert rows["2040602"].amount(C.basic) is None and rows["2040602"].amount(C.project).value == 104.55


def test_a_class_placed_by_blind_gaps_moves_with_its_rows_where_the_total_adds_up():
    """Seed 000's 表4 read by RapidOCR: `302 商品和服务支出  97.53  97.53` and its 款 (办公费 51, 其他交通费用
    46.53) printed 合计 and 日常公用支出 with 人员支出 blank, and their gaps say nothing of it (one fixed gap).
    The 合计's columns are its classes' sums (人员支出 1086.0294 = 301 + 303; 日常公用支出 97.53 = 302): only 302
    in 日常公用支出 makes them add up, so it moves there with its 款, all no longer a guess. Before, the 款 and their
    class, placed alike under 人员支出, confirmed each other: 办公费's 51 was read as 人员支出, unflagged."""
    path = Path(__file__).parent / "data" / "columns" / "basic-fixed-gap-rapidocr-000.ocr.txt"
    (table,) = [t for t in extract_file(path).doc.tables if t.kind is TableKind.basic_expenditure_by_economic]
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code, value in (("302", 97.53), ("30201", 51), ("30239", 46.53)):
        assert rows[code].amount(C.personnel) is None and rows[code].amount(C.public_operating).value == value
    for code in ("301", "30101", "303", "30305"):
        assert rows[code].amount(C.personnel).value == rows[code].amount(C.total).value
    assert not [a for line in table.lines for a in line.amounts if a.amount.flagged]


def test_rows_placed_by_blind_gaps_confirm_no_other_row(tmp_path):
    """The same table without its 合计 and unit rows: nothing certain says where 302 and its 款 stand, so
    their numbers stay in doubt, flagged, though the 款 add up to their class where the gaps put both."""
    path = Path(__file__).parent / "data" / "columns" / "basic-fixed-gap-rapidocr-000.ocr.txt"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n")
                     if not line.startswith(("合计", "010")))
    cut = tmp_path / "basic-fixed-gap-no-total.txt"
    cut.write_text(text, encoding="utf-8")
    (table,) = [t for t in extract_file(cut).doc.tables if t.kind is TableKind.basic_expenditure_by_economic]
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code in ("302", "30201", "30239"):
        placed = [a for a in rows[code].amounts if a.column is not C.total]
        assert placed and all(Reason.column_inferred in a.amount.reasons and a.amount.flagged for a in placed)


def test_columns_of_different_widths_place_numbers_by_their_measured_offsets():
    """000 表3 on a portrait page (serif scan): 增减额 stands far right of 项目支出, 增减% close to
    增减额, so one pitch for every gap misreads a wide gap as a skipped column. The offsets the full
    row (2040601) measures between the columns put the number after 总计 under 基本支出, its 项目支出
    blank (2080501 行政单位离退休: 18.00 | 22.51 | 22.51 | | 4.51 | 25.06%)."""
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "wrapped_title.serif.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    for code, basic in (("208", 140.06), ("20805", 140.06), ("2080501", 22.51)):
        line = next(l for l in table.lines if l.code and l.code.value == code)
        assert line.amount(C.basic).value == basic and line.amount(C.project) is None


def test_a_function_table_beside_last_year_is_a_template_family():
    """Seed 000's 表3 printed in AR PL UMing at 240 dpi and read by tesseract: its header came out
    `科目编王 科目名称 总计 基本支出 项目支由“| 增碱全`, six numbers a row. The columns are the function
    table's beside last year's (上年 | 总计 基本支出 项目支出 | 增减额 增减%), the ones not read inferred;
    not an income table's five, the widest family before."""
    columns, inferred = complete_columns([C.total, C.basic], 6, TableKind.expenditure_by_function)
    assert columns == [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]
    assert inferred == {C.prior_year, C.project, C.change_amount, C.change_pct}
    from pathlib import Path

    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = (Path(__file__).parent / "data" / "segment" / "function_header_garbled.uming240.ocr.txt").read_text(encoding="utf-8")
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.expenditure_by_function]
    line = next(l for l in parse_chunk(text, chunk).lines if l.code and l.code.value == "204")
    assert {c.column: c.amount.value for c in line.amounts} == {
        C.prior_year: 919.08, C.total: 1052.5294, C.basic: 758.9794, C.project: 293.55,
        C.change_amount: 133.4494, C.change_pct: 14.52}


def test_cells_joined_by_two_spaces_with_their_empty_cells_kept_stand_in_the_column_their_gaps_count():
    """A function table whose cells a viewer's copy joined by two spaces, an empty cell kept between two of
    them (`88.60    88.60`: 项目支出, 基本支出 blank). Its numbers stand in no column, but each gap is
    one more cell: the project amounts (88.60 + 43.60 = 132.20) are read as project, no guess (they were read
    as basic at confidence 1, the 款's basic then 398.70 short of nothing but its sum)."""
    text = ("一般公共预算财政拨款支出决算表\n单位：万元\n"
            "科目编码  科目名称  小计  基本支出  项目支出\n"
            "合计  398.70  266.50  132.20\n"
            "208  社会保障和就业支出  398.70  266.50  132.20\n"
            "20828  退役军人管理事务  398.70  266.50  132.20\n"
            "2082801  行政运行  266.50  266.50  \n"
            "2082804  拥军优属  88.60    88.60\n"
            "2082899  其他退役军人事务管理支出  43.60    43.60\n")
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    read = {line.code.value: {a.column: a.amount.value for a in line.amounts} for line in table.lines if line.code}
    assert read["2082804"] == {C.total: 88.60, C.project: 88.60}
    assert read["2082899"] == {C.total: 43.60, C.project: 43.60}
    assert read["2082801"] == {C.total: 266.50, C.basic: 266.50}
    assert not [a for line in table.lines for a in line.amounts if a.amount.reasons]


def test_headings_wrapped_word_for_word_onto_a_line_below_are_joined():
    """RapidOCR's lines of a 决算 header, each heading's last character on a line of its own, the cells joined by
    two spaces (no position stacks them): `上年结  本年收  本年支` … `转  入  出` is 上年结转 本年收入 本年支出, not the
    prior year's `上年结`; with 年末结转, 小计 and 项目支出 (`项目支` / `出`) on the other lines, the carry-over family."""
    lines = ["上年结  本年收  本年支", "项目  年末结转", "转  入  出", "基本支  项目支", "科目编码  科目名称  小计", "田  出",
             "栏次  1  2  3  4  5  6"]
    assert header_columns(lines, 2023) == [C.opening_balance, C.current_income, C.total, C.project, C.closing_balance]
    # words below that name a column themselves are no continuation
    assert header_columns(["上年预算数  本年预算数", "基本支出  项目支出"], 2023)[0] is C.prior_year


def test_carry_over_headings_the_ocr_garbled_or_parted_name_their_columns():
    """tesseract's header of a 决算 table of the year's funds: `上年结 “| 本年收 入` (上年结转 cut, 本年收入 parted by a
    space). It was read as the prior year's column beside 本年支出's (年末结转 dropped: no family holds both), the
    table's 本年收入 put under 上年 and its 年末结转 taken for 增减%."""
    lines = ["项目   上年结 “| 本年收 入    本年支 出     年末结转", "科目编码  科目名称   小计   基本支出   项目支出"]
    assert header_columns(lines, 2023) == [C.opening_balance, C.current_income, C.total, C.basic, C.project,
                                           C.closing_balance]
    # a heading garbled past reading (`上年纺`) beside those printed whole: these choose the family, its column inferred
    lines[0] = lines[0].replace("上年结", "上年纺")
    assert complete_columns(header_columns(lines, 2023), 6, TableKind.expenditure_by_function) == (
        [C.opening_balance, C.current_income, C.total, C.basic, C.project, C.closing_balance], {C.opening_balance})


def _carry_row(name, **values):
    return BudgetLine(row_kind=RowKind.item, name=Text(raw=name, value=name), amounts=[
        AmountCell(column=C(k), label="", amount=Amount(raw=str(v), value=v)) for k, v in values.items()])


def test_a_column_kind_read_by_guess_is_flagged_unless_the_rows_arithmetic_confirms_it():
    """`上年纺` read as the prior year: the full rows' arithmetic (增减额 = 本年 − 上年, 合计 = 基本 + 项目) fails on
    every one, so every column is in doubt (the numbers stand a column off), with a warning; a carry-over row
    under its guessed 上年结转 that adds up (50.70 + 1004.39 − 1027.39 = 27.70) confirms it."""
    from extractor.extract.rules.columns import confirm_guessed

    prior = [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]
    lines = [_carry_row("合计", **{k.value: v for k, v in zip(prior, (50.70, 1004.39, 1027.39, 643.39, 384.00, 27.70))}),
             _carry_row("208", prior_year=79.58, total=79.58, basic=79.58)]
    warnings = []
    confirm_guessed(lines, prior, {C.prior_year}, warnings)
    assert all(Reason.column_inferred in a.amount.reasons for line in lines for a in line.amounts)
    assert warnings and "prior_year" in warnings[0]
    carry = [C.opening_balance, C.current_income, C.total, C.basic, C.project, C.closing_balance]
    lines = [_carry_row("合计", **{k.value: v for k, v in zip(carry, (50.70, 1004.39, 1027.39, 643.39, 384.00, 27.70))})]
    warnings = []
    confirm_guessed(lines, carry, {C.opening_balance, C.current_income}, warnings)
    assert not warnings and not [a for a in lines[0].amounts if a.amount.reasons]
    # no full row to confirm it: the guessed column alone in doubt
    lines = [_carry_row("208", current_income=79.58, total=79.58, basic=79.58)]
    confirm_guessed(lines, carry, {C.current_income}, warnings)
    assert [a.column for a in lines[0].amounts if a.amount.reasons] == [C.current_income]


# Tesseract lines of a fund table whose every row prints its 合计 and one number more (the 项目支出; 基本支出
# blank), all the same pitch apart: 四川's headings over 类 | 款 | 项 cells.
FUND_ONE_MORE = """表8
2024年政府性基金预算支出预算表
单位：万元
功能分类科目编码     科目名称              合计     基本支出 | 项目支出
合计                                         86.40        86.40
229     其他支出                             86.40        86.40
229 | 60   彩票公益金安排的支出 |            86.40         86.40
229 | 60 | 03 | 用于体育事业的彩票公益金支出    52.00       52.00
229 | 60 | 06 | 用于残疾人事业的彩票公益金支出  34.40        34.40
"""


@pytest.mark.parametrize("title", ["2024年政府性基金预算支出预算表", "2024年一般公共预算支出功能分类预算表"])
def test_numbers_all_one_pitch_apart_leave_their_column_in_doubt(title):
    """Every row prints 合计 and one number one pitch after it: that number is 基本支出 beside the 合计, or
    项目支出 with 基本支出 blank between (a fund table spends on projects, a general budget's table may
    spend on 基本支出 alone: the same gaps either way), and both add up. No row fills more columns or
    skips one where another does not: the place is a guess, flagged, the 合计 is not."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = FUND_ONE_MORE.replace("2024年政府性基金预算支出预算表", title)
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    assert len(table.lines) == 5
    for line in table.lines:
        total, other = line.amounts
        assert total.column is C.total and Reason.column_inferred not in total.amount.reasons
        assert other.amount.value == total.amount.value and Reason.column_inferred in other.amount.reasons


@pytest.mark.parametrize("middle, columns", [
    # 浙江's order, 上年结转 last
    ("单位编码  合计  财政拨款收入  事业收入  其他收入  上年结转",
     [C.total, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income, C.opening_balance]),
    # 四川's, 上年结转 beside 合计
    ("单位编码  合计  上年结转  财政拨款收入  事业收入  其他收入",
     [C.total, C.opening_balance, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income]),
])
def test_a_heading_wrapped_above_and_below_its_line_joins_where_the_template_prints_it(middle, columns):
    """RapidOCR's lines of a 部门收入预算表 whose narrow cells wrapped: 单位名称 and 事业单位经营收入 print
    their heads above the line of the other headings and their tails (`称`, `营收入`) below it. The
    heading joined is 事业单位经营收入, put after 事业收入 where the template prints it; the line's own
    order stands, 上年结转 at either end."""
    header = ["单位名  事业单位经", middle, "称  营收入"]
    found = header_columns(header, 2024)
    assert found == columns
    assert complete_columns(found, 6, TableKind.income_by_source) == (columns, set())


def test_a_budgets_sources_of_income_with_its_carryover_complete_a_lost_heading():
    # tesseract lost 事业单位经营收入 (`业单位经营` above the line): six numbers a row under five headings
    found = [C.total, C.other_fiscal, C.other_business, C.other_other_income, C.opening_balance]
    assert complete_columns(found, 6, TableKind.income_by_source) == (
        [C.total, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income, C.opening_balance],
        {C.other_operating})
    # a function table whose header says nothing still takes the function families
    assert complete_columns([C.total], 6, TableKind.expenditure_by_function)[0] == [
        C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct]


# Tesseract-like lines of 江西's 一般公共预算支出预算表 in 元: 总计 and one number more on every row, all one pitch
# apart, each line shifted a little of its own; the headings 基本 / 支出 and 项目 / 支出 wrapped over two lines.
# The second number stands under 项目支出, two headings' distance from the 总计.
UNDER_HEADINGS = """2024年部门一般公共预算支出预算表
部门名称：江西省安远县农业农村局                                        单位：元
功能科目编码      功能科目名称          总计          基本          项目
                                                      支出          支出
213         农林水支出            4,386,250.00                4,386,250.00
213 01      农业农村                4,386,250.00                4,386,250.00
213 01 04   事业运行            1,250,000.00                1,250,000.00
213 01 08   病虫害控制               836,250.00                   836,250.00
213 01 26   农村公益事业             2,300,000.00                 2,300,000.00
            合计                4,386,250.00                 4,386,250.00
"""


@pytest.mark.parametrize("closer, column", [(0, C.project), (14, C.basic)])
def test_numbers_all_one_pitch_apart_stand_under_their_headings(closer, column):
    """Where such a table's header prints its headings at their places, the second number of every row stands
    under the heading whose distance from 总计 its distance from the total matches (the line's own shift aside):
    项目支出 as printed, 基本支出 where each row's second number is moved `closer` (one heading's distance)
    towards the first. The wrapped headings name their columns; nothing is a guess."""
    from extractor.extract.rules import parse_chunk
    from extractor.segment import segment

    text = re.sub(r"(?<=\d) {15,}(?=\d)", lambda m: " " * (len(m.group()) - closer), UNDER_HEADINGS)
    (chunk,) = segment(text)
    table = parse_chunk(text, chunk)
    assert len(table.lines) == 6 and not table.warnings
    for line in table.lines:
        total, other = line.amounts
        assert (total.column, other.column) == (C.total, column) and other.amount.value == total.amount.value
        assert not total.amount.reasons and not other.amount.reasons


@pytest.mark.parametrize("name, rows", [
    # 浙江's 政府性基金 table, 类 | 款 | 项 cells, 元: 基本支出 blank on every row (the note says so)
    ("fund-fixed-gap-one-width.txt", ("合计", "213", "21366", "2136601", "2136602")),
    # 湖南's function table, whole codes, 万元: nothing says whether 基本支出 or 项目支出 is blank
    ("function-fixed-gap-one-width.txt", ("合计", "213", "21303", "2130301", "2130306")),
])
def test_numbers_of_one_width_each_one_gap_after_its_label_say_nothing_of_their_columns(name, rows):
    """A text whose cells are joined by two spaces, its numbers all of one width (`380,000.00`, `12.40`): the
    numbers two spaces apart on every row could be columns side by side, but each row's first number stands
    the same two spaces after its label, whatever the label's length, so the line was joined, not aligned, and
    its gaps say nothing. The number after each total (合计 = it, whichever column it stands in) is a guess,
    flagged. Before, the short labels' rows measured a gap of two columns, the others of one, and the numbers
    went to 基本支出 (or 项目支出) unflagged, the total confirming its rows and they it."""
    (table,) = [t for t in extract_file(Path(__file__).parent / "data" / "columns" / name).doc.tables]
    lines = {line.code.value if line.code else line.name.value: line for line in table.lines}
    for row in rows:
        total, placed = lines[row].amounts
        assert total.column is C.total and not total.amount.flagged
        assert placed.column in (C.basic, C.project) and placed.amount.flagged


def test_a_row_and_its_rows_placed_alike_in_doubt_confirm_each_other_nothing():
    """A 部门收入预算表 read by tesseract (each line its own space width): 20802 and its one 项 2080201 print
    合计, 财政拨款, 事业收入 and 12.40 between 事业单位经营收入 and 其他收入, nearer the first. The 项 sums to the
    款 and the 款 bounds the 项 in whichever column both stand: that says nothing of which. The class 208 does:
    its 经营收入 88.00 is 20805's, its 其他收入 39.60 = 27.20 + 12.40, so both go to 其他收入. Before, the 项 and
    the 款 confirmed each other under 经营收入, the 项 unflagged, and the class could no longer move them."""
    path = Path(__file__).parent / "data" / "columns" / "income-shifted-lines.txt"
    (table,) = extract_file(path).doc.tables
    rows = {line.code.value: line for line in table.lines if line.code is not None}
    for code in ("20802", "2080201"):
        assert rows[code].amount(C.other_operating) is None
        assert rows[code].amount(C.other_other_income).value == 12.4
    assert not [a for line in table.lines for a in line.amounts if line.code is not None and a.amount.flagged]


@pytest.mark.parametrize("note", [
    "注：本单位2023年政府性基金预算支出全部为项目支出。",  # all of it the other use
    "说明：本表无基本支出，空表列示。",  # none of this one
])
def test_a_note_that_says_a_use_holds_nothing_places_the_numbers_its_gaps_could_not(note, tmp_path):
    """The fund table joined by two spaces, its numbers of one width: the gaps and the sums cannot tell 基本支出
    from 项目支出 (合计 = the one other number in either), but the table's note under it can. Each number placed
    by guess in the use it says holds nothing goes to the other, no longer a guess. Without the note, flagged
    (`test_numbers_of_one_width_each_one_gap_after_its_label_say_nothing_of_their_columns`)."""
    path = tmp_path / "fund-with-note.txt"
    text = (Path(__file__).parent / "data" / "columns" / "fund-fixed-gap-one-width.txt").read_text(encoding="utf-8")
    path.write_text(text + note + "\n", encoding="utf-8")
    (table,) = extract_file(path).doc.tables
    for line in table.lines:
        total, project = line.amounts
        assert project.column is C.project and project.amount.value == total.amount.value
        assert not project.amount.flagged


def _only_table(text: str, kind: TableKind):
    """The one table of `kind` the whole pipeline reads from `text` (a document of its own)."""
    from extractor.api import extract_source
    from extractor.ingest import SourceText

    doc = extract_source(SourceText(Path("x.txt"), text, "utf-8", "0", len(text)))
    (table,) = [t for t in doc.tables if t.kind is kind]
    return table


def test_an_income_table_headed_by_a_bare_fiscal_heading_reads_its_column_unflagged():
    """湖南's 部门收入预算表 (tabs, 万元) heads the fiscal column 财政拨款, no 收入 after it: its amounts are the
    fiscal income column, read as printed (no column left `unknown`, nothing flagged for review)."""
    text = ("某县教育局2024年部门预算\n\n表2\n2024年部门收入预算表\n单位：万元\n"
            "科目编码\t科目名称\t合计\t财政拨款\t事业收入\t其他收入\n"
            "\t合计\t120.00\t100.00\t15.00\t5.00\n"
            "205\t教育支出\t120.00\t100.00\t15.00\t5.00\n"
            "20502\t普通教育\t120.00\t100.00\t15.00\t5.00\n"
            "2050202\t小学教育\t120.00\t100.00\t15.00\t5.00\n")
    table = _only_table(text, TableKind.income_by_source)
    assert table.columns == [C.total, C.other_fiscal, C.other_business, C.other_other_income]
    fiscal = [a.amount for line in table.lines for a in line.amounts if a.column is C.other_fiscal]
    assert [a.value for a in fiscal] == [100.0] * 4 and not any(a.flagged for a in fiscal)


def test_a_fixed_gap_table_whose_rows_all_leave_one_column_blank_flags_where_it_places_them():
    """A 政府性基金预算支出表 copied with two spaces between cells (a county's 住建局), 合计 | 基本支出 | 项目支出
    over rows that each print two numbers (no 基本支出): a blank cell leaves no room, so the second number may
    stand in either column. Every one placed is flagged: the rows' labels of other widths made the gaps look
    measured, and a row a coincidence of spacing put under 项目支出 was moved to 基本支出 by its parent's
    place, itself a guess, unflagged."""
    text = ("某区住房和城乡建设局2024年部门预算\n\n表5\n2024年政府性基金预算支出表\n单位：元\n"
            "科目编码  科目名称  合计  基本支出  项目支出\n"
            "合计  300,000.00  300,000.00\n"
            "212  城乡社区支出  300,000.00  300,000.00\n"
            "21208  国有土地使用权出让收入安排的支出  300,000.00  300,000.00\n"
            "2120803  城市建设支出  200,000.00  200,000.00\n"
            "2120899  其他国有土地使用权出让收入安排的支出  100,000.00  100,000.00\n")
    table = _only_table(text, TableKind.fund_expenditure)
    seconds = [line.amounts[1] for line in table.lines]
    assert len(seconds) == 5 and all(a.amount.flagged for a in seconds)
    assert all(not line.amounts[0].amount.flagged for line in table.lines)  # the row totals stand first
