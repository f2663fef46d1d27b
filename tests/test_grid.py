"""The cell grid: every layout read into rows of cells with spans and positions."""

import sys
import unicodedata
from pathlib import Path

import pytest

from extractor import grid
from extractor.grid import (
    Layout,
    blank_parted_rows,
    column_spans,
    detect_layout,
    display_width,
    one_space_cells,
    panels,
    pipe_rows,
    read_grid,
    rows_of,
    single_spaced,
    spaced_cells,
    tokens,
)

FIELD = Path(__file__).parent / "data" / "field"
DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"


def grid_of(text: str):
    return read_grid(text, 0, len(text))


def texts(grid):
    return [[c.text for c in row.cells if c] for row in grid.rows]


def test_cells_split_where_ocr_printed_one_space():
    line = "201 | 03  政府办公厅【〈室) 及相关机构事务 82, 096, 797. 42 15, 686, 797. 4266, 410, 000. 00"
    parts = [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)]
    # two numbers glued together are cut after their two decimals
    assert parts == ["201", "03", "政府办公厅【〈室) 及相关机构事务", "82, 096, 797. 42", "15, 686, 797. 42", "66, 410, 000. 00"]


def test_a_number_printed_whole_after_one_space_keeps_all_its_decimals():
    """Seed 000's 表7 (serif scan): `本年收入合计 1477.109400 | …`: six decimals printed whole up to the
    rule are one number, not `1477.10` and a glued `9400`."""
    line = "本年收入合计 1477.109400 | 本年支出合计    1477.109400"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
        "本年收入合计", "1477.109400", "本年支出合计", "1477.109400"]
    # two decimals and a subject code glued on (a two-panel table whose space the OCR lost) stay two
    for line, code in (("30101 基本工资 88.40302  5.00", "302"), ("30101 基本工资 88.4030201  5.00", "30201")):
        assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
            "30101", "基本工资", "88.40", code, "5.00"]
    line = "合计 268.1094  1.00"  # four decimals: 万元 to the 元
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == ["合计", "268.1094", "1.00"]


def test_a_whole_code_and_its_name_in_one_cell_are_two_tokens():
    grid = grid_of("2040601 行政运行\t795.979400\n")
    assert texts(grid) == [["2040601", "行政运行", "795.979400"]]
    # both tokens keep their cell's index: positions compare with the header's cells
    assert [c.x for c in grid.rows[0].cells] == [0, 0, 1]


def test_every_cell_keeps_its_span_in_the_document():
    text = (FIELD / "table-not-detected-pipe-rows.txt").read_text(encoding="utf-8")
    grid = read_grid(text, text.index("合 计"), len(text))
    assert grid.layout is Layout.pipe and grid.aligned
    for row in grid.rows:
        for cell in row.cells:
            assert text[cell.start : cell.end] == cell.raw
    assert texts(grid)[0] == ["合 计", "34.35", "34.35"]
    # a trailing rule opens no cell; a leading one neither
    assert texts(grid_of("| 公务接待费 | 1.70 | 1.70 |\n")) == [["公务接待费", "1.70", "1.70"]]


def test_layouts_are_told_apart():
    tabbed = "项目\t预算数\n合计\t1.00\n"
    assert detect_layout(tabbed, 0, len(tabbed)) is Layout.tabbed
    vertical = "\t项目\n\t预算数\n\n\t合计\n\t1.00\n\n\t支出\n\t2.00\n"
    assert detect_layout(vertical, 0, len(vertical)) is Layout.vertical
    piped = "项 目 | 预算数 |\n合 计 | 34.35 |\n接待费 | 1.70 |\n"
    assert detect_layout(piped, 0, len(piped)) is Layout.pipe
    single_spaced = "一、“三公”经费合计 21.63 21.63\n(二)公务接待费 14.83 14.83\n"
    assert detect_layout(single_spaced, 0, len(single_spaced)) is Layout.spaced


def test_a_text_layer_is_aligned_and_tesseract_is_not():
    """PDF text layers keep their columns down the page; tesseract gives every
    line its own space width, so the same column wanders."""
    pdf_like = (FIELD / "synthetic-whole-codes-final-accounts.txt").read_text(encoding="utf-8")
    assert grid_of(pdf_like).aligned
    ocr = (DEV / "ocr" / "sh-putuo-fuliyuan-2024-budget.txt").read_text(encoding="utf-8")
    start = ocr.index("208           社会保障和就业支出") if "208           社会保障和就业支出" in ocr else ocr.index("社会保障和就业支出")
    assert not read_grid(ocr, start, start + 1500, Layout.spaced).aligned


