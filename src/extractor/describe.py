"""What a document is, for the rows of the dataset: its department, its year and
whether it is a 预算 (budget) or a 决算 (final accounts) disclosure.

Read from what the document prints, never from its file name: the year most
printed with 年 (2021年, 2021 年度); the kind the table titles name (…预算表,
…决算表, 绩效自评表 is a 决算 form, 绩效目标表 a 预算 one), else the document's
opening lines; the department the tables name most (a unit row's name, a
performance table's 部门名称 / 主管部门 / 实施单位), preferring names that end as
an organisation's does (局, 委员会 …), of names as often named the unit that
drew the forms up (below), and dropping a printed code (`223-`) and
本级; with no table naming one (a 决算 document's coded tables print no unit rows), the
unit its forms say drew them up (编制单位：…, 填报单位（盖章）：…), else the one its
opening title names before the year (…局2023年度部门决算公开). Each is None when the
document prints none.
"""

from __future__ import annotations

import re
from collections import Counter

from .lazyre import LazyPattern
from .models import DepartmentTable, Document, LineTable, ProjectTable, RowKind, SelfEvaluationTable, Text

_YEAR = LazyPattern(r"((?:19|20)\d\d)\s*年")
# A 决算 document's own forms; a 预算 one's. A title names one or the other (决算 wins where both are
# printed: 预算 also stands in 决算 column headings such as 年初预算数).
_FINAL = LazyPattern(r"决\s*算|自\s*评")
_BUDGET = LazyPattern(r"预\s*算|绩效目标")
# How an organisation's name ends (a department or one of its units).
ORGANISATION_END = LazyPattern(r"(局|委员会|委|办公室|办|厅|院|部|中心|所|站|队|馆|政府|法院|检察院|协会|联合会|学校|医院)$")
_CODE_PREFIX = LazyPattern(r"^[\dA-Za-z]+\s*[-—_:：]?\s*")
_OPENING = 2000  # characters of a document's opening (cover, heading) read for its kind when no title names it
# The unit a form says drew it up, after its label (`编制单位：`, `填报单位（盖章）：`, `编制部门：`), its seal's mark
# after it no part of its name (`会昌县教育局（盖章）`); not the unit of its amounts (单位：万元).
_DRAWN_BY = LazyPattern(r"(?:编制|填报|申报|预算)(?:单位|部门)\s*(?:[(（]\s*[盖公]?章\s*[)）])?\s*[:：]\s*"
                        r"([^\s|:：]{2,40}?)\s*(?:[(（]\s*[盖公]章\s*[)）])?(?=[\s|:：]|$)")
# An opening title's department: the name before its year (`会昌县退役军人事务局2023年度部门决算公开`), after 关于 where
# the title opens so (`关于…局2023年度部门决算的说明`).
_TITLE_NAME = LazyPattern(r"^\s*(?:关于)?(\S{2,40}?)\s*(?:19|20)\d\d\s*年", re.MULTILINE)


def document_year(text: str) -> int | None:
    """The year the document prints most with 年 (the latest of a tie); None when it prints none."""
    counts = Counter(int(y) for y in _YEAR.findall(text))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


def document_type(doc: Document, text: str) -> str | None:
    """预算 or 决算 as the tables' titles name them (the most named), else as the opening lines
    do; None when neither is printed."""
    for source in ([t.title for t in doc.tables if t.title], [text[:_OPENING]]):
        final = sum(bool(_FINAL.search(s)) for s in source)
        budget = sum(bool(_BUDGET.search(s)) and not _FINAL.search(s) for s in source)
        if final or budget:
            return "决算" if final >= budget else "预算"
    return None


def _organisation(value: Text | str | None) -> str | None:
    name = value.value if isinstance(value, Text) else value
    if not name:
        return None
    name = "".join(_CODE_PREFIX.sub("", name.strip()).split())
    name = re.sub(r"本级$", "", name)
    return name if len(name) >= 2 else None


def document_department(doc: Document, text: str = "") -> str | None:
    """The department the tables name most: top-level unit rows, then the performance tables'
    department and implementing unit; a name ending as an organisation's does is preferred, and of
    names as often named, the one `text` prints as the unit that drew its forms up (else before the
    opening title's year), then the shortest. With none, that printed name."""
    names: Counter[str] = Counter()
    for table in doc.tables:
        if isinstance(table, LineTable):
            units = [x for x in table.lines if x.row_kind is RowKind.unit and x.code is not None]
            if units:
                shortest = min(len(u.code.value) for u in units)
                names.update(n for u in units if len(u.code.value) == shortest and (n := _organisation(u.name)))
        elif isinstance(table, DepartmentTable):
            names.update(n for n in [_organisation(table.department.department)] if n)
        elif isinstance(table, ProjectTable):
            p = table.project
            names.update(n for n in (_organisation(p.department), _organisation(p.implementing_unit)) if n)
        elif isinstance(table, SelfEvaluationTable):
            e = table.evaluation
            names.update(n for n in (_organisation(e.department), _organisation(e.implementing_unit)) if n)
    printed = _printed_department(text)
    if not names:
        return printed
    # A tie (one project table's 主管部门 and 实施单位) goes to the name the forms print as their author.
    return max(names, key=lambda n: (bool(ORGANISATION_END.search(n)), names[n], n == printed, -len(n)))


def _printed_department(text: str) -> str | None:
    """The organisation the forms' 编制单位 / 填报单位 lines name most, else the first that an opening line names
    before a year; None when neither names one (a name must end as an organisation's does)."""
    drawn = Counter(n for m in _DRAWN_BY.finditer(text) if (n := _organisation(m[1])) and ORGANISATION_END.search(n))
    if drawn:
        return max(drawn, key=lambda n: (drawn[n], -len(n)))
    for m in _TITLE_NAME.finditer(text[:_OPENING]):
        if (name := _organisation(m[1])) and ORGANISATION_END.search(name):
            return name
    return None


def describe(doc: Document, text: str) -> None:
    """Set `doc`'s department, year and doc_type from its tables and text."""
    doc.department = document_department(doc, text)
    doc.year = document_year(text)
    doc.doc_type = document_type(doc, text)
