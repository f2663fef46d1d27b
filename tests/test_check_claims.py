"""The narrative against the tables and against itself, on the real eval/dev disclosures: one change
at a time is caught by its own check, at the changed text; the published documents raise only
their own real inconsistencies."""

import pytest

from extractor.models import Check, Severity

from audit_docs import REAL, STEMS, added, audit, corrupted, covers, dev_text, published


@pytest.mark.parametrize("stem", STEMS)
def test_published_documents_raise_only_their_real_inconsistencies(stem):
    assert sorted((f.check, f.table_id) for f in audit(published(stem))) == sorted(REAL[stem])


def test_a_real_mismatch_names_both_amounts_and_flags_the_cell():
    doc = published("sh-putuo-caizheng-2025-budget")
    finding = next(f for f in doc.findings if f.check is Check.narrative_amount)
    assert (finding.actual, finding.expected) == ("887.36万元", "87.36万元")
    assert finding.fields and "t05" in finding.fields[0]
    assert len(finding.spans) == 2  # the text's amount and the table's cell


def test_a_class_named_otherwise_is_shown_at_its_name():
    stem = "sh-putuo-fuliyuan-2024-budget"
    finding = next(f for f in published(stem).findings
                   if f.check is Check.narrative_amount and f.severity is Severity.info)
    (span,) = finding.spans
    assert dev_text(stem)[span.start:span.end] == "医疗卫生与计划生育支出"


# A narrative amount changed: each document's first classification item.
AMOUNTS = [
    ("sh-putuo-caizheng-2025-budget", "1,623.18万元", "1,633.18万元"),
    ("sh-putuo-zhengfuban-2025-budget", "1,202.95万元", "1,212.95万元"),
    ("sh-putuo-fuliyuan-2024-budget", "53.84万元，主要用于", "58.84万元，主要用于"),
]


@pytest.mark.parametrize("stem, old, new", AMOUNTS)
def test_a_changed_narrative_amount_is_caught(stem, old, new):
    doc, at = corrupted(stem, old, new)
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_amount and covers(finding, at)
    assert finding.severity is Severity.warning and finding.fields  # the cell goes to review


# A 三公 figure deleted from the table while the text keeps it: the 公务接待费 (caizheng, zhengfuban)
# and the 公务用车运行费 (fuliyuan) cells blanked, the row's other cells in place.
THREE = [
    ("sh-putuo-caizheng-2025-budget", "0.95                             0.95"),
    ("sh-putuo-zhengfuban-2025-budget", "839.00            28.50"),
    ("sh-putuo-fuliyuan-2024-budget", "6.4                               6.4"),
]


@pytest.mark.parametrize("stem, old", THREE)
def test_a_three_public_cell_deleted_while_the_text_keeps_it_is_caught(stem, old):
    value = old.split()[-1]
    doc, at = corrupted(stem, old, old[: -len(value)] + " " * len(value))
    found = added(stem, doc)
    assert {f.check for f in found} == {Check.three_public}
    text = [f for f in found if f.reason.value == "text_mismatch"]
    # the text's figure (in the 情况说明 after the table) and the blank cell's row
    assert text and all(f.actual.endswith("万元") and f.spans[0].start > at and len(f.spans) == 2 for f in text)
    assert any(f.reason.value == "sum_mismatch" for f in found)  # the items no longer add up to the total


