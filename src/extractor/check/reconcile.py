"""The arithmetic every correct budget table satisfies (domain.md), as identities.

Within a coded table: hierarchy sums, 合计 rows, total = basic + project,
basic = personnel + public_operating, change amount and percentage. Within a
summary table: items = 本年小计, 小计 + 结转 = 总计, 收入总计 = 支出总计. Across the
tables of a document: summary vs function vs department tables, basic totals vs
the economic table, Σ project funds vs 项目支出. In a project table: total =
fiscal + other funds, and a total-cost indicator against the funds.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..models import (
    Amount,
    BudgetLine,
    Check,
    ColumnKind,
    Document,
    LineTable,
    ProjectTable,
    RowKind,
    Severity,
    Side,
    TableKind,
)
from ..numbers import OCR_DIGITS
from .identities import Identity, Term, pct_tolerance, precision, tolerance

C = ColumnKind
# Columns that add up to a sum column, and which sum column that is.
PARTS = [
    ((C.basic, C.project), (C.total,)),
    ((C.personnel, C.public_operating), (C.basic, C.total)),
    ((C.administrative, C.public_institution, C.operating, C.remit_superior, C.subsidy_subordinate,
      C.investment, C.debt_repayment, C.other_expenditure), (C.total,)),
    ((C.general_budget, C.fund_budget, C.other_soe, C.other_fiscal, C.other_business, C.other_operating,
      C.other_other_income), (C.total,)),
]
NOT_ADDITIVE = {C.change_pct}
PRIOR_YEAR_BASED = {C.prior_year, C.change_amount}
FUNCTION_KINDS = (TableKind.expenditure_by_function, TableKind.fund_expenditure)


def _label(line: BudgetLine, column: ColumnKind, table_id: str | None = None) -> str:
    code = line.code.value + " " if line.code else ""
    where = f"{table_id} " if table_id else ""
    return f"{where}{code}{line.name.value} [{column.value}]"


class _Table:
    """A line table with its precision, for building identities."""

    def __init__(self, table: LineTable):
        self.table = table
        self.decimals = precision(a.amount for line in table.lines for a in line.amounts if a.column not in NOT_ADDITIVE)

    def term(self, line: BudgetLine, column: ColumnKind) -> Term:
        return Term(line.amount(column), _label(line, column))

    def sum_identity(self, check: Check, text: str, total: Term, parts: list[Term]) -> Identity:
        return sum_identity(check, self.table.id, text, total, parts, self.decimals, self.table.unit)


def sum_identity(
    check: Check, table_id: str, text: str, total: Term, parts: list[Term], decimals: int, unit: str | None,
    severity: Severity = Severity.error,
) -> Identity:
    """total = Σ parts, at the precision the amounts are printed with."""
    terms = [total] + [Term(p.amount, p.label, -1) for p in parts]
    return Identity(check, table_id, text, terms, tolerance(decimals, unit, len(terms)), severity=severity)


def table_identities(table: LineTable) -> Iterator[Identity]:
    t = _Table(table)
    additive = [c for c in table.columns if c not in NOT_ADDITIVE]
    side_columns = {side: {a.column for x in table.lines if x.side is side for a in x.amounts} for side in Side}
    for line in table.lines:
        # The two sides of a summary table have columns of their own.
        yield from _row_identities(t, line, side_columns[line.side] if line.side else set(table.columns))
    if table.kind is TableKind.income_expenditure_summary:
        yield from _summary_identities(t, additive)
        return
    lines = table.lines
    for i, line in enumerate(lines):
        children = _children(lines, i)
        if not children:
            continue
        what = "Σ its sub-units" if line.row_kind is RowKind.unit and children[0].row_kind is RowKind.unit else (
            "Σ its 类 rows" if line.row_kind in (RowKind.unit, RowKind.total) else f"Σ its {'款' if line.level == 1 else '项'} rows")
        check = Check.total_row if line.row_kind is RowKind.total else Check.hierarchy_sum
        for col in additive:
            ident = t.sum_identity(check, f"{_name(line)} = {what} [{col.value}]", t.term(line, col),
                                   [t.term(c, col) for c in children])
            if col in PRIOR_YEAR_BASED:
                # Rows with last year's money but none this year are often left out.
                ident.severity = Severity.warning
            if ident.printed:
                yield ident
    totals = [line for line in lines if line.row_kind is RowKind.total]
    top_units = _top_units(lines)
    if totals and top_units and any(x.row_kind is RowKind.subject and x.level == 1 for x in lines):
        # 合计 is checked against 类 rows above; the unit rows give a second, independent sum.
        for total in totals:
            for col in additive:
                ident = t.sum_identity(Check.total_row, f"合计 = Σ top-level unit rows [{col.value}]",
                                       t.term(total, col), [t.term(u, col) for u in top_units])
                if ident.printed:
                    yield ident


def _name(line: BudgetLine) -> str:
    return f"{line.code.value} {line.name.value}" if line.code else line.name.value


def _is_damaged_subject(line: BudgetLine) -> bool:
    return line.row_kind is RowKind.unit and line.code is not None and line.code.value.translate(OCR_DIGITS)[:1] in "235"


def _children(lines: list[BudgetLine], i: int) -> list[BudgetLine]:
    """Rows that add up to row i: 款 of a 类, 项 of a 款, sub-units of a unit,
    类 rows of a unit without sub-units or of a 合计 row."""
    line = lines[i]
    rest = lines[i + 1:]
    if line.row_kind is RowKind.subject:
        if line.level not in (1, 2):
            return []
        out = []
        for other in rest:
            if other.row_kind is RowKind.total or (other.row_kind is RowKind.unit and not _is_damaged_subject(other)):
                break
            if other.row_kind is RowKind.subject:
                if other.level <= line.level:
                    break
                if other.level == line.level + 1:
                    out.append(other)
        return out
    if line.row_kind is RowKind.unit and line.code is not None:
        code = line.code.value
        subunits = []
        for other in rest:
            if other.row_kind is RowKind.unit and not _is_damaged_subject(other):
                if not other.code.value.startswith(code):
                    break
                subunits.append(other)
        if subunits:
            shortest = min(len(u.code.value) for u in subunits)
            return [u for u in subunits if len(u.code.value) == shortest]
        return _top_subjects(rest, stop_at_unit=True)
    if line.row_kind is RowKind.total:
        # 合计 is printed first or last
        scope = rest if any(x.row_kind is not RowKind.total for x in rest) else lines[:i]
        return _top_subjects(scope, stop_at_unit=False) or _top_units(scope)
    return []


def _top_subjects(lines: list[BudgetLine], stop_at_unit: bool) -> list[BudgetLine]:
    out = []
    for other in lines:
        if other.row_kind is RowKind.total:
            continue
        if stop_at_unit and other.row_kind is RowKind.unit and not _is_damaged_subject(other):
            break
        if other.row_kind is RowKind.subject and other.level == 1:
            out.append(other)
    return out


def _top_units(lines: list[BudgetLine]) -> list[BudgetLine]:
    units = [line for line in lines if line.row_kind is RowKind.unit and not _is_damaged_subject(line)]
    if not units:
        return []
    shortest = min(len(u.code.value) for u in units)
    return [u for u in units if len(u.code.value) == shortest]


def _row_identities(t: _Table, line: BudgetLine, columns: set[ColumnKind]) -> Iterator[Identity]:
    for parts, sums in PARTS:
        present = [c for c in parts if c in columns]
        total = next((c for c in sums if c in columns and c not in present), None)
        if not present or total is None or (len(present) == 1 and parts[0] in (C.basic, C.personnel)):
            # basic alone under total is not a partition (项目支出 column missing)
            continue
        ident = t.sum_identity(Check.column_sum, f"{_name(line)}: {total.value} = {' + '.join(c.value for c in present)}",
                               t.term(line, total), [t.term(line, c) for c in present])
        if ident.printed:
            yield ident
    if {C.total, C.prior_year, C.change_amount} <= columns:
        ident = t.sum_identity(Check.change_amount, f"{_name(line)}: change = total − prior year",
                               t.term(line, C.change_amount), [t.term(line, C.total), t.term(line, C.prior_year)])
        ident.terms[2].sign = 1  # change − total + prior = 0
        if ident.printed:
            yield ident
    pct, change, prior = line.amount(C.change_pct), line.amount(C.change_amount), line.amount(C.prior_year)
    if pct is None or pct.value is None or change is None or change.value is None:
        return
    if prior is not None and prior.value:
        yield Identity(
            Check.change_pct, t.table.id, f"{_name(line)}: change % = change / prior year × 100",
            [t.term(line, C.change_pct), t.term(line, C.change_amount), t.term(line, C.prior_year)],
            tol=pct_tolerance(pct, change, prior, t.decimals, t.table.unit), pct=True, severity=Severity.warning,
        )
    elif change.value > 0 and C.prior_year in columns:
        # Nothing last year: the tables print a rise of 100%.
        yield Identity(Check.change_pct, t.table.id, f"{_name(line)}: change % = 100 with no prior-year amount",
                       [t.term(line, C.change_pct)], tol=0.5 * 10 ** -pct.decimals, constant=100.0,
                       severity=Severity.warning)


_SUBTOTAL = re.compile(r"本年(收入|支出)(小计|合计)")
_GRAND = re.compile(r"(收入|支出)?总计")
_TOP = re.compile(r"^[一二三四五六七八九十]+、")
_SUB = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")


def _summary_identities(t: _Table, additive: list[ColumnKind]) -> Iterator[Identity]:
    grands: dict[Side, BudgetLine] = {}
    for side in Side:
        lines = [line for line in t.table.lines if line.side is side]
        sub = next((i for i, line in enumerate(lines) if _SUBTOTAL.search(line.name.value)), None)
        grand = next((i for i, line in enumerate(lines) if _GRAND.search(line.name.value)
                      and not _SUBTOTAL.search(line.name.value)), None)
        if grand is not None:
            grands[side] = lines[grand]
        if sub is None:
            continue
        items = _summary_items(lines[:sub])
        after = _summary_items(lines[sub + 1: grand]) if grand is not None else []
        for col in additive:
            if items:
                ident = t.sum_identity(Check.summary_subtotal, f"{lines[sub].name.value} = Σ items [{col.value}]",
                                       t.term(lines[sub], col), [t.term(x, col) for x in items])
                if ident.printed:
                    yield ident
            if grand is not None:
                ident = t.sum_identity(
                    Check.summary_subtotal, f"{lines[grand].name.value} = {lines[sub].name.value} + 结转 [{col.value}]",
                    t.term(lines[grand], col), [t.term(lines[sub], col)] + [t.term(x, col) for x in after])
                if ident.printed:
                    yield ident
    if len(grands) == 2:
        income, spending = grands[Side.income], grands[Side.expenditure]
        ident = t.sum_identity(Check.summary_balance, "收入总计 = 支出总计", t.term(income, C.total),
                               [t.term(spending, C.total)])
        if ident.printed:
            yield ident


def _summary_items(lines: list[BudgetLine]) -> list[BudgetLine]:
    """The items that add up: numbered sub-items (（一）…) when any carries an
    amount, else every valued row (their group headings carry none)."""
    valued = [line for line in lines if line.amounts and line.row_kind is RowKind.item]
    subs = [line for line in valued if _SUB.match(line.name.value)]
    return subs or valued


# ------------------------------------------------------------------ documents


def _grand_total(table: LineTable) -> tuple[BudgetLine, ColumnKind] | None:
    total = next((line for line in table.lines if line.row_kind is RowKind.total), None)
    if total is None:
        return None
    col = next((c for c in (C.total, C.basic) if total.amount(c) is not None), None)
    return (total, col) if col else None


def document_identities(doc: Document) -> Iterator[Identity]:
    lines = [t for t in doc.tables if isinstance(t, LineTable) and not t.empty]
    function = [t for t in lines if t.kind in FUNCTION_KINDS]
    general = [t for t in function if t.kind is TableKind.expenditure_by_function]
    economic = [t for t in lines if t.kind is TableKind.basic_expenditure_by_economic]
    department = [t for t in lines if t.kind is TableKind.department_expenditure]
    summaries = [t for t in lines if t.kind is TableKind.income_expenditure_summary]
    decimals = precision(a.amount for t in lines for line in t.lines for a in line.amounts if a.column not in NOT_ADDITIVE)
    unit = lines[0].unit if lines and all(t.unit == lines[0].unit for t in lines) else None
    if unit is None:
        return  # mixed units: comparing across tables needs the unit conversion of issue 7

    def cross(text: str, total: Term, parts: list[Term], table_id: str) -> Identity:
        return sum_identity(Check.cross_table, table_id, text, total, parts, decimals, unit, Severity.warning)

    fn_totals = [(_grand_total(t), t) for t in function]
    fn_terms = [Term(g[0].amount(C.total), _label(g[0], C.total, t.id)) for g, t in fn_totals if g and g[0].amount(C.total)]
    for table in summaries + department:
        spending = _spending_total(table)
        if spending is not None and fn_terms:
            line, col = spending
            yield cross(f"{table.id} total = Σ function tables' 合计", Term(line.amount(col), _label(line, col, table.id)),
                        fn_terms, table.id)
    if len(general) == 1 and len(economic) == 1:
        g, e = _grand_total(general[0]), _grand_total(economic[0])
        if g and e and g[0].amount(C.basic) is not None:
            yield cross(f"{economic[0].id} 合计 = {general[0].id} 基本支出", Term(e[0].amount(e[1]), _label(e[0], e[1], economic[0].id)),
                        [Term(g[0].amount(C.basic), _label(g[0], C.basic, general[0].id))], economic[0].id)
    projects = [t for t in doc.tables if isinstance(t, ProjectTable)]
    if len(general) == 1 and projects:
        g = _grand_total(general[0])
        funds = [Term(p.project.funds_total or p.project.funds_fiscal, f"{p.id} {_project_name(p)} [funds_total]") for p in projects]
        if g and g[0].amount(C.project) is not None and all(f.amount is not None for f in funds):
            yield cross(f"{general[0].id} 项目支出 = Σ project tables' funds",
                        Term(g[0].amount(C.project), _label(g[0], C.project, general[0].id)), funds, general[0].id)


def _spending_total(table: LineTable) -> tuple[BudgetLine, ColumnKind] | None:
    if table.kind is TableKind.department_expenditure:
        return _grand_total(table)
    spending = [line for line in table.lines if line.side is Side.expenditure]
    line = next((x for x in spending if _SUBTOTAL.search(x.name.value)), None) or next(
        (x for x in spending if _GRAND.search(x.name.value)), None)
    if line is None:
        return None
    col = C.general_budget if line.amount(C.general_budget) is not None else C.total
    return (line, col) if line.amount(col) is not None else None


def _project_name(table: ProjectTable) -> str:
    return table.project.project_name.value if table.project.project_name else ""


# ------------------------------------------------------------------ projects

_TOTAL_COST = re.compile(r"总成本|总金额|总投入|投入总|总额|总计")
_PER_UNIT = re.compile(r"每|人均|/|1人|一人|标准|单价")


def project_identities(table: ProjectTable) -> Iterator[Identity]:
    p = table.project
    funds = [a for a in (p.funds_total, p.funds_fiscal, p.funds_other) if a is not None]
    name = _project_name(table)
    if p.funds_total is not None and (p.funds_fiscal is not None or p.funds_other is not None):
        terms = [Term(p.funds_total, f"{name} [funds_total]"), Term(p.funds_fiscal, f"{name} [funds_fiscal]", -1),
                 Term(p.funds_other, f"{name} [funds_other]", -1)]
        ident = Identity(Check.project_funds, table.id, f"{name}: 年度资金总额 = 财政拨款 + 其他资金", terms,
                         tolerance(precision(funds), table.unit, 3))
        yield ident
    total = p.funds_total or p.funds_fiscal
    if total is None or total.value is None:
        return
    for ind in p.indicators:
        value = ind.value
        level2 = ind.level2.value if ind.level2 else ""
        if value is None or value.number is None or "成本" not in level2 or value.operator is not None and value.number_high:
            continue
        text = ind.level3.value + (value.unit or "")
        if not _TOTAL_COST.search(ind.level3.value) or _PER_UNIT.search(text):
            continue
        in_wan = _to_wanyuan(value.number, value.unit, total.value)
        if in_wan is None:
            continue
        cost = Amount(raw=value.raw, span=value.span, value=in_wan, decimals=6)
        yield Identity(
            Check.cost_vs_funds, table.id,
            f"{name}: 成本指标 {ind.level3.value} ({value.raw.strip()}) in 万元 = 年度资金总额",
            [Term(cost, f"{name} 成本指标 {ind.level3.value}"), Term(total, f"{name} [funds_total]", -1)],
            tolerance(total.decimals, table.unit, 2), severity=Severity.warning, extra=[value],
        )


def _to_wanyuan(number: float, unit: str | None, funds: float) -> float | None:
    if unit == "万元":
        return number
    if unit == "元":
        return number / 10000
    if unit:
        return None
    # No unit printed: read it in whichever unit is nearer the funds.
    return min((number, number / 10000), key=lambda v: abs(v - funds))
