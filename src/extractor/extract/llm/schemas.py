"""What the LLM is asked to fill: one small strict schema per table kind.

Every field is required (null when not printed), so that a grammar-constrained
local model has to consider each one instead of closing the object at once.
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

One source of truth: every answer field is named as the document-model field it
fills (`extractor.models`), nested lists included (`indicators[].basis`); `FILLS`
pairs each answer model with its document model, and the document-model fields
an answer has no field for are listed in `NOT_ANSWERED` with how the builder
gets them (tests/test_llm_schemas.py holds the two to each other).
"""

from __future__ import annotations

import typing
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
_CELL = "所在单元格的编号，如 R12C3"


def anchored(info) -> bool:
    """Whether a schema field (its FieldInfo) is one answered by a cell reference."""
    return ANCHORED in info.metadata


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
        return self


def _amount(label: str) -> tuple:
    return (Anchored, Field(description=f"“{label}”列的数字{_CELL}；该格为空时为 null"))


class _Row(_Answer):
    code: Anchored = Field(description=f"行首的科目编码或单位编码（如 2040601、010001）{_CELL}；合计行和无编码的行为 null")
    name: str = Field(description="科目名称或行名称，照抄原文，如 行政运行、合计")


class _SummaryRow(_Answer):
    side: Side = Field(description="income = 该项在表的左半（收入），expenditure = 在右半（支出）")
    name: str = Field(description="项目名称，照抄原文，如 一般公共预算拨款收入、本年支出合计")


@lru_cache(maxsize=256)
def line_schema(kind: TableKind, columns: tuple[tuple[ColumnKind, str], ...]) -> type[BaseModel]:
    """Rows of a line table, with one amount field per column the header declares."""
    base = _SummaryRow if kind is TableKind.income_expenditure_summary else _Row
    fields = {column.value: _amount(label) for column, label in columns}
    row = create_model("Row", __base__=base, **fields)
    return create_model(
        "LineTableAnswer",
        __base__=_Answer,
        lines=(list[row], Field(description="表中每一个数据行，按原文顺序；表头、单位行、页码不是数据行")),
    )


class IndicatorAnswer(_Answer):
    level1: Printed = Field(description="一级指标，如 产出指标、效益指标、满意度指标；去掉序号")
    level2: Printed = Field(description="二级指标，如 数量指标、质量指标、时效指标、成本指标；去掉“（必填）”")
    level3: str = Field(description="三级指标名称，照抄原文")
    value: Anchored = Field(description=f"指标值（含符号和单位，如 ≥95%、=12个月、长期）{_CELL}")
    description: Printed = Field(description="指标描述（若该表有此列）")
    basis: Printed = Field(description="指标值确定依据（若该表有此列），照抄原文，如 历史标准、计划标准")
    deadline: Printed = Field(description="完成时限（若该表有此列），照抄原文，如 2021年12月底")
    weight: Anchored = Field(description=f"权重或分值（若该表有此列）{_CELL}")
    direction: Printed = Field(description="指标方向（若该表有此列），如 正向、反向")


class SpendingMilestoneAnswer(_Answer):
    label: str = Field(description="资金支出计划的时间节点，照抄原文，如 3月底、6月底")
    percent: Anchored = Field(description=f"该节点下的支出进度（如 30%）{_CELL}")


