"""Turn the LLM's answer for one table into the product's table model.

A value answered by a cell reference (`R12C3`, anchor.py) is that cell: its
text and span are copied from the source, grounded exactly. A value answered
as text is aligned back to the source (`ground`); text the model mended (an OCR
typo) keeps the span and printed text it was found at and is flagged
`llm_corrected`. Either way every value carries a span and the printed text
like a rules-backend value, and numbers and indicator values are normalised
by the same code as the rules backend. Unaligned values keep the model's text
and the `unaligned` reason.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel
from rapidfuzz.distance import Levenshtein

from ...codes import LEVEL_OF_LENGTH
from ...confidence import confidence
from ...grid import Cell
from ...lazyre import LazyPattern
from ...models import (
    Amount, AmountCell, BudgetLine, ColumnKind, DepartmentPerformance, DepartmentTable, EvaluatedFunds,
    EvaluatedIndicator, FundItem, Indicator, IndicatorValue, KeyTask, LineTable, ProjectPerformance, ProjectTable, Reason,
    RowKind, SelfEvaluation, SelfEvaluationTable, Span, SpendingMilestone, TableKind, Text,
)
from ...numbers import clean_text, parse_amount, parse_indicator_value
from ...segment import Chunk
from ...vocabulary import EVALUATION_FUND_ROWS, column_kind, count_unit
from ..common import row_kind_of_code, strip_decoration, table_fields
from .anchor import reference, said
from .ground import Alignment, Grounder

_TOTAL = LazyPattern(r"合计|总计|小计")


_MEND_DIGITS = 4  # shorter numbers are one digit apart from too many others


def _digits(printed: str) -> str:
    """A number's significant digits (`25,121,091.00` → 25121091, `0.50` → 05); empty for no number."""
    parsed = parse_amount(printed)
    if parsed is None or parsed.value is None:
        return ""
    return f"{abs(parsed.value):.6f}".rstrip("0").rstrip(".").replace(".", "")


