"""A run's HTML report: OUT/report/index.html and one page per document.

Static and offline (no script, no network: inline CSS and SVG only). A
document's page draws its tables as tables, marks every flagged value with its
reasons (class `flagged`, the reasons in `data-reasons` and in words beside
the value), lists the findings, and shows the source text with the values'
spans highlighted (a flagged value's span in its own colour), each value
linked to its place in the text. The index lists the documents with their
review load and findings, and draws bar charts (flagged values by document,
findings by check, spending by function class). Every text that comes from a document goes
through `html.escape`: a document printing `<script>` shows it as text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from itertools import chain, repeat
from pathlib import Path
from typing import Iterable, Iterator

from ..check.reconcile import FUNCTION_KINDS, FUNDS_WORDS, has_word
from ..lazyre import LazyPattern
from ..models import (
    Amount, ColumnKind, DepartmentTable, Document, Indicator, KeyTask, LineTable, Located, NarrativeBlock, ProjectTable,
    SelfEvaluationTable, Text,
)
from ..ocr import locate, page_as_read
from ..walk import document_fields
from .files import replacing, write_text
from .rows import UNITS

REPORT_DIR = "report"

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:2px 6px;vertical-align:top}
th{background:#eee}td.num{text-align:right;font-variant-numeric:tabular-nums}
.flagged{background:#ffd6d6;outline:2px solid #d33}.why{display:block;font-size:75%;color:#a00}.where{display:block;font-size:70%;color:#555}
.finding.error{color:#a00}.finding.warning{color:#a60}.finding.info{color:#555}
pre.source{white-space:pre-wrap;border:1px solid #ccc;padding:.5em;max-height:40em;overflow:auto;font-size:90%}
pre.source mark{background:#e3f0ff}pre.source mark.flagged{background:#ffd6d6}
a{color:#036}.meta{color:#555}svg text{font-size:11px}
"""


@dataclass
class PageSummary:
    """What the index says of one document."""

    doc: str
    href: str
    department: str | None
    year: int | None
    doc_type: str | None
    tables: int
    fields: int
    flagged: int
    findings: Counter = field(default_factory=Counter)
    by_function: Counter = field(default_factory=Counter)  # 万元 by 类 of the function tables' total column


def page_name(doc: str) -> str:
    """The file name of a document's page: its name made safe and cut to 200 bytes, with a hash of
    it (two names that make the same safe name stay two pages)."""
    safe = re.sub(r"[^\w.-]+", "_", doc).encode()[:200].decode(errors="ignore")  # (a file name: 255 bytes at most)
    return f"{safe}~{hashlib.sha256(doc.encode()).hexdigest()[:8]}.html"


# The controls HTML forbids in text (C0 but tab, LF, FF and CR; DEL; C1): a document's ESC [2J or
# OSC title would otherwise sit in the page for `cat` or `less -R` to hand to a terminal. None is in
# the report's own markup, so one pass over the page finds only document text.
_CONTROLS = LazyPattern(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _page(title: str, body: str) -> str:
    """A whole page (`_page_pieces`, joined)."""
    return "".join(_page_pieces(title, [body]))


def _page_pieces(title: str, body: Iterable[str]) -> Iterator[str]:
    """A whole page in pieces, its `body`'s as they come; every control character of the documents'
    text shown as U+FFFD, one for one (as the CSVs show them), so the source text's spans keep their
    places (piece by piece: a character is replaced alone)."""
    yield _CONTROLS.sub("\ufffd", f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}'
                        f'</title><meta name="viewport" content="width=device-width"><style>{_CSS}</style></head><body>')
    for piece in body:
        yield _CONTROLS.sub("\ufffd", piece)
    yield "</body></html>"


