"""Indicator trees read from any layout: tesseract lines of the dev scans (the
seeds printed and read back), and web-page text with one cell per line
(field cases in tests/data/field/indicators). The clean seeds' trees are
asserted in test_rules_projects."""

import json
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extractor.api import extract_file
from extractor.confidence import FLAG_BELOW
from extractor.extract.rules.indicators import (
    _header_word, _header_words, doubt_percent_lost, doubt_unplaced, joined_header, read_tree, settle_equal_signs,
    settle_operator_glyphs, tree_start,
)
from extractor.grid import Cell, Layout, rows_of
from extractor.ingest import read_source
from extractor.models import Indicator, IndicatorValue, Operator, ProjectTable, Reason, TableKind, Text
from extractor.numbers import parse_indicator_value
from extractor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
FIELD = Path(__file__).parent / "data" / "field" / "indicators"
(SCAN_000,) = (ROOT / "eval" / "dev-scans" / "ocr").glob("000_*.ocr.txt")
LEVEL1 = {"产出指标", "效益指标", "满意度指标"}
LEVEL2 = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
          "可持续影响指标", "服务对象满意度指标"}


def _projects(path: Path) -> list[ProjectTable]:
    result = extract_file(path)
    assert result.doc is not None, result.error
    return [t for t in result.doc.tables if t.kind is TableKind.project_performance]


@pytest.fixture(scope="module")
def scan000() -> list[ProjectTable]:
    return _projects(SCAN_000)


def _row(project: ProjectTable, level3: str):
    """The indicator whose 三级 reads closest to `level3` (OCR damage tolerated)."""
    best = max(project.project.indicators, key=lambda i: fuzz.ratio(i.level3.value, level3))
    assert fuzz.ratio(best.level3.value, level3) >= 75, [i.level3.value for i in project.project.indicators]
    return best


def test_the_tree_of_every_scanned_project_is_found_from_garbled_header_words(scan000):
    """`-级指标  二级指标  三级指标  指标值`: the header is found by two of its words."""
    assert len(scan000) == 14
    assert all(p.project.indicators for p in scan000)


def test_tree_start_finds_the_header_by_its_words_on_a_tesseract_line():
    text = read_source(SCAN_000).text
    chunk = next(c for c in segment(text) if c.kind is TableKind.project_performance)
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    at = tree_start(rows)
    assert at is not None and rows[at].cells[0].text.startswith("-级指标")
    indicators = read_tree(rows[at:], Layout.spaced)
    assert indicators and not any("指标值" in i.level3.value for i in indicators)


def test_levels_are_the_vocabulary_names_however_the_ocr_prints_them(scan000):
    """`1、产出指标 | 数量指标 (必填硬性指标)`, `时效指标 〈必盾)`, `成末指标 【区中硬性指标)`,
    `3、 满意度指` / `标`: numbering, annotations and wraps are decoration."""
    for project in scan000:
        for ind in project.project.indicators:
            assert ind.level1 is None or ind.level1.value in LEVEL1
            assert ind.level2 is None or ind.level2.value in LEVEL2
    first = scan000[0]
    assert [(i.level1.value, i.level2.value) for i in first.project.indicators][:4] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标")]
    assert first.project.indicators[-1].level1.value == "满意度指标"


def test_a_clean_tesseract_row_is_read_whole_and_not_flagged(scan000):
    """`质量指标 (必填)   法律援助律师值班天数   》=100天`."""
    row = _row(scan000[0], "法律援助律师值班天数")
    assert (row.level1.value, row.level2.value, row.level3.value) == ("产出指标", "质量指标", "法律援助律师值班天数")
    assert (row.value.operator, row.value.number, row.value.unit) == (Operator.ge, 100, "天")
    assert row.value.raw == "》=100天"  # the print kept
    assert not any(x.flagged for x in (row.level1, row.level2, row.level3, row.value))


def test_a_wrapped_level3_is_joined_and_flagged(scan000):
    """`县域困难经济群众申请法律援助决定` on one line, `给予法律援助比率  》-80` on the next."""
    row = _row(scan000[0], "县域困难经济群众申请法律援助决定给予法律援助比率")
    assert row.level3.value == "县域困难经济群众申请法律援助决定给予法律援助比率"
    assert Reason.cell_shifted in row.level3.reasons
    assert (row.value.operator, row.value.number) == (Operator.ge, 80)


def test_a_value_the_ocr_garbled_is_kept_and_flagged(scan000):
    """`完成年度目标任务  7z琅` (72万): a number with no unit after it."""
    row = _row(scan000[0], "完成年度目标任务")
    assert row.value.raw == "7z琅" and Reason.illegible in row.value.reasons


def test_no_printed_row_of_a_scanned_tree_vanishes(scan000):
    """Every text of the tree (seven characters or more, so no speck) is inside
    a read field: an indicator's level3, value or level, a row kept flagged
    when its value could not be read. A 二级 with no row under it (`经济效益指标
    〈选填)` alone on its line) holds nothing to keep."""
    text = read_source(SCAN_000).text
    for project in scan000:
        spans = [(x.span.start, x.span.end) for i in project.project.indicators
                 for x in (i.level1, i.level2, i.level3, i.value, i.description, i.basis) if x is not None]
        first = min(s for s, _ in spans)
        region = text[first:project.span.end]
        for m in re.finditer(r"[^\s|“”]{7,}", region):
            if any(m.group().startswith(name) for name in LEVEL2):
                continue
            start = first + m.start()
            assert any(s <= start < e for s, e in spans), (project.project.project_name, m.group())


def test_rows_without_a_printed_value_are_kept_and_flagged(scan000):
    """安置帮教 prints no value for its 效益 and 满意度 rows: each is a row, flagged missing_value."""
    project = scan000[1]
    empty = [i for i in project.project.indicators if i.value is None]
    assert len(empty) >= 3
    assert all(Reason.missing_value in i.level3.reasons for i in empty)


def _expected(case: str) -> list[dict]:
    return json.loads((FIELD / f"{case}.expected.json").read_text(encoding="utf-8"))["expected"]


def _indicators(case: str):
    return [i for t in _projects(FIELD / f"{case}.txt") for i in t.project.indicators]


def test_values_printed_one_cell_per_line_are_no_indicators_of_their_own():
    """湘潭 web page: one cell per line ending in ` |`, rows parted by rule lines (`|||`)."""
    case = "indicator-values-read-as-indicators-pipe-cells"
    indicators = _indicators(case)
    by_level3 = {i.level3.value: i for i in indicators}
    facts = [f for f in _expected(case) if f["kind"] == "indicator"]
    assert sorted(by_level3) == sorted(f["field"] for f in facts)
    for fact in facts:
        ind = by_level3[fact["field"]]
        assert (ind.level1.value, ind.level2.value) == (fact["level1"], fact["level2"])
        expected = parse_indicator_value(fact["value"])
        assert (ind.value.operator, ind.value.number, ind.value.unit) == (expected.operator, expected.number, expected.unit)
    assert all(i.basis.value == "计划标准" for i in indicators)  # the 绩效标准 column, not a row
    # plain rows raise no doubt
    assert not any(x.flagged for i in indicators for x in (i.level1, i.level2, i.level3, i.value))


def test_the_project_header_of_the_one_cell_per_line_page_is_read_too():
    """The same 湘潭 page's header: 项目支出名称, 预算部门, 年度本级预算金额 `250万`, 项目支出实施期."""
    case = "indicator-values-read-as-indicators-pipe-cells"
    (table,) = _projects(FIELD / f"{case}.txt")
    for fact in (f for f in _expected(case) if f["kind"] == "project"):
        read = getattr(table.project, fact["field"])
        assert read is not None and read.value == fact["value"], fact["field"]
        assert not read.flagged, fact["field"]


def test_page_furniture_is_never_an_indicator():
    case = "page-boilerplate-read-as-indicators"
    indicators = _indicators(case)
    (fact,) = [f for f in _expected(case) if f["kind"] == "indicator"]
    (row,) = [i for i in indicators if i.level3.value == fact["field"]]
    expected = parse_indicator_value(fact["value"])
    assert (row.value.operator, row.value.number, row.value.unit) == (expected.operator, expected.number, expected.unit)
    assert row.level2.value == "服务对象满意度指标"  # printed twice (长期 and 年度 columns): once
    printed = " ".join(f"{i.level3.value} {i.value.raw if i.value else ''}" for i in indicators)
    for furniture in ("附件", "扫一扫", "下载", "打印", "关闭"):
        assert furniture not in printed


def _read_ocr(lines: str):
    """A tree from tesseract lines as they stand in a scan's text (one cell per line)."""
    rows = rows_of(lines, 0, len(lines), Layout.spaced)
    at = tree_start(rows)
    assert at is not None
    return read_tree(rows[at:], Layout.spaced)


def test_level_names_cut_by_rules_and_wraps_and_operators_as_tesseract_prints_them():
    lines = (
        "一级指标| 一级指标  三级指标  指标值\n"
        "广出指标  数量指标 (必填硬性指标)   调解矛盾纠纷件数     二90件\n"
        "2、效益指标 | 社会效益指标〈必 | 填)   重新违法犯罪率下降     <5%\n"
        "22-社会  群众安全感     》=-95%\n"
    )
    first, second, third = _read_ocr(lines)
    assert (first.level1.value, first.level2.value, first.level3.value) == ("产出指标", "数量指标", "调解矛盾纠纷件数")
    assert Reason.illegible in first.level1.reasons  # 广出 read as 产出: flagged
    assert (first.value.operator, first.value.number, first.value.unit) == (Operator.ge, 90, "件")
    assert Reason.number_ambiguous in first.value.reasons and first.value.raw == "二90件"
    assert (second.level1.value, second.level2.value, second.level3.value) == ("效益指标", "社会效益指标", "重新违法犯罪率下降")
    assert (second.value.operator, second.value.number) == (Operator.le, 5)
    # `22-社会` (效益 wrapped onto the next line): the numbering names the level
    assert third.level2.value == "社会效益指标" and (third.value.operator, third.value.number) == (Operator.ge, 95)


def test_an_operator_alone_in_its_cell_joins_the_value_never_the_name():
    """RapidOCR's lines of a tree printing 指标性质 (the operator) in a column of its own, each 三级 wrapped round its
    value's line: the operator standing alone between the 三级's pieces is the value's (was glued into the name,
    `新建农村≥公路里程` with 15公里), and RapidOCR's `W` / `V` for ≤ before the figure is read as ≤, flagged (a
    reading), the raw kept as printed."""
    lines = (
        "一级指标  二级指标  三级指标  指标性质  指标值  度量单位\n"
        "产出  新建农村\n"
        "数量指标  ≥  15  公里\n"
        "指标  公路里程\n"
        "道路养护\n"
        "质量指标  W  2  %\n"
        "病害率\n"
        "养护任务\n"
        "时效指标  V  11  月\n"
        "完成时间\n"
        "效益  社会效益  通行条件\n"
        "≥  90  %\n"
        "指标  指标  改善率\n"
    )
    read = [(i.level3.value, i.value.raw, i.value.operator, i.value.number, i.value.unit) for i in _read_ocr(lines)]
    assert read == [("新建农村公路里程", "≥15公里", Operator.ge, 15, "公里"), ("道路养护病害率", "W2%", Operator.le, 2, "%"),
                    ("养护任务完成时间", "V11月", Operator.le, 11, "月"), ("通行条件改善率", "≥90%", Operator.ge, 90, "%")]
    assert all(Reason.number_ambiguous in i.value.reasons for i in _read_ocr(lines) if i.value.raw[0] in "WV")


def test_values_the_ocr_broke_into_specks_are_flagged():
    """Seed 003 read back: `>80百分比` printed as `人 人`, `站人`, `定, 下分` under its 指标值 column."""
    text = "一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  案件处理效率  人 人\n质量指标  创新工作完成率  站人\n" \
           "时效指标  区域覆盖率  定, 下分\n成本指标  预算控制数  提高\n"
    rows = rows_of(text, 0, len(text), Layout.spaced)
    values = {i.level3.value: i.value for i in read_tree(rows, Layout.spaced)}
    assert all(values[name].flagged or Reason.illegible in values[name].reasons
               for name in ("案件处理效率", "创新工作完成率", "区域覆盖率"))
    assert not values["预算控制数"].reasons  # a word printed whole is a value


def test_a_band_centred_on_its_value_has_as_many_lines_under_it_as_over_it():
    """Seed 002 in Noto Serif 200 dpi: every 三级 wraps over three lines, centred on its value's line
    (`矛盾纠纷` / `12 -质量指标 调解成功 | >95%6` / `率`). The short line after a band's bottom is the next
    band's top (`案件补贴` over `发放及时`), not more of the row above."""
    lines = (Path(__file__).parent / "data" / "indicators" / "centred-bands-serif-002.ocr.txt").read_text(encoding="utf-8")
    assert [i.level3.value for i in _read_ocr(lines)][1:] == ["矛盾纠纷调解成功率", "案件补贴发放及时性"]


def test_a_date_glued_to_the_value_by_a_space_is_the_rows_deadline():
    """Seed 004 read by tesseract: a tree with a 计划完成时限 column prints `> 56 人 2021` with `年12月` on the
    next line, `> 300 人 202` with `1年12月`. The year's piece after the value's unit is the deadline's, its
    rest on the line below joins it; the value is `≥56人`, never a unit `人 2021` nor a row `1年12月`."""
    lines = (Path(__file__).parent / "data" / "indicators" / "date-glued-to-value-004.ocr.txt").read_text(encoding="utf-8")
    rows = {i.level3.value: i for i in _read_ocr(lines)}
    for name, number in (("乡镇人民调解员人数", 56), ("村级人民调解员人数", 300)):
        value = rows[name].value
        assert (value.operator, value.number, value.unit) == (Operator.ge, number, "人")
        assert rows[name].deadline.value == "2021年12月"
    assert [rows["人民调解案件数量"].value.number, rows["建设村民评理说事点数量"].value.number] == [1, 2]
    assert not any("年12月" in name for name in rows)


def test_a_one_cell_per_line_tree_doubts_the_operators_ocr_makes_of_ge_and_le():
    """Seed 003 in WenQuanYi Zen Hei 200 dpi, read back one cell a line with no OCR mark: `≥80百分比` came out
    `>80百分比`, `≤100百分比` `<100百分比`, `≥90百分比` `90百分比` among siblings with operators. Read as printed
    (a web page prints the same), each is in doubt, its operator kept. The heading 指标值 came out `间标值`:
    the 指标值确定依据 heading still says the cell after each value is its basis, not the next row's 三级."""
    lines = (Path(__file__).parent / "data" / "indicators" / "stream-ocr-operators-wqy-003.ocr.txt").read_text(encoding="utf-8")
    rows = _read_ocr(lines)
    # the heading 指标值 came out `间标值`; 指标值确定依据 still says each value's next cell is its basis
    assert [(i.level3.value, i.basis.value) for i in rows][1:] == [
        ("案件处理办结率 (%)", "年初工作计划"), ("工作任务完成及时率", "年初工作计划"), ("项目建设的经济性", "年初工作计划")]
    values = [i.value for i in rows if i.value is not None]
    read = [(v.operator, v.number) for v in values]
    assert read == [(Operator.gt, 80), (Operator.gt, 85), (None, 90), (Operator.lt, 100)]
    assert all(Reason.number_ambiguous in v.reasons for v in values)


def test_an_equal_sign_is_doubted_in_a_document_that_prints_tesseracts_forms_of_ge():
    """Seed 001 read by tesseract prints ≥ as `二90%`, `》=95%` and, its lower bar lost, `=1500人`. In a
    document whose values show those forms, an `=` before a figure is in doubt and a bare `>` is ≥; elsewhere
    they are read as printed (`=59人次`, an exact count)."""
    def tree(*raws: str) -> list[Indicator]:
        parsed = [parse_indicator_value(raw, ocr=True) for raw in raws]
        return [Indicator(level3=Text(raw=f"指标{k}", value=f"指标{k}"), value=IndicatorValue(raw=raw, operator=p.operator, number=p.number))
                for k, (raw, p) in enumerate(zip(raws, parsed))]

    ocr = tree("二90%", "》=95%", "=1500人")
    settle_equal_signs([ocr])
    assert Reason.number_ambiguous in ocr[2].value.reasons
    # a tree of the same document printed one cell a line with no mark of its own was read as a web page's
    # (`>` kept): in a document shown to be an OCR's it is read as an OCR tree is, ≥ in doubt, `raw` as printed
    page_read = [Indicator(level3=Text(raw="指标", value="指标"),
                           value=IndicatorValue(raw=raw, operator=Operator.gt, number=80, unit=unit))
                 for raw, unit in ((">80%", "%"), (">80百分比", "%"))]
    settle_equal_signs([ocr, page_read])
    assert [(i.value.operator, i.value.raw) for i in page_read] == [(Operator.ge, ">80%"), (Operator.ge, ">80百分比")]
    assert all(Reason.number_ambiguous in i.value.reasons for i in page_read)
    clean = tree("≥90%", "≥95%", "=59人次")
    settle_equal_signs([clean])
    assert Reason.number_ambiguous not in clean[2].value.reasons
    # `>=` and `≧` are operators web pages print themselves (issue 17): no sign of an OCR that broke a ≥
    page = tree(">=90%", "≧95%", "=59人次")
    settle_equal_signs([page])
    assert Reason.number_ambiguous not in page[2].value.reasons


def test_a_document_whose_rates_print_equal_for_ge_reads_its_bare_marks_as_an_ocr_trees():
    """Seed 003 in WenQuanYi Zen Hei Sharp 220 dpi, two forms printed one cell a line: ≥ came out `>=90百分比`,
    `>80百分比` and, its lower bar lost, `=90百分比` and `=6次`. The `=` before rates short of their bounds (two or
    more) show a document whose OCR broke ≥: every `=` before a figure is in doubt (`=6次` was passed as an exact
    count), and the bare marks are read as an OCR tree's, ≥ or ≤ in doubt, the printed text kept."""
    path = Path(__file__).parent / "data" / "indicators" / "equal-for-ge-sharp220-003.ocr.txt"
    values = {(t.project.project_name.value, i.level3.value): i.value
              for t in extract_file(path).doc.tables if t.kind is TableKind.project_performance for i in t.project.indicators}
    for key, operator, raw in [(("法律援助", "组织宣传活动次数"), Operator.eq, "=6次"),
                               (("普法宣传", "普法宣传次数"), Operator.eq, "=6次"),
                               (("法律援助", "按时办结率"), Operator.ge, ">80百分比"),
                               (("法律援助", "预算控制数"), Operator.le, "<100百分比"),
                               (("普法宣传", "工作完成率"), Operator.ge, "=90百分比")]:
        value = values[key]
        assert (value.operator, value.raw) == (operator, raw) and Reason.number_ambiguous in value.reasons, key


def test_a_garbled_level2_under_a_level1_with_one_level2_is_that_one_inferred():
    """Seed 002 in WenQuanYi Zen Hei Sharp 220 dpi: `3 满意度指标  总生生7 条 | 服务对象满意度 | > 98%`, the 二级 cell
    garbled past reading. 满意度指标 has one 二级 (domain.md): the row stands under it, flagged as inferred; the
    rows above keep the 二级 they printed."""
    path = Path(__file__).parent / "data" / "indicators" / "sole-level2-garbled-sharp220-002.ocr.txt"
    (table,) = [t for t in extract_file(path).doc.tables if t.kind is TableKind.project_performance]
    *above, last = table.project.indicators
    assert last.level1.value == "满意度指标" and last.level3.value == "服务对象满意度"
    assert last.level2.value == "服务对象满意度指标" and last.level2.reasons == [Reason.column_inferred]
    assert any(i.level2.value == "可持续影响" and not i.level2.reasons for i in above)


def test_the_row_under_a_cell_cut_one_character_into_a_phrase_is_in_doubt():
    """Seed 002 in Noto Sans Mono 170 dpi: the 三级 `根据合同及时供货，资金支付情况` came out with its top
    (`根据合同及时供货, 资`) on a line of its own above the row's line, where it joined the value above,
    and `金支付情况 | =及时支付` below. A line ending one character into a phrase is a cut cell: the
    row under it may have lost its top, so it is flagged, not passed as read."""
    rows = _read_ocr("一级指标    二级指标                                   三级指标             绩效值\n"
                     "1-产出指标“| 11-数量指标                                购买设备数            么24件\n\n"
                     "12-质量指标                                购买设备质量情况      =质量达标\n\n"
                     "困叶本四                           根据合同及时供货, 资 |\n\n"
                     "13-时效指标                                                      金支付情况             =及时支付\n\n"
                     "14-成本指标                                           设备预计投入总成本           2881.61元\n")
    cut = next(i for i in rows if i.level3.value.startswith("金支付"))
    assert cut.value.confidence < FLAG_BELOW and Reason.cell_shifted in cut.value.reasons
    assert not rows[0].level3.reasons  # (a row with no cut above is not doubted for it)


def test_a_row_whose_three_level_and_text_value_both_wrap_is_joined_with_its_bottom_line():
    """Seed 002 in Noto Sans Mono 170 dpi: `案件补贴资金发放及时“| 案卷评查完毕后及` over `13-时效指标  性  时发放`
    (the 二级 cell centred on the row's two lines). The bottom line's `性` is no 三级 of its own: the row is
    joined, in doubt, under the 二级 the bottom line names. Two lines that each name a level stay two rows."""
    rows = _read_ocr("一级指标    二级指标                            三级指标           绩效值\n"
                     "1-产出指标“| 11-数量指标                          法律援助受理案件数    300件\n"
                     "12-质量指标                          法律援助办结        艺98%\n"
                     "本本全                          案件补贴资金发放及时“| 案卷评查完毕后及\n"
                     "13-时效指标                          性               时发放\n"
                     "14-成本指标                          案件投入总成本       亏33756元\n"
                     "2-效益指标“| 21-经济效益                          无     无\n"
                     "22 社会效益                          会 |有效预防法\n")
    joined = next(i for i in rows if i.level3.value.startswith("案件补贴"))
    assert (joined.level2.value, joined.level3.value, joined.value.text) == ("时效指标", "案件补贴资金发放及时性", "案卷评查完毕后及时发放")
    assert joined.value.confidence < FLAG_BELOW
    assert [i.level3.value for i in rows][-2:] == ["无", "会"]  # (each line named its 二级: two rows)
    # a speck under a row the form fills with its word for nothing (`无 | 无` over `|了`) is no wrap of it
    rows = _read_ocr("一级指标    二级指标                            三级指标           绩效值\n"
                     "1-产出指标“| 11-数量指标                          法律援助受理案件数    300件\n"
                     "和   21-经济效益                                    无        无\n"
                     "|了\n"
                     "22-社会效益                                    矛盾纠纷化解率  ≥95%\n")
    assert [(i.level3.value, i.value.raw) for i in rows][1] == ("无", "无")
    # AR PL UMing 240 dpi: the halves beside specks of the level column (`入和 | 及时性 | 付进度款及尾款`) are the
    # row's; a long text there is a row of its own (`本 | 购买设备 ,提升办案 “| 二 吉`)
    rows = _read_ocr("一级指标    二级指标                            三级指标           绩效值\n"
                     "1-产出指标| 1 -数量指标                   计划购买服务数量 | -1家公司\n"
                     "13-时效指标                   按照合同要求资金拨付      =根据合同及时拨\n"
                     "入和                    及时性         付进度款及尾款\n"
                     "14-成本指标                   项目投入总成本                    所250000元\n"
                     "2和 21 -经济效益                 选购设备价格要求 | 价格经济实惠\n"
                     "本                                          购买设备 ,提升办案 “| 二 吉\n")
    read = {i.level3.value: i.value.raw for i in rows}
    assert read["按照合同要求资金拨付及时性"] == "=根据合同及时拨付进度款及尾款"
    assert read["选购设备价格要求"] == "价格经济实惠"


def test_a_value_phrases_last_character_wrapped_alone_is_joined_not_taken_for_a_speck():
    """Seed 001 in Noto Sans 150 dpi: `开展行政执法人员培训 | 年度内完` over `(必填) “| 和执法证考试   成`. A lone
    character ending a line is mostly a speck of a rule, but one that makes a word a target prints with the
    value's last character (完成: `numbers.VALUE_WORDS`) is the value's end, wrapped beside the 三级's."""
    rows = _read_ocr("一级指标    二级指标   三级指标     指标值\n"
                     "产出指标   时效指标 | 开展行政执法人员培训 | 年度内完\n"
                     "(必填) “| 和执法证考试   成\n"
                     "质量指标 | 行政执法人员执法资格考试通过率 | 100%\n")
    assert (rows[0].level3.value, rows[0].value.text) == ("开展行政执法人员培训和执法证考试", "年度内完成")
    assert rows[0].value.confidence < FLAG_BELOW  # (pieces of two lines: in doubt)


