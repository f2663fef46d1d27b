"""Indicator trees (一级 → 二级 → 三级 → 指标值) of performance tables.

Layouts differ a lot between forms: columns shift after page breaks, values are
split into operator / number / unit cells, deadlines are merged into the value
cell. So cells are classified by content first (level vocabulary, numbering
prefixes like `11-`, value-like fragments) and by header position only where a
row lines up with the header.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from ...grid import CJK, DIGIT, JOINER, SPECKS, Cell, Layout, Row, cjk_count, compact_text, display_width
from ...lazyre import LazyPattern
from ...models import Amount, Indicator, IndicatorValue, Operator, Reason, Span, Text, cell_indicator_value, made_indicator
from ...numbers import (
    RATE_FIGURE, VALUE_QUALIFIERS, VALUE_WORDS, YEAR, calendar_date, clean_text, glyph_operator, parse_indicator_value,
    per_base,
)
from ...pairing import norm_text
from ...confidence import confidence
from ..common import strip_decoration
from ...vocabulary import (
    LEVEL1, LEVEL2_PARENT, NUMBERING, PAGE_FURNITURE, PROJECT_LABELS, SIGN_OFF, TREE_COLUMNS, TREE_HEADINGS, VALUE_NATURE,
    measured_units,
)
from .common import doubt, make_amount, make_deadline, make_text, reread_text

# 一级 of the project template by its numbering (`1-产出指标`, `31-` is under 3)
_STANDARD_LEVEL1 = {"1": "产出指标", "2": "效益指标", "3": "满意度指标"}
_DEADLINE = LazyPattern(rf"^(?P<value>.*?)\s*(?P<deadline>{YEAR}\s*年\s*\d{{1,2}}\s*月(?:底|前)?)$")
# The marks an operator is printed with, tesseract's 》《 for ≥≤ among them.
_OPERATOR_MARKS = "≥≤<>=＝》《"
_DASHES = ("-", "—")  # what a form prints in an operator or unit column it leaves blank
# An operator alone in its cell read by OCR as another character before a figure, and the operator it stands for:
# tesseract's numeral of strokes for `=` (二, 三 or 一), RapidOCR's Latin letter for ≤ (`W`, `V`). Read as the
# operator, doubted: a reading.
_READ_OPERATORS = {"二": "=", "三": "=", "一": "=", "W": "≤", "V": "≤"}
# The measure words a 度量单位 cell prints after a count (处, 户, 辆, 名 … as well as 人, 件, 次, 起; a weight's 斤, a
# length's 米, head of stock 头, 羽), those led by 公 or 平方 / 立方 (公里, 公斤, 公顷, 平方米), and a second
# measure in brackets (万头（羽）): a unit alone in its cell, the value's, never a 依据.
_MEASURES = "元万人件次起个天月年台场家期处户辆名项所座吨亩套批篇份册张条栋株棵例宗斤米头羽"
_UNIT_WORDS = rf"(?:[{_MEASURES}/]|公[里斤顷]|[平立]方)+(?:[(（][{_MEASURES}]+[)）])?"
_FRAGMENT = LazyPattern(rf"^(?:[{_OPERATOR_MARKS}-]|[-+]?\d[\d.,%]*|%|{_UNIT_WORDS}(?:/[人月年次件户])*)$")
# `本年度保障月份 =12个月`, `无 无`: a 三级指标 and its value in one cell.
_MERGED_VALUE = LazyPattern(rf"^\s*(?P<level3>\S.*?)\s+(?P<value>[{_OPERATOR_MARKS}]\s*\S.*|\S{{1,4}})\s*$")
# The same parted at its first operator, which OCR may glue to the 三级 or space inside the value
# (`本年度保障月份=12个月`, `单位职工满意度≥ 95 %`): tried first.
_OPERATOR_VALUE = LazyPattern(
    rf"^\s*(?P<level3>\S.*?[^\s{_OPERATOR_MARKS}])\s*(?P<value>[{_OPERATOR_MARKS}]\s*[\d\u4e00-\u9fff].*?)\s*$")
_DIRECTION = LazyPattern(r"^(正向|反向|中性)(指标)?$")  # what a 指标方向 cell prints
_BARE_NUMBER = LazyPattern(r"^\d+(?:\.\d+)?$")  # a 权重's figure: no operator, no unit
# The sign-off box under the tree (its opinions, signatures and date; the 填报人 / 审核人 lines, `SIGN_OFF`)
_END_OF_TABLE = LazyPattern(rf"^(部门申报意见|部门意见|审核意见|财政审核意见|签字|日期|{YEAR}$)|{SIGN_OFF.pattern}")
# (the nature of a value under 指标性质, `vocabulary.VALUE_NATURE`, is no cell to read)
_IGNORED = LazyPattern(rf"^(绩效指标|年度绩效指标|名称|绩效\s*指标|单位[:：](万元|元)|{VALUE_NATURE})$")


_VOCABULARY_PARENTS = frozenset(LEVEL2_PARENT.values())  # the 一级 whose 二级 names the vocabulary lists
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
    # what every row of the tree asks of its header, found once as it is made (from `roles`, never changed after):
    level3_at: int | None = field(init=False)  # the first cell under 三级指标
    value_at: int | None = field(init=False)  # the first cell under 指标值
    own_columns: dict[int, str] = field(init=False)  # the cells under 权重 / 分值 and 指标方向, by their role
    levelled: bool = field(init=False)  # whether a column is headed 二级指标
    valued: bool = field(init=False)  # whether a column is headed as the value's (指标值)

    def __post_init__(self) -> None:
        roles = self.roles
        self.level3_at = next((i for i, role in roles.items() if role == "level3"), None)
        self.value_at = next((i for i, role in roles.items() if role == "value"), None)
        self.own_columns = {i: role for i, role in roles.items() if role in _OWN_ROLES}
        self.levelled = "level2" in roles.values()
        self.valued = "value" in roles.values()


_HEADER_ROLES = [
    (LazyPattern(r"^一级(指标|$)"), "level1"),
    (LazyPattern(r"^二级(指标|$)"), "level2"),
    (LazyPattern(r"^三级(指标|$)"), "level3"),
    (LazyPattern(r"描述|指标解释|部门预算绩效目标"), "description"),
    (LazyPattern(r"评\W{0,3}(扣\W{0,2})?分(标准|规则|办法)|扣分标准"), "scoring"),  # 评（扣）分标准: how the row is scored
    (LazyPattern(r"依据|绩效标准"), "basis"),  # (绩效标准: 计划标准, 历史标准 — what the value was set by)
    (LazyPattern(r"时限"), "deadline"),
    (LazyPattern(r"^(权重|分值)"), "weight"),
    (LazyPattern(r"方向"), "direction"),
    (LazyPattern(r"指标值|绩效值|绩效价值|运算符号|内容|度量单位|计量单位|指标性质"), "value"),
]


@lru_cache(maxsize=4096)  # (by the text: every tree of a document, and the rows after its header, ask of the same words)
def _header_role(compact: str) -> str | None:
    """The column role a header cell's words name (`_HEADER_ROLES`), or None."""
    return next((role for pattern, role in _HEADER_ROLES if pattern.search(compact)), None)


def read_header(rows: list[Row]) -> HeaderInfo:
    roles: dict[int, str] = {}
    for row in rows:
        for i, cell in enumerate(row.cells):
            if cell and i not in roles and (role := _header_role(cell.compact)):
                roles[i] = role
    values = set(roles.values())
    return HeaderInfo(
        roles=roles,
        width=max((len(r.cells) for r in rows), default=0),  # (a second row may head the columns a first merged)
        has_description="description" in values,
        has_basis="basis" in values,
    )


def _merge_fragments(rows: list[Row]) -> list[Row]:
    """Rejoin text wrapped onto its own line (`产出指` + `标`, `(必填硬性指` + `标)`)."""
    merged: list[Row] = []
    for row in rows:
        filled = row.filled
        if merged and filled and all(len(c.text) <= 2 and not DIGIT.search(c.text) for c in filled):
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


def parse_indicators(rows: list[Row], header: HeaderInfo, layout: Layout, carry_level1: Text | None = None,
                     ocr: bool = False) -> list[Indicator]:
    """The indicators of a tree's rows under its header. `ocr`: the cells are an OCR's reading (a page printed and
    read back), so a value no form prints is flagged illegible (`_garbled`) and operators read as an OCR's."""
    if layout is Layout.vertical and header.width:
        rows = _regroup_vertical(rows, header.width)
    rows = _merge_fragments(rows)
    indicators: list[Indicator] = []
    level1, level2 = carry_level1, None
    above: Indicator | None = None  # the indicator of the row just read, where it has a value
    for row in rows:
        if row.filled and (_END_OF_TABLE.match(row.filled[0].compact) or PAGE_FURNITURE.match(row.filled[0].compact)):
            break  # signatures and approval boxes under the indicator tree; a web page's furniture under the table
        lead, guessed = _merged_lead(row, header)
        found = _parse_row(lead, header, level1, level2, short=len(row.cells) < header.width, ocr=ocr)
        if found is None:
            above = None
            continue
        indicator, level1, level2 = found
        if above is not None and indicator is not None and _level3_only(lead, header):
            _join_level3(above, indicator.level3)
            continue
        above = indicator if indicator is not None and indicator.value is not None else None
        if indicator is not None:
            if guessed:  # (not the 二级: the rows after it carry the same text)
                for text in (indicator.level3, indicator.description):
                    if text is not None:
                        doubt(text, Reason.cell_shifted)
            indicators.append(indicator)
    _unvalued_in_doubt(indicators)
    return indicators


def _level3_only(row: Row, header: HeaderInfo) -> bool:
    """Whether `row` holds text under its 三级指标 heading alone, every other cell blank: under a row with a value,
    the next line of that row's 三级, wrapped (`| | 培训人数 | | |` under `| | 农村劳动力转移就业 | 500人 | 10`)."""
    cells = [(i, c) for i, c in enumerate(row.cells) if c and not _ignored(c.compact)]
    return len(cells) == 1 and cells[0][0] == header.level3_at


def _join_level3(indicator: Indicator, tail: Text) -> None:
    """`tail`, a wrapped 三级's next line, joined to `indicator`'s 三级, in doubt (`cell_shifted`: a row whose value
    and other cells its form left blank reads alike). In place."""
    head = indicator.level3
    start = head.span.start if head.span is not None else tail.span.start
    joined = Cell(head.raw + tail.raw, start, tail.span.end)
    indicator.level3 = make_text(joined, head.value + tail.value, [*head.reasons, Reason.cell_shifted])


def _merged_lead(row: Row, header: HeaderInfo) -> tuple[Row, bool]:
    """A row of filled cells, fewer than the header heads, whose value stands under 指标值 once the row is put
    to the right (a text joined cell by cell dropped the blanks its merged level cells left: `结余资金 | 2021年底…
    | 上缴… | 0%` under the 一级 of the row above), texts all before it: it lost as many cells at its start, level
    columns all; put back with that many blanks before it. Any other row as it is (one printing a value's pieces
    in cells of their own, `深化… | - | 长期 | -`, is wider than its header says).

    Where a column stands between 三级 and 指标值 (a 描述), its blank dropped leaves the value where a dropped
    level cell does: the vocabulary tells them apart when the first cell names a 一级 (its blanks were between
    三级 and value, put back there); else the placement is a guess, told by the second item (True)."""
    short = header.width - len(row.cells)
    value_at, level3_at = header.value_at, header.level3_at
    if short <= 0 or value_at is None or level3_at is None or short > level3_at or not all(row.cells) \
            or not 0 <= value_at - short < len(row.cells) or not _value_like(row.cells[value_at - short]) \
            or any(_FRAGMENT.match(c.compact) for c in row.cells[:value_at - short]):
        return row, False
    blanks = [Cell("", row.cells[0].start, row.cells[0].start) for _ in range(short)]
    if not any(level3_at < i < value_at for i in header.roles):
        return Row([*blanks, *row.cells]), False
    first = level_of(row.cells[0].raw)
    at = next((i for i, role in header.roles.items() if first and role == f"level{first}"), None)
    if at is not None and at <= short:
        # the first cell names a level: it goes under that level's column, the other blanks before the value
        return Row([*blanks[:at], *row.cells[:value_at - short], *blanks[at:], *row.cells[value_at - short:]]), False
    padded = Row([*blanks, *row.cells])
    # the other reading: the columns between 三级 and value dropped (as many as are blank), the rest before the row
    kept = max(short - (value_at - level3_at - 1), 0)
    inside = Row([*blanks[:kept], *row.cells[:value_at - short], *blanks[kept:], *row.cells[value_at - short:]])
    # what must hold of a reading: a level's cell holds a name, no sentence (`2021年底以前结余资金全部申报上缴
    # 财政` is no 二级); a 三级 and its 描述 reading alike are those two (a 二级 never reads as its 三级)
    if _levels_fit(padded, header) != _levels_fit(inside, header):
        return (padded, False) if _levels_fit(padded, header) else (inside, False)
    return padded, padded.cells[level3_at].compact != padded.cells[level3_at + 1].compact


def _levels_fit(row: Row, header: HeaderInfo) -> bool:
    """Whether each cell of `row` under a level column (一级, 二级) may be a level's name (`_name_like`)."""
    return all(_name_like(c) for i, c in enumerate(row.cells) if c and header.roles.get(i) in ("level1", "level2"))


def _name_like(cell: Cell) -> bool:
    """Whether `cell` is short enough to be a level's name, no sentence (as `level_of` reads one: twelve
    characters at most, numbering and annotation aside)."""
    return len(strip_decoration(cell.raw)) <= 12


def _unvalued_in_doubt(indicators: list[Indicator]) -> None:
    """A form prints a value for its indicators, a few rows left blank at most (seed 000's 社会效益 row): a
    tree read with half its rows or more valueless was not read as printed (seed 003's one-cell-per-line
    form with its tabs dropped read its headings and each cell as rows of their own), so each of those
    rows is in doubt (`missing_value`), not a blank. In place."""
    blank = [i for i in indicators if i.value is None]
    if not blank or len(blank) * 2 < len(indicators):
        return
    for ind in blank:
        doubt(ind.level3, Reason.missing_value)


_BLANK_MARKS = frozenset({*_DASHES, "/", "／", "无"})  # what a form prints in a cell it leaves blank


def _weight(cell: Cell) -> Amount | None:
    """A row's 权重 / 分值 cell as an amount; one that reads as no number (`十`, `二十分`) kept as printed, its value
    unread and `illegible` (no silent loss: a single character is no text the account reports); a blank's mark
    (`/`, `—`) is no weight."""
    amount = make_amount(cell, None)
    if amount is not None or cell.compact in _BLANK_MARKS:
        return amount
    return Amount(raw=cell.raw, span=Span(start=cell.start, end=cell.end), value=None, reasons=[Reason.illegible],
                  confidence=confidence([Reason.illegible]))


# What a 评（扣）分标准 cell says: how many points the row gets or loses (`全部覆盖得满分，每少1个镇扣1分`, `超时不得分`)
_SCORING_RULE = LazyPattern(r"得满分|不得分|[扣得减]\s*[\d.]+\s*分|(酌情|比例)扣分")


def _weight_and_direction(cells: list[Cell], header: HeaderInfo) -> dict[str, Cell]:
    """The 指标方向 and 权重 cells of a row that does not line up with its header (a text joined cell by cell
    dropped its blanks: `经费支付及时率 | = | 100 | % | 正向`, `培训合格率 | ≥ | 95 | % | 10`), by their shape: a
    direction's word (`_DIRECTION`), last or before a 依据 or 完成时限 printed after it,
    a bare number before it or last after a value that has its figure or unit (a value prints one number:
    `≥ | 95 | 10` is 95 and a weight of 10, `≥ | 95` no weight), and a 评（扣）分标准's rule by its words
    (`_SCORING_RULE`), each where the header has its column."""
    own: dict[str, Cell] = {}
    roles = set(header.roles.values())
    if "scoring" in roles:  # (wherever it stands: no 三级 nor value says how it is scored)
        rule = next((c for c in cells if _SCORING_RULE.search(c.compact)), None)
        if rule is not None:
            own["scoring"] = rule
            cells = [c for c in cells if c is not rule]
    end = len(cells)
    at = next((k for k in range(end - 1, -1, -1) if _DIRECTION.match(cells[k].compact)), None) \
        if "direction" in roles else None
    if at is not None:
        own["direction"] = cells[at]
        end = at
    if "weight" in roles and end >= 2 and (_BARE_NUMBER.match(cells[end - 1].compact) or at is not None
                                           and _weight_before_direction(header) and _unread_weight(cells[end - 1])) \
            and (_value_like(cells[end - 2]) and cells[end - 2].compact[-1:] not in _OPERATOR_MARKS
                 or end >= 3 and _marks_value(cells[end - 3])):
        own["weight"] = cells[end - 1]
    return own


_VALUE_MARK = LazyPattern(rf"^(?:[{_OPERATOR_MARKS}]|{VALUE_NATURE})$")


def _marks_value(cell: Cell) -> bool:
    """Whether `cell` is an operator alone or the value's nature (定性, 定量) under 指标性质: the cell after it is the
    value, whatever it reads (`＝ | 2024年10月底前`, `定性 | 明显改善`)."""
    return _VALUE_MARK.match(cell.compact) is not None


def _weight_before_direction(header: HeaderInfo) -> bool:
    """Whether the header heads its 权重 / 分值 column right before its 指标方向 one."""
    return any(role == "weight" and header.roles.get(i + 1) == "direction" for i, role in header.roles.items())


_WEIGHT_CHARS = 3  # characters at most of a 权重 that reads as no number (`十`, `二十分`)


def _unread_weight(cell: Cell) -> bool:
    """A cell that may stand in a 权重 column with no number read: a blank's mark (`/`, `—`), or a short word with
    no value's shape (`十`); where the header heads 权重 right before 指标方向 and a value stands before it, that
    is the weight's cell (read by `_weight`), no piece of the 依据 after."""
    return cell.compact in _BLANK_MARKS or len(cell.compact) <= _WEIGHT_CHARS and not _value_like(cell)


def _shifted_right(row: Row, header: HeaderInfo) -> bool:
    """Text under 指标值 with the value further right: the row slid one cell (004 基础管理 | 依法行政能力 | = …)."""
    value_at = header.value_at
    if value_at is None or value_at >= len(row.cells) or not row.cells[value_at] or _value_like(row.cells[value_at]):
        return False
    # (a 权重 is a number of its own column, a 完成时限 a date of its own: `2025年6月` is no value slid right)
    return any(c and _value_like(c) for j, c in enumerate(row.cells[value_at + 1:], value_at + 1)
               if j not in header.own_columns and header.roles.get(j) != "deadline")


def _read_operator(cell: Cell | None, after: Cell | None) -> bool:
    """Whether `cell` is an operator OCR read as another character (`_READ_OPERATORS`: 二 for =, W for ≤) before
    a number in the cell `after` it: a value's first cell, as a printed operator there would be."""
    return bool(cell and after and cell.compact in _READ_OPERATORS and after.compact[:1].isdigit())


def _only_values_after(cells: list[tuple[int, Cell]], i: int) -> bool:
    after = [c for j, c in cells if j > i]
    return bool(after) and all(_value_like(c) for c in after)


def _value_like(cell: Cell) -> bool:
    return _value_like_text(cell.raw)


@lru_cache(maxsize=8192)  # (by the text: a row's cells are asked several times, and a form's values repeat)
def _value_like_text(raw: str) -> bool:
    if _FRAGMENT.match(compact_text(raw)) or _DEADLINE.match(clean_text(raw)):
        return True
    parsed = parse_indicator_value(raw)
    return parsed.number is not None or parsed.operator is not None


def _whole_value(cell: Cell) -> bool:
    """Whether `cell` holds a value whole (`≥10场`), not a piece the next cell completes (`≥`, `95`, `%`)."""
    return _value_like(cell) and not _FRAGMENT.match(cell.compact)


def _level_text(cell: Cell, reasons: list[Reason] | None = None) -> Text:
    """A level's cell as text: its name without numbering and annotation; a name the vocabulary knows
    with one character more inside it (`2、效益指二标`: a stroke of the rule under a wrapped `标` read as
    二) is read as the vocabulary's, flagged `text_repaired`, the printed reading kept in `raw`."""
    name = strip_decoration(cell.raw)
    found = _level_word(cell.compact)
    if found is not None and _inserted_at(found[1], name) is not None:
        return make_text(cell, found[1], [*(reasons or []), Reason.text_repaired])
    return make_text(cell, name, reasons)


@lru_cache(maxsize=8192)  # (by the text: a form prints the same cells in every tree)
def _ignored(compact: str) -> bool:
    """A cell of the tree that holds no indicator's text: its label column (`绩效指标`), a unit, 定性/定量."""
    return _IGNORED.match(compact) is not None