class _Doc:
    """A document's page, built as its tables are drawn: which values were drawn, and their spans."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.ocr = doc.ocr  # (read once: `value` asks for every value)
        self.drawn: set[int] = set()  # the flagged values drawn in the tables
        self.spans: list[tuple[int, int, bool]] = []

    def value(self, obj: Located | None, css: str = "") -> str:
        """A value's cell content: the value, linked to its span, marked when flagged."""
        if obj is None:
            return f"<td{css}></td>"
        kind = obj.__class__  # (no subclass of Text or Amount: a class test, not isinstance)
        if kind is Text:  # (most values: asked first)
            shown = _escape(obj.value or obj.raw)
        elif kind is Amount:  # (a number formatted has nothing to escape)
            number = obj.value
            shown = _escape(obj.raw) if number is None else f"{number:,.{obj.decimals}f}"
        else:
            shown = _escape(obj.raw)
        span, flagged = obj.span, obj.flagged
        if span is not None:
            start = span.start
            self.spans.append((start, span.end, flagged))
            found = locate(self.ocr, start, span.end) if self.ocr else None
            if found is None:
                shown = f'<a href="#s{start}">{shown}</a>'
            else:  # a value read from a scanned page says where on it (page, box in pixels)
                page = page_as_read(self.ocr, found[0])
                where = (f' title="scanned page {found[0]}, box x {found[1][0]}–{found[1][2]} y {found[1][1]}–{found[1][3]} px'
                         + (f" of the page as read ({page})" if page else "") + '"')
                shown = f'<a href="#s{start}"{where}>{shown}</a>'
                if flagged:
                    shown += f'<span class="where">p. {found[0]} ({found[1][0]}, {found[1][1]})</span>'
        if flagged:
            self.drawn.add(id(obj))  # (the flagged values only: the others are never listed apart)
            # (a reason is a str enum's member, the text of its value: joined as it is; a word, nothing to escape)
            reasons = ";".join(obj.all_reasons)
            return (f'<td class="flagged {css.strip()}" data-reasons="{reasons}">{shown}'
                    f'<span class="why">{reasons.replace(";", ", ") or "flagged"}</span></td>')
        return f'<td class="{css.strip()}">{shown}</td>' if css else f"<td>{shown}</td>"

    def rows(self, headings: list[str], rows: Iterable[list[str]]) -> str:
        head = "".join(f"<th>{_escape(h)}</th>" for h in headings)
        return f"<table><tr>{head}</tr>" + "".join(f"<tr>{''.join(r)}</tr>" for r in rows) + "</table>"

    def fields(self, pairs: list[tuple[str, Located | None]]) -> str:
        return self.rows(["field", "value"], ([f"<th>{_escape(name)}</th>", self.value(obj)]
                                              for name, obj in pairs if obj is not None))


_SPECIAL = LazyPattern(r"[&<>\"']")  # what `html.escape` replaces


@lru_cache(maxsize=16384)  # (by the text: a tree repeats its level names on every row)
def _escape(text: str) -> str:
    """`html.escape`, tested first in one search: most values hold none of its characters."""
    return escape(text) if _SPECIAL.search(text) else text


def _line_table(page: _Doc, table: LineTable) -> str:
    headings = list(dict.fromkeys(c.label or c.column.value for line in table.lines for c in line.amounts))
    sides = any(line.side for line in table.lines)  # a summary table: income and expenditure in one list
    rows = []
    for line in table.lines:
        cells = {c.label or c.column.value: c.amount for c in line.amounts}
        rows.append([*([f"<td>{line.side.value if line.side else ''}</td>"] if sides else []),
                     page.value(line.code), page.value(line.name),
                     *(page.value(cells.get(h), " num") if h in cells else "<td></td>" for h in headings)])
    return page.rows([*(["side"] if sides else []), "code", "name", *headings], rows)


def _indicators(page: _Doc, indicators: list[Indicator]) -> str:
    if not indicators:
        return ""
    names = ["level1", "level2", "level3", "value", "weight", "actual", "points", "score"]
    # (fields read from the instance's dict: a name its class lacks, `actual` of a plan's indicator,
    # is None without pydantic's __getattr__ raising and catching on every row)
    fields = [vars(i) for i in indicators]
    present = [n for n in names if any(f.get(n) is not None for f in fields)]
    value = page.value
    return page.rows(present, ([value(f.get(n)) for n in present] for f in fields))


def _key_tasks(page: _Doc, tasks: list[KeyTask]) -> str:
    """The key tasks' rows: task, 对应项目, the 主要内容 where a task prints one (湖南's form), amount, deadline."""
    texts = ["project", *(["content"] if any(t.content is not None for t in tasks) else [])]
    value = page.value
    return page.rows(["task", *texts, "amount", "deadline"], (
        [value(t.task), *(value(getattr(t, n)) for n in texts), value(t.amount, " num"), value(t.deadline)]
        for t in tasks))


