"""Rule parser for department overall performance tables (部门整体支出绩效目标表).

The form's sections (部门名称, 财政供养人员数量, 年度预算收入 / 年度预算支出 or
年度预算申请, 部门职责, 年度主要任务, 年度绩效目标, 年度绩效指标) are found by their labels
in the first cell of a row, matched against `DEPARTMENT_SECTIONS` with OCR tolerance,
whether printed in one cell, glued to their value (`部门名称中宁县司法局`) or
stacked down several lines (`部门` / `名称` / `及代码`). Rows under a section
belong to it until the next label. The indicator tree under them is read by
`indicators`.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ...account import is_prose
from ...confidence import confidence
from ...grid import CJK, Cell, Layout, Row, blank_parted_rows, cjk_count, is_number, read_grid, rows_of, single_spaced, word_rows
from ...lazyre import LazyPattern
from ...numbers import YEAR, calendar_date
from ...models import DepartmentPerformance, DepartmentTable, FundItem, KeyTask, Reason, Side, Span, Text, made_table
from ...segment import Chunk
from ..common import table_fields, unit_of
from .common import NOT_WORD, make_amount, make_deadline, make_text
from .indicators import FULL_SHARE, read_tree, tree_start
from .projects import prose
from ...vocabulary import (DEPARTMENT_BUDGET_ITEMS, DEPARTMENT_BUDGET_SPLIT, DEPARTMENT_REQUEST_COLUMNS,
                           DEPARTMENT_REQUEST_ITEMS, DEPARTMENT_SECTIONS, DEPARTMENT_TASK_COLUMNS, Label, fold, is_heading,
                           stacked, value_start)

# A stacked label's parts are short: a word or two per line.
_PART = LazyPattern(r"^[\u4e00-\u9fff()（）]{1,5}$")
# Marks a ruling leaves at a cell's edge in OCR (`收入“`, `支出“|`): no part of its words.
_RULE_MARKS = LazyPattern(r"^[“”\"'‘’|｜]+|[“”\"'‘’|｜]+$")
_PROSE_SECTIONS = ("duties", "goal")
_BUDGET_SECTIONS = ("income", "expenditure")
# The sections a form prints above its budget.
_HEAD_SECTIONS = ("name", "staff", "subunits")
# Sections whose value is a cell or two: a paragraph under them is the text of a stacked prose label below.
_FIELD_SECTIONS = (*_HEAD_SECTIONS, *_BUDGET_SECTIONS, "budget")
_STACK = 5  # lines a stacked label may take


def parse_department_table(text: str, chunk: Chunk) -> DepartmentTable:
    """Read a department performance table from its chunk (any layout); text
    cells no field takes are reported by the account of the table's text (`account.unread_text`)."""
    spaced = chunk.layout is Layout.spaced
    words = spaced and single_spaced(text, chunk.header_end, chunk.end)
    if spaced:
        rows = read_grid(text, chunk.header_end, chunk.end, chunk.layout).rows
        if words:  # (a line whose cells single spaces join: its cells, word by word)
            rows = word_rows(rows)
    else:
        rows = rows_of(text, chunk.header_end, chunk.end, chunk.layout)
    unit = unit_of(chunk)
    dept = DepartmentPerformance()
    tree_at = tree_start(rows)
    tree = rows[tree_at:] if tree_at is not None else []
    if spaced and not words and (parted := blank_parted_rows(
            text, chunk.header_end, tree[0].start if tree else chunk.end)) is not None:
        # one cell a line, rows parted by blank lines: the form's head a run of lines a row (a funds row's label
        # and amount, a task's name, content and amount together); the tree is read as it is
        rows = [*parted, *tree]
        tree_at = len(parted) if tree else None
    labels = _labels(rows[:tree_at])
    section: str | None = None
    prose_cells: dict[str, list[Cell]] = {}
    pending: list[Cell] = []  # prose above a stacked label (the text is centred on it)
    task_columns: list[str] = []  # the columns the 年度主要任务 header names, in its order
    stacked_heads: list[str] = []  # the headings of a header printed one cell a line, so far
    task_lines: list[list[Cell]] = []
    request_lines: list[list[Cell]] = []  # the lines of a 年度预算申请 section
    request_label: Cell | None = None  # its label's cell (the name of a total printed beside it)
    guessed: set[str] = set()  # prose sections that took the text above their label: a guess
    for r, row in enumerate(rows[:tree_at]):
        cells = row.filled
        if not cells:
            continue
        if r not in labels and len(heads := _task_heads(cells)) >= 2:
            # the 年度主要任务 header row by its column headings (重点工作 | 对应项目 | …), its label garbled
            section, task_columns, pending = "tasks", heads, []
            continue
        inferred = False
        if r in labels:
            section, cells = labels[r]
            if section == "budget" and request_label is None and DEPARTMENT_SECTIONS.match(row.filled[0].text, whole=True):
                request_label = row.filled[0]
            if section in _PROSE_SECTIONS and pending:
                prose_cells.setdefault(section, []).extend(pending)
                guessed.add(section)
            pending = []
        elif section in (None, *_HEAD_SECTIONS) and _request_start(cells):
            section, pending = "budget", []  # its label OCR lost: its total, or its headings, start it
        elif section in (None, *_HEAD_SECTIONS) and (side := _budget_side(cells)):
            # the budget's label OCR lost (`收入“` left of it, or nothing): the first row naming a side with
            # an amount (the side's total) starts it; what is pending above is no text of a section below
            section, inferred, pending = side, True, []
        elif section is None or section in _FIELD_SECTIONS and _is_prose(cells):
            pending.extend(cells)
            continue
        if not cells:
            continue
        if section == "name" and dept.department is None:
            if name := next((c for c in cells if cjk_count(c.text) >= 2), None):  # not a speck (`本`)
                dept.department = make_text(name)  # with its 【code】, as 项目 tables keep `223-…`
        elif section == "staff" and dept.staff_count is None and any(is_number(c) for c in cells):
            number = next(c for c in cells if is_number(c))
            dept.staff_count = make_amount(number, None)
        elif section in _PROSE_SECTIONS:
            prose_cells.setdefault(section, []).extend(cells)
        elif section in _BUDGET_SECTIONS:
            if section == "income" and _budget_side(cells, amount=False) == "expenditure":
                section, inferred = "expenditure", True  # the 年度预算支出 label OCR lost: the items name their side
            before = len(dept.funds)
            _fund_row(dept, Side.income if section == "income" else Side.expenditure, cells, unit)
            inferred = inferred and len(dept.funds) > before
            if inferred and dept.funds:
                dept.funds[-1].name.reasons.append(Reason.column_inferred)
                dept.funds[-1].name.confidence = confidence(dept.funds[-1].name.reasons)
        elif section == "budget":
            request_lines.append(cells)
        elif section == "tasks":
            heads = _task_heads(cells)
            if len(heads) == 1 and len(cells) == 1 and not task_lines:
                # a header printed one cell a line (a web table copied out cell by cell): its headings down the lines
                stacked_heads.append(heads[0])
                if len(stacked_heads) >= 2:
                    task_columns = list(dict.fromkeys(stacked_heads))
                continue
            if len(heads) >= 2:
                task_columns, stacked_heads = heads, []  # the section's own header row
                if not any(map(_valued, task_lines)):
                    task_lines = []  # its headings wrapped above it (`预算资` of 预算资金情况(万元)): no task's text
            elif not all(is_heading(c.text) or not task_lines and _label_piece(c) for c in cells):
                # (its unit under it, `(万元)`; the section label's piece stacked beside the header: `任务` of 年度主要 / 任务)
                task_lines.append(cells)
    _request_funds(dept, request_lines, unit, request_label)
    task_lines = _marks_back(task_lines)
    lone = _one_a_line(task_lines) if len(stacked_heads) >= 2 else None
    for cells, banded in (_header_rows(lone, task_columns) if lone is not None
                          else _task_bands(_months_apart(task_lines), "content" in task_columns)):
        _task_row(dept, cells, unit, task_columns, banded)
    # The form prints its indicators under the goal: with no indicator header found, the last text
    # section ran to the table's end and may hold the indicator rows, values and all (a psm-6 OCR
    # joined `…以前结余资金 | 0% …` into the goal): where it ends is a guess
    unended = section if tree_at is None and section in _PROSE_SECTIONS else None
    for section, cells in prose_cells.items():
        value = _joined(cells)
        if section in guessed or section == unended:
            # the text above a stacked label is taken as its first lines; sections whose labels
            # OCR lost (收入, 支出 …) may be among them: a reviewer confirms
            value.reasons.append(Reason.cell_shifted)
            value.confidence = confidence(value.reasons)
        setattr(dept, "duties" if section == "duties" else "annual_goal", value)
    if tree_at is not None:
        dept.indicators = read_tree(rows[tree_at:], chunk.layout)
    return made_table(DepartmentTable, **table_fields(chunk), department=dept)


