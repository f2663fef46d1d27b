import pytest

from extractor.models import Operator
from extractor.numbers import calendar_date, glyph_operator, parse_amount, parse_indicator_value, parse_money, row_number_runs


@pytest.mark.parametrize(
    "raw, value, decimals, repaired",
    [
        ("1477.109400", 1477.1094, 6, False),
        ("197. 920000", 197.92, 6, True),  # space after the decimal point (seed 000 表1)
        ("1477.， 109400", 1477.1094, 6, True),  # a speck read as a comma beside the point (seed 000 表1, Sans Mono 170)
        ("31,214,205.80", 31214205.80, 2, False),
        ("1.748,327.00", 1748327.00, 2, True),  # separators read as '.'
        ("1748,327.00", 1748327.00, 2, True),
        ("877.080.00", 877080.00, 2, True),
        ("91, 016, 775. 35", 91016775.35, 2, True),
        ("”1;666;600.00", 1666600.00, 2, True),
        ("1 696, 828", 1696828, 0, True),
        ("１２３．５", 123.5, 1, False),  # full-width digits
        ("-48.85", -48.85, 2, False),
        ("0.00", 0.0, 2, False),
    ],
)
def test_amount_repairs(raw, value, decimals, repaired):
    parsed = parse_amount(raw)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.decimals == decimals
    assert parsed.repaired is repaired
    assert not parsed.ambiguous


def test_percent_cell():
    parsed = parse_amount("22.20%")
    assert parsed.value == pytest.approx(22.2) and parsed.percent


@pytest.mark.parametrize("raw", ["", "abc", "合计", "2021年", "12 34", ".", "1-2"])
def test_not_a_number(raw):
    assert parse_amount(raw) is None


def test_decimal_comma_keeps_both_readings():
    # seed 002 社区矫正工作经费: 项目年度金额 2,8505 means 2.8505 万元
    parsed = parse_amount("2,8505", "万元")
    assert parsed.value == pytest.approx(2.8505)
    assert parsed.ambiguous and parsed.repaired
    assert [r.value for r in parsed.alternatives] == pytest.approx([2.8505, 28505])


def test_implausible_thousands_in_wanyuan_read_as_decimal():
    # seed 002 单位实有资金: 62,905,469 万元 would be 629 亿; its cost indicator says 629054.69 元
    parsed = parse_amount("62,905,469", "万元")
    assert parsed.value == pytest.approx(62.905469)
    assert parsed.ambiguous
    assert 62905469 in [r.value for r in parsed.alternatives]
    # the same digits in a table in 元 are an ordinary number
    assert parse_amount("62,905,469", "元").value == 62905469
    assert not parse_amount("62,905,469", "元").ambiguous


@pytest.mark.parametrize(
    "raw, op, number, unit",
    [
        ("》=10场次", Operator.ge, 10, "场次"),
        ("≥ 95 %", Operator.ge, 95, "%"),
        ("95%%", None, 95, "%"),
        ("=1家公司", Operator.eq, 1, "家公司"),
        ("≤250000元", Operator.le, 250000, "元"),
        ("$\\geq 300/件$", Operator.ge, 300, "件"),
        ("$\\geq 98\\%$", Operator.ge, 98, "%"),
        ("$\\1eq2\\%$", Operator.le, 2, "%"),  # seed 002 prints LaTeX; PP-OCR reads its l as 1
        ("≥80百分比", Operator.ge, 80, "%"),
        ("= 1500 元/人/月", Operator.eq, 1500, "元/人/月"),
        ("> 60万元", Operator.gt, 60, "万元"),
        (">28505", Operator.gt, 28505, None),
    ],
)
def test_indicator_values(raw, op, number, unit):
    parsed = parse_indicator_value(raw)
    assert (parsed.operator, parsed.number, parsed.unit) == (op, number, unit)
    assert parsed.text is None


def test_indicator_text_and_range():
    assert parse_indicator_value("长期").text == "长期"
    textual = parse_indicator_value("=较高")
    assert textual.operator is Operator.eq and textual.text == "较高" and textual.number is None
    ranged = parse_indicator_value("每次 10000-30000 元")
    assert (ranged.operator, ranged.number, ranged.number_high, ranged.unit) == (Operator.range, 10000, 30000, "元")


