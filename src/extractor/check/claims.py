"""What the narrative claims, checked against the tables and against itself (`narrative.py` reads it):

- `narrative_amount`: an amount the text states for a table cell vs the cell (units converted,
  tolerance from the precision both print); a classification subject whose class the text names
  otherwise than the table (info: an older edition's name is a vintage, not a wrong number);
- `three_public`: the same for the 三公 / 机关运行经费 figures, against the 三公 table;
- `narrative_comparison`: a comparison word against the two amounts it compares (增加 where the
  second is smaller, 持平 where they differ, A 大于 B where A < B);
- `narrative_percent`: a percentage change against the change of the two amounts the statement
  states (比2023年预算执行数增加8.57%: 70.70 → 76.76), a share (占…的71.73%) against its
  part and whole; the tolerance is the rounding of all three printed numbers.

Each finding carries the statement's span and, when a cell is involved, the cell's; the cell is
flagged (the table or the text is wrong: a reviewer decides which).
"""

from __future__ import annotations

from ..lazyre import LazyPattern
from ..models import Check, Finding, Reason, Severity, Span, TableKind
from .findings import Findings
from .narrative import LESS, MORE, UNITS, Cell, Quantity, Statement, names_match, parents


def check_claims(statements: list[Statement], findings: Findings) -> None:
    """Findings for every linked amount that disagrees with its cell and every comparison or
    percentage that disagrees with the amounts it is about."""
    for statement in statements:
        for q in statement.quantities:
            if q.link is not None:
                _amount(statement, q, q.link, findings)
        if len(statement.quantities) < 2:
            continue  # a change, a share and an order of amounts each take two of the statement's quantities
        _changes(statement, findings)
        _shares(statement, findings)
        _order_words(statement, findings)


def _quote(statement: Statement, limit: int = 60) -> str:
    return statement.text if len(statement.text) <= limit else statement.text[:limit] + "…"


def _add(findings: Findings, check: Check, severity: Severity, table_id: str, message: str, spans: list[Span],
         targets: list, rows=(), expected: str | None = None, actual: str | None = None,
         suggestion: str | None = None) -> None:
    findings.items.append((Finding(
        check=check, severity=severity, reason=Reason.text_mismatch, table_id=table_id, message=message,
        rows=list(rows), expected=expected, actual=actual, suggestion=suggestion, spans=spans,
    ), [t for t in targets if t is not None]))


def _fmt(value: float, unit: str) -> str:
    number = value / UNITS.get(unit, 1)
    return f"{number:,.2f}{unit}" if unit else f"{number:,.2f}"


def _amount(statement: Statement, q: Quantity, cell: Cell, findings: Findings) -> None:
    unit = cell.table.unit
    if unit not in UNITS:
        return  # a table of unknown unit: nothing to compare in
    decimals = cell.amount.decimals if cell.amount is not None else 0
    # the text rounds or cuts the table's amount to the digits it prints: less than one last digit apart
    tolerance = 2 * q.half + 0.5 * 10 ** -decimals * UNITS[unit] - 1e-6
    table_yuan = cell.value * UNITS[unit]
    check = Check.three_public if cell.table.kind is TableKind.three_public else Check.narrative_amount
    # the text's amount, and the cell (its row's name when printed blank, the table when printed empty)
    where = cell.amount.span if cell.amount is not None else cell.line.name.span if cell.line is not None else None
    spans = [q.span, where or cell.table.span]
    if abs(q.yuan - table_yuan) > tolerance:
        _add(findings, check, Severity.warning, cell.table.id,
             f"the text says {q.raw} ({_quote(statement)}); the table's {cell.label} is {_fmt(table_yuan, q.unit)}",
             spans, [cell.amount], [cell.label], expected=_fmt(table_yuan, q.unit), actual=q.raw,
             suggestion="correct the text or the table: they must state the same amount")
    if q.quoted and cell.line is not None:
        top = parents(cell.table, cell.line).get(1)
        if top is not None and len(q.quoted) == (cell.line.level or 0) and not names_match(top.name.value, q.quoted[0]):
            k = statement.text.rfind(q.quoted[0], 0, q.at)  # the class name as the text prints it
            _add(findings, Check.narrative_amount, Severity.info, cell.table.id,
                 f"the text names the class of {cell.line.name.value} {q.quoted[0]}; the table names it "
                 f"{top.name.value}", [statement.span_of(k, len(q.quoted[0])) if k >= 0 else q.span], [],
                 [cell.label], expected=top.name.value, actual=q.quoted[0],
                 suggestion="name the class as the classification of the year does")


_BASE_YEAR = LazyPattern(r"(\d{4})年")


