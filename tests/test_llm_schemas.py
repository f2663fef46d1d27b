"""The LLM's answer schemas (extract/llm/schemas.py) against the document model
they fill and against the worked example of each prompt, so that neither can
drift from the schema the model is held to."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from pydantic import ValidationError

from endpoint import Endpoint, Reply
from extractor.extract.llm import LLMExtractor, columns_of, messages_for, schema_for
from extractor.extract.llm.anchor import Part, sheet
from extractor.extract.llm.schemas import (
    FILLS, NOT_ANSWERED, ProjectAnswer, expand, field_guide, item_model, last_items, placement_fields,
)
from extractor.extract.rules import parse_chunk
from extractor.models import ColumnKind, TableKind
from extractor.provider.client import OpenAIProvider
from extractor.provider.config import load_config
from extractor.segment import TITLE_VOCABULARY, segment

PROMPTS = resources.files("extractor") / "prompts"
# the table kinds' prompts (system.md is the shared rules, classify.md asks for a kind, not a table)
EXAMPLES = sorted(p.name.removesuffix(".md") for p in PROMPTS.iterdir()
                  if p.name.removesuffix(".md") in {k.value for k in TableKind})


def test_every_answer_field_is_named_as_the_document_field_it_fills():
    for answer, model in FILLS.items():
        # an item's row and a list's column map say where values are printed, not what they are
        answered = set(answer.model_fields) - placement_fields(answer)
        derived = set(NOT_ANSWERED.get(answer, {}))
        assert not answered & derived, answer
        assert answered | derived == set(model.model_fields), answer
        for name in answered:
            item = item_model(answer.model_fields[name].annotation)
            if item is not None:  # a list of answers fills a list of the model's items
                assert FILLS[item] is item_model(model.model_fields[name].annotation), (answer, name)


def fit_errors(value: dict, schema, path: str = "") -> list[str]:
    """Keys of an example answer that its schema does not have (a field left out is allowed: not printed)."""
    fields = schema.model_fields
    errors = [f"{path}{k}: not in the schema" for k in value.keys() - fields.keys()]
    for name, info in fields.items():
        item = item_model(info.annotation)
        if item is not None and isinstance(value.get(name), list):
            for i, row in enumerate(value[name]):
                errors += fit_errors(row, item, f"{path}{name}[{i}].")
    return errors


def worked_example(name: str) -> tuple[str, dict]:
    text = (PROMPTS / f"{name}.md").read_text(encoding="utf-8")
    found = re.search(r"示例输入：\n(.*?)\n\n示例输出：\n(.*?)\n\n", text, re.S)
    assert found, f"{name}.md has no 示例输入 / 示例输出"
    return found[1], json.loads(found[2])


def unlabelled(gridded: str) -> str:
    """The tab-separated source a gridded example shows: each cell at its column (`RnCm:` is the m-th cell)."""
    lines = []
    for line in gridded.split("\n"):
        cells = {}
        for labelled in line.split("\t"):
            found = re.fullmatch(r"R\d+C(\d+):(.*)", labelled)
            assert found, labelled
            cells[int(found[1])] = found[2]
        lines.append("\t".join(cells.get(m, "") for m in range(1, max(cells) + 1)))
    return "\n".join(lines)


@pytest.mark.parametrize("name", EXAMPLES)
def test_each_worked_example_fits_the_schema_of_its_kind(name):
    """The example's input is what the request shows of its source (the same labels), which
    under a title of its kind is read by the rules backend for the columns its header declares;
    its output must fill exactly that schema, referring only to cells the input shows."""
    kind = TableKind(name)
    example_input, example_output = worked_example(name)
    source = unlabelled(example_input) + "\n"
    shown = Part([], sheet(source, 0, len(source)))
    assert shown.text == example_input
    title = next(title for title, k in TITLE_VOCABULARY if k is kind)
    text = f"{title}\n单位：万元\n{source}"
    (chunk,) = segment(text)
    assert chunk.kind is kind
    schema = schema_for(kind, columns_of(parse_chunk(text, chunk)))
    assert fit_errors(example_output, schema) == []
    schema.model_validate(example_output, context={"cells": shown.cells})
    with pytest.raises(ValidationError):  # a reference the input does not show
        schema.model_validate(example_output, context={"cells": {}})


def test_every_kind_the_llm_reads_is_asked_with_an_example():
    for kind in TableKind:
        if kind is not TableKind.narrative:
            assert "示例输出" in messages_for(kind, "表", [(ColumnKind.total, "合计")])[0]["content"], kind


def test_the_field_guide_names_every_field_with_its_description():
    guide = field_guide(schema_for(TableKind.project_performance, []))
    assert "- spending_plan[].percent：" in guide and "- indicators[].basis：指标值确定依据" in guide
    lines = field_guide(schema_for(TableKind.expenditure_by_function, [(ColumnKind.basic, "基本支出")]))
    assert "- lines[].basic：“基本支出”列的数字" in lines


@pytest.mark.parametrize("mode,guided", [("json_schema", True), ("tools", False)])
def test_the_field_guide_is_sent_where_a_grammar_hides_the_schema(tmp_path, mode, guided):
    from conftest import seed_path
    from extractor.ingest import read_source

    source = read_source(seed_path("001"))
    chunk = next(c for c in segment(source.text) if c.kind is TableKind.project_performance)
    config = load_config(tmp_path / "none.toml", model="m", mode=mode, max_retries=0, cache=False,
                         base_url="http://127.0.0.1:1/v1")
    with Endpoint(lambda body, n: Reply()) as ep:
        provider = OpenAIProvider(config.model_copy(update={"base_url": ep.base_url}))
        LLMExtractor(provider).read(source.text, chunk, parse_chunk(source.text, chunk))
    (body,) = ep.requests
    assert ("各字段的含义" in body["messages"][-1]["content"]) is guided


def test_the_project_example_written_out_gives_each_indicator_its_row_and_the_merged_levels():
    example_input, example_output = worked_example("project_performance")
    shown = Part([], sheet(unlabelled(example_input) + "\n", 0, len(unlabelled(example_input)) + 1))
    answer = expand(ProjectAnswer.model_validate(example_output, context={"cells": shown.cells}), shown.cells)
    first, second = answer.indicators
    assert (first.level1, first.level3, first.value, first.basis) == ("产出指标", "R9C3", "R9C5", "R9C6")
    # row 10 prints no 一级/二级 (a merged cell): the item above's
    assert (second.level1, second.level2, second.level3, second.value, second.basis) == (
        "产出指标", "数量指标", "R10C3", "R10C5", "R10C6")
    assert second.description is None and answer.project_code is None


def test_an_item_keeps_what_it_gives_a_null_included_and_a_row_must_be_shown():
    cells = {"R1C1": object(), "R1C2": object(), "R2C2": object(), "R3C1": object()}
    answer = ProjectAnswer.model_validate({
        "spending_plan": [], "indicators_columns": {"level1": 1, "level3": 2, "value": 1},
        "indicators": [{"row": 1, "value": None}, {"row": 2, "value": "R3C1"}, {"level3": "维修"}],
    }, context={"cells": cells})
    first, second, third = expand(answer, cells).indicators
    assert (first.level1, first.level3, first.value) == ("R1C1", "R1C2", None)
    # row 2 has no cell in column 1: its 一级 is carried down, its value is the one it gave
    assert (second.level1, second.level3, second.value) == ("R1C1", "R2C2", "R3C1")
    # an item without a row: only what it says, and the merged levels above
    assert (third.level1, third.level3, third.value) == ("R1C1", "维修", None)
    with pytest.raises(ValidationError, match="no row 7"):
        ProjectAnswer.model_validate({"spending_plan": [], "indicators": [{"row": 7}]}, context={"cells": cells})


def test_a_column_map_naming_a_column_the_table_lacks_is_re_asked():
    cells = {"R1C1": object(), "R1C2": object()}
    with pytest.raises(ValidationError, match="no column 9"):
        ProjectAnswer.model_validate({"spending_plan": [], "indicators_columns": {"value": 9},
                                      "indicators": [{"row": 1}]}, context={"cells": cells})


def test_a_part_of_a_split_table_continues_the_merged_levels_of_the_part_before():
    """The part's first row prints no 一级/二级 (merged cells printed in the part before): they are the
    last item's of that part (`last_items`), not lost at the cut."""
    first_cells = {"R1C1": object(), "R1C2": object(), "R1C3": object()}
    first = expand(ProjectAnswer.model_validate({
        "spending_plan": [], "indicators_columns": {"level1": 1, "level2": 2, "level3": 3},
        "indicators": [{"row": 1}]}, context={"cells": first_cells}), first_cells)
    second_cells = {"R2C3": object()}
    second = ProjectAnswer.model_validate({
        "spending_plan": [], "indicators_columns": {"level3": 3}, "indicators": [{"row": 2}]},
        context={"cells": second_cells})
    (item,) = expand(second, second_cells, last_items(first)).indicators
    assert (item.level1, item.level2, item.level3) == ("R1C1", "R1C2", "R2C3")
    (alone,) = expand(second, second_cells).indicators
    assert alone.level1 is None
