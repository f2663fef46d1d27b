"""Split a document into one chunk per table and classify each chunk.

A table starts at its title line (or at the `表3` label printed just above it)
and runs to the next title, so a table continued over several pages, with or
without repeated header rows, stays one chunk; it ends early where the
narrative begins (a 第三部分 / 情况说明 heading or a line of prose), and that
text becomes a narrative chunk of its own.

Titles are found by matching against a vocabulary of the template titles of
部门预算/决算 disclosures (`TITLE_VOCABULARY`, rapidfuzz), after numbering and
decorations are set aside (`八、`, `公开表五`, `预算01-1表`, `（功能科目）`,
`(2021年度)`, a year, table rules `|`), so that OCR confusions (衣 for 表, 收文
for 收支) and a unit name before the template title still match. A weaker
match counts when table header rows follow it (科目编码 / 科目名称, 项目 /
预算数, 收入 / 支出), and a title wrapped over two lines is joined.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

from rapidfuzz import fuzz, process

from .codes import Scheme, is_subject_code, scheme_of
from .grid import Layout, PrintedTable, cjk_count, detect_layout, rows_of, visible_text
from .lazyre import LazyPattern
from .vocabulary import LEVEL1, LIST_COLUMNS, NUMBERING, PAGE_NUMBER_LINE, PROJECT_LABELS, key_value_parts, names_again
from .models import Span, TableKind
from .numbers import clean_text

# A table's label: 表3, 表 1:, 表11-4, 附件2 表5, 公开表五, 表十二, 预算01-1表.
_LABEL = LazyPattern(
    r"^(?:附件\s*\d+\s*[:：]?\s*)?"
    r"((?:公开)?表\s*(?:\d+(?:\s*-\s*\d+)?|[一二三四五六七八九十]{1,3})|(?:预算|决算|公开)\s*\d{2}(?:\s*-\s*\d+)?\s*表)"
    r"\s*[:：]?\s*$"
)
_UNIT = LazyPattern(r"(?:单\s*位|金额单位)\s*[:：，,;；]?\s*(万元|元)")
_UNIT_IN_HEADER = LazyPattern(r"[(（]\s*(万元|元)\s*[)）]")

_MAX_TITLE_CHARS = 70

# The template titles of 部门预算/决算 disclosures, in their 预算 form (a 决算
# title is matched with 决算 read as 预算) and without the decorations
# `title_core` sets aside. A title matches when its end matches an entry, so
# the unit name, year and scope printed before (2015年桂林市司法局部门…) need no
# entry of their own. Source: the tables of the seeds, the 上海 dev set, the
# field cases and docs/domain.md.
TITLE_VOCABULARY: tuple[tuple[str, TableKind], ...] = tuple(
    (title, kind)
    for kind, titles in {
        TableKind.income_expenditure_summary: (
            "收支总表 收支预算总表 财务收支预算总表 部门收支预算总表 财政拨款收支预算总表 财政拨款收支预算表 "
            "收入支出预算总表 财政拨款收入支出预算总表"
        ),
        TableKind.income_by_source: "收入总表 收入预算总表 收入预算表 部门收入预算表",
        TableKind.department_expenditure: "支出总表 支出预算总表 部门支出预算表 部门支出总表",
        TableKind.expenditure_by_function: (
            "一般公共预算支出表 一般公共预算支出预算表 一般公共预算财政拨款支出预算表 一般公共预算支出功能分类预算表 "
            "财政拨款支出预算表 支出功能分类预算表"
        ),
        TableKind.basic_expenditure_by_economic: (
            "基本支出预算表 财政拨款基本支出预算表 一般公共预算基本支出预算表 一般公共预算财政拨款基本支出预算表 "
            "一般公共预算基本支出经济分类预算表 一般公共预算基本支出部门预算经济分类预算表 支出经济分类预算表"
        ),
        TableKind.fund_expenditure: (
            "政府性基金预算支出表 政府性基金预算支出预算表 政府性基金预算财政拨款支出预算表 政府性基金预算支出功能分类预算表"
        ),
        TableKind.other: (
            "国有资本经营预算支出表 国有资本经营预算支出预算表 国有资本经营预算财政拨款支出预算表 "
            "国有资本经营预算支出功能分类预算表"
        ),
        TableKind.three_public: (
            "三公经费预算表 三公经费支出预算表 三公经费情况统计表 三公经费和机关运行经费预算表 "
            "三公经费会议费培训费支出预算表 一般公共预算三公经费支出预算表 机关运行经费支出预算表 "
            "一般公共预算机关运行经费支出预算表"
        ),
        TableKind.procurement: "政府采购预算表 政府采购预算明细表 政府采购支出预算表",
        TableKind.project_performance: (
            "绩效目标表 项目支出绩效目标表 项目支出预算绩效目标表 项目绩效目标申报表 项目政策绩效目标申报表"
        ),
        TableKind.department_performance: (
            "部门整体支出绩效目标表 部门整体支出预算绩效目标表 整体绩效目标申报表"
        ),
        TableKind.self_evaluation: (
            "绩效自评表 项目支出绩效自评表 项目绩效自评表 项目支出绩效自评结果表 部门整体支出绩效自评表 "
            "部门整体绩效自评表 整体支出绩效自评表 绩效目标自评表"
        ),
    }.items()
    for title in titles.split()
)
_VOCABULARY_TITLES = [title for title, _ in TITLE_VOCABULARY]
_WINDOWS = sorted({len(t) + d for t in _VOCABULARY_TITLES for d in (-2, -1, 0, 1, 2)})

# How close a title must come to the vocabulary (rapidfuzz ratio, 0-100): on its
# own, or with table header rows below it; a line right under a `表3` label
# needs only to look like a title.
_ALONE, _WITH_HEADER, _UNDER_LABEL = 80, 60, 45
# The last character of a title: 表, or 衣 as tesseract misreads it.
_TITLE_END = "表衣"


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
    printed: tuple[PrintedTable, ...] = ()  # the source's own cells in this chunk (a PDF text layer's ruled tables)
    columns: tuple[int, int] | None = None  # a project of a multi-project list: the list's column header row
    # a project of a multi-project list whose header wraps over lines, read as a form: the (start, end) of the header's
    # line that names the project's own columns (`wrapped_list_header`)
    listed: tuple[int, int] | None = None

    @property
    def id(self) -> str:
        return f"t{self.index:02d}"


@dataclass(frozen=True)
class TitleMatch:
    """The vocabulary title closest to a printed title: ratio 0-100, entry, its kind."""

    score: float
    entry: str
    kind: TableKind


# Characters tesseract misreads in the template titles: 收文 (收支), 文出 (支出),
# 经缆 (经费), `-般` (一般).
_TITLE_FIXES = [
    (LazyPattern(r"收文|收攴"), "收支"),
    (LazyPattern(r"(?<!经)文出|攴出"), "支出"),
    (LazyPattern(r"经缆|经贵"), "经费"),
    (LazyPattern(r"[-—_]般"), "一般"),
]
_QUOTES = LazyPattern(r"[“”\"'‘’「」『』]")
_BRACKETED = LazyPattern(r"[(（〈<《【\[][^()（）〈〉<>《》【】\[\]]{0,12}[)）〉>》】\]]")
_BRACKET_CHARS = LazyPattern(r"[()（）〈〉<>《》【】\[\]]")
_OPEN_AT_END = LazyPattern(r"[(（〈<《【\[][^()（）〈〉<>《》【】\[\]]{0,12}$")
_YEAR = LazyPattern(r"\d{4}年度?")
_LABEL_IN_TITLE = LazyPattern(
    r"^(?:附件\d+[:：]?)?(?:公开)?表(?:\d+(?:-\d+)?|[一二三四五六七八九十]{1,3})[:：.、]?"
    r"|(?:公开)?表(?:\d+(?:-\d+)?|[一二三四五六七八九十]{1,3})$|(?:预算|决算|公开)\d{2}(?:-\d+)?表"
)
_NUMBERING = LazyPattern(r"^(?:第?[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]?)")


@lru_cache(maxsize=4096)  # (documents of one template repeat their titles)
def title_key(title: str) -> str:
    """A title with whitespace removed and known OCR misreadings repaired."""
    t = "".join(title.split())
    for pattern, repl in _TITLE_FIXES:
        t = pattern.sub(repl, t)
    return t


@lru_cache(maxsize=4096)
def title_core(title: str) -> str:
    """The part of a printed title matched against `TITLE_VOCABULARY`.

    `title_key`, then quotes, bracketed decorations ((功能科目), (2021年度),
    (一级项目), an unclosed `(2021 年度`), years, labels (表5, 公开表五,
    预算01-1表) and leading numbering (八、, 3.) removed; 决算 read as 预算.
    """
    t = _QUOTES.sub("", title_key(title))
    t = _BRACKETED.sub("", t)
    t = _BRACKET_CHARS.sub("", _OPEN_AT_END.sub("", t))
    t = _LABEL_IN_TITLE.sub("", _YEAR.sub("", t))
    return _NUMBERING.sub("", t).replace("决算", "预算")


@lru_cache(maxsize=4096)
def match_title(title: str) -> TitleMatch:
    """The vocabulary entry that best matches the end of a title's core.

    The score is the highest rapidfuzz ratio between an entry and a suffix of
    `title_core(title)` about the entry's length, so a unit name or scope
    printed before the template title costs nothing; 0 for an empty core. Of
    equal scores the longest entry wins.
    """
    core = title_core(title)
    best = TitleMatch(0.0, "", TableKind.other)
    if not core:
        return best
    for n in [n for n in _WINDOWS if n < len(core)] + [len(core)]:
        found = process.extractOne(core[-n:], _VOCABULARY_TITLES, scorer=fuzz.ratio)
        # on a tie the longer entry: it says more of the title
        if found and (found[1], len(found[0])) > (best.score, len(best.entry)):
            best = TitleMatch(found[1], found[0], TITLE_VOCABULARY[found[2]][1])
    return best


# A cell boundary in a printed line: a tab, a run of spaces, a table rule.
_CELL_SPLIT = LazyPattern(r"(?=[\s|｜])(?:\t|\s{2,}|\s*[|｜]\s*)")  # (tried only at a space or rule)
_JUNK_CELL = LazyPattern(r"^[?？|｜·.,，:;'\"“”_\-—~…]+$")
# A cell in brackets on its own: (2021年度), 〈2021 年度, (功能分类), (万元).
_BRACKET_CELL = LazyPattern(r"^[(（〈<《][^()（）〈〉<>《》]{0,12}[)）〉>》]?$")
_AMOUNT = LazyPattern(r"\d{3,}|\d[.,]\d")
# Prose: a sentence stop, or a comma that is not a thousands separator.
_PROSE = LazyPattern(r"[。；;！？!?]|(?<!\d)[,，]|[,，](?!\d)")
_PROSE_LEAD = LazyPattern(r"^(?:详见|参见|具体见|请见|见附|如下)")
# Contents entries: dot leaders to a page number.
_LEADER = LazyPattern(r"…{2,}|\.{4,}|·{4,}")
# `1. 2024年…预算总表` followed by `2. …`: an entry of a contents list, not the
# title printed over a table.
_LIST_ENTRY = LazyPattern(r"^(\d{1,2}\s*[.．、]|[一二三四五六七八九十]{1,3}\s*、)")


def _label_of(line: str) -> str | None:
    m = _LABEL.match(clean_text(line))
    return "".join(m.group(1).split()) if m else None


def table_headings(text: str) -> list[tuple[str, Span]]:
    """The table labels printed alone on their lines (`表1`, `表 4：`, `表11-3`, `预算02-1表`: `_LABEL`), each
    with its line's span, in text order: where the document heads its tables, read or not."""
    found, pos = [], 0
    for line in text.split("\n"):
        if "表" in line and (label := _label_of(line)):
            found.append((label, Span(start=pos, end=pos + len(line))))
        pos += len(line) + 1
    return found