def test_column_spans_join_left_and_right_aligned_numbers_and_refuse_a_shared_column():
    grid = grid_of("合计   532.30   500.10\n教育   412.30    80.10\n")
    numbers = [[c for c in row.cells if c.text[0].isdigit()] for row in grid.rows]
    assert len(column_spans(numbers)) == 2
    crowded = grid_of("a  1.00   2.00\nb  123456789.00\n")
    rows = [[c for c in row.cells if c.text[0].isdigit()] for row in crowded.rows]
    # the long number stands under both short ones: no columns hold
    assert column_spans(rows) is None


def test_two_panels_are_two_grids():
    text = (FIELD / "synthetic-two-panel-basic-table.txt").read_text(encoding="utf-8")
    start = text.index("科目编码")
    left, right = panels(read_grid(text, start, len(text)))
    assert texts(left)[0] == ["科目编码", "科目名称", "决算数"] == texts(right)[0]
    assert [row[0] for row in texts(left)[1:]] == ["301", "30101", "30102", "30108", "303", "30305", "人员经费合计"]
    assert [row[0] for row in texts(right)[1:]] == ["302", "30201", "30205", "30211", "310", "公用经费合计"]
    # one panel: the grid itself
    single = grid_of("科目编码  科目名称  决算数\n301  工资福利支出  88.40\n301  津贴  1.40\n")
    assert panels(single) == [single]


@pytest.mark.parametrize("case", ["g_national_three_panels_tabs", "h_national_three_panels_twospace"])
def test_three_panels_are_three_grids_and_a_total_across_two_is_the_first_ones(case):
    """The 决算 template's 人员经费 panel beside 公用经费 printed over two panels, in tabs and in two-space
    text: a grid each; the 公用经费合计 printed in the second and its amount under the third is one row
    of the second."""
    text = (Path(__file__).parent / "data" / "panels" / f"{case}.txt").read_text(encoding="utf-8")
    start = text.index("人员经费")
    first, second, third = panels(read_grid(text, start, len(text)))
    assert [row[0] for row in texts(first) if row] == ["人员经费", "科目编码", "301", "30101", "30102", "30108", "30113", "303",
                                                "30302", "人员经费合计"]
    assert [row[0] for row in texts(third) if row] == ["科目编码", "310", "31002"]
    assert [c for c in texts(second)[-1] if c] == ["公用经费合计", "82.00"]


def test_a_long_line_without_rules_is_no_pipe_row():
    """A 16,000-character line: read as space-aligned text (a string test, not a backtracking regex)."""
    text = "项目名称 " + "经费" * 8000 + "\n合 计 | 34.35 | 34.35 |\n"
    assert detect_layout(text, 0, len(text)) is Layout.spaced
    rows = "合 计 | 34.35 | 34.35 |\n| 项目 | 金额 |\n"
    assert detect_layout(rows, 0, len(rows)) is Layout.pipe


def test_spaces_between_two_rules_are_an_empty_cell_not_a_column_gap():
    """A web table flattened with its empty cells printed `|  |`: a pipe table whose empty cells keep their
    place (the amount after one stands in its own column), not space-aligned text."""
    rows = ("类 | 款 | 项 | 科目名称 | 小计 | 基本支出 | 项目支出 |\n"
            "208 | 28 | 01 | 行政运行 | 266.50 | 266.50 |  |\n"
            "208 | 28 | 04 | 拥军优属 | 88.60 |  | 88.60 |\n")
    assert detect_layout(rows, 0, len(rows)) is Layout.pipe
    assert [c.text for c in grid_of(rows).rows[2].cells] == ["208", "28", "04", "拥军优属", "88.60", "", "88.60"]
    # where rows do not open with a rule, one that does closes an empty first cell: the total's blank codes
    total = rows + " |  |  | 合计 | 355.10 | 266.50 | 88.60 |\n"
    assert [c.text for c in grid_of(total).rows[3].cells] == ["", "", "", "合计", "355.10", "266.50", "88.60"]
    # however many rows open with an empty cell (a self-evaluation's funds rows under 项目资金): one row that
    # opens with its text says the rules are no frame
    funds = ("项目资金（万元） |  | 年初预算数 | 全年预算数 |\n"
             " | 年度资金总额 | 120.00 | 135.00 |\n | 其中：当年财政拨款 | 100.00 | 115.00 |\n | 上年结转资金 | 20.00 | 20.00 |\n")
    assert [c.text for c in grid_of(funds).rows[2].cells] == ["", "其中:当年财政拨款", "100.00", "115.00"]
    # a wide gap between printed characters is a column gap still: tesseract's rules among them
    ocr = "合计  | 532.30  500.10 |\n教育 |  412.30   80.10 |\n"
    assert detect_layout(ocr, 0, len(ocr)) is Layout.spaced


