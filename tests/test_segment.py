from collections import Counter
from pathlib import Path

import pytest

from extractor.grid import Layout
from extractor.models import TableKind
from extractor.segment import classify, match_title, segment, table_headings

from conftest import ROOT, seed_path


def _chunks(prefix):
    return segment(seed_path(prefix).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "prefix, kinds",
    [
        (
            "000",
            {
                TableKind.income_expenditure_summary: 2,
                TableKind.expenditure_by_function: 1,
                TableKind.basic_expenditure_by_economic: 1,
                TableKind.fund_expenditure: 1,
                TableKind.department_expenditure: 1,
                TableKind.project_performance: 14,
                TableKind.department_performance: 1,
            },
        ),
        ("001", {TableKind.project_performance: 3}),
        ("002", {TableKind.project_performance: 24}),
        ("003", {TableKind.narrative: 1, TableKind.project_performance: 13}),
        ("004", {TableKind.department_performance: 1, TableKind.project_performance: 3}),
    ],
)
def test_every_seed_table_found_and_classified(prefix, kinds):
    assert Counter(c.kind for c in _chunks(prefix)) == kinds


def test_chunks_carry_title_label_and_offsets():
    text = seed_path("000").read_text(encoding="utf-8")
    chunks = _chunks("000")
    t3 = next(c for c in chunks if c.label == "表3")
    assert t3.title == "一般公共预算财政拨款支出预算表"
    assert text[t3.start : t3.start + 2] == "表3"
    assert "2040601\t行政运行" in text[t3.start : t3.end]
    # chunks tile the document in order without overlapping
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))


def test_a_table_split_over_pages_stays_one_chunk():
    text = seed_path("000").read_text(encoding="utf-8")
    t11_4 = next(c for c in _chunks("000") if c.label == "表11-4")
    body = text[t11_4.start : t11_4.end]
    # the page break falls between 其中：财 and the (万元) continuation
    assert "(万元)" in body and "服务对象满意度指标" in body


def test_layouts_detected():
    assert {c.layout for c in _chunks("003") if c.kind is TableKind.project_performance} == {Layout.vertical}
    assert {c.layout for c in _chunks("000")} == {Layout.tabbed}


def test_units_read_per_table():
    chunks = {c.label: c for c in _chunks("000")}
    assert chunks["表1"].unit == "万元"
    # 表3 prints no unit line: it takes the unit of the document's other tables
    assert (chunks["表3"].unit, chunks["表3"].unit_inferred) == ("万元", True)
    assert not chunks["表1"].unit_inferred


ECONOMIC_HEADER = "经济分类科目 人员经费"


@pytest.mark.parametrize(
    "title, header, kind",
    [
        ("2025年部门财务收支预算总表", "", TableKind.income_expenditure_summary),
        ("2025年部门支出预算总表", "", TableKind.department_expenditure),
        ("2025年部门一般公共预算支出功能分类预算表", "", TableKind.expenditure_by_function),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "", TableKind.basic_expenditure_by_economic),
        ("2025年部门“三公”经费和机关运行经费预算表", "", TableKind.three_public),
        ("2025年部门收入预算总表", "", TableKind.income_by_source),
        ("朝阳县司法局整体绩效目标申报表 (2021年度)", "", TableKind.department_performance),
        # 决算 titles take the kind of their 预算 counterpart; garbled OCR titles are mended first
        ("2024年部门收入决算表", ECONOMIC_HEADER, TableKind.income_by_source),
        ("2024年部门支出决算总表", ECONOMIC_HEADER, TableKind.department_expenditure),
        ("2024年部门财政拨款收支决算总表", ECONOMIC_HEADER, TableKind.income_expenditure_summary),
        ("2024年部门一般公共预算财政拨款基本支出决算表", ECONOMIC_HEADER, TableKind.basic_expenditure_by_economic),
        ("2025年部门财务收文预算总表", ECONOMIC_HEADER, TableKind.income_expenditure_summary),  # 收文 for 收支
        # a title naming 收入 and 支出 over rows by function code under 科目编码: a function table
        ("一般公共预算财政拨款收入支出决算表", "科目编码\t科目名称\t上年结转\t本年收入\n208\t社会保障和就业支出\t\t79.58\n"
         "20805\t行政事业单位养老支出\t\t79.58", TableKind.expenditure_by_function),
        ("财政拨款收入支出决算总表", "项目\t金额\n一、一般公共预算财政拨款\t1004.39", TableKind.income_expenditure_summary),
        # the 三公 table: 三公经费, 机关运行经费 unless its rows are economic codes, 会议费, 培训费
        ("机关运行经费支出预算表", "合计  12.00", TableKind.three_public),
        ("会议费、培训费支出预算表", "", TableKind.three_public),
        ("十、一般公共预算机关运行经费支出预算表", "302   商品和服务支出   5,890.55\n310   其他资本性支出   142.00",
         TableKind.basic_expenditure_by_economic),
        ("2021年财政拨款基本支出预算表", "301 工资福利支出 88.40\n30101 基本工资 30.15", TableKind.basic_expenditure_by_economic),
        ("2025年部门政府采购预算表", "", TableKind.procurement),
        ("财政拨款支出预算表（经济科目）", "", TableKind.basic_expenditure_by_economic),
        # no keyword the rules know: the vocabulary entry's kind, or the codes of the rows
        ("-般公芸预算财攻拨款攴出预算衣", "", TableKind.expenditure_by_function),
        ("附表", "2040601 行政运行 10.00\n2040602 一般行政管理事务 5.00", TableKind.expenditure_by_function),
        # 整体 with one character garbled is still the department's table (not a project's without its name);
        # a project's 总体 is not
        ("2021年部门整休支出预算绩效目标表", "", TableKind.department_performance),
        ("2021年部门敏体支出预算绩效目标衣", "", TableKind.department_performance),
        ("项目总体绩效目标表", "", TableKind.project_performance),
        ("2023年乡村振兴专项资金总体绩效目标表", "", TableKind.project_performance),  # 总体: a fund's own word
    ],
)  # fmt: skip
def test_classify_titles(title, header, kind):
    assert classify(title, header)[0] is kind


