"""The arithmetic every correct budget table satisfies (domain.md), as identities.

Within a coded table: hierarchy sums, 合计 rows, total = basic + project,
basic = personnel + public_operating, change amount and percentage. Within a
summary table: items = 本年小计 (or 总计), 小计 + 结转 = 总计, a numbered row = Σ
its numbered sub-items, 收入总计 = 支出总计, each row counted once (its parts are
not items). Across the tables of a document, pairing the tables that report
the same money (`Funds`): summary vs function vs department tables, basic
totals vs the economic table, Σ project funds vs 项目支出. In a project table:
total = fiscal + other funds, and a total-cost indicator against the funds.
No identity takes a cell whose column the reader inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache, partial
from itertools import islice, takewhile
from typing import Iterator

from rapidfuzz import fuzz

from ..lazyre import LazyPattern
from ..models import (
    Amount,
    BudgetLine,
    Check,
    ColumnKind,
    Document,
    LineTable,
    ProjectTable,
    Reason,
    RowKind,
    Severity,
    Side,
    TableKind,
    list_runs,
)
from ..arithmetic import CARRYOVER, NOT_ADDITIVE, PARTS, PRIOR_YEAR_BASED
from ..numbers import OCR_DIGITS, fmt
from .identities import Identity, Term, pct_tolerance, precision, tolerance

C = ColumnKind
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
        return Term(line.amount(column), partial(_label, line, column))

    def sum_identity(self, check: Check, text: str, total: Term, parts: list[Term]) -> Identity:
        return sum_identity(check, self.table.id, text, total, parts, self.decimals, self.table.unit)


def sum_identity(
    check: Check, table_id: str, text: str, total: Term, parts: list[Term], decimals: int, unit: str | None,
    severity: Severity = Severity.error,
) -> Identity:
    """total = Σ parts, at the precision the amounts are printed with."""
    terms = [total] + [p.subtracted() for p in parts]
    return Identity(check, table_id, text, terms, tolerance(decimals, unit, len(terms)), severity=severity)


def _money(table: LineTable) -> LineTable:
    """The table without its rows that count things (`BudgetLine.unit`: 公务用车保有量（辆）): no sum of money
    takes them, nor do they make one."""
    if all(line.unit is None for line in table.lines):
        return table
    return table.model_copy(update={"lines": [line for line in table.lines if line.unit is None]})


def table_identities(table: LineTable) -> Iterator[Identity]:
    table = _money(table)
    t = _Table(table)
    additive = [c for c in table.columns if c not in NOT_ADDITIVE]
    # Row identities take the columns that print a value somewhere: a column the
    # reader only inferred from a template (one 金额 column read as 合计 | 基本 |
    # 项目) gives none. The two sides of a summary table have columns of their own.
    printed = {side: {a.column for x in table.lines if x.side is side for a in x.amounts} for side in (*Side, None)}
    plans = {side: _row_plan(columns) for side, columns in printed.items()}
    for line in table.lines:
        yield from _row_identities(t, line, printed[line.side], *plans[line.side])
    if table.kind is TableKind.income_expenditure_summary:
        yield from _summary_identities(t, additive)
        return
    if table.kind is TableKind.three_public:
        yield from _three_public_identities(t, additive)
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


def _inferred(amount: Amount | None) -> bool:
    """A cell the reader placed in its column by guess, and no second reader confirmed."""
    return amount is not None and Reason.column_inferred in amount.reasons and not amount.agreed


def _row_plan(columns: set[ColumnKind]) -> tuple[list[tuple[ColumnKind, list[ColumnKind], str]], bool, bool]:
    """The identities across the columns of a table's rows that print `columns` (`_row_identities`), worked
    out once for all of them: the partitions (total column, its parts, the identity in words), whether
    the change column is checked and whether the carry-over (`CARRYOVER`) is. No partition where a
    column's meaning is unknown (单位预留机动经费 may be one of the parts)."""
    partitions = []
    for parts, sums, without in PARTS:
        if C.unknown in columns:
            break
        present = [c for c in parts if c in columns]
        total = next((c for c in sums if c in columns), None)
        if not present or total is None or without in columns or (len(present) == 1 and parts[0] in (C.basic, C.personnel)):
            # basic alone under total is not a partition (项目支出 column missing)
            continue
        partitions.append((total, present, f"{total.value} = {' + '.join(c.value for c in present)}"))
    return partitions, {C.total, C.prior_year, C.change_amount} <= columns, set(CARRYOVER) <= columns


