"""Labels matched with OCR tolerance (`extract.rules.vocabulary`)."""

from __future__ import annotations

from extractor.extract.rules.vocabulary import Vocabulary, fold, stacked, value_start

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
    assert LABELS.match("项日名杯").key == "name"
    assert LABELS.match("年度项算收入(万元)").key == "income"  # one character wrong in a long label


def test_a_value_glued_to_its_label():
    text = "部门名称：中宁县司法局"
    hit = LABELS.match(text)
    assert hit.key == "name" and text[value_start(text, hit):] == "中宁县司法局"


def test_short_labels_match_exactly_and_cut_labels_fuzzily():
    assert LABELS.match("总分").key == "total" and LABELS.match("总计") is None
    assert LABELS.match("其中; 当年财政").key == "fiscal"  # the end of the label wrapped to the next line
    assert LABELS.match("年度部门预算收入(1至7项合计)") is None  # an item of the section, not its label
    assert LABELS.match("年度") is None  # too little of any label to tell


def test_a_label_stacked_down_lines():
    assert stacked(["部门", "名称", "及代码"], LABELS).key == "name"
    assert stacked(["部门"], LABELS) is None
