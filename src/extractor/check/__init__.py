"""Post-checks: whatever backend filled a document, decide how far to trust each field.

`check_document` runs the code checks, the arithmetic identities (department budget
items, `department`, and self-evaluation scores, `evaluation`, included) and the account
of unread numbers (`unread`), stores
the findings on the document, records on each field which checks failed on
it, and sets every field's confidence and review flag. It is idempotent: it
starts from the fields' parse reasons each time, so re-checking saved outputs
(`extract check`) gives the same result as the run.
"""

from __future__ import annotations

from ..confidence import FLAG_BELOW, confidence
from ..models import DepartmentTable, Document, Finding, LineTable, ProjectTable, Reason, SelfEvaluationTable, Severity
from .audit import audit_document, is_audit_finding, table_audit
from .code_match import check_codes
from .department import department_identities
from .evaluation import check_scores, evaluation_identities
from ..codes import CodeList, default_codes
from .findings import Findings
from .identities import Identity, confirm, report
from .reconcile import document_identities, project_identities, table_identities
from .unread import check_kind_named, check_required, check_unread, check_usual, is_document_finding
from ..walk import iter_table

__all__ = ["check_document", "table_checks", "FLAG_BELOW"]

# Doubts about where a value sits or how a damaged number reads, which a second,
# independent reader placing and reading it the same way settles (hybrid backend).
# Doubts the text itself cannot settle (two readings, illegible) and failed checks stay.
CORROBORATED = (Reason.number_repaired, Reason.column_inferred, Reason.cell_shifted, Reason.hierarchy_mismatch)


def table_checks(doc: Document, codes: CodeList, findings: Findings) -> list[Identity]:
    """Every arithmetic identity of the document (tables, then across tables); the code and
    score checks, which need no identity, add their findings to `findings` on the way."""
    identities = []
    for table in doc.tables:
        if isinstance(table, LineTable):
            check_codes(table, codes, findings)
            identities.extend(table_identities(table))
        elif isinstance(table, ProjectTable):
            identities.extend(project_identities(table))
        elif isinstance(table, DepartmentTable):
            identities.extend(department_identities(table))
        elif isinstance(table, SelfEvaluationTable):
            identities.extend(evaluation_identities(table))
            check_scores(table, findings)
    identities.extend(document_identities(doc))
    table_audit(doc, findings)
    return identities


def check_document(doc: Document, codes: CodeList | None = None, flag_below: float = FLAG_BELOW,
                   text: str | None = None) -> list[Finding]:
    """Run every post-check on `doc` and set its fields' confidence and flags; returns its findings.
    With `text` (the document text its spans point into) the auditor's checks read the narrative
    and the template's traces too (`audit`); without it, the findings they made before are kept."""
    codes = codes or default_codes()
    findings = Findings()
    identities = table_checks(doc, codes, findings)
    held, failed = [], []
    for ident in identities:
        (held if ident.holds() else failed).append(ident)
    report(failed, held, findings)
    confirm(held, findings)
    del identities, held, failed  # (done with: not kept through the walk below, ~10 bytes a byte of a document's text)
    check_unread(doc, findings)
    check_required(doc, findings)
    check_usual(doc, findings)
    check_kind_named(doc, findings)
    if text is not None:
        audit_document(doc, text, findings)

    # the checks walk the document afresh, once, and keep that walk (`walk.document_fields`); the review
    # keys are made when the queue asks for them (`review.items.keyed_fields`), for the tables it needs
    doc._walked = doc._keyed = None
    fields = []
    paths = {}
    for table in doc.tables:
        for path, obj in iter_table(table):
            fields.append((path, table, obj))
            paths[id(obj)] = path
            if obj.checks:
                obj.checks = []
    # The document's own unread numbers were counted from its text at extraction: kept as they are.
    # The auditor's findings without the text: kept (at the end, where they were made), flagging
    # their fields again, whose checks were cleared above.
    before, doc.findings = doc.findings, [f for f in doc.findings if is_document_finding(f)]
    if text is None:
        by_path = {path: obj for path, _, obj in fields}
        findings.items.extend((f, [by_path[p] for p in f.fields if p in by_path])
                              for f in before if is_audit_finding(f))
    for finding, targets in findings.items:
        finding.fields = [paths[id(t)] for t in targets if id(t) in paths]
        if finding.severity is not Severity.info:
            for target in targets:
                if finding.reason not in target.checks:
                    target.checks.append(finding.reason)
        doc.findings.append(finding)
    factors = findings.factors
    flagged = 0
    for _, _, obj in fields:
        if not (obj.reasons or obj.checks or id(obj) in factors):
            value = 1.0  # no doubt, no factor: what `confidence` gives (most values)
        else:
            reasons = obj.reasons + obj.checks
            if id(obj) in findings.confirmed:
                reasons = [r for r in reasons if r not in (Reason.number_ambiguous, Reason.number_repaired)]
            if obj.agreed:
                reasons = [r for r in reasons if r not in CORROBORATED]
            value = confidence(reasons, factors.get(id(obj), 1.0))
        # Writes go through pydantic's __setattr__: skip the ones that change nothing.
        if value != obj.confidence:
            obj.confidence = value
        if obj.flagged != (value < flag_below):
            obj.flagged = value < flag_below
        flagged += obj.flagged
    doc._tally = (len(fields), flagged)
    doc._walked = (list(doc.tables), fields)
    return doc.findings