def _row_identities(t: _Table, line: BudgetLine, columns: set[ColumnKind],
                    partitions: list[tuple[ColumnKind, list[ColumnKind], str]], change_checked: bool,
                    carryover_checked: bool) -> Iterator[Identity]:
    """Identities across the columns of one row (`_row_plan` of the `columns` its side prints); none that
    takes a cell whose column was inferred."""
    for total, present, what in partitions:
        ident = t.sum_identity(Check.column_sum, f"{_name(line)}: {what}",
                               t.term(line, total), [t.term(line, c) for c in present])
        if ident.printed and not any(_inferred(term.amount) for term in ident.terms):
            yield ident
    if change_checked:
        ident = t.sum_identity(Check.change_amount, f"{_name(line)}: change = total − prior year",
                               t.term(line, C.change_amount), [t.term(line, C.total), t.term(line, C.prior_year)])
        ident.terms[2].sign = 1  # change − total + prior = 0
        if ident.printed and not any(_inferred(term.amount) for term in ident.terms):
            yield ident
    if carryover_checked:
        opening, income, spent, closing = CARRYOVER
        ident = t.sum_identity(Check.column_sum, f"{_name(line)}: 年末结转 = 上年结转 + 本年收入 − 本年支出",
                               t.term(line, closing), [t.term(line, opening), t.term(line, income), t.term(line, spent)])
        ident.terms[3].sign = 1  # closing − opening − income + spent = 0
        if ident.printed and not any(_inferred(term.amount) for term in ident.terms):
            yield ident
    pct, change, prior = line.amount(C.change_pct), line.amount(C.change_amount), line.amount(C.prior_year)
    if pct is None or pct.value is None or change is None or change.value is None:
        return
    if any(_inferred(a) for a in (pct, change, prior)):
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


_SUBTOTAL = LazyPattern(r"本年(收入|支出)(小计|合计)")
_GRAND = LazyPattern(r"(收入|支出)?总计|^(收入|支出)合计$")  # 收入合计 where nothing 总计s it
# Row numbering in the order the templates nest it: 一、 > （一） > 1. > （1） > ①.
_NUMBERING = [
    LazyPattern(r"^[一二三四五六七八九十]+[、.．]"),
    LazyPattern(r"^[(（][一二三四五六七八九十]+[)）]"),
    LazyPattern(r"^\d{1,2}[、.．](?!\d)"),
    LazyPattern(r"^[(（]\d{1,2}[)）]"),
    LazyPattern(r"^[①-⑳]"),
]
_OF_WHICH = LazyPattern(r"^其中")
# Rows broken down by source on the rows after them (年初财政拨款结转和结余 →
# 一般公共预算财政拨款 / 政府性基金预算财政拨款), even when one source holds it all.
_CARRY_OVER = LazyPattern(r"结转|结余")


def _depth(line: BudgetLine) -> int | None:
    """Nesting level of a row's numbering (1 = 一、), None when it is not numbered."""
    return _numbering_depth(line.name.value)


@lru_cache(maxsize=16384)  # the outline of a summary list asks it of the same rows over and over
def _numbering_depth(name: str) -> int | None:
    return next((i + 1 for i, pattern in enumerate(_NUMBERING) if pattern.match(name)), None)