def test_a_bracket_inside_a_word_is_no_rule():
    """Tesseract prints rules as `|`, `[` or `]` standing apart; a bracket glued on both sides is a
    misread character (`2021年]月`: the 1 of January)."""
    line = "项目属性 新增项目   实施期 2021年]月 一 2021年12月\n项目编玛 |]       项目名称    法律援助\n"
    assert [[c.raw for c in r.filled] for r in rows_of(line, 0, len(line))] == [
        ["项目属性 新增项目", "实施期 2021年]月 一 2021年12月"], ["项目编玛", "项目名称", "法律援助"]]


def test_a_bookmark_marker_is_not_text_in_any_colon_ocr_gives_it():
    from extractor.grid import visible_text

    for line in ("[bookmark: _Toc_4_4_0000000006]3.提前下达绩效目标表", "[bookmark：_Toc_4_4_0000000006]3.提前下达绩效目标表",
                 "【bookmark:_Toc_4_4_0000000006】3.提前下达绩效目标表"):
        assert visible_text(line) == "3.提前下达绩效目标表"
    # its `]` read as a digit (seed 003 in WenQuanYi Zen Hei Sharp 220 dpi): the id and the numbering glued to it
    assert visible_text("[bookmark: _Toc_4_4_000000001017.人民调解经费绩效目标表") == "人民调解经费绩效目标表"


def test_two_label_and_amount_pairs_run_together_are_cut_apart():
    """A summary printed in two column groups and read by tesseract with one space between them (a
    江苏 disclosure's 财政拨款收支预算总表, printed and read back): each side's label keeps its own
    amount, whatever mark the OCR put between the thousands. A figure inside a name is no boundary."""
    def split(line):
        return [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)]

    assert split("一、一般公共预算 18,330.37 一、基本支出 9,.312.90") == [
        "一、一般公共预算", "18,330.37", "一、基本支出", "9,.312.90"]
    assert split("收入合计 18.330.37 支出合计 18.330.37") == ["收入合计", "18.330.37", "支出合计", "18.330.37"]
    # tesseract's group marks with a space after them (`91, 016, 775. 35`, a 上海 summary joined by single spaces)
    assert split("1，一般公共预算资金 91, 016, 775. 35 二、社会保障和就业支出 4, 213, 779. 28") == [
        "1，一般公共预算资金", "91, 016, 775. 35", "二、社会保障和就业支出", "4, 213, 779. 28"]
    assert split("人均面积 12.50 平方米以上") == ["人均面积 12.50 平方米以上"]
    assert split("建设 10 万元，法律援助专项经费 14 万元") == ["建设 10 万元，法律援助专项经费 14 万元"]


def test_a_tabbed_table_whose_empty_cells_were_dropped_is_not_aligned():
    """Seed 000's 表4 keeps a tab for every empty cell (`30201  办公费  51.000000  <empty>  51.000000`):
    a cell's index is its column. Copied out of a viewer, its empty cells dropped, 办公费's second
    51.000000 stands where 人员支出's numbers stand, the 合计 row's three numbers one cell further:
    indices say nothing, the grid is not aligned."""
    from conftest import rejoined, seed_path

    text = seed_path("000").read_text(encoding="utf-8")
    start = text.index("\t合计\t1183.559400")
    end = text.index("\n", text.index("30201\t"))
    assert grid_of(text[start:end]).aligned
    joined = rejoined(text[start:end], "\t")
    assert not grid_of(joined).aligned and grid_of(joined).layout is Layout.tabbed