def test_values_in_the_three_level_cell_of_a_form_with_no_value_column():
    """Seed 002's 水电费 form prints no 指标值 column; in Noto Sans 150 dpi tesseract read each value into its
    三级's cell: after a space, bare or behind the glyph a face's ≤ came out as (`商断水断电次数 和 5次`,
    `年度内共计产生水电费金额 <100000元`), or glued by its operator (`杜绝浪费执行情况=较好`). Each is parted
    from its 三级. A 三级 wrapped under the line that named its 二级 (`质量标 | 年度内在…要求供应`) takes its
    bottom line and the value there (`商断水断电次数 和 5次`), in doubt."""
    lines = (Path(__file__).parent / "data" / "indicators" / "merged-values-no-value-column-sans150-002.ocr.txt").read_text(encoding="utf-8")
    rows = {i.level3.value: i for i in _read_ocr(lines)}
    cut = rows["年度内在及时支付水电费的情况下要求供应商断水断电次数"]
    assert (cut.level2.value, cut.value.raw, cut.value.number) == ("质量指标", "和 5次", 5)
    assert cut.value.confidence < FLAG_BELOW
    assert (rows["年度内共计产生水电费金额"].value.operator, rows["年度内共计产生水电费金额"].value.number) == (Operator.le, 100000)
    assert (rows["倡导节约水电,杜绝浪费执行情况"].value.operator, rows["倡导节约水电,杜绝浪费执行情况"].value.text) == (Operator.eq, "较好")


def test_dates_printed_down_a_narrow_column_are_the_deadline_and_part_the_rows():
    """Seed 004's department tree in Noto Sans Mono 170 dpi: its 完成时限 column holds two characters a line, so
    each `2021年12月` came out down the lines of its row (`20` / `总体工  21` / `作完成 | = 100 | % 年` / `率  12` /
    `月`, its 月 sometimes lost). The pieces are the deadline, not values or rows of their own, and each date's
    first line begins its row: `工作完` is the top of the next row's 三级, not the end of the one above."""
    lines = (Path(__file__).parent / "data" / "indicators" / "dates-down-narrow-column-mono170-004.ocr.txt").read_text(encoding="utf-8")
    rows = _read_ocr("一级指标    二级指标    三级指标    指标值\n" + lines)
    read = [(i.level3.value, i.value.raw if i.value else None) for i in rows]
    assert ("工作质量达标率", "=100%") in read and ("综合管理水平", "=100%") in read
    assert not any(raw in ("20", "21", "12", "月") for _, raw in read)  # no date piece read as a value
    assert sum(i.deadline is not None and "12" in i.deadline.value for i in rows) >= 4


def test_a_date_down_a_narrow_column_may_skip_a_line_between_its_year_and_its_month():
    """Seed 004's department tree in AR PL UMing 180 dpi (eval/dev-scans): a row taller than its date (a 二级 or a
    三级 on more lines) leaves a line between the year's pieces and the rest (`20` / `工作完  21` / `整体工作 | 于` /
    `… 2  年` / `率  12` / `月`; `| 依法  21` / `基础管 | 一-` / `行政 = 100  年`). The year is still the date's:
    no row of its own (`20`) and no value (`21`)."""
    lines = (Path(__file__).parent / "data" / "indicators" / "dates-down-narrow-column-gap-uming-004.ocr.txt").read_text(encoding="utf-8")
    rows = _read_ocr("一级指标    二级指标    三级指标    指标值\n" + lines)
    read = [(i.level3.value, i.value.raw if i.value else None) for i in rows]
    assert not any(raw in ("20", "21") for _, raw in read), read  # no year's piece read as a value
    assert not any(level3 in ("20", "21") for level3, _ in read), read  # nor as a row
    assert sum(i.deadline is not None and "2021" in i.deadline.value for i in rows) == 5


def test_the_date_pieces_under_a_rows_value_line_end_that_rows_date_not_the_next_ones():
    """The same excerpt: a date printed down its narrow column is centred on its row, so its last pieces stand under
    the row's value line (`作完成 | = 100  年` / `率  12` / `月`) before the next date's first piece (`20`). They end
    this row's date, not the next row's: `2021年12月` each, never `12月2021年`."""
    lines = (Path(__file__).parent / "data" / "indicators" / "dates-down-narrow-column-gap-uming-004.ocr.txt").read_text(encoding="utf-8")
    rows = _read_ocr("一级指标    二级指标    三级指标    指标值\n" + lines)
    assert [i.deadline.value if i.deadline else None for i in rows] == ["2021年12月"] * 5


def test_a_values_rest_glued_to_the_three_levels_bottom_line_joins_the_value():
    """Seed 001 read by tesseract (UMing 180 dpi): `质量指标 区法雁从 >8` over `(必填) 考试通过率 0%`: the value
    `>80%` cut by its wrap, its rest glued after a space to the 三级's bottom line. The rest is the value's, not
    a value of a row of its own (`考试通过率 | 0%`, read with no doubt, was wrong)."""
    rows = _read_ocr("一级指标    二级指标   三级指标     指标值\n"
                     "开展法治改 | 、，\n府建设宣传 |\n活动   人\n"
                     "质量指标 区法雁从 >8\n(必填) 考试通过率 0%\n各单位法治改府建设参与度        85\n")
    read = [(i.level3.value, i.value.raw) for i in rows]
    assert any(level3.endswith("考试通过率") and raw == ">80%" for level3, raw in read)
    assert not any(raw == "0%" for _, raw in read)


def test_a_bare_figure_over_100_among_a_documents_percentages_is_in_doubt():
    """Seed 000 in WenQuanYi Zen Hei Sharp 220 dpi: `天关各放人员安置帮教1人1年800元 | 1007`, `100%` with its % read
    as a 7, in a document whose figures mostly print a %: in doubt, read as printed. A count (`56名`) is not."""
    def ind(raw):
        p = parse_indicator_value(raw, ocr=True)
        return Indicator(level3=Text(raw="指标", value="指标"),
                         value=IndicatorValue(raw=raw, operator=p.operator, number=p.number, unit=p.unit))

    tree = [ind("1007"), ind("95%"), ind("90%"), ind("100%"), ind("56名")]
    doubt_percent_lost([tree])
    assert Reason.number_ambiguous in tree[0].value.reasons and tree[0].value.raw == "1007"
    assert not tree[4].value.reasons and not tree[1].value.reasons
    counts = [ind("1007"), ind("56名"), ind("300件")]
    doubt_percent_lost([counts])
    assert not counts[0].value.reasons  # (a document of counts: 1007 may be one)


def test_a_figure_that_is_no_rate_and_a_glyph_after_its_operator_among_percentages_is_as_printed():
    """A form whose figures mostly print a % and a cost `≤1500` (its unit 元 in a column apart): after its operator,
    150 is over the bound of a rate, so 1500 is no `150%` with its % read as a 0; as printed, not in doubt (it was),
    nor is `≥2000`. `》-959` (`≥95%`, the % read as a 9), `10096` (`100%`, its % read as 96) and, with no operator,
    `5657` (its first digit may be the ≥'s) are in doubt; a figure with decimals is no such reading."""
    def ind(raw):
        p = parse_indicator_value(raw)
        return Indicator(level3=Text(raw="指标", value="指标"),
                         value=IndicatorValue(raw=raw, operator=p.operator, number=p.number, unit=p.unit))

    tree = [ind("≤1500"), ind("≥2000"), ind("》-959"), ind("10096"), ind("5657"), ind("100.57"), ind("95%"),
            ind("90%"), ind("100%"), ind("98%"), ind("≥85%"), ind("≥80%"), ind("≥90%")]
    doubt_percent_lost([tree])
    assert [Reason.number_ambiguous in i.value.reasons for i in tree[:6]] == [False, False, True, True, True, False]


def test_a_value_whose_row_neither_its_level2_nor_its_level3_places_is_in_doubt():
    """Seed 001 read by tesseract: `和 和  (必肝)  建单位材羡率  100%`: no 二级 readable (inferred from the
    template) and a 三级 the OCR garbled (in doubt): the `100%` may be another row's, so it is in doubt too."""
    def row(level2_reasons, level3_reasons):
        return Indicator(level2=Text(raw="和 和", value="生态效益指标", reasons=level2_reasons),
                         level3=Text(raw="建单位材羡率", value="建单位材羡率", reasons=level3_reasons),
                         value=IndicatorValue(raw="100%", number=100, unit="%"))

    unplaced, named, clean = (row([Reason.column_inferred], [Reason.ocr_doubt]), row([], [Reason.ocr_doubt]),
                              row([Reason.column_inferred], []))
    doubt_unplaced([[unplaced, named, clean]])
    assert unplaced.value.confidence < FLAG_BELOW and Reason.column_inferred in unplaced.value.reasons
    assert not named.value.reasons and not clean.value.reasons  # (a row its 二级 or its 三级 places stands)


def test_a_tree_whose_header_and_first_level1_are_garbled_starts_at_its_run_of_level_names():
    """Seed 002 in WenQuanYi Zen Hei 200 dpi: the header came out `二妖盯|三绸 三级散 绩改值` and the first 一级
    `人 出指`; the rows after it name their 二级 (`+1 数量指标`, `芭质量指标`, `本时效指标`, `14-成本指标`). The
    tree starts at the first of that run; a 三级 printed as one character (`无`) is no speck."""
    lines = (Path(__file__).parent / "data" / "indicators" / "header-and-level1-garbled-wqy-002.ocr.txt").read_text(encoding="utf-8")
    rows = rows_of(lines, 0, len(lines), Layout.spaced)
    at = tree_start(rows)
    assert rows[at].cells[0].raw == "人 出指"
    read = read_tree(rows[at:], Layout.spaced)
    assert [i.level3.value for i in read][:5] == ["打造法治文化阵地数量", "项目质量要求", "资金支付及时性", "项目剩余投入成本",
                                                  "建设材料经济性"]
    assert any(i.level3.value.endswith("无") for i in read)
    # the run starts the tree though the tree's last 一级 (`3-满意度`) is read whole further down
    lines = (Path(__file__).parent / "data" / "indicators" / "header-garbled-last-level1-whole-wqy-002.ocr.txt").read_text(encoding="utf-8")
    rows = rows_of(lines, 0, len(lines), Layout.spaced)
    read = read_tree(rows[tree_start(rows):], Layout.spaced)
    assert [i.value.raw for i in read][:2] == ["-185个", "=达标"] and len(read) >= 8


def test_a_garbled_level2_cell_before_a_level3_and_a_value_is_the_templates_next_level2():
    """Seed 000 in AR PL UMing 240 dpi: the 时效指标 row came out `肌允此让攻关 | 最二和玫从中请法人援助… | 》 -0t`.
    Three cells, a value last, under a 一级 the vocabulary lists 二级 for, in a tree with no 描述: the first is
    its garbled 二级, read as the template's next one after 质量指标, inferred; the 三级 is the second cell alone."""
    rows = _read_ocr("一级指标     二级指标     三级指标     指标值\n"
                     "1、产出指标   质量指标 〈必填)     提高法律援助的完成率和接待率     》=100%\n"
                     "肌允此让攻关      最二和玫从中请法人援助定给予法律盈”| 》 -0t\n"
                     "成本指标 〈必填硬性指标)      完成年度目标任务      》=100%\n")
    garbled = rows[1]
    assert (garbled.level2.value, garbled.level3.value) == ("时效指标", "最二和玫从中请法人援助定给予法律盈")
    assert Reason.column_inferred in garbled.level2.reasons
    assert rows[2].level2.value == "成本指标"


def test_a_garbled_level2_before_the_forms_word_for_nothing_twice_is_a_row_of_its_own():
    """Seed 002 in Noto Sans CJK 150 dpi: `23-生态效益 | 无 | 无` came out `二本赤效益 | 无 | 无` under a row whose
    value is a text. The 无 | 无 pair is a 三级 and its value as a number would be: the garbled first cell is the
    template's next 二级 (生态效益), inferred, and the line is no wrap of the 三级 above."""
    rows = _read_ocr("一级指标 | 二级指标                  三级指标       绩效值\n"
                     "2 -效益指标“| 21-经济效益           案件办理经济 > 4000万元\n"
                     "22 社会效益                单位职工工作积极性 | =提高\n"
                     "二本赤效益                无         无\n"
                     "24-可持续影响                               案件办理维护社会稳定 | 持续增强\n")
    assert [r.level3.value for r in rows] == ["案件办理经济", "单位职工工作积极性", "无", "案件办理维护社会稳定"]
    nothing = rows[2]
    assert (nothing.level2.value, nothing.value.text) == ("生态效益", "无")
    assert Reason.column_inferred in nothing.level2.reasons


def test_a_level3_starting_at_a_wrapped_cells_middle_line_is_flagged():
    """Seed 001 in Noto Serif 200 dpi: a 三级 wrapped over four lines (`和法治政府建设示范创` / `建，不断提高执法人员` /
    `依法行政、依法行政水` / `平`), its value `长效` beside the second. A 三级 that starts with one character and
    a comma is the bottom of a word wrapped from above, never a cell's start: the row is flagged, a 三级
    starting with its numbering (`一、`) or whole is not."""
    text = ("一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  开展法治宣传活动  12次\n"
            "效益指标  可持续影响指标  建，不断提高执法人员  长效\n满意度指标  服务对象满意度指标  一、群众满意度  ≥90%\n")
    rows = rows_of(text, 0, len(text), Layout.spaced)
    doubted = {i.level3.value: Reason.cell_shifted in i.level3.reasons for i in read_tree(rows, Layout.spaced)}
    assert doubted == {"开展法治宣传活动": False, "建,不断提高执法人员": True, "一、群众满意度": False}


def test_a_fragment_read_as_a_level3_is_flagged():
    """A 完成时限 printed down its cell (`20` / `21年` / `12` / `月`) leaves one-character fragments on the
    tree's lines: any row they make is flagged, a row with a 三级 phrase is not."""
    text = "一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  购买设备数量  1台\n率  12\n质量指标  设备质量  验收合格\n"
    rows = rows_of(text, 0, len(text), Layout.spaced)
    for ind in read_tree(rows, Layout.spaced):
        assert (len(ind.level3.value) < 3) == (Reason.illegible in ind.level3.reasons), ind.level3.value


def test_weight_and_direction_are_kept_where_printed():
    """A 湖南-style tree: 指标性质 | 指标值 | 度量单位 in three cells, then 权重 and 指标方向."""
    (table,) = _projects(Path(__file__).parent / "data" / "indicators" / "weight_direction.txt")
    rows = [(i.level3.value, i.value.operator, i.value.number, i.value.unit, i.weight.value, i.direction.value)
            for i in table.project.indicators]
    assert rows == [("配备车辆数", Operator.ge, 10, "辆", 30, "正向"), ("群众满意度", Operator.ge, 90, "%", 20, "正向")]


def _weighed(name: str) -> list[tuple]:
    (table,) = _projects(Path(__file__).parent / "data" / "indicators" / name)
    return [(i.level3.value, i.value.raw, i.weight and i.weight.value, i.direction and i.direction.value,
             i.basis and i.basis.value, i.level3.reasons + i.value.reasons + (i.weight.reasons if i.weight else []))
            for i in table.project.indicators]


def test_weight_and_direction_are_kept_where_printed_in_spaced_text():
    """The same tree flattened with two spaces between cells (a web page copied as text): 权重 and 指标方向
    under their headings, not glued to the unit (`辆30`) nor 正向 taken for a 依据; the rows line up, unflagged."""
    assert _weighed("weight_direction_spaced.txt") == [
        ("配备车辆数", "≥10辆", 30, "正向", None, []), ("群众满意度", "≥90%", 20, "正向", None, [])]


def test_a_one_cell_value_keeps_its_weight_apart_in_spaced_text():
    """`≥10辆  30  正向`, `100  20  正向` under 指标值 | 权重 | 指标方向: the weight is no part of the value
    (no `10020`, no 三级 `配备车辆数≥10辆`)."""
    assert _weighed("weight_direction_one_cell_spaced.txt") == [
        ("配备车辆数", "≥10辆", 30, "正向", None, []), ("群众满意度", "100", 20, "正向", None, [])]


@pytest.mark.parametrize("name", ["weight_direction_basis_short_spaced.txt", "weight_direction_basis_short.txt"])
def test_short_rows_place_weight_and_direction_by_shape(name):
    """分值 | 指标方向 | 指标值确定依据 after the value, rows that dropped their blank level cells (and one its
    blank 分值), two spaces or a tab between cells: the direction's word before the 依据 and the bare number
    before it are those columns' (no 三级 taken for a 二级, no 正向 for a value)."""
    rows = _weighed(name)
    assert [r[:5] for r in rows] == [
        ("配备车辆数", "≥10辆", 30, "正向", "计划标准"), ("合格率", "≥95%", 20, "正向", "历史标准"),
        ("设备完好率", "≥90%", None, "正向", "历史标准")]


def test_a_text_value_keeps_its_weight_beside_a_deadline():
    """`及时 | 10 | 正向 | 计划标准 | 2025年6月` in line with its header: the date under 完成时限 is no value slid
    right, so 及时 is the value and 10 the 分值 (not the value, with 及时 taken for a 描述 the form has not)."""
    assert _weighed("text_value_weight_deadline.txt") == [
        ("补贴发放及时性", "及时", 10, "正向", "计划标准", []), ("人均培训成本", "≤1500元/人", 10, "反向", "计划标准", [])]


@pytest.mark.parametrize("name", ["weight_not_a_number_tab.txt", "weight_not_a_number_spaced.txt"])
def test_a_weight_that_is_no_number_is_kept_and_flagged(name):
    """`二十分` under 分值 in a line that lines up with its header (its 指标方向 under its heading): the row's weight
    as printed, unread and flagged (not dropped, nor glued to the 依据); `/`, a blank's mark, is no weight."""
    rows = _weighed(name)
    assert [r[:5] for r in rows] == [("培训人次", "≥100人次", None, "正向", "计划标准"),
                                     ("群众知晓率", "≥90%", None, "正向", "历史标准")]
    (table,) = _projects(DATA / name)
    first, second = table.project.indicators
    assert (first.weight.raw, first.weight.value, first.weight.reasons) == ("二十分", None, [Reason.illegible])
    assert second.weight is None


def test_a_weight_on_a_wrapped_rows_other_line_leaves_the_value_in_doubt():
    """A wrapped row whose 分值 and 指标方向 stand on its second line (`农村劳动力转移就业 | ≥500人` over `培训人数 |
    20 | 正向`), the tree's other rows with their weights: no shape tells the bare `20` from a value, so the value
    it was read as is in doubt, not given as sure."""
    rows = _weighed("weight_on_wrapped_line.txt")
    doubted = [(r[0], r[1]) for r in rows if Reason.cell_shifted in r[5]]
    assert doubted == [("培训人数", "20")]
    assert [r[2] for r in rows if r[0] in ("资金使用合规率", "群众知晓率")] == [10, 30]


def test_a_tabbed_rows_wrapped_level3_line_joins_the_row_above():
    """A tab-delimited row whose 三级 wrapped onto a line of its own, text under 三级指标 alone (`| | 培训人数 | | |`
    under `| | 农村劳动力转移就业 | 500人 | 10 | …`): that line is the 三级's rest, joined to the row above (in doubt:
    a row whose other cells its form left blank reads alike), not an indicator of its own with no value, unflagged."""
    rows = _weighed("level3-wrapped-tabbed.txt")
    assert [r[:5] for r in rows] == [("培训人次", "≥100人次", 20, "正向", "计划标准"),
                                     ("农村劳动力转移就业培训人数", "500人", 10, "正向", "历史标准"),
                                     ("资金使用合规率", "100%", 10, "正向", "行业标准")]
    assert [r[5] for r in rows] == [[], [Reason.cell_shifted], []]


def test_a_basis_on_a_wrapped_rows_top_line_is_told_by_its_column_or_in_doubt():
    """A row wrapped over three lines, its 依据 on the top one and its value on the middle one (`农村劳动力转移 |
    计划标准` over `就业培训人数 | ≥500人 | 20 | 正向`): in fixed-width text, whose cells start where their headings do,
    `计划标准` stands under 指标值确定依据, so it is the row's 依据 and the value line goes on with the row; with the
    columns not kept (two spaces between cells), the text after the 三级 is the value or the 依据, in doubt (it had been
    read as the value, unflagged). A text value standing under 指标值 in fixed-width text is read as it is."""
    first = _weighed("basis-on-a-wrapped-rows-top-line-fixed-width.txt")[0]
    assert first[:5] == ("农村劳动力转移就业培训人数", "≥500人", 20, "正向", "计划标准")
    spaced = _weighed("basis-on-a-wrapped-rows-top-line-spaced.txt")[0]
    assert spaced[1] == "计划标准" and Reason.cell_shifted in spaced[5]
    assert _weighed("text-value-under-its-heading-fixed-width.txt")[0] == ("补贴发放及时性", "及时", None, None, None, [])


def test_the_cell_before_a_direction_is_the_weights_in_a_short_spaced_row():
    """Spaced rows that dropped their blank level cells (`资金使用合规率  100%  十  正向  行业标准`): the header heads 分值
    right before 指标方向, so the cell between the value and the direction word is the weight's, read as it is (`十`: no
    number, kept and flagged; `/`: a blank's mark, no weight), not glued to the 依据 (`十行业标准`, `/计划标准`)."""
    (table,) = _projects(DATA / "weight-unread-levels-dropped-spaced.txt")
    rows = {i.level3.value: i for i in table.project.indicators}
    quality, cost = rows["资金使用合规率"], rows["人均培训成本"]
    assert (quality.value.raw, quality.basis.value, quality.direction.value) == ("100%", "行业标准", "正向")
    assert (quality.weight.raw, quality.weight.value, quality.weight.reasons) == ("十", None, [Reason.illegible])
    assert (cost.value.raw, cost.basis.value, cost.direction.value, cost.weight) == ("≤1500元/人", "计划标准", "反向", None)


def test_a_level3_named_as_a_level_under_blank_level_cells_stays_the_level3():
    """Tab-delimited rows whose 一级 and 二级 cells are left blank under the merged cells above: a 三级 that
    reads as a level's name (`| | 经济效益 | 稳步增长`) is that row's 三级 under the 二级 above, not a new 二级."""
    (table,) = _projects(DATA / "blank-levels-level-named-level3.txt")
    assert [(i.level2.value, i.level3.value, i.value.raw) for i in table.project.indicators] == [
        ("数量指标", "培训人次", "≥100人次"), ("社会效益指标", "社会效益", "显著提升"),
        ("社会效益指标", "经济效益", "稳步增长"), ("社会效益指标", "质量指标", "良好"),
        ("服务对象满意度指标", "群众满意度", "≥90%")]
    assert not any(i.level3.reasons or i.value.reasons for i in table.project.indicators)


def test_a_web_pages_values_are_read_as_printed():
    """One cell per line is a web page's text: its values are not read through tesseract's
    operators nor doubted as OCR debris (`2` under 指标值 is two)."""
    (table,) = _projects(Path(__file__).parent / "data" / "field" / "project-split-at-indicator-subtitle.txt")
    (indicator,) = table.project.indicators
    assert indicator.value.number == 2 and not indicator.value.flagged


DATA = Path(__file__).parent / "data" / "indicators"


def test_a_row_wrapped_onto_a_band_of_lines_is_one_indicator():
    """Seed 003 read back: a row whose 三级 and value wrap comes as a band, the top halves
    (`案件处理办结 | 和 | 385百分 | 年初工作`) over the middle line naming the 二级 with the
    whole 三级 in its 描述 column and a speck of a rule where the value stood (`让`, `> | 证`):
    one indicator under the middle line's 二级, its value the top's, flagged."""
    rows = _read_ocr((DATA / "wrapped-rows-003.ocr.txt").read_text(encoding="utf-8"))
    assert [(i.level2.value, i.level3.value) for i in rows] == [
        ("数量指标", "案件结案率(%)"), ("质量指标", "案件处理办结率 (0)"), ("时效指标", "工作任务完成及时率")]
    assert [i.value.raw for i in rows[1:]] == ["385百分", "350百分"]
    assert all(Reason.cell_shifted in i.value.reasons and Reason.number_ambiguous in i.value.reasons for i in rows[1:])