def _changes(statement: Statement, findings: Findings) -> None:
    """A comparison clause against the two money amounts before it: its word, and the percentage or
    amount closing it when one does (比2023年增加8.57%; 与2023年预算执行数持平 states the word alone)."""
    money = [q for q in statement.quantities if not q.is_percent]
    compared = [(q.clause, *c, q.at, q) for q in statement.quantities if (c := statement.comparison(q)) is not None]
    compared += [(clause, sign, word, at, None) for clause, sign, word, at in statement.bare_comparisons()]
    for clause, sign, word, at, q in compared:
        # the base is the amount of the year the comparison names (比2023年…: 2023年当年预算执行数为54.60万元),
        # compared with the last other amount before it; without one the base is not in the text
        year = _BASE_YEAR.search(clause)
        before = [m for m in money if m.at < at]
        bases = [m for m in before if year and year.group(1) in m.clause]
        others = [m for m in before if m not in bases]
        if len(bases) != 1 or not others:
            continue
        a, b = bases[0], others[-1]
        low, high = (b.yuan - b.half) - (a.yuan + a.half), (b.yuan + b.half) - (a.yuan - a.half)
        said = {"rise": "增加", "fall": "减少", "even": "持平"}[sign]
        wrong = (sign == "rise" and high <= 0) or (sign == "fall" and low >= 0) or (sign == "even" and (low > 0 or high < 0))
        rows = [a.raw, b.raw]
        if wrong:
            _add(findings, Check.narrative_comparison, Severity.warning, "",
                 f"the text says {said} from {a.raw} to {b.raw} ({_quote(statement)})", [word, a.span, b.span], [],
                 rows, actual=said, suggestion="the word must state the change of the two amounts")
            continue
        if sign == "even" or q is None:
            continue
        # the change the two amounts allow, each anywhere within its rounding
        least = 0.0 if low < 0 < high else min(abs(low), abs(high))
        most = max(abs(low), abs(high))
        if q.is_percent:
            if a.yuan - a.half <= 0:
                continue  # a change from 0 has no percentage
            lo, hi = least / (a.yuan + a.half) * 100, most / (a.yuan - a.half) * 100
            shown = f"{abs(b.yuan - a.yuan) / a.yuan * 100:.2f}%"
        else:
            lo, hi = least, most
            shown = _fmt(abs(b.yuan - a.yuan), q.unit)
        value = q.value if q.is_percent else q.yuan
        if not lo - q.half - 1e-6 <= value <= hi + q.half + 1e-6:
            _add(findings, Check.narrative_percent, Severity.warning, "",
                 f"the text says {said} {q.raw} from {a.raw} to {b.raw}: the change is {shown} ({_quote(statement)})",
                 [q.span, a.span, b.span], [], rows, expected=shown, actual=q.raw,
                 suggestion="correct the change or the amounts")


def _shares(statement: Statement, findings: Findings) -> None:
    """A share (人员经费2,282.68万元，占本年支出合计的71.73%) against its part, the amount before it,
    and its whole, the table cell the text names after 占; a share of a whole of 0 is a finding."""
    for q in statement.quantities:
        if not q.is_percent or q.whole is None or q.whole.table.unit not in UNITS:
            continue
        parts = [m for m in statement.quantities if not m.is_percent and m.at < q.at]
        if not parts:
            continue
        part, whole = parts[-1], q.whole.value * UNITS[q.whole.table.unit]
        spans = [q.span, part.span] + ([q.whole.amount.span] if q.whole.amount is not None and q.whole.amount.span else [])
        if whole <= 0:
            if q.value:
                _add(findings, Check.narrative_percent, Severity.warning, q.whole.table.id,
                     f"the text states a share of {q.raw} of {q.whole.label}, which is 0 ({_quote(statement)})",
                     spans, [], [q.whole.label], actual=q.raw, suggestion="a share of nothing: correct the text or the table")
            continue
        lo, hi = (part.yuan - 2 * part.half) / whole * 100, (part.yuan + 2 * part.half) / whole * 100
        if not lo - q.half - 1e-6 <= q.value <= hi + q.half + 1e-6:
            shown = f"{part.yuan / whole * 100:.2f}%"
            _add(findings, Check.narrative_percent, Severity.warning, q.whole.table.id,
                 f"the text says {part.raw} is {q.raw} of {q.whole.label}: it is {shown} ({_quote(statement)})",
                 spans, [], [q.whole.label], expected=shown, actual=q.raw, suggestion="correct the share or the amounts")


def _order_words(statement: Statement, findings: Findings) -> None:
    """A 大于 / 小于 between two amounts of a statement, against them."""
    money = [q for q in statement.quantities if not q.is_percent]
    for a, b in zip(money, money[1:]):
        between = statement.text[a.at + len(a.raw):b.at]
        word = next((w for w in MORE + LESS if w in between), None)
        if word is None:
            continue
        more = word in MORE
        holds = (a.yuan + a.half > b.yuan - b.half) if more else (a.yuan - a.half < b.yuan + b.half)
        if not holds:
            _add(findings, Check.narrative_comparison, Severity.warning, "",
                 f"the text says {a.raw} {word} {b.raw} ({_quote(statement)})", [a.span, b.span], [], [a.raw, b.raw],
                 actual=word, suggestion="the word must state how the two amounts compare")
