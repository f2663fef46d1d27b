"""Form labels matched through OCR damage (`vocabulary`)."""

from __future__ import annotations

import pytest

import extractor.vocabulary as vocabularies
from extractor.vocabulary import PROJECT_LABELS, Vocabulary, fold, is_heading, measured_units, stacked, value_start
from extractor.models import ColumnKind

LABELS = Vocabulary({
    "name": ["项目名称", "部门名称", "部门名称及代码"],
    "income": ["年度预算收入", "年度预算收入(万元)"],
    "fiscal": ["其中:当年财政拨款"],
    "goal": ["年度绩效目标"],
    "total": ["总分"],
}, 80)


def test_ocr_confusions_are_folded_on_both_sides():
    assert fold("项日名杯") == fold("项目名称")
    assert fold("年度项算收入〈万元)") == "年度项算收入(万元)"
    assert LABELS.match("项日名杯").field == "name"
    assert LABELS.match("年度项算收入(万元)").field == "income"  # one character wrong in a long label


def test_a_value_glued_to_its_label():
    text = "部门名称：中宁县司法局"
    hit = LABELS.match(text)
    assert hit.field == "name" and text[value_start(text, hit):] == "中宁县司法局"


def test_a_label_ends_where_its_value_starts():
    # a character OCR added inside the label: the label is one longer, the value is the number alone
    hit = PROJECT_LABELS.match("项目年度人金额    60")
    assert hit.field == "funds_total" and hit.rest == "60"
    # a traditional 門 keeps its place in the label, and no label ends in a digit
    assert PROJECT_LABELS.match("主管部門").rest == ""
    assert PROJECT_LABELS.match("主管部 223").rest == "223"


def test_short_labels_match_exactly_and_cut_labels_fuzzily():
    assert LABELS.match("总分").field == "total" and LABELS.match("总计") is None
    assert LABELS.match("其中; 当年财政").field == "fiscal"  # the end of the label wrapped to the next line
    assert LABELS.match("年度部门预算收入(1至7项合计)") is None  # an item of the section, not its label
    assert LABELS.match("年度") is None  # too little of any label to tell


def test_a_label_stacked_down_lines():
    assert stacked(["部门", "名称", "及代码"], LABELS).field == "name"
    assert stacked(["部门"], LABELS) is None


@pytest.mark.parametrize("printed, field_name", [
    ("项日名杯", "project_name"),  # 目→日, 称→杯
    ("年度资金总医", "funds_total"),
    ("项目年度爹客", "funds_total"),
    ("其中，财政 资金", "funds_fiscal"),
    ("专项资金名称", "project_name"),
    ("业务主管部门", "department"),
    ("项目起止时间", "period"),
    ("当年资金总额:", "funds_total"),
    ("主管", "department"),  # 主管 / 部门 / 及代码 printed down three lines
    ("项目其", "period"),  # 期→其 (seed 000 read by tesseract)
    ("其他资金", "funds_other"),  # 其 folded on both sides: its own labels still read
])
def test_labels_are_read_by_vocabulary_through_ocr_damage(printed, field_name):
    assert PROJECT_LABELS.match(printed).field == field_name


def test_a_value_is_no_label_even_when_it_starts_like_one():
    assert PROJECT_LABELS.match("其他项目").weak  # 项目属性 | 其他项目: never ends the search for 项目属性's value
    assert PROJECT_LABELS.match("经常性项目") is None


def test_the_units_an_indicator_measures_in_by_its_words():
    assert "%" in measured_units("服务对象满意度") and "人" not in measured_units("群众满意度")
    assert "月底" in measured_units("数据报送时限") and measured_units("案件结案率（%）") == measured_units("结案率")
    assert measured_units("培训人数") is None  # the words do not say
    # the target written after the words (seed 000: `社区矫正对象接收监管教育满意度95%以上`)
    assert measured_units("社区矫正对象接收监管教育满意度95%以上") == measured_units("满意度")


def test_a_piece_of_a_label_is_no_value():
    # 主管部 / 门及代 / 码 printed down a cell: the middle piece beside the value is label, not value
    assert PROJECT_LABELS.fragment("门及代 “") and PROJECT_LABELS.fragment("部门")
    assert not PROJECT_LABELS.fragment("行财科 05") and not PROJECT_LABELS.fragment("新增项目")


def test_a_long_label_cut_at_its_line_break_is_all_label():
    # 主管部门及代 / 码 down a cell: not 主管部门 with the value 及代
    hit = PROJECT_LABELS.match("主管部门及代")
    assert hit.field == "department" and hit.rest == ""
    assert PROJECT_LABELS.match("主管部门 行财科").rest == "行财科"


def test_a_text_only_like_a_labels_start_is_no_heading():
    """`其他项目` (a 项目属性 value) shares 其他 with 其他资金 but is no piece of it: a value the account must
    report when unread; a label cut short (`主管`, `及代`) is still the form's own word."""
    assert not is_heading("其他项目")
    assert is_heading("主管") and is_heading("及代")


def test_a_fragment_is_a_piece_inside_a_variant_and_no_whole_one():
    # every piece of every vocabulary's variants, and each variant with more after it: as the definition reads
    for vocabulary in (v for v in vars(vocabularies).values() if isinstance(v, Vocabulary)):
        variants = [variant for *_, variant in vocabulary._variants]
        texts = {v[a:b] for v in variants for a in range(len(v)) for b in range(a + 1, len(v) + 1)}
        texts |= {v + "金额" for v in variants}
        for text in texts:
            folded = fold(text)
            expected = len(folded) >= 2 and any(folded in v and folded != v for v in variants)
            assert vocabulary.fragment(text) == expected, text


