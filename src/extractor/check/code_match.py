"""Subject codes of coded tables against the classification list.

For every coded row: does the code exist, does the printed name match the
official one (or the name an earlier edition gave the code: an older vintage,
reported as info), is there a better code for the name, can an OCR-damaged
code be repaired (only when the name supports the repair), and is its parent
printed in the same table. Unit rows (010, 010001, 223-…) are left alone.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from ..models import BudgetLine, Check, LineTable, Reason, RowKind, Severity, TableKind
from ..numbers import OCR_DIGITS
from ..codes import LEVEL_OF_LENGTH, LEVEL_NAMES, CodeList, Scheme, Subject, normalize_name, scheme_of
from .findings import Findings

NAME_SUPPORTS = 80  # name score that justifies repairing a code or proposing another
TABLE_SCHEME = {
    TableKind.expenditure_by_function: Scheme.function,
    TableKind.fund_expenditure: Scheme.function,
    TableKind.basic_expenditure_by_economic: Scheme.economic,
}


def name_score(printed: str, official: str) -> float:
    return fuzz.ratio(normalize_name(printed), normalize_name(official))


def check_codes(table: LineTable, codes: CodeList, findings: Findings) -> None:
    if table.kind not in TABLE_SCHEME and table.kind is not TableKind.other:
        return
    printed = {line.code.value for line in table.lines if line.code and line.row_kind is RowKind.subject}
    levels = {LEVEL_OF_LENGTH.get(len(code)) for code in printed}
    parents: dict[int, str] = {}  # the last 类/款 printed above, to rank candidate codes
    for line in table.lines:
        if line.code is None:
            continue
        code = line.code.value
        mapped = code.translate(OCR_DIGITS)
        scheme = TABLE_SCHEME.get(table.kind) or scheme_of(mapped)
        if line.row_kind is RowKind.subject:
            _check_subject(line, table.id, scheme, codes, findings, parents.get(line.level - 1, ""))
            parents[line.level] = mapped
            parent = mapped[: len(mapped) - 2]
            if line.level > 1 and line.level - 1 in levels and parent not in printed:
                findings.add(
                    Check.code_hierarchy, Severity.warning, Reason.hierarchy_mismatch, table.id,
                    f"{code} {line.name.value}: its {LEVEL_NAMES[line.level - 1]} {parent} is not in the table",
                    targets=[line.code], rows=[code],
                )
        else:
            # A unit row (010001) unless its name clearly names a subject one OCR
            # slip away from its code (0280501 行政单位离退休, 210113 公务员医疗补助),
            # or the child of the 类/款 printed above it that its name names (1011012
            # 行政单位医疗 under 21011: digits misread past one slip).
            repairs = _repairs(line, scheme, codes, parents) or _named_child(line, scheme, codes, parents)
            if repairs:
                _report_repair(line, table.id, repairs[0], findings)


def _check_subject(line: BudgetLine, table_id: str, scheme: Scheme, codes: CodeList, findings: Findings,
                   context: str) -> None:
    code, name = line.code.value, line.name.value
    subject = codes.get(code)
    if _older_vintage(line, table_id, subject, codes, findings):
        return
    if subject is None:
        repairs = _repairs(line, scheme, codes, {0: context})
        if repairs:
            _report_repair(line, table_id, repairs[0], findings)
            return
        candidates = codes.by_name(name, scheme, line.level or LEVEL_OF_LENGTH.get(len(code), 3), min_score=70)
        suggestion = "; ".join(f"{s.code} {s.name} ({score:.0f})" for s, score in candidates) or None
        findings.add(
            Check.code_exists, Severity.warning, Reason.code_unknown, table_id,
            f"{code} {name}: code not in the classification list (a draft list: this may be a gap in it)",
            targets=[line.code], rows=[code], suggestion=f"closest by name: {suggestion}" if suggestion else None,
            proposed=candidates[0][0].code if candidates else None,
        )
        return
    score = name_score(name, subject.name)
    if score == 100 or not name:
        return
    printed, official = normalize_name(name), normalize_name(subject.name)
    if len(printed) >= 2 and official.startswith(printed):
        findings.add(Check.code_name, Severity.info, Reason.name_mismatch, table_id,
                     f"{code}: name printed truncated ({name} for {subject.name})", targets=[], rows=[code],
                     expected=subject.name, actual=name)
        return
    # A row printed under its 类/款 keeps it: a code under another parent would break that parent's sum.
    under_context = bool(context) and code.startswith(context)
    better = [
        (s, sc) for s, sc in codes.by_name(name, scheme, subject.level, limit=None, min_score=min(100, max(NAME_SUPPORTS, score + 10)))
        if (DamerauLevenshtein.distance(s.code, code) <= 2 or (context and s.parent == context))
        and not (under_context and s.parent != context)
    ]
    # Many 款 have a 行政运行: prefer the one under the 款 printed above, then the nearest code.
    better.sort(key=lambda x: (x[0].parent != context, DamerauLevenshtein.distance(x[0].code, code), -x[1]))
    if better:
        other = better[0][0]
        findings.add(
            Check.code_name, Severity.error, Reason.name_mismatch, table_id,
            f"{code} is {subject.name} in the list, but the row says {name}; {other.code} {other.name} fits the name "
            f"({_slip(code, other.code)})",
            targets=[line.code, line.name], rows=[code], expected=other.code, actual=code,
            suggestion=f"code {other.code}", proposed=other.code,
        )
        findings.scale(line.code, score / 100)
        return
    provisional = "" if subject.verified else " (the list's name for this code is unverified)"
    findings.add(
        Check.code_name, Severity.warning, Reason.name_mismatch, table_id,
        f"{code}: printed name {name} differs from the official {subject.name}, score {score:.0f}{provisional}",
        targets=[line.name], rows=[code], expected=subject.name, actual=name, suggestion=f"name {subject.name}",
        proposed=subject.name,
    )
    findings.scale(line.name, max(score, 30) / 100)


def _older_vintage(line: BudgetLine, table_id: str, subject: Subject | None, codes: CodeList,
                   findings: Findings) -> bool:
    """Report a code printed with the name an earlier edition gave it (310 其他资本性支出,
    2040404 查办和预防职务犯罪): info when the name is exact, a name mismatch against
    that edition's name when it is close. False when no earlier name fits better
    than the current one."""
    code, name = line.code.value, line.name.value
    older = codes.closest_older(code, name)
    current = name_score(name, subject.name) if subject is not None else 0
    if older is None or older[1] < NAME_SUPPORTS or older[1] <= current:
        return False
    old, score = older
    now = f"now {subject.name}" if subject is not None else "not in the current list"
    if score == 100:
        if subject is None:
            findings.add(Check.code_exists, Severity.info, Reason.code_unknown, table_id,
                         f"{code} {name}: a code of the {old.edition} edition, {now} (an older vintage of the classification)",
                         targets=[], rows=[code], actual=code)
        else:
            findings.add(Check.code_name, Severity.info, Reason.name_mismatch, table_id,
                         f"{code} {name}: the {old.edition} edition's name, {now} (an older vintage of the classification)",
                         targets=[], rows=[code], expected=subject.name, actual=name)
        return True
    findings.add(
        Check.code_name, Severity.warning, Reason.name_mismatch, table_id,
        f"{code}: printed name {name} differs from {old.name}, the {old.edition} edition's name ({now}), score {score:.0f}",
        targets=[line.name], rows=[code], expected=old.name, actual=name, suggestion=f"name {old.name}", proposed=old.name,
    )
    findings.scale(line.name, max(score, 30) / 100)
    return True


def _repairs(line: BudgetLine, scheme: Scheme, codes: CodeList, parents: dict[int, str]) -> list[Subject]:
    """Codes one OCR slip away whose official name the printed name supports, best first."""
    context = set(parents.values())
    scored = [(name_score(line.name.value, s.name), s.parent in context, s) for s in codes.near_codes(line.code.value, scheme)]
    scored = [x for x in scored if x[0] >= NAME_SUPPORTS]
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return [s for _, _, s in scored]


def _named_child(line: BudgetLine, scheme: Scheme, codes: CodeList, parents: dict[int, str]) -> list[Subject]:
    """The 项 under the nearest 款 printed above (else the 款 under the nearest 类) whose
    official name the printed name supports (score ≥ NAME_SUPPORTS), best first; none when
    no 类 or 款 is printed above."""
    for level in (2, 1):
        if level in parents and parents[level].startswith(parents.get(1, "")):  # (a 款 of an earlier 类 is no parent)
            return [s for s, _ in codes.by_name(line.name.value, scheme, level + 1, limit=None, min_score=NAME_SUPPORTS)
                    if s.parent == parents[level]]
    return []


def _report_repair(line: BudgetLine, table_id: str, repair: Subject, findings: Findings) -> None:
    code = line.code.value
    findings.add(
        Check.code_exists, Severity.error, Reason.code_unknown, table_id,
        f"{code} {line.name.value}: not a code; {repair.code} {repair.name} matches the name ({_slip(code, repair.code)})",
        targets=[line.code], rows=[code], expected=repair.code, actual=code, suggestion=f"code {repair.code}",
        proposed=repair.code,
    )


def _slip(printed: str, fixed: str) -> str:
    mapped = printed.translate(OCR_DIGITS)
    if mapped == fixed:
        return "OCR letter read for a digit"
    if len(mapped) == len(fixed) - 1:
        return "a digit dropped"
    if len(mapped) == len(fixed) + 1:
        return "a digit doubled" if any(a == b for a, b in zip(mapped, mapped[1:])) else "an extra digit"
    if sorted(mapped) == sorted(fixed):
        return "two digits swapped" if sum(a != b for a, b in zip(mapped, fixed)) == 2 else "digits out of order"
    return "digits misread, or a numbering of its own"
