from __future__ import annotations

from extractor.models import (
    Amount, AmountCell, BudgetLine, ColumnKind, Indicator, IndicatorValue, LineTable, NarrativeBlock, Operator, ProjectPerformance,
    ProjectTable, Reading, Reason, RowKind, Side, Span, TableKind, Text, amount_cell, budget_line, cell_amount, cell_indicator_value, cell_text,
    made_indicator, made_table, new_project,
)


def _same(made, validated) -> None:
    assert made == validated and type(made) is type(validated)
    assert list(vars(made)) == list(vars(validated))  # the fields in their order: the JSON's order
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert made.span.__pydantic_fields_set__ == validated.span.__pydantic_fields_set__
    assert made.model_dump_json(exclude_defaults=True) == validated.model_dump_json(exclude_defaults=True)


def test_a_cells_text_is_what_validation_makes_of_it():
    reasons = [Reason.ocr_doubt]
    made = cell_text("项目名称", 3, 7, "项目名称", 0.75, reasons)
    _same(made, Text(raw="项目名称", span=Span(start=3, end=7), value="项目名称", confidence=0.75, reasons=[Reason.ocr_doubt]))
    assert made.reasons is reasons and made.checks is not made.candidates  # the defaults new, each its own


def test_a_cells_amount_is_what_validation_makes_of_it():
    alternatives = [Reading(value=1.5, why="as printed")]
    made = cell_amount("1,5", 0, 3, 15.0, 0, alternatives, 0.5, [Reason.number_ambiguous])
    _same(made, Amount(raw="1,5", span=Span(start=0, end=3), value=15.0, decimals=0, alternatives=alternatives,
                       confidence=0.5, reasons=[Reason.number_ambiguous]))
    assert made.alternatives is not alternatives  # (a parsed number's list, kept by its cache)


def test_an_indicators_value_is_what_validation_makes_of_it():
    made = cell_indicator_value("≥95%", 10, 14, Operator.ge, 95.0, None, "%", None, 1.0, [])
    _same(made, IndicatorValue(raw="≥95%", span=Span(start=10, end=14), operator=Operator.ge, number=95.0,
                               number_high=None, unit="%", text=None, confidence=1.0, reasons=[]))


def test_what_a_cell_does_not_give_goes_through_validation():
    # an int for a float is made a float, a reason's name a Reason, as validation does
    _same(cell_amount("3", 0, 1, 3, 0, [], 1, []), Amount(raw="3", span=Span(start=0, end=1), value=3.0, decimals=0,
                                                           alternatives=[], confidence=1.0, reasons=[]))
    made = cell_text("a", 0, 1, "a", 1.0, ["ocr_doubt"])
    assert made.reasons == [Reason.ocr_doubt] and made.reasons[0].__class__ is Reason
    made = cell_indicator_value("3次", 0, 2, None, 3, None, "次", None, 1.0, [])
    assert made.number == 3.0 and made.number.__class__ is float


def test_an_amount_cell_is_what_validation_makes_of_it():
    amount = cell_amount("12.50", 4, 9, 12.5, 2, [], 1.0, [])
    made = amount_cell(ColumnKind.basic, "基本支出", amount)
    validated = AmountCell(column=ColumnKind.basic, label="基本支出", amount=amount)
    assert made == validated and list(vars(made)) == list(vars(validated)) and made.amount is amount
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert made.model_dump_json() == validated.model_dump_json()
    assert amount_cell("basic", "", amount).column is ColumnKind.basic  # (a kind's name goes through validation)


def test_a_budget_line_is_what_validation_makes_of_it():
    code, name = cell_text("2010301", 0, 7, "2010301", 1.0, []), cell_text("行政运行", 8, 12, "行政运行", 1.0, [])
    amounts = [amount_cell(ColumnKind.total, "合计", cell_amount("12.50", 20, 25, 12.5, 2, [], 1.0, []))]
    for given in (dict(row_kind=RowKind.subject, code=code, name=name, level=3),
                  dict(row_kind=RowKind.item, side=Side.income, name=name, amounts=amounts),
                  dict(row_kind=RowKind.total, name=name)):
        made, validated = budget_line(**given), BudgetLine(**given)
        assert made == validated and list(vars(made)) == list(vars(validated))
        assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
        assert made.model_dump_json() == validated.model_dump_json() and made.name is name
        assert made.amounts is not amounts and made.amounts is not validated.amounts  # (a list of its own)
    # what validation changes goes through it: a level printed as a string, a kind's name
    assert budget_line(row_kind="item", name=name, level="3").level == 3