@pytest.mark.parametrize("label, kind", [
    ("上年结转", ColumnKind.opening_balance),  # a balance carried in, not last year's column (上年预算数)
    ("年初结转和结余", ColumnKind.opening_balance),
    ("本年收入", ColumnKind.current_income),
    ("年末结转", ColumnKind.closing_balance),
    ("年末结转和结余", ColumnKind.closing_balance),
    ("本年支出 小计", ColumnKind.total),
    ("本年收入合计", ColumnKind.total),  # an income table's total
    ("上年预算数", ColumnKind.prior_year),
])
def test_carry_over_columns_have_kinds_of_their_own(label, kind):
    from extractor.vocabulary import column_kind, column_label

    assert column_kind(label, 2023) is kind
    assert column_kind(column_label(kind), 2023) is kind


@pytest.mark.parametrize("label, kind, guessed", [
    ("上年结", ColumnKind.opening_balance, True),  # 上年结转 wrapped at a line break: not the prior year's column
    ("本年收", ColumnKind.current_income, True),
    ("年末结", ColumnKind.closing_balance, True),
    ("本年收人", ColumnKind.current_income, True),  # tesseract's 人 for 入
    ("年未结转", ColumnKind.closing_balance, True),  # and 未 for 末
    ("上年结 转", ColumnKind.opening_balance, False),
    ("本年收入合计", ColumnKind.total, False),  # more after the heading: no carry-over
    ("一、本年收入", ColumnKind.unknown, False),  # a summary's side heading
    ("本年支", ColumnKind.unknown, False),
    ("上年预算数", ColumnKind.prior_year, False),
    ("上年", ColumnKind.prior_year, False),
    ("上年纺", ColumnKind.prior_year, True),  # 上年 before words of no prior-year heading: a guess
])
def test_carry_over_headings_are_read_through_ocr_damage_and_a_guess_says_so(label, kind, guessed):
    from extractor.vocabulary import column_kind, column_reading

    assert column_kind(label, 2023) is kind
    assert column_reading(label, 2023) == (kind, guessed)


@pytest.mark.parametrize("label, kind, guessed", [
    ("财政拨款", ColumnKind.other_fiscal, False),  # 浙江's 部门收入预算表: 合计 | 财政拨款 | 事业收入 …
    ("财政拨款收入", ColumnKind.other_fiscal, False),
    ("财政拔款", ColumnKind.other_fiscal, True),  # OCR's 拔 for 拨
    ("财政拨", ColumnKind.other_fiscal, True),  # a character lost at a line break
    ("财政拨款 一般公共预算", ColumnKind.general_budget, False),  # 财政拨款 over a group of columns
    ("财政拨款 小计", ColumnKind.total, False),
    ("一般公共预算财政拨款", ColumnKind.general_budget, False),
    ("财政专户", ColumnKind.unknown, False),
])
def test_a_bare_fiscal_heading_is_the_fiscal_income_column_and_a_group_heading_is_not(label, kind, guessed):
    from extractor.vocabulary import column_reading

    assert column_reading(label, 2024) == (kind, guessed)


@pytest.mark.parametrize("name, unit", [
    ("公务用车保有量（辆）", "辆"), ("国内公务接待批次（批）", "批"), ("公务接待人次", "人次"), ("公务用车保有量", "辆"),
    ("国内公务接待批次", "批次"), ("国内公务接待批次 〈批)", "批"), ("公务用车保有量《辆〉", "辆"), ("3.公务接待费", None), ("（2）公务用车运行维护费", None), ("其他（项目）支出", None),
])
def test_a_row_that_counts_things_names_its_unit(name, unit):
    from extractor.vocabulary import count_unit

    assert count_unit(name) == unit


@pytest.mark.parametrize("raw, parts", [
    ("项目名称：基本公共卫生服务项目", ["项目名称", "基本公共卫生服务项目"]),
    ("其中：财政拨款：398.80", ["其中：财政拨款", "398.80"]),  # (the label holds a colon of its own)
    ("主管部门 ： 南部县水利局", ["主管部门", "南部县水利局"]),  # (half- or full-width, spaces around)
    ("项目名称: 甲项目 项目编码: 5113", ["项目名称", "甲项目", "项目编码", "5113"]),  # two fields on one line
    ("一级指标：产出指标 指标值：≥62%", ["一级指标", "产出指标", "指标值", "≥62%"]),
    ("项日名称：社区矫正经费", ["项日名称", "社区矫正经费"]),  # (OCR tolerance: 目 read as 日)
    ("其他资金：0", ["其他资金", "0"]),
])
def test_a_key_value_text_parts_into_its_labels_and_values(raw, parts):
    assert [raw[a:b] for a, b in vocabularies.key_value_parts(raw)] == parts


@pytest.mark.parametrize("raw", [
    "单位：万元",  # the money unit's line: no field's label
    "年度总体目标 目标: 通过开展各类宣传活动",  # a value that starts `目标:` (seed 001 joined by spaces)
    "名称: 社区",  # a bare word of the form heading a label printed down its cell (项目(政策) / 名称)
    "部门名称: 剑",  # one character after the label: a wrapped value's first, glued to its label as printed
    "项目资金：",  # a heading of the funds under it: no value
    "备注：项目资金以县人大批准的部门预算为准。",
])
def test_a_text_with_no_labelled_value_stays_whole(raw):
    assert vocabularies.key_value_parts(raw) == ((0, len(raw)),)
