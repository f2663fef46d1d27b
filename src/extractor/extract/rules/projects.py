"""Rule parser for project performance tables (项目支出绩效目标表).

Header fields are found by their labels wherever they sit (same row, the row
below, or inside the label cell as `项目(政策)名称：社区矫正经费`), then
checked against what the field must look like; a value in the wrong place is
put where it fits and flagged `cell_shifted`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from ...confidence import confidence
from ...grid import Cell, Layout, Row, is_number, rows_of
from ...models import (
    ProjectPerformance,
    ProjectTable,
    Reason,
    Span,
    SpendingMilestone,
    Text,
)
from ...numbers import clean_text, parse_money
from ...pairing import norm_text
from ...segment import Chunk
from ..common import table_fields, unit_of
from .common import make_amount, make_text
from .indicators import read_tree, tree_start

# The header labels of project forms across provinces (issue 17, domain.md), each
# field's variants in order of preference: the year's own figure (年度资金总额,
# 当年财政拨款) before the project's whole-period one (资金总额). `block` labels
# head a part of the form and take no value; 中期 figures are kept out of the
# year's fields by being blocks.
_VOCABULARY: dict[str, tuple[str, ...]] = {
    "project_name": ("项目名称", "项目政策名称", "专项资金名称", "项目名"),
    "project_code": ("项目编码", "项目代码", "项目编号"),
    "department": ("主管部门及代码", "主管部门及编码", "业务主管部门", "主管部门", "主管单位", "及代码", "及编码"),
    "implementing_unit": ("项目实施单位", "实施单位", "执行单位"),
    "project_attribute": ("项目属性", "项目分类", "项目类型"),
    "period": ("项目起止时间", "项目实施期", "项目期限", "建设周期", "项目期", "实施期"),
    "supervising_office": ("项目主管处室",),
    "category": ("项目类别",),
    "funds_total": ("年度资金总额", "年度预算资金总额", "当年资金总额", "当年年度预算", "项目年度金额", "当年预算",
                    "项目总预算", "预算金额", "预算数", "资金总额"),
    "funds_fiscal": ("其中当年财政拨款", "其中财政拨款收入", "其中财政拨款", "其中财政资金", "其中财政", "财政拨款收入", "财政拨款",
                     "财政资金"),
    "funds_other": ("当年其他资金", "其他资金", "其它资金", "其"),
    "annual_goal": ("年度总体绩效目标", "年度总体目标", "当年绩效目标", "年度绩效目标", "年度目标", "绩效目标"),
    "spending_plan": ("资金支出计划",),
    "block": ("项目资金", "预算规模及资金用途", "预算规模", "预算资金情况", "中期目标", "实施期目标", "总体目标",
              "中期资金总额", "部门申报意见", "申报单位", "填报单位", "资金用途"),
}
# Characters tesseract puts for a label's own (目→日, 称→杯/和, 部→站, 拨→拔 …): undone before matching.
_CONFUSIONS = str.maketrans("日杯站拔它", "目称部拨他")
_LABEL_CHARS = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


@dataclass(frozen=True)
class _Label:
    field: str
    rest: str  # the value printed in the label's own cell (`项目名称：社区矫正经费`), raw
    weak: bool  # a label cut short or garbled past doubt (`主管`, `其他次全`): it never ends a value search
    exact: bool = True  # printed as the vocabulary has it: no OCR damage


def _label(cell: Cell) -> _Label | None:
    """The label a cell starts with, by the vocabulary and OCR tolerance."""
    return _label_of(cell.raw)


@lru_cache(maxsize=8192)
def _label_of(raw: str) -> _Label | None:
    printed = clean_text(raw)
    text = printed.translate(_CONFUSIONS)
    at = [i for i, ch in enumerate(text) if _LABEL_CHARS.match(ch)]
    norm = "".join(text[i] for i in at)
    if not norm or norm[0].isdigit():
        return None
    strong, weak = [], []
    for field_name, variants in _VOCABULARY.items():
        for rank, variant in enumerate(variants):
            n = len(variant)
            if n == 1:  # `其` alone: a label wrapped over two lines, its first character left
                if norm == variant:
                    weak.append((100, -rank, field_name, n))
                continue
            for k in (n, n - 1, n + 1):
                score = fuzz.ratio(norm[:k], variant)
                if score >= (100 if n <= 3 else 75 if n <= 5 else 66):
                    strong.append((score, -rank, field_name, k))
                    break
            else:
                whole = fuzz.ratio(norm, variant)
                if len(norm) <= n and norm[:2] == variant[:2] and (whole >= 50 or variant.startswith(norm)):
                    weak.append((whole, -rank, field_name, len(norm)))
    found = max(strong or weak, default=None)
    if found is None:
        return None
    pool = strong or weak
    if any(c[0] == found[0] and c[2] != found[2] for c in pool):
        return None  # two fields read alike: no label
    score, _, field_name, k = found
    k = min(k, len(norm))
    end = at[k - 1] + 1 if k else 0
    exact = score == 100 and printed[:end] == text[:end]
    rest = "" if k >= len(norm) else raw[_raw_index(raw, text, at[k]):].strip(" :：|”“\"")
    if len(rest) > 60 and k < 4:
        return None  # a sentence that happens to start like a short label
    return _Label(field_name, rest, weak=not strong, exact=exact and bool(strong))


def _raw_index(raw: str, cleaned: str, i: int) -> int:
    """Index in `raw` of the character at `cleaned[i]` (cleaning only folds spaces and NFKC-normalises)."""
    target = cleaned[:i].replace(" ", "")
    n = 0
    for j, ch in enumerate(raw):
        if n >= len(target):
            return j
        if not ch.isspace():
            n += len(clean_text(ch).replace(" ", "")) or 0
    return len(raw)


_AMOUNT_FIELDS = {"funds_total", "funds_fiscal", "funds_other"}
_UNIT_LIKE = re.compile(r"^(【?\d{3,6}】?\s*[-－]?\s*)?\S*(局|本级|单位|部门|政府|委员会|办公室|中心)$")
_OFFICE_LIKE = re.compile(r"^\d{2}\s*-\s*\S+(股|科|处|室)$")
_PERIOD_LIKE = re.compile(r"(\d+\s*年期?|年\s*[-—至]|\d{4}年\d{1,2}月|期|\d{6}\s*[-—至]\s*\d{6})")
_YEAR_LINE = re.compile(r"^[(（]?\d{4}年度?[)）]?$")
_MILESTONE = re.compile(r"^\d{1,2}月(底|末)$")


def _inline_cell(cell: Cell, rest: str) -> Cell:
    """The value part of a `label：value` cell, with its own span."""
    at = cell.raw.rfind(rest)
    start = cell.start + (at if at >= 0 else 0)
    return Cell(rest, start, start + len(rest), cell.x, cell.x_end)


@dataclass
class _Found:
    cell: Cell
    shifted: bool = False


def _fits(field_name: str, cell: Cell) -> bool:
    text = cell.text
    if field_name in _AMOUNT_FIELDS:
        return parse_money(cell.raw, "万元") is not None
    if field_name == "period":
        return bool(_PERIOD_LIKE.search(text)) and len(text) <= 30 and not _UNIT_LIKE.match(text)
    if field_name == "supervising_office":
        return bool(_OFFICE_LIKE.match(text))
    if field_name == "project_attribute":
        return len(text) <= 12 and not _UNIT_LIKE.match(text) and not is_number(cell)
    if field_name == "project_name":
        return not is_number(cell) and not re.match(r"^单\s*位\s*[:：]", text)
    if field_name in ("department", "implementing_unit"):
        return not is_number(cell) and not _OFFICE_LIKE.match(text)
    return not re.match(r"^单\s*位\s*[:：]", text)


def _noise(cell: Cell) -> bool:
    """An OCR speck or a rule between a label and its value (`“`, `|`, one stray character)."""
    core = re.sub(r"[\W_]", "", cell.compact)
    return not core or (len(core) == 1 and not core.isdigit())


def _scan_labels(rows: list[Row]) -> tuple[dict[str, _Found], list[tuple[int, Cell]], dict[str, tuple[int, int]], bool]:
    """Assign label values; return found fields, cells no label claimed (with their row), label positions,
    and whether any label came out damaged (OCR: the values beside it may be too).

    A label's value is in its own cell (`项目名称：…`), else the next cell of its
    row that is not a label, else, when nothing follows it on its row, the
    first cell of the next row (labels and values printed one cell per line)."""
    found: dict[str, _Found] = {}
    positions: dict[str, tuple[int, int]] = {}
    claimed: set[tuple[int, int]] = set()
    labels = {(r, c): hit for r, row in enumerate(rows) for c, cell in enumerate(row.cells) if cell and (hit := _label(cell))}

    def take(field_name: str, r: int, c: int, cell: Cell) -> bool:
        if (r, c) in claimed or not _fits(field_name, cell):
            return False
        found[field_name] = _Found(cell)
        claimed.add((r, c))
        return True

    for (r, c), hit in labels.items():
        if (r, c) in claimed:
            continue  # taken as a value (`项目属性 | 其他项目`)
        claimed.add((r, c))
        field_name = hit.field
        positions.setdefault(field_name, (r, c))
        if field_name in found or field_name in ("block", "category", "spending_plan"):
            continue
        if hit.rest:
            value = _inline_cell(rows[r].cells[c], hit.rest)
            if _fits(field_name, value):
                found[field_name] = _Found(value)
            continue
        row = rows[r].cells
        after = [(c2, row[c2]) for c2 in range(c + 1, len(row)) if row[c2] and not _noise(row[c2])]
        if after:
            c2, nxt = after[0]
            strong = labels.get((r, c2))
            if (strong is None or strong.weak) and take(field_name, r, c2, nxt) or _fits(field_name, nxt):
                continue
        if r + 1 < len(rows):
            below = [(c2, cell) for c2, cell in enumerate(rows[r + 1].cells) if cell and not _noise(cell)]
            if field_name in _AMOUNT_FIELDS and not (r, c + 1) in labels:
                # page text: a label wrapped over two lines (`项目年度全` / `额  10.518`) has its amount on the second
                below = [(c2, cell) for c2, cell in below if is_number(cell) and cell.x >= row[c].x] or below
            if below and (below[0][1].x <= row[c].x or len(below) == 1 or len(row) == 1):
                c2, cell = below[0]
                hit2 = labels.get((r + 1, c2))
                if hit2 is None or hit2.weak:
                    take(field_name, r + 1, c2, cell)
    unclaimed = [
        (r, cell)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row.cells)
        if cell and (r, c) not in claimed and (r, c) not in labels
    ]
    return found, unclaimed, positions, any(not hit.exact for hit in labels.values())


def parse_project_table(text: str, chunk: Chunk) -> ProjectTable:
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    unit = unit_of(chunk)
    indicator_at = tree_start(rows)
    indicator_at = len(rows) if indicator_at is None else indicator_at
    head_rows = rows[:indicator_at]
    found, unclaimed, positions, damaged = _scan_labels(head_rows)
    project = ProjectPerformance()
    warnings: list[str] = []

    # An orphan line above 项目名称 is the project name pushed out of its row
    # (seed 002 社区矫正工作经费); the cell next to 项目名称 then holds the department.
    name_row = positions.get("project_name", (len(head_rows),))[0]
    orphans = []
    for row in head_rows[:name_row]:
        cells = [c for c in row.filled if not re.match(r"^单\s*位\s*[:：]", c.text)]
        if len(cells) == 1 and not _label(cells[0]):
            orphans.append(cells[0])
    # 003: the line under the title names the implementing unit (315001司法部门…).
    unit_lines = [c for c in orphans if re.match(r"^\d{6}", c.text)]
    if unit_lines and "implementing_unit" not in found:
        found["implementing_unit"] = _Found(unit_lines[0])
    orphans = [c for c in orphans if c not in unit_lines]
    if orphans and "project_name" in positions:
        current = found.get("project_name")
        # a unit's code and name (`223001-吴忠市…`) beside 项目名称 is no name
        if current is None or _UNIT_LIKE.match(current.cell.text) or re.match(r"^\d{3,6}\s*[-－]", current.cell.text):
            if current is not None and "department" not in found and _UNIT_LIKE.match(current.cell.text):
                found["department"] = _Found(current.cell, shifted=True)
            found["project_name"] = _Found(orphans[-1], shifted=True)
            unclaimed = [(r, c) for r, c in unclaimed if c is not orphans[-1]]
        elif (
            chunk.layout is Layout.spaced
            and orphans[-1] in head_rows[name_row - 1].filled
            and current.cell in head_rows[name_row].cells
            and not _YEAR_LINE.match(orphans[-1].compact)
            and _fits("project_name", orphans[-1])
            and not _UNIT_LIKE.match(orphans[-1].text)
        ):
            # page text: a long name wrapped onto the line above its label's
            head, tail = orphans[-1], current.cell
            found["project_name"] = _Found(Cell(head.raw + tail.raw, head.start, tail.end, head.x, tail.x_end), shifted=True)
            unclaimed = [(r, c) for r, c in unclaimed if c is not head]
    # Values left unclaimed go to a missing field they fit, flagged. A field
    # whose label was dropped (000 表11-8 prints `主管部门 | 中宁县司法局 |
    # 中宁县司法局本级`) is expected on the row of the label it sits beside.
    beside = {"implementing_unit": "department", "period": "project_attribute"}

    def expected(field_name: str, r: int) -> bool:
        return field_name not in found and (
            field_name in positions or positions.get(beside.get(field_name, ""), (None,))[0] == r
        )

    for r, cell in unclaimed:
        text_ = cell.text
        if _OFFICE_LIKE.match(text_) and expected("supervising_office", r):
            found["supervising_office"] = _Found(cell, shifted=True)
        elif _UNIT_LIKE.match(text_) and (re.match(r"^\d{3,6}", text_) or expected("implementing_unit", r)):
            # a 6-digit unit code (223001) is a unit under its 3-digit department (223)
            order = ("implementing_unit", "department") if re.match(r"^\d{6}", text_) else ("department", "implementing_unit")
            for field_name in order:
                if expected(field_name, r):
                    found[field_name] = _Found(cell, shifted=True)
                    break
        elif _fits("period", cell) and expected("period", r) and len(text_) <= 12:
            found["period"] = _Found(cell, shifted=True)

    for field_name, hit in found.items():
        reasons = [Reason.cell_shifted] if hit.shifted else []
        if field_name in _AMOUNT_FIELDS:
            setattr(project, field_name, make_amount(hit.cell, unit, reasons, unit_in_cell=True))
        elif field_name in ProjectPerformance.model_fields:
            setattr(project, field_name, _text_field(hit.cell, reasons))
    _name_from_title(text, chunk, project)
    if project.annual_goal is None and "annual_goal" in positions:
        goals = [c for _, c in unclaimed if re.match(r"^(<p>)?目标\s*\d", c.text)]
        if goals:
            joined = Cell("\n".join(c.raw for c in goals), goals[0].start, goals[-1].end)
            project.annual_goal = make_text(joined, " ".join(_strip_tags(c.text) for c in goals))
    project.spending_plan = _spending_plan(head_rows)
    if project.project_name is None:
        warnings.append("no project name found")

    if indicator_at < len(rows):
        project.indicators = read_tree(rows[indicator_at:], chunk.layout)
    else:
        warnings.append("no indicator table found")
    table = ProjectTable(**table_fields(chunk), project=project, warnings=warnings)
    table._labels, table._damaged = set(positions), damaged
    return table


# Tesseract reads 一 (one) as a dash: `-年期项目` for 一年期项目.
_DASH_FOR_ONE = re.compile(r"^[-_—－]\s*(?=[\u4e00-\u9fff])")


def _text_field(cell: Cell, reasons: list[Reason]) -> Text:
    value = cell.text
    if _DASH_FOR_ONE.match(value):
        value = _DASH_FOR_ONE.sub("一", value)
        reasons = [*reasons, Reason.text_repaired]
    return make_text(cell, value, reasons)


# The form's own words at the end of a project table's title (…项目支出绩效目标表, …绩效目标申报表).
_FORM_SUFFIX = re.compile(r"(项目)?(\(政策\))?(支出)?(预算)?(绩效)?(项目)?(指标|[目日]标)(申报)?[表衣]$")
_TITLE_NUMBERING = re.compile(r"^(表\s*\d+[:：]?|\d{1,2}\s*[.、．]?)\s*")
_TRAILING_YEAR = re.compile(r"\s*[(（]?\s*\d{4}\s*年度?\s*[)）]?\s*$")
# Words of a title that name a form, a government level or a year, not a project.
_GENERIC = re.compile(r"\d{4}\s*年度?|部门|单位|本级|自治区|[省市县区]级?|项目|支出|预算|[\s\W]")


def name_in_title(title: str) -> str | None:
    """The project a table's title names (`1 .提前下达2021年…资金绩效目标表` → `提前下达2021年…资金`),
    None when the title is the form's own (`2021年自治区本级部门项目支出预算绩效目标表`)."""
    t = _TRAILING_YEAR.sub("", clean_text(title))
    t = _TITLE_NUMBERING.sub("", t)
    core = _FORM_SUFFIX.sub("", t.replace(" ", "")).strip()
    if len(_GENERIC.sub("", core)) < 2 or "部门" in core:
        return None
    return core