def test_an_indicator_is_what_validation_makes_of_it():
    level = cell_text("产出指标", 0, 4, "产出指标", 1.0, [])
    name = cell_text("培训人次", 5, 9, "培训人次", 1.0, [])
    value = cell_indicator_value("≥95%", 10, 14, Operator.ge, 95.0, None, "%", None, 1.0, [])
    weight = cell_amount("10", 15, 17, 10.0, 0, [], 1.0, [])
    every = dict(level1=level, level2=None, level3=name, value=value, description=None, basis=None, deadline=None,
                 weight=weight, direction=None)
    for given in (every, dict(level1=level, level3=name, value=None)):  # all the fields given, or some
        made, validated = made_indicator(**given), Indicator(**given)
        assert made == validated and list(vars(made)) == list(vars(validated))
        assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
        assert made.model_dump_json(exclude_unset=True) == validated.model_dump_json(exclude_unset=True)
        assert made.level3 is name and made.level1 is validated.level1  # the very parts, as validation keeps them
    # a part of another class than its field's goes through validation, and so does a 三级 missing
    assert made_indicator(level3=name, weight={"raw": "5", "value": 5}).weight.value == 5.0
    try:
        made_indicator(level1=level)
    except ValueError:
        pass
    else:
        raise AssertionError("an indicator without its 三级 was made")


def test_a_table_is_what_validation_makes_of_it():
    name = cell_text("普法经费", 30, 34, "普法经费", 1.0, [])
    fields = dict(id="t04", kind=TableKind.project_performance, kind_score=0.9, label="表4", title="项目支出绩效目标表",
                  unit="万元", span={"start": 10, "end": 400}, header_end=40)
    for label, unit in (("表4", "万元"), (None, None)):
        fields.update(label=label, unit=unit)
        project = new_project()
        assert project == ProjectPerformance() and list(vars(project)) == list(vars(ProjectPerformance()))
        assert not project.__pydantic_fields_set__ and project.indicators is not project.spending_plan
        project.project_name = name
        warnings = ["no indicator table found"]
        made = made_table(ProjectTable, **fields, project=project, warnings=warnings)
        validated = ProjectTable(**fields, project=project, warnings=warnings)
        assert made == validated and list(vars(made)) == list(vars(validated))
        assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
        assert made.span.__pydantic_fields_set__ == validated.span.__pydantic_fields_set__
        assert made.__pydantic_private__ == validated.__pydantic_private__
        assert made.model_dump_json() == validated.model_dump_json()
        assert made.project is project and made.warnings is not warnings and made.unread is not made.unread_text
    # an int for the float score is made a float, as validation does; a score out of bounds is refused
    assert made_table(ProjectTable, **{**fields, "kind_score": 1}, project=new_project()).kind_score.__class__ is float
    try:
        made_table(ProjectTable, **{**fields, "kind_score": 1.5}, project=new_project())
    except ValueError:
        pass
    else:
        raise AssertionError("a table scored over 1 was made")
    # a table of lines, its fields from its chunk alone; a narrative block; a kind not of the class's is refused
    chunk = {**fields, "kind": TableKind.income_expenditure_summary}
    for made, validated in ((made_table(LineTable, **chunk), LineTable(**chunk)),
                            (made_table(NarrativeBlock, id="t05", kind=TableKind.narrative, span={"start": 0, "end": 9},
                                        header_end=0, text="一、部门职责"),
                             NarrativeBlock(id="t05", kind=TableKind.narrative, span={"start": 0, "end": 9},
                                            header_end=0, text="一、部门职责"))):
        assert made == validated and list(vars(made)) == list(vars(validated))
        assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
        assert made.__pydantic_private__ is validated.__pydantic_private__ is None
        assert made.model_dump_json() == validated.model_dump_json()
    try:
        made_table(LineTable, **fields)
    except ValueError:
        pass
    else:
        raise AssertionError("a table of lines of the project kind was made")
    try:
        made_table(ProjectTable, **fields)
    except ValueError:
        pass
    else:
        raise AssertionError("a project table without its project was made")


def test_values_made_alike_share_one_set_of_given_fields_that_setting_a_field_never_changes():
    """The values a reader makes share the set of their given fields (half a document's memory, one
    set each); setting a field one of them did not have given changes its own set alone."""
    from conftest import seed_path
    from extractor.api import extract_file
    from extractor.walk import iter_located

    values = [obj for _, obj in iter_located(extract_file(seed_path("000")).doc)]
    assert len(values) > 900
    assert len({id(v.__pydantic_fields_set__) for v in values}) < len(values) // 10  # (the flagged: their own)
    assert len({id(v.span.__pydantic_fields_set__) for v in values if v.span is not None}) < 5
    first, second = [v for v in values if v.__class__ is Amount and not v.flagged][:2]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    before = set(second.__pydantic_fields_set__)
    first.flagged = True
    assert "flagged" in first.model_fields_set and second.model_fields_set == before
    first.value = 1.0  # (a given field: its set as it was)
    assert first.model_fields_set == before | {"flagged"}


def test_the_models_give_pydantic_types_not_text_to_evaluate_nor_builtin_factories():
    """Issue 22: pydantic takes each field's type as it is (an annotation as text, `from __future__ import
    annotations`, it evaluates at every start-up) and each list's default factory a Python function (`list`'s
    signature it parses from text: ~0.1 ms a field)."""
    from pydantic import BaseModel

    import extractor.models
    from extractor.review.items import ReviewItem

    models = [m for m in vars(extractor.models).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    assert len(models) > 20
    for model in models + [ReviewItem]:
        assert model is ReviewItem or not any(isinstance(a, str) for a in model.__annotations__.values()), model
        assert not any(f.default_factory in (list, dict, set) for f in model.model_fields.values()), model
