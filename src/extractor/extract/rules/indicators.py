"""Indicator trees (一级 → 二级 → 三级 → 指标值) of performance tables.

Layouts differ a lot between forms: columns shift after page breaks, values are
split into operator / number / unit cells, deadlines are merged into the value
cell. So cells are classified by content first (level vocabulary, numbering
prefixes like `11-`, value-like fragments) and by header position only where a
row lines up with the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...grid import Cell, Layout, Row
from ...models import Indicator, IndicatorValue, Reason, Span, Text
from ...numbers import clean_text, parse_indicator_value
from ...confidence import confidence
from ..common import NUMBERING, strip_decoration
from .common import make_text

LEVEL1 = ["产出指标", "效益指标", "满意度指标", "履职效能", "管理效率", "社会效应", "可持续性", "预算执行"]
# 一级 of the project template by its numbering (`1-产出指标`, `31-` is under 3)
_STANDARD_LEVEL1 = {"1": "产出指标", "2": "效益指标", "3": "满意度指标"}
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "可持续发展指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
_DEADLINE = re.compile(r"^(?P<value>.*?)\s*(?P<deadline>\d{4}\s*年\s*\d{1,2}\s*月(?:底|前)?)$")
_FRAGMENT = re.compile(r"^(?:[≥≤<>=＝》《-]|[-+]?\d[\d.,%]*|%|[元万人件次个天月年台场家期/]+(?:/[人月年次件])*)$")
# `本年度保障月份 =12个月`, `无 无`: a 三级指标 and its value in one cell.
_MERGED_VALUE = re.compile(r"^\s*(?P<level3>\S.*?)\s+(?P<value>[≥≤<>=＝》《]\s*\S.*|\S{1,4})\s*$")
_END_OF_TABLE = re.compile(r"^(部门申报意见|部门意见|审核意见|财政审核意见|签字|日期|\d{4}$)")
_IGNORED = re.compile(r"^(绩效指标|年度绩效指标|名称|绩效\s*指标|单位[:：](万元|元))$")


_LEVEL2_ROOTS = [(key, key.removesuffix("指标")) for key in LEVEL2_PARENT]


@lru_cache(maxsize=4096)
def _canonical_level2(name: str) -> str | None:
    compact = "".join(name.split())
    for key, root in _LEVEL2_ROOTS:
        if compact == key or compact == root or (compact.startswith(root) and len(compact) <= len(key) + 1):
            return key
    return None


@lru_cache(maxsize=4096)
def level_of(text: str) -> int | None:
    """1 or 2 when a cell names an indicator level, by numbering prefix or vocabulary."""
    m = NUMBERING.match(clean_text(text))
    name = strip_decoration(text)
    if not name or len(name) > 12:
        return None
    if m:
        if len(m.group(1)) == 2 and (_canonical_level2(name) or name.endswith("满意度指标")):
            return 2
        if len(m.group(1)) == 1 and any(name.startswith(l[:2]) for l in LEVEL1):
            return 1
    if _canonical_level2(name):
        return 2
    if any(name == l or (name.startswith(l[:3]) and len(name) <= len(l)) for l in LEVEL1):
        return 1
    return None


@dataclass
class HeaderInfo:
    roles: dict[int, str]  # cell index → level1 / level2 / level3 / value / description / basis / deadline
    width: int
    has_description: bool
    has_basis: bool


_HEADER_ROLES = [
    (re.compile(r"^一级指标"), "level1"),
    (re.compile(r"^二级指标"), "level2"),
    (re.compile(r"^三级指标"), "level3"),
    (re.compile(r"描述|部门预算绩效目标"), "description"),
    (re.compile(r"依据"), "basis"),
    (re.compile(r"时限"), "deadline"),
    (re.compile(r"指标值|绩效值|绩效价值|运算符号|内容|度量单位"), "value"),
]


def read_header(rows: list[Row]) -> HeaderInfo:
    roles: dict[int, str] = {}
    for row in rows:
        for i, cell in enumerate(row.cells):
            for pattern, role in _HEADER_ROLES:
                if cell and pattern.search(cell.compact) and i not in roles:
                    roles[i] = role
                    break
    values = set(roles.values())
    return HeaderInfo(
        roles=roles,
        width=len(rows[0].cells) if rows else 0,
        has_description="description" in values,
        has_basis="basis" in values,
    )


def _merge_fragments(rows: list[Row]) -> list[Row]:
    """Rejoin text wrapped onto its own line (`产出指` + `标`, `(必填硬性指` + `标)`)."""
    merged: list[Row] = []
    for row in rows:
        filled = row.filled
        if merged and filled and all(len(c.text) <= 2 and not re.search(r"\d", c.text) for c in filled):
            prev = merged[-1]
            cells = list(prev.cells)
            for i, cell in enumerate(row.cells):
                if cell and i < len(cells) and cells[i]:
                    cells[i] = Cell(cells[i].raw + cell.raw, cells[i].start, cell.end)
            merged[-1] = Row(cells)
            continue
        merged.append(row)
    return merged


def _regroup_vertical(rows: list[Row], width: int) -> list[Row]:
    """Vertical layout: a cell with blank lines inside breaks a row in two, so
    re-cut the stream of cells into rows of the header's width."""
    cells = [c for r in rows for c in r.cells]
    return [Row(cells[i : i + width]) for i in range(0, len(cells), width) if any(cells[i : i + width])]


