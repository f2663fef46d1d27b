"""The arithmetic a row of a budget table must satisfy, shared by the readers
(to place numbers whose blank cells left only a gap) and the checks.

Source: docs/domain.md "Arithmetic that holds in a correct table": 总计 =
基本支出 + 项目支出, 合计 = 人员经费 + 公用经费, the 上海 财务收支预算总表's 合计 =
人员 + 公用 + 项目 when it prints no 基本支出 column, the sources of income and
the uses of expenditure add up to 合计; 增减额 = this year − prior year, 增减% =
增减额 / prior year × 100; in a 决算 table of the year's funds, 上年结转 + 本年收入 −
本年支出 = 年末结转; in a budget's 收入预算表, 上年结转 is a source of income beside
财政拨款 and 事业收入.
"""

from __future__ import annotations

from .models import ColumnKind

C = ColumnKind

# Columns that add up to a sum column, which sum column that is, and a column
# whose presence means the family does not apply.
PARTS: list[tuple[tuple[ColumnKind, ...], tuple[ColumnKind, ...], ColumnKind | None]] = [
    ((C.basic, C.project), (C.total,), None),
    ((C.personnel, C.public_operating), (C.basic,), None),
    # Without a 基本支出 column (the 上海 财务收支预算总表): 合计 = 人员 + 公用 + 项目.
    ((C.personnel, C.public_operating, C.project), (C.total,), C.basic),
    ((C.administrative, C.public_institution, C.operating, C.remit_superior, C.subsidy_subordinate,
      C.investment, C.debt_repayment, C.other_expenditure), (C.total,), None),
    # A budget's sources of income with 上年结转 among them (the 部门收入预算表: 合计 = 财政拨款 + 事业收入 + … +
    # 上年结转); where a 本年收入 column stands, 上年结转 is a 决算 row's balance (`CARRYOVER`), no source.
    ((C.general_budget, C.fund_budget, C.other_soe, C.other_fiscal, C.other_business, C.other_operating,
      C.other_other_income, C.opening_balance), (C.total,), C.current_income),
]
# A 决算 row's funds over the year: 上年结转 + 本年收入 − 本年支出 (the row's total) = 年末结转.
CARRYOVER = (C.opening_balance, C.current_income, C.total, C.closing_balance)
NOT_ADDITIVE = {C.change_pct}
PRIOR_YEAR_BASED = {C.prior_year, C.change_amount}


def row_agreement(row: dict[ColumnKind, float], columns: list[ColumnKind]) -> int:
    """How well one row's numbers, placed in `columns` (a blank cell is 0),
    satisfy the row identities those columns allow: identities that hold minus
    those that fail (`row_checks`)."""
    return sum(1 if holds else -1 for holds, _ in row_checks(row, columns))


def row_checks(row: dict[ColumnKind, float], columns: list[ColumnKind]) -> list[tuple[bool, frozenset[ColumnKind]]]:
    """Each row identity `columns` allow on one row's numbers (a blank cell is 0), in a fixed order: whether it
    holds, and the columns it takes; none where the columns allow none. Sums agree to a cent; 增减% to its printed
    rounding."""
    def get(kind: ColumnKind) -> float:
        return row.get(kind, 0.0)

    checks = []
    present = set(columns)
    for parts, sums, without in PARTS:
        terms = [c for c in parts if c in present]
        total = next((c for c in sums if c in present), None)
        if total is None or len(terms) < 2 or (without is not None and without in present):
            continue
        checks.append((abs(get(total) - sum(get(c) for c in terms)) < 0.006, frozenset((total, *terms))))
    if set(CARRYOVER) <= present:
        opening, income, spent, closing = (get(c) for c in CARRYOVER)
        checks.append((abs(opening + income - spent - closing) < 0.006, frozenset(CARRYOVER)))
    change = (C.total, C.prior_year, C.change_amount)
    if set(change) <= present:
        checks.append((abs(get(C.change_amount) - (get(C.total) - get(C.prior_year))) < 0.006, frozenset(change)))
    if {C.change_pct, C.change_amount, C.prior_year} <= present and get(C.prior_year):
        pct = 100 * get(C.change_amount) / get(C.prior_year)
        checks.append((abs(get(C.change_pct) - pct) < 0.0051 + 1e-9 * abs(pct),
                       frozenset((C.change_pct, C.change_amount, C.prior_year))))
    return checks
