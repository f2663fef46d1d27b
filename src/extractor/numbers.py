"""Number normalisation for OCR'd budget cells and indicator values.

A repair that is certain (a stray space in `197. 920000`, full-width digits) is
applied and marked `repaired`. A repair that is a guess (`2,8505`: 2.8505 or
28505?) keeps every reading as an alternative and is marked `ambiguous`, so the
caller flags the field instead of silently choosing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

from .lazyre import LazyPattern
from .models import Operator, Reading

# Decorations OCR puts around a number: quotes, table rules, brackets.
_EDGE_NOISE = "\"'“”‘’|[]【】「」《》〈〉。·、 \t"
_NUMBER_CHARS = LazyPattern(r"^[0-9.,;\s]+$")
_LETTER_ZERO = LazyPattern(r"^[oOD](?=\s?\.\s?\d)")
_DIGIT_GROUPS = LazyPattern(r"\d+")
# A number whose thousands groups a space parts (`1 696,828`): its integer part in groups of three after the
# first; a space after a number's decimals parts two numbers (`89.900000 197.920000`), never groups.
_SPACED_GROUPS = LazyPattern(r"^\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?$")

# Headings of columns that hold counts (车辆数, 批次, 人次, 人数) or row numbers (行次,
# 栏次) beside money: their numbers are never amounts (docs/domain.md, 三公 tables). (`account._COLUMN_HEADERS`
# names the characters every heading they match holds, 数 or 次: a heading without them needs its own there.)
COUNT_HEADER = LazyPattern(r"车 ?辆 ?数|批 ?次|人 ?次|人 ?数")
ROW_NUMBER_HEADER = LazyPattern(r"[行栏] ?次")

# A row's own number as a 决算 table prints it in its 行次 column (1 … 43): a plain integer, no decimals or groups;
# two digits at most (a three-digit run down a table is class codes: 301, 302, 303).
ROW_NUMBER = LazyPattern(r"[1-9]\d?")
K = TypeVar("K")


def row_number_runs(rows: list[list[tuple[int, K, tuple[int, int] | None]]], headed: bool,
                    heads: Sequence[tuple[int, int]] = ()) -> set[K]:
    """The keys of the numbers that number a table's rows (its 行次 column: 1, 2, 3 … down the table, as the
    部门决算 templates print it in 收入支出决算总表 beside each item, and their 栏次 line numbers the columns),
    given each row's plain integers (`ROW_NUMBER`) top to bottom as (number, key, column): `column` the
    (start, end) the number stands in across the table (cell indices, display columns), None where the layout
    keeps no columns (cells joined by a fixed gap, OCR: a 行次 number stands after its label like an amount,
    so only the arithmetic tells it).

    A run is integers running on by one from a row to the next (a row without integers breaks none), over
    three rows or more, or two where the header prints 行次 (`headed`). A run is one column's: it goes on only
    within the column it stands in, and where the heading's columns are known (`heads`, spans as `column`) only
    runs standing under one count. Runs are taken longest first; a run of two is none where a longer one
    crosses its rows, and a number whose row already has its row number and whose value a run taken before it
    (as long or longer) holds is none (a table numbers each row once: whole amounts 3, 4, 5 beside 行次 4, 5, 6
    are amounts, while the other side's 行次 32 … 37 on the same rows number them). Where no heading's column
    is known, each column's runs stand by their length alone (a two-sided summary has two 行次 columns)."""
    runs: list[list[tuple[int, int, K, tuple[int, int] | None]]] = []  # (row, number, key, column) each
    ending: dict[int, list[int]] = {}  # a run's next number → the runs ending on the last row with integers
    for i, numbers in enumerate(rows):
        if not numbers:
            continue
        going: dict[int, list[int]] = {}
        for n, key, column in numbers:
            run = next((r for r in ending.get(n, []) if _same_column(runs[r][-1][3], column)), None)
            if run is None:
                runs.append([])
                run = len(runs) - 1
            else:
                ending[n].remove(run)
            runs[run].append((i, n, key, column))
            going.setdefault(n + 1, []).append(run)
        ending = going
    found: set[K] = set()
    taken: list[list[tuple[int, int, K, tuple[int, int] | None]]] = []
    for run in sorted(runs, key=len, reverse=True):
        if len(run) < (2 if headed else 3) or heads and run[0][3] is not None \
                and not any(_same_column(run[0][3], head) for head in heads):
            continue
        first, last = run[0][0], run[-1][0]
        if len(run) == 2 and any(len(t) > 2 and t[0][0] <= last and first <= t[-1][0] for t in taken):
            continue
        numbered = {m[0] for t in taken for m in t}
        used = {m[1] for t in taken for m in t}
        kept = [m for m in run if not (m[0] in numbered and m[1] in used)]
        taken.append(kept)
        found.update(m[2] for m in kept)
    return found


def _same_column(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Whether two (start, end) spans across a table overlap; a number of no column stands in any."""
    return a is None or b is None or (a[0] < b[1] and b[0] < a[1])


# OCR reads these letters for digits inside codes (2O40601, 3Ol02).
OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2"})
# Above this many 万元 a single line of a county budget is implausible, so a
# comma-grouped reading that large is more likely a decimal comma.
_PLAUSIBLE_MAX_WANYUAN = 1_000_000


@dataclass
class ParsedNumber:
    value: float
    decimals: int
    percent: bool = False
    repaired: bool = False
    ambiguous: bool = False
    alternatives: list[Reading] = field(default_factory=list)


@lru_cache(maxsize=65536)
def clean_text(raw: str) -> str:
    """NFKC-normalise (full-width digits and punctuation) and fold whitespace."""
    if not unicodedata.is_normalized("NFKC", raw):
        raw = unicodedata.normalize("NFKC", raw)
    return " ".join(raw.split())


UNIT_FACTORS = {"元": 1.0, "千元": 1e3, "万元": 1e4, "亿元": 1e8}
# A money unit printed in the cell after the number: `10000万元`, `250万`, `24 万元`.
_MONEY_UNIT = LazyPattern(r"^(?P<number>.*?\d)\s*(?P<unit>亿元|万元|千元|元|万)\s*$")


def money_factor(printed: str | None, unit: str | None) -> float | None:
    """How many of `unit` (the table's) one `printed` money unit is (万 is 万元): 万元 in 元 is
    10000. None when either is no money unit (`UNIT_FACTORS`)."""
    printed = "万元" if printed == "万" else printed
    if printed not in UNIT_FACTORS or unit not in UNIT_FACTORS:
        return None
    return UNIT_FACTORS[printed] / UNIT_FACTORS[unit]


def parse_money(raw: str, unit: str | None) -> ParsedNumber | None:
    """Read an amount cell that may print its own unit (`10000万元`, `250万`):
    the value in `unit` (the table's unit; 万 is 万元). A cell without a unit
    reads as `parse_amount` reads it; None when it is not an amount."""
    m = _MONEY_UNIT.match(unicodedata.normalize("NFKC", raw).strip())
    if m is None or unit not in UNIT_FACTORS:
        return parse_amount(raw, unit)
    parsed = parse_amount(m["number"], unit)
    if parsed is None:
        return None
    factor = money_factor(m["unit"], unit)
    if factor == 1:
        return parsed
    value = parsed.value * factor
    decimals = max(0, parsed.decimals - round(math.log10(factor)))
    return ParsedNumber(value=round(value, decimals + 6), decimals=decimals, percent=False,
                        repaired=parsed.repaired, ambiguous=parsed.ambiguous, alternatives=[])


_PERCENT_DECIMALS = 2  # decimals the tables print a percentage to


@lru_cache(maxsize=65536)  # tables repeat their numbers; the result is shared, never mutated by callers
def parse_amount(raw: str, unit: str | None = None) -> ParsedNumber | None:
    """Read an amount cell; None when the cell is not a number at all."""
    text = unicodedata.normalize("NFKC", raw).strip(_EDGE_NOISE)
    if not text:
        return None
    percent = False
    if text.endswith("%"):
        percent = True
        text = text.rstrip("%").strip()
    negative = False
    if text[:1] in "-−":
        negative = True
        text = text[1:].strip()
    # OCR reads the leading zero of `0.288161` as a letter
    zero_as_letter = bool(_LETTER_ZERO.match(text))
    if zero_as_letter:
        text = "0" + text[1:]
    if not text or not _NUMBER_CHARS.match(text) or not any(c.isdigit() for c in text):
        return None
    parsed = _parse_unsigned(text, unit)
    if parsed is None:
        return None
    if zero_as_letter:
        parsed = replace(parsed, repaired=True)
    if percent and parsed.decimals >= _PERCENT_DECIMALS + 1 and text.endswith("9"):
        # `120.169%`: a percentage's % read as `9%` (tesseract), or a third decimal no table prints: both in doubt
        short = _parse_unsigned(text[:-1], unit)
        parsed = replace(parsed, ambiguous=True, alternatives=[
            Reading(value=parsed.value, why="as printed"), Reading(value=short.value, why="the % read as 9%")])
    parsed.percent = percent
    if negative:
        parsed.value = -parsed.value
        parsed.alternatives = [Reading(value=-r.value, why=r.why) for r in parsed.alternatives]
    return parsed


_SEPARATOR_RUN = LazyPattern(r"[.,]{2,}")


def _parse_unsigned(text: str, unit: str | None) -> ParsedNumber | None:
    repaired = False
    if ";" in text:
        text = text.replace(";", ",")
        repaired = True
    # A space next to a separator is OCR noise (`197. 920000`, `91, 016`).
    squeezed = re.sub(r"\s*([.,])\s*", r"\1", text)
    # two separators side by side (`1477.，109400`): one mark read twice, the point when one is a point
    squeezed = _SEPARATOR_RUN.sub(lambda m: "." if "." in m[0] else ",", squeezed)
    if squeezed != text:
        repaired = True
        text = squeezed
    if " " in text:
        # Thousands groups split by a space: `1 696,828` is 1696828, `1 234 567.89` 1234567.89.
        if not _SPACED_GROUPS.match(text):
            return None
        text = text.replace(" ", ",")
        repaired = True
    groups = _DIGIT_GROUPS.findall(text)
    seps = re.findall(r"[.,]", text)
    if not seps:
        return ParsedNumber(value=float(text), decimals=0, repaired=repaired)
    if text[0] in ".," or text[-1] in ".,":
        return None

    last_sep, last_group = seps[-1], groups[-1]
    if len(seps) == 1 and last_sep == ".":
        return ParsedNumber(value=float(text), decimals=len(last_group), repaired=repaired)

    if set(seps) == {","}:
        return _parse_commas(groups, unit, repaired)

    # Mixed or repeated separators: the last one is the decimal point when it is
    # followed by 1–2 digits (`1.748,327.00`, `877.080.00`), the rest are thousands.
    if len(last_group) <= 2 or last_sep == ".":
        standard = (
            all(s == "," for s in seps[:-1])
            and last_sep == "."
            and 1 <= len(groups[0]) <= 3
            and all(len(g) == 3 for g in groups[1:-1])
        )
        value = float("".join(groups[:-1]) + "." + last_group)
        return ParsedNumber(
            value=value, decimals=len(last_group), repaired=repaired or not standard
        )
    return ParsedNumber(value=float("".join(groups)), decimals=0, repaired=True)


def _parse_commas(groups: list[str], unit: str | None, repaired: bool) -> ParsedNumber:
    """Only commas: thousands separators, or a decimal comma read by OCR."""
    thousands = float("".join(groups))
    decimal = float(groups[0] + "." + "".join(groups[1:]))
    valid_thousands = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if valid_thousands and not (unit == "万元" and thousands >= _PLAUSIBLE_MAX_WANYUAN):
        return ParsedNumber(value=thousands, decimals=0, repaired=repaired)
    # `2,8505`, `629054,69`: a group that is not three digits cannot be thousands;
    # `62,905,469` 万元 would be absurd for one budget line.
    why_thousands = "commas read as thousands separators" if valid_thousands else "comma dropped as noise"
    return ParsedNumber(
        value=decimal,
        decimals=len("".join(groups[1:])),
        repaired=True,
        ambiguous=True,
        alternatives=[
            Reading(value=decimal, why="first comma read as a decimal point"),
            Reading(value=thousands, why=why_thousands),
        ],
    )


# ---------------------------------------------------------------- indicators

_OPERATOR_FIXES = [
    # `》=-10场次`: the dash after `》=` is the OCR's reading of ≥'s lower bar, not a sign
    (LazyPattern(r"[》>]\s*[=＝]\s*[-—]?|》\s*[-—]?(?=\s*\d)|≧|＞＝|=\s*>"), "≥"),
    (LazyPattern(r"[《<]\s*[=＝]\s*[-—]?|《\s*[-—]?(?=\s*\d)|≦|＜＝|=\s*<"), "≤"),
    # LaTeX's \geq / \leq, their letters as OCR reads them off a print (`\1eq`, `\9eq`, `\ged`), the `$\`
    # before them read as `S\`, `SN`, `SA` (`SNgeq 85\%$`, `SNleqd 2%`)
    (LazyPattern(r"(?:^S[\\NA]?|\\)[g9]e(?:[qd9]d?)?"), "≥"),
    (LazyPattern(r"(?:^S[\\NA]?|\\)[l1I|]e(?:[qd9]d?)?"), "≤"),
]
_OPERATORS = {"≥": Operator.ge, "≤": Operator.le, ">": Operator.gt, "<": Operator.lt, "=": Operator.eq}
_NUM = r"\d[\d,.;]*(?:\s*[.,]\s*\d+)*"
_VALUE_RE = LazyPattern(
    rf"^(?P<op>[≥≤><=])?\s*(?P<num>{_NUM})\s*(?:[-~～—至到]\s*(?P<high>{_NUM}))?\s*(?P<unit>[^\d\s].{{0,11}})?$"
)
_RANGE_IN_TEXT = LazyPattern(rf"(?P<num>{_NUM})\s*(?:元)?\s*[-~～—至到]\s*(?P<high>{_NUM})\s*(?P<unit>元|万元|%|人|次)?")
# ---- calendar dates: one vocabulary for a date searched in a value and a date that is a whole cell
# A calendar date or time limit (时效指标 `2025年11月底前`, `≤2025年12月31日`, `12月底前`, `2025.12.31`): a point
# in time, never a quantity. A year of 19xx/20xx before 年 and a month (`1-12月`), a quarter, a season, a part of the
# year (底 末 内 初 中 度 上半年 全年 以前) or another year; a month (1-12) before its day or a part of it; a year, month
# and day parted by dots or dashes. A duration prints no such shape (`1年`, `≤3个月`, `12个月`, `30日`: no year of
# four digits, no month before a day). The OCR's forms are read here, and only here: O/o for a figure's 0 and l/I
# for its 1 (`2O25`, `l2月`), 曰 for 日, and any other one character standing for the 年 between a year and its
# month (`2025牟12月`, `2025午12月`: no unit is printed between two figures, the second a month's).
YEAR = r"(?<![\dOolI])(?:[1lI]9|2[0Oo])[\dOolI]{2}"  # (the source, for the patterns of a date's pieces)
_MONTH = r"(?<![\d个])(?:[1lI][0-2]|0?[1-9])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_TO = r"\s*[-~～—至到]\s*"  # (a span: `1-12月`, `2021年-2022年`)
# What a year's 年 stands before in a date: a month or a span of months (and a day), a quarter, a part of the year or a
# season, another year. (After a year, any one or two figures before 月 and 日 are the date's: `2025年13月` is
# one whose month the OCR misread.)
_PARTS = r"第?\s*[一二三四1-4]\s*季度?|[上下]半年|全年|年?[底末前内初中]|度|以[前内]|[春夏秋冬]季|汛期"
_FIGURES = r"[\dlI]{1,2}"
_IN_YEAR = rf"{_FIGURES}(?:{_TO}{_FIGURES})?\s*月(?:\s*{_FIGURES}\s*[日号曰])?|{_PARTS}|{_TO}{YEAR}\s*年"
_IN_MONTH = rf"{_DAY}\s*[日号曰]|[上中下]旬|[底末前初中]"  # (a month's day or part)
_MISREAD_YEAR = rf"{YEAR}\s*(?!年)[\u4e00-\u9fff]\s*{_MONTH}\s*月"  # (its 年 read as another character)
_DOTTED = rf"{YEAR}\s*[./-]\s*{_MONTH}\s*[./-]\s*{_DAY}(?![\d.])"
# Searched in a value, a date cut short is one too (`2021年12`, `2025年第`, `6月上报`): after a year's 年, a figure
# (`l` for its 1) or the start of a part (`_PARTS`; 以 only in 以前 and 以内: `2000年以上` is a duration) is enough, and
# after a month's 月 its day or the start of a part (`_IN_MONTH`).
_CALENDAR_DATE = LazyPattern(rf"{YEAR}\s*年\s*(?:[\dlI]|[一二三四]\s*季|[第上下全年底末前内初中度春夏秋冬汛]|以[前内]"
                             rf"|{_TO}{YEAR}\s*年)|{_MISREAD_YEAR}|{_MONTH}\s*月\s*(?:{_DAY}\s*[日号曰]|[底末前初中上下旬])"
                             rf"|{_DOTTED}")
# A whole cell (a 完成时限: `numbers.calendar_date(whole=True)`): the date printed to its end, a 底 末 前 or 内 after it
# (`2025年12月底前`).
_WHOLE_DATE = LazyPattern(rf"^(?:{YEAR}\s*年\s*(?:{_IN_YEAR})|{_MISREAD_YEAR}|{_MONTH}\s*月\s*(?:{_IN_MONTH}))"
                          rf"\s*[底末]?\s*[前内]?$|^{_DOTTED}$")
_MISREAD_YEAR_AT = LazyPattern(_MISREAD_YEAR)  # (`misread_year`)
_UNIT_ALIASES = {"百分比": "%", "百分": "%", "%%": "%", "/件": "件"}  # `>80百分` + `比` wrapped
# What tesseract prints for an operator before a number (dev-scans README): `>`
# and `<` for ≥ and ≤ (the bar lost), `二` / `三` for ≥, `-` / `一` for =, and `=`
# for ≥ before a rate short of its bounds (a target of 95% is bounded, ≥95%; only
# 0% and 100% are met exactly). Each is a guess, so a value read through one is ambiguous.
# The figure of a rate short of its bounds (`95` of 95%; not 0, and 100 has three digits): a target, so a floor
# (≥), never met exactly; an `=` before it is tesseract's ≥ with its lower bar lost.
RATE_FIGURE = r"(?!0+\s*(?:%|百分))\d{1,2}(?:\.\d+)?"
_OCR_OPERATORS = [
    (LazyPattern(rf"^[=＝]\s*(?={RATE_FIGURE}\s*(?:%|百分))"), "≥"),
    (LazyPattern(r"^>\s*(?=\d)"), "≥"),
    (LazyPattern(r"^<\s*(?=\d)"), "≤"),
    (LazyPattern(r"^[二三]\s*(?=\d)"), "≥"),
    (LazyPattern(r"^[-—一]\s*(?=\d)"), "="),
]
# `9ox`, `99X`, `<loo人`: the OCR's `o` for 0 and `l` for 1 inside a number, `x` for a closing %.
_OCR_ONE = LazyPattern(r"^([≥≤<>=二三一—-]?\s*)[lI](?=[\doO]+(?![a-zA-Z]))")
_OCR_ZERO = LazyPattern(r"(?<=\d)[oO]+")
_OCR_PERCENT = LazyPattern(r"(?<=\d)[xX]$")
# A % sign read with a digit of its strokes beside it (a serif face's `%` as `9%`, `%6`, `96`):
# a digit after the % ends no value (`95%6`); `96` closing a figure of a rate (`9596`, `10096`) is its %.
_PERCENT_TAIL = LazyPattern(r"(?<=\d)\s*%\s*\d$")
_PERCENT_AS_96 = LazyPattern(r"^(?P<head>[≥≤<>=]?\s*(?P<num>\d{2,3}(?:\.\d+)?))96$")  # 196 is a count, not 1%
# A 1 read as a bracket in a figure's decimals (`91.]万`, `2881.6]元`), between its digits, or alone between
# an operator and a unit (`=]处`): no print puts a bracket there.
_DECIMALS_BRACKET = LazyPattern(r"\d\.[\d\]]*\][\d\]]*")
_BRACKET_ONE = LazyPattern(r"(?<=\d)\](?=\d)|^(?P<op>[≥≤<>=]\s*)\](?=[\u4e00-\u9fff])")


def _bracket_ones(text: str) -> str:
    """`text` with each bracket standing where a figure's 1 stands (`_DECIMALS_BRACKET`, `_BRACKET_ONE`) read as 1."""
    text = _DECIMALS_BRACKET.sub(lambda m: m[0].replace("]", "1"), text)
    return _BRACKET_ONE.sub(lambda m: (m["op"] or "") + "1", text)


@dataclass
class ParsedValue:
    operator: Operator | None = None
    number: float | None = None
    number_high: float | None = None
    unit: str | None = None
    text: str | None = None
    repaired: bool = False
    ambiguous: bool = False
    alternatives: list[Reading] = field(default_factory=list)


@lru_cache(maxsize=16384)  # (forms repeat their values)
def clean_indicator_value(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    # LaTeX that some OCR engines emit: $\geq 300/件$, \text{万元}, \%
    text = text.replace("$", "")
    text = re.sub(r"\\text\{([^}]*)\}", r"\1", text)
    text = text.replace("\\%", "%")
    for pattern, repl in _OPERATOR_FIXES:
        text = pattern.sub(repl, text)
    text = re.sub(r"%(\s*%)+", "%", text)
    return re.sub(r"\s+", " ", text).strip()


_TEXT_DASHES = LazyPattern(r"^[-—]\s*(?=[^\d\s.])|\s+[-—]$")
# Single characters a value may print before its figure as a word of its own (约100人, 达95%, 共3次, 每月2次,
# 第1名): qualifiers the value vocabulary knows, and the numerals tesseract makes of operators (`二90%`,
# read by `_OCR_OPERATORS`). Any other character there stands where an operator stands (`glyph_operator`).
VALUE_QUALIFIERS = frozenset("约达超近共计合累每各满逾较均第前后仅只增减降升占按至少多高低不全年月周日一二三四五六七八九十百千万两零")
# One CJK character glued before a figure (`过80百分比`, `和 10 人`).
_GLYPH_BEFORE = LazyPattern(r"^(?P<glyph>[\u4e00-\u9fff])\s*(?P<rest>\d.*)$")


def glyph_operator(raw: str) -> str | None:
    """The character standing where an indicator value's operator stands, when it
    is no word a value prints there: `过80百分比`, `盖90百分比`, `和100百分比` (a serif
    face's ≥ and ≤ as tesseract reads them). None for a value led by an operator
    mark, a digit or a qualifier word (`约100人`, `达95%`: `VALUE_QUALIFIERS`), and
    for a character before anything but a figure."""
    split = _glyph_split(_TEXT_DASHES.sub("", clean_indicator_value(raw)))
    return split[0] if split else None


# Two CJK characters glued to a figure and its unit that follow them (`和用100百分比`), and the
# two-character words a target prints there (达到95%, 增加30%).
_GLYPHS_BEFORE = LazyPattern(r"^(?P<glyphs>[\u4e00-\u9fff]{2})(?P<rest>\d.*)$")
VALUE_WORDS = frozenset({"达到", "增加", "减少", "大于", "小于", "高于", "低于", "超过", "不足", "提高", "降低", "提升",
                         "控制", "完成", "实现", "保持", "确保", "力争", "争取"})


def _glyphs_before_figure(text: str) -> bool:
    """Whether a value read as text is a figure behind two characters that are no qualifier
    (`VALUE_QUALIFIERS`, `VALUE_WORDS`): an operator's glyph read as two characters (`和用100百分比`), in
    doubt whatever read the text, as one glyph is (`glyph_operator`)."""
    match = _GLYPHS_BEFORE.match(text)
    return bool(match) and not set(match["glyphs"]) <= VALUE_QUALIFIERS and match["glyphs"] not in VALUE_WORDS \
        and _parse_value(match["rest"]).number is not None


def _glyph_split(text: str) -> tuple[str, str] | None:
    """(glyph, figure) of a cleaned value `glyph_operator` reads."""
    match = _GLYPH_BEFORE.match(text)
    if not match or match["glyph"] in VALUE_QUALIFIERS or _parse_value(match["rest"]).number is None:
        return None
    return match["glyph"], match["rest"]


# Operator marks before the one glued to a figure (`>>95`, `》≥95`, `==5`): no value prints two.
_MARK_RUN = LazyPattern(r"^(?:[≥≤<>=》《]\s*)+(?=[≥≤<>=]\s*\d)")
# A Latin look-alike of 0 or 1 (O o I l) where a unit starts, or glued to a digit in a text value: an OCR's
# digit, never a unit or a word (`8OM` for 80M, `三8OM`).
_LOOK_ALIKE_UNIT = LazyPattern(r"^[OoIl]")
_LOOK_ALIKE_FIGURE = LazyPattern(r"\d[OoIl]|(?<![A-Za-z])[OoIl]\d")


def calendar_date(raw: str, whole: bool = False) -> bool:
    """Whether an indicator value prints a calendar date or time limit (`2025年11月底前`, `2025 年 12 月`,
    `≤2025年12月31日`, `12月底前`, `2021年-2022年`, OCR's `2O25年l2月`, `2025牟12月`): read as text, its figures no
    quantity. A duration (`1年`, `12个月`, `≤15天`) is none. With `whole`, whether `raw` is a date and nothing
    else (a 完成时限 cell: `2025年12月31日`, `2025年底前`, `2025.12.31`), not a date among other words."""
    text = clean_indicator_value(raw)
    return bool(_WHOLE_DATE.match(text) if whole else _CALENDAR_DATE.search(text))


def misread_year(raw: str) -> bool:
    """Whether a date in `raw` prints its 年 as another character (`2025牟12月`, `2022征12月`), as `calendar_date`
    reads one: an OCR's misreading, which no field may pass as printed."""
    return bool(_MISREAD_YEAR_AT.search(clean_indicator_value(raw)))


@lru_cache(maxsize=65536)  # the result is shared: callers read it, never mutate it
def parse_indicator_value(raw: str, ocr: bool = False) -> ParsedValue:
    """Split an indicator value into operator, number and unit, or keep it as text.

    Operators are normalised (`》=`, `≧`, `>=`, `\\geq` → ≥; `《=`, `≦` → ≤).
    With `ocr` (text read back by tesseract), the forms tesseract prints for an
    operator or a percent sign (`>90`, `二90%`, `-12个月`, `9ox`, `959%`, `9596`) are read as
    ≥ / = / % too, and the result is marked `ambiguous`: the print may mean
    what it shows. A character no value prints before its figure (`过80百分比`,
    `glyph_operator`) leaves the figure read without an operator, `ambiguous`.
    Errors: none; an unreadable value comes back as text."""
    # A dash in the operator column (`- 长期 -`), or `=` read as `-` (`-是`), before text.
    text = _TEXT_DASHES.sub("", clean_indicator_value(raw))
    if not text:
        return ParsedValue()
    if _CALENDAR_DATE.search(text):
        # a time limit (完成时间 `2025年11月底前`) is text, its operator split off as before any text; a 年 the OCR
        # read as another character (`2025牟12月`) leaves it in doubt, as printed
        return replace(_as_text(text), ambiguous=bool(_MISREAD_YEAR_AT.search(text)))
    glyph = _glyph_split(text)
    if glyph:
        # an unknown character where the operator stands: the figure is read, with no operator and
        # in doubt, never as a plain text that passes unflagged (`settle_operator_glyphs` may read it)
        return replace(parse_indicator_value(glyph[1], ocr), ambiguous=True)
    # marks no print puts in a figure, whatever read the text: a digit after its % (`95%6`), a bracket for a 1;
    # two operator marks before it (`>>95百分比`: one operator's strokes read as two), the one beside it read
    fixed = _bracket_ones(_PERCENT_TAIL.sub("%", _MARK_RUN.sub("", text)))
    guessed, text = fixed != text, fixed
    if ocr:
        fixed = text
        if re.match(r"^[≥≤<>=二三一—-]?\s*[\dlI]", text):
            fixed = _OCR_ONE.sub(r"\g<1>1", fixed)
            fixed = _OCR_PERCENT.sub("%", _OCR_ZERO.sub(lambda m: "0" * len(m.group()), fixed))
            as96 = _PERCENT_AS_96.match(fixed)
            if as96 and float(as96["num"]) <= 100:
                fixed = as96["head"] + "%"
        for pattern, repl in _OCR_OPERATORS:
            fixed = pattern.sub(repl, fixed)
        guessed, text = guessed or fixed != text, fixed
    parsed = _parse_value(text)
    if ocr and parsed.unit == "%" and parsed.number and parsed.number > 100:
        # `959%`, `1009%`: the % read as `9%`, over the bound of a rate; the figure without that 9
        m = re.search(r"(\d+)9\s*(?:%|百分)", text)
        if m and float(m[1]) <= 100:
            parsed.number, guessed = float(m[1]), True
    if ocr and parsed.unit == "%" and parsed.operator is None and parsed.number and parsed.number > 100:
        # `385百分`: ≥ read as a digit before a percentage no rate can exceed
        m = re.match(r"^[23](\d{1,3}(?:\.\d+)?)", text)
        if m and float(m[1]) <= 100:
            parsed.operator, parsed.number, guessed = Operator.ge, float(m[1]), True
    if parsed.unit and parsed.number is not None and _LOOK_ALIKE_UNIT.match(parsed.unit) or \
            parsed.text and _LOOK_ALIKE_FIGURE.search(parsed.text):
        guessed = True  # `8OM`, `9ox`: a figure's 0 or 1 read as a letter; no unit starts so
    if parsed.text and _glyphs_before_figure(text):
        guessed = True  # `和用100百分比`: an operator read as two characters, the figure kept in the text
    if guessed:
        parsed.ambiguous = True
    return parsed


# A rate per a base count (`≤18/10万`: 18 per 100,000; `/万人`, `/千人`, `/百万元`): the unit whole, its `/` kept
_PER_BASE = LazyPattern(r"^/\s*(?:\d+\s*)?[十百千万亿]")


def per_base(unit: str) -> bool:
    """Whether an indicator value's unit is a rate's per a base count (`/10万`, `/万人`): a rate's, as % is."""
    return _PER_BASE.match(unit) is not None


def _parse_value(text: str) -> ParsedValue:
    match = _VALUE_RE.match(text)
    if match:
        num = parse_amount(match["num"])
        if num is not None:
            unit = (match["unit"] or "").strip() or None
            unit = _UNIT_ALIASES.get(unit, unit) if unit else None
            if unit and unit.startswith("/") and not per_base(unit):
                unit = unit[1:] or None
            high = parse_amount(match["high"]) if match["high"] else None
            op = _OPERATORS.get(match["op"] or "")
            return ParsedValue(
                operator=Operator.range if high else op,
                number=num.value,
                number_high=high.value if high else None,
                unit=unit,
                repaired=num.repaired,
                ambiguous=num.ambiguous,
                alternatives=num.alternatives,
            )
    if text[0] in _OPERATORS and len(text) > 1:
        return _as_text(text)
    ranged = _RANGE_IN_TEXT.search(text)
    if ranged:
        low, high = parse_amount(ranged["num"]), parse_amount(ranged["high"])
        if low is not None and high is not None:
            return ParsedValue(
                operator=Operator.range,
                number=low.value,
                number_high=high.value,
                unit=ranged["unit"],
                text=text,
            )
    return ParsedValue(text=text)


def _as_text(text: str) -> ParsedValue:
    """A value read as text; an operator before it (`=较高`, `≥ 中专`) split off."""
    if text[0] in _OPERATORS and len(text) > 1:
        return ParsedValue(operator=_OPERATORS[text[0]], text=text[1:].strip())
    return ParsedValue(text=text)


def fmt(value: float | None) -> str:
    """A number as the checks and the review queue print it: up to 6 decimals, no trailing zeros."""
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