# --- titles by vocabulary, kinds, and where a table ends ---------------------------------

DATA = Path(__file__).resolve().parent / "data"


def _data(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _tables(text: str) -> list:
    return [c for c in segment(text) if c.kind is not TableKind.narrative]


# The title block and first rows under the 一般公共预算支出预算表 of 江苏省人民检察院 2017
# (field case rows-dropped-full-code-one-cell), printed under each title form below.
JIANGSU_BODY = """\
                     部门：                      江苏省人民检察院                                    单位：万元
                            功能科目代码                    功能科目名称                         金额
                                                                合计                                   17,981.68
                     204                         公共安全支出                                          13,641.34
"""


@pytest.mark.parametrize(
    "line, title, label, kind",
    [
        # printed lines from the field cases, dev set and dev scans
        ("                    八、一般公共预算支出预算表", "八、一般公共预算支出预算表", None, TableKind.expenditure_by_function),
        ("          财政拨款支出预算表（功能科目）", "财政拨款支出预算表(功能科目)", None, TableKind.expenditure_by_function),
        ("2015年桂林市司法局部门“三公”经费情况统计表 | ||", "2015年桂林市司法局部门“三公”经费情况统计表", None,
         TableKind.three_public),
        ("“三公”经费、会议费、培训费支出预算表", "“三公”经费、会议费、培训费支出预算表", None, TableKind.three_public),
        ("县本各部门预算项目 (政策) 绩效目标申报表 〈2021年度)", "县本各部门预算项目 (政策) 绩效目标申报表 〈2021年度)", None,
         TableKind.project_performance),
        ("8.人事代理专项补助绩效日标表", "8.人事代理专项补助绩效日标表", None, TableKind.project_performance),
        ("2025年部门财务收文预算总表", "2025年部门财务收文预算总表", None, TableKind.income_expenditure_summary),
        ("单位“三公”经费和机关运行经缆预算表", "单位“三公”经费和机关运行经缆预算表", None, TableKind.three_public),
        # forms named in docs/domain.md: a label beside the title, 表十二, (一级项目), 衣 for 表
        ("2021年部门收支预算总表          预算01-1表", "2021年部门收支预算总表", "预算01-1表",
         TableKind.income_expenditure_summary),
        ("表十二  2021年部门整体支出绩效目标表", "2021年部门整体支出绩效目标表", "表十二", TableKind.department_performance),
        ("2021年项目支出绩效目标表(一级项目)", "2021年项目支出绩效目标表(一级项目)", None, TableKind.project_performance),
        ("一般公共预算支出预算衣", "一般公共预算支出预算衣", None, TableKind.expenditure_by_function),
        ("2016年政府采购预算表", "2016年政府采购预算表", None, TableKind.procurement),
        ("2025年部门收入预算总表", "2025年部门收入预算总表", None, TableKind.income_by_source),
    ],
)  # fmt: skip
def test_title_forms_found_and_classified(line, title, label, kind):
    (table,) = _tables(line + "\n" + JIANGSU_BODY)
    assert (table.title, table.label, table.kind) == (title, label, kind)
    assert table.start == 0 and table.unit == "万元"


def test_a_label_printed_below_the_title_and_a_kemu_suffix():
    # 公开表四 end, then 公开表五 财政拨款支出预算表（功能科目）: two tables, not one
    text = _data("field/table-not-detected-title-kemu-suffix.txt")
    summary, function = _tables(text)
    assert (summary.title, summary.label, summary.kind) == (
        "财政拨款收支预算总表", "公开表四", TableKind.income_expenditure_summary)
    assert (function.title, function.label, function.kind) == (
        "财政拨款支出预算表(功能科目)", "公开表五", TableKind.expenditure_by_function)
    assert "2010101" not in text[summary.start : summary.end]
    assert "2010101" in text[function.header_end : function.end]
    assert "部门：" not in text[function.header_end : function.end]  # 公开表五 and 部门 are the title block


@pytest.mark.parametrize(
    "case, kind",
    [
        ("table-not-detected-pipe-rows", TableKind.three_public),
        ("zero-rows-sangong-vertical-list", TableKind.three_public),
        ("sangong-multilevel-header-values-mismapped", TableKind.three_public),
        ("zero-rows-horizontal-one-row-table", TableKind.department_expenditure),
        ("summary-side-wrong-three-column-groups", TableKind.income_expenditure_summary),
        ("rows-dropped-full-code-one-cell", TableKind.expenditure_by_function),
        ("column-meaning-single-amount-column-inferred", TableKind.expenditure_by_function),
        ("synthetic-whole-codes-final-accounts", TableKind.expenditure_by_function),
        ("synthetic-two-panel-basic-table", TableKind.basic_expenditure_by_economic),
        # 一般公共预算机关运行经费支出预算表 listing 302 / 310: an economic table, not the 三公 table
        ("code-list-vintage-name-mismatch", TableKind.basic_expenditure_by_economic),
    ],
)
def test_field_cases_give_one_table_of_their_kind(case, kind):
    text = _data(f"field/{case}.txt")
    (table,) = segment(text)
    assert table.kind is kind
    assert text[table.start : table.end].strip() == text.strip()


def test_the_title_block_takes_rules_and_stray_marks_beside_the_unit():
    text = _data("field/table-not-detected-pipe-rows.txt")
    (table,) = segment(text)
    assert table.title == "2015年桂林市司法局部门“三公”经费情况统计表"
    assert text[table.header_end :].lstrip().startswith("项 目 | 本年预算数")  # `? | 单位:万元 | |` is in the block


def test_a_form_field_beside_the_applicant_is_the_forms_first_row():
    """Seed 004 printed and read by PP-OCR (its blank lines not kept): 申报单位 and 实施期 share the row
    under the title; the row is the form's (its 实施期 read), not the title's block."""
    from extractor.api import extract_source
    from extractor.ingest import SourceText

    text = _data("segment/form_field_beside_applicant.txt")
    (table,) = segment(text)
    assert text[table.header_end:].lstrip().startswith("申报单位：朝阳县司法局")
    doc = extract_source(SourceText(path=Path("form.txt"), text=text, encoding="utf-8", sha256="", size=len(text)), "form")
    assert doc.tables[0].project.period.value == "2021年1月-2021年12月"


def test_a_title_wrapped_over_two_lines_is_joined():
    # the 上海 福利院 economic table's title (dev OCR), broken after 部门预算 as a narrow page prints it
    text = (
        "2024年预算单位一般公共预算基本支出部门预算\n"
        "经济分类预算表\n"
        "\n"
        "编制单位，上海市普陀区社会福利院\n"
        "项目                                             -般公共预算基本支出\n"
        "经济分类科目编码\n"
        "部门经济分类科目名称                      合计         人员经费       公用经费\n"
    )
    (table,) = segment(text)
    assert table.title == "2024年预算单位一般公共预算基本支出部门预算经济分类预算表"
    assert table.start == 0 and table.kind is TableKind.basic_expenditure_by_economic


# 表1 of seed 000 as tesseract read it (dev scans): unit and header rows
SCANNED_HEADER = """\
单位: 万元
收 入                                 支 出
项 目                  预算数     项目 〈按功能分类)          预算数
"""


def test_a_garbled_title_is_found_by_the_header_under_it():
    # 财政拨款收支预算表 garbled in four places: 衣 for 表 and 文 for 支 (docs/domain.md), 攻 and 箅 for 政 and 算
    garbled = "财攻拨款收文预箅衣"
    assert match_title(garbled).score < 80  # too far from the vocabulary to stand alone
    (table,) = segment(garbled + "\n" + SCANNED_HEADER)
    assert (table.title, table.kind) == (garbled, TableKind.income_expenditure_summary)
    # without header rows under it, the same line starts no table
    assert _tables(garbled + "\n本单位2021年无此项支出，故本表无数据。\n") == []


@pytest.mark.parametrize(
    "line",
    [
        "详见单位的项目绩效目标表",  # prose ending in 表 (上海 PDF, last line of the narrative)
        "项目                                  一般公共预算支出",  # a header row
        "合 计 | 34.35 | 34.35 |",  # a data row
        "三、政府采购预算情况",  # a heading of the narrative
    ],
)
def test_prose_header_and_data_lines_are_not_titles(line):
    assert _tables(line + "\n" + SCANNED_HEADER) == []


def test_contents_list_entries_are_not_titles():
    # the 目录 of the 上海 福利院 PDF (text layer): nine numbered table titles, the last one unnumbered next
    assert _tables(_data("segment/sh-putuo-fuliyuan-2024-budget.pdf-contents.txt")) == []


@pytest.mark.parametrize("contents", [
    # 浙江 (a county's 部门预算, page text): label and title on one line, an omission as dot leaders
    "目  录\n表1  部门收支预算总表\n表2  部门收入预算表\n……\n表6  政府性基金预算支出表\n表7  国有资本经营预算支出表\n",
    # the same read by RapidOCR: labels glued to their titles, the heading cut to `目`
    "目\n表1部门收支预算总表\n表2部门收入预算表\n表6 政府性基金预算支出表\n表7国有资本经营预算支出表\n",
    # 湖北's wording, blank lines between the entries (tesseract)
    "目录\n\n表一  财务收支预算总表\n\n表二  一般公共预算支出预算表\n\n表三  “三公”经费支出预算表\n",
    # 浙江 (a county's 部门预算): each title led by its year, wide spaces after the label
    "目录\n表3  2024年部门收入预算表\n表4  2024年一般公共预算支出表\n表6  2024年政府性基金预算支出表\n",
    # the same read by RapidOCR: the label glued to the year
    "目录\n表32024年部门收入预算表\n表42024年一般公共预算支出表\n表6 2024年政府性基金预算支出表\n",
    # 广东's wording: dot leaders and page numbers after each entry
    "目  录\n表一 2023年度部门收支总表…………………… 1\n表二 2023年度部门收入总表……………… 2\n"
    "表三 2023年度部门支出总表 3\n",
    # one entry only, under its 目录 heading (四川, a unit with one table to disclose)
    "目 录\n表2：2023年部门收入预算表\n",
])
def test_a_contents_list_of_labelled_titles_is_no_table(contents):
    """A 目录 page lists the tables by label and title, one a line: no table starts there (each would be
    an empty table, printed without a statement why); the table after it still does."""
    table = "\n第 1 页\n\n表2\n部门收入预算表\n单位：万元\n项目\t合计\t财政拨款收入\n合计\t12.00\t12.00\n"
    chunks = [c for c in segment(contents + table) if c.kind is not TableKind.narrative]
    assert [(c.title, c.kind) for c in chunks] == [("部门收入预算表", TableKind.income_by_source)]


@pytest.mark.parametrize("contents", [
    # a 目录 whose part heading ends in 表, its entries numbered `1.` with the page after a space
    "目录\n第一部分  部门概况\n第三部分  2024年部门预算表\n1. 部门收支总表 3\n2. 部门收入总表 4\n"
    "3. 政府性基金预算支出表 5\n第四部分  2024年部门预算情况说明\n",
    # entries without label or numbering, dot leaders to the page, under a heading printed 部门预算表
    "目 录\n部门预算表\n部门收支总表……………………1\n一般公共预算支出表………………2\n政府性基金预算支出表……3\n",
], ids=["numbered", "leaders"])
@pytest.mark.parametrize("page", ["12", "- 12 -", "第12页"])
def test_a_contents_list_of_paged_titles_is_no_table(contents, page):
    """A 目录 page lists the tables by title and page number, under a heading a table title could be: neither the
    heading nor an entry starts a table (its page numbers would be a table's amounts); the table after it does, and
    the page's number printed over or under its title is in no row."""
    table = "科目编码  科目名称  合计  基本支出  项目支出\n  合计  620.00    620.00\n229  其他支出  620.00    620.00\n"
    for text in (contents + f"\n{page}\n政府性基金预算支出表\n单位：元\n" + table,
                 contents + f"\n政府性基金预算支出表\n{page}\n单位：元\n" + table):
        chunks = [c for c in segment(text) if c.kind is not TableKind.narrative]
        assert [(c.title, c.kind) for c in chunks] == [("政府性基金预算支出表", TableKind.fund_expenditure)]
        assert text[chunks[0].header_end :].lstrip().startswith("科目编码")


def test_a_table_ends_where_the_narrative_begins():
    text = _data("field/synthetic-table-then-narrative.txt")
    table, narrative = segment(text)
    assert table.kind is TableKind.expenditure_by_function and narrative.kind is TableKind.narrative
    assert text[narrative.start :].startswith("第三部分 2024年度部门决算情况说明")
    assert text[table.start : table.end].endswith("206.71") and "2995.39" not in text[table.start : table.end]
    assert (table.index, narrative.index) == (1, 2)  # ids stay unique


def test_the_explanations_after_the_last_table_are_narrative():
    # end of the 上海 财政局 2025 PDF (text layer): economic table, 三公 table, 其他相关情况说明 …
    text = _data("segment/sh-putuo-caizheng-2025-budget.pdf-tail.txt")
    economic, three_public, narrative = segment(text)
    assert economic.kind is TableKind.basic_expenditure_by_economic
    assert three_public.kind is TableKind.three_public
    assert text[three_public.start : three_public.end].rstrip().endswith("229.43")
    assert narrative.kind is TableKind.narrative
    assert text[narrative.start :].lstrip().startswith("其他相关情况说明")
    assert text.rstrip().endswith("详见单位的项目绩效目标表")  # inside the narrative, not a table


def test_a_speck_between_a_rows_amounts_is_no_sentences_full_stop():
    """A 上海 财政拨款收支预算总表 with its cells joined by single spaces (`eval/dev-joined-one`): its first row
    `-般公共预算资金 ”91, 016, 775. 35 一、一般公共服务支出 82, 096, 797. 42 。 82, …` (the text layer's speck `。` a
    space apart, no cell gap left to part the cells) was taken for a sentence, the table cut after its header and its
    rows read as narrative. A full stop ends a sentence's last word; a speck standing apart ends none."""
    text = _data("segment/speck-stop-single-spaces-putuo.txt")
    (table,) = segment(text)
    assert table.kind is TableKind.income_expenditure_summary
    assert text[table.start:table.end].rstrip().endswith("支出总计 91, 016, 775. 35 91, 016, 775. 35")


def test_a_note_under_a_table_stays_with_it():
    # 上海 dev OCR: the empty 政府性基金 table ends with its note; no narrative chunk is cut out
    text = (ROOT / "eval" / "dev" / "ocr" / "sh-putuo-caizheng-2025-budget.txt").read_text(encoding="utf-8")
    chunks = segment(text)
    assert TableKind.narrative not in {c.kind for c in chunks}
    fund = next(c for c in chunks if c.kind is TableKind.fund_expenditure)
    assert text[fund.start : fund.end].rstrip().endswith("故本表为空表。")


@pytest.mark.parametrize(
    "title, kind",
    [
        ("2023年度项目支出绩效自评表", TableKind.self_evaluation),
        ("表5 2022年度部门整体支出绩效自评表", TableKind.self_evaluation),
        ("社区矫正工作经费绩效自评表", TableKind.self_evaluation),
        ("项目支出绩效自许表", TableKind.self_evaluation),  # 评 misread: the vocabulary decides
        ("项目支出绩效目标表", TableKind.project_performance),
        ("部门整体支出绩效目标表", TableKind.department_performance),
    ],
)
def test_self_evaluation_titles_are_a_kind_of_their_own(title, kind):
    assert classify(title, "")[0] is kind


FORMS = Path(__file__).parent / "data" / "segment" / "forms"


@pytest.mark.parametrize("name, title, project", [
    ("no_title.txt", "", "依法行政和行政复议"),  # the form's 项目名称 line starts it
    ("unknown_title.txt", "附表5", "依法行政和行政复议"),  # a title no vocabulary entry knows: the one-cell line above
    ("narrow_title.ocr.txt", "部门项目支出预算绩效目标表", "依法行政和行政复议"),  # 部门项 / 目支出 / 预算绩 / 效目标 / 表
    # down seven lines under `表 3:`, 部 and 表 garbled (`部站` … `玫`), the form's labels under it
    ("narrow_title_garbled.ocr.txt", "部站项目支出预算笋效目标玫(2021年度)", "安置帮教工作经费"),
])
def test_a_project_form_is_found_without_a_title_the_vocabulary_knows(name, title, project):
    """Seed 001's second project table cut without its title, under an unknown one, and scanned
    with its title wrapped down a narrow cell (the review of issue 17)."""
    text = (FORMS / name).read_text(encoding="utf-8")
    chunks = [c for c in segment(text) if c.kind is not TableKind.narrative]
    assert [(c.kind, c.title) for c in chunks] == [(TableKind.project_performance, title)]
    assert project in text[chunks[0].header_end : chunks[0].end]


def test_a_title_wrapped_under_its_label_is_one_table_with_the_whole_title():
    """Seed 000's 表3 printed on a portrait page (serif scan): `一般公共预算财政拨款支` / `出预算表`.
    The second line alone is a fair title (支出预算总表), but the two lines make a better one:
    one table, its whole title, from its label."""
    text = (Path(__file__).parent / "data" / "segment" / "wrapped_title.serif.ocr.txt").read_text(encoding="utf-8")
    (table,) = segment(text)
    assert (table.label, table.title) == ("表3", "一般公共预算财政拨款支出预算表")
    assert (table.start, table.kind) == (0, TableKind.expenditure_by_function)


def test_a_narrow_title_starts_where_its_words_start():
    """Seed 002 (serif scan): the last indicator's name wraps down its cell (`矛盾等工` / `作满意度`)
    just above the next form's title printed down a narrow cell (`部门项目` / `支出预算` / `绩效目标` / `表`):
    the short lines before the title's words stay with the form above."""
    text = (FORMS / "narrow_title_after_row.serif.ocr.txt").read_text(encoding="utf-8")
    title = [c for c in segment(text) if c.kind is TableKind.project_performance][-1]
    assert title.title == "部门项目支出预算绩效目标表"
    assert text[title.start:].startswith("部门项目")


REVIEW = Path(__file__).parent / "data" / "review17"


@pytest.mark.parametrize("name", ["notice2.txt", "procurement2.txt"])
def test_a_text_quoting_the_forms_labels_is_no_project_table(name):
    """A finance bureau's notice listing the form's labels, a procurement announcement (项目名称 /
    预算金额 / 实施单位): no indicator tree follows, so no project form starts (the review of issue 17)."""
    text = (REVIEW / name).read_text(encoding="utf-8")
    assert not [c for c in segment(text) if c.kind is TableKind.project_performance]


def test_a_contents_list_of_short_titles_is_no_title():
    """一、收支总表 / 二、收入总表 …: numbered short lines are a contents list, not a title printed down a cell."""
    text = (REVIEW / "contents_list.txt").read_text(encoding="utf-8") + seed_path("000").read_text(encoding="utf-8")
    chunks = [c for c in segment(text) if c.kind is not TableKind.narrative]
    assert [c.title for c in chunks] == [c.title for c in _chunks("000") if c.kind is not TableKind.narrative]


def test_a_multi_project_list_is_one_chunk_per_project():
    """A list of projects, one row each with its indicators under it: one chunk per project, from
    its row to the next's, every one sharing the list's column header row."""
    path = Path(__file__).parent / "data" / "projects" / "multi_list.txt"
    text = path.read_text(encoding="utf-8")
    chunks = segment(text)
    assert [c.kind for c in chunks] == [TableKind.project_performance] * 2
    header = text.index("单位名称")
    assert all(c.columns == (header, text.index("\n", header)) for c in chunks)
    assert chunks[0].end < chunks[1].start == text.index("宁乡市司法局\t人民调解经费")
    assert chunks[1].header_end == chunks[1].start  # no header of its own


def test_a_name_label_line_the_ocr_printed_twice_starts_no_second_form():
    """Seed 002's 政府法律顾问 form printed in Noto Sans at 150 dpi and read by tesseract: the
    `项目名称` line came out twice (`项目名称“| …` / `页目名称“| …`) under the title. A form's labels
    come again only after its indicator tree: one project table, its tree with it, not a table of a
    title and a name alone and another named after the department."""
    text = (DATA / "segment" / "label_line_twice.sans150.ocr.txt").read_text(encoding="utf-8")
    first, following = [c for c in segment(text) if c.kind is not TableKind.narrative]  # the next form's title ends it
    form = text[first.start:first.end]
    assert first.kind is TableKind.project_performance and "政府法律" in form
    assert "项目名称" in form and "页目名称" in form and "三级指标" in form
    assert following.start > text.index("三级指标")


def test_table_headings_are_the_labels_printed_alone_on_their_lines():
    text = "部门预算公开\n表1\n收支总表\n见表 2 的说明\n表 11-3：\n  预算02-1表\n表4 一般公共预算支出表\n"
    found = table_headings(text)
    assert [label for label, _ in found] == ["表1", "表11-3", "预算02-1表"]
    assert [text[s.start:s.end] for _, s in found] == ["表1", "表 11-3：", "  预算02-1表"]


def test_a_form_whose_name_label_was_lost_does_not_take_the_next_forms_name():
    """Seed 002 printed in AR PL UMing at 200 dpi and read by tesseract with `--psm 3`: a form's title came out
    one word a line (`部门项目` / `支出预算` / …) and its 项目名称 line was lost; its tree follows, then the next form
    with a garbled title and its own `项目名称 | 骂法关中市红志全区 | 实施单位 …`. That name line was taken as the
    titled form's (a title started since the last name), so the two forms were one table and 15 facts of the
    second were lost with no flag. An indicator tree between the title and a name line means the name starts
    a form of its own."""
    text = (DATA / "segment" / "form-name-lost-then-next-form-uming200psm3-002.ocr.txt").read_text(encoding="utf-8")
    forms = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert len(forms) == 3
    assert text[forms[1].start:forms[1].end].lstrip().startswith("项目名称 | 骂法关中市红志全区")


def test_a_form_whose_first_cells_the_ocr_garbled_is_found_by_its_labels_mid_line():
    """Seed 002 at `--psm 3` (AR PL UMing, 200 dpi): the 水电费 form's title came out one word a line without its
    表, its name under a bare `项目名`, and the first cells of its lines garbled (`主管半`, `入目局`, `雪是老`) while
    the labels printed mid-line stood (`实施单位`, `项目期限`, `项目年度金额`). Read at line starts only, the form
    had one label and was no form: it went into the form above, whose tree then held two trees, and the
    evaluation counted the last form of the document lost with no flag (15 facts). Three labels anywhere
    on the lines under a name say a form's head too."""
    text = (DATA / "segment" / "form-labels-mid-line-uming200psm3-002.ocr.txt").read_text(encoding="utf-8")
    forms = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert len(forms) == 3
    assert "于用司法协理员" in text[forms[0].start:forms[0].end] and "水电费" not in text[forms[0].start:forms[0].end]
    assert text[forms[1].start:forms[1].end].lstrip().startswith("项目名\n\n水电费")


def test_a_narrow_title_without_its_biao_under_its_label_starts_a_form():
    """Seed 001 printed in Noto Sans at 200 dpi and read by tesseract with `--psm 11` (every word a line of its
    own): 表3's title came out a word a line without its 表 (`部门` / `项目` / … / `目标` / `(2021` / `年度)`) and the
    form's labels cut to pieces (`项目` / `安置帮教工作` / `红` / `经` / `名称`), so neither header rows nor form
    labels followed the title; the form went into the one above and its 26 facts were lost with no flag. Under
    its label a title the vocabulary knows well starts the table; its run ends at the year, not at the form's
    `项目` under it."""
    text = (DATA / "segment" / "title-without-biao-under-label-sans200psm11-001.ocr.txt").read_text(encoding="utf-8")
    forms = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert [(c.label, c.title) for c in forms] == [("表3", "部门项目支出预算绩效目标(2021年度)")]
    assert "安置帮教工作" in text[forms[0].start:forms[0].end] and "满意度指标" not in text[forms[0].start:forms[0].end]


def test_a_form_printed_one_cell_a_line_starts_at_its_name_label():
    """Two project forms of a web page printed one cell a line, one title over both: the second's `项目名称`
    starts a form of its own, its tree's header printed one heading a line (`一级指标` / `二级指标`). Read as the
    first's, its 财政拨款 and 其他资金 became that tree's satisfaction indicators, unflagged."""
    text = (DATA / "indicators" / "value-pieces-one-cell-a-line.txt").read_text(encoding="utf-8")
    forms = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert len(forms) == 2
    assert text[forms[1].start:forms[1].end].lstrip().startswith("项目名称\n林业有害生物防治经费")


@pytest.mark.parametrize("copy", ["rapid/a_sichuan_project_list.rapid.txt", "tess/a_sichuan_project_list.tess.txt"])
def test_a_multi_project_list_whose_header_the_ocr_wrapped_is_one_chunk_per_project(copy):
    """Explore a (a 四川 list of 3 projects: 单位名称 | 项目名称 | 预算数 | 年度目标 | 一级 | …) printed and read back by
    RapidOCR and tesseract: the header wraps over three lines (`预算  一级  指标` / `单位名称  项目名称  年度目标 …` /
    `数  指标  性质`), so no row names 项目名称 with 一级, and the list was one chunk: projects 2 and 3 were read as
    project 1's rows, lost unsaid. A project's row is told by its amount, its goal's prose and the 产出 its tree
    starts with, after the tree above reached its 效益 / 满意度: one chunk per project, each from its row's first line."""
    text = (ROOT / "eval" / "explore-variants" / copy).read_text(encoding="utf-8")
    chunks = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert len(chunks) == 3
    assert "45.80" in text[chunks[0].start:chunks[0].end]
    second, third = (text[c.start:c.end] for c in chunks[1:])
    assert second.startswith("剑阁县农业技" if "rapid" in copy else "剑阅县胡业技") and "32.00" in second
    assert "3200" in second and "第22页" in second  # (its rows after the page break with it)
    assert third.lstrip("| ").startswith("在全县286个行政村") and "68.50" in third and "3200" not in third


def test_forms_printed_key_value_under_one_title_are_a_table_each():
    # 项目名称：… / … / 一级指标：产出指标 … printed one field a line, two forms under one title: the second's 项目名称
    # line starts a table of its own, its labels and tree read through the same cells as a grid form's
    text = (ROOT / "eval" / "explore2" / "f_anhui_project_kv.txt").read_text(encoding="utf-8")
    forms = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert [text[c.start:c.end].count("项目名称：") for c in forms] == [1, 1]


@pytest.mark.parametrize("copy", ["rapid/a_sichuan_project_list.rapid.txt", "tess/a_sichuan_project_list.tess.txt"])
def test_a_wrapped_list_whose_trees_close_unread_is_still_one_chunk_per_project(copy):
    """The same copies with 效益 and 满意 garbled (`效盖`, `蒲意`: tesseract reads 满意 as `注意`): no tree was seen to
    close, so no project row was told and the list was one chunk. A row well past the last project's amount (a
    tree between) printing a 预算数 with a goal's prose and the 产出 of a new tree starts a project all the same."""
    text = (ROOT / "eval" / "explore-variants" / copy).read_text(encoding="utf-8")
    for word, garbled in {"效益": "效盖", "满意": "蒲意", "注意": "蒲意"}.items():
        text = text.replace(word, garbled)
    chunks = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert ["45.80" in part and "32.00" not in part for part in (text[c.start:c.end] for c in chunks[:1])] == [True]
    assert [("32.00" in part, "68.50" in part) for part in (text[c.start:c.end] for c in chunks[1:])] == [
        (True, False), (False, True)]
    assert all(c.listed == chunks[0].listed for c in chunks)


def test_a_wrapped_list_of_one_project_is_read_as_a_list():
    """A wrapped list whose other projects' rows are not told is one chunk, still a project of a list
    (`Chunk.listed`: its department line and 合计 read as the list's)."""
    text = (ROOT / "eval" / "explore-variants" / "rapid" / "a_sichuan_project_list.rapid.txt").read_text(encoding="utf-8")
    text = text[:text.index("剑阁县农业技  农作物病虫")] + text[text.index("合计  146.30"):]
    (chunk,) = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert chunk.listed is not None and text[chunk.listed[0]:chunk.listed[1]].startswith("单位名称")


def test_a_wrapped_lists_project_row_whose_output_word_is_garbled_is_told_by_its_quantity_indicators():
    """The RapidOCR copy of explore a with the 产出 of projects 2 and 3 garbled (`声册`, as tesseract read project 1's):
    the 数量指标 a tree starts with under 产出, on the project's row, tells the new tree all the same: 3 chunks (was
    one: projects 2 and 3 read as project 1's rows)."""
    text = (ROOT / "eval" / "explore-variants" / "rapid" / "a_sichuan_project_list.rapid.txt").read_text(encoding="utf-8")
    for row in ("将  产出", "剑阁县农  农村人居环境整  产出"):
        assert row in text
        text = text.replace(row, row.replace("产出", "声册"))
    chunks = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert [next(a for a in ("45.80", "32.00", "68.50") if a in text[c.start:c.end]) for c in chunks] == [
        "45.80", "32.00", "68.50"]


def test_a_wrapped_lists_project_row_whose_amount_is_garbled_is_told_by_its_goal_and_new_tree():
    """The RapidOCR copy of explore a with project 3's 预算数 garbled (`68.5O`): no figure of a 预算数's shape on its
    row, so it was read as project 2's rows. Well past project 2's row, the first line of a goal with the 产出 of a
    new tree beside it starts a project all the same: 3 chunks, the third from its goal's first line."""
    text = (ROOT / "eval" / "explore-variants" / "rapid" / "a_sichuan_project_list.rapid.txt").read_text(encoding="utf-8")
    assert text.count("68.50  ") == 1
    text = text.replace("68.50  ", "68.5O  ")
    chunks = [c for c in segment(text) if c.kind is TableKind.project_performance]
    assert len(chunks) == 3
    assert text[chunks[2].start:chunks[2].end].startswith("在全县286个行政村") and "3200" not in text[chunks[2].start:chunks[2].end]