def _summary_identities(t: _Table, additive: list[ColumnKind]) -> Iterator[Identity]:
    grands: dict[Side, BudgetLine] = {}
    for side in Side:
        lines = [line for line in t.table.lines if line.side is side]
        sub = next((i for i, line in enumerate(lines) if _SUBTOTAL.search(line.name.value)), None)
        grand = next((i for i, line in enumerate(lines) if _GRAND.search(line.name.value)
                      and not _SUBTOTAL.search(line.name.value)), None)
        if grand is not None:
            grands[side] = lines[grand]
        for col in additive:
            if sub is not None:
                yield from _sum_of_items(t, lines[sub], lines[:sub], col, "Σ items")
                if grand is not None:
                    yield from _sum_of_items(t, lines[grand], lines[sub + 1: grand], col,
                                             f"{lines[sub].name.value} + 结转", first=lines[sub])
            elif grand is not None:
                yield from _sum_of_items(t, lines[grand], lines[:grand], col, "Σ items")
            for head, parts in _numbered_groups(t, lines, col):
                ident = t.sum_identity(Check.summary_subtotal, f"{head.name.value} = Σ its sub-items [{col.value}]",
                                       t.term(head, col), [t.term(x, col) for x in parts])
                if ident.printed:
                    yield ident
    if len(grands) == 2:
        income, spending = grands[Side.income], grands[Side.expenditure]
        ident = t.sum_identity(Check.summary_balance, "收入总计 = 支出总计", t.term(income, C.total),
                               [t.term(spending, C.total)])
        if ident.printed:
            yield ident


# The items of a 三公 table by what they are, whatever the print's numbering or
# order: 三公 = 出国 + 接待 + 用车, 用车 = 购置 + 运行, and where 会议费 and 培训费
# stand beside them, 合计 = 三公 + 会议 + 培训 (docs/domain.md, 三公 tables).
_THREE_ROLES = [
    # (the whole before its parts: 公务用车购置及运行维护费 ends as 运行维护费 does)
    ("vehicle", LazyPattern(r"公务用车(购置及运行(维护)?)?费(用)?(小计)?$|购置及运行(维护)?费(小计)?$")),
    ("purchase", LazyPattern(r"购置(费)?$")),
    ("operation", LazyPattern(r"运行(维护)?费$")),
    ("abroad", LazyPattern(r"因公出国")),
    ("reception", LazyPattern(r"公务接待")),
    ("meeting", LazyPattern(r"^会议费$")),
    ("training", LazyPattern(r"^培训费$")),
    ("three", LazyPattern(r"三公.*(合计|小计)$")),
    ("total", LazyPattern(r"^合计$")),
]


_THREE_SUMS = [("vehicle", ("purchase", "operation")), ("three", ("abroad", "reception", "vehicle")),
               ("total", ("three", "meeting", "training"))]


def _three_public_roles(table: LineTable) -> dict[str, BudgetLine]:
    """The rows of a 三公 table by role (`_THREE_ROLES`), the first of each."""
    roles: dict[str, BudgetLine] = {}
    for line in table.lines:
        name = re.sub(r"^(其中[:：])?([一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、])*", "",
                      re.sub(r"[\s“”\"]", "", line.name.value))
        role = next((r for r, pattern in _THREE_ROLES if pattern.search(name)), None)
        if role is not None:
            roles.setdefault(role, line)
    if "three" not in roles and "total" in roles and not {"meeting", "training"} & set(roles):
        roles["three"] = roles.pop("total")  # a table of the 三公 alone: its 合计 is theirs
    return roles


def _three_public_identities(t: _Table, additive: list[ColumnKind]) -> Iterator[Identity]:
    roles = _three_public_roles(t.table)
    for total, parts in _THREE_SUMS:
        if total not in roles or not all(p in roles for p in parts):
            continue
        for col in additive:
            ident = t.sum_identity(Check.three_public, f"{roles[total].name.value} = Σ {'+'.join(parts)} [{col.value}]",
                                   t.term(roles[total], col), [t.term(roles[p], col) for p in parts])
            if ident.printed:
                yield ident


def _sum_of_items(t: _Table, total: BudgetLine, lines: list[BudgetLine], col: ColumnKind, what: str,
                  first: BudgetLine | None = None) -> Iterator[Identity]:
    items = _summary_items(t, [x for x in lines if x.row_kind is RowKind.item], col)
    if not items and first is None:
        return
    terms = ([t.term(first, col)] if first is not None else []) + [t.term(x, col) for x in items]
    ident = t.sum_identity(Check.summary_subtotal, f"{total.name.value} = {what} [{col.value}]", t.term(total, col), terms)
    if ident.printed:
        yield ident


