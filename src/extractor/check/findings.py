"""Collects findings while the checks run, with the field objects they flag."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ..models import Check, Finding, Located, Reason, Severity


@dataclass
class Findings:
    items: list[tuple[Finding, list[Located]]] = field(default_factory=list)
    # Extra confidence factor per field (a code-match score), keyed by id().
    factors: dict[int, float] = field(default_factory=dict)
    # Damaged numbers whose reading an identity confirmed, keyed by id().
    confirmed: set[int] = field(default_factory=set)

    def add(
        self, check: Check, severity: Severity, reason: Reason, table_id: str, message: str,
        targets: list[Located], rows: Iterable[str] = (), expected: str | None = None,
        actual: str | None = None, suggestion: str | None = None, proposed: str | None = None,
    ) -> None:
        finding = Finding(
            check=check, severity=severity, reason=reason, table_id=table_id, message=message,
            rows=list(rows), expected=expected, actual=actual, suggestion=suggestion, proposed=proposed,
        )
        self.items.append((finding, [t for t in targets if t is not None]))

    def scale(self, target: Located, factor: float) -> None:
        self.factors[id(target)] = min(self.factors.get(id(target), 1.0), factor)
