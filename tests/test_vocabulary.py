"""Form labels matched through OCR damage."""

import pytest

from extractor.vocabulary import PROJECT_LABELS


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
])
def test_labels_are_read_by_vocabulary_through_ocr_damage(printed, field_name):
    assert PROJECT_LABELS.match(printed).field == field_name


def test_a_value_is_no_label_even_when_it_starts_like_one():
    assert PROJECT_LABELS.match("其他项目").weak  # 项目属性 | 其他项目: never ends the search for 项目属性's value
    assert PROJECT_LABELS.match("经常性项目") is None
