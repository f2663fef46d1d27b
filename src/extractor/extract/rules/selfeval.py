"""Rule parser for self-evaluation tables (项目支出绩效自评表, 部门整体支出绩效自评表).

The standard form (domain.md): a header (项目名称, 主管部门, 实施单位), the funds
block (项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分,
rows 年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金; a 部门整体 form groups
them under headings, 按收入性质分 财政拨款 / 其他资金 and 按支出性质分 基本支出 / 项目支出,
the label then in the row's third cell), the annual goal
(年度总体目标 | 预期目标 | 实际完成情况), the indicators (一级 | 二级 | 三级 |
年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施) and the 总分 row
(总分 | 100 | score | 自评等级 | grade).

Labels and column headings are matched by vocabulary with OCR tolerance
(`vocabulary`). Numbers are placed under their column heading where the grid's
positions compare (tabbed, pipe, aligned text); in tesseract lines, by their
order, and flagged `column_inferred` when the count leaves a doubt. In OCR
lines a cell wrapped over two lines may print around its row (RapidOCR reads
the row's middle line first): its halves, the text-only lines just before and
after, are joined into the field left without its text, flagged; where the
lines cannot tell two columns apart (the goal's two texts wrapped line by line),
the field is flagged `unaligned`. Headings and their pieces are never values. A cell
that no field takes is listed in the table's warnings, never dropped.
"""

from __future__ import annotations

import re

from ...confidence import confidence
from ...grid import Cell, Layout, Row, blank_parted_rows, is_number, read_grid, rows_of
from ...lazyre import LazyPattern
from ...models import (
    EvaluatedFunds, EvaluatedIndicator, IndicatorValue, Reason, SelfEvaluation, SelfEvaluationTable, Span, Text,
    made_table,
)
from ...numbers import calendar_date, parse_indicator_value
from ...segment import Chunk
from ..common import strip_decoration, table_fields, unit_of
from .common import doubt, make_amount, make_text
from .indicators import level_of
from .projects import prose
from ...vocabulary import (
    EVALUATION_FUND_COLUMNS,
    EVALUATION_FUND_GROUPS,
    EVALUATION_FUND_ROWS,
    EVALUATION_GOAL_COLUMNS,
    EVALUATION_INDICATOR_COLUMNS,
    EVALUATION_LABELS,
    LEVEL2_PARENT,
    LEVELS,
    Vocabulary,
    fold,
    value_start,
)

# The form's order of the indicator columns.
_INDICATOR_ORDER = ("level1", "level2", "level3", "value", "actual", "points", "score", "deviation")
_FUND_ORDER = ["budget_initial", "budget_adjusted", "executed", "points", "execution_rate", "score"]
_GRADE = LazyPattern(r"^(优秀?|良好?|中|合格|差|不合格)$")
# A dash in a cell the form leaves without a value (`—`, read `一` by OCR): no value.
_DASH = LazyPattern(r"^[-—–/一]+$")


def parse_self_evaluation(text: str, chunk: Chunk) -> SelfEvaluationTable:
    """Read a self-evaluation table from its chunk (any layout)."""
    reader = _Reader(*_rows(text, chunk), unit_of(chunk))
    reader.read()
    return made_table(SelfEvaluationTable, **table_fields(chunk), evaluation=reader.ev)


def _rows(text: str, chunk: Chunk) -> tuple[list[Row], bool, bool]:
    """The rows as printed, cells whole (`126人` is a value, not a code and a
    label), whether cell positions compare across rows: they do for the
    index layouts and a PDF's ruled cells, not for tesseract's lines; and whether a row's cells stand in their
    columns' order with no position at all (one cell a line, `grid.blank_parted_rows`)."""
    if chunk.printed:
        return read_grid(text, chunk.header_end, chunk.end, chunk.layout, chunk.printed).rows, True, False
    if chunk.layout is Layout.spaced and (parted := blank_parted_rows(text, chunk.header_end, chunk.end)) is not None:
        return parted, False, True
    return list(rows_of(text, chunk.header_end, chunk.end, chunk.layout)), chunk.layout is not Layout.spaced, False


