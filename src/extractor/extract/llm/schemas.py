"""What the LLM is asked to fill: one small strict schema per table kind.

A field not printed is left out (or null): every field costs output tokens.
The lists are required (empty when nothing is printed), so that a grammar-
constrained local model cannot close the object before considering them.
The model copies text; it does not compute. Amounts, codes and indicator values
(`Anchored` fields) come back as the reference of the cell printing them
(`R12C3`, anchor.py), or else as the printed strings, and text as the text (or
its cell's reference), so that every value can be aligned to its place in the
source and normalised by the same code as the rules backend. A reference to a
cell the request did not show fails validation, and the model is re-asked. The field
descriptions carry the domain rules: they reach the model in the schema, and
through `field_guide` in the prompt where the endpoint only turns the schema
into a grammar. Line tables get their amount fields from the columns the header
declares, so the model cannot invent a column and each amount lands in a known
column kind.

A list's items are rows of the print, so they may be answered by place
(anchor.expand): the list's column map (`indicators_columns`: a field → the
column it is printed in) once, then each item as its row (`{"row": 11}`),
with only the fields its row prints elsewhere written out. A field of a merged
cell (一级/二级指标, printed once for the rows below it) left out, or whose
mapped cell is empty in the item's row, is the item above's.

One source of truth: every answer field is named as the document-model field it
fills (`extractor.models`), nested lists included (`indicators[].basis`); `FILLS`
pairs each answer model with its document model, and the document-model fields
an answer has no field for are listed in `NOT_ANSWERED` with how the builder
gets them (tests/test_llm_schemas.py holds the two to each other). The fields
that place an item (`row`, a list's `<list>_columns`) are `placement_fields`.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, create_model, model_validator

from .anchor import reference
from ...models import (
    BudgetLine, ColumnKind, DepartmentPerformance, EvaluatedFunds, EvaluatedIndicator, FundItem, FundRole, Indicator, KeyTask,
    ProjectPerformance, SelfEvaluation, Side, SpendingMilestone, TableKind,
)


def _as_text(value):
    # Small models often answer 12.5 for "12.5"; keep what they meant.
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


Printed = Annotated[Optional[str], BeforeValidator(_as_text)]
# A number, a code or an indicator value: answered by its cell's reference (`R12C3`, anchor.py), or as printed.
ANCHORED = "anchored"
Anchored = Annotated[Optional[str], BeforeValidator(_as_text), ANCHORED]
# A merged cell's field, printed once for the rows below it: an item that leaves it out has the one above's.
CARRIED = "carried"
Carried = Annotated[Optional[str], BeforeValidator(_as_text), CARRIED]
_CELL = "所在单元格的编号，如 R12C3"
ROW = "row"
COLUMNS = "_columns"  # a list's column map is the list's name and this


def anchored(info) -> bool:
    """Whether a schema field (its FieldInfo) is one answered by a cell reference."""
    return ANCHORED in info.metadata


def carried(info) -> bool:
    """Whether a schema field (its FieldInfo) is a merged cell's, carried down to the items below."""
    return CARRIED in info.metadata


def placement_fields(model: type[BaseModel]) -> set[str]:
    """The fields of an answer model that say where its items are printed (an item's `row`, a list's
    column map), not what they hold: no document-model field answers to them."""
    return {name for name in model.model_fields if name == ROW or name.endswith(COLUMNS)}


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="after")
    def _cells_exist(self, info: ValidationInfo):
        """A reference must name a cell the request showed (`context["cells"]`): else the model is re-asked."""
        cells = (info.context or {}).get("cells")
        if cells is None:
            return self
        for name in type(self).model_fields:
            ref = reference(getattr(self, name))
            if ref is not None and ref not in cells:
                raise ValueError(f"{name}: the table has no cell {ref}; refer to a cell by the label it is printed with")
        row = getattr(self, ROW, None)
        if row is not None and not any(ref.startswith(f"R{row}C") for ref in cells):
            raise ValueError(f"row: the table has no row {row}; give the number n of its cells' labels RnCm")
        for name in type(self).model_fields:
            if name.endswith(COLUMNS) and getattr(self, name) is not None:
                _check_map(name, getattr(self, name).model_dump(), {ref[ref.index("C") + 1:] for ref in cells})
        return self


def _check_map(name: str, columns: dict[str, int | None], shown: set[str]) -> None:
    """A list's column map names columns the table has: else the model is re-asked (a field filled
    from a column nobody printed would be lost unsaid). Two fields may share a column number: where
    the print does not delimit its cells (space-aligned OCR), rows number their cells differently."""
    for field, column in columns.items():
        if column is not None and str(column) not in shown:
            raise ValueError(f"{name}.{field}: the table has no column {column}; give the m of its cells' labels RnCm")


