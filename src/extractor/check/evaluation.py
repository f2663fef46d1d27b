"""Post-checks of self-evaluation tables (绩效自评表).

What holds in a correct table (domain.md): the points (分值) of the funds row
and of every indicator add up to the 总分 (100 on the standard form: 产出 + 效益
+ 满意度 + 预算执行 = 100), the scores (得分) add up to the printed total score,
no score exceeds its points, 年度资金总额 = 财政拨款 + 上年结转 + 其他资金 (and, where
printed, = 基本支出 + 项目支出) in each money column, and 执行率 = 全年执行数 / 全年预算数 × 100.
"""

from __future__ import annotations

from typing import Iterator

from ..models import FUND_SOURCES, FUND_SPENDING, Amount, Check, EvaluatedFunds, Reason, SelfEvaluationTable, Severity
from ..numbers import fmt
from .findings import Findings
from .identities import Identity, Term, pct_tolerance, precision, tolerance

# The 总分 of the standard form when the table prints none.
FULL_MARKS = 100.0
_MONEY = ("budget_initial", "budget_adjusted", "executed")
# The two splits of the 年度资金总额, each adding up to it on its own: by source (资金来源) and, on a 部门整体 form,
# by kind of spending (按支出性质分). Never one sum of both: each is the whole total.
_SPLITS = {"Σ 资金来源": FUND_SOURCES, "基本支出 + 项目支出": FUND_SPENDING}


def evaluation_identities(table: SelfEvaluationTable) -> Iterator[Identity]:
    """The sums of a self-evaluation table as identities (see the module doc)."""
    ev = table.evaluation
    scored = [*[f for f in ev.funds if f.points is not None or f.score is not None], *ev.indicators]
    points = [Term(x.points, _label(x, "points")) for x in scored if x.points is not None]
    if points:
        total = ev.total_points
        if total is None and len(points) == len(scored):  # every part printed: they must reach full marks
            total = Amount(raw="", value=FULL_MARKS)
        if total is not None:
            yield _sum(table, "Σ 分值 = 总分", Term(total, "总分 [points]"), points)
    scores = [Term(x.score, _label(x, "score")) for x in scored if x.score is not None]
    if scores and ev.total_score is not None:
        yield _sum(table, "Σ 得分 = 总分 得分", Term(ev.total_score, "总分 [score]"), scores)
    by_role = {f.role: f for f in ev.funds}
    total_row = by_role.get("total")
    for split, roles in _SPLITS.items():
        parts = [by_role[r] for r in roles if r in by_role]
        if total_row is None or not parts:
            continue
        for column in _MONEY:
            whole = getattr(total_row, column)
            terms = [Term(getattr(p, column), _label(p, column)) for p in parts]
            if whole is None or all(t.amount is None for t in terms):
                continue
            identity = _sum(table, f"年度资金总额 = {split} [{column}]", Term(whole, _label(total_row, column)), terms,
                            Check.project_funds)
            gap = identity.residual(identity.values())
            if not any(u.value is not None and abs(u.value - gap) <= identity.tol for u in table.unread):
                yield identity  # (else a part printed and not read: `unread` reports it, the document is not wrong)
    for row in ev.funds:
        rate, executed, planned = row.execution_rate, row.executed, row.budget_adjusted
        if rate is not None and executed is not None and planned is not None and planned.value:
            yield Identity(
                Check.evaluation_scores, table.id, f"{row.name.value}: 执行率 = 全年执行数 / 全年预算数 × 100",
                [Term(rate, _label(row, "execution_rate")), Term(executed, _label(row, "executed")),
                 Term(planned, _label(row, "budget_adjusted"))],
                pct_tolerance(rate, executed, planned, precision([executed, planned]), table.unit), pct=True,
            )


def check_scores(table: SelfEvaluationTable, findings: Findings) -> None:
    """A score above its points cannot be right: a finding on both. A funds row scored otherwise than
    分值 × 执行率 (at most the 分值), the form's rule for the budget-execution score: a warning on the three
    (a province may score by bands of 执行率, so the rule is the usual one, not a sum that must hold)."""
    ev = table.evaluation
    for row in ev.funds:
        _check_execution_score(table, row, findings)
    for item in [*ev.funds, *ev.indicators]:
        points, score = item.points, item.score
        if points is None or score is None or points.value is None or score.value is None:
            continue
        slack = 0.5 * 10 ** -max(points.decimals, score.decimals)
        if score.value > points.value + slack:
            findings.add(
                Check.evaluation_scores, Severity.error, Reason.sum_mismatch, table.id,
                f"{_label(item, 'score')}: 得分 {fmt(score.value)} exceeds its 分值 {fmt(points.value)}",
                targets=[score, points], rows=[_label(item, "score")],
                expected=f"≤ {fmt(points.value)}", actual=fmt(score.value),
            )


def _check_execution_score(table: SelfEvaluationTable, row: EvaluatedFunds, findings: Findings) -> None:
    """得分 = min(分值, 分值 × 执行率 / 100) on a funds row printing all three; within one unit of the
    score's last decimal (printed rounded or cut) and what the rate's rounding moves it."""
    points, rate, score = row.points, row.execution_rate, row.score
    if any(a is None or a.value is None for a in (points, rate, score)):
        return
    expected = min(points.value, points.value * rate.value / 100)
    slack = 10 ** -score.decimals * 1.001 + points.value * 0.5 * 10 ** -rate.decimals / 100
    if abs(score.value - expected) > slack:
        findings.add(
            Check.evaluation_scores, Severity.warning, Reason.sum_mismatch, table.id,
            f"{row.name.value}: 得分 = 分值 × 执行率: printed {fmt(score.value)}, expected {fmt(round(expected, 2))}",
            targets=[score, points, rate], rows=[_label(row, "score")],
            expected=fmt(round(expected, 2)), actual=fmt(score.value),
        )


def _label(item, column: str) -> str:
    name = item.name.value if isinstance(item, EvaluatedFunds) else item.level3.value
    return f"{name} [{column}]"


def _sum(table: SelfEvaluationTable, text: str, total: Term, parts: list[Term],
         check: Check = Check.evaluation_scores) -> Identity:
    amounts = [total.amount, *(t.amount for t in parts)]
    terms = [total, *(t.subtracted() for t in parts)]
    unit = table.unit if check is Check.project_funds else None
    return Identity(check, table.id, text, terms, tolerance(precision(amounts), unit, len(terms)))
