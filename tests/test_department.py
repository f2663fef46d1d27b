"""Department overall performance tables (`extract.rules.department`): the
辽宁 整体绩效目标申报表 form written for the test, as printed and as tesseract
read it back (`../shared/tools/scan.py`), and labels stacked down several
lines as a scanned 宁夏 form prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import changed, only_table
from extractor.extract.rules.department import _speck
from extractor.grid import Cell
from extractor.models import Check, DepartmentTable, Reason

DATA = Path(__file__).parent / "data" / "department"


def _read(name: str):
    return only_table(DATA / name, DepartmentTable)


def _funds(dept):
    return [(f.side.value, f.name.value, f.amount.value if f.amount else None) for f in dept.funds]


@pytest.mark.parametrize("name", ["liaoning_form.txt", "liaoning_form_one_cell_a_line.txt"])
def test_the_form_as_printed(name):
    """The form as printed, its cells tab-delimited or one a line with a blank line after each row (a web page's
    table copied out cell by cell: each task's amount was read as the next task's, the first's lost)."""
    doc, table = _read(name)
    dept = table.department
    assert (dept.department.value, dept.staff_count.value) == ("平罗县司法局", 41)
    assert _funds(dept) == [
        ("income", "年度部门预算收入(1至7项合计)", 612.5), ("income", "1. 财政拨款收入", 598.2),
        ("income", "6. 上年结转", 14.3),
        ("expenditure", "年度部门预算支出(一和二合计)", 612.5), ("expenditure", "一、基本支出(第1至4项小计)", 480.7),
        ("expenditure", "1. 工资福利支出", 402.15), ("expenditure", "2. 商品和服务支出", 78.55),
        ("expenditure", "二、项目支出(第5至6项小计)", 131.8),
    ]
    assert [(k.task.value, k.project.value, k.amount.value, k.deadline.value) for k in dept.key_tasks] == [
        ("普法宣传", "普法宣传及依法治理经费", 36.5, "2022年12月"), ("社区矫正", "社区矫正工作经费", 58, "2022年12月"),
        ("法律援助", "法律援助经费", 37.3, "2022年12月"),
    ]
    assert dept.duties.value.startswith("负责全县司法行政工作") and dept.annual_goal.value.startswith("完成年度普法宣传任务")
    assert [(i.level1.value, i.level3.value, i.value.raw) for i in dept.indicators][-1] == ("社会效应", "人民调解成功率", "≥95%")
    # the 所属单位数量 beside the staff count is a label of the form: no lost text
    assert not table.warnings and not table.unread_text  # 所属单位数量 is a label of the form, not lost text
    assert not [f for f in doc.findings if f.check is Check.department_funds]  # the items add up


def test_the_form_read_back_by_tesseract():
    doc, table = _read("liaoning_form.ocr.txt")
    dept = table.department
    assert dept.department.value == "平罗县司法局"
    assert dept.duties.value.startswith("负责全县司法行政工作")
    funds = _funds(dept)
    # sections found by their garbled labels (`年度项算收入(万元)`); numbering is not an amount
    assert ("income", "6. 上年结转", 14.3) in funds and ("expenditure", "1. 工资福利支出", 402.15) in funds
    assert ("expenditure", "2 商品和服务支出", 7) in funds  # `7 5` for 78.55: two numbers, the first taken with doubt
    shifted = next(f for f in dept.funds if f.name.value == "2 商品和服务支出")
    assert Reason.cell_shifted in shifted.amount.reasons
    # 598.20 read `59820`: the income items no longer add up to their total, and all are flagged
    lost = next(f for f in dept.funds if f.amount and f.amount.value == 59820)
    assert lost.amount.flagged and dept.funds[0].amount.flagged
    assert any(f.check is Check.department_funds for f in doc.findings)
    # a name wrapped onto a second line (`计)`) joins its item
    assert "二 项目支时《是5至6项计)" in [f.name.value for f in dept.funds]
    # the deadlines OCR lost leave every task row short of the header's columns: read with doubt
    assert [k.amount.value for k in dept.key_tasks][1:] == [36.5, 58, 37.3]
    assert all(k.amount.flagged for k in dept.key_tasks)
    # a garbled tree header (`二级指标 二级指标 三级指标 指标什`) is still a tree (indicators.tree_start);
    # every value the OCR garbled (`-100%` for =100%, `959%6` for ≥95%) is flagged
    assert [i.level3.value for i in dept.indicators][-1] == "人民调解成功率"
    assert all(i.value.flagged for i in dept.indicators)
    assert any("员数量" in u.value for u in table.unread_text)  # the staff label OCR broke is reported unread


def test_labels_stacked_down_several_lines():
    doc, table = _read("stacked_labels.ocr.txt")
    dept = table.department
    assert dept.department.value == "【020001】平罗县财政局本级"  # `部门` / `名称` / `及代码`
    # the duties start a line above their `部门` / `职责` label, centred on it
    assert dept.duties.value == ("负责全县财政预算的编制和执行,组织实施财政管理制度改革,监督检查财政资金的使用,"
                                 "指导乡镇财政所的业务工作,管理政府债务和国有资产。")
    assert [(k.task.value, k.project.value, k.amount.value) for k in dept.key_tasks] == [
        ("预算编制", "预算编审经费", 12), ("债务管理", "债务管理经费", 8.5)]
    assert not table.warnings


def test_a_task_row_printing_several_numbers_takes_the_money_with_doubt(tmp_path):
    """A speck or a numbering read as a number beside the amount (`5 | 58.00`): the amount is
    the one printed to the cent, flagged; a row printing one number is not."""
    doc, table = only_table(changed(tmp_path, DATA / "liaoning_form.txt", "社区矫正工作经费\t58.00", "社区矫正工作经费\t5\t58.00"),
                            DepartmentTable)
    tasks = {k.task.value: k.amount for k in table.department.key_tasks}
    assert tasks["社区矫正"].value == 58 and Reason.column_inferred in tasks["社区矫正"].reasons
    assert not tasks["普法宣传"].reasons


def test_prose_under_a_lost_section_label_is_no_key_task(tmp_path):
    """年度绩效目标 garbled past reading: its sentence falls under 年度主要任务, and is no task
    there; it is reported as text no field took."""
    doc, table = only_table(changed(tmp_path, DATA / "liaoning_form.txt", "年度绩效目标\t", "年度绩放目木\t"), DepartmentTable)
    assert [k.task.value for k in table.department.key_tasks] == ["普法宣传", "社区矫正", "法律援助"]
    assert any("人民调解成功率不低于95%" in u.value for u in table.unread_text)


def test_section_labels_stacked_one_or_two_characters_a_line():
    """Seed 004's form printed in Noto Serif CJK at 150 dpi and read by tesseract prints every section label
    down one or two characters a line: `部门` / `(单  本` / `位)名 朝阳县司法局` / `称` (the name glued to its
    label's piece by one space, a speck beside another), `年度` / `预算` / `收入“| 年度部门预算收入… 845.44`
    (a rule's mark on the piece), and the 年度预算支出 label with its 年度 lost (`预算` / `支出“| …`): the
    name and both sides' items are read, the expenditure side inferred from its items (flagged), the
    label's pieces no item's words; the duties start on the paragraph's lines above their stacked label
    (a guess, flagged)."""
    _, table = _read("stacked_sections.ocr.txt")
    dept = table.department
    assert dept.department.value == "朝阳县司法局"
    funds = _funds(dept)
    assert funds[:2] == [("income", "年度部门预算收入(1至7项合计)", 845.44), ("income", "1. 财政拨款收入", 845.44)]
    assert ("expenditure", "年度部门预算支出(一和二合计)", 845.44) in funds
    assert ("expenditure", "2.事业发展类项目支出", 160.31) in funds  # `2.事` / `业发` / `展类 160.31` / `项目` / `支出`
    assert ("expenditure", "1.履职保障类项目支出", None) in funds
    assert len([f for f in funds if f[2] is not None]) == 9
    spent = next(f for f in dept.funds if f.side.value == "expenditure")
    assert Reason.column_inferred in spent.name.reasons
    assert dept.duties.value.startswith("朝阳县司法局贯彻落实") and dept.duties.flagged


def test_budget_rows_naming_spending_are_expenditure_when_the_label_is_lost(tmp_path):
    """A held-out scan loses the stacked 年度预算支出 label (`支出“ 845.44`): the rows naming spending
    (支出, not 收入) are the expenditure side, the first flagged as inferred, not income rows."""
    text = ("朝阳县司法局整体绩效目标申报表\n部门名称    朝阳县司法局\n"
            "年度预算收入    年度部门预算收入(1至7项合计)    845.44\n1. 财政拨款收入    845.44\n"
            "支出“ 845.44\n一、基本支出(第1至4项小计)    685.13\n二、项目支出(第5至6项小计)    160.31\n")
    path = tmp_path / "sides.txt"
    path.write_text(text, encoding="utf-8")
    _, table = only_table(path, DepartmentTable)
    sides = [(f.side.value, f.amount.value) for f in table.department.funds]
    assert sides == [("income", 845.44), ("income", 845.44), ("expenditure", 845.44), ("expenditure", 685.13),
                     ("expenditure", 160.31)]
    assert Reason.column_inferred in table.department.funds[2].name.reasons


def test_item_names_wrapped_over_lines_join_their_item():
    """A 辽宁-style form written for the test (wrapped_items.txt) printed by ../shared/tools/scan.py in
    Noto Serif CJK at 200 dpi: narrow item cells wrap (`5. 事业发展类` / `项目支出  723.80`,
    `一、基本支出` / `(第1至4项小` / `计)`), the amount centred on either line. The rest of a name
    cut by its wrap, or a bracket continuing it, joins the item above, which takes its amount;
    a numbered line is an item of its own."""
    doc, table = _read("wrapped_items.ocr.txt")
    funds = _funds(table.department)
    assert ("expenditure", "5. 事业发展类项目支出", 723.8) in funds
    assert ("expenditure", "一、基本支出(第1至4项小计)", 1102.6) in funds
    assert ("expenditure", "2. 商品和服务支出", 134.28) in funds
    assert ("expenditure", "1. 工资福利支出", None) in funds  # its amount OCR lost (`oag 3`): kept, no amount


def test_task_rows_wrapped_over_lines_are_one_row_each():
    """The form of wrapped_tasks.txt printed by ../shared/tools/scan.py in WenQuanYi Zen Hei at 240 dpi:
    the 对应项目 cells wrap over two lines, the task, amount and deadline centred on them and read
    with either line; the third row's task on a line of its own under the band. Each line of pieces
    joins the row above while that row's project goes on (its last piece a full line), else the row
    below; the rows joined so are read with doubt."""
    doc, table = _read("wrapped_tasks.ocr.txt")
    tasks = [(k.task.value, k.project.value, k.amount.value, k.deadline.value) for k in table.department.key_tasks]
    assert tasks == [
        ("动物疫病防控", "重大动物疫病强制免疫及防控物资采购经费", 215.6, "2022年12月"),
        ("农业技术推广", "基层农业技术推广体系改革与建设补助项目", 168.4, "2022年12月"),
        ("农产品质量安全监管", "农产品质量安全例行监测及执法检查工作经费", 86.8, "2022征12月"),  # 96.80 read 86.80
    ]
    assert all(k.project.flagged for k in table.department.key_tasks)
    # the 年 read as 征: the deadline as printed, in doubt (it passed unflagged)
    assert [k.deadline.flagged for k in table.department.key_tasks] == [False, False, True]


def test_the_task_section_is_found_by_its_column_headings():
    """The form of task_headings.txt printed by ../shared/tools/scan.py in WenQuanYi Zen Hei at 180 dpi:
    OCR garbled the 年度主要任务 label (`年度二要任`), but the row's headings (重点工作 | 对应项目 |
    预算资金情况 | 完成时限) start the section all the same: the task rows are not budget items."""
    doc, table = _read("task_headings.ocr.txt")
    dept = table.department
    assert [(k.task.value, k.project.value, k.amount.value) for k in dept.key_tasks][1:] == [
        ("疾病预防控制", "重大传染病防控及免疫规划疫苗冷链运转保障经费", 260.3),
        ("妇幼健康服务", "农村妇女两癌筛查和孕产妇健康管理补助经费", 150.0),
    ]
    assert dept.key_tasks[0].amount.value == 420 and dept.key_tasks[0].project.flagged
    assert not any("公共卫生" in f.name.value for f in dept.funds)


def test_narrow_cells_read_by_tesseract_004():
    """Seed 004's department form read by tesseract (dev-scans): `2.` alone, then 事业 / 发展 / 类项 / 目支 / 出 one
    word a line and `160.31` alone under them: one item, its amount centred on its lines (flagged); the
    完成时限 `2021年12月` wrapped down its narrow cell leaves `2021` alone on a line: a deadline's piece, no
    task's budget nor a task of its own; the goal's stacked label `年度` / `绩效 作。 目标2…` (its prose
    glued by one space) is the goal's, the wrapped text over it (`设`) no piece of that label."""
    _, table = _read("narrow_cells_004.ocr.txt")
    dept = table.department
    item = dept.funds[-1]
    assert "事业发展类项目支出" in item.name.value and item.amount.value == 160.31 and item.amount.flagged
    assert [k.amount.value for k in dept.key_tasks] == [104.08, 40, 16.23]
    assert dept.annual_goal.value.startswith("目标1") and "目标2" in dept.annual_goal.value


def test_task_bands_leave_the_headings_and_keep_one_character_wrap_ends():
    """Seed 004's 年度主要任务 read by tesseract (dev-scans): the 预算资金情况(万元) heading wraps over the
    header line (`预算资` above it, `(万元)` under it), and each 对应项目 wraps four characters a line,
    its last line one character alone (`补`, `助`, `设`). The heading's pieces are no project's text; a
    one-character line ends the wrap of the row above, never starts the row below."""
    _, table = _read("narrow_cells_004.ocr.txt")
    tasks = [(k.task.value, k.project.value, k.amount.value) for k in table.department.key_tasks]
    assert tasks == [("人民调解及安置帮教工作", "教以康定补", 104.08),  # its first two lines OCR lost
                     ("法律援助", "法律援助工作及律帮案件补助", 40),  # 师 read 帮
                     ("社区矫正工作", "社区矫正信息化建设", 16.23)]
    assert all(k.project.flagged for k in table.department.key_tasks)  # joined from a band: a guess


def test_budget_sides_found_by_their_items_when_their_labels_are_lost():
    """Seed 004's form in Noto Serif CJK at 200 dpi (dev-scans-serif): of the stacked 年度预算收入(万元) only
    `收入` is left, beside the total's row (`收入 | 年度部门预算收入(1至7项合计) 845.44`) under the garbled
    staff row; of 年度预算支出 `预算` / `支出“` / `(万` / `元)`. Each side starts at the first row naming
    it with an amount (flagged as inferred); the label's pieces are no item's words; the paragraph
    above the stacked 部门职能概述 label is no budget item."""
    _, table = _read("side_pieces_004.ocr.txt")
    dept = table.department
    read = [(side, name, amount) for side, name, amount in _funds(dept) if amount is not None]
    assert read == [
        ("income", "年度部门预算收入(1至7项合计)", 845.44), ("income", "1. 财政拨款收入", 845.44),
        ("expenditure", "年度部门预算支出(一和二合计)", 845.44), ("expenditure", "一、基本支出(第1至4项小计)", 685.13),
        ("expenditure", "1. 工资福利支出", 558.59), ("expenditure", "2. 商品和服务支出", 99.13),
        ("expenditure", "3. 对个人和家庭的补助", 27.41), ("expenditure", "二、项目支出(第5至2项小计)", 160.31),
        ("expenditure", "2.事业发展类项目支出", 160.31),
    ]
    assert [f.name.value for f in dept.funds if Reason.column_inferred in f.name.reasons] == [
        "年度部门预算收入(1至7项合计)", "年度部门预算支出(一和二合计)"]
    assert dept.funds[-1].name.value == "2.事业发展类项目支出"
    assert dept.duties.value.startswith("朝阳县司法局贯彻落实") and dept.duties.flagged


def test_budget_sides_found_past_a_speck_and_a_garbled_side_word():
    """Seed 004's form in AR PL UMing at 240 dpi: the stacked side labels came out `年度` / `预算` / `好` (收入)
    and `剖` (支出) beside the totals' rows, and the first expenditure item `一、基本文出` (支 read 文). A lone
    character is no item's name nor its side; an item names its side by its words when 支出 is garbled
    (基本支出). Nothing of the expenditure side is read as income."""
    _, table = _read("side_specks_004.ocr.txt")
    read = [(side, name, amount) for side, name, amount in _funds(table.department) if amount is not None]
    assert read == [
        ("income", "年度部门预算收入(1至7项合计)", 845.44), ("income", "1, 财政拨款收入", 845.44),
        ("expenditure", "年度部门预算支出(一和二合计)", 845.44), ("expenditure", "一、基本文出(第1至4项小计)", 685.13),
        ("expenditure", "1. 工资福利支出", 558.59), ("expenditure", "2. 商品和服务支出", 99.13),
        ("expenditure", "3. 对个人和家庭的补助", 27.41), ("expenditure", "二、项目支出(第5至2项小计)", 160.31),
        ("expenditure", "2. 事业发展类项目支出", 160.31),
    ]
    assert [f.name.value for f in table.department.funds if Reason.column_inferred in f.name.reasons] == [
        "年度部门预算收入(1至7项合计)", "年度部门预算支出(一和二合计)"]


def test_a_side_label_speck_with_a_mark_beside_it_is_no_item_name():
    """Seed 004's form in AR PL UMing at 200 dpi read with `--psm 3`: the stacked 支出 label came out `剖!` beside
    the expenditure total (`剖!  年度部门预算支出(一和二合计)  845.44`). Taken for the item's name, it kept the
    total on the income side as `剖!元)`, its own name dropped with no flag. A lone character with marks
    beside it is a speck as a lone character is."""
    _, table = _read("side_speck_marked_004.psm3.ocr.txt")
    funds = _funds(table.department)
    assert ("expenditure", "年度部门预算支出(一和二合计)", 845.44) in funds
    assert [name for side, name, _ in funds if side == "income"][-1] == "7. 其他收入"
    # numbering with its marks (`(一)`) is an item's, no speck
    assert _speck(Cell("剖!", 0, 2)) and not _speck(Cell("(一)", 0, 3)) and not _speck(Cell("二、", 0, 2))


def test_a_budget_side_whose_label_is_lost_starts_at_its_total(tmp_path):
    """年度预算收入(万元) lost in print: the total's row under the staff row names its side (收入) and prints
    its amount, so the income side starts there (the total flagged as inferred), not under 财政供养人员数量."""
    doc, table = only_table(changed(tmp_path, DATA / "liaoning_form.txt", "年度预算收入（万元）\t", "\t"), DepartmentTable)
    dept = table.department
    assert _funds(dept)[:3] == [("income", "年度部门预算收入(1至7项合计)", 612.5), ("income", "1. 财政拨款收入", 598.2),
                                ("income", "6. 上年结转", 14.3)]
    assert Reason.column_inferred in dept.funds[0].name.reasons and dept.staff_count.value == 41



def test_a_goal_read_to_the_table_end_with_no_indicators_found_is_in_doubt():
    """Seed 000's 部门整体 form printed in WenQuanYi Zen Hei Mono at 180 dpi and read by tesseract with
    `--psm 6`: its indicator header was lost to the OCR, so the goal ran to the table's end and took the
    indicator rows, `以前结余资金 | 0%` among them. Where the goal ends is a guess: flagged; the form as
    printed, whose tree is found, keeps its goal unflagged."""
    _, table = _read("goal-over-lost-tree-zhmono180psm6-000.ocr.txt")
    dept = table.department
    assert not dept.indicators and "0%" in dept.annual_goal.value
    assert Reason.cell_shifted in dept.annual_goal.reasons and dept.annual_goal.flagged
    assert not _read("liaoning_form.txt")[1].department.annual_goal.flagged


def test_a_task_alone_on_its_line_with_its_project_wrapped_round_it():
    """Seed 004 read by RapidOCR: the 对应项目 wraps four characters a line round the line holding the task, the
    amount and a date's piece (`人民调解` / `2021` / `及安置帮` / `人民调解及安置帮教工作  104.08  年12` / `教以案定` /
    `月` / `补`). The task is the text on that line wider than the project's lines, and the project has as many
    lines under it as over it; the date's pieces (`年 | 12`, parted by the grid) give no amount."""
    doc, table = _read("task_bands_rapidocr_004.ocr.txt")
    tasks = table.department.key_tasks
    assert (tasks[0].task.value, tasks[0].project.value, tasks[0].amount.value) == (
        "人民调解及安置帮教工作", "人民调解及安置帮教以案定补", 104.08)
    assert Reason.cell_shifted in tasks[0].project.reasons  # joined from a band's lines: in doubt
    assert tasks[1].amount.value == 40  # not the month (`年 | 12`)


def test_a_task_as_wide_as_its_projects_lines_alone_on_its_line_is_the_task():
    """Seed 004 read by RapidOCR: `法律援助` / `2021` / `工作及律` / `法律援助  40  年12` / `师案件补` / `月` / `助`. The
    text on the value line is as wide as the project's full lines: no project's last line (its wrap goes on under
    it), and a middle line would stand beside the task: it is the task, the project as many lines under it as over
    it; the row below keeps its own top (`社区矫正`), not the bottom of this one."""
    doc, table = _read("task_bands_rapidocr_004.ocr.txt")
    assert [(k.task.value, k.project.value, k.amount.value) for k in table.department.key_tasks][1:] == [
        ("法律援助", "法律援助工作及律师案件补助", 40), ("社区矫正工作", "社区矫正信息化建设", 16.23)]


def test_a_task_printed_on_its_bands_top_line_leaves_the_value_lines_text_to_the_project(tmp_path):
    """Seed 004's tasks read by RapidOCR, the 法律援助 row's task printed at its cell's top, beside the project's
    first piece (`法律援助  法律援助` / `工作及律  2021` / `师案件补  40  年12` / `助  月`): the text alone on the value
    line, as wide as the project's lines, is the project's middle, not the task (the task stands over it), and the
    row below keeps its own project (社区矫正信息化建设)."""
    path = changed(tmp_path, DATA / "task_bands_rapidocr_004.ocr.txt",
                   "法律援助\n2021\n工作及律\n法律援助  40  年12\n师案件补\n月\n助\n",
                   "法律援助  法律援助\n工作及律  2021\n师案件补  40  年12\n助  月\n")
    doc, table = only_table(path, DepartmentTable)
    tasks = table.department.key_tasks
    assert "师案件补" in tasks[1].project.value and "师案件补" not in tasks[1].task.value
    assert (tasks[2].task.value, tasks[2].project.value) == ("社区矫正工作", "社区矫正信息化建设")


def test_a_project_named_with_a_closing_year_keeps_the_amount_beside_it(tmp_path):
    """The 辽宁 form with a task `关爱未成年人 | 关爱青少年 | 8 | 2022年12月` and its cells joined by two spaces (a
    PDF viewer's copy): 青少年 ends in 年, but it is no date's year piece, so the 8 beside it is the task's amount,
    not a month joined to it (`关爱青少年8`, the amount lost)."""
    text = (DATA / "liaoning_form.txt").read_text(encoding="utf-8")
    text = text.replace("\t法律援助\t法律援助经费\t37.30\t", "\t关爱未成年人\t关爱青少年\t8\t")
    path = tmp_path / "liaoning_form_two_spaces.txt"
    path.write_text("\n".join("  ".join(c.strip() for c in line.split("\t") if c.strip())
                              for line in text.split("\n")), encoding="utf-8")
    task = only_table(path, DepartmentTable)[1].department.key_tasks[2]
    assert (task.task.value, task.project.value, task.amount.value) == ("关爱未成年人", "关爱青少年", 8)


def test_a_form_whose_cells_single_spaces_join_is_read_word_by_word():
    """Seed 004's department form with its lines' cells joined by single spaces (`eval/seeds-joined-one`): each line
    was one cell, so `人民调解及安置帮教工作 人民调解及安置帮教以案定补 104.08 2021年12月` gave no key task and the tree
    no row. Read word by word where the grammar does not bind (`grid.one_space_cells`), as the project forms are."""
    doc, table = _read("single-spaces-004.txt")
    dept = table.department
    assert [(k.task.value, k.project.value, k.amount.value) for k in dept.key_tasks] == [
        ("人民调解及安置帮教工作", "人民调解及安置帮教以案定补", 104.08), ("法律援助", "法律援助工作及律师案件补助", 40),
        ("社区矫正工作", "社区矫正信息化建设", 16.23)]
    row = next(i for i in dept.indicators if i.level3.value == "在职人员控制率")
    assert (row.level1.value, row.value.operator.value, row.value.number, row.value.unit) == ("社会效应", "≤", 100, "%")


def test_a_form_whose_cells_single_spaces_join_is_read_word_by_word_with_a_stray_double_space(tmp_path):
    """The same form, its title printed with two spaces (`朝阳县司法局整体绩效目标申报表  (2021年度)`, as a page's copy
    keeps one here and there): the one wider gap made the whole text one read as aligned, every line one cell
    again, the key tasks and the tree lost. A gap on one line in twenty or fewer makes no aligned text."""
    text = (DATA / "single-spaces-004.txt").read_text(encoding="utf-8")
    path = tmp_path / "single-spaces-004.txt"
    path.write_text(text.replace("申报表 (2021年度)", "申报表  (2021年度)", 1), encoding="utf-8")
    dept = only_table(path, DepartmentTable)[1].department
    assert [(k.task.value, k.amount.value) for k in dept.key_tasks] == [
        ("人民调解及安置帮教工作", 104.08), ("法律援助", 40), ("社区矫正工作", 16.23)]


def test_a_form_joined_by_single_spaces_in_a_text_of_wider_gaps_is_read_word_by_word(tmp_path):
    """Seed 004 with the first half of its lines' cells joined by single spaces and the rest by two
    (`eval/seeds-joined-mixed`): asked of the whole text, the later wider gaps kept the department form (in the first
    half) read as aligned, each line one cell, its key tasks lost. The form's own region is read word by word."""
    from conftest import rejoined, seed_path

    path = tmp_path / "mixed-004.txt"
    path.write_text(rejoined(seed_path("004").read_text(encoding="utf-8"), " ", "  "), encoding="utf-8")
    dept = only_table(path, DepartmentTable)[1].department
    assert [(k.task.value, k.amount.value) for k in dept.key_tasks] == [
        ("人民调解及安置帮教工作", 104.08), ("法律援助", 40), ("社区矫正工作", 16.23)]


def test_a_figure_alone_out_of_the_items_turn_is_no_numbering_without_doubt():
    """Seed 004 read by tesseract with --psm 11 (dev-scans-sans200psm11), every cell a line of its own:
    the 年度主要任务 header lost, its rows are read as budget items, and the 法律援助 task's budget `40`
    alone on its line comes where an item's numbering alone would (`2.` over its wrapped name). A
    figure without its mark that is not the side's next number (the last item was `2.`) is taken
    as the name's start with doubt, so the amount it may be is flagged; `4` alone after `3.` (the
    psm-3 print of the form) would be the next item's."""
    _, table = _read("numbering_alone_sans200psm11_004.ocr.txt")
    item = next(f for f in table.department.funds if f.name.value.startswith("40"))
    assert item.name.flagged and Reason.cell_shifted in item.name.reasons
    numbered = [f.name for f in table.department.funds if f.name.value.startswith(("1.", "2.", "3.", "4."))]
    assert numbered and not any(n.flagged for n in numbered)


def test_a_figure_alone_in_the_items_turn_is_their_numbering(tmp_path):
    """The same print with the item `4. 资本性支出` wrapped as psm 3 reads it (`4` / `-资本性支出`): the figure
    follows `3.`, the next item's number, read without doubt."""
    form = changed(tmp_path, DATA / "numbering_alone_sans200psm11_004.ocr.txt", "4. 资本性支出", "4\n\n-资本性支出")
    _, table = only_table(form, DepartmentTable)
    item = next(f for f in table.department.funds if f.name.value.startswith("4-"))
    assert item.name.value.startswith("4-资本性支出") and not item.name.flagged


REQUEST = DATA / "budget_request.txt"  # 湖南's form: 年度预算申请 | 资金总额, split 按收入性质分 | 按支出性质分


def _request(tmp_path, joiner: str | None, form: Path = REQUEST):
    """The form (`form`: 湖南's as written, tabs), its cells joined by `joiner`, or with "\n" a cell a line, a blank
    line under each row (a web page's table copied as text)."""
    from conftest import rejoined

    text = form.read_text(encoding="utf-8")
    path = tmp_path / "request.txt"
    if joiner == "\n":
        head, body = text.split("\n", 2)[:2], text.split("\n", 2)[2]
        text = "\n".join(head) + "\n" + "\n\n".join(rejoined(line, "\n") for line in body.splitlines())
    elif joiner is not None:
        text = rejoined(text, joiner)
    path.write_text(text, encoding="utf-8")
    return only_table(path, DepartmentTable)


@pytest.mark.parametrize("joiner", [None, " | ", "  ", "\n"])
def test_a_budget_request_split_by_income_and_by_spending(tmp_path, joiner):
    """年度预算申请: one 资金总额, then two columns of items on the same rows (一般公共预算 | 790.60 | 基本支出 |
    612.60), the income column longer: each item is read on its side, the total is both sides' total, and both
    sides add up to it (no finding; 一般公共预算 is no subtotal numbered 一)."""
    doc, table = _request(tmp_path, joiner)
    funds = _funds(table.department)
    assert [f for f in funds if f[0] == "income"] == [
        ("income", "资金总额", 842.6), ("income", "一般公共预算", 790.6), ("income", "政府性基金", 12),
        ("income", "纳入专户管理的非税收入", 40), ("income", "其他资金", 0)]
    assert [f for f in funds if f[0] == "expenditure"] == [
        ("expenditure", "资金总额", 842.6), ("expenditure", "基本支出", 612.6), ("expenditure", "项目支出", 230)]
    assert not [f for f in doc.findings if f.check in (Check.department_funds, Check.unread_values)]
    assert not any(f.amount.flagged or f.name.flagged for f in table.department.funds)


@pytest.mark.parametrize("joiner", [None, " | ", "  ", "\n"])
def test_key_tasks_with_their_content_in_sentences(tmp_path, joiner):
    """任务名称 | 主要内容 | 预算金额: a task's 主要内容 is a sentence (`开展…排查，组建…3支`), no goal under a lost
    label: every task is read with its amount and its content (no 对应项目: the form prints none), and the figures
    inside its content are no unread amounts."""
    doc, table = _request(tmp_path, joiner)
    assert not any(k.project for k in table.department.key_tasks)
    tasks = [(k.task.value, k.content.value, k.amount.value) for k in table.department.key_tasks]
    assert tasks == [("森林防火", "开展森林火灾隐患排查,组建半专业扑火队伍3支", 120),
                     ("有害生物防治", "完成松材线虫病疫木清理和监测", 60),
                     ("国土绿化", "新造林2000亩,完成退化林修复和中幼林抚育", 50)]
    assert not table.unread_text and not [f for f in doc.findings if f.check is Check.unread_values]


def test_a_section_label_worded_longer_than_the_vocabulary(tmp_path):
    """部门职能职责概述 (and 部门职责职能概述, no variant of the vocabulary): the label's words are no part of the duties."""
    for label in ("部门职能职责概述", "部门职责职能概述"):
        form = changed(tmp_path, REQUEST, "部门职能职责概述", label)
        duties = only_table(form, DepartmentTable)[1].department.duties
        assert duties.value == "负责全县林业及其生态建设的监督管理,组织开展森林防火和林业有害生物防治工作。"


def test_a_budget_request_whose_label_is_lost(tmp_path):
    """年度预算申请 lost in print: its total's row (资金总额 with an amount) starts the section; with the total's
    row lost as well, its headings (按收入性质分 | 按支出性质分) do."""
    _, table = only_table(changed(tmp_path, REQUEST, "年度预算申请\t", "\t"), DepartmentTable)
    assert _funds(table.department)[:3] == [("income", "资金总额", 842.6), ("expenditure", "资金总额", 842.6),
                                            ("income", "一般公共预算", 790.6)]
    _, table = only_table(changed(tmp_path, REQUEST, "年度预算申请\t资金总额\t842.60\t\t\n", ""), DepartmentTable)
    assert ("income", "纳入专户管理的非税收入", 40) in _funds(table.department)
    assert ("expenditure", "项目支出", 230) in _funds(table.department)


def test_a_budget_request_item_the_vocabulary_does_not_know(tmp_path):
    """An item alone on its row that names no side (上级补助资金) is put under the heading nearest its cell, in doubt."""
    _, table = only_table(changed(tmp_path, REQUEST, "\t其他资金\t0", "\t上级补助资金\t0"), DepartmentTable)
    item = next(f for f in table.department.funds if f.name.value == "上级补助资金")
    assert item.side.value == "income" and item.name.flagged and Reason.column_inferred in item.name.reasons


def test_a_tasks_content_printed_as_sentences_is_kept_with_its_amount():
    """年度主要任务 headed 任务名称 | 主要内容 | 预算金额: a task whose 主要内容 is a sentence (`开展森林防火巡护，购置…`)
    is a task all the same, its amount read (it was no task, its amount lost with no flag where the cells were
    two spaces apart); the 主要内容 is kept as the task's content, no 对应项目."""
    _, table = _read("task-content-sentences.txt")
    assert not any(k.project for k in table.department.key_tasks)
    assert [(k.task.value, k.amount.value, k.content.value[:6], k.amount.flagged)
            for k in table.department.key_tasks] == [
        ("森林防火", 58, "开展森林防火", False), ("有害生物防治", 24.6, "完成松材线虫", False),
        ("林长制督查", 12, "开展林长制督", False)]


@pytest.mark.parametrize("swapped", [False, True])
def test_a_tasks_project_and_content_printed_side_by_side(tmp_path, swapped):
    """年度主要任务 headed 重点工作 | 对应项目 | 主要内容 | 预算资金情况 | 完成时限: the 对应项目 (the project funding the
    task) and the 主要内容 (what it does, a sentence) are two fields, each read under its heading in the header's
    order (the two columns swapped, each still lands in its own), without doubt."""
    form = DATA / "task-project-and-content.txt"
    if swapped:
        lines = [line.split("\t") for line in form.read_text(encoding="utf-8").splitlines()]
        text = "\n".join("\t".join([*cells[:2], cells[3], cells[2], *cells[4:]]) if len(cells) == 6 else "\t".join(cells)
                         for cells in lines)
        form = tmp_path / form.name
        form.write_text(text + "\n", encoding="utf-8")
    _, table = only_table(form, DepartmentTable)
    tasks = table.department.key_tasks
    assert [(k.task.value, k.project.value, k.content.value[:6], k.amount.value, k.deadline.value) for k in tasks] == [
        ("森林防火", "森林防火专项经费", "开展森林防火", 58, "2025年12月"),
        ("有害生物防治", "林业有害生物防治经费", "完成松材线虫", 24.6, "2025年10月")]
    assert not any(t.flagged for k in tasks for t in (k.task, k.project, k.content, k.amount))


@pytest.mark.parametrize("deadline", ["2022年12月31日", "2022年12月底前", "2022.12.31", "2022年底前"])
def test_a_key_tasks_deadline_of_any_date_shape(tmp_path, deadline):
    """A 完成时限 printed as a day, a month's end before (`2022年12月底前`) or a dotted date is the task's deadline as
    `numbers.calendar_date` reads a whole date cell (the indicators' 完成时限 too); it went unread, the dotted
    one taken for a number and reported nowhere."""
    form = changed(tmp_path, DATA / "liaoning_form.txt", "法律援助经费\t37.30\t2022年12月", f"法律援助经费\t37.30\t{deadline}")
    doc, table = only_table(form, DepartmentTable)
    tasks = {k.task.value: k for k in table.department.key_tasks}
    assert tasks["法律援助"].deadline.value == deadline and tasks["法律援助"].amount.value == 37.3
    assert tasks["普法宣传"].deadline.value == "2022年12月"


@pytest.mark.parametrize("heads", [("收入项目", "支出项目"), ("资金来源", "资金用途")])
@pytest.mark.parametrize("joiner", [None, " | ", "\n"])
def test_a_budget_request_headed_by_its_columns_names(tmp_path, joiner, heads):
    """年度预算申请 headed 收入项目 | 金额 | 支出项目 | 金额 or 资金来源 | 金额 | 资金用途 | 金额 (not 按收入性质分 |
    按支出性质分): the headings are no items (they were read as four income items, in doubt), and they side the items
    as the split does."""
    form = changed(tmp_path, REQUEST, "\t按收入性质分\t\t按支出性质分\t", "\t{}\t金额\t{}\t金额".format(*heads))
    doc, table = _request(tmp_path, joiner, form)
    funds = _funds(table.department)
    assert funds == [("income", "资金总额", 842.6), ("expenditure", "资金总额", 842.6),
                     ("income", "一般公共预算", 790.6), ("expenditure", "基本支出", 612.6),
                     ("income", "政府性基金", 12), ("expenditure", "项目支出", 230),
                     ("income", "纳入专户管理的非税收入", 40), ("income", "其他资金", 0)]
    assert not any(f.name.flagged for f in table.department.funds)
    assert not table.unread_text and not [f for f in doc.findings if f.check is Check.unread_values]


def test_a_budget_request_whose_columns_close_with_their_totals(tmp_path):
    """`资金来源 | 金额 | 资金用途 | 金额`, each column closed by `合计`: the 合计 is its side's total, the items above
    add up to it (the expenditure side's first item was taken for its total, failing; the income side was not
    checked, its first item exported as its total, 合计 as an item)."""
    from extractor.export.rows import amount_rows

    form = changed(tmp_path, REQUEST, "\t按收入性质分\t\t按支出性质分\t", "\t资金来源\t金额\t资金用途\t金额")
    form = changed(tmp_path, form, "年度预算申请\t资金总额\t842.60\t\t\n", "年度预算申请\n")
    form = changed(tmp_path, form, "\t其他资金\t0\t\t\n", "\t其他资金\t0\t\t\n\t合计\t842.60\t合计\t842.60\n")
    doc, table = only_table(form, DepartmentTable)
    assert not [f for f in doc.findings if f.check is Check.department_funds]
    rows = [(r["side"], r["name"], r["row_kind"], r["leaf"]) for r in amount_rows(doc, {})]
    assert ("income", "合计", "total", False) in rows and ("expenditure", "合计", "total", False) in rows
    assert ("income", "一般公共预算", "item", True) in rows and ("expenditure", "基本支出", "item", True) in rows


def test_key_tasks_headed_work_task(tmp_path):
    """`工作任务` heads the tasks' names as 任务名称 does (it was reported an unread text cell)."""
    form = changed(tmp_path, REQUEST, "年度主要任务\t任务名称\t", "年度主要任务\t工作任务\t")
    doc, table = only_table(form, DepartmentTable)
    assert table.department.key_tasks[0].task.value == "森林防火" and not table.unread_text


def test_duties_labelled_main_duties(tmp_path):
    """部门主要职责 labels the duties as 部门职能职责概述 does (the text was read as a budget item with no amount, the
    duties lost, only a funds finding over it)."""
    form = changed(tmp_path, REQUEST, "部门职能职责概述\t", "部门主要职责\t")
    doc, table = only_table(form, DepartmentTable)
    assert table.department.duties.value.startswith("负责全县林业及其生态建设的监督管理")
    assert len(table.department.funds) == 8 and not [f for f in doc.findings if f.check is Check.department_funds]


def test_a_budget_request_total_beside_its_label(tmp_path):
    """`年度预算申请 | 842.60` (no 资金总额 printed): the number is the section's total, named by its label, when each
    side's items add up to it (it went unread); when they do not, it stays unread, reported."""
    form = changed(tmp_path, REQUEST, "年度预算申请\t资金总额\t842.60", "年度预算申请\t842.60")
    doc, table = only_table(form, DepartmentTable)
    assert _funds(table.department)[:2] == [("income", "年度预算申请", 842.6), ("expenditure", "年度预算申请", 842.6)]
    assert not [f for f in doc.findings if f.check in (Check.unread_values, Check.department_funds)]
    form = changed(tmp_path, form, "\t其他资金\t0", "\t其他资金\t5.00")
    doc, table = only_table(form, DepartmentTable)
    assert _funds(table.department)[0] == ("income", "一般公共预算", 790.6)
    assert any(f.check is Check.unread_values and "842.60" in f.message for f in doc.findings)


def test_a_deadlines_year_piece_misread_as_letters():
    """A 完成时限's year alone on its line, a digit read as a letter (`2O21`), is a piece of a deadline as
    `numbers.YEAR` reads a year (as `numbers.calendar_date` reads `2O21年12月`)."""
    from extractor.extract.rules.department import _deadline

    assert _deadline(Cell("2O21", 0, 4, 0)) and _deadline(Cell("2021", 0, 4, 0))
    assert not _deadline(Cell("2021.50", 0, 7, 0))


def _tasks(dept):
    return [(k.task.value, k.project and k.project.value, k.content and k.content.value,
             k.amount and k.amount.value, k.deadline and k.deadline.value, k.task.flagged) for k in dept.key_tasks]


def test_key_tasks_printed_one_cell_a_line_with_rows_not_parted():
    """A web table copied out one cell a line, its rows not parted and an empty cell printed as no line (贵州
    wording: 任务名称 | 主要内容 | 预算金额, then 合计): the header's headings down its lines name the columns, and
    each row ends at its amount (each amount was read as the next task's, the first task lost). The 合计 line is
    the tasks' total, no task: its amount is reported unread, and 项目支出 = Σ the tasks holds."""
    doc, table = _read("tasks_one_cell_a_line.txt")
    assert _tasks(table.department) == [
        ("森林防火", None, "开展森林防火巡护,建设防火隔离带12公里。", 58.3, None, False),
        ("退耕还林成果巩固", None, None, 33.2, None, True),  # its 主要内容 printed as no line: which cell is lost, a guess
        ("古树名木保护", None, "完成古树名木普查建档,挂牌保护120株。", 50.0, None, False),
    ]
    assert [u.value for u in table.unread] == [141.5]
    assert not [f for f in doc.findings if f.check is Check.department_funds]


def test_key_tasks_one_cell_a_line_end_at_the_headers_last_column():
    """The same layout with 重点工作 | 对应项目 | 预算资金情况 | 完成时限 (a deadline last, 对应项目 empty on a row):
    each row ends at its deadline."""
    _, table = _read("tasks_deadline_one_cell_a_line.txt")
    assert _tasks(table.department) == [
        ("农村饮水安全巡检", "农村饮水工程维修养护", None, 40.0, "2024年12月", False),
        ("河湖长制日常巡查", None, None, 32.0, "2024年11月", True),
    ]


def test_key_tasks_whose_content_wraps_round_them_in_bands():
    """OCR of a 重点任务 | 主要内容 | 预算金额 form whose 主要内容 wraps: each row a band of lines centred on its amount,
    the content's lines above and below it (its last, `里。`, one character and its mark), a task wrapped too
    (`退耕还林成果` / `巩固` beside the content's pieces), the label's last piece (`任务` of 年度主要 / 任务) under
    the header. Each band is one task with its content, no sentence left out and no task glued to the next's words
    (the content's lines were dropped as another section's sentences, and a task and its amount lost); the `。` the
    grid cut off a content's figures (`120株` | `。`) is the content's end."""
    _, table = _read("task_content_bands.ocr.txt")
    assert [(k.task.value, k.content.value, k.amount.value) for k in table.department.key_tasks] == [
        ("森林防火", "开展森林防火巡护,建设防火隔离带十二公里。", 58.3),
        ("退耕还林成果巩固", "巩固退耕还林成果,补植补造林地八百亩以上。", 33.2),
        ("古树名木保护", "完成古树名木普查建档,挂牌保护120株。", 50.0),
    ]


def test_a_label_stacked_round_its_value_names_it():
    """OCR reads a value centred on a label of two lines as a line between them (`单位` / `惠水县交通运输局` /
    `名称`, and `部门` / `职责` between the lines of a paragraph): the label's pieces still name the section, the
    line between them its value (the department was lost and its name read into the duties, or both lost)."""
    _, table = _read("label_round_value.ocr.txt")
    dept = table.department
    assert dept.department.value == "惠水县交通运输局"
    assert dept.duties.value == "负责全县公路、水路交通行业管理,组织农村公路建设和养护,承担道路运输和水路运输市场监管。"


def test_a_cell_wrapped_over_lines_of_a_one_cell_a_line_table_is_read_with_doubt():
    """One cell a line, a 对应项目 wrapped over two lines (as OCR prints a wrapped cell a line a piece): the row
    holds more texts than the header has text columns, so which texts are whose is a guess: the task is flagged,
    and the piece no column took is reported unread (it was read with no doubt, the piece lost unflagged)."""
    _, table = _read("tasks_one_cell_a_line_wrapped.txt")
    assert _tasks(table.department) == [
        ("森林防火", "森林防火巡护及隔离", None, 58.3, None, True),
        ("古树名木保护", "古树名木保护项目", None, 50.0, None, False),
    ]
    assert [u.value for u in table.unread_text] == ["带建设项目"]


def test_a_line_starting_as_an_item_begins_the_next_item_not_the_wrap_of_the_one_above():
    """A budget item's name printed over two lines with its amount on the last (`国有资本经营预算` / `财政拨款  0.00`)
    under an item whose name OCR cut (`一般公共预算财政  560.00`, its `拨款` lost): a line starting as an item of
    the form starts the next item, whose amount comes on its last line (it was glued to the item above, the next
    item read as `财政拨款`)."""
    _, table = _read("wrapped_item_bottom_amount.ocr.txt")
    assert [f for f in _funds(table.department) if f[0] == "income"] == [
        ("income", "收入合计", 600.0), ("income", "一般公共预算财政", 560.0),
        ("income", "国有资本经营预算财政拨款", 0.0), ("income", "其他资金", 40.0)]


def test_an_item_with_a_speck_glued_on_is_read_with_doubt(tmp_path):
    """Tesseract glues a speck (a rule's, a stacked label's) to an item by one space (`本 其他资金  40.00`): the
    name's words are in doubt, and so is which item the amount is (both were read without a flag)."""
    _, table = _read(changed(tmp_path, DATA / "wrapped_item_bottom_amount.ocr.txt", "其他资金  40.00", "本 其他资金  40.00"))
    item = next(f for f in table.department.funds if "其他资金" in f.name.value)
    assert item.name.flagged and item.amount.flagged and item.amount.value == 40
    first = next(f for f in table.department.funds if f.name.value == "基本支出")
    assert not first.name.flagged and not first.amount.flagged