def _is_decoration(cell: str) -> bool:
    """A cell printed beside a title that is not part of it: a label, the unit, a rule, a bracketed year or note."""
    return bool(_JUNK_CELL.match(cell) or _LABEL.match(cell) or _UNIT.match(cell) or _BRACKET_CELL.match(cell))


@lru_cache(maxsize=1024)  # (a line is asked again by the titles and forms the lines above it may start)
def _cells(line: str) -> tuple[str, ...]:
    """The visible texts of a line's cells (parted at tabs, wide gaps and rules, and between a label and its value
    printed `key：value`: `vocabulary.key_value_parts`, as the grid parts them)."""
    return tuple(c for p in _CELL_SPLIT.split(line) for a, b in key_value_parts(p) if (c := visible_text(p[a:b])))


def _title_text(line: str) -> tuple[str, str | None] | None:
    """(title as printed, label printed beside it) if the line can be a title:
    one or two cells of text once labels, the unit, rules and the year are set
    aside, short, no amount, no prose, not a contents entry."""
    cells = _cells(line)
    label = next(filter(None, map(_label_of, cells)), None)
    words = [c for c in cells if not _is_decoration(c)]
    if not words or len(words) > 2:
        return None
    text = " ".join(words)
    if len(text) > _MAX_TITLE_CHARS or _PROSE.search(text) or _PROSE_LEAD.match(text) or _LEADER.search(line):
        return None
    core = title_core(text)
    if cjk_count(core) < 3 or _AMOUNT.search(core) or ":" in core or "：" in core:
        return None
    return text, label