def test_numbers_a_space_apart_that_the_groups_miss_are_each_a_number():
    """A 上海 收入预算总表 row (tesseract ran two groups together: `1748,327.00`) joined by single spaces: the
    two amounts after the label had stayed one text cell, the row read with no amount and the name holding
    them, unflagged. Each stands whole between spaces, so each is a number; a piece ending in a mark is no
    number of its own (`1748, 327.00` stays one cell)."""
    def split(line):
        return [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)]

    assert split("208 05 05 机关事业单位基本养老保险缴费支出 1748,327.00 1748,327.00") == [
        "208", "05", "05", "机关事业单位基本养老保险缴费支出", "1748,327.00", "1748,327.00"]
    assert split("机关事业单位 1748, 327.00")[-1] == "1748, 327.00"
    # a group the space cut short (`873,617.00` read `873,61 7.00`) is no number standing whole: two amounts
    # made of it (873.61 and 7.00) could stand unflagged where no sum checks them
    assert split("机关事业单位 873,61 7.00")[-1] == "873,61 7.00"
    # a change and its percentage beside the amounts (a 收入预算总表 joined by single spaces)
    assert split("二、事业收入 96.00 92.00 -4.00 -4.17%") == ["二、事业收入", "96.00", "92.00", "-4.00", "-4.17%"]


# Seed 002's first project form with its lines' cells joined by single spaces (`eval/seeds-joined-one`): most
# lines hold a space and none a wider gap.
_ONE_SPACE_FORM = """部门项目支出预算绩效目标表
单位：万元
项目名称 安置帮教经费
主管部门 223-吴忠市红寺堡区司法局 实施单位 223001-吴忠市红寺堡区司法局本级
项目属性 项目期限 1年
一级指标 二级指标 三级指标 绩效值
1-产出指标 11-数量指标 计划购买社会服务数量（以公司为单位） =1家公司
14-成本指标 项目投入总成本 ≤250000元
3-满意度指标 31-服务对象满意度 两类人员对此项帮扶教育工作满意度 ≥ 95%
"""


def test_a_text_joined_by_single_spaces_is_read_word_by_word_where_the_grammar_does_not_bind():
    """A line whose cells one space joins was one cell (`1-产出指标 11-数量指标 计划… =1家公司`), its tree read as
    one 三级. In a text with no wider gap and spaces on most lines every space parts two cells, but where the
    grammar binds the words: an operator alone before its figure (`≥ 95%`), a group mark before the next group,
    a figure before its unit, a name before its note in brackets."""
    text = _ONE_SPACE_FORM
    rows = rows_of(text, 0, len(text), Layout.spaced)
    assert [c.raw for c in rows[3].cells] == ["主管部门", "223-吴忠市红寺堡区司法局", "实施单位", "223001-吴忠市红寺堡区司法局本级"]
    assert [c.raw for c in rows[6].cells] == ["1-产出指标", "11-数量指标", "计划购买社会服务数量（以公司为单位）", "=1家公司"]
    assert [c.raw for c in rows[8].cells][-1] == "≥ 95%"
    assert all(text[c.start:c.end] == c.raw for row in rows for c in row.cells)
    bound = "数量指标 (必填硬性指 开展法治宣传教育活动 12 次 9, 501, 164 1 696, 828 2021年1月 — 2021年12月"
    cell = spaced_cells(bound, 0, len(bound))[0]
    assert [c.raw for c in one_space_cells(cell)] == [
        "数量指标 (必填硬性指", "开展法治宣传教育活动", "12 次", "9, 501, 164", "1 696, 828", "2021年1月 — 2021年12月"]


def test_a_text_of_one_cell_a_line_or_with_wider_gaps_is_not_read_word_by_word():
    """Seed 003 read back by OCR prints one cell a line, a few with a space inside (`案件结案率 (%)`), and
    never a wider gap: its cells stay whole; so does any text with a gap of two spaces or a tab."""
    assert single_spaced(_ONE_SPACE_FORM)
    assert not single_spaced(_ONE_SPACE_FORM.replace("安置帮教经费", "安置帮教经费  25"))
    assert not single_spaced("产出指标\n数量指标\n案件结案率 (%)\n≥80 百分比\n年初工作计划\n")


