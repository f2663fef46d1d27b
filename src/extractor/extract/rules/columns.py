"""Which amount column each number of a table row stands in.

Two ways, by what the grid allows:
- aligned grids (tab, pipe and one-cell-per-line rows, PDF text layers): the
  numbers of the table stand in columns the whole table keeps; each column is
  named by the header words above it, leaf first (人员经费 under 基本支出 is
  personnel), and every number goes to the column it stands in;
- unaligned grids (tesseract lines, each with its own space width): the
  header's words in reading order name the columns; a header too garbled to
  name every column is completed from the template families whose arithmetic
  must hold (合计 = 基本 + 项目 …), and those columns are flagged; a row with
  fewer numbers than columns places each number by its gap to the one before,
  as a ratio within its own line, and the code hierarchy settles the rest.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import combinations, product
from math import prod
from typing import NamedTuple

from ...arithmetic import NOT_ADDITIVE, row_agreement, row_checks
from ...confidence import confidence
from ...grid import JOINER, Cell, Grid, Layout, column_spans, sub_cell
from ...lazyre import LazyPattern
from ...models import Amount, AmountCell, BudgetLine, ColumnKind, Reason, TableKind, amount_cell
from ...numbers import COUNT_HEADER, ROW_NUMBER, ROW_NUMBER_HEADER, parse_amount, row_number_runs
from ...vocabulary import column_kind, column_reading
from .common import doubt, make_amount

C = ColumnKind
# A 决算 function table of the year's funds (上年结转 | 本年收入 | 本年支出 小计 基本 项目 | 年末结转).
_YEAR_FUNDS = [C.opening_balance, C.current_income, C.total, C.basic, C.project, C.closing_balance]
# Column families of the template tables; the first column is the row total,
# the others add up to it.
FAMILIES: list[list[ColumnKind]] = [
    [C.total, C.basic, C.project],
    [C.total, C.personnel, C.public_operating],
    [C.total, C.personnel, C.public_operating, C.project],
    [C.total, C.general_budget, C.fund_budget, C.other_soe],
    [C.total, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income],
    # a function table beside last year's (上年预算数 | 本年 总计 基本支出 项目支出 | 增减额 增减%)
    [C.prior_year, C.total, C.basic, C.project, C.change_amount, C.change_pct],
    _YEAR_FUNDS,
    # a budget's sources of income with 上年结转 among them (arithmetic.PARTS); after the 决算 family, which a
    # header naming only 合计 and 上年结转 is read in
    [C.total, C.other_fiscal, C.other_business, C.other_operating, C.other_other_income, C.opening_balance],
]
# Header words that span other columns, never a column of their own.
_SPANNING = LazyPattern(r"(支出|收入)预算$|预算支出$|预算基本支出$|^本年(收入|支出)$|预算数$|决算数$")
# A summary's side headings: the group over each side's columns, never a column's meaning.
SIDE_HEADING = LazyPattern(r"^(收入|支出|本年收入|本年支出|支出用途|财政拨款收入|财政拨款支出)$")
DASH_FOR_ONE = LazyPattern(r"^[-—_]")  # tesseract reads a leading 一 as a dash: `-般公共预算`


def own_total(kinds: list[ColumnKind], table: TableKind) -> list[ColumnKind]:
    """The column kinds of a table with its 基本支出 合计 named `total` where the whole table is basic
    expenditure (a 基本支出经济分类表, 人员经费 + 公用经费: domain.md), and no other column is its
    total: the 合计 under a 基本支出预算 heading is the table's total, as it is where no heading
    spans it. Other tables keep `basic` (a function table's 基本支出 beside its 项目支出)."""
    if table is not TableKind.basic_expenditure_by_economic or C.total in kinds or kinds.count(C.basic) != 1:
        return kinds
    return [C.total if k is C.basic else k for k in kinds]


@dataclass
class Column:
    """An amount column of an aligned grid: where its numbers stand, what it means."""

    x: int
    x_end: int
    kind: ColumnKind = C.unknown
    label: str = ""
    inferred: bool = False
    count: bool = False  # headed 车辆数, 人次, 行次 …: its numbers are no amounts
    guessed: bool = False  # its kind read from a heading only by guess (`vocabulary.column_reading`: `上年结`)


# ------------------------------------------------------------------ aligned grids


def number_columns(grid: Grid, rows: list[list[Cell]]) -> list[Column] | None:
    """The amount columns of an aligned grid from where the numbers of its data
    rows stand, left to right (one per cell index in the index layouts); None
    when two numbers of one row would share a column."""
    if grid.layout is not Layout.spaced:
        return [Column(x, x + 1) for x in sorted({c.x for cells in rows for c in cells})]
    spans = column_spans(rows)
    return None if spans is None else [Column(a, b) for a, b in spans]


def row_numbers(rows: list[list[Cell]], headed: bool, heads: list[tuple[int, int]] | None = None) -> set[int]:
    """The starts of the cells that number the rows (`numbers.row_number_runs`) among `rows`, each data row's
    numbers top to bottom. `heads`: in an aligned grid (its cells stand in columns: a run keeps to its column)
    the (x, x_end) its 行次/栏次 headings stand over (a run keeps to one of them where any is given); None where
    the text keeps no columns: there the 行次 number stands first after its label like an amount, and the other
    side's number of an item printed without a label joins this side's (`四、上级补助收入  4      35`): only
    their arithmetic tells them."""
    def column(c: Cell) -> tuple[int, int] | None:
        return None if heads is None else (c.x, c.x_end)
    return row_number_runs([[(int(c.compact), c.start, column(c)) for c in cells if ROW_NUMBER.fullmatch(c.compact)]
                            for cells in rows], headed, heads or ())


def column_at(columns: list[Column], cell: Cell) -> int:
    """Index of the column a number stands in (the one it overlaps, else the nearest)."""
    best, best_gap = 0, None
    for i, col in enumerate(columns):
        gap = max(col.x - cell.x_end, cell.x - col.x_end, 0) if col.x_end - col.x > 1 else abs(col.x - cell.x)
        if best_gap is None or gap < best_gap:
            best, best_gap = i, gap
    return best


def name_columns(
    columns: list[Column], header: list[list[Cell]], year: int | None, index_layout: bool, labels_end: int | None = None,
) -> None:
    """Label each column with the header words above it (top to bottom) and its
    kind from the lowest word that names one: 人员经费 under 基本支出 is
    personnel, 总计 under 2021年预算数 is total. Years and 增减 words of the
    whole label still make a prior-year or change column.

    In spaced text the header's leaf headings (a heading wrapped over lines
    joined: 事业单位 / 经营收入) are matched to the columns in order, each to
    the nearest it can take, so a blank column keeps its heading to itself;
    headings right of `labels_end` (where the rows' names end) are the amount
    columns', however far from their numbers.
    """
    words: dict[int, list[str]] = {i: [] for i in range(len(columns))}
    leaves = [] if index_layout else _amount_leaves(columns, header, labels_end)
    picks = match_leaves(columns, leaves) if leaves else None
    if picks is not None:
        for i, j in enumerate(picks):
            groups = [g for g in leaves[j].groups if not (len(columns) > 1 and _spans_all(g, columns))]
            words[i] = [g.compact for g in groups] + [leaves[j].name]
    else:
        for row in header:
            for i, cell in _headings(row, columns, index_layout):
                if not (len(columns) > 1 and _spans_all(cell, columns)):
                    words[i].append(cell.compact)
    for i, col in enumerate(columns):
        words[i] = [DASH_FOR_ONE.sub("一", w) for w in words[i]]
        col.label = " ".join(words[i])
        col.kind = _kind_of(words[i], year)
        readings = [column_reading(w, year) for w in (col.label, *words[i])]
        col.guessed = (col.kind, True) in readings and (col.kind, False) not in readings
        col.count = bool(words[i]) and bool(COUNT_HEADER.search(words[i][-1]) or ROW_NUMBER_HEADER.search(words[i][-1]))


def _amount_leaves(columns: list[Column], header: list[list[Cell]], labels_end: int | None) -> list[Leaf]:
    """Leaf headings over the amount columns (not over the code and name columns)."""
    leaves = header_leaves(header, _names_more)
    if labels_end is not None:
        return [leaf for leaf in leaves if (leaf.x + leaf.x_end) / 2 > labels_end]
    return [leaf for leaf in leaves if leaf.x_end > columns[0].x - _HEADING_REACH]


def _names_more(upper: str, lower: str) -> bool:
    """A heading wrapped over two lines: neither part names a column, the whole does (单位预留 / 机动经费 …);
    a lower line that names a column on its own is a heading under a group."""
    unknown = C.unknown
    return column_kind(upper, None) is unknown and column_kind(lower, None) is unknown and (
        column_kind(upper + lower, None) is not unknown)


def _spans_all(cell: Cell, columns: list[Column]) -> bool:
    """A heading over every amount column (一般公共预算支出 over 合计 基本支出 项目支出)
    names the table's scope, not a column: 合计 under it is the table's total,
    where 合计 under a heading of its own column (基本支出预算) is that heading's."""
    return cell.x <= columns[0].x and columns[-1].x_end <= cell.x_end


_HEADING_REACH = 6  # display columns between a heading and the column it names


def _headings(row: list[Cell], columns: list[Column], index_layout: bool) -> list[tuple[int, Cell]]:
    """(column, word) pairs of one header row, in reading order. A word names
    the column whose centre is nearest to its own (within reach), unless
    another word of the row is nearer to that column; a word that spans whole
    columns (一般公共预算基本支出 over 人员经费 and 公用经费) heads each of them."""
    if index_layout:  # a merged heading heads every column it covers
        return [(i, c) for c in row for i, col in enumerate(columns) if c.x <= col.x < c.x_end]
    centre = lambda a: (a.x + a.x_end) / 2  # noqa: E731
    nearest: dict[int, tuple[float, Cell]] = {}
    pairs = []
    for cell in row:
        covered = [i for i, col in enumerate(columns) if cell.x <= col.x and col.x_end <= cell.x_end]
        if covered:
            pairs += [(i, cell) for i in covered]
            continue
        dist, i = min((abs(centre(cell) - centre(col)), i) for i, col in enumerate(columns))
        col = columns[i]
        if max(col.x - cell.x_end, cell.x - col.x_end) <= _HEADING_REACH and dist < nearest.get(i, (float("inf"),))[0]:
            nearest[i] = (dist, cell)
    pairs += [(i, cell) for i, (_, cell) in nearest.items()]
    return sorted(pairs, key=lambda p: p[1].x)


# Groups whose 合计 is their own total: the uses of expenditure. A fund heading over
# 合计 (本年政府性基金预算支出) names the table's scope, and its 合计 is the total.
_USES = (C.basic, C.project, C.personnel, C.public_operating)


def _kind_of(words: list[str], year: int | None) -> ColumnKind:
    """The kind of a column from its header words, top to bottom: the lowest
    word that names a kind, except that a bare 合计 / 小计 under a group
    heading of a use is that group's total (合计 under 基本支出预算 is basic)."""
    whole = column_kind(" ".join(words), year)
    if whole in (C.prior_year, C.change_amount, C.change_pct):
        return whole
    kinds = [column_kind(w, year) for w in words]
    for i in range(len(kinds) - 1, -1, -1):
        if kinds[i] is C.unknown:
            continue
        if kinds[i] is C.total:
            group = next((k for k in reversed(kinds[:i]) if k not in (C.total, C.unknown)), None)
            return group if group in _USES else C.total
        return kinds[i]
    return C.unknown


# ------------------------------------------------------------------ unaligned grids


def named_columns(text: str, summary: bool = False, year: int | None = None) -> list[ColumnKind]:
    """Amount columns named by the header words of `text`, in reading order.

    In a summary table the side headings (本年收入, 财政拨款支出) are not
    columns, and 预算数 / 决算数 is the amount column of each side. With the
    table's year, an earlier year's 预算数 (2020年预算数 in a 2021 table) is
    the prior-year column.
    """
    kinds: list[ColumnKind] = []
    this_year = None  # where 2024年预算数 stands: the total, unless the line names one under it
    for word in header_words(text, year):
        if not word or summary and SIDE_HEADING.match(word):
            continue
        kind = column_kind(word, year)
        # 年初预算数, 调整预算数, 决算数 and an earlier year's 预算数 are columns; a bare
        # 预算数 or 2021年预算数 heads the columns under it
        if kind in (C.total, C.unknown) and _SPANNING.search(word) and not (summary and word in ("预算数", "决算数")):
            if this_year is None and kind is C.total and (year is not None and str(year) in word or word.startswith("本年")):
                this_year = len(kinds)
            continue
        if kind is not C.unknown and kind not in kinds and (kind is not C.prior_year or year is not None or "上年" in word):
            kinds.append(kind)
    if this_year is not None and C.total not in kinds:
        kinds.insert(this_year, C.total)  # 2023年预算数 2024年预算数 增减额 增减%: the year's is the total
    return kinds


_HEADER_SPLIT = LazyPattern(r"[\s|\[\]“”\"]+")


def header_words(text: str, year: int | None = None) -> list[str]:
    """The words of a header line, a heading's last character or two the OCR parted from it joined back where
    the whole reads better (`_reads_better`: `本年收 入` is 本年收入, `上年结 “| 转` 上年结转)."""
    words: list[str] = []
    for word in _HEADER_SPLIT.split(text):
        word = DASH_FOR_ONE.sub("一", word)
        if words and _WRAPPED_TAIL.match(word) and _reads_better(words[-1], word, year):
            words[-1] += word
        elif word:
            words.append(word)
    return words


def _reads_better(upper: str, tail: str, year: int | None = None) -> bool:
    """Whether `tail`, a character or two that names no column alone, continues the heading `upper`: the
    joined words name a column `upper` does not, or the same one surely where `upper` only by guess."""
    if column_kind(tail, year) is not C.unknown:
        return False
    (alone, guessed), (joined, joined_guessed) = column_reading(upper, year), column_reading(upper + tail, year)
    return joined is not C.unknown and (joined is not alone or guessed and not joined_guessed)


def guessed_columns(lines: list[str], year: int | None = None) -> set[ColumnKind]:
    """The column kinds header lines name only by guess (`vocabulary.column_reading`: `上年结` for 上年结转,
    `上年纺` for a prior year), no word naming them as printed."""
    readings = [column_reading(word, year) for line in unwrapped(lines) for word in header_words(line, year)]
    sure = {kind for kind, guessed in readings if not guessed}
    return {kind for kind, guessed in readings if guessed} - sure


def header_columns(lines: list[str], year: int | None = None) -> list[ColumnKind]:
    """Amount columns named by the header line that names the most of them; a
    prior-year column named on another line (2020年预算数 over a blank cell,
    beside the 2021年预算数 group) comes first, as the templates print it; the
    columns other lines name join where one template family holds them all."""
    best: list[ColumnKind] = []
    prior = False
    lines = unwrapped(lines)
    per_line = [without_spanning(named_columns(line, year=year)) for line in lines]
    for line, kinds in zip(lines, per_line):
        if not kinds and re.search(r"(?<!\d年)预算数|金额", line):
            kinds = [C.total]  # a table's one 预算数 / 金额 column
        prior = prior or C.prior_year in kinds
        if len(kinds) >= len(best):
            best = kinds if len(kinds) >= 2 or not best else best
    if prior and C.prior_year not in best:
        best = [C.prior_year, *best]
    # a header of two levels names its columns over two lines (上年结转 本年收入 本年支出 年末结转 / 小计 基本支出
    # 项目支出): the columns of the other lines join, in the order of the template family that holds them all
    named = set(best) | {k for kinds in per_line for k in kinds}
    family = next((f for f in FAMILIES if named <= set(f)), None)
    if family is not None:
        return _joined(best, named, family) if named != set(best) else best
    sure = named - guessed_columns(lines, year)
    if sure != named:
        # no family holds a kind read by guess (`上年纺` for 上年结转) beside those read as printed (年末结转): the
        # family that holds the printed ones and the most guessed ones; the other guessed ones' columns are inferred
        family = max((f for f in FAMILIES if sure <= set(f)), key=lambda f: len(named & set(f)), default=None)
        if family is not None:
            return [k for k in family if k in named]
    return best


def _joined(best: list[ColumnKind], named: set[ColumnKind], family: list[ColumnKind]) -> list[ColumnKind]:
    """The columns `named` in the order of the line that names the most (`best`), each other one after the
    column the template `family` puts before it: a heading wrapped over lines (事业单位经 / 营收入) joins
    where the template prints it, the printed line's own order kept (上年结转 before or after 其他收入)."""
    out = [k for k in best if k in named]
    for k in family:
        if k in named and k not in out:
            before = [c for c in family[: family.index(k)] if c in out]
            out.insert(out.index(before[-1]) + 1 if before else 0, k)
    return out


# A heading's last characters wrapped onto a line of their own: a CJK character or three (`转`, `入`, `营收入`).
_WRAPPED_TAIL = LazyPattern(r"^[\u4e00-\u9fff]{1,3}$")


def unwrapped(lines: list[str]) -> list[str]:
    """Header lines with the headings wrapped over two lines joined, where the text keeps no positions to
    stack them by (OCR lines joined by a fixed gap): a line's words continue one for one, in order, on a
    line one or two below it, each continuation a character or two that names nothing alone, and the
    joined words name a column their first parts do not (`上年结  本年收  本年支` / `项目  年末结转` /
    `转  入  出`: 上年结转 本年收入 本年支出, not the prior year's 上年结)."""
    words = [line.split() for line in lines]
    for i, upper in enumerate(words):
        for j in (i + 1, i + 2):
            lower = words[j] if j < len(words) else []
            if not upper or len(lower) != len(upper) or not all(
                    _WRAPPED_TAIL.match(w) and column_kind(w, None) is C.unknown for w in lower):
                continue
            if any(_reads_better(u, w) for u, w in zip(upper, lower)):
                words[i], words[j] = [u + w for u, w in zip(upper, lower)], []
                break
    return [" ".join(w) for w in words if w]


def without_spanning(kinds: list[ColumnKind]) -> list[ColumnKind]:
    """基本支出 printed above 人员经费 and 公用经费 is their heading, not a column."""
    if C.basic in kinds and (C.personnel in kinds or C.public_operating in kinds):
        return [k for k in kinds if k is not C.basic]
    return kinds


def _unplaced(kinds: list[ColumnKind]) -> list[ColumnKind]:
    """Columns without 上年结转, whose place among a budget's sources of income the templates differ on
    (合计 | 上年结转 | 财政拨款 …, or … 其他收入 | 上年结转)."""
    return [k for k in kinds if k is not C.opening_balance]


def complete_columns(found: list[ColumnKind], width: int, kind: TableKind) -> tuple[list[ColumnKind], set[ColumnKind]]:
    """The columns of a table in template order, and those inferred rather than read.

    `width` is the most numbers any row has. The header's words give the set
    of columns (a two-level header prints them out of order: 基本支出 over
    人员经费 and 公用经费, then 项目支出); the smallest template family that holds
    them and is wide enough gives their order and any column the header lost.
    A header that names a whole family takes the family's order (words read
    from two header lines are out of order); one outside the families that
    names as many columns as the widest row fills is taken as printed.
    """
    fits = [f for f in FAMILIES if set(found) <= set(f) and len(f) >= width]
    exact = [f for f in fits if set(f) == set(found)]
    if exact:
        if _unplaced(found) == _unplaced(exact[0]):
            return found, set()  # the template's order but for 上年结转, which templates place either end
        return exact[0], set()  # a template family, in the template's order
    if found and len(found) >= width:
        return found, set()  # the header names every column a row fills (决算: 年初预算数 调整预算数 决算数)
    if not fits and kind is TableKind.basic_expenditure_by_economic:
        fits = [FAMILIES[1]]
    if not fits:
        fits = [f for f in FAMILIES if len(f) >= width] or [_YEAR_FUNDS]
        found = []
    # (between families that fit as well, the one of the table's kind: sources of income in an income table only)
    family = min(fits, key=lambda f: (len(set(f) - set(found)), len(f),
                                      (C.other_fiscal in f) is not (kind is TableKind.income_by_source)))
    return family, set(family) - set(found)


@dataclass
class Placed:
    """The numbers of one row and where the row starts (its code or label); `lead`: where the cell before its
    first number (its label) ends, None where not given."""

    x0: int
    numbers: list[Cell]
    lead: int | None = None

    def gaps(self) -> list[float]:
        """Distances between the right edges of the numbers, in units of the
        distance from the row start to the first number: OCR gives every line its
        own space width, but a ratio within one line holds across lines."""
        unit = self.numbers[0].x_end - self.x0 if self.numbers else 0
        if unit <= 0:
            return []
        return [(b.x_end - a.x_end) / unit for a, b in zip(self.numbers, self.numbers[1:])]


class Step(NamedTuple):
    """How far apart the columns of an unaligned table stand, in units of `Placed.gaps`."""

    size: float | None  # the gap between adjacent columns
    guessed: bool  # no row fills every column: `size` is the smaller half of all gaps
    # where each column's right edge stands after the first's, measured on the rows that fill every
    # column: columns of different widths (a narrow 增减% beside a wide 增减额) stand unevenly apart
    offsets: tuple[float, ...] | None = None
    blind: bool = False  # the numbers' gaps say nothing of their columns (`joined_by_fixed_gap`, all one pitch)
    joiner: int | None = None  # the spaces a fixed gap puts between cells, empty ones kept (`joined_keeping_blanks`)
    heads: tuple[tuple[int, int], ...] | None = None  # a `blind` table's headings (`heading_spans`)
    spaced: tuple[int | None, ...] = ()  # the heading each number after the total stands under (`spaced_reading`)


# A gap this many times the smaller gaps of a table spans a blank column between two numbers (it rounds to two
# pitches in `place`).
_SKIP = 1.5


def pitch(rows: list[Placed], columns: int, heads: tuple[tuple[int, int], ...] | None = None) -> Step:
    """The gap between adjacent columns, and whether it is a guess.

    Measured over rows that fill every column; a table without one takes the
    smaller half of all gaps, which are between adjacent columns unless most
    rows skip one, where some gap spans a blank column (`_SKIP` pitches); where
    none does and every row prints as many numbers, the gaps say nothing
    (`blind`): each row's numbers stand under the header's headings `heads`
    (`heading_spans`, one per column) where those tell (`by_headings`), else
    take adjacent columns, a guess. A text joined by a fixed gap
    (`joined_by_fixed_gap`) keeps no positions, its header's neither.
    """
    joiner = joined_keeping_blanks(rows)
    if joiner is not None:
        return Step(None, False, joiner=joiner)
    if joined_by_fixed_gap(rows):
        return Step(None, True, blind=True)
    full = [row.gaps() for row in rows if len(row.numbers) == columns]
    full = [gaps for gaps in full if gaps]
    if full:
        offsets = tuple(statistics.median(sum(gaps[:i]) for gaps in full) for i in range(columns))
        return Step(statistics.median(g for gaps in full for g in gaps), False, offsets)
    gaps = sorted(g for row in rows for g in row.gaps())
    if not gaps:
        return Step(None, True)
    size = statistics.median(gaps[: max(1, (len(gaps) + 1) // 2)])
    # (the same few spaces between every two numbers side by side is one pitch too, whatever the gaps in units of
    # each row's start: rows' labels of other widths make those differ)
    one_space = len({b.x - a.x_end for row in rows for a, b in zip(row.numbers, row.numbers[1:])}) == 1
    if (gaps[-1] < _SKIP * size or one_space) and len({len(row.numbers) for row in rows if len(row.numbers) >= 2}) == 1:
        # every row prints as many numbers, one pitch apart: no row skips a column where another does not, nor
        # fills one more, so the gaps cannot tell adjacent columns (合计 | 基本支出) from a blank one between
        # (合计 | · | 项目支出)
        return Step(None, True, blind=True, heads=heads, spaced=spaced_reading(rows, heads) if heads else ())
    return Step(size, True)


# Pairs of numbers side by side, one in this many at most, a fixed-gap text may part by another gap (a box
# the OCR split or two it merged, a space more in one copied line): columns part nearly all at other gaps.
_ODD_GAP = 20


def joined_by_fixed_gap(rows: list[Placed]) -> bool:
    """Whether the numbers side by side in the table's rows stand the same few spaces apart (all pairs
    but one in `_ODD_GAP` at most): the line's cells joined by one fixed gap (text copied out of a PDF
    viewer, an OCR service that joins a line's boxes with two spaces), an empty cell leaving no room.
    Where the numbers stand then says nothing of their columns: in columns numbers of other widths
    would stand other gaps apart (seen: RapidOCR's lines of seed 000's 表4 put 办公费's `51.000000
    51.000000` where 合计 and 人员支出 stand, its 日常公用支出)."""
    pairs = [(a, b) for row in rows for a, b in zip(row.numbers, row.numbers[1:])]
    if not pairs:
        return False
    spaces = Counter(b.x - a.x_end for a, b in pairs)
    space, count = spaces.most_common(1)[0]
    if space > JOINER or (len(pairs) - count) * _ODD_GAP > len(pairs):
        return False
    # numbers all of one width stand the same gap apart in columns too (`1477.109400  1477.109400` on every row):
    # there the labels tell, each row's first number standing that gap after its label too where the text is
    # joined (labels of other lengths end at other distances from a column); cells that touch are a delimited
    # text's, side by side by index (`blanks_dropped`)
    if len({b.x_end - b.x for _, b in pairs}) > 1 or space == 0:
        return True
    # (three rows at least: two labels a tesseract line's few spaces part alike prove little)
    leads = [row.numbers[0].x - row.lead for row in rows if row.numbers and row.lead is not None]
    return len(leads) >= 3 and (len(leads) - leads.count(space)) * _ODD_GAP <= len(leads)


def joined_keeping_blanks(rows: list[Placed]) -> int | None:
    """The fixed gap (two or three spaces) a text joined each line's cells by, empty cells kept, or None: the
    numbers side by side stand that many spaces apart, or a multiple where empty cells lie between them
    (`88.60    88.60`: two gaps around an empty cell), and numbers of several widths stand so (in columns they
    would stand other gaps apart). Each number's column is then counted: one more per gap between them."""
    spaces = [b.x - a.x_end for row in rows for a, b in zip(row.numbers, row.numbers[1:])]
    if not spaces:
        return None
    space = Counter(spaces).most_common(1)[0][0]
    widths = {c.x_end - c.x for row in rows for c in row.numbers[1:]}
    if not 2 <= space <= JOINER or len(widths) < 2 or any(s % space for s in spaces) or max(spaces) == space:
        return None
    return space


def place(row: Placed, columns: int, step: Step) -> tuple[list[int], bool]:
    """Column index of each number of a row, and whether the placement is a guess.

    The first number is the row total. Each later one skips as many columns as
    its gap to the one before spans: the measured offsets between the columns
    where the rows that fill every column give them, else as many pitches;
    leaving room for the numbers after it. In a `blind` table with its
    headings' places (`Step.heads`), the heading it stands under (`by_headings`).
    """
    numbers = row.numbers
    if len(numbers) >= columns or len(numbers) <= 1:
        return list(range(min(len(numbers), columns))), False
    if step.heads is not None:
        return by_headings(numbers, step)
    if step.joiner is not None:
        placed = [0]
        for a, b in zip(numbers, numbers[1:]):
            placed.append(placed[-1] + (b.x - a.x_end) // step.joiner)
        return (placed, False) if placed[-1] < columns else (list(range(len(numbers))), True)
    size, guessed, offsets = step.size, step.guessed, step.offsets
    gaps = row.gaps()
    if size is None or not gaps:
        return list(range(len(numbers))), True
    placed = [0]
    guess = False
    for k, gap in enumerate(gaps, start=1):
        room = columns - (len(numbers) - k)  # the last index this number may take
        at = placed[-1]
        if offsets is not None:
            misses = {j: abs(offsets[j] - offsets[at] - gap) for j in range(at + 1, room + 1)}
            best = min(misses, key=misses.get)
            guess = guess or misses[best] > 0.3 * size
            placed.append(best)
            continue
        span = gap / size
        jump = max(1, round(span))
        # A measured pitch is trusted unless the gap falls between two columns;
        # a guessed one only for the plain case of adjacent columns.
        guess = guess or abs(span - round(span)) > 0.3 or (guessed and jump > 1)
        placed.append(min(at + jump, room))
    return placed, guess


def heading_spans(header: list[list[Cell]], kinds: list[ColumnKind], year: int | None) -> tuple[tuple[int, int], ...] | None:
    """Where the header's headings of the amount columns `kinds` stand, (x, x_end) in display columns, one per
    column (a heading wrapped over two lines joined: `header_leaves`); a heading over several (一般公共预算支出
    over 合计 基本支出 项目支出) names none of `kinds`. None unless the first column is the row total and the
    leaf headings name each of `kinds` once, in order (a garbled header's columns completed from a family
    stand nowhere)."""
    if not kinds or kinds[0] is not C.total:
        return None
    named = [(column_kind(DASH_FOR_ONE.sub("一", leaf.name), year), leaf) for leaf in header_leaves(header, _names_more)]
    named = [(kind, leaf) for kind, leaf in named if kind in kinds]
    if [kind for kind, _ in named] != kinds:
        return None
    return tuple((leaf.x, leaf.x_end) for _, leaf in named)


# A tesseract line's spaces stand for a width of their own: distances in one line are those of another (the
# header's) up to this factor (seen: 1.25, a fund table's header line over its rows').
_SCALE = 1.3


def spaced_reading(rows: list[Placed], heads: tuple[tuple[int, int], ...]) -> tuple[int | None, ...]:
    """The heading each number after a `blind` table's row total stands under by its distance from the total, or
    None: the k-th number's right edge's distance from the first's (the median over the rows: the table's numbers
    stand all one pitch apart, `pitch`, one reading holds for all its rows), scaled by any factor within `_SCALE`,
    is nearest to one heading's centre's distance from the first heading's (amounts stand flush right under
    headings centred over their cells). A tesseract line shifts as a whole (a short label's line starts its
    numbers columns to the left), the distances within it hold but for its space width."""
    centres = [(a + b) / 2 - (heads[0][0] + heads[0][1]) / 2 for a, b in heads]
    count = max((len(row.numbers) for row in rows), default=0)
    out: list[int | None] = []
    for k in range(1, count):
        gaps = [row.numbers[k].x_end - row.numbers[0].x_end for row in rows if len(row.numbers) > k]
        gap = statistics.median(gaps)
        # (the headings stand in order: the one nearest at both ends of the range is nearest throughout)
        near = {min(range(len(heads)), key=lambda j: abs(centres[j] - at)) for at in (gap / _SCALE, gap * _SCALE)}
        out.append(near.pop() if len(near) == 1 else None)
    return tuple(out)


def by_headings(numbers: list[Cell], step: Step) -> tuple[list[int], bool]:
    """Column index of each number of a `blind` table's row under its headings (`Step.heads`), and whether that is
    a guess. The first number is the row total, under the first heading. Each later one stands under a heading
    where one of two readings says so and the other says no other:
    - where it stands: its span overlaps one heading's cell and no other (the cells part midway between
      adjacent headings), the first number's overlapping the first cell (the line not shifted a column);
    - its distance from the first (`spaced_reading`, `Step.spaced`).
    Where neither says, or they differ, or two numbers share a heading: each number in the next column, a
    guess."""
    heads = step.heads or ()
    cuts = [(heads[j][1] + heads[j + 1][0]) / 2 for j in range(len(heads) - 1)]

    def cells_of(cell: Cell) -> list[int]:
        return [j for j in range(len(heads))
                if (j == 0 or cell.x_end > cuts[j - 1]) and (j == len(cuts) or cell.x < cuts[j])]

    shifted = 0 not in cells_of(numbers[0])
    placed = [0]
    for k, cell in enumerate(numbers[1:]):
        readings = {r} if k < len(step.spaced) and (r := step.spaced[k]) is not None else set()
        under = cells_of(cell)
        if not shifted and len(under) == 1 and under[0] > placed[-1]:  # (else the line stands shifted)
            readings.add(under[0])
        if len(readings) != 1 or min(readings) <= placed[-1]:
            return list(range(len(numbers))), True
        placed.append(readings.pop())
    return placed, False


def proportional_amounts(row: Placed, columns: list[ColumnKind], inferred: set[ColumnKind], step, unit: str) -> list[AmountCell]:
    """The amounts of an unaligned row, each in the column its gaps place it,
    or where the row's arithmetic says (`by_arithmetic`)."""
    placed, guess = place(row, len(columns), step)
    doubtful = set(range(len(row.numbers))) if guess else set()
    if 2 <= len(row.numbers) < len(columns):
        placed, doubtful = by_arithmetic(row.numbers, columns, placed, doubtful)
    # the first number is the row's total where the first column is (合计 | 基本 | 项目); before a 上年结转 or
    # 上年预算数 column a row that left cells blank may start anywhere
    first = 1 if columns[0] is C.total else 0
    cells = []
    for k, (cell, index) in enumerate(zip(row.numbers, placed)):
        column = columns[index]
        reasons = [Reason.column_inferred] if (k in doubtful and index >= first) or column in inferred else []
        amount = make_amount(cell, unit, reasons)
        if amount is not None:
            cells.append(amount_cell(column, column.value if column in inferred else "", amount))
    return cells


def by_arithmetic(numbers: list[Cell], columns: list[ColumnKind], placed: list[int],
                  doubtful: set[int]) -> tuple[list[int], set[int]]:
    """The placement of a row's numbers, in order, with blank cells between,
    that satisfies the most row identities (arithmetic.row_agreement: 增减额 =
    本年 − 上年, 总计 = 基本 + 项目, 上年结转 + 本年收入 − 本年支出 = 年末结转 …),
    and the positions (in `numbers`) whose column is still a guess: `doubtful`
    holds those of the gaps' placement `placed`.

    The gaps' placement stands when it is among the best; among several best
    others, the one nearest to it is taken. A number is a guess where the best
    placements put it in different columns (`104.55` 基本 or 项目), and no
    more where they all agree. A row whose arithmetic says nothing (no identity
    holds) keeps its gaps' placement.
    """
    values = [parse_amount(c.raw) for c in numbers]
    if any(v is None or v.value is None for v in values):
        return placed, doubtful
    scored = []
    for combo in combinations(range(len(columns)), len(numbers)):
        row = {columns[i]: v.value for i, v in zip(combo, values)}
        scored.append((row_agreement(row, columns), list(combo)))
    best = max(score for score, _ in scored)
    winners = [combo for score, combo in scored if score == best]
    if best <= 0:
        return placed, doubtful
    split = {k for k in range(len(numbers)) if len({combo[k] for combo in winners}) > 1}
    if placed in winners:
        return placed, doubtful & split
    return min(winners, key=lambda combo: sum(abs(a - b) for a, b in zip(combo, placed))), split


def aligned_amounts(numbers: list[Cell], columns: list[Column], unit: str) -> list[AmountCell]:
    """The amounts of an aligned row, each in the column it stands in (a count
    column's numbers are no amounts: the account knows them as counts)."""
    cells = []
    for cell in numbers:
        col = columns[column_at(columns, cell)]
        if col.count:
            continue
        # a column whose heading said nothing we know (`调股预算教`, OCR's 调整预算数): its
        # numbers are read, their meaning is the reviewer's to give
        reasons = [Reason.column_inferred] if col.inferred or col.kind is C.unknown else []
        amount = make_amount(cell, "%" if col.kind is C.change_pct else unit, reasons)
        if amount is not None:
            cells.append(amount_cell(col.kind, col.label, amount))
    return cells


def _in_column_order(line: BudgetLine, columns: list[ColumnKind]) -> None:
    """A line's amounts sorted in the table's column order (those of no column of it last), in place."""
    line.amounts.sort(key=lambda a: columns.index(a.column) if a.column in columns else len(columns))


def settle(lines: list[BudgetLine], columns: list[ColumnKind], children_of, parent_of=lambda line, lines: None,
           doubt_confirms: bool = True) -> None:
    """Move a number of a row with blank cells to the column the hierarchy says.

    Gaps place most numbers right; where a row's children add up to its number
    in another column, or the number is larger than its parent's in the column
    it was placed in, the arithmetic wins and the placement is no longer a guess.
    `doubt_confirms` False (coded tables): rows placed by guess confirm no other row's place (a 款 and its 项
    placed alike, in doubt, confirm nothing: they would add up as well moved together). A summary's items still
    confirm its 支出总计 (the default): not yet weighed there, where it would flag right amounts of dev.
    """
    for line in sorted(lines, key=lambda x: -len(x.code.value) if x.code else 0):
        if len(line.amounts) >= len(columns) or len(line.amounts) < 2:
            continue
        children = children_of(line, lines)
        parent = parent_of(line, lines)
        taken = {a.column for a in line.amounts}
        for cell in line.amounts[1:]:
            value = cell.amount.value
            if value is None or cell.column in NOT_ADDITIVE:
                continue  # a child's 增减% may exceed its parent's: no bound, no sum
            fits = [
                k for k in columns[1:]
                if (k == cell.column or k not in taken) and k not in NOT_ADDITIVE and _fits(value, k, children, parent)
            ]
            # a place the hierarchy allows alone is no guess; without `doubt_confirms` only where the rows that
            # say so were not placed by guess themselves (a 款 and its 项 placed alike confirm nothing)
            certain = doubt_confirms or not (any(_in_doubt(child, columns) for child in children) if children
                                             else parent is not None and _in_doubt(parent, columns))
            if len(fits) == 1 and fits[0] != cell.column:
                taken.discard(cell.column)
                cell.column = fits[0]
                taken.add(fits[0])
                if not certain:  # (moved where rows placed by guess say: a guess too)
                    doubt(cell.amount, Reason.column_inferred)
            if fits == [cell.column] and certain and Reason.column_inferred in cell.amount.reasons:
                _clear(cell.amount)
        _in_column_order(line, columns)


# A table's note saying one of its uses holds nothing: 无基本支出, or all of it the other (全部为项目支出,
# 均为彩票公益金安排的项目支出).
_NONE_OF = LazyPattern(r"无(基本|项目)支出")
_ALL_OF = LazyPattern(r"(?:全部|均)为[^，。；,;]{0,16}?(基本|项目)支出")
_USE_PAIR = {"基本": (C.basic, C.project), "项目": (C.project, C.basic)}


def empty_use(notes: list[str]) -> ColumnKind | None:
    """The use column (basic or project) the table's notes say holds nothing, or None (none said, or both)."""
    empty = {_USE_PAIR[m.group(1)][0] for note in notes for m in _NONE_OF.finditer(note)}
    empty |= {_USE_PAIR[m.group(1)][1] for note in notes for m in _ALL_OF.finditer(note)}
    return empty.pop() if len(empty) == 1 else None


def settle_by_note(lines: list[BudgetLine], columns: list[ColumnKind], empty: ColumnKind | None) -> None:
    """A number placed by guess (`column_inferred`) in the use column the table's note says holds nothing
    (`empty_use`) goes to the other use column where that is blank on its row, no longer a guess: the table's
    own words decide what neither the gaps nor the sums could (合计 = the one other number, in either). In
    place."""
    if empty is None or C.basic not in columns or C.project not in columns:
        return
    other = C.project if empty is C.basic else C.basic
    for line in lines:
        cell = next((a for a in line.amounts if a.column is empty), None)
        if cell is None or Reason.column_inferred not in cell.amount.reasons or line.amount(other) is not None:
            continue
        cell.column = other
        _clear(cell.amount)
        _in_column_order(line, columns)


_SIBLING_PLACEMENTS = 8192  # placements of a parent's children tried at most (`_slides`, `_placements`: ~0.1 s)


def settle_siblings(lines: list[BudgetLine], columns: list[ColumnKind], children_of, blind: bool = False) -> None:
    """Place the numbers of rows with blank cells so that their parent's columns add up.

    A leaf row that printed fewer numbers than the table has columns (`2040602 … 56.00 | 104.55
    104.55 48.55 | 86.70%`, its 基本支出 blank) is placed by gaps, in doubt, and both its places for a
    number may fit its own row and its parent's bound (`settle`). Its siblings decide together: each
    column of the parent is the sum of its children's (a 款 of its 项, domain.md; a department's
    budget units). Each such row may keep its placement or put its numbers placed in doubt in other
    columns, the order of its numbers kept (`_placements`); a row with rows under it may slide one
    number into a blank column beside it (`_slides`), with them, the same column
    of each (a 类 `302 商品和服务支出 97.53 97.53` and its 款 placed alike by a text whose gaps say
    nothing: `joined_by_fixed_gap`). The one choice for all of a parent's children under which
    the most additive columns the parent prints add up (more than as placed, every column it moves
    a number from or to among them: a document's own rounding may leave another column off) is
    taken, and those numbers are no longer a guess; so are they where keeping every placement is
    that one choice. No such choice, or several:
    unchanged (the checks report the sum). Parents are taken from the top down (the 合计, then
    the shortest codes), so a 类 settled under the 合计 settles its 款 in turn. `blind` (the gaps
    said nothing, `joined_by_fixed_gap`): a parent placed by guess moves its children, it does not
    confirm them. In place."""
    for parent in sorted(lines, key=lambda line: len(line.code.value) if line.code else 0):  # (from the top down)
        children = children_of(parent, lines)
        if not children:
            continue
        certain = not blind or not _in_doubt(parent, columns)
        sums = {k: a.value for k in columns if k not in NOT_ADDITIVE and (a := parent.amount(k)) is not None
                and a.value is not None}
        if not sums:
            continue
        if len(_added_up(children, [None] * len(children), sums)) == len(sums):
            if certain:
                _clear_all(children, set(sums))  # every column adds up as placed
            continue
        options = [_subtree_slides(child, columns, lines, children_of) for child in children]
        if all(len(o) == 1 for o in options) or prod(len(o) for o in options) > _SIBLING_PLACEMENTS:
            continue
        scored = [(len(_added_up(children, choice, sums)), choice) for choice in product(*options)]
        best = max(n for n, _ in scored)
        fits = [choice for n, choice in scored if n == best]
        if len(fits) != 1 or best == 0:
            continue
        added = _added_up(children, fits[0], sums)
        moved = {k for move in fits[0] if move is not None for cell, column in move for k in (cell.column, column)}
        if moved and (best <= scored[0][0] or not moved <= added):
            continue  # (scored[0]: every placement kept)
        for child, move in zip(children, fits[0]):
            for cell, column in move or ():
                for line, moving in [(child, cell), *_under(child, cell.column, lines, children_of)]:
                    moving.column = column
                    _in_column_order(line, columns)
        if certain:  # (every additive column: a move that makes the parent add up settles the rows)
            _clear_all(children, {k for k in columns if k not in NOT_ADDITIVE})


def _clear_all(children: list[BudgetLine], columns: set[ColumnKind]) -> None:
    """The children's numbers placed in doubt in `columns` (where they add up) no longer a guess."""
    for child in children:
        for cell in child.amounts:
            if Reason.column_inferred in cell.amount.reasons and cell.column in columns:
                _clear(cell.amount)


def _subtree_slides(line: BudgetLine, columns: list[ColumnKind], lines: list[BudgetLine], children_of):
    """A row's choices: a row with no rows under it any placement of its numbers in doubt (`_placements`);
    one with rows under it a slide (`_slides`) only where each of those that prints a number in the
    column it leaves has it placed in doubt and the column it goes to blank."""
    if not children_of(line, lines):
        return _placements(line, columns)
    return [move for move in _slides(line, columns) if move is None or all(
        Reason.column_inferred in cell.amount.reasons and below.amount(move[0][1]) is None
        for below, cell in _under(line, move[0][0].column, lines, children_of))]


def _under(line: BudgetLine, column: ColumnKind, lines: list[BudgetLine], children_of) -> list[tuple[BudgetLine, AmountCell]]:
    """The rows under `line` (all levels) with their number in `column`."""
    out, stack = [], list(children_of(line, lines))
    while stack:
        below = stack.pop()
        cell = next((a for a in below.amounts if a.column is column), None)
        if cell is not None:
            out.append((below, cell))
        stack.extend(children_of(below, lines))
    return out


# A row's choice in `settle_siblings`: None (its placement kept), or its numbers moved, each (cell, column).
Move = tuple[tuple[AmountCell, ColumnKind], ...]


def _slides(line: BudgetLine, columns: list[ColumnKind]) -> list[Move | None]:
    """A row's choices: None (its placement kept), or one number placed in doubt moved into the blank
    column right beside it, so its numbers keep their order."""
    if len(line.amounts) >= len(columns):
        return [None]
    at = {a.column: a for a in line.amounts}
    out: list[Move | None] = [None]
    for i, column in enumerate(columns):
        if column in at or column in NOT_ADDITIVE:
            continue
        for j in (i - 1, i + 1):
            cell = at.get(columns[j]) if 0 <= j < len(columns) else None
            if cell is not None and cell.column not in NOT_ADDITIVE and Reason.column_inferred in cell.amount.reasons:
                out.append(((cell, column),))
    return out


def _placements(line: BudgetLine, columns: list[ColumnKind]) -> list[Move | None]:
    """A row with no rows under it: None (its placement kept), or its numbers placed in doubt put into
    other additive columns, in their order among the row's numbers, under which the row's own
    arithmetic holds no worse (`arithmetic.row_agreement`): a text that dropped its blank cells leaves
    `4,930,000.00  230,000.00  4,600,000.00  100,000.00` anywhere among six columns."""
    if len(line.amounts) >= len(columns) or any(a.column not in columns for a in line.amounts):
        return [None]
    cells = sorted(line.amounts, key=lambda a: columns.index(a.column))
    loose = [a for a in cells if Reason.column_inferred in a.amount.reasons and a.column not in NOT_ADDITIVE
             and a.amount.value is not None]
    if not loose:
        return [None]
    kept = {a.column for a in cells if not any(a is b for b in loose)}
    free = [k for k in columns if k not in kept and k not in NOT_ADDITIVE]
    values = {a.column: a.amount.value for a in cells if a.amount.value is not None}
    agreement = row_agreement(values, columns)
    out: list[Move | None] = [None]
    for combo in combinations(free, len(loose)):
        placed = dict(zip(map(id, loose), combo))
        order = [columns.index(placed.get(id(a), a.column)) for a in cells]
        if order != sorted(order) or all(placed[id(a)] is a.column for a in loose):
            continue
        row = {placed.get(id(a), a.column): a.amount.value for a in cells if a.amount.value is not None}
        if row_agreement(row, columns) >= agreement:
            out.append(tuple((a, placed[id(a)]) for a in loose if placed[id(a)] is not a.column))
    return out


def _added_up(children: list[BudgetLine], choice, sums: dict[ColumnKind, float]) -> set[ColumnKind]:
    """The columns in `sums` that are the sum of the children's numbers there, each child's move in
    `choice` made."""
    totals = dict.fromkeys(sums, 0.0)
    for child, move in zip(children, choice):
        to = {id(cell): column for cell, column in move or ()}
        for cell in child.amounts:
            column = to.get(id(cell), cell.column)
            if column in totals and cell.amount.value is not None:
                totals[column] += cell.amount.value
    return {k for k, v in sums.items() if abs(totals[k] - v) < 0.005}


def _in_doubt(line: BudgetLine, columns: list[ColumnKind]) -> bool:
    """A row that left cells blank with a number of an additive column placed there by guess (a full row's
    numbers stand each in its column, whatever the columns' names: `column_inferred` there is the header's
    doubt; a 增减% the sums do not place follows the numbers they do, in order)."""
    return len(line.amounts) < len(columns) and any(
        Reason.column_inferred in a.amount.reasons and a.column not in NOT_ADDITIVE for a in line.amounts)


def _clear(amount: Amount) -> None:
    amount.reasons.remove(Reason.column_inferred)
    amount.confidence = confidence(amount.reasons)


def _fits(value: float, column: ColumnKind, children: list[BudgetLine], parent: BudgetLine | None) -> bool:
    if children:
        total = sum((a.value or 0) for c in children if (a := c.amount(column)) is not None)
        return abs(total - value) < 0.005
    if parent is not None:
        bound = parent.amount(column)
        return bound is not None and bound.value is not None and value <= bound.value + 0.005
    return True


def confirm_guessed(lines: list[BudgetLine], columns: list[ColumnKind], guessed: set[ColumnKind],
                    warnings: list[str]) -> None:
    """Columns whose kind the header named only by guess (`guessed_columns`) or not at all (inferred from the
    template family: their numbers' places the hierarchy may have confirmed, not their kind) stand where the rows
    that fill every column (one at least) satisfy more row identities of `columns` than they fail (上年结转 + 本年收入
    − 本年支出 = 年末结转, 小计 = 基本 + 项目, arithmetic.row_checks: a document's own rounding may leave one off),
    and on each of them an identity that takes the column holds. The amounts of a column not so confirmed are
    flagged `column_inferred` and a warning names it: a guessed kind never passes on the header's word alone. Where
    no identity holds on any such row, the guess has put the numbers in the wrong columns (a carry-over table's
    本年收入 read as 合计 under a guessed prior year): every column is flagged. In place."""
    doubtful = [k for k in columns if k in guessed]
    if not doubtful:
        return
    full = [{a.column: a.amount.value for a in line.amounts} for line in lines
            if {a.column for a in line.amounts} >= set(columns) and all(a.amount.value is not None for a in line.amounts)]
    checks = [row_checks(row, columns) for row in full]
    if checks and not any(holds for c in checks for holds, _ in c):
        doubtful = list(columns)
    elif checks and all(2 * sum(holds for holds, _ in c) > len(c) for c in checks):
        doubtful = [k for k in doubtful if not all(any(holds and k in taken for holds, taken in c) for c in checks)]
    if not doubtful:
        return
    flagged = False
    for line in lines:
        for cell in line.amounts:
            if cell.column in doubtful and Reason.column_inferred not in cell.amount.reasons:
                doubt(cell.amount, Reason.column_inferred)
                flagged = True
    if flagged:
        warnings.append("columns named by guess (" + ", ".join(k.value for k in columns if k in guessed)
                        + ") that the rows' arithmetic does not confirm: flagged " + ", ".join(k.value for k in doubtful))


def warn_inferred(warnings: list[str], columns: list[ColumnKind], inferred: set[ColumnKind]) -> None:
    if inferred:
        warnings.append(
            "header too garbled to name every column: inferred " + ", ".join(c.value for c in columns if c in inferred)
        )


# ------------------------------------------------------------------ header leaves


@dataclass
class Leaf:
    """A column heading at the bottom of a multi-level header: its words (a
    wrapped heading stacked top to bottom), where it stands, and the group
    headings over it."""

    words: list[Cell]
    groups: list[Cell]

    @property
    def x(self) -> int:
        return min(w.x for w in self.words)

    @property
    def x_end(self) -> int:
        return max(w.x_end for w in self.words)

    @property
    def name(self) -> str:
        return "".join(w.compact for w in self.words)


def _words(header: list[list[Cell]], indexed: bool) -> list[list[Cell]]:
    """Header rows as words: in spaced text a cell printed with single spaces
    (`公务用车购置 公务用车运行`) is two headings; a cell the source delimits is one."""
    if indexed:
        return header
    rows = []
    for cells in header:
        words = []
        for cell in cells:
            words.extend(sub_cell(cell, m.start(), m.end()) for m in re.finditer(r"\S+", cell.raw))
        rows.append(words)
    return rows


def _overlaps(a: Cell, b: Cell) -> bool:
    return a.x < b.x_end and b.x < a.x_end


def header_leaves(header: list[list[Cell]], continues, indexed: bool = False) -> list[Leaf]:
    """The leaf headings of a multi-level header, left to right.

    A word joins the heading above it (a heading wrapped over lines: 因公出国 /
    （境）费) when `continues(upper, lower)` says the joined text is one heading;
    a heading with other headings under it is a group (“三公”经费 over 小计 and
    因公出国（境）费), kept with the leaves under it. `indexed`: the cells' places
    are column indexes (tab, pipe and PDF cells), not display columns.
    """
    stacks: list[list[Cell]] = []
    for words in _words(header, indexed):
        for w in words:
            above = [s for s in stacks if _overlaps(s[-1], w)]
            upper = max(above, key=lambda s: s[-1].start, default=None)
            if upper is not None and continues("".join(c.compact for c in upper), w.compact):
                upper.append(w)
            else:
                stacks.append([w])
    leaves, groups = [], []
    for s in stacks:
        below = [t for t in stacks if t is not s and t[0].start > s[-1].start and any(_overlaps(a, t[0]) for a in s)]
        (groups if below else leaves).append(s)
    out = []
    for s in sorted(leaves, key=lambda s: min(c.x for c in s)):
        over = [g[0] for g in groups if g[0].start < s[0].start and any(_overlaps(a, b) for a in g for b in s)]
        out.append(Leaf(s, over))
    return out


def match_leaves(values: list[Cell], leaves: list[Leaf]) -> list[int] | None:
    """Index of the leaf each value stands under, in order: the assignment that
    keeps left-to-right order and puts each value nearest its heading's centre
    (a leaf may have no value: a blank cell). None when there are more values
    than leaves."""
    n, m = len(values), len(leaves)
    if n > m or not n:
        return None
    centre = lambda c: (c.x + c.x_end) / 2  # noqa: E731
    cost = [[abs(centre(v) - centre(leaf)) for leaf in leaves] for v in values]
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[0] = [0.0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            best[i][j] = min(best[i][j - 1], best[i - 1][j - 1] + cost[i - 1][j - 1])
    picks, j = [], m
    for i in range(n, 0, -1):
        while j > i and best[i][j - 1] <= best[i - 1][j - 1] + cost[i - 1][j - 1]:
            j -= 1
        picks.append(j - 1)
        j -= 1
    return picks[::-1]
