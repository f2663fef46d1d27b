"""Fields the project tables of one document print alike, settled across it (OCR text)."""

from pathlib import Path

from extractor.api import extract_file, extract_source
from extractor.extract.rules.consensus import _Normed, _pairs
from extractor.ingest import SourceText
from extractor.models import DepartmentTable, ProjectTable, Reason
from extractor.pairing import norm_text

SCANS = Path(__file__).parent.parent / "eval" / "dev-scans" / "ocr"


def _projects(name: str, scans: Path = SCANS) -> list:
    doc = extract_file(scans / name).doc
    return [t.project for t in doc.tables if isinstance(t, ProjectTable)]


def test_damaged_readings_take_the_value_the_document_prints_alike():
    """Seed 000 read by tesseract: 中宁县司法局本级 on every project table, OCR'd as `局本级`, `二不呈` … on some."""
    projects = _projects("000_83af6fe4b24abd13.ocr.txt")
    units = [p.implementing_unit for p in projects if p.implementing_unit is not None]
    assert sum(u.value == "中宁县司法局本级" for u in units) >= 10
    repaired = [u for u in units if u.raw and u.raw != u.value and u.value == "中宁县司法局本级"]
    assert repaired and all(u.flagged or u.reasons for u in repaired)
    assert all(Reason.text_repaired in u.reasons or Reason.column_inferred in u.reasons for u in repaired)


def test_one_read_as_a_dash_is_repaired():
    projects = _projects("000_83af6fe4b24abd13.ocr.txt")
    attributes = {p.project_attribute.value for p in projects if p.project_attribute}
    assert "一年期项目" in attributes and "-年期项目" not in attributes


def test_a_page_with_clean_labels_is_repaired_in_a_document_the_ocr_damaged():
    """Seed 002 read by tesseract: one page whose labels came out whole prints 223 吴忠市… for the
    223-吴忠市… of every other page; the same OCR read it, so it takes the agreed value, flagged."""
    departments = [p.department for p in _projects("002_669bc3487e5a13e4.ocr.txt") if p.department is not None]
    assert not any(d.value.startswith("223 ") for d in departments)
    repaired = [d for d in departments if d.raw and d.raw.startswith("223 吴忠市")]
    assert repaired and all(d.value == "223-吴忠市红寺堡区司法局" and Reason.text_repaired in d.reasons for d in repaired)


def test_clean_text_is_never_repaired_from_its_neighbours():
    """Seed 001 prints `1 年` twice and `1 年期` once: two printed values, not a damaged one."""
    seeds = Path(__file__).parent.parent / "examples" / "seeds"
    doc = extract_file(seeds / "001_9e7f8505a7e25c9c.txt").doc
    periods = [t.project.period for t in doc.tables if isinstance(t, ProjectTable)]
    assert [p.value for p in periods] == ["1 年", "1 年", "1 年期"]
    assert not any(p.reasons for p in periods)


def test_header_texts_of_a_damaged_page_are_doubted_unless_the_document_confirms_them():
    """Seed 002 read by tesseract prints 项目年度金额 as `项目年度爹客`: the names of the pages whose
    labels came out damaged are read with doubt; a clean text's names never are."""
    projects = _projects("002_669bc3487e5a13e4.ocr.txt")
    names = [p.project_name for p in projects if p.project_name is not None]
    assert sum(bool(n.reasons) for n in names) >= len(names) * 3 // 4  # pages whose labels came out damaged
    assert {Reason.ocr_doubt} <= {r for n in names for r in n.reasons}
    seeds = Path(__file__).parent.parent / "examples" / "seeds"
    clean = extract_file(seeds / "002_669bc3487e5a13e4.txt").doc
    assert not any(Reason.ocr_doubt in t.project.project_name.reasons for t in clean.tables if isinstance(t, ProjectTable))