def _table(page: _Doc, table) -> str:
    if isinstance(table, LineTable):
        return _line_table(page, table)
    if isinstance(table, ProjectTable):
        p = table.project
        return page.fields([(n, getattr(p, n)) for n in (
            "project_name", "project_code", "department", "implementing_unit", "project_attribute", "period",
            "supervising_office", "funds_total", "funds_fiscal", "funds_other", "fund_use", "annual_goal")]) + (
            page.rows(["milestone", "percent"], ([f"<td>{escape(m.label)}</td>", page.value(m.percent, " num")]
                                                 for m in p.spending_plan)) if p.spending_plan else "") + _indicators(
            page, p.indicators)
    if isinstance(table, DepartmentTable):
        d = table.department
        return (page.fields([("department", d.department), ("staff_count", d.staff_count), ("duties", d.duties),
                             ("annual_goal", d.annual_goal)])
                + page.rows(["side", "item", "amount"], ([f"<td>{f.side.value}</td>", page.value(f.name),
                                                          page.value(f.amount, " num")] for f in d.funds))
                + _key_tasks(page, d.key_tasks)
                + _indicators(page, d.indicators))
    if isinstance(table, SelfEvaluationTable):
        e = table.evaluation
        money = ["budget_initial", "budget_adjusted", "executed", "points", "execution_rate", "score"]
        return (page.fields([(n, getattr(e, n)) for n in (
            "project_name", "project_code", "department", "implementing_unit", "annual_goal", "annual_outcome",
            "total_points", "total_score", "grade")])
                + page.rows(["funds", *money], ([page.value(f.name), *(page.value(getattr(f, n), " num") for n in money)]
                                                for f in e.funds))
                + _indicators(page, e.indicators))
    return ""


# Spans marked in a piece of the source text (`_source`): ~40 KB of page a piece.
_SOURCE_BLOCK = 1024


def _source(text: str, spans: list[tuple[int, int, bool]]) -> Iterator[str]:
    """The text with each drawn value's span marked (the first of overlapping spans), escaped, in pieces of
    `_SOURCE_BLOCK` spans (the strings of a piece made and joined before the next's: a big document's text
    is never held cut in two strings a value)."""
    pieces, marks, at, begin, size = [], [], 0, 0, len(text)
    for start, end, flagged in sorted(set(spans)):
        if start < at or end > size:
            continue
        pieces += (text[at:start], text[start:end])
        marks.append(f'<mark id="s{start}" class="flagged">' if flagged else f'<mark id="s{start}">')
        at = end
        if len(marks) == _SOURCE_BLOCK:
            yield _marked(text, begin, at, pieces, marks)
            pieces, marks, begin = [], [], at
    pieces.append(text[at:])
    yield _marked(text, begin, size, pieces, marks)


def _marked(text: str, begin: int, end: int, pieces: list[str], marks: list[str]) -> str:
    """text[begin:end] as `pieces`: the text before a span, the span, … and, last, the text after the last
    one when it is in (an odd count), escaped, each span put in its mark of `marks`."""
    escaped = _escape_all(pieces) if _SPECIAL.search(text, begin, end) else pieces  # (most hold nothing to escape)
    # text before, mark, the span, "</mark>", … : interleaved in one join
    return "".join(chain.from_iterable(zip(escaped[::2], marks, escaped[1::2], repeat("</mark>")))) + (
        escaped[-1] if len(escaped) % 2 else "")


def _escape_all(pieces: list[str]) -> list[str]:
    """Each piece escaped: in one call over them all, parted by a character no piece holds and
    escaping keeps (escaping goes character by character), rather than one call a piece."""
    joined = "\0".join(pieces)
    if joined.count("\0") != len(pieces) - 1:
        return [escape(p) for p in pieces]  # (a text with NULs in it)
    return escape(joined).split("\0")


def document_page(doc: Document, text: str | None) -> tuple[str, PageSummary]:
    """The HTML page of one document (decisions applied to `doc` already, if any) and its index entry
    (`page_pieces`, the page joined)."""
    pieces, summary = page_pieces(doc, text)
    return "".join(pieces), summary


