"""Post-checks of department overall performance tables (部门整体支出绩效目标表).

The budget items of each side add up as the form numbers them: the side's
total (the first item, unnumbered: 年度部门预算收入(1至7项合计)) is the sum of
its 一、/二、 subtotals, or of its 1./2. items when it has no subtotals; a
subtotal (一、基本支出(第1至4项小计)) is the sum of the items under it. A blank
amount counts 0, so an amount OCR lost fails the sum instead of passing unseen, a
total's as well as a part's.

The key tasks' budgets (年度主要任务) add up to the 项目支出 item where the form
lists every project's task (seed 004: 104.08 + 40 + 16.23 = 160.31); a form
may list only its main ones, so the sum confirms the amounts it holds (a
damaged number it settles) and tells when it does not hold, without doubting
them (severity info).
"""

from __future__ import annotations

from typing import Iterator

from ..lazyre import LazyPattern
from ..models import Check, DepartmentTable, FundItem, Severity, Side
from ..vocabulary import DEPARTMENT_BUDGET_ITEMS, DEPARTMENT_REQUEST_ITEMS
from .identities import Identity, Term, precision, tolerance

# A subtotal's numbering (`一、`, `二 `), or a numeral before an item's name with its mark lost (`一基本支出`); not
# a word starting with a numeral (一般公共预算).
_SUBTOTAL = LazyPattern(r"^\s*[一二三四五六七八九十]{1,2}(\s*[、.．]|\s)\s*\S")
_NUMERAL = LazyPattern(r"^\s*[一二三四五六七八九十]{1,2}")
# The 项目支出 item, numbered or not (`二、项目支出(第5至6项小计)`).
_PROJECTS = LazyPattern(r"^\s*([一二三四五六七八九十]{1,2}\s*[、.．]?\s*)?项目支出")
_ITEM = LazyPattern(r"^\s*\d{1,2}\s*[、.．]?\s*\D")
# A side's total printed under its items.
_CLOSING_TOTAL = LazyPattern(r"^\s*(合\s*计|总\s*计)\s*$")


def side_total(items: list[FundItem]) -> FundItem | None:
    """The total of one side's items (in print order): the last where it is worded as one (`合计`, `总计`: a
    `资金来源 | 金额 | 资金用途 | 金额` form closes each column so), else the first (年度部门预算收入(1至7项合计),
    资金总额); None for no items."""
    if len(items) >= 2 and _CLOSING_TOTAL.match(items[-1].name.value):
        return items[-1]
    return items[0] if items else None


def _sides(table: DepartmentTable) -> Iterator[tuple[FundItem, list[tuple[FundItem | None, list[FundItem]]]]]:
    """Each side's total and its groups: (subtotal or None, the items under it)."""
    for side in Side:
        items = [f for f in table.department.funds if f.side is side]
        total = side_total(items)
        if len(items) < 2 or total is items[0] and (_numbered(total) or _request_item(total)):
            continue
        groups: list[tuple[FundItem | None, list[FundItem]]] = [(None, [])]
        for item in (x for x in items if x is not total):
            if _subtotal(item):
                groups.append((item, []))
            else:  # a numbered item, or one whose numbering OCR lost (`工 财政拨款收入`)
                groups[-1][1].append(item)
        yield total, groups


def leaf_items(table: DepartmentTable) -> set[int]:
    """The budget items (as id()) a sum of a side should add: the items under the subtotals (a
    subtotal printed without items is its own), or the items when there are no subtotals; never
    a side's total. A side not numbered as the form numbers it (its first item numbered) has none."""
    out: set[int] = set()
    for total, groups in _sides(table):
        if any(head is not None for head, _ in groups):
            out.update(id(x) for head, members in groups if head is not None for x in (members or [head]))
        else:
            out.update(id(x) for x in groups[0][1])
    return out


def department_identities(table: DepartmentTable) -> Iterator[Identity]:
    """total = Σ subtotals (or Σ items), subtotal = Σ its items, per side; 项目支出 = Σ the key tasks' budgets (info)."""
    for total, groups in _sides(table):
        subtotals = [head for head, _ in groups if head is not None]
        parts = subtotals or groups[0][1]
        yield from _sum(table, total, parts)
        for head, members in groups:
            if head is not None:
                yield from _sum(table, head, members)
    yield from _tasks(table)


def _tasks(table: DepartmentTable) -> Iterator[Identity]:
    """项目支出 = Σ the key tasks' budgets, when the form prints both (severity info: a form may list its main tasks only)."""
    dept = table.department
    projects = next((f for f in dept.funds if f.side is Side.expenditure and f.amount is not None
                     and _PROJECTS.match(f.name.value)), None)
    budgets = [k for k in dept.key_tasks if k.amount is not None]
    if projects is None or not budgets:
        return
    terms = [Term(projects.amount, _label(projects)), *(Term(k.amount, f"task:{k.task.value}", -1) for k in budgets)]
    decimals = precision([projects.amount, *(k.amount for k in budgets)])
    yield Identity(Check.department_funds, table.id, f"{projects.name.value} = Σ the key tasks' budgets", terms,
                   tolerance(decimals, table.unit, len(terms)), severity=Severity.info)


def _subtotal(item: FundItem) -> bool:
    """A subtotal, by its numbering: `一、基本支出`, or `一基本支出` (a budget item's name after the numeral)."""
    name = item.name.value
    return bool(_SUBTOTAL.match(name) or (m := _NUMERAL.match(name)) and DEPARTMENT_BUDGET_ITEMS.match(name[m.end():]))


def _request_item(item: FundItem) -> bool:
    """An item of a 年度预算申请 side (一般公共预算, 基本支出 …): never a total (a side whose 资金总额 was not read
    has none to add up to)."""
    hit = DEPARTMENT_REQUEST_ITEMS.match(item.name.value, whole=True)
    return hit is not None and hit.field != "total"


def _numbered(item: FundItem) -> bool:
    return bool(_subtotal(item) or _ITEM.match(item.name.value))


def _sum(table: DepartmentTable, total: FundItem, parts: list[FundItem]) -> Iterator[Identity]:
    """total = Σ parts when any part prints an amount. A total with no amount read fails too (a total is
    printed where its parts are): its row is flagged with the parts its amount would be read from."""
    printed = [p for p in parts if p.amount is not None]
    if not printed:
        return
    terms = [Term(total.amount, _label(total)), *(Term(p.amount, _label(p), -1) for p in parts)]
    decimals = precision([total.amount, *(p.amount for p in printed)])
    lost = total.amount is None
    yield Identity(Check.department_funds, table.id,
                   f"{total.name.value}{' (no amount read)' if lost else ''} = Σ its items", terms,
                   tolerance(decimals, table.unit, len(terms)), extra=[total.name] if lost else [])


def _label(item: FundItem) -> str:
    return f"{item.side.value}:{item.name.value}"
