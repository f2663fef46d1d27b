"""Findings that make a reader's losses visible (the account of `account.py`).

- per table: the numbers printed in it that no field took (`table.unread`) and,
  in a performance table, its text cells no field took (`table.unread_text`), one
  finding `unread_values` (warning) flagging each of them; a table (not printed
  empty) from which no value was read at all is an error, unread numbers or not;
- per document: budget-like numbers outside every table (or on prose lines inside
  one), one finding with table_id "" (the document). They are counted in the
  source text, so the finding is built at extraction (`document_finding`) and
  kept as it is by every re-check (`is_document_finding`), which has only the
  saved document; so is the finding on the pages of a PDF or image left out
  unread (`pages_finding`: no OCR engine, OCR failed on them).
"""

from __future__ import annotations

from bisect import bisect_right

from ..account import UNREAD_FIELDS, is_prose
from ..models import (
    Amount, Backend, Check, Document, Finding, LineTable, Located, NarrativeBlock, ProjectTable, Reason, SelfEvaluationTable, Severity,
    Span, TableBase,
)
from ..walk import iter_fields
from .findings import Findings

SHOWN = 5  # raw texts quoted in a message


def check_unread(doc: Document, findings: Findings) -> None:
    """One finding per table with unread numbers or texts, or with no value read."""
    for table in doc.tables:
        if isinstance(table, NarrativeBlock):
            continue
        unread = [*table.unread, *table.unread_text]
        read = has_values(table)
        if read and not unread:
            continue
        if read:
            severity, message = Severity.warning, f"{_count(table)} in the table, taken by no field: {_quote(unread)}"
        elif unread:
            severity = Severity.error
            message = f"no value read from the table; {_count(table)} in it unread: {_quote(unread)}"
        elif table.empty or table.span.end <= table.header_end:
            continue  # printed with headers only, or a title with nothing under it
        else:
            severity, message = Severity.error, "no value read from the table, and it is not marked as printed empty"
        finding = Finding(
            check=Check.unread_values, severity=severity, reason=Reason.unread, table_id=table.id, message=message,
            actual=str(len(unread)),
            suggestion="read these numbers and texts into their fields, or reject the ones that are not values",
            spans=[a.span for a in unread if a.span is not None] or [table.span],
        )
        findings.items.append((finding, unread))


# The fields a performance table names its subject by, any one of which will do: without
# them its facts belong to nobody (projects.csv and indicators.csv rows with an empty name).
_REQUIRED = (
    (ProjectTable, "project", ("project_name",), "项目名称"),
    (SelfEvaluationTable, "evaluation", ("project_name", "department"), "项目名称 or 部门名称"),
)


def check_required(doc: Document, findings: Findings) -> None:
    """One finding per performance table whose subject's name was not read (its
    label lost to OCR, or the form prints none); the text it may be in is in `unread_text`."""
    for table in doc.tables:
        for kind, part, names, printed in _REQUIRED:
            if isinstance(table, kind) and all(getattr(getattr(table, part), name) is None for name in names):
                finding = Finding(
                    check=Check.missing_field, severity=Severity.warning, reason=Reason.missing_value,
                    table_id=table.id, message=f"no {printed} read: the table's values belong to no one",
                    suggestion="read the name from the form (see the table's unread text) or its title",
                    spans=[table.span],
                )
                findings.items.append((finding, []))


# A field the forms of one document print alike (one template per document, domain.md): where most of
# its project forms read it and one did not, that form's label or value was lost to the OCR.
_USUAL = (("funds_total", "年度资金总额"), ("funds_fiscal", "财政拨款"), ("department", "主管部门"),
          ("implementing_unit", "实施单位"))
_USUAL_SEEN = 2  # forms that read the field, at least, and half of the document's


def check_usual(doc: Document, findings: Findings) -> None:
    """One finding per project table that did not read a field (`_USUAL`: the year's funds, the
    units) that most of the document's project tables read: a value lost without a flag otherwise."""
    projects = [t for t in doc.tables if isinstance(t, ProjectTable)]
    for name, printed in _USUAL:
        read = sum(getattr(t.project, name) is not None for t in projects)
        if read < _USUAL_SEEN or read * 2 < len(projects):
            continue
        for table in projects:
            if getattr(table.project, name) is None:
                finding = Finding(
                    check=Check.missing_field, severity=Severity.warning, reason=Reason.missing_value,
                    table_id=table.id, message=f"no {printed} read, while {read} of the document's "
                    f"{len(projects)} project forms read one",
                    suggestion=f"read the {printed} from the form (see the table's unread text)", spans=[table.span],
                )
                findings.items.append((finding, []))


def check_kind_named(doc: Document, findings: Findings) -> None:
    """One finding per table whose kind only the LLM named (no title the rules know): its every
    value was read as that kind, so a wrong kind would be a silent loss; a reviewer confirms it."""
    for table in doc.tables:
        if table.kind_by is Backend.llm:
            finding = Finding(
                check=Check.kind_named, severity=Severity.warning, reason=Reason.single_backend, table_id=table.id,
                message=f"no table title the rules know: read as {table.kind.value}, the kind the LLM named",
                suggestion="confirm the table's kind from its header and rows", spans=[table.span],
            )
            findings.items.append((finding, []))


def has_values(table: TableBase) -> bool:
    """Whether a reader took any value from the table: an amount of a line table;
    any field of a performance table (its names, goals and indicators are values too)."""
    if isinstance(table, LineTable):
        return any(line.amounts for line in table.lines)
    return any(True for _ in iter_fields(table, skip=UNREAD_FIELDS))  # (the first value ends the walk)