def _folded(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


class _Builder:
    def __init__(self, text: str, chunk: Chunk, cells: dict[str, Cell] | None = None):
        self.source = text
        self.ground = Grounder(text, chunk.start, chunk.end)
        self.cells = cells or {}  # the chunk's cells by reference, as the requests labelled them
        self._by_row: dict[str, list[Cell]] | None = None
        self.cursor = chunk.header_end  # values are looked for after the previous row first

    def _cell(self, value: str) -> Alignment | None:
        """The cell an answer refers to (None: the value is not a reference, or names no cell)."""
        cell = self.cells.get(reference(value) or "")
        return None if cell is None else Alignment(Span(start=cell.start, end=cell.end), self.source[cell.start:cell.end])

    def text(self, value: str | None, clean=clean_text, near: int | None = None) -> Text | None:
        if value is None:
            return None
        hit = self._cell(value)
        if hit is not None:  # the cell as printed, or as the model read it (`R4C2:行政运行`)
            value = said(value)[1] or clean_text(hit.raw)
        elif clean(value):
            hit = self.ground.find_text(value, self.cursor if near is None else near)
        if not clean(value):
            return None
        # what the model wrote where the print says otherwise (a mended OCR typo) is shown, not hidden
        mended = hit is not None and _folded(clean(hit.raw)) != _folded(clean(value))
        return _located(Text, hit, value, [Reason.llm_corrected] if mended else [], value=clean(value))

    def amount(self, printed: str | None, unit: str | None, near: int | None = None) -> Amount | None:
        if printed is None or not printed.strip():
            return None
        hit = self._cell(printed) or self.ground.find_number(printed, self.cursor if near is None else near)
        mended = hit is None and self._mended(printed, near)
        # A value found in the source is read from the source, as the rules backend reads it; a
        # number the model read through the print's damage is the model's, at the damaged cell.
        parsed = parse_amount(hit.raw if hit else printed, unit) or parse_amount(printed, unit)
        if parsed is None:
            return None
        reasons = ([Reason.number_ambiguous] if parsed.ambiguous else []) + (
            [Reason.number_repaired] if parsed.repaired else []
        ) + ([Reason.llm_corrected] if mended else [])
        hit = hit or mended or None
        return _located(
            Amount, hit, printed, reasons, value=parsed.value, decimals=parsed.decimals,
            alternatives=parsed.alternatives,
        )

    def _mended(self, printed: str, near: int | None) -> Alignment | None:
        """The cell of the row printed at `near` that prints `printed` damaged: a number of
        `_MEND_DIGITS` digits or more, one digit changed, doubled or dropped (`253,121,091.00` for
        25121091), as a model that mends an OCR slip answers it. None where the answer was not gridded."""
        digits = _digits(printed)
        if near is None or len(digits) < _MEND_DIGITS:
            return None
        row = min((n for n, cells in self._rows().items() if max(c.end for c in cells) > near), default=None,
                  key=lambda n: min(c.start for c in self._rows()[n]))
        for cell in self._rows().get(row, []):
            if Levenshtein.distance(_digits(cell.raw) or "?" * 99, digits) == 1:
                return Alignment(Span(start=cell.start, end=cell.end), self.source[cell.start:cell.end])
        return None

    def _rows(self) -> dict[str, list[Cell]]:
        if self._by_row is None:
            self._by_row = {}
            for ref, cell in self.cells.items():
                self._by_row.setdefault(ref[: ref.index("C")], []).append(cell)
        return self._by_row

    def indicator_value(self, printed: str | None, near: int | None = None) -> IndicatorValue | None:
        if printed is None or not printed.strip():
            return None
        hit = self._cell(printed)
        if hit is not None:
            printed = clean_text(hit.raw)
        else:
            hit = self.ground.find_text(printed, self.cursor if near is None else near)
        parsed = parse_indicator_value(printed)
        reasons = [Reason.number_ambiguous] if parsed.ambiguous else []
        return _located(
            IndicatorValue, hit, printed, reasons, operator=parsed.operator, number=parsed.number,
            number_high=parsed.number_high, unit=parsed.unit, text=parsed.text,
        )

    def amounts(self, answer, names: tuple[str, ...], unit: str | None, near: int | None) -> dict[str, Amount | None]:
        """The amounts of one row, printed left to right in the order of `names`:
        each is looked for past the one before it (a 20.00 under a 20.00 is the second)."""
        out = {}
        for name in names:
            out[name] = self.amount(getattr(answer, name), unit, near=near)
            near = past(out[name], near)
        return out

    def advance(self, *values) -> None:
        ends = [v.span.end for v in values if v is not None and v.span is not None]
        if ends:
            self.cursor = max(ends)


def past(value, near: int | None) -> int | None:
    """Where the next cell of a row is looked for: after `value` when it was found, else at `near`."""
    return value.span.end if value is not None and value.span is not None else near


def _located(cls, hit: Alignment | None, said: str, reasons: list[Reason] | None = None, **fields):
    reasons = list(reasons or [])
    if hit is None:
        reasons.append(Reason.unaligned)
    return cls(
        raw=hit.raw if hit else said, span=hit.span if hit else None,
        confidence=confidence(reasons), reasons=reasons, **fields,
    )


Columns = list[tuple[ColumnKind, str]]  # kind and header label of each amount column


def build_lines(text: str, chunk: Chunk, answer: BaseModel, columns: Columns, unit: str, cells=None) -> LineTable:
    table = LineTable(**table_fields(chunk), columns=[kind for kind, _ in columns], backend="llm")
    b = _Builder(text, chunk, cells)
    for row in answer.lines:
        name = b.text(row.name)
        if name is None:
            continue
        code = b.text(getattr(row, "code", None), clean=lambda s: re.sub(r"\D", "", s))
        line_start = (code or name).span.start if (code or name).span else None
        if code is not None:
            row_kind = row_kind_of_code(code.value)
        else:
            # a coded table's 合计 row says nothing else; a named item that ends in 合计 (三公经费合计) is an
            # item, as the rules read it; a summary table's sides have their own totals (本年收入合计)
            sided = getattr(row, "side", None) is not None
            total = _TOTAL.search(name.value) if sided else _TOTAL.fullmatch(re.sub(r"\s", "", name.value))
            row_kind = RowKind.total if total else RowKind.item
        line = BudgetLine(
            row_kind=row_kind, code=code, name=name, side=getattr(row, "side", None),
            level=LEVEL_OF_LENGTH.get(len(code.value)) if code and row_kind is RowKind.subject else None,
            unit=count_unit(name.value),
        )
        named = [(column, label, getattr(row, column.value, None)) for column, label in columns]
        # a column the request did not name, by its header (or the header's cell) as the model read it
        labels = [(header.value if (header := b.text(o.column)) else "", o.amount) for o in getattr(row, "other_amounts", [])]
        others = [(column_kind(label, None), label, printed) for label, printed in labels]
        for column, label, printed in [*named, *others]:
            if any(cell.column is column for cell in line.amounts):
                continue  # a column already read in this row
            amount = b.amount(printed, "%" if column is ColumnKind.change_pct else unit, near=line_start)
            if amount is not None:
                line.amounts.append(AmountCell(column=column, label=label, amount=amount))
                if column not in table.columns:
                    table.columns.append(column)
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
        # the row's other cells stand after its 三级指标: a 正向 of the row above is not this row's,
        # and a 指标描述 printed as the 三级指标 is the cell after it
        row = level3.span.end if level3.span else None
        ind = Indicator(
            level1=b.text(a.level1, clean=strip_decoration), level2=b.text(a.level2, clean=strip_decoration),
            level3=level3, value=b.indicator_value(a.value, row), description=b.text(a.description, near=row),
            basis=b.text(a.basis, near=row), deadline=b.text(a.deadline, near=row),
            weight=b.amount(a.weight, None, near=row), direction=b.text(a.direction, near=row),
        )
        b.advance(ind.level3, ind.value)
        out.append(ind)
    return out


def _spending_plan(b: _Builder, answers) -> list[SpendingMilestone]:
    """资金支出计划: each milestone's percentage, grounded; its label is plain text
    in the model, so a label not found in the source flags the percentage."""
    out = []
    for a in answers:
        label, percent = b.text(a.label, clean=lambda s: re.sub(r"\s+", "", s)), b.amount(a.percent, "%")
        if label is None or percent is None:
            continue
        if label.span is None:
            percent.reasons.append(Reason.unaligned)
            percent.confidence = confidence(percent.reasons)
        b.advance(percent)  # the next milestone's 100% is not this one's
        out.append(SpendingMilestone(label=label.value, percent=percent))
    return out


def build_project(text: str, chunk: Chunk, answer: BaseModel, unit: str, cells=None) -> ProjectTable:
    b = _Builder(text, chunk, cells)
    names = ("project_name", "project_code", "department", "implementing_unit", "project_attribute", "period",
             "supervising_office")
    project = ProjectPerformance(**{n: b.text(getattr(answer, n)) for n in names})
    for n, amount in b.amounts(answer, ("funds_total", "funds_fiscal", "funds_other"), unit, chunk.start).items():
        setattr(project, n, amount)
    project.fund_use = b.text(answer.fund_use)
    project.spending_plan = _spending_plan(b, answer.spending_plan)
    project.annual_goal = b.text(answer.annual_goal)
    b.advance(project.annual_goal)  # an indicator named in the goal's prose is read in its own row
    project.indicators = _indicators(b, answer.indicators)
    return ProjectTable(**table_fields(chunk), project=project, backend="llm")


def build_department(text: str, chunk: Chunk, answer: BaseModel, unit: str, cells=None) -> DepartmentTable:
    b = _Builder(text, chunk, cells)
    dept = DepartmentPerformance(department=b.text(answer.department), staff_count=b.amount(answer.staff_count, None))
    for f in answer.funds:
        name = b.text(f.name)
        if name is not None:
            dept.funds.append(FundItem(side=f.side, name=name, amount=b.amount(f.amount, unit, near=past(name, None))))
            b.advance(name, dept.funds[-1].amount)
    dept.duties = b.text(answer.duties)
    b.advance(dept.duties)  # a task named in the duties' prose is read in its own row
    for t in answer.key_tasks:
        task = b.text(t.task)
        if task is None:
            continue
        # a row's cells left to right: its 对应项目 and 主要内容 past the task, in either order, its amount past both
        start = past(task, None)
        project = b.text(t.project, near=start)
        content = b.text(t.content, near=start)
        texts_end = max((v.span.end for v in (project, content) if v is not None and v.span is not None), default=start)
        amount = b.amount(t.amount, unit, near=texts_end)
        deadline = b.text(t.deadline, near=past(amount, texts_end))
        dept.key_tasks.append(KeyTask(task=task, project=project, content=content, amount=amount, deadline=deadline))
        b.advance(task, project, content, amount, deadline)
    dept.annual_goal = b.text(answer.annual_goal)
    b.advance(dept.annual_goal)  # an indicator named in the goal's prose is read in its own row
    dept.indicators = _indicators(b, answer.indicators)
    return DepartmentTable(**table_fields(chunk), department=dept, backend="llm")


def build_self_evaluation(text: str, chunk: Chunk, answer: BaseModel, unit: str, cells=None) -> SelfEvaluationTable:
    b = _Builder(text, chunk, cells)
    names = ("project_name", "project_code", "department", "implementing_unit")
    ev = SelfEvaluation(**{n: b.text(getattr(answer, n)) for n in names})
    for f in answer.funds:
        name = b.text(f.name)
        if name is None:
            continue
        # the role the printed name says, by the rules backend's vocabulary; the model's where it says none
        hit = EVALUATION_FUND_ROWS.match(name.value)
        role = hit.field if hit is not None else f.role or "total"
        near = past(name, None)
        budget = b.amounts(f, ("budget_initial", "budget_adjusted", "executed"), unit, near)
        scores = b.amounts(f, ("points", "execution_rate", "score"), None, past(budget["executed"], near))
        row = EvaluatedFunds(name=name, role=role, **budget, **scores)
        b.advance(name, *budget.values(), *scores.values())
        ev.funds.append(row)
    ev.annual_goal, ev.annual_outcome = b.text(answer.annual_goal), b.text(answer.annual_outcome)
    for a in answer.indicators:
        for ind in _indicators(b, [a]):  # each row's own values are grounded after its 三级 and value
            actual = b.text(a.actual)
            extra = {"actual": actual, **b.amounts(a, ("points", "score"), None, past(actual, None))}
            extra["deviation"] = b.text(a.deviation, near=past(extra["score"], None))
            b.advance(*extra.values())
            ev.indicators.append(EvaluatedIndicator(**dict(ind), **extra))
    ev.total_points, ev.total_score = b.amounts(answer, ("total_points", "total_score"), None, None).values()
    ev.grade = b.text(answer.grade)
    return SelfEvaluationTable(**table_fields(chunk), evaluation=ev, backend="llm")


def build_table(text: str, chunk: Chunk, answer: BaseModel, columns: Columns, unit: str,
                cells: dict[str, Cell] | None = None):
    """The table an answer describes; `cells` are the chunk's cells by the references the requests
    labelled them with (anchor.py), which the answer's references name."""
    if chunk.kind is TableKind.project_performance:
        return build_project(text, chunk, answer, unit, cells)
    if chunk.kind is TableKind.department_performance:
        return build_department(text, chunk, answer, unit, cells)
    if chunk.kind is TableKind.self_evaluation:
        return build_self_evaluation(text, chunk, answer, unit, cells)
    return build_lines(text, chunk, answer, columns, unit, cells)