def page_pieces(doc: Document, text: str | None) -> tuple[Iterator[str], PageSummary]:
    """The HTML page of one document (decisions applied to `doc` already, if any) in pieces, made as they
    are asked for (a table's, the source text's: a big document's page, ~4 bytes a byte of its text, is
    written piece by piece, never whole in memory), and its index entry."""
    # (positional paths only: the review keys, and the content fingerprints they take, are not needed here)
    fields = document_fields(doc)
    flagged_by_table: dict[int, list] = defaultdict(list)  # one pass, not one per table: linear in big files
    for path, t, obj in fields:
        if obj.flagged:
            flagged_by_table[id(t)].append((path, obj))
    n_flagged = sum(map(len, flagged_by_table.values()))
    summary = PageSummary(doc.doc, f"docs/{page_name(doc.doc)}", doc.department, doc.year, doc.doc_type,
                          sum(not isinstance(t, NarrativeBlock) for t in doc.tables), len(fields), n_flagged,
                          Counter(f.check.value for f in doc.findings), _by_function(doc))
    return _page_pieces(doc.doc, _body(doc, text, flagged_by_table)), summary


def _body(doc: Document, text: str | None, flagged_by_table: dict[int, list]) -> Iterator[str]:
    """The pieces of a document's page body (`page_pieces`); `flagged_by_table`: (path, value) of each flagged
    value by the id of its table."""
    page = _Doc(doc)
    meta = " · ".join(escape(str(x)) for x in (doc.department, doc.year, doc.doc_type) if x)
    yield (f'<p><a href="../index.html">← index</a></p><h1>{escape(doc.doc)}</h1>'
           f'<p class="meta">{escape(doc.source_path)} · sha256 {escape(doc.sha256[:16])}…'
           + (f" · {meta}" if meta else "") + "</p>")
    if doc.warnings:  # how the file was read: pages read by OCR or left out, bytes left out or replaced
        yield (f'<h2>Warnings ({len(doc.warnings)})</h2><ul class="warnings">'
               + "".join(f"<li>{escape(w)}</li>" for w in doc.warnings) + "</ul>")
    yield (f'<h2>Findings ({len(doc.findings)})</h2><ol class="findings">'
           + "".join(f'<li class="finding {f.severity.value}" data-check="{f.check.value}">'
                     f'<b>{f.severity.value}</b> {f.check.value} {escape(f.table_id or "")}: {escape(f.message)}'
                     + (f" — {escape(f.suggestion)}" if f.suggestion else "") + "</li>" for f in doc.findings)
           + "</ol>")
    for table in doc.tables:
        if isinstance(table, NarrativeBlock):
            continue
        label = f"{table.label} " if table.label else ""
        yield (f'<h2 id="{escape(table.id)}">{escape(table.id)} {escape(label + table.title)}</h2>'
               f'<p class="meta">{table.kind.value}' + (f" · {escape(table.unit)}" if table.unit else "") + "</p>")
        yield _table(page, table)
        # every flagged value of the table is shown, the numbers no field took among them
        rest = [(path, obj) for path, obj in flagged_by_table[id(table)] if id(obj) not in page.drawn]
        if rest:
            yield page.rows(["other values to review", "value"],
                            ([f"<td>{escape(path)}</td>", page.value(obj)] for path, obj in rest))
    if text is not None:
        yield '<h2>Source text</h2><pre class="source">'
        yield from _source(text, page.spans)
        yield "</pre>"
    else:
        yield "<h2>Source text</h2><p>The source file is not at hand unchanged: run again to show it.</p>"


def _by_function(doc: Document) -> Counter:
    """The document's spending by function class (类: `204 公共安全支出`), in 万元: the 类 rows' total
    column of its function tables, the first such table with 类 totals of each kind of money only (the
    一般公共预算 table and the 政府性基金 table report different money; two tables of the same would count
    twice; a table printed empty, or a contents entry read as one, gives none and yields to the next)."""
    out: Counter = Counter()
    seen: set[str] = set()
    for table in doc.tables:
        if not isinstance(table, LineTable) or table.kind not in FUNCTION_KINDS or table.unit not in UNITS:
            continue
        money = next((f.value for f, word in FUNDS_WORDS if has_word(word, table.title)), "all")
        if money in seen:
            continue
        classes = [(f"{line.code.value} {line.name.value}", total.value) for line in table.lines
                   if line.level == 1 and line.code is not None
                   and (total := line.amount(ColumnKind.total)) is not None and total.value is not None]
        if classes:
            seen.add(money)
        for name, value in classes:
            out[name] += value * UNITS[table.unit] / UNITS["万元"]
    return out


