import codecs
from pathlib import Path

import pytest

from extractor.api import FileStatus, extract_file
from extractor.ingest import IngestError, discover, read_source

from conftest import SEEDS, seed_path

TESTS = Path(__file__).resolve().parent


def test_gbk_copy_gives_the_same_document(tmp_path, seed_doc):
    original = seed_path("000")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(original.read_text(encoding="utf-8").encode("gbk"))
    result = extract_file(gbk, doc_name=original.stem)
    assert result.status is FileStatus.ok
    assert result.doc.encoding == "gb18030"
    expected = seed_doc("000").model_dump(exclude={"source_path", "encoding", "sha256"})
    assert result.doc.model_dump(exclude={"source_path", "encoding", "sha256"}) == expected


@pytest.mark.parametrize(
    "encode, encoding",
    [
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # no BOM: the NULs of its ASCII tell
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_encodings(tmp_path, encode, encoding):
    text = seed_path("001").read_text(encoding="utf-8")
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(text))
    source = read_source(path)
    assert source.encoding == encoding
    assert source.text == text


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\t\n", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes(range(1, 32)) * 20, "binary file"),
    ],
)
def test_bad_input_has_a_reason(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_source(path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("表1\n" * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="over the"):
        read_source(path, max_bytes=1000)


def test_prose_without_table_is_reported(tmp_path):
    path = tmp_path / "prose.md"
    path.write_text("# 部门职责\n\n贯彻执行国家司法行政工作的方针、政策和法律法规，编制全县司法行政工作的规划。\n", encoding="utf-8")
    result = extract_file(path)
    assert result.status is FileStatus.no_tables
    assert "no budget table" in result.error


def test_discover_is_recursive_and_filters_suffixes(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "y.md").write_text("y", encoding="utf-8")
    (tmp_path / "a" / "z.pdf").write_bytes(b"%PDF")
    (tmp_path / "a" / "w.docx").write_bytes(b"PK")
    found = discover([tmp_path, tmp_path / "nope"])
    assert [f.relative for f in found.files] == ["a/b/x.txt", "a/y.md", "a/z.pdf"]
    assert [f.doc for f in found.files] == ["a/b/x", "a/y.md", "a/z.pdf"]
    assert found.missing == [tmp_path / "nope"] and found.unreadable == []
    assert found.skipped == [(tmp_path / "a" / "w.docx", "not read: .docx (reads .txt, .md, .pdf, .png, .jpg, .jpeg, .tif, .tiff, .bmp)")]


def test_discover_lists_hidden_files_and_folders_as_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".~lock.a.txt#").write_text("x", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    found = discover([tmp_path])
    assert [f.relative for f in found.files] == ["a.txt"]
    assert sorted(found.skipped) == [(tmp_path / ".draft.txt", "hidden file"), (tmp_path / ".git", "hidden folder"),
                                     (tmp_path / ".~lock.a.txt#", "hidden file")]


def test_discover_does_not_search_the_output_folder_inside_an_input(tmp_path):
    """`extract run budgets -o budgets/out`: the tool's own outputs (CSVs, run.json, the report,
    its .lock) are not listed file by file as skipped at every run, only the folder, once."""
    (tmp_path / "out" / "docs").mkdir(parents=True)
    (tmp_path / "out" / "amounts.csv").write_text("x", encoding="utf-8")
    (tmp_path / "out" / "docs" / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "out" / ".lock").write_text("1", encoding="utf-8")
    (tmp_path / "sub" / "out").mkdir(parents=True)  # a folder of the same name elsewhere is searched
    (tmp_path / "sub" / "out" / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    found = discover([tmp_path], tmp_path / "out")
    assert [f.relative for f in found.files] == ["a.txt", "sub/out/b.txt"]
    assert found.skipped == [(tmp_path / "out", "output folder (-o)")]
    assert len(discover([tmp_path]).skipped) == 3  # (without `out`: its files, one by one)


def test_seed_folder_is_found():
    assert len(discover([SEEDS]).files) == 5


def test_radical_code_points_read_as_the_ideographs_they_stand_for(tmp_path):
    """Some PDF fonts and converters emit CJK radicals (⺠ U+2EA0, ⻔ U+2ED4, ⼈ U+2F08) for 民, 门, 人:
    a search for 民 must find 人⺠调解, and every offset must stay where it was."""
    printed = "⼈⺠调解经费\t部⻔预算\t12.00\n"
    path = tmp_path / "radicals.txt"
    path.write_text(printed, encoding="utf-8")
    text = read_source(path).text
    assert text == "人民调解经费\t部门预算\t12.00\n" and len(text) == len(printed)


@pytest.mark.parametrize("damage, note", [
    (lambda b: b.replace("合计".encode("utf-8"), b"\xff\xfe", 1), "byte sequence(s) are no valid utf-8"),
    (lambda b: b.replace(b"\n", b"\x00\n", 1), "NUL byte(s)"),
])
def test_a_damaged_byte_costs_its_character_not_the_file(tmp_path, seed_doc, damage, note):
    """One bad byte sequence or one NUL in a seed: the file is read with a warning that says so."""
    path = tmp_path / "damaged.txt"
    path.write_bytes(damage(seed_path("000").read_bytes()))
    source = read_source(path)
    assert source.encoding == "utf-8" and any(note in n for n in source.notes)
    result = extract_file(path)
    assert result.status is FileStatus.ok and len(result.doc.tables) == len(seed_doc("000").tables)


def test_lines_ended_by_cr_alone_are_lines(tmp_path, seed_doc):
    """A file with old Mac line ends (CR only) reads as the same document, not as one line of prose."""
    path = tmp_path / "cr.txt"
    path.write_bytes(seed_path("000").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    result = extract_file(path, doc_name=seed_path("000").stem)
    expected = seed_doc("000").model_dump(exclude={"source_path", "encoding", "sha256"})
    assert result.status is FileStatus.ok
    assert result.doc.model_dump(exclude={"source_path", "encoding", "sha256"}) == expected


def test_big5_is_read_as_big5_not_as_gb18030(tmp_path):
    """Issue 19 item 14: Big5 bytes are mostly valid GB18030 too, read as rare characters (癩現挤蹿 for
    財政撥款); a text most of whose characters GB2312 lacks is read as Big5. The excerpt is seed 000's
    first table in traditional characters (tests/data/traditional_000_excerpt.txt), encoded here."""
    text = (TESTS / "data" / "traditional_000_excerpt.txt").read_text(encoding="utf-8")
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    source = read_source(path)
    assert (source.encoding, source.text) == ("big5", text)
    assert source.text.startswith("財政撥款收支預算表")
    # simplified Chinese in GBK stays GB18030, the seeds' few characters outside GB2312 notwithstanding
    for seed in SEEDS.glob("*.txt"):
        gbk = tmp_path / seed.name
        gbk.write_bytes(seed.read_text(encoding="utf-8").encode("gb18030"))
        assert read_source(gbk).encoding == "gb18030", seed.name