def test_a_wrapped_value_phrase_takes_its_top_and_bottom_halves():
    """Seed 002 read back: `县级财政 | 当地峙政承担` / `12 质量指标 | 资金保障 | 70% , 按时氢` /
    `到位情况 | 付到位`: the 三级 and the value phrase wrap side by side, each line holding a
    piece of both; the pieces go to their column, not all into the 三级."""
    rows = _read_ocr((DATA / "wrapped-rows-002.ocr.txt").read_text(encoding="utf-8"))
    first = rows[1]
    assert (first.level2.value, first.level3.value) == ("质量指标", "县级财政资金保障到位情况")
    assert first.value.raw == "当地峙政承担70% , 按时氢付到位" and Reason.cell_shifted in first.value.reasons
    assert (rows[2].level2.value, rows[2].level3.value, rows[2].value.raw) == ("时效指标", "工资发放及时性", "-及时")


def test_a_band_whose_top_names_the_level1_only_is_one_row():
    """Seed 002 read back: `2效益 | 酚 | 通过第三方力量帮教丽类` over `指标 | 21 经济效益 |
    人员挽回经济损失 | =95广元` is one row of 经济效益; `有效态范 得` over `22 社会效益 |
    维护社会稳定情况 | 帮` is the value of the row below it (the `帮` a speck), flagged."""
    first, second, third = _read_ocr((DATA / "wrapped-level1-002.ocr.txt").read_text(encoding="utf-8"))
    assert first.level3.value == "项目投入总成本"
    assert (second.level1.value, second.level2.value) == ("效益指标", "经济效益")
    assert (second.level3.value, second.value.raw) == ("通过第三方力量帮教丽类人员挽回经济损失", "=95广元")
    assert (third.level2.value, third.level3.value, third.value.raw) == ("社会效益", "维护社会稳定情况", "有效态范 得")
    assert Reason.cell_shifted in third.value.reasons and Reason.cell_shifted in second.value.reasons


def test_the_top_halves_of_a_band_go_to_their_columns():
    """Seed 003 read back: `项目建设的经 | 本 | 科100百“ | 年初工作` over `成本指标 | 江亿 |
    项目建设的经济性 | 人|证`: the top's cell with digits is the value (its operator garbled),
    kept and flagged (its figure read, with no operator: the character before it is none), not the
    unit speck `人`; the 依据 after it is no part of the 三级, and the 描述 that repeats the 三级 on one
    line gives it whole where its own cell wrapped."""
    rows = _read_ocr((DATA / "wrapped-values-003.ocr.txt").read_text(encoding="utf-8"))
    cost = rows[0]
    assert (cost.level2.value, cost.level3.value, cost.value.raw) == ("成本指标", "项目建设的经济性", "科100百“")
    assert (cost.value.operator, cost.value.number) == (None, 100) and cost.value.confidence < 0.8
    assert Reason.number_ambiguous in cost.value.reasons and Reason.cell_shifted in cost.level3.reasons
    assert cost.basis.value.startswith("年初工作")
    social = next(i for i in rows if i.level2.value == "社会效益指标")
    assert (social.level3.value, social.value.raw) == ("创新工作完成率", "有0百分")
    assert social.value.operator is None and Reason.number_ambiguous in social.value.reasons


def test_a_band_opened_by_the_first_piece_of_a_level1_is_one_row():
    """Seed 002 read back: the 一级 printed down its cell (`2效` / `益指` / `标`, `3清` / `意度` /
    `指标`) opens a band: `本渤志昌 | 解决人员就业` over `21-经济效益 | 来的经济 | 间题 ,增加家`
    is one row, its 三级 and value phrase joined cell by cell; `群众对办` over `31-服务对象满意度 |
    案情况的 | > 90%` is the 满意度 row, not the tail of the row above it, whose 三级 began on the line over
    its value (`司法协理` / `遇抽位古`): that line is no tail of `无 | 无`, a 三级 printed whole on one line."""
    rows = _read_ocr((DATA / "level-pieces-002.ocr.txt").read_text(encoding="utf-8"))
    economic = next(i for i in rows if i.level2.value == "经济效益")
    assert (economic.level3.value, economic.value.raw) == ("本渤志昌来的经济", "解决人员就业间题 ,增加家")
    assert Reason.cell_shifted in economic.value.reasons
    last = rows[-1]
    assert (last.level1.value, last.level2.value) == ("满意度指标", "服务对象满意度")
    assert last.level3.value.startswith("群众对办案情况的") and rows[-2].level3.value == "司法协理遇抽位古"
    assert (rows[-3].level3.value, rows[-3].value.raw) == ("无", "无")


def test_a_figure_without_the_operator_its_siblings_print_is_doubted():
    """Seed 003 read back: every value of the tree is `≥80百分比` but OCR kept no operator of
    one (`提高效率 80百分`): that one is doubted, not read as an exact 80."""
    text = ("一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  案件结案率  >80百分比\n"
            "效益指标  经济效益指标  提高效率  80百分比\n社会效益指标  创新工作完成率  >80百分比\n")
    rows = {i.level3.value: i.value for i in read_tree(rows_of(text, 0, len(text), Layout.spaced), Layout.spaced)}
    assert Reason.number_ambiguous in rows["提高效率"].reasons and rows["提高效率"].operator is None


def test_a_figure_in_a_unit_its_words_do_not_measure_is_doubted():
    """Seed 003 read back: `服务对象满意度 … 2人`, `数据报送时限 … 0人` are specks beside a lost
    ≥90百分比; a rate in % and a deadline in 月底 stand."""
    text = ("一级指标  二级指标  三级指标  指标值\n产出指标  数量指标  案件结案率  >80百分比\n"
            "产出指标  时效指标  数据报送时限  0人\n产出指标  时效指标  资金拨付时限  12月底\n"
            "满意度指标  服务对象满意度指标  服务对象满意度  2人\n满意度指标  服务对象满意度指标  群众满意度  》-95g\n")
    rows = {i.level3.value: i.value for i in read_tree(rows_of(text, 0, len(text), Layout.spaced), Layout.spaced)}
    # tesseract's % glued to its number where the words measure a percentage: repaired, with doubt
    assert (rows["群众满意度"].number, rows["群众满意度"].unit) == (95, "%")
    assert Reason.text_repaired in rows["群众满意度"].reasons
    assert Reason.illegible in rows["数据报送时限"].reasons and Reason.illegible in rows["服务对象满意度"].reasons
    assert Reason.illegible not in rows["案件结案率"].reasons and Reason.illegible not in rows["资金拨付时限"].reasons


def test_a_date_glued_after_a_word_or_cut_short_stays_in_doubt():
    """Seed 004 read back: `长期 2021年12` is a value with the 完成时限 glued on and cut; `=个 2021年12` a speck
    and the same date. A time limit printed whole (`2021年12月底前`) is a value of its own, unflagged."""
    text = ("一级指标  二级指标  三级指标  指标值\n效益指标  社会效益指标  改善多元矛盾纠纷化解机制  长期 2021年12\n"
            "产出指标  数量指标  支持政法部分数量  =个 2021年12\n产出指标  时效指标  完成时间  2021年12\n"
            "产出指标  时效指标  资金拨付时限  2021年12月底前\n")
    rows = {i.level3.value: i.value for i in read_tree(rows_of(text, 0, len(text), Layout.spaced), Layout.spaced)}
    assert all(Reason.illegible in rows[k].reasons for k in ("改善多元矛盾纠纷化解机制", "支持政法部分数量", "完成时间"))
    assert rows["资金拨付时限"].text == "2021年12月底前" and not rows["资金拨付时限"].reasons


def test_the_tails_of_level_names_wrapped_down_their_cells_complete_the_names():
    """Seed 002 read back: `荆产出“| 1数量 | 人民调解化解矛盾纠纷数  >1000件` over `指标  指标`
    (the ends of the 一级 and the 二级 cells), `12 质量 | 矛盾纠纷调解成功率` over `指标`: the
    tails complete the 二级 names and never join the 三级."""
    rows = _read_ocr((DATA / "level-tails-002.ocr.txt").read_text(encoding="utf-8"))
    assert [(i.level1.value, i.level2.value) for i in rows[:2]] == [("产出指标", "数量指标"), ("产出指标", "质量指标")]
    assert rows[0].level3.value == "人民调解化解矛盾纠纷数"
    assert rows[1].level3.value.startswith("矛盾纠纷调解成功率")  # (the next row's value top `案关评查` still joins it)
    assert (rows[0].value.number, rows[1].value.number) == (1000, 99)


def test_the_bottom_of_a_wrapped_level3_stays_with_its_row():
    """A line of text alone between two value lines is the bottom of the row above when that row's
    band had a top (seed 002: `对两类人员教育 ,杜绝控龙` / `23 生态效益 | 骨、抓毯子等犯罪行为再出。 |
    -降低` / `现，降低生态破坏率`), or when it is much shorter than the 三级 beside the value (seed 000:
    `…决定给予法律援助  》-oo` / `比率显著提高`); the next row keeps its own 三级. Joined rows are flagged."""
    band = _read_ocr((DATA / "bottom-of-band-002.ocr.txt").read_text(encoding="utf-8"))
    assert [i.level3.value for i in band[-2:]] == ["对两类人员教育杜绝控龙骨抓毯子等犯罪行为再出现降低生态破坏率", "维护社会稳定发展"]
    assert Reason.cell_shifted in band[-2].level3.reasons and not band[-1].level3.reasons
    short = _read_ocr((DATA / "short-bottom-000.ocr.txt").read_text(encoding="utf-8"))
    assert [i.level3.value for i in short[-2:]] == ["县域困难经济群众申请法律援助决定给予法律援助比率显著提高", "完成年度目标任务"]
    assert Reason.cell_shifted in short[-2].level3.reasons


