"""Split a document into one chunk per table and classify each chunk.

A table starts at its title line (or at the `表3` label printed just above it)
and runs to the next title, so a table continued over several pages, with or
without repeated header rows, stays one chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .grid import Layout, detect_layout, line_spans, visible_text
from .models import TableKind
from .numbers import clean_text

_LABEL = re.compile(r"^(?:附件\s*\d+\s*[:：]?\s*)?(表\s*\d+(?:\s*-\s*\d+)?)\s*[:：]?\s*$")
_TITLE = re.compile(
    r"(预算|决算|绩效|收支|支出|收入|经费|申报).{0,40}?(表)\s*"
    r"(?:[(（]\s*\d{4}\s*年度?\s*[)）])?\s*$"
)
_UNIT = re.compile(r"(?:单\s*位|金额单位)\s*[:：，,]?\s*(万元|元)")
_UNIT_IN_HEADER = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_CJK = re.compile(r"[\u4e00-\u9fff]")

_MAX_TITLE_CHARS = 70


@dataclass
class Chunk:
    index: int
    start: int
    end: int
    title: str
    label: str | None
    kind: TableKind
    kind_score: float
    unit: str | None
    layout: Layout
    header_end: int
    unit_inferred: bool = False  # no unit line: the unit of the document's other tables

    @property
    def id(self) -> str:
        return f"t{self.index:02d}"


# `1. 2024年…预算总表` followed by `2. …`: an entry of a contents list, not the
# title printed over a table.
_LIST_ENTRY = re.compile(r"^(\d{1,2}\s*[.．、]|[一二三四五六七八九十]{1,3}\s*、)")


def _title_of(line: str) -> str | None:
    text = visible_text(line)
    if not text or len(text) > _MAX_TITLE_CHARS or len(text.split("\t")) > 2:
        return None
    if "\t" in line.strip("\t "):
        return None  # a data row, not a title
    return text if _TITLE.search(text) else None


def _next_line(text: str, lines: list[tuple[int, int]], no: int) -> str:
    return next((visible_text(text[s:e]) for s, e in lines[no + 1 :] if text[s:e].strip()), "")


def _label_of(line: str) -> str | None:
    m = _LABEL.match(clean_text(line))
    return re.sub(r"\s+", "", m.group(1)) if m else None


# Characters tesseract misreads in the template titles: 收文 (收支), 文出 (支出), 经缆 (经费).
_TITLE_FIXES = [(re.compile(r"收文|收攴"), "收支"), (re.compile(r"(?<!经)文出|攴出"), "支出"), (re.compile(r"经缆|经贵"), "经费")]


def title_key(title: str) -> str:
    """A title with whitespace removed and known OCR misreadings repaired."""
    t = re.sub(r"\s+", "", title)
    for pattern, repl in _TITLE_FIXES:
        t = pattern.sub(repl, t)
    return t


def classify(title: str, header: str) -> tuple[TableKind, float]:
    """Table kind from its title, falling back to header words; with a score.
    A 决算 table has the kind of its 预算 counterpart."""
    t = title_key(title).replace("决算", "预算")
    h = re.sub(r"\s+", "", header)
    if "整体" in t and "绩效" in t:
        return TableKind.department_performance, 0.95
    if "绩效" in t and ("项目" in t or "申报" in t) or re.search(r"项目(\(政策\))?名称", h) and "指标" in h:
        return TableKind.project_performance, 0.95 if "项目" in t else 0.8
    if "三公" in t or "机关运行经费" in t and "经济" not in t:
        return TableKind.three_public, 0.9
    if "收支" in t or ("收入" in t and "支出" in t):
        return TableKind.income_expenditure_summary, 0.95
    if "收入" in t:
        return TableKind.income_by_source, 0.9
    if "政府采购" in t:
        return TableKind.procurement, 0.9
    if "基本支出" in t and ("经济分类" in t or "经济分类" in h or "人员" in h):
        return TableKind.basic_expenditure_by_economic, 0.95
    if "政府性基金" in t:
        return TableKind.fund_expenditure, 0.9
    if "国有资本经营" in t:
        return TableKind.other, 0.85
    if "支出预算总表" in t or "部门支出" in t or "单位编码" in h:
        return TableKind.department_expenditure, 0.9
    if "一般公共预算" in t and "支出" in t:
        return TableKind.expenditure_by_function, 0.95
    if "功能分类" in h:
        return TableKind.expenditure_by_function, 0.6
    if "经济分类" in h:
        return TableKind.basic_expenditure_by_economic, 0.6
    if "绩效" in t or "指标" in h:
        return TableKind.project_performance, 0.5
    return TableKind.other, 0.3


def find_unit(text: str, start: int, end: int) -> str | None:
    head = text[start:end]
    m = _UNIT.search(head) or _UNIT_IN_HEADER.search(head)
    return m.group(1) if m else None


def _header_end(text: str, lines: list[tuple[int, int]], title_line: int) -> int:
    """End of the title block: the title and the short lines under it (unit, 填报单位)."""
    end = lines[title_line][1]
    for s, e in lines[title_line + 1 : title_line + 4]:
        line = text[s:e].strip()
        if line and re.match(r"^(单\s*位\s*[:：，,]|金额单位|(填报|编制|申报)(单位|部门)|[(（]\d{4})", line):
            end = e
        elif line:
            break
    return end


def segment(text: str) -> list[Chunk]:
    lines = line_spans(text, 0, len(text))
    starts: list[tuple[int, int, str, str | None]] = []  # (line no, offset, title, label)
    pending_label: tuple[int, str] | None = None
    for no, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        label = _label_of(line)
        if label:
            pending_label = (no, label)
            continue
        title = _title_of(line)
        if title and _LIST_ENTRY.match(title) and _LIST_ENTRY.match(_next_line(text, lines, no)):
            title = None
        if title:
            if pending_label and no - pending_label[0] <= 3:
                starts.append((no, lines[pending_label[0]][0], title, pending_label[1]))
            else:
                starts.append((no, s, title, None))
        pending_label = None

    chunks: list[Chunk] = []
    first = starts[0][1] if starts else len(text)
    if len(_CJK.findall(text[:first])) >= 20:
        chunks.append(_narrative(text, 0, first))
    for i, (no, offset, title, label) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        end = len(text[:end].rstrip()) if end > offset else end
        header_end = _header_end(text, lines, no)
        header_text = text[offset : min(end, header_end + 600)]
        kind, score = classify(title, header_text)
        chunks.append(
            Chunk(
                index=i + 1,
                start=offset,
                end=max(end, header_end),
                title=title,
                label=label,
                kind=kind,
                kind_score=score,
                unit=find_unit(text, offset, min(end, header_end + 400)),
                layout=detect_layout(text, offset, end),
                header_end=header_end,
            )
        )
    _fill_units(chunks)
    return chunks


def _fill_units(chunks: list[Chunk]) -> None:
    """A table without a unit line takes the unit most of the document's tables print."""
    units = [c.unit for c in chunks if c.unit]
    if not units:
        return
    common = max(set(units), key=units.count)
    for chunk in chunks:
        if chunk.unit is None and chunk.kind is not TableKind.narrative:
            chunk.unit, chunk.unit_inferred = common, True


def _narrative(text: str, start: int, end: int) -> Chunk:
    end = len(text[:end].rstrip())
    return Chunk(
        index=0,
        start=start,
        end=end,
        title="",
        label=None,
        kind=TableKind.narrative,
        kind_score=1.0,
        unit=None,
        layout=Layout.tabbed,
        header_end=start,
    )