def _outline(t: _Table, items: list[BudgetLine], col: ColumnKind) -> list[tuple[BudgetLine, list[BudgetLine]]]:
    """The rows of a summary list, each with the sub-rows that break it down (its parts), in column `col`."""
    out = []
    i = 0
    while i < len(items):
        n = _n_parts(t, items, i, col)
        out.append((items[i], items[i + 1: i + 1 + n]))
        i += 1 + n
    return out


def _n_parts(t: _Table, items: list[BudgetLine], i: int, col: ColumnKind) -> int:
    """How many rows after items[i] are its parts.

    A numbered row owns the rows after it up to the next row numbered at its
    level or above. An unnumbered row owns the 其中 rows after it, or else the
    unnumbered rows after it whose amounts add up to its own: two or more of
    them, or one under a carry-over row (年初结转和结余 → 一般公共预算财政拨款)."""
    head = items[i]
    depth = _depth(head)
    if depth is not None:
        rest = items[i + 1:]
        return next((k for k, x in enumerate(rest) if (d := _depth(x)) is not None and d <= depth), len(rest))
    # the unnumbered rows after it, taken one by one as far as needed (not all of them for each row)
    run = takewhile(lambda x: _depth(x) is None, islice(items, i + 1, None))
    of_which = i + 1 < len(items) and _OF_WHICH.match(items[i + 1].name.value)  # (the run's first row)
    value = _value(head.amount(col))
    total, valued, k = 0.0, 0, 0
    for k, x in enumerate(run, start=1):
        part = _value(x.amount(col))
        total, valued = total + part, valued + bool(part)
        tol = tolerance(t.decimals, t.table.unit, k + 1)
        if of_which:
            # 其中 rows name a share of the row above: they need not add up to it.
            if k > 1 and total > value + tol:
                return k - 1
        elif head.amount(col) is not None and abs(total - value) <= tol and (
                valued >= 2 or valued and _CARRY_OVER.search(head.name.value)):
            return k
        elif total > value + tol:
            return 0
    return k if of_which else 0  # (k: the run's length, when it ends here)


def _value(amount: Amount | None) -> float:
    return amount.value if amount is not None and amount.value is not None else 0.0


def _summary_items(t: _Table, items: list[BudgetLine], col: ColumnKind) -> list[BudgetLine]:
    """The rows that add up to the list's total in column `col`, each counted
    once: a row without its parts, or the parts of a row left blank."""
    out = []
    for head, parts in _outline(t, items, col):
        if parts and head.amount(col) is None:
            out.extend(_summary_items(t, parts, col))
        elif head.amount(col) is not None:
            out.append(head)
    return out


def _numbered_groups(t: _Table, lines: list[BudgetLine], col: ColumnKind) -> Iterator[tuple[BudgetLine, list[BudgetLine]]]:
    """Rows whose parts are numbered sub-items (一、财政拨款收入 → 1. 一般公共预算资金 …),
    which add up to it; 其中 rows and unnumbered parts are left out (a share, or a
    breakdown found by its sum)."""
    items = [x for x in lines if x.row_kind is RowKind.item]
    for head, parts in _outline(t, items, col):
        if not parts:
            continue
        subs = _outline(t, parts, col)
        if head.amount(col) is not None and all(_depth(x) is not None for x, _ in subs):
            yield head, [x for x, _ in subs]
        yield from _numbered_groups(t, parts, col)