def parse_indicators(rows: list[Row], header: HeaderInfo, layout: Layout, carry_level1: Text | None = None) -> list[Indicator]:
    if layout is Layout.vertical and header.width:
        rows = _regroup_vertical(rows, header.width)
    rows = _merge_fragments(rows)
    indicators: list[Indicator] = []
    level1, level2 = carry_level1, None
    for row in rows:
        if row.filled and _END_OF_TABLE.match(row.filled[0].compact):
            break  # signatures and approval boxes under the indicator tree
        found = _parse_row(row, header, level1, level2)
        if found is None:
            continue
        indicator, level1, level2 = found
        if indicator is not None:
            indicators.append(indicator)
    return indicators


def _shifted_right(row: Row, header: HeaderInfo) -> bool:
    """Text under 指标值 with the value further right: the row slid one cell (004 基础管理 | 依法行政能力 | = …)."""
    value_at = next((i for i, role in header.roles.items() if role == "value"), None)
    if value_at is None or value_at >= len(row.cells) or not row.cells[value_at]:
        return False
    return not _value_like(row.cells[value_at]) and any(c and _value_like(c) for c in row.cells[value_at + 1 :])


def _only_values_after(cells: list[tuple[int, Cell]], i: int) -> bool:
    after = [c for j, c in cells if j > i]
    return bool(after) and all(_value_like(c) for c in after)


def _value_like(cell: Cell) -> bool:
    if _FRAGMENT.match(cell.compact) or _DEADLINE.match(clean_text(cell.raw)):
        return True
    parsed = parse_indicator_value(cell.raw)
    return parsed.number is not None or parsed.operator is not None


def _level_text(cell: Cell, reasons: list[Reason] | None = None) -> Text:
    return make_text(cell, strip_decoration(cell.raw), reasons)


def _parse_row(row: Row, header: HeaderInfo, level1: Text | None, level2: Text | None):
    level3_at = next((i for i, role in header.roles.items() if role == "level3"), None)
    # Positions are trusted only when the row lines up with the header and has
    # a real text under 三级指标 (not a shifted `=` or number).
    aligned = (
        len(row.cells) == header.width
        and level3_at is not None
        and level3_at < len(row.cells)
        and bool(row.cells[level3_at])
        and not _FRAGMENT.match(row.cells[level3_at].compact)
        and not _shifted_right(row, header)
    )
    cells = [(i, c) for i, c in enumerate(row.cells) if c and not _IGNORED.match(c.compact)]
    if not cells:
        return None
    new1 = new2 = None
    rest: list[tuple[int, Cell]] = []
    for i, cell in cells:
        lvl = level_of(cell.raw)
        if lvl == 1 and new1 is None and not rest and new2 is None:
            new1 = cell
        elif lvl == 2 and new2 is None and not rest:
            new2 = cell
        elif (
            lvl == 2
            and new2 is not None
            and strip_decoration(cell.raw) == strip_decoration(new2.raw)
            and not _only_values_after(cells, i)  # 31-服务对象满意度 | 服务对象满意度 | ≥98%: it is the 三级
        ):
            continue  # the same level-2 name printed in several merged columns
        elif aligned and not rest and header.roles.get(i) in ("level1", "level2") and len(cell.text) <= 12:
            if header.roles[i] == "level1" and new1 is None:
                new1 = cell
            elif header.roles[i] == "level2" and new2 is None:
                new2 = cell
            else:
                rest.append((i, cell))
        else:
            rest.append((i, cell))
    if new1 is not None:
        level1, level2 = _level_text(new1), None
    if new2 is not None:
        level2 = _level_text(new2)
    if not rest:
        return None, level1, level2

    texts = [c for _, c in rest]
    deadline = basis = None
    last = texts[-1]
    m = _DEADLINE.match(clean_text(last.raw))
    if m:
        deadline_cell = _sub_cell(last, m.group("deadline"))
        deadline = make_text(deadline_cell, clean_text(m.group("deadline")))
        texts.pop()
        if m.group("value").strip():
            texts.append(_sub_cell(last, m.group("value").strip()))
    if header.has_basis and len(texts) >= 3:
        basis = make_text(texts.pop())
    value_cells: list[Cell] = []
    value_reasons: list[Reason] = []
    if len(texts) == 1 and "value" not in header.roles.values():
        # No 指标值 column (002 水电费): the value shares the 三级指标 cell.
        merged = _MERGED_VALUE.match(texts[0].raw)
        if merged:
            texts = [_sub_cell(texts[0], merged["level3"]), _sub_cell(texts[0], merged["value"])]
            value_reasons.append(Reason.column_inferred)
    role_of = {id(c): header.roles.get(i) for i, c in rest} if aligned else {}
    if len(texts) >= 2:
        value_cells.append(texts.pop())
        while len(texts) >= 2 and (
            (_FRAGMENT.match(texts[-1].compact) and role_of.get(id(texts[-1])) != "description")
            or value_cells[0].compact in ("-", "—")  # `- | 长期 | -`: dashes in the operator/unit columns
        ):
            value_cells.insert(0, texts.pop())
    description = None
    if len(texts) >= 2 and new2 is None and not header.has_description and not aligned:
        # Scrambled columns: the texts before the value are (一级,) 二级 and 三级.
        if len(texts) >= 3 and new1 is None:
            new1 = texts.pop(0)
            level1 = _level_text(new1, [Reason.cell_shifted])
        level2 = _level_text(texts.pop(0), [Reason.cell_shifted])
    if len(texts) >= 2:
        # a second text where the form has no 描述 column: which cell is the value is a guess
        doubt = [] if header.has_description else [Reason.cell_shifted]
        value_reasons += doubt
        description = make_text(texts[1], reasons=doubt)
    level3 = make_text(texts[0])
    l1 = level1
    parent = _parent_of(level2) if level2 is not None else None
    if parent and level1 is None:
        # 一级 not printed (004): the printed 二级 names it.
        l1 = Text(raw=level2.raw, span=level2.span, value=parent, reasons=[Reason.column_inferred],
                  confidence=confidence([Reason.column_inferred]))
    elif parent and parent != level1.value and new1 is None and level1.value in _STANDARD_LEVEL1.values():
        # The carried-over 一级 contradicts the printed 二级: trust the 二级.
        l1 = Text(raw=level1.raw, span=level1.span, value=parent, reasons=[Reason.hierarchy_mismatch],
                  confidence=confidence([Reason.hierarchy_mismatch]))
    indicator = Indicator(
        level1=l1,
        level2=level2,
        level3=level3,
        value=_value(value_cells, value_reasons) if value_cells else None,
        description=description,
        basis=basis,
        deadline=deadline,
    )
    return indicator, level1, level2