def test_indicator_decimal_comma_is_flagged():
    parsed = parse_indicator_value("=629054,69元")
    assert parsed.number == pytest.approx(629054.69) and parsed.unit == "元"
    assert parsed.ambiguous


@pytest.mark.parametrize(
    "raw, op, number, unit",
    [
        ("》=-10场次", Operator.ge, 10, "场次"),  # the dash is ≥'s lower bar, not a sign
        ("》-80", Operator.ge, 80, None),
        ("≧90%", Operator.ge, 90, "%"),
        (">=95%", Operator.ge, 95, "%"),
        ("《=5天", Operator.le, 5, "天"),
    ],
)
def test_indicator_operators_as_printed_and_ocred(raw, op, number, unit):
    parsed = parse_indicator_value(raw)
    assert (parsed.operator, parsed.number, parsed.unit) == (op, number, unit)
    assert not parsed.ambiguous


@pytest.mark.parametrize(
    "raw, op, number, unit",
    [
        ("二90%", Operator.ge, 90, "%"),  # tesseract's ≥ before a number
        ("三95%", Operator.ge, 95, "%"),
        (">80百分", Operator.ge, 80, "%"),  # `>80百分` + `比` wrapped onto the next line
        ("<loo人", Operator.le, 100, "人"),
        ("-12个月", Operator.eq, 12, "个月"),
        ("》=-9ox", Operator.ge, 90, "%"),
        ("99X", None, 99, "%"),
        ("385百分", Operator.ge, 85, "%"),  # no rate exceeds 100%: the 3 is ≥
    ],
)
def test_ocr_forms_of_operators_are_read_as_guesses(raw, op, number, unit):
    parsed = parse_indicator_value(raw, ocr=True)
    assert (parsed.operator, parsed.number, parsed.unit) == (op, number, unit)
    assert parsed.ambiguous  # what the print shows may be what it means: flagged
    # outside OCR text the print is taken as it stands
    assert parse_indicator_value(raw) != parsed


@pytest.mark.parametrize("raw, ocr, op, number", [
    (">>95百分比", True, Operator.ge, 95),  # (Noto Serif 150 dpi, tesseract: ≥ read as two marks)
    (">>95百分比", False, Operator.gt, 95),
    ("》≥95%", False, Operator.ge, 95),
    ("==5", False, Operator.eq, 5),
])
def test_two_operator_marks_before_a_figure_read_the_one_beside_it_in_doubt(raw, ocr, op, number):
    """No value prints two operators: the figure is read, never left in a text, and doubted."""
    parsed = parse_indicator_value(raw, ocr=ocr)
    assert (parsed.operator, parsed.number, parsed.text) == (op, number, None)
    assert parsed.ambiguous


def test_ocr_reading_leaves_text_values_alone():
    assert parse_indicator_value("一年", ocr=True).text == "一年"
    assert parse_indicator_value("-有效提高", ocr=True).text == "有效提高"
    assert not parse_indicator_value("=100%", ocr=True).ambiguous  # (`=95%` is a bound's lost stroke: below)


@pytest.mark.parametrize("raw, unit, value", [
    ("10000万元", "万元", 10000), ("250万", "万元", 250), ("24 万元", "元", 240000), ("20.00", "万元", 20),
])
def test_amounts_printed_with_their_own_unit_are_read_in_the_tables(raw, unit, value):
    assert parse_money(raw, unit).value == value


def test_a_leading_zero_read_as_a_letter_is_repaired():
    parsed = parse_amount("o.288161", "万元")
    assert parsed.value == 0.288161 and parsed.repaired
    assert parse_amount("o", "万元") is None


def test_an_equals_before_a_rate_short_of_its_bounds_is_read_as_at_least_and_doubted():
    """Seed 002 read back prints `≥95%` as `=95%` (the upper stroke lost): in OCR text a rate strictly
    between 0% and 100% after `=` is a bound, read as ≥ and ambiguous; `=100%`, `=0%` and other units
    are read as printed, and clean text is never guessed at."""
    for raw, op, number in (("=95%", Operator.ge, 95), ("= 99 %", Operator.ge, 99), ("=90百分比", Operator.ge, 90)):
        parsed = parse_indicator_value(raw, ocr=True)
        assert (parsed.operator, parsed.number, parsed.unit, parsed.ambiguous) == (op, number, "%", True)
    for raw in ("=100%", "=0%", "=12个月"):
        parsed = parse_indicator_value(raw, ocr=True)
        assert parsed.operator is Operator.eq and not parsed.ambiguous
    assert parse_indicator_value("=95%").operator is Operator.eq