def test_indicator_words_of_a_damaged_page_are_doubted_unless_printed_alike_elsewhere():
    """Seed 002 read by tesseract: a 三级 such as `妆体妈上引 社会` exists once in the document and is
    flagged; 持续增强, printed on many pages and read alike, is not; the clean seed is never doubted."""
    path = SCANS / "002_669bc3487e5a13e4.ocr.txt"
    text = "".join(path.read_text(encoding="utf-8").split())
    levels = [i.level3 for p in _projects(path.name) for i in p.indicators if i.level3 is not None]
    doubted = [t for t in levels if Reason.ocr_doubt in t.reasons]
    assert len(doubted) >= 20 and all(text.count("".join(t.raw.split())) < 2 for t in doubted)
    values = [i.value for p in _projects(path.name) for i in p.indicators if i.value is not None and i.value.raw == "持续增强"]
    assert values and not any(Reason.ocr_doubt in v.reasons for v in values)
    seeds = Path(__file__).parent.parent / "examples" / "seeds"
    clean = extract_file(seeds / "002_669bc3487e5a13e4.txt").doc
    assert not any(Reason.ocr_doubt in i.level3.reasons for t in clean.tables if isinstance(t, ProjectTable)
                   for i in t.project.indicators)


def test_a_department_table_of_a_damaged_document_is_doubted_where_it_looks_invented():
    """Seed 000 read by tesseract prints its department as `【o10001】中宁县司法局本级` (o for 0):
    character pairs the document prints nowhere else, flagged; the clean seed's never is."""
    def department(doc):
        return next(t for t in doc.tables if isinstance(t, DepartmentTable)).department.department

    scanned = department(extract_file(SCANS / "000_83af6fe4b24abd13.ocr.txt").doc)
    assert "o10001" in scanned.raw and Reason.ocr_doubt in scanned.reasons
    seeds = Path(__file__).parent.parent / "examples" / "seeds"
    assert not department(extract_file(seeds / "000_83af6fe4b24abd13.txt").doc).reasons


DATA = Path(__file__).parent / "data" / "projects"


def test_clean_page_text_keeps_every_value_as_printed():
    """Space-aligned but clean forms (labels printed whole): two units, attributes and periods that
    differ are two values, never repaired into one, and a title naming the unit and year
    (XX市教育局2023年项目支出绩效目标表) names no project (the review of issue 17)."""
    for name in ("spaced_two.txt", "consensus_spaced.txt"):
        projects = _projects_in(DATA / name)
        assert all(not f.reasons for p in projects for f in (p.project_name, p.department, p.implementing_unit,
                                                               p.project_attribute, p.period) if f is not None)
    projects = _projects_in(DATA / "consensus_spaced.txt")
    assert len({p.implementing_unit.value for p in projects}) > 1 and len({p.project_attribute.value for p in projects}) > 1
    assert [p.project_name.value for p in _projects_in(DATA / "spaced_two.txt")] == ["学生资助经费", "校舍维修经费"]


def _projects_in(path: Path) -> list:
    doc = extract_file(path).doc
    return [t.project for t in doc.tables if isinstance(t, ProjectTable)]


def test_a_short_value_and_the_same_with_more_are_two_values(tmp_path):
    """Held-out review: page text printing 项目期 `1 年` twice and `1 年期` once (labels damaged, so the
    consensus runs) keeps all three as printed: `1 年期` is no damaged `1 年`, nor does it make them doubtful."""
    block = ("项目支出绩效目标表\n单位：万元\n项日名杯    {name}\n主管部门    平罗县司法局        实施单位    平罗县司法局\n"
             "项目属性    经常性项目          项目期      {period}\n年度资金总额    10.00\n")
    path = tmp_path / "periods.txt"
    path.write_text("".join(block.format(name=n, period=p) for n, p in (
        ("法律援助经费", "1 年"), ("人民调解经费", "1 年"), ("社区矫正经费", "1 年期"))), encoding="utf-8")
    periods = [p.period for p in _projects_in(path)]
    assert [p.value for p in periods] == ["1 年", "1 年", "1 年期"]
    assert Reason.text_repaired not in {r for p in periods for r in p.reasons}