# Words of table header rows (column and row-label headings), longest first
# so that 项目支出 counts as one word, not as 项目 and 支出.
_HEADER_WORD = LazyPattern(
    "|".join(
        sorted(
            "科目编码 科目名称 功能分类 经济分类 功能科目 经济科目 项目 预算数 决算数 金额 合计 收入 支出 小计 总计 "
            "基本支出 项目支出 人员经费 公用经费 人员支出 年初预算 全年预算 单位编码 单位名称 一级指标 二级指标 三级指标 "
            "指标值 绩效目标 资金总额 预算金额".split(),
            key=len,
            reverse=True,
        )
    )
)
_META = LazyPattern(r"^(单\s*位\s*[:：，,;；]|金额单位|(填报|编制|申报)(单位|部门)|部门\s*[:：]|[(（〈]\d{4})")


def _is_header(line: str) -> bool:
    """A header row: two or more header words, no amount, not itself a title."""
    compact = "".join(visible_text(line).split())
    if not compact or compact[-1] in _TITLE_END or _AMOUNT.search(_YEAR.sub("", compact)):
        return False
    return len(set(_HEADER_WORD.findall(compact))) >= 2


class _Lines:
    """The non-blank lines of a text: raw text, span and line number of each."""

    def __init__(self, text: str):
        # the lines of `grid.line_spans` (a CR before the newline no part of a line), split in one call
        self.no, self.spans, self.raw = [], [], []
        pos = 0
        for no, line in enumerate(text.split("\n")):
            end = pos + len(line)
            if line.strip():
                if line.endswith("\r"):
                    line = line[:-1]
                self.no.append(no)
                self.spans.append((pos, pos + len(line)))
                self.raw.append(line)
            pos = end + 1

    def __len__(self) -> int:
        return len(self.raw)

    def adjacent(self, k: int) -> bool:
        """Whether line k+1 follows line k with at most one blank line between."""
        return k + 1 < len(self.raw) and self.no[k + 1] - self.no[k] <= 2


def _header_follows(lines: _Lines, k: int) -> bool:
    """Header rows within the few lines after line k, past the unit, 填报单位 and label lines."""
    for line in lines.raw[k + 1 : k + 6]:
        if _is_header(line):
            return True
        if not _in_title_block(line):
            return False
    return False


def _in_title_block(line: str) -> bool:
    """A line printed between a title and the header rows: the unit, 填报单位,
    部门, the year, a label (公开表五), the page number, rules and stray marks (`? | 单位:万元 | |`);
    not a line that prints a form's field beside its 申报单位 (`申报单位：…  实施期：…`):
    that is the form's first row."""
    cells = _cells(line)
    if any(_form_field(c) for c in cells[1:]):
        return False
    if _META.match(clean_text(line)) or PAGE_NUMBER_LINE.match(line):
        return True
    return all(_is_decoration(c) or _META.match(c) for c in cells)


def _form_field(cell: str) -> bool:
    """Whether a cell is, surely, the label of a project form's field (实施期, 主管部门 …)."""
    hit = PROJECT_LABELS.match(cell)
    return hit is not None and not hit.weak and hit.field not in _NOT_FIELDS


@dataclass
class _Start:
    last: int  # the title's last line, index into _Lines (a title may wrap onto a second line)
    offset: int  # where the chunk starts: the title, or the label above it
    title: str
    label: str | None


def _accepts(title: str, lines: _Lines, last: int, under_label: bool) -> bool:
    """Whether a title-like text ending on line `last` starts a table: it ends
    in 表 and matches the vocabulary well (`_ALONE`), or fairly (`_WITH_HEADER`)
    with header rows below; under a label, any ending and a weak match with a header."""
    ended = title_core(title)[-1:] in _TITLE_END
    if not ended and not under_label:
        return False  # (no vocabulary match asked: most short lines of a page are tried, and end in no 表)
    score = match_title(title).score
    if ended and (score >= _ALONE or score >= _WITH_HEADER and _header_follows(lines, last)):
        return True
    return under_label and score >= _UNDER_LABEL and (_header_follows(lines, last) or _form_follows(lines, last))


def _form_follows(lines: _Lines, k: int) -> bool:
    """Labels of a project form within the few lines after line k (a form's head is
    its labels, not header rows): two cells a strong `PROJECT_LABELS` label."""
    return sum(_form_field(c) for line in lines.raw[k + 1 : k + 7] for c in _cells(line)[:4]) >= 2


def _in_list(lines: _Lines, k: int) -> bool:
    """Whether numbered line k is an entry of a contents list: the next line is
    numbered too, or the one before is a numbered title (the list's last entry)."""
    if k + 1 < len(lines) and _LIST_ENTRY.match(visible_text(lines.raw[k + 1])):
        return True
    before = visible_text(lines.raw[k - 1]) if k > 0 else ""
    return bool(_LIST_ENTRY.match(before)) and before.rstrip(" |")[-1:] in _TITLE_END


# A table's label and title on one line (`表1  部门收支预算总表`, `表7国有资本经营预算支出表`, `表三  “三公”…`,
# `表3  2024年部门收入预算表`, `表32024年…` where OCR glues the label to the year).
_LABELLED_TITLE = LazyPattern(r"^\s*(?:附件\s*\d+\s*[:：]?\s*)?(?:公开)?表\s*(?:\d{1,2}(?:\s*-\s*\d+)?|"
                              r"[一二三四五六七八九十]{1,3}(?=[\s:：]))\s*[:：.、]?\s*(?:(?:19|20)\d\d\s*年度?\s*)?"
                              r"[\u4e00-\u9fff“\"]")
# A line of dot leaders only (`……`): an entry left out of a contents list.
_LEADERS_ONLY = LazyPattern(r"^[…．.·\s]+$")
# A contents entry's page number, after dot leaders or a space (`……… 3`, `  12`).
_PAGE_REF = LazyPattern(r"(?:[…．.·]{2,}|\s)\s*\d{1,3}\s*$")
# The heading of a contents list: 目录, 目  录 (OCR may keep only 目).
_CONTENTS_HEADING = LazyPattern(r"^\s*目\s*[录錄]?\s*[:：]?\s*$")
# A contents entry by its page number: a title ending in 表, then dot leaders or a space and the page
# (`一、部门收支总表……………3`, `1. 部门收支总表 3`, `部门收入总表    4`), whatever labels or numbering it.
_PAGED_ENTRY = LazyPattern(r"^(?P<title>.*?[表衣][”\"]?)\s*(?:[…．.·]{2,}\s*|\s+)\d{1,3}\s*$")


def _paged_entry(line: str) -> bool:
    """Whether a line is a contents entry by its page number (`_PAGED_ENTRY`): a short title, no prose, no amount."""
    m = _PAGED_ENTRY.match(visible_text(line))
    if m is None:
        return False
    core = title_core(m["title"])
    return cjk_count(core) >= 3 and len(core) <= _MAX_TITLE_CHARS and not (_PROSE.search(core) or _AMOUNT.search(core))


