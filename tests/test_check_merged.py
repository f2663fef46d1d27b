from pathlib import Path

from conftest import ROOT
from extractor.api import extract_source
from extractor.ingest import SourceText
from extractor.models import Check, TableKind

RAPID = ROOT / "eval" / "explore-variants" / "rapid" / "a_sichuan_project_list.rapid.txt"


def _doc(text: str):
    return extract_source(SourceText(path=Path("list.txt"), text=text, encoding="utf-8", sha256="", size=len(text)))


def _garbled(text: str, words: dict[str, str]) -> str:
    for word, garbled in words.items():
        assert word in text
        text = text.replace(word, garbled)
    return text


# The 产出 and 数量指标 on the rows of projects 2 and 3 of the RapidOCR copy, garbled: no new tree is seen there
_NEW_TREES_GARBLED = {"将  产出": "将  声册", "剑阁县农  农村人居环境整  产出": "剑阁县农  农村人居环境整  声册",
                      "32.00  数量指标": "32.00  数昰指标", "改  数量指标": "改  数昰指标"}


def test_projects_of_a_list_the_split_could_not_tell_are_a_finding_not_lost_unsaid():
    """Explore a read back by RapidOCR, with the 产出 of projects 2 and 3 garbled the way tesseract garbled project
    1's (`声册`), and their 数量指标 (`数昰指标`): their rows are not told apart (no new tree seen), so the list is one project, and the other two
    projects' names, 预算数, goals and indicators were read as its rows or left unread, no finding naming them.
    A row after the tree's 满意度 printing a 预算数 with a goal's prose is a project merged into the one above: one
    finding on the table names the amounts and spans each such project's lines (from its row's first line)."""
    text = _garbled(RAPID.read_text(encoding="utf-8"), _NEW_TREES_GARBLED)
    doc = _doc(text)
    assert [t.kind for t in doc.tables] == [TableKind.project_performance]
    (finding,) = [f for f in doc.findings if f.check is Check.merged_projects]
    assert finding.message.startswith("3 projects may be merged into one") and finding.rows == ["32.00", "68.50"]
    assert [text[s.start:s.end].split()[0] for s in finding.spans] == ["剑阁县农业技", "在全县286个行政村开展村庄清洁行动，农村生活垃圾"]
    assert "3200" in text[finding.spans[0].start:finding.spans[0].end]  # (project 2's rows after the page break)
    assert "合计" in text[finding.spans[1].start:finding.spans[1].end]


def test_a_list_split_into_its_projects_and_a_list_total_are_no_merge():
    """The same list as RapidOCR read it (its project rows told) and as printed: no finding; the 合计 row after the
    last project's tree, with the 填报说明 prose under it, is the list's total, no project."""
    for text in (RAPID.read_text(encoding="utf-8"),
                 (ROOT / "eval" / "explore" / "a_sichuan_project_list.txt").read_text(encoding="utf-8")):
        assert not [f for f in _doc(text).findings if f.check is Check.merged_projects]


def test_a_list_column_no_project_read_is_a_missing_field_finding():
    """A list printing 单位名称 (and a department line over it) whose project read no unit: a missing_field finding on
    that project's table (tesseract's explore a: project 2's unit `剑阅县胡业技` / `术推广中心`, lost unsaid); a
    tab list whose project row leaves its 单位名称 cell blank: the same. The list as printed, every cell read: none."""
    doc = _doc((ROOT / "eval" / "explore-variants" / "tess" / "a_sichuan_project_list.tess.txt").read_text(encoding="utf-8"))
    missing = [f for f in doc.findings if f.check is Check.missing_field and "单位名称" in f.rows]
    assert [f.table_id for f in missing] == [doc.tables[1].id]
    header = "单位名称\t项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标值"
    rows = ["宁陵县司法局\t法律援助经费\t30.00\t办理案件300件以上。\t产出指标\t数量指标\t办理法律援助案件数\t≥300件",
            "\t人民调解以案补贴\t12.50\t调解矛盾纠纷800件以上。\t产出指标\t数量指标\t调解案件数\t≥800件"]
    doc = _doc("\n".join(["宁陵县2024年项目支出绩效目标表", "单位：万元", header, *rows]) + "\n")
    missing = [f for f in doc.findings if f.check is Check.missing_field]
    assert [(f.table_id, f.rows) for f in missing] == [(doc.tables[1].id, ["单位名称"])]
    printed = _doc((ROOT / "eval" / "explore" / "a_sichuan_project_list.txt").read_text(encoding="utf-8"))
    assert not [f for f in printed.findings if f.check is Check.missing_field]