def _task_heads(cells: list[Cell]) -> list[str]:
    """The key-task columns (task, project, content, amount, deadline) a row's cells name as headings, in
    their order on the row, each once."""
    return list(dict.fromkeys(hit.field for c in cells for hit in [DEPARTMENT_TASK_COLUMNS.match(c.text, whole=True)]
                              if hit))


def _labels(rows: list[Row]) -> dict[int, tuple[str, list[Cell]]]:
    """Row index → (section, the row's cells after its label) for every row that
    starts a section; the lines of a stacked label lose their label parts."""
    found: dict[int, tuple[str, list[Cell]]] = {}
    r = 0
    while r < len(rows):
        cells = rows[r].filled
        if not cells:
            r += 1
            continue
        hit = DEPARTMENT_SECTIONS.match(cells[0].text)
        if hit:
            found[r] = (hit.field, _after_label(cells, hit))
            r += 1
            continue
        run = _stacked_label(rows, r)
        if run is not None:
            key, n, value = run
            for k in range(r, r + n):
                if k == value:
                    found[k] = (key, rows[k].filled)
                    continue
                _, rest = _part(rows[k].filled[0])
                found[k] = (key, [*([rest] if rest is not None else []), *rows[k].filled[1:]])
            r += n
            continue
        r += 1
    return found


def _after_label(cells: list[Cell], hit: Label) -> list[Cell]:
    """The row's cells after a label found in its first cell; a value glued to the label becomes a cell of its own."""
    head = cells[0]
    at = value_start(head.raw, hit)
    rest = head.raw[at:].strip()
    if not rest or rest.startswith(("(", "（")) and len(rest) <= 6 or len(cells) > 1 and DEPARTMENT_SECTIONS.fragment(rest):
        return cells[1:]  # (the rest of a label worded longer than the vocabulary's: `部门职责` `职能概述`, its value beside)
    glued = Cell(rest, head.start + head.raw.index(rest, at), head.end, head.x, head.x_end)
    return [glued, *cells[1:]]