class _Reader:
    """One pass over the rows; `section` follows the labels (header, funds, goal, indicators, total)."""

    def __init__(self, rows: list[Row], positioned: bool, ordered: bool, unit: str):
        self.rows, self.positioned, self.ordered, self.unit = rows, positioned, ordered, unit
        self.ev = SelfEvaluation()
        self.section = "header"
        self.fund_cols: list[tuple[str, Cell]] = []
        self.wrapped = None  # a funds row label printed without its numbers: (hit, cell)
        # a funds row's numbers printed without a label its lines give: (the label's head, the numbers)
        self.unlabelled: tuple[list[Cell], list[Cell]] | None = None
        self.ind_cols: list[tuple[str, Cell]] = []
        self.goal_heads: list[Cell] = []
        self.goal_cells: dict[int, list[Cell]] = {0: [], 1: []}
        self.level1: Text | None = None
        self.level2: Text | None = None
        # A cell wrapped around its row (OCR reads the row's middle line first: `维修养护集中` /
        # `产出指标 数量指标 ≥45处 …` / `供水工程处数`): `loose`, the text-only row just before, and
        # `open`, the field read without its text in the row just before, waiting for the rest.
        self.loose: list[Cell] = []
        self.before: list[Cell] = []  # `loose` as the row before left it
        # a row read as an indicator with neither its name nor its scores (`维修任务完成 2023年11月`): perhaps
        # the head line of the next row, wrapped around it, its text then that row's name's head (the row is
        # kept, flagged: its values lie inside the joined name's span, where dropped they would go unseen);
        # `stub_above`: the row before was one
        self.stub = False
        self.stub_above = False
        self.open: tuple[object, str, Cell | None, Cell | None] | None = None  # (owner, field, head, a 二级's head)
        # a row whose only level name is a 二级 and which adds no indicator; `level2_above`: the row before was one
        self.level2_here = False
        self.level2_above = False
        # the row is (`header_here`), the row before was (`header_above`), the indicator header or a line of it
        self.header_here = False
        self.header_above = False
        # a goal line whose column its position does not tell (one cell spanning both headings' places)
        self.goal_unaligned = False

    def read(self) -> None:
        for row in self.rows:
            cells = [c for c in row.filled if not _DASH.match(c.compact)]
            if cells:
                self.header_above, self.header_here = self.header_here, False
                opened, self.before, self.loose = self.open, self.loose, []
                self.stub_above, self.stub = self.stub, False
                self.level2_above, self.level2_here = self.level2_here, False
                self._row(cells)
                if opened is not None and self.open is opened:
                    self._close(None)  # no rest on the next line: the head alone
        if self.open is not None:
            self._close(None)

    def _wrapped(self, cells: list[Cell]) -> None:
        """A text-only row: the rest of the field left open on the row before
        (its first cell that does not complete a level name), else the head of
        a text wrapped around the next row."""
        if self.open is not None:
            ends = [c for c in cells if c.text.endswith("标")]  # `标`, `意度指标`: a wrapped level name's end
            if ends:
                self._level_end(ends[0])
            rest = [c for c in cells if c not in ends]
            if rest:
                self._close(rest[0])
                return
        self.loose = cells

    def _level_end(self, end: Cell) -> None:
        """The end of a 二级 wrapped around the open row joined to its head (the 二级 read on the
        line above, or the first cell of that line when the vocabulary did not know it alone:
        `服务对象满` / … / `意度指标`), where the whole is a 二级 name; flagged `column_inferred`."""
        owner, _, _, head = self.open
        if self.level2 is not None and not self.level2.value.endswith("标"):
            head = _as_cell(self.level2)
        if head is None or level_of(head.text + end.text) != 2:
            return
        cell = Cell(head.text + end.text, head.start, end.end, head.x, end.x_end)
        self.level2 = make_text(cell, strip_decoration(cell.raw), [Reason.column_inferred])
        if isinstance(owner, EvaluatedIndicator):
            owner.level2 = self.level2

    def _close(self, tail: Cell | None) -> None:
        """The open field set from its head and `tail` joined, flagged `column_inferred`
        (which of the lines around the row is its text is read from their order)."""
        owner, field, head, _ = self.open
        self.open = None
        parts = [c for c in (head, tail) if c is not None]
        if parts:
            setattr(owner, field, make_text(_concat(parts), reasons=[Reason.column_inferred]))

    def _open(self, owner: object, field: str) -> None:
        """`owner.field` read without its text: its head is the text-only row just before, its rest the next."""
        if self.open is not None:
            self._close(None)
        level_head = self.before[0] if len(self.before) > 1 else None  # (`服务对象满  受益群众满意`)
        self.open = (owner, field, self.before[-1] if self.before else None, level_head)

    def _row(self, cells: list[Cell]) -> None:
        fund_heads = _columns(cells, EVALUATION_FUND_COLUMNS)
        if len(fund_heads) >= 3 and self.section in ("header", "funds"):
            self.section, self.fund_cols = "funds", fund_heads
            return
        ind_heads = _columns(cells, EVALUATION_INDICATOR_COLUMNS)
        if len(ind_heads) >= 3:
            self.section, self.ind_cols, self.header_here = "indicators", ind_heads, True
            return
        if (self.section == "goal" or self.section == "indicators" and self.header_above) and _header_pieces(cells):
            # the indicator header's wrapped lines (`二级  年度指  偏差原因及改进` / the header / `指标  标值  措施`):
            # headings, never a value; above the header, the goal's end
            self.section, self.header_here = "indicators", True
            return
        hit = EVALUATION_LABELS.match(cells[0].text)
        if hit is not None and hit.field in ("total", "grade"):
            self.section = "total"
            self._total(cells)
            return
        if hit is not None and hit.field == "goal":
            self.section = "goal"
            cells = _after(cells, hit)
        elif hit is not None and hit.field in ("funds", "indicators"):
            cells = _after(cells, hit)
        elif hit is not None and self.section == "header":
            self._header(cells)
            return
        elif self.section == "header":
            self._wrapped(cells)
            return
        if not cells:
            return
        if self.section == "funds":
            self._fund(cells)
        elif self.section == "goal":
            self._goal(cells)
        elif self.section == "indicators":
            self._indicator(cells)
        elif self.section == "total":
            self._total(cells)

    # -- header: label | value (| label | value)
    def _header(self, cells: list[Cell]) -> None:
        i = 0
        while i < len(cells):
            hit = EVALUATION_LABELS.match(cells[i].text)
            if hit is None or hit.field not in ("project_name", "project_code", "department", "implementing_unit"):
                i += 1
                continue
            value = _glued(cells[i], hit)
            if value is None and i + 1 < len(cells) and EVALUATION_LABELS.match(cells[i + 1].text) is None:
                value = cells[i + 1]
                i += 1
            if value is not None and getattr(self.ev, hit.field) is None:
                setattr(self.ev, hit.field, make_text(value))
            elif value is None and i + 1 == len(cells) and not self.positioned and getattr(self.ev, hit.field) is None:
                self._open(self.ev, hit.field)  # the value printed around the label's row
            i += 1

    # -- funds: row label, then the numbers under 年初预算数 … 得分
    def _fund(self, cells: list[Cell]) -> None:
        cells = _fund_label_first(cells)
        unlabelled, self.unlabelled = self.unlabelled, None
        if not cells:
            return
        numbered = any(is_number(c) for c in cells)
        if unlabelled is not None and not numbered and self._label_below(unlabelled, cells):
            return
        hit = EVALUATION_FUND_ROWS.match(cells[0].text)
        if hit is None and self.wrapped is not None and not is_number(cells[0]):
            # the rest of a label wrapped over two lines (`其中：当年财政` / `拨款 512.30 …`)
            (hit, head), self.wrapped = self.wrapped, None
            cells = [_join([head, cells[0]]), *cells[1:]]
        if hit is None:
            if numbered:
                self._label_around(cells)
            else:
                self.loose = cells  # perhaps the head of the next row's label
            return
        if not any(is_number(c) for c in cells[1:]):
            self.wrapped = (hit, cells[0])
            return
        self.wrapped = None
        self._fund_row(hit, cells[0], cells[1:], [])

    def _label_around(self, cells: list[Cell]) -> None:
        """A funds row whose numbers stand without their label (OCR lines: the label wrapped around its row,
        `其他` / `60.00 60.00 60.00 100.00%` / `资金`, or its head above, `其他` / `资金 60.00 …`): the label from
        the text-only line just above and the row's own text, else wait for the line below."""
        k = next(i for i, c in enumerate(cells) if is_number(c))
        own, numbers = cells[:k], cells[k:]
        if not (self.before and self._label_below((self.before, numbers), own)):
            self.unlabelled = ([*self.before, *own], numbers)

    def _label_below(self, unlabelled: tuple[list[Cell], list[Cell]], tail: list[Cell]) -> bool:
        """Whether the text-only line `tail` ends the label of the row read just above without one; if so, the
        row is read, flagged `column_inferred` (the label's lines are joined by their order)."""
        head, numbers = unlabelled
        label = _concat([*head, *tail])
        hit = EVALUATION_FUND_ROWS.match(label.text, whole=True)
        if hit is None:
            return False
        self._fund_row(hit, label, numbers, [Reason.column_inferred])
        return True

    def _fund_row(self, hit, label: Cell, cells: list[Cell], inferred: list[Reason]) -> None:
        """The funds row `label` (its role `hit`), its numbers among `cells` placed under their columns;
        `inferred`: the doubt of a label joined from lines around the row, on the label and every number."""
        repaired = {}
        for i, cell in enumerate(cells):
            glued = _RATE_GLUED.match(cell.raw)
            if glued and not is_number(cell):  # `92.50%6`: a rule or stain read after the %
                cells[i] = repaired[i] = _part(cell, glued["rate"])
        numbers = [c for c in cells if is_number(c)]
        placed = self._place(numbers, self.fund_cols, _FUND_ORDER)
        funds = EvaluatedFunds(name=make_text(label, reasons=inferred), role=hit.field)
        fixed = {id(c) for c in repaired.values()}
        for key, cell, reasons in placed:
            unit = self.unit if key in ("budget_initial", "budget_adjusted", "executed") else None
            reasons = reasons + [Reason.number_repaired] if id(cell) in fixed else reasons
            setattr(funds, key, make_amount(cell, unit, reasons + [r for r in inferred if r not in reasons]))
        self.ev.funds.append(funds)

    def _place(self, numbers: list[Cell], heads: list[tuple[str, Cell]], order: list[str]):
        """(column, cell, reasons) for each number: under the heading its position
        falls in where positions compare, else by order (flagged when some
        columns were left blank, so the order is a guess)."""
        columns = [k for k, _ in heads]
        if len(numbers) > len(columns) or _gapped(columns, order):  # headings lost to OCR: the form's columns
            columns = order
        if self.positioned and heads:
            placed = []
            for cell in numbers:
                key = _under(cell, heads)
                if key is None or any(k == key for k, _, _ in placed):
                    break
                placed.append((key, cell, []))
            else:
                return placed
        placed = []
        if "execution_rate" in columns:  # the one percentage of the row is the 执行率, wherever it stands
            rate = next((c for c in numbers if "%" in c.raw), None)
            if rate is not None:
                placed.append(("execution_rate", rate, []))
                columns = [k for k in columns if k != "execution_rate"]
                numbers = [c for c in numbers if c is not rate]
        # the usual blanks: 分值 / 得分 (and 执行率) printed on the 年度资金总额 row only
        expected = (len(columns), 3) if columns[:3] == _FUND_ORDER[:3] else (len(columns),)
        doubt = [] if len(numbers) in expected else [Reason.column_inferred]
        return placed + [(key, cell, list(doubt)) for key, cell in zip(columns, numbers)]

    # -- annual goal: 预期目标 | 实际完成情况, then the two texts (wrapped over lines)
    def _goal(self, cells: list[Cell]) -> None:
        heads = [c for c in cells if EVALUATION_GOAL_COLUMNS.match(c.text, whole=True)]
        if heads:
            # text before the headings (or beside them) is a garbled label, not the goal
            self.goal_heads = heads
            self.goal_cells = {0: [], 1: []}
            return
        # a piece of the label or of a heading wrapped over lines (`年度总体` / `预期目标 …` / `目标`): no text
        cells = [c for c in cells if not (EVALUATION_LABELS.fragment(c.text) or EVALUATION_GOAL_COLUMNS.fragment(c.text))]
        for i, cell in enumerate(cells):
            side = min(1, i) if not self.goal_heads or self.ordered else _nearest(cell, self.goal_heads)
            if len(cells) == 1 and not self.positioned and _spans_both(cell, self.goal_heads):
                # OCR lines: a line of one cell reaching under both headings, of either column (RapidOCR
                # interleaves the two columns' wrapped lines): read into the first, in doubt
                self.goal_unaligned = True
            self.goal_cells[side].append(cell)
        self.ev.annual_goal = _prose(self.goal_cells[0])
        self.ev.annual_outcome = _prose(self.goal_cells[1])
        for text in (self.ev.annual_goal, self.ev.annual_outcome):
            if text is not None and self.goal_unaligned:
                doubt(text, Reason.unaligned)

    # -- indicators
    def _indicator(self, cells: list[Cell]) -> None:
        """Level names by vocabulary; the other cells by their column where the
        positions make a plausible row (scores are numbers, each column once),
        else by content (`_by_content`)."""
        k = 0
        shifted = False  # a level name outside its column: the row slid, positions do not hold
        levels = []
        carried = self.level2 if self.level2_above and not self.positioned else None
        while k < len(cells) and level_of(cells[k].raw) in (1, 2):
            level = level_of(cells[k].raw)
            shifted |= self.positioned and _under(cells[k], self.ind_cols) != f"level{level}"
            self._level(cells[k], level)
            levels.append(level)
            k += 1
        if carried is not None and levels == [1]:
            # the 二级 printed on the line above its 一级's row (OCR lines: a wrapped cell's head above the row)
            self.level2 = make_text(_as_cell(carried), carried.value, [Reason.column_inferred])
        rest = cells[k:]
        self.level2_here = levels == [2]
        if not rest:
            if not self.positioned:
                # a line of level names only (`数量`, wrapped around its row): the text-only line above it
                # stays the one just above the next row (`家庭医生签约` / `数量` / `产出指标 服务重点人群 …`)
                self.loose = self.before
            return
        if self.positioned and self.ind_cols and not shifted:
            roles = [_under(c, self.ind_cols) for c in rest]
            if _plausible(roles, rest):
                for role, cell in zip(roles, rest):
                    if role in ("level1", "level2"):
                        self._level(cell, 1 if role == "level1" else 2)
                self._add({r: c for r, c in zip(roles, rest) if r not in ("level1", "level2")}, [])
                return
        found = _by_content(rest)
        if found is None:
            self._wrapped(rest)
            return
        piece = found[0].pop("level_piece", None)
        if piece is not None and 2 not in levels and level_of(piece.text) is None and not piece.text.endswith("标"):
            # a 二级 wrapped around the row, its head on the row's line (`满意`, `效益`; `指标`, a name's end, is
            # the 二级 above's): the row's 二级, the name the piece is of when it is of one only, else as printed;
            # in doubt
            self.level2 = make_text(piece, _level2_of(piece.text), [Reason.column_inferred])
        stub = self.ev.indicators[-1] if self.stub_above and self.ev.indicators else None
        if stub is not None and "value" not in found[0] and "level3" in found[0] and not stub.level3.value \
                and stub.value is None and stub.points is None and stub.actual is not None:
            # the value printed on the line above its row, read there as a row of its own (`≤18/10` /
            # `效益指标  效益  孕产妇死亡率  0  10  10`): this row's 年度指标值, flagged (`column_inferred`)
            self.ev.indicators.pop()
            found[0]["value"] = _as_cell(stub.actual)
        self._add(*found)
        if "level3" not in found[0] and Reason.missing_value in found[1] and not self.positioned:
            self.stub, self.loose = True, [c for c in rest if not _value_like(c)]

    def _level(self, cell: Cell, level: int) -> None:
        text = make_text(cell, strip_decoration(cell.raw))
        if level == 1:
            self.level1, self.level2 = text, None
        else:
            self.level2 = text

    def _add(self, by_role: dict[str, Cell], doubt: list[Reason]) -> None:
        level3 = by_role.get("level3")
        if level3 is None:
            first = min(by_role.values(), key=lambda c: c.start)
            # the 三级 text is lost (or is the level name): the row's values are kept, flagged
            name = Text(raw="", span=Span(start=first.start, end=first.start), value="",
                        reasons=[Reason.missing_value], confidence=confidence([Reason.missing_value]))
        else:
            reasons = [r for r in doubt if r is not Reason.missing_value]
            if (self.before or self.stub_above) and not self.positioned and Reason.column_inferred not in reasons:
                # a text-only line just above, left unread: perhaps this name's head (tesseract prints a wrapped
                # cell's first line above its row, `维修养护集中` / `产出指标 数量指标 供水工程处数 …`), perhaps a
                # wrapped 偏差原因; which, the order of the lines does not tell: the name is in doubt
                reasons.append(Reason.column_inferred)
            name = make_text(level3, reasons=reasons)
        value_cell = by_role.get("value")
        ind = EvaluatedIndicator(
            level1=self.level1, level2=self.level2, level3=name,
            value=_value(value_cell, doubt) if value_cell else None,
            actual=_actual(by_role["actual"], doubt) if "actual" in by_role else None,
            points=make_amount(by_role["points"], None, doubt) if "points" in by_role else None,
            score=make_amount(by_role["score"], None, doubt) if "score" in by_role else None,
            deviation=make_text(by_role["deviation"]) if "deviation" in by_role else None,
        )
        self.ev.indicators.append(ind)
        self.level2_here = False
        if level3 is None and not self.positioned and Reason.missing_value not in doubt:
            self._open(ind, "level3")

    # -- 总分 | 100 | 92.5 | 自评等级 | 优
    def _total(self, cells: list[Cell]) -> None:
        for cell in cells:
            hit = EVALUATION_LABELS.match(cell.text)
            if hit is not None and hit.field in ("total", "grade"):
                rest = _glued(cell, hit)
                if rest is not None and hit.field == "grade":
                    self.ev.grade = make_text(rest)
                continue
            if is_number(cell) and self.ev.total_points is None:
                self.ev.total_points = make_amount(cell, None)
            elif is_number(cell) and self.ev.total_score is None:
                self.ev.total_score = make_amount(cell, None)
            elif _GRADE.match(cell.compact) and self.ev.grade is None:
                self.ev.grade = make_text(cell)