def _in_contents(lines: _Lines, k: int) -> bool:
    """Whether line k is an entry of a contents list (目录), or its heading. An entry is a table's label and
    title on one line, or a title followed by its page number (`_paged_entry`): it is one when the line
    before or after it (lines of dot leaders aside) is an entry too, or the entries above it run up to a
    目录 heading. A line followed by an entry with its page number heads the list. A table prints its unit
    line and header under its title, never the next table's title."""
    def entry(j: int) -> bool:
        raw = lines.raw[j]
        return _paged_entry(raw) or bool(_LABELLED_TITLE.match(raw)) and (
            _PAGE_REF.search(raw) is not None or _title_text(raw) is not None)

    def skip_leaders(j: int, step: int) -> int:
        while 0 <= j < len(lines) and _LEADERS_ONLY.match(lines.raw[j]):
            j += step
        return j

    if not entry(k):
        # a heading over the entries (`第二部分  2025年部门预算表` over `一、部门收支总表……3`): a table's
        # title has its unit line or header under it, never a title with its page number
        j = skip_leaders(k + 1, 1)
        return j < len(lines) and _paged_entry(lines.raw[j])
    if any(0 <= (j := skip_leaders(k + step, step)) < len(lines) and entry(j) for step in (-1, 1)):
        return True
    j = skip_leaders(k - 1, -1)
    return j >= 0 and bool(_CONTENTS_HEADING.match(lines.raw[j]))


def _find_title(lines: _Lines, k: int, under_label: bool) -> tuple[int, str, str | None] | None:
    """(last line, title, label) if a table title starts at line k: on its own
    line, or wrapped onto the next one."""
    found = _title_text(lines.raw[k])
    if found is None:
        return None
    title, label = found
    if _LIST_ENTRY.match(title) and _in_list(lines, k) or _in_contents(lines, k):
        return None
    alone = _accepts(title, lines, k, under_label)
    # a title not ended by 表 may wrap onto the next line (`一般公共预算财政拨款支` /
    # `出预算表`): joined when the two lines make a better title than this one
    wrapped = None if title_core(title)[-1:] in _TITLE_END else _wrapped_title(lines, k, title, under_label)
    if wrapped and (not alone or wrapped[0] > match_title(title).score):
        return k + 1, wrapped[1], label or wrapped[2]
    return (k, title, label) if alone else None


def _wrapped_title(lines: _Lines, k: int, title: str, under_label: bool) -> tuple[float, str, str | None] | None:
    """(score, joined title, label) if the title on line k wraps onto line k+1:
    the next line is a short title-like line of its own, and line k holds the
    start of the vocabulary title the two make together, the part the next
    line lacks."""
    if not lines.adjacent(k):
        return None
    second = _title_text(lines.raw[k + 1])
    if second is None:
        return None
    joined = title + second[0]
    match, alone = match_title(joined), match_title(second[0])
    if (match.score, len(match.entry)) <= (alone.score, len(alone.entry)) and _accepts(
        second[0], lines, k + 1, under_label
    ):
        return None  # the next line is a title by itself; this line adds nothing to it
    head = match.entry[: max(len(match.entry) - len(title_core(second[0])), 2)]
    if fuzz.partial_ratio(head, title_core(title)) < 80 or not _accepts(joined, lines, k + 1, under_label):
        return None
    return match.score, joined, second[1]


_NARROW = 6  # CJK characters a line of a title printed down a narrow cell holds at most


def _narrow_title(lines: _Lines, k: int, under_label: bool) -> tuple[int, str, str | None] | None:
    """(last line, title, None) for a title printed down a narrow cell, a few
    characters a line (`部门项` / `目支出` / `预算绩` / `效目标` / `表`): the longest
    run of three or more short adjacent lines from line k that reads as a title
    (its last character may be OCR's for 表: `…目标` / `玫`)."""
    parts: list[str] = []
    for j in range(k, min(k + 10, len(lines))):
        cell = lines.raw[j].strip()
        if len(_cells(lines.raw[j])) != 1 or cjk_count(cell) > _NARROW or (j > k and not lines.adjacent(j - 1)):
            break
        if _NUMBERING.match(cell) or parts and parts[-1][-1:] in _TITLE_END:
            break  # a contents list (一、收支总表 / 二、收入总表), or a title already ended
        parts.append(cell)
    # a run ending at 表 first, then the longest: the year printed under the title is no part of it
    ends = sorted(range(3, len(parts) + 1), key=lambda e: (parts[e - 1][-1:] in _TITLE_END, e), reverse=True)
    for end in ends:
        title = "".join(parts[:end])
        if _accepts(title, lines, k + end - 1, under_label):
            rest = "".join(parts[1:end])
            if not under_label and end > 3 and match_title(rest) == match_title(title) and _accepts(
                rest, lines, k + end - 1, False
            ):
                return None  # the title starts on a later line: this one ends the text above (`矛盾等工` / `作满意度` / `部门项目` …)
            return k + end - 1, title, None
    # Under its label, a run the vocabulary knows well needs no 表 (dropped by the OCR) and no header or form labels
    # below (`项目` / … / `名称`: cut to pieces, they show neither): the label and the title say a table as surely.
    # The best-known run, the longest of those (`…目标` / `(2021` / `年度)`, not the form's `项目` under it).
    if under_label and ends:
        score, end = max((match_title("".join(parts[:e])).score, e) for e in ends)
        if score >= _ALONE:
            return k + end - 1, "".join(parts[:end]), None
    return None


def _find_starts(lines: _Lines) -> list[_Start]:
    """Every table title of a document, in order, with the label printed above it."""
    starts: list[_Start] = []
    pending_label: tuple[int, str] | None = None
    k, n = 0, len(lines)
    while k < n:
        line = lines.raw[k]
        label = _label_of(line) if "表" in line else None
        if label:
            pending_label = (k, label)
            k += 1
            continue
        under_label = pending_label is not None and lines.no[k] - lines.no[pending_label[0]] <= 3
        # a title holds 表 (or 衣 as OCR reads it), or the line after it does when it wraps
        nxt = lines.raw[k + 1] if k + 1 < n else ""
        may_wrap = ("表" in nxt or "衣" in nxt) and lines.adjacent(k)
        found = None
        if "表" in line or "衣" in line or under_label or may_wrap:
            found = _find_title(lines, k, under_label)
        if found is None and "\t" not in line and 0 < cjk_count(line) <= _NARROW:
            found = _narrow_title(lines, k, under_label)
        if found:
            last, title, own_label = found
            if under_label:
                starts.append(_Start(last, lines.spans[pending_label[0]][0], title, pending_label[1]))
            else:
                starts.append(_Start(last, lines.spans[k][0], title, own_label))
            k = last
        pending_label = None
        k += 1
    return starts


