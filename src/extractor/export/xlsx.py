"""The dataset as an Excel workbook for finance offices (`extract export -f xlsx`).

Headers and sheet names in Chinese or English (`lang`), a data-dictionary sheet
first (every column: its header, its field name, what it means; from
`data/columns.csv`), one sheet of amounts per table kind (三公, 收入总表 and
国有资本经营 tables each on their own), the projects, indicators,
self-evaluations, unread text and findings, then one sheet per line table laid
out as printed (codes and names down, the printed column headings across).
Codes are text cells (`010` keeps its zero), amounts numbers with a number
format, a finding's expected/actual numbers. Written in openpyxl's write-only
mode, document by document, so a large run takes constant memory.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from ..check.reconcile import FUNDS_WORDS, Funds, has_word
from ..lazyre import LazyPattern
from ..models import Document, LineTable, TableKind
from .cells import spreadsheet_text
from .files import replacing
from .rows import (
    AMOUNT_COLUMNS, DEPARTMENT_COLUMNS, EVALUATION_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, KEY_TASK_COLUMNS, LANGS,
    PROJECT_COLUMNS, UNREAD_TEXT_COLUMNS,
)

# Amounts shown with thousands separators and the decimals printed (万元 to 4–6 places), at least two.
MONEY_FORMAT = "#,##0.00####"
# Columns holding money or another measured number, given MONEY_FORMAT; columns of codes, kept text.
_NUMBER_COLUMNS = {"value", "funds_total", "funds_fiscal", "funds_other", "number", "number_high", "expected",
                   "actual", "weight", "points", "score", "total_points", "total_score", "amount"}
_CODE_COLUMNS = {"code", "project_code"}
_SOE = "state_capital"  # the sheet of 国有资本经营 tables, whatever kind the reader gave them

# Sheet names: (zh, en), in the workbook's order.
SHEETS = {
    "dictionary": ("说明", "dictionary"),
    TableKind.income_expenditure_summary.value: ("收支总表", "income_expenditure_summary"),
    TableKind.income_by_source.value: ("收入总表", "income_by_source"),
    TableKind.expenditure_by_function.value: ("功能分类支出", "expenditure_by_function"),
    TableKind.basic_expenditure_by_economic.value: ("基本支出经济分类", "basic_expenditure_by_economic"),
    TableKind.department_expenditure.value: ("部门支出", "department_expenditure"),
    TableKind.fund_expenditure.value: ("政府性基金支出", "fund_expenditure"),
    _SOE: ("国有资本经营", "state_capital"),
    TableKind.three_public.value: ("三公经费", "three_public"),
    TableKind.procurement.value: ("政府采购", "procurement"),
    TableKind.department_performance.value: ("部门整体绩效资金", "department_performance"),
    TableKind.self_evaluation.value: ("绩效自评资金", "self_evaluation_funds"),
    TableKind.other.value: ("其他表", "other"),
    "project_unread": ("项目表未读数字", "project_unread"),
    "projects": ("项目", "projects"),
    "indicators": ("绩效指标", "indicators"),
    "evaluations": ("绩效自评", "evaluations"),
    "departments": ("部门整体", "departments"),
    "key_tasks": ("重点工作", "key_tasks"),
    "unread_text": ("未读文本", "unread_text"),
    "findings": ("检查结果", "findings"),
}
_ROW_SHEETS = {"projects": PROJECT_COLUMNS, "indicators": INDICATOR_COLUMNS, "evaluations": EVALUATION_COLUMNS,
               "departments": DEPARTMENT_COLUMNS, "key_tasks": KEY_TASK_COLUMNS, "unread_text": UNREAD_TEXT_COLUMNS,
               "findings": FINDING_COLUMNS}
# The columns whose coded values the Chinese workbook shows in words (`terms`), by the kind of
# code they hold; the English one keeps the codes the CSVs have. `reasons` holds several.
CODED = {"table_kind": "table_kind", "row_kind": "row_kind", "side": "side", "status": "status",
         "severity": "severity", "check": "check", "reason": "reason", "reasons": "reason", "column": "column"}
_NOT_IN_SHEET_NAME = LazyPattern(r"[\[\]:*?/\\\s]+")  # Excel refuses []:*?/\ in a sheet name


@lru_cache(maxsize=1)
def dictionary() -> dict[str, dict[str, str]]:
    """Every export column: {column: {zh, zh_meaning, en_meaning}} (data/columns.csv)."""
    text = resources.files("extractor").joinpath("data/columns.csv").read_text(encoding="utf-8")
    return {row["column"]: row for row in csv.DictReader(text.splitlines())}


@lru_cache(maxsize=1)
def terms() -> dict[str, dict[str, dict[str, str]]]:
    """Every coded value the exports hold (table kinds, columns, checks, reasons, statuses …):
    {kind: {code: {zh, zh_meaning, en_meaning}}} (data/terms.csv)."""
    text = resources.files("extractor").joinpath("data/terms.csv").read_text(encoding="utf-8")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for row in csv.DictReader(text.splitlines()):
        out.setdefault(row["kind"], {})[row["code"]] = row
    return out


def in_words(column: str, value, lang: str):
    """A cell's value as the workbook in `lang` shows it: a coded value of a `CODED` column in
    Chinese words for zh (`column_inferred;unread` → `栏目推断;未读取`), anything else as it is."""
    if lang != "zh" or column not in CODED or not isinstance(value, str):
        return value
    names = terms()[CODED[column]]
    return ";".join(names[v]["zh"] if v in names else v for v in value.split(";"))


def header(column: str, lang: str) -> str:
    """A column's header in `lang`: its Chinese name (zh), or its field name as in the CSVs (en)."""
    return dictionary()[column]["zh"] if lang == "zh" else column