def test_level_names_behind_specks_or_garbled_but_for_their_suffix_part_the_rows():
    """Seed 002 read back: `2和 21 -经济效益 | 选购设备价格要求 | 价格经济实惠` (specks parted from the
    name by one space) and `娶质日指标 | 设备质量 | 允履合格` (a level name garbled but for its 指标):
    the name is read, or dropped as a level, and the row keeps its own 三级 and value, not glued on."""
    glued = _read_ocr((DATA / "glued-levels-002.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in glued if i.level3.value == "选购设备价格要求")
    assert (row.level1.value, row.level2.value, row.value.raw) == ("效益指标", "经济效益", "价格经济实惠")
    garbled = _read_ocr((DATA / "garbled-levels-002.ocr.txt").read_text(encoding="utf-8"))
    assert [(i.level3.value, i.value.raw) for i in garbled[:2]] == [("购买设备数量", "<"), ("设备质量", "允履合格")]


def test_a_row_whose_value_the_ocr_lost_is_not_the_top_of_the_next():
    """Seed 000 read back: `让ROOT | 轴天矛盾纠纷的调不来… | 本` (a speck where 100% stood), its wrap
    `标 | -人一档全覆盖…`, then `质量指标 | 提升办案效率和质量 | 100%`: the two lines are a row of
    their own, flagged for its lost value; the next row keeps its 三级 alone."""
    rows = _read_ocr((DATA / "lost-value-000.ocr.txt").read_text(encoding="utf-8"))
    lost, after = rows[0], rows[1]
    assert lost.value is None and Reason.missing_value in lost.level3.reasons and lost.level3.value.endswith("衔接和管理")
    assert (after.level2.value, after.level3.value, after.value.raw) == ("质量指标", "提升办案效率和质量", "100%")


def test_level2_names_in_doubt_take_the_form_the_document_prints():
    """Seed 002 read back: its forms print the 产出 二级 with 指标 (数量指标) and the 效益 ones without
    (经济效益). In 全区人民调解案件补贴 no 效益 二级 was read whole (`21-经济`, `24 可持` cut, the others
    inferred), while that tree's 产出 names were: the 效益 names take the form the document's other
    trees print, and stay flagged."""
    (scan,) = (ROOT / "eval" / "dev-scans" / "ocr").glob("002_*.ocr.txt")
    (table,) = [t for t in _projects(scan) if t.project.project_name and t.project.project_name.value == "全区人民调解案件补贴"]
    names = {i.level2.value: i.level2.reasons for i in table.project.indicators if i.level2 is not None}
    assert {"数量指标", "经济效益", "可持续影响"} <= names.keys() and "经济效益指标" not in names
    assert names["经济效益"] and names["可持续影响"]


def test_a_level3_its_description_repeats_is_whole_on_its_line():
    """Seed 003 read back: `年初工作计` (the wrap of a 依据 under the header) over `产量指标 | 数量指标 |
    普法宣传次数 | 普法宣传次数 | >6次`: the 三级 the 描述 repeats is printed whole; the line above is
    no part of it."""
    (row,) = _read_ocr((DATA / "described-row-003.ocr.txt").read_text(encoding="utf-8"))
    assert (row.level2.value, row.level3.value, row.value.number) == ("数量指标", "普法宣传次数", 6)


def test_a_row_without_value_keeps_its_description_apart():
    """Seed 003 read back: `社会效益指标 | 网络生态环境 | 网络生态环境 人` (the ≥80百分比 lost to a speck):
    the 三级 is the first cell, the one repeating it its 描述; the row is kept, flagged for its value."""
    rows = _read_ocr((DATA / "described-no-value-003.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level2 is not None and i.level2.value == "社会效益指标")
    assert (row.level3.value, row.value) == ("网络生态环境", None) and Reason.missing_value in row.level3.reasons
    assert row.description.value == "网络生态环境 人"


def _levels_and_values(tables: list[ProjectTable]) -> list[tuple]:
    return [(i.level1.value if i.level1 else None, i.level2.value if i.level2 else None, i.level3.value,
             i.value.raw if i.value else None) for t in tables for i in t.project.indicators]


def test_a_one_cell_per_line_table_without_its_blank_lines_reads_as_with_them(tmp_path):
    """Seed 003 prints its tables a cell a line, records parted by blank lines; printed on a page and read
    back (PP-OCR, a ruled row a line) the blank lines are gone, only its empty cells (`\\t`) stay: the
    header stacked over six rows is one header again and every indicator comes out as from the clean text."""
    (seed,) = (ROOT / "examples" / "seeds").glob("003_*.txt")
    path = tmp_path / seed.name
    path.write_text("\n".join(line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()
                              or line.startswith("\t")), encoding="utf-8")
    clean, printed = _projects(seed), _projects(path)
    assert len(printed) == len(clean) == 13
    assert _levels_and_values(printed) == _levels_and_values(clean) and len(_levels_and_values(clean)) > 100
    assert [t.project.project_code.value for t in printed] == [t.project.project_code.value for t in clean]


def test_a_value_glued_to_its_level3_by_ocr_is_parted_at_its_operator(tmp_path):
    """Seed 002's 水电费 table prints each value in its 三级's cell after a space (`本年度保障月份 =12个月`);
    OCR drops the space, or spaces the value inside (`单位职工满意度≥ 95 %`): the values are read as
    from the printed cells, flagged as inferred."""
    (seed,) = (ROOT / "examples" / "seeds").glob("002_*.txt")
    text = seed.read_text(encoding="utf-8")
    glued = re.sub(r"(?<=[\u4e00-\u9fff)）]) +(?=[=≥≤<>])", "", text)
    glued = glued.replace("单位职工满意度 ≥ 95 %", "单位职工满意度≥ 95 %")
    assert glued.count("本年度保障月份=12个月") == 1
    path = tmp_path / seed.name
    path.write_text(glued, encoding="utf-8")
    (clean,), (read,) = ([t for t in _projects(p) if t.project.project_name.value == "水电费"] for p in (seed, path))
    values = [(i.level3.value, i.value.operator, i.value.number, i.value.text) for i in read.project.indicators]
    assert values == [(i.level3.value, i.value.operator, i.value.number, i.value.text) for i in clean.project.indicators]
    assert ("本年度保障月份", Operator.eq, 12.0, None) in values and ("单位职工满意度", Operator.ge, 95.0, None) in values
    assert all(Reason.column_inferred in i.value.reasons for i in read.project.indicators)


def test_an_operator_cell_ocr_read_as_a_numeral_is_read_as_equals_and_flagged(tmp_path):
    """Seed 004 prints operator, number and unit in cells of their own (`= | 100 | %`); PP-OCR reads a
    lone `=` as 二 or 三: the value is read as `=` and flagged, never dropped nor taken as text."""
    (seed,) = (ROOT / "examples" / "seeds").glob("004_*.txt")
    text = seed.read_text(encoding="utf-8")
    path = tmp_path / seed.name
    # every lone = before a number read as 二, one as 三: those of rows printed out of line too
    # (`| | 矫正助理补助标准 | = | 300 |`, its 三级 under 二级指标 and its = under 三级指标)
    changed = re.sub(r"\t=\t(?=\d)", "\t二\t", text.replace("\t=\t100\t%", "\t三\t100\t%", 1))
    path.write_text(changed, encoding="utf-8")
    read = [(n, i.level3.value, i.value) for n, t in enumerate(_tables(path)) for i in t.indicators if i.value]
    clean = [(n, i.level3.value, i.value) for n, t in enumerate(_tables(seed)) for i in t.indicators if i.value]
    assert [(t, l, v.operator, v.number, v.unit) for t, l, v in read] == [(t, l, v.operator, v.number, v.unit)
                                                                          for t, l, v in clean]
    doubted = [(v.raw, Reason.number_ambiguous in v.reasons) for (_, l, v), (*_, w) in zip(read, clean) if v.raw != w.raw]
    assert len(doubted) == len(re.findall(r"\t=\t(?=\d)", text)) and all(flag for _, flag in doubted)
    assert ("三 100 %", True) in doubted and ("二 300 元/人/月", True) in doubted  # shown as printed, flagged


def _tables(path: Path):
    """The indicator tables of a document: its projects' and its department's, in order."""
    result = extract_file(path)
    assert result.doc is not None, result.error
    return [t.project if t.kind is TableKind.project_performance else t.department for t in result.doc.tables
            if t.kind in (TableKind.project_performance, TableKind.department_performance)]


def test_a_level3_named_like_its_level2_beside_the_description_repeating_it():
    """Seed 003 read by tesseract: `一|服务对家满意度  本  本  50百分 | 服务对旬` over `满意度指标  指标
    服务对象满意度  服务对象满意度  比  占比`: the second 服务对象满意度 is the 描述 repeating the 三级, so the
    first is the 三级 as well as the 二级, not a 二级 printed twice; what it reads as a value (`占比`,
    where a rate is measured) and the figure beside the fragment `本` above it are doubted."""
    (table,) = _projects(DATA / "satisfaction-named-like-level2-003.ocr.txt")
    rows = table.project.indicators
    named = [i for i in rows if i.level3.value == "服务对象满意度"]
    assert len(named) == 1 and named[0].level2.value == "服务对象满意度"
    assert named[0].value is not None and Reason.illegible in named[0].value.reasons
    fragment = next(i for i in rows if i.level3.value == "本")
    assert fragment.value.raw == "50百分" and Reason.illegible in fragment.value.reasons


def test_a_department_tree_with_wrapped_cells_and_a_deadline_column():
    """A 辽宁-style 部门整体 tree written for the test (一级 | 二级 | 三级 | 指标解释 | 指标值 |
    完成时限), printed by ../shared/tools/scan.py in WenQuanYi Zen Hei at 240 dpi: every 三级 and
    指标解释 cell wraps over two lines, the one-line cells (levels, value) read with the second, and
    the 完成时限 wraps too (`2022征` / `12月`). The date pieces are the deadline, never values
    (each would close a row of its own); the top line's pieces join their columns; a 二级 of no
    vocabulary (重点工作履行情况) is read by its column, with doubt."""
    rows = _read_ocr((DATA / "department-wrapped-dated.ocr.txt").read_text(encoding="utf-8"))
    first = rows[0]
    assert (first.level1.value, first.level2.value) == ("履职效能", "重点工作履行情况")
    assert Reason.column_inferred in first.level2.reasons
    assert (first.level3.value, first.value.raw) == ("重大动物疫病强制免疫应免责请免疫密度", ">90%")
    assert first.description.value.startswith("全有应免调禽中已按规定完成强制免疫的数")
    assert first.deadline.value == "2022征12月" and Reason.ocr_doubt in first.deadline.reasons  # (its 年 misread)
    assert not [i.value.raw for i in rows if i.value and re.search(r"20\d\d|月", i.value.raw)]
    budget = next(i for i in rows if i.value and i.value.raw == "<5%")
    assert budget.level3.value == "结转结余资金占当年部门预算资金的比例"  # its top line, not the row above's bottom


def test_a_value_glued_to_its_deadline_is_parted_from_it():
    """Tesseract glues a narrow 指标值 cell to the 完成时限 beside it (`=0%2021年12月`): the value
    is `=0%`, the date its deadline."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值  完成时限\n"
                     "预算执行  预算调剂  年度预算调剂率  =0%2021年12月\n"
                     "预算执行  结转资金  结转资金占比  ≤10%  2021年12月\n"
                     "预算执行  结余资金  结余资金上缴率  =100% 2021年12月\n")
    assert [(i.level3.value, i.value.raw, i.deadline.value) for i in rows] == [
        ("年度预算调剂率", "=0%", "2021年12月"), ("结转资金占比", "≤10%", "2021年12月"), ("结余资金上缴率", "=100%", "2021年12月")]


def test_a_value_wrapped_in_its_narrow_cell_is_joined_and_lone_years_are_dates():
    """The tree of tests/data/department/task_headings.txt printed by ../shared/tools/scan.py in WenQuanYi
    Zen Hei at 180 dpi: the 指标值 cell wraps (`=9` over `5%`, `>9` over `0%`), its rest on the line
    holding the band's levels and the 三级 and 指标解释 going on; the 完成时限 wraps into a year on a
    line of its own (`2023`: a date's piece, not the end of the table) and a month OCR misread
    (`生12`, `全12`, or a character alone after the value)."""
    rows = _read_ocr((DATA / "department-wrapped-values.ocr.txt").read_text(encoding="utf-8"))
    first = rows[0]
    assert first.value.raw == "=95%" and first.level3.value.endswith("接种工作按照规定程序全面完成")
    budget = next(i for i in rows if i.value and i.value.raw == ">90%")
    assert (budget.level1.value, budget.level3.value) == ("管理效率", "部门预算资金按照序时进度执行到位")
    assert Reason.illegible in budget.level1.reasons  # `寡理效率`, read as 管理效率
    assert rows[-1].level1.value == "可持续性"  # the tree read to its end, past the lone years
    assert not [i.value.raw for i in rows if i.value and re.search(r"20\d\d|月", i.value.raw)]


def test_a_compound_unit_cut_by_its_wrap_is_joined_or_flagged():
    """tests/data/department/compound_units.txt printed by ../shared/tools/scan.py in WenQuanYi Zen Hei at
    180 dpi: `≤20元/人/月` wraps in its narrow cell (`<20元 | /` over `人/月`): the grid's pieces and the
    rest on the next line are one value again. A unit left ending in a slash (`=300人/`, its 元 and 月
    on other lines) is a unit cut short: flagged, never read as exact."""
    rows = _read_ocr((DATA / "department-compound-units.ocr.txt").read_text(encoding="utf-8"))
    cost = next(i for i in rows if i.value and i.value.raw.startswith("<20"))
    assert (cost.level3.value, cost.value.raw, cost.value.unit) == ("结转结余资金规模控制在合理范围以内四四", "<20元/人/月", "元/人/月")
    (cut,) = _read_ocr("一级指标  二级指标  三级指标  指标值\n产出指标  成本指标  矫正助理补助标准  =  300 |人/\n")
    assert cut.value.unit == "人/" and Reason.illegible in cut.value.reasons


def test_a_band_whose_value_line_is_its_top_takes_the_line_under_it():
    """tests/data/department/value_on_top.txt printed by ../shared/tools/scan.py in AR PL UMing at 180 dpi:
    each row wraps over two lines and OCR reads its value and date with the top one (`-0 | 2021征`), the
    bottom line holding the rest of the date (`1朝`, `:2`, `:2有`: 12月 misread), of the texts and of a
    garbled value. That line is the row's own, not the next row's top; the levels of a 一级 | 二级 of no
    vocabulary are read by their columns, a garbled 一级 cell left to the account."""
    rows = _read_ocr((DATA / "department-value-on-top.ocr.txt").read_text(encoding="utf-8"))
    assert [i.level3.value for i in rows[:3]] == [
        "年度执行中不发生预算科目之问的调庆确需调剂的严格按照规定程序报批后执行",
        "上年年底以前形成的结转资金全部编入末年度部门巴算统筹安排使用",
        "本年年底以前形成的结余资金全部枕照规定申报上缴同级财政"]
    assert rows[0].level2.value == "预放调放" and Reason.column_inferred in rows[0].level2.reasons
    assert [i.deadline.value for i in rows[:3]] == ["2021征1朝", "2021征:2", "2021征1明"]
    assert all(Reason.cell_shifted in i.value.reasons for i in rows[:5])  # every joined row read with doubt


def test_a_whole_date_after_the_value_is_its_deadline():
    """A 完成时限 whose heading OCR garbled (`成` / `时`) still prints whole dates after the values, the value's
    operator, number and unit in cells of their own (`= | 0 | % | 2021年12月`, `2o21年12月` with 0 read as o):
    the date is the deadline, never part of the value."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值  成\n"
                     "管理效率  目标  政府采购管理违法违规行为发生次数   =   0   %   2021年12月\n"
                     "社会效应  社会效益  在职人员控制率   ≤   100   % | 2o21年12月\n")
    assert [(i.value.raw, i.deadline.value) for i in rows] == [("=0%", "2021年12月"), ("≤100%", "2o21年12月")]


def test_a_word_value_between_the_dashes_of_blank_operator_and_unit_columns_is_the_value():
    """Seed 004 read back (dev-scans): `深化司法行政体制改革 | - | 长期 | - | 2021年12月`, the form's
    指标性质 and 度量单位 columns blank (dashes) around a word value. The word is the value, the cell
    before the dashes the 三级, not a 二级 followed by a 三级 `长期`."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值  成\n"
                     "可持续性            体制改革            法律援助对象满意度                                  95                                                 %         2021年12月\n"
                     "深化司法行政体制改革                     -              长期                  -   2021年12月\n")
    last = rows[-1]
    assert (last.level2.value, last.level3.value, last.value.raw) == ("体制改革", "深化司法行政体制改革", "长期")
    assert last.value.text == "长期" and last.deadline.value == "2021年12月"


def test_rows_a_lost_date_and_a_glyph_for_an_operator_leave_apart_stay_apart():
    """Seed 004 read back (dev-scans), a department form: `运行成本 | 成本控制成效 | 三公”经费变动率 | 入 | 0`
    lost its date; `入 | 0` (≤ read as a character, then the figure) is no date's piece with a misread 年
    (no month 0), so the row closes on its own, 一级 | 二级 | 三级 read by their columns (words of no
    vocabulary, after a row under another 一级), not glued to the next row's 三级. The next row's date,
    0 read as o (`2o21年12月`), is its deadline, no part of the value."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值  完成时限\n"
                     "目标双平             目标                   政府采购管理违法违规行为发生次数                                 =                                   0                                                   %         2021年12月\n"
                     "运行成本                             成本控制成效       三公”经费变动率        入 |0\n"
                     "社会效应     社会效益     在职人员控制率                             芯               100                     % | 2o21年12月\n")
    cost, staff = rows[1], rows[2]
    assert (cost.level1.value, cost.level2.value, cost.level3.value) == ("运行成本", "成本控制成效", "三公”经费变动率")
    assert Reason.column_inferred in cost.level1.reasons and cost.value.number == 0
    assert (staff.level1.value, staff.level2.value, staff.level3.value) == ("社会效应", "社会效益", "在职人员控制率")
    assert (staff.value.raw, staff.deadline.value) == ("100%", "2o21年12月")


def test_a_level2_of_its_own_words_printed_again_is_no_new_level1():
    """A department form (levels of its own words, 一级 merged down its rows): `成本控制成效 | 在职人员 | 控制率`
    under `运行成本 | 成本控制成效 | 三公经费变动率`. Three texts before the value, but the first names the tree's
    二级 again: no new 一级 read by its column; the 三级 is the rest, in doubt."""
    rows = _read_ocr("一级指标    二级指标        三级指标                  指标值     完成时限\n"
                     "运行成本    成本控制成效    三公经费变动率            ≤0%        2021年12月\n"
                     "            成本控制成效    在职人员    控制率        ≤100%      2021年12月\n")
    staff = rows[1]
    assert (staff.level1.value, staff.level2.value, staff.level3.value) == ("运行成本", "成本控制成效", "在职人员控制率")
    assert staff.value.raw == "≤100%" and Reason.cell_shifted in staff.value.reasons


def test_a_character_of_its_own_in_the_operators_place_puts_the_value_in_doubt():
    """A form printed in Noto Sans CJK TC at 200 dpi and read back: `新建供水工程 | 之 | 12 | 处` (≥ 12 处, the ≥
    of the 指标性质 column read as 之). No operator leads the figure and a character no value prints stands
    where the operator stands: the value is read in doubt, not a plain 12. A qualifier there (`约`) is none."""
    rows = _read_ocr("一级指标      二级指标              三级指标          指标性质 ”| 指标值 “| 度量单位| 完成时限\n"
                     "产出指标      数量指标              新建供水工程      之              12 | 处         2022年12月\n"
                     "产出指标      质量指标              工程验收合格率     =              100 |%         2022年12月\n")
    built, passed = rows
    assert built.value.number == 12 and Reason.cell_shifted in built.value.reasons
    assert passed.value.raw == "=100%" and not passed.value.reasons


def test_a_level3_with_its_unit_and_date_but_no_figure_is_a_row_of_its_own():
    """Seed 004 read back (dev-scans): `补助资金按时发放率 % 2021`, the figure of `≥ 100 %` lost, the date's
    year after the unit. The line printed its row's date: the row ends there (its value what is left, in
    doubt), and the next 三级 wrapped beside its value (`县直人民调解 | = 1500 元/人/` over `员补助标准 | 月`)
    is a row of its own, not the bottom of this one's."""
    rows = _read_ocr(
                     "-级指标               二级指标 “| 三级指标                                                                                                                  计划完成时限\n"
                     "产出指标 | 支持政法部分数量                                                        了 2021年12\n"
                     "矛盾纠纷化解成功率                                                            2 2 % 2021\n"
                     "补助资金按时发放率 % 2021\n"
                     "\n"
                     "县直人民调解 | = 1500 元/人/\n"
                     "\n"
                     "效益指标 | 成本指标                                                                                                       员补助标准       月 2021年12月\n")
    lost = next(i for i in rows if i.level3.value.startswith("补助资金"))
    assert lost.level3.value == "补助资金按时发放率" and Reason.illegible in lost.value.reasons
    cost = next(i for i in rows if "调解员补助" in i.level3.value)
    assert (cost.level3.value, cost.value.raw) == ("县直人民调解员补助标准", "= 1500 元/人/月")


def test_the_top_halves_of_a_wrapped_level3_and_word_value_join_the_cells_under_them():
    """Seed 004 read back (dev-scans), 社区矫正经费: `维护全县 | 效果` over `效益指标 | 社会效益指标 | 稳定大局 |
    明显 | 有`, the 三级 and the word value both wrapped in their narrow cells, the level cells' tops garbled
    on the line above (`本四 | 半生汪`). The halves stand column over column: the row is 维护全县稳定大局 |
    效果明显 under the levels its line names, not the tails of the row above."""
    (scan,) = (ROOT / "eval" / "dev-scans" / "ocr").glob("004_*.ocr.txt")
    project = next(p for p in _projects(scan) if any("矫正助理" in i.level3.value for i in p.project.indicators))
    above = next(i for i in project.project.indicators if "补助标准" in i.level3.value)
    band = next(i for i in project.project.indicators if i.level2 and i.level2.value == "社会效益指标")
    assert above.level3.value == "矫正助理补助标准"
    assert (band.level1.value, band.level3.value, band.value.raw) == ("效益指标", "维护全县稳定大局", "效果明显")


def test_a_row_naming_the_same_level2_whole_again_is_no_band_bottom():
    """A PDF's text layer printing each row's levels: `产出指标 | 时效指标 | 工程完工及时性`, its value lost, under
    `产出指标 | 时效指标 | 工程完工及时率 | 100%`. The 二级 named whole again is the next row's, not the top line's
    named short (`质量` over `质量指标`): the row stays its own, its value missing."""
    rows = _read_ocr("一级指标    二级指标        三级指标                  指标值\n"
                     "产出指标    数量指标        新建供水工程              ≥12处\n"
                     "产出指标    时效指标        工程完工及时率            100%\n"
                     "产出指标    时效指标        工程完工及时性\n"
                     "效益指标    社会效益指标    受益人口                  ≥3000人\n")
    assert [r.level3.value for r in rows] == ["新建供水工程", "工程完工及时率", "工程完工及时性", "受益人口"]
    assert rows[2].value is None and Reason.missing_value in rows[2].level3.reasons


def test_a_whole_row_above_a_level_line_is_no_band_top():
    """A PDF's text layer, a form with a 绩效标准 column of words: `服务响应速度 | 及时 | 计划标准` (levels merged
    from above) over `效益指标 | 社会效益指标 | 市容环境 | 明显改善 | 计划标准`. The last two texts stand column
    over column, but the upper line is a row of its own: the lower's pair is no 三级 and value right after its
    levels, and the upper holds no cell over each level. Both rows stay whole."""
    rows = _read_ocr("一级指标    二级指标        三级指标                      指标值          绩效标准\n"
                     "产出指标    时效指标        服务完成及时性                及时            计划标准\n"
                     "                            服务响应速度                  及时            计划标准\n"
                     "效益指标    社会效益指标    市容环境                      明显改善        计划标准\n")
    assert [(r.level3.value, r.value.text) for r in rows] == [
        ("服务完成及时性", "及时"), ("服务响应速度", "及时"), ("市容环境", "明显改善")]


def test_band_tops_joined_to_the_cells_under_them_are_read_in_doubt():
    """`维护全县 | 效果` over `效益指标 | 社会效益指标 | 稳定大局 | 明显 | 有` is read by the place of its halves
    alone (a whole row of short texts over a level line looks the same): the row is flagged."""
    rows = _read_ocr("一级指标    二级指标        三级指标        指标值\n"
                     "产出指标    数量指标        矫正助理补助标准  = 1500 元\n"
                     "本四        半生汪          维护全县        效果\n"
                     "效益指标    社会效益指标    稳定大局        明显      有\n")
    band = rows[-1]
    assert (band.level3.value, band.value.raw) == ("维护全县稳定大局", "效果明显")
    assert Reason.cell_shifted in band.value.reasons


def test_a_band_under_a_form_printing_its_level2_again_is_one_row():
    """Seed 004 read back (dev-scans), 法律援助经费: the form prints its 二级 column more than once, and the
    三级 wraps in its narrow cell around a value on the band's top line: `质量 | 法律援 | > 800` over
    `质量指标 | 生本 | 质量指标 | 助案件 | 个 2021`. The 二级 printed again (after another column's piece,
    `生本`) is no 三级 text, and the top line, naming the same 二级 short, is the band's top: one row
    法律援助案件 | > 800个 under 质量指标."""
    (scan,) = (ROOT / "eval" / "dev-scans" / "ocr").glob("004_*.ocr.txt")
    project = next(p for p in _projects(scan) if any(i.value and "800" in i.value.raw for i in p.project.indicators))
    row = next(i for i in project.project.indicators if i.value and "800" in i.value.raw)
    assert (row.level2.value, row.level3.value, row.value.raw) == ("质量指标", "法律援助案件", "> 800个")
    assert (row.value.operator, row.value.number, row.value.unit) == (Operator.ge, 800, "个") and row.value.flagged


def test_a_value_centred_above_its_level3_beside_a_level2_of_output_is_that_rows():
    """Seed 002 read back (项目14): `14-成本 | 三300000` over `培 ” | 案件投入总成本 | 冯`: the value of a row
    whose 三级 wrapped below it, beside its 二级 (成本, cut from 成本指标). A 二级 of 产出指标 names a kind of
    output, never one measure: the line is no 三级 named like a level (as `31-服务对象满意度 | ≥98%` is),
    and the 三级 on the line under it is the value's."""
    rows = _read_ocr((DATA / "value-above-level3-002.ocr.txt").read_text(encoding="utf-8"))
    assert [i.level3.value for i in rows[:2]] == ["人民调解化解矛盾纠纷数", "矛盾纠纷调解成功率案关评查"]
    cost = next(i for i in rows if "总成本" in i.level3.value)
    assert (cost.level2.value, cost.level3.value) == ("成本", "案件投入总成本")
    assert (cost.value.raw, cost.value.number) == ("三300000", 300000)
    assert Reason.cell_shifted in cost.level3.reasons  # read over two lines: doubted
    assert not any(i.level3.value.startswith("14-") for i in rows)


def test_the_bottom_of_a_row_whose_value_was_lost_stays_its_own():
    """Seed 002 read back (项目16): `2效益 | 23 .生态“ | 对两关人员…再出 | 本`, its value lost to a speck, over
    `指标 | 效益 | 现，降低生态破坏率 | 相` (the level names' tails and pieces, the 三级's bottom): the bottom
    joins that row, kept without a value and flagged, not the top of the next row's 三级."""
    rows = _read_ocr((DATA / "lost-value-bottom-002.ocr.txt").read_text(encoding="utf-8"))
    ecology = next(i for i in rows if i.level2.value.startswith("生态") and i.level3.value.startswith("对两关"))
    assert ecology.level3.value.endswith("再出现降低生态破坏率") and ecology.value is None
    assert {Reason.cell_shifted, Reason.missing_value} <= set(ecology.level3.reasons)
    last = rows[-1]
    assert (last.level2.value, last.level3.value, last.value.raw) == ("可持续影响指标", "维护社会稳定发展", "持续增强")


def test_a_numbered_level2_garbled_but_for_its_suffix_marks_its_row():
    """Seed 002 read back (项目15): `]3 台指标` is 13-时效指标 with its 1 and 时效 misread. It marks a row of its
    own (`]3 台指标 | 性 | 及时发放`, the 三级's and the value's tops on the line above): the 三级 and the value
    phrase are joined there, and the 成本 row under it keeps its own 三级; the 二级 is inferred, with doubt."""
    rows = _read_ocr((DATA / "garbled-numbered-level2-002.ocr.txt").read_text(encoding="utf-8"))
    timely = rows[2]
    assert (timely.level3.value, timely.value.raw) == ("案件补贴资金发放及时性", "案卷评查完毕后及时发放")
    assert timely.level2.value == "时效指标" and Reason.column_inferred in timely.level2.reasons
    assert Reason.cell_shifted in timely.level3.reasons
    cost = rows[3]
    assert (cost.level2.value, cost.level3.value, cost.value.number) == ("成本指标", "案件投入总成本", 200000)


def test_a_row_whose_level2_the_ocr_made_latin_is_a_row_of_its_own():
    """Seed 002 read back (项目7): no 二级 read exactly (`荆数时指标`, `娶质日指标`), then `ET | 资金支付及时性 | 时`
    (时效指标 as Latin junk, the value `及时` cut to a speck): a row of its own whose value is not read, flagged,
    not the top of `14-成本指标 | 资金投入总成本 | 5703.85`, which keeps its own 三级 and value."""
    rows = _read_ocr((DATA / "garbled-level2-rows-002.ocr.txt").read_text(encoding="utf-8"))
    timely = next(i for i in rows if i.level3.value == "资金支付及时性")
    assert timely.value is None and Reason.missing_value in timely.level3.reasons
    cost = next(i for i in rows if i.level3.value == "资金投入总成本")
    assert (cost.level2.value, cost.value.number) == ("成本指标", 5703.85)


def test_a_unit_wrapped_under_its_figure_ends_the_band_above():
    """Seed 002 read back (项目20): `一 | 本年度预计发” | =350000` over `14-成本指标 | 放工资总金额 | 元`: the 三级
    and the figure's unit wrapped onto the line naming the 二级. The unit alone is no value of a row of its own:
    the two lines are one row, its 三级 and its value joined (flagged), under the 二级 the band names."""
    rows = _read_ocr((DATA / "unit-wrapped-002.ocr.txt").read_text(encoding="utf-8"))
    cost = rows[-1]
    assert (cost.level2.value, cost.level3.value) == ("成本指标", "本年度预计发放工资总金额")
    assert (cost.value.raw, cost.value.number, cost.value.unit) == ("=350000元", 350000, "元")
    assert Reason.cell_shifted in cost.level3.reasons
    assert not any(i.value is not None and i.value.raw == "元" for i in rows)


def test_a_longer_reading_with_latin_junk_does_not_replace_a_level3():
    """Seed 003 read back (项目6): `普法宣传对象满意度 | 普法宣传对象满意度 | >50百分 | 服务天` over
    `ER | 有OO 本各 和 传对象满意度 3 | 瑞` (the 满意度 一级 as Latin junk beside the band's bottom): the line under
    is read as that row's band, but its longer reading, Latin letters in it, does not replace the 三级."""
    rows = _read_ocr((DATA / "latin-junk-under-row-003.ocr.txt").read_text(encoding="utf-8"))
    last = rows[-1]
    assert (last.level3.value, last.value.raw) == ("普法宣传对象满意度", ">50百分")
    assert Reason.cell_shifted in last.level3.reasons


def test_a_unit_alone_after_a_figure_with_its_unit_is_the_next_columns_speck():
    """Seed 003 read back: `设立法律顾问 | 设立法律顾问 | 2人 | 人`, the 依据 (年初工作计划) read as `人`:
    the figure carries its unit, so the lone unit after it is no part of the value, nor the value."""
    rows = _read_ocr((DATA / "unit-speck-after-value-003.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level3.value == "设立法律顾问")
    assert (row.value.raw, row.value.number, row.value.unit, row.basis.value) == ("2人", 2, "人", "人")


def test_a_level2_of_four_characters_behind_a_speck_and_garbled_once_is_read():
    """Seed 002 read back: `区生态履益 | 群众对法律法规知晓率 | 经济明显好转` (23-生态效益, its numbering read
    as `区`, 效 as `履`): the name is the 二级, in doubt, and the row keeps its 三级 and its value."""
    rows = _read_ocr((DATA / "speck-before-level2-002.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level2.value == "生态效益")
    assert Reason.illegible in row.level2.reasons
    assert row.level3.value.startswith("群众对法律法规知晓率") and row.value.raw == "经济明显好转"


def test_the_rows_atop_a_tree_whose_levels_the_ocr_garbled_take_the_templates_first():
    """Seed 002 read back: `和和| :4才昌指标 | 法律援助受理案件数 | >=300件` (1-产出指标 | 11-数量指标 garbled)
    over `12 质量指标 | …`: the first row stands under 产出指标, the template's first 一级, and, its
    neighbour being the template's second 二级, under 数量指标, both inferred and in doubt."""
    first, second = _read_ocr((DATA / "garbled-first-row-002.ocr.txt").read_text(encoding="utf-8"))
    assert (first.level1.value, first.level2.value, first.level3.value) == ("产出指标", "数量指标", "法律援助受理案件数")
    assert Reason.column_inferred in first.level1.reasons and Reason.column_inferred in first.level2.reasons
    assert (second.level1.value, second.level2.value) == ("产出指标", "质量指标")


def test_rules_and_specks_where_a_value_stood_are_no_value():
    """Seed 000 read back: a band's top `提升矛盾纠纷化解成功率，无民转 |、  _。` (the cell's rule read as `_。`)
    over `质量指标 | 刑事件发生 | 》=95%`: `_。` is no value, so the top is the 三级's first half, not a row
    of its own; the same for `购买兼职 | -。` over `数量指标 | 人民调解员服务 | 5稳`."""
    rows = _read_ocr((DATA / "rule-specks-for-values-000.ocr.txt").read_text(encoding="utf-8"))
    assert [(i.level2.value, i.level3.value) for i in rows] == [
        ("数量指标", "购买专职人民解员服务购买兼职人民调解员服务"), ("质量指标", "提升矛盾纠纷化解成功率无民转刑事件发生"),
        ("时效指标", "全年坚持排查化解矛盾纠纷")]
    assert rows[1].value.raw == "》=95%" and Reason.cell_shifted in rows[1].level3.reasons


def test_a_piece_under_a_value_phrase_beside_a_short_level3_is_the_values_bottom():
    """Seed 000 read back: `质量指标 | 刑满释放安置率 | 有困难的随时` over `救助` (the line's place lost): the
    三级 line is short of the widest the tree printed, so it did not wrap; the piece ends the value, in doubt."""
    rows = _read_ocr((DATA / "value-bottom-000.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level2.value == "质量指标")
    assert (row.level3.value, row.value.raw) == ("刑满释放安置率", "有困难的随时救助")
    assert Reason.cell_shifted in row.value.reasons


def test_the_tail_of_a_wrapped_level2_under_its_top_is_no_level1():
    """Seed 003 read back: `本 | 人员工人支付及 | …| 100百分 | 年初工作计` (时效指标's top read as `本`) over
    `效指标 | 时性 | 员工资费用 | 比 | 划`: `效指标` is the 二级's tail, not 效益指标; the pieces end the row's
    cells, and the next row stays under 产出指标."""
    rows = _read_ocr((DATA / "level2-tail-003.ocr.txt").read_text(encoding="utf-8"))
    timely, cost = rows[-2:]
    assert (timely.level2.value, timely.level3.value, timely.value.raw) == ("时效指标", "人员工人支付及时性", "100百分比")
    assert (cost.level1.value, cost.level2.value) == ("产出指标", "成本指标")


def test_a_band_top_that_inferred_the_level2_does_not_move_the_next_line_on():
    """Seed 003 read back: `条的成 | … | 辐 | -` (成本指标's top, garbled: its 二级 inferred, no value read) over
    `本 | 工作开展所需的成本 | … | <100百分`: the second garbled piece is the same 二级's, not the next one in the
    template's order (经济效益指标, under 效益指标)."""
    rows = _read_ocr((DATA / "band-top-inferred-level2-003.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level3.value == "工作开展所需的成本情况")
    assert (row.level1.value, row.level2.value, row.value.raw) == ("产出指标", "成本指标", "<100百分比")


def test_a_value_glued_to_its_level3_behind_the_ocrs_numeral_for_at_least_is_parted():
    """Seed 002 read back: `23-生态效益 | 无纸化数据 二 60%` (≥ read as `二`, one space from the 三级) over
    `处理率`: the value is parted from the 三级 at the numeral before its figure, read as ≥ and doubted."""
    rows = _read_ocr((DATA / "merged-garbled-operator-002.ocr.txt").read_text(encoding="utf-8"))
    row = next(i for i in rows if i.level2.value == "生态效益")
    assert row.level3.value == "无纸化数据处理率"
    assert (row.value.operator, row.value.number, row.value.unit) == (Operator.ge, 60, "%")
    assert Reason.number_ambiguous in row.value.reasons


def test_a_faces_operator_glyphs_are_read_as_the_operator_their_rows_imply():
    """Seed 003 printed in Noto Serif and read back, one cell per line (eval/dev-scans-serif): ≥
    is read `过`, `盖` or `之`, ≤ `和`. Each glyph stands before three or more values of the
    document and their rows agree on what it means (a rate short of 100% is a floor, a cost a
    ceiling), so it is read as that operator, the print kept in `raw`, flagged; `委` before two
    counts is only flagged. No value of them passes unflagged, and the 依据 after each value
    (年初工作计划) is no part of the next row's 三级."""
    projects = _projects(DATA / "glyph-operators-serif-003.ocr.txt")
    assert len(projects) == 3
    values = [i for p in projects for i in p.project.indicators]
    assert len(values) == 27 and all(i.value is not None and i.value.flagged for i in values)
    assert not any("年初工作" in i.level3.value for i in values)
    first = projects[0].project.indicators
    rate, cost = first[0], first[3]
    assert (rate.level3.value, rate.value.raw, rate.value.operator, rate.value.number, rate.value.unit) == (
        "案件结案率(%)", "过80百分比", Operator.ge, 80, "%")
    assert (cost.value.raw, cost.value.operator, cost.value.number) == ("和100百分比", Operator.le, 100)
    assert Reason.ocr_doubt in cost.value.reasons and Reason.number_ambiguous in cost.value.reasons
    counts = [i for i in values if i.value.raw == "委100人"]
    assert len(counts) == 2 and all(i.value.operator is None and i.value.number == 100 for i in counts)
    assert {i.value.raw[0] for i in values if i.value.operator is Operator.ge} == {"过", "盖", "之"}


def test_a_rare_glyph_is_read_as_the_operator_its_own_row_implies():
    """Seed 002 in Noto Sans Mono 170 dpi: ≥ and ≤ came out as many glyphs, each before a value or two
    (`委250000元` for a cost, `艺95%` for a rate, `这300万元`): none stands before enough values for the
    document to settle it, yet each stands where an operator stands. A cost's reads ≤, a rate short of its
    bounds' ≥ (`_operator_cue`), in doubt with the print in `raw`; a row whose words imply nothing keeps none."""
    def ind(level2, level3, raw):
        p = parse_indicator_value(raw, ocr=True)
        return Indicator(level2=Text(raw=level2, value=level2), level3=Text(raw=level3, value=level3),
                         value=IndicatorValue(raw=raw, operator=p.operator, number=p.number, unit=p.unit))

    cost, rate, loss = (ind("成本指标", "项目投入总成本", "委250000元"), ind("质量指标", "矛盾纠纷调解成功率", "艺95%"),
                        ind("经济效益", "法律援助挽回经济损失", "这300万元"))
    settle_operator_glyphs([[cost, rate, loss]])
    assert [(i.value.operator, i.value.raw) for i in (cost, rate, loss)] == [
        (Operator.le, "委250000元"), (Operator.ge, "艺95%"), (None, "这300万元")]
    assert Reason.ocr_doubt in cost.value.reasons and Reason.ocr_doubt not in loss.value.reasons
    stray = ind("成本指标", "项目投入总成本", "委250000元")  # one glyph in a document: no face's, a word maybe
    settle_operator_glyphs([[stray]])
    assert stray.value.operator is None


def test_doubled_marks_and_a_qualifier_before_a_figure_are_doubted_in_a_glyph_document():
    """Seed 003's projects 7 and 8 printed in Noto Serif CJK at 150 dpi and read back by tesseract: ≥ came
    out as `>>` (`>>95百分比`) and ≤ as `达` (`达2人`), beside the face's glyphs (`之90百分比`). The figure
    after two marks is read and doubted, not left in a text; `达2人` is a qualifier's word or a glyph:
    doubted in such a document. No value of the two trees passes unflagged."""
    projects = _projects(DATA / "doubled-marks-serif150-003.ocr.txt")
    values = {i.level3.value: i.value for p in projects for i in p.project.indicators}
    doubled = values["专项资金投入产出效益"]
    assert (doubled.raw, doubled.number, doubled.unit) == (">>95百分比", 95, "%")
    assert Reason.number_ambiguous in doubled.reasons
    assert values["社区矫正人元托管数(人)"].raw == "达2人" and values["社区矫正人元托管数(人)"].flagged
    assert all(v is not None and v.flagged for v in values.values())


def test_a_text_right_before_a_value_is_the_next_row_s_level3_not_the_依据_above():
    """Seed 003's project 9 printed in Noto Serif CJK at 150 dpi, one cell a line: tesseract lost the 依据
    of 专项资金投入产出效益, and the next row's 二级 and 描述, leaving `笃100百分比 | 创新工作完成率 |
    80百分比`. The text before a value is that row's 三级, not the row above's 依据, so the row is read
    (its value, not the next row's 描述)."""
    (table,) = _projects(DATA / "lost-basis-before-row-serif150-003.ocr.txt")
    rows = {i.level3.value: i for i in table.project.indicators}
    assert len(rows) == 9
    lost = rows["专项资金投入产出效益"]
    assert lost.value.raw == "笃100百分比" and lost.basis is None
    row = rows["创新工作完成率"]
    assert (row.value.raw, row.value.number, row.basis.value) == ("80百分比", 80, "年初工作计划")
    assert rows["生态环境质量改善"].description.value == "生态环境质量改善"


def test_a_one_cell_per_line_tree_with_an_ocr_s_marks_is_read_as_ocr():
    """The 湘潭 page (field case, pipe cells) printed in Noto Serif and read back by tesseract: still one
    cell per line, but `>8OM` holds an OCR's marks (O for 0, > for ≥ without its bar): the tree is read as
    OCR, ≥80 M in doubt, not `>8` of a unit `OM` that passes unflagged."""
    (table,) = _projects(DATA / "pipe-cells-one-per-line.serif.ocr.txt")
    (row,) = [i for i in table.project.indicators if i.level3.value == "雾炮车风炮射程"]
    assert (row.value.operator, row.value.number, row.value.unit) == (Operator.ge, 80, "M")
    assert row.value.flagged and row.value.raw.strip() == ">8OM"


def test_a_letter_for_a_digit_is_never_a_unit_or_a_plain_text():
    """`8OM`, `三8OM` read without the OCR forms: the O is a 0, no unit starts so; in doubt."""
    assert parse_indicator_value(">8OM").ambiguous and parse_indicator_value("三8OM").ambiguous
    assert not parse_indicator_value("80M").ambiguous and not parse_indicator_value("10 ml").ambiguous


def test_a_numbered_level2_garbled_past_its_first_two_characters_is_a_row_of_its_own():
    """Serif scan of seed 002: `2生态M莹 | 无 | 无` is 23-生态效益 with a digit of its numbering lost and its tail
    garbled (the 二级 its first two characters start), and the line `二` under it a rule's reading: the row is its own
    (三级 无, value 无), not the bottom of `单位职工工作积极性`, which keeps its 三级."""
    rows = _read_ocr((DATA / "garbled-level2-tail-serif-002.ocr.txt").read_text(encoding="utf-8"))
    social = next(i for i in rows if i.level2.value == "社会效益")
    assert (social.level3.value, social.value.text) == ("单位职工工作积极性", "提高")
    ecology = next(i for i in rows if i.level2.value == "生态效益")
    assert (ecology.level3.value, ecology.value.raw) == ("无", "无")


def test_a_level_numbering_read_with_a_bracket_for_its_1_names_the_level():
    """Serif scan of seed 002: `]4-成本指标 | 案件投入总成本 | > 200000`, 14 read as `]4`: the 成本 row under its own
    二级, not a wrap of the 时效 row above."""
    rows = _read_ocr((DATA / "bracket-numbering-serif-002.ocr.txt").read_text(encoding="utf-8"))
    cost = next(i for i in rows if i.level3.value == "案件投入总成本")
    assert cost.level2.value == "成本指标" and cost.value.number == 200000
    assert Reason.number_ambiguous in cost.value.reasons  # `>` may be a ≥ that lost its bar


def test_a_row_whose_value_is_lost_to_a_character_ending_its_wraps_bottom_is_its_own():
    """Serif scan of seed 000: `无因矛后纠纷…群体性械` over `斗、非正常死亡…等事件 | 的` (the value `0` read as `的`
    beside the wrap's bottom line) is a row without a value, flagged, not the top of `全年坚持排查化解矛盾纠纷 | 长期`."""
    rows = _read_ocr((DATA / "lost-value-wrap-bottom-serif-000.ocr.txt").read_text(encoding="utf-8"))
    lost = next(i for i in rows if i.level3.value.startswith("无因"))
    assert lost.value is None and Reason.missing_value in lost.level3.reasons
    timely = next(i for i in rows if i.level2.value == "时效指标")
    assert (timely.level3.value, timely.value.text) == ("全年坚持排查化解矛盾纠纷", "长期")


def test_a_value_phrase_under_a_row_without_a_value_is_flagged():
    """Serif scan of seed 000 (项目11): `社区矫正对象未发生影响社会治安事件` wrapped so its top stands on the line of its
    own over `县域社会安全稳定 | 社会治安事件`: that top reads as a row without a value (flagged), and the phrase
    under it, which may have lost it, is flagged too, never passed as read."""
    rows = _read_ocr((DATA / "phrase-under-lost-value-serif-000.ocr.txt").read_text(encoding="utf-8"))
    top = next(i for i in rows if i.level3.value == "社区矫正对象未发生影响")
    assert top.value is None and Reason.missing_value in top.level3.reasons
    stable = next(i for i in rows if i.level3.value == "县域社会安全稳定")
    assert stable.value.text == "社会治安事件" and Reason.cell_shifted in stable.value.reasons


def test_a_numbered_level_with_a_digit_lost_names_the_templates_level_not_a_department_forms():
    """Serif scan of seed 002: `2社会 | 社会矛盾化解率 | >99%` is 22-社会效益 with a digit lost. The 宁夏 template's
    numbering names its own levels: no 一级 of it starts 社会 (the department form's 社会效应 is none), so the name is
    the 二级 it starts, under 效益指标, and the rows after it stay under that 一级."""
    rows = _read_ocr((DATA / "digit-lost-level2-serif-002.ocr.txt").read_text(encoding="utf-8"))
    social = next(i for i in rows if i.level3.value.startswith("社会矛盾化解率"))
    assert (social.level1.value, social.level2.value) == ("效益指标", "社会效益指标")
    assert Reason.illegible in social.level2.reasons
    lasting = next(i for i in rows if i.level3.value == "维护社会稳定发展")
    assert (lasting.level1.value, lasting.value.text) == ("效益指标", "持续增强")


def test_a_lone_digit_numbering_the_next_level2_makes_its_line_a_row_of_its_own():
    """Serif scan of seed 002: `2 | 维护社会稳定发民 | 持续增强` under 效益指标, the `2` what is left of 24-可持续影响
    (its name wrapped onto `续影响` below): a row of its own under the 二级 inferred from the template's order, its
    text value read, not the top of the 满意度 row under it."""
    rows = _read_ocr((DATA / "level2-numbering-digit-serif-002.ocr.txt").read_text(encoding="utf-8"))
    lasting = next(i for i in rows if i.level3.value.startswith("维护社会稳定发"))
    assert (lasting.level2.value, lasting.value.text) == ("可持续影响", "持续增强")
    assert Reason.column_inferred in lasting.level2.reasons
    assert rows[-1].level3.value == "两类人员对此项帮扶教育工作满意度"


def test_a_document_that_prints_operator_glyphs_doubts_its_bare_figures_and_its_greater_thans():
    """Seed 003's first two forms printed in Noto Sans at 150 dpi and read by tesseract: ≥ came out
    `过`, `亏`, `记`, `>` or nothing, ≤ `和` or `系`. Once a document shows such glyphs, none of its
    figures passes unflagged: a figure without an operator (`80百分比`, `50百分比`) may have lost it,
    and `>80百分比` may be ≥ with its bar lost, in every tree of the document."""
    doc = extract_file(DATA / "glyph-operators-sans150-003.ocr.txt").doc
    values = [i.value for t in doc.tables if isinstance(t, ProjectTable) for i in t.project.indicators if i.value]
    assert len(values) >= 15
    assert all(v.flagged for v in values)
    bare = [v for v in values if v.raw.strip() in ("80百分比", "50百分比", ">80百分比")]
    assert len(bare) >= 4 and all(Reason.number_ambiguous in v.reasons for v in bare)


def test_a_figure_whose_row_implies_an_operator_is_doubted_where_the_ocr_lost_most_operators_whole():
    """Seed 003's first two forms printed in Noto Sans at 200 dpi and read by tesseract with `--psm 11`: ≥ came
    out `过` or `之` before two figures and as nothing before the rest (`80百分比`), ≤ `和`. The bare figures
    outnumber the marked ones, so no majority says an operator was lost (`_operator_lost`), and they passed
    unflagged as exact (65 facts of the seed). A rate short of its bounds is a floor by its own words: in a
    document whose OCR breaks operators, such a bare figure is in doubt, read as printed."""
    doc = extract_file(DATA / "operators-lost-whole-sans200psm11-003.ocr.txt").doc
    values = [i.value for t in doc.tables if isinstance(t, ProjectTable) for i in t.project.indicators if i.value]
    bare = [v for v in values if re.fullmatch(r"[1-9]\d百分比", v.raw.strip())]
    assert len(bare) >= 12
    assert all(v.operator is None and v.number < 100 and Reason.number_ambiguous in v.reasons and v.flagged
               for v in bare)


def test_a_value_whose_level2_was_inferred_from_a_cell_naming_no_level_is_doubted():
    """Seed 001's third form printed in Noto Sans at 200 dpi and read by tesseract with `--psm 11` (a word a
    line): the 成本指标 rows' 三级 came out cut in pieces (`社区矫正和` / `安置帮教宣` / `6万` / `传教育`), and
    the pieces standing where a 二级 stands were taken for 二级 names in the template's order (`社区矫正和` read
    as 生态效益指标). The row `安置帮教宣 | 6万` then passed unflagged, its value lost from the gold's
    `社区矫正和安置帮教宣传教育` with no word. A 二级 inferred from a cell that names no level says the row's
    place is not known: its value is in doubt."""
    doc = extract_file(DATA / "level2-from-a-cut-piece-sans200psm11-001.ocr.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    row = next(i for i in table.project.indicators if i.value is not None and i.value.raw == "6万")
    assert (row.level2.raw, Reason.column_inferred in row.level2.reasons) == ("社区矫正和", True)
    assert row.value.flagged and Reason.column_inferred in row.value.reasons


def test_a_level_name_read_as_a_level3_is_doubted_with_its_value():
    """Seed 002's 社区矫正工作经费 form printed in Noto Sans at 200 dpi and read by tesseract with `--psm 11`: the
    二级 cell `23-生态效益` came out on a line of its own between a cut 三级 and its value (`… 杜绝` / `宅龙骨、
    抓蟹子等犯罪` / `23-生态效益` / `=降低`) and was read as a row's 三级 under 社会效益, its value `=降低` passing
    unflagged while the gold's row (`对两类人员教育，杜绝挖龙骨…降低生态破坏率`) was lost. A 三级 is never
    numbered as a level: such a row is doubted, its 三级 and its value."""
    doc = extract_file(DATA / "level-name-as-level3-sans200psm11-002.ocr.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    row = next(i for i in table.project.indicators if i.level3.raw == "23-生态效益")
    assert row.level3.flagged and row.value.flagged
    assert Reason.hierarchy_mismatch in row.level3.reasons and Reason.hierarchy_mismatch in row.value.reasons
    assert not any(Reason.hierarchy_mismatch in i.level3.reasons for i in table.project.indicators if i is not row)


def test_a_value_starting_one_character_into_a_phrase_is_doubted():
    """Seed 002's 行政复议场所规范化建设试点项目 form printed in Noto Sans at 200 dpi and read by tesseract with
    `--psm 11`: the 可持续影响 row's 三级 (`购买设备，提高办案效率，维护社会稳定发展`) came out cut, its value
    `持续增强` before its last line, so the row read 持续增强 as its 三级 and `率,维护社会稳定发展` as its value,
    both unflagged. A cell starting one character into a phrase is a cut cell's rest (as a 三级 so starting
    already was): the row is in doubt."""
    text = (DATA / "value-starting-mid-word-sans200psm11-002.ocr.txt").read_text(encoding="utf-8")
    row = next(i for i in _read_ocr(text) if i.value is not None and i.value.raw.startswith("率,"))
    assert row.level3.value == "持续增强"
    assert Reason.cell_shifted in row.value.reasons


def test_a_row_cut_above_the_line_printing_its_level2_is_doubted():
    """Seed 000's 社区矫正 form printed in Noto Sans at 200 dpi and read by tesseract with `--psm 11`: a 效益指标 row's
    三级 came out on two lines with its 二级 beside the lower one (`社区矫正对象有效管控，降低其重新违法的犯` /
    `低于全区平均水平` / `社会效益指标 〈必填)` / `罪风险，改造成守法公民`), so it was read as two rows: the upper with
    the value and no 二级, unflagged, the lower with the 二级 and no value. A row with no 二级 over one of the same
    一级 with a 二级 and no value is one row cut in two: its value is in doubt."""
    doc = extract_file(DATA / "row-cut-above-its-level2-sans200psm11-000.ocr.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    rows = table.project.indicators
    k = next(k for k, i in enumerate(rows) if i.value is not None and i.value.raw == "低于全区平均水平")
    assert rows[k].level2 is None and rows[k + 1].level2.value == "社会效益指标" and rows[k + 1].value is None
    assert rows[k].value.flagged and Reason.hierarchy_mismatch in rows[k].value.reasons
    assert not any(Reason.hierarchy_mismatch in i.value.reasons for i in rows if i.value is not None and i is not rows[k])


@pytest.mark.parametrize("sep", [" | ", "    "])
def test_a_measure_word_in_its_own_unit_cell_is_the_values_unit(tmp_path, sep):
    """A county form printing 指标性质 | 指标值 | 度量单位 apart, as pipe cells or a text layer's spaced cells:
    `新建供水工程 | ≥ | 12 | 处`. 处, 户 and 辆 are units as 人 and 件 are (a measure word after a count);
    taken for a 依据 the form does not print, the value lost its unit with no flag."""
    rows = [("新建供水工程", "≥", "12", "处"), ("受益农户", "≥", "300", "户"), ("购置运输车辆", "=", "2", "辆"),
            ("受益群众满意度", "≥", "90", "%")]
    lines = ["项目绩效目标表", "项目名称" + sep + "农村饮水安全巩固提升工程",
             sep.join(("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成时限"))]
    lines += [sep.join(("产出指标", "数量指标", *row, "2022年12月")) for row in rows]
    path = tmp_path / "form.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (table,) = [t for t in extract_file(path).doc.tables if getattr(t, "project", None)]
    read = [(i.value.operator, i.value.number, i.value.unit) for i in table.project.indicators]
    assert read == [(Operator.ge, 12, "处"), (Operator.ge, 300, "户"), (Operator.eq, 2, "辆"), (Operator.ge, 90, "%")]
    assert all(i.basis is None for i in table.project.indicators)


def test_a_standard_column_after_the_value_is_the_basis_not_the_value():
    """A tab form in 湘潭's words (`…三级指标 | 指标值及单位 | 绩效标准`, written for the test from the field
    case's headers): 绩效标准 (计划标准, 历史标准) is what the value was set by, printed after it. Unknown as a
    heading, it was read as the value and every figure became a 描述 in doubt (10辆 → 计划标准)."""
    path = Path(__file__).parent / "data" / "indicators" / "standard-column-tab-xiangtan.txt"
    (table,) = [t for t in extract_file(path).doc.tables if getattr(t, "project", None)]
    first, second, *_ = table.project.indicators
    assert (first.level3.value, first.value.number, first.value.unit, first.basis.value) == ("雾炮车降尘抑尘服务配备车辆数", 10, "辆", "计划标准")
    assert (second.value.operator, second.value.number) == (Operator.ge, 80) and not second.value.flagged
    assert {i.basis.value for i in table.project.indicators} >= {"计划标准", "历史标准"}


def test_the_line_over_a_row_of_the_forms_word_for_nothing_is_the_bottom_of_the_row_above():
    """Seed 002 in Noto Sans CJK 150 dpi: `司法局承担的` / `22 -社会效益 | 主责，其中社 | 持续提升` / `会矛盾化解率`
    over `23-生态效益 | 无 | 无`. A row of the form's word for nothing (三级 and value alike) is printed on one line,
    never wrapped: the line over it is the bottom of the 社会效益 row's 三级, not the top of the 无 row."""
    rows = _read_ocr((DATA / "nothing-row-under-wrap-bottom-sans150-002.ocr.txt").read_text(encoding="utf-8"))
    social = next(i for i in rows if i.level2.value == "社会效益")
    assert social.level3.value == "司法局承担的主责其中社会矛盾化解率" and Reason.cell_shifted in social.level3.reasons
    ecology = next(i for i in rows if i.level2.value == "生态效益")
    assert (ecology.level3.value, ecology.value.raw) == ("无", "无")


def test_a_piece_ending_a_level2_read_whole_is_the_bottom_of_the_three_level_not_its_tail():
    """Seed 002 in Noto Sans CJK 150 dpi: `3 满意度 | 31 服务对象满意度 | 人民群众 | >9596` over `指标 | 满意度`. `指标` is
    the tail of the 一级 its line printed cut (`3 满意度`); the 二级 was read whole, so `满意度` under it is no tail of
    it but the bottom of the 三级 wrapped beside the value (`人民群众` / `满意度`)."""
    rows = _read_ocr((DATA / "level2-whole-over-level3-bottom-sans150-002.ocr.txt").read_text(encoding="utf-8"))
    last = rows[-1]
    assert (last.level1.value, last.level2.value, last.level3.value) == ("满意度指标", "服务对象满意度", "人民群众满意度")


def test_a_wrapped_three_levels_short_last_line_ends_it():
    """Serif scan of seed 002 (三级 four characters wide): `12 质量指标 | 协理员要 | -专业对口…` over `求`, then
    `网呈呈王 | 工资发放 | 本本` over `13 时效指标 | 从 | 每月未及时发放`. A wrapped cell's lines are full but its last:
    once `求`, shorter than the cell's full lines, is taken under the 质量 row, its 三级 ends there, and the full line
    under it is the top of the next band (工资发放 of the 时效 row), not more of it."""
    rows = _read_ocr((DATA / "short-wrap-end-serif-002.ocr.txt").read_text(encoding="utf-8"))
    quality = next(i for i in rows if i.level2.value == "质量指标")
    assert quality.level3.value == "协理员要求" and quality.value.raw.startswith("-专业对口")
    timely = next(i for i in rows if i.level2.value == "时效指标")
    assert "工资发放" in timely.level3.value and timely.value.raw == "每月未及时发放"


def test_the_numbered_piece_of_the_next_level1_read_with_a_rule_opens_its_band():
    """Serif scan of seed 002: `率` ends the 可持续影响 row's 三级 (`诉讼的胜诉 | 之90 %` over `率`); the line `3 _潍音 |
    名首位浊` under it begins with the next 一级's number, a rule read as `_` before the piece of its name: it opens the
    满意度 row's band (its 一级 piece no part of the 三级), and the row above keeps its 三级."""
    rows = _read_ocr((DATA / "level1-piece-speck-serif-002.ocr.txt").read_text(encoding="utf-8"))
    lasting = next(i for i in rows if i.level2.value == "可持续影响")
    assert lasting.level3.value == "法律顾问承办案件提起诉讼的胜诉率"
    satisfied = rows[-1]
    assert satisfied.level2.value == "服务对象满意度" and satisfied.level3.value.endswith("服务单位满意度")
    assert "潍音" not in satisfied.level3.value


def test_the_lines_through_a_wraps_short_last_line_are_the_bottom_of_the_row_above():
    """Serif scan of seed 001 (三级 ten characters wide): `响指标 | 建，不断提高执法人员 | 长效` over `依法行政、依法行政水`
    and `平`, then `服务对象` and the 满意度 row's value line. A wrapped cell's lines are full but its last: the lines
    under the 可持续影响 row through `平`, the first short one, are the bottom of its 三级 (its value line full too),
    not the top of the 满意度 row's `群众满意度`."""
    rows = _read_ocr((DATA / "short-bottom-and-level2-top-serif-001.ocr.txt").read_text(encoding="utf-8"))
    lasting = next(i for i in rows if i.level2 and i.level2.value == "可持续影响")
    assert lasting.level3.value.endswith("不断提高执法人员依法行政依法行政水平") and lasting.value.raw == "长效"
    assert "依法行政" not in rows[-1].level3.value


def test_the_top_piece_of_a_level2_wrapped_down_its_cell_names_it():
    """Serif scan of seed 001: `服务对象` over `满意度指标 | 满意度指 | 群众满意度 | >90%`: the line over the one naming
    满意度指标 (and no 二级) holds the top of the vocabulary's 二级 under it, 服务对象满意度指标, wrapped down its cell
    (`满意度指`, `标〈必`, `填)` below): the row's 二级, not the start of its 三级."""
    rows = _read_ocr((DATA / "short-bottom-and-level2-top-serif-001.ocr.txt").read_text(encoding="utf-8"))
    satisfied = rows[-1]
    assert (satisfied.level1.value, satisfied.level2.value) == ("满意度指标", "服务对象满意度指标")
    assert satisfied.level3.value.startswith("群众满意度") and satisfied.value.raw == ">90%"


def test_a_level2_named_again_under_the_line_that_named_it_without_a_value_is_one_band():
    """Seed 002 in Noto Sans CJK 150 dpi: `维护社会稳定` / `-可持续影响 | 、 | 寺续增` / `24-可持续影响 | 发展 | 持续增强`:
    the 二级 named again right under the line that named it and read no value is one band read twice; the upper
    line is the top of the row's 三级, the row's value the lower line's, not a row of its own without a value."""
    rows = _read_ocr((DATA / "nothing-row-under-wrap-bottom-sans150-002.ocr.txt").read_text(encoding="utf-8"))
    lasting = [i for i in rows if i.level2 and i.level2.value == "可持续影响"]
    assert len(lasting) == 1
    assert lasting[0].level3.value.startswith("维护社会稳定") and lasting[0].level3.value.endswith("发展")
    assert lasting[0].value.raw == "持续增强" and Reason.cell_shifted in lasting[0].level3.reasons


def test_a_piece_under_a_value_phrase_narrower_than_the_trees_widest_value_is_the_three_levels():
    """Seed 002 in AR PL UMing 240 dpi: `24-可持续影响 | 维护社会 | 持续增强` over `稳定发展`. The 三级 column is four
    characters wide, so `维护社会` is a full line of it; `持续增强` is far narrower than the values the tree prints
    on one line (`案关评查完毕后及时发`), so that phrase did not wrap: the piece is the bottom of the 三级."""
    rows = _read_ocr((DATA / "short-value-no-wrap-uming240-002.ocr.txt").read_text(encoding="utf-8"))
    lasting = next(i for i in rows if i.level2 and i.level2.value == "可持续影响")
    assert (lasting.level3.value, lasting.value.raw) == ("维护社会稳定发展", "持续增强")


def test_a_level2_garbled_but_for_its_numberings_first_digit_is_inferred_before_a_value_phrase():
    """Seed 002 in AR PL UMing 240 dpi (its header's 二级指标 read `三级指标`): `2可圭续影有 | 维护社会稳定发展 | 持续增强`
    after the 生态效益 row. The first cell keeps the 一级's number (2, 效益指标) before a name the OCR garbled past
    reading, so it stands in the 二级 column: the template's next 二级 (可持续影响) is inferred for it, and the line is
    a row of its own with its text value, not the top of the 满意度 row under it."""
    rows = _read_ocr((DATA / "numbered-garbled-level2-uming240-002.ocr.txt").read_text(encoding="utf-8"))
    lasting = next(i for i in rows if i.level2 and i.level2.value == "可持续影响")
    assert (lasting.level3.value, lasting.value.raw) == ("维护社会稳定发展", "持续增强")
    assert Reason.column_inferred in lasting.level2.reasons
    assert rows[-2].level3.value == "人民和群众对法律援助工"


def test_lines_of_cells_joined_by_a_fixed_gap_are_parted_into_rows_round_their_values():
    """Seed 001 read by RapidOCR (boxes joined by two spaces, an empty cell leaving no gap): the cells wrap over
    lines that interleave (`数量指` / `绩效  标 (必  调查评估建` / `产出指标  ≥200人` / `指标  填硬性  立工作档案`). The 二级
    is the pieces that make a vocabulary name and its annotation, the 三级 the pieces centred on the value, a value
    cut by its cell (`≥9` / `0%`) is joined, and a word the tree prints as a value after a 三级 (`年度内完成`) is one
    on a line of its own too."""
    rows = _read_ocr((DATA / "wrapped-interleaved-rapidocr-001.ocr.txt").read_text(encoding="utf-8"))
    read = [(i.level1.value, i.level2.value, i.level3.value, i.value.raw) for i in rows]
    assert len(read) == 17
    assert read[0] == ("产出指标", "数量指标", "调查评估建立工作档案", "≥200人")
    assert read[3] == ("产出指标", "数量指标", "划拨乡镇村居社区矫正和安置帮教宣传经费", "13个乡镇")
    assert read[5][1:] == ("质量指标", "社区矫正对象警示教育参与度", "≥90%")
    assert read[6][2:] == ("社区矫正再犯罪率", "≤0.3%")
    assert [r[1:] for r in read[7:10]] == [("时效指标", "调查评估按时完成", "年度内完成"),
                                           ("时效指标", "警示教育培训按季度完成", "年度内完成"),
                                           ("时效指标", "重大节假日开展走访帮扶", "年度内完成")]
    assert read[10][1:] == ("成本指标", "划拨乡镇村居社区矫正和安置帮教宣传经费", "49万")
    assert read[14][:2] == ("效益指标", "社会效益指标") and read[14][3] == "≤30人"
    assert read[16] == ("满意度指标", "服务对象满意度指标", "社区矫正对象满意度", "≥90%")
    # joined from where the pieces stand: in doubt; a row printed on one line is not
    assert Reason.cell_shifted in rows[0].level3.reasons


def test_a_level2_on_a_line_of_its_own_between_fixed_gap_rows_heads_no_row():
    """Seed 000 read by RapidOCR: `经济效益指标（选填）` on a line of its own (a row the form left empty) before
    `可持续影响指标(必填)  维护辖区内安全稳定  》=95%`: the row is under the 二级 beside it."""
    rows = _read_ocr((DATA / "empty-level2-rows-rapidocr-000.ocr.txt").read_text(encoding="utf-8"))
    levels = {i.level3.value: (i.level1.value, i.level2.value) for i in rows}
    assert levels["维护辖区内安全稳定"] == ("效益指标", "可持续影响指标")
    assert levels["接受过服务的居民满意度显著提高"] == ("满意度指标", "服务对象满意度指标")
    assert len(rows) == 7 and not any(Reason.cell_shifted in i.level3.reasons for i in rows)


def test_a_numbered_level2_in_fixed_gap_lines_heads_its_row():
    """Seed 002's form (as tesseract read it in Noto Serif) with its cells joined by two spaces: `11 数量指标`,
    `23 生态效益  无  无`: a numbered 二级 heads its row, and is no part of the 三级."""
    text = (DATA / "numbered-level2-fixed-gap.ocr.txt").read_text(encoding="utf-8")
    rows = _read_ocr(text)
    read = {i.level3.value: (i.level2.value, i.value.raw) for i in rows}
    assert read["打造法治文化阵地数量"] == ("数量指标", "=1处")
    assert read["无"] == ("生态效益", "无")
    assert read["维护社会稳定发展"] == ("可持续影响", "持续增强")
    assert read["群众满意度"] == ("服务对象满意度", "≥95%")


def test_word_values_between_the_lines_of_a_wrapped_level3_in_fixed_gap_lines():
    """Seed 001 read by RapidOCR: `群众普法知法意` / `提高` / `识`: a wrapped cell's lines are as wide as its column
    but its last, so a short word between a full line and the cell's short last line is the row's value; a value
    wrapped beside a wrapped 三级 (`根据普法工作需  年度内完` over `要适时开展  成`) is one; the 一级 wrapped left of
    the 二级's piece (`产出指` / `标  标)`) completes its name and no other."""
    rows = _read_ocr((DATA / "word-values-wrapped-rapidocr-001.ocr.txt").read_text(encoding="utf-8"))
    read = [(i.level1.value, i.level2.value, i.level3.value, i.value.raw) for i in rows]
    assert read == [
        ("产出指标", "数量指标", "开展法治宣传教育活动", "12次"),
        ("产出指标", "质量指标", "群众普法知法意识", "提高"),
        ("产出指标", "时效指标", "根据普法工作需要适时开展", "年度内完成"),
        ("产出指标", "成本指标", "开展法治宣传教育活动", "每次10000-30000元"),
        ("效益指标", "社会效益指标", "群众法治知识掌握及普法意识", "持续提升"),
        ("效益指标", "可持续影响指标", "群众法治意识", "长效"),
        ("满意度指标", "服务对象满意度指标", "群众对法治宣传教育工作总体满意度", "≥90%"),
    ]
    assert all(Reason.cell_shifted in i.level3.reasons for i in rows if i.level3.value != "群众法治意识")


def test_a_fixed_gap_tree_with_a_column_more_than_the_plain_form_is_read_line_by_line():
    """Seed 000's department tree with its cells joined by two spaces (as a PDF viewer copies it): under 三级指标 it
    prints two columns (财政政策性绩效目标 | 部门预算绩效目标), and its 一级/二级 names (结转资金, 预算调剂) are no
    vocabulary's, so a line holds three texts before its value. That is not the plain tree the fixed-gap reader
    rebuilds (which had joined every cell into the 三级, the levels lost with no doubt): read line by line, each
    row's 三级 is its own cell and what was guessed is in doubt; the second column (部门预算绩效目标, a 描述 by the
    header's roles) is its 描述, so a row a cell short lost its 一级, not its 描述."""
    rows = _read_ocr((DATA / "department-columns-fixed-gap-000.ocr.txt").read_text(encoding="utf-8"))
    assert [i.value.raw for i in rows] == ["≤10%", "0%", "0%", "0%", "0%"]
    assert (rows[1].level2.value, rows[1].level3.value) == ("结余资金", "2021年底以前结余资金全部申报上缴财政")
    assert rows[1].description.value == "上缴(包括收回)2021年底以前结余资金占部门预算的百分率"
    # levels read by their columns are in doubt, and so is each row whose line's cells were parted among them; a
    # row printing its 三级 and 描述 alone (`2021年执行中不发生预算追加 | …`) carries its levels down
    assert all(Reason.column_inferred in i.level1.reasons and Reason.column_inferred in i.level2.reasons for i in rows)
    assert [Reason.cell_shifted in i.level3.reasons for i in rows] == [True, True, True, False, True]


def test_a_tab_tree_printed_one_cell_a_line_is_read_as_a_stream():
    """Seed 003's first project form with the leading tabs of its one-cell-a-line layout dropped (as text
    pulled out of a word processor may come; `eval/seeds-joined-tab`): its tree's lines hold one cell each in a
    tab-delimited text, and were read as rows of one cell, headings and all, no row with a value (114 values
    lost silently over the document). Read as a stream of cells, as a web page's one-cell-a-line tree is,
    each row has its levels, its 三级 and its value."""
    doc = extract_file(DATA / "one-cell-a-line-no-tabs-003.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    rows = [(i.level2.value, i.level3.value, i.value.raw) for i in table.project.indicators]
    assert rows[0] == ("数量指标", "案件结案率(%)", "≥80百分比") and len(rows) == 9
    assert rows[-1] == ("服务对象满意度指标", "服务满意度", "≥90百分比")


def test_a_tree_read_with_most_rows_valueless_is_in_doubt_not_blank(tmp_path):
    """A form prints a value for its indicators, a few rows left blank at most (seed 000's 社会效益 rows, which
    stay unflagged): a tree read with half its rows or more valueless was not read as printed (seed 003's
    one-cell-a-line form with its tabs dropped was, before it was read as a stream), so each of those rows is
    in doubt (`missing_value`), not a blank. Seed 000's first form with its tree's value cells emptied."""
    seed = Path(__file__).parent.parent / "examples" / "seeds" / "000_83af6fe4b24abd13.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    start = lines.index("表11-1")
    tree = next(i for i in range(start, len(lines)) if lines[i].startswith("一级指标"))
    end = lines.index("表11-2")
    form = lines[start:tree + 1] + ["\t".join(line.split("\t")[:-1]) for line in lines[tree + 1:end]]
    path = tmp_path / "blank-values.txt"
    path.write_text("\n".join(form), encoding="utf-8")
    (table,) = [t for t in extract_file(path).doc.tables if isinstance(t, ProjectTable)]
    blank = [i for i in table.project.indicators if i.value is None]
    assert len(blank) * 2 >= len(table.project.indicators)
    assert all(Reason.missing_value in i.level3.reasons and i.level3.flagged for i in blank)
    printed = [i for t in extract_file(seed).doc.tables if isinstance(t, ProjectTable) for i in t.project.indicators
               if i.value is None]
    assert printed and not any(i.level3.flagged for i in printed)


def test_lines_between_two_value_lines_leave_the_row_above_cut_in_doubt():
    """A form of another county (written for the test, spaced as a text layer gives it) prints its cells
    from the top, so a wrapped 三级's value stands beside its first line (`新建及改造农村供  ≥45公里` /
    `水管网长度`). The reader takes the lines between two value lines as the next row's top (rows centred on
    their values, as the prints show them): the row above may then be cut, its 三级 in doubt, its value no
    less sure. Before, `新建及改造农村供` and `受益群众对供水服` were read cut with no flag."""
    doc = extract_file(DATA / "top-aligned-wrapped-level3.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    rows = {i.level3.value: i for i in table.project.indicators}
    for cut in ("新建及改造农村供", "受益群众对供水服"):
        assert Reason.cell_shifted in rows[cut].level3.reasons and rows[cut].level3.flagged
        assert not rows[cut].value.flagged


def _with_wide_gaps(tmp_path, name: str, *lines: str) -> Path:
    """The test text with some of its lines aligned by two spaces: a text that shows where some cells part (on more
    lines than a stray gap, one in twenty), so its lines whose cells one space joins are read as printed (whole),
    not word by word (`grid.single_spaced`)."""
    text = (DATA / name).read_text(encoding="utf-8")
    path = tmp_path / name
    for line in lines:
        assert line in text
        text = text.replace(line, line.replace(" ", "  ", 1))
    path.write_text(text, encoding="utf-8")
    return path


def test_a_level3_read_with_a_level_name_before_it_is_in_doubt(tmp_path):
    """Seed 000's first project form with its lines' cells joined by single spaces (a reviewer's input). Read word
    by word (no line shows a wider gap), `可持续影响指标（必填） 县域社会安全稳定 》=95%` is the 二级, the 三级 and the
    value. In a text where the line stays one cell (another line shows a wider gap), the row was read with 三级
    `可持续影响指标(必填) 县域社会安全稳定` under the 二级 of the line before (经济效益指标), unflagged. A 三级 led by a
    level's name a space apart holds its row's level cell: the 三级 and the 二级 are in doubt."""
    doc = extract_file(DATA / "level-glued-to-level3-single-spaces-000.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    row = next(i for i in table.project.indicators if i.level3.value == "县域社会安全稳定")
    assert (row.level1.value, row.level2.value, row.value.raw) == ("效益指标", "可持续影响指标", "》=95%")
    path = _with_wide_gaps(tmp_path, "level-glued-to-level3-single-spaces-000.txt", "项目名称 法律援助律师值班补助")
    (table,) = [t for t in extract_file(path).doc.tables if isinstance(t, ProjectTable)]
    glued = [i for i in table.project.indicators if i.level3.raw.startswith("可持续影响指标")]
    assert glued and all(Reason.cell_shifted in i.level3.reasons and i.level3.flagged for i in glued)
    assert all(i.level2 is None or i.level2.flagged for i in glued)


def test_rows_read_with_no_level_are_in_doubt(tmp_path):
    """Seed 004's first project form with its lines' cells joined by single spaces (a reviewer's input). Read word
    by word, every row under `一级指标 二级指标 三级指标 计划完成时限` has its 一级. In a text where each line stays
    one cell (other lines show a wider gap), the header line was read into the first row, and the rows under
    it with neither 一级 nor 二级, unflagged. A form prints its levels: a row read with none lost its level
    cells, so its 三级 is in doubt. The seeds, read whole, have no such row."""
    doc = extract_file(DATA / "no-levels-read-single-spaces-004.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    assert all(i.level1 is not None for i in table.project.indicators)
    row = next(i for i in table.project.indicators if i.level3.value == "乡镇人民调解员人数")
    assert (row.level2.value, row.value.operator, row.value.number, row.value.unit) == ("数量指标", Operator.ge, 56, "人")
    path = _with_wide_gaps(
        tmp_path, "no-levels-read-single-spaces-004.txt", "项目(政策)名称 人民调解工作经费", "主管部门 朝阳县司法局")
    (table,) = [t for t in extract_file(path).doc.tables if isinstance(t, ProjectTable)]
    bare = [i for i in table.project.indicators if i.level1 is None and i.level2 is None]
    assert any(i.level3.value == "乡镇人民调解员人数" for i in bare)
    assert all(Reason.cell_shifted in i.level3.reasons and i.level3.flagged for i in bare)


def test_a_tree_that_prints_no_levels_loses_none():
    """A form whose tree prints no level columns (`三级指标  指标值`, as some counties' forms do): its rows read
    with neither 一级 nor 二级 lost nothing, so they stay unflagged; only a tree that prints levels (its header
    names them, or its other rows have them) puts a row read with none in doubt."""
    doc = extract_file(DATA / "no-level-columns.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    assert [i.level3.value for i in table.project.indicators] == ["保洁面积", "垃圾清运及时率", "群众满意度"]
    assert not any(i.level3.flagged for i in table.project.indicators)


def test_a_level3_that_starts_like_a_level_keeps_its_levels():
    """A 三级 whose first word starts like a level's name (`质量达标率 （按国家标准）`, `满意度调查 覆盖率`: web text
    with tabs, every cell read) holds no level cell: only a level's name as printed (`可持续影响指标（必填）`,
    `22-社会效益`) a space before the 三级 puts the row's cells in doubt."""
    doc = extract_file(DATA / "level3-led-by-level-like-word.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    assert [i.level3.value for i in table.project.indicators][::2] == ["质量达标率 (按国家标准)", "满意度调查 覆盖率"]
    assert not any(i.level3.flagged or i.level2.flagged for i in table.project.indicators)


def test_a_description_printed_after_the_value_is_no_value():
    """A form printing `三级指标 | 指标值 | 指标解释` (its 描述 after the value, web text with tabs): the cell under
    指标解释 is the description, not the value; the values were read from it and the real values taken as
    descriptions, unflagged. A row whose value is blank keeps none, its description its own."""
    doc = extract_file(DATA / "description-after-value.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    rows = table.project.indicators
    assert [i.value and i.value.raw for i in rows] == ["≥50万平方米", None, "明显改善", "≥90%"]
    assert [i.description.value for i in rows] == ["全年城区道路保洁面积", "达到国家标准", "城区市容明显改善", "问卷调查"]


def test_a_description_beside_a_blank_value_is_no_value():
    """`三级指标 | 指标解释 | 指标值` with a row's value cell blank (`保洁质量 | 达到国家标准 | `): the text under
    指标解释 is its description; it had been read as the value, unflagged."""
    doc = extract_file(DATA / "description-before-blank-value.txt").doc
    (table,) = [t for t in doc.tables if isinstance(t, ProjectTable)]
    row = table.project.indicators[1]
    assert row.value is None and row.description.value == "达到国家标准"


def test_a_cell_wrapped_round_the_line_naming_the_row_is_the_value_or_the_three_level_by_its_width():
    """Seed 002 read by RapidOCR: a form printing a 二级 a row, each row's one-line cell on the line naming its 二级
    (the row's middle), the two lines of its other cell round it: `有效防范，得以` / `22-社会效益  维护社会稳定情况` /
    `稳定` (a value wrapped round its 三级) and `各项业务按照合同要求` / `13-时效指标  及时拨付` / `资金拨付及时性`
    (a 三级 wrapped round its value). The wrapped cell is the 三级 where its top is as full as the 三级 column's
    widest line, else the value. Each such row had stood unevenly round what was taken for its value, and the
    tree was read line by line, rows lost."""
    rows = _read_ocr((DATA / "wrapped-round-middle-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = {i.level3.value: (i.level2.value, i.value.raw) for i in rows}
    assert len(rows) == 9
    assert read["各项业务按照合同要求资金拨付及时性"] == ("时效指标", "及时拨付")
    assert read["维护社会稳定情况"] == ("社会效益", "有效防范,得以稳定")
    assert read["保障总金额"] == ("成本指标", ">28505")
    assert read["两类人员对帮教教育工作满意度"] == ("服务对象满意度", "≥ 95%")


def test_cells_of_a_narrow_column_wrapped_round_the_line_naming_the_row():
    """The same form with a narrow 三级 column (four characters a line): `维护社会` / `24-可持续影响  持续增强` /
    `稳定发展` is a 三级 round its value (its top as full as the column's lines), and `指标  满意度` under
    `3-满意度  人民群众` ends the 一级 and then the 三级 (a line names one 一级: `满意度` after it is no other)."""
    rows = _read_ocr((DATA / "narrow-wrapped-round-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = [(i.level1.value, i.level2.value, i.level3.value, i.value.raw) for i in rows]
    assert len(read) == 9
    assert read[7] == ("效益指标", "可持续影响", "维护社会稳定发展", "持续增强")
    assert read[8] == ("满意度指标", "服务对象满意度", "人民群众满意度", "≥95%")
    assert read[2][2:] == ("案件补贴发放及时性", "案卷评查完毕后及时发放")


def test_a_three_level_wrapped_round_its_value_over_lines_of_a_narrow_column():
    """Seed 002 read by RapidOCR with a narrow 三级 column (four characters a line): `购买设` / `备，提高` / `办案效` /
    `24-可持续影响  持续增强` / `率，维护` / `社会稳定` / `发展`: the lines standing alone on both sides of the value
    are the 三级's (a line a character short where the character ending it moved on with its stop, `率，`), not a
    value wrapped beside it. The tree had been read line by line, six rows lost."""
    rows = _read_ocr((DATA / "narrow-level3-wrapped-round-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = [(i.level2.value, i.level3.value, i.value.raw) for i in rows]
    assert len(read) == 9
    assert read[2] == ("时效指标", "根据合同及时供货资金支付情况", "=及时支付")
    assert read[5] == ("社会效益", "购买设备提升办案执法率", "有效提高")
    assert read[7] == ("可持续影响", "购买设备提高办案效率维护社会稳定发展", "持续增强")
    assert read[8] == ("服务对象满意度", "人民群众对司法行政工作满意度", "> 95 %")


def test_a_value_wrapped_round_the_middle_where_both_columns_are_as_wide():
    """Seed 002 read by RapidOCR, its 三级 and value columns both six characters wide: `聘用的社区矫` / `帮助矫正，减` /
    `22-社会效益  正社会工作者` / `少再犯罪` / `对社会的影响`. Widths cannot tell which cell wraps round the middle;
    read as a 三级 round its value, the row's 三级 holds a short line before its last (`少再犯罪`), which a wrapped
    cell never does: read the other way, the value is `帮助矫正，减少再犯罪`."""
    rows = _read_ocr((DATA / "both-columns-alike-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = {i.level3.value: i.value.raw for i in rows}
    assert len(read) == 9
    assert read["聘用的社区矫正社会工作者通过帮教矫正对象从而使犯罪率变动情况"] == "犯罪率逐年下降"
    assert read["聘用的社区矫正社会工作者对社会的影响"] == "帮助矫正,减少再犯罪"


def test_a_unit_wrapped_under_its_figure_round_the_three_level_line_is_the_values():
    """Seed 002 read by RapidOCR with narrow level and value columns: `14-成本  ≥300000` / `案件投入总成本` /
    `指标  元`: the figure's unit wrapped onto the line under the 三级's, one line between, is the value's rest
    (`≥300000元`, `≥2000万元`), not a row of its own; and a row's value two lines under another row's (a 二级
    between, `24-可持`) is that row's, not the rest of the value above (`=是` / `持续增强`). The tree had been read
    line by line, its 二级 lost and two values read as `元`."""
    rows = _read_ocr((DATA / "unit-wrapped-under-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = {i.level3.value: (i.level2.value, i.value.raw) for i in rows}
    assert len(rows) == 9
    assert read["案件投入总成本"] == ("成本指标", "≥300000元")
    assert read["人民调解挽回经济损失"] == ("经济效益", "≥2000万元")
    assert read["生态环境破坏情况是否得到遏制"] == ("生态效益", "=是")
    assert read["维护社会稳定发展"] == ("可持续影响", "持续增强")


def test_a_three_level_that_starts_like_a_level2_next_to_a_cut_or_whole_one_is_no_level2():
    """Seed 002 read by RapidOCR: a text starting a 二级 name is a 三级 piece, not the next 二级, where the last 二级
    is cut and goes on under it (`31-服务对象满` / `3-满意度指标  服务对象满意度  ≥ 98%` / `意度`: the 三级 is
    服务对象满意度), or where the last 二级 stood whole on one line and the text is only its start (`11-数量指标  问服务单位
    =185个` / `标` / `数量`: the same name in the same column wraps the same way). Both had been read as a 二级,
    the row's 三级 left without its piece or the tree read line by line."""
    rows = _read_ocr((DATA / "level2-wrapped-round-three-level-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    assert (rows[-1].level2.value, rows[-1].level3.value, rows[-1].value.raw) == ("服务对象满意度", "服务对象满意度", "≥ 98%")
    assert len(rows) == 9 and rows[-2].level3.value == "案件办理维护社会稳定发展"
    rows = _read_ocr((DATA / "level2-repeated-cut-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    assert (rows[0].level2.value, rows[0].level3.value) == ("数量指标", "政府法律顾问服务单位数量")
    assert rows[1].level3.value == "政府法律顾问服务质量要求"


def test_a_numbered_level2_printed_again_cut_is_the_next_rows_level2():
    """The form above printing a row's 二级 again, numbered and cut (`11-数量  法律援助案件数量  ≥300件` / `指标`): a
    text carrying a 二级's numbering is that 二级, not a 三级 piece that starts like the last one (`数量`). Taken for
    one, its line held three texts, the tree was read line by line and the 时效 row lost its 二级 to the 质量 row's,
    unflagged."""
    text = (DATA / "level2-repeated-cut-rapidocr-002.ocr.txt").read_text(encoding="utf-8")
    assert text.count("\n数量\n") == 1
    rows = _read_ocr(text.replace("\n数量\n", "\n数量\n11-数量  法律援助案件数量  ≥300件\n指标\n"))
    read = {i.level3.value: (i.level2.value, i.value.raw) for i in rows}
    assert read["法律援助案件数量"] == ("数量指标", "≥300件")
    assert read["经费保障情况"] == ("时效指标", "=及时拨付到位")


def test_a_value_and_date_cell_wrapped_round_the_three_level_line_is_that_rows():
    """Seed 004's first form read by RapidOCR: its 计划完成时限 column prints a row's value and date in one cell,
    wrapped round the line of the row's 三级 (`≥8人2021年` / `绩效指标  数量指标  县直人民调解员人数` / `12月`). The
    pieces are one cell of that line: each row its own value and date. Each value had been read into the row under
    it (县直人民调解员人数 ≥56人2021, …), the first as a row of its own."""
    rows = _read_ocr((DATA / "dated-values-round-rapidocr-004.ocr.txt").read_text(encoding="utf-8"))
    read = {i.level3.value: (i.value and i.value.raw, i.deadline and i.deadline.value) for i in rows}
    assert read["县直人民调解员人数"] == ("≥8人", "2021年12月")
    assert read["人民调解案件数量"] == ("≥1000件", "2021年12月")
    assert read["支持政法部分数量"] == ("=个", "2021年12月")
    assert read["补助资金按时发放率"] == ("≥100%", "2021年12月")
    assert read["村级人民调解员补助标准"] == ("=100元/人/月", "2021年12月")


def test_a_line_naming_a_level_alone_takes_no_value_and_date_wrapped_round_it():
    """Seed 004 read by tesseract (serif): `乡镇人民调解 ”| = 500 元/人/月` / `社会效益指标` / `社会效益指标  员补助标准
    2021年12月`. The value and date cell wraps round a line naming a level alone, no row's: joined, it stays on its
    top's line, beside the 三级's top (`_dated_values_round`). Moved onto the level's line, it had been read as
    `乡镇人民调解 ”= 500 元/人/月`, the 三级's piece in the value, unflagged (RapidOCR's print alike)."""
    rows = _read_ocr((DATA / "level-line-between-value-and-date-serif-004.ocr.txt").read_text(encoding="utf-8"))
    (row,) = [i for i in rows if i.level3.value == "乡镇人民调解"]
    assert (row.value.raw, row.deadline.value) == ("= 500 元/人/月", "2021年12月")
    rows = _read_ocr((DATA / "dated-values-round-rapidocr-004.ocr.txt").read_text(encoding="utf-8"))
    (row,) = [i for i in rows if i.value is not None and i.value.raw.startswith("=500")]
    assert (row.level3.value, row.value.raw, row.deadline.value) == ("乡镇人民调解", "=500元/人/月", "2021年12月")


def test_both_cells_wrapped_round_a_line_naming_the_level2_alone_are_one_rows():
    """Seed 002 read by RapidOCR with narrow 三级 and value columns: a row's 三级 and value both wrap round the line
    naming its 二级 alone (`案件投入  ≥2500` / `14-成本指标` / `总成本  00`; `维护社会  持续增` / `24-可持续影响` /
    `稳定发展  强`): the lines over and under it are the row's, its 三级 and its value each joined. Every such line
    had been read as a row of its own and the tree read line by line, eight rows lost."""
    rows = _read_ocr((DATA / "both-wrapped-round-level2-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    read = {i.level3.value: (i.level2.value, i.value.raw) for i in rows}
    assert len(rows) == 9
    assert read["案件投入总成本"] == ("成本指标", "≥250000")
    assert read["法律援助挽回经济损失"] == ("经济效益", "≥300万元")
    assert read["维护社会稳定发展"] == ("可持续影响", "持续增强")
    assert read["帮助人民群众解决各类纠纷维护社会和谐稳定情况"] == ("社会效益", "持续向好")


def test_a_phrase_over_three_lines_round_a_three_level_between_a_cut_level2s_lines():
    """Seed 002 read by RapidOCR with narrow level and value columns: `案卷评查完` / `13-时效` / `案件补贴发放及时性
    毕后及时发` / `指标` / `放`: the row's value phrase stands over three lines round its 三级, the 二级 cut in two
    between; its top and end, on lines no 二级 stands over, are the value's (`案卷评查完毕后及时发放`), not the 三级's.
    Where the middle holds a figure (`≥90%`), the 三级 is what wraps round it (seed 001, unchanged)."""
    rows = _read_ocr((DATA / "unit-wrapped-under-rapidocr-002.ocr.txt").read_text(encoding="utf-8"))
    timely = next(i for i in rows if i.level2.value == "时效指标")
    assert (timely.level3.value, timely.value.raw) == ("案件补贴发放及时性", "案卷评查完毕后及时发放")
    rows = _read_ocr((DATA / "word-values-wrapped-rapidocr-001.ocr.txt").read_text(encoding="utf-8"))
    assert (rows[-1].level3.value, rows[-1].value.raw) == ("群众对法治宣传教育工作总体满意度", "≥90%")


def test_a_compound_unit_the_document_prints_elsewhere_with_one_slash_more_is_in_doubt():
    """Seed 004 printed in WenQuanYi Zen Hei at 160 dpi, read by PP-OCR (`eval/bench_ocr.py --seeds`): the
    second project's `元/人/月` cells came out `元/人月`, the detector leaving out the thin `/`; `元/人月` is
    a unit too, so nothing flagged the two values. The first project prints `元/人/月` whole: the second's
    are in doubt, read as printed; the first's are not."""
    first, second = _projects(DATA / "slash-lost-wqy160-004.ocr.txt")[:2]
    whole = [i.value for i in first.project.indicators if i.value is not None and i.value.unit == "元/人/月"]
    lost = [i.value for i in second.project.indicators if i.value is not None and i.value.unit == "元/人月"]
    assert len(whole) == 3 and len(lost) == 2
    assert all(v.flagged and Reason.ocr_doubt in v.reasons and v.number in (20, 300) for v in lost)
    assert not any(v.flagged for v in whole)


def test_a_one_cell_a_line_tree_whose_header_lost_the_one_of_its_level1_heading_is_read_by_its_columns():
    """Seed 003 printed in WenQuanYi Zen Hei at 160 dpi, read by PP-OCR: its 表13 printed one cell a line
    opens the tree with `级指标` (the 一 lost) over 二级指标 … 指标值确定依据. Read line by line for want of
    a 一级指标, each row's 依据 (`年初工作计划`) was glued to the next row's 三级, those six values flagged."""
    (project,) = _projects(DATA / "level1-heading-lost-one-wqy160-003.ocr.txt")
    rows = project.project.indicators
    assert [i.level3.value for i in rows[:3]] == ["社区矫正人数(人)", "社区矫正执法人员学习时间达标率", "各项任务完成及时率(%)"]
    assert all(i.value is not None and not i.value.flagged for i in rows[:6])


def test_a_level_name_with_a_stroke_of_the_rule_read_inside_it_is_the_vocabulary_s_flagged():
    """Seed 000 printed in Noto Serif CJK at 140 dpi, read by PP-OCR: `2、效益指` over a wrapped `标` that sits
    on the cell's bottom rule, read `二标`; the 一级 came out `效益指二标`, unflagged, and its two rows' facts
    with it. It is 效益指标 with one character more: read so, flagged, the reading kept in `raw`."""
    (project,) = _projects(DATA / "level1-stroke-inserted-serif140-000.ocr.txt")
    benefit = [i for i in project.project.indicators if i.level1 is not None and "效益" in i.level1.raw]
    assert len(benefit) == 2
    assert all(i.level1.value == "效益指标" and i.level1.raw.endswith("效益指二标") and i.level1.flagged for i in benefit)


def test_a_department_tree_whose_three_level_is_printed_in_two_columns_reads_its_levels_by_the_count_of_cells():
    """Seed 000 表12 joined by two spaces: 三级指标 in two columns (财政政策性绩效目标 | 部门预算绩效目标), the
    levels merged down their rows (so a row after the first prints fewer cells), names no vocabulary lists. The
    second column is the 描述; a row one cell short lost its 一级, two short its levels."""
    rows = _read_ocr(
        "一级指标  二级指标  三级指标\n"
        "财政政策性绩效目标  部门预算绩效目标  部门指标值\n"
        "预算执行绩效目标  结转资金  2020年底以前结转资金全部编入2021年部门预算  编入2021年部门预算的结转资金占部门实际全部结转资金的百分率  ≤10%\n"
        "结余资金  2021年底以前结余资金全部申报上缴财政  上缴（包括收回）2021年底以前结余资金占部门预算的百分率  0%\n"
        "预算调剂  2021年执行中不发生预算科目调剂  2021年执行中发生预算科目调剂资金占部门预算的百分率  0%\n"
        "2021年执行中不发生预算追加  2021年执行中发生预算追加资金占部门预算的百分率  0%\n")
    assert [(i.level1.value, i.level2.value, i.level3.value[:14], i.value.raw) for i in rows] == [
        ("预算执行绩效目标", "结转资金", "2020年底以前结转资金全部", "≤10%"),
        ("预算执行绩效目标", "结余资金", "2021年底以前结余资金全部", "0%"),
        ("预算执行绩效目标", "预算调剂", "2021年执行中不发生预算科", "0%"),
        ("预算执行绩效目标", "预算调剂", "2021年执行中不发生预算追", "0%"),
    ]
    assert rows[0].description.value.startswith("编入2021年部门预算的结转资金")


def test_a_department_trees_rows_each_printing_a_date_are_rows_of_their_own_with_word_values():
    """Seed 004's department tree joined by two spaces: rows whose value is a word (`按时公开`, `管理规范`) end
    in their 完成时限; a line printing a whole date is its row's own, not the bottom of the row above wrapped."""
    rows = _read_ocr(
        "年度绩效指标  一级指标  二级指标  三级指标  指标值  完成时限\n"
        "管理效率  预算编制管理  绩效目标覆盖率  =  100  %  2021年12月\n"
        "预算监督管理  预决算公开情况  按时公开  2021年12月\n"
        "预算收支管理  收入管理规范性  管理规范  2021年12月\n"
        "支出管理规范性  管理规范  2021年12月\n"
        "财务管理  内控制度有效性  制度有效  2021年12月\n")
    assert [(i.level2.value, i.level3.value, i.value.raw) for i in rows][1:] == [
        ("预算监督管理", "预决算公开情况", "按时公开"),
        ("预算收支管理", "收入管理规范性", "管理规范"),
        ("预算收支管理", "支出管理规范性", "管理规范"),
        ("财务管理", "内控制度有效性", "制度有效"),
    ]
    assert all(i.level1.value == "管理效率" for i in rows)


def test_a_name_after_a_whole_level1_that_only_reads_like_one_is_the_next_columns():
    """Seed 004 joined by two spaces: `预算执行 | 预算执行效率 | 预算执行率`: a row prints one 一级; the 二级 and
    三级 after it read fuzzily like 预算执行 but are names of their own."""
    rows = _read_ocr(
        "年度绩效指标  一级指标  二级指标  三级指标  指标值  完成时限\n"
        "预算执行  预算执行效率  预算执行率  =  100  %  2021年12月\n"
        "预算调整率  ≤  5  %  2021年12月\n")
    assert [(i.level1.value, i.level2.value, i.level3.value) for i in rows] == [
        ("预算执行", "预算执行效率", "预算执行率"), ("预算执行", "预算执行效率", "预算调整率")]


def test_a_tab_joined_tree_puts_its_sub_headings_and_its_short_rows_back_under_their_columns():
    """Seed 000 表12 joined by tabs, blank cells dropped: the sub-headings under 三级指标 (财政政策性绩效目标 |
    部门预算绩效目标 | 部门指标值) head the 三级's columns and those after it, not a row of their own; a row one or two
    cells short lost its merged level cells (its value under 指标值 once put to the right). A row printing a
    value's pieces in cells of their own (seed 004: `深化司法行政体制改革 | - | 长期 | -`) is not moved."""
    text = ("一级指标\t二级指标\t三级指标\n"
            "财政政策性绩效目标\t部门预算绩效目标\t部门指标值\n"
            "预算执行绩效目标\t结转资金\t2020年底以前结转资金全部编入2021年部门预算\t编入2021年部门预算的结转资金占部门实际全部结转资金的百分率\t≤10%\n"
            "结余资金\t2021年底以前结余资金全部申报上缴财政\t上缴（包括收回）2021年底以前结余资金占部门预算的百分率\t0%\n"
            "2021年执行中不发生预算追加\t2021年执行中发生预算追加资金占部门预算的百分率\t0%\n")
    rows = rows_of(text, 0, len(text), Layout.tabbed)
    read = read_tree(rows[tree_start(rows):], Layout.tabbed)
    assert [(i.level1.value, i.level2.value, i.level3.value[:14], i.value.raw) for i in read] == [
        ("预算执行绩效目标", "结转资金", "2020年底以前结转资金全部", "≤10%"),
        ("预算执行绩效目标", "结余资金", "2021年底以前结余资金全部", "0%"),
        ("预算执行绩效目标", "结余资金", "2021年执行中不发生预算追", "0%"),
    ]
    assert read[1].description.value.startswith("上缴")
    text = ("年度绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t完成时限\n"
            "可持续性\t体制改革\t法律援助对象满意度\t≥\t95\t%\t2021年12月\n"
            "深化司法行政体制改革\t-\t长期\t-\t2021年12月\n")
    rows = rows_of(text, 0, len(text), Layout.tabbed)
    last = read_tree(rows[tree_start(rows):], Layout.tabbed)[-1]
    assert (last.level2.value, last.level3.value) == ("体制改革", "深化司法行政体制改革")


def test_a_level_name_wrapped_round_its_rows_middle_line_is_read_whole():
    """Seed 004's department tree read by RapidOCR (each line's boxes joined, no column alignment): the 一级
    社会效应 and 可持续性 wrap in their narrow merged cells round the row's middle line (`社会  在职人员` / `社会效益  ≤
    100  %  2021年12月` / `效应  控制率`; `可持` / `体制改革  对象满意  ≥  95  %  2021年12月` / `续性`). The two halves
    join into a name of the vocabulary: the rows stand under it, not under the 一级 above, and no half is 三级 text."""
    rows = _read_ocr(
        "一级指标  二级指标  三级指标  指标值  完成时限\n"
        "运行成本  成本控制成效  “三公”经费变动率  ≤  0\n"
        "社会  在职人员\n社会效益  ≤  100  %  2021年12月\n效应  控制率\n"
        "法律援助\n案件办结  ≥  100  2021年12月\n率\n"
        "法律援助\n可持\n体制改革  对象满意  ≥  95  %  2021年12月\n续性\n度\n")
    assert [i.level1.value for i in rows] == ["运行成本", "社会效应", "社会效应", "可持续性"]
    assert (rows[-1].level2.value, rows[-1].level3.value, rows[-1].value.raw) == ("体制改革", "法律援助对象满意度", "≥95%")
    assert not any(piece in i.level3.value for i in rows for piece in ("效应", "可持", "续性"))


def test_a_numbered_level_names_wrapped_suffix_is_no_half_of_a_name_round_a_line():
    """Seed 002 read by tesseract (dev-scans): `效益` (the rest of `22-社会`) and `指标` (the rest of `2效益`) lead the
    lines over and under `2效益 | 23 .生态“ | …`; together they spell 效益指标, but a name printed with its 指标 wraps
    in the template's numbered column, read there: the rows below keep their own lines (`24 可持 | 维护社会稳定发展
    | 持续增强`)."""
    rows = _read_ocr(
        "一级指标    二级指标                            三级指标           绩效值\n"
        "22-社会  、  二、                    有效防范，得\n"
        "效益   维护社会稳定情况                        D和定 相\n"
        "2效益 | 23 .生态“| 对两关人员教育，杜绝控龙骨、抓饼子等犯罪行为再出        本\n"
        "指标 | 效益   现，降低生态破坏率                        相\n"
        "24 可持 | 维护社会稳定发展                        持续增强\n"
        "续影响\n")
    read = {i.level3.value: i.value.raw if i.value else None for i in rows}
    assert read.get("维护社会稳定发展") == "持续增强"


def test_a_longer_name_wrapped_down_its_cell_is_no_level_name_its_first_pieces_spell():
    """Seed 000 表12's 一级 预算执行绩效目标 wrapped down its narrow cell a piece a line (`预算` / `执行` / `绩效` /
    `目标`), read by RapidOCR among the rows' lines (dev-scans-rapid200serif) and by tesseract on lines of their own
    (serif150). Its first two pieces spell 预算执行, a name of the vocabulary, but the cell goes on under them (绩效,
    as wide as 预算): no row reads 一级 = 预算执行 unflagged, whether a row's value stands between the pieces or not."""
    rapid = _read_ocr(
        "一级指标  二级指标  三级指标  指标值\n"
        "2020年底  编入2021年部\n预算\n以前结转资  门预算的结转\n执行  ≤10%\n"
        "结转资金  金全部编入  资金占部门实\n绩效\n2021年部门  际全部结转资\n目标\n预算  金的百分率\n"
        "结余资金  2021年底以前结余资金全部申报上缴财政  0%\n")
    tesseract = _read_ocr(
        "一级指标  二级指标  三级指标  指标值\n"
        "结转资金  2020年底以前结转资金全部编入2021年部门预算  ≤10%\n"
        "预算    金的百分率\n预算\n执行\n绩效\n目标\n"
        "结余资金  2021年底以前结余资金全部申报上缴财政  0%\n")
    valued = _read_ocr(
        "一级指标  二级指标  三级指标  指标值\n"
        "2020年底  编入2021年部\n预算\n以前结转资  门预算的结转  ≤10%\n执行\n"
        "结转资金  金全部编入  资金占部门实\n绩效\n2021年部门  际全部结转资\n目标\n预算  金的百分率\n"
        "结余资金  2021年底以前结余资金全部申报上缴财政  0%\n")
    for rows in (rapid, tesseract, valued):
        assert [i.value.raw for i in rows if i.value] == ["≤10%", "0%"]
        assert not any(i.level1 is not None and i.level1.value == "预算执行" and not i.level1.reasons for i in rows)


def test_a_level_names_wrapped_bottom_or_copy_after_a_whole_level1_is_no_words_of_the_next_column():
    """Seed 001 read by tesseract (dev-scans-mono170): `满意度指标 | 度指标 〈必 ， | 教育工作总体满 | >90%`, the
    二级 服务对象满意度指标 wrapped down its cell beside the 一级. `度指标` reads only fuzzily like a 一级, but it ends
    a level's name: its wrapped bottom, not the start of the row's 三级 (a name of its own words, `预算执行效率`, is);
    so is a garbled copy of the 一级 in a level column printed twice."""
    rows = _read_ocr(
        "一级指标  二级指标  三级指标  指标值\n"
        "产出指标  数量指标  开展法治宣传教育活动  ≥10次\n"
        "服务对象满意 | 群众对法治宣传\n"
        "满意度指标               度指标 〈必 ， | 教育工作总体满 | >90%\n"
        "填)     意度\n")
    last = rows[-1]
    assert (last.level1.value, last.level3.value, last.value.raw) == ("满意度指标", "教育工作总体满意度", ">90%")
    # a form printing its 一级 column twice, the copy garbled (`效益指林`): a copy, no words of the 三级
    rows = _read_ocr(
        "一级指标  一级指标  三级指标  指标值\n"
        "产出指标  产出指标  培训人次  ≥100人次\n"
        "效益指标  效益指林  群众满意度  ≥90%\n")
    assert [(i.level1.value, i.level3.value, i.value.raw) for i in rows] == [
        ("产出指标", "培训人次", "≥100人次"), ("效益指标", "群众满意度", "≥90%")]


def _read_joined(table: str, joiner: str = "\t") -> list[Indicator]:
    """A tree as a text joined cell by cell prints it, its blank cells dropped (`eval/make_joined.py`): `|`
    parts the cells of `table`, an empty part is a blank cell."""
    text = "\n".join(joiner.join(c for c in line.split("|") if c) for line in table.strip().split("\n"))
    layout = Layout.tabbed if joiner == "\t" else Layout.spaced
    rows = rows_of(text, 0, len(text), layout)
    return read_tree(list(rows[tree_start(rows):]), layout)


_DEPARTMENT_BASIS = """
一级指标|二级指标|三级指标|指标值|指标值确定依据
部门管理|资产管理|资产盘点率|=100%|
||固定资产利用率|≥90%|年度计划
"""


def test_a_short_row_ending_in_a_value_lost_its_blank_basis_not_its_value():
    """`部门管理 | 资产管理 | 资产盘点率 | =100%` under a header with 指标值确定依据: the last cell, shaped as a
    value, is the value (the blank 依据 was dropped); it had been read as the basis and the 三级 as the value."""
    first, second = _read_joined(_DEPARTMENT_BASIS)
    assert (first.level3.value, first.value.raw, first.basis) == ("资产盘点率", "=100%", None)
    assert (second.value.raw, second.basis.value) == ("≥90%", "年度计划")


_DEPARTMENT_DESCRIBED = """
一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据
部门管理|资产管理|资产盘点率||=100%|年初工作计划
||固定资产利用率|固定资产利用率|≥90%|
|预算管理|预算执行率||≥95%|
||结转结余率|结转结余率|≤10%|历史标准
履职效能|重点工作|普法宣传场次||≥20场|
"""


def test_a_short_row_whose_blank_description_was_dropped_is_placed_by_the_vocabulary_or_in_doubt():
    """A department tree with a 描述 column, its blanks dropped: a row's dropped 描述 leaves its cells where
    dropped level cells would. `履职效能` names a 一级, so its row starts under 一级指标 (it had been read with
    the 二级 as 三级); `结转结余率 | 结转结余率` are a 三级 and its 描述; `部门管理 | 资产管理 | 资产盘点率` and
    `预算管理 | 预算执行率`, whose levels no vocabulary knows, are a guess, in doubt (they had been read as 三级
    资产管理 and 预算管理, unflagged)."""
    read = _read_joined(_DEPARTMENT_DESCRIBED)
    last = read[-1]
    assert (last.level1.value, last.level2.value, last.level3.value, last.value.raw) == ("履职效能", "重点工作", "普法宣传场次", "≥20场")
    assert (read[3].level3.value, read[3].description.value, read[3].level3.reasons) == ("结转结余率", "结转结余率", [])
    for guessed in (read[0], read[2]):
        assert Reason.cell_shifted in guessed.level3.reasons and Reason.cell_shifted in guessed.description.reasons


_PROJECT_TEXT_VALUE = """
一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据
产出指标|数量指标|案件结案率|案件结案率|≥80%|年初工作计划
|质量指标|结案质量||≥95%|年初工作计划
效益指标|社会效益指标|社会稳定|维护社会稳定|有效维护|
"""


def test_a_short_rows_text_value_or_basis_is_in_doubt_and_a_level_the_vocabulary_names_is_placed():
    """`社会稳定 | 维护社会稳定 | 有效维护` with one blank dropped among 描述, 指标值 and 依据, none shaped as a value:
    which is the value no position tells, so value and basis are in doubt (有效维护 had been the basis and the
    描述 the value, unflagged). `质量指标 | 结案质量 | ≥95% | 年初工作计划` names its 二级: read whole, unflagged."""
    numbers, quality, social = _read_joined(_PROJECT_TEXT_VALUE)
    assert Reason.cell_shifted in social.value.reasons and Reason.cell_shifted in social.basis.reasons
    assert (quality.level2.value, quality.level3.value, quality.value.raw, quality.basis.value) == \
        ("质量指标", "结案质量", "≥95%", "年初工作计划")
    assert not quality.level3.reasons and not quality.value.reasons


_DEPARTMENT_NAMED_LIKE_LEVEL = """
一级指标|二级指标|三级指标|指标值|指标值确定依据
部门管理|资产管理|资产盘点率|=100%|
||固定资产利用率|≥90%|年度计划
|预算管理|预算执行率|≥95%|
"""


def test_a_level2_before_a_level3_named_like_a_level1_is_kept_in_a_two_space_joined_tree():
    """Two spaces joining the cells (the line-by-line reader): `预算管理  预算执行率  ≥95%`, whose 三级 reads like the
    一级 预算执行, is a 二级 and its 三级; 预算管理 had been dropped as a garbled 一级 before a level, the row put
    under the 二级 above, unflagged."""
    row = _read_joined(_DEPARTMENT_NAMED_LIKE_LEVEL, "  ")[-1]
    assert (row.level2.value, row.level3.value, row.value.raw) == ("预算管理", "预算执行率", "≥95%")


def test_a_two_space_joined_row_is_placed_by_its_level1_or_in_doubt():
    """The department tree with a 描述 column joined by two spaces, blanks dropped: `履职效能  重点工作  普法宣传场次
    ≥20场` names its 一级, so its next cell is the 二级 (it had been the 三级, the 三级 the 描述); `预算管理  预算执行率
    ≥95%` is a 二级 and 三级 or a 三级 and 描述, in doubt; `社会稳定  维护社会稳定  有效维护` under 三级 | 描述 | 值 | 依据,
    a blank dropped and no value shaped as one, in doubt (all had been read unflagged)."""
    read = _read_joined(_DEPARTMENT_DESCRIBED, "  ")
    last = read[-1]
    assert (last.level1.value, last.level2.value, last.level3.value, last.value.raw) == ("履职效能", "重点工作", "普法宣传场次", "≥20场")
    assert Reason.cell_shifted in read[2].level3.reasons and Reason.cell_shifted in read[2].value.reasons
    assert not read[3].level3.reasons  # 结转结余率  结转结余率: a 三级 and its 描述 reading alike
    social = _read_joined(_PROJECT_TEXT_VALUE, "  ")[-1]
    assert Reason.cell_shifted in social.level3.reasons and Reason.cell_shifted in social.value.reasons


_WEIGHTED = """
一级指标|二级指标|三级指标|指标性质|指标值|度量单位|权重|指标方向
产出指标|数量指标|配备车辆数|≥|10|辆|30|正向
|时效指标|经费支付及时率|=|100|%||正向
|质量指标|培训合格率|≥|95|%|10|
||验收合格率|≥|95|%|10|正向
"""


def test_a_short_rows_weight_and_direction_are_read_by_their_shape():
    """权重 and 指标方向 columns with blanks dropped: `= | 100 | % | 正向` ends in a direction's word, `≥ | 95 | % | 10`
    in a bare number after a whole value (its weight); `验收合格率` lost its level cells. Each had its weight or
    direction glued into the value (`= 100 % 正向`, `≥ 95 % 10`) or dropped, unflagged."""
    read = [(i.value.raw, i.weight and i.weight.value, i.direction and i.direction.value) for i in _read_joined(_WEIGHTED)]
    assert read == [("≥ 10 辆", 30, "正向"), ("= 100 %", None, "正向"), ("≥ 95 %", 10, None), ("≥ 95 %", 10, "正向")]


_DESCRIBED_AFTER = """
一级指标|二级指标|三级指标|指标值|指标解释
产出指标|数量指标|保洁面积|≥50万平方米|全年城区道路保洁面积
|质量指标|保洁质量||达到国家标准
|时效指标|清运及时率|=100%|
"""


def test_a_short_rows_lone_text_after_its_level3_is_value_or_description_in_doubt():
    """`保洁质量 | 达到国家标准` under 三级指标 | 指标值 | 指标解释 with one blank dropped: the text, no value's shape,
    is the value or the 描述, so the value read is in doubt (it had been the value, unflagged); `=100%` has a
    value's shape and is read as it is."""
    _, quality, timely = _read_joined(_DESCRIBED_AFTER)
    assert quality.value.raw == "达到国家标准" and Reason.cell_shifted in quality.value.reasons
    assert timely.value.raw == "=100%" and not timely.value.reasons


_PROJECT_BASIS_WITH_FIGURE = """
一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据
产出指标|数量指标|培训人次|全年培训人次|≥100人次|2024年计划
||培训场次||≥10场|2024年计划
"""


def test_a_short_rows_basis_with_a_figure_after_a_whole_value_is_the_basis():
    """`培训场次 | ≥10场 | 2024年计划` (its blank 描述 dropped): the 依据 prints a figure, so it has a value's shape
    too, but a whole value stands before it, so it is the 依据, not a value whose 依据 was dropped (the value had been
    read as 2024年计划 and ≥10场 as the 描述, the value unflagged)."""
    _, sessions = _read_joined(_PROJECT_BASIS_WITH_FIGURE)
    assert (sessions.level3.value, sessions.value.raw, sessions.basis.value) == ("培训场次", "≥10场", "2024年计划")
    assert sessions.description is None


_DEPARTMENT_LONG_LEVEL3 = """
一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据
部门管理|资产管理|资产盘点率|资产盘点率|=100%|年初工作计划
|预算管理|年度预算执行率达到序时进度要求||≥95%|年初计划
"""


def test_a_short_row_that_lost_a_level_and_its_description_is_in_doubt():
    """`预算管理 | 年度预算执行率达到序时进度要求 | ≥95% | 年初计划`, its 一级 and 描述 blank and dropped: a 二级 and a long
    三级, or a 三级 and its 描述 under the 二级 above; no position tells. The reading it was weighed against put both
    texts under the level columns (both blanks between 三级 and value), where the long 三级 is no level's name, so
    the 三级 | 描述 reading was taken unflagged (三级 预算管理 under 资产管理)."""
    _, budget = _read_joined(_DEPARTMENT_LONG_LEVEL3)
    assert Reason.cell_shifted in budget.level3.reasons and Reason.cell_shifted in budget.description.reasons


def test_a_header_cell_is_read_by_its_compact_text_once():
    # `compact_text` of a cell's compact text is not always its compact text: a bookmark marker in full-width
    # brackets is none until NFKC makes it one, and cleaned again it goes (with the word it names)
    for raw in ("［bookmark：三级指标］", "三级 指标", "一级指标"):
        cell = Cell(raw, 0, len(raw))
        assert _header_words([cell]) == {w for w in [_header_word(cell.compact)] if w}


def test_a_time_limit_under_the_value_heading_is_text_and_a_duration_a_figure():
    """时效指标 print a date where the value stands (`完成时间 | 2025年11月底前`, `≤2025年12月31日`): read as
    text, the operator split off, unflagged; a duration beside them (`≤15天`) stays a figure with its unit."""
    (table,) = _projects(DATA / "date_value_tab.txt")
    read = [(i.level3.value, i.value.operator, i.value.number, i.value.unit, i.value.text, i.value.reasons,
             i.deadline.value) for i in table.project.indicators]
    assert read == [
        ("完成时间", None, None, None, "2025年11月底前", [], "2025年12月"),
        ("办结时限", Operator.le, 15, "天", None, [], "2025年12月"),
        ("项目完成时间", Operator.le, None, None, "2025年12月31日", [], "2025年12月"),
        ("培训人次", Operator.ge, 100, "人次", None, [], "2025年12月"),
    ]


def test_a_time_limit_whose_nian_the_ocr_misread_is_text_in_doubt():
    """`完成时间 | 2025牟12月`, `2025午12月底前`: the 年 read as another character. Each is the date as text, in
    doubt (the first was 2025 of unit `牟12月`, the second a text, each unflagged); the duration and the count
    beside them stay figures, unflagged."""
    (table,) = _projects(DATA / "misread_year_tab.txt")
    read = [(i.value.number, i.value.unit, i.value.text, FLAG_BELOW > i.value.confidence)
            for i in table.project.indicators]
    assert read == [(None, None, "2025牟12月", True), (15, "天", None, False), (None, None, "2025午12月底前", True),
                    (100, "人次", None, False)]


@pytest.mark.parametrize("name", ["deadline_shapes_tab.txt", "deadline_shapes_spaced.txt",
                                  "deadline_shapes_blanks_dropped.txt"])
def test_a_deadline_of_any_whole_dates_shape_is_the_deadline(name):
    """A 完成时限 printed as `2025年12月31日`, `2025年底前`, `2025年1-12月`, `2025.12.31` or `2025年全年` (not only
    `2025年12月`): the row's deadline, the 依据 before it the 依据. Read as the 依据, it had glued the real 依据 to
    the value (`100% 历史标准`, a number of unit `% 历史标准`, unflagged) and lost the deadline. In spaced text whose
    blank cells are dropped such a date is the 完成时限 after a value (a time limit prints it under 指标值 too):
    after a text value, in doubt; where two spaces keep a blank cell's room, each cell stands under its heading."""
    (table,) = _projects(DATA / name)
    rows = [(i.value.raw, i.basis and i.basis.value, i.deadline and i.deadline.value) for i in table.project.indicators]
    expected = [("≥1200公里", "计划标准", "2025年12月31日"), ("≥90%", "行业标准", "2025年底前"),
                ("100%", "历史标准", "2025年1-12月"), ("明显改善", "计划标准", "2025.12.31"), ("≥95%", "计划标准", "2025年全年")]
    if name.endswith("dropped.txt"):
        assert Reason.cell_shifted in table.project.indicators[3].value.reasons
        del rows[3], expected[3]
    assert rows == expected


def test_a_time_limit_under_its_value_heading_stays_the_value():
    """`补贴发放时间  2025年底前`, 依据 and 完成时限 blank, spaced: the date is the value (a time limit), in doubt as
    before, not taken for the row's 完成时限 leaving it no value."""
    (table,) = _projects(DATA / "time_limit_value_spaced.txt")
    row = table.project.indicators[1]
    assert (row.value.raw, row.deadline) == ("2025年底前", None)


def test_a_full_row_with_its_level3_cell_blank_is_in_doubt():
    """`| | | ≤5万元/年 | 10 | 反向 | 计划标准`: a tabbed row printed with all its cells, its 三级 blank. The value
    under 指标值 was taken for the 三级 and the 依据 for the value; the positions say so, and both are flagged.
    A row slid a cell right (seed 004: a name under 指标值) is not."""
    (table,) = _projects(DATA / "blank-level3-full-row.txt")
    rows = {i.level3.value: i for i in table.project.indicators}
    odd = rows["≤5万元/年"]
    assert Reason.cell_shifted in odd.level3.reasons and Reason.cell_shifted in odd.value.reasons
    assert (odd.weight.value, odd.direction.value) == (10, "反向")
    assert not rows["资金使用合规率"].value.reasons and not rows["资金使用合规率"].level3.reasons


@pytest.mark.parametrize("joiner", ["\t", " | "])
def test_a_web_pages_buttons_under_the_tree_are_no_indicator(tmp_path, joiner):
    """`[下载] [打印] [关闭]` on the line under a form's last indicator (a web page's buttons) is furniture: the
    tree ends with the form's own rows, whatever joins their cells."""
    from extractor.models import DepartmentTable

    form = Path(__file__).parent / "data" / "department" / "budget_request.txt"
    path = tmp_path / "buttons.txt"
    path.write_text(form.read_text(encoding="utf-8").replace("\t", joiner) + "[下载] [打印] [关闭]\n", encoding="utf-8")
    (table,) = [t for t in extract_file(path).doc.tables if isinstance(t, DepartmentTable)]
    assert [i.level3.value for i in table.department.indicators] == ["新造林面积", "造林成活率", "林农满意度"]


def _cells(name: str) -> list[tuple]:
    (table,) = _projects(DATA / name)
    return [(i.level2 and i.level2.value, i.level3.value, i.value.operator, i.value.number, i.value.unit, i.value.text,
             i.weight and i.weight.value, i.basis, i.level3.flagged or i.value.flagged)
            for i in table.project.indicators]


def test_a_two_space_text_that_keeps_its_blank_cells_reads_each_cell_under_its_heading():
    """Cells joined by two spaces, a blank cell two spaces more (`    购置灭火水泵  ≥  40  台  20`, `定性  明显提高    20`):
    the unit under 度量单位 is the value's (公斤 was read as a 依据 the form has no column for, the value unitless,
    unflagged), a word value under 指标值 with its 权重 apart (not `10` read as the value)."""
    assert _cells("blank-cells-kept-two-spaces.txt") == [
        ("数量指标", "防火巡护面积", Operator.ge, 120, "万亩", None, 30, None, False),
        ("数量指标", "购置灭火水泵", Operator.ge, 40, "台", None, 20, None, False),
        ("质量指标", "防火物资采购重量", Operator.ge, 800, "公斤", None, 10, None, False),
        ("社会效益指标", "森林防火意识", None, None, None, "明显提高", 20, None, False),
        ("服务对象满意度指标", "林区群众满意度", Operator.ge, 90, "%", None, 20, None, False)]


def test_a_unit_alone_in_its_cell_is_the_values_where_blank_cells_are_dropped():
    """The same tree with its blank cells dropped: no place tells the 度量单位 column, the unit's words do
    (`≥  800  公斤  10`: 公斤 the value's unit, not a 依据)."""
    rows = {r[1]: r for r in _cells("blank-cells-dropped-two-spaces.txt")}
    assert rows["防火物资采购重量"][2:8] == (Operator.ge, 800, "公斤", None, 10, None)


def test_page_furniture_under_a_delimited_tree_is_no_indicator():
    """`扫一扫在手机打开当前页` and `[下载] [打印] [关闭]` under a tab-delimited tree: a web page's furniture, no
    satisfaction indicator with an empty value."""
    (table,) = _projects(DATA / "page-furniture-under-tab-tree.txt")
    assert [i.level3.value for i in table.project.indicators] == ["防火巡护面积", "林区群众满意度"]


def test_a_values_pieces_printed_one_cell_a_line_are_joined_by_the_headers_order():
    """A web page's form printed one cell a line under 指标性质 | 指标值 | 度量单位 | 权重 (issue 17): the operator,
    figure, unit and weight on lines of their own are one row's (`≥` / `120` / `万亩` / `30`), an operator's value a
    text too (`＝` / `2024年12月底前`), a 定性 word value beside its weight; each read had the value `≥` alone,
    unflagged, and the pieces rows of their own."""
    first, second = _projects(DATA / "value-pieces-one-cell-a-line.txt")
    rows = [(i.level3.value, i.value.operator, i.value.number, i.value.unit, i.value.text, i.weight and i.weight.value,
             i.level3.flagged or i.value.flagged) for i in first.project.indicators]
    assert rows == [("防火巡护面积", Operator.ge, 120, "万亩", None, 30, False),
                    ("巡护任务完成时间", Operator.eq, None, None, "2024年12月底前", 20, False),
                    ("重大森林火灾发生次数", Operator.eq, 0, "起", None, 20, False),
                    ("森林防火意识", None, None, None, "明显提高", 10, False),
                    ("林区群众满意度", Operator.ge, 90, "%", None, 20, False)]
    assert [i.level3.value for i in second.project.indicators] == ["疫木除治株数", "林农满意度"]


def test_a_value_glued_to_a_deadline_whose_year_ocr_misread_is_parted_from_it():
    """The year of a 完成时限 glued to the value before it is read as `numbers.YEAR` reads a year, its 0 read as O
    too (`=0%2O21年12月`): the value is `=0%`, the date its deadline, not one value unread with the date lost."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值  完成时限\n"
                     "预算执行  预算调剂  年度预算调剂率  =0%2O21年12月\n"
                     "预算执行  结转资金  结转资金占比  ≤10%  2021年12月\n"
                     "预算执行  结余资金  结余资金上缴率  =100% 2O21年12月\n")
    assert [(i.value.raw, i.deadline.value) for i in rows] == [
        ("=0%", "2O21年12月"), ("≤10%", "2021年12月"), ("=100%", "2O21年12月")]


def test_a_line_led_by_a_figure_of_four_digits_that_is_no_year_does_not_end_the_tree():
    """A year alone on a line ends a tree (the date under a signature); a figure of four digits that is no year
    (`1500`, a value wrapped onto its own line) does not: the rows under it are read, none lost silently."""
    rows = _read_ocr("一级指标  二级指标  三级指标  指标值\n"
                     "产出指标  数量指标  培训人数  ≥\n"
                     "1500  人\n"
                     "产出指标  数量指标  培训场次  ≥10场\n"
                     "效益指标  社会效益指标  群众知晓率  ≥90%\n")
    assert [i.level3.value for i in rows][-2:] == ["培训场次", "群众知晓率"]


EXPLORE = ROOT / "eval" / "explore"
EXPLORE_VARIANTS = ROOT / "eval" / "explore-variants"  # (their two-space, tesseract and RapidOCR copies)


@pytest.fixture(scope="module")
def guangdong() -> list[ProjectTable]:
    """c: two 广东 申报表 forms, tab cells, each ending in a `填报人： | 审核人：` line."""
    return _projects(EXPLORE / "c_guangdong_declaration.txt")


@pytest.fixture(scope="module")
def guangdong_two() -> list[ProjectTable]:
    """c printed with two spaces between cells (blank cells dropped)."""
    return _projects(EXPLORE_VARIANTS / "twospace" / "c_guangdong_declaration.two.txt")


@pytest.mark.parametrize("line", ["填报人：\t\t\t审核人：\t\t", "单位负责人：张三\t财务负责人：李四",
                                  "联系电话：0762-1234567", "填报日期：2024年1月10日"])
def test_sign_off_lines_under_the_tree_end_it(line):
    """A sign-off line under the form (填报人, 审核人, 联系电话, 填报日期, 单位/财务负责人) is no indicator: it ends the
    tree (`vocabulary.SIGN_OFF`), as page furniture does; the rows above it are all read."""
    text = ("一级指标\t二级指标\t三级指标\t指标解释\t目标值\n"
            "产出指标\t数量指标\t巡查镇数\t巡查的镇数\t18个\n"
            "满意度指标\t服务对象满意度指标\t群众满意度\t抽样调查\t≥90%\n\n" + line + "\n")
    indicators = read_tree(rows_of(text, 0, len(text), Layout.tabbed), Layout.tabbed)
    assert [i.level3.value for i in indicators] == ["巡查镇数", "群众满意度"]


def test_no_indicator_of_the_sign_off_line_of_either_form(guangdong, guangdong_two):
    for projects in (guangdong, guangdong_two):
        assert len(projects) == 2
        level3s = [i.level3.value for p in projects for i in p.project.indicators]
        assert level3s[-1] == "受威胁群众满意度"
        assert not [t for t in level3s if "填报人" in t or "审核人" in t]


def test_a_scoring_rule_column_is_no_part_of_the_description(guangdong, guangdong_two):
    """c: 一级 | 二级 | 三级 | 指标解释 | 评（扣）分标准 | 目标值. The 评（扣）分标准 column is read apart (no field holds it:
    its cells are the table's unread text), never glued to the 指标解释, also where two spaces join the cells and
    the blank ones are dropped."""
    for projects in (guangdong, guangdong_two):
        first = projects[0]
        by_name = {i.level3.value: i for i in first.project.indicators}
        assert by_name["耕地动态巡查覆盖镇数"].description.value == "对全县各镇耕地开展动态巡查的镇数"
        assert by_name["违法占用耕地行为发现制止率"].value.raw == "≥95%"
        assert not [i for p in projects for i in p.project.indicators
                    if "得满分" in (i.description.value if i.description else "")]
        unread = {t.raw for t in first.unread_text}
        assert {"全部覆盖得满分，每少1个镇扣1分", "≥90%得满分，每低1个百分点扣0.5分"} <= unread
        assert "填报人：" not in unread


def test_a_rate_per_100000_is_a_rates_unit():
    text = ("一级指标\t二级指标\t三级指标\t指标值\n"
            "效益指标\t社会效益指标\t孕产妇死亡率\t≤18/10万\n")
    (ind,) = read_tree(rows_of(text, 0, len(text), Layout.tabbed), Layout.tabbed)
    assert (ind.value.number, ind.value.unit, ind.value.reasons) == (18, "/10万", [])


def test_a_value_its_wrap_cut_is_in_doubt_not_read_short():
    """c read back by RapidOCR: the narrow 目标值 column wraps `≥85%` as `≥8` … `5%` and `≤1.98万元` as `≤1.98` …
    `万元`, other rows' cells between: the figure kept is not the printed one, so it is flagged, never passed."""
    projects = _projects(EXPLORE_VARIANTS / "rapid" / "c_guangdong_declaration.rapid.txt")
    values = {i.value.raw: i.value for p in projects for i in p.project.indicators if i.value is not None}
    assert values["≥8"].flagged and values["≤1.98"].flagged
    assert Reason.cell_shifted in values["≥8"].reasons


def test_no_value_reads_a_scoring_rule_in_an_ocr_tree():
    """c read back by RapidOCR: a line's cell that says how the row is scored (`≥95%得满分，`, last on its line, the
    value `≥95%` on the next) is the 评（扣）分标准's wherever it stands, never the value."""
    projects = _projects(EXPLORE_VARIANTS / "rapid" / "c_guangdong_declaration.rapid.txt")
    assert not [i.value.raw for p in projects for i in p.project.indicators
                if i.value is not None and "得满分" in i.value.raw]


def test_a_tree_of_labelled_fields_read_back_by_ocr_flags_a_unit_no_form_prints():
    # a `key：value` tree printed and read back by tesseract (eval/explore2-variants tess): its labels and values
    # parted by gaps, the levels printed when they change; `·` of 元/人·年 read as `:`, a mark no unit prints
    lines = (
        "一级指标                           产出指标\n"
        "二级指标                           数量指标\n"
        "三级指标                           扶助人数\n"
        "指标值                             =52人\n"
        "二级指标                           成本指标\n"
        "三级指标                           奖励扶助标准\n"
        "指标值                             =960元/人:年\n"
    )
    first, second = _read_ocr(lines)
    assert (second.level1.value, second.level2.value, second.level3.value) == ("产出指标", "成本指标", "奖励扶助标准")
    assert (first.value.number, first.value.unit, first.value.flagged) == (52, "人", False)
    assert second.value.raw == "=960元/人:年" and Reason.illegible in second.value.reasons


def test_a_tree_of_labelled_fields_joins_wrapped_values_skips_page_furniture_and_ends_at_a_note():
    # key：value fields, one indicator a line: a 三级 wrapped onto the next line before the value's field, a page's
    # furniture between two indicators, a note under the tree (no value's end: reported unread by the account)
    text = (
        "一级指标：产出指标  二级指标：数量指标  三级指标：维修改造供水工程数量  指标值：≥12处\n"
        "三级指标：受益农村\n"
        "人口  指标值：≥3.2万人\n"
        "第 1 页 共 2 页\n"
        "二级指标：质量指标  三级指标：水质达标率  指标值：≥95%\n"
        "备注：指标值以县水利局批复为准。\n"
    )
    rows = rows_of(text, 0, len(text), Layout.spaced)
    indicators = read_tree(rows[tree_start(rows):], Layout.spaced)
    assert [(i.level1.value, i.level2.value, i.level3.value, i.value.raw) for i in indicators] == [
        ("产出指标", "数量指标", "维修改造供水工程数量", "≥12处"),
        ("产出指标", "数量指标", "受益农村人口", "≥3.2万人"),
        ("产出指标", "质量指标", "水质达标率", "≥95%"),
    ]


def test_a_list_header_wrapped_over_three_lines_names_its_trees_columns():
    """A list's header the OCR wrapped (the headings of two lines parted over the lines above and below the one
    that prints the others whole), in an order of its own: one row naming the tree's columns (levels, value,
    权重, 指标方向), none of the list's own (单位名称, 预算数); pieces in unequal numbers stand as they are."""
    text = "指标  一级  预算  度量  指标方\n项目名称  单位名称  三级指标  二级指标  权重  年度目标\n值  指标  数  单位  向\n"
    top, named, bottom = rows_of(text, 0, len(text), Layout.spaced)
    header = joined_header(top, named, bottom)
    assert sorted(c.compact for c in header.filled) == sorted(["三级指标", "二级指标", "权重", "指标值", "一级指标",
                                                               "度量单位", "指标方向"])
    header = joined_header(top, named, None)
    assert {"权重", "三级指标"} <= {c.compact for c in header.filled}
    assert not {"单位名称", "项目名称", "预算数", "年度目标"} & {c.compact for c in header.filled}