def leaves(table: LineTable) -> set[tuple[int, ColumnKind]]:
    """The cells a sum of the table should add, as (id(line), column): what the identities
    above take as the smallest parts. A coded table's rows with no row under them that adds up
    to them (a 项, a 款 or 类 printed without its parts, a unit without sub-units or
    subjects), never a 合计; a summary table's items counted once towards each side's 总计
    (`_summary_items` before and after 本年小计); a 三公 table's items that no other of its
    items adds up to. A column of percentages (change_pct) has none, nor a row that counts things (`_money`)."""
    table = _money(table)
    t = _Table(table)
    columns = [c for c in dict.fromkeys(a.column for x in table.lines for a in x.amounts) if c not in NOT_ADDITIVE]
    lines = table.lines
    if table.kind is TableKind.income_expenditure_summary:
        out = set()
        for side in (*Side, None):
            own = [x for x in lines if x.side is side]
            sub = next((i for i, x in enumerate(own) if _SUBTOTAL.search(x.name.value)), None)
            grand = next((i for i, x in enumerate(own) if _GRAND.search(x.name.value)
                          and not _SUBTOTAL.search(x.name.value)), None)
            parts = ([own[:sub], own[sub + 1: grand]] if sub is not None else [own[:grand]])
            for col in columns:
                for part in parts:
                    items = [x for x in part if x.row_kind is RowKind.item]
                    out.update((id(x), col) for x in _summary_items(t, items, col))
        return out
    if table.kind is TableKind.three_public:
        roles = _three_public_roles(table)
        sums = {total for total, parts in _THREE_SUMS if total in roles and any(p in roles for p in parts)}
        sums_lines = {id(roles[r]) for r in sums}
        return {(id(x), a.column) for x in lines if x.row_kind is not RowKind.total and id(x) not in sums_lines
                for a in x.amounts if a.column not in NOT_ADDITIVE}
    return {(id(x), a.column) for i, x in enumerate(lines) if x.row_kind is not RowKind.total and not _children(lines, i)
            for a in x.amounts if a.column not in NOT_ADDITIVE}


# ------------------------------------------------------------------ documents


class Funds(str, Enum):
    """Which money a table reports. Tables that report the same money must agree;
    tables that report different money (a 部门 all-funds table and a 财政拨款
    table) need not, and two tables of the same money are never added up."""

    all = "all"  # 部门/单位 all funds: 收支总表, 支出(预算|决算)表, 部门支出预算表
    appropriation = "appropriation"  # 财政拨款: general + fund + soe
    general = "general"  # 一般公共预算(财政拨款)
    fund = "fund"  # 政府性基金预算(财政拨款)
    soe = "soe"  # 国有资本经营预算(财政拨款)


# Title words, the first found wins: 一般公共预算财政拨款支出决算表 reports
# general-budget money, not all appropriations. A title with none is all funds.
FUNDS_WORDS = ((Funds.fund, "政府性基金"), (Funds.soe, "国有资本经营"), (Funds.general, "一般公共预算"),
               (Funds.appropriation, "财政拨款"))
# Columns of a summary table that report one kind of appropriation each.
FUNDS_COLUMNS = {C.general_budget: Funds.general, C.fund_budget: Funds.fund, C.other_soe: Funds.soe}
SPENDING_KINDS = (TableKind.income_expenditure_summary, TableKind.department_expenditure,
                  TableKind.expenditure_by_function, TableKind.fund_expenditure)
# A table's own amount on its total row: 决算数 when printed, else 合计 (基本支出 for the economic table).
OWN_COLUMNS = (C.final, C.total, C.basic)


@lru_cache(maxsize=4096)  # (asked of every table's title for each word; titles repeat)
def has_word(word: str, title: str) -> bool:
    """`word` appears in `title`, one character of it OCR-damaged at most (收文 for 收支)."""
    return fuzz.partial_ratio(word, re.sub(r"\s+", "", title)) >= 100 * (len(word) - 1) / len(word) - 1e-9


def funds_of(table: LineTable) -> Funds:
    """The money a table reports, from its kind and its title's words (FUNDS_WORDS)."""
    if table.kind is TableKind.fund_expenditure:
        return Funds.fund
    return next((funds for funds, word in FUNDS_WORDS if has_word(word, table.title)), Funds.all)


@dataclass
class _Reported:
    """A table's printed spending total for one kind of money."""

    funds: Funds
    table: LineTable
    line: BudgetLine | None  # None: the table is printed empty, it reports no money
    column: ColumnKind | None = None

    def term(self) -> Term:
        if self.line is None:
            return Term(None, f"{self.table.id} (printed empty)")
        return Term(self.line.amount(self.column), _label(self.line, self.column, self.table.id))


def _reported(table: LineTable) -> list[_Reported]:
    funds = funds_of(table)
    if table.kind not in SPENDING_KINDS and not (table.kind is TableKind.other and funds is Funds.soe):
        return []
    if table.empty:
        return [_Reported(funds, table, None)]
    line = _spending_line(table) if table.kind is TableKind.income_expenditure_summary else _total_line(table)
    if line is None:
        return []
    own = next((c for c in OWN_COLUMNS[:2] if line.amount(c) is not None), None)
    out = [_Reported(funds, table, line, own)] if own else []
    return out + [_Reported(f, table, line, c) for c, f in FUNDS_COLUMNS.items() if line.amount(c) is not None]