def test_a_character_where_the_operator_stands_is_never_a_plain_text():
    """Seed 003 printed in a serif face and read back: `≥` comes out `过` / `盖`, `≤` `和`. Such a
    value, in any text, is its figure and unit with no operator, in doubt; a qualifier the value
    vocabulary knows (约, 达, 共) is a word of the value, read as printed, and so is a phrase."""
    for raw, glyph, number, unit in (("过80百分比", "过", 80, "%"), ("盖90百分比", "盖", 90, "%"),
                                     ("和 10 人", "和", 10, "人"), ("之300", "之", 300, None)):
        for ocr in (False, True):
            parsed = parse_indicator_value(raw, ocr=ocr)
            assert (parsed.operator, parsed.number, parsed.unit, parsed.ambiguous) == (None, number, unit, True)
        assert glyph_operator(raw) == glyph
    for raw in ("约100人", "达95%", "共3次", "和谐稳定", "≥80%", "80%"):
        assert glyph_operator(raw) is None
        assert not parse_indicator_value(raw).ambiguous
    assert parse_indicator_value("约100人").text == "约100人"
    # the OCR's own repairs still apply to the figure after the glyph (`o` for 0)
    assert parse_indicator_value("过8o百分比", ocr=True).number == 80


def test_two_characters_glued_where_the_operator_stands_leave_the_value_in_doubt():
    """Seed 003 printed in Noto Sans 150 dpi and read back: `≤100百分比` came out `和用100百分比`, in a
    one-cell-per-line tree with no other OCR mark. Two characters glued before a figure that are no
    value words (达到95%, 每月2次) leave the value as printed, in doubt, in any text."""
    for ocr in (False, True):
        parsed = parse_indicator_value("和用100百分比", ocr=ocr)
        assert (parsed.text, parsed.ambiguous) == ("和用100百分比", True)
    for raw in ("达到95%", "增加30%", "每月2次", "每次 10000-30000 元", "原先基础上增加30%", "不少于5天"):
        assert not parse_indicator_value(raw, ocr=True).ambiguous, raw


def test_a_percent_sign_read_with_a_digit_of_its_strokes_is_the_percent_in_doubt():
    """A serif face's `%` read back by tesseract (eval/dev-scans-serif): `9%`, `%6`, `96`. In OCR
    text a digit after the % is dropped, `96` closing a rate's figure is its %, and a 9 before the %
    that takes a rate over 100% is dropped; each reading is ambiguous. Clean text is read as printed."""
    for raw, op, number in (("》=959%", Operator.ge, 95), ("》=95%6", Operator.ge, 95), ("》=959%4", Operator.ge, 95),
                            ("9596", None, 95), ("10096", None, 100), ("1009%4", None, 100), ("259%0", None, 25)):
        parsed = parse_indicator_value(raw, ocr=True)
        assert (parsed.operator, parsed.number, parsed.unit, parsed.ambiguous) == (op, number, "%", True), raw
    for raw, number in (("99%", 99), ("150%", 150), ("95%", 95)):
        parsed = parse_indicator_value(raw, ocr=True)
        assert (parsed.number, parsed.ambiguous) == (number, False)
    assert parse_indicator_value("9596").number == 9596
    assert parse_indicator_value("196", ocr=True).number == 196  # a count: a rate's figure has two digits or three


def test_latex_operators_as_tesseract_reads_them_off_a_print():
    """Seed 002 prints `$\\geq 98\\%$`; read back in a serif face its `$\\` is `S\\`, `SN` or `SA`
    and `geq` may end in `d`."""
    for raw, op, number, unit in (("S\\ged 300/件$", Operator.ge, 300, "件"), ("SNgeq 85\\%$", Operator.ge, 85, "%"),
                                  ("SNleqd 2%", Operator.le, 2, "%")):
        parsed = parse_indicator_value(raw, ocr=True)
        assert (parsed.operator, parsed.number, parsed.unit) == (op, number, unit)
    assert (parse_indicator_value("\\ged 中专").operator, parse_indicator_value("\\ged 中专").text) == (Operator.ge, "中专")
    assert parse_indicator_value("Seq 5").operator is None


