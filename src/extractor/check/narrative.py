"""Reading the narrative of a disclosure (编制说明, 情况说明 …; 名词解释, 目录, 职能 and 机构设置
aside): its statements, each amount and percentage in them with its unit and subject, the
comparison words, and the table cell a subject names.

A statement is a sentence (to 。 or ；) of a narrative section, its lines joined (the print
wraps a sentence anywhere, even inside a number or a name) and its spaces dropped; every
character keeps its offset in the document text, so a quantity's span is exact.

Linking is by vocabulary, never by guess: the template's subjects (`template.Subject`:
收入预算, 财政拨款支出预算, 三公经费 …, matched at the end of the clause before the amount with
OCR tolerance) and quoted classification subjects (“一般公共服务支出（类）财政事务（款）行政运行
（项）”, “A-B-C”科目) found by name in the function table. A quantity no subject names is kept
(`Quantity.link` None) and checked against nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..lazyre import LazyPattern
from ..models import Amount, BudgetLine, ColumnKind, Document, LineTable, NarrativeBlock, RowKind, Side, Span, TableKind
from ..numbers import UNIT_FACTORS
from .reconcile import Funds, funds_of
from .template import Subject, Template

# Amount units as a narrative prints them (`_QUANTITY`), in 元.
UNITS = {unit: UNIT_FACTORS[unit] for unit in ("元", "万元", "亿元")}
_QUANTITY = LazyPattern(r"(?<![\d.,，])(\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.(\d+))?(亿元|万元|元|%|％)")
_SENTENCE_STOP = LazyPattern("[。；;]")  # what ends a sentence
_NON_SPACE = LazyPattern(r"\S+")
_CLAUSE_BREAK = "，,；;：:。、"
# Sections read for amounts; the others explain words or list contents and duties.
_SKIPPED = LazyPattern(r"名词解释|目录|职能|机构设置")
_HEADING = LazyPattern(r"^([一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十\d]+部分)?[^，,。；;：:]{0,30}"
                      r"(说明|解释|职能|设置|目录|录|情况|预算|决算)$")
# Comparison words, with the sign of the change they state.
RISE = ("增加", "增长", "上升", "提高", "增幅")
FALL = ("减少", "下降", "降低", "减幅")
EVEN = ("持平", "一致", "相同", "不变")
MORE = ("大于", "高于", "多于", "超过")
LESS = ("小于", "低于", "少于")
_COMPARING = LazyPattern(r"(比|与|较|同|和)(上年|\d{4}年)")  # a clause comparing with a year: 与2023年预算执行数持平
_HEDGED = LazyPattern(r"(基本|大体|大致|总体)$")  # 基本持平: roughly level, no claim of equal amounts
_OPENING = LazyPattern(r"^(其中|包括|主要|分别)[是为]?")
_YEARISH = LazyPattern(r"^\d{4}年度?")
_TRAILING = LazyPattern(r"(为|是|达|共|计)$")


@dataclass
class Cell:
    """The table cell a quantity names: its table, row and amount (None: printed blank, read as 0)."""

    table: LineTable
    line: BudgetLine | None
    amount: Amount | None

    @property
    def value(self) -> float:
        return self.amount.value if self.amount is not None and self.amount.value is not None else 0.0

    @property
    def label(self) -> str:
        row = self.line.name.value if self.line is not None else "合计 (printed empty)"
        code = f"{self.line.code.value} " if self.line is not None and self.line.code is not None else ""
        return f"{self.table.id} {code}{row}"


@dataclass
class Quantity:
    """An amount or percentage of a statement: value, unit (元, 万元, 亿元, %), digits after the
    point, its offsets in the document text, and the clause before it (its subject)."""

    value: float
    unit: str
    decimals: int
    start: int
    end: int
    raw: str
    clause: str
    at: int  # its position in the statement's text
    quoted: tuple[str, ...] = ()  # names of a quoted classification subject (类, 款, 项)
    link: Cell | None = None
    subject: Subject | None = None
    whole: Cell | None = None  # a share's whole (占本年支出合计的71.73%: the 支出合计 cell)

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％")

    @property
    def yuan(self) -> float:
        return self.value * UNITS[self.unit]

    @property
    def half(self) -> float:
        """Half the last printed digit, in 元 (or in percent points): how far rounding moves it."""
        return 0.5 * 10 ** -self.decimals * (1 if self.is_percent else UNITS[self.unit])

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)


@dataclass
class Statement:
    """One sentence of a narrative section, spaces and line breaks dropped."""

    text: str
    offsets: list[int]
    section: str
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.offsets))

    def comparison(self, quantity: Quantity) -> tuple[str, Span] | None:
        """The sign (rise, fall, even) a quantity's clause states (比2023年增加8.57%: rise) and the
        span of its word; None when the clause compares nothing."""
        found = self._word(quantity.clause, quantity.at - len(quantity.clause))
        return found[:2] if found else None

    def bare_comparisons(self) -> list[tuple[str, str, Span, int]]:
        """The comparisons closed by their word, no number after it (与2023年预算执行数持平): for each
        clause with no quantity in it that opens as a comparison (比 / 与 / 较 …) and holds a comparison
        word, (clause, sign, the word's span, where the word stands in the statement's text). A clause
        that merely holds such a word (统计口径与2023年一致, 原因是2023年有一次性增加的支出) compares
        no two amounts; nor does a hedged 基本持平."""
        out, start = [], 0
        ats = [q.at for q in self.quantities]
        for end in [i for i, ch in enumerate(self.text) if ch in _CLAUSE_BREAK] + [len(self.text)]:
            clause = self.text[start:end]
            if _COMPARING.match(clause) and not any(start <= at < end for at in ats):
                found = self._word(clause, start)
                if found and not (found[0] == "even" and _HEDGED.search(self.text[start:found[2]])):
                    out.append((clause, *found))
            start = end + 1
        return out

    def _word(self, clause: str, offset: int) -> tuple[str, Span, int] | None:
        """The sign, span and position of the comparison word of `clause` (which begins at `offset`
        in the statement's text), the first kind of word found; None when it holds none."""
        for words, sign in ((RISE, "rise"), (FALL, "fall"), (EVEN, "even")):
            for word in words:
                k = clause.rfind(word)
                if k >= 0:
                    return sign, self.span_of(offset + k, len(word)), offset + k
        return None

    def span_of(self, at: int, length: int) -> Span:
        """Where `length` characters from `at` of the statement's text are in the document text."""
        return Span(start=self.offsets[at], end=self.offsets[at + length - 1] + 1)


def statements(doc: Document, text: str) -> list[Statement]:
    """The statements of the document's narrative blocks (sections `_SKIPPED` left out), with their
    quantities read. `text` is the document text the blocks' spans point into."""
    out: list[Statement] = []
    for block in doc.tables:
        if not isinstance(block, NarrativeBlock):
            continue
        section, runs, offsets = "", [], []  # the section's runs of characters, each character's offset
        at = block.span.start
        for line in text[block.span.start:block.span.end].split("\n"):
            compact = "".join(line.split())
            if is_heading(compact):
                out.extend(_sentences(runs, offsets, section))
                section, runs, offsets = compact, [], []
            elif compact and not _SKIPPED.search(section):
                for run in _NON_SPACE.finditer(line):  # (a run of characters at a time, not one by one)
                    runs.append(run.group())
                    offsets += range(at + run.start(), at + run.end())
            at += len(line) + 1
        out.extend(_sentences(runs, offsets, section))
    return out


def is_heading(compact: str) -> bool:
    """A line (spaces dropped) that heads a narrative section: short, no sentence in it, no amount."""
    return bool(compact) and _HEADING.match(compact) is not None and not _QUANTITY.search(compact)


def heading_lines(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The section headings of `text[start:end]` with their offsets."""
    out, at = [], start
    for line in text[start:end].split("\n"):
        if is_heading("".join(line.split())):
            out.append((line, at))
        at += len(line) + 1
    return out


def _sentences(runs: list[str], offsets: list[int], section: str) -> list[Statement]:
    out, start = [], 0
    text = "".join(runs)
    # each sentence ends after its stop (found by `re`, not tested character by character) or at the text's end
    ends = [m.end() for m in _SENTENCE_STOP.finditer(text)]
    if text and ends[-1:] != [len(text)]:
        ends.append(len(text))
    for end in ends:
        statement = Statement(text[start:end], offsets[start:end], section)
        statement.quantities = _quantities(statement)
        out.append(statement)
        start = end
    return out


def _quantities(statement: Statement) -> list[Quantity]:
    text, out, last = statement.text, [], 0
    for hit in _QUANTITY.finditer(text):
        digits, decimals, unit = hit.group(1), hit.group(2) or "", hit.group(3)
        before = text[last:hit.start()]
        quoted = _quoted(before)
        cut = max(before.rfind(c) for c in _CLAUSE_BREAK)
        clause = before[cut + 1:]
        out.append(Quantity(
            value=float(re.sub(r"[,，]", "", digits) + ("." + decimals if decimals else "")), unit=unit,
            decimals=len(decimals), start=statement.offsets[hit.start()], end=statement.offsets[hit.end() - 1] + 1,
            raw=hit.group(0), clause=clause, at=hit.start(), quoted=quoted,
        ))
        last = hit.end()
    return out


_QUOTED = LazyPattern(r"[“\"]([^“”\"]{2,80})[”\"](科目)?(为|是)?$")
_LEVELS = LazyPattern(r"[（(](类|款|项)[）)]")


def _quoted(before: str) -> tuple[str, ...]:
    """The names of a quoted classification subject just before an amount: “A（类）B（款）C（项）”
    or “A-B-C”科目, class first; () when there is none."""
    hit = _QUOTED.search(before)
    if hit is None:
        return ()
    inner = hit.group(1)
    if _LEVELS.search(inner):
        parts = [p for p in _LEVELS.split(inner) if p and p not in ("类", "款", "项")]
    elif "-" in inner or "－" in inner:
        parts = re.split(r"[-－]", inner)
    else:
        return ()
    return tuple(p.strip() for p in parts if p.strip())


def subject_name(clause: str) -> str:
    """A clause without what does not name its subject: quotes, its opening (其中：, 2024年), a trailing 为."""
    name = re.sub(r"[“”\"'‘’「」]", "", clause)
    name = _OPENING.sub("", _YEARISH.sub("", name))
    return _TRAILING.sub("", name)


def _ends_with(name: str, word: str) -> bool:
    """`name` ends with `word`, one character OCR-damaged, dropped or added in a word of five or more."""
    if len(word) < 5:
        return name.endswith(word)
    if len(name) < len(word) - 1:
        return False
    best = max(fuzz.ratio(name[-n:], word) for n in (len(word) - 1, len(word), len(word) + 1) if n <= len(name))
    return best >= 100 * (len(word) - 1) / len(word) - 1e-9


def find_subject(template: Template, clause: str) -> Subject | None:
    """The template subject a clause ends with, its longest words first; None when none fits."""
    name = subject_name(clause)
    if not name or name[0] in "比较与同":
        return None  # a comparison (比2024年增加 …): the amount is a change, not a cell
    words = sorted(((w, s) for s in template.subjects for w in s.words), key=lambda ws: -len(ws[0]))
    for word, subject in words:
        if _ends_with(name, re.sub(r"[“”\"]", "", word)):
            return subject
    return None


def _row_key(name: str) -> str:
    name = re.sub(r"[\s“”\"'‘’]", "", name)
    name = re.sub(r"^(其中[:：])?([一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．])*", "", name)
    return re.sub(r"(小计|合计)$", "", name) or name


def _own(line: BudgetLine) -> Amount | None:
    """The cell a narrative's amount of a row means: 决算数, else 合计/预算数, else the row's first amount."""
    for column in (ColumnKind.final, ColumnKind.total):
        if (amount := line.amount(column)) is not None:
            return amount
    return line.amounts[0].amount if line.amounts else None


def _subject_cell(doc: Document, subject: Subject) -> Cell | None:
    tables = [t for t in doc.tables if isinstance(t, LineTable) and t.kind is subject.kind
              and (subject.funds is None or funds_of(t) is Funds(subject.funds))]
    if len(tables) != 1:
        return None  # none, or several that could be meant: not guessed
    table = tables[0]
    if table.empty or not table.lines:
        return Cell(table, None, None)
    if subject.row == "合计":
        line = next((x for x in table.lines if x.row_kind is RowKind.total), None)
        return Cell(table, line, _own(line)) if line is not None else None
    want = _row_key(subject.row)
    lines = [x for x in table.lines if subject.side is None or x.side is Side(subject.side)]
    scored = sorted(((fuzz.ratio(_row_key(x.name.value), want), k) for k, x in enumerate(lines)), reverse=True)
    if not scored or scored[0][0] < 90:
        return None
    line = lines[scored[0][1]]
    return Cell(table, line, _own(line))


def _function_table(doc: Document) -> LineTable | None:
    """The table a narrative's classification subjects are read from: the general-budget function table, else
    the department's expenditure table."""
    for kind in (TableKind.expenditure_by_function, TableKind.department_expenditure):
        tables = [t for t in doc.tables if isinstance(t, LineTable) and t.kind is kind and not t.empty and t.lines
                  and (kind is not TableKind.expenditure_by_function or funds_of(t) is Funds.general)]
        if len(tables) == 1:
            return tables[0]
    return None


def parents(table: LineTable, line: BudgetLine) -> dict[int, BudgetLine]:
    """The rows above `line` of each higher level (1 = 类, 2 = 款), found by position: the 类 row
    whose code the print damaged still heads its rows."""
    at = next(k for k, x in enumerate(table.lines) if x is line)
    found: dict[int, BudgetLine] = {}
    for x in reversed(table.lines[:at]):
        if x.level is not None and line.level is not None and x.level < line.level and x.level not in found \
                and all(x.level < lv for lv in found):
            found[x.level] = x
    return found


def names_match(a: str, b: str) -> bool:
    """Two row names alike, with OCR tolerance, numbering and quotes aside."""
    return fuzz.ratio(_row_key(a), _row_key(b)) >= 85


def _quoted_cell(table: LineTable, names: tuple[str, ...]) -> Cell | None:
    """The row a quoted subject names: its last name at its level, its parent names agreeing where given
    (the class name is compared by the check, not used to choose: an older edition names it otherwise)."""
    level = len(names)
    found = []
    for line in table.lines:
        if line.row_kind is not RowKind.subject or line.level != level or not names_match(line.name.value, names[-1]):
            continue
        up = parents(table, line)
        if level == 3 and 2 in up and not names_match(up[2].name.value, names[1]):
            continue
        found.append(line)
    return Cell(table, found[0], _own(found[0])) if len(found) == 1 else None


_SHARE = LazyPattern(r"占(.+?)(的)?(比重|比例)?(为|是)?$")


def link(doc: Document, template: Template | None, statements_: list[Statement]) -> None:
    """Set each money quantity's table cell (`Quantity.link`) where a subject names one, and each
    share's whole (`Quantity.whole`: 占本年支出合计的 → the 支出总计 cell)."""
    function = _function_table(doc)
    for statement in statements_:
        for q in statement.quantities:
            if q.is_percent:
                share = _SHARE.search(q.clause)
                if share and template is not None and (subject := find_subject(template, share.group(1))) is not None:
                    q.whole = _subject_cell(doc, subject)
                continue
            if q.quoted and function is not None and 1 <= len(q.quoted) <= 3:
                q.link = _quoted_cell(function, q.quoted)
            elif template is not None and (subject := find_subject(template, q.clause)) is not None:
                q.subject = subject
                q.link = _subject_cell(doc, subject)
