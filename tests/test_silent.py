"""Silent loss: where a value is printed in the source, and what a run said
about those places (flags, findings, unread numbers)."""

from extractor.evaluate.silent import Cover, Coverage, SourceIndex, cover
from extractor.models import (
    Amount, AmountCell, BudgetLine, Check, ColumnKind, Document, Finding, LineTable, Reason, RowKind, Severity, Span,
    TableKind, Text,
)

# Two tables as OCR prints them: stray spaces around separators, a lost decimal point.
TEXT = (
    "表1 一般公共预算支出表\n"
    "204 公共安全支出 1052. 5294 919.08\n"
    "20406 司 法 919.08\n"
    "表2 基本支出表\n"
    "30108 机关事业单位基本养老保险缴费 14771094\n"
)
T1 = Span(start=0, end=TEXT.index("表2"))
T2 = Span(start=TEXT.index("表2"), end=len(TEXT))


def at(needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return Span(start=start, end=start + len(needle))


def amount(raw: str, value: float, flagged: bool = False) -> Amount:
    return Amount(raw=raw, value=value, span=at(raw), flagged=flagged)


def doc(lines=(), findings=(), unread=()) -> Document:
    table = LineTable(id="t01", kind=TableKind.expenditure_by_function, span=T1, header_end=T1.start,
                      lines=list(lines), unread=list(unread))
    return Document(doc="d", source_path="d.txt", encoding="utf-8", sha256="0", n_chars=len(TEXT),
                    tables=[table], findings=list(findings))


def test_numbers_are_found_by_value_and_by_their_digits():
    index = SourceIndex(TEXT)
    assert index.places(1052.5294) == [at("1052. 5294")]  # OCR spaces around the point
    assert index.places(1477.1094) == [at("14771094")]  # the point lost: same digits
    assert index.places(919.08) == [at("919.08"), at("919.08", 1)]
    assert index.places(919.08, T2) == [at("919.08"), at("919.08", 1)]  # not in the region: anywhere
    assert index.places(919.08, Span(start=at("20406").start, end=T1.end)) == [at("919.08", 1)]
    assert index.places(123.45) == []


def test_texts_are_found_without_whitespace_and_fuzzily():
    index = SourceIndex(TEXT)
    assert index.places("司法") == [at("司 法")]
    # one OCR confusion in 14 characters: the best alignment
    assert index.places("机关事业单位基本养老保险缴费", T1) == [at("机关事业单位基本养老保险缴费")]  # outside T1: anywhere
    assert index.places("机关事业单位基本养老保脸缴费") == [at("机关事业单位基本养老保险缴费")]
    assert index.places("公共安全支岀") == []  # 5 of 6 characters: below pairing.NAME_MATCH
    assert index.places("国防") == []  # too short to guess


def test_exact_places_take_a_value_only_as_printed():
    index = SourceIndex(TEXT)
    assert index.places(1052.5294, exact=True) == [at("1052. 5294")]  # stray spaces are still the number
    assert index.places(1477.1094, exact=True) == []  # the point lost: the digits alone are not the value
    assert index.places("司法", exact=True) == [at("司 法")]
    assert index.places("机关事业单位基本养老保脸缴费", exact=True) == []  # one character garbled


def test_a_text_with_a_figure_at_an_end_is_no_piece_of_a_longer_number():
    """`1 年` is not printed inside `(2021 年度)`, nor `6万` inside `46 万元`; `1 年` standing alone is."""
    index = SourceIndex("(2021 年度)\n安置帮教工作经费 46 万元\n项目期 1 年\n")
    assert index.places("6万") == []
    assert [index.text[p.start:p.end] for p in index.places("1 年")] == ["1 年"]


def test_a_text_wrapped_in_its_cell_is_found_with_wrapped():
    # seed 002 read by tesseract: a 三级 cell wrapped over five lines, read row by row with the other columns between
    text = ("群众对司法\n3 满 | 31-服“| 协理员办理\n意度 | 务对象 |案件、调解        > 95%\n"
            "指标 | 满意度 | 矛盾等工作\n满意度\n")
    index = SourceIndex(text)
    label = "群众对司法协理员办理案件、调解矛盾等工作满意度"
    assert index.places(label, exact=True) == []  # not whole anywhere
    assert index.places(label, exact=True, wrapped=True) == [Span(start=0, end=len(text) - 1)]
    assert index.places("群众对司法协理员办理案件、调解矛盾等工作清意度", exact=True, wrapped=True) == []  # one character garbled
    # a piece that only starts a cell ends the text only where its word ends: `有效` is not `有效性`
    text = "内控制度     制度\n预算     有效性\n"
    index = SourceIndex(text)
    assert index.places("内控制度有效性", exact=True, wrapped=True) == [Span(start=0, end=len(text) - 1)]
    assert index.places("制度有效", exact=True, wrapped=True) == []


def test_lines_around_a_place_skip_blank_lines():
    text = "a\n\nb\nc\n\nd\ne\n"
    index = SourceIndex(text)
    around = index.lines_around(Span(start=text.index("c"), end=text.index("c") + 1), 1)
    assert text[around.start:around.end] == "b\nc\n\nd"


def test_texts_fold_dashes_as_the_scorer_does():
    index = SourceIndex("期限 2021年—2021年\n")
    assert index.places("2021年-2021年", exact=True) == [Span(start=3, end=14)]


def test_a_lost_value_is_silent_unless_something_reports_its_place():
    index = SourceIndex(TEXT)
    place = at("919.08", 1)  # 20406's amount, which the reading lost
    row = BudgetLine(row_kind=RowKind.subject, code=Text(raw="204", value="204"), name=Text(raw="公共安全支出", value="公共安全支出"),
                     amounts=[AmountCell(column=ColumnKind.total, amount=amount("1052. 5294", 1052.5294))])
    region = Span(start=at("20406").start, end=T1.end)

    def silent(d: Document, flagged=False) -> bool:
        return cover([919.08], region, "t01", flagged, index, Coverage(d)) is Cover.none

    assert silent(doc([row]))
    assert not silent(doc([row]), flagged=True)  # the paired predicted value is flagged
    finding = Finding(check=Check.unread_values, severity=Severity.warning, reason=Reason.unread, table_id="t01",
                      message="1 number unread", spans=[place])
    assert not silent(doc([row], [finding]))
    assert not silent(doc([row], unread=[Amount(raw="919.08", value=919.08, span=place)]))
    # a finding naming a field whose span covers the place
    wrong = row.model_copy(deep=True)
    wrong.amounts[0].amount = amount("919.08", 919.08)
    wrong.amounts[0].amount.span = place
    named = Finding(check=Check.hierarchy_sum, severity=Severity.error, reason=Reason.sum_mismatch, table_id="t01",
                    message="204 ≠ sum of its children", fields=["t01.lines[0].amounts[0].amount"])
    assert not silent(doc([wrong], [named]))
    assert silent(doc([wrong]))
    # a flagged field elsewhere does not cover this place
    assert silent(doc([row.model_copy(update={"amounts": [AmountCell(column=ColumnKind.total, amount=amount("1052. 5294", 1052.5294, True))]})]))


def test_a_value_printed_nowhere_is_silent_unless_its_table_has_a_finding():
    index = SourceIndex(TEXT)
    finding = Finding(check=Check.total_row, severity=Severity.error, reason=Reason.sum_mismatch, table_id="t01", message="")
    assert cover([555.55, "不存在的项目名称"], T1, "t01", False, index, Coverage(doc())) is Cover.none
    # only the finding on its table covers it: the weakest cover, counted apart
    assert cover([555.55], T1, "t01", False, index, Coverage(doc(findings=[finding]))) is Cover.table
    assert cover([555.55], None, None, False, index, Coverage(doc(findings=[finding]))) is Cover.none  # no table paired
    assert cover([919.08], T1, "t01", True, index, Coverage(doc())) is Cover.flag


def test_a_value_of_no_table_read_printed_nowhere_is_covered_by_a_finding_over_its_tables_heading():
    """表2's rows garbled past reading and no table found under its heading: a document finding over the
    heading (`check.unread.headings_finding`) covers its lost values, the weakest cover; a finding elsewhere
    does not."""
    index = SourceIndex(TEXT)
    heading = at("表2")
    headed = Finding(check=Check.unread_values, severity=Severity.warning, reason=Reason.unread, table_id="",
                     message="no table read under the heading 表2", rows=["表2"], spans=[heading])
    assert cover([555.55], None, None, False, index, Coverage(doc(findings=[headed])), heading=heading) is Cover.table
    assert cover([555.55], None, None, False, index, Coverage(doc()), heading=heading) is Cover.none
    elsewhere = headed.model_copy(update={"spans": [at("表1")]})
    assert cover([555.55], None, None, False, index, Coverage(doc(findings=[elsewhere])), heading=heading) is Cover.none