def _total_line(table: LineTable) -> BudgetLine | None:
    return next((line for line in table.lines if line.row_kind is RowKind.total), None)


def _spending_line(table: LineTable) -> BudgetLine | None:
    """本年支出合计 (this year's spending), else 支出总计."""
    spending = [line for line in table.lines if line.side is Side.expenditure]
    return next((x for x in spending if _SUBTOTAL.search(x.name.value)), None) or next(
        (x for x in spending if _GRAND.search(x.name.value)), None)


def document_identities(doc: Document) -> Iterator[Identity]:
    """Identities across the tables of a document, pairing the tables that report the same money (`Funds`):

    - tables of the same money report the same spending total (收支总表 本年支出合计,
      支出表 合计, a 财政拨款 summary's 一般公共预算 column);
    - a 财政拨款 total without its own per-fund columns = 一般公共预算 + 政府性基金
      (+ 国有资本经营) tables;
    - a 基本支出 economic table's 合计 = the 基本支出 of the function table of the same money;
    - Σ project tables' funds = the 一般公共预算 function table's 项目支出 (domain.md).
    Identities whose tables print in different units are left out."""
    tables = [t for t in doc.tables if isinstance(t, LineTable)]
    reported: dict[Funds, list[_Reported]] = {}
    for table in tables:
        for r in _reported(table):
            reported.setdefault(r.funds, []).append(r)
    for group in reported.values():
        first = group[0]
        for other in group[1:]:
            if other.table is not first.table:
                yield from _cross(f"{first.table.id} = {other.table.id}: same money ({first.funds.value})",
                                  first.term(), [other.term()], [first.table, other.table])
    for total in reported.get(Funds.appropriation, []):
        if any(r.table is total.table for f in FUNDS_COLUMNS.values() for r in reported.get(f, [])):
            continue  # its own columns give the split, compared above
        parts = [next((r for r in reported.get(f, []) if r.table is not total.table), None)
                 for f in (Funds.general, Funds.fund, Funds.soe)]
        if parts[0] is not None and parts[1] is not None:
            parts = [p for p in parts if p is not None]
            yield from _cross(f"{total.table.id} 财政拨款 = " + " + ".join(f"{p.table.id} ({p.funds.value})" for p in parts),
                              total.term(), [p.term() for p in parts], [total.table] + [p.table for p in parts])
    yield from _basic_identities(tables)
    yield from _project_funds(doc, tables)
    yield from _list_totals(doc)


def _list_totals(doc: Document) -> Iterator[Identity]:
    """A multi-project list's 合计 (`ProjectTable.list_total`, on its last project's table) = Σ the 预算数 of its
    projects: the project tables of the list's title and label in a row up to that one."""
    for table, run in list_runs(doc.tables):
        funds = [Term(p.project.funds_total or p.project.funds_fiscal, f"{p.id} {_project_name(p)} [funds_total]")
                 for p in run]
        yield sum_identity(Check.list_total, table.id, f"{table.id} 合计 = Σ the list's projects' 预算数",
                           Term(table.list_total, f"{table.id} 合计"), funds,
                           precision([table.list_total, *(f.amount for f in funds)]), table.unit)


def _cross(text: str, total: Term, parts: list[Term], tables: list[LineTable]) -> Iterator[Identity]:
    units = {t.unit for t in tables}
    if len(units) != 1:
        return  # comparing across units needs the unit conversion of issue 7
    decimals = precision(a.amount for t in tables for line in t.lines for a in line.amounts if a.column not in NOT_ADDITIVE)
    ident = sum_identity(Check.cross_table, tables[0].id, text, total, parts, decimals, units.pop(), Severity.warning)
    if ident.printed:
        yield ident


