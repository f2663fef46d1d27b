"""Pydantic models of what we extract: documents, tables, budget lines, projects.

Every extracted value keeps its normalised value, the raw text it came from and
its source span (character offsets into the decoded document text), so that a
reviewer can always be shown where a number came from.

(No `from __future__ import annotations` here: pydantic would evaluate every field's annotation
from its text when it builds each model, ~2 ms of every start-up.)
"""

from enum import Enum
from functools import lru_cache
from typing import AbstractSet, Annotated, Callable, Iterable, Iterator, Literal, Optional, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr


def empty_list() -> list:
    """A new empty list: the default of the list fields. (pydantic reads a default factory's signature
    when it builds a model; a builtin's, `list`'s, it parses from text: ~0.1 ms a field at start-up.)"""
    return []


class Backend(str, Enum):
    """Who reads the tables: the deterministic rules, an LLM, or both compared (`extract.reader`)."""

    rules = "rules"
    llm = "llm"
    hybrid = "hybrid"


class TableKind(str, Enum):
    income_expenditure_summary = "income_expenditure_summary"
    expenditure_by_function = "expenditure_by_function"
    fund_expenditure = "fund_expenditure"
    basic_expenditure_by_economic = "basic_expenditure_by_economic"
    department_expenditure = "department_expenditure"
    project_performance = "project_performance"
    department_performance = "department_performance"
    self_evaluation = "self_evaluation"  # 绩效自评表 (项目支出 / 部门整体支出): the 决算 counterpart of the performance tables
    three_public = "three_public"  # “三公”经费 (因公出国(境)费, 公务接待费, 公务用车) and 机关运行经费, 会议费, 培训费
    income_by_source = "income_by_source"  # 收入预算总表 / 收入决算表: income by source (财政拨款, 事业收入 …)
    procurement = "procurement"  # 政府采购预算表
    other = "other"
    narrative = "narrative"


class ColumnKind(str, Enum):
    """What an amount column means, resolved from the header text."""

    total = "total"
    prior_year = "prior_year"
    basic = "basic"
    project = "project"
    personnel = "personnel"
    public_operating = "public_operating"
    change_amount = "change_amount"
    change_pct = "change_pct"
    general_budget = "general_budget"
    fund_budget = "fund_budget"
    other_soe = "other_soe"
    # 部门支出预算表 columns
    administrative = "administrative"
    public_institution = "public_institution"
    operating = "operating"
    remit_superior = "remit_superior"
    subsidy_subordinate = "subsidy_subordinate"
    investment = "investment"
    debt_repayment = "debt_repayment"
    other_expenditure = "other_expenditure"
    # 收入预算总表 columns (names follow the dev-set facts format)
    other_fiscal = "other_fiscal"
    other_business = "other_business"
    other_operating = "other_operating"
    other_other_income = "other_other_income"
    # final accounts (决算)
    budget_initial = "budget_initial"
    budget_adjusted = "budget_adjusted"
    final = "final"
    # 决算 carry-over (一般公共预算财政拨款收入支出决算表): 上年结转 + 本年收入 − 本年支出 = 年末结转
    opening_balance = "opening_balance"  # 上年结转 / 年初结转和结余: last year's funds carried into this one
    current_income = "current_income"  # 本年收入: this year's income of the row (its 本年支出 is `total`)
    closing_balance = "closing_balance"  # 年末结转 / 年末结转和结余: carried on into next year
    # self-evaluation (绩效自评表) funds rows: 分值 / 执行率 / 得分
    points = "points"
    execution_rate = "execution_rate"
    score = "score"
    unknown = "unknown"


class Side(str, Enum):
    income = "income"
    expenditure = "expenditure"


class RowKind(str, Enum):
    subject = "subject"  # a classification code row (类/款/项)
    unit = "unit"  # a budget-unit row (010, 010001, 223-…): not a subject
    total = "total"  # 合计 / 总计
    item = "item"  # a labelled row without a code (summary tables)