def _bars(title: str, items: list[tuple[str, float]], href: dict[str, str] | None = None) -> str:
    """A horizontal bar chart in inline SVG (labels escaped), the largest first, 40 bars at most."""
    items = sorted(items, key=lambda x: -x[1])[:40]
    if not items:
        return f"<h2>{escape(title)}</h2><p>none</p>"
    top = max(v for _, v in items) or 1
    height = 18 * len(items) + 10
    bars = []
    for i, (label, value) in enumerate(items):
        y = 18 * i + 5
        width = 400 * value / top
        text = f'<text x="0" y="{y + 12}">{escape(label[:40])}</text>'
        if href and label in href:
            text = f'<a href="{escape(href[label])}">{text}</a>'
        shown = f"{value:,.2f}" if isinstance(value, float) else str(value)  # counts as counts
        bars.append(f'{text}<rect x="260" y="{y}" width="{width:.1f}" height="14" fill="#6a9fd8"/>'
                    f'<text x="{264 + width:.1f}" y="{y + 12}">{shown}</text>')
    return (f'<h2>{escape(title)}</h2><svg xmlns="http://www.w3.org/2000/svg" width="720" height="{height}" '
            f'role="img" aria-label="{escape(title)}">{"".join(bars)}</svg>')


def index_page(pages: list[PageSummary]) -> str:
    """The run's index: the documents with their review load and findings, and two charts."""
    findings, by_function = Counter(), Counter()
    for p in pages:
        findings.update(p.findings)
        by_function.update(p.by_function)
    rows = "".join(
        f'<tr><td><a href="{escape(p.href)}">{escape(p.doc)}</a></td><td>{escape(p.department or "")}</td>'
        f'<td>{p.year or ""}</td><td>{escape(p.doc_type or "")}</td><td class="num">{p.tables}</td>'
        f'<td class="num">{p.fields}</td><td class="num">{p.flagged}</td>'
        f'<td class="num">{sum(p.findings.values())}</td></tr>' for p in pages)
    body = (f"<h1>Extraction report</h1><p>{len(pages)} documents, {sum(p.flagged for p in pages)} of "
            f"{sum(p.fields for p in pages)} values flagged for review, {sum(findings.values())} findings.</p>"
            + _bars("Review load by document (flagged values)", [(p.doc, p.flagged) for p in pages],
                    {p.doc: p.href for p in pages})
            + _bars("Findings by check", list(findings.items()))
            + _bars("Spending by function class (万元, the documents' function tables)", list(by_function.items()))
            + "<h2>Documents</h2><table><tr><th>document</th><th>department</th><th>year</th><th>type</th>"
              "<th>tables</th><th>values</th><th>flagged</th><th>findings</th></tr>" + rows + "</table>")
    return _page("Extraction report", body)


def source_text(doc: Document) -> str | None:
    """The text of a document kept from an earlier run, when its file is still there unchanged; None
    for a PDF (its text would be read, and scanned pages OCR'd, again) or a file gone or changed."""
    from ..ingest import IngestError, read_source

    if doc.source_path.lower().endswith(".pdf"):
        return None
    try:
        source = read_source(Path(doc.source_path))
    except (IngestError, OSError):
        return None
    return source.text if source.sha256 == doc.sha256 else None


class ReportWriter:
    """Writes OUT/report: a document's page as it is added, the index at `finish`."""

    def __init__(self, out: Path):
        self.folder = out / REPORT_DIR
        (self.folder / "docs").mkdir(parents=True, exist_ok=True)
        self.pages: list[PageSummary] = []

    def add(self, doc: Document, text: str | None) -> PageSummary:
        pieces, summary = page_pieces(doc, text)
        with replacing(self.folder / summary.href, "wb") as fh:
            for piece in pieces:
                fh.write(piece.encode("utf-8"))
        self.pages.append(summary)
        return summary

    def keep(self, summary: PageSummary) -> PageSummary:
        """Keep a document's page as an earlier run wrote it (`summary`: its index entry)."""
        self.pages.append(summary)
        return summary

    def finish(self) -> Path:
        """Write the index; drop the pages of documents this run did not hold (an earlier run's)."""
        path = self.folder / "index.html"
        write_text(path, index_page(sorted(self.pages, key=lambda p: p.doc)))
        written = {self.folder / p.href for p in self.pages}
        for page in (self.folder / "docs").glob("*.html"):
            if page not in written:
                page.unlink()
        return path
