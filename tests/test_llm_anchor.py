"""Anchored answers (extract/llm/anchor.py, issue 18 item 2): the table is sent as
its grid with every cell labelled, the model answers numbers, codes and indicator
values by reference, and the builder copies them from the source; a reference to a
cell the request did not show is re-asked."""

from __future__ import annotations

import json
import re

from conftest import seed_path
from extractor.confidence import FLAG_BELOW
from endpoint import Endpoint, Reply
from extractor.extract.llm import LLMExtractor, rows_start
from extractor.extract.llm.anchor import parts, reference, sheet
from extractor.extract.rules import parse_chunk
from extractor.ingest import read_source
from extractor.models import Reason
from extractor.provider.client import OpenAIProvider
from extractor.provider.config import load_config
from extractor.segment import segment

TABLE3 = "一般公共预算财政拨款支出预算表"


def table3():
    source = read_source(seed_path("000"))
    chunk = next(c for c in segment(source.text) if c.title == TABLE3)
    return source.text, chunk, parse_chunk(source.text, chunk)


def test_every_cell_is_labelled_with_the_reference_of_its_printed_place():
    text, chunk, _ = table3()
    rows = sheet(text, chunk.start, chunk.end)
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    for row in rows:
        for ref, cell in row.cells.items():
            assert ref.startswith(f"R{row.number}C") and text[cell.start:cell.end] == cell.raw
            assert f"{ref}:{cell.text}" in row.line
    # a blank cell keeps its column: the 合计 row's first cell (the code column) is empty
    total = next(r for r in rows if any(c.text == "合计" for c in r.cells.values()))
    assert min(int(ref.split("C")[1]) for ref in total.cells) > 1


def test_a_split_table_repeats_its_head_rows_and_keeps_its_row_numbers():
    text, chunk, rules = table3()
    rows = sheet(text, chunk.start, chunk.end)
    split = parts(rows, rows_start(text, chunk, rules), 800)
    assert len(split) > 2
    head = split[0].head
    assert head and any("科目编码" in r.line for r in head)
    assert all(p.head == head and len(p.text) <= 800 for p in split)
    assert [r.number for p in split for r in p.body] == [r.number for r in rows[len(head):]]


def test_a_reference_is_a_label_not_a_number():
    assert reference("R12C3") == "R12C3" and reference("R12C3:688.130000") == "R12C3"
    assert reference("688.130000") is None and reference("12") is None and reference(None) is None


def provider(ep, tmp_path, **kw):
    config = load_config(tmp_path / "none.toml", base_url=ep.base_url, model="m", mode="tools", max_retries=0,
                         cache=False, **kw)
    return OpenAIProvider(config)


def test_referenced_values_are_the_cells_and_an_unknown_reference_is_asked_again(tmp_path):
    text, chunk, rules = table3()
    rows = sheet(text, chunk.start, chunk.end)
    line = next(r for r in rows if any(c.text == "2040601" for c in r.cells.values()))
    refs = list(line.cells)  # code, name, then the amounts left to right
    answer = {"lines": [{"code": refs[0], "name": refs[1], **{k: None for k in (
        "prior_year", "total", "basic", "project", "change_amount", "change_pct")}, "total": refs[3]}]}
    wrong = json.loads(json.dumps(answer))
    wrong["lines"][0]["total"] = "R999C9"

    def script(body, n):
        return Reply(content=json.dumps(wrong if n == 1 else answer, ensure_ascii=False))

    with Endpoint(script) as ep:
        reading = LLMExtractor(provider(ep, tmp_path, max_reasks=1), max_chunk_chars=100_000).read(text, chunk, rules)
    assert len(ep.requests) == 2 and "R999C9" in json.dumps(ep.requests[1]["messages"], ensure_ascii=False)
    (built,) = reading.table.lines
    assert built.code.value == "2040601" and built.name.value == "行政运行"
    (cell,) = built.amounts
    source = line.cells[refs[3]]
    assert (cell.amount.span.start, cell.amount.span.end, cell.amount.raw) == (source.start, source.end, source.raw)
    assert not cell.amount.reasons


def test_a_mended_text_and_a_mended_number_keep_their_cells_and_are_flagged(tmp_path):
    """The model may read through OCR damage: the value is its reading, the span and raw the print's."""
    text = ("部门支出预算总表\n单位：万元\n科目编码\t科目名称\t合计\n"
            "2040601\t行玫运行\t1,234,567.00\n2040602\t一般行政管理事务\t12.00\n")
    chunk = next(c for c in segment(text))
    rules = parse_chunk(text, chunk)
    rows = sheet(text, chunk.start, chunk.end)
    damaged = next(r for r in rows if any(c.text == "2040601" for c in r.cells.values()))
    code, name, amount = damaged.cells
    answer = {"lines": [{"code": code, "name": f"{name}:行政运行", "total": "1234507"}]}
    with Endpoint(lambda body, n: Reply(content=json.dumps(answer, ensure_ascii=False))) as ep:
        reading = LLMExtractor(provider(ep, tmp_path), max_chunk_chars=100_000).read(text, chunk, rules)
    (line,) = reading.table.lines
    assert line.name.value == "行政运行" and line.name.raw == "行玫运行"
    assert line.name.reasons == [Reason.llm_corrected] and line.name.confidence < FLAG_BELOW
    (cell,) = line.amounts
    assert cell.amount.value == 1234507 and cell.amount.raw == "1,234,567.00"
    assert Reason.llm_corrected in cell.amount.reasons and cell.amount.confidence < FLAG_BELOW
    assert (line.name.span.start, cell.amount.span.start) == (damaged.cells[name].start, damaged.cells[amount].start)
    assert re.search(r"R\d+C1:2040601\tR\d+C2:行玫运行", ep.requests[0]["messages"][0]["content"])