class Reason(str, Enum):
    """Machine-readable reasons a field is uncertain or flagged."""

    number_repaired = "number_repaired"
    number_ambiguous = "number_ambiguous"
    cell_shifted = "cell_shifted"
    column_inferred = "column_inferred"
    illegible = "illegible"
    missing_value = "missing_value"
    hierarchy_mismatch = "hierarchy_mismatch"
    unaligned = "unaligned"
    sum_mismatch = "sum_mismatch"
    code_unknown = "code_unknown"
    name_mismatch = "name_mismatch"
    backend_disagreement = "backend_disagreement"
    single_backend = "single_backend"  # hybrid: one backend alone read it (an LLM addition, or a table the other could not read)
    unread = "unread"  # a number printed in a table that no field took
    text_repaired = "text_repaired"  # OCR-damaged text read as the value the document prints alike elsewhere
    ocr_doubt = "ocr_doubt"  # OCR text in doubt: its page's printed labels came out damaged, or it holds a look-alike glyph (0/O)
    llm_corrected = "llm_corrected"  # the LLM's text differs from the printed text at its span: it mended (or changed) it
    text_mismatch = "text_mismatch"  # the disclosure's own narrative states another amount for this cell
    template_defect = "template_defect"  # the disclosure departs from its template (a table missing, a placeholder left)


class Operator(str, Enum):
    ge = "≥"
    le = "≤"
    gt = ">"
    lt = "<"
    eq = "="
    range = "range"


class _Given(set):
    """The names of the fields given to the instances `_made` makes alike (`model_fields_set`): one set shared
    by them all, not one of ~0.2-0.7 KB each (half the memory of a document's values). `Model.__setattr__`
    gives an instance a set of its own before a field not in it is set, so a shared one never changes."""

    __slots__ = ()


@lru_cache(maxsize=None)  # (a few dozen: the fields the readers give, per class)
def _given(names: tuple[str, ...]) -> _Given:
    """The shared set of `names` (`_Given`)."""
    return _Given(names)


class Model(BaseModel):
    """The base of the document's models: its fields set (`model_fields_set`) may be shared (`_Given`)."""

    def __setattr__(self, name: str, value: object) -> None:
        given = self.__pydantic_fields_set__
        if given.__class__ is _Given and name not in given:
            _set_given(self, set(given))  # (pydantic adds the name to it)
        BaseModel.__setattr__(self, name, value)


class Span(Model):
    start: int = Field(description="Start character offset into the document text")
    end: int = Field(description="End character offset (exclusive)")


class Candidate(Model):
    """A value some reader proposed for a field, for the reviewer to pick."""

    source: str = Field(description="Who proposed it: rules, llm, a check (code_exists…), reading (another reading of a damaged number)")
    value: str
    span: Optional[Span] = None
    note: str = Field("", description="Why, in words")


# (`defer_build`: a base never validated as itself builds no schema at import, ~1 ms each; a subclass
# builds its own, inherited fields and all, with `defer_build=False`)
class Located(Model, defer_build=True):
    """Common part of every extracted value: where it came from and how sure we are."""

    raw: str = Field(description="The text as printed in the source")
    span: Optional[Span] = None
    confidence: float = Field(
        1.0, ge=0.0, le=1.0, description="From parse certainty and, after the post-checks, their results"
    )
    reasons: list[Reason] = Field(default_factory=empty_list, description="Doubts found while reading the value")
    checks: list[Reason] = Field(default_factory=empty_list, description="Post-checks that failed on this value")
    flagged: bool = Field(False, description="Confidence below the review threshold: goes to review")
    agreed: bool = Field(False, description="Hybrid: the rules and the LLM read the same value")
    candidates: list[Candidate] = Field(default_factory=empty_list, description="Hybrid: each backend's value when they differ")

    @property
    def all_reasons(self) -> list[Reason]:
        return list(dict.fromkeys(self.reasons + self.checks))


class Reading(Model):
    """One possible interpretation of a damaged number."""

    value: float
    why: str


class Amount(Located, defer_build=False):
    value: Optional[float] = Field(None, description="Normalised number; None when unreadable")
    decimals: int = Field(0, description="Digits printed after the decimal point")
    alternatives: list[Reading] = Field(
        default_factory=empty_list, description="Other readings of a repaired number, best first"
    )


class Text(Located, defer_build=False):
    value: str = Field(description="Cleaned text (whitespace folded, decorations removed)")


class AmountCell(Model):
    column: ColumnKind
    label: str = Field("", description="The header text of the column")
    amount: Amount


def amount_cell(column: ColumnKind, label: str, amount: Amount) -> AmountCell:
    """`AmountCell(column=column, label=label, amount=amount)` made without validating where each is what validation
    keeps as it is (a column's kind, its header's text, an amount: the very object), as the readers give them; any
    other goes through validation."""
    if column.__class__ is not ColumnKind or label.__class__ is not str or amount.__class__ is not Amount:
        return AmountCell(column=column, label=label, amount=amount)
    return _made(AmountCell, {"column": column, "label": label, "amount": amount}, _CELL_GIVEN)