# A project form without a title the vocabulary knows: its 项目名称 line starts it
# when the lines under it print the form's other labels.
_FORM_FIELDS = 2  # other header fields of the project form, beside the name, within _FORM_LINES lines
_FORM_LINES = 12
_NOT_FIELDS = ("project_name", "block", "heading", "category", "spending_plan")
_NAME_CHARS = LazyPattern("[名称]")


def _first_cell(line: str) -> str:
    """A line's first cell, cut from its first 24 characters (a label is short)."""
    return visible_text(_CELL_SPLIT.split(line.strip()[:24], 1)[0])


_TREE_WORDS = ("一级指标", "二级指标", "三级指标", *LEVEL1)
_TREE_REACH = 40  # lines from a form's 项目名称 to its indicator tree at most


def _tree_follows(lines: _Lines, k: int, end: int | None = None) -> bool:
    """An indicator tree under line k (before line `end`, when given): a row (two cells or more) with a
    tree heading or a level-1 name, or a tree's header printed one cell a line (`一级指标` over `二级指标`)."""
    window = lines.raw[k + 1 : k + _TREE_REACH if end is None else end]
    for j, line in enumerate(window):
        cells = _cells(line)
        if len(cells) >= 2 and any(c.replace(" ", "").startswith(_TREE_WORDS) for c in cells):
            return True
        if j + 1 < len(window) and [_compact(c) for c in cells] == [_TREE_WORDS[0]] \
                and [_compact(c) for c in _cells(window[j + 1])] == [_TREE_WORDS[1]]:
            return True
    return False


def _compact(cell: str) -> str:
    return "".join(cell.split())


def _is_value_line(line: str) -> bool:
    """A line of one short cell that is no sentence: a value printed under its label."""
    cells = _cells(line)
    return len(cells) == 1 and not _CLAUSE.search(cells[0]) and len(cells[0]) <= 60


def _form_starts(lines: _Lines, starts: list[_Start]) -> list[_Start]:
    """`starts` with one added for every project form no title announced (a title
    missing, or one no vocabulary entry matches: `附表5`, `XX县…项目预算绩效目标`):
    a line led by 项目名称 (`vocabulary.PROJECT_LABELS`, OCR tolerance) with its
    value beside or under it, two other fields of the form labelled at the start
    of the lines under it and an indicator tree below, that is the first such
    line since the last start. A one-cell line just above it that names a table
    (附表5) or reads like one of the vocabulary's titles is its title."""
    added: list[_Start] = []
    offsets = [s.offset for s in starts]
    previous_form = -1  # the line of the last 项目名称 seen
    for k, line in enumerate(lines.raw):
        if not _NAME_CHARS.search(line, 0, 16):
            continue  # every name label the vocabulary knows holds 名 or 称 (项目名称, 专项资金名称, 项日名杯)
        hit = PROJECT_LABELS.match(_first_cell(line))
        if hit is None or hit.weak or hit.field != "project_name" or hit.score < 75:
            continue  # (a title such as 项目支出绩效目标表 reads like 项目支出名称 at 67)
        since = bisect_right(offsets, lines.spans[k][0]) - 1
        # the table a title started since the last 项目名称 names its form here, unless an indicator tree stands
        # between that title and this line: then its form lost its name label, and this one starts a form of its own
        announced = since >= 0 and (previous_form < 0 or offsets[since] > lines.spans[previous_form][0]) \
            and not _tree_follows(lines, starts[since].last, k)
        if previous_form >= 0 and not announced and not _tree_follows(lines, previous_form, k):
            continue  # a form's labels come again only after its tree: this one the OCR printed twice, or wrapped
        previous_form = k
        if announced:
            continue  # the name of a table a title started
        if len(_cells(line)) < 2 and not (k + 1 < len(lines) and _is_value_line(lines.raw[k + 1])):
            continue  # a label with no value beside or under it: a sentence quoting the form
        if len(_head_fields(lines, k)) < _FORM_FIELDS and len(_head_fields(lines, k, anywhere=True)) < _GARBLED_FIELDS \
                or not _tree_follows(lines, k):
            continue  # a form prints its labels at the starts of its lines, and an indicator tree under them
        above = _cells(lines.raw[k - 1]) if k and lines.adjacent(k - 1) else []
        # 附表5, XX县…项目预算绩效目标, or a numbered heading that repeats the name (`二、X` over `项目名称：X`)
        titled = len(above) == 1 and PROJECT_LABELS.match(above[0]) is None and (
            "表" in above[0] or match_title(above[0]).score >= _UNDER_LABEL
            or len(named := _cells(line)) > 1 and names_again(above[0], named[1]))
        first = k - 1 if titled else k
        added.append(_Start(first if titled else k - 1, lines.spans[first][0], above[0] if titled else "", None))
    return sorted(starts + added, key=lambda s: s.offset)


# An OCR that garbles labels garbles the first cells of lines most (`主管半`, `入目局`), while labels printed
# mid-line survive (`实施单位`, `项目期限`): more of those say a form's head as surely.
_GARBLED_FIELDS = 3  # other fields of the form labelled in any cell of the lines under its name, at least


def _head_fields(lines: _Lines, k: int, anywhere: bool = False) -> set[str]:
    """The other fields of a project form labelled in the `_FORM_LINES` lines under line k, in their first
    cells (or `anywhere`: in any cell)."""
    return {h.field for j in range(k + 1, min(k + _FORM_LINES, len(lines)))
            for c in (_cells(lines.raw[j]) if anywhere else _cells(lines.raw[j])[:1])
            if (h := PROJECT_LABELS.match(c)) and not h.weak and not _CLAUSE.search(c)} - set(_NOT_FIELDS)


# 整体 (a department's overall table) with one of its characters garbled by the OCR, just before the form's
# words (支出, 预算, 绩效): a 项目 title has neither character there (项目总体绩效 is a project's). Words of
# their own that look so are not 整体 (专项资金总体绩效目标表 is a fund's, 整改 a rectification's).
_WHOLE_DAMAGED = LazyPattern(
    r"(?!总体|具体|集体|主体|个体|媒体|整改|整治|整合|整理)(整[\u4e00-\u9fff]|[\u4e00-\u9fff]体)(支出)?(预算)?绩效")


# Header words of a table whose rows are classification subjects (a summary's items have none).
_FUNCTION_HEADER = LazyPattern(r"科目编码|科目名称|功能分类|功能科目")