def _gapped(columns: list[str], order: list[str]) -> bool:
    """Whether the headings read are the form's, in its order, with one lost between two read (a heading
    wrapped around the header row, `全年预` / `… 年初预算数  全年执行数 …` / `算数`)."""
    if not columns or any(k not in order for k in columns):
        return False
    at = [order.index(k) for k in columns]
    return at == sorted(at) and at[-1] - at[0] + 1 > len(columns)


def _fund_label_first(cells: list[Cell]) -> list[Cell]:
    """A funds row from its label on: the group headings before it (`按收入性质分 | 财政拨款`, `按支出性质分 |
    基本支出`) are headings of the rows they group, no value; a row with only a group heading, empty."""
    for i, cell in enumerate(cells):
        hit = None if is_number(cell) else EVALUATION_FUND_GROUPS.match(cell.text)
        if hit is None:
            return cells[i:]
        rest = _glued(cell, hit)  # (`按收入性质分 财政拨款` in one cell: the label after the heading)
        if rest is not None:
            return [rest, *cells[i + 1 :]]
    return []


def _as_cell(text: Text) -> Cell:
    """A text read as the cell it was printed in (no position: asked only in OCR lines, where none compares)."""
    return Cell(text.raw, text.span.start, text.span.end, 0, 0)


def _level2_of(piece: str) -> str:
    """The 二级 name `piece` is a piece of when it is of one only (`满意`: 服务对象满意度指标), else the piece."""
    names = [name for name in LEVEL2_PARENT if fold(piece) in fold(name)]
    return names[0] if len(names) == 1 else strip_decoration(piece)