def _stacked_label(rows: list[Row], r: int) -> tuple[str, int, int | None] | None:
    """(section, lines, the line of its value or None) when short words starting rows r, r+1, … join into a
    section label; one line of its value may stand between two of its pieces (`部门(单` / `石屏县市场监督管理局` /
    `位）名称`: OCR read the value, centred on the label's lines, as a line of its own), where the pieces before it
    make no label by themselves."""
    parts: list[str] = []
    best = None
    value: int | None = None
    for k in range(r, min(r + _STACK + 1, len(rows))):
        cells = rows[k].filled
        part = _part(cells[0])[0] if cells else None
        if part is None:
            if value is not None or not parts or best is not None:
                break
            value = k  # (kept only where a piece after it completes the label)
            continue
        parts.append(part)
        hit = stacked(parts, DEPARTMENT_SECTIONS)
        if hit and (best is None or hit.score >= best[2]) and _starts(parts[0], hit):
            best = (hit.field, k - r + 1, hit.score, value)
    return (best[0], best[1], best[3]) if best else None


def _starts(part: str, label: Label) -> bool:
    """Whether a stacked label's first piece starts it (`年度` of 年度绩效目标; not `设`, a wrapped text's end above)."""
    head = fold(part)
    return any(fuzz.ratio(head, fold(v)[:len(head)]) > 50 for v in DEPARTMENT_SECTIONS.entries[label.field])


def _part(cell: Cell) -> tuple[str | None, Cell | None]:
    """A stacked label's piece a line starts with, and the rest of its first cell: the whole cell
    (`绩效`, `收入“` with the rule's mark OCR left on it), or its first word when tesseract glued
    the cell beside it by one space: prose (`绩效 作。 目标2: 承担…`) or the label's value
    (`位)名 朝阳县司法局`); (None, None) when the line starts with no such piece."""
    if _PART.match(piece := _RULE_MARKS.sub("", cell.compact)):
        return piece, None
    m = re.match(r"^\s*(\S{1,5})\s(?=\s*\S)", cell.raw)
    if m is None or not _PART.match(m[1]) or cjk_count(cell.raw[m.end():]) < 2:
        return None, None
    at = len(cell.raw) - len(cell.raw[m.end():].lstrip())
    return m[1], Cell(cell.raw[at:], cell.start + at, cell.end, cell.x + at, cell.x_end)


# A clause's end after a word, in either width (tesseract prints `,`).
_CLAUSE = LazyPattern(r"[\u4e00-\u9fff)）”\"]\s?[，,。；;！？!?]")


def _is_prose(cells: list[Cell]) -> bool:
    """A line of a paragraph: one cell of sentences."""
    return len(cells) == 1 and _sentences(cells[0])


def _sentences(cell: Cell) -> bool:
    """A cell of sentences: long, a clause ended in it (not a budget item's or a task's long name)."""
    return cjk_count(cell.text) >= 12 and bool(_CLAUSE.search(cell.text)) or is_prose(cell.text)


def _joined(cells: list[Cell]) -> Text:
    """One text from a section's cells in reading order (a paragraph wrapped over lines)."""
    if len(cells) == 1:
        return prose(cells[0])
    joined = Cell("".join(c.text for c in cells), cells[0].start, cells[-1].end)
    return prose(joined)


# A name wrapped onto its own line: a few characters, or the closing part of a bracket (`计)`).
_NAME_TAIL = LazyPattern(r"^[^\d\s]{1,2}$|^[^(（《〈]*[)）》〉]$")
# The numbering before an item (`1.`, `2 `, `一、`): kept with the name, never an amount.
_NUMBERING = LazyPattern(r"^([一二三四五六七八九十]{1,2}|\d{1,2})[、.．]?$")