def test_a_table_joined_by_single_spaces_in_a_text_of_wider_gaps_is_read_word_by_word():
    """A page that pasted one table with its cells joined by single spaces and the next with wider gaps (a mixed
    web page, a PDF text layer): asked of the whole text, the wider gaps of the second table made the first one
    read as aligned, its lines one cell each (`1-产出指标 11-数量指标 计划…`), its tree lost. Asked per table
    region, the first is read word by word and the second as printed (`事业单位医疗` kept whole beside its code)."""
    wide = "210 11 02  事业单位医疗  503, 724  503, 724\n2101102  事业单位 医疗  503, 724  503, 724\n" * 12
    text = _ONE_SPACE_FORM + wide
    assert not single_spaced(text) and single_spaced(text, 0, len(_ONE_SPACE_FORM))
    rows = rows_of(text, 0, len(_ONE_SPACE_FORM), Layout.spaced)
    assert [c.raw for c in rows[6].cells] == ["1-产出指标", "11-数量指标", "计划购买社会服务数量（以公司为单位）", "=1家公司"]
    rows = rows_of(text, len(_ONE_SPACE_FORM), len(text), Layout.spaced)
    assert [c.raw for c in rows[1].cells] == ["2101102", "事业单位 医疗", "503, 724", "503, 724"]


def test_an_amount_printed_twice_a_single_space_apart_is_two_amounts():
    """A 上海 budget's 收入预算总表 with its cells joined by single spaces (`eval/dev-joined-one`): `210 11 02 事业单位医疗
    503, 724 503, 724` (the row's total and its one column, equal) was read as one number, 503724503724, the grammar
    taking the space for a thousands gap. A space after a marked group is no such gap, and the halves repeat: two
    amounts. A space before the first marked group stays one (`1 696, 828`, as the PDF text layer prints it)."""
    line = "210 11 02 事业单位医疗 503, 724 503, 724"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
        "210", "11", "02", "事业单位医疗", "503, 724", "503, 724"]
    line = "合计 1 696, 828 1 696, 828"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == ["合计", "1 696, 828", "1 696, 828"]


def test_a_speck_a_space_before_an_amount_is_no_cell_of_its_own():
    """A 上海 budget with its cells joined by single spaces (`eval/dev-joined-one`): the text layer's specks stand a
    space before an amount (`。” 22, 473, 997. 81`, `。 82, …`), where two spaces had kept them in the amount's cell.
    The amount takes them, as it takes specks glued to it: the row's numbers were left in one cell with the speck,
    unread, and a label and amount run together before another pair (`…资金 ”91, 016, 775. 35 一、…`) not cut."""
    line = "合计 24, 606, 775. 35 。” 22, 473, 997. 81 2, 132, 777. 54"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
        "合计", "24, 606, 775. 35", "。” 22, 473, 997. 81", "2, 132, 777. 54"]
    line = "-般公共预算资金 ”91, 016, 775. 35 一、一般公共服务支出 82, 096, 797. 42 。 82, 096, 797. 42"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
        "-般公共预算资金", "”91, 016, 775. 35", "一、一般公共服务支出", "82, 096, 797. 42", "。 82, 096, 797. 42"]


def test_a_rates_measure_a_range_of_units_and_a_percent_unit_bind_to_their_figure():
    """Seeds 001 and 004 with their cells joined by single spaces: `深入推进…示范创建 每次 1000 元-35000 元` had its
    value cut into `每次`, `1000 元-35000` and `元` (the row's 三级 and value lost among them), and `接受矫正人员总体满意度
    ≥ 95% % 2021年12月` its unit `%` read as the value. A rate's measure binds to its figure, a unit may open a range
    to the next figure, and a unit follows a percent figure too."""
    line = "深入推进法治政府建设工作和法治政府建设示范创建 每次 1000 元-35000 元"
    assert [c.raw for c in one_space_cells(spaced_cells(line, 0, len(line))[0])] == [
        "深入推进法治政府建设工作和法治政府建设示范创建", "每次 1000 元-35000 元"]
    line = "接受矫正人员总体满意度 ≥ 95% % 2021年12月"
    assert [c.raw for c in one_space_cells(spaced_cells(line, 0, len(line))[0])] == [
        "接受矫正人员总体满意度", "≥ 95% %", "2021年12月"]


