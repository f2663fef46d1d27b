"""One code, one amount across the tables of the same money, on the real eval/dev disclosures."""

import pytest

from extractor.check.code_amounts import check_code_amounts
from extractor.check.findings import Findings
from extractor.models import Check

from audit_docs import added, corrupted, published



@pytest.mark.parametrize("stem", ["sh-putuo-caizheng-2025-budget", "sh-putuo-fuliyuan-2024-budget"])
def test_one_code_printed_with_two_amounts_is_caught(stem):
    doc = published(stem)
    line = next(x for t in doc.tables if "收入预算总表" in t.title for x in t.lines
                if x.code is not None and len(x.code.value) == 7)
    cell = line.amounts[0].amount
    raw = cell.raw.strip()
    changed = raw[:-1] + ("1" if raw[-1] != "1" else "2")
    corrupt, at = corrupted(stem, raw, changed, nth=_nth(stem, raw, cell.span.start))
    found = [f for f in added(stem, corrupt) if f.check is Check.code_amounts]
    assert found and any(s.start <= at < s.end for f in found for s in f.spans)
    assert all(len(f.fields) == 2 for f in found)  # both cells go to review: the print does not say which is wrong


def _nth(stem: str, raw: str, start: int) -> int:
    from audit_docs import dev_text

    text = dev_text(stem)
    return text[:start].count(raw)


@pytest.mark.parametrize("stem", ["sh-putuo-caizheng-2025-budget", "sh-putuo-zhengfuban-2025-budget",
                                  "sh-putuo-fuliyuan-2024-budget"])
def test_published_tables_print_one_amount_per_code(stem):
    findings = Findings()
    check_code_amounts(published(stem), findings)
    assert findings.items == []
