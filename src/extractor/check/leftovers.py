"""What a template leaves behind in a published disclosure (`template_leftover`), read from its text:

- placeholders (XX局, ××万元), instructions to the filler (请填写, 据实填写) and editors' marks
  (（增加内容）, 【待补充】);
- doubled punctuation (。。, ，，);
- alternatives left unresolved (增加（减少）, 下降（增长）, 大于/小于);
- a sentence left unfinished (主要原因是。);
- a table title or section heading whose year is not the document's (a 2023 heading in a 2024
  document), the year most of its table titles print;
- a unit name (编制部门：…, 预算单位：…) other than the one the document names itself by most.

None of these flags a value: the findings carry the span of what is left, for a reviewer.
"""

from __future__ import annotations

import re
from collections import Counter

from rapidfuzz import fuzz

from ..lazyre import LazyPattern
from ..models import Check, Document, Finding, LineTable, NarrativeBlock, Reason, Severity, Span
from .findings import Findings
from .narrative import heading_lines

_COMPARE = "增加|减少|增长|下降|上升|降低|大于|小于|高于|低于"
LEFTOVERS = (
    # (XX not inside a word; written to open with its character class, which `re` skips to, rather
    # than with the look-behind it would try at every character of the text: ~6x faster)
    (LazyPattern(r"([XxＸｘ×](?<![A-Za-z][XxＸｘ×])[XxＸｘ×]+)(?![A-Za-z])"), "a placeholder left in"),
    (LazyPattern(r"请(填写|根据实际|按照|如实|说明)|据实填写|填报说明|此处(填写|填列|说明)"), "an instruction to the filler left in"),
    (LazyPattern(rf"({_COMPARE})\s*[（(/／]\s*({_COMPARE})\s*[)）]?"), "alternatives left unresolved"),
    (LazyPattern(r"(原因是|原因为|主要用于|主要包括)[：:]?\s*[。；]"), "a sentence left unfinished"),
    # an editor's mark on the template's text: what to add or drop (（增加内容）, 【待补充】); not 选填 /
    # 必填, which the performance forms print in their level names (经济效益指标（选填）)
    (LazyPattern(r"[（(【\[]\s*(增加内容|新增内容|补充内容|待补充|待定|删除|此处删除)\s*[）)】\]]"),
     "an editor's mark left in"),
)
# Doubled punctuation, in the narrative only: OCR reads a table's rules and dots as marks.
_DOUBLED = LazyPattern(r"([。，；、：])\1")
_YEAR = LazyPattern(r"(20\d{2})\s*年")
_UNIT_LINE = LazyPattern(r"(编制部门|编制单位|预算主管部门|预算单位|决算单位|单位名称)\s*[:：]\s*([^\s:：|]{2,40})")


def check_leftovers(doc: Document, text: str, findings: Findings) -> None:
    """Findings for the template's leftovers in `text`, and for years and unit names that differ
    from the document's own."""
    for pattern, what in LEFTOVERS:
        for hit in pattern.finditer(text):
            _add(findings, _table_at(doc, hit.start()), f"{what}: {_around(text, hit.start(), hit.end())}",
                 hit.start(), hit.end())
    for block in doc.tables:
        if isinstance(block, NarrativeBlock):
            for hit in _DOUBLED.finditer(text, block.span.start, block.span.end):
                _add(findings, block.id, f"doubled punctuation: {_around(text, hit.start(), hit.end())}",
                     hit.start(), hit.end())
    _years(doc, text, findings)
    _unit_names(doc, text, findings)


def _add(findings: Findings, table_id: str, message: str, start: int, end: int, expected: str | None = None,
         actual: str | None = None) -> None:
    findings.items.append((Finding(
        check=Check.template_leftover, severity=Severity.warning, reason=Reason.template_defect, table_id=table_id,
        message=message, expected=expected, actual=actual, spans=[Span(start=start, end=end)],
        suggestion="complete the text for this document before it is published",
    ), []))


def _around(text: str, start: int, end: int, reach: int = 12) -> str:
    return "«" + re.sub(r"\s+", "", text[max(start - reach, 0):end + reach]) + "»"


def _table_at(doc: Document, offset: int) -> str:
    """The id of the table (or narrative block) holding an offset; "" for the document."""
    return next((t.id for t in doc.tables if t.span.start <= offset < t.span.end), "")


def document_year(doc: Document) -> str | None:
    """The year most of the document's table titles print, or None."""
    years = Counter(y for t in doc.tables if isinstance(t, LineTable) for y in _YEAR.findall(t.title))
    return years.most_common(1)[0][0] if years else None


def _years(doc: Document, text: str, findings: Findings) -> None:
    year = document_year(doc)
    if year is None:
        return
    places = [(t.title, t.span.start, t.id) for t in doc.tables if isinstance(t, LineTable) and t.title]
    places += [(line, start, block.id) for block in doc.tables if isinstance(block, NarrativeBlock)
               for line, start in heading_lines(text, block.span.start, block.span.end)]
    for title, start, table_id in places:
        other = [y for y in _YEAR.findall(title) if y != year]
        if other and year not in title:
            at = text.find(other[0], start)
            at = at if at >= 0 else start
            _add(findings, table_id, f"the heading {title.strip()} names {other[0]}; the document is of {year}",
                 at, at + len(other[0]), expected=year, actual=other[0])


def _unit_names(doc: Document, text: str, findings: Findings) -> None:
    hits = list(_UNIT_LINE.finditer(text))
    names = Counter(h.group(2) for h in hits)
    if len(names) < 2:
        return
    own, count = names.most_common(1)[0]
    if count < 2:
        return  # no name the document gives itself more than once
    for hit in hits:
        name = hit.group(2)
        if fuzz.ratio(name, own) < 90:  # one OCR-damaged character is the same name
            _add(findings, _table_at(doc, hit.start()), f"{hit.group(1)} names {name}; the document names itself {own}",
                 hit.start(2), hit.end(2), expected=own, actual=name)
