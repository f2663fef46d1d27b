"""Account for every number printed in a table: a field's value, a known non-value, or unread;
and for every text cell of a performance table: a field's value, a label or heading of the form, or unread.

Whatever backend read a table (rules, LLM, hybrid) and however it was laid out,
every number-like token in the table's span must be one of:
- inside the span of one of the table's fields (an amount, a code, a name, a
  goal text, an indicator value: a number inside a name or a text is consumed);
- a known non-value (`NonValue`: a table number, a year, a date, a page number,
  the numbering of a label, a code, an identifier, a count, a 行次/栏次 number);
- or unread: it becomes an `Amount` in `table.unread` with reason `unread`,
  so that a reader's loss is flagged instead of silent.

A performance table's values are texts as much as numbers (names, goals,
三级指标): each of its text cells (two CJK characters or more, cut at column
gaps and rules) that no field's span touches and that is no label or heading
of the form (`vocabulary.is_heading`) becomes a `Text` in `table.unread_text`,
reason `unread`.

Numbers on prose lines (sentences: 情况说明 swallowed into a table, a note under
it) are no table's values; they and the numbers outside every table count
towards the document's own account (`account_document`).

Only the document model (field spans) and the source text are used, never the
readers' internals, so the account holds for any reader of any layout.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from enum import Enum
from functools import lru_cache
from itertools import accumulate
from typing import Collection, Iterable, Iterator

from .grid import BOOKMARK, DIGIT, cjk_count, line_spans, rows_of
from .lazyre import LazyPattern
from .models import Amount, DepartmentTable, LineTable, Located, NarrativeBlock, ProjectTable, Reason, SelfEvaluationTable, Span, TableBase, Text
from .numbers import COUNT_HEADER, ROW_NUMBER, ROW_NUMBER_HEADER, clean_text, parse_amount, parse_money, row_number_runs
from .vocabulary import HEADING_NUMBER, MONEY_UNIT_AFTER, PAGE_NUMBER_LINE, PROJECT_LABELS, is_heading
from .walk import iter_fields


class NonValue(str, Enum):
    """Numbers printed in and around budget tables that are no field's value (domain.md)."""

    table_number = "table_number"  # 表3, 表 1:, 表11-1, 附件2, 预算01-1表
    year = "year"  # 2021年, 2024年度, (2021), 2021-2023年, 1年 (项目期限), a year alone on its line
    date = "date"  # 3月底, 8月31日, 2021.10/8
    page = "page"  # - 3 -, 第 3 页, 共 5 页
    numbering = "numbering"  # 1. 2、 （1） 目标1: before a label, a title or a goal
    code = "code"  # 223-…, 05-行政政法股, 1-产出指标, 【010001】, 010 (a leading zero is never an amount),
    # and a subject or unit code the table read, printed whole or in pieces (201 | 03 | 01)
    identifier = "identifier"  # _Toc_4_4_0000000009, seal, phone and account numbers
    count = "count"  # 5辆, 3人次, 2批 beside money
    row_number = "row_number"  # the 栏次 line (1 2 3 …) of a 决算 table


_CJK = r"\u4e00-\u9fff"
_YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)"
# A year and month: 2023.07, 202001
_MONTH = r"(?<!\d)(?:19|20)\d{2} ?[./]? ?(?:0?[1-9]|1[0-2])(?![\d.])"
_TO = r"[-－—~～至]"
# Words of measure after a quantity: `10 万元`, `52件` are values, not numbering.
_MEASURES = "万元亿件个人次天家所项处场批辆台套户名份篇期"
# Where a cell starts: a line start, a tab, a table rule, a bookmark's end.
_CELL_START = r"(?:^|(?<=[\t|\]]))[ \t]*"

# A project's period: a duration of years or months (1年, 6个月).
_DURATION = r"\d{1,2} ?(?:年|个月)"