class ProjectAnswer(_Answer):
    project_name: Printed = Field(description="项目名称")
    project_code: Anchored = Field(description=f"项目编码（若印出）{_CELL}")
    department: Printed = Field(description="主管部门")
    implementing_unit: Printed = Field(description="实施单位")
    project_attribute: Printed = Field(description="项目属性，如 经常性项目")
    period: Printed = Field(description="项目期，如 2021年-2021年")
    supervising_office: Printed = Field(description="项目主管处室（若印出）")
    funds_total: Anchored = Field(description=f"年度资金总额{_CELL}")
    funds_fiscal: Anchored = Field(description=f"其中：财政拨款{_CELL}")
    funds_other: Anchored = Field(description=f"其中：其他资金{_CELL}")
    fund_use: Printed = Field(description="资金用途（或 预算规模及资金用途）的全文（若印出）")
    spending_plan: list[SpendingMilestoneAnswer] = Field(description="资金支出计划的每个时间节点及进度（若印出）")
    annual_goal: Printed = Field(description="年度绩效目标的全文")
    indicators: list[IndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")


class FundAnswer(_Answer):
    side: Side = Field(description="income = 收入预算的一项，expenditure = 支出预算的一项")
    name: str = Field(description="资金项目名称，如 一般公共预算拨款、基本支出")
    amount: Anchored = Field(description=f"金额{_CELL}")


class KeyTaskAnswer(_Answer):
    task: str = Field(description="重点工作任务名称")
    project: Printed = Field(description="对应项目")
    amount: Anchored = Field(description=f"预算金额{_CELL}")
    deadline: Printed = Field(description="完成时限")


class DepartmentAnswer(_Answer):
    department: Printed = Field(description="部门名称（及代码），照抄")
    staff_count: Anchored = Field(description=f"编制或实有人数{_CELL}")
    funds: list[FundAnswer] = Field(description="部门收支预算的各项及金额")
    duties: Printed = Field(description="部门职责的全文")
    key_tasks: list[KeyTaskAnswer] = Field(description="重点工作任务（若有）")
    annual_goal: Printed = Field(description="年度总体绩效目标的全文")
    indicators: list[IndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")


class EvaluatedIndicatorAnswer(IndicatorAnswer):
    actual: Anchored = Field(description=f"实际完成值{_CELL}")
    points: Anchored = Field(description=f"分值{_CELL}")
    score: Anchored = Field(description=f"得分{_CELL}")
    deviation: Printed = Field(description="偏差原因分析及改进措施（若有）")


class EvaluatedFundsAnswer(_Answer):
    name: str = Field(description="资金行名称，照抄原文，如 年度资金总额、其中：当年财政拨款、上年结转资金、其他资金")
    role: Optional[FundRole] = Field(
        description="total = 年度资金总额，fiscal = （当年）财政拨款，carryover = 上年结转资金，other = 其他资金"
    )
    budget_initial: Anchored = Field(description=f"年初预算数{_CELL}")
    budget_adjusted: Anchored = Field(description=f"全年预算数{_CELL}")
    executed: Anchored = Field(description=f"全年执行数{_CELL}")
    points: Anchored = Field(description=f"分值{_CELL}；空或“—”为 null")
    execution_rate: Anchored = Field(description=f"执行率（如 92.50%）{_CELL}")
    score: Anchored = Field(description=f"得分{_CELL}")


class SelfEvaluationAnswer(_Answer):
    project_name: Printed = Field(description="项目名称（部门整体自评表为 null）")
    project_code: Anchored = Field(description=f"项目编码（若印出）{_CELL}")
    department: Printed = Field(description="主管部门（或被评价的部门）")
    implementing_unit: Printed = Field(description="实施单位")
    funds: list[EvaluatedFundsAnswer] = Field(description="项目资金各行")
    annual_goal: Printed = Field(description="年度总体目标：预期目标的全文")
    annual_outcome: Printed = Field(description="年度总体目标：实际完成情况的全文")
    indicators: list[EvaluatedIndicatorAnswer] = Field(description="绩效指标表的每一行三级指标")
    total_points: Anchored = Field(description=f"总分行的分值（通常 100）{_CELL}")
    total_score: Anchored = Field(description=f"总分行的得分{_CELL}")
    grade: Printed = Field(description="自评等级，如 优、良")


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
    "amounts": "one answer field per amount column the header declares, named by its ColumnKind",
}
NOT_ANSWERED: dict[type[BaseModel], dict[str, str]] = {
    _Row: {**_LINE_DERIVED, "side": "a coded table has no sides"},
    _SummaryRow: {**_LINE_DERIVED, "code": "a summary table's items have no codes"},
}


def item_model(annotation) -> type[BaseModel] | None:
    """The answer model inside `list[Model]` (or `Model`), if any."""
    for t in (annotation, *typing.get_args(annotation)):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


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