def classify(title: str, header: str, body: str = "") -> tuple[TableKind, float]:
    """Table kind from its title, header words and the codes of its rows; with a score.

    A 决算 table has the kind of its 预算 counterpart. A table whose rows carry
    economic codes (301, 30201, 310 …) is `basic_expenditure_by_economic`
    whatever its title says (一般公共预算机关运行经费支出预算表 lists 302/310), and one whose rows carry
    function codes under a 科目编码 header is `expenditure_by_function` though its title names 收入 and
    支出 (一般公共预算财政拨款收入支出决算表);
    a title the keywords do not place takes the kind of its vocabulary entry.
    """
    t = _QUOTES.sub("", title_key(title)).replace("决算", "预算")
    h = "".join(header.split())
    schemes: list[Scheme | None] = []

    def scheme() -> Scheme | None:  # the rows' codes, read only when a rule asks
        if not schemes:
            schemes.append(_code_scheme(body or header))
        return schemes[0]

    if "自评" in t:
        return TableKind.self_evaluation, 0.95
    if ("评" in t or "自" in t) and "绩效" in t:  # 自评 garbled: the vocabulary decides
        found = match_title(title)
        if found.kind is TableKind.self_evaluation and found.score >= _WITH_HEADER:
            return TableKind.self_evaluation, round(0.9 * found.score / 100, 2)
    if "整体" in t and "绩效" in t:
        return TableKind.department_performance, 0.95
    if _WHOLE_DAMAGED.search(t) and "项目" not in t:
        return TableKind.department_performance, 0.8  # 整体 with one character garbled (`部门整休支出…`, `部门敏体支出…`)
    if "绩效" in t and ("项目" in t or "申报" in t) or re.search(r"项目(\(政策\))?名称", h) and "指标" in h:
        return TableKind.project_performance, 0.95 if "项目" in t else 0.8
    if "三公" in t or re.search("会议费|培训费", t):
        return TableKind.three_public, 0.9
    if "机关运行经费" in t:
        if "经济" in t or scheme() is Scheme.economic:
            return TableKind.basic_expenditure_by_economic, 0.9
        return TableKind.three_public, 0.9
    if "收支" in t or ("收入" in t and "支出" in t):
        if _FUNCTION_HEADER.search(h) and scheme() is Scheme.function:
            # 一般公共预算财政拨款收入支出决算表: rows by function code under 科目编码 | 科目名称, the year's
            # income and spending of each subject (上年结转 | 本年收入 | 本年支出 | 年末结转): no summary
            return TableKind.expenditure_by_function, 0.9
        return TableKind.income_expenditure_summary, 0.95
    if "收入" in t:
        return TableKind.income_by_source, 0.9
    if "政府采购" in t:
        return TableKind.procurement, 0.9
    if "基本支出" in t and ("经济" in t or "经济分类" in h or "人员" in h or scheme() is Scheme.economic):
        return TableKind.basic_expenditure_by_economic, 0.95
    if "政府性基金" in t:
        return TableKind.fund_expenditure, 0.9
    if "国有资本经营" in t:
        return TableKind.other, 0.85
    if "支出" in t and ("经济分类" in t or "经济科目" in t or scheme() is Scheme.economic):
        return TableKind.basic_expenditure_by_economic, 0.9
    if "支出预算总表" in t or "部门支出" in t or "单位编码" in h:
        return TableKind.department_expenditure, 0.9
    if "支出" in t and ("一般公共预算" in t or "功能分类" in t or "功能科目" in t or "财政拨款" in t):
        return TableKind.expenditure_by_function, 0.95
    if "功能分类" in h:
        return TableKind.expenditure_by_function, 0.6
    if "经济分类" in h:
        return TableKind.basic_expenditure_by_economic, 0.6
    if "绩效" in t or "指标" in h:
        return TableKind.project_performance, 0.5
    match = match_title(title)
    if match.score >= _WITH_HEADER:
        return match.kind, round(0.9 * match.score / 100, 2)
    if scheme() is not None:
        economic = scheme() is Scheme.economic
        return TableKind.basic_expenditure_by_economic if economic else TableKind.expenditure_by_function, 0.6
    return TableKind.other, 0.3


# A row key at the start of a line: a whole code (2040601) or its 类 cell of a 类 | 款 | 项 row.
_ROW_CODE = LazyPattern(r"^\s*(\d{3}(?:\d{2}){0,2})(?!\d)", re.MULTILINE)


def _code_scheme(body: str) -> Scheme | None:
    """The classification most row codes of a table body belong to (at least two rows), or None."""
    schemes = [scheme_of(code) for code in _ROW_CODE.findall(body) if is_subject_code(code)]
    if len(schemes) < 2:
        return None
    economic = schemes.count(Scheme.economic)
    if economic * 2 > len(schemes):
        return Scheme.economic
    return Scheme.function if economic * 2 < len(schemes) else None


def find_unit(text: str, start: int, end: int) -> str | None:
    head = text[start:end]
    m = _UNIT.search(head) or _UNIT_IN_HEADER.search(head)
    return m.group(1) if m else None


def _header_end(lines: _Lines, title: int) -> tuple[int, str | None]:
    """End of the title block: the title and the lines under it, within three,
    that `_in_title_block` accepts; with the label printed there (公开表五)."""
    end = lines.spans[title][1]
    label = None
    for k in range(title + 1, len(lines)):
        if lines.no[k] - lines.no[title] > 3 or not _in_title_block(lines.raw[k]):
            break
        end = lines.spans[k][1]
        label = label or next(filter(None, map(_label_of, _cells(lines.raw[k]))), None)
    return end, label


# Where the narrative begins: a part or explanation heading, or a sentence.
_NARRATIVE_HEAD = LazyPattern(r"^(第[一二三四五六七八九十\d]+部分|.{0,30}(情况说明|名词解释|编制说明))$")
_NARRATIVE_HINT = LazyPattern(r"[。,，;；]|部分|说明|解释")
_TABLE_NOTE = LazyPattern(r"^(注|备注|说明)\d*[:：]")
_CLAUSE = LazyPattern(r"(?<!\d)[,，;；]|[,，;；](?!\d)")
# A sentence's full stop, after its last word: not a speck standing a space apart between a row's amounts (`82, 096,
# 797. 42 。 82, 096, 797. 42`, a line whose cells single spaces join), nor one after a figure.
_FULL_STOP = LazyPattern(r"(?<![\s\d])。")
_PERFORMANCE = (TableKind.project_performance, TableKind.department_performance, TableKind.self_evaluation)
# A project form's sub-title over its indicator part (绩效项目指标表, 绩效指标表): a part of the table above, not a table.
_SUB_TITLE = LazyPattern(r"指标[表衣]$")


def _is_narrative_line(line: str) -> bool:
    """A heading of the narrative, or a sentence: one block of text (no cell
    gaps or rules) of 12 or more CJK characters with a full stop or two
    commas, other than a note (注：…). One comma is not enough: OCR reads the
    colon of 单位：元 as one."""
    if not _NARRATIVE_HINT.search(line) or len(_CELL_SPLIT.split(line.strip())) > 1:
        return False
    visible = visible_text(line)
    compact = "".join(visible.split())
    if _TABLE_NOTE.match(compact):
        return False  # a note printed under the table (注：本表为空表。) belongs to it
    if _NARRATIVE_HEAD.match(compact):
        return True
    return cjk_count(compact) >= 12 and (_FULL_STOP.search(visible) is not None or len(_CLAUSE.findall(compact)) >= 2)