def test_a_value_read_whole_once_anchors_the_readings_cut_from_it():
    """Seed 002 read by tesseract, its 实施单位 readings where the wrapped name is left in pieces
    (`红寺堡区司法局`, `法局本级`, `市红寺堡区司`): the one table printing it on one line is the
    document's value, not the piece read most often; a reading with a speck joined (`部门 223-…`)
    is no whole of the department read alike elsewhere."""
    from extractor.extract.rules.consensus import _anchors
    from extractor.pairing import norm_text

    document = norm_text((SCANS / "002_669bc3487e5a13e4.ocr.txt").read_text(encoding="utf-8"))
    units = ["市红寺堡区司", "22300荆关忠市红寺堡", "2汪汪息客人本", "223001-关中市红寺堡区", "红寺堡区司法局", "法局本级",
             "223001-吴中市红寺堡区司法局本级", "保区司法局本级", "红寺堡区司法局", "红寺堡区司法", "市红寺堡区司",
             "红寺堡区司法局", "最让引证", "市红寺堡区", "寺堡区司", "223001-吴忠市红寺堡区司法局本级", "局本级"]
    assert _anchors(units, document)[0][0] == "223001-吴忠市红寺堡区司法局本级"
    departments = ["223-吴中市红寺堡区司法局", "223-吴中市红寺堡区司法局", "223-吴忠市红寺堡区司法局",
                   "223-吴忠市红寺堡区司法局", "部门 223-吴忠市红寺堡区司法局", "223001-吴忠市"]
    assert "部门 223-吴忠市红寺堡区司法局" not in {a for a, _ in _anchors(departments, document)}
    # Noto Sans 150 dpi: a cut reading read alike in many tables, a character of it misread on the way
    # (`223001-吴中市红寺堡`), is a piece of the whole read twice, not an anchor of its own
    cut = ["223001-吴中市红寺堡"] * 12 + ["223001-吴忠市红寺堡区司法局本级"] * 2
    assert _anchors(cut, document)[0][0] == "223001-吴忠市红寺堡区司法局本级"


def test_a_piece_the_reader_could_not_complete_takes_the_value_the_document_prints_throughout():
    """Seed 000 read by tesseract: one 实施单位 reads `呈 后汪由`, no unit's name (flagged `illegible`
    by the reader), where every other table agrees on 中宁县司法局本级: it is read as that, the
    printing kept in `raw`, flagged `column_inferred`."""
    units = [p.implementing_unit for p in _projects("000_83af6fe4b24abd13.ocr.txt")]
    assert all(u.value == "中宁县司法局本级" for u in units)
    garbled = next(u for u in units if u.raw == "呈 后汪由")
    assert garbled.reasons == [Reason.column_inferred]


def test_a_name_character_the_ocr_changed_is_mended_from_the_documents_own_words():
    """Seed 000 read by tesseract: `放案经费` (办案经费; the document prints 办案 in its indicators), `水电刘`
    in seed 002 (水电费 in its indicators); `入民调解案件补且` becomes 人民调解案件补助, not the 人民调解案件补贴
    another project of the document is named; the printed reading stays in `raw`, flagged. Names read
    whole stay as read."""
    names = {n.raw: n for n in (p.project_name for p in _projects("000_83af6fe4b24abd13.ocr.txt")) if n is not None}
    mended = names["放案经费"]
    assert mended.value == "办案经费" and mended.reasons == [Reason.text_repaired]
    assert names["入民调解案件补且"].value == "人民调解案件补助"
    assert names["人民调解案件补贴"].value == "人民调解案件补贴"
    assert names["刑满释放人员安置帮教经费"].value == "刑满释放人员安置帮教经费"
    water = [p.project_name for p in _projects("002_669bc3487e5a13e4.ocr.txt") if p.project_name.raw == "水电刘"]
    assert [w.value for w in water] == ["水电费"]


def test_a_character_the_ocr_invented_is_mended_from_the_three_characters_or_the_budgets_words():
    """Seed 000 read by tesseract: `…调解员服壬费`: 壬 is printed nowhere else in the document and
    the document never prints 务费, but the classifications' 劳务费 does, beside the document's many
    服务. Seed 002: `法治文化隆地`, where the goal prints 文化阵地 once. `培训基地建设` stays: 地 is one
    of the document's characters, and 基本建设 of the classifications is no evidence against it."""
    names = {p.project_name.raw: p.project_name for p in _projects("000_83af6fe4b24abd13.ocr.txt")}
    fee = next(n for raw, n in names.items() if "服壬费" in raw)
    assert fee.value == "购买专职人民调解员及兼职调解员服务费" and Reason.text_repaired in fee.reasons
    names = {p.project_name.raw: p.project_name for p in _projects("002_669bc3487e5a13e4.ocr.txt")}
    site = next(n for raw, n in names.items() if "隆地" in raw)
    assert "法治文化阵地" in site.value and Reason.text_repaired in site.reasons
    assert next(n for raw, n in names.items() if "培训基地建设" in raw).value.endswith("培训基地建设")