def _spans_both(cell: Cell, heads: list[Cell]) -> bool:
    """Whether the cell reaches from the first heading's place past the second's (two headings)."""
    return len(heads) > 1 and cell.x <= heads[0].x + 1 and cell.x_end > heads[1].x


def _header_pieces(cells: list[Cell]) -> bool:
    """Whether a line of two cells or more holds only the indicator header's headings or pieces of them
    (`二级  年度指  偏差原因及改进`, `指标  标值  措施`: a header wrapped over lines)."""
    return len(cells) >= 2 and all(
        EVALUATION_INDICATOR_COLUMNS.match(c.text, whole=True) is not None or EVALUATION_INDICATOR_COLUMNS.fragment(c.text)
        for c in cells)


def _nearest(cell: Cell, heads: list[Cell]) -> int:
    """0 or 1: the heading (预期目标, 实际完成情况) the cell stands under, by position."""
    return min(range(min(2, len(heads))), key=lambda i: abs(heads[i].x - cell.x))


def _prose(cells: list[Cell]) -> Text | None:
    """A text wrapped over lines, joined (Chinese needs no space between the lines)."""
    if not cells:
        return None
    if len(cells) == 1:
        return prose(cells[0])
    return prose(_concat(cells))


def _columns(cells: list[Cell], vocabulary: Vocabulary) -> list[tuple[str, Cell]]:
    """The headings of a header row, in order: (key, cell) for each cell that is one."""
    found = []
    for cell in cells:
        hit = vocabulary.match(cell.text, whole=True)
        if hit is not None and all(k != hit.field for k, _ in found):
            found.append((hit.field, cell))
    return found