# The vocabulary of non-values, one pattern per shape. Each match is set aside
# before the numbers are read, so a pattern may cover text around its number.
# Inside a shape ` ?` is OCR's one space (`2021 年`, `表 3`): never a tab or a column gap.
_SHAPES: list[tuple[NonValue, str]] = [
    (NonValue.table_number, r"(?:附件|附表|表) ?\d+(?: ?[-－—] ?\d+)*"),  # 表3, 表 1:, 表11-1, 附件2
    (NonValue.table_number, r"\d+(?: ?[-－] ?\d+)* ?表"),  # 预算01-1表
    (NonValue.date, rf"{_YEAR} ?[./-] ?\d{{1,2}} ?[./-] ?\d{{1,2}}(?!\d)"),  # 2021.10/8, 2021-03-05
    (NonValue.date, rf"{_MONTH} ?{_TO} ?{_MONTH}"),  # 2023.07-2024.01, 202001-202012
    (NonValue.date, r"\d{1,2} ?月(?: ?\d{1,2} ?[日号])?|\d{1,2} ?日"),  # 3月底, 8月31日
    (NonValue.year, rf"{_YEAR} ?(?:{_TO} ?{_YEAR} ?)?年"),  # 2021年, 2024年度, 2021-2023年
    (NonValue.year, _DURATION),  # 1年, 6个月 (a project's period)
    (NonValue.year, rf"[(（] ?{_YEAR} ?[)）]|^[ \t]*{_YEAR}[ \t]*$"),  # (2021), a year alone on its line
    (NonValue.page, r"[第共] ?\d+ ?页|^[ \t]*[-—–] ?\d+ ?[-—–][ \t]*$"),  # 第 3 页, 共 5 页, - 3 -
    (NonValue.numbering, r"[(（] ?\d{1,2} ?[)）]|目标 ?\d{1,2}(?= ?[:：、])"),  # （1）, 目标1:
    # rows referred to by number: (第1至4项小计), (1至7项合计), 第3栏
    (NonValue.numbering, rf"(?:第 ?)?\d{{1,2}} ?{_TO} ?\d{{1,2}} ?[项栏行]|第 ?\d{{1,2}} ?[项条款栏行]"),
    # 1. 2、 at the start of a cell, before a label or a year (1. 2025年…表 in a contents list)
    (NonValue.numbering, rf"{_CELL_START}\d{{1,2}} ?[.、．，,](?= ?(?:[^\d\s]|{_YEAR} ?年))"),
    # 11 数量指标, 2效益指标: a level's numbering whose `-` or `、` OCR lost (not 10 万元, 52件)
    (NonValue.numbering, rf"{_CELL_START}\d{{1,2}} ?(?=[{_CJK}])(?! ?[{_MEASURES}])"),
    (NonValue.code, rf"\d+ ?[-－—] ?(?=[{_CJK}【])"),  # 223-吴忠…, 05-行政政法股, 1-产出指标
    (NonValue.code, r"【 ?[0-9A-Za-z]+ ?】|(?<![\d.,])0\d+(?![\d.,])"),  # 【010001】, 010, 03
    (NonValue.identifier, rf"{BOOKMARK}|[0-9A-Za-z_]*(?:_|[A-Za-z]{{2}})[0-9A-Za-z_]*"),  # _Toc_4_4_0000000009
    (NonValue.identifier, r"(?<![\d.,])\d{11,}(?![\d.,])"),  # seal, phone, account numbers
    (NonValue.row_number, r"^.*栏 ?次.*$"),  # the 栏次 line of a 决算 table: 栏次 1 2 3 …
]