def test_a_word_the_font_steadily_misreads_is_read_as_the_classification_subject_it_is_one_character_from():
    """Seed 002 read by tesseract prints 矫 as 娇 again and again (`社区娇正` five times beside nine
    社区矫正): the document's pairs cannot tell, the subject 2040610 社区矫正 can; 工作经费, one character
    from the subject 工会经费 the document never prints, stays."""
    names = {p.project_name.raw: p.project_name for p in _projects("002_669bc3487e5a13e4.ocr.txt")}
    assert names["社区娇正工作经费"].value == "社区矫正工作经费"
    assert names["聘用社区娇正工作者"].value == "聘用社区矫正工作者"
    assert Reason.text_repaired in names["聘用社区娇正工作者"].reasons
    assert names["法治政府建设工作经费"].value == "法治政府建设工作经费"


def test_a_letter_like_a_digit_in_a_code_takes_the_digit_its_family_prints():
    """Seed 003 read by tesseract: `13030322P004085100` over `O1N`, beside 13030322P00408810001P: the O
    where the document's other 13030322P codes print a digit is 0, flagged; codes of other families stay."""
    codes = {p.project_code.raw: p.project_code for p in _projects("003_1366c6b225da8731.ocr.txt") if p.project_code}
    mended = next(c for raw, c in codes.items() if raw.startswith("13030322P004085100"))
    assert mended.value == "13030322P00408510001N" and Reason.text_repaired in mended.reasons
    assert any(c.value == "13030321NXOVA8LQF7576" for c in codes.values())


def _costed(seq: int, funds: float | None, cost: str) -> ProjectTable:
    """A project table in 万元 whose 项目年度金额 label is printed, read `funds` (None: the OCR lost it),
    with one 成本指标 indicator printed `cost` (seed 002's form: `项目投入总成本 =200000元`)."""
    from extractor.models import Amount, Indicator, IndicatorValue, ProjectPerformance, Text
    from extractor.numbers import parse_indicator_value

    parsed = parse_indicator_value(cost)
    value = IndicatorValue(raw=cost, operator=parsed.operator, number=parsed.number, unit=parsed.unit)
    project = ProjectPerformance(
        project_name=Text(raw=f"项目{seq}", value=f"项目{seq}"),
        funds_total=None if funds is None else Amount(raw=f"{funds:g}", value=funds),
        indicators=[Indicator(level1=Text(raw="产出指标", value="产出指标"), level2=Text(raw="14-成本指标", value="14-成本指标"),
                              level3=Text(raw="项目投入总成本", value="项目投入总成本"), value=value)])
    table = ProjectTable(id=f"t{seq}", kind="project_performance", title="部门项目支出预算绩效目标表", unit="万元",
                         span={"start": 0, "end": 1}, header_end=1, project=project)
    table._labels = frozenset({"project_name", "funds_total"})
    return table


def test_funds_the_ocr_lost_are_read_from_the_cost_indicator_where_the_document_states_them_there():
    """Seed 002 read by tesseract prints 项目年度金额 20 as `人`; its 成本指标 prints 项目投入总成本
    =200000元, as the document's other forms state their year's funds (=250000元 beside 25, 84万元 beside
    84): 20 万元, flagged `column_inferred`. Where the cost indicators state other sums (seed 000: 42万 beside
    10), nothing is inferred."""
    from extractor.extract.rules.consensus import funds_from_cost

    tables = [_costed(1, 25.0, "<250000元"), _costed(2, 84.0, "=84万元"), _costed(3, 9.0, "=90000元"),
              _costed(4, 253.5, "=42966.1元"), _costed(5, None, "=200000元")]
    funds_from_cost(tables)
    lost = tables[-1].project.funds_total
    assert lost.value == 20.0 and lost.raw == "=200000元" and lost.reasons == [Reason.column_inferred]
    others = [_costed(1, 10.0, "42万"), _costed(2, 50.0, "91.1万"), _costed(3, 37.0, "37万"), _costed(4, None, "9万")]
    funds_from_cost(others)
    assert others[-1].project.funds_total is None
    scans = {p.project_name.value: p.funds_total for p in _projects("002_669bc3487e5a13e4.ocr.txt")}
    assert scans["政府购买社会服务参与社区矫正工作项目"].value == 20.0