def _under(cell: Cell, heads: list[tuple[str, Cell]]) -> str | None:
    """The heading whose span covers the cell's position."""
    for key, head in heads:
        if head.x <= cell.x < max(head.x_end, head.x + 1) or cell.x <= head.x < cell.x_end:
            return key
    return None


def _after(cells: list[Cell], hit) -> list[Cell]:
    glued = _glued(cells[0], hit)
    return ([glued] if glued is not None else []) + cells[1:]


def _glued(cell: Cell, hit) -> Cell | None:
    """The value printed in the label's own cell (`项目名称：社区矫正经费`), or None."""
    at = value_start(cell.raw, hit)
    rest = cell.raw[at:].strip()
    if not rest or re.fullmatch(r"[(（][^)）]{0,6}[)）]", rest):
        return None
    start = cell.start + cell.raw.index(rest, at)
    return Cell(rest, start, start + len(rest), cell.x, cell.x_end)


def _by_content(cells: list[Cell]) -> tuple[dict[str, Cell], list[Reason]] | None:
    """Roles of an indicator row's cells when positions do not compare: the
    two bare numbers standing together are 分值 and 得分; text after them is
    the 偏差原因; before them, from the right, 实际完成值, 年度指标值 and the
    三级指标. None for a row with neither scores nor a value (a wrapped line)."""
    pieces = 0
    while pieces < len(cells) - 1 and LEVELS.fragment(cells[pieces].text) and not _value_like(cells[pieces]):
        pieces += 1  # a piece of a level name wrapped around the row (`效益`, `满意`): not the 三级
    piece, cells = cells[:pieces], cells[pieces:]
    pair = next((i for i in range(len(cells) - 2, -1, -1) if _score_like(cells[i]) and _score_like(cells[i + 1])), None)
    if pair is None:
        if not any(_value_like(c) for c in cells):
            return None
        before, roles, doubt = cells, {}, [Reason.missing_value]  # 分值 / 得分 not read
    else:
        before, after = cells[:pair], cells[pair + 2 :]
        roles = {"points": cells[pair], "score": cells[pair + 1]}
        if after:
            roles["deviation"] = _join(after)
        doubt = [] if len(before) == 3 and not pieces else [Reason.column_inferred]  # (a piece: the row slid)
    if len(before) == 2:
        merged = _MERGED.match(before[0].raw)
        if merged:  # `社区矫正对象人数 >120人`: the 三级 and its value in one cell
            before = [_part(before[0], merged["level3"]), _part(before[0], merged["value"]), before[1]]
        elif pair is not None and not _value_like(before[0]) and _value_like(before[1]):
            # a scored row's text beside a figure: the 三级 and its 实际完成值, the 年度指标值 lost (a 定性 value,
            # a word, has a word beside it)
            before = [before[0], None, before[1]]
    roles.update((k, c) for k, c in zip(("actual", "value"), reversed(before[-2:] if len(before) >= 2 else before))
                 if c is not None)
    if len(before) >= 3:
        roles["level3"] = _join(before[:-2])
    if piece:
        roles["level_piece"] = _concat(piece)
    return roles, doubt