def test_projects_of_a_list_whose_trees_close_unseen_are_a_finding_by_their_goals():
    """Explore a read back by RapidOCR with 效益 / 满意 garbled (`效盖`, `蒲意`) and the 产出 and 数量指标 of projects 2
    and 3 too: no tree is seen to close or to start again, so the list is one project and the old finding (rows after
    效益 / 满意度) never fired: the other two projects were lost unsaid. Rows printing another project's goal prose
    beside a 预算数 are projects merged into the first: one finding names their amounts and spans their lines."""
    text = _garbled(RAPID.read_text(encoding="utf-8"), {**_NEW_TREES_GARBLED, "效益": "效盖", "满意": "蒲意"})
    doc = _doc(text)
    assert [t.kind for t in doc.tables] == [TableKind.project_performance]
    (finding,) = [f for f in doc.findings if f.check is Check.merged_projects]
    assert finding.message.startswith("3 projects may be merged into one: its rows print the goals of other projects")
    assert finding.rows == ["32.00", "68.50"]
    assert [text[s.start:s.end].split()[0] for s in finding.spans] == ["剑阁县农业技", "在全县286个行政村开展村庄清洁行动，农村生活垃圾"]



LIST_HEADER = "单位名称\t项目名称\t预算数\t年度目标\t一级指标\t二级指标\t三级指标\t指标值"


def _tab_list(rows: list[str], total: str) -> str:
    return "\n".join(["宁陵县2024年项目支出绩效目标表", "单位：万元", LIST_HEADER, *rows, f"合计\t\t{total}"]) + "\n"


def test_a_project_whose_tree_starts_again_at_its_output_indicators_is_a_finding():
    """A tab list whose project 2 lost its 项目名称 and 预算数 cells (the split tells a project by its name, the old
    finding by its amount after the tree above): its rows are read as
    project 1's, whose tree, as read, goes 产出 … 满意度 then 产出 again. One merged_projects finding on project 1,
    spanning the tree read again from its row (the list's 合计, short of Σ 预算数 read, names no second finding)."""
    text = _tab_list([
        "宁陵县司法局\t法律援助经费\t30.00\t办案。\t产出指标\t数量指标\t办理法律援助案件数\t≥300件",
        "\t\t\t\t满意度指标\t服务对象满意度指标\t受援人满意度\t≥90%",
        "宁陵县司法局\t\t\t调解。\t产出指标\t数量指标\t调解案件数\t≥800件",
        "\t\t\t\t满意度指标\t服务对象满意度指标\t当事人满意度\t≥90%",
        "宁陵县司法局\t社区矫正经费\t8.00\t矫正。\t产出指标\t数量指标\t矫正对象数\t≥50人"], "50.50")
    doc = _doc(text)
    merged = [f for f in doc.findings if f.check is Check.merged_projects]
    assert [(f.table_id, f.message.split(":")[0]) for f in merged] == [(doc.tables[0].id, "2 projects may be merged into one")]
    (span,) = merged[0].spans
    assert text[span.start:span.end].startswith(("宁陵县司法局\t\t\t调解", "产出指标\t数量指标\t调解案件数"))


def test_a_lists_total_over_its_projects_read_is_a_finding():
    """The same list whose projects' trees print 产出 alone (no tree is seen to close or start again) and whose goals
    are too short to tell: the 合计 50.50 over the 38.00 read from the two projects split is the one sign of the
    project lost in project 1's rows: a merged_projects finding spanning the list's tables."""
    text = _tab_list([
        "宁陵县司法局\t法律援助经费\t30.00\t办案。\t产出指标\t数量指标\t办理法律援助案件数\t≥300件",
        "宁陵县司法局\t\t12.50\t调解。\t产出指标\t数量指标\t调解案件数\t≥800件",
        "宁陵县司法局\t社区矫正经费\t8.00\t矫正。\t产出指标\t数量指标\t矫正对象数\t≥50人"], "50.50")
    doc = _doc(text)
    (finding,) = [f for f in doc.findings if f.check is Check.merged_projects]
    assert (finding.table_id, finding.expected, finding.actual) == (doc.tables[1].id, "50.50", "38")
    assert finding.spans == [t.span for t in doc.tables]
    assert not [f for f in _doc(text.replace("50.50", "38.00")).findings if f.check is Check.merged_projects]