class _Item(_Answer):
    """A list item printed as a row: answered by its row, the list's column map giving its fields."""

    row: Optional[int] = Field(None, description="该项所在的行号（R12C3 的 12）；写了行号时，不写的字段按列表的 *_columns 从该行的对应列取")


@lru_cache(maxsize=None)
def columns_model(item: type[BaseModel]) -> type[BaseModel]:
    """The column map of a list of `item`s: for each of its fields, the column (the m of RnCm) its
    items print it in, or None."""
    fields = {name: (Optional[int], Field(None, description=f"{name} 所在的列号"))
              for name in item.model_fields if name != ROW}
    return create_model(f"{item.__name__.removesuffix('Answer')}Columns", __base__=_Answer, **fields)


def _column_map():
    return Field(None, description="各字段所在的列号（如 {\"level3\": 3, \"value\": 5}）；列表项写了 row 时，不写的字段从该行的这一列取")


def _amount(label: str) -> tuple:
    return (Anchored, Field(None, description=f"“{label}”列的数字{_CELL}；该格为空时为 null"))


class _Row(_Item):
    code: Anchored = Field(None, description=f"行首的科目编码或单位编码（如 2040601、010001）{_CELL}；合计行和无编码的行为 null")
    name: Printed = Field(None, description="科目名称或行名称，照抄原文，如 行政运行、合计")


class _SummaryRow(_Item):
    side: Side = Field(description="income = 该项在表的左半（收入），expenditure = 在右半（支出）")
    name: Printed = Field(None, description="项目名称，照抄原文，如 一般公共预算拨款收入、本年支出合计")


class OtherAmountAnswer(_Answer):
    """An amount in a column the request did not name: the rules' reading of the header is context, not a limit."""

    column: Printed = Field(None, description="该列的表头，照抄（如 基本支出、上年预算数）")
    amount: Anchored = Field(None, description=f"该列的数字{_CELL}")


OTHER_AMOUNTS = "other_amounts"


@lru_cache(maxsize=256)
def line_schema(kind: TableKind, columns: tuple[tuple[ColumnKind, str], ...]) -> type[BaseModel]:
    """Rows of a line table: one amount field per column the header declares (as the rules read
    it), and `other_amounts` for a column they did not (its header as printed, and its cell)."""
    base = _SummaryRow if kind is TableKind.income_expenditure_summary else _Row
    fields = {column.value: _amount(label) for column, label in columns}
    fields[OTHER_AMOUNTS] = (list[OtherAmountAnswer], Field(
        default_factory=list, description="上面没有列出的金额列（若有）：每列写表头和数字所在单元格"))
    row = create_model("Row", __base__=base, **fields)
    return create_model(
        "LineTableAnswer",
        __base__=_Answer,
        lines_columns=(Optional[columns_model(row)], _column_map()),
        lines=(list[row], Field(description="表中每一个数据行，按原文顺序；表头、单位行、页码不是数据行")),
    )


class IndicatorAnswer(_Item):
    level1: Carried = Field(None, description="一级指标，如 产出指标、效益指标、满意度指标；去掉序号")
    level2: Carried = Field(None, description="二级指标，如 数量指标、质量指标、时效指标、成本指标；去掉“（必填）”")
    level3: Printed = Field(None, description="三级指标名称，照抄原文")
    value: Anchored = Field(None, description=f"指标值（含符号和单位，如 ≥95%、=12个月、长期）{_CELL}")
    description: Printed = Field(None, description="指标描述（若该表有此列）")
    basis: Printed = Field(None, description="指标值确定依据（若该表有此列），照抄原文，如 历史标准、计划标准")
    deadline: Printed = Field(None, description="完成时限（若该表有此列），照抄原文，如 2021年12月底")
    weight: Anchored = Field(None, description=f"权重或分值（若该表有此列）{_CELL}")
    direction: Printed = Field(None, description="指标方向（若该表有此列），如 正向、反向")


class SpendingMilestoneAnswer(_Answer):
    label: Printed = Field(None, description="资金支出计划的时间节点，照抄原文，如 3月底、6月底")
    percent: Anchored = Field(None, description=f"该节点下的支出进度（如 30%）{_CELL}")