def _narrative_start(lines: _Lines, first: int, end: int) -> int | None:
    """Offset of the first narrative line from line `first` on, before offset `end`."""
    for k in range(first, len(lines)):
        if lines.spans[k][0] >= end:
            return None
        if _is_narrative_line(lines.raw[k]):
            return lines.spans[k][0]
    return None


def segment(text: str) -> list[Chunk]:
    """The chunks of a document in order: tables (one per title) and the narrative around them.

    Offsets are character offsets into `text`; chunks do not overlap. Text
    before the first table is a narrative chunk when it holds 20 or more CJK
    characters; text after a table from where its narrative begins is one.
    """
    lines = _Lines(text)
    starts = _form_starts(lines, _find_starts(lines))

    chunks: list[Chunk] = []
    first = starts[0].offset if starts else len(text)
    if cjk_count(text, 0, first) >= 20:
        chunks.append(_narrative(text, 0, first))
    for i, start in enumerate(starts):
        offset = start.offset
        end = starts[i + 1].offset if i + 1 < len(starts) else len(text)
        end = _trim_end(text, end) if end > offset else end
        # a form no title started (`_form_starts`) has no header rows: its first line is its 项目名称
        header_end, label_below = _header_end(lines, start.last) if start.title else (offset, None)
        header_text = text[offset : min(end, header_end + 600)]
        kind, score = classify(start.title, header_text, text[header_end:end])
        narrative = None
        if kind not in _PERFORMANCE:
            narrative = _narrative_start(lines, start.last + 1, end)
        table_end = _trim_end(text, narrative) if narrative is not None else end
        if kind is TableKind.project_performance and _SUB_TITLE.search(title_core(start.title)) and chunks \
                and chunks[-1].kind is TableKind.project_performance:
            chunks[-1].end = max(table_end, header_end)  # 绩效项目指标表 heads the project's own indicator part
            continue
        chunks.extend(_list_parts(text, Chunk(
            index=0,
            start=offset,
            end=max(table_end, header_end),
            title=start.title,
            label=start.label or label_below,
            kind=kind,
            kind_score=score,
            unit=find_unit(text, offset, min(table_end, header_end + 400)),
            layout=detect_layout(text, offset, table_end),
            header_end=header_end,
        )))
        if narrative is not None:
            chunks.append(_narrative(text, narrative, end))
    # tables are numbered from 1, after a leading narrative numbered 0
    base = 0 if chunks and chunks[0].kind is TableKind.narrative else 1
    for n, chunk in enumerate(chunks):
        chunk.index = base + n
    _fill_units(chunks)
    return chunks


def _list_parts(text: str, chunk: Chunk) -> list[Chunk]:
    """A multi-project list (issue 17: one row per project, 单位名称 | 项目名称 | 预算数 | 年度目标
    | 一级 | 二级 | 三级 | 指标性质 | 指标值 | 度量单位 | 权重 | 方向, the project's indicators on
    the rows under it) as one chunk per project, each from its project's row to the next's,
    sharing the list's column header row (`Chunk.columns`); any other chunk as it is. Lists
    in delimited cells (tab, pipe), where a project row is the one whose 项目名称 cell is filled, or joined by spaces
    (its blank cells dropped), where it is also the one that prints its 一级 under 一级指标; a list whose header
    wraps over lines (OCR) by what its project rows print (`_wrapped_list_parts`)."""
    if chunk.kind is not TableKind.project_performance or chunk.layout not in (Layout.tabbed, Layout.pipe, Layout.spaced):
        return [chunk]
    lines = text[chunk.header_end:chunk.end].lstrip("\n").split("\n", _HEAD_REACH)[:_HEAD_REACH]
    if not any("项目名称" in line for line in lines):
        return [chunk]  # (no header row naming 项目名称: no list)
    rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    head = next((r for r, row in enumerate(rows[:4]) if list_header(row)), None)
    if head is None:
        return _wrapped_list_parts(text, chunk, rows)
    header = rows[head]
    at = next(i for i, c in enumerate(header.cells) if c and _list_column(c.text) == "project_name")
    tree_at = next(i for i, c in enumerate(header.cells) if c and _list_column(c.text) == "level1")
    # (the header printed again after a page break is no project: the rows under it go on with the one above; a line
    # joined by spaces dropped its blank cells: a project's row is the one whose 一级 stands under 一级指标, after the
    # project's own cells)
    starts = [row.start for row in rows[head + 1:] if at < len(row.cells) and row.cells[at] and not list_header(row)
              and (chunk.layout is not Layout.spaced or _level1_at(row, tree_at))]
    if len(starts) < 2:
        return [chunk]
    parts = []
    for k, start in enumerate(starts):
        end = _trim_end(text, starts[k + 1]) if k + 1 < len(starts) else chunk.end
        first = k == 0
        parts.append(replace(chunk, start=chunk.start if first else start, end=end,
                             header_end=header.end if first else start, columns=(header.start, header.end)))
    return parts


# A list whose header wraps over lines (RapidOCR, tesseract: `预算  一级  指标` / `单位名称  项目名称  年度目标  二级指标`
# / `数  指标  性质`): no one row heads its columns, so a project's row is told by what it prints, its cells wrapped
# over the lines round its amount: the 预算数 (a figure with two decimals), the 年度目标's prose and the 产出 its 一级 tree
# starts with, after the tree of the project above reached its 效益 or 满意度.
BUDGET = LazyPattern(r"^\d{1,7}\s?[.．]\s?\d{2}$")
_GOAL = LazyPattern(r"[\u4e00-\u9fff][，,。；;][\u4e00-\u9fff]|[\u4e00-\u9fff]。$")
_HEADER_CELLS = 6  # cells a list's header row holds at least
_FEWEST_NAMED = 4  # the same, for the line of a wrapped header with its headings' pieces beside it
_WRAPPED_PIECES, _PIECE_CHARS = 4, 3  # a line of wrapped headings' pieces: this many cells at least, none longer
_HEAD_REACH = 8  # lines from a list's title to its header's (a department line over it wraps too), at most
ROW_REACH = 3  # lines round a project row's amount its wrapped cells stand on, at most
_APART = 2 * ROW_REACH  # lines from a project row's amount to the next's, more than (a tree between them)
GOAL_CJK = 12  # Chinese characters at least in a line of a goal's prose (a wrapped 三级 piece holds fewer)
TREE_CLOSED = ("效益", "满意")  # the 一级 a project's tree reaches before the next project's row
LIST_TOTAL = LazyPattern(r"^(合\s*计|总\s*计)")  # a list's total row (the sum of its 预算数), no project's
TREE_OPENS = "产出"  # the 一级 a project's tree starts with (its first line, `产出` / `指标` wrapped)
_FIRST_LEVEL2 = "数量"  # the 二级 under it a tree starts with (数量指标), legible where the OCR garbled 产出