def test_a_comparison_word_against_its_two_amounts():
    """fuliyuan states both amounts of its comparisons (2023年当年预算执行数为70.70万元，2024年预算安排
    76.76万元，比2023年预算执行数增加8.57%); the other two documents state only the change."""
    stem = "sh-putuo-fuliyuan-2024-budget"
    doc, at = corrupted(stem, "执行数增加8.57%", "执行数减少8.57%")
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_comparison and covers(finding, at, reach=3)
    doc, at = corrupted(stem, "比2023年预算执行数减少1.39%", "比2023年预算执行数持平1.39%")
    assert [f.check for f in added(stem, doc)] == [Check.narrative_comparison]
    # the word alone closing its clause, as 持平 is usually printed: 33.74 → 33.58 is no 持平
    doc, at = corrupted(stem, "比2023年预算执行数减少0.47%", "与2023年预算执行数持平")
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_comparison and covers(finding, at + len("与2023年预算执行数"), reach=2)
    assert finding.rows == ["33.74万元", "33.58万元"]
    # and where the amounts agree it holds (2024 planned as 2023 executed)
    doc, _ = corrupted(stem, "数为33.74万元，2024年预算安排33.58万元，比2023年预算执行数减少0.47%",
                       "数为33.58万元，2024年预算安排33.58万元，与2023年预算执行数持平")
    assert added(stem, doc) == []
    # a clause holding such a word but comparing no amounts, or a hedged 基本持平, is no claim to check
    for said in ("与2023年预算执行数基本持平", "减少0.47%，统计口径与2023年一致", "减少0.47%，主要原因是2023年有一次性增加的支出"):
        doc, _ = corrupted(stem, "比2023年预算执行数减少0.47%", "比2023年预算执行数" + said if said[0] == "减" else said)
        assert added(stem, doc) == [], said


def test_a_percentage_against_the_change_of_its_amounts():
    stem = "sh-putuo-fuliyuan-2024-budget"
    doc, at = corrupted(stem, "减少1.39%", "减少1.93%")
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_percent and covers(finding, at + 2)
    assert (finding.expected, finding.actual) == ("1.39%", "1.93%")
    # a rounding of the printed amounts is no finding: 0.47% of 33.74 → 33.58 prints 0.474…
    doc, _ = corrupted(stem, "减少0.47%", "减少0.48%")
    assert added(stem, doc) == []


def test_a_change_whose_other_amount_is_not_in_the_text_is_kept_not_checked():
    stem = "sh-putuo-caizheng-2025-budget"
    doc, _ = corrupted(stem, "比2024年预算增加\n        107.62万元", "比2024年预算减少\n        107.62万元")
    assert added(stem, doc) == []


def test_a_share_against_its_part_and_whole():
    """No eval/dev text states a share; one is added to zhengfuban's: 行政运行 1,202.95万元 of the
    支出预算 9,101.68万元 is 13.22%."""
    stem = "sh-putuo-zhengfuban-2025-budget"
    old = "科目1,202.95万元，"
    doc, _ = corrupted(stem, old, old + "占支出预算的13.22%，")
    assert added(stem, doc) == []
    doc, at = corrupted(stem, old, old + "占支出预算的31.22%，")
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_percent and covers(finding, at + len(old) + 6)
    assert (finding.expected, finding.actual) == ("13.22%", "31.22%")
    # a share of a table printed empty (政府性基金: 0) is no share
    doc, _ = corrupted(stem, old, old + "占政府性基金拨款支出预算的5.00%，")
    assert [f.check for f in added(stem, doc)] == [Check.narrative_percent]


# No eval/dev text compares two amounts with 大于 / 小于 (a 决算 text does: 本年收入小于本年支出);
# one such sentence, from the document's own 基本支出 and 项目支出, is added to the 编制说明.
ORDER = [
    ("sh-putuo-caizheng-2025-budget", "基本支出2,512.11万元，大于项目支出609.31万元。"),
    ("sh-putuo-zhengfuban-2025-budget", "基本支出2,460.68万元，小于项目支出6,641.00万元。"),
]


@pytest.mark.parametrize("stem, sentence", ORDER)
def test_more_or_less_against_the_two_amounts(stem, sentence):
    anchor = "财政拨款支出主要内容如下："
    doc, _ = corrupted(stem, anchor, sentence + anchor)
    assert added(stem, doc) == []
    flipped = sentence.replace("大于", "小于") if "大于" in sentence else sentence.replace("小于", "大于")
    doc, at = corrupted(stem, anchor, flipped + anchor)
    (finding,) = added(stem, doc)
    assert finding.check is Check.narrative_comparison and finding.actual in ("大于", "小于")
    assert finding.spans[0].start == at + 4  # the first amount