# Counts printed beside money (车辆数, 批次, 人次): a number with a count's unit, or an
# integer under a count header. Only in money tables: in a performance table `10人次`
# is an indicator's value.
_COUNT = (NonValue.count, r"(?<![\d.,])\d+ ?(?:辆|人次|人|次|批次?|台|套|家|户|名|所)")
# Headers whose column holds counts or row numbers, never money, each with the characters one of which
# every heading it matches holds (`numbers.COUNT_HEADER`, `ROW_NUMBER_HEADER`): a span without them is not
# searched (`re` tries the pattern at each character of a table, ~25 ns each; `str.find` one is ~100x faster).
_COLUMN_HEADERS = [(NonValue.count, COUNT_HEADER, "数次"), (NonValue.row_number, ROW_NUMBER_HEADER, "次")]
_NON_DIGIT = LazyPattern(r"\D")  # (a code as its digits alone)
_INTEGER = LazyPattern(r"(?<![\d.,])\d+(?![\d.,%])")
_WIDE = LazyPattern(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")


# Where a shape (`_COUNT` too) can start: at a line's start, or on one of these characters. The one
# pattern first looks for one of them, so that `re` tries its many alternatives only there, not at
# every character of a line (a third of the instructions of a run's account, ~2 % of a run's).
SHAPE_FIRST = r"[\dA-Za-z_ \t(（第共目【\[附表]"


def _one_pattern(shapes: list[tuple[NonValue, str]]) -> tuple[LazyPattern, list[NonValue]]:
    """All shapes in one pattern (one pass over a line), group `g<i>` for shape i."""
    alternatives = "|".join(f"(?P<g{i}>{shape})" for i, (_, shape) in enumerate(shapes))
    return LazyPattern(f"(?={SHAPE_FIRST}|^)(?:{alternatives})", re.M), [k for k, _ in shapes]


NON_VALUES = _one_pattern(_SHAPES)
NON_VALUES_MONEY = _one_pattern(_SHAPES + [_COUNT])

# A subject code (whole, or in 类 | 款 | 项 pieces) or a 6-digit unit code that starts
# a line or a cell, followed by its name. It is a non-value only where the table read
# that code: a row whose code no field took has lost it, and its code is reported.
_PRINTED_CODE = LazyPattern(
    r"(?<![^\s|])(?P<code>[235]\d{2}(?:[ \t]*\|?[ \t]*\d{2}){0,2}|[235]\d{4}|[235]\d{6}|\d{6})"
    r"(?=[ \t|]+[^\d\s|.,%])", re.M)

# A number as OCR and text layers print one: `1,477.109400`, `197. 920000`,
# `1 696, 828`, `-48.85`, `22.20%`, `1;666;600.00`. Single spaces may sit inside
# (two columns are further apart); a token that is no one number is read piece by piece.
# (A minus, where no word, stop or comma stands before it, or a digit first: the pattern opens with a
# character class so that `re` skips to the next minus or digit instead of trying at every character,
# ~2.5x faster than the same pattern written `(?:(?<![\w.,])[-−])?\d+…`.)
_NUMBER = LazyPattern(r"[-−\d](?:(?<=[-−])(?<![\w.,][-−])\d+|(?<=\d)\d*)(?:(?: ?[.,;，] ?| )\d+)*(?: ?%)?")
# A clause ended by punctuation after a word (not `1，` numbering read by OCR).
_SENTENCE = LazyPattern(rf"[{_CJK}）)”\"]\s?[，。；！？]")
# A line with a clause and this many CJK characters is prose, as is one with two clauses.
_PROSE_CHARS = 20
_MONEY_AFTER = LazyPattern(r" ?万?元")
# A number in a cell of its own has whitespace or a rule (or the text's edge) on both sides.
_CELL_EDGE = " \t\r\n|"
UNREAD_FIELDS = ("unread", "unread_text")  # a table's own unread numbers and texts, which account for nothing
# Fewer numbers than this outside every table are not worth a finding.
MIN_OUTSIDE = 5


def account(text: str, table: TableBase) -> list[Amount]:
    """The numbers printed in `table`'s span that none of its fields took and that
    are no known non-value, as `Amount`s with reason `unread` (span, raw, parsed value),
    in text order. A narrative block has no values to account for: []."""
    return _account(text, table)[0]


def account_document(text: str, tables: list[TableBase]) -> list[tuple[Amount, bool]]:
    """Fill every table's `unread` (after any backend read the tables), and return the
    document's own unread numbers, each with whether it stands in a table row (a cell
    of its own on a line that is no prose: a table not found, not a sentence's number):
    outside every table's span (narrative blocks included), those in table rows and the
    budget-like ones (decimals, thousands separators, or 元/万元 after them); on a prose
    line inside a table (a note under it: `注：基本支出合计335.74万元`), the budget-like ones and
    the rates to the cent (`11.83%`). Those outside every table only when there are
    `MIN_OUTSIDE` or more in all; a table's notes always (a few figures restating the
    table's, or not: none is any field's value)."""
    notes = []
    for table in tables:
        read = None if isinstance(table, NarrativeBlock) else _read(text, table)
        table.unread, prose = _account(text, table, read)
        table.unread_text = unread_text(text, table, read)
        notes += [(_unread(text, s, e, table.unit), False) for s, e in prose if _noted(text, s, e)]
    found = []
    pos = 0
    own = sorted((t.span.start, t.span.end) for t in tables if not isinstance(t, NarrativeBlock))
    for start, end in own + [(len(text), len(text))]:
        for s, e, prose in free_numbers(text, pos, start, ()) if start > pos else ():
            in_row = not prose and text[s - 1 : s] in ("", *_CELL_EDGE) and text[e : e + 1] in ("", *_CELL_EDGE)
            if in_row or _budget_like(text, s, e):
                found.append((_unread(text, s, e, None), in_row))
        pos = max(pos, end)
    found = notes + found if len(notes) + len(found) >= MIN_OUTSIDE else notes
    found.sort(key=lambda number: number[0].span.start)
    return found


def unread_text(text: str, table: TableBase, read=None) -> list[Text]:
    """The text cells of a performance table's body that no field took and that are
    no label or heading of the form, as `Text`s with reason `unread`, in text order
    ([] for other tables). `read`: the table's `_read`, when the caller has it."""
    if not isinstance(table, (ProjectTable, DepartmentTable, SelfEvaluationTable)):
        return []
    spans, _, texts, fields = read or _read(text, table)
    values: set[str] | None = None  # the texts read, without whitespace: a text printed twice is read once
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # the furthest end up to each span: any span over a cell
    # texts joined over several lines (a wrapped goal, a name): a line inside their span that the
    # joined value does not hold was left out of it, not read
    joined = [t for t in texts if t.span is not None and text.find("\n", t.span.start, t.span.end) >= 0]
    if joined:
        # (a line inside a joined text may hold another field: a 三级 wrapped around its row's values)
        joined, located = _Holding(joined), _Holding(fields)
    out = []
    for row in rows_of(text, table.header_end, table.span.end):
        for cell in row.filled:
            i = bisect_right(starts, cell.end - 1) - 1
            if i >= 0 and reach[i] > cell.start and not (joined and _left_out(cell, joined, located)):
                continue  # a field's value, or part of one
            if not _may_be_value(cell.raw):
                continue
            if values is None:
                values = {"".join(t.value.split()) for t in texts}
            if _printed_value(cell) in values:
                continue
            out.append(Text(raw=cell.raw, span=Span(start=cell.start, end=cell.end), value=cell.text,
                            reasons=[Reason.unread]))
    return out


def _left_out(cell, joined: "_Holding", located: "_Holding") -> bool:
    """A cell inside the span of a text `joined` over lines that the joined value does
    not hold, and that no text over it holds (a level name with its annotation,
    `数量指标 (必填硬性指`, holds its value `数量指标`). `located`: the table's fields with a span (a text's
    value, another field's raw: `≥18公里` on the middle line of a 三级 wrapped around its row)."""
    if next(joined.over(cell.start, cell.end), None) is None:
        return False
    line = _letters(cell.text)
    over = (_letters(t.value if isinstance(t, Text) else t.raw) for t in located.over(cell.start, cell.end))
    return not any(line in value or value in line for value in over)


class _Holding:
    """Texts by span, for those whose span holds a cell: tried back from the last one starting at or
    before the cell while any text up to it reaches the cell's end (not every text for every cell:
    asked of each cell a field's span covers in a table with texts joined over lines)."""

    def __init__(self, texts: list[Text]):
        self.texts = sorted(texts, key=lambda t: t.span.start)
        self.starts = [t.span.start for t in self.texts]
        self.reach = list(accumulate((t.span.end for t in self.texts), max))  # the furthest end up to each text

    def over(self, start: int, end: int) -> Iterator[Text]:
        """The texts whose span holds text[start:end], the last starting first."""
        i = bisect_right(self.starts, start) - 1
        while i >= 0 and self.reach[i] >= end:
            if self.texts[i].span.end >= end:
                yield self.texts[i]
            i -= 1


_NOT_LETTER = LazyPattern(r"[\W_]")


@lru_cache(maxsize=16384)  # (asked of a table's every text for each cell inside a text joined over lines)
def _letters(text: str) -> str:
    """A text's letters and digits only (NFKC): how a joined value and a line of it compare."""
    return _NOT_LETTER.sub("", clean_text(text))


# A project's period alone in its cell (1年): a value of the form however short, and no number the
# number account reports (a duration is NonValue.year).
_PERIOD = LazyPattern(_DURATION)


@lru_cache(maxsize=16384)  # a form prints the same labels and headings in every table
def _may_be_value(raw: str) -> bool:
    """A cell's text may be a value: two CJK characters or more (or a period: 1年), no amount
    (an amount with its unit is the number account's), no label or heading of the form."""
    short = cjk_count(raw) < 2 and not _PERIOD.fullmatch(raw.strip())
    return not short and parse_money(raw, "万元") is None and not is_heading(raw)


def _printed_value(cell) -> str:
    """A cell's value as compared with the values read: the text after its label (`申报单位：朝阳县司法局`) or its
    numbering as a heading (`一、基本公共卫生服务项目` over the form of that project), no money unit printed after
    it on its line (`单位名称：某县水利局    单位：万元`), no spaces."""
    hit = PROJECT_LABELS.match(cell.raw)
    value = hit.rest if hit and hit.rest else HEADING_NUMBER.sub("", cell.text)
    return "".join(MONEY_UNIT_AFTER.sub("", value).split())


def _account(text: str, table: TableBase, read=None) -> tuple[list[Amount], list[tuple[int, int]]]:
    """A table's unread numbers, and the numbers on its prose lines (no table's values).
    `read`: the table's `_read`, when the caller has it."""
    if isinstance(table, NarrativeBlock):
        return [], []
    taken, codes, _, _ = read or _read(text, table)
    unread, prose = [], []
    for start, end, in_prose in free_numbers(
        text, table.span.start, table.span.end, taken, codes, money=isinstance(table, LineTable)
    ):
        if in_prose:
            prose.append((start, end))
        elif start < table.header_end and _on_page_number_line(text, start):
            continue  # the page's number printed under the title (`9`, `- 9 -`): no value of the table
        else:
            unread.append(_unread(text, start, end, table.unit))
    return unread, prose


def _on_page_number_line(text: str, at: int) -> bool:
    """Whether the number at offset `at` is alone on its line as a page's number (`PAGE_NUMBER_LINE`)."""
    line = text.rfind("\n", 0, at) + 1
    stop = text.find("\n", at)
    return bool(PAGE_NUMBER_LINE.match(text[line : len(text) if stop < 0 else stop]))


def non_values(
    text: str, start: int, end: int, codes: Collection[str] = (), money: bool = True
) -> list[tuple[int, int, NonValue]]:
    """The known non-values in text[start:end], as (start, end, kind), sorted. A printed
    code counts only when it is one of `codes` (the codes a table read); counts only
    in a `money` table (not a performance table, whose `10人次` is a value)."""
    return sorted(_shapes(text, start, end, codes, money) + _under_headers(text, start, end, money))


def free_numbers(
    text: str, start: int, end: int, taken: Iterable[tuple[int, int]], codes: Collection[str] = (), money: bool = True
) -> Iterator[tuple[int, int, bool]]:
    """Number tokens in text[start:end] outside the `taken` spans ((start, end) pairs) and the
    non-values (`codes`, `money`: see `non_values`), as (start, end, on a prose line)."""
    columns = _under_headers(text, start, end, money)
    taken = _merged(sorted(taken))
    starts, ends = [s for s, _ in taken], [e for _, e in taken]  # (bisected as ints: tuples compare slower)
    lines: dict[int, tuple[int, list[tuple[int, int]]]] = {}  # line start → its end, its non-values
    for m in _NUMBER.finditer(text, start, end):
        a, b = m.span()
        i = bisect_right(starts, a) - 1  # the last field starting at or before the token
        if i >= 0 and ends[i] >= b:
            continue  # a field's value, or inside one
        line = text.rfind("\n", 0, a) + 1
        if line not in lines:
            stop = text.find("\n", a)
            stop = len(text) if stop < 0 else stop
            masks = [(p, q) for p, q, _ in _shapes(text, line, stop, codes, money)]
            masks += [(p, q) for p, q, _ in columns if line <= p < stop]
            lines[line] = stop, sorted(masks)
        stop, masks = lines[line]
        # what fields and non-values leave of the token is read again (`1. 2025年`: nothing)
        for x, y in _uncovered(a, b, sorted(taken[max(i, 0) : bisect_right(taken, (b, b))] + masks)):
            for t in _tokens(text, x, y):
                yield *t, is_prose(_cell(text, line, stop, *t))


def _cell(text: str, line: int, stop: int, at: int, to: int) -> str:
    """The cell of a tab- or `|`-separated line around the token text[at:to]; the whole line when it has no
    such rule (a space-aligned row, a paragraph wrapped by a text layer), but for an amount (`_budget_like`)
    standing alone between runs of two spaces or more: a space-aligned row's cell, no sentence's number (a
    task's budget beside its content, `森林防火  开展…，…  120.00`)."""
    row = text[line:stop]
    if "\t" not in row and "|" not in row:
        alone = _SPACED.match(text, to) and (at == line or text[at - 2 : at] == "  ") and _budget_like(text, at, to)
        return text[at:to] if alone else row
    left = max(row.rfind("\t", 0, at - line), row.rfind("|", 0, at - line)) + 1
    ends = [e for e in (row.find("\t", at - line), row.find("|", at - line)) if e >= 0]
    return row[left : min(ends, default=len(row))]


# The end of a space-aligned row's cell: two spaces or more, or the line's end (a CRLF text's too).
_SPACED = LazyPattern(r" {2,}| ?\r?(\n|$)")


def is_prose(line: str) -> bool:
    """A line of sentences, not a table row: clauses ended by punctuation after a word
    (two, or one in a line of `_PROSE_CHARS` CJK characters, as a text layer wraps
    a paragraph), or a line ending in 。."""
    clauses = len(_SENTENCE.findall(line))
    return clauses >= 2 or clauses == 1 and cjk_count(line) >= _PROSE_CHARS or line.rstrip().endswith("。")


def _shapes(text: str, start: int, end: int, codes: Collection[str], money: bool) -> list[tuple[int, int, NonValue]]:
    pattern, kinds = NON_VALUES_MONEY if money else NON_VALUES
    found = [
        (m.start(), m.end(), kinds[int(m.lastgroup[1:])])
        for m in pattern.finditer(text, start, end)
        if DIGIT.search(m.group())
    ]
    if codes:
        found += [
            (m.start("code"), m.end("code"), NonValue.code)
            for m in _PRINTED_CODE.finditer(text, start, end)
            if _NON_DIGIT.sub("", m["code"]) in codes
        ]
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with the overlapping ones joined (a name inside a goal's span)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _uncovered(start: int, end: int, masks: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The parts of [start, end) outside the `masks` (sorted by start)."""
    for s, e in masks:
        if e <= start or s >= end:
            continue
        if s > start:
            yield start, s
        start = max(start, e)
    if start < end:
        yield start, end


def _under_headers(text: str, start: int, end: int, money: bool) -> list[tuple[int, int, NonValue]]:
    """Integers in the column of a count header (in a `money` table) or of 行次 on a line
    below it: the same cell of a tab- or `|`-separated line, or the same display
    columns of a space-aligned one."""
    headers = [(kind, p) for kind, p, held in _COLUMN_HEADERS if (money or kind is not NonValue.count)
               and any(text.find(ch, start, end) >= 0 for ch in held) and p.search(text, start, end)]
    columns: list[tuple[NonValue, tuple]] = []
    found = []
    pos = start
    while headers and pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        line = text[pos:stop]
        heads = [(kind, m) for kind, pattern in headers for m in pattern.finditer(line)]
        if columns and not heads:
            for m in _INTEGER.finditer(line):
                here = _column(line, m.start(), m.end())
                kind = next((k for k, col in columns if _overlap(col, here)), None)
                if kind is not None:
                    found.append((pos + m.start(), pos + m.end(), kind))
        columns += [(kind, _column(line, *_heading_cell(line, m.start(), m.end()))) for kind, m in heads]
        pos = stop + 1
    if not money:
        return found
    seen = {a for a, _, _ in found}
    return found + [n for n in _running_row_numbers(text, start, end) if n[0] not in seen]


# An integer standing alone in its cell (between spaces, tabs, rules or the line's ends): a 行次 number may be one.
_STANDING_INTEGER = LazyPattern(rf"(?<![^\s|｜]){ROW_NUMBER.pattern}(?![^\s|｜])")


def _running_row_numbers(text: str, start: int, end: int) -> list[tuple[int, int, NonValue]]:
    """The 行次 numbers of a money table found by their arithmetic (`numbers.row_number_runs`: integers
    running on by one down its lines, a run within its cell where the lines are delimited), for the numbers
    `_under_headers` does not see under their heading (cells joined by a fixed gap, OCR, a heading lost, a
    cell left empty): what its reader leaves of them is no value. The readers take them by the same rule
    (`columns.row_numbers`), so a whole amount beside them is a value to both."""
    ends: dict[int, int] = {}
    rows = []
    for s, e in line_spans(text, start, end):
        line = text[s:e]
        delimited = "\t" in line or "|" in line
        integers = list(_STANDING_INTEGER.finditer(text, s, e))
        ends.update(m.span() for m in integers)
        rows.append([(int(m.group()), m.start(), _delimited_cell(line, m.start() - s) if delimited else None)
                     for m in integers])
    if len(ends) < 2:
        return []
    headed = text.find("次", start, end) >= 0 and ROW_NUMBER_HEADER.search(text, start, end) is not None
    return [(a, ends[a], NonValue.row_number) for a in sorted(row_number_runs(rows, headed))]


_DELIMITER = LazyPattern(r"\t|\||｜")


def _delimited_cell(line: str, start: int) -> tuple[int, int]:
    """The cell of a delimited line that line[start] stands in, as a (start, end) span of cell indices: every
    delimiter counts (an empty cell keeps its place, as `read_grid` keeps it)."""
    cell = len(_DELIMITER.findall(line, 0, start))
    return cell, cell + 1


def _heading_cell(line: str, start: int, end: int) -> tuple[int, int]:
    """The whole heading a header word stands in (车辆数 in `车辆数（辆）`): in a
    space-aligned line, up to the gaps of two spaces around it."""
    if "\t" in line or "|" in line:
        return start, end
    left = max((m.end() for m in _GAP.finditer(line, 0, start)), default=0)
    right = next((m.start() for m in _GAP.finditer(line, end)), len(line))
    return left, right


_GAP = LazyPattern(r"\s{2,}")


def _column(line: str, start: int, end: int) -> tuple[str, int, int]:
    """Where line[start:end] sits across the table: its cell in a delimited line,
    else its display columns (a CJK character is two wide)."""
    if "\t" in line or "|" in line:
        cell = len(re.findall(r"\t+|\|", line[:start]))
        return "cell", cell, cell + 1
    left = start + len(_WIDE.findall(line, 0, start))
    return "x", left, left + (end - start) + len(_WIDE.findall(line, start, end))


def _overlap(header: tuple[str, int, int], number: tuple[str, int, int]) -> bool:
    slack = 2 if header[0] == "x" else 0  # a number printed a little off its header's centre
    return header[0] == number[0] and number[1] < header[2] + slack and header[1] - slack < number[2]


def _read(text: str, table: TableBase) -> tuple[list[tuple[int, int]], set[str], list[Text], list[Located]]:
    """The spans of a table's fields (not of its unread numbers and texts) as sorted
    (start, end) pairs (`_held`), the codes it read, its texts, and its fields with a span."""
    spans, codes, texts, fields = [], set(), [], []
    for name, obj in iter_fields(table, skip=UNREAD_FIELDS):
        is_text = obj.__class__ is Text  # (Text has no subclass: a class test, not a pydantic isinstance)
        span = obj.span
        if span is not None:
            start, end = span.start, span.end
            if is_text and text.find("\n", start, end) >= 0:
                spans += _held(text, obj)
            else:  # (most fields: on one line, the whole span taken)
                spans.append((start, end))
            fields.append(obj)
        if is_text:
            texts.append(obj)
            if name.endswith("code"):
                codes.add(_NON_DIGIT.sub("", obj.value))
    spans.sort()
    return spans, codes, texts, fields


def _held(text: str, field: Text) -> list[tuple[int, int]]:
    """The spans a text joined over several lines takes (a row's name wrapped around its numbers:
    `机关事业单位基本养老保险` / `2080505  56.84  56.84` / `缴费支出`): its span without the numbers between
    its pieces that it does not print, which are another field's or unread. (A text on one line takes
    its whole span: `_read` takes it so.)"""
    start, end = field.span.start, field.span.end
    printed = "".join(field.raw.split())
    spans = []
    for m in _NUMBER.finditer(text, start, end):
        if "".join(m.group().split()) not in printed:
            spans.append((start, m.start()))
            start = m.end()
    return [(a, b) for a, b in [*spans, (start, end)] if b > a]


def _tokens(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for m in _NUMBER.finditer(text, start, end):
        if parse_amount(m.group()) is not None:
            yield m.start(), m.end()
            continue
        # Two numbers a single space apart (`2021 1477.10`), or code pieces (`201 03`).
        for piece in re.finditer(r"\S+", m.group()):
            if parse_amount(piece.group()) is not None:
                yield m.start() + piece.start(), m.start() + piece.end()


def _budget_like(text: str, start: int, end: int) -> bool:
    raw = text[start:end]
    if raw.endswith("%"):
        return False
    return bool(re.search(r"\d[.,;，]\s?\d", raw)) or bool(_MONEY_AFTER.match(text, end))


# A rate printed to the cent or finer (`-11.83%`): a table's figure restated, no sentence's round share.
_RATE = LazyPattern(r"\d[.,]\s?\d+ ?%")


def _noted(text: str, start: int, end: int) -> bool:
    """A number on a prose line inside a table (its note) worth reporting: budget-like or a rate to the cent."""
    return _budget_like(text, start, end) or bool(_RATE.search(text, start, end))


def _unread(text: str, start: int, end: int, unit: str | None) -> Amount:
    raw = text[start:end]
    parsed = parse_amount(raw, unit)
    return Amount(
        raw=raw,
        span=Span(start=start, end=end),
        value=parsed.value,
        decimals=parsed.decimals,
        alternatives=parsed.alternatives,
        reasons=[Reason.unread],
    )