_RATE_GLUED = LazyPattern(r"^\s*(?P<rate>\d+(?:\.\d+)?\s*%)\s*[^\s\d.%]?\d?\s*$")
# A 三级 text and its value in one cell, split where an operator follows a space.
_MERGED = LazyPattern(r"^\s*(?P<level3>\S.*?)\s+(?P<value>[≥≤<>=＝》《]\s*\S.*)$")
# A value cell that holds no more than a unit: its number was lost.
_BARE_UNIT = LazyPattern(r"^[人件次个元万天月年%]+$")


def _value_like(cell: Cell) -> bool:
    parsed = parse_indicator_value(cell.raw)
    # (a time limit, `2025年12月底前`, reads as text but stands where a value does)
    return parsed.operator is not None or parsed.number is not None or calendar_date(cell.raw)


def _part(cell: Cell, part: str) -> Cell:
    at = cell.raw.index(part)
    return Cell(part, cell.start + at, cell.start + at + len(part), cell.x, cell.x_end)


def _plausible(roles: list[str | None], cells: list[Cell]) -> bool:
    """Column roles a row's cells can have: each column once, in the header's
    order, a 三级指标, and numbers under 分值 and 得分."""
    if None in roles or len(set(roles)) < len(roles) or "level3" not in roles:
        return False
    if [_INDICATOR_ORDER.index(r) for r in roles] != sorted(_INDICATOR_ORDER.index(r) for r in roles):
        return False
    return all(is_number(c) for r, c in zip(roles, cells) if r in ("points", "score"))


