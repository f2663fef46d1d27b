from pathlib import Path

from conftest import ROOT
from extractor.api import extract_source
from extractor.ingest import SourceText
from extractor.models import Check, TableKind

RAPID = ROOT / "eval" / "explore-variants" / "rapid" / "a_sichuan_project_list.rapid.txt"


def _doc(text: str):
    return extract_source(SourceText(path=Path("list.txt"), text=text, encoding="utf-8", sha256="", size=len(text)))


def test_projects_of_a_list_the_split_could_not_tell_are_a_finding_not_lost_unsaid():
    """Explore a read back by RapidOCR, with the 产出 of projects 2 and 3 garbled the way tesseract garbled project
    1's (`声册`): their rows are not told apart (no new tree seen), so the list is one project, and the other two
    projects' names, 预算数, goals and indicators were read as its rows or left unread, no finding naming them.
    A row after the tree's 满意度 printing a 预算数 with a goal's prose is a project merged into the one above: one
    finding on the table names the amounts and spans each such project's lines (from its row's first line)."""
    text = RAPID.read_text(encoding="utf-8")
    for row in ("建设绿色防控示范区1.5万亩，开展统防统治6万亩，将  ", "剑阁县农  农村人居环境整  "):
        assert row + "产出" in text
        text = text.replace(row + "产出", row + "声册")
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
