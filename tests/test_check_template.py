"""The templates data file: its tables, and which documents it is taken for."""

from extractor.check.template import templates, template_for, title_key

from audit_docs import STEMS, published


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
