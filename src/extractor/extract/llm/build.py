"""Turn the LLM's answer for one table into the product's table model.

Every value is aligned back to the source (`ground`), so it carries a span and
the printed text like a rules-backend value; numbers and indicator values are
normalised by the same code as the rules backend. Unaligned values keep the
model's text and the `unaligned` reason.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from ...codes import LEVEL_OF_LENGTH
from ...confidence import confidence
from ...models import (
    Amount, AmountCell, BudgetLine, ColumnKind, DepartmentPerformance, DepartmentTable, EvaluatedFunds,
    EvaluatedIndicator, FundItem, Indicator, IndicatorValue, KeyTask, LineTable, ProjectPerformance, ProjectTable, Reason,
    RowKind, SelfEvaluation, SelfEvaluationTable, Side, TableKind, Text,
)
from ...numbers import clean_text, parse_amount, parse_indicator_value
from ...segment import Chunk
from ..common import row_kind_of_code, strip_decoration, table_fields
from .ground import Alignment, Grounder

_TOTAL = re.compile(r"合计|总计|小计")
_SIDES = {"收入": Side.income, "支出": Side.expenditure}


class _Builder:
    def __init__(self, text: str, chunk: Chunk):
        self.ground = Grounder(text, chunk.start, chunk.end)
        self.cursor = chunk.header_end  # values are looked for after the previous row first

    def text(self, value: str | None, clean=clean_text) -> Text | None:
        if value is None or not clean(value):
            return None
        hit = self.ground.find_text(value, self.cursor)
        return _located(Text, hit, value, value=clean(value))

    def amount(self, printed: str | None, unit: str | None, near: int | None = None) -> Amount | None:
        if printed is None or not printed.strip():
            return None
        hit = self.ground.find_number(printed, self.cursor if near is None else near)
        # A value found in the source is read from the source, as the rules backend reads it.
        parsed = parse_amount(hit.raw if hit else printed, unit) or parse_amount(printed, unit)
        if parsed is None:
            return None
        reasons = ([Reason.number_ambiguous] if parsed.ambiguous else []) + (
            [Reason.number_repaired] if parsed.repaired else []
        )
        return _located(
            Amount, hit, printed, reasons, value=parsed.value, decimals=parsed.decimals,
            alternatives=parsed.alternatives,
        )

    def indicator_value(self, printed: str | None) -> IndicatorValue | None:
        if printed is None or not printed.strip():
            return None
        hit = self.ground.find_text(printed, self.cursor)
        parsed = parse_indicator_value(printed)
        reasons = [Reason.number_ambiguous] if parsed.ambiguous else []
        return _located(
            IndicatorValue, hit, printed, reasons, operator=parsed.operator, number=parsed.number,
            number_high=parsed.number_high, unit=parsed.unit, text=parsed.text,
        )

    def advance(self, *values) -> None:
        ends = [v.span.end for v in values if v is not None and v.span is not None]
        if ends:
            self.cursor = max(ends)


def _located(cls, hit: Alignment | None, said: str, reasons: list[Reason] | None = None, **fields):
    reasons = list(reasons or [])
    if hit is None:
        reasons.append(Reason.unaligned)
    return cls(
        raw=hit.raw if hit else said, span=hit.span if hit else None,
        confidence=confidence(reasons), reasons=reasons, **fields,
    )


Columns = list[tuple[ColumnKind, str]]  # kind and header label of each amount column


def build_lines(text: str, chunk: Chunk, answer: BaseModel, columns: Columns, unit: str) -> LineTable:
    table = LineTable(**table_fields(chunk), columns=[kind for kind, _ in columns], backend="llm")
    b = _Builder(text, chunk)
    for row in answer.lines:
        name = b.text(row.name)
        if name is None:
            continue
        code = b.text(getattr(row, "code", None), clean=lambda s: re.sub(r"\D", "", s))
        line_start = (code or name).span.start if (code or name).span else None
        if code is not None:
            row_kind = row_kind_of_code(code.value)
        else:
            row_kind = RowKind.total if _TOTAL.search(name.value) else RowKind.item
        line = BudgetLine(
            row_kind=row_kind, code=code, name=name, side=_SIDES.get(getattr(row, "side", None)),
            level=LEVEL_OF_LENGTH.get(len(code.value)) if code and row_kind is RowKind.subject else None,
        )
        for column, label in columns:
            amount = b.amount(getattr(row, column.value, None), "%" if column is ColumnKind.change_pct else unit,
                              near=line_start)
            if amount is not None:
                line.amounts.append(AmountCell(column=column, label=label, amount=amount))
        b.advance(code, name, *(cell.amount for cell in line.amounts))
        table.lines.append(line)
    table.empty = not table.lines
    return table


def _indicators(b: _Builder, answers) -> list[Indicator]:
    out = []
    for a in answers:
        level3 = b.text(a.level3)
        if level3 is None:
            continue
        ind = Indicator(
            level1=b.text(a.level1, clean=strip_decoration), level2=b.text(a.level2, clean=strip_decoration),
            level3=level3, value=b.indicator_value(a.value), description=b.text(a.description),
        )
        b.advance(ind.level3, ind.value)
        out.append(ind)
    return out


def build_project(text: str, chunk: Chunk, answer: BaseModel, unit: str) -> ProjectTable:
    b = _Builder(text, chunk)
    names = ("project_name", "project_code", "department", "implementing_unit", "project_attribute", "period")
    project = ProjectPerformance(**{n: b.text(getattr(answer, n)) for n in names})
    for n in ("funds_total", "funds_fiscal", "funds_other"):
        setattr(project, n, b.amount(getattr(answer, n), unit, near=chunk.start))
    project.annual_goal = b.text(answer.annual_goal)
    project.indicators = _indicators(b, answer.indicators)
    return ProjectTable(**table_fields(chunk), project=project, backend="llm")


def build_department(text: str, chunk: Chunk, answer: BaseModel, unit: str) -> DepartmentTable:
    b = _Builder(text, chunk)
    dept = DepartmentPerformance(department=b.text(answer.department), staff_count=b.amount(answer.staff_count, None))
    for f in answer.funds:
        name = b.text(f.name)
        if name is not None:
            dept.funds.append(FundItem(side=_SIDES[f.side], name=name, amount=b.amount(f.amount, unit)))
    dept.duties = b.text(answer.duties)
    for t in answer.key_tasks:
        task = b.text(t.task)
        if task is not None:
            dept.key_tasks.append(KeyTask(task=task, project=b.text(t.project), amount=b.amount(t.amount, unit),
                                          deadline=b.text(t.deadline)))
    dept.annual_goal = b.text(answer.annual_goal)
    dept.indicators = _indicators(b, answer.indicators)
    return DepartmentTable(**table_fields(chunk), department=dept, backend="llm")


# A funds row's role by its name (the rules backend reads the same rows by vocabulary).
_FUND_ROLES = [("结转", "carryover"), ("其他", "other"), ("其它", "other"), ("财政", "fiscal"), ("", "total")]


def build_self_evaluation(text: str, chunk: Chunk, answer: BaseModel, unit: str) -> SelfEvaluationTable:
    b = _Builder(text, chunk)
    names = ("project_name", "project_code", "department", "implementing_unit")
    ev = SelfEvaluation(**{n: b.text(getattr(answer, n)) for n in names})
    for f in answer.funds:
        name = b.text(f.name)
        if name is None:
            continue
        role = next(r for word, r in _FUND_ROLES if word in name.value)
        row = EvaluatedFunds(name=name, role=role)
        for n in ("budget_initial", "budget_adjusted", "executed"):
            setattr(row, n, b.amount(getattr(f, n), unit))
        for n in ("points", "execution_rate", "score"):
            setattr(row, n, b.amount(getattr(f, n), None))
        b.advance(name)
        ev.funds.append(row)
    ev.annual_goal, ev.annual_outcome = b.text(answer.annual_goal), b.text(answer.annual_outcome)
    for a in answer.indicators:
        for ind in _indicators(b, [a]):  # each row's own values are grounded after its 三级 and value
            extra = {"actual": b.text(a.actual), "points": b.amount(a.points, None), "score": b.amount(a.score, None),
                     "deviation": b.text(a.deviation)}
            b.advance(*extra.values())
            ev.indicators.append(EvaluatedIndicator(**dict(ind), **extra))
    ev.total_points, ev.total_score = b.amount(answer.total_points, None), b.amount(answer.total_score, None)
    ev.grade = b.text(answer.grade)
    return SelfEvaluationTable(**table_fields(chunk), evaluation=ev, backend="llm")


def build_table(text: str, chunk: Chunk, answer: BaseModel, columns: Columns, unit: str):
    if chunk.kind is TableKind.project_performance:
        return build_project(text, chunk, answer, unit)
    if chunk.kind is TableKind.department_performance:
        return build_department(text, chunk, answer, unit)
    if chunk.kind is TableKind.self_evaluation:
        return build_self_evaluation(text, chunk, answer, unit)
    return build_lines(text, chunk, answer, columns, unit)