# A name starting with one character a space apart, no numbering (`本 预算财政`): a speck of a rule or of a
# label that tesseract glued on, or the name's first character; its words are in doubt either way.
_GLUED_SPECK = LazyPattern(r"^\s*(?![一二三四五六七八九十])[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
# An item that begins with its numbering (`5.`, `二、`): a new item, never the rest of one above.
_NUMBERED = LazyPattern(r"^([一二三四五六七八九十]{1,2}|\d{1,2})(\s*[、.．,，]|\s)")
# How a budget item's name ends (收入, 支出, 上年结转, (第1至4项小计) …): one ending otherwise was cut by its wrap.
_ITEM_END = LazyPattern(r"(收入|支出|结转|结余|资金|拨款|合计|小计|经费|计[)）]|[)）])$")


def _cut(name: str) -> bool:
    """A budget item's name its cell wrapped: it does not end as item names end."""
    return not _ITEM_END.search("".join(name.split()))


def _budget_side(cells: list[Cell], amount: bool = True) -> str | None:
    """The budget side a row's item names ("income": 收入, "expenditure": 支出, never both; its first
    words, or the label piece beside it, else an item of `DEPARTMENT_BUDGET_ITEMS` its words start
    with), or None; with `amount`, only a row printing a number (a side's first row is its total)."""
    words = next((c.text for c in cells if CJK.search(c.text) and not _speck(c)), "")
    if amount and not any(is_number(c) for c in cells):
        return None
    if ("支出" in words) == ("收入" in words):
        # neither word printed whole: the item's own words (`一、基本文出` is 基本支出)
        hit = DEPARTMENT_BUDGET_ITEMS.match(_NUMBERED.sub("", words)) if "支出" not in words else None
        return hit.field if hit else None
    return "expenditure" if "支出" in words else "income"


def _speck(cell: Cell) -> bool:
    """A lone character that is no item's numbering (`剖`, `好`, with a mark the OCR put beside it: `剖!`; `(一)`,
    `二、` are numbering): a piece of a stacked label or a speck."""
    letters = NOT_WORD.sub("", cell.compact)
    return len(letters) == 1 and bool(CJK.match(letters)) and not _NUMBERING.match(letters)


def _label_piece(cell: Cell) -> bool:
    """A piece of a section label stacked beside the items (`收入“`, `预算`, `支出`): a fragment of a
    label's words, or its unit (`(万`, `元)`)."""
    words = _RULE_MARKS.sub("", cell.compact)
    return DEPARTMENT_SECTIONS.fragment(words) or bool(re.fullmatch(r"[(（]?万?元?[)）]?", words)) and words.strip("()（）") != ""


def _fund_row(dept: DepartmentPerformance, side: Side, cells: list[Cell], unit: str) -> None:
    """A budget item and its amount: the first number after the name (a number
    printed before it is the item's numbering). A line holding only the end
    of a wrapped name joins the item above."""
    previous = dept.funds[-1] if dept.funds and dept.funds[-1].side is side else None
    if len(cells) > 1 and _speck(cells[0]) and CJK.search(cells[1].text):
        cells = cells[1:]  # a piece of the side's label OCR made one character (`剖 | 年度部门预算支出… | 845.44`)
    if cells and _label_piece(cells[0]) and (len(cells) > 1 and CJK.search(cells[1].text)
                                             or len(cells) == 1 and (previous is None or not _cut(previous.name.value))):
        # a piece of the side's label stacked left of the items (`收入“ | 年度部门预算收入… | 845.44`), or on a line
        # of its own under a complete item: no item's words
        cells = cells[1:]
    at = next((i for i, c in enumerate(cells) if not is_number(c) and CJK.search(c.text)), None)
    if at is None:
        if len(cells) == 1 and _NUMBERING.match(cells[0].compact):
            # an item's numbering alone (`2.`), its name wrapped down a narrow cell on the lines under it
            doubt = [Reason.cell_shifted] if _out_of_turn(dept, side, cells[0]) else None
            dept.funds.append(FundItem(side=side, name=make_text(cells[0], reasons=doubt), amount=None))
        elif len(cells) == 1 and previous is not None and previous.amount is None and cjk_count(previous.name.value) >= 2:
            # the amount of an item wrapped over lines, centred on them: alone on a line of its own
            previous.amount = make_amount(cells[0], unit, [Reason.cell_shifted])
        return
    if at and all(_NUMBERING.match(c.compact) for c in cells[:at]):
        name = make_text(Cell(" ".join(c.text for c in cells[: at + 1]), cells[0].start, cells[at].end))
    else:
        name = make_text(cells[at], reasons=[Reason.ocr_doubt] if _GLUED_SPECK.match(cells[at].raw) else None)
    numbers = [c for c in cells[at + 1 :] if is_number(c)]
    if not numbers and previous is not None and previous.amount is None and _NAME_TAIL.match(name.value):
        previous.name = _joined_texts(previous.name, name)
        return
    if previous is not None and (previous.amount is None or not numbers) and not _NUMBERED.match(name.value) \
            and (_cut(previous.name.value) or previous.amount is None and name.value[:1] in "(（") \
            and (previous.amount is None or DEPARTMENT_REQUEST_ITEMS.match(name.value) is None):
        # the rest of a name wrapped over lines (`5. 事业发展类` / `项目支出  723.80`): the item's amount,
        # centred on its lines, stands on either; a line starting as an item does (`政府性基金预算财` / `政拨款 0.00`
        # under an item with its amount) is the next item's first, its amount on its last line
        previous.name = _joined_texts(previous.name, name)
        if previous.amount is None and numbers:
            previous.amount = make_amount(numbers[0], unit, [Reason.cell_shifted] if len(numbers) > 1 else [])
        return
    if cjk_count(name.value) < 2 and not numbers and not _NUMBERED.match(name.value):
        return  # a speck; a numbered item's first character (`2.事`, its name wrapped down a narrow cell) is not
    reasons = [Reason.cell_shifted] if len(numbers) > 1 else []  # which number is the item's is a guess
    # (an item whose words are in doubt: which item its amount is, is too)
    amount = make_amount(numbers[0], unit, reasons + name.reasons) if numbers else None
    dept.funds.append(FundItem(side=side, name=name, amount=amount))


# An item's number as its name starts with it (`3. 对个人和家庭的补助`, `2 商品和服务支出`).
_ITEM_NUMBER = LazyPattern(r"^\s*(\d{1,2})(?!\d)")


def _out_of_turn(dept: DepartmentPerformance, side: Side, cell: Cell) -> bool:
    """A figure alone without its mark (`40`) that is not the side's next item number (1, or one more
    than the last item's `3.`): as likely an amount whose row OCR lost (a section whose label it lost,
    read as budget items) as a numbering; a numbering with its mark (`2.`, `二、`) is one."""
    if not cell.compact.isdigit():
        return False
    numbers = [int(m[1]) for f in dept.funds if f.side is side and (m := _ITEM_NUMBER.match(f.name.value))]
    return int(cell.compact) not in (1, numbers[-1] + 1 if numbers else 1)


def _joined_texts(first: Text, second: Text) -> Text:
    span = Span(start=first.span.start, end=second.span.end) if first.span and second.span else first.span
    return first.model_copy(update={"value": first.value + second.value, "raw": first.raw + second.raw, "span": span})


# A 完成时限's pieces as a narrow cell wraps them: a year alone (`2021` / `年12` / `月`), never a task's budget (printed to
# the cent or with its unit), or a year and month glued to a misread 年 (`2022征12月`); a year as `numbers.YEAR` reads
# one (its digits misread as letters: `2O22`).
_DEADLINE = LazyPattern(rf"^{YEAR}(\s*(年|[\u4e00-\u9fff](?=\s*\d))(\s*\d{1,2}\s*月)?(底|前|末)?)?$")


def _deadline(cell: Cell) -> bool:
    """Whether a cell is a 完成时限: a whole date as `numbers.calendar_date` reads one (`2022年12月`, `2022年12月31日`,
    `2022年12月底前`, `2022.12.31`), or a piece of one (`_DEADLINE`)."""
    return bool(_DEADLINE.match(cell.compact)) or calendar_date(cell.compact, whole=True)


_YEAR = LazyPattern(rf"^{YEAR}$")
# The total line under the key tasks (`金额合计`, `合计`, `预算资金合计`): a few words, then 合计 / 总计.
_TASKS_TOTAL = LazyPattern(r"^\W*[\u4e00-\u9fff]{0,4}(合计|总计)\W*$")


def _task_row(dept: DepartmentPerformance, cells: list[Cell], unit: str, columns: list[str], banded: bool = False) -> None:
    """A key task: its texts, then amount and deadline. The first text is the task; the texts after it fill the
    header's text columns after the task's in their order (对应项目, or 主要内容 on 湖南's form), the 对应项目 where
    the header names neither. A row that lacks a cell its header names is read with doubt: which cell is lost is a
    guess; so is the amount of a row printing several numbers, and the texts of a row joined from the lines of a
    band (`banded`, `_task_bands`)."""
    numbers = [c for c in cells if is_number(c) and not _deadline(c)]
    # several numbers on the row (a numbering, OCR specks): money is printed to the cent, else the last is a guess
    amount = next((c for c in numbers if re.search(r"\d[.,]\d", c.raw)), numbers[-1] if numbers else None)
    deadline = next((c for c in cells if _deadline(c)), None)
    texts = [c for c in cells if c is not amount and c is not deadline and not is_number(c)]
    fields = ["task", *([f for f in columns if f in ("project", "content")] or ["project"])]
    # (a sentence is no task: the goal or duties under a label OCR lost; the account reports it. Under a header
    # naming the columns after the task's, 主要内容 or 对应项目, a row with its amount may print sentences there)
    worded = texts[:1] if amount is not None and set(fields[1:]) & set(columns) else texts
    if not texts or amount is None and deadline is None and len(texts) < 2 or any(_sentences(c) for c in worded):
        return
    if _TASKS_TOTAL.match(texts[0].compact):
        return  # the tasks' total line (金额合计: Σ their budgets), no task: the account reports its amount as unread
    reasons: list[Reason] = [Reason.cell_shifted] if banded else []
    if len(texts) == 1 and " " in texts[0].text.strip():
        # the task and the next column's text glued by a single space (tesseract): cut at the space
        texts, reasons = _split_once(texts[0]), [Reason.cell_shifted]
    read = dict(zip(fields, texts))  # (a text past the header's columns is no field's: the account reports it)
    filled = {*read, *(["amount"] if amount else []), *(["deadline"] if deadline else [])}
    doubt = [Reason.cell_shifted] if set(columns) - filled else []
    guessed = [Reason.column_inferred] if len(numbers) > 1 else []
    dept.key_tasks.append(
        KeyTask(
            **{f: make_text(c, reasons=reasons + doubt) for f, c in read.items()},
            amount=make_amount(amount, unit, doubt + guessed) if amount else None,
            deadline=make_deadline(deadline) if deadline else None,
        )
    )


_MONTH = LazyPattern(r"^(0?[1-9]|1[0-2])(月)?$")
# A date's year piece: its 年, alone or after the year (`年`, `2021年`), not a name ending in 年 (关爱青少年 | 8: an amount).
_YEAR_PIECE = LazyPattern(r"^(\d{2,4})?年$")


def _months_apart(lines: list[list[Cell]]) -> list[list[Cell]]:
    """The lines with a date wrapped down its narrow cell put back as one piece where the grid parted its year
    from its month (`年 | 12` of `2021` / `年12` / `月`): a month is no amount."""
    out = []
    for cells in lines:
        joined: list[Cell] = []
        for cell in cells:
            if joined and _YEAR_PIECE.match(joined[-1].compact) and _MONTH.match(cell.compact):
                joined[-1] = _joined_cell([joined[-1], cell])
            else:
                joined.append(cell)
        out.append(joined)
    return out


def _task_bands(lines: list[list[Cell]], content: bool = False) -> list[tuple[list[Cell], bool]]:
    """The key-task rows of the 年度主要任务 lines: a row whose 对应项目 (or 重点工作) wraps comes out of
    OCR as a band, the lines holding only pieces of its text cells around the line with its amount
    and deadline (centred on the band). Each such line joins the row above while that row's last
    piece is a full line (its wrap goes on), else the row below; the lines left at the end join the
    last row. Each band is one row again: its task, its project joined from its pieces, amount and
    deadline. A row whose line holds one text beside pieces above it is that project's end, and a
    line after its wrap ended names its task. Returns each row's cells, and whether they were
    joined from a band (which line belongs to which row is a guess). A line of sentences is another section's
    text (a label OCR lost), unless the header names a 主要内容 column (`content`): the column that wraps.
    A band whose task is not on its value line has it from the first cells of its lines of pieces."""
    valued = [_valued(cells) for cells in lines]
    prose = [not content and any(_sentences(c) for c in cells) for cells in lines]
    if not any(valued):
        return [(cells, False) for cells in lines]
    texts = [[c for c in cells if _piece(c)] or _wrap_end(cells) for cells in lines]
    full = max((len(t[-1].compact) for t in texts if t), default=0)
    # the wrapped column's width, from the lines of pieces alone (a task beside them on a value line is wider)
    width = max((len(t[-1].compact) for t, v, p in zip(texts, valued, prose) if t and not v and not p), default=full)
    bands: list[tuple[list[list[Cell]], int, list[list[Cell]]]] = []  # (top lines, value line, bottom lines)
    pending: list[list[Cell]] = []
    for k, cells in enumerate(lines):
        if not valued[k]:
            if texts[k] and not prose[k]:
                pending.append(texts[k])
            continue
        _join_above(bands, pending, texts, full, width, content=content)
        bands.append((pending, k, []))
        pending = []
    _join_above(bands, pending, texts, full, width, rest=True, content=content)
    out = []
    for top, k, bottom in bands:
        if not top and not bottom:
            out.append((lines[k], False))
            continue
        own = texts[k]
        task = _task_of((top, k, bottom), texts, width, content)
        project = [*(t[-1] for t in top), *(own[-1:] if len(own) >= 2 or top and task is None else [])]
        for t in bottom:
            if task is None and _ended_at(project, full):
                task = t[0]  # the task's cell, centred, read on a line of its own after the project's end
            else:
                project.append(t[-1])
        task_pieces = [t[0] for t in [*top, *bottom] if len(t) >= 2]
        named = [task, *task_pieces] if task is not None else task_pieces
        cells = [_joined_cell(named)] if named else []
        if project:
            cells.append(_joined_cell(project))
        # the line's amount and deadline; its specks (`IN`, `、`) are no cell of the row
        out.append(([*cells, *(c for c in lines[k] if is_number(c) or _deadline(c))], True))
    return out


def _marks_back(lines: list[list[Cell]]) -> list[list[Cell]]:
    """The lines with each cell of marks alone the grid cut off the cell it was printed against (`处置` | `。`) joined
    back to it: a sentence's end, no speck."""
    out = []
    for cells in lines:
        joined: list[Cell] = []
        for cell in cells:
            if joined and cell.start == joined[-1].end and not NOT_WORD.sub("", cell.compact):
                joined[-1] = _joined_cell([joined[-1], cell])
            else:
                joined.append(cell)
        out.append(joined)
    return out


_TEXT_COLUMNS = ("task", "project", "content")


def _one_a_line(lines: list[list[Cell]]) -> list[Cell] | None:
    """The cells of key-task lines printing one cell a line (a web table copied out cell by cell, its header so
    too), in order; None where a line holds two cells (rows printed as rows, or a cell wrapped beside another)."""
    if any(len(cells) != 1 for cells in lines):
        return None
    return [cells[0] for cells in lines]


def _header_rows(cells: list[Cell], columns: list[str]) -> list[tuple[list[Cell], bool]]:
    """The key-task rows of cells printed one a line, rows not parted: a row is the cells up to the one of its
    header's last column (an amount, a deadline: the cells of that kind close it), or as many cells as the header
    names (a text column last); an empty cell is printed as no line, so the kind, not the count, parts the rows
    where it can. Cells after the last row closed make a row of their own (its account). Returns each row's
    cells, and whether it holds more texts than the header has text columns (a cell wrapped over lines read as
    cells of their own, OCR's: which texts are whose is a guess)."""
    last = columns[-1] if columns else None
    closes = {"amount": lambda c: is_number(c) and not _deadline(c), "deadline": _deadline}.get(last)
    rows: list[list[Cell]] = [[]]
    for cell in cells:
        rows[-1].append(cell)
        closed = closes(cell) if closes is not None else len(rows[-1]) == len(columns)
        if closed:
            rows.append([])
    texts = sum(f in _TEXT_COLUMNS for f in columns)
    return [(row, sum(not is_number(c) and not _deadline(c) for c in row) > texts) for row in rows if row]


def _valued(cells: list[Cell]) -> bool:
    """A key-task line holding an amount or a deadline: a row's own line (a year alone is a deadline's piece
    wrapped off it, no line of its own)."""
    return any((is_number(c) or _deadline(c)) and not _YEAR.match(c.compact) for c in cells)


def _join_above(bands: list[tuple[list[list[Cell]], int, list[list[Cell]]]], pending: list[list[Cell]],
                texts: list[list[Cell]], full: int, width: int, rest: bool = False, content: bool = False) -> None:
    """Move the lines of pieces under the last band into it (from the front of `pending`): a line of one
    character, always (a wrap's last line, never a cell's first); while the band's task stands alone on its
    value line with the project wrapped round it, as many lines as stand over it (the band is centred); else one
    line while the band's
    project goes on (its last piece a full line), or with `rest` every line while it does, and then one
    line more when the band has no task yet (its cell read on a line of its own under the band). The lines
    left under the last band are no task's (the next section's headings wrapped above it)."""
    while bands and pending:
        top, k, bottom = bands[-1]
        if len(pending[0]) == 1 and _one_character(pending[0][0]):
            bands[-1][2].append(pending.pop(0))
        elif len(bottom) < len(top) and len(texts[k]) == 1 and _task_of(bands[-1], texts, width, content) is not None:
            # the task alone on the value line, the project wrapped round it: as many lines under it as over it
            bands[-1][2].append(pending.pop(0))
        elif not _ended_at(_last_piece(bands[-1], texts), full):
            bands[-1][2].append(pending.pop(0))
            if not rest:
                return
        else:
            if rest and not _task_of(bands[-1], texts, width, content):
                bands[-1][2].append(pending.pop(0))
            return


def _task_of(band: tuple[list[list[Cell]], int, list[list[Cell]]], texts: list[list[Cell]], width: int,
             content: bool = False) -> Cell | None:
    """A band's task cell on its value line: the first of two texts there, or its only one when no line
    of pieces is above it or it is wider than the wrapped column's full lines (`width`), or as wide with no
    piece of the task over it (else that one is the project's last piece: a full line is none, and a middle one
    would stand beside the task, centred, or under it, printed at its cell's top: `法律援助  法律援助` over it).
    Where the wrapped column is the 主要内容 (`content`: sentences), a text ending no clause is the task."""
    top, k, _ = band
    own = texts[k]
    if not own:
        return None
    size = len(own[0].compact)
    wide = size > width or size == width and all(len(t) < 2 for t in top)
    named = content and not _sentences(own[0]) and not _CLAUSE.search(own[0].text)
    return own[0] if len(own) >= 2 or not top or wide or named else None


# The pieces of a 完成时限 wrapped down its narrow cell (`年12` / `月`): no text of a task.
_DATE_PIECE = LazyPattern(r"^(年|月|日)?\d{0,2}(年|月|日|底|末)?$")


def _wrap_end(cells: list[Cell]) -> list[Cell]:
    """The one-character last line of a wrapped cell (`设` of 社区矫正信息化建 / 设), alone on its line
    but for a deadline's piece and a mark the grid cut off it (`里` / `。`): [that cell], else []."""
    words = [c for c in cells if not is_number(c) and not _DATE_PIECE.match(c.compact) and NOT_WORD.sub("", c.compact)]
    return words if len(words) == 1 and _one_character(words[0]) else []


def _one_character(cell: Cell) -> bool:
    """A cell of one Chinese character, with any marks beside it (`里。`)."""
    return bool(CJK.fullmatch(NOT_WORD.sub("", cell.compact)))


def _piece(cell: Cell) -> bool:
    """A cell of text (two Chinese characters or more), not an amount or a date."""
    return not is_number(cell) and not _deadline(cell) and cjk_count(cell.text) >= 2


def _last_piece(band: tuple[list[list[Cell]], int, list[list[Cell]]], texts: list[list[Cell]]) -> list[Cell]:
    """The last text piece a band holds so far (its bottom line's, else its value line's), or []."""
    _, k, bottom = band
    return (bottom[-1] if bottom else texts[k])[-1:]


def _ended_at(pieces: list[Cell], full: int) -> bool:
    """Whether a wrapped cell's pieces end in a line shorter than a full one: its wrap is over."""
    return bool(pieces) and len(pieces[-1].compact) < FULL_SHARE * full


def _joined_cell(cells: list[Cell]) -> Cell:
    """One cell from the pieces of a wrapped one, in reading order."""
    if len(cells) == 1:
        return cells[0]
    return Cell("".join(c.raw for c in cells), cells[0].start, cells[-1].end, cells[0].x)


def _split_once(cell: Cell) -> list[Cell]:
    raw = cell.raw
    lead = len(raw) - len(raw.lstrip())
    cut = raw.index(" ", lead)
    tail = len(raw) - len(raw[cut:].lstrip())
    return [Cell(raw[lead:cut], cell.start + lead, cell.start + cut, cell.x),
            Cell(raw[tail:].rstrip(), cell.start + tail, cell.end, cell.x)]


def _request_funds(dept: DepartmentPerformance, lines: list[list[Cell]], unit: str, label: Cell | None = None) -> None:
    """The 年度预算申请 section (湖南 部门整体支出绩效目标表): its 资金总额, then the items of two columns headed
    按收入性质分 | 按支出性质分 (or 收入项目 | 金额 | 支出项目 | 金额: `_request_heads`), a row holding an item of each
    or of one. Each item takes the number after it, on its line or alone on the line under it (a web page
    printing one cell a line). The total is both sides' first item, as each side of the other forms starts with
    its total (`check.department` adds each side up to it). An item's side is its words'
    (`DEPARTMENT_REQUEST_ITEMS`), else its place on a row of two, else the heading nearest its cell or the item's
    above, with doubt (`column_inferred`). A number before any name (`年度预算申请 | 1,268.40`, no 资金总额 printed)
    is the total, named by the section's `label` cell, only when each side's items add up to it; else it stays
    unread (the account reports it)."""
    heads: dict[Side, int] = {}
    total: tuple[Cell, list[Cell]] | None = None  # (name, its numbers)
    items: list[tuple[tuple[Cell, list[Cell]], Side | None, bool]] = []  # (entry, side, a guess)
    last = None  # the entry named last: a number alone on the line under it is its amount
    unnamed: Cell | None = None  # a number before any name: the total, if the items add up to it
    for cells in lines:
        if (found := _request_heads(cells)) is not None:
            heads.update(found)
            continue
        row: list[tuple[Cell, list[Cell]]] = []
        for cell in cells:
            if is_number(cell):
                owner = row[-1] if row else last
                if owner is not None and not owner[1]:
                    owner[1].append(cell)  # (a second number after a name: the account reports it)
                elif owner is None and total is None and unnamed is None:
                    unnamed = cell
            elif cjk_count(cell.text) >= 2:
                last = (cell, [])
                hit = DEPARTMENT_REQUEST_ITEMS.match(cell.text, whole=True)
                if total is None and not items and not row and hit is not None and hit.field == "total":
                    total = last
                else:
                    row.append(last)
        items.extend((entry, *_request_side(entry[0], k, len(row), heads)) for k, entry in enumerate(row))
    sided: list[tuple[Side, Cell, list[Cell], bool]] = []
    previous = Side.income
    for (name, numbers), side, guess in items:
        side = previous = side or previous
        sided.append((side, name, numbers, guess))
    if total is None and unnamed is not None and label is not None and _adds_up(unnamed, sided, unit):
        total = (label, [unnamed])
    if total is not None:
        name, numbers = total
        for side in Side:
            dept.funds.append(FundItem(side=side, name=make_text(name),
                                       amount=make_amount(numbers[0], unit) if numbers else None))
    for side, name, numbers, guess in sided:
        doubt = [Reason.column_inferred] if guess else None
        dept.funds.append(FundItem(side=side, name=make_text(name, reasons=doubt),
                                   amount=make_amount(numbers[0], unit) if numbers else None))


def _adds_up(total: Cell, sided: list[tuple[Side, Cell, list[Cell], bool]], unit: str) -> bool:
    """Whether each side's items, all with an amount and no side guessed, add up to `total` (to its printed
    decimals)."""
    amount = make_amount(total, unit)
    if amount is None or any(guess or not numbers for _, _, numbers, guess in sided):
        return False
    sums = {side: 0.0 for side in Side}
    for side, _, numbers, _ in sided:
        if (part := make_amount(numbers[0], unit)) is None:
            return False
        sums[side] += part.value
    half = 0.5 * 10 ** -(amount.decimals or 0)
    return all(abs(sums[side] - amount.value) <= half and any(s is side for s, *_ in sided) for side in Side)


def _request_heads(cells: list[Cell]) -> dict[Side, int] | None:
    """The side → column of each heading naming a side on a 年度预算申请 heading row, or None for no heading row:
    one printing the split (按收入性质分 | 按支出性质分, `DEPARTMENT_BUDGET_SPLIT`), or whose cells are all column
    names (`收入项目 | 金额 | 支出项目 | 金额`, `DEPARTMENT_REQUEST_COLUMNS`: no amount, no item's name)."""
    found = {Side(hit.field): c.x for c in cells if (hit := DEPARTMENT_BUDGET_SPLIT.match(c.text, whole=True))}
    if found:
        return found
    for cell in cells:
        if (hit := DEPARTMENT_REQUEST_COLUMNS.match(cell.text, whole=True)) is None:
            return None
        if hit.field != "amount":
            found.setdefault(Side(hit.field), cell.x)
    return found


def _request_start(cells: list[Cell]) -> bool:
    """A row that starts a 年度预算申请 section: its total with an amount (`资金总额 | 842.60`), or its
    headings naming a side (`按收入性质分 | 按支出性质分`, `收入项目 | 金额 | 支出项目 | 金额`)."""
    if _request_heads(cells):
        return True
    hit = DEPARTMENT_REQUEST_ITEMS.match(cells[0].text, whole=True)
    return hit is not None and hit.field == "total" and any(is_number(c) for c in cells[1:])


def _request_side(name: Cell, k: int, n: int, heads: dict[Side, int]) -> tuple[Side | None, bool]:
    """The side of a 年度预算申请 item, and whether it is a guess: its words', or its place on a row of two
    items (the headings' order, income first when they were not read); else the heading nearest its cell, a
    guess (a web page's rows keep no columns); else (None, True): the caller's guess."""
    hit = DEPARTMENT_REQUEST_ITEMS.match(name.text, whole=True)
    if hit is not None and hit.field != "total":
        return Side(hit.field), False
    if n == 2:
        order = sorted(Side, key=lambda s: heads.get(s, 0 if s is Side.income else 1))
        return order[k], False
    if len(heads) == 2 and len(set(heads.values())) == 2:
        return min(heads, key=lambda s: abs(heads[s] - name.x)), True
    return None, True

