"""Helpers shared by the rule parsers: values with provenance."""

from __future__ import annotations


from ...grid import Cell
from ...lazyre import LazyPattern
from ...confidence import confidence
from ...models import Amount, IndicatorValue, Reason, Span, Text, cell_amount, cell_text
from ...numbers import misread_year, parse_amount, parse_money


NOT_WORD = LazyPattern(r"[\W_]")  # what is no letter, digit or CJK character: marks, specks, spaces


def make_text(cell: Cell, value: str | None = None, reasons: list[Reason] | None = None) -> Text:
    if not reasons:  # (most texts: no doubt, full confidence)
        return cell_text(cell.raw, cell.start, cell.end, cell.text if value is None else value, 1.0, [])
    reasons = list(reasons)
    return cell_text(cell.raw, cell.start, cell.end, cell.text if value is None else value, confidence(reasons), reasons)


def make_deadline(cell: Cell) -> Text:
    """A 完成时限 as printed, in doubt (`ocr_doubt`) where its date prints 年 as another character (`2025牟12月`:
    `numbers.misread_year`)."""
    return make_text(cell, reasons=[Reason.ocr_doubt] if misread_year(cell.raw) else None)


def doubt(value: Text | Amount | IndicatorValue, reason: Reason) -> None:
    """`value` in doubt for `reason`, once (a reason given twice would lower its confidence twice). In place."""
    if reason not in value.reasons:
        value.reasons.append(reason)
        value.confidence = confidence(value.reasons)


def reread_text(raw: str, span: Span | None, value: str, reason: Reason) -> Text:
    """A text read as `value` where `raw` is printed (at `span`), for one `reason`:
    a level named by its 二级, a name taken from the title, a reading repaired."""
    if span is None:
        return Text(raw=raw, span=span, value=value, reasons=[reason], confidence=confidence([reason]))
    return cell_text(raw, span.start, span.end, value, confidence([reason]), [reason])


def make_amount(cell: Cell, unit: str | None, reasons: list[Reason] | None = None, unit_in_cell: bool = False) -> Amount | None:
    """An Amount in `unit` from a cell, or None when the cell is not a number.
    `unit_in_cell`: the cell may print its own money unit (`10000万元`, `250万`)."""
    parsed = parse_money(cell.raw, unit) if unit_in_cell else parse_amount(cell.raw, unit)
    if parsed is None:
        return None
    reasons = list(reasons or [])
    if parsed.ambiguous:
        reasons.append(Reason.number_ambiguous)
    if parsed.repaired:
        reasons.append(Reason.number_repaired)
    return cell_amount(cell.raw, cell.start, cell.end, parsed.value, parsed.decimals, parsed.alternatives,
                       confidence(reasons), reasons)
