"""The real 上海 disclosures of eval/dev as whole texts (their PDFs' text layers: narrative and
tables), read as text so that one change at a time can be made to them (the auditor's checks,
issue 23), and what the auditor's checks find in them as published."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from extractor.api import extract_source
from extractor.check.audit import AUDITOR_CHECKS
from extractor.ingest import SourceText, read_source
from extractor.models import Check, Document, Finding

DEV = Path(__file__).resolve().parents[1] / "eval" / "dev"
STEMS = ("sh-putuo-caizheng-2025-budget", "sh-putuo-zhengfuban-2025-budget", "sh-putuo-fuliyuan-2024-budget")
FAMILIES = AUDITOR_CHECKS


@lru_cache(maxsize=None)
def dev_text(stem: str) -> str:
    """The document text of an eval/dev PDF (its text layer, as the PDF route writes it)."""
    return read_source(DEV / "pdf" / f"{stem}.pdf").text


def read_text(text: str, name: str = "doc") -> Document:
    return extract_source(SourceText(path=Path(f"{name}.txt"), text=text, encoding="utf-8", sha256="", size=len(text)), name)


@lru_cache(maxsize=None)
def published(stem: str) -> Document:
    """The document as published, read as text."""
    return read_text(dev_text(stem), stem)


def audit(doc: Document) -> list[Finding]:
    return [f for f in doc.findings if f.check in FAMILIES]


def corrupted(stem: str, old: str, new: str, nth: int = 0) -> tuple[Document, int]:
    """The document with the `nth` printing of `old` replaced by `new`, and where the change is."""
    text = dev_text(stem)
    at = -1
    for _ in range(nth + 1):
        at = text.find(old, at + 1)
        assert at >= 0, (stem, old)
    return read_text(text[:at] + new + text[at + len(old):], stem), at


def added(stem: str, doc: Document) -> list[Finding]:
    """The auditor's findings of a changed document that the published one does not raise (table
    ids aside: a table deleted renumbers the ones after it)."""
    before = {_key(f) for f in audit(published(stem))}
    return [f for f in audit(doc) if _key(f) not in before]


def _key(finding: Finding) -> tuple:
    return finding.check, re.sub(r"\bt\d+\b", "t", finding.message)


def covers(finding: Finding, at: int, reach: int = 0) -> bool:
    """Whether a finding's spans hold the offset `at` (within `reach` characters)."""
    return any(s.start - reach <= at < s.end + reach for s in finding.spans)


# What the checks find in the documents as published, read by hand against the PDFs: each a real
# inconsistency of the document (the closing note of issue 23 lists them with the seeds').
REAL = {
    "sh-putuo-caizheng-2025-budget": [
        # its 编制说明 is printed twice; both copies give 职业年金缴费支出 887.36万元, the tables 873,617.00元
        (Check.narrative_amount, "t05"), (Check.narrative_amount, "t05"),
        # the 国有资本经营 table's note says 无政府性基金预算: the note of the table before, copied
        (Check.tables_required, "t07"),
    ],
    "sh-putuo-zhengfuban-2025-budget": [],
    "sh-putuo-fuliyuan-2024-budget": [
        # 社会福利事业单位: 738.66万元 in the text, 6,964,796元 in the tables (the items then add to 991.59, not 950.12)
        (Check.narrative_amount, "t05"),
        # the text names class 210 医疗卫生与计划生育支出 (its pre-2019 name), the tables 卫生健康支出 (info)
        (Check.narrative_amount, "t05"),
        # 公务用车购置及运行费 …，主要原因是。: a reason the template asked for, left out
        (Check.template_leftover, "t10"),
        # 五、国有资产占有使用情况（增加内容）: the template's mark for a section to add, left in the heading
        (Check.template_leftover, "t10"),
    ],
}