def test_a_bracket_where_a_figure_prints_its_one_is_the_one_in_doubt():
    """Seeds 000 and 002 printed in a serif face and read back: `91.]万`, `>2881.6]元`, `=]处`. No text
    prints a bracket inside a figure nor a digit after its %, so these are read, as ambiguous, in any text."""
    for raw, op, number, unit in (("91.]万", None, 91.1, "万"), ("=]处", Operator.eq, 1, "处"), ("95%6", None, 95, "%")):
        parsed = parse_indicator_value(raw)
        assert (parsed.operator, parsed.number, parsed.unit, parsed.ambiguous) == (op, number, unit, True)
    assert parse_indicator_value(">2881.6]元", ocr=True).number == 2881.61
    assert not parse_indicator_value("≥95%").ambiguous


def test_a_percentage_with_a_third_decimal_9_is_in_doubt_with_the_reading_without_it():
    """Seed 000's 表3 printed in Noto Serif CJK at 150 dpi and read back by tesseract: `120.16%` came out
    `120.169%` (the % as `9%`). Tables print percentages to two decimals: the figure is doubted, and the
    reading without the 9 is offered; two decimals, or a third that is no 9, are read as printed."""
    parsed = parse_amount("120.169%")
    assert parsed.percent and parsed.ambiguous and parsed.value == 120.169
    assert [r.value for r in parsed.alternatives] == [120.169, 120.16]
    assert not parse_amount("77.81%").ambiguous and not parse_amount("77.815%").ambiguous


def test_numbers_a_space_apart_after_their_decimals_are_two_not_one_repaired():
    """Seed 000's 表3 with its cells joined by single spaces (`221 住房保障支出 89.900000 197.920000 …`): a space
    after a number's decimals parts two numbers, never thousands groups. `89.900000 197.920000` was read as one
    number, 89900000197.92, `number_repaired` (a certain repair, unflagged); it is no number (the account reads
    the two apart, unread and flagged). Thousands groups a space parts still join (`1 696,828`, `12 345`)."""
    assert parse_amount("89.900000 197.920000") is None
    assert parse_amount("89.900000 197.920000 197.920000 108.02 120.16%") is None
    assert parse_amount("1 696,828").value == 1696828 and parse_amount("12 345").value == 12345
    assert parse_amount("197. 920000").value == 197.92


def test_a_million_in_spaced_thousands_groups_is_one_number():
    """`1 234 567.89` (a space as the thousands separator, as some counties' PDFs print it): every group a space
    parts joins, not only the last (the first space, before `234 `, was left and the number lost)."""
    assert parse_amount("1 234 567.89").value == 1234567.89
    assert parse_amount("1 234 567").value == 1234567
    assert parse_amount("1234 567.89") is None  # a first group of four digits: two numbers, not groups


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("raw, op, text", [
    ("2025年11月底前", None, "2025年11月底前"),  # 完成时间 as county forms print it
    ("2025年12月", None, "2025年12月"),
    ("2025年底", None, "2025年底"),
    ("12月底前", None, "12月底前"),
    ("6月30日", None, "6月30日"),
    ("≤2025年12月31日", Operator.le, "2025年12月31日"),
    ("《=2025年12月31日", Operator.le, "2025年12月31日"),  # the operator normalised as any value's
    ("2025 年 12 月", None, "2025 年 12 月"),  # an OCR's spaced read
    ("2O25年12月", None, "2O25年12月"),  # an OCR's O for the year's 0
    ("2021年-2022年", None, "2021年-2022年"),
    ("2025.12.31", None, "2025.12.31"),
])
def test_a_date_or_time_limit_is_text_never_a_quantity(raw, op, text, ocr):
    """A calendar date (a year 19xx/20xx before 年 and a month or part of the year, a month before its day or
    part of it) is read as text, its operator split off: `2025年11月底前` is no 2025 of unit `年11月底前`."""
    parsed = parse_indicator_value(raw, ocr=ocr)
    assert (parsed.operator, parsed.number, parsed.unit, parsed.text) == (op, None, None, text)
    assert calendar_date(raw)


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("raw, op, number, unit", [
    ("1年", None, 1, "年"),
    ("2年", None, 2, "年"),
    ("≤3个月", Operator.le, 3, "个月"),
    ("12个月", None, 12, "个月"),
    ("=12个月", Operator.eq, 12, "个月"),
    ("30日", None, 30, "日"),
    ("≤15天", Operator.le, 15, "天"),
    ("12月", None, 12, "月"),  # a month with no day nor part of it: a count as much as a date
    ("5年以上", None, 5, "年以上"),
    ("2000年以上", None, 2000, "年以上"),  # 以上 is no part of a year
])
def test_a_duration_stays_a_quantity(raw, op, number, unit, ocr):
    """A duration or count of years, months or days prints no date's shape: its figure is read."""
    parsed = parse_indicator_value(raw, ocr=ocr)
    assert (parsed.operator, parsed.number, parsed.unit, parsed.text) == (op, number, unit, None)
    assert not calendar_date(raw)