def test_six_decimals_a_space_after_the_point_are_the_numbers_own():
    """Seed 000's 表1 joined by single spaces: `本年收入小计 1477. 109400 本年支出小计 1477. 109400` (the text layer's
    space after the point, two cells of `1477. 109400` a single space apart) read 1477.10 and a number 9400. As
    many decimals as an amount prints are its own after the point's space too."""
    line = "本年收入小计 1477. 109400 本年支出小计 1477. 109400 1477. 109400"
    assert [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)] == [
        "本年收入小计", "1477. 109400", "本年支出小计", "1477. 109400", "1477. 109400"]


def test_a_lone_first_group_is_a_whole_word_before_a_thousands_group():
    """`1 696, 828` binds a lone first group to the marked group after it. A number's last group is none
    (`…, 281, 624 538, 440`: two amounts of a row a single space apart were one cell), nor a zero or a count before
    an amount's decimal point (`0 100.00`, `8 100.00`: the zero's or count's cell was lost into 100.00)."""
    def cut(line):
        return [c.raw for c in one_space_cells(spaced_cells(line, 0, len(line))[0])]

    assert cut("208 社会保障和就业支出 11, 281, 624 538, 440 2, 620, 000")[-3:] == ["11, 281, 624", "538, 440", "2, 620, 000"]
    assert cut("合计 0 100.00 100.00") == ["合计", "0", "100.00", "100.00"]
    assert cut("人数 8 100.00") == ["人数", "8", "100.00"]
    assert cut("合计 1 696, 828 1 696, 828") == ["合计", "1 696, 828", "1 696, 828"]


def test_amounts_side_by_side_a_single_space_apart_are_each_an_amount():
    """A row whose cells one space joins, read as the spaced layout reads it (the coded tables): `11, 281, 624
    538, 440 2, 620, 000` was one number, 11281624538440, the grammar taking each space for a thousands gap. A
    space after a marked group, before a number opening with one, parts two amounts, equal or not; a space-grouped
    number (`12 345 678`) and a lone first group (`1 696, 828`) stay whole."""
    def split(line):
        return [t.raw for c in spaced_cells(line, 0, len(line)) for t in tokens(c)]

    assert split("208 社会保障和就业支出 11, 281, 624 538, 440 2, 620, 000")[-3:] == [
        "11, 281, 624", "538, 440", "2, 620, 000"]
    assert split("合计 1, 334, 567 734, 567 600, 000") == ["合计", "1, 334, 567", "734, 567", "600, 000"]
    assert split("合计 12 345 678") == ["合计", "12 345 678"]


def test_a_stray_tab_makes_no_tabbed_table():
    """A 上海 budget joined by single spaces (`eval/dev-joined-one`), one line with a tab where a page's copy kept it
    (`2政府性基金\t三、卫生健康支出 …`): the one tab made its table tabbed, every other line one cell, the
    rows lost unflagged (a tab on that set's one line: 15 facts silent). Tabs on a third of a table's lines or
    fewer delimit no table: the tab parts its line's cells, and the text is still read word by word."""
    text = (DEV.parent / "dev-joined-one" / "ocr" / "sh-putuo-zhengfuban-2025-budget.txt").read_text(encoding="utf-8")
    text = text.replace("2政府性基金 三、", "2政府性基金\t三、", 1)
    end = text.index("收入总计")
    assert detect_layout(text, 0, end) is Layout.spaced
    assert single_spaced(text)
    rows = [[c.raw for c in row.cells] for row in rows_of(text, 0, end)]
    assert ["2政府性基金", "三、卫生健康支出", "1, 097, 073. 43"] in rows
    assert ["3，国有资本经营预算", "四、住房保障支出", "3, 609, 125. 22"] in rows
    tabbed = "项目\t预算数\n一、一般公共服务支出\t100.00\n合计\t100.00\n"
    assert detect_layout(tabbed, 0, len(tabbed)) is Layout.tabbed