def _basic_identities(tables: list[LineTable]) -> Iterator[Identity]:
    """合计 of the economic table of 基本支出 = 基本支出 合计 of the function table of the same money."""
    economic = [t for t in tables if t.kind is TableKind.basic_expenditure_by_economic and not t.empty
                and has_word("基本支出", t.title)]
    for funds in Funds:
        mine = [t for t in economic if funds_of(t) is funds]
        function = [t for t in tables if t.kind in FUNCTION_KINDS + (TableKind.department_expenditure,)
                    and funds_of(t) is funds and (x := _total_line(t)) is not None and x.amount(C.basic) is not None]
        if len(mine) != 1 or len(function) != 1:
            continue
        e, f = _total_line(mine[0]), _total_line(function[0])
        col = next((c for c in OWN_COLUMNS if e is not None and e.amount(c) is not None), None)
        if col is not None:
            yield from _cross(f"{mine[0].id} 合计 = {function[0].id} 基本支出", Term(e.amount(col), _label(e, col, mine[0].id)),
                              [Term(f.amount(C.basic), _label(f, C.basic, function[0].id))], [mine[0], function[0]])


def _project_funds(doc: Document, tables: list[LineTable]) -> Iterator[Identity]:
    general = [t for t in tables if t.kind is TableKind.expenditure_by_function and not t.empty
               and funds_of(t) is Funds.general]
    projects = [t for t in doc.tables if isinstance(t, ProjectTable)]
    if len(general) != 1 or not projects:
        return
    g = _total_line(general[0])
    funds = [Term(p.project.funds_total or p.project.funds_fiscal, f"{p.id} {_project_name(p)} [funds_total]") for p in projects]
    if g is None or g.amount(C.project) is None or any(f.amount is None for f in funds):
        return
    units = {general[0].unit} | {p.unit for p in projects}
    if len(units) == 1:
        decimals = precision([g.amount(C.project)] + [f.amount for f in funds])
        yield sum_identity(Check.cross_table, general[0].id, f"{general[0].id} 项目支出 = Σ project tables' funds",
                           Term(g.amount(C.project), _label(g, C.project, general[0].id)), funds, decimals,
                           units.pop(), Severity.warning)


def _project_name(table: ProjectTable) -> str:
    """The project's name, or `项目 (name not read)`: a message never starts with a bare colon."""
    return table.project.project_name.value if table.project.project_name else "项目 (name not read)"


# ------------------------------------------------------------------ projects

FULL_WEIGHT = 100.0  # what a project's indicator weights add up to (填报说明: 同一项目各指标权重合计为100)
_TOTAL_COST = LazyPattern(r"总成本|总金额|总投入|投入总|总额|总计")
_PER_UNIT = LazyPattern(r"每|人均|/|1人|一人|标准|单价")


def project_identities(table: ProjectTable) -> Iterator[Identity]:
    p = table.project
    funds = [a for a in (p.funds_total, p.funds_fiscal, p.funds_other) if a is not None]
    name = _project_name(table)
    # (a form or list that prints no 其他资金 at all, its labels read (`_labels`), leaves the rest of the total unsaid:
    # `资金总额 12.50 | 其中：财政拨款 10.00` is no error of the document)
    unsaid = p.funds_other is None and table._labels and "funds_other" not in table._labels
    if p.funds_total is not None and (p.funds_fiscal is not None or p.funds_other is not None) and not unsaid:
        terms = [Term(p.funds_total, f"{name} [funds_total]"), Term(p.funds_fiscal, f"{name} [funds_fiscal]", -1),
                 Term(p.funds_other, f"{name} [funds_other]", -1)]
        ident = Identity(Check.project_funds, table.id, f"{name}: 年度资金总额 = 财政拨款 + 其他资金", terms,
                         tolerance(precision(funds), table.unit, 3))
        yield ident
    weights = [Term(ind.weight, f"{name} {ind.level3.value} [weight]") for ind in p.indicators if ind.weight is not None]
    if weights:  # (a read that lost rows or weights shows here)
        yield sum_identity(Check.indicator_weights, table.id, f"{name}: Σ 指标权重 = {fmt(FULL_WEIGHT)}",
                           Term(Amount(raw="", value=FULL_WEIGHT), f"{name} 权重合计"), weights,
                           precision(w.amount for w in weights), None, Severity.warning)
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