def _parent_of(level2: Text) -> str | None:
    """The 一级 a 二级 belongs to: by name (数量指标 → 产出指标) or by its
    numbering in the 宁夏 template (`31-满意度指标` → 3 → 满意度指标)."""
    parent = LEVEL2_PARENT.get(_canonical_level2(level2.value) or "")
    if parent is None:
        m = NUMBERING.match(clean_text(level2.raw))
        if m and len(m.group(1)) == 2:
            parent = _STANDARD_LEVEL1.get(m.group(1)[0])
    return parent


def _sub_cell(cell: Cell, part: str) -> Cell:
    """The part of a cell's raw text that cleans to `part`, located for its span."""
    idx = cell.raw.find(part)
    if idx < 0:
        return cell
    return Cell(part, cell.start + idx, cell.start + idx + len(part))


def _value(cells: list[Cell], reasons: list[Reason]) -> IndicatorValue:
    parts: list[str] = []
    for cell in cells:
        text = clean_text(cell.raw)
        if parts and text in ("%",) and parts[-1].endswith("%"):
            continue  # `95%` followed by a 度量单位 cell `%`
        parts.append(text)
    raw = " ".join(parts)
    parsed = parse_indicator_value(raw)
    reasons = list(reasons)
    if parsed.ambiguous:
        reasons.append(Reason.number_ambiguous)
    if parsed.repaired:
        reasons.append(Reason.number_repaired)
    return IndicatorValue(
        raw=raw,
        span=Span(start=cells[0].start, end=cells[-1].end),
        operator=parsed.operator,
        number=parsed.number,
        number_high=parsed.number_high,
        unit=parsed.unit,
        text=parsed.text,
        confidence=confidence(reasons),
        reasons=reasons,
    )


def tree_start(rows: list[Row]) -> int | None:
    """Index of the indicator tree's header row (一级指标 | 二级指标 | …) in a
    performance table's rows, None when the table prints no tree."""
    return next((i for i, r in enumerate(rows) if any(c.compact.startswith("一级指标") for c in r.cells)), None)


def read_tree(rows: list[Row], layout: Layout) -> list[Indicator]:
    """The indicators of a tree, `rows` starting at its header row (`tree_start`).

    A level-1 cell printed left of 一级指标 on the header row carries into the
    first rows; a second header row (绩效指标描述 … under 三级指标, 000 表12)
    joins the first."""
    first, body = rows[0], rows[1:]
    at = next(i for i, c in enumerate(first.cells) if c.compact.startswith("一级指标"))
    lead = [c for c in first.cells[:at] if c]
    carry = make_text(lead[-1], strip_decoration(lead[-1].raw)) if lead and level_of(lead[-1].raw) == 1 else None
    header_rows = [first]
    if body and not any(c for c in body[0].cells[:2]) and any("目标" in c.compact for c in body[0].filled):
        header_rows.append(body[0])
        body = body[1:]
    return parse_indicators(body, read_header(header_rows), layout, carry)
