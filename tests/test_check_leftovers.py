"""What a template leaves behind, on the real eval/dev disclosures: a heading's year, a unit name,
a doubled full stop, a placeholder and an unresolved alternative, each changed alone and caught
by `template_leftover` at the change."""

import pytest

from extractor.check.findings import Findings
from extractor.check.leftovers import check_leftovers, document_year
from extractor.models import Check

from audit_docs import STEMS, added, corrupted, covers, published

YEAR = {"sh-putuo-caizheng-2025-budget": "2025", "sh-putuo-zhengfuban-2025-budget": "2025",
        "sh-putuo-fuliyuan-2024-budget": "2024"}
TITLE = {"sh-putuo-caizheng-2025-budget": "年部门收入预算总表", "sh-putuo-zhengfuban-2025-budget": "年部门收入预算总表",
         "sh-putuo-fuliyuan-2024-budget": "年预算单位收入预算总表"}
UNIT = {"sh-putuo-caizheng-2025-budget": "编制部门：上海市普陀区财政局",
        "sh-putuo-zhengfuban-2025-budget": "编制部门：上海市普陀区人民政府办公室",
        "sh-putuo-fuliyuan-2024-budget": "编制单位：上海市普陀区社会福利院"}
SENTENCE = {"sh-putuo-caizheng-2025-budget": "主要用于缴纳职业年金支出。",
            "sh-putuo-zhengfuban-2025-budget": "主要用于行政单位的基本支出。",
            "sh-putuo-fuliyuan-2024-budget": "主要用于人员医疗保险。"}


@pytest.mark.parametrize("stem", STEMS)
def test_a_heading_of_another_year_is_caught(stem):
    year = YEAR[stem]
    assert document_year(published(stem)) == year
    earlier = str(int(year) - 1)
    doc, at = corrupted(stem, year + TITLE[stem], earlier + TITLE[stem], nth=1)  # the table's title (the first is the contents')
    (finding,) = added(stem, doc)
    assert finding.check is Check.template_leftover and covers(finding, at)
    assert (finding.expected, finding.actual) == (year, earlier)


@pytest.mark.parametrize("stem", STEMS)
def test_a_unit_name_other_than_the_documents_is_caught(stem):
    label, name = UNIT[stem].split("：")
    doc, at = corrupted(stem, UNIT[stem], f"{label}：XX局")
    found = added(stem, doc)
    assert {f.check for f in found} == {Check.template_leftover}
    assert any(f.actual == "XX局" and f.expected == name and covers(f, at + len(label) + 1) for f in found)
    assert any("placeholder" in f.message for f in found)
    # a name without its city and district is another name too
    doc, at = corrupted(stem, UNIT[stem], f"{label}：{name.replace('上海市普陀区', '')}")
    (finding,) = added(stem, doc)
    assert finding.check is Check.template_leftover and finding.expected == name


@pytest.mark.parametrize("stem", STEMS)
def test_a_doubled_full_stop_is_caught(stem):
    sentence = SENTENCE[stem]
    doc, at = corrupted(stem, sentence, sentence + "。")
    (finding,) = added(stem, doc)
    assert finding.check is Check.template_leftover and covers(finding, at + len(sentence))


@pytest.mark.parametrize("stem", STEMS[:2])
def test_an_unresolved_alternative_is_caught(stem):
    doc, at = corrupted(stem, "比2024年预算", "比2024年预算增加（减少）")
    (finding,) = added(stem, doc)
    assert finding.check is Check.template_leftover and "unresolved" in finding.message and covers(finding, at + 8)


def test_the_seeds_leave_nothing_behind(seed_doc, seed_text):
    for prefix in ("000", "001", "002", "003", "004"):
        findings = Findings()
        check_leftovers(seed_doc(prefix), seed_text(prefix), findings)
        assert findings.items == [], prefix


def test_an_instruction_to_the_filler_and_a_placeholder_amount_are_caught():
    stem = "sh-putuo-fuliyuan-2024-budget"
    doc, at = corrupted(stem, "主要原因是：有退休", "主要原因是：（请填写原因）有退休")
    (finding,) = added(stem, doc)
    assert "instruction" in finding.message and covers(finding, at + 7)
    doc, at = corrupted(stem, "政府采购服务预算", "政府采购服务预算XX万元，")
    assert any("placeholder" in f.message and covers(f, at + 8) for f in added(stem, doc))


@pytest.mark.parametrize("stem", STEMS[:2])
def test_an_editors_mark_is_caught(stem):
    """fuliyuan prints 五、国有资产占有使用情况（增加内容） as published (`audit_docs.REAL`); the same mark
    put in the other two documents' heading is caught there too."""
    doc, at = corrupted(stem, "五、国有资产占有使用情况\n", "五、国有资产占有使用情况（增加内容）\n")
    (finding,) = added(stem, doc)
    assert finding.check is Check.template_leftover and covers(finding, at + len("五、国有资产占有使用情况"))
