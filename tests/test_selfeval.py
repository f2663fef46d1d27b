"""Self-evaluation tables (绩效自评表) read into their own fields: the standard
项目支出绩效自评表 form written for the test from the form's headers (domain.md)
in three layouts (tabs, pipes, one cell per line), a 部门整体 one (space-aligned,
tabs), and both printed and read back by tesseract (`../shared/tools/scan.py`,
output stored in tests/data/selfeval)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import changed, only_table
from extractor.extract.rules.selfeval import _by_content
from extractor.grid import Cell
from extractor.models import Check, Operator, Reason, SelfEvaluationTable, TableKind

DATA = Path(__file__).parent / "data" / "selfeval"


def _read(name: str):
    return only_table(DATA / name, SelfEvaluationTable)


def _funds(ev):
    return {f.role: tuple(None if a is None else a.value for a in (
        f.budget_initial, f.budget_adjusted, f.executed, f.points, f.execution_rate, f.score)) for f in ev.funds}


def _indicators(ev):
    return [(i.level1.value if i.level1 else None, i.level2.value if i.level2 else None, i.level3.value,
             i.value.raw if i.value else None, i.actual.value if i.actual else None,
             i.points.value if i.points else None, i.score.value if i.score else None,
             i.deviation.value if i.deviation else None) for i in ev.indicators]


PROJECT_INDICATORS = [
    ("产出指标", "数量指标", "社区矫正对象监管人数", "≥120人", "126人", 20, 20, None),
    ("产出指标", "质量指标", "社区矫正对象重新犯罪率", "≤1%", "0%", 15, 15, None),
    ("产出指标", "时效指标", "经费支付及时率", "=100%", "95%", 15, 12, "个别款项年底才支付,下年度提前安排支付进度"),
    ("效益指标", "社会效益指标", "社区矫正对象再犯罪率下降", "有效降低", "有效降低", 30, 30, None),
    ("满意度指标", "服务对象满意度指标", "社区矫正对象满意度", "≥95%", "96%", 10, 10, None),
]


@pytest.mark.parametrize("name", ["project_tabbed.txt", "project_pipe.txt", "project_vertical.txt", "project_one_cell_a_line.txt"])
def test_project_self_evaluation_in_its_own_fields(name):
    doc, table = _read(name)
    ev = table.evaluation
    assert table.kind is TableKind.self_evaluation and table.unit == "万元"
    assert (ev.project_name.value, ev.department.value, ev.implementing_unit.value) == (
        "社区矫正工作经费", "中宁县司法局", "中宁县司法局本级")
    assert _funds(ev) == {
        "total": (20, 20, 18.5, 10, 92.5, 9.25),
        "fiscal": (20, 20, 18.5, None, None, None),  # `—` under 分值 / 执行率 / 得分: no value
        "carryover": (0, 0, 0, None, None, None),
        "other": (0, 0, 0, None, None, None),
    }
    assert ev.annual_goal.value.startswith("完成全县社区矫正对象的日常监管")
    assert ev.annual_outcome.value == "全年监管社区矫正对象126人,无脱管漏管,重新犯罪率为零。"
    assert _indicators(ev) == PROJECT_INDICATORS
    assert ev.indicators[0].value.operator is Operator.ge and ev.indicators[0].value.number == 120
    assert (ev.total_points.value, ev.total_score.value, ev.grade.value) == (100, 96.25, "优")
    # everything printed is in a field; the scores add up
    assert not table.warnings and not table.unread and not doc.findings
    assert not any(i.score.flagged or i.points.flagged for i in ev.indicators)


DEPARTMENT_INDICATORS = [
    ("产出指标", "数量指标", "调解纠纷件数", "≥1200件", "1260件", 20, 20, None),
    ("产出指标", "质量指标", "调解成功率", "≥95%", "98%", 20, 20, None),
    ("产出指标", "时效指标", "法律援助案件办结率", "=100%", "96%", 10, 8, "部分案件跨年度办理,加快办理进度"),
    ("效益指标", "社会效益指标", "群众法治意识", "明显提高", "明显提高", 20, 18, "宣传覆盖面不足,扩大普法宣传范围"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 20, 20, None),
]


@pytest.mark.parametrize("name", ["department_spaced.txt", "department_tabbed.txt"])
def test_department_self_evaluation_space_aligned_and_with_a_shifted_row(name):
    # department_tabbed.txt prints the 质量指标 row one cell left of its column:
    # positions are not trusted for it, its cells are read by content
    doc, table = _read(name)
    ev = table.evaluation
    assert ev.project_name is None and ev.department.value == "平罗县司法局"
    assert _funds(ev) == {
        "total": (512.3, 540.8, 528.16, 10, 97.66, 9.77),
        "fiscal": (512.3, 530.8, 518.16, None, None, None),
        "carryover": (0, 10, 10, None, None, None),
        "other": (0, 0, 0, None, None, None),
    }
    assert ev.annual_outcome.value == "全年调解纠纷1260件,调解成功率98%,办理法律援助案件318件。"
    assert _indicators(ev) == DEPARTMENT_INDICATORS
    assert (ev.total_points.value, ev.total_score.value, ev.grade.value) == (100, 95.77, "优")
    assert not table.warnings and not doc.findings


def test_project_self_evaluation_read_back_by_tesseract():
    """What OCR kept is read; what it garbled is flagged or listed, never dropped."""
    doc, table = _read("project_tabbed.ocr.txt")
    ev = table.evaluation
    assert (ev.project_name.value, ev.department.value, ev.implementing_unit.value) == (
        "社区矫正工作经费", "中宁县司法局", "中宁县司法局本级")
    funds = _funds(ev)
    assert funds["total"] == (20, 20, 18.5, 10, 92.5, 9.25)  # 执行率 printed `92.50%6`: repaired, and said so
    assert Reason.number_repaired in ev.funds[0].execution_rate.reasons
    assert funds["fiscal"] == (20, 20, 18.5, None, None, None)
    assert ev.annual_goal.value == "完成全县社区矫正对象的日常监管和教育帮扶,确保社区矫正对象不脱管、不漏管。"
    assert (ev.total_points.value, ev.total_score.value, ev.grade.value) == (100, 96.25, "优")
    # every indicator row kept its 分值 and 得分, so the sums hold
    assert [(i.points.value, i.score.value) for i in ev.indicators] == [(20, 20), (15, 15), (15, 12), (30, 30), (10, 10)]
    assert not [f for f in doc.findings if f.check is Check.evaluation_scores]
    timely = ev.indicators[2]
    assert (timely.level3.value, timely.value.raw, timely.actual.value) == ("经费支付及时率", "=100%", "95%")
    # a row whose 三级 and value OCR glued (`人 >120人`) or left short is read with doubt
    assert ev.indicators[0].value.raw == ">120人" and ev.indicators[0].value.flagged
    assert ev.indicators[1].value.raw == "<1%" and ev.indicators[1].level3.flagged
    # a value cell holding only a unit (its number lost) is illegible
    lost = ev.indicators[3]
    assert lost.value.raw == "人" and Reason.illegible in lost.value.reasons and lost.actual.flagged
    # the wrapped lines no field took are reported unread (account.unread_text), flagged
    assert any("个别区项年底才支付" in u.value and u.flagged for u in table.unread_text)


def test_department_self_evaluation_read_back_by_tesseract():
    doc, table = _read("department_tabbed.ocr.txt")
    ev = table.evaluation
    assert ev.department.value == "平罗县司法局"
    funds = _funds(ev)
    assert funds["total"] == (512.3, 540.8, 528.16, 10, 97.66, 9.77)
    # `其中; 当年财政` / `拨款 512.30 …`: a label wrapped over two lines keeps its numbers
    assert funds["fiscal"] == (512.3, 530.8, 518.16, None, None, None)
    assert ev.funds[1].name.value == "其中; 当年财政 拨款"
    assert funds["carryover"] == (0, 10, 10, None, None, None)
    assert (ev.total_points.value, ev.total_score.value, ev.grade.value) == (100, 95.77, "优")
    by_level3 = {i.level3.value: i for i in ev.indicators}
    assert (by_level3["调解成功率"].actual.value, by_level3["调解成功率"].score.value) == ("98%", 20)
    # scores OCR garbled break 得分 ≤ 分值 and the sums: findings flag them
    messages = [f.message for f in doc.findings if f.check is Check.evaluation_scores]
    assert any("exceeds its 分值" in m for m in messages) and any(m.startswith("Σ 分值 = 总分") for m in messages)
    garbled = next(i for i in ev.indicators if i.points.value == 2)
    assert garbled.points.flagged and garbled.score.flagged


def test_a_glyph_where_the_operator_stands_is_flagged_in_a_self_evaluation(tmp_path):
    """The serif face's ≥ read by tesseract as `过` (eval/dev-scans-serif): in a self-evaluation's
    年度指标值 the figure is read without an operator and flagged, never passed as a text or a bare 120."""
    path = tmp_path / "project.txt"
    path.write_text((DATA / "project_tabbed.txt").read_text(encoding="utf-8").replace("≥120人", "过120人"), encoding="utf-8")
    _, table = only_table(path, SelfEvaluationTable)
    value = table.evaluation.indicators[0].value
    assert (value.raw, value.operator, value.number, value.unit) == ("过120人", None, 120, "人")
    assert Reason.number_ambiguous in value.reasons and value.confidence < 0.8



def test_a_row_whose_value_is_a_date_and_whose_scores_are_lost_is_an_indicator_row():
    """A 时效指标 row printing dates for its 年度指标值 and 实际完成值 (`2025年12月底前`: text, no figure) with no
    分值 / 得分, read by content: still an indicator row, its lost scores flagged, never taken for a wrapped line
    (which would drop it) for printing no figure."""
    cells, at = [], 0
    for k, raw in enumerate(["经费支付及时率", "2025年12月底前", "2025年11月20日"]):
        cells.append(Cell(raw, at, at + len(raw), 20 * k, 20 * k + len(raw)))
        at += len(raw) + 1
    roles, doubt = _by_content(cells)
    assert {k: c.raw for k, c in roles.items()} == {"level3": "经费支付及时率", "value": "2025年12月底前",
                                                    "actual": "2025年11月20日"}
    assert doubt == [Reason.missing_value]


def test_names_wrapped_around_their_row_in_ocr_lines_are_joined_and_flagged():
    """RapidOCR reads a row's middle line first, so a cell wrapped over two lines prints half above
    its row and half below (`社区矫正对象监` / `产出指标 数量指标 ≥120人 …` / `管人数`), as does the 实施单位
    beside its label. The two halves are joined into the field, flagged `column_inferred` (which lines
    are its text is read from their order); a level name's end (`标`, `意度指标`) is no part of the 三级.
    A head line that also prints the 实际完成值's head (`经费支付完成 2023年11月`) gives the name its head,
    and stays the flagged row without scores it was read as (its date is no loss)."""
    doc, table = _read("project_wrapped.ocr.txt")
    ev = table.evaluation
    assert ev.implementing_unit.value == "中宁县司法局社区矫正中心"
    assert Reason.column_inferred in ev.implementing_unit.reasons
    scored = [i for i in ev.indicators if i.points is not None]
    assert [i.level3.value for i in scored] == [
        "社区矫正对象监管人数", "经费支付完成时限", "社区矫正对象再犯罪率下降", "社区矫正对象满意度"]
    assert all(Reason.column_inferred in i.level3.reasons and i.level3.flagged for i in scored)
    assert [(i.points.value, i.score.value) for i in scored] == [(20, 20), (30, 27), (30, 30), (10, 10)]
    (stub,) = [i for i in ev.indicators if i.points is None]
    assert stub.actual.value == "2023年11月" and stub.level3.flagged
    assert not [f for f in doc.findings if f.check is Check.evaluation_scores]  # the sums hold


def test_a_name_read_on_its_row_below_a_text_only_line_is_in_doubt(tmp_path):
    """tesseract prints a wrapped 三级's first line above its row and the rest on the row's line
    (`社区矫正对象监` / `产出指标 数量指标 管人数 ≥120人次 …`): the name read on the row is in doubt
    (`column_inferred`), for the line above, left unread, may be its head or a wrapped 偏差原因."""
    path = changed(tmp_path, DATA / "project_wrapped.ocr.txt", "产出指标  数量指标  ≥120人次  126人次  20  20\n管人数",
                   "产出指标  数量指标  管人数  ≥120人次  126人次  20  20")
    _, table = only_table(path, SelfEvaluationTable)
    name = table.evaluation.indicators[0].level3
    assert name.value == "管人数" and Reason.column_inferred in name.reasons and name.flagged
    assert "社区矫正对象监" in [t.raw for t in table.unread_text]


def test_a_level_name_wrapped_around_its_row_in_ocr_lines_is_joined_and_flagged():
    """A 二级 wrapped over two lines prints around its row too: its head on the line above the 一级's row
    (`社会效益指`, read as a 二级 alone; `服务对象满`, known only once whole) and its end below (`标`,
    `意度指标`). It is the 二级 of that row, joined and flagged `column_inferred`, not lost to the 一级
    named after it."""
    _, table = _read("project_wrapped.ocr.txt")
    levels = [(i.level1.value, i.level2.value if i.level2 else None) for i in table.evaluation.indicators]
    assert levels[-2:] == [("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
    assert all(Reason.column_inferred in i.level2.reasons for i in table.evaluation.indicators[-2:])
    assert not table.evaluation.indicators[0].level2.reasons  # a 二级 printed on its row: no doubt


GROUPED_FUNDS = {
    "total": (820, 900, 864, 10, 96, 9.6),
    "fiscal": (780, 860, 824, None, 95.81, None),
    "other": (40, 40, 40, None, 100, None),
    "basic": (500, 520, 520, None, 100, None),
    "project": (320, 380, 344, None, 90.53, None),
}


def test_funds_rows_under_their_group_headings():
    """A 部门整体 form groups its funds rows (`按收入性质分 | 财政拨款`, `按支出性质分 | 基本支出`): the label stands
    in the row's third cell, after the group heading, which is no row of its own. Every row is read, the
    expenditure side (基本支出 / 项目支出) under roles of its own; both splits add up to the total."""
    doc, table = _read("department_grouped.txt")
    ev = table.evaluation
    assert _funds(ev) == GROUPED_FUNDS
    assert [f.name.value for f in ev.funds] == ["年度资金总额", "财政拨款", "其他资金", "基本支出", "项目支出"]
    assert ev.department.value == "永登县教育局"  # (部门名称 also names the department of a 部门整体 form)
    assert not doc.findings and not table.unread and not table.unread_text


def test_funds_labels_wrapped_around_their_numbers_in_ocr_lines():
    """RapidOCR prints a funds row's two-line label around its numbers (`其他` / `40.00 40.00 40.00 100.00%` /
    `资金`), or the group heading on the numbers' line and the label around it (`财政` / `按收入性质分 780.00 …` /
    `拨款`), and a wrapped heading around the header (`全年预` / `… 年初预算数  全年执行数 …` / `算数`). The label's
    lines are joined into a label the vocabulary knows, the row read flagged `column_inferred`; the numbers go
    under the form's columns, the heading lost between two read being the form's own."""
    doc, table = _read("department_grouped.ocr.txt")
    ev = table.evaluation
    assert _funds(ev) == GROUPED_FUNDS
    assert [f.name.value for f in ev.funds[1:]] == ["财政拨款", "其他资金", "基本支出", "项目支出"]
    assert all(Reason.column_inferred in f.name.reasons and f.executed.flagged for f in ev.funds[1:])
    assert not ev.funds[0].name.reasons
    assert not [f for f in doc.findings if f.check in (Check.project_funds, Check.evaluation_scores)]
    assert not table.unread


def test_ocr_lines_header_words_and_interleaved_columns_are_never_silent_values():
    """RapidOCR lines of a 部门整体 form (department_wrapped.ocr.txt): the goal's two columns wrapped, their
    lines interleaved one cell a line (`保障全县义务教育学校正常` / `全县义务教育学校正常运转` / …), which no position
    tells apart: read into the 预期目标 flagged `unaligned`, never passed as sure. The pieces of a label and of
    the indicator header wrapped over lines (`目标`; `二级  年度指  偏差原因及改进` above the header, `指标  标值  措施`
    below) are headings, never the goal's or the outcome's text."""
    _, table = _read("department_wrapped.ocr.txt")
    ev = table.evaluation
    goal = ev.annual_goal
    assert goal.value.startswith("保障全县义务教育学校正常") and goal.value.endswith("造。")
    assert Reason.unaligned in goal.reasons and goal.flagged
    assert ev.annual_outcome is None
    words = ("目标保障", "二级", "年度指", "偏差原因", "标值", "措施")
    assert not any(w in goal.value for w in words)
    assert not any(w in i.level3.value for i in ev.indicators for w in words)


def test_ocr_lines_a_name_cut_by_its_wrapped_lines_is_in_doubt_and_a_value_above_its_row_is_its_value():
    """A 三级 wrapped over three lines, its head above a line of a level name alone (`薄弱学校改` / `数量` /
    `产出指标  造工程完成 …`): the name read on the row is in doubt (`column_inferred`). A piece of a wrapped level
    name before the 三级 (`效益`, `满意`) is no 三级 but the row's 二级; a value printed on the line above its row (`≤0.5` /
    `效益指标  效益  义务教育辍学率  0.2%  20  20`) is that row's 年度指标值, flagged, never a row of its own, and
    the 三级 never stands as the value."""
    doc, table = _read("department_wrapped.ocr.txt")
    ev = table.evaluation
    cut = ev.indicators[0]
    assert cut.level3.value == "造工程完成" and Reason.column_inferred in cut.level3.reasons
    by_name = {i.level3.value: i for i in ev.indicators}
    assert list(by_name) == ["造工程完成", "改造工程验收合格率", "义务教育辍学率", "学生家长满意度"]
    rate = by_name["义务教育辍学率"]
    assert (rate.value.raw, rate.actual.value, rate.points.value, rate.score.value) == ("≤0.5", "0.2%", 20, 20)
    assert Reason.column_inferred in rate.value.reasons
    satisfied = by_name["学生家长满意度"]
    assert satisfied.value.raw == "≥90%" and satisfied.level3.flagged
    # the piece of a 二级 on the row's line is the row's 二级, in doubt: the name it is of when it is of one
    # only (`满意`), else as printed (`效益`: 经济, 社会 or 生态效益指标)
    assert satisfied.level2.value == "服务对象满意度指标" and Reason.column_inferred in satisfied.level2.reasons
    assert rate.level2.value == "效益" and rate.level2.flagged
    assert not [f for f in doc.findings if f.check is Check.evaluation_scores]  # the sums hold
