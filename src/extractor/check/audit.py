"""The auditor's checks: a disclosure against itself and its template (issue 23).

They read the document text (the narrative is prose, not fields; the statement under an empty
table and the unit-name lines are nowhere in the model), so they run where the text is: at
extraction and on `extract check` while the source file is there unchanged. A re-check without
it keeps the findings they made (`is_audit_finding`).
"""

from __future__ import annotations

from ..models import Check, Document, Finding, Reason
from .claims import check_claims
from .code_amounts import check_code_amounts
from .findings import Findings
from .leftovers import check_leftovers
from .merged import check_merged
from .narrative import link, statements
from .tables import check_tables
from .template import template_for

AUDIT_CHECKS = frozenset({
    Check.narrative_amount, Check.narrative_percent, Check.narrative_comparison, Check.tables_required,
    Check.three_public, Check.template_leftover, Check.merged_projects,
})
# Every family of the auditor's checks: those read from the text, and one code with one amount
# across the tables (`table_audit`).
AUDITOR_CHECKS = AUDIT_CHECKS | {Check.code_amounts}


def audit_document(doc: Document, text: str, findings: Findings) -> None:
    """Every auditor's check of the document read from `text` (the text its spans point into)."""
    template = template_for(doc)
    read = statements(doc, text)
    link(doc, template, read)
    check_claims(read, findings)
    check_tables(doc, text, findings)
    check_leftovers(doc, text, findings)
    check_merged(doc, text, findings)


def table_audit(doc: Document, findings: Findings) -> None:
    """The auditor's checks that need no text (the tables alone): run by every check."""
    check_code_amounts(doc, findings)


def is_audit_finding(finding: Finding) -> bool:
    """A finding an auditor's check read from the text: kept by a re-check that lacks it."""
    # (a 三公 sum that does not hold is a table check, made anew each time)
    return finding.check in AUDIT_CHECKS and (finding.check is not Check.three_public
                                              or finding.reason is Reason.text_mismatch)
