"""Helpers shared by the rule parsers: values with provenance, column meanings."""

from __future__ import annotations

import re

from ...grid import Cell
from ...confidence import confidence
from ...models import Amount, ColumnKind, Reason, Span, Text
from ...numbers import parse_amount, parse_money


def make_text(cell: Cell, value: str | None = None, reasons: list[Reason] | None = None) -> Text:
    reasons = list(reasons or [])
    return Text(
        raw=cell.raw,
        span=Span(start=cell.start, end=cell.end),
        value=cell.text if value is None else value,
        confidence=confidence(reasons),
        reasons=reasons,
    )


def reread_text(raw: str, span: Span | None, value: str, reason: Reason) -> Text:
    """A text read as `value` where `raw` is printed (at `span`), for one `reason`:
    a level named by its 二级, a name taken from the title, a reading repaired."""
    return Text(raw=raw, span=span, value=value, reasons=[reason], confidence=confidence([reason]))


def make_amount(cell: Cell, unit: str | None, reasons: list[Reason] | None = None, unit_in_cell: bool = False) -> Amount | None:
    """An Amount in `unit` from a cell, or None when the cell is not a number.
    `unit_in_cell`: the cell may print its own money unit (`10000万元`, `250万`)."""
    parsed = parse_money(cell.raw, unit) if unit_in_cell else parse_amount(cell.raw, unit)
    if parsed is None:
        return None
    reasons = list(reasons or [])
    if parsed.ambiguous:
        reasons.append(Reason.number_ambiguous)
    if parsed.repaired:
        reasons.append(Reason.number_repaired)
    return Amount(
        raw=cell.raw,
        span=Span(start=cell.start, end=cell.end),
        value=parsed.value,
        decimals=parsed.decimals,
        alternatives=parsed.alternatives,
        confidence=confidence(reasons),
        reasons=reasons,
    )


# Ordered: the first rule whose words occur in a column's header text wins.
_COLUMN_RULES: list[tuple[str, ColumnKind]] = [
    (r"增减%|增长%|增减率|增幅|%", ColumnKind.change_pct),
    (r"增减额|增减|增长额", ColumnKind.change_amount),
    (r"年初预算", ColumnKind.budget_initial),
    (r"调整预算|全年预算", ColumnKind.budget_adjusted),
    (r"基本支出", ColumnKind.basic),
    (r"项目支出", ColumnKind.project),
    (r"人员支出|人员经费", ColumnKind.personnel),
    (r"公用支出|公用经费", ColumnKind.public_operating),
    (r"公共预算", ColumnKind.general_budget),
    (r"政府性基金", ColumnKind.fund_budget),
    (r"国有资本经营", ColumnKind.other_soe),
    (r"财政拨款收入", ColumnKind.other_fiscal),
    (r"事业单位经营收入|经营收入", ColumnKind.other_operating),
    (r"事业收入", ColumnKind.other_business),
    (r"其他收入", ColumnKind.other_other_income),
    (r"行政支出", ColumnKind.administrative),
    (r"事业支出", ColumnKind.public_institution),
    (r"经营支出", ColumnKind.operating),
    (r"上缴上级", ColumnKind.remit_superior),
    (r"附属单位", ColumnKind.subsidy_subordinate),
    (r"投资支出", ColumnKind.investment),
    (r"债务还本", ColumnKind.debt_repayment),
    (r"其他支出", ColumnKind.other_expenditure),
    (r"决算数|执行数", ColumnKind.final),
    (r"合计|总计|小计|预算数|金额|本年支出", ColumnKind.total),
]
_YEAR = re.compile(r"(20\d\d)\s*年")


def column_kind(label: str, current_year: int | None) -> ColumnKind:
    """Meaning of an amount column from its (multi-row) header text."""
    text = re.sub(r"\s+", "", label)
    years = [int(y) for y in _YEAR.findall(text)]
    is_change = re.search(r"增减|增长|与", text)
    if current_year and years and max(years) < current_year and not is_change:
        return ColumnKind.prior_year
    if re.search(r"上年", text) and not is_change:
        return ColumnKind.prior_year
    for pattern, kind in _COLUMN_RULES:
        if re.search(pattern, text):
            return kind
    return ColumnKind.unknown


def header_year(texts: list[str]) -> int | None:
    years = [int(y) for t in texts for y in _YEAR.findall(re.sub(r"\s+", "", t))]
    return max(years) if years else None
