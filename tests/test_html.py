"""The run's HTML report (export/html.py), opened in a real headless Chromium: every flagged value
is marked with its reasons, every finding is listed, document text stays text."""

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor.api import run
from extractor.check.reconcile import FUNCTION_KINDS
from extractor.export.html import _by_function, page_name
from extractor.models import Document, LineTable
from extractor.review.items import keyed_fields

from conftest import ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="no chromium (scripts/install-chromium.sh installs it)")
ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots, gitignored


def _chromium(tmp_path: Path, *args: str) -> str:
    """Run headless Chromium offline with a throwaway profile; returns its stdout."""
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
         *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class _Marks(HTMLParser):
    """What the rendered DOM holds: flagged table cells with their reasons, findings, script elements."""

    def __init__(self):
        super().__init__()
        self.flagged: list[str] = []
        self.findings = 0
        self.scripts = 0
        self._in_finding = False
        self.finding_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "td" and "flagged" in classes:
            self.flagged.append(attrs.get("data-reasons", ""))
        if tag == "li" and "finding" in classes:
            self.findings += 1
            self._in_finding = True
            self.finding_text.append("")
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag):
        if tag == "li":
            self._in_finding = False

    def handle_data(self, data):
        if self._in_finding:
            self.finding_text[-1] += data


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert run([SEEDS], out).ok
    return out


def _docs(out: Path) -> list[Document]:
    return [Document.model_validate_json(p.read_bytes()) for p in sorted((out / "docs").glob("*.json"))]


@needs_browser
def test_the_report_marks_every_flagged_value_and_lists_every_finding(seeds_out, tmp_path):
    report = seeds_out / "report"
    index = _Marks()
    index.feed(_chromium(tmp_path, "--dump-dom", (report / "index.html").as_uri()))
    assert index.scripts == 0
    for doc in _docs(seeds_out):
        page = report / "docs" / page_name(doc.doc)
        assert f'href="docs/{page_name(doc.doc)}"' in (report / "index.html").read_text(encoding="utf-8")
        marks = _Marks()
        marks.feed(_chromium(tmp_path, "--dump-dom", page.as_uri()))
        flagged = [obj for *_, obj in keyed_fields(doc) if obj.flagged]
        assert len(marks.flagged) == len(flagged), doc.doc
        assert sorted(marks.flagged) == sorted(";".join(r.value for r in obj.all_reasons) for obj in flagged)
        assert marks.findings == len(doc.findings)
        for finding, shown in zip(doc.findings, marks.finding_text):
            assert finding.message in shown
    assert any(doc.findings for doc in _docs(seeds_out)) and any(
        obj.flagged for doc in _docs(seeds_out) for *_, obj in keyed_fields(doc))
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in (("report_index.png", (report / "index.html").as_uri()),
                      ("report_000.png", (report / "docs" / page_name("000_83af6fe4b24abd13")).as_uri())):
        _chromium(tmp_path, "--window-size=1200,1600", f"--screenshot={ARTIFACTS / name}", url)
        assert (ARTIFACTS / name).stat().st_size > 5000


@needs_browser
def test_hostile_document_text_stays_text(tmp_path):
    text = (SEEDS / "000_83af6fe4b24abd13.txt").read_text(encoding="utf-8")
    hostile = '<script>document.title="owned"</script><img src=x onerror=alert(1)>'
    assert "\t行政运行\t" in text
    text = text.replace("\t行政运行\t", f"\t{hostile}\t", 1) + f"\n{hostile}\n"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "<b>hostile<i>.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([inputs], out)
    (doc,) = _docs(out)
    page = out / "report" / "docs" / page_name(doc.doc)
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    marks = _Marks()
    marks.feed(dom)
    assert marks.scripts == 0 and "<img" not in dom and "<b>hostile" not in dom
    assert "&lt;script&gt;document.title" in dom  # shown as the text it is
    index = _chromium(tmp_path, "--dump-dom", (out / "report" / "index.html").as_uri())
    assert "<b>" not in index and "&lt;b&gt;hostile&lt;i&gt;" in index


def test_control_characters_of_document_text_do_not_reach_the_report(tmp_path):
    """A terminal escape printed in a document (ESC [2J, an OSC title ended by BEL, here in a cell
    and in the file's own name) is shown as U+FFFD in the report, as in the CSVs: no HTML page
    carries a control character that `cat` or `less -R` would hand to a terminal."""
    text = (SEEDS / "000_83af6fe4b24abd13.txt").read_text(encoding="utf-8")
    assert "\t行政运行\t" in text
    text = text.replace("\t行政运行\t", "\t\x1b]0;owned\x07\x1b[2J行政运行\t", 1)
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "\x1b[31mred.txt").write_text(text, encoding="utf-8")
    run([inputs], tmp_path / "out")
    (doc,) = _docs(tmp_path / "out")
    page = (tmp_path / "out" / "report" / "docs" / page_name(doc.doc)).read_text(encoding="utf-8")
    index = (tmp_path / "out" / "report" / "index.html").read_text(encoding="utf-8")
    for html in (page, index):
        assert not any(c in html for c in "\x1b\x07"), "a control character reached the report"
    assert "\ufffd]0;owned\ufffd\ufffd[2J行政运行" in page  # the source text, each control shown
    assert "\ufffd[31mred" in index