def test_a_page_whose_labels_read_whole_is_doubted_in_a_document_the_ocr_damaged():
    """Seed 001 read by tesseract: 表 2's labels came out whole (项目 / 名称 stacked, 实施单位, 项目期…) though its
    values did not (`立[店`, `届 县本法`); the same OCR read it, so its indicator words that look
    invented (`扩让和和拓民 群众满意度`, the garbled 二级 glued to the 三级) are doubted, not left unflagged."""
    projects = _projects("001_9e7f8505a7e25c9c.ocr.txt")
    last = projects[1].indicators[-1]
    assert "群众满意度" in last.level3.value and Reason.ocr_doubt in last.level3.reasons


def test_a_form_whose_labels_the_ocr_lost_takes_the_values_its_siblings_print_flagged():
    """Seed 002 read by tesseract: the form of 司法协理员工工资 (自治区提前下达部分) kept none of its 主管部门,
    实施单位 and 项目期 labels, which the document's other forms print with one value each. The values the
    document agrees on are the form's, `column_inferred` (to review): not fields lost without a word."""
    (project,) = [p for p in _projects("002_669bc3487e5a13e4.ocr.txt")
                  if p.project_name is not None and p.project_name.value.startswith("司法协理员工工资")]
    read = {f: getattr(project, f) for f in ("department", "implementing_unit", "period")}
    assert {f: v.value for f, v in read.items()} == {
        "department": "223-吴忠市红寺堡区司法局", "implementing_unit": "223001-吴忠市红寺堡区司法局本级", "period": "1年"}
    assert all(v.reasons == [Reason.column_inferred] and v.flagged for v in read.values())


def test_a_value_word_the_ocr_read_one_character_apart_takes_the_twin_the_document_bears_out():
    """Seed 002 in WenQuanYi Zen Hei Sharp 220 dpi: 持续增强 came out `志续增强` in two forms (printed twice,
    its pairs printed twice: no invention by `_invented`), read whole in a third. A font's steady misreading
    may repeat as often as the word, so readings are not counted: the twin whose changed character the
    document's own words bear out (持续, as 可持续影响 prints it) is the word, the reading repaired to it and
    flagged, the printed text kept; the twin itself stands."""
    path = Path(__file__).parent / "data" / "consensus" / "value-word-misread-sharp220-002.ocr.txt"
    words = {(t.project.project_name.value, i.value.raw): i.value for t in extract_file(path).doc.tables
             if isinstance(t, ProjectTable) for i in t.project.indicators if i.value is not None and i.value.text}
    for key in (("安置帮教经费", "志续增强"), ("法律援助案件补助资金", "志续增强")):
        assert words[key].text == "持续增强" and words[key].reasons == [Reason.text_repaired], key
    assert not words[("基本办案 (业务) 经费", "持续增强")].reasons


def test_a_units_name_takes_the_character_of_its_departments_name_the_document_bears_out():
    """Seed 002 in WenQuanYi Zen Hei Sharp 220 dpi: the font read the 实施单位 `223001-吴中市红寺堡区司法局本级` in
    every form that printed it whole (the consensus agreed on it), beside 主管部门 223-吴忠市红寺堡区司法局 and a
    document that prints 吴忠 three times as often as 吴中. The unit starts with the department's name but for
    that character: it is 吴忠, flagged, the printed reading kept."""
    sharp = SCANS.parent.parent / "dev-scans-sharp220" / "ocr"
    units = [p.implementing_unit for p in _projects("002_669bc3487e5a13e4.ocr.txt", sharp) if p.implementing_unit is not None]
    assert len(units) >= 20 and all(u.value == "223001-吴忠市红寺堡区司法局本级" for u in units)
    assert all(Reason.text_repaired in u.reasons for u in units if "吴中" in u.raw)
    # the reading the repair replaced stays before the reviewer
    assert all([c.value for c in u.candidates] == ["223001-吴中市红寺堡区司法局本级"] for u in units if "吴中" in u.raw)


