"""The LLM builder (extract/llm/build.py) given a perfect answer: the rules
reading of a table put in the answer schema field by field, by name, as a
perfect model (or a provider answering from gold) fills it. Every field must
come back grounded to the span the rules read it at."""

from __future__ import annotations

import json
import re
import unicodedata
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel

from conftest import ROOT, seed_path
from endpoint import Endpoint, Reply
from extractor.extract.llm import LLMExtractor, schema_for
from extractor.extract.llm.schemas import item_model, placement_fields
from extractor.extract.rules import parse_chunk
from extractor.ingest import read_source
from extractor.models import Amount, IndicatorValue, TableKind, Text
from extractor.provider.client import OpenAIProvider
from extractor.provider.config import load_config
from extractor.segment import segment
from extractor.walk import iter_table

DATA = ROOT / "tests" / "data"


def answer_from(filled: BaseModel, schema: type[BaseModel]) -> dict:
    """Each answer field from the document-model field of the same name: numbers
    and indicator values as printed, text as read, lists item by item."""
    out = {}
    for name, info in schema.model_fields.items():
        if name in placement_fields(schema):
            continue
        value = getattr(filled, name)
        if isinstance(value, list):
            out[name] = [answer_from(item, item_model(info.annotation)) for item in value]
        elif isinstance(value, (Amount, IndicatorValue)):
            out[name] = value.raw
        elif isinstance(value, Text):
            out[name] = value.value
        else:
            out[name] = value.value if isinstance(value, Enum) else value
    return out


def grounded(table, part: str) -> dict[str, object]:
    """Where each value of `table.<part>` was read; a level the rules carry down from
    the row above (not printed in the row) by its value."""
    return {path: value.value if re.search(r"\.level[12]$", path) else value.span
            for path, value in iter_table(table) if f".{part}." in path}


# the table's field holding what the answer fills, by kind
PART = {TableKind.project_performance: "project", TableKind.department_performance: "department",
        TableKind.self_evaluation: "evaluation"}


@pytest.mark.parametrize("path,kind,fields", [
    (seed_path("003"), TableKind.project_performance, {"fund_use", "spending_plan", "percent", "basis", "description"}),
    (seed_path("002"), TableKind.project_performance, {"supervising_office", "funds_total"}),
    (DATA / "indicators" / "weight_direction.txt", TableKind.project_performance, {"weight", "direction"}),
    (DATA / "indicators" / "basis_deadline.txt", TableKind.project_performance, {"basis", "deadline"}),
    (DATA / "department" / "liaoning_form.txt", TableKind.department_performance, {"funds", "key_tasks", "deadline"}),
    (DATA / "department" / "task-project-and-content.txt", TableKind.department_performance,
     {"key_tasks", "project", "content"}),
    (DATA / "selfeval" / "project_tabbed.txt", TableKind.self_evaluation, {"funds", "actual", "score", "total_score"}),
])
def test_a_perfect_answer_is_built_back_to_the_rules_reading(tmp_path, path: Path, kind, fields):
    source = read_source(path)
    chunk = next(c for c in segment(source.text) if c.kind is kind)
    rules = parse_chunk(source.text, chunk)
    part = PART[kind]
    answer = answer_from(getattr(rules, part), schema_for(kind, []))
    config = load_config(tmp_path / "none.toml", base_url="http://127.0.0.1:1/v1", model="m", mode="json_schema",
                         max_retries=0, cache=False)
    with Endpoint(lambda body, n: Reply(content=json.dumps(answer, ensure_ascii=False))) as ep:
        provider = OpenAIProvider(config.model_copy(update={"base_url": ep.base_url}))
        reading = LLMExtractor(provider, max_chunk_chars=100_000).read(source.text, chunk, rules)
    assert reading.error is None
    expected, built = grounded(rules, part), grounded(reading.table, part)
    assert fields <= {re.sub(r"\[\d+\]", "", name) for p in expected for name in p.split(".")}  # the table prints them
    assert built == expected
    # and the same answer read back, but for width and spacing: the rules' raw of an indicator
    # value folds its cells' tabs and full-width punctuation
    again = answer_from(getattr(reading.table, part), schema_for(kind, []))
    assert folded(again) == folded(answer)


def folded(value):
    if isinstance(value, str):
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
    if isinstance(value, dict):
        return {k: folded(v) for k, v in value.items()}
    return [folded(v) for v in value] if isinstance(value, list) else value
