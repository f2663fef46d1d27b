"""One reader interface behind the rules, LLM and hybrid backends (extract/reader.py)."""

from __future__ import annotations

import pytest

from conftest import ROOT, seed_path
from endpoint import Endpoint, Reply
from extractor.errors import ExtractorError
from extractor.evaluate.oracle import OracleProvider
from extractor.extract.llm import LLMExtractor
from extractor.extract.reader import ReaderError, open_reader, reader_for
from extractor.extract.rules import parse_document
from extractor.ingest import read_source
from extractor.models import Backend
from extractor.provider.config import load_config
from extractor.segment import segment

TITLE = "一般公共预算财政拨款支出预算表"


def first_table(title: str):
    text = read_source(seed_path("000")).text
    chunks = segment(text)
    tables = parse_document(text, chunks)
    i = next(i for i, t in enumerate(tables) if t.title == title)
    return text, chunks[i], tables[i]


def test_each_backend_reads_a_table_through_the_same_call():
    text, chunk, rules_table = first_table(TITLE)
    perfect = LLMExtractor(OracleProvider.from_folders([ROOT / "eval" / "fixtures"]), concurrency=1)
    readings = {b: reader_for(b, None if b is Backend.rules else perfect).read(text, chunk, rules_table) for b in Backend}
    assert readings[Backend.rules].table is rules_table and readings[Backend.rules].usage.requests == 0
    assert readings[Backend.llm].table.backend == "llm" and readings[Backend.llm].usage.requests == 1
    assert readings[Backend.hybrid].table.backend == "hybrid"
    assert all(line.name.agreed for line in readings[Backend.hybrid].table.lines)


def test_an_llm_reader_that_gets_no_answer_gives_the_rules_reading(tmp_path):
    text, chunk, rules_table = first_table(TITLE)
    with Endpoint(lambda body, n: Reply(status=400, content="bad request")) as ep:
        settings = load_config(tmp_path / "none.toml", base_url=ep.base_url, model="m", mode="md_json", cache=False)
        with open_reader(Backend.llm, settings) as reader:
            reading = reader.read(text, chunk, rules_table)
    assert reading.error is not None and reading.table.backend == "rules"
    assert any("LLM reading failed" in w for w in reading.table.warnings)


def test_an_llm_backend_without_an_endpoint_is_refused_with_the_projects_error(tmp_path):
    with pytest.raises(ReaderError, match="needs an LLM endpoint"):
        reader_for(Backend.hybrid)
    with pytest.raises(ExtractorError, match="--llm URL --model NAME"):
        with open_reader(Backend.llm, load_config(tmp_path / "none.toml")):
            pass
    with open_reader(Backend.rules) as reader:
        assert reader.llm is None