class BudgetLine(Model):
    """One row of a coded or summary table."""

    row_kind: RowKind
    code: Optional[Text] = Field(None, description="Subject or unit code, digits only")
    name: Text
    level: Optional[int] = Field(None, description="Code level: 1=类, 2=款, 3=项")
    side: Optional[Side] = None
    amounts: list[AmountCell] = Field(default_factory=empty_list)
    unit: Optional[str] = Field(None, description=(
        "The row's own unit where it counts things, not money: the count unit its name carries (公务用车保有量（辆）: "
        "辆; 国内公务接待批次: 批次); its numbers enter no sum of the table's money. None: the table's unit"))

    def amount(self, column: ColumnKind) -> Optional[Amount]:
        for cell in self.amounts:
            if cell.column == column:
                return cell.amount
        return None


class IndicatorValue(Located, defer_build=False):
    operator: Optional[Operator] = None
    number: Optional[float] = None
    number_high: Optional[float] = Field(None, description="Upper bound of a range value")
    unit: Optional[str] = None
    text: Optional[str] = Field(None, description="Free-text value when not numeric (长期, 及时)")


# A cell's value made as validation makes it, without validating: the readers make one for every cell
# read, and pydantic's check of each field (and its default factories, a Python call each) was a
# quarter of a cell's cost. The same object: its fields in their order, those given as set, the
# defaults new; arguments of another type than a cell gives go through validation.
# (BaseModel's slots set through their descriptors: ~0.05 µs less a slot than `object.__setattr__`.)
_new = object.__new__
_set_dict, _set_given, _set_extra, _set_private = (
    BaseModel.__dict__[name].__set__
    for name in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"))


# The fields the cell makers below give (each a shared set, `_Given`)
_SPAN_GIVEN = _given(("start", "end"))
_CELL_GIVEN = _given(("column", "label", "amount"))
_TEXT_GIVEN = _given(("raw", "span", "confidence", "reasons", "value"))
_AMOUNT_GIVEN = _given(("raw", "span", "confidence", "reasons", "value", "decimals", "alternatives"))
_INDICATOR_VALUE_GIVEN = _given(("raw", "span", "confidence", "reasons", "operator", "number", "number_high", "unit",
                                 "text"))


def _made(cls: type[Model], fields: dict, given: _Given) -> Model:
    """An instance of `cls` holding `fields` (all of them, in the class's order), `given` set (a shared set)."""
    made = _new(cls)
    _set_dict(made, fields)
    _set_given(made, given)
    _set_extra(made, None)
    _set_private(made, None)
    return made


def _located(raw: str, start: int, end: int, confidence: float, reasons: list[Reason]) -> dict:
    """The fields every located value has, in their order, for `_made`: those given, with the span's; the
    hybrid's and the checks' fields at their defaults, new. The caller adds its class's own fields after them
    (raw, span, confidence, reasons and its own given as set)."""
    return {"raw": raw, "span": _made(Span, {"start": start, "end": end}, _SPAN_GIVEN),
            "confidence": confidence, "reasons": reasons, "checks": [], "flagged": False, "agreed": False,
            "candidates": []}


def _doubts(confidence: float, reasons: list[Reason]) -> bool:
    """Whether a confidence and reasons are what validation takes as they are."""
    return (confidence.__class__ is float and 0.0 <= confidence <= 1.0
            and (not reasons or all(r.__class__ is Reason for r in reasons)))


def cell_text(raw: str, start: int, end: int, value: str, confidence: float, reasons: list[Reason]) -> Text:
    """`Text(raw=raw, span=Span(start=start, end=end), value=value, confidence=confidence,
    reasons=reasons)`, `reasons` taken as it is (a list of the caller's own)."""
    if value.__class__ is not str or not _doubts(confidence, reasons):
        return Text(raw=raw, span=Span(start=start, end=end), value=value, confidence=confidence, reasons=reasons)
    fields = _located(raw, start, end, confidence, reasons)
    fields["value"] = value
    return _made(Text, fields, _TEXT_GIVEN)


def cell_amount(raw: str, start: int, end: int, value: float, decimals: int, alternatives: list[Reading],
                confidence: float, reasons: list[Reason]) -> Amount:
    """`Amount(raw=raw, span=Span(start=start, end=end), value=value, decimals=decimals,
    alternatives=alternatives, confidence=confidence, reasons=reasons)`, `reasons` taken as it is
    (a list of the caller's own), `alternatives` copied."""
    if (value.__class__ is not float or decimals.__class__ is not int or not _doubts(confidence, reasons)
            or alternatives and any(a.__class__ is not Reading for a in alternatives)):
        return Amount(raw=raw, span=Span(start=start, end=end), value=value, decimals=decimals,
                      alternatives=alternatives, confidence=confidence, reasons=reasons)
    fields = _located(raw, start, end, confidence, reasons)
    fields["value"], fields["decimals"], fields["alternatives"] = value, decimals, list(alternatives)
    return _made(Amount, fields, _AMOUNT_GIVEN)


def cell_indicator_value(raw: str, start: int, end: int, operator: Operator | None, number: float | None,
                         number_high: float | None, unit: str | None, text: str | None, confidence: float,
                         reasons: list[Reason]) -> IndicatorValue:
    """`IndicatorValue(raw=raw, span=Span(start=start, end=end), operator=operator, number=number,
    number_high=number_high, unit=unit, text=text, confidence=confidence, reasons=reasons)`,
    `reasons` taken as it is (a list of the caller's own)."""
    if (operator is not None and operator.__class__ is not Operator or not _doubts(confidence, reasons)
            or number is not None and number.__class__ is not float
            or number_high is not None and number_high.__class__ is not float
            or unit is not None and unit.__class__ is not str or text is not None and text.__class__ is not str):
        return IndicatorValue(raw=raw, span=Span(start=start, end=end), operator=operator, number=number,
                              number_high=number_high, unit=unit, text=text, confidence=confidence, reasons=reasons)
    fields = _located(raw, start, end, confidence, reasons)
    fields["operator"], fields["number"], fields["number_high"], fields["unit"], fields["text"] = (
        operator, number, number_high, unit, text)
    return _made(IndicatorValue, fields, _INDICATOR_VALUE_GIVEN)


class Indicator(Model):
    level1: Optional[Text] = None
    level2: Optional[Text] = None
    level3: Text
    value: Optional[IndicatorValue] = None
    description: Optional[Text] = Field(None, description="绩效指标描述 when printed")
    basis: Optional[Text] = Field(None, description="指标值确定依据 when printed")
    deadline: Optional[Text] = Field(None, description="完成时限 when printed")
    weight: Optional[Amount] = Field(None, description="权重 / 分值 of the indicator when printed (points)")
    direction: Optional[Text] = Field(None, description="指标方向 when printed (正向 / 反向)")


# What each of an indicator's fields holds (one class, or None; a 三级 always), for `made_indicator`.
_INDICATOR_PARTS = {"level1": Text, "level2": Text, "level3": Text, "value": IndicatorValue, "description": Text,
                    "basis": Text, "deadline": Text, "weight": Amount, "direction": Text}


def made_indicator(**given: Located | None) -> Indicator:
    """`Indicator(**given)` made without validating where each part is of its field's class or None (what
    validation keeps as it is: the very objects), as the readers give them; any other goes through validation."""
    if not given.keys() <= _INDICATOR_PARTS.keys():
        return Indicator(**given)
    fields = {}
    for name, cls in _INDICATOR_PARTS.items():
        part = given.get(name)
        if part is None and name == "level3" or part is not None and part.__class__ is not cls:
            return Indicator(**given)
        fields[name] = part
    return _made(Indicator, fields, _given(tuple(given)))


class SpendingMilestone(Model):
    label: str = Field(description="e.g. 3月底")
    percent: Amount


class ProjectPerformance(Model):
    project_name: Optional[Text] = None
    project_code: Optional[Text] = None
    department: Optional[Text] = None
    implementing_unit: Optional[Text] = None
    project_attribute: Optional[Text] = None
    period: Optional[Text] = None
    supervising_office: Optional[Text] = None
    funds_total: Optional[Amount] = None
    funds_fiscal: Optional[Amount] = None
    funds_other: Optional[Amount] = None
    fund_use: Optional[Text] = Field(None, description="资金用途: what the year's funds are for, where the form asks")
    spending_plan: list[SpendingMilestone] = Field(default_factory=empty_list)
    annual_goal: Optional[Text] = None
    indicators: list[Indicator] = Field(default_factory=empty_list)


class FundItem(Model):
    side: Side
    name: Text
    amount: Optional[Amount] = None


class KeyTask(Model):
    """A key task of a department table's 年度主要任务 (部门整体支出绩效目标表): its 重点工作 (任务名称), the 对应项目
    that funds it, its 主要内容 where the form prints one (湖南: 任务名称 | 主要内容 | 预算金额), its 预算资金情况
    (预算金额) in the table's unit, and its 完成时限."""

    task: Text
    project: Optional[Text] = Field(None, description="对应项目: the project that funds the task")
    content: Optional[Text] = Field(None, description="主要内容: what the task does, as printed (sentences)")
    amount: Optional[Amount] = None
    deadline: Optional[Text] = None


class EvaluatedIndicator(Indicator):
    """An indicator of a self-evaluation table: `value` is the 年度指标值 (the target)."""

    actual: Optional[Text] = Field(None, description="实际完成值 as printed")
    points: Optional[Amount] = Field(None, description="分值: the most the indicator can score")
    score: Optional[Amount] = Field(None, description="得分: the score given, at most `points`")
    deviation: Optional[Text] = Field(None, description="偏差原因分析及改进措施 when printed")


# Income side (资金来源: fiscal, carryover, other) and expenditure side (basic = 基本支出, project = 项目支出): two
# splits of the same total, never to be added together.
FundRole = Literal["total", "fiscal", "carryover", "other", "basic", "project"]
FUND_SOURCES: tuple[FundRole, ...] = ("fiscal", "carryover", "other")
FUND_SPENDING: tuple[FundRole, ...] = ("basic", "project")


class EvaluatedFunds(Model):
    """One funds row of a self-evaluation table (年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金)."""

    name: Text = Field(description="The row label as printed")
    role: FundRole = Field(
        description="total = 年度资金总额, fiscal = (当年)财政拨款, carryover = 上年结转资金, other = 其他资金, "
                    "basic = 基本支出, project = 项目支出"
    )
    budget_initial: Optional[Amount] = Field(None, description="年初预算数, in the table's unit")
    budget_adjusted: Optional[Amount] = Field(None, description="全年预算数, in the table's unit")
    executed: Optional[Amount] = Field(None, description="全年执行数, in the table's unit")
    points: Optional[Amount] = Field(None, description="分值 (printed on the 年度资金总额 row)")
    execution_rate: Optional[Amount] = Field(None, description="执行率 in percent (95.5 for 95.5%)")
    score: Optional[Amount] = Field(None, description="得分")


class SelfEvaluation(Model):
    """A 项目支出绩效自评表 or 部门整体支出绩效自评表: the header fields mean what
    they mean in `ProjectPerformance`; scores add up to the 总分 (domain.md)."""

    project_name: Optional[Text] = None
    project_code: Optional[Text] = None
    department: Optional[Text] = Field(None, description="主管部门 (or the department a 部门整体 table evaluates)")
    implementing_unit: Optional[Text] = None
    funds: list[EvaluatedFunds] = Field(default_factory=empty_list)
    annual_goal: Optional[Text] = Field(None, description="年度总体目标: 预期目标")
    annual_outcome: Optional[Text] = Field(None, description="年度总体目标: 实际完成情况")
    indicators: list[EvaluatedIndicator] = Field(default_factory=empty_list)
    total_points: Optional[Amount] = Field(None, description="总分 row: the points (100)")
    total_score: Optional[Amount] = Field(None, description="总分 row: the score")
    grade: Optional[Text] = Field(None, description="自评等级 (优 / 良 / 中 / 差)")


class DepartmentPerformance(Model):
    department: Optional[Text] = None
    staff_count: Optional[Amount] = None
    funds: list[FundItem] = Field(default_factory=empty_list)
    duties: Optional[Text] = None
    key_tasks: list[KeyTask] = Field(default_factory=empty_list)
    annual_goal: Optional[Text] = None
    indicators: list[Indicator] = Field(default_factory=empty_list)


class TableBase(Model, defer_build=True):  # (as `Located`)
    model_config = ConfigDict(use_enum_values=False)

    id: str = Field(description="Stable id within the document, e.g. t03")
    kind_score: float = Field(1.0, ge=0.0, le=1.0, description="Classification confidence")
    kind_by: Backend = Field(Backend.rules, description="Who named the kind: the rules by its title, or the LLM "
                             "where the rules knew no title (a finding asks a reviewer to confirm it)")
    label: Optional[str] = Field(None, description="The printed table number, e.g. 表3")
    title: str = ""
    unit: Optional[str] = Field(None, description="Unit of the amounts (万元, 元) from the unit line")
    span: Span
    header_end: int = Field(description="Offset where the body starts (after title and header rows)")
    empty: bool = Field(False, description="The table is printed with headers only")
    backend: Optional[str] = Field(None, description="Which backend's reading this is: rules, llm, or hybrid (both)")
    warnings: list[str] = Field(default_factory=empty_list)
    unread: list[Amount] = Field(
        default_factory=empty_list,
        description="Numbers printed in the table's span that no field took (not a row number, year, code or count): "
        "each goes to review with reason `unread`",
    )
    unread_text: list[Text] = Field(
        default_factory=empty_list,
        description="Text cells of a performance table that no field took and that are no label or heading of the "
        "form: each goes to review with reason `unread`",
    )


class LineTable(TableBase, defer_build=False):
    kind: Literal[
        TableKind.income_expenditure_summary,
        TableKind.expenditure_by_function,
        TableKind.fund_expenditure,
        TableKind.basic_expenditure_by_economic,
        TableKind.department_expenditure,
        TableKind.three_public,
        TableKind.income_by_source,
        TableKind.procurement,
        TableKind.other,
    ]
    columns: list[ColumnKind] = Field(default_factory=empty_list, description="Amount columns found")
    lines: list[BudgetLine] = Field(default_factory=empty_list)


class ProjectTable(TableBase, defer_build=False):
    kind: Literal[TableKind.project_performance]
    project: ProjectPerformance
    list_total: Optional[Amount] = Field(
        None, description="The 合计 row of a multi-project list, on the table of its last project: the sum of the "
        "预算数 of the list's projects (the tables of its title up to this one), in the table's unit")
    # As the rules reader found them (not serialised): the header fields whose label the table
    # prints, and whether some label came out damaged (OCR). A default, not a factory: pydantic
    # inspects a factory's signature at every table made.
    _labels: AbstractSet[str] = PrivateAttr(default=frozenset())
    _damaged: bool = PrivateAttr(default=False)


def list_runs(tables: Iterable[TableBase]) -> Iterator[tuple[ProjectTable, list[ProjectTable]]]:
    """Each multi-project list whose 合计 was read: the table holding it (`ProjectTable.list_total`, its last
    project's) and the list's project tables, those of its title and label in a row up to that one."""
    run: list[ProjectTable] = []
    for table in tables:
        if not isinstance(table, ProjectTable):
            run = []
            continue
        if run and (run[-1].title, run[-1].label) != (table.title, table.label):
            run = []
        run.append(table)
        if table.list_total is not None:
            yield table, run
            run = []


class DepartmentTable(TableBase, defer_build=False):
    kind: Literal[TableKind.department_performance]
    department: DepartmentPerformance


class SelfEvaluationTable(TableBase, defer_build=False):
    kind: Literal[TableKind.self_evaluation]
    evaluation: SelfEvaluation


class NarrativeBlock(TableBase, defer_build=False):
    kind: Literal[TableKind.narrative]
    text: str = ""


def made_table(cls: type[TableBase], **given) -> TableBase:
    """`cls(**given)` made without validating (in a run a table's validation cost its reader ~30-40 µs, cold: more
    than reading a project form's header) where each given field holds what validation keeps as it is
    (`_kept_tests`): a chunk's (`extract.common.table_fields`: the span as a dict), a reader's parts of their
    fields' own classes, warnings and texts as strings; any other goes through validation. The same object: the
    fields in their order, those given as set, the defaults new, the private attributes at their defaults."""
    if not _all_kept(cls, given):
        return cls(**given)  # (which says what it refuses)
    if "span" in given:
        given["span"] = _made(Span, {"start": given["span"]["start"], "end": given["span"]["end"]}, _SPAN_GIVEN)
    table = _made_of(cls, given)
    if table is None:
        return cls(**given)
    if cls.__private_attributes__:
        _set_private(table, {name: attr.default for name, attr in cls.__private_attributes__.items()})
    return table


def _all_kept(cls: type[BaseModel], given: dict) -> bool:
    """Whether validation keeps every given field of a `cls` as it is (`_kept_tests`)."""
    tests = _kept_tests(cls)
    for name, value in given.items():
        test = tests.get(name)
        if test is None or not test(value):
            return False
    return True


@lru_cache(maxsize=None)  # (a class's fields never change)
def _kept_tests(cls: type[BaseModel]) -> dict[str, Callable[[object], bool]]:
    """Per field of a model, a test of whether validation keeps a value as it is there: `_plain_test`'s of its type;
    a table's score within its bounds, its span as a chunk gives it (a dict of two offsets), one of its kinds."""
    tests = {name: _plain_test(field.annotation) for name, field in cls.model_fields.items()}
    if issubclass(cls, TableBase):
        kinds = get_args(cls.model_fields["kind"].annotation)
        tests["kind"] = lambda value: value.__class__ is TableKind and value in kinds
        tests["kind_score"] = lambda value: value.__class__ is float and 0.0 <= value <= 1.0
        tests["span"] = lambda value: value.__class__ is dict and value.keys() == {"start", "end"} and all(
            at.__class__ is int for at in value.values())
    return tests


@lru_cache(maxsize=None)  # (by the type: a model's fields have few; `typing.get_origin` is slow to ask every value)
def _plain_test(annotation: object) -> Callable[[object], bool]:
    """A test of whether validation keeps a value as it is for a field of type `annotation` (one without bounds): a
    value of the very class (a model, an enum, str, int, float: an int for a float is made one), None where the type
    is optional; a list whose items are so (validation makes a list of its own: `_made_of` copies it)."""
    options = get_args(annotation)
    if get_origin(annotation) is Union:
        optional, tests = type(None) in options, [_plain_test(option) for option in options if option is not type(None)]
        return lambda value: optional if value is None else any(test(value) for test in tests)
    if get_origin(annotation) is list:
        item = _plain_test(options[0])
        return lambda value: value.__class__ is list and all(item(v) for v in value)
    return lambda value: value.__class__ is annotation


def _made_of(cls: type[BaseModel], given: dict) -> BaseModel | None:
    """A `cls` of the `given` fields (each kept as it is but a list, copied as validation does) and the defaults of
    the rest, in the class's order, the given ones set; None when a required field is not given."""
    fields = {}
    for name, default in _defaults(cls):
        if name in given:
            value = given[name]
            fields[name] = list(value) if value.__class__ is list else value
        elif default is None:
            return None
        else:
            fields[name] = default()
    return _made(cls, fields, _given(tuple(given)))


def budget_line(**given) -> BudgetLine:
    """`BudgetLine(**given)` made without validating where each given field is what validation keeps as it is
    (`_kept_tests`), as the readers give them; any other goes through validation."""
    return _all_kept(BudgetLine, given) and _made_of(BudgetLine, given) or BudgetLine(**given)


@lru_cache(maxsize=None)  # (a class's fields never change)
def _defaults(cls: type[BaseModel]) -> list[tuple[str, Callable[[], object] | None]]:
    """A model's fields in their order, each with what makes its default (a factory's anew each call), or None
    for a field that has none (required)."""
    return [(name, None if field.is_required() else field.default_factory or (lambda default=field.default: default))
            for name, field in cls.model_fields.items()]


def new_project() -> ProjectPerformance:
    """`ProjectPerformance()` made without validating: every field at its default, none set."""
    return _made(ProjectPerformance, {name: default() for name, default in _defaults(ProjectPerformance)}, _given(()))


Table = Annotated[
    Union[LineTable, ProjectTable, DepartmentTable, SelfEvaluationTable, NarrativeBlock], Field(discriminator="kind")
]


class Severity(str, Enum):
    error = "error"  # an identity or code that cannot be right as printed
    warning = "warning"  # likely wrong, or wrong against a provisional reference
    info = "info"  # worth knowing, does not lower confidence


class Check(str, Enum):
    code_exists = "code_exists"
    code_name = "code_name"
    code_hierarchy = "code_hierarchy"
    hierarchy_sum = "hierarchy_sum"
    total_row = "total_row"
    column_sum = "column_sum"
    change_amount = "change_amount"
    change_pct = "change_pct"
    summary_subtotal = "summary_subtotal"
    summary_balance = "summary_balance"
    cross_table = "cross_table"
    project_funds = "project_funds"
    evaluation_scores = "evaluation_scores"  # a self-evaluation's scores: 得分 ≤ 分值, Σ = 总分
    department_funds = "department_funds"  # a department table's budget items: total = Σ items
    cost_vs_funds = "cost_vs_funds"
    indicator_weights = "indicator_weights"  # a project's indicator 权重 / 分值, where printed, add up to 100
    list_total = "list_total"  # a multi-project list's 合计 row = Σ its projects' 预算数
    unread_values = "unread_values"  # numbers in a table (or a file) that no field took
    missing_field = "missing_field"  # a field every table of its kind has (a project's name) was not read
    review_correction = "review_correction"  # a reviewer's corrected value fails a check the read value is held to
    kind_named = "kind_named"  # a table the rules found no title for, read as the kind the LLM named
    # The auditor's checks (`check.audit`): the disclosure against itself and its template
    narrative_amount = "narrative_amount"  # an amount the narrative states vs the table cell it names
    narrative_percent = "narrative_percent"  # a percentage the narrative states vs the share or change of its amounts
    narrative_comparison = "narrative_comparison"  # a comparison word (增加, 小于, 持平) vs the two amounts it compares
    tables_required = "tables_required"  # the template's tables present, in order; an empty one with its statement
    code_amounts = "code_amounts"  # one code, one amount in every table of the same money that prints it
    three_public = "three_public"  # 三公 items add up to their total; the narrative's 三公 figures vs the table
    template_leftover = "template_leftover"  # XX placeholders, 。。, 增加（减少） unresolved, another year or unit name
    merged_projects = "merged_projects"  # a multi-project list's rows of other projects read as one project's


class Finding(Model):
    """One failed post-check: what was expected, what was read, and a suggested fix."""

    check: Check
    severity: Severity
    reason: Reason
    table_id: str = Field(description="Table the finding belongs to (first table for cross-table checks)")
    message: str
    rows: list[str] = Field(default_factory=empty_list, description="Rows involved (code or name)")
    expected: Optional[str] = None
    actual: Optional[str] = None
    suggestion: Optional[str] = None
    proposed: Optional[str] = Field(None, description="The value the check proposes for the first field it flags")
    fields: list[str] = Field(default_factory=empty_list, description="Paths of the fields it flags")
    spans: list[Span] = Field(default_factory=empty_list, description="Places in the source the finding is about, when no field holds them")


class LLMUsage(Model):
    """What the LLM backend cost for one document."""

    requests: int = Field(0, description="HTTP requests, counting retries and re-asks")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tables: int = Field(0, description="Tables sent to the LLM")
    cached_tables: int = Field(0, description="Tables answered from the response cache")
    failed_tables: list[str] = Field(default_factory=empty_list, description="Tables the LLM could not read, with why")
    mode: Optional[str] = Field(None, description="How the schema was put to the endpoint (tools, json_schema, json, md_json), as last used")
    unfound: int = Field(0, description="Values the LLM answered that are printed nowhere in the source (`unaligned`): "
                         "likely invented; hybrid lets them neither confirm nor dispute a sure rules value")


class Document(Model):
    # (fields, flagged) as the post-checks last set them: the run's summary
    # counts them without walking the document again
    _tally: tuple[int, int] | None = PrivateAttr(default=None)
    # (tables, (path, table, value) of each value) as the post-checks last walked them: the
    # report page takes that walk instead of its own (`walk.document_fields`)
    _walked: tuple[list, list] | None = PrivateAttr(default=None)
    # (name, tables, (key, path, table, value) of each value) as last walked with the review keys
    # (`review.items.keyed_fields`, when a whole document's keys are asked): taken again until a
    # decision changes a value a key is made of, or the post-checks walk the document anew
    _keyed: tuple[str, list, list] | None = PrivateAttr(default=None)

    doc: str = Field(description="Name: the file's path relative to its input folder, without a .txt suffix (sub/a for sub/a.txt)")
    source_path: str
    encoding: str
    sha256: str
    n_chars: int
    department: Optional[str] = Field(None, description="The department the tables name most (`describe`), when any")
    year: Optional[int] = Field(None, description="The year the document prints most with 年, when any")
    doc_type: Optional[str] = Field(None, description="预算 or 决算 as the titles (else the opening) print it, when they do")
    backend: str = "rules"
    settings: str = Field("", description="Fingerprint of what it was extracted with (tool, backend, threshold, code lists, "
                          "model): a re-run reuses the document while this and sha256 are unchanged")
    tables: list[Table] = Field(default_factory=empty_list)
    findings: list[Finding] = Field(default_factory=empty_list)
    warnings: list[str] = Field(default_factory=empty_list, description="Problems with the document as a whole")
    llm: Optional[LLMUsage] = Field(None, description="LLM requests and tokens (llm and hybrid backends)")
    ocr: Optional[dict] = Field(None, description="The OCR engine pages were read by: engine, version, models (and "
                                "onnxruntime's version for rapidocr, the binary for tesseract), pages (1-based), "
                                "boxes: [start, end, page, x0, top, x1, bottom] per word or ruled cell PP-OCR read "
                                "(offsets into the document text; pixels of the page read upright; `ocr.locate`), "
                                "geometry: per page read, {page, width, height, dpi, turned, skew}: the page image "
                                "as read, turned `turned`° clockwise and straightened by `skew`°, what box pixels are of")