@pytest.mark.parametrize("raw", [
    "2025年1-12月", "2025 年 1~6 月", "2025年4季度", "2025年三季度", "2025年第四季度", "2025年全年", "2025年年底",
    "2025年秋季", "2025年汛期前", "2025年以前", "2025年l2月", "12月31曰", "2O25.12.31",  # (OCR's l, 曰, O)
    "2025年上半年", "6月上报", "l2月31日",
])
def test_a_year_before_a_span_of_months_or_a_season_is_a_date(raw):
    """A year 19xx/20xx before 年 and a span of months, a quarter or a season is a time limit, text: each was read
    as 2025 of unit `年1-12月` / `年第四季度`, a quantity, unflagged."""
    parsed = parse_indicator_value(raw)
    assert (parsed.number, parsed.unit, parsed.text) == (None, None, raw)
    assert calendar_date(raw)


@pytest.mark.parametrize("ocr", [False, True])
@pytest.mark.parametrize("raw", ["2025牟12月", "2025午12月底前", "2O25仵l2月", "≤2024车6月"])
def test_a_year_whose_nian_the_ocr_misread_before_a_month_is_a_date_in_doubt(raw, ocr):
    """`2025牟12月`: a year 19xx/20xx, one character and a month is a date whose 年 the OCR read as another
    character (牟, 午, 仵, 车): no unit stands between a figure and a month. Text as printed, in doubt; it was
    2025 of unit `牟12月`, unflagged."""
    parsed = parse_indicator_value(raw, ocr=ocr)
    assert (parsed.number, parsed.unit, parsed.ambiguous) == (None, None, True)
    assert raw.endswith(parsed.text) and calendar_date(raw) and calendar_date(parsed.text, whole=True)


@pytest.mark.parametrize("raw, number, unit", [("2025台", 2025, "台"), ("≥2000人次", 2000, "人次"),
                                               ("2025元/12月", 2025, "元/12月")])
def test_a_figure_and_its_unit_is_no_misread_date(raw, number, unit):
    """A count of 台 or 人次 is no year: no month follows its unit."""
    parsed = parse_indicator_value(raw)
    assert (parsed.number, parsed.unit, parsed.ambiguous) == (number, unit, False)
    assert not calendar_date(raw)


def test_a_date_read_whole_is_not_in_doubt():
    assert parse_indicator_value("2025年12月").ambiguous is False


@pytest.mark.parametrize("raw", ["2025年12月", "2025年12月31日", "2025年底前", "2025年1-12月", "2025年全年",
                                 "2025年第四季度", "2025.12.31", "12月底前", "2021年-2022年",
                                 "2O25年l2月", "2025年12月31曰", "2o21年12月",  # (OCR's O, l, 曰, o)
                                 "2025年13月", "2025年12月底前"])  # (a month the OCR misread is the date's yet)
def test_a_whole_cell_of_a_date_is_a_whole_date(raw):
    """`calendar_date(whole=True)`: a 完成时限 cell that prints a date and nothing else, in every shape the date
    searched in a value has, with the same OCR forms."""
    assert calendar_date(raw, whole=True) and calendar_date(raw)


@pytest.mark.parametrize("raw", ["100% 2025年12月", "长期 2021年12月", "2025年12月 计划标准", "2021年12", "12月",
                                 "≥1200公里", "2025年", "30日"])
def test_a_date_among_other_words_or_cut_short_is_no_whole_date(raw):
    """A date after a value or before a 依据 (glued cells), a date cut short, a month or a year alone: no whole
    date, though a value may print one among its words."""
    assert not calendar_date(raw, whole=True)


