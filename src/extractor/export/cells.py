"""Document text made inert for spreadsheets (CSV and XLSX exports).

Every text cell comes from a document read off the open web, so a project name
such as `=WEBSERVICE("http://…")` must not become a live formula in the
reviewer's Excel, WPS or LibreOffice.
"""

from __future__ import annotations

from ..lazyre import LazyPattern

# OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): a cell
# starting with one of these is read as a formula (or DDE call) by spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A plain number such as -48.85, +3, -1,234.5 or -11% is read as a number, never
# as a formula: such text keeps its sign rather than gaining a quote.
_PLAIN_NUMBER = LazyPattern(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)%?")
# Characters outside XML 1.0's `Char` production (XML 1.0 §2.2): the C0 controls
# but tab, LF and CR (what openpyxl's ILLEGAL_CHARACTERS_RE refuses), surrogates,
# U+FFFE and U+FFFF. Defined here so that CSV-only runs need not import openpyxl.
_NOT_XML = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def spreadsheet_text(text: str) -> tuple[str, bool]:
    """`text` fit for a spreadsheet cell: returns (text, formula_like).

    Characters XML 1.0 forbids (the C0 controls except tab, LF and CR, e.g.
    `\\x08`, ESC) become U+FFFD, visibly, so one control character neither aborts
    the XLSX export nor vanishes. `formula_like` is True when the text starts
    with an OWASP trigger (`= + - @`, tab, CR) and is neither a plain number nor
    that one character alone (a printed `-` for nil is text to every spreadsheet,
    as openpyxl also holds for `=`): the writer must then mark it as text —
    the CSV by a leading `'` (OWASP's mitigation), the XLSX by a string cell
    with Excel's quote prefix. Numbers are not passed here: they stay numbers.
    """
    if not text.isprintable():  # (a printable text has none of them: most cells skip the regex)
        text = _NOT_XML.sub(REPLACEMENT, text)
    return text, len(text) > 1 and text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: object) -> object:
    """A CSV cell's value: text made inert (`'` prefixed when formula-like), anything else as it is."""
    if not isinstance(value, str):
        return value
    if value.isprintable() and (len(value) < 2 or not value.startswith(FORMULA_TRIGGERS)):
        return value  # most cells: nothing to replace, no formula (what `spreadsheet_text` would find)
    text, formula_like = spreadsheet_text(value)
    return "'" + text if formula_like else text
