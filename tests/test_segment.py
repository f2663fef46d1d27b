from collections import Counter

import pytest

from extractor.grid import Layout
from extractor.models import TableKind
from extractor.segment import classify, segment

from conftest import seed_path


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
    ],
)
def test_classify_titles(title, header, kind):
    assert classify(title, header)[0] is kind