def test_display_width_counts_every_code_point_and_keeps_few_of_them():
    """Two columns for a wide or full-width character, one for any other, whatever the text; a text of every
    code point (a garbled file) leaves the widths it keeps bounded, as a long batch's memory must be."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert display_width(every) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in every)
    assert display_width("项目 ab１２") == 11 and display_width("a\u0301") == 2
    assert len(grid._WIDE) < 50_000  # of 1.1 million code points


def test_a_row_joined_by_rules_keeps_its_blank_first_cell():
    """Cells joined by ` | ` with a rule after the last (`a | b |`): a row whose first cell is blank starts with a
    space and a rule (` | 质量指标 | …`), a blank cell, not a leading rule as `| a | b |` prints one; dropped, the
    row slid a column left under its header (its 定性 value read as its 三级's, its 权重 as its value)."""
    text = ("一级指标 | 二级指标 | 三级指标 | 指标值 | 权重 |\n产出指标 | 数量指标 | 巡护面积 | ≥120万亩 | 60 |\n"
            " | 质量指标 | 巡护合格率 | ≥95% | 40 |\n")
    rows = pipe_rows(text, 0, len(text))
    assert [[c.text for c in r.cells] for r in rows][2] == ["", "质量指标", "巡护合格率", "≥95%", "40"]
    edged = "| 一级指标 | 二级指标 |\n| 产出指标 | 数量指标 |\n"
    assert [[c.text for c in r.cells] for r in pipe_rows(edged, 0, len(edged))] == [
        ["一级指标", "二级指标"], ["产出指标", "数量指标"]]


def test_cells_printed_one_a_line_are_rows_where_blank_lines_part_them():
    """One cell a line, a blank line after each row: a run of lines is a row, so a header printed down its lines is
    one row of headings; a text with a line of two cells, or with too few runs of several lines, is no such text."""
    text = "项目资金（万元）\n年初预算数\n全年预算数\n\n年度资金总额\n120.00\n135.00\n\n其他资金\n0\n0\n\n"
    rows = blank_parted_rows(text, 0, len(text))
    assert [[c.raw for c in r.cells] for r in rows] == [
        ["项目资金（万元）", "年初预算数", "全年预算数"], ["年度资金总额", "120.00", "135.00"], ["其他资金", "0", "0"]]
    assert blank_parted_rows(text.replace("年初预算数", "年初预算数  全年预算数"), 0, len(text) + 7) is None
    assert blank_parted_rows("项目名称\n\n社区矫正工作经费\n", 0, 14) is None
    # tesseract's psm 11 prints every cell a line of its own with a blank line under each, a few runs of lines by
    # chance (`12` / `20` of a wrapped date): no rows of a table's, however many such runs a long form gives
    ocr = "".join(f"单元{k}\n\n" for k in range(40)) + "".join(f"第{k}行\n{k}0\n\n" for k in range(4))
    assert blank_parted_rows(ocr, 0, len(ocr)) is None


def test_a_key_value_line_is_a_label_cell_and_a_value_cell():
    # a form printed `key：value`, one field a line (eval/explore2 f): label and value are two cells, as a grid form
    # prints them, each with its span and display columns
    text = "    其中：财政拨款：398.80\n项目名称：甲项目    项目编码：3408"
    rows = grid.rows_of(text, 0, len(text), Layout.spaced)
    assert [[c.raw for c in r.cells] for r in rows] == [["其中：财政拨款", "398.80"],
                                                         ["项目名称", "甲项目", "项目编码", "3408"]]
    assert all(text[c.start:c.end] == c.raw for r in rows for c in r.cells)
    assert [c.x for c in rows[0].cells] == [4, 4 + grid.display_width("其中：财政拨款：")]


def test_rows_joined_by_rules_without_a_closing_one_keep_their_empty_cells():
    """`221 | 住房保障支出 | 48.00 | 45.00 | | 3.00`: a web table flattened with rules between its cells only, none
    after the last; an empty cell between two rules is a cell of the grid, so the 3.00 stays under 其他收入 (read
    as space-aligned text the empty cell vanished and the 3.00 slid a column left, under 事业收入)."""
    rows = ("科目编码 | 科目名称 | 合计 | 财政拨款 | 事业收入 | 其他收入\n"
            "213 | 农林水支出 | 980.00 | 860.00 | 100.00 | 20.00\n"
            "221 | 住房保障支出 | 48.00 | 45.00 | | 3.00\n"
            " | 合计 | 1028.00 | 905.00 | 100.00 | 23.00\n")
    assert detect_layout(rows, 0, len(rows)) is Layout.pipe
    cells = [[c.text for c in row.cells] for row in grid_of(rows).rows]
    assert cells[2] == ["221", "住房保障支出", "48.00", "45.00", "", "3.00"]
    # a row opening with a rule where the others open with text: its first cell is blank (the total's code)
    assert cells[3] == ["", "合计", "1028.00", "905.00", "100.00", "23.00"]
