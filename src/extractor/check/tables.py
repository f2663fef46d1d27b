"""The tables a disclosure must hold (`tables_required`), read against its own contents list
(目录) and its template (`template.py`):

- a table the contents list names that the body does not print;
- a template table the body does not print, and template tables printed out of order;
- a table printed empty without the statement the rules ask for (本表无数据, 本单位无此项支出,
  故本表为空表), or with a statement that names another table's money (a 国有资本经营 table
  whose note says 无政府性基金预算: a note copied from the table before).
"""

from __future__ import annotations

import re

from ..lazyre import LazyPattern
from ..models import Check, Document, Finding, LineTable, NarrativeBlock, Reason, Severity, Span
from .findings import Findings
from .reconcile import FUNDS_WORDS, Funds, funds_of
from .template import Template, template_for, title_key, title_match

# A line of a contents list naming a table: `5．2025年部门一般公共预算支出功能分类预算表 ……… 12`.
_CONTENTS_LINE = LazyPattern(r"^[ \t]*\d+\s*[.．、]\s*(\S[^\n…]*?表)[\s…·.\d]*$", re.M)
# Statements of an empty table when the document's template gives none.
DEFAULT_EMPTY = ("本表为空表", "本表无数据", "空表", "无此项支出", "无此项", "无相关数据", "不涉及")
# How far after an empty table's last line its statement may stand (a note under the table).
_NOTE_REACH = 200


def check_tables(doc: Document, text: str, findings: Findings) -> None:
    """Findings `tables_required` for the document's tables against its contents list and template."""
    tables = [t for t in doc.tables if isinstance(t, LineTable)]
    if not tables:
        return
    template = template_for(doc)
    missing = _contents_missing(doc, text, tables, findings)
    if template is not None:
        _template_missing(template, tables, missing, findings)
    empty_words = template.empty if template is not None else DEFAULT_EMPTY
    for k, table in enumerate(tables):
        # numbers standing unread under it: the table was not read, not printed empty (the unread finding has them)
        if (table.empty or not table.lines) and not table.unread:
            end = min(table.span.end + _NOTE_REACH, tables[k + 1].span.start if k + 1 < len(tables) else len(text))
            _empty_statement(table, text, end, empty_words, findings)


def _add(findings: Findings, table_id: str, message: str, spans: list[Span], suggestion: str,
         rows: list[str] = ()) -> None:
    findings.items.append((Finding(
        check=Check.tables_required, severity=Severity.warning, reason=Reason.template_defect, table_id=table_id,
        message=message, rows=list(rows), suggestion=suggestion, spans=spans,
    ), []))


def _contents_missing(doc: Document, text: str, tables: list[LineTable], findings: Findings) -> set[str]:
    """Tables the contents list names and the body does not print: a finding each; their keys."""
    missing = set()
    keys = [title_key(t.title) for t in tables]
    for block in doc.tables:
        if not isinstance(block, NarrativeBlock) or block.span.start > tables[0].span.start:
            continue  # a contents list stands before the tables
        part = text[block.span.start:block.span.end]
        for hit in _CONTENTS_LINE.finditer(part):
            key = title_key(hit.group(1))
            if len(key) < 5 or any(title_match(key, k) for k in keys):
                continue
            missing.add(key)
            start = block.span.start + hit.start(1)
            _add(findings, tables[0].id, f"the contents list names {hit.group(1).strip()}, which the document does not print",
                 [Span(start=start, end=block.span.start + hit.end(1))],
                 "print the table, or take it out of the contents", [hit.group(1).strip()])
    return missing


def _template_missing(template: Template, tables: list[LineTable], reported: set[str], findings: Findings) -> None:
    found = [(template.index(t.title), t) for t in tables]
    printed = {i for i, _ in found if i is not None}
    for i, title in enumerate(template.tables):
        if i not in printed and not any(title_match(k, title_key(title)) for k in reported):
            _add(findings, tables[0].id, f"the {template.name} template's table {i + 1} {title} is not printed",
                 [tables[0].span], "print the table (with its empty-table statement if it has no data)", [title])
    last = -1
    for i, table in found:
        if i is None:
            continue
        if i < last:
            _add(findings, table.id, f"{table.title} is printed after {template.tables[last]}: the {template.name} "
                 f"template has it as table {i + 1}, before table {last + 1}", [table.span],
                 "print the tables in the template's order", [table.title])
        last = max(last, i)


def _empty_statement(table: LineTable, text: str, end: int, words: tuple[str, ...], findings: Findings) -> None:
    """A table printed empty carries one of `words`; a statement naming another kind of money is a copy."""
    said, span, at = None, table.span, table.span.start
    for line in text[table.span.start:end].split("\n"):
        compact = "".join(line.split())
        if any(w in compact for w in words):
            lead = len(line) - len(line.lstrip())
            said, span = compact, Span(start=at + lead, end=at + len(line.rstrip()))
            break
        at += len(line) + 1
    if said is None:
        _add(findings, table.id, f"{table.title or table.id} is printed empty without a statement why "
             f"(one of {', '.join(words[:3])} …)", [table.span],
             "add the statement the template asks for under the table", [table.title])
        return
    named = [funds for funds, word in FUNDS_WORDS if word in said and funds is not Funds.appropriation]
    own = funds_of(table)
    if named and own in (Funds.fund, Funds.soe, Funds.general) and own not in named:
        _add(findings, table.id, f"{table.title} is printed empty, but its statement speaks of "
             f"{'/'.join(w for f, w in FUNDS_WORDS if f in named)} ({said}): a statement copied from another table",
             [span], "write the table's own statement", [table.title])