def test_a_units_character_is_mended_where_the_pairs_it_forms_print_elsewhere():
    """Seed 004 in a monospace face, 180 dpi: a form's 实施单位 read `朝阳县司法高本级` beside its 主管部门 朝阳县司法局;
    the document prints 法局 and 局本 elsewhere (never 法局本 whole): 局, flagged, the reading kept as a candidate."""
    scans = SCANS.parent.parent / "dev-scans-zhmono180psm6" / "ocr"
    units = [p.implementing_unit for p in _projects("004_30e10abd8c6a2537.ocr.txt", scans) if p.implementing_unit]
    mended = [u for u in units if u.raw.replace(" ", "") == "朝阳县司法高本级"]
    assert mended and all(u.value == "朝阳县司法局本级" and Reason.text_repaired in u.reasons for u in mended)
    assert all([c.value for c in u.candidates] == ["朝阳县司法高本级"] for u in mended)


# A list the OCR wrapped (the lists of explore a, RapidOCR) of a department and a body of its own whose names begin
# alike: `{unit}` the second project's unit, `{more}` more projects of the department's own.
_LIST = """{place}2024年部门项目支出绩效目标表
部门名称：{place}
单位：
{dept}
万元
预算  一级  指标  指标  度量  指标方
单位名称  项目名称  年度目标  二级指标  三级指标  权重
数  指标  性质  值  单位  向
学生资助  全年资助家庭经济困难学生1200人次，确保资助资金按时足额发放，
{place}  产出  资助学生
工作经费  20.00  不让一个学生因贫失学。  数量指标  ≥  1200  人次  50  正向
{dept}  指标  人次
满意  服务对象
度指  满意度指  受助学生满意度  ≥  90  %  50  正向
标  标
{place}  校园安全  完成全区45所学校安防设施维护，校园安全事故发生率控制在零，
12.50  产出  数量指标  维护学校数  ≥  45  所  50  正向
{unit}  设施维护  保障师生安全。  指标
满意  服务对象
度指  满意度指  师生满意度  ≥  90  %  50  正向
标  标
{more}合计  {total}
"""
_MORE = """{place}  食堂监管  完成全区30所学校食堂检查，食品安全事故为零，
10.00  产出  数量指标  检查食堂数  ≥  30  所  50  正向
{dept}  经费  保障师生饮食安全。  指标
满意  服务对象
度指  满意度指  师生满意度  ≥  90  %  50  正向
标  标
"""


def _list_units(place: str, dept: str, unit: str, more: int) -> list:
    extra = "".join(_MORE.format(place=place, dept=dept) for _ in range(more))
    text = _LIST.format(place=place, dept=dept, unit=unit, more=extra, total=f"{32.5 + 10 * more:.2f}")
    doc = extract_source(SourceText(path=Path("list.txt"), text=text, encoding="utf-8", sha256="", size=len(text)))
    return [t.project.implementing_unit for t in doc.tables if isinstance(t, ProjectTable)]


def test_a_body_named_past_its_departments_name_is_read_as_printed():
    """A unit whose name begins as its department's and goes on as a body of its own (达州市通川区教育服务中心 beside
    达州市通川区教育局), printed whole and legible, is no damaged reading of the department's name: neither the
    department's character where the unit's name goes on (`教育局务中心`, `_one_apart` of the name's head) nor the
    department's name read on the other projects (`教育局`, close by edit distance) takes its place."""
    for place, dept, unit, more in (("达州市通川区", "教育局", "教育服务中心", 0), ("达州市通川区", "教育局", "教育服务中心", 1),
                                     ("岳阳市岳阳楼区", "卫生健康局", "卫生健康服务中心", 2)):
        units = _list_units(place, dept, unit, more)
        assert [u.value for u in units] == [place + dept, place + unit] + [place + dept] * more, (unit, more)
        assert not any(Reason.text_repaired in u.reasons for u in units), (unit, more)


def test_a_document_less_a_stretch_reads_as_read_again():
    # full-width forms, a dash glyph and spaces NFKC and norm_text change, a CRLF text, stretches within a line,
    # over lines, at a line's ends and the text's
    text = "项目名称\t社区矫正工作经费\r\n主管部门 ２２３－吴忠市司法局\r\n\r\n实施单位\t223001—吴忠市司法局本级 \n目标 1 ：完成 ｅ"
    document = _Normed(text)
    assert document.read == norm_text(text) and +document.pairs == +_pairs(norm_text(text))
    for start in range(len(text) + 1):
        for end in (start, start + 1, start + 5, start + 20, len(text)):
            if end <= len(text):
                rest, pairs = document.without(start, end)
                expected = norm_text(text[:start] + "\n" + text[end:])
                assert rest == expected and +pairs == +_pairs(expected), (start, end)
