"""Department budget items add up as the form numbers them (`check.department`)."""

from __future__ import annotations

from pathlib import Path

from conftest import changed, only_table
from extractor.models import Check, DepartmentTable

FORM = Path(__file__).parent / "data" / "department" / "liaoning_form.txt"


def _doc(tmp_path, old: str, new: str):
    doc, table = only_table(changed(tmp_path, FORM, old, new), DepartmentTable)
    return doc, table.department


def test_items_under_a_subtotal(tmp_path):
    doc, dept = _doc(tmp_path, "402.15", "412.15")
    (finding,) = [f for f in doc.findings if f.check is Check.department_funds]
    assert finding.message == "一、基本支出(第1至4项小计) = Σ its items: printed 480.7, expected 490.7"
    wage = next(f for f in dept.funds if f.name.value == "1. 工资福利支出")
    assert wage.amount.flagged


def test_subtotals_under_the_total_and_the_income_items(tmp_path):
    doc, dept = _doc(tmp_path, "131.80", "130.80")
    messages = {f.message for f in doc.findings if f.check is Check.department_funds}
    # (the key tasks' budgets, 131.8, tell the subtotal's 130.8 too)
    assert messages == {"年度部门预算支出(一和二合计) = Σ its items: printed 612.5, expected 611.5",
                        "二、项目支出(第5至6项小计) = Σ the key tasks' budgets: printed 130.8, expected 131.8"}
    doc, dept = _doc(tmp_path, "14.30", "")  # an amount lost: the total no longer holds, nothing passes unseen
    assert any(f.rows[0] == "income:年度部门预算收入(1至7项合计)" for f in doc.findings if f.check is Check.department_funds)


def test_a_total_with_no_amount_read_fails_its_sum(tmp_path):
    """A subtotal whose amount OCR lost (a psm-6 print left `二、项目支出(第5至2项小计)` blank beside its item's
    160.31) is no sum that passes: its row is flagged with the items its amount would be read from."""
    doc, dept = _doc(tmp_path, "\t480.70", "\t")
    lost = [f for f in doc.findings if f.check is Check.department_funds and f.rows[0].startswith("expenditure:一、")]
    (finding,) = lost
    assert finding.message == "一、基本支出(第1至4项小计) (no amount read) = Σ its items: printed 0, expected 480.7"
    flagged = {f.name.value for f in dept.funds if f.name.flagged} | {f.name.value for f in dept.funds if f.amount and f.amount.flagged}
    assert {"一、基本支出(第1至4项小计)", "1. 工资福利支出", "2. 商品和服务支出"} <= flagged


def test_both_sides_add_up_to_the_one_total_of_a_budget_request(tmp_path):
    """湖南's 年度预算申请: one 资金总额, the total of each side; its items are unnumbered (一般公共预算 starts with
    a numeral, and is no subtotal)."""
    form = FORM.parent / "budget_request.txt"
    doc, _ = only_table(form, DepartmentTable)
    assert not [f for f in doc.findings if f.check is Check.department_funds]
    doc, _ = only_table(changed(tmp_path, form, "612.60", "602.60"), DepartmentTable)
    (finding,) = [f for f in doc.findings if f.check is Check.department_funds]
    assert finding.message == "资金总额 = Σ its items: printed 842.6, expected 832.6"
    assert finding.rows[0] == "expenditure:资金总额"


def test_the_key_tasks_budgets_add_up_to_the_project_spending(tmp_path):
    """Σ 年度主要任务 预算金额 = 项目支出 (120 + 60 + 50 = 230): a key task's budget read otherwise is told (info),
    without doubting the amounts (a form may list its main tasks only)."""
    form = FORM.parent / "budget_request.txt"
    doc, dept = _doc(tmp_path, "131.80", "131.80")  # the 辽宁 form: 36.5 + 58 + 37.3 = 二、项目支出 131.8
    assert not [f for f in doc.findings if f.check is Check.department_funds]
    doc, table = only_table(changed(tmp_path, form, "\t60.00", "\t50.00"), DepartmentTable)
    (finding,) = [f for f in doc.findings if f.check is Check.department_funds]
    assert finding.severity.value == "info"
    assert finding.message == "项目支出 = Σ the key tasks' budgets: printed 230, expected 220"
    assert not any(k.amount.flagged for k in table.department.key_tasks)


def test_a_budget_request_whose_total_is_lost_has_no_side_total(tmp_path):
    """With 资金总额 lost, a side's first item (一般公共预算, 基本支出) is no total its items add up to."""
    form = changed(tmp_path, FORM.parent / "budget_request.txt", "年度预算申请\t资金总额\t842.60\t\t\n", "")
    doc, table = only_table(form, DepartmentTable)
    assert table.department.funds[0].name.value == "一般公共预算"
    assert not [f for f in doc.findings if f.check is Check.department_funds]
