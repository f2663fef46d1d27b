"""The department, year and 预算/决算 of a document, from what it prints."""

from extractor.api import extract_file
from extractor.describe import document_type, document_year
from extractor.models import Document

from conftest import SEEDS


def test_seeds_say_who_when_and_what():
    got = {p.name[:3]: (d.department, d.year, d.doc_type)
           for p in sorted(SEEDS.glob("*.txt")) for d in [extract_file(p).doc]}
    assert got == {
        "000": ("中宁县司法局", 2021, "预算"),  # the unit rows of its coded tables (010001 …本级 without 本级)
        "001": ("平罗县司法局", 2021, "预算"),  # 实施单位 (its 主管部门 prints an office, 行财科 05)
        "002": ("吴忠市红寺堡区司法局", 2025, "预算"),  # 223-吴忠市红寺堡区司法局 without its code
        "003": ("司法部门秦皇岛市山海关区司法局", 2021, "预算"),  # as its 实施单位 prints it
        "004": ("朝阳县司法局", 2021, "预算"),
    }


def _doc(*titles: str) -> Document:
    tables = [{"id": f"t{i}", "kind": "other", "title": t, "span": {"start": 0, "end": 1}, "header_end": 1}
              for i, t in enumerate(titles)]
    return Document.model_validate({"doc": "d", "source_path": "d.txt", "encoding": "utf-8", "sha256": "",
                                    "n_chars": 0, "tables": tables})


def test_type_from_titles_then_opening():
    # a 决算 document prints 预算 in its headings (年初预算数) and in some titles: its 决算 titles decide
    assert document_type(_doc("收入支出决算总表", "财政拨款收入支出决算总表", "项目支出绩效自评表"), "") == "决算"
    assert document_type(_doc("部门收支预算总表", "项目支出绩效目标表"), "") == "预算"
    assert document_type(_doc("表一"), "某某局2023年部门决算公开\n目录") == "决算"
    assert document_type(_doc("表一"), "prose") is None


def test_year_is_the_one_printed_most():
    assert document_year("2020年预算数 2021年预算数 2021 年度 2021年") == 2021
    assert document_year("2022年 2023年") == 2023  # a tie: the later year
    assert document_year("no year here, 1234 5678") is None


_FINAL_ACCOUNTS = """石城县应急管理局2023年度部门决算公开

收入支出决算总表
编制单位：石城县应急管理局\t\t\t单位：万元
项目\t金额\t项目\t金额
一般公共预算财政拨款收入\t300.50\t公共安全支出\t280.50
其他收入\t20.00\t灾害防治及应急管理支出\t40.00
本年收入合计\t320.50\t本年支出合计\t320.50
"""


def test_department_from_the_unit_that_drew_the_forms_up_then_the_title(tmp_path):
    """A 决算 document whose tables print no unit row: the 编制单位 its form names (not 单位：万元), else its
    opening title's name before the year."""
    path = tmp_path / "final.txt"
    path.write_text(_FINAL_ACCOUNTS.replace("石城县应急管理局2023", "2023"), encoding="utf-8")
    assert extract_file(path).doc.department == "石城县应急管理局"
    path.write_text(_FINAL_ACCOUNTS.replace("编制单位：石城县应急管理局", ""), encoding="utf-8")
    assert extract_file(path).doc.department == "石城县应急管理局"
    path.write_text(_FINAL_ACCOUNTS.replace("编制单位：石城县应急管理局", "").replace("石城县应急管理局2023", "2023"),
                    encoding="utf-8")
    assert extract_file(path).doc.department is None


def test_a_title_opening_with_guanyu_names_the_department_after_it(tmp_path):
    """`关于石城县应急管理局2023年度部门决算的说明`: 关于 (about) opens the title, no part of the department's name."""
    path = tmp_path / "final.txt"
    text = _FINAL_ACCOUNTS.replace("编制单位：石城县应急管理局", "").replace("石城县应急管理局2023年度部门决算公开",
                                                                            "关于石城县应急管理局2023年度部门决算的说明")
    path.write_text(text, encoding="utf-8")
    assert extract_file(path).doc.department == "石城县应急管理局"


def test_the_unit_that_drew_the_forms_up_sealed_or_named_a_department(tmp_path):
    """`编制单位：石城县应急管理局（盖章）`: the seal's mark after the name is no part of it (the name was lost);
    `编制部门：` and `填报部门：` name the unit as `编制单位：` does."""
    path = tmp_path / "final.txt"
    bare = _FINAL_ACCOUNTS.replace("石城县应急管理局2023", "2023")
    for label, seal in (("编制单位：", "（盖章）"), ("编制单位：", "(盖章)"), ("编制部门：", ""), ("填报部门：", "（公章）")):
        path.write_text(bare.replace("编制单位：石城县应急管理局", f"{label}石城县应急管理局{seal}"), encoding="utf-8")
        assert extract_file(path).doc.department == "石城县应急管理局", (label, seal)


def test_a_tie_between_the_tables_names_goes_to_the_unit_that_drew_the_forms_up(tmp_path):
    """One project table naming its 主管部门 and its 实施单位 once each: the tie goes to the name the forms' 编制单位
    (else the opening title) prints, not to the shorter name (the implementing unit was the document's department)."""
    project = "\n".join([
        "项目支出绩效目标表", "项目名称\t全民健身设施补短板", "主管部门\t资兴市文化旅游广电体育局",
        "实施单位\t资兴市全民健身中心", "项目资金\t年度资金总额\t60.00", "\t其中：财政拨款\t57.00", "\t其他资金\t3.00",
        "年度绩效目标\t新建健身路径15条。", "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t新建健身路径\t≥15条", "满意度指标\t服务对象满意度指标\t健身群众满意度\t≥90%"])
    path = tmp_path / "project.txt"
    for opening in ("资兴市文化旅游广电体育局2023年部门预算\n", "编制单位：资兴市文化旅游广电体育局\n"):
        path.write_text(opening + project + "\n", encoding="utf-8")
        assert extract_file(path).doc.department == "资兴市文化旅游广电体育局", opening