def test_a_documents_warnings_are_on_its_page(tmp_path):
    """How a file was read (here: a NUL byte left out of a seed; a scanned page read by OCR or left
    out says so the same way) is on the document's page, not only in its JSON."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes((SEEDS / "000_83af6fe4b24abd13.txt").read_bytes().replace(b"\n", b"\n\x00", 1))
    run([inputs], tmp_path / "out")
    (doc,) = _docs(tmp_path / "out")
    page = (tmp_path / "out" / "report" / "docs" / page_name(doc.doc)).read_text(encoding="utf-8")
    assert doc.warnings == ["1 NUL byte(s) in the text were left out"]
    assert '<h2>Warnings (1)</h2><ul class="warnings"><li>1 NUL byte(s) in the text were left out</li></ul>' in page


def test_report_pages_have_no_network_or_script(seeds_out):
    """Static and offline: no script, no external URL in any page."""
    for page in (seeds_out / "report").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html


def test_the_index_charts_spending_by_function_class(seeds_out):
    """Seed 000's function table (一般公共预算, 万元): its 类 rows' totals, drawn in the index."""
    html = (seeds_out / "report" / "index.html").read_text(encoding="utf-8")
    chart = html.split("Spending by function class")[-1].split("</svg>")[0]  # (after the aria-label)
    for label, amount in (("204 公共安全支出", "1,052.53"), ("221 住房保障支出", "197.92"),
                          ("208 社会保障和就业支出", "140.06"), ("210 卫生健康支出", "86.60")):
        assert f">{label}</text>" in chart and f">{amount}</text>" in chart


def test_the_function_chart_skips_a_function_table_without_lines(seed_doc):
    """An empty function table of the same money printed before the filled one (a table printed empty, a
    contents entry read as a table) yields to it: the chart is not left empty."""
    doc = seed_doc("000")
    filled = next(t for t in doc.tables if isinstance(t, LineTable) and t.kind in FUNCTION_KINDS)
    expected = _by_function(doc)
    assert expected
    empty = filled.model_copy(update={"id": "t00", "lines": [], "empty": True})
    doc = doc.model_copy(update={"tables": [empty, *doc.tables]})
    assert _by_function(doc) == expected


def test_a_run_over_other_files_drops_the_pages_of_documents_it_does_not_hold(tmp_path):
    out = tmp_path / "out"
    assert run([SEEDS / "000_83af6fe4b24abd13.txt", SEEDS / "001_9e7f8505a7e25c9c.txt"], out).ok
    assert len(list((out / "report" / "docs").glob("*.html"))) == 2
    assert run([SEEDS / "001_9e7f8505a7e25c9c.txt"], out).ok
    assert [p.name for p in (out / "report" / "docs").glob("*.html")] == [page_name("001_9e7f8505a7e25c9c")]


def test_the_index_charts_draw_a_labelled_bar_for_every_count(seeds_out):
    """The review-load and findings charts count (ints): each document and each check has its label and its bar."""
    html = (seeds_out / "report" / "index.html").read_text(encoding="utf-8")
    review = html.split('aria-label="Review load by document (flagged values)"')[-1].split("</svg>")[0]
    assert review.count("<rect") == 5 and all(f">{p.stem}</text>" in review for p in SEEDS.glob("*.txt"))
    findings = html.split('aria-label="Findings by check"')[-1].split("</svg>")[0]
    checks = {f.check.value for doc in _docs(seeds_out) for f in doc.findings}
    assert findings.count("<rect") == len(checks) and all(f">{c}</text>" in findings for c in checks)


def test_a_key_tasks_content_has_its_column(tmp_path):
    """A department table whose key tasks print a 主要内容 beside the 对应项目: both columns are on its page, each
    task's texts under their own heading."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "department" / "task-project-and-content.txt", inputs / "a.txt")
    run([inputs], tmp_path / "out")
    (doc,) = _docs(tmp_path / "out")
    page = (tmp_path / "out" / "report" / "docs" / page_name(doc.doc)).read_text(encoding="utf-8")
    assert "<tr><th>task</th><th>project</th><th>content</th><th>amount</th><th>deadline</th></tr>" in page
    rest = page.partition("<th>content</th>")[2]
    assert "森林防火专项经费" in rest and rest.index("森林防火专项经费") < rest.index("开展森林防火巡护")
