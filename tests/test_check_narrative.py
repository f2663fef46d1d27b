"""Reading the narrative of the real eval/dev disclosures: statements, amounts with their units and
subjects, the table cells they name; what no subject names is kept, unlinked."""

from extractor.check.narrative import find_subject, link, statements
from extractor.check.template import template_for
from extractor.models import TableKind

from audit_docs import dev_text, published

STEM = "sh-putuo-zhengfuban-2025-budget"


def _read(stem):
    doc = published(stem)
    read = statements(doc, dev_text(stem))
    link(doc, template_for(doc), read)
    return doc, read


def test_statements_join_wrapped_lines_and_keep_every_offset():
    doc, read = _read("sh-putuo-fuliyuan-2024-budget")
    text = dev_text("sh-putuo-fuliyuan-2024-budget")
    # the sentence wraps after 人 (人\n员养老保险费用): one statement, spaces and breaks dropped
    (statement,) = [s for s in read if "机关事业单位基本养老保险缴费支出（项）”76.76万元" in s.text]
    assert "人员养老保险费用。" in statement.text
    for q in statement.quantities:
        assert text[q.start:q.end] == q.raw
    # 名词解释 is left out: its 三公 and 机关运行经费 words are definitions, not claims
    assert not [s for s in read if "名词解释" in s.section]


def test_amounts_are_linked_by_subject_and_unit_from_the_text():
    doc, read = _read(STEM)
    linked = {q.raw: (q.link.table.kind, q.link.value) for s in read for q in s.quantities if q.link is not None}
    assert linked["1,202.95万元"] == (TableKind.expenditure_by_function, 12029501.84)  # “A-B-C”科目, in 元
    assert linked["867.50万元"] == (TableKind.three_public, 867.5)  # 三公 table in 万元
    assert linked["213.28万元"] == (TableKind.three_public, 213.28)  # 机关运行经费
    # every quantity of the 编制说明 and 三公 sections is linked or a change against a year not printed
    for s in read:
        for q in s.quantities:
            if q.link is None and not q.is_percent:
                assert q.clause.startswith("比") or "采购" in q.clause or "项目预算" in q.clause \
                    or "单价" in q.clause or "预留" in q.clause, q.clause


def test_a_change_or_an_unknown_subject_is_kept_unlinked():
    doc, read = _read(STEM)
    template = template_for(doc)
    assert find_subject(template, "比2024年预算减少") is None  # a change: its other amount is not printed
    assert find_subject(template, "2025年本部门政府采购预算") is None  # no table holds it
    kept = [q for s in read for q in s.quantities if q.raw == "2,389.52万元"]
    assert kept and all(q.link is None for q in kept)


def test_subjects_tolerate_ocr_and_wording():
    template = template_for(published(STEM))
    assert find_subject(template, "（二）公务车购置及运行费").row == "公务用车购置及运行费"  # 用 left out by the text
    assert find_subject(template, "其中：财政拨款支出预算").row == "支出总计"
    assert find_subject(template, "一般公共预算拨款支出预算").kind is TableKind.expenditure_by_function