def _wrapped_list_parts(text: str, chunk: Chunk, rows) -> list[Chunk]:
    """A multi-project list whose header row wraps (`BUDGET`'s note) as one chunk per project, each from the
    first line of its project's row (the goal's first line) to the next's, the first from the chunk's start; the parts have no
    `columns` (the header's cells stand on several lines): each is read as a project form of its own. The
    chunk as it is when a body line near the top names no 项目名称 with 年度目标 or 预算数, or no project row
    follows the first."""
    head = next((r for r in range(min(_HEAD_REACH, len(rows))) if wrapped_header_at(rows, r)), None)
    if head is None:
        return [chunk]
    # (the first project's row follows the header: its own need not be told)
    starts = [chunk.start, *(rows[first].start for first, _ in project_rows(rows, head))]
    listed = (rows[head].start, rows[head].end)
    if len(starts) < 2:
        return [replace(chunk, listed=listed)]  # (a list of one project, or whose other projects' rows were not told)
    ends = [_trim_end(text, start) for start in starts[1:]] + [chunk.end]
    return [replace(chunk, start=start, header_end=start if k else chunk.header_end, end=end, listed=listed)
            for k, (start, end) in enumerate(zip(starts, ends))]


def _level1_at(row, i: int) -> bool:
    """Whether a row's cell `i` names an indicator's 一级 (产出指标, `1-产出指标`)."""
    return i < len(row.cells) and NUMBERING.sub("", row.cells[i].compact) in LEVEL1


def list_header(row) -> bool:
    """Whether a row is a multi-project list's column header (it names 项目名称 and 一级 among six columns or more)."""
    return {"project_name", "level1"} <= list_columns(row)


def project_rows(rows, head: int, strict: bool = True) -> list[tuple[int, int]]:
    """(first line, amount line) of each row of a multi-project list after `rows[head]` that starts a project
    (`BUDGET`'s note): a figure with two decimals (no 合计's) after the tree above reached 效益 / 满意度, with,
    within `ROW_REACH` lines, the 产出 its tree starts with and the goal's prose (the first line), or with
    either where not `strict` (a row the split leaves to a finding: `check.merged`). Where `strict`, a row well
    past the last project's that prints no amount the OCR left legible is one too by its goal's first line and
    产出 alone (its amount line then the goal's)."""
    found: list[tuple[int, int]] = []
    closed, last = False, head
    # (a row `_APART` lines past the last project's amount, or the first project's row, told by its amount or its goal's
    # first line, whichever the OCR left legible, with both its goal and 产出, starts a project where the OCR
    # garbled the 效益 / 满意度 its tree closed with)
    amount = next((k for k in range(head + 1, len(rows))
                   if goal_line(rows[k]) or any(BUDGET.match(c.compact) for c in rows[k].filled)), None)
    for k in range(head + 1, len(rows)):
        cells = rows[k].filled
        if any(c.compact.startswith(TREE_CLOSED) for c in cells):
            closed = True
        apart = strict and amount is not None and k - amount > _APART
        if not (closed or apart) or not cells or LIST_TOTAL.match(cells[0].compact):
            continue
        lo = max(last + 1, k - ROW_REACH)
        opens = any(c.compact.startswith((TREE_OPENS, _FIRST_LEVEL2)) for row in rows[lo:k + ROW_REACH + 1]
                    for c in row.filled)
        if not any(BUDGET.match(c.compact) for c in cells):
            # (no amount legible on its lines: the first line of a goal with a new tree's 产出 near it, well past the
            # last project's row, starts one all the same)
            if apart and opens and goal_line(rows[k]) and not goal_line(rows[k - 1]) and not any(
                    BUDGET.match(c.compact) for row in rows[k:k + ROW_REACH + 1] for c in row.filled):
                found.append((k, k))
                closed, last, amount = False, k, k
            continue
        first = next((j for j in range(lo, k + 1) if goal_line(rows[j])), None)
        if (opens and first is not None) or not strict and (opens or first is not None):
            found.append((k if first is None else first, k))
            closed, last, amount = False, k, k
    return found


def goal_line(row) -> bool:
    """Whether a row of a list prints a line of a project's 年度目标 prose (`GOAL_CJK` Chinese characters, a
    clause's mark between two of them or a full stop after one)."""
    return any(cjk_count(c.text) >= GOAL_CJK and _GOAL.search(c.text) for c in row.filled)


def wrapped_list_header(row, around: Sequence = ()) -> bool:
    """Whether a row is the line of a multi-project list's header that names the project's own columns, where the
    header wraps over lines (`_wrapped_list_parts`): 项目名称 with 年度目标 or 预算数, among six cells or more, or
    four where a line of `around` (the lines above and below it) holds the pieces of wrapped headings
    (`预算  一级  二级  三级  指标`: `_WRAPPED_PIECES` cells or more, none longer than `_PIECE_CHARS`)."""
    # (the cells counted first, the list columns matched last: asked of every row)
    if len(row.filled) < _FEWEST_NAMED:
        return False
    if len(row.filled) < _HEADER_CELLS and not any(heading_pieces(r) for r in around if r is not None):
        return False
    named = list_columns(row, _FEWEST_NAMED)
    return "project_name" in named and bool(named & {"annual_goal", "funds_total"})


def heading_pieces(row) -> bool:
    """Whether a row is a line of a wrapped header's pieces (`wrapped_list_header`)."""
    return len(row.filled) >= _WRAPPED_PIECES and all(len(c.compact) <= _PIECE_CHARS for c in row.filled)


def list_columns(row, fewest: int = 6) -> set[str]:
    """The multi-project list columns a row names (a header row names 项目名称 and 一级 among `fewest` cells or more)."""
    return {f for c in row.filled if (f := _list_column(c.text))} if len(row.filled) >= fewest else set()


def wrapped_header_at(rows, k: int) -> bool:
    """`wrapped_list_header` of `rows[k]`, with the rows above and below it."""
    return wrapped_list_header(rows[k], (rows[k - 1] if k else None, rows[k + 1] if k + 1 < len(rows) else None))


def _list_column(text: str) -> str | None:
    hit = LIST_COLUMNS.match(text, whole=True)
    return hit.field if hit else None


def _fill_units(chunks: list[Chunk]) -> None:
    """A table without a unit line takes the unit most of the document's tables print."""
    units = [c.unit for c in chunks if c.unit]
    if not units:
        return
    common = max(set(units), key=units.count)
    for chunk in chunks:
        if chunk.unit is None and chunk.kind is not TableKind.narrative:
            chunk.unit, chunk.unit_inferred = common, True


def _trim_end(text: str, end: int) -> int:
    """`end` moved back over the whitespace before it: len(text[:end].rstrip()) without
    copying the text up to `end` (a copy per table made big files quadratic)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _narrative(text: str, start: int, end: int) -> Chunk:
    end = _trim_end(text, end)
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
