"""Arithmetic identities and how a failed one is turned into a finding.

An identity is Σ sign·value = 0 over printed amounts (blank cells count as 0),
or, for percentages, pct = change / prior × 100. When one fails, the fields to
blame are chosen by `blame`: a damaged number whose other reading makes the
identity hold, else the cells that several failed identities share, else all.
"""

from __future__ import annotations

import math

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..models import Amount, Check, Located, Reason, Severity
from ..numbers import fmt
from .findings import Findings



class Term:
    """One term of an identity: a printed amount (None: a blank cell, counted 0), where it sits in
    words (`label`, e.g. "2040601 行政运行 [total]"), and its sign in the sum."""

    __slots__ = ("amount", "_label", "sign")

    def __init__(self, amount: Amount | None, label: str | Callable[[], str], sign: int = 1):
        self.amount, self._label, self.sign = amount, label, sign

    @property
    def label(self) -> str:
        """Where the value sits; given as a function, made when first asked (a finding's words: most
        identities hold, and their terms' words are never shown)."""
        if not isinstance(self._label, str):
            self._label = self._label()
        return self._label

    def subtracted(self) -> Term:
        """The same amount and place as a part subtracted from a total (sign -1)."""
        return Term(self.amount, self._label, -1)

    @property
    def value(self) -> float:
        return self.amount.value if self.amount is not None and self.amount.value is not None else 0.0


@dataclass
class Identity:
    check: Check
    table_id: str
    text: str  # the identity in words, e.g. "20406 司法 = Σ its 项 rows [total]"
    terms: list[Term]  # terms[0] is the printed total (or the percentage)
    tol: float
    pct: bool = False  # terms are [pct, change, prior]
    constant: float = 0.0  # Σ sign·value = constant
    severity: Severity = Severity.error
    extra: list[Located] = field(default_factory=list)  # fields flagged with the cells (e.g. an indicator)

    def residual(self, values: list[float]) -> float:
        if self.pct:
            pct, change, prior = values
            # a prior year of 0 (a repair tried, a blank cell) gives no percentage to hold
            return pct - change / prior * 100 if prior else math.inf
        return sum(t.sign * v for t, v in zip(self.terms, values)) - self.constant

    def values(self) -> list[float]:
        return [t.value for t in self.terms]

    def holds(self, values: list[float] | None = None) -> bool:
        return abs(self.residual(values or self.values())) <= self.tol

    def solve(self, i: int) -> float | None:
        """The value term i would need for the identity to hold."""
        values = self.values()
        if self.pct:
            return round(values[1] / values[2] * 100, self.terms[0].amount.decimals) if i == 0 else None
        return values[i] - self.residual(values) / self.terms[i].sign

    def outcome(self) -> tuple[float, float]:
        """(the first term's value, the value that would make the identity hold)."""
        values = self.values()
        if self.pct:
            return values[0], self.solve(0)
        return values[0], values[0] - self.residual(values) / self.terms[0].sign

    @property
    def printed(self) -> bool:
        return any(t.amount is not None for t in self.terms)


def pct_tolerance(pct: Amount, change: Amount, prior: Amount, decimals: int, unit: str | None) -> float:
    """Half a unit of the printed percentage, plus what rounding of the change
    and prior amounts can move it when the table's amounts are rounded
    (`decimals` is the table's finest printed precision)."""
    half = 0.0 if unit == "元" or decimals >= 4 else 0.5 * 10 ** -decimals
    c, p = change.value or 0.0, prior.value
    return 0.5 * 10 ** -pct.decimals * 1.001 + 100 * (half / abs(p) + abs(c) * half / p ** 2)


def tolerance(decimals: int, unit: str | None, n_terms: int) -> float:
    """Half a unit of the finest printed precision (`decimals`) when amounts are
    exact (元, or 万元 printed to 4+ decimals, i.e. whole 元); otherwise rounding
    of each printed term may add up."""
    half = 0.5 * 10 ** -decimals
    exact = unit == "元" or decimals >= 4
    return half * (1.001 if exact else n_terms)


def precision(amounts) -> int:
    return max((a.decimals for a in amounts if a is not None), default=0)