def _name_from_title(text: str, chunk: Chunk, project: ProjectPerformance) -> None:
    """A name the title prints stands in for a name cell lost to OCR (flagged
    `column_inferred`), and for a page-text name that reads otherwise (flagged
    `text_repaired`: titles print large, their characters survive)."""
    name = name_in_title(chunk.title)
    if name is None:
        return
    current = project.project_name
    at = text.find(chunk.title, chunk.start, chunk.header_end)
    span = Span(start=at, end=at + len(chunk.title)) if at >= 0 else None
    if current is None:
        project.project_name = Text(raw=chunk.title, span=span, value=name, reasons=[Reason.column_inferred],
                                    confidence=confidence([Reason.column_inferred]))
    elif chunk.layout is Layout.spaced and norm_text(current.value) != norm_text(name):
        project.project_name = Text(raw=current.raw, span=current.span, value=name, reasons=[Reason.text_repaired],
                                    confidence=confidence([Reason.text_repaired]))


def _spending_plan(rows: list[Row]) -> list[SpendingMilestone]:
    """资金支出计划: a row of 3月底 … 12月底 and the row of percentages under it."""
    for r, row in enumerate(rows):
        labels = [c for c in row.filled if _MILESTONE.match(c.compact)]
        if len(labels) >= 2 and r + 1 < len(rows):
            values = [c for c in rows[r + 1].filled if is_number(c)]
            return [
                SpendingMilestone(label=label.compact, percent=amount)
                for label, cell in zip(labels, values)
                if (amount := make_amount(cell, "%")) is not None
            ]
    return []


def _strip_tags(text: str) -> str:
    """`<p>目标1：…</p>`: HTML paragraph tags some exports leave in cells."""
    return re.sub(r"(\s*</?p>\s*)+", " ", text).strip()


def prose(cell: Cell) -> Text:
    return make_text(cell, _strip_tags(cell.text))