def _parse_row(row: Row, header: HeaderInfo, level1: Text | None, level2: Text | None, short: bool = False,
               ocr: bool = False):
    """One row of a tree as (indicator or None, 一级, 二级 carried on), None for a row of no indicator's text.
    `short`: the row as printed has fewer cells than the header (a text joined cell by cell dropped its blank
    cells), so where its cells do not line up, what a value or a level looks like places them, or they are in doubt."""
    level3_at = header.level3_at
    # Positions are trusted only when the row lines up with the header and has
    # a real text under 三级指标 (not a shifted `=` or number).
    aligned = (
        len(row.cells) == header.width
        and level3_at is not None
        and level3_at < len(row.cells)
        and bool(row.cells[level3_at])
        and not _FRAGMENT.match(row.cells[level3_at].compact)
        and not _read_operator(row.cells[level3_at], next((c for c in row.cells[level3_at + 1:] if c), None))
        and not _shifted_right(row, header)
    )
    cells = [(i, c) for i, c in enumerate(row.cells) if c and not _ignored(c.compact)]
    if not cells:
        return None
    new1 = new2 = None
    rest: list[tuple[int, Cell]] = []
    # 权重 / 分值 and 指标方向 under their own headings, where the row lines up with them; else by their shape
    own_columns = header.own_columns
    own = ({own_columns[i]: c for i, c in cells if i in own_columns} if own_columns else {}) if aligned \
        else _weight_and_direction([c for c in row.cells if c], header)  # (定性 under 指标性质 marks the value)
    if own:
        cells = [(i, c) for i, c in cells if all(c is not o for o in own.values())]
    # (a row slid a cell right leaves one under no heading: `| 效益指标 | 成本指标 | 县直… | = 1500 元/人/月`)
    in_line = aligned and not short and all(i in header.roles for i, _ in cells)
    for i, cell in cells:
        lvl = level_of(cell.raw)
        if in_line and level3_at <= i < cells[-1][0] and lvl in (1, 2) and (new1 is None if lvl == 1 else new2 is None):
            # a row printed in line with its header, its level cells left blank under the merged ones above: the cell
            # under 三级指标 before its value is the 三级, whatever level it names (`| | 社会效益 | 显著提升`)
            lvl = None
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
    elif header.roles.get(rest[-1][0]) == "deadline" and calendar_date(last.compact, whole=True):
        # a date of another shape in the 完成时限 column (`2025年12月31日`, `2025年1-12月`, `2025年底前`): read as
        # the 依据, it glued the 依据 to the value (`100% 历史标准`, unflagged)
        deadline = make_deadline(last)
        texts.pop()
    if not texts:
        return None, level1, level2  # a deadline alone on its line (the account reports it if no field took it)
    if header.has_basis and len(texts) >= 3 and (aligned or not _value_like(texts[-1]) or _whole_value(texts[-2])):
        # (a short row ending in a value lost its blank 依据: `部门管理 | 资产管理 | 资产盘点率 | =100%`; not one
        # whose value comes before a 依据 with a figure, `培训场次 | ≥10场 | 2024年计划`)
        basis = make_text(texts.pop())
    value_cells: list[Cell] = []
    value_reasons: list[Reason] = []
    if len(texts) == 1 and not header.valued:
        # No 指标值 column (002 水电费): the value shares the 三级指标 cell.
        merged = _OPERATOR_VALUE.match(texts[0].raw) or _MERGED_VALUE.match(texts[0].raw)
        doubled = _doubled_word(texts[0])
        if merged:
            texts = [_sub_cell(texts[0], merged["level3"]), _sub_cell(texts[0], merged["value"])]
            value_reasons.append(Reason.column_inferred)
        elif doubled:
            texts = doubled
            value_reasons.append(Reason.column_inferred)
    # (asked whether a cell is under 描述: of a form that heads none, none is)
    role_of = {id(c): header.roles.get(i) for i, c in rest} if aligned and header.has_description else {}
    # a form printing its 描述 after its 指标值 (`三级指标 | 指标值 | 指标解释`): the last cell is no value
    described = texts.pop() if len(texts) >= 2 and role_of.get(id(texts[-1])) == "description" else None
    if len(texts) >= 2:
        value_cells.append(texts.pop())
        while len(texts) >= 2 and (
            (_FRAGMENT.match(texts[-1].compact) and role_of.get(id(texts[-1])) != "description")
            or value_cells[0].compact in _DASHES  # `- | 长期 | -`: dashes in the operator/unit columns
            or _read_operator(texts[-1], value_cells[0])
        ):
            value_cells.insert(0, texts.pop())
    description, guess = None, False
    if basis is not None and short and not aligned and value_cells and not _value_like(value_cells[-1]):
        # a short row's texts after its 三级 where neither is shaped as a value: which blank was dropped, the
        # 依据's or another's, no position tells (`社会稳定 | 维护社会稳定 | 有效维护`)
        value_reasons.append(Reason.cell_shifted)
        doubt(basis, Reason.cell_shifted)
    levelled = header.levelled
    if len(texts) >= 2 and new2 is None and not aligned and (
            not header.has_description or short and new1 is not None and levelled):
        # (a short row that names its 一级 starts at the 一级's column: its next cell is the 二级)
        # Scrambled columns: the texts before the value are (一级,) 二级 and 三级.
        if len(texts) >= 3 and new1 is None:
            new1 = texts.pop(0)
            level1 = _level_text(new1, [Reason.cell_shifted])
        level2 = _level_text(texts.pop(0), [Reason.cell_shifted])
    if len(texts) >= 2:
        # a second text where the form has no 描述 column: which cell is the value is a guess
        shifted = [] if header.has_description else [Reason.cell_shifted]
        value_reasons += shifted
        # a short row whose level cells name no level: `预算管理 | 预算执行率 | ≥95%` is a 二级 and its 三级
        # with the 描述 dropped, or a 三级 and its 描述 under the 二级 above; which, no position tells
        guess = header.has_description and short and not aligned and new2 is None and levelled \
            and texts[0].compact != texts[1].compact and _name_like(texts[0])
        description = make_text(texts[1], reasons=shifted or ([Reason.cell_shifted] if guess else []))
    if described is not None and description is None:
        description = make_text(described)
    elif description is None and short and not aligned and (header.has_description or header.has_basis) \
            and value_cells and not any(_value_like(c) for c in value_cells) and Reason.cell_shifted not in value_reasons:
        # `保洁质量 | 达到国家标准` under 三级 | 指标值 | 指标解释, one blank dropped: a text after the 三级 alone, no
        # value's shape, is the value or the 描述 (依据); no position tells
        value_reasons.append(Reason.cell_shifted)
    level3_reasons = [Reason.cell_shifted] if description is not None and guess else []
    value_at = header.value_at
    if len(row.cells) == header.width and not aligned and value_at is not None and level3_at is not None \
            and not row.cells[level3_at] and row.cells[value_at] is texts[0] and _value_like(texts[0]):
        # a row printed with all its cells, its 三级 cell blank: the text taken for its 三级 is the value under 指标值
        # (`| | | ≤5万元/年 | 10 | 反向 | 计划标准`), the value taken its neighbour; a row slid a cell right
        # (`| | | 基础管理 | 依法行政能力 | = | 100 | %`) has a name under 指标值
        level3_reasons.append(Reason.cell_shifted)
        value_reasons.append(Reason.cell_shifted)
    level3 = make_text(texts[0], reasons=level3_reasons or None)
    l1 = level1
    parent = _parent_of(level2) if level2 is not None else None
    if parent and level1 is None:
        # 一级 not printed (004): the printed 二级 names it.
        l1 = reread_text(level2.raw, level2.span, parent, Reason.column_inferred)
    elif parent and parent != level1.value and new1 is None and level1.value in _STANDARD_LEVEL1.values():
        # The carried-over 一级 contradicts the printed 二级: trust the 二级.
        l1 = reread_text(level1.raw, level1.span, parent, Reason.hierarchy_mismatch)
    indicator = made_indicator(
        weight=_weight(own["weight"]) if "weight" in own else None,
        direction=make_text(own["direction"]) if "direction" in own else None,
        level1=l1,
        level2=level2,
        level3=level3,
        value=_value(value_cells, value_reasons, ocr=ocr) if value_cells else None,
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


_WORD_VALUES = ("无", "是", "否", "有")  # values printed as one character


_DATE_VALUE = LazyPattern(r"^[≥≤<>=]?[于在]?\d.*[^\d\s]$")  # what a time limit printed whole begins and ends with


def _date_value(compact: str) -> bool:
    """Whether an OCR value (its spaces taken out) is a calendar date or time limit printed whole: its figure
    first (after an operator, 于 or 在) and a word last (`2025年11月底前`, `≤2025年12月31日`), not a date after
    other words nor one cut off after its figures."""
    return bool(_DATE_VALUE.match(compact)) and calendar_date(compact)


def _garbled(raw: str, parsed) -> bool:
    """A value as OCR left it that no form prints: digits or letters inside a
    text, a number with no unit after it (`7z琅`) or with a speck or digit glued
    on (`2 人`, `959%6`), a lone digit or character where an operator, number and unit stood."""
    compact = "".join(raw.split())
    if parsed.number is None:
        # a phrase printed whole has no lone character between gaps or stops (`人 人`, `定, 下分`, not
        # `安全、稳定`); a unit alone lost its number (`站人`)
        pieces = [p for p in re.split(r"[\s,，.。;；:：、]+", raw.strip()) if p]
        broken = len(pieces) > 1 and any(len(p) == 1 for p in pieces) and len(compact) <= 6
        unit_alone = len(compact) <= 3 and compact[-1:] in "人次个件元分%"
        # a date's digits are its own (时效指标 `12月底`, read as text); a letter is no date's (`2O25年`), nor are
        # digits after other words (`长期 2021年12`: a 完成时限 glued on) or a date cut short (`2021年12`)
        stray = re.search(r"[A-Za-z]", raw) or re.search(r"\d", raw) and not _date_value(compact)
        return bool(stray) or len(compact) == 1 and compact not in _WORD_VALUES or broken or unit_alone
    if parsed.unit and (parsed.unit[0] not in _UNIT_START or re.search(r"\s\S$|\d|/$|[:：;；,，]", parsed.unit)):
        # (`人/`: a compound unit its wrap cut, 元/人/月 printed down its cell; `元/人:年`: a mark no unit prints, the
        # OCR's reading of its `·` or a speck)
        return True
    return parsed.operator is None and not parsed.unit and len(compact) == 1


def _value(cells: list[Cell], reasons: list[Reason], ocr: bool = False) -> IndicatorValue:
    read_operator = _READ_OPERATORS.get(cells[0].compact) if len(cells) > 1 else None
    parts: list[str] = []
    for cell in cells:
        text = clean_text(cell.raw)
        if parts and text in ("%",) and parts[-1].endswith("%"):
            continue  # `95%` followed by a 度量单位 cell `%`
        parts.append(text)
    # a value wrapped over lines (`>80百分` + `比`) is one word again; cells side by side keep a space
    raw = "".join(parts) if ocr else " ".join(parts)
    # the raw stays as printed (二 100 %); the value is read with the operator it stands for
    parsed = parse_indicator_value(" ".join([read_operator, *parts[1:]]) if read_operator else raw, ocr=ocr)
    reasons = list(reasons)
    if ocr and _garbled(raw, parsed):
        reasons.append(Reason.illegible)
    if parsed.ambiguous or read_operator is not None:
        reasons.append(Reason.number_ambiguous)
    if parsed.repaired:
        reasons.append(Reason.number_repaired)
    return cell_indicator_value(raw, cells[0].start, cells[-1].end, parsed.operator, parsed.number, parsed.number_high,
                                parsed.unit, parsed.text, confidence(reasons), reasons)


# ------------------------------------------------------------------ any layout, any OCR

# The words of an indicator tree's header row, matched with OCR tolerance.
_VALUE_HEADS = {"指标值", "绩效值", "指标值及单位", "度量单位"}
_HEADER_MATCH = 75  # rapidfuzz ratio: `-级指标` is 一级指标, `指标全` is not 指标值
# The longest text a heading of `TREE_COLUMNS` may read as at `_HEADER_MATCH`: a ratio is 200 × the characters two
# texts have in common (in order) / both lengths, and they have no more in common than the heading's length.
_HEADER_REACH = max(len(c) for c in TREE_COLUMNS) * (200 - _HEADER_MATCH) // _HEADER_MATCH
# Level names as forms print them, with and without the 指标 suffix (docs/domain.md):
# the closest one is the name read, so `21-经济效益` stays 经济效益 and `广出指标` is 产出指标.
_LEVEL_WORDS = {
    **{name: 1 for name in LEVEL1},
    **{name: 2 for key in LEVEL2_PARENT for name in (key, key.removesuffix("指标"))},
}
_LEVEL_MATCH = 75
_REPEATED = 90  # rapidfuzz ratio of a 三级 and the 描述 beside it that repeats it (OCR damage aside)
_BOTTOM_SHARE = 0.6  # a wrapped cell's last line, shorter than its full lines (`比率显著提高` under 21 characters)
# A value its narrow cell cut after the first digits (`=9`, `>9`, `-10`), and the rest on the next line (`5%`, `0%`).
_CUT_VALUE = LazyPattern(rf"^[{_OPERATOR_MARKS}二三-]+\d{{1,2}}$")
_VALUE_REST = LazyPattern(r"^\d{0,2}[%％]$|^\d{1,2}[%％]?$")
# The rest of a compound unit cut at a slash (`<20元/` over `人/月`).
_UNIT_REST = LazyPattern(r"^[\u4e00-\u9fff]{1,2}(/[\u4e00-\u9fff]{1,2})*$")
# A wrapped cell's full lines are about as long as its longest; its last may be shorter (the key tasks of
# the department reader wrap alike).
FULL_SHARE = 0.9
_LEVEL3_CHARS = 3  # CJK characters a 三级 read from OCR lines holds at least (设备质量, 满意度)
_ANNOTATION = LazyPattern(r"[(（〈【\[<《]\s*[^)）\]】〉>》]*(必|选|填|硬性)[^)）\]】〉>》]*[)）\]】〉>》]?|[(（〈【]\s*(长期|年度)\s*[)）】〉]")
# What a level name's annotation leaves when a rule cuts it off (`社会效益指标〈必 | 填)`).
_ANNOTATION_ONLY = LazyPattern(r"^[(（〈【\[]?\S{0,2}填\S{0,4}[)）〉】\]]$|^[(（〈【\[]\S{0,2}[必选]\S{0,5}[)）〉】\]]?$")
_LEAD = LazyPattern(r"^[\dOoIl\]]{1,2}\s*[-、.．]?\s*")  # (`]4-成本`: tesseract's bracket for a 1)
_EDGE_SPECKS = LazyPattern(r"^[“”\"'‘’|｜,，。、:;：；·.\s]+|[“”\"'‘’|｜,，。、:;：；·\s]+$")


@lru_cache(maxsize=8192)
def _header_word(compact: str) -> str | None:
    name = _ANNOTATION.sub("", SPECKS.sub("", compact))
    name = re.sub(r"[(（].*$", "", name)
    if not 3 <= len(name) <= _HEADER_REACH:
        return None  # (a tree's rows print longer texts than its headings, a 三级 or a 描述: no fuzzy match asked)
    label = PROJECT_LABELS.match(name)
    if label is not None and not label.weak and label.field != "heading" and label.score > _HEADER_MATCH:
        return None  # a label of the form's head (绩效目标 is no 绩效标准)
    hit = process.extractOne(name, TREE_COLUMNS, scorer=fuzz.ratio, score_cutoff=_HEADER_MATCH)
    return hit[0] if hit else None


_USUAL_ORDER = ("level1", "level2", "level3", "description", "value", "deadline", "basis", "weight", "scoring",
                "direction")


def joined_header(top: Row | None, named: Row, bottom: Row | None) -> Row:
    """One header row for the tree of a multi-project list whose header the OCR wrapped over three lines (`预算  一级
    指标  指标  度量  指标方` / `单位名称  项目名称  年度目标  二级指标  三级指标  权重` / `数  指标  性质  值  单位  向`):
    the headings printed whole on the `named` line and those parted over the lines above and below it, joined
    in order where both print as many pieces (`指标方` + `向`), else each piece as it is; only the tree's
    headings (`_header_word`, `_header_role`): the list's own columns (单位名称, 预算数) are not the tree's.
    No place tells the columns' order: the headings in the usual one (`_USUAL_ORDER`: 一级 | 二级 | 三级 | 指标值 |
    权重 | 指标方向), the roles they name (权重, 指标方向) read by shape where a line's cells are not one a heading."""
    cells = [(c.raw, c.start, c.end) for c in named.filled]
    if top is not None and bottom is not None and len(top.filled) == len(bottom.filled):
        cells += [(a.raw + b.raw, a.start, b.end) for a, b in zip(top.filled, bottom.filled)]
    else:
        cells += [(c.raw, c.start, c.end) for row in (top, bottom) if row is not None for c in row.filled]
    cells = [c for c in cells if _header_word(compact_text(c[0])) or _header_role(compact_text(c[0]))]
    # (in the trees' usual order, a line with a cell under each read by it; all at one place: where a heading
    # starts tells no column, `_heading_columns`)
    cells.sort(key=lambda c: _USUAL_ORDER.index(_header_role(compact_text(c[0])) or "value"))
    return Row([Cell(*c) for c in cells])


def _header_words(cells: list[Cell]) -> set[str]:
    return _header_words_of([c.raw for c in cells])  # (their raw texts: `compact_text` of a compact text may differ)


def _header_words_of(texts: list[str]) -> set[str]:
    """The tree's header words (`_header_word`) that cells of these texts name."""
    return {w for t in texts if (w := _header_word(compact_text(t)))}


def _bare_level_name(compact: str) -> tuple[re.Match | None, str]:
    """A level cell's numbering (or None) and its name without the numbering, annotations and specks."""
    name = SPECKS.sub("", _ANNOTATION.sub("", compact))
    numbering = _LEAD.match(name)
    return numbering, re.sub(r"[(（〈【\[].*$", "", name[numbering.end():] if numbering else name)  # (cut by the OCR)


@lru_cache(maxsize=8192)
def _level_word(compact: str) -> tuple[int, str, bool] | None:
    """(level, vocabulary name, read exactly) for a cell naming an indicator
    level, through OCR noise: numbering (`11-`, `1、`), annotations
    (`(必填硬性指标)`, `〈必 | 填)`), a speck or two before the name (`工产出指标`)."""
    numbering, name = _bare_level_name(compact)
    if not 2 <= len(name) <= 12:
        return None
    if name in _LEVEL_WORDS:
        return _LEVEL_WORDS[name], name, True
    digits = re.sub(r"[^\dOoIl\]]", "", numbering.group()) if numbering else ""
    if len(digits) in (1, 2) and len(name) <= 4:
        # the 宁夏 template's numbering says the level of a name cut by its wrap or garbled past its first
        # two characters: `22-社会` / `效益`, `24 可持` / `续影响`, `2效益` / `指标`; or, a digit of it lost,
        # the other level (`2生态M莹`: 23-生态效益). The template's 一级 only: `2社会` is 22-社会效益, no
        # department form's 社会效应.
        def cut_at(level: int) -> str | None:
            return next((w for w, lv in _LEVEL_WORDS.items() if lv == level and w.startswith(name[:2]) and w != name
                         and (level == 2 or w in _STANDARD_LEVEL1.values())), None)
        cut = cut_at(len(digits)) or cut_at(3 - len(digits))
        if cut:
            return _LEVEL_WORDS[cut], cut, False
    hit = process.extractOne(name, list(_LEVEL_WORDS), scorer=fuzz.ratio, score_cutoff=_LEVEL_MATCH)
    if hit is None and len(name) > 4:
        # specks glued before the name: `工产出指标`, `蒜成本指标`; before a 二级 of four characters garbled as the
        # first pass allows (`区生态履益`, `卫经济改益`: 23-生态效益, 21-经济效益 with their numbering misread)
        hit = process.extractOne(name[-len(name) + 1:], list(_LEVEL_WORDS), scorer=fuzz.ratio, score_cutoff=85) \
            or process.extractOne(name[1:], [w for w in _LEVEL_WORDS if len(w) == 4 == len(name) - 1
                                             and _LEVEL_WORDS[w] == 2], scorer=fuzz.ratio, score_cutoff=_LEVEL_MATCH)
    if hit is None or len(hit[0]) < 4 and hit[1] < 100:
        return None
    return _LEVEL_WORDS[hit[0]], hit[0], False



# How units begin (%, 元, 万元, 个月, 场次, 家公司, 平方米, km …): `2效益` or `3这请` is no number with a unit.
_UNIT_START = set("%‰百万千亿元角个月年天日周工小时分秒件人次场家台名辆项套批篇份所户座期册本张条处间栋亩米公平立方吨只头株棵部类倍起例宗kKmMtTLhH")
# A 三级 and its value in one cell, parted by a space before an operator, or before tesseract's `二` / `三`
# for ≥ before a figure (`无纸化数据 二 60%`), or before a figure with its unit, bare or behind one character
# where the operator stands (`育工作满意度 95%`, `产生水电费金额 科100000元`, `断电次数 和 5次`): the value last;
# a year (`收回) 2021年底`) is a date or the 三级's own words, no value.
_MERGED_OCR = LazyPattern(
    rf"^\s*(?P<level3>\S.*?\S)\s+(?P<value>(?:[{_OPERATOR_MARKS}]|[二三](?=\s*\d))\s*\S.{{0,15}}"
    rf"|(?:[\u4e00-\u9fff]\s*)?(?!{YEAR}\s*年)\d[\d.,]*\s*(?:%|百分比?|[\u4e00-\u9fff/]{{1,4}}))$")
_NUMBERED = LazyPattern(r"^\d{1,2}\s*[、.．-]")
# The first characters of a numbered 一级 printed down its merged cell (`1产` / `出指` / `标`, `2效`):
# the top line of the band of rows it stands beside.
_LEVEL_PIECE = LazyPattern(r"^[1-3]\s*[-_、.．]?\s*[\u4e00-\u9fff]{1,2}$")
# `经济允项指款(渴斋)`, `生坊效总指标《选需)`: an annotation (必填, 选填 …) marks a level name
# however garbled the name is.
_MARKED = LazyPattern(
    r"^(?P<name>\S{3,9}?)(?:[(（〈【《<\[]\S{0,3}[必选填需硬]\S{0,6}[)）〉】》>\]]?|[必选]\S{0,6}[)）〉】》>\]])$")


# A 完成时限 as printed, or the piece of it a wrap leaves on a line (`2022年` / `12月`, `2022` / `年12` / `月`).
# (a month's 1 read as `]`: `年]2`)
# (a year as `numbers.YEAR` reads it: `2o21年12月`, its 0 read as o)
_DEADLINE_PIECE = LazyPattern(
    rf"^({YEAR}\s*[^\d\s%]?(\s*\d{{1,2}}\s*月?)?|年?\s*[\d\]]\d?\s*月|年\s*[\d\]]\d?|月|年底前?|年内)(底|前|末)?$")


# A date's piece whose 年, 月 or 1 OCR misread: `生12`, `乍:2`, `:2`, `:2有`, `1朝` (12月). Its figure is a
# month (`入0` is a glyph for ≤ before a figure, no 年 before month 0), or a month's last digit after its misread 1.
_MISREAD_PIECE = LazyPattern(r"^[\u4e00-\u9fff](?:[\]:：]\d|1[0-2]|[1-9])$|^[\]:：]\d[\u4e00-\u9fff]?$|^1[^\W\d_%]$")
_YEAR = LazyPattern(rf"^{YEAR}\S?$")  # a date's year, its month wrapped onto the next line
# The figures a wrap leaves of a year (`202` / `1年12月`, `20` / `21年`): its first figures only, so no `YEAR`,
# which reads a year whole.
_YEAR_START = r"(?:19|20)\d{0,2}"
_CUT_YEAR = LazyPattern(rf"^(?:{YEAR}\S?|{_YEAR_START})$")  # a year (`_YEAR`), or one its wrap cut
_YEAR_TAIL = LazyPattern(r"^\d{1,2}年\d{1,2}月(底|前|末)?$")  # the rest of a year its wrap cut, with the month
# A value with its unit (`> 56 人`, `2 个`) and, a space after it, a date's first piece (`2021`, `202`, `2021年12`).
# (or a unit alone after a 三级, its figure lost: `补助资金按时发放率 % 2021`)
_UNIT_ALONE = r"(?:[%％]|[元万人件次个天台场家]+(?:/[人月年次件])*)"
_GLUED_PIECE = LazyPattern(rf"^(?P<value>[^\d]*\d[\d.,]*\s*[^\d\s]{{1,6}}|[^\d]*\S\s+{_UNIT_ALONE})"
                           rf"\s+(?P<piece>{_YEAR_START}(?:年\d{{0,2}}月?)?)$")
# A 三级 and what is left of its value on a line that printed the row's date: the unit, its figure lost.
_LOST_FIGURE = LazyPattern(rf"^(?P<level3>\S.*?\S)\s+(?P<value>{_UNIT_ALONE})$")


def _peel_deadline(cells: list[Cell], loose: bool = False) -> tuple[list[Cell], list[Cell]]:
    """A line of a tree whose form has a 完成时限 column as (the line's other cells, its
    完成时限 cells): the date or date piece ending it (or standing alone: `2023`), and a
    date glued to the value before it (`=0%2021年12月`). The date is no value: read as one,
    every piece of a wrapped date would close a row of its own. `loose`, in a tree known to
    print dates, also takes a piece whose 年 OCR misread (`生12`, `全12`, `乍:2`)."""
    if not cells:
        return cells, []
    for k in (2, 1):  # (the grid may part a piece's year from its month: `年 | 12`)
        piece = "".join(c.compact for c in cells[-k:])
        if len(cells) >= k and (_DEADLINE_PIECE.match(piece) or loose and (_MISREAD_PIECE.match(piece)
                                                                            or _YEAR_TAIL.match(piece))):
            return cells[:-k], cells[-k:]
    # A whole 完成时限 of another shape (`numbers.calendar_date`): `2025年12月31日`, `2025年1-12月`, `2025年底前`,
    # `2025.12.31` (read as the 依据, each glued the 依据 to the value: `100% 历史标准`). A time limit prints these
    # under 指标值 too, so taken as the 完成时限 only after a value.
    if len(cells) >= 2 and calendar_date(cells[-1].compact, whole=True) and any(_value_cell(c) for c in cells[:-1]):
        return cells[:-1], cells[-1:]
    if loose and len(cells) >= 2 and CJK.fullmatch(cells[-1].compact) and cells[-1].compact not in _WORD_VALUES \
            and _value_cell(cells[-2]):
        return cells[:-1], cells[-1:]  # a character where the date's piece stands, after the value: OCR's reading of it
    last = cells[-1]
    m = _DEADLINE.match(clean_text(last.raw))
    if m and m["value"].strip() and (not m["value"][-1:].isdigit() or m["value"] != m["value"].rstrip()):
        # (`=1002021年12月` is no split one can trust: a digit of the value or of the year)
        return [*cells[:-1], _sub_cell(last, m["value"].strip())], [_sub_cell(last, m["deadline"])]
    m = _GLUED_PIECE.match(clean_text(last.raw)) if loose else None
    if m:
        # `> 56 人 2021` / `年12月`: the date's first piece glued by a space to the value before it, the rest wrapped
        return [*cells[:-1], _sub_cell(last, m["value"])], [_sub_cell(last, m["piece"])]
    return cells, []


def _doubled_word(cell: Cell) -> list[Cell] | None:
    """`无无`: the 三级 and the value of a row with nothing to measure, read as one
    cell (the space between them lost), as those two cells; else None."""
    compact = cell.compact
    if len(compact) == 2 and compact[0] == compact[1] in _WORD_VALUES:
        return [_sub_cell(cell, compact[0]), Cell(compact[1], cell.end - 1, cell.end)]
    return None


def _level_cell(cell: Cell) -> tuple[int, str, bool] | None:
    """`_level_word`, or the closest level-2 name for a name carrying an annotation."""
    return _level_of_compact(cell.compact)


@lru_cache(maxsize=8192)  # (by the text: a page's lines are asked again by each reader of its tree)
def _level_of_compact(compact: str) -> tuple[int, str, bool] | None:
    """`_level_cell` of a cell whose text without whitespace is `compact`."""
    found = _level_word(compact)
    if found:
        return found
    m = _MARKED.match(SPECKS.sub("", compact))
    if not m:
        return None
    level2 = [w for w, level in _LEVEL_WORDS.items() if level == 2]
    hit = process.extractOne(_LEAD.sub("", m["name"]), level2, scorer=fuzz.ratio, score_cutoff=40)
    return (2, hit[0], False) if hit else None


# A level name the OCR garbled but for its 指标 (`荆数时指标`, `娶质日指标`, `茎质量指奈`), its numbering
# kept or misread (`]3 台指标` for 13-时效指标): no vocabulary name reads from it, its level follows from the
# template's order.
# A text starting with one character and a clause's stop (`建，不断提高执法人员`): the end of a word wrapped from
# the line above, no start of a cell (a numbering's 一、 aside).
_CUT_START = LazyPattern(r"^[\u4e00-\u9fff](?<![一二三四五六七八九十])[，,；;。]")
_CUT_END = LazyPattern(r"[，,、；;][\u4e00-\u9fff]$")  # a wrapped cell's line ending one character into a phrase
_GARBLED_LEVEL = LazyPattern(r"^(?:[\]\[|Il]?\d{1,2}[-、.．]?)?[^\d\s]{1,4}指[标奈]$")


def _kind_of_output(found: tuple[int, str, bool]) -> bool:
    """A 二级 of 产出指标 (数量, 质量, 时效, 成本): a kind of output, never the name of one measure, so a
    cell naming it is no 三级 (a satisfaction is both: `31-服务对象满意度 | ≥98%`)."""
    return found[0] == 2 and LEVEL2_PARENT.get(_canonical_level2(found[1]) or "") == _STANDARD_LEVEL1["1"]


def _glued_level(cell: Cell) -> tuple[Cell, tuple[int, str, bool]] | None:
    """A level name at the end of a cell, after specks or another level's tail parted from it by a
    space (`2和 21 -经济效益`): the name's part of the cell and the level read from it."""
    for m in re.finditer(r"\s+", cell.raw.strip()):
        part = _sub_cell(cell, cell.raw.strip()[m.end():])
        found = _level_word(part.compact)
        if found is not None:
            return part, found
    return None


def _value_cell(cell: Cell) -> bool:
    """An indicator value as OCR prints it: a number, or an operator before anything."""
    return _value_text(cell.raw)


@lru_cache(maxsize=16384)  # (by the text: a line's cells are asked again and again as its tree is read)
def _value_text(raw: str) -> bool:
    text, compact = clean_text(raw), compact_text(raw)
    if _FRAGMENT.match(compact) or _DEADLINE.match(text):
        return True
    if re.match(rf"^[{_OPERATOR_MARKS}二三]\s*[\dlIoO]|^[-—一]\s*\d|^[{_OPERATOR_MARKS}-]\s*\S", text) and len(compact) <= 16:
        return True
    if _NUMBERED.match(compact) and not re.match(r"^\d+[.．]\d", compact):
        return False  # `3、效益光`: a numbered level name, however garbled
    if glyph_operator(raw):
        return False  # `科100百` among a line's cells is the top of a band (`_top_halves`), alone on its line a value
    parsed = parse_indicator_value(raw, ocr=True)
    return parsed.number is not None and len(compact) <= 12 and (not parsed.unit or parsed.unit[0] in _UNIT_START)


def _stream_value(cell: Cell) -> bool:
    """A value printed on a line of its own: as `_value_cell`, or a figure after a character
    standing where its operator stands (`过80百分比`, `numbers.glyph_operator`)."""
    return _value_cell(cell) or glyph_operator(cell.raw) is not None


def _unit_speck(value: Cell, after: Cell) -> bool:
    """A unit alone after a figure that prints its own (`2人 | 人`): no unit of that figure, but what
    the OCR read in the next column (a 依据 garbled to one character)."""
    if DIGIT.search(after.compact) or not _FRAGMENT.match(after.compact):
        return False
    parsed = parse_indicator_value(value.raw, ocr=True)
    return parsed.number is not None and bool(parsed.unit)


def _split_speck(cell: Cell) -> list[Cell]:
    """`<loo人 证`: a value with a one-character speck of the next column glued on
    comes apart as [value, speck]; any other cell as [cell]."""
    m = re.match(r"^(.*\S)\s+(\S)$", cell.raw)
    if not m or not parse_indicator_value(m[1], ocr=True).number:
        return [cell]
    return [Cell(m[1], cell.start, cell.start + len(m[1])), Cell(m[2], cell.end - 1, cell.end)]


def _unspecked(cells: list[Cell]) -> str:
    """The text of cells without specks: `本 年初工作计划` reads 年初工作计划."""
    words = " ".join(c.raw for c in cells).split()
    return SPECKS.sub("", "".join(w for w in words if len(w) > 1 or len(words) == 1))


_RULES = LazyPattern(r"[-—_=一二三]")  # what tesseract reads from a table's ruling lines


def _whole_level3(top: list[Cell], texts: list[Cell], description: list[Cell] | None) -> tuple[list[Cell], list[Cell] | None]:
    """The 三级 of a row read over a band: the top's text and the middle line's, unless one
    of the middle's cells holds it whole, printed on one line where the 三级 cell wrapped:
    the middle's 三级 the top's text starts (`创新工作交成` over `创新工作完成率`), or its
    描述 repeating the 三级 (`项目建设的经` + `江亿` beside `项目建设的经济性`). The pieces
    are kept as the 描述."""
    pieces = [*top, *texts]
    head, read = _unspecked(top), _unspecked(texts[:1])
    if len(read) >= len(head) and fuzz.partial_ratio(head, read) >= _LEVEL_MATCH:
        return texts, [*top, *(description or [])]
    whole = _unspecked(description or [])
    if len(whole) >= _LEVEL3_CHARS and fuzz.ratio(_unspecked(pieces), whole) >= _LEVEL_MATCH:
        return description, pieces
    if len(read) >= _LEVEL3_CHARS and fuzz.ratio(read, whole) >= _REPEATED:
        # the middle's 三级 and its 描述 alike (`普法宣传次数 | 普法宣传次数`): printed whole on the line;
        # the top is another column's wrap (`年初工作计` of a 依据)
        return texts, [*top, *(description or [])]
    return pieces, description


def _level_tail(cell: Cell, names: list[str]) -> bool:
    """A cell holding the end of a level name wrapped down its cell (`标`, `指标`, `度指标`)."""
    end = SPECKS.sub("", cell.compact)
    return 0 < len(end) <= 3 and any(n.endswith(end) and len(n) > len(end) for n in names)


def _read_value(cells: list[Cell] | None) -> bool:
    """Whether value cells hold a value at all: not nothing, one character, an
    operator alone, a unit alone or dashes (`让`, `>`, `人`, `二一一`): the OCR's reading of a rule."""
    compact = SPECKS.sub("", "".join(c.compact for c in cells or []))
    if compact in _WORD_VALUES:
        return True
    if len(cells or []) > 1 and all(len(c.compact) == 1 and c.compact not in _OPERATOR_MARKS for c in cells):
        return False  # `3 | 3 | 年`: specks in several columns, no operator among them
    if len(_RULES.sub("", compact)) <= 1:
        return False  # `天-一-一`, `二一一`: table rules read as dashes and 一
    return len(compact) > 1 and (bool(DIGIT.search(compact)) or cjk_count(compact) > 1)


def _phrase(cells: list[Cell] | None) -> bool:
    """Value cells holding a phrase (`当地财政承担70%`, `有效防范`), which may wrap, not a figure."""
    return cjk_count("".join(c.compact for c in cells or [])) >= 3


def joined_pieces(cells: list[Cell], sep: str = "") -> Cell:
    """One cell of a text's pieces wrapped over lines, their raw texts joined by `sep`, from the first's start to the
    last's end."""
    return Cell(sep.join(c.raw for c in cells), cells[0].start, cells[-1].end)


@dataclass
class _Open:
    """An indicator being read: the texts of its 三级 (from one or more lines), its
    description, value and basis cells."""

    level1: Text | None
    level2: Text | None
    level3: list[Cell]
    description: list[Cell] | None = None
    value: list[Cell] | None = None
    basis: list[Cell] | None = None
    deadline: list[Cell] | None = None  # the 完成时限 column's cells, wherever the row's lines printed them
    doubt: bool = False
    orphan: bool = False  # a value line with no 三级 text yet
    line: int = 0  # the line that closed it
    leveled: bool = False  # that line named a level (a band's middle line)
    opened: bool = False  # that line began with the piece of a level name cut by its wrap (a band's top line)
    tops: int = 0  # the lines above the value's its 三级 began on
    tails: int = 0  # the lines under the value's its wrapped texts went on to (`_tails`)
    width: int = 0  # the characters of the 三级 printed beside the value
    top_width: int = 0  # the characters of the widest cell on the lines above the value's
    whole: bool = False  # its wrapped cells were read whole (`_join_band_tops`): no line after it goes on with it
    ended: bool = False  # a line under it ended its wrapped 三级, shorter than the cell's full lines (`_tails`)
    cut: bool = False  # its 三级 may go on in lines the next row took as its top (its value is no less sure)
    own: dict[str, Cell] = field(default_factory=dict)  # its 权重 and 指标方向 cells (`_own_cells`), by role

    @property
    def topped(self) -> bool:
        """Its 三级 began on a line above the value's."""
        return self.tops > 0


def _nothing(texts: list[Cell], value: list[Cell] | None) -> bool:
    """A line's 三级 and value both the form's word for nothing (`无 | 无`): a row printed whole on one line."""
    return len(texts) == 1 and texts[0].compact in _WORD_VALUES and bool(value) \
        and "".join(c.compact for c in value) == texts[0].compact


_HALF_CHARS = 4  # characters at most of a wrapped 三级's bottom half beside its value's, after a level column's specks
_TAIL_CHARS = 2  # characters at most of a wrapped 三级's last line (`性`, `时性`): no 三级 of its own


def _join_wrapped_tails(rows: list[_Open]) -> list[_Open]:
    """Rows that are the bottom line of the row above, joined to it: a wrapped 三级 and a wrapped text value
    both going on to the next line (`案件补贴资金发放及时 | 案卷评查完毕后及` over `13-时效指标 | 性 | 时发放`).
    The bottom line holds a tail of one or two characters where a 三级 stands, none a 三级 of its own, and a text
    where the value stands, right under a row whose value is a text too; a level the bottom line names is the
    joined row's (its level cell centred on the row's two lines). Two lines that each name a level are two
    rows (`21-经济效益 | 无 | 无` over `22 社会效益 | 会 | 有效预防法`), and so is a tail like its value
    (`无 | 无`). The joined row is in doubt (its pieces taken from two lines)."""
    out: list[_Open] = []
    for row in rows:
        above = out[-1] if out else None
        if above is not None and not above.value and row.value and row.line == above.line + 1 and above.leveled \
                and not row.leveled and above.level3 and not above.orphan and not row.orphan:
            # `质量标 | 年度内在及时支付水电费的情况下，要求供应` over `商断水断电次数 和 5次`: a 三级 wrapped under
            # the line that named its 二级, its value on the bottom line
            above.level3 = [*above.level3, *row.level3]
            above.value, above.basis, above.doubt = row.value, row.basis or above.basis, True
            above.own = {**row.own, **above.own}
            continue
        if above is not None and above.value and row.value and row.line == above.line + 1 and len(row.level3) == 1 \
                and len(row.level3[0].compact) <= _TAIL_CHARS and row.level3[0].compact != "".join(c.compact for c in row.value) \
                and not any(ch.isdigit() for c in (*above.value, *row.value) for ch in c.compact) \
                and not (above.leveled and row.leveled):
            above.level3 = [*above.level3, *row.level3]
            above.value = [*above.value, *row.value]
            if row.leveled:
                above.level1, above.level2 = row.level1, row.level2
            above.doubt = True
            above.own = {**row.own, **above.own}
            continue
        out.append(row)
    return out


class _OcrTree:
    """Reads an indicator tree line by line through the vocabulary, whatever the
    layout and the OCR left of its columns: level names where they are found
    (fuzzily), the value where a value-like cell stands, the 三级 text from the
    cells before it and from the lines around it that hold no value."""

    def __init__(self, header: set[str], trailing: bool, carry: Text | None, ocr: bool = True, dated: bool = False,
                 date_pieces: frozenset[int] = frozenset(), date_starts: frozenset[int] = frozenset(),
                 halves: frozenset[int] = frozenset(), columns: dict[int, str] | None = None):
        self.ocr = ocr  # tesseract lines: read values through OCR's operators and doubt garbled ones
        # where each heading starts on the header's lines (display column → role): in text whose cells start where
        # their headings do (`_aligned`), a cell's column is where it starts
        self.columns = columns or {}
        # cells printed one a line (`_regroup_stream`): a figure after an operator's glyph stood alone, a value
        self.is_value = _value_cell if ocr else _stream_value
        self.has_description = bool(header & {"绩效指标描述", "指标解释"})
        self.has_level2 = "二级指标" in header
        self.has_level1 = self.has_level2 or "一级指标" in header  # (a form with a 二级 column prints a 一级 before it)
        # a 完成时限 column: its dates (or their pieces, wrapped down the cell) end the lines and are taken
        # apart before the values are looked for (`_peel_deadline`); the column after 指标值 is that one
        self.has_deadline = dated or "完成时限" in header
        self.date_pieces = date_pieces  # the cells of dates printed down a narrow column (`_wrapped_dates`)
        self.date_starts = date_starts  # their first pieces: a row's lines begin there
        self.halves = halves  # cells joined from a band's two lines (`_join_band_tops`): their row is whole
        self.band_open = False  # a date's first piece began a row's lines that no value line has closed yet
        self.has_basis = trailing and not self.has_deadline or bool(header & {"指标值确定依据", "绩效标准"})
        self.deadline: list[Cell] = []  # 完成时限 pieces waiting for the row their lines belong to
        self.dated_line = False  # the line being read printed a date's year, or a whole date
        self.whole_date = False  # the line being read printed a whole date
        self.level1, self.level2 = carry, None
        self.pending: list[Cell] = []  # text lines waiting for the value line of their row
        self.pending_lines: list[int] = []  # the lines they were read on
        self.pending_counts: list[int] = []  # how many of the cells each of those lines holds
        # the levels of the first of them when it ended in a speck where its value stood (a row whose value is lost)
        self.pending_row: tuple[Text | None, Text | None] | None = None
        self.out: list[_Open] = []
        self.last_closed: _Open | None = None
        self.lines = 0  # lines read
        self.speck_at = 0  # the last line that ended in a speck
        self.stain_at = 0  # the last line whose speck was a character
        self.opened = 0  # the last line that began with the piece of a level name
        self.named_at = {1: 0, 2: 0}  # the last line that named a level, by level
        self.waiting: dict[str, Cell] = {}  # 权重 / 指标方向 cells read on lines whose row is not closed yet

    def _level(self, cell: Cell, found: tuple[int, str, bool]) -> None:
        level, name, exact = found
        self.named_at[level] = self.lines
        text = make_text(cell, name, [] if exact else [Reason.illegible])
        if level == 1:
            self.level1, self.level2 = text, None
            return
        self.level2 = text
        parent = LEVEL2_PARENT.get(_canonical_level2(name) or "")
        if parent and (self.level1 is None or self.level1.value != parent and self.level1.value in _STANDARD_LEVEL1.values()):
            # 一级 not printed or not read (`了满意` / `度指标`): the 二级 names it
            self.level1 = reread_text(cell.raw, text.span, parent, Reason.column_inferred)

    def band(self, band: _Band) -> None:
        """A row rebuilt whole from the lines it wrapped over (`_bands_of_fixed_gap`)."""
        self.lines += 1
        for cell in (band.level1, band.level2):
            if cell is None:
                continue
            found = _level_cell(cell)
            if found is not None:
                self._level(cell, found)
            elif cell is band.level2:
                self.level2 = make_text(cell, SPECKS.sub("", cell.compact), [Reason.illegible])
        orphan = not band.texts
        level2 = self.level2
        if band.placed and level2 is not None:
            level2 = level2.model_copy(update={"reasons": [*level2.reasons, Reason.column_inferred]})
            level2.confidence = confidence(level2.reasons)
        row = _Open(self.level1, level2, band.texts or [band.value], value=[band.value], line=self.lines,
                    doubt=band.wrapped or orphan, orphan=orphan)
        row.whole = True
        self.out.append(row)
        self.last_closed = row

    def _infer_level2(self, cell: Cell) -> None:
        """A row whose 二级 cell the OCR garbled (`ET ES | 建设材料经济性 | 经济实惠`)
        stands under the 二级 that follows the last one read, in the template's
        order (数量 → 质量 → 时效 → 成本 → 经济效益 …), if no row has named it yet."""
        current = _canonical_level2(self.level2.value) if self.level2 else None
        last = self.last_closed
        if self.level2 is not None and self.named_at[2] == self.lines - 1 and Reason.column_inferred in self.level2.reasons \
                and last is not None and last.line == self.lines - 1 and not _read_value(last.value):
            return  # the line above inferred this 二级 and read no value under it: the band's top, the same row's level
        order = [k for k in LEVEL2_PARENT if k != "可持续发展指标"]
        if current not in order or order.index(current) + 1 == len(order):
            return
        following = order[order.index(current) + 1]
        if any(_canonical_level2(o.level2.value) == following for o in self.out if o.level2):
            return
        name = following if self.level2.value.endswith("指标") else following.removesuffix("指标")
        self._level(cell, (2, name, False))
        self.level2.reasons, self.level2.confidence = [Reason.column_inferred], confidence([Reason.column_inferred])

    def _level_piece(self, cell: Cell) -> bool:
        """`1产`, `2效`, `3清`: the numbered start of the next 一级 in the template's order
        (or of the 一级 its number names, `2效益`), printed down its cell over a band of lines."""
        if not _LEVEL_PIECE.match(cell.compact) or _value_cell(cell) or _level_cell(cell):
            return False
        digit, piece = cell.compact[0], CJK.findall(cell.compact)
        current = next((int(k) for k, name in _STANDARD_LEVEL1.items() if self.level1 and self.level1.value == name), 0)
        return int(digit) == current + 1 or _STANDARD_LEVEL1[digit].startswith("".join(piece))

    def _read_since(self, levels: tuple[Text | None, Text | None]) -> bool:
        """Whether a 一级 or 二级 was read since they were `levels`: each reading makes a level of its own (one
        completed in place, `_complete`, is the same), so identity tells, without comparing their fields."""
        return self.level1 is not levels[0] or self.level2 is not levels[1]

    def _complete(self, tail: Cell) -> bool:
        """`1数量` / `指标`: the tail of a level name wrapped onto the next line
        completes the name read on the line above, when it makes a vocabulary name."""
        piece = SPECKS.sub("", tail.compact)
        for level in (self.level2, self.level1):
            if level is not None and level.value + piece in _LEVEL_WORDS and not self.pending:
                level.value += piece
                return True
        return False

    def _leading_levels(self, cells: list[Cell]) -> tuple[list[Cell], bool, bool]:
        """Take the level names leading a line (1 then 2, each followed by more than
        a value, else it is the 三级), with the specks and wrapped tails the OCR
        left in the level columns before them; the rest of the line, whether a
        level cell was printed on it (Latin junk), and whether a speck stood there."""
        rest = list(cells)
        took1 = took2 = False
        marked = garbled = False

        def level(cell: Cell) -> tuple[int, str, bool] | None:
            found = _level_cell(cell)
            # a row prints one 一级 cell: a name after the one read whole that only reads like a 一级 is a later
            # column's, its own words (`预算执行 | 预算执行效率 | 预算执行率`, a wrapped 三级's top `预算执` / `行率`);
            # not a copy as long as the name (a form printing its level column twice, `效益指标 | 效益指林`), nor the
            # bottom of a level's name wrapped down its cell (`满意度指标 | 度指标〈必`: 服务对象满意度指标's)
            if found and found[0] == 1 and took1 and not found[2]:
                bare = _bare_level_name(cell.compact)[1]
                if len(bare) != len(found[1]) and not any(w.endswith(bare) for w in _LEVEL_WORDS):
                    return None
            return found

        while rest:
            found = level(rest[0])
            if found is None and len(rest) >= 2 and (glued := _glued_level(rest[0])) is not None:
                # `2和 21 -经济效益`, `度指标 31-服务对象满意度`: specks or a level's tail before the name
                rest[0], found = glued
            # the same 二级 printed again (长期 | 年度 columns, merged cells), whole or after a wrapped cell's
            # piece of another column (`质量指标 | 指标 质量指标 | 助案件`: a form printing its 二级 column twice)
            if took2 and len(rest) > 3 and len(SPECKS.sub("", rest[0].compact)) <= 2 and not _value_cell(rest[0]) \
                    and self._level2_again(rest[1]):
                del rest[:2]  # (`质量指标 | 指标 | 质量指标 | 助案件`: the piece of another column's wrap before it)
                continue
            if took2 and len(rest) > 2 and self._level2_again(rest[0]):
                rest.pop(0)
                continue
            if found and found[0] == 2 and not took2 and self.has_description and len(rest) >= 3 \
                    and fuzz.ratio(rest[0].compact, rest[1].compact) >= _REPEATED:
                # `服务对象满意度 | 服务对象满意度 | …`: the 二级, and a 三级 named like it with the 描述 repeating it
                self._level(rest[0], found)
                took2 = True
                break
            if found and not (found[0] == 2 and took2):
                if self._level3_like_level(found, rest[1:]):
                    break
                self._level(rest[0], found)
                took1 = took1 or found[0] == 1 and found[2]
                took2 = took2 or found[0] == 2
                rest.pop(0)
                continue
            if took2 or len(rest) < 2 or len(SPECKS.sub("", rest[0].compact)) > 6:
                break
            # (on a line naming no 一级, not before a 三级 named like a level: `预算管理 | 预算执行率 | ≥95%` is a
            # 二级 and its 三级; after a 一级, `3 满意度指标 | 3县委允弥i | 服务对象满意度 | > 98%`, the 二级 is garbled)
            ahead = next((k for k in (1, 2) if k < len(rest) and (found := level(rest[k]))
                          and (took1 or not self._level3_like_level(found, rest[k + 1:]))), None)
            if ahead is not None:
                del rest[:ahead]  # `吉庆出指 | 数量指标…`: a garbled 一级 before the 二级
            elif len(rest[0].compact) <= 3 and not _value_cell(rest[0]) and not _value_cell(rest[1]) \
                    and not (marked and len(rest) == 2) and (CJK.search(rest[0].raw) or len(rest) == 2):
                # a wrapped level name's tail (`标`, `指标`) or a speck; after a garbled level name, a short cell with
                # one cell after it is the 三级's bottom beside its value (`]3 台指标 | 性 | 及时发放`)
                garbled = not self._complete(rest.pop(0)) or garbled
            elif not CJK.search(rest[0].raw) and not _value_cell(rest[0]) or _GARBLED_LEVEL.match(rest[0].compact) \
                    or self._garbled_level2(rest):
                rest.pop(0)  # `ET ES`, `ET`, `荆数时指标`: what the OCR made of a level name, before a 三级 and more
                marked = True
            else:
                break
        return rest, marked, garbled

    def _level3_like_level(self, found: tuple[int, str, bool], after: list[Cell]) -> bool:
        """Whether a cell read as the level `found`, `after` it the rest of its line, is a 三级 named like a
        level: `31-服务对象满意度 | ≥98%`, not `时效指标 | 3 | 3 | 年`, nor `14-成本 | 三300000`, the value centred
        above its 三级 beside the 二级 (`_close`'s orphan)."""
        return bool(after) and all(_value_cell(c) for c in after) and not self.pending and _read_value(after) \
            and not _kind_of_output(found)

    def _level2_again(self, cell: Cell) -> bool:
        """The 二级 just read, printed again: whole, or after a wrapped cell's piece of another
        column (`指标 质量指标`)."""
        found = _level_cell(cell)
        if found is not None and not found[2]:
            found = glued[1] if (glued := _glued_level(cell)) else None
        return found is not None and found[0] == 2 and found[2] and self.level2 is not None \
            and found[1] == self.level2.value

    def _garbled_level2(self, rest: list[Cell]) -> bool:
        """`肌允此让攻关 | 最二和玫从中请… | 》 -0t`, `二本赤效益 | 无 | 无`: three cells, a value last (or the form's
        word for nothing twice, 三级 and value), in a tree whose 一级 the
        vocabulary lists 二级 for and that prints no 描述: the first stands in the 二级 column, a level name
        the OCR garbled past reading (the template's next 二级 is inferred for it, `_infer_level2`). The first may keep
        its numbering's first digit, the 一级's number (`2可圭续影有 | 维护社会稳定发展 | 持续增强`): then the value
        may be a phrase."""
        first = SPECKS.sub("", rest[0].compact)
        if len(rest) != 3 or self.level1 is None:
            return False
        number = next((k for k, name in _STANDARD_LEVEL1.items() if name == self.level1.value), None)
        numbered = first[:1] == number and cjk_count(first) == len(first) - 1 >= 3
        # (a 二级 column: the header names it, or a line read a 二级 when the header's word was garbled)
        return (self.has_level2 or self.named_at[2] > 0) and not self.has_description \
            and self.level1.value in _VOCABULARY_PARENTS \
            and 2 <= len(first) <= 8 and (cjk_count(first) == len(first) or numbered) \
            and not _value_cell(rest[0]) and not _value_cell(rest[1]) \
            and (_value_cell(rest[2]) or rest[1].compact == rest[2].compact in _WORD_VALUES
                 or numbered and _phrase(rest[2:]))

    def _tails(self, cells: list[Cell]) -> bool:
        """A line under a row holding the ends of its wrapped cells (`习时间达标率 |
        习时间达标率 | 比 | 计划`, `时性`): short pieces, or a `比` that ends the
        row's `>80百分`. Appended where they belong; False when the line is no tail."""
        last = self.last_closed
        names = [t.value for t in (self.level1, self.level2) if t is not None]
        # right under the line that named the 二级, the tail of its wrapped name is that, not a level fuzzily like it
        # (`效指标` under `时效指标`'s top is no 效益指标)
        tail_of_level2 = self.named_at[2] == self.lines - 1 and self.level2 is not None
        # (a line printing a whole date is a row's own: a date is centred on its row, never wrapped under a 三级's
        # bottom; a year alone may be a wrapped date's top, the line the bottom of the row above)
        if last is None or last.whole or self.pending or self.band_open or self.whole_date or any(
                _value_cell(c) or _level_cell(c) and not (tail_of_level2 and _level_tail(c, [self.level2.value]))
                for c in cells):
            return False
        tails = 0
        while tails < len(cells) and tails < 2 and _level_tail(cells[tails], names):
            tails += 1
        # the 二级 read whole on its line (`31-服务对象满意度`) wrapped no tail: the piece after the 一级's (`指标 | 意度`)
        # is the bottom of the 三级 (`服务单位满` / `意度`)
        whole2 = tails == 2 and self.level2 is not None \
            and SPECKS.sub("", self.level2.raw).endswith(SPECKS.sub("", cells[1].compact))
        tails -= whole2
        if tails:
            # the ends of the level names wrapped down their cells (`标`, `指标 | 指标`), beside the row's tails;
            # the 二级's is the second, or the only one when the row named its 二级 and no 一级 (`12 质量` over
            # `指标`) or a 一级 printed whole (`满意度指标 | 服务对象满意度` over `指标`)
            whole1 = self.level1 is not None and not self.level1.reasons
            own2 = tails == 2 or not whole2 and self.named_at[2] == last.line and (self.named_at[1] != last.line or whole1)
            if own2 and self.level2 is not None:
                piece = SPECKS.sub("", cells[tails - 1].compact)
                if self.level2.value + piece in _LEVEL_WORDS:
                    self.level2.value += piece
            cells = cells[tails:]
            if not cells:
                return True
            texts = [c for c in cells if len(piece := SPECKS.sub("", c.compact)) > 1 and not any(piece in n for n in names)]
            if last.value is None and last.line == self.lines - 1 and len(texts) == 1 and not self.has_description:
                # the row above lost its value to a speck (`23 .生态“ | 对两关人员…再出 | 本`): beside the level
                # names' tails and pieces, the bottom of its wrapped 三级 (`指标 | 效益 | 现，降低生态破坏率 | 相`)
                last.level3.append(texts[0])
                last.doubt = True
                return True
            if len(cells) == 1 and _phrase(last.value) and not last.basis and last.line == self.lines - 1 and \
                    abs(cells[0].x - last.value[0].x) < abs(cells[0].x - last.level3[-1].x):
                # the line starts in the level column as the row's own did: its one piece
                # stands nearer the value's column than the 三级's (`指标 | 尾款`)
                last.value.append(cells[0])
                last.doubt = True
                return True
        if _nothing(last.level3, last.value):
            # no wrap goes on from `无 | 无` (a row printed whole): a lone character under it is a speck (`|了`), nobody's text
            return len(cells) == 1 and len(SPECKS.sub("", cells[0].compact)) <= 1
        side = cells[1:] if len(cells) == 3 and len(SPECKS.sub("", cells[0].compact)) <= 2 and not _value_cell(cells[0]) \
            and len(cells[1].compact) <= _HALF_CHARS else cells  # (`入和 | 及时性 | 付进度款及尾款`: the level column's specks
        # before the halves; a long text there is a row of its own that lost its level's name: `本 | 购买设备，提升办案 | 二 吉`)
        if len(side) == 2 and last.line == self.lines - 1 and _phrase(last.value) and not last.basis and (all(
                len(SPECKS.sub("", c.compact)) > 1 for c in side) or len(SPECKS.sub("", side[0].compact)) > 1
                and last.value[-1].compact[-1:] + side[1].compact in VALUE_WORDS):
            # the bottom halves of a 三级 and a value phrase wrapped side by side (`到位情况 | 付到位`); a value's last
            # character, a word with the one it ends (`年度内完` over `和执法证考试 | 成`), is no speck
            last.level3.append(side[0])
            last.value.append(side[1])
            last.doubt = True
            return True
        percent = bool(last.value) and bool(re.search(r"百分?$", last.value[-1].compact))
        ends_value = [c for c in cells if percent and c.compact[0] in "比分" and len(c.compact) <= 2]
        if not ends_value and not all(len(c.compact) <= 4 for c in cells):
            return False
        if not ends_value and not last.topped and len(_unspecked(cells[:1])) > last.width:
            return False  # a 三级 cell wider than the row's own line (`无 | 无` over `司法协理`) is no wrap's rest of it
        if not ends_value and last.ended and len(_unspecked(cells)) > 1:
            # its 三级's short last line is taken (`协理员要` over `求`): the line is the next band's top; a lone
            # character is no wrapped cell's top (`况`: the cell's own, the line before it another column's wrap)
            return False
        if not ends_value and last.topped and last.tails >= last.tops:
            # a band centred on its value's line (`矛盾纠纷` / `调解成功 | >95%` / `率`): as many lines under it as
            # over it; a short line past them is the next band's top (`案件补贴` over `发放及时 | …`)
            return False
        last.tails += 1
        # (the widest 三级 line and value of the tree asked last: of every row read so far)
        if len(cells) == 1 and not ends_value and _phrase(last.value) and not last.basis and not last.topped \
                and last.line == self.lines - 1 and last.width < FULL_SHARE * max(max(o.width, o.top_width) for o in self.out) \
                and len(_unspecked(last.value)) >= FULL_SHARE * max(
                    (len(_unspecked(o.value)) for o in self.out if o.value), default=0):
            # one piece under a row whose 三级 line is short of the widest the tree printed (so it did not wrap)
            # beside a value phrase about as wide as the widest value (so it may have; `持续增强` beside values up to
            # `案关评查完毕后及时发` did not): the value's wrapped bottom (`刑满释放安置率 | 有困难的随时` over `救助`)
            last.value.append(cells[0])
            last.doubt = True
            return True
        texts = [c for c in cells if c not in ends_value]
        if last.value is not None:
            last.value.extend(ends_value)
        if texts and last.basis and len(texts) >= 2 or texts and ends_value and last.basis:
            last.basis.append(texts.pop())
        if texts and self.has_description and last.description and len(texts) >= 2:
            last.description.append(texts.pop())
        if texts:
            last.ended = len(_unspecked(texts[:1])) < FULL_SHARE * max(last.width, last.top_width)
            last.level3.extend(texts)
            last.doubt = True
        return True

    def _value_rest(self, cells: list[Cell], pieces: list[Cell]) -> bool:
        """A line under a row whose value or 完成时限 its narrow cell wrapped: the line ends in the
        value's rest (`=9` over `5%`, `-10` over `0%`, `<20元/` over `人/月`), or its date's rest
        (`2021年` over `12月`, `pieces`, this line's date cells); the other cells are the row's
        wrapped texts going on (三级, and 描述 where the form has one), after the band's level
        names. The rest joins the value (or the date), the texts their columns; False when the
        line is no such rest."""
        last = self.last_closed
        if last is None or self.pending or not last.value or last.line != self.lines - 1:
            return False
        cut = last.value[-1].compact
        if len(cells) == 1 and _CUT_VALUE.match(cut) and (merged := _MERGED_OCR.match(cells[0].raw)) \
                and _VALUE_REST.match(merged["value"].replace(" ", "")):
            # the rest glued to the row's wrapped 三级 after a space (`>8` over `(必填) 考试通过率 0%`)
            cells = [_sub_cell(cells[0], merged["level3"]), _sub_cell(cells[0], merged["value"])]
        rest = cells[-1] if len(cells) >= 2 and (_CUT_VALUE.match(cut) and _VALUE_REST.match(cells[-1].compact)
                                                 or cut.endswith("/") and _UNIT_REST.match(cells[-1].compact)) else None
        dated = bool(pieces) and bool(last.deadline) and all(_CUT_YEAR.match(c.compact) for c in last.deadline) \
            and not any(_CUT_YEAR.match(c.compact) for c in pieces)
        if rest is None and not dated:
            return False
        body = cells[:-1] if rest is not None else list(cells)
        if rest is None and len(body) >= 2 and (_value_cell(body[-1]) or len(body[-1].compact) <= 4
                                                and not CJK.search(body[-1].text)):
            rest, body = body[-1], body[:-1]  # what OCR left of the value's rest (`So`, `2>85`): kept, with doubt
        width = 1 + self.has_description
        lead = [c for c in body[:-width] if len(SPECKS.sub("", c.compact)) > 1]
        texts = body[-width:] if body else []
        # the one-line cells before them, centred on the band: its level names (a department form's 二级 of
        # no vocabulary by its column)
        free = self.level1 is None or self.level1.value not in _VOCABULARY_PARENTS
        levels = [_level_cell(c) for c in lead]
        if len(lead) > 2 or any(_value_cell(c) or _level_cell(c) for c in texts) or \
                any(found is None and not free for found in levels):
            return False
        for k, (cell, found) in enumerate(zip(lead, levels)):
            if found is not None:
                self._level(cell, found)
            elif k == len(lead) - 1 and self.has_level2 and self.named_at[2] < last.line:
                # the row's 二级 (of no vocabulary) printed on this line of its band, none on the one above
                self.level2 = make_text(cell, strip_decoration(cell.raw), [Reason.column_inferred])
                self.named_at[2] = self.lines
            # (another piece is a 一级 printed down its merged cell: no field takes it, the account reports it)
        last.level1, last.level2 = self.level1, self.level2
        if rest is not None:
            last.value.append(rest)
        if dated:
            last.deadline = [*last.deadline, *pieces]
        if texts:
            last.level3.append(texts[0])
        if len(texts) > 1:
            last.description = [*(last.description or []), *texts[1:]]
        last.doubt = True
        last.line = self.lines
        return True

    def line(self, cells: list[Cell]) -> None:
        self.lines += 1
        if self.has_deadline:
            wrapped = []
            while cells and id(cells[-1]) in self.date_pieces:
                wrapped.insert(0, cells.pop())
            if any(id(c) in self.date_starts for c in wrapped):
                if self.deadline and self.last_closed is not None and not self.band_open:
                    # the pieces read since the last row's value line (`率  12` / `月`) end that row's date: a date is
                    # centred on its row, the next one begins here
                    self.last_closed.deadline = [*(self.last_closed.deadline or []), *self.deadline]
                    self.deadline = []
                self.band_open = True  # the lines from here on are the next row's, not the ends of the last one's
            cells, pieces = _peel_deadline(cells, loose=True)
            pieces = [*pieces, *wrapped]
            # (a whole date too: the line printing a row's date is that row's value line, a word value or not)
            self.whole_date = any(calendar_date(c.compact, whole=True) for c in pieces)
            self.dated_line = self.whole_date or any(_YEAR.match(c.compact) for c in pieces)
            if self._value_rest(cells, pieces):
                return
            self.deadline.extend(pieces)
            if not cells:
                return
        elif self._value_rest(cells, []):
            return
        elif len(cells) >= 3 and calendar_date(cells[-1].compact, whole=True) and _value_cell(cells[-2]) \
                and not _marks_value(cells[-2]):
            # a whole date after the value (`= | 0 | % | 2021年12月`): its 完成时限, whatever OCR left of the heading;
            # after an operator alone it is the value (`＝ | 2024年10月底前`)
            self.deadline.append(cells[-1])
            cells = cells[:-1]
        if len(cells) >= 2 and cells[-1].compact[:1] == "/" and _value_cell(cells[-2]):
            # `<20元 | /`: a compound unit the grid parted at its slash (元/人/月), one value again
            cells = [*cells[:-2], Cell(cells[-2].raw + cells[-1].raw, cells[-2].start, cells[-1].end, cells[-2].x)]
        if all(not _RULES.sub("", SPECKS.sub("", c.compact)) and not _value_cell(c) for c in cells):
            return  # `二`, `_ 。`: a line of what tesseract read from a rule, no cell's wrapped tail
        if self._level_piece(cells[0]):
            cells = cells[1:]
            self.opened = self.lines
            if not cells:
                return
        elif self._tails(cells):
            return
        leveled = self.level1, self.level2
        rest, marked, garbled = self._leading_levels(cells)
        if self.pending_counts and self.pending_counts[-1] == 1 and (name := self._level2_top(self.pending[-1])):
            # the line over names the 二级's top, wrapped down its cell (`服务对象` over `满意度指标 | 满意度指 | 群众满意度`)
            self._level(self.pending.pop(), (2, name, False))
            self.pending_lines.pop()
            self.pending_counts.pop()
        if len(rest) >= 2 and len(rest[-2].compact) >= 4 and (
                len(rest[-1].compact) == 1 and not _value_cell(rest[-1]) or not _RULES.sub("", SPECKS.sub("", rest[-1].compact))):
            # a speck at the line's end (`本`, `和`), or rules and specks only (`-。`, `_。`): the OCR's reading of a
            # rule or a stain where the value stood
            self.speck_at = self.lines
            if CJK.search(rest.pop().compact):
                self.stain_at = self.lines  # a character, not a rule's reading: what is left of a value
        while len(rest) >= 2 and _value_cell(rest[0]) and len(rest[0].compact) <= 2 and not _value_cell(rest[1]):
            if rest[0] is cells[0] and self.level1 is not None and self.named_at[2] < self.lines - 1 and \
                    rest[0].compact == next((k for k, name in _STANDARD_LEVEL1.items() if name == self.level1.value), None):
                # `2 | 维护社会稳定发民 | 持续增强` under 效益指标: the first digit of a 二级's numbering (24-), its
                # name lost: the line is a row of its own under a 二级 to infer (right under a line naming a 二级,
                # `21-经济 | … ` over `2 | 通过第三方力量…`, the digit is that band's)
                marked = True
            rest.pop(0)  # `质量指标 | 1 | 案件处理办结率`: a speck before the 三级, no value
        if not rest:
            return
        if len(rest) == 1 and (doubled := _doubled_word(rest[0])):
            rest = doubled
        if not any(self.is_value(c) for c in rest) and (
                merged := _MERGED_OCR.match(rest[-1].raw) or _OPERATOR_VALUE.match(rest[-1].raw)
                or self.dated_line and _LOST_FIGURE.match(rest[-1].raw)):
            # no 指标值 column (水电费): `本年度保障月份 =12个月`, the value in the 三级 cell; on a line printing
            # its row's date, the unit its figure left (`补助资金按时发放率 % 2021`): a row of its own, not the top
            # of the next row's 三级
            rest[-1:] = [_sub_cell(rest[-1], merged["level3"]), _sub_cell(rest[-1], merged["value"])]
        value_at = next((i for i in range(len(rest) - 1, -1, -1) if self.is_value(rest[i])), None)
        if value_at == 0 and len(rest) > 1:
            value_at = None  # values follow their 三级: a number before it is part of the text
        if value_at and self.has_basis and _unit_speck(rest[value_at - 1], rest[value_at]):
            value_at -= 1  # `2人 | 人`: the figure has its unit; the unit-like speck stands in the 依据 column
        texts = rest if value_at is None else rest[:value_at]
        named = self._read_since(leveled) or marked  # a level printed on the line, not inferred
        if (marked or garbled) and not self._read_since(leveled) and len(rest) >= 2:
            self._infer_level2(cells[0])
        leveled = self._read_since(leveled) or marked
        guessed = False
        if value_at is None and self.has_basis and len(rest) >= 3:
            value_at = len(rest) - 2  # 三级 | 值 | 依据, the value a text (有效提高)
            texts = rest[:value_at]
            # fewer texts than 三级 | 描述 | 值 | 依据, none shaped as a value (`社会稳定 | 维护社会稳定 | 有效维护`): which
            # blank was dropped, the 描述's or the 依据's, no place tells
            guessed = self.has_description and len(rest) < 4
        elif value_at is None and len(rest) >= (3 if self.has_description else 2) and leveled:
            value_at = len(rest) - 1  # the last text is the value: 无 | 无, 维护社会稳定 | 持续增强
            texts = rest[:value_at]
            # where the form has a 依据 column, the one text after the 三级, no value's shape, is the value or the row's
            # 依据, its value on another of the row's lines (`农村劳动力转移 | 计划标准` over `就业培训人数 | ≥500人`): told
            # by the column it starts in where the text's cells start where their headings do, else a guess
            column = self.columns.get(rest[-1].x) if self.has_basis and self._aligned(cells) else None
            if column == "basis":
                # the row's 依据 on its top line, its value on a line below (joined, `_join_wrapped_tails`)
                self._close(texts, None, None, rest[-1:], named)
                return
            guessed = self.has_basis and column != "value"
        elif value_at is None and self.dated_line and len(rest) >= 2 + self.has_description and len(rest[-1].compact) <= 4 \
                and re.search(r"[A-Za-z0-9%\u4e00-\u9fff]", rest[-1].compact):
            # the line printed its row's date (`2021年`): the short cell before it stands in the 指标值 column,
            # whatever OCR made of it (`cy`, `明遇`)
            value_at = len(rest) - 1
            texts = rest[:value_at]
        if value_at is None and leveled:
            # a row of its own whose value is not printed (or not read): 三级 | (blank); where the form has a
            # 描述 column, the cell repeating the 三级 is its 描述 (`网络生态环境 | 网络生态环境 人`), not more 三级
            described = self.has_description and len(rest) >= 2 and \
                fuzz.ratio(_unspecked(rest[:1]), _unspecked(rest[1:2])) >= _REPEATED
            self._close(rest[:1] if described else rest, rest[1:] if described else None, None, None, named)
            return
        if value_at is None and self.last_closed is not None and self.last_closed.orphan:
            # `14-成本 | 三300000` then `案件投入总成本`: the value stood centred above its 三级
            self.last_closed.level3, self.last_closed.orphan = rest, False
            return
        if value_at is None:
            if not self.pending:
                self.pending_row = (self.level1, self.level2) if self.speck_at == self.lines else None
            elif self.pending_row is None and self.stain_at == self.lines:
                # a character ends the wrap's bottom line (`无因矛后纠纷…引发的群体性械` / `斗、非正常死亡…等事件 | 的`);
                # a rule's reading there (`对象利用设备 | 、_`) is the band's middle, its value below
                self.pending_row = (self.level1, self.level2)
            self.pending.extend(rest)
            self.pending_lines.append(self.lines)
            self.pending_counts.append(len(rest))
            return
        value, basis = _split_speck(rest[value_at]), rest[value_at + 1:]
        if len(value) > 1:
            basis.insert(0, value.pop())
        if len(value) == 1 and basis and value[0].compact in _OPERATOR_MARKS and not self.ocr:
            # an operator alone in its cell (指标性质): the cell after it is its value, a text's too (`＝ | 2024年10月底前`)
            value.append(basis.pop(0))
        # operator, number and unit in cells of their own (指标性质 | 指标值 | 度量单位)
        if len(texts) >= 3 and value[0].compact in _DASHES and texts[-2].compact in _DASHES \
                and not self.is_value(texts[-1]):
            # `深化司法行政体制改革 | - | 长期 | -`: a word value between the dashes of the blank operator and unit
            # columns (no part of it), not a 三级 after a 二级
            value = [texts[-1]]
            del texts[-2:]
        while texts and (_FRAGMENT.match(texts[-1].compact) or _read_operator(texts[-1], value[0])) and (
                len(texts) > 1 or self.pending or self.last_closed is not None and self.last_closed.value is None):
            # an operator (or what OCR read of one: `W 9 月`), figure or unit of a cell of its own before the value
            # is the value's, never a name, where a 三级 is there to take the value: wrapped round the value line
            # (`补贴面积核` / `数量指标 | ≥ | 28 | 个` / `实乡镇数`), or the row above's, its value line this one
            value.insert(0, texts.pop())
        while basis and _FRAGMENT.match(basis[0].compact) and not _DEADLINE.match(basis[0].text) \
                and not _unit_speck(value[-1], basis[0]):
            value.append(basis.pop(0))
        # a character of its own where the operator stands, before a figure no operator leads (`新建供水工程 | 之 |
        # 12`: a face's ≥ as tesseract reads it), no qualifier a value prints (约, 达): the operator may be lost
        glyph = len(texts) >= 2 and bool(CJK.fullmatch(texts[-1].compact)) and len(texts[-1].compact) == 1 \
            and texts[-1].compact not in VALUE_QUALIFIERS and texts[-1].compact not in _WORD_VALUES \
            and value[0].compact[:1].isdigit()
        if any(len(c.compact) > 1 for c in texts):
            # one-character specks among the texts; a word a row prints whole (`无`) is none
            texts = [c for c in texts if len(c.compact) > 1 or c.compact in _WORD_VALUES]
        description = None
        placed = glyph or guessed  # the row's cells told apart by their place only: read with doubt
        lead = len(texts) - 1 - self.has_description  # texts before the 三级 (and 描述): level cells
        free = self.level1 is None or self.level1.value not in _VOCABULARY_PARENTS
        if lead == 2 and free and not named and self.level2 is not None \
                and SPECKS.sub("", texts[0].compact) == SPECKS.sub("", self.level2.value):
            # the tree's 二级 printed again (`成本控制成效 | 在职人员 | 控制率`: a form printing each row's levels,
            # the 三级 parted in two cells), no new 一级 before it: the 三级 is the rest
            self.named_at[2] = self.lines
            texts, lead = texts[1:], 1
        if lead == 2 and self.has_level1 and self.has_level2 and free and not named:
            # 一级 | 二级 | 三级 (| 描述) before the value, under no 一级 or one whose 二级 the vocabulary does not
            # list, neither level read from it (a department form's 预算执行 → 预算调剂, 运行成本 → 成本控制成效,
            # garbled or of its own words): read by their columns, with doubt
            self.level1 = make_text(texts[0], strip_decoration(texts[0].raw), [Reason.column_inferred])
            self.named_at[1] = self.lines
            texts = texts[1:]
            lead = 1
        if lead == 1 and self.has_level2 and self.named_at[2] != self.lines and free:
            # 二级 | 三级 (| 描述) before the value under a 一级 whose 二级 the vocabulary does not list (a
            # department form's 履职效能 → 重点工作履行情况, 预算执行 → 预算调剂): read by its column, with doubt
            self.level2 = make_text(texts[0], strip_decoration(texts[0].raw), [Reason.column_inferred])
            self.named_at[2] = self.lines
            named, texts, placed = True, texts[1:], True
        if lead == 0 and self.has_level2 and free and len(texts) >= 2 and self.named_at[1] == self.lines \
                and self.named_at[2] != self.lines:
            # a line naming its 一级 starts under 一级指标: the cell after it is its 二级, its blank 描述 dropped
            # (`履职效能 | 重点工作 | 普法宣传场次 | ≥20场`), not a 三级 and its 描述
            self.level2 = make_text(texts[0], strip_decoration(texts[0].raw), [Reason.column_inferred])
            self.named_at[2] = self.lines
            named, texts = True, texts[1:]
        elif lead == 0 and self.has_level2 and len(texts) >= 2 and not named and not self.pending \
                and _name_like(texts[0]) and fuzz.ratio(_unspecked(texts[:1]), _unspecked(texts[1:2])) < _REPEATED:
            # `预算管理 | 预算执行率 | ≥95%` naming no level: a 二级 and its 三级 with the 描述 dropped, or a 三级 and its
            # 描述 under the 二级 above; no place tells which (a 三级 and a 描述 reading alike are those two, and a
            # sentence is no level's name)
            placed = True
        if self.has_description and len(texts) >= 2:
            description = texts[1:]
            texts = texts[:1]
        if not self.pending and not texts and self.last_closed is not None and self.last_closed.value is None:
            # the value line of the row above, its 三级 printed over the lines before
            self.last_closed.value, self.last_closed.basis = value, basis or None
            return
        self._close(texts, description, value, basis, named, placed)

    def _aligned(self, cells: list[Cell]) -> bool:
        """Whether each of a line's `cells` starts where a heading does: text printed in fixed-width columns, each
        cell's column told by where it starts (no OCR's line, whose cells stand about their headings)."""
        return bool(self.columns) and all(c.x in self.columns for c in cells)

    def _band_top(self, texts: list[Cell], value: list[Cell] | None, basis: list[Cell] | None) -> bool:
        """A row whose cells wrap onto two or three lines comes out of tesseract as a
        band: the top halves of the wrapped cells (the 三级's start, the value), then
        a middle line with the one-line cells (the level names, the 三级 or the 描述
        repeating it), then the bottom halves. The top line, read as a row of its own
        just before this line naming a level, is this row's top when: it named the
        一级 only; or it began with the 一级's first piece and both lines hold a value
        phrase (joined cell by cell); or it held the value and this line holds none
        (nothing, or a speck of a rule: `让`, `>`, `人|证`) but the 三级's bottom, the
        whole 三级 the top's text starts, or the 三级 beside the 描述 repeating it.
        The row then takes this line's levels. False when the line above is no such top."""
        top = self.last_closed
        if top is None or top.line != self.lines - 1 or self.pending:
            return False
        if top.value is None and top.level2 is None and self.level2 is not None and texts \
                and (top.opened or len(self.out) < 2 or self.out[-2].level1 is not top.level1):
            # the top line named the 一级 only (`2效益 | 通过第三方力量帮教两类`, `3-满意 | 本 | 服务单位满`): its
            # 三级 goes on here; a row under a 一级 named further up, whose 二级 no line read, is a row of its own
            top.level2, top.level3, top.value, top.basis = self.level2, top.level3 + texts, value, basis or None
            top.doubt, top.line = True, self.lines
            return True
        if top.value is None and top.level2 is not None and self.level2 is not None and texts and value \
                and top.level2 is not self.level2 and top.level2.value == self.level2.value:
            # the 二级 named again right under the line that named it and read no value (`-可持续影响 | 维护社会稳定 |
            # 寺续增` over `24-可持续影响 | 发展 | 持续增强`): one band read twice, its top the 三级's start
            top.level2, top.level3, top.value, top.basis = self.level2, top.level3 + texts, value, basis or None
            top.doubt, top.leveled, top.line = True, True, self.lines
            return True
        if top.opened and not top.leveled and _phrase(top.value) and _phrase(value):
            # a band opened by a level name's first piece (`2效 | 本渤志昌 | 解决人员就业`): the 三级
            # and the value phrase go on, cell by cell, on the line naming the level
            top.level1, top.level2 = self.level1, self.level2
            top.level3, top.value = top.level3 + texts, top.value + value
            top.doubt, top.leveled, top.line = True, True, self.lines
            return True
        # the top line's level is this line's, named short on it (`质量 | 法律援 | > 800` over `质量指标 | 助案件 | 个`:
        # the level cell's top, or a column printing the 二级 again); a 二级 named whole on both lines is two rows'
        # (a form printing each row's levels)
        named_again = top.level2 is not None and self.level2 is not None and top.level2 is not self.level2 \
            and self.level2.value.startswith(top.level2.value) and len(SPECKS.sub("", top.level2.raw)) < len(self.level2.value)
        if top.leveled and not named_again or not _read_value(top.value) or _read_value(value):
            return False
        head, here = _unspecked(top.level3), _unspecked(texts)
        similar = fuzz.partial_ratio(head, here) >= _LEVEL_MATCH
        cut = len(_unspecked(texts[:1])) <= 2  # the bottom of the 三级 (`率`, `2数`, `时性`)
        # the 三级 printed whole on the middle line, the 描述 beside it repeating it (`资金成本 | 资金成本`)
        whole = len(texts) >= 2 and fuzz.ratio(_unspecked(texts[:1]), _unspecked(texts[1:2])) >= _LEVEL_MATCH
        # the unit of the top's figure wrapped onto this line (`=350000` over `元`): the line is the band's bottom
        unit_rest = bool(value) and len(value) == 1 and bool(re.fullmatch(r"[\u4e00-\u9fff%/]+", value[0].compact)) \
            and bool(_FRAGMENT.match(value[0].compact)) and top.value[-1].compact[-1:].isdigit()
        if not here or not cut and not similar and not whole and not unit_rest:
            return False
        top.level1, top.level2 = self.level1, self.level2
        if unit_rest:
            top.value = top.value + value
        if cut and self.has_description or unit_rest and not cut and not similar:
            top.level3 = top.level3 + texts[:1]
            top.description = [*(top.description or []), *texts[1:]] or None
        elif cut:
            top.level3 = top.level3 + texts
        elif similar:
            if len(here) > len(head) and not re.search(r"[A-Za-z]", here):
                # the whole 三级, printed on one line (in the 描述 column that repeats it); not a longer reading
                # with the OCR's Latin junk in it (`有OO 本各 和 传对象满意度 3` under `普法宣传对象满意度`)
                top.level3 = texts
        else:
            # the top's texts are the tops of other wrapped cells (`本网 | 大网`)
            top.description = [*top.level3, *texts[1:], *(top.description or [])]
            top.level3 = texts[:1]
        top.doubt = top.leveled = True
        top.line = self.lines
        return True

    def _top_halves(self, texts: list[Cell], value: list[Cell] | None) -> tuple[list[Cell] | None, list[Cell]]:
        """The value of a band's middle line (`12 质量指标 | 资金保障 | 70% , 按时氢`) given the
        line above it, held in `pending` with no value-like cell: the top halves of the
        row's cells, one per column. A value phrase wrapped over the lines takes the
        top's last cell before it; a speck where the value stood (`帮`, `人`, a lone
        `7`) gives way to the top's cell with digits (`科100百`, `有0百分`: the value
        with its operator garbled), or to its last cell. Returns the value and the
        top's cells after the value's (its 依据); `pending` keeps the 三级's part."""
        top = [c for c in self.pending if len(SPECKS.sub("", c.compact)) > 1]
        if self.pending_lines != [self.lines - 1] or not top or value is None and self.speck_at != self.lines:
            return value, []
        read = _read_value(value)
        figures = [i for i, c in enumerate(top) if i and DIGIT.search(c.raw)]
        if read:
            if not _phrase(value) or len(top) != len(texts) + 1:
                return value, []
            at = len(top) - 1
        elif figures:
            at = figures[-1]
        elif not _read_value(top[-1:]) or not texts and len(top) < 2 or any(DIGIT.search(c.raw) for c in value or []):
            return value, []  # a digit where the value stood is a part of it (`9` of ≥95%)
        else:
            at = len(top) - 1
        self.pending = top[:at]
        return ([top[at], *value] if read else [top[at]]), top[at + 1:]

    def _by_column(self, level3: Cell, description: list[Cell]) -> tuple[list[Cell], list[Cell]]:
        """The 三级 and 描述 of a row whose two cells wrap over the lines above its value line
        (held in `pending`): each of those lines' pieces joins the column it stands in, the
        value line's 三级 or 描述 cell. A line with as many pieces as the value line has texts
        gives one to each, in order; another line's pieces go to the nearest column by position."""
        columns = [level3, *description]
        parts: list[list[Cell]] = [[] for _ in columns]
        at = 0
        for count in self.pending_counts:
            line = self.pending[at:at + count]
            at += count
            for k, cell in enumerate(line):
                if count == len(columns):
                    column = k
                else:
                    column = min(range(len(columns)), key=lambda j: abs(columns[j].x - cell.x))
                parts[column].append(cell)
        return [*parts[0], level3], [c for j in range(1, len(columns)) for c in [*parts[j], columns[j]]]

    def _bottom_of_last(self, texts: list[Cell], value: list[Cell]) -> None:
        """The first of the text lines waiting before this row's value line, when it is the bottom of
        the row above's wrapped 三级 rather than this row's top: it comes right under that row, this
        line prints a 三级 of its own, and that row's band had a top line too (a cell wrapped over three
        lines: `对两类人员教育 ,杜绝按` / `23 生态效益 | 龙骨、抓稻子等犯罪行为 | -降低` / `再出现，降低生态破坏率`)
        or the line is much shorter than the 三级 beside the value (a wrap's rest: `比率显著提高`, where a
        top line is as wide as the cell). Full lines down to a short one go with it (`_short_bottom`); a row whose
        wrap's short last line was read (`_Open.ended`) takes none but a lone character."""
        last = self.last_closed
        if last is None or not last.value or last.orphan or last.whole or self.pending_lines[0] != last.line + 1:
            return
        first = self.pending[:self.pending_counts[0]]
        if not last.ended and self._short_bottom(last):
            return
        if last.ended and len(_unspecked(first)) > 1:
            return  # its wrap's short last line is read: a line as wide as a top is the next band's (`_tails`)
        if self.opened == self.pending_lines[0]:
            return  # the line began with the piece of the next 一级 (`3清 | 群众对办`): it opens this row's band
        if cjk_count(_unspecked(texts[:1])) <= _LEVEL3_CHARS and not _nothing(texts, value):
            # this line's 三级 is a wrap's bottom (`率`, `(10分钟/期)`): the lines above are its top; not the form's
            # word for nothing (`无 | 无`), printed whole on its line
            return
        if not last.topped and len(_unspecked(first)) > _BOTTOM_SHARE * last.width:
            return
        if last.topped and last.description and last.width < FULL_SHARE * last.top_width:
            # that row's 三级 ended on its value line, a wrap's last line shorter than its full top (a cell of two
            # lines: the value centred between them is read with the second): the line is this row's top
            return
        last.level3 = last.level3 + first
        last.doubt = True
        self.pending = self.pending[len(first):]
        self.pending_lines, self.pending_counts = self.pending_lines[1:], self.pending_counts[1:]

    def _level2_top(self, cell: Cell) -> str | None:
        """The vocabulary 二级 a cell is the top piece of, cut by its wrap (`服务对象` of 服务对象满意度指标), under the
        一级 this line names and no 二级 it names; else None."""
        piece = SPECKS.sub("", cell.compact)
        if self.level1 is None or self.named_at[1] != self.lines or self.named_at[2] == self.lines or len(piece) < 3:
            return None
        return next((name for name, parent in LEVEL2_PARENT.items() if parent == self.level1.value
                     and name.startswith(piece) and len(name) - len(piece) >= 2), None)

    def _short_bottom(self, last: _Open) -> bool:
        """The lines waiting under `last` through the first shorter than the widest of them and of its 三级's lines,
        when full lines come before it, its value line's among them: a wrapped cell's last line is its only short one,
        so those lines are the bottom of `last`'s 三级 (`依法行政、依法行政水` / `平` under `建，不断提高执法人员 |
        长效`); the lines after are this row's. True when it moved them."""
        lines, at = [], 0
        for count in self.pending_counts:
            lines.append(self.pending[at:at + count])
            at += count
        full = max(last.width, last.top_width, *(len(_unspecked(line)) for line in lines))
        short = next((k for k, line in enumerate(lines) if len(_unspecked(line)) < FULL_SHARE * full), None)
        if not short or min(len(_unspecked(lines[0])), last.width) < FULL_SHARE * full:
            return False  # (a 三级 line short of the full width beside the value: not wrapped on to here)
        taken = sum(len(line) for line in lines[:short + 1])
        last.level3 = last.level3 + self.pending[:taken]
        last.doubt = last.ended = True
        self.pending = self.pending[taken:]
        self.pending_lines, self.pending_counts = self.pending_lines[short + 1:], self.pending_counts[short + 1:]
        return True

    def _may_go_on(self, last: _Open | None) -> bool:
        """Whether the waiting lines may be the rest of `last`'s 三级: it did not end, and its line beside the
        value is about as wide as the widest of them (a full line, wrapped on; a short one ends its cell)."""
        if last is None or last.ended:
            return False
        at, widths = 0, []
        for count in self.pending_counts:
            widths.append(len(_unspecked(self.pending[at:at + count])))
            at += count
        return last.width >= FULL_SHARE * max(last.width, *widths)

    def _lost_value_row(self, texts: list[Cell]) -> None:
        """Text lines waiting for a value line, one of which ended in a speck where its value
        stood (`让ROOT | 轴天矛盾纠纷的调不来… | 本`) and another its wrap, before a value line printing a 三级 of
        its own (`质量指标 | 提升办案效率和质量 | 100%`): a row of their own whose value the OCR lost
        (flagged, never dropped), not the top of this row."""
        if self.pending_row is None or len(self.pending_lines) < 2 or cjk_count(_unspecked(texts[:1])) <= _LEVEL3_CHARS:
            return  # (one line above a value line is its wrapped 三级's top, whatever speck ends it)
        level1, level2 = self.pending_row
        self.out.append(_Open(level1, level2, self.pending, doubt=True, line=self.pending_lines[-1]))
        self.pending, self.pending_lines, self.pending_counts, self.pending_row = [], [], [], None

    def _close(self, texts: list[Cell], description, value, basis, named: bool = False, placed: bool = False) -> None:
        if self.pending and value:
            self._lost_value_row(texts)
        if self.pending and value:
            self._bottom_of_last(texts, value)
        if named and self._band_top(texts, value, basis):
            return
        doubt = bool(self.pending) or len(texts) > 1 or placed  # the row read over several lines, or its cells taken apart
        if self.pending and self._may_go_on(self.last_closed):
            # lines between two value lines taken as this row's top may be the bottom of the row above (a 三级
            # printed from its cell's top, its value beside its first line): that row's 三级 may be cut
            self.last_closed.cut = True
        if named and self.pending:
            value, after = self._top_halves(texts, value)
            basis = [*after, *(basis or [])]
        level3 = self.pending + texts
        if self.pending and texts:
            level3, description = _whole_level3(self.pending, texts, description)
            if self.has_description and description and level3 == [*self.pending, *texts]:
                # no line holds the 三级 whole: its pieces and the 描述's wrapped side by side
                level3, description = self._by_column(texts[0], description)
        orphan = not level3
        if orphan:
            level3, doubt = [value[0]], True  # only a value: its 三级 may stand on the next line
        row = _Open(self.level1, self.level2, level3, description=description, value=value, basis=basis or None,
                    doubt=doubt, orphan=orphan, line=self.lines, leveled=named, opened=self.opened == self.lines,
                    tops=len(self.pending_lines), width=len(_unspecked(texts[:1])),
                    deadline=self.deadline or None,
                    top_width=max((len(_unspecked([c])) for c in level3 if all(c is not t for t in texts)), default=0))
        # a band's two lines read as one (`_join_band_tops`): the row ends on its level line; read by the place of
        # its halves alone, in doubt
        row.whole = any(id(c) in self.halves for c in [*texts, *(value or [])])
        row.doubt = row.doubt or row.whole
        self.pending, self.pending_lines, self.pending_counts, self.pending_row = [], [], [], None
        self.deadline = []
        if self.last_closed is not None:
            self.last_closed.orphan = False
        self.out.append(row)
        self.last_closed = row
        self.band_open = False

    def place_own(self, cells: dict[str, Cell], before: _Open | None) -> None:
        """A line's 权重 and 指标方向 cells (`_own_cells`), and those of the lines before it no row took yet, given
        to the row the line closed, or to the last row when the line went on with it (no text left waiting for a
        value line) where that row has none of their kind; else kept for the row the next lines close."""
        for role, cell in cells.items():
            self.waiting.setdefault(role, cell)
        row = self.last_closed
        if not self.waiting or row is None or row is before and self.pending:
            return
        for role in [r for r in self.waiting if r not in row.own]:
            row.own[role] = self.waiting.pop(role)

    def finish(self) -> list[Indicator]:
        if self.pending:
            # text no value line took: kept as a row of its own, flagged, never dropped; the row above may end in it
            if self._may_go_on(self.last_closed):
                self.last_closed.cut = True
            self.out.append(_Open(self.level1, self.level2, self.pending, doubt=True, deadline=self.deadline or None,
                                  own=self.waiting))
        elif self.deadline and self.out:
            # the 完成时限 pieces under the last row's value line: that row's
            self.out[-1].deadline = [*(self.out[-1].deadline or []), *self.deadline]
        self._template_top()
        self.out = _join_wrapped_tails(self.out)
        for row in self.out:
            if any(cells and _CUT_START.match(cells[0].compact) for cells in (row.level3, row.value)):
                # `建，不断提高…`: the 三级 starts at a wrapped cell's middle line, its top read elsewhere; a value
                # so (`率，维护社会稳定发展`) is a 三级's rest the row took for its value
                row.doubt = True
        for above, row in zip(self.out, self.out[1:]):
            if any(cells and _CUT_END.search(cells[-1].compact) for cells in (above.level3, above.value)):
                # `根据合同及时供货，资` ends a cell cut mid-word: its rest (`金支付情况`) starts the row below
                row.doubt = True
        for above, row in zip(self.out, self.out[1:]):
            if above.value is None and row.line == above.line + 1 and _phrase(row.value):
                # a value phrase right under a row that read none may have wrapped there from beside that
                # row's 三级 (`社区矫正对象未发生影响` over `县域社会安全稳定 | 社会治安事件`): its top may be lost
                row.doubt = True
        _same_form([o.level2 for o in self.out])
        # every row's 依据 as read (`_not_value`), once for the tree: a value found to be one adds to them
        bases = {_unspecked([c]) for row in self.out for c in row.basis or []}
        indicators = [self._indicator(o, bases) for o in self.out]
        if self.ocr:
            _operator_lost(_figures(indicators))
            for ind in indicators:
                _unit_unlike(ind)
        return indicators

    def _template_top(self) -> None:
        """The rows atop a tree whose 一级 no line read (`和和 | :4才昌指标 | 法律援助受理案件数`), over a row
        under 产出指标, the template's first 一级: they stand under it too; and when that row's 二级 is the
        template's second (12 质量指标), theirs, unread or garbled, is the first (数量指标). Inferred, in doubt."""
        top = next((k for k, o in enumerate(self.out) if o.level1 is not None), 0)
        below = self.out[top] if top else None
        if below is None or below.level1.value != _STANDARD_LEVEL1["1"]:
            return
        order = [k for k in LEVEL2_PARENT if LEVEL2_PARENT[k] == _STANDARD_LEVEL1["1"]]
        second = below.level2 is not None and _canonical_level2(below.level2.value) == order[1]
        for o in self.out[:top]:
            o.level1 = reread_text(below.level1.raw, below.level1.span, below.level1.value, Reason.column_inferred)
            if second and (o.level2 is None or _canonical_level2(o.level2.value) is None):
                at = o.level2 or below.level2
                name = order[0] if below.level2.value.endswith("指标") else order[0].removesuffix("指标")
                o.level2 = reread_text(at.raw, at.span, name, Reason.column_inferred)
            o.doubt = True

    def _not_value(self, o: _Open, level3: str, value: str, bases: set[str]) -> bool:
        """Whether a row's value as read (`value`, `_unspecked`) is a text that is no value: the 依据 of any row
        (`bases`, the readings of all of them); where the form has a 描述 column (which repeats the 三级), the row's
        own 三级 and 描述 (无 | 无 elsewhere)."""
        if value == "":
            return False
        if self.has_description and value == SPECKS.sub("", level3):
            return True
        return value in bases or any(value == _unspecked([c]) for c in o.description or [])

    def _indicator(self, o: _Open, bases: set[str]) -> Indicator:
        """The indicator of a row as closed; `bases`, the 依据 of the tree's rows (`_not_value`), gains the
        row's value where that is found to be a 依据."""
        doubt = [Reason.cell_shifted] if o.doubt else []
        level3 = make_text(joined_pieces(o.level3), _EDGE_SPECKS.sub("", "".join(
            SPECKS.sub("", clean_text(c.raw)) if len(o.level3) > 1 else clean_text(c.raw) for c in o.level3)),
            [Reason.cell_shifted] if o.doubt or o.cut else [])
        if o.value is not None and self._not_value(o, level3.value, _unspecked(o.value), bases):
            # the 描述 or 依据 column's text where the value should be: the value is not read
            o.basis = o.basis or (o.value if self.has_basis else None)
            bases.update(_unspecked([c]) for c in o.basis or [])
            o.value = None
        if cjk_count(level3.value) < _LEVEL3_CHARS and Reason.illegible not in level3.reasons:
            # a 三级 is a phrase: one or two characters are a fragment (a deadline or label wrapped down its cell)
            level3.reasons.append(Reason.illegible)
            level3.confidence = confidence(level3.reasons)
        if o.value is None:
            level3.reasons.append(Reason.missing_value)
            level3.confidence = confidence(level3.reasons)
            value = None
        else:
            value = _value(o.value, list(doubt), ocr=self.ocr)
            if Reason.illegible in level3.reasons and Reason.illegible not in value.reasons:
                # a figure beside a fragment, not an indicator's name: its row's name was lost, and the
                # figure may be another row's
                value.reasons.append(Reason.illegible)
                value.confidence = confidence(value.reasons)
        return made_indicator(
            weight=_weight(o.own["weight"]) if "weight" in o.own else None,
            direction=make_text(o.own["direction"]) if "direction" in o.own else None,
            level1=o.level1,
            level2=o.level2,
            level3=level3,
            value=value,
            description=make_text(joined_pieces(o.description, " ")) if o.description else None,
            basis=make_text(joined_pieces(o.basis, "")) if o.basis else None,
            deadline=make_deadline(joined_pieces(o.deadline, "")) if o.deadline else None,
        )


def _unit_unlike(ind: Indicator) -> None:
    """A figure whose unit is not of the kind its 三级 measures (`vocabulary.measured_units`:
    a rate or a satisfaction in %, a deadline in time): `服务对象满意度 2人`, `数据报送时限 0人`
    are the OCR's specks beside a lost figure, doubted; `95g` where a % is measured is the
    %, repaired with doubt; a satisfaction or share over 100% is doubted, and so is a bare figure over 100
    where a rate is measured (`1007`). A word or two where a rate is measured (`占比`: the end of a `≥90百分比`
    cut from its figure) is doubted too."""
    value = ind.value
    if value is not None and value.number is None and ind.level3 is not None and len(norm_text(value.text)) <= 2 \
            and "%" in (measured_units(ind.level3.value) or ()) and Reason.illegible not in value.reasons:
        value.reasons.append(Reason.illegible)
        value.confidence = confidence(value.reasons)
        return
    if value is not None and _percent_lost(value) and ind.level3 is not None \
            and "%" in (measured_units(ind.level3.value) or ()):
        doubt(value, Reason.number_ambiguous)  # a bare figure over 100 where a rate is measured (`1007`)
    if value is None or value.number is None or not value.unit or ind.level3 is None:
        return
    units = measured_units(ind.level3.value)
    if value.unit == "%" and value.number > 100 and _SHARE.search(ind.level3.value) \
            and Reason.number_ambiguous not in value.reasons:
        # a satisfaction or a share over 100% (`》=959%`: `95%` with a speck read as a digit) is no figure it can be
        value.reasons.append(Reason.number_ambiguous)
        value.confidence = confidence(value.reasons)
    if units is None or value.unit in units or "%" in units and per_base(value.unit):
        return  # (a rate per 100,000, `≤18/10万`, is a rate all the same)
    if "%" in units and value.unit in _PERCENT_GLYPHS:
        # tesseract's % in these fonts (`》-95g`): a percentage, as the words say, read with doubt
        ind.value = value = value.model_copy(update={"unit": "%"})
        value.reasons.append(Reason.text_repaired)
    elif Reason.illegible not in value.reasons:
        value.reasons.append(Reason.illegible)
    value.confidence = confidence(value.reasons)


_SHARE = LazyPattern(r"(满意度|比例|占比)\W*$")  # a part of a whole: never over 100%
_PERCENT_GLYPHS = frozenset({"g"})  # what tesseract prints for a % glued to its number


def _operator_lost(values: list[IndicatorValue]) -> None:
    """Among the figures read by OCR (a tree's, or a document's) that mostly carry an operator
    (≥80百分比), a figure without one (`80百分`) may have lost it to the OCR (≥ read as nothing,
    or as a rule): doubted, not read as exact, and kept as printed (a form may print a bare
    figure among ≥ ones: `90%`)."""
    if sum(v.operator is not None or glyph_operator(v.raw) is not None for v in values) * 2 <= len(values):
        return
    for v in values:
        if v.operator is None:
            doubt(v, Reason.number_ambiguous)


# The operators tesseract makes of ≥ and ≤ (`_OCR_OPERATORS`): `>`, `<`, and `=` before a rate short of its bounds.
_CONFUSABLE = LazyPattern(rf"^\s*[><]|^\s*=\s*{RATE_FIGURE}\D{{0,2}}(?:%|百分)")


def _doubt_confusable(values: list[IndicatorValue]) -> None:
    """The figures of a tree printed one cell a line with no OCR mark, read as printed (a web page's): one
    whose operator is a form tesseract prints for ≥ or ≤ (`>80百分比`, `<100人`, `=95百分比`), or that
    lacks the operator its siblings carry (`_operator_lost`), is in doubt, its operator kept: a page read
    back by tesseract prints the same with no other mark."""
    for v in values:
        if _CONFUSABLE.match(v.raw):
            doubt(v, Reason.number_ambiguous)
    _operator_lost(values)


def _read_as_ocr(values: list[IndicatorValue]) -> None:
    """The figures of a document shown to be an OCR's that print a bare `>`, `<` or `=` (`>80百分比`,
    `=90百分比`) are read as an OCR tree's are (`numbers._OCR_OPERATORS`): ≥ or ≤ with a bar lost (an `=`
    only before a rate short of its bounds), in doubt, the printed text kept in `raw`. A tree printed one
    cell a line with no mark of its own was read as a web page's, where operators are printed as they are.
    In place."""
    printed = {Operator.gt: ">", Operator.lt: "<", Operator.eq: "="}
    for v in values:
        if v.operator in printed and v.raw.lstrip()[:1] == printed[v.operator]:
            read = parse_indicator_value(v.raw, ocr=True)
            if read.operator != v.operator and read.number == v.number and read.unit == v.unit:
                v.operator = read.operator
                doubt(v, Reason.number_ambiguous)


def _figures(indicators: Iterable[Indicator]) -> list[IndicatorValue]:
    """The values of `indicators` that read a figure."""
    return [i.value for i in indicators if i.value is not None and i.value.number is not None]


_GLYPH_SEEN = 3  # values a glyph stands before in one document for it to be a face's operator, not a stray word
_COST_WORDS = ("成本", "预算控制", "控制在")  # a cost's 三级: a ceiling (≤), whatever its figure


def _operator_cue(ind: Indicator) -> Operator | None:
    """The operator an indicator's own words imply, whatever its value prints: a 指标方向
    printed (正向 ≥, 反向 ≤); a cost (成本指标, a 三级 of cost or budget control) a ceiling, ≤;
    a rate short of its bounds (`80%`: only 0 and 100 are met exactly) a floor, ≥."""
    direction = ind.direction.value if ind.direction else ""
    if "正向" in direction or "反向" in direction:
        return Operator.ge if "正向" in direction else Operator.le
    level2 = _canonical_level2(ind.level2.value) if ind.level2 else None
    if level2 == "成本指标" or any(w in ind.level3.value for w in _COST_WORDS):
        return Operator.le
    value = ind.value
    if value is not None and value.unit == "%" and value.number is not None and 0 < value.number < 100:
        return Operator.ge
    return None


def settle_operator_glyphs(trees: list[list[Indicator]]) -> None:
    """Read the character a document's values print where the operator stands (`过80百分比`,
    `和100百分比`: `numbers.glyph_operator`, a face's ≥ and ≤ as tesseract reads them) as the
    operator it is. A glyph is one operator throughout a document, so it is read as one when it
    stands before at least `_GLYPH_SEEN` values and their own words (`_operator_cue`) imply that
    operator at least twice and over twice as often as any other; a glyph the document does not
    settle so is read, value by value, as the operator its own row's words imply, where they imply
    one, when glyphs stand before `_GLYPH_SEEN` values or more in all (a face's, not a stray word). A value read so keeps its printed text in `raw` and its doubt (number_ambiguous), with
    `ocr_doubt`; any other stays without an operator, in doubt. In a document that prints such glyphs (an OCR's), a
    figure with no operator where most print one is doubted (`_operator_lost`), or where its own row's words
    imply one (`_cued_operator_lost`), and so is a bare > or <
    (≥ or ≤ with its bar lost) and a figure behind a qualifier read as a text (`达2人`: the face's ≤ may
    look like one). In place."""
    by_glyph: dict[str, list[Indicator]] = {}
    for ind in (i for tree in trees for i in tree):
        if ind.value is not None and ind.value.number is not None and ind.value.operator is None \
                and (glyph := glyph_operator(ind.value.raw)):
            by_glyph.setdefault(glyph, []).append(ind)
    glyphs = sum(map(len, by_glyph.values()))  # values behind glyphs: a face's operators when they are several
    for inds in by_glyph.values():
        cues = Counter(c for i in inds if (c := _operator_cue(i)) is not None).most_common()
        agreed = len(inds) >= _GLYPH_SEEN and cues and cues[0][1] >= 2 and (len(cues) == 1 or cues[0][1] > 2 * cues[1][1])
        for ind in inds:
            # a glyph the document does not settle (too rare, its rows' words disagree) still stands where an
            # operator stands: the one its own row's words imply, if any (`_operator_cue`)
            operator = cues[0][0] if agreed else _operator_cue(ind) if glyphs >= _GLYPH_SEEN else None
            if operator is not None:
                value = ind.value
                value.operator = operator
                value.reasons = [*value.reasons, Reason.ocr_doubt]
                value.confidence = confidence(value.reasons)
    if by_glyph:
        # a document whose operators the OCR turned into characters may have lost others whole, in any of
        # its trees (a tree may have lost every one), and printed ≥ as > where the bar came out thin
        values = _figures(i for tree in trees for i in tree)
        _operator_lost(values)
        _cued_operator_lost(i for tree in trees for i in tree)
        _read_as_ocr(values)
        for v in values:
            if v.operator in (Operator.gt, Operator.lt):
                doubt(v, Reason.number_ambiguous)
        for v in (i.value for tree in trees for i in tree if i.value is not None and i.value.number is None):
            if _CHARACTER_BEFORE_FIGURE.match(v.raw):
                doubt(v, Reason.number_ambiguous)  # `达2人`: a qualifier word, or the face's glyph of ≤ that looks like one


def _cued_operator_lost(indicators: Iterable[Indicator]) -> None:
    """In a document whose OCR breaks operators (`settle_operator_glyphs`), a figure printing none where its own
    row's words imply one (`_operator_cue`: `80百分比`, a rate short of its bounds, a floor) may have lost its ≥
    or ≤ whole, even where most did (a `--psm 11` read dropped ≥ before 75 of 104 figures, leaving no majority
    for `_operator_lost`): doubted, read as printed. A bound (`100百分比`) implies none and stands. In place."""
    for ind in indicators:
        value = ind.value
        if value is not None and value.number is not None and value.operator is None and ind.level3 is not None \
                and _operator_cue(ind):
            doubt(value, Reason.number_ambiguous)


# One character before a figure, read as a text (`达2人`: the qualifiers `glyph_operator` lets pass)
_CHARACTER_BEFORE_FIGURE = LazyPattern(r"^\s*[\u4e00-\u9fff]\s*\d")
# tesseract's forms of ≥ before a figure: 二 / 三 (`二90%`), 》 (`》=95%`), and `=` before a rate short of its bounds
# (`=90百分比`: ≥ with its lower bar lost, as `_OCR_OPERATORS` reads it; a target of 90% is no exact figure); not `>=`
# nor `≧`, which web pages print themselves (issue 17's printed operators): a clean page printing them broke no ≥
_GE_FORMS = LazyPattern(rf"^\s*(?:[二三]\s*\d|》|=\s*{RATE_FIGURE}\s*(?:%|百分))")
_GE_FORMS_SEEN = 2  # values printing them for a document to be an OCR's that breaks ≥


def settle_equal_signs(trees: list[list[Indicator]]) -> None:
    """In a document whose values print tesseract's forms of ≥ (`_GE_FORMS`, at least `_GE_FORMS_SEEN`),
    an `=` before a figure may be a ≥ whose lower bar was lost (`=1500人` for ≥1500人): doubted
    (number_ambiguous), read as printed. In place."""
    values = _figures(i for tree in trees for i in tree)
    if sum(bool(_GE_FORMS.match(v.raw)) for v in values) < _GE_FORMS_SEEN:
        return
    _read_as_ocr(values)
    for v in values:
        if v.raw.lstrip().startswith("="):
            doubt(v, Reason.number_ambiguous)


def doubt_percent_lost(trees: list[list[Indicator]]) -> None:
    """Among a document's figures that mostly print a %, one over 100 with no unit that reads as a rate and its %
    read as a digit (`1007`: `100%`, `》-959`: `≥95%`; `_rate_and_glyph`), after an operator or a digit that stands
    for one (`5657`, as tesseract reads ≥ as a digit: `385百分`), may have lost its % to an OCR: doubted, read as
    printed. A figure that is no rate with a digit more after its operator (`≤1500`, `≥2000`: 150 and 200 are over
    the bound of a rate) is a count or an amount whose unit the form prints apart, as printed. Its row's words do
    not tell: an OCR's `100%` stands under 三级 that name no rate (`完成年度目标任务`) and under a 成本指标 its
    misplaced rows fall in. (A figure over 100 where the 三级 measures a rate is doubted whatever its digits,
    `_unit_unlike`.) In place."""
    values = _figures(i for tree in trees for i in tree)
    if sum(v.unit == "%" for v in values) * 2 <= len(values):
        return
    for v in values:
        if _percent_lost(v) and _rate_and_glyph(v.number, v.operator is None):
            doubt(v, Reason.number_ambiguous)


def _percent_lost(value: IndicatorValue) -> bool:
    """A figure over 100 with no unit: where a % is expected, `100%` with its % read as a digit (`1007`)."""
    return not value.unit and value.number is not None and value.number > 100


def _rate_and_glyph(number: float, operator_digit: bool = False) -> bool:
    """Whether a whole figure is a rate (0 to 100) with the digits an OCR reads for a % after it: one digit (`1007`,
    `959`, `958`) or `96` (`10096`); with `operator_digit`, after a first digit that may be an operator's too."""
    if number != int(number):
        return False
    digits = str(int(number))
    figures = [digits, digits[1:]] if operator_digit and len(digits) > 2 else [digits]
    return any(int(f[:-1] or 0) <= 100 or f.endswith("96") and int(f[:-2] or 0) <= 100 for f in figures)


def doubt_slash_lost(trees: list[list[Indicator]]) -> None:
    """A compound unit that another value of the document prints with one `/` more (`元/人月` beside
    `元/人/月`) may have lost that thin stroke to an OCR's detector: doubted (`ocr_doubt`), read as
    printed, as `元/人月` is a unit too. In place."""
    values = _figures(i for tree in trees for i in tree)
    slashed = {v.unit for v in values if v.unit and "/" in v.unit}
    for v in values:
        if v.unit and any(other[k] == "/" for other in slashed if (k := _inserted_at(v.unit, other)) is not None):
            doubt(v, Reason.ocr_doubt)


def _inserted_at(text: str, longer: str) -> int | None:
    """Where `longer` is `text` with one character put in between two of its own; None when it is not."""
    if len(longer) != len(text) + 1:
        return None
    return next((k for k in range(1, len(text)) if longer[:k] + longer[k + 1:] == text), None)


def doubt_unplaced(trees: list[list[Indicator]]) -> None:
    """A value whose row is known neither by its 二级 (inferred: none printed or readable on its lines) nor
    by its 三级 (in doubt, the OCR's damage), or whose 二级 was inferred from a cell naming no level
    (`_no_level_read`), may be another row's: in doubt too (`column_inferred`), whatever it reads. A 三级 that
    names a level by its numbering (`23-生态效益`) is in doubt with its value (`hierarchy_mismatch`), and so is
    the value of a row with no 二级 over a row of the same 一级 with a 二级 and no value (one row cut in two). In place."""
    for ind in (i for tree in trees for i in tree):
        value = ind.value
        if value is not None and not value.reasons and ind.level2 is not None \
                and Reason.column_inferred in ind.level2.reasons and (ind.level3.reasons or _no_level_read(ind.level2)):
            value.reasons = [Reason.column_inferred]
            value.confidence = confidence(value.reasons)
        if ind.level3 is not None and level_of(ind.level3.raw) is not None and NUMBERING.match(clean_text(ind.level3.raw)):
            # a level's numbered name read as the 三级 (`23-生态效益`, its 二级 cell taken for a row's): no row of
            # its own, its value the row's under that 二级, whose 三级 the OCR put elsewhere (unnumbered, a name
            # is a 三级 too: 服务对象满意度)
            doubt(ind.level3, Reason.hierarchy_mismatch)
            if value is not None:
                doubt(value, Reason.hierarchy_mismatch)
    for tree in trees:
        for above, below in zip(tree, tree[1:]):
            if above.value is not None and above.level2 is None and below.level2 is not None and below.value is None \
                    and above.level1 is not None and below.level1 is not None and above.level1.value == below.level1.value:
                # a row with no 二级 over one with a 二级 and no value: one row cut in two, its 二级 printed on its
                # lower line (`…降低其重新违法的犯 | 低于全区平均水平` / `社会效益指标 | 罪风险，…`); the value's place unknown
                doubt(above.value, Reason.hierarchy_mismatch)


def _no_level_read(level2: Text) -> bool:
    """A 二级 inferred from a printed cell of words that name no level (`社区矫正和`: a piece of a 三级 the OCR cut
    out of its column, taken for the 二级 by its place): the row's 三级 may lack that piece, and its value be
    another row's. A level's name garbled to specks (`和 和`, `总生生7 条`) is no such piece: its row stands."""
    return bool(_WORDS.search(level2.raw)) and level_of(level2.raw) is None


_WORDS = LazyPattern(r"[\u4e00-\u9fff]{4,}")  # four characters in a row: words, not a garbled name's specks


# The 一级 whose 二级 the vocabulary knows as one alone (满意度指标: 服务对象满意度指标, domain.md).
_SOLE_LEVEL2 = {parent: children[0] for parent in set(LEVEL2_PARENT.values())
                if len(children := [k for k, p in LEVEL2_PARENT.items() if p == parent]) == 1}


def infer_sole_level2(trees: list[list[Indicator]]) -> None:
    """An indicator under a 一级 whose one 二级 the vocabulary knows (`_SOLE_LEVEL2`), its own 二级 cell
    unread (garbled past reading: `总生生7 条`), stands under that 二级: inferred, flagged `column_inferred`
    (`settle_level_forms` then gives it the form the document prints). In place."""
    for ind in (i for tree in trees for i in tree):
        if ind.level2 is None and ind.level1 is not None and (sole := _SOLE_LEVEL2.get(ind.level1.value)):
            ind.level2 = reread_text("", None, sole, Reason.column_inferred)


def settle_level_forms(trees: list[list[Indicator]]) -> None:
    """A document's project forms name the 二级 under one 一级 alike (数量指标 in every table, or
    经济效益 without 指标 in every table: domain.md, one form per document). In a tree where no
    二级 under a 一级 was read exactly (OCR cut or garbled them all: `21-经济`, inferred from
    the template's order), the names take the form the document's other trees print there,
    by the majority of their exact readings; the names keep their doubt. In place."""
    # each tree's 二级 names (one object each, however many rows it heads) with the 一级 each names, asked once
    names = [[(LEVEL2_PARENT.get(_canonical_level2(t.value) or ""), t)
              for t in {id(i.level2): i.level2 for i in tree if i.level2 is not None}.values()] for tree in trees]
    exact = Counter((p, t.value.endswith("指标")) for group in names for p, t in group if not t.reasons)
    for group in names:
        for p in {p for p, _ in group} - {None}:
            doubted = [t for q, t in group if q == p]
            if any(not t.reasons for t in doubted) or exact[(p, True)] == exact[(p, False)]:
                continue  # the tree's own exact reading decides (`_same_form`), or the document does not
            suffixed = exact[(p, True)] > exact[(p, False)]
            for t in doubted:
                if t.value.endswith("指标") != suffixed and t.value.removesuffix("指标") + "指标" in _LEVEL_WORDS:
                    t.value = t.value + "指标" if suffixed else t.value.removesuffix("指标")


def _same_form(levels: list[Text | None]) -> None:
    """A form names the 二级 under one 一级 all with 指标 (数量指标) or all without
    (经济效益): a name whose 指标 the OCR lost or invented takes the form its
    siblings print."""
    unique = list({id(t): t for t in levels if t is not None}.values())
    for parent in set(LEVEL2_PARENT.values()):
        group = [t for t in unique if LEVEL2_PARENT.get(_canonical_level2(t.value) or "") == parent]
        read = [t for t in group if not t.reasons] or [t for t in unique if not t.reasons]
        if not read:
            continue
        suffixed = sum(t.value.endswith("指标") for t in read) * 2 > len(read)
        for t in group:
            if t.reasons and t.value.endswith("指标") != suffixed and t.value.removesuffix("指标") + "指标" in _LEVEL_WORDS:
                t.value = t.value + "指标" if suffixed else t.value.removesuffix("指标")


def _read_lines(rows: list[Row], carry: Text | None, ocr: bool = True) -> list[Indicator]:
    lines = [r.printed for r in rows]
    header: set[str] = set()
    headings: list[Row] = []  # the header's lines: where its 权重 and 指标方向 columns stand
    trailing = False  # a column after 指标值 whose heading the OCR garbled: a 依据 or 标准 column
    while lines and (words := _header_words(lines[0])) and not any(_level_word(c.compact) for c in lines[0]):
        header |= words
        if any(_header_role(c.compact) == "description" for c in lines[0]):
            # a column the roles read as a 描述 whatever its words (`部门预算绩效目标` beside `财政政策性绩效目标`
            # under 三级指标): a row's text after its 三级 is that, not more of the 三级 nor a level before it
            header.add("绩效指标描述")
        headings.append(Row(lines[0]))
        # (a 权重 or 指标方向 column is read apart, `_own_cells`: no garbled 依据)
        words_at = [_header_word(c.compact) for c in lines.pop(0) if _header_role(c.compact) not in _OWN_ROLES]
        trailing = trailing or any(w in _VALUE_HEADS for w in words_at[:-1]) and words_at[-1] not in _VALUE_HEADS
    heads = read_header(headings)
    weighed = bool(heads.own_columns)
    if header <= _PLAIN_TREE and "三级指标" in header and not trailing and not weighed and _fixed_gap(lines) \
            and (bands := _bands_of_fixed_gap(lines)) and not any(band.uneven for band in bands):
        # (a row whose lines stand unevenly round its value leaves the parting of the lines in doubt:
        # read line by line then, as any OCR's)
        tree = _OcrTree(header, trailing, carry, ocr)
        for band in bands:
            tree.band(band)
        return tree.finish()
    lines = _dated_values_round(_levels_round(lines))
    lines, halves = _join_band_tops(lines)
    lines, pieces, starts = _wrapped_dates(lines)
    tree = _OcrTree(header, trailing, carry, ocr, _dated(lines) or bool(pieces), pieces, starts, halves,
                    _heading_columns(headings))
    for at, cells in enumerate(lines):
        if not cells:
            continue
        if _END_OF_TABLE.match(cells[0].compact) and not _year_piece(tree, cells, lines[at + 1:]) \
                or PAGE_FURNITURE.match(cells[0].compact):
            break
        own = _own_cells(cells, heads) if weighed else {}
        cells = [c for c in cells if not _IGNORED.match(c.compact) and not PAGE_FURNITURE.match(c.compact)
                 and not _ANNOTATION_ONLY.match(c.compact) and all(c is not o for o in own.values())]
        if not tree.out and not tree.pending and all(any(c.compact in w for w in TREE_COLUMNS) for c in cells):
            continue  # the wrapped end of a header cell (`定依据` of 指标值确定依据)
        before = tree.last_closed
        if cells:
            tree.line(cells)
        tree.place_own(own, before)
    indicators = tree.finish()
    if "weight" in heads.own_columns.values():
        _weight_read_as_value(indicators)
    if ocr:
        _doubt_cut_values(indicators)
    return indicators


_FIGURE_ONLY = LazyPattern(rf"^[{_OPERATOR_MARKS}]?\d+(?:\.\d+)?$")  # a value's figure with no unit
_PERCENT_REST = LazyPattern(r"^\d{1,2}[%％]$")  # a percentage's last digits and its %, no operator


def _doubt_cut_values(indicators: list[Indicator]) -> None:
    """An OCR's tree whose narrow value column wrapped a value over lines the rows' other cells stand between: its
    rest read as the next row's value (`≥8` … `5%` for ≥85%, `≤1.98` … `万元` for ≤1.98万元). A figure with no unit
    before a value that is a unit alone, or a cut figure (an operator and one or two digits) before a percentage's
    last digits with no operator: the figure kept is not the one printed, both values are in doubt
    (`cell_shifted`), never a shorter number passed as read. In place."""
    for ind, after in zip(indicators, indicators[1:]):
        value, rest = ind.value, after.value
        if value is None or rest is None or value.number is None or value.unit:
            continue
        figure, tail = compact_text(value.raw), compact_text(rest.raw)
        if _FIGURE_ONLY.match(figure) and (rest.number is None and _UNIT_CELL.match(tail)
                                           or _CUT_VALUE.match(figure) and _PERCENT_REST.match(tail)):
            doubt(value, Reason.cell_shifted)
            doubt(rest, Reason.cell_shifted)


def _heading_columns(headings: list[Row]) -> dict[int, str]:
    """Where each heading of a tree's header lines starts (display column → role), for text whose cells start
    where their headings do; none where two headings of other roles start alike (a header printed one cell a
    line, an OCR's lines: where a cell starts says nothing of its column)."""
    columns: dict[int, str] = {}
    for cell in (c for row in headings for c in row.cells if c):
        role = _header_role(cell.compact)
        if role is not None and columns.setdefault(cell.x, role) != role:
            return {}
    return columns


def _weight_read_as_value(indicators: list[Indicator]) -> None:
    """In a tree whose rows print their 权重 / 分值 (one row at least read one), a row read with no weight and a
    bare number for its value (`20`: no operator, no unit) may have its weight taken for its value: a weight
    printed on another line of a wrapped row than its value (`农村劳动力转移就业 | ≥500人` over `培训人数 | 20 |
    正向`) leaves no shape to tell them apart, so that value is in doubt (`cell_shifted`). In place."""
    if not any(ind.weight is not None for ind in indicators):
        return  # (a 权重 column left blank: a bare value is the value)
    for ind in indicators:
        if ind.weight is None and ind.value is not None and _BARE_NUMBER.match(compact_text(ind.value.raw)):
            doubt(ind.value, Reason.cell_shifted)


# The columns a row's 权重 / 分值, 指标方向 and 评（扣）分标准 stand in, read apart from its 三级, 描述 and value. (No field
# holds a scoring rule: its cell, taken from the row, is reported among the table's unread text.)
_OWN_ROLES = {"weight", "direction", "scoring"}


def _own_cells(cells: list[Cell], header: HeaderInfo) -> dict[str, Cell]:
    """The 权重 and 指标方向 cells of a line of a tree whose header heads those columns: the cells under those
    headings when the line has as many cells as the header, else the cells shaped as those
    (`_weight_and_direction`). A 权重 that reads as no number is the line's where its 指标方向 stands under its
    heading (the line lines up: read, flagged, by `_weight`), else it stays among the line's cells."""
    if len(cells) != header.width:
        return _weight_and_direction(cells, header)
    in_line = any(role == "direction" and _DIRECTION.match(cells[i].compact) for i, role in header.own_columns.items())
    return {role: cells[i] for i, role in header.own_columns.items()
            if role in ("direction", "scoring") or in_line or make_amount(cells[i], None) is not None}


# A tree of the plain form (一级 | 二级 | 三级 | 指标值, no other column): the one `_bands_of_fixed_gap` rebuilds.
_PLAIN_TREE = frozenset({"一级指标", "二级指标", "三级指标", "指标值", "绩效值", "指标值及单位"})
_SHORTER = 2  # characters a wrapped cell's last line falls short of its column's width at least
_FIXED_PAIRS = 8  # pairs of cells side by side that must all stand that gap apart
_SIDE_LABEL = "年度绩效指标"  # the form's label column printed down beside the tree (`绩效` / `指标`)
_NOTES = ("(必填)", "(选填)", "(必填硬性指标)")  # what follows a level name in its cell
# A value its narrow cell cut (`≥9`, `≤0.`, `49`) and the rest on a later line of its row (`0%`, `3%`, `万`).
_OPEN_VALUE = LazyPattern(rf"^[{_OPERATOR_MARKS}]?\d{{1,2}}\.?$")
_VALUE_END = LazyPattern(r"^\d{0,2}[%％]?(?:[\u4e00-\u9fff]{1,2}(?:/[\u4e00-\u9fff]{1,2})*)?$")


def _fixed_gap(lines: list[list[Cell]]) -> bool:
    """Whether every two cells side by side on a line stand the same few spaces apart: the line's
    boxes joined by one fixed gap (RapidOCR through scan.py, text copied out of a viewer), so that
    an empty cell leaves no gap and where a cell stands says nothing of its column."""
    gaps = {b.start - a.end for cells in lines for a, b in zip(cells, cells[1:])}
    pairs = sum(len(cells) - 1 for cells in lines if cells)
    return pairs >= _FIXED_PAIRS and len(gaps) == 1 and gaps.pop() <= JOINER


def _level_start(text: str, level: int = 2) -> bool:
    """Whether `text` (a level cell's lines so far, joined) begins a name of the vocabulary's at `level`,
    or is one followed by the start of its annotation (`数量指标(必填`)."""
    for key in LEVEL1 if level == 1 else LEVEL2_PARENT:
        if key.startswith(text):
            return True
        for name in (key, key.removesuffix("指标")):
            if text.startswith(name) and any(note.startswith(text[len(name):]) for note in _NOTES):
                return True
    return False


@dataclass
class _Band:
    """One row rebuilt from the lines it wrapped over: its level names (when it heads them), its
    三级 pieces and its value joined, and whether its lines stood unevenly round its value (the parting of
    the lines then in doubt)."""
    value: Cell
    texts: list[Cell]
    level1: Cell | None = None
    level2: Cell | None = None
    uneven: bool = False
    wrapped: bool = False  # read over several lines: its pieces joined by where they stand, in doubt
    placed: bool = False  # under its 二级 by place alone, in doubt (`_bands_of_fixed_gap`)


def _cut_name(cells: list[Cell], piece: str, level: int) -> bool:
    """Whether `piece` goes on with the level name whose pieces `cells` are, cut by its cell's wrap."""
    so_far = _LEAD.sub("", "".join(SPECKS.sub("", c.compact) for c in cells))
    return not cells[-1].compact.endswith(")") and so_far not in LEVEL1 and _level_start(so_far + piece, level)


def _no_new_level2(level2: list[Cell], bare: str, since: int) -> bool:
    """Whether a text that starts a 二级 name (`bare`; asked only of one printed with no numbering: `11-数量` / `指标`
    is the 二级 printed again, cut, in a form printing each row's levels) is a 三级 piece, not the next 二级, the
    pieces of the last 二级 being `level2`, its last `since` lines up: that one is cut and goes on under this
    line (`31-服务对象满` / `3-满意度指标  服务对象满意度  ≥ 98%` / `意度`), or was printed whole on one line and
    the text starts its name but is not all of it (`11-数量指标  问服务单位` / … / `数量`: the same name in
    the same column wraps the same way)."""
    so_far = _LEAD.sub("", "".join(SPECKS.sub("", c.compact) for c in level2))
    whole = any(so_far in (name, name.removesuffix("指标")) for name in LEVEL2_PARENT)
    if not whole:
        return since <= 1 and not level2[-1].compact.endswith(")")
    return len(level2) == 1 and bare != so_far and so_far.startswith(bare)


def _joined_cell(cells: list[Cell]) -> Cell:
    return Cell("".join(c.raw for c in cells), cells[0].start, cells[-1].end, cells[0].x)


def _bands_of_fixed_gap(lines: list[list[Cell]]) -> list[_Band]:
    """The rows of a plain tree (一级 | 二级 | 三级 | 指标值) whose cells wrap over lines that interleave,
    each line holding only the cells that print something there, in column order (RapidOCR's lines):
    `数量指` / `绩效  标 (必  调查评估建` / `产出指标  ≥200人` / `指标  填硬性  立工作档案` / `指标)`.
    Each cell is told by what it reads: a 一级 name; a piece that with the pieces before makes a 二级
    name and its annotation (the 二级 column left of 三级); the label column's `绩效` / `指标`; then the
    三级 pieces and, last on its line, a value by its shape. A 三级 is centred on its value: as many
    of its lines stand over the value's lines as under them, so the lines between two values part
    where the upper row's mirror ends; a cell wrapped round the one-line cell of its row is read by
    `_wrapped_round` (the way the columns' widths say, the other way where that leaves fewer rows odd),
    and a figure's unit wrapped under it by `_unit_rest`. A level name heads the row its first piece
    stands in (or the next one). Returns the rows (none when no line holds a value, or a line holds more
    texts than a 三级 piece and a value: not the plain form)."""
    cut = next((k for k, cells in enumerate(lines) if cells and (
        _END_OF_TABLE.match(cells[0].compact) or PAGE_FURNITURE.match(cells[0].compact))), len(lines))
    level1s: list[tuple[int, list[Cell]]] = []
    level2s: list[list] = []  # [first line, cells, last line] of each 二级
    level1: list[Cell] | None = None
    level2: list[Cell] | None = None
    started = False
    rests: list[tuple[int, list[Cell]]] = []
    for n, cells in enumerate(lines[:cut]):
        if not started and all(any(c.compact in w for w in TREE_COLUMNS) for c in cells):
            continue  # the wrapped end of a header cell (`标` of 二级指标)
        rest: list[Cell] = []
        named = False  # a 一级 stood on this line: a cell after it is of a column right of the 一级's
        for k, cell in enumerate(cells):
            if rest or k and level2s and level2s[-1][2] == n and level2[-1] is cells[k - 1]:
                rest.append(cell)  # (the columns after the 二级's: `服务对象满意度指标  服务对象满意度  2人`)
                continue
            found = _level_word(cell.compact)
            piece = SPECKS.sub("", cell.compact)
            bare = _LEAD.sub("", piece)
            if _IGNORED.match(cell.compact):
                continue  # the label column's `绩效指标`
            if level1 is not None and not named and _cut_name(level1, piece, 1):
                level1.append(cell)  # `产出指` / `标`: the 一级 wrapped, left of the 二级's piece on its line
                named = True
            elif level2 is not None and _cut_name(level2, piece, 2):
                level2.append(cell)
                level2s[-1][2] = n
            elif level2 is not None and bare == piece \
                    and (len(bare) >= 2 and _level_start(bare) or found is not None and found[0] == 2) \
                    and _no_new_level2(level2, bare, n - level2s[-1][2]):
                rest.append(cell)
            elif len(bare) >= 2 and _level_start(bare) or found is not None and found[0] == 2:
                level2 = [cell]  # (numbered or not: `11 数量指标`)
                level2s.append([n, level2, n])
            elif not named and (found is not None or len(bare) >= 2 and _level_start(bare, 1)):
                level1 = [cell]  # (not a 三级's last piece beside the 一级's: `指标  满意度` of 人民群众满意度)
                level1s.append((n, level1))
                named = True
            elif _ANNOTATION_ONLY.match(cell.compact) or piece in _SIDE_LABEL and k + 1 < len(cells):
                continue
            else:
                rest.append(cell)
        if rest:
            started = True
            rests.append((n, rest))
    # a word the tree prints last on a line after its 三级 (`培训按季  年度内完成`) is a value on a line of its own too
    words = {rest[-1].compact for _, rest in rests if len(rest) >= 2}
    lone = [len(rest) == 1 and not _value_cell(rest[0]) and rest[0].compact not in words for _, rest in rests]
    widest = max((len(_unspecked([c])) for _, rest in rests for c in rest if not _value_cell(c)), default=0)
    full = FULL_SHARE * widest
    short = widest - _SHORTER  # (a line may fall a character short of the column's width where a stop may not start one)
    heads_at = {n for n, _ in level1s} | {n for n, *_ in level2s}  # lines a level name starts on: a row's own
    level2_at = {n for n, *_ in level2s}
    middles = {first + 1 for first, _, last in level2s if last == first + 2}  # the line a 二级 cut in two stands round
    spanned = {n for first, _, last in level2s for n in range(first, last + 1)}  # lines a 二级's pieces stand over
    column = _column_width(rests)

    def parted(flipped: frozenset[int]) -> tuple[list[_Band], list[tuple[int, int]], list[int]] | None:
        """The rows, the first and last lines of each, and the lines `_wrapped_round` read a way (None: not
        the plain form)."""
        texts: list[tuple[int, Cell]] = []
        values: list[list[tuple[int, Cell]]] = []
        round_texts, round_values, round_ends, rounds = _wrapped_round(rests, lone, level2_at, middles, heads_at, spanned, column, flipped)
        for j, (n, rest) in enumerate(rests):
            *lead, last = rest
            if j in round_ends:  # (a cell wrapped round the line naming its row: `_wrapped_round`)
                values[-1].append((n, last))
                texts.extend((n, c) for c in lead)
                continue
            if j in round_values:
                values.append([(n, last)])
                texts.extend((n, c) for c in lead)
                continue
            if j in round_texts:
                texts.append((n, last))
                continue
            if len(lead) >= 2:
                # a plain tree's line holds a 三级 piece and a value past its level names: a third cell is a column the
                # form adds or a level name no vocabulary knows (部门预算绩效目标's `结转资金  2020年底以前…  编入…  ≤10%`)
                return None
            opened = values and values[-1][-1][0] < n and _OPEN_VALUE.match(values[-1][-1][1].compact)
            # a figure's unit wrapped under it, the 三级's line between (`≥300000` / `案件投入总成本` / `元`)
            unit_rest = values and n - values[-1][-1][0] == 2 and j and rests[j - 1][0] == n - 1 and not lead \
                and _unit_rest(values[-1], last)
            # a short text between a full line of the 三级 column and the short last line its cell goes on to
            # (`群众普法知法意` / `提高` / `识`): a wrapped cell's lines are full but its last, so the short one between is
            # the row's value, a word
            inside = 0 < j < len(rests) - 1 and lone[j - 1] and lone[j] and lone[j + 1] and not (
                values and values[-1][-1][0] > rests[j - 1][0]) and len(_unspecked(rests[j - 1][1])) >= full and len(_unspecked(rest)) <= short \
                and len(_unspecked(rests[j + 1][1])) < full  # (under it the cell's last line, not the next row's full first)
            # the value cell wrapped beside a wrapped 三级 (`根据普法工作需  年度内完` over `要适时开展  成`): the line above
            # held the 三级's full line and this one its short last, so both are one row's, its value too
            above = rests[j - 1] if j else None
            goes_on = above is not None and n not in heads_at and n - above[0] <= 2 and len(above[1]) >= 2 and len(lead) == 1 and values and values[-1][-1][1] is above[1][-1] \
                and len(_unspecked(above[1][:-1])) >= full and len(_unspecked(lead)) <= short \
                and (not _value_cell(last) or not parse_indicator_value(above[1][-1].raw, ocr=True).unit)
            if lead or _value_cell(last) or last.compact in words or inside or opened and _VALUE_END.match(last.compact) \
                    or unit_rest:
                if opened and _VALUE_END.match(last.compact) or goes_on or unit_rest:
                    values[-1].append((n, last))
                else:
                    values.append([(n, last)])
            else:
                lead = rest
            texts.extend((n, c) for c in lead)
        bands: list[_Band] = []
        spans: list[tuple[int, int]] = []
        at = 0
        for i, value in enumerate(values):
            top, bottom = value[0][0], value[-1][0]
            following = values[i + 1][0][0] if i + 1 < len(values) else cut
            start = texts[at][0] if at < len(texts) and texts[at][0] <= bottom else top
            end = max(top + bottom - start, bottom)
            taken = []
            while at < len(texts) and texts[at][0] < following and (texts[at][0] <= end or i + 1 == len(values)):
                taken.append(texts[at])
                at += 1
            last = taken[-1][0] if taken else bottom
            # lines standing unevenly round the value: the 三级 may hold another row's piece, or miss its own
            bands.append(_Band(_joined_cell([c for _, c in value]), [c for _, c in taken],
                               uneven=bool(taken) and start + last != top + bottom,
                               wrapped=len({n for n, _ in [*taken, *value]}) > 1))
            spans.append((min(start, top), max(last, bottom)))
        return bands, spans, rounds

    def odd(bands: list[_Band]) -> int:  # rows standing unevenly round their values, or 三级 not one cell's lines
        return sum(band.uneven or _ragged(band.texts, column) for band in bands)

    # a cell wrapped round the line naming its row is read the way its widths say, the other way where that
    # leaves rows odd and the other fewer
    read = parted(frozenset())
    if read is None:
        return []
    flipped: frozenset[int] = frozenset()
    for j in read[2]:
        if not odd(read[0]):
            break
        trial = parted(flipped | {j})
        if trial is not None and odd(trial[0]) < odd(read[0]):
            read, flipped = trial, flipped | {j}
    bands, spans, _ = read

    def band_at(line: int) -> int | None:
        return next((k for k, (_, last) in enumerate(spans) if line <= last), None)

    for line, cells in level1s:
        if (k := band_at(line)) is not None and bands[k].level1 is None:
            bands[k].level1 = _joined_cell(cells)
    named: dict[int, tuple[int, int]] = {}  # band -> the first and last lines of the 二级 heading it
    for line, cells, last in level2s:
        k = band_at(line)
        # a 二级 standing on its own line between two rows heads a row the form left empty (经济效益指标（选填）)
        # when the next one stands beside the row's 三级: that one heads it; two beside one row, the later one
        # heads the next row (its name wrapped on from under the row above)
        if k is not None and k in named and named[k][0] >= spans[k][0]:
            k += 1
        if k is not None and k < len(bands):
            bands[k].level2, named[k] = _joined_cell(cells), (line, last)
    # A 二级 heads the rows down to the next one's. A row whose lines miss its name's stands under it by place
    # alone, sure only where the form prints its level cells at their tops (each name heading several rows
    # stands by the first of them); centred, the name's first rows stand over it, under the name above: in doubt.
    heads = sorted(named)
    topped = all(named[k][0] <= spans[k][0] + 1 for k, after in zip(heads, [*heads[1:], len(bands)]) if after - k > 1)
    head = None
    for k, band in enumerate(bands):
        head = k if k in named else head
        if head is not None and not topped and k != head \
                and not (spans[k][0] <= named[head][1] and named[head][0] <= spans[k][1]):
            band.placed = True
    return bands


def _unit_rest(value: list[tuple[int, Cell]], piece: Cell) -> bool:
    """Whether `piece` (`元`, `人/月`) is the rest of the unit of the figure `value` ends with, wrapped onto a line
    of its own (`≥300000` / `元`, `≥2000万` / `元`)."""
    if not _UNIT_REST.match(piece.compact) or piece.compact[0] not in _UNIT_START:
        return False
    raw = "".join(c.raw for _, c in value)
    before = parse_indicator_value(raw, ocr=True)
    after = parse_indicator_value(raw + piece.raw, ocr=True)
    return before.number is not None and after.number == before.number and after.unit == (before.unit or "") + piece.compact


def _column_width(rests: list[tuple[int, list[Cell]]]) -> float:
    """How many characters a full line of a fixed-gap tree's 三级 column holds at least: a share of its widest
    line as a line's first of two texts (三级 and value) prints it, else of the widest text alone on a line."""
    firsts = [len(rest[0].compact) for _, rest in rests if len(rest) == 2]
    alone = [len(rest[0].compact) for _, rest in rests if len(rest) == 1 and not _value_cell(rest[0])]
    return FULL_SHARE * max(firsts or alone or [0])


def _filled(line: Cell, then: Cell, full: float) -> bool:
    """Whether a wrapped cell's `line` is full (`full` characters at least), or a character short where the
    character that would end it moved on with the stop after it (`办案效` over `率，维护`)."""
    return len(line.compact) >= full or len(line.compact) + 1 >= full and _NO_LINE_START.match(then.compact[1:]) is not None


def _ragged(texts: list[Cell], full: float) -> bool:
    """Whether a row's 三级 pieces hold a line short of the column before their last: a wrapped cell's lines are
    full but its last, so the pieces are not one cell's."""
    return any(not _filled(line, then, full) for line, then in zip(texts, texts[1:]))


_NO_LINE_START = LazyPattern(r"^[，。、；：,.;:）)]")  # what a line may not start with: the character before it goes on too


def _wrapped_round(rests: list[tuple[int, list[Cell]]], lone: list[bool], level2_at: set[int], middles: set[int],
                   heads: set[int], spanned: set[int], full: float, flipped: frozenset[int]
                   ) -> tuple[set[int], set[int], set[int], list[int]]:
    """A row's one-line cell on the line naming its 二级 (the row's middle, a form printing a 二级 a row) with
    the lines of its other cell wrapped round it, each alone on its line: `有效防范，得以稳` /
    `22-社会效益  维护社会稳定情况` / `定`, or `购买设` / `备，提升` / `22-社会效益  有效提高` / `办案执法` / `率`.
    The wrapped cell is the 三级 when its line above the middle is as full as the 三级 column (`full`,
    `_column_width`), the middle cell its value, and as many of the lines alone round
    it as stand on both sides are 三级 pieces; else the wrapped cell is the value (a narrower column's) over
    two lines, its bottom no longer than its top. Where both columns are about as wide, widths cannot tell:
    the middles in `flipped` (indices into `rests`) are read the other way. Both cells wrapped round a middle
    naming the 二级 alone are one row's lines (none naming a level: `heads`, the lines a level name starts on);
    so are a phrase's three lines round a 三级 on the line a 二级 cut in two stands round (`middles`), its top and
    end on lines no 二级 stands over (`spanned`: else they are the rows' over and under it; a figure there is
    whole, the 三级 wrapped round it).
    Returns the indices into `rests` of the 三级 pieces, of the values' tops and of their bottoms, and the
    middles read either way."""
    def run(j: int, step: int) -> list[int]:  # the lines alone next to line j, one after another, up or down
        out: list[int] = []
        k = j + step
        while 0 <= k < len(rests) and rests[k][0] - rests[j][0] == k - j and lone[k] \
                and rests[k][0] not in level2_at and k not in taken:
            out.append(k)
            k += step
        return out

    texts: set[int] = set()
    tops: set[int] = set()
    ends: set[int] = set()
    rounds: list[int] = []
    taken = texts | tops | ends
    for j, (n, _) in enumerate(rests):
        if n not in level2_at or not lone[j] or j in taken or not (up := run(j, -1)) or not (down := run(j, 1)):
            continue
        rounds.append(j)
        wrapped_value = len(rests[down[0]][1][0].compact) <= len(rests[up[0]][1][0].compact)
        if _filled(rests[up[0]][1][0], rests[down[0]][1][0], full) != (j in flipped):
            tops.add(j)
            side = min(len(up), len(down))
            texts.update(up[:side], down[:side])
        elif wrapped_value:
            tops.add(up[0])
            ends.add(down[0])
            texts.add(j)
        taken = texts | tops | ends
    # both cells wrapped round a middle line naming the 二级 alone (`本年度支付司  =5.5万元/年/人` / `14-成本指标` /
    # `法协理员工资  *70%`): the lines over and under it are one row's, their values one value (not where they name
    # levels of their own: a 二级 alone between two rows heads a row the form left empty, `经济效益指标（选填）`)
    at = {n: j for j, (n, _) in enumerate(rests)}
    for n in sorted(level2_at - at.keys()):
        up, down = at.get(n - 1), at.get(n + 1)
        if up is not None and down is not None and len(rests[up][1]) == len(rests[down][1]) == 2 \
                and not {up, down} & taken and not {n - 1, n + 1} & heads:
            tops.add(up)
            ends.add(down)
            taken = texts | tops | ends
    # a value over three lines round a 三级 on one, a 二级 cut in two between (`案卷评查完` / `13-时效` / `案件补贴发放及时性
    # 毕后及时发` / `指标` / `放`): the lines alone two over and two under the 三级's line are the value's top and end
    for n in sorted(middles & at.keys()):
        up, mid, down = at.get(n - 2), at[n], at.get(n + 2)
        if up is not None and down is not None and len(rests[mid][1]) == 2 and lone[up] and lone[down] \
                and not _value_cell(rests[mid][1][1]) \
                and not {n - 1, n + 1} & at.keys() and not {up, mid, down} & taken and not {n - 2, n + 2} & spanned:
            tops.add(up)
            ends.update((mid, down))
            taken = texts | tops | ends
    return texts, tops, ends, rounds


_HALF_WORD = 6  # characters at most of a wrapped cell's half on one line (a narrow column's width)
_HALVES_ALIGN = 6  # display columns two lines' halves of the same two cells may stray from each other


def _half_word(cell: Cell) -> bool:
    """A short run of characters, no value, no level name: a narrow cell's line of text."""
    piece = SPECKS.sub("", cell.compact)
    return 1 < len(piece) <= _HALF_WORD and cjk_count(piece) == len(piece) and not _value_cell(cell) \
        and _level_cell(cell) is None


def _start_gap(left: Cell, right: Cell) -> int:
    """Display columns from a cell's start to the next one's on its line (a character
    offset, the left cell's Chinese characters counted double as printed)."""
    return right.x - left.x + display_width(left.raw) - len(left.raw)


def _levels_round(lines: list[list[Cell]]) -> list[list[Cell]]:
    """A level name wrapped in its narrow merged cell round its row's middle line, its halves leading the lines
    over and under it (`社会  在职人员` / `社会效益  ≤  100  %` / `效应  控制率`, `可持` / `体制改革  对象满意  ≥  95  %` /
    `续性`; an OCR that reads each line's boxes apart): where two such first cells join into a name of the
    vocabulary (社会效应) and neither is a level's name alone, the name leads the middle line, whole; not where the
    cell goes on under its bottom half (`预算` / `执行` / `绩效` / `目标`: a longer name, 预算执行绩效目标, may start
    with a vocabulary name). Returns the lines, others as they were."""
    out = [list(cells) for cells in lines]
    for k in range(1, len(out) - 1):
        above, middle, below = out[k - 1], out[k], out[k + 1]
        if not above or not below or not middle:
            continue
        top, bottom = above[0], below[0]
        joined = top.compact + bottom.compact
        # (a name printed with its 指标 wraps it apart in the template's numbered column: `2效益` / `指标`, read there)
        if joined not in _LEVEL_WORDS or joined.endswith("指标") or _level_cell(top) or _level_cell(bottom) \
                or _value_cell(top) or _value_cell(bottom) or _goes_on(out[k + 2:k + 4], top):
            continue
        name = Cell(top.raw + bottom.raw, top.start, bottom.end, top.x)
        out[k - 1], out[k], out[k + 1] = above[1:], [name, *middle], below[1:]
    return out


def _goes_on(lines: list[list[Cell]], top: Cell) -> bool:
    """Whether a narrow cell wrapped a piece a line goes on in `lines` (the next two under its bottom piece): one
    leads with a piece as wide as its top, words alone (`绩效` under `预算` / `执行`; a 三级's bottom, `度`, is
    narrower, a row's top, `法律援助`, wider)."""
    width = len(top.compact)
    return any(line and cjk_count(line[0].compact) == len(line[0].compact) == width and not _level_cell(line[0])
               for line in lines)


_DATE_REST = LazyPattern(r"^\d{0,4}年?\d{0,2}月$")  # a date's rest wrapped under its start (`12月`, `年12月`, `1年12月`)


def _dated_values_round(lines: list[list[Cell]]) -> list[list[Cell]]:
    """A form printing a row's value and date in one cell (计划完成时限: `≥ 8 人 2021年12月`), the cell wrapped round the
    line of the row's 三级: its top last on the line over it (`≥8人2021年`, `效果明显 2021`, `=500元/人/月`), the rest
    of the date last on the line under it (`12月`, `年12月`, `2021年12月`, no value before it), the 三级's line between
    ending in no value or date. The two pieces are joined, one cell, last on the 三级's line (the tree reads the date off
    the value); where the line between names a level alone (`=500元/人/月` / `社会效益指标` / `员补助标准  2021年12月`), it
    is no row's, and the cell stays last on its top's line, the 三级's top beside it. Returns the lines, others as they were."""
    out = [list(cells) for cells in lines]
    for k in range(1, len(out) - 1):
        above, middle, below = out[k - 1], out[k], out[k + 1]
        if not above or not middle or not below or not _DATE_REST.match(below[-1].compact) \
                or _value_cell(middle[-1]) or _peel_deadline(middle)[1] or any(_value_cell(c) for c in below[:-1]):
            continue  # (a date after a value on its own line is that line's)
        top, rest = above[-1], below[-1]
        for cut in range(min(len(top.compact), 8), -1, -1):
            head = top.compact[:len(top.compact) - cut]
            # a whole date under a value's line ends it only where that is a value (`=500元/人/月`, not `控制率`)
            if head and calendar_date(top.compact[len(head):] + rest.compact, whole=True) and _level_cell(top) is None \
                    and (cut or _value_cell(top)):
                break
        else:
            continue
        joined = Cell(top.raw + rest.raw, top.start, rest.end, top.x)
        out[k + 1] = below[:-1]
        if _level_cell(middle[-1]) is not None:  # (a level's line alone: the value's row is its top's)
            out[k - 1] = [*above[:-1], joined]
        else:
            out[k - 1], out[k] = above[:-1], [*middle, joined]
    return out


def _join_band_tops(lines: list[list[Cell]]) -> tuple[list[list[Cell]], frozenset[int]]:
    """A row whose 三级 and word value both wrap in their narrow cells prints their top
    halves on the line above the one naming its levels (`本四 | 半生汪 | 维护全县 | 效果` over
    `效益指标 | 社会效益指标 | 稳定大局 | 明显 | 有`), the level cells' tops garbled there (no level
    read whole). When the top line's last two short texts stand as far apart as the
    level line's last two, column over column, right after its levels, and the top line
    holds a cell over each level, each joins the cell under it; the top line's other
    cells lead the level line. Returns the lines, and the joined cells (by id)."""
    out = [list(cells) for cells in lines]
    joined: list[Cell] = []
    for at in range(len(out) - 1):
        top, mid = out[at], out[at + 1]
        if len(top) < 3 or len(mid) < 4 or _level_cell(mid[0]) is None \
                or any((found := _level_cell(c)) is not None and found[2] for c in top):
            continue
        words = [k for k, c in enumerate(mid) if _half_word(c)]
        # the pair right after the level line's levels, the top holding a cell over each level (their garbled
        # tops): a whole row of short texts over a level line (`服务响应速度 | 及时 | 计划标准`) has neither
        if len(words) < 2 or words[-1] != words[-2] + 1 or words[-2] < 2 or len(top) - 2 != words[-2] \
                or any(_level_cell(c) is None for c in mid[:words[-2]]) \
                or any(len(SPECKS.sub("", c.compact)) > 2 for c in mid[words[-1] + 1:]):
            continue
        (a, b), (c, d) = top[-2:], mid[words[-2]:words[-1] + 1]
        if not (_half_word(a) and _half_word(b)) or abs(_start_gap(a, b) - _start_gap(c, d)) > _HALVES_ALIGN:
            continue
        halves = [Cell(a.raw + c.raw, a.start, c.end, c.x), Cell(b.raw + d.raw, b.start, d.end, d.x)]
        joined.extend(halves)
        out[at] = []
        out[at + 1] = [*top[:-2], *mid[:words[-2]], *halves, *mid[words[-1] + 1:]]
    return out, frozenset(map(id, joined))


# A piece of a date printed down a narrow 完成时限 column, two characters a line (`20` / `21` / `年` / `12` / `月`),
# and what the pieces of one date make together (its year may be cut: `21年12月`).
_DATE_BIT = LazyPattern(r"^(?:\d{1,4}|年|月|\d{1,2}年|年\d{1,2}|\d{1,2}月|年\d{1,2}月)$")
_DATE_BITS = LazyPattern(rf"^(?:{YEAR}|\d{{2}})?年(?:0?[1-9]|1[0-2])(?P<month>月)?$")  # (`年21`: the next date's year)
_DATE_LINES = 6  # lines a date printed down its column spans at most
_YEAR_BITS = LazyPattern(rf"^{YEAR}$")  # a wrapped date's pieces so far make its year, its 年 to come
_WRAPPED_DATES = 2  # dates found so for a tree to print its 完成时限 that way


def _wrapped_dates(lines: list[list[Cell]]) -> tuple[list[list[Cell]], frozenset[int], frozenset[int]]:
    """A tree whose 完成时限 column is too narrow for its dates: each printed down the column beside its row's
    lines (`20` / `总体工  21` / `作完成 | = 100 | % 年` / `率  12` / `月`), its pieces the last cells of
    consecutive lines, or glued to the unit after a space (`% 年`). Found where the last pieces of runs of
    lines make dates (`_DATE_BITS`), at least `_WRAPPED_DATES` of them: (the lines with each glued piece
    parted into a cell of its own, the ids of the pieces' cells, the ids of each date's first piece), for the
    tree to take as its 完成时限, not as values or 三级 text, and each date's first line as the first of its
    row's lines (a date is centred on its row); (lines, ∅, ∅) otherwise."""
    def bit(cells: list[Cell]) -> str | None:
        if not cells:
            return None
        last = cells[-1].raw.split()
        return last[-1] if last and _DATE_BIT.match(last[-1]) else None

    bits = [bit(cells) for cells in lines]
    runs: list[list[int]] = []
    i = 0
    while i < len(lines):
        joined, run = "", []
        for j in range(i, min(i + _DATE_LINES, len(lines))):
            if bits[j] is None:
                if run and _YEAR_BITS.match(joined) and run[-1] == j - 1:
                    # a line of a taller row between the year and its 年 (`工作完  21` / `整体工作 | 于` /
                    # `… = 100 年`): the column holds nothing there, or a speck
                    continue
                break
            joined += bits[j]
            run.append(j)
            date = _DATE_BITS.match(joined)
            if date and (date["month"] or j + 1 == len(lines) or bits[j + 1] != "月"):
                runs.append(run)  # (its 月 may be lost: `率  12` over the next date's `工作完  21`)
                i = j
                break
        i += 1
    if len(runs) < _WRAPPED_DATES:
        return lines, frozenset(), frozenset()
    out, pieces, starts = list(lines), set(), set()
    for run in runs:
        for k in run:
            *head, last = out[k]
            if last.compact != bits[k]:  # `% 年`: the piece glued to the unit after a space
                cut = last.raw.rstrip()
                kept = last.raw[:len(cut) - len(bits[k])].rstrip()
                head.append(Cell(kept, last.start, last.start + len(kept), last.x))
                last = Cell(bits[k], last.start + len(cut) - len(bits[k]), last.start + len(cut), last.x)
            out[k] = [*head, last]
            pieces.add(id(last))
            if k == run[0]:
                starts.add(id(last))
    return out, frozenset(pieces), frozenset(starts)


def _year_piece(tree: _OcrTree, cells: list[Cell], after: list[list[Cell]]) -> bool:
    """A year alone on its line (`2023`) that is the top of a wrapped 完成时限, not the date under the
    table that ends it: the tree prints dates, and a line of the next three (a band) ends in a date's piece."""
    if not tree.has_deadline or len(cells) != 1 or not _DEADLINE_PIECE.match(cells[0].compact):
        return False
    return any(_peel_deadline(line, loose=True)[1] for line in [a for a in after if a][:3] if len(line) > 1)


def _dated(lines: list[list[Cell]]) -> bool:
    """Whether a tree's lines end in dates or their pieces (`2022年`, `年12`, `月`) often enough
    that the form has a 完成时限 column, whatever the OCR made of its heading."""
    ends = [cells for cells in lines if cells]
    dated = sum(_peel_deadline(cells)[1] != [] for cells in ends)
    return dated >= 3 and dated * 4 >= len(ends)


# What only an OCR prints in a value: a Latin look-alike glued to a figure (`8OM`, `9ox`, `1O0`), a numeral
# standing for ≥ before one (`三8`, `二90%`), the book-title mark for ≥ (`》=`).
_OCR_MARK = LazyPattern(r"\d[OoIl]|(?<![A-Za-z])[OoIl]\d|^[二三]\s*\d|》\s*[=-]")


def _stream(rows: list[Row]) -> bool:
    """One cell per line (web-page text): a row is not a line."""
    lines = [n for r in rows if (n := len(r.printed_texts))]
    return len(lines) >= 4 and sum(n == 1 for n in lines) >= 0.8 * len(lines)


def _regroup_stream(rows: list[Row]) -> list[Row]:
    """Cells printed one per line, rows parted by lines of table rules only (`|||`)
    or not at all: rows re-cut where a rule line stands, else where a value or a
    level name ends a run of cells (the reader then finds 三级 and value in it)."""
    out: list[Row] = []
    current: list[Cell] = []
    lines = [r.printed for r in rows]
    ruled = any(not cells for cells in lines)  # a line of rules only (`|||`) holds no cell
    trailing = _column_after_value(rows)
    closing = False  # a value ended the run; the next cell is of the column after it (指标值确定依据)
    roles = _stream_roles(lines)
    # a header heading the value's pieces apart (指标性质 | 指标值 | 度量单位) or a 权重 / 指标方向 after them: the cells
    # after a value's first may be its pieces and those columns', one a line (issue 17)
    pieced = roles.count("value") > 1 or any(role in _OWN_ROLES for role in roles)
    # the last cell of the value being read: its row ends before the next line unless that line is more of it
    piece: Cell | None = None
    more = False  # whether more of the value's pieces may follow (`pieced`, the value alone on its line)
    taken: set[str] = set()  # the value's pieces taken since its first: figure, unit, weight, direction
    for k, cells in enumerate(lines):
        if not cells:
            if current:
                out.append(Row(current))
                current = []
            piece = None
            continue
        cell = cells[0]
        if piece is not None:
            if more and len(cells) == 1 and (kind := _value_piece(piece, cell, roles, taken)):
                taken.add(kind)
                current.append(cell)
                piece = cell
                continue
            piece = None  # the value ended at the line before: its row ends as a value's does
            if trailing:
                closing = True
            else:
                out.append(Row(current))
                current = []
        if closing:
            closing = False
            following = next((c[0] for c in lines[k + 1:] if c), None)
            # else the row left that column blank, or the OCR lost it: a text right before a value is the next
            # row's 三级 (its 描述 and 二级 lost with the 依据 above: `笃100百分比 | 创新工作完成率 | 80百分比`)
            ends = not (_level_word(cell.compact) or _stream_value(cell)
                        or len(cells) == 1 and following is not None and _stream_value(following))
            out.append(Row([*current, *cells] if ends else current))
            current = []
            if ends:
                continue
        if not ruled and current and _level_word(cell.compact) and not _level_word(current[-1].compact):
            out.append(Row(current))
            current = []
        current.extend(cells)
        if not ruled and _stream_value(cell):
            piece, taken, more = cell, set(), pieced and len(cells) == 1
    if current:
        out.append(Row(current))
    return out


def _stream_roles(lines: list[list[Cell]]) -> list[str | None]:
    """The roles (`_header_role`) of a one-cell-per-line tree's headings in their order, read from its first lines
    up to the first that names a level."""
    roles = []
    for cells in lines:
        if cells and _level_word(cells[0].compact):
            break
        roles.extend(_header_role(c.compact) for c in cells)
    return roles


_UNIT_CELL = LazyPattern(rf"^(?:[%％‰]|{_UNIT_WORDS}(?:/[人月年次件户])*)$")  # a 度量单位 cell: a unit's words alone


def _value_piece(last: Cell, cell: Cell, roles: list[str | None], taken: set[str]) -> str | None:
    """What `cell`, on the line after `last` (a value's first cell or a piece of it), is of the same row when a
    header heads the value's pieces apart, one a line: the value after an operator alone (`≥` / `2.3`, `＝` /
    `2024年10月底前`: `figure`), a unit's words after a figure that prints none (`2.3` / `万亩`: `unit`), a bare number
    where the header heads a 权重 / 分值 (`weight`), a direction's word where it heads 指标方向 (`direction`), each
    once; None when the cell is no more of that row (a level's name, the next row's 三级)."""
    if _level_word(cell.compact):
        return None
    if len(last.compact) == 1 and last.compact in _OPERATOR_MARKS and "figure" not in taken:
        return "figure"
    parsed = parse_indicator_value(last.raw)
    if "unit" not in taken and parsed.number is not None and not parsed.unit and _UNIT_CELL.match(cell.compact):
        return "unit"
    if "weight" not in taken and "weight" in roles and _BARE_NUMBER.match(cell.compact):
        return "weight"
    if "direction" not in taken and "direction" in roles and _DIRECTION.match(cell.compact):
        return "direction"
    return None


_AFTER_VALUE_HEADS = ("指标值确定依据", "绩效标准")  # headings of a column printed after the value's, always


def _column_after_value(rows: list[Row]) -> bool:
    """Whether a one-cell-per-line tree's header, read from its first lines, prints a
    column after the value's (指标值 | 指标值确定依据): each row's cell after its value is of it."""
    words = []
    for r in rows:
        cells = r.printed
        if cells and _level_word(cells[0].compact):
            break
        words.extend(w for c in cells if (w := _header_word(c.compact)))
    at = next((i for i, w in enumerate(words) if w in _VALUE_HEADS), None)
    if at is None:
        # the value's heading garbled (`间标值`): the heading of the column the template prints after it
        return any(w in _AFTER_VALUE_HEADS for w in words)
    return any(w not in _VALUE_HEADS for w in words[at + 1:])


def _header_at(rows: list[Row]) -> int | None:
    """The header row by its words: two of them on a line (`-级指标 | 三级指标 | 指标全`), or
    one over a line that names a level, or, in one-cell-per-line text, a run of them."""
    lines = [r.printed_texts for r in rows]  # (the printed cells' texts: what their words are read from)
    for i, texts in enumerate(lines):
        words = _header_words_of(texts)
        if len(words) >= 2 or len(words) == 1 and len(
                {w for c in lines[i:i + 4] if len(c) == 1 for w in _header_words_of(c)}) >= 3:
            return i
        if len(words) == 1 and any(_level_word(compact_text(t)) for nxt in lines[i + 1:i + 3] for t in nxt[:2]):
            return i
    return None


# rows naming a level, the first and more within the `_LEVEL_SPAN` rows after it (rows wrapped over lines
# between), that start a tree whose header no word of shows
_LEVEL_RUN, _LEVEL_SPAN = 3, 8


def second_tree(rows: list[Row], first: int) -> int | None:
    """Index of a second tree header row (two of its words on a line) past the tree starting at `first`, with
    rows between: a form printed once holds one tree, so a second is another form's, whose title and name
    the OCR lost (the two forms read as one table). None when there is none."""
    return next((i for i in range(first + 2, len(rows))
                 if len(_header_words_of(rows[i].printed_texts)) >= 2 and _pairs(rows[i]) is None), None)


def tree_start(rows: list[Row]) -> int | None:
    """Index of the indicator tree's header row (一级指标 | 二级指标 | …) in a
    performance table's rows, None when the table prints no tree. The header is
    found by its words with OCR tolerance (`_header_at`); without one, the first
    row led by a level-1 name (产出指标, fuzzily) starts the tree, else the first of
    a run of rows naming levels in their first cells (`_LEVEL_RUN`)."""
    for i, r in enumerate(rows):  # (loops, not generators: every cell of a form above its tree is asked)
        for c in r.cells:
            if c.compact.startswith("一级指标"):
                return i
    at = _header_at(rows)
    if at is not None:
        return at
    lead = next((i for i, r in enumerate(rows) if (texts := r.printed_texts)
                 and (found := _level_word(compact_text(texts[0]))) and found[0] == 1 and len(texts) > 1), None)
    # header and 一级 garbled alike (`二妖盯|三绸 三级散 绩改值`, `人 出指`): a run of rows naming a level in their
    # first cells (`+1 数量指标`, `芭质量指标`, `本时效指标`) starts at the first of them, when no row led by a
    # 一级 comes before (the tree's last 一级, `3-满意度`, read whole)
    leveled = [any(_level_of_compact(compact_text(t)) for t in r.printed_texts[:3]) for r in rows[:lead]]
    run = next((i for i in range(len(leveled))
                if leveled[i] and sum(leveled[i + 1:i + 1 + _LEVEL_SPAN]) >= _LEVEL_RUN - 1), None)
    return run if run is not None else lead


def read_tree(rows: list[Row], layout: Layout) -> list[Indicator]:
    """The indicators of a tree, `rows` starting at its header row (`tree_start`).

    A level-1 cell printed left of 一级指标 on the header row carries into the
    first rows; a second header row (绩效指标描述 … under 三级指标, 000 表12)
    joins the first. Text read back by OCR (spaced lines) and one-cell-per-line
    web text are read by vocabulary, line by line (`_OcrTree`): every row keeps
    its 三级 even when its value or levels could not be read, flagged. A web page's furniture under the table
    (`扫一扫…`, `[下载] [打印] [关闭]`) ends the tree."""
    indicators = _read_tree(rows, layout)
    # a form whose header names no level column and whose rows read none prints no levels (`三级指标 | 指标值`,
    # `绩效指标 | 指标值`): its rows lost none
    levelled = _LEVEL_HEADING.search(rows[0].text) is not None or any(
        i.level1 is not None or i.level2 is not None for i in indicators)
    _levels_in_doubt(indicators, levelled)
    return indicators


_LEVEL_HEADING = LazyPattern(r"[一二]级")


def _levels_in_doubt(indicators: list[Indicator], levelled: bool) -> None:
    """Rows whose levels were not told apart from their 三级, both in doubt (`cell_shifted`). In place:
    - a 三级 read with a level's name before it, a space apart (`可持续影响指标(必填) 县域社会安全稳定`: a line
      whose cells single spaces join, read as one cell) holds its row's level cell;
    - a row read with neither 一级 nor 二级 in a tree that prints levels (`levelled`; seed 004 joined by single
      spaces read its header line into the first row and no level at all) lost its level cells somewhere."""
    for ind in indicators:
        head, _, rest = ind.level3.raw.strip().partition(" ")
        if rest.strip() and _level_name(head) or levelled and ind.level1 is None and ind.level2 is None:
            for text in (ind.level3, ind.level2):
                if text is not None:
                    doubt(text, Reason.cell_shifted)


def _level_name(text: str) -> bool:
    """Whether `text` is a level's name as forms print it (numbered, `22-社会效益`, or whole, `可持续影响指标（必填）`,
    `质量指标`, `社会效益`), not a 三级's first word that starts like one (`质量达标率`, `满意度调查`: `level_of`
    takes those, for an OCR's cut cells)."""
    if level_of(text) is None:
        return False
    name = "".join(strip_decoration(text).split())
    return bool(NUMBERING.match(clean_text(text))) or name in LEVEL1 or any(name in pair for pair in _LEVEL2_ROOTS)


_LOST_ONE = LazyPattern(r"^[-—一]?级指标")  # 一级指标 with its 一 read as a dash or lost (`-级指标`, `级指标`)


def _level1_heading(cells: list[Cell]) -> int | None:
    """Index of the header cell reading 一级指标, or one that lost its 一 to the OCR (`_LOST_ONE`) right
    before the cell reading 二级指标; None when there is none."""
    for i, cell in enumerate(cells):
        if cell.compact.startswith("一级指标") or _LOST_ONE.match(cell.compact) and i + 1 < len(cells) \
                and cells[i + 1].compact.startswith("二级指标"):
            return i
    return None


def _read_tree(rows: list[Row], layout: Layout) -> list[Indicator]:
    if (labelled := _labelled_rows(rows)) is not None:
        # a tree printed `key：value` (`一级指标：产出指标` / … / `指标值：≥62%`): read as the grid it flattens
        # (space-aligned text is an OCR's page, as its other trees are read: `_read_lines`)
        return parse_indicators(labelled[1:], read_header(labelled[:1]), Layout.tabbed, ocr=layout is Layout.spaced)
    if layout is Layout.spaced and (kept := _blanks_kept(rows)) is not None:
        rows, layout = kept, Layout.tabbed  # every cell under its heading, as a delimited text's
    first, body = rows[0], rows[1:]
    if layout is Layout.vertical and len(first.cells) == 1:
        # a header printed one cell a row (a one-cell-per-line table printed and read back): one row again
        while body and len(body[0].cells) == 1 and _header_role(body[0].cells[0].compact):
            first, body = Row([*first.cells, *body[0].cells]), body[1:]
    at = _level1_heading(first.cells)
    lead = [c for c in first.cells[:at] if c] if at is not None else []
    carry = make_text(lead[-1], strip_decoration(lead[-1].raw)) if lead and level_of(lead[-1].raw) == 1 else None
    if layout is Layout.spaced or layout is Layout.tabbed and _stream(rows):
        # one cell per line is a web page's text, where operators are printed as they are, unless its
        # cells show an OCR's marks (a page printed one cell a line and read back by tesseract); so is a
        # tab-delimited text's tree printed one cell a line (a one-cell-a-line form with its tabs dropped)
        stream = _stream(rows)
        ocr = not stream or any(_OCR_MARK.search(c.raw) for r in rows for c in r.cells)
        indicators = _read_lines(_regroup_stream(rows) if stream else rows, carry, ocr=ocr)
        if not ocr:
            _doubt_confusable(_figures(indicators))
        return indicators
    if at is None:
        return _read_lines(rows, carry)
    if body and not any(c for c in body[0].cells[:2]) and any("目标" in c.compact for c in body[0].filled):
        return parse_indicators(body[1:], read_header([first, body[0]]), layout, carry)
    header = read_header([first])
    if body and (under := _sub_headings(header, body[0])) is not None:
        return parse_indicators(body[1:], read_header([first, under]), layout, carry)
    return parse_indicators(body, header, layout, carry)


_LABELLED_SHARE = 0.8  # rows of a tree printed `key：value` that open with a heading and its value, at least
_LABELLED_RECORDS = 2  # indicators such a tree prints at least (a grid's header row opens with a heading too)


def _pairs(row: Row) -> list[tuple[Cell, Cell | None]] | None:
    """A row printed as labelled fields (`一级指标 | 产出指标`, or several on one line: `一级指标 | 产出指标 | 二级指标 |
    数量指标 | …`, as `vocabulary.key_value_parts` parts `key：value` lines): each heading of the tree (`_header_word`)
    with the value after it (None where the next cell is another heading or the row ends). None when a cell no
    heading stands before opens the row or follows a value, or when no heading has a value (a grid's header row:
    its headings side by side)."""
    cells = row.filled
    pairs: list[tuple[Cell, Cell | None]] = []
    k = 0
    while k < len(cells):
        if _header_word(cells[k].compact) is None:
            return None
        value = cells[k + 1] if k + 1 < len(cells) and _header_word(cells[k + 1].compact) is None else None
        pairs.append((cells[k], value))
        k += 2 if value is not None else 1
    return pairs if any(v is not None for _, v in pairs) else None


# A line opening with a word of its own and a colon, no heading of the tree (`备注：…`, `说明:`): a note under it.
_NOTE = LazyPattern(r"^[\u4e00-\u9fff]{1,6}[:：]")


def _led_pairs(row: Row) -> tuple[list[Cell], list[tuple[Cell, Cell | None]] | None]:
    """A row's cells before its first heading of the tree (the end of a value wrapped from the line above: `人口 |
    指标值 | ≥3.2万人` under `三级指标 | 受益农村`), and its labelled fields from there (`_pairs`; None where it
    prints none)."""
    cells = row.filled
    at = next((k for k, c in enumerate(cells) if _header_word(c.compact) is not None), len(cells))
    return cells[:at], _pairs(Row(cells[at:])) if at < len(cells) else None


def _labelled_rows(rows: list[Row]) -> list[Row] | None:
    """The rows of a tree printed as labelled fields, one a line or several on a line (a web page's flattening of
    the grid: `一级指标：产出指标` / `二级指标：数量指标` / `三级指标：…` / `指标值：≥62%`), as the grid they flatten: a
    header row of the headings in the order first printed (the label cells), then a row per indicator with each
    value under its heading. An indicator starts where a heading comes again or one before the last printed
    (`三级指标` after `指标值`): its levels printed only when they change (the grid's merged cells) are blank, and the
    reader carries them down as it does a grid's. A line's cells before its first heading (all of a one-cell line)
    under a value are more of that value (a wrapped line); under none, they stay a row of their own. A page's
    furniture is skipped; a note (`备注：…`) or a sign-off ends the tree. None unless most rows are labelled fields
    (`_LABELLED_SHARE`) for `_LABELLED_RECORDS` indicators or more."""
    lines = []
    for row in rows:
        first = row.filled[0].compact if row.filled else ""
        if _END_OF_TABLE.match(first) or _NOTE.match(first):
            break  # a note under the tree (`备注：…`) or its sign-off: the tree ends (the account reports the rest)
        if first and not PAGE_FURNITURE.match(first):  # (a page's furniture between the fields: `第 1 页 共 2 页`)
            lines.append(row)
    if not lines or _pairs(lines[0]) is None:
        return None  # (most trees: a grid's header row opens them, its headings side by side)
    read = [_led_pairs(row) for row in lines]
    if sum(pairs is not None for _, pairs in read) < _LABELLED_SHARE * len(lines):
        return None
    order: list[str] = []  # the headings' roles in the order first printed: the grid's columns
    heads: dict[str, Cell] = {}
    records: list[dict[str, list[Cell]] | Row] = []
    current: dict[str, list[Cell]] | None = None
    last: list[Cell] | None = None  # the value being read: the cells of a line before its first heading are more of it
    for row, (lead, pairs) in zip(lines, read):
        more = last is not None and (pairs is not None or len(lead) == 1)
        if more:
            last.extend(lead)
        if pairs is None:
            if not more:
                records.append(row)
                current = last = None
            continue
        if lead and not more:
            records.append(Row(lead))
            current = None
        for label, value in pairs:
            role = _header_role(_header_word(label.compact) or "") or label.compact
            if role not in heads:
                heads[role] = label
                order.append(role)
            if current is None or role in current or order.index(role) < max(order.index(r) for r in current):
                current = {}
                records.append(current)
            current[role] = last = [value] if value is not None else []
    if sum(isinstance(r, dict) for r in records) < _LABELLED_RECORDS:
        return None
    # (each cell at its column's index, as a delimited text's; a cell the print leaves out, a merged level above,
    # blank where the indicator starts)
    out = [Row([Cell(heads[role].raw, heads[role].start, heads[role].end, x) for x, role in enumerate(order)])]
    for record in records:
        if isinstance(record, Row):
            out.append(record)
            continue
        at = next(cells[0].start for cells in record.values() if cells) if any(record.values()) else 0
        out.append(Row([Cell("".join(c.raw for c in cells), cells[0].start, cells[-1].end, x)
                        if (cells := record.get(role)) else Cell("", at, at, x) for x, role in enumerate(order)]))
    return out


def _sub_headings(header: HeaderInfo, row: Row) -> Row | None:
    """A second header row of headings alone that names no level (`财政政策性绩效目标 | 部门预算绩效目标 | 部门指标值`),
    its blank cells before them dropped (a text joined cell by cell): the columns it heads (those of `header`, the
    first row's) are the 三级's and those after it (the level columns merge down over both header lines), so it is
    put back under them, blank cells before; None when the row is no such header."""
    level3_at = header.level3_at
    cells = row.filled
    if level3_at is None or len(cells) < 2 or not all(c.compact in TREE_HEADINGS or _header_role(c.compact) for c in cells) \
            or any(_header_role(c.compact) in ("level1", "level2") for c in cells):
        return None
    return Row([*(Cell("", cells[0].start, cells[0].start) for _ in range(level3_at)), *cells])


def _blanks_kept(rows: list[Row]) -> list[Row] | None:
    """The rows of a tree whose text joins a line's cells by one fixed gap and keeps an empty cell's room (a web
    page's cells joined by two spaces, `    修复损毁沟渠长度  ≥  12  公里  15`: a blank cell is one more gap, before
    the first cell or between two), with their blank cells put back and every row as wide as its header (the first
    row): a cell's index is its column then, as a delimited text's. None where the gaps say nothing of the columns:
    gaps of several widths no one gap makes (an OCR's line, text aligned in columns), or one gap only and no line
    indented (blanks dropped, `eval/seeds-joined-two`), or rows wider than their header or, half of them, narrower."""
    lines = [row.cells for row in rows]
    gaps = [b.x - a.x_end for cells in lines for a, b in zip(cells, cells[1:])]
    indents = [cells[0].x for cells in lines if cells and cells[0].x]
    if len(gaps) < _FIXED_PAIRS or not lines[0]:
        return None
    gap = min(gaps)  # (a gap of one column is a rule's or a bracket's, no joiner's: `| a | b |`)
    if not 1 < gap <= JOINER or any(g % gap for g in [*gaps, *indents]) or max(gaps) == gap and not indents:
        return None
    kept: list[list[Cell]] = []
    for cells in lines:
        line: list[Cell] = []
        for k, cell in enumerate(cells):
            room = cell.x if k == 0 else cell.x - cells[k - 1].x_end - gap  # (the first cell stands after no gap)
            line.extend(Cell("", cell.start, cell.start, cell.x) for _ in range(room // gap))
            line.append(cell)
        kept.append(line)
    width = len(kept[0])
    # (the gaps of an OCR's line may all be a joiner's by chance; its rows as wide as their header, hardly)
    if any(len(line) > width for line in kept) or 2 * sum(len(line) == width for line in kept) < len(kept):
        return None
    return [Row([*line, *(Cell("", line[-1].end, line[-1].end) for _ in range(width - len(line)))]) if line else Row()
            for line in kept]