def report(failed: list[Identity], held: list[Identity], findings: Findings) -> None:
    """Add one finding per failed identity, blaming as few fields as the evidence allows."""
    if not failed:
        return  # (what the held identities say of each amount only weighs a failed one's blame)
    # the amounts of the failed identities, the only ones `blame` weighs: the others' identities not
    # mapped (a big document's held identities hold most of its amounts)
    suspects = {id(t.amount) for ident in failed for t in ident.terms if t.amount is not None}
    where: dict[int, dict[int, list]] = defaultdict(dict)  # amount → identity → [it, Σ the amount's signs there]
    for ident in failed + held:
        for t in ident.terms:
            if t.amount is not None and id(t.amount) in suspects:
                where[id(t.amount)].setdefault(id(ident), [ident, 0])[1] += t.sign
    # each identity's residual once (those of the suspects), so that trying a corrected amount costs its own terms only
    residuals: dict[int, float] = {}
    for there in where.values():
        for key, (ident, _) in there.items():
            if key not in residuals:
                residuals[key] = ident.residual(ident.values())
    for ident in failed:
        targets, suggestion, proposed = blame(ident, where, residuals)
        actual, expected = ident.outcome()
        message = f"{ident.text}: printed {fmt(actual)}, expected {fmt(expected)}"
        findings.add(
            ident.check, ident.severity, Reason.sum_mismatch, ident.table_id, message,
            targets=[t.amount for t in targets if t.amount is not None] + ident.extra,
            rows=list(dict.fromkeys(t.label for t in ident.terms)),
            expected=fmt(expected), actual=fmt(actual), suggestion=suggestion,
            # The value that fits goes to the total only when the evidence singles it out:
            # among several suspects, the total's fitted value is no better a guess than the others'.
            proposed=proposed if proposed is not None else (
                fmt(expected) if len(targets) == 1 and targets[0] is ident.terms[0] else None),
        )


def blame(ident: Identity, where: dict[int, dict[int, list]],
          residuals: dict[int, float]) -> tuple[list[Term], str | None, str | None]:
    """The terms to flag, a suggestion in words, and the value proposed for the first one.
    `where`: the identities each amount (by id) takes part in, by id, each with the sum of
    the amount's signs there (`report`); `residuals`:
    each identity's residual (by id) as printed."""
    printed = [(i, t) for i, t in enumerate(ident.terms) if t.amount is not None]
    # A number read two ways: the other reading that makes the identity hold wins.
    for i, term in printed:
        for reading in term.amount.alternatives:
            values = ident.values()
            values[i] = reading.value
            if ident.holds(values):
                why = f"read {term.label} '{term.amount.raw.strip()}' as {fmt(reading.value)} ({reading.why})"
                return [term], why, fmt(reading.value)
    # Otherwise the one cell whose correction mends more identities than it
    # breaks, counting every identity the cell takes part in.
    scored = []
    for i, term in printed:
        value = ident.solve(i)
        if value is not None:
            scored.append((_net_repair(term.amount, value, where[id(term.amount)].values(), residuals), i, term, value))
    best = max((s for s, *_ in scored), default=0)
    winners = [x for x in scored if x[0] == best]
    if best > 0 and len(winners) == 1 and len(printed) > 1:
        _, _, term, value = winners[0]
        return [term], f"{term.label} would be {fmt(value)}", fmt(value)
    return [t for _, t in printed], None, None


def _net_repair(amount: Amount, value: float, identities, residuals: dict[int, float]) -> int:
    """Identities mended minus identities broken if `amount` read `value`; `identities`:
    [identity, Σ the amount's signs in it] each. A sum's residual moves by the change of the
    amount times its signs (its other terms are not summed again: an amount in many
    identities of a big document stays linear)."""
    net = 0
    old = amount.value if amount.value is not None else 0.0
    for ident, signs in identities:
        residual = residuals[id(ident)]
        before = abs(residual) <= ident.tol
        if ident.pct:
            after = ident.holds([value if t.amount is amount else t.value for t in ident.terms])
        else:
            after = abs(residual + signs * (value - old)) <= ident.tol
        net += (after and not before) - (before and not after)
    return net


def confirm(held: list[Identity], findings: Findings) -> None:
    """A damaged number that an identity confirms (its other readings would
    break it) is no longer in doubt."""
    for ident in held:
        for i, term in enumerate(ident.terms):
            if term.amount is None or not term.amount.alternatives:
                continue
            others = ident.values()
            rivals = [r.value for r in term.amount.alternatives if r.value != term.value]
            broken = all(not ident.holds(others[:i] + [v] + others[i + 1:]) for v in rivals)
            if broken and id(term.amount) not in findings.confirmed:
                findings.confirmed.add(id(term.amount))
                findings.add(ident.check, Severity.info, Reason.number_ambiguous, ident.table_id,
                             f"{term.label} '{term.amount.raw.strip()}' read as {fmt(term.value)}: confirmed by {ident.text}",
                             targets=[term.amount], rows=[term.label])
