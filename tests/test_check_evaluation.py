"""The self-evaluation post-checks (`check.evaluation`) on the test form
(tests/data/selfeval): its sums hold as printed; a changed cell fails the
identity it takes part in, and the finding flags it."""

from __future__ import annotations

from pathlib import Path

from conftest import changed, only_table
from extractor.models import Check, SelfEvaluationTable

DATA = Path(__file__).parent / "data" / "selfeval"


def _doc(tmp_path, old: str, new: str):
    doc, table = only_table(changed(tmp_path, DATA / "project_tabbed.txt", old, new), SelfEvaluationTable)
    return doc, table.evaluation


def test_a_score_above_its_points(tmp_path):
    doc, ev = _doc(tmp_path, "15\t12\t", "15\t17\t")
    timely = ev.indicators[2]
    assert timely.score.flagged and timely.points.flagged
    messages = [f.message for f in doc.findings if f.check is Check.evaluation_scores]
    assert "经费支付及时率 [score]: 得分 17 exceeds its 分值 15" in messages
    assert "Σ 得分 = 总分 得分: printed 96.25, expected 101.25" in messages


def test_points_that_do_not_reach_the_total(tmp_path):
    doc, ev = _doc(tmp_path, "30\t30\t", "25\t25\t")
    sums = [f for f in doc.findings if f.check is Check.evaluation_scores]
    assert [f.message for f in sums] == ["Σ 分值 = 总分: printed 100, expected 95",
                                         "Σ 得分 = 总分 得分: printed 96.25, expected 91.25"]


def test_funds_rows_and_execution_rate(tmp_path):
    doc, ev = _doc(tmp_path, "上年结转资金\t0.00\t0.00\t0.00", "上年结转资金\t0.00\t3.00\t0.00")
    funds = [f for f in doc.findings if f.check is Check.project_funds]
    assert [f.message for f in funds] == ["年度资金总额 = Σ 资金来源 [budget_adjusted]: printed 20, expected 23"]
    doc, ev = _doc(tmp_path, "92.50%", "95.50%")
    (rate,) = [f for f in doc.findings if "执行率 = 全年执行数" in f.message]
    assert rate.expected == "92.5" and ev.funds[0].execution_rate.flagged
    # (and 得分 9.25 is no longer 分值 × 执行率: `test_the_budget_execution_score_is_points_times_rate`)


def test_the_form_as_printed_holds(tmp_path):
    doc, ev = _doc(tmp_path, "自评等级", "自评等级")
    assert not doc.findings


def _grouped(tmp_path, old: str, new: str):
    doc, table = only_table(changed(tmp_path, DATA / "department_grouped.txt", old, new), SelfEvaluationTable)
    return doc, table.evaluation


def test_the_expenditure_split_adds_up_to_the_total_on_its_own(tmp_path):
    """基本支出 + 项目支出 = 年度资金总额, a split of its own beside the sources (财政拨款 + 其他资金): as printed
    both hold (neither side is added to the other); a changed cell fails its side's sum."""
    doc, ev = _grouped(tmp_path, "自评等级", "自评等级")
    assert not doc.findings
    doc, ev = _grouped(tmp_path, "500.00\t520.00\t520.00", "500.00\t540.00\t520.00")
    funds = [f.message for f in doc.findings if f.check is Check.project_funds]
    assert funds == ["年度资金总额 = 基本支出 + 项目支出 [budget_adjusted]: printed 900, expected 920"]
    assert ev.funds[3].budget_adjusted.flagged


def test_the_budget_execution_score_is_points_times_rate(tmp_path):
    """得分 = 分值 × 执行率 (at most the 分值) on the 年度资金总额 row: a score or rate misread shows."""
    doc, ev = _grouped(tmp_path, "96.00%\t9.60", "96.00%\t6.90")
    (rule,) = [f for f in doc.findings if "分值 × 执行率" in f.message]
    assert rule.message == "年度资金总额: 得分 = 分值 × 执行率: printed 6.9, expected 9.6"
    assert ev.funds[0].score.flagged and ev.funds[0].execution_rate.flagged


def test_a_part_printed_and_not_read_is_no_error_of_the_document(tmp_path):
    """A funds row whose label no vocabulary knows (here `专项收入`) is not read: its numbers are listed unread.
    The sources then fall short of the total by exactly an unread number: the document is not wrong, and no
    error says it is; the unread numbers' finding reports the loss."""
    doc, ev = _grouped(tmp_path, "\t财政拨款\t", "\t专项收入\t")
    assert [f.role for f in ev.funds] == ["total", "other", "basic", "project"]
    assert not [f for f in doc.findings if f.check is Check.project_funds]
    (unread,) = [f for f in doc.findings if f.check is Check.unread_values]
    assert "780.00" in unread.message