class ProjectAnswer(_Answer):
    project_name: Printed = Field(None, description="项目名称")
    project_code: Anchored = Field(None, description=f"项目编码（若印出）{_CELL}")
    department: Printed = Field(None, description="主管部门")
    implementing_unit: Printed = Field(None, description="实施单位")
    project_attribute: Printed = Field(None, description="项目属性，如 经常性项目")
    period: Printed = Field(None, description="项目期，如 2021年-2021年")
    supervising_office: Printed = Field(None, description="项目主管处室（若印出）")
    funds_total: Anchored = Field(None, description=f"年度资金总额{_CELL}")
    funds_fiscal: Anchored = Field(None, description=f"其中：财政拨款{_CELL}")
    funds_other: Anchored = Field(None, description=f"其中：其他资金{_CELL}")
    fund_use: Printed = Field(None, description="资金用途（或 预算规模及资金用途）的全文（若印出）")
    spending_plan: list[SpendingMilestoneAnswer] = Field(description="资金支出计划的每个时间节点及进度（若印出）")
    annual_goal: Printed = Field(None, description="年度绩效目标的全文")
    indicators_columns: Optional[columns_model(IndicatorAnswer)] = _column_map()
    indicators: list[IndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")


class FundAnswer(_Item):
    side: Side = Field(description="income = 收入预算的一项，expenditure = 支出预算的一项")
    name: Printed = Field(None, description="资金项目名称，如 一般公共预算拨款、基本支出")
    amount: Anchored = Field(None, description=f"金额{_CELL}")


class KeyTaskAnswer(_Item):
    task: Printed = Field(None, description="重点工作任务名称")
    project: Printed = Field(None, description="对应项目（资助该任务的项目，若该表有此列）")
    content: Printed = Field(None, description="主要内容（若该表有此列），照抄原文")
    amount: Anchored = Field(None, description=f"预算金额{_CELL}")
    deadline: Printed = Field(None, description="完成时限")


class DepartmentAnswer(_Answer):
    department: Printed = Field(None, description="部门名称（及代码），照抄")
    staff_count: Anchored = Field(None, description=f"编制或实有人数{_CELL}")
    funds_columns: Optional[columns_model(FundAnswer)] = _column_map()
    funds: list[FundAnswer] = Field(description="部门收支预算的各项及金额")
    duties: Printed = Field(None, description="部门职责的全文")
    key_tasks_columns: Optional[columns_model(KeyTaskAnswer)] = _column_map()
    key_tasks: list[KeyTaskAnswer] = Field(description="重点工作任务（若有）")
    annual_goal: Printed = Field(None, description="年度总体绩效目标的全文")
    indicators_columns: Optional[columns_model(IndicatorAnswer)] = _column_map()
    indicators: list[IndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")


class EvaluatedIndicatorAnswer(IndicatorAnswer):
    actual: Anchored = Field(None, description=f"实际完成值{_CELL}")
    points: Anchored = Field(None, description=f"分值{_CELL}")
    score: Anchored = Field(None, description=f"得分{_CELL}")
    deviation: Printed = Field(None, description="偏差原因分析及改进措施（若有）")


class EvaluatedFundsAnswer(_Item):
    name: Printed = Field(None, description="资金行名称，照抄原文，如 年度资金总额、其中：当年财政拨款、上年结转资金、其他资金")
    role: Optional[FundRole] = Field(
        None, description="total = 年度资金总额，fiscal = （当年）财政拨款，carryover = 上年结转资金，other = 其他资金，"
                    "basic = 基本支出，project = 项目支出"
    )
    budget_initial: Anchored = Field(None, description=f"年初预算数{_CELL}")
    budget_adjusted: Anchored = Field(None, description=f"全年预算数{_CELL}")
    executed: Anchored = Field(None, description=f"全年执行数{_CELL}")
    points: Anchored = Field(None, description=f"分值{_CELL}；空或“—”为 null")
    execution_rate: Anchored = Field(None, description=f"执行率（如 92.50%）{_CELL}")
    score: Anchored = Field(None, description=f"得分{_CELL}")


class SelfEvaluationAnswer(_Answer):
    project_name: Printed = Field(None, description="项目名称（部门整体自评表为 null）")
    project_code: Anchored = Field(None, description=f"项目编码（若印出）{_CELL}")
    department: Printed = Field(None, description="主管部门（或被评价的部门）")
    implementing_unit: Printed = Field(None, description="实施单位")
    funds_columns: Optional[columns_model(EvaluatedFundsAnswer)] = _column_map()
    funds: list[EvaluatedFundsAnswer] = Field(description="项目资金各行")
    annual_goal: Printed = Field(None, description="年度总体目标：预期目标的全文")
    annual_outcome: Printed = Field(None, description="年度总体目标：实际完成情况的全文")
    indicators_columns: Optional[columns_model(EvaluatedIndicatorAnswer)] = _column_map()
    indicators: list[EvaluatedIndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")
    total_points: Anchored = Field(None, description=f"总分行的分值（通常 100）{_CELL}")
    total_score: Anchored = Field(None, description=f"总分行的得分{_CELL}")
    grade: Printed = Field(None, description="自评等级，如 优、良")


# answer model -> the document model it fills, field for field
FILLS: dict[type[BaseModel], type[BaseModel]] = {
    ProjectAnswer: ProjectPerformance,
    IndicatorAnswer: Indicator,
    SpendingMilestoneAnswer: SpendingMilestone,
    DepartmentAnswer: DepartmentPerformance,
    FundAnswer: FundItem,
    KeyTaskAnswer: KeyTask,
    SelfEvaluationAnswer: SelfEvaluation,
    EvaluatedFundsAnswer: EvaluatedFunds,
    EvaluatedIndicatorAnswer: EvaluatedIndicator,
    _Row: BudgetLine,
    _SummaryRow: BudgetLine,
}

# document-model fields an answer carries no field for, and where the builder gets them
_LINE_DERIVED = {
    "row_kind": "from the code (subject or unit row) or the name (合计: total row)",
    "level": "from the code's length",
    "unit": "from the name: a count unit it carries (公务用车保有量（辆）: 辆, `vocabulary.count_unit`)",
    "amounts": "one answer field per amount column the header declares, named by its ColumnKind, and "
               "`other_amounts` (header and cell) for a column it does not",
}
NOT_ANSWERED: dict[type[BaseModel], dict[str, str]] = {
    _Row: {**_LINE_DERIVED, "side": "a coded table has no sides"},
    _SummaryRow: {**_LINE_DERIVED, "code": "a summary table's items have no codes"},
}


def item_model(annotation) -> type[BaseModel] | None:
    """The answer model inside `list[Model]`, if the annotation is one."""
    if typing.get_origin(annotation) is not list:
        return None
    (item,) = typing.get_args(annotation)
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def implied(info, field: str, row: int | None, columns: Mapping[str, int | None], above: str | None,
            cells: Mapping[str, object]) -> str | None:
    """What a list item's `field` (its FieldInfo `info`) reads as when the item leaves it out: the
    reference of its row's cell at the list's column map (`columns`, field → column), when the
    request showed that cell (`cells`, by reference); else, for a merged cell's field (`carried`:
    一级/二级指标, printed once for the rows below it), the item above's value (`above`); else None."""
    column = columns.get(field)
    if row is not None and column is not None and f"R{row}C{column}" in cells:
        return f"R{row}C{column}"
    return above if carried(info) else None


def expand(answer: BaseModel, cells: Mapping[str, object], above: Mapping[str, BaseModel] | None = None) -> BaseModel:
    """A copy of `answer` with its list items written out, as the builder reads them: each field an
    item leaves out is what it implies (`implied`: its row's cell at the list's column map
    `<list>_columns`, or a merged cell's value above); a field the item gives, null included, is kept.
    `above`: for a part of a split table, the last item of each list in the part before (list name →
    written-out item), whose merged cells the part's first items continue."""
    out = answer.model_copy(deep=True)
    for name, info in type(out).model_fields.items():
        if item_model(info.annotation) is None:
            continue
        columns = getattr(out, name + COLUMNS, None)
        columns, above_item = (columns.model_dump() if columns is not None else {}), (above or {}).get(name)
        for item in getattr(out, name):
            given, row = set(item.model_fields_set), getattr(item, ROW, None)
            for field, field_info in type(item).model_fields.items():
                if field != ROW and field not in given and item_model(field_info.annotation) is None:
                    value = implied(field_info, field, row, columns, getattr(above_item, field, None), cells)
                    setattr(item, field, value)
            above_item = item
    return out


def last_items(answer: BaseModel, before: Mapping[str, BaseModel] | None = None) -> dict[str, BaseModel]:
    """The last item of each of a written-out answer's lists (else `before`'s): what the next part's
    first items continue (`expand`'s `above`)."""
    out = dict(before or {})
    for name, info in type(answer).model_fields.items():
        if item_model(info.annotation) is not None and getattr(answer, name):
            out[name] = getattr(answer, name)[-1]
    return out


def field_guide(schema: type[BaseModel]) -> str:
    """One line per field of an answer schema, `path：description`, list items as
    `indicators[].level3`: the schema's descriptions in words, for endpoints that
    turn the schema into a grammar and never show it to the model (llama.cpp's
    json_schema mode)."""
    lines: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            lines.append(f"- {prefix}{name}：{info.description or ''}")
            item = item_model(info.annotation)
            if item is not None:
                walk(item, f"{prefix}{name}[].")

    walk(schema, "")
    return "\n".join(lines)


# Kinds the LLM may name for a region the rules found no title for (prompts/classify.md lists them).
NamedKind = Literal[tuple(k.value for k in TableKind if k not in (TableKind.narrative, TableKind.other))]


class KindAnswer(_Answer):
    kind: Optional[NamedKind] = Field(
        description="表的种类（从给定列表中选一个）；不是表格时为 null")