def is_chinese(doc: Document) -> bool:
    """Whether the document prints its titles in Chinese (picks the workbook's default language)."""
    return any("\u4e00" <= ch <= "\u9fff" for t in doc.tables for ch in t.title)


def amount_sheet(row: dict) -> str:
    """The sheet of an amount row: its table's kind, 国有资本经营 tables apart (a title naming that money)."""
    if row["table_title"] and next((f for f, w in FUNDS_WORDS if has_word(w, row["table_title"])), None) is Funds.soe:
        return _SOE
    if row["table_kind"] == TableKind.project_performance.value:
        return "project_unread"  # a project table's only amount rows are its unread numbers
    return row["table_kind"]


class _Book:
    """A write-only workbook: sheets made in SHEETS order, rows appended to any of them as they come."""

    def __init__(self, lang: str):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        self.lang = lang
        self.book = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.sheets = {}
        self.columns: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}  # rows written per sheet
        self._names: set[str] = set()
        for key, names in SHEETS.items():
            columns = (["column", "field", "meaning"] if key == "dictionary" else _ROW_SHEETS.get(key, AMOUNT_COLUMNS))
            self.sheets[key] = self._sheet(names[LANGS.index(lang)], columns if key != "dictionary" else None)
            self.columns[key] = columns
        self._dictionary()

    def _sheet(self, name: str, columns: list[str] | None):
        sheet = self.book.create_sheet(name)
        self._names.add(name)
        sheet.freeze_panes = "A2"
        if columns:
            for i, column in enumerate(columns):
                width = 14 if column not in ("table_title", "name", "message", "annual_goal", "project_name", "duties", "task",
                                             "content") else 30
                sheet.column_dimensions[_letter(i)].width = width
            sheet.append([self._cell(sheet, header(c, self.lang), bold=True) for c in columns])
        return sheet

    def _dictionary(self) -> None:
        sheet = self.sheets["dictionary"]
        for letter, width in zip("ABC", (16, 16, 90)):
            sheet.column_dimensions[letter].width = width
        titles = ("列名", "字段", "含义") if self.lang == "zh" else ("column", "field", "meaning")
        sheet.append([self._cell(sheet, t, bold=True) for t in titles])
        for column, entry in dictionary().items():
            sheet.append([header(column, self.lang), column, entry[f"{self.lang}_meaning"]])
        # then the coded values, under a row of titles of their own after a blank row
        sheet.append([])
        titles = ("取值", "代码", "含义") if self.lang == "zh" else ("value", "code", "meaning")
        sheet.append([self._cell(sheet, t, bold=True) for t in titles])
        for kind, codes in terms().items():
            for code, entry in codes.items():
                shown = f"{header(kind, self.lang)}：{entry['zh']}" if self.lang == "zh" else f"{kind}: {code}"
                sheet.append([shown, f"{kind}={code}", entry[f"{self.lang}_meaning"]])

    def _cell(self, sheet, value, bold: bool = False, number_format: str | None = None):
        """A write-only cell: text inert (`spreadsheet_text`: never a formula), a number with its format."""
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, str):
            text, formula_like = spreadsheet_text(value)
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            if formula_like:
                cell.quotePrefix = True
        else:
            cell = WriteOnlyCell(sheet, value=value)
        if number_format:
            cell.number_format = number_format
        if bold:
            cell.font = self.bold
        return cell

    def row(self, key: str, row: dict) -> None:
        sheet = self.sheets[key]
        self.counts[key] = self.counts.get(key, 0) + 1
        cells = []
        for column in self.columns[key]:
            value = in_words(column, row.get(column), self.lang)
            if column in _CODE_COLUMNS and value is not None:
                cells.append(self._cell(sheet, str(value), number_format="@"))
            elif column in _NUMBER_COLUMNS and isinstance(value, float):
                cells.append(self._cell(sheet, value, number_format=MONEY_FORMAT))
            else:
                cells.append(self._cell(sheet, value) if value is not None else None)
        sheet.append(cells)

    def as_printed(self, doc: Document, table: LineTable) -> None:
        """One sheet laid out as the table is printed: a row per line, a column per printed heading."""
        n = len(self._names) - len(SHEETS) + 1
        name = _NOT_IN_SHEET_NAME.sub(" ", f"{n}-{table.id} {table.title}").strip()[:31]
        sheet = self._sheet(name, None)
        headings = list(dict.fromkeys(cell.label or cell.column.value for line in table.lines for cell in line.amounts))
        sheet.column_dimensions["A"].width = 12
        sheet.column_dimensions["B"].width = 36
        for i in range(len(headings)):
            sheet.column_dimensions[_letter(i + 2)].width = 16
        sheet.append([self._cell(sheet, table.title, bold=True)])
        sheet.append([self._cell(sheet, f"{doc.doc} · {table.id}" + (f" · {table.label}" if table.label else "")
                                 + (f" · {'单位' if self.lang == 'zh' else 'unit'}: {table.unit}" if table.unit else ""))])
        sides = any(line.side for line in table.lines)  # a summary table: income and expenditure in one list
        sheet.append([self._cell(sheet, h, bold=True) for h in
                      [*([header("side", self.lang)] if sides else []), header("code", self.lang),
                       header("name", self.lang), *headings]])
        for line in table.lines:
            values: list = [None] * len(headings)
            for cell in line.amounts:
                if cell.amount.value is not None:
                    values[headings.index(cell.label or cell.column.value)] = self._cell(
                        sheet, cell.amount.value, number_format=MONEY_FORMAT)
            code = self._cell(sheet, line.code.value, number_format="@") if line.code and line.code.value else None
            side = [in_words("side", line.side.value, self.lang)] if line.side else [None]
            sheet.append([*(side if sides else []), code, self._cell(sheet, line.name.value), *values])
        sheet.close()  # written whole: its temporary file is closed now, not held open until the save

    def save(self, path: Path) -> None:
        for key, sheet in self.sheets.items():
            if key != "dictionary":  # a filter on every column of the row sheets
                sheet.auto_filter.ref = f"A1:{_letter(len(self.columns[key]) - 1)}{self.counts.get(key, 0) + 1}"
        with replacing(path, "wb") as fh:
            self.book.save(fh)


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


def write_xlsx(docs: Iterable[tuple[Document, dict[str, list[dict]]]], dest: Path, lang: str | None = None) -> Path:
    """Write `dest`/dataset.xlsx from (document, its rows) pairs (`export.document_rows`, decisions
    applied), one document at a time; `lang` zh or en, default zh when the first document's titles
    are Chinese (en when there is none)."""
    docs = iter(docs)
    first = next(docs, None)
    if lang is None:
        lang = "zh" if first is None or is_chinese(first[0]) else "en"
    book = _Book(lang)
    for doc, rows in _chain(first, docs):
        for row in rows["amounts"]:
            book.row(amount_sheet(row), row)
        for key in _ROW_SHEETS:
            for row in rows[key]:
                book.row(key, row)
        for table in doc.tables:
            if isinstance(table, LineTable) and table.lines:
                book.as_printed(doc, table)
    path = dest / "dataset.xlsx"
    book.save(path)
    return path


def _chain(first, rest) -> Iterator:
    if first is not None:
        yield first
        yield from rest
