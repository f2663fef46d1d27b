"""The templates data file: its tables, and which documents it is taken for."""

import pytest

from extractor.check.template import templates, template_for, title_key
from extractor.models import Check

from audit_docs import STEMS, published, read_text


def test_the_data_file_holds_the_shanghai_templates():
    by_name = {t.name: t for t in templates()}
    budget = by_name["shanghai-budget"]
    assert len(budget.tables) == 9 and budget.doc_type == "预算" and "本表为空表" in budget.empty
    assert {s.kind.value for s in budget.subjects} >= {"income_expenditure_summary", "three_public"}
    assert by_name["shanghai-final"].doc_type == "决算"


def test_titles_are_matched_whatever_the_year_holder_and_ocr():
    budget = templates()[0]
    assert title_key("2024年预算单位财务收支预算总表") == "财务收支预算总表"
    assert budget.index("2025年部门财务收文预算总表") == 0  # 收文: the OCR's 收支
    assert budget.index("2025年部门财政拨款收支预算总表") == 3
    assert budget.index("单位“三公”经费和机关运行经费预算表") == 8
    assert budget.index("项目支出绩效目标表") is None


def test_the_template_is_taken_for_the_shanghai_documents_only(seed_doc):
    assert all(template_for(published(stem)).name == "shanghai-budget" for stem in STEMS)
    assert all(template_for(seed_doc(p)) is None for p in ("000", "001", "002", "003", "004"))


# A 决算 disclosure written for the test (no real one is stored): the nine tables of the
# shanghai-final template under their printed titles, with the 决算 headers of domain.md
# (年初预算数 / 全年预算数 / 决算数) and the empty-table statement the 公开 rules ask for.
FUNCTION = "科目编码\t科目名称\t年初预算数\t全年预算数\t决算数\n201\t一般公共服务支出\t120.00\t130.00\t125.00\n" \
           "2010101\t行政运行\t120.00\t130.00\t125.00\n\t合计\t120.00\t130.00\t125.00"
SUMMARY = "收入\t决算数\t支出\t决算数\n一、一般公共预算财政拨款收入\t125.00\t一、一般公共服务支出\t125.00\n" \
          "本年收入合计\t125.00\t本年支出合计\t125.00"
EMPTY = "科目编码\t科目名称\t决算数\n\t合计\t\n注：本单位无此项支出，故本表为空表。"
FINAL = {
    "收入支出决算总表": SUMMARY,
    "收入决算表": "科目编码\t科目名称\t本年收入合计\t财政拨款收入\t其他收入\n201\t一般公共服务支出\t125.00\t125.00\t0.00\n"
                  "\t合计\t125.00\t125.00\t0.00",
    "支出决算表": "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出\n201\t一般公共服务支出\t125.00\t100.00\t25.00\n"
                  "\t合计\t125.00\t100.00\t25.00",
    "财政拨款收入支出决算总表": SUMMARY,
    "一般公共预算财政拨款支出决算表": FUNCTION,
    "一般公共预算财政拨款基本支出决算表": "科目编码\t科目名称\t决算数\n301\t工资福利支出\t100.00\n30101\t基本工资\t100.00\n\t合计\t100.00",
    "政府性基金预算财政拨款收入支出决算表": EMPTY,
    "国有资本经营预算财政拨款支出决算表": EMPTY,
    "“三公”经费支出决算表": "项目\t预算数\t决算数\n合计\t5.00\t4.00\n因公出国(境)费\t0.00\t0.00\n公务用车购置及运行费\t3.00\t2.50\n"
                          "公务接待费\t2.00\t1.50",
}


def _final(drop: str = "", mute: str = "") -> str:
    parts = ["上海市普陀区某局2023年度部门决算"]
    for i, (title, body) in enumerate(FINAL.items(), start=1):
        if title != drop:
            body = body.replace("注：本单位无此项支出，故本表为空表。", "") if title == mute else body
            parts.append(f"表{i}\n2023年度{title}\n编制单位：上海市普陀区某局\t单位：万元\n{body}\n")
    return "\n".join(parts)


@pytest.mark.parametrize("drop, mute, said", [
    ("", "", None),
    ("收入决算表", "", "table 2 收入决算表 is not printed"),
    ("", "国有资本经营预算财政拨款支出决算表", "printed empty without a statement"),
])
def test_a_final_accounts_disclosure_is_held_to_the_final_template(drop, mute, said):
    doc = read_text(_final(drop, mute), "final")
    assert template_for(doc).name == "shanghai-final"
    found = [f.message for f in doc.findings if f.check is Check.tables_required]
    assert len(found) == (said is not None) and all(said in m for m in found)