def test_an_indicator_value_read_once_is_shared():
    """parse_indicator_value is cached (its result read, never mutated, by callers): the same text is read once."""
    assert parse_indicator_value("≥95%") is parse_indicator_value("≥95%")


def test_row_numbers_run_on_by_one_down_the_rows():
    """A 收入支出决算总表's rows, each row's plain integers as (number, key, no column), in a text that keeps no
    columns: income 1 … 4 and expenditure 21 … 24 run on (a row without integers, a wrapped name, breaks no
    run); a lone 5 beside them and two rows' 7, 8 do not, unless the header prints 行次 (two rows then run)."""
    rows = [[(1, 10), (21, 11)], [(2, 20), (22, 21), (5, 22)], [], [(3, 30), (23, 31)], [(4, 40), (24, 41)],
            [(7, 50)], [(8, 60)]]
    rows = [[(n, key, None) for n, key in row] for row in rows]
    assert row_number_runs(rows, headed=False) == {10, 11, 20, 21, 30, 31, 40, 41}
    assert row_number_runs(rows, headed=True) == {10, 11, 20, 21, 30, 31, 40, 41, 50, 60}
    assert row_number_runs([[(1, 1, None)], [(2, 2, None)]], headed=False) == set()


# The rows of a 收入支出决算总表 (/tmp/rv/sm_d_tab.txt, trimmed): 行次 1 … 6 in cell 1 and 32 … 37 in cell 4,
# whole amounts 3 and 4 (上级补助收入, 事业收入) in cell 2 beside 行次 4 and 5: (number, key, (cell, cell + 1)).
_WHOLE_AMOUNTS = [[(1, 10, 1), (32, 14, 4)], [(2, 20, 1), (33, 24, 4)], [(3, 30, 1), (34, 34, 4)],
                  [(4, 40, 1), (3, 42, 2), (35, 44, 4)], [(5, 50, 1), (4, 52, 2), (36, 54, 4)],
                  [(6, 60, 1), (37, 64, 4)]]
_ROW_NUMBERS = {10, 20, 30, 40, 50, 60, 14, 24, 34, 44, 54, 64}


@pytest.mark.parametrize("columns", [True, False])
def test_whole_amounts_running_on_beside_the_row_numbers_are_amounts(columns):
    """The amounts 3, 4 run on by one over two rows under a 行次 heading, but are no row numbers: they stand
    in a column of their own (where the layout keeps columns), a longer run crosses their rows, and their rows
    have their row numbers (4, 5), whose values a longer run took (where it keeps none). They were taken."""
    rows = [[(n, key, (cell, cell + 1) if columns else None) for n, key, cell in row] for row in _WHOLE_AMOUNTS]
    assert row_number_runs(rows, headed=True) == _ROW_NUMBERS
    if columns:  # under the headings' columns only
        assert row_number_runs(rows, headed=True, heads=[(1, 2)]) == {10, 20, 30, 40, 50, 60}


def test_a_run_of_amounts_beside_a_longer_run_of_row_numbers_is_no_row_number():
    """In a text without columns whole amounts 3, 4, 5 beside 行次 4, 5, 6 run on over three rows: their rows
    have their row numbers and their values are a longer run's, so they are amounts; the other side's 32 …
    37 on the same rows are row numbers of their own."""
    rows = [[(n, key, None) for n, key in row] for row in
            [[(1, 10), (32, 11)], [(2, 20), (33, 21)], [(3, 30), (34, 31)], [(4, 40), (3, 41), (35, 42)],
             [(5, 50), (4, 51), (36, 52)], [(6, 60), (5, 61), (37, 62)]]]
    assert row_number_runs(rows, headed=False) == {10, 20, 30, 40, 50, 60, 11, 21, 31, 42, 52, 62}


@pytest.mark.parametrize("raw, unit", [("≤18/10万", "/10万"), ("≤ 18 /10万", "/10万"), ("≥1/万人", "/万人"),
                                       ("≤1.98万元", "万元")])
def test_a_rate_per_a_base_count_keeps_its_slash(raw, unit):
    """`≤18/10万` is 18 per 100,000: its unit read whole, never `10万` (which reads as 180,000)."""
    parsed = parse_indicator_value(raw)
    assert (parsed.number, parsed.unit) == (float(raw.strip("≤≥ ").split("/")[0].rstrip("万元 ")), unit)
