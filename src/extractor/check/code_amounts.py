"""One code, one amount (`code_amounts`): a classification code printed in several tables that
report the same money (`reconcile.Funds`: the 收入预算总表 and 支出预算总表 both all funds; two
一般公共预算 tables) carries the same amount in every column they share. A class at 326.71 in
one and 326.72 in another is a finding on both cells: which one is wrong, the print does not say.
"""

from __future__ import annotations

from ..models import Amount, BudgetLine, Check, ColumnKind, Document, Finding, LineTable, Reason, RowKind, Severity
from .findings import Findings
from .narrative import UNITS
from .reconcile import funds_of

# Columns whose meaning does not depend on the table: a code's 合计 / 基本支出 / 项目支出 / 决算数.
SHARED = (ColumnKind.total, ColumnKind.basic, ColumnKind.project, ColumnKind.final, ColumnKind.personnel,
          ColumnKind.public_operating)


def check_code_amounts(doc: Document, findings: Findings) -> None:
    """A finding per code and column whose amount differs between two tables of the same money."""
    seen: dict[tuple, tuple[LineTable, BudgetLine, Amount]] = {}
    for table in doc.tables:
        if not isinstance(table, LineTable) or table.unit not in UNITS or table.empty:
            continue
        funds = funds_of(table)
        for line in table.lines:
            if line.row_kind is not RowKind.subject or line.code is None or not line.code.value:
                continue
            for cell in line.amounts:
                if cell.column not in SHARED or cell.amount.value is None:
                    continue
                key = (funds, line.code.value, cell.column)
                if key not in seen:
                    seen[key] = (table, line, cell.amount)
                    continue
                first_table, first_line, first = seen[key]
                if first_table is table:
                    continue
                a, b = first.value * UNITS[first_table.unit], cell.amount.value * UNITS[table.unit]
                tolerance = 0.5 * (10 ** -first.decimals * UNITS[first_table.unit] + 10 ** -cell.amount.decimals
                                   * UNITS[table.unit]) if first_table.unit != table.unit else 0.005
                if abs(a - b) > tolerance:
                    _add(findings, funds.value, line, cell.column, (first_table, first), (table, cell.amount))


def _add(findings, funds: str, line: BudgetLine, column: ColumnKind, first, second) -> None:
    (t1, a1), (t2, a2) = first, second
    code = line.code.value
    findings.items.append((Finding(
        check=Check.code_amounts, severity=Severity.warning, reason=Reason.sum_mismatch, table_id=t1.id,
        message=f"{code} {line.name.value} [{column.value}] is {a1.raw.strip()} in {t1.id} and {a2.raw.strip()} in "
                f"{t2.id}, tables of the same money ({funds})",
        rows=[f"{t1.id} {code}", f"{t2.id} {code}"], expected=a1.raw.strip(), actual=a2.raw.strip(),
        suggestion="the same code must print the same amount in every table of the same money",
        spans=[a.span for a in (a1, a2) if a.span is not None],
    ), [a1, a2]))