def document_finding(outside: list[tuple[Amount, bool]], tables: list[TableBase]) -> Finding | None:
    """The finding on the document's own unread numbers (`account.account_document`:
    each with whether it stands in a table row), or None when there are none. A
    warning when no table was found or when some stand in table rows (a table not
    detected); info when all are in sentences (a narrative explaining the tables, a table's note).
    The message says where they stand: outside every table, or on prose lines inside one (its note)."""
    if not outside:
        return None
    numbers = [a for a, _ in outside]
    in_rows = sum(in_row for _, in_row in outside)
    no_table = all(isinstance(t, NarrativeBlock) for t in tables)
    spans = [t.span for t in tables if not isinstance(t, NarrativeBlock)]
    noted = sum(any(s.start <= a.span.start < s.end for s in spans) for a in numbers)
    where = ("no table was found, but the text holds" if no_table else "outside every table:" if not noted
             else "on prose lines inside tables (notes):" if noted == len(numbers)
             else "outside every table or on prose lines inside one (notes):")
    return Finding(
        check=Check.unread_values,
        severity=Severity.warning if no_table or in_rows else Severity.info,
        reason=Reason.unread, table_id="",
        message=f"{where} {_numbers(numbers)} ({in_rows} in table rows): {_quote(numbers)}",
        actual=str(len(numbers)),
        spans=[a.span for a in numbers if a.span is not None],
    )


def headings_finding(text: str, headings: list[tuple[str, Span]], tables: list[TableBase]) -> Finding | None:
    """The finding on the tables the document heads (`segment.table_headings`: `表4` alone on its line)
    that no table was read under: no table read carries the label, and none starts at the heading,
    within `_TITLE_LINES` lines of text after it (its title, unit and department lines; a note's
    sentences not counted) or before it (a title printed above its label, the heading inside the
    table's span). A table that starts further down is another's whose own heading was lost: the
    lines between are the heading's table, unread
    (seen: a psm-6 OCR read `表1` and its title `财政拔款收支预和`, then fifty lines of noise, then
    表3's title). Their values are in no table, perhaps in no number the account can read, so
    the heading is all that tells of them: a warning with each heading's span (`rows`: the
    labels); None when every heading has its table."""
    read = {t.label for t in tables if t.label} | {t.label.removeprefix("附") for t in tables if t.label}
    spans = sorted((t.span.start, t.span.end) for t in tables if not isinstance(t, NarrativeBlock))
    starts = [s for s, _ in spans]
    ends = [span.start for _, span in headings[1:]] + [len(text)]

    def has_table(span: Span, end: int) -> bool:  # (`end`: the next heading's start)
        i = bisect_right(starts, span.start)  # the tables after the heading's line start from i on
        above = i > 0 and spans[i - 1][1] > span.start and _lines_between(text, starts[i - 1], span.start) <= _TITLE_LINES
        below = i < len(starts) and starts[i] < end and _lines_between(text, span.end, starts[i]) <= _TITLE_LINES
        return above or below

    missed = [(label, span) for (label, span), end in zip(headings, ends) if label not in read and not has_table(span, end)]
    if not missed:
        return None
    labels = list(dict.fromkeys(label for label, _ in missed))
    return Finding(check=Check.unread_values, severity=Severity.warning, reason=Reason.unread, table_id="",
                   message=f"no table read under the heading{'s' if len(labels) > 1 else ''} {', '.join(labels)}: "
                   "title or rows unreadable (garbled by the OCR?), the values printed there are missing",
                   actual=str(len(labels)), rows=labels, spans=[span for _, span in missed],
                   suggestion="read the table from the source at the heading")


# Lines of text a table read may start below its heading: a title, a unit line, a department line.
_TITLE_LINES = 3


def _lines_between(text: str, start: int, end: int) -> int:
    """The lines holding text in text[start:end] that are no prose: a note's sentences printed between a
    heading and its table's title (`注：1.本表反映…。`) are no lines of a table, read or garbled."""
    return sum(1 for line in text[start:end].split("\n") if line.strip() and not is_prose(line))


def pages_finding(lost: tuple[str, ...] | list[str]) -> Finding | None:
    """The finding on the pages a PDF or an image file was read without
    (`SourceText.lost`: one message each, e.g. `page 2 has no text layer and OCR
    is turned off …: left out`), or None when none was: a warning, as whatever
    those pages print is in no table and counted nowhere else."""
    if not lost:
        return None
    return Finding(check=Check.unread_values, severity=Severity.warning, reason=Reason.unread, table_id="",
                   message="pages not read, their values are missing: " + "; ".join(lost), actual=str(len(lost)))


def is_document_finding(finding: Finding) -> bool:
    """The document's own unread numbers or pages (table_id ""): kept by re-checks, which lack the text."""
    return finding.check is Check.unread_values and finding.table_id == ""


def _numbers(amounts: list[Amount]) -> str:
    return f"{len(amounts)} number{'s' if len(amounts) != 1 else ''}"


def _count(table: TableBase) -> str:
    """`3 numbers`, `2 text cells`, or both."""
    texts = len(table.unread_text)
    parts = [_numbers(table.unread)] if table.unread else []
    parts += [f"{texts} text cell{'s' if texts != 1 else ''}"] if texts else []
    return " and ".join(parts)


def _quote(amounts: list[Located]) -> str:
    shown = ", ".join(a.raw.strip() for a in amounts[:SHOWN])
    return shown + (", …" if len(amounts) > SHOWN else "")