def _score_like(cell: Cell) -> bool:
    """A bare number (分值, 得分): no operator, no unit."""
    return is_number(cell) and "%" not in cell.raw


def _concat(cells: list[Cell]) -> Cell:
    """A text wrapped over lines as one cell (Chinese needs no space between the lines)."""
    return Cell("".join(c.text for c in cells), cells[0].start, cells[-1].end, cells[0].x, cells[-1].x_end)


def _join(cells: list[Cell]) -> Cell:
    if len(cells) == 1:
        return cells[0]
    return Cell(" ".join(c.text for c in cells), cells[0].start, cells[-1].end, cells[0].x, cells[-1].x_end)


def _actual(cell: Cell, reasons: list[Reason]) -> Text:
    return make_text(cell, reasons=list(reasons) + ([Reason.illegible] if _BARE_UNIT.match(cell.compact) else []))


def _value(cell: Cell, reasons: list[Reason]) -> IndicatorValue:
    parsed = parse_indicator_value(cell.raw)
    reasons = list(reasons) + ([Reason.number_repaired] if parsed.repaired else [])
    if parsed.ambiguous:
        reasons.append(Reason.number_ambiguous)  # a guessed reading (`2,8505`; `过80%`: a glyph where the operator stands)
    if _BARE_UNIT.match(cell.compact):
        reasons.append(Reason.illegible)
    return IndicatorValue(
        raw=cell.text, span=Span(start=cell.start, end=cell.end), operator=parsed.operator, number=parsed.number,
        number_high=parsed.number_high, unit=parsed.unit, text=parsed.text, confidence=confidence(reasons),
        reasons=reasons,
    )
