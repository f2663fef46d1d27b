"""Real LLM traffic, replayed: the scenarios of tests/llm_scenarios.py against
cassettes recorded from the embedded Gemma 3 270M server (cassettes/record.py).
The network is blocked; an unrecorded request fails the test."""

from __future__ import annotations

import json
import socket

import pytest
import yaml

from extractor.walk import iter_table
from extractor.evaluate import load_fixtures
from extractor.evaluate.score import Outcome, score_document
from extractor.models import Reason
from extractor.numbers import parse_amount
from llm_scenarios import CASSETTES, SECRET_HEADERS, recorder, seed, seed000_line_tables, seed001_hybrid
from conftest import ROOT, _seed_doc

REPLAY_URL = "http://127.0.0.1:1/v1"  # never reached: vcrpy answers from the cassette


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access in a cassette test")

    monkeypatch.setattr(socket.socket, "connect", refuse)


def replay(name: str, scenario):
    with recorder("none").use_cassette(f"{name}.yaml") as cassette:
        result = scenario(REPLAY_URL)
    assert cassette.all_played
    return result, cassette


def recorded_requests(name: str) -> list[dict]:
    data = yaml.safe_load((CASSETTES / f"{name}.yaml").read_text(encoding="utf-8"))
    return data["interactions"]


def f1(doc_json: dict, gold: dict) -> float:
    rows = [r for r in score_document(gold, doc_json).fields if not r.ambiguous]
    correct = sum(r.outcome is Outcome.correct for r in rows)
    gold_n = sum(r.outcome is not Outcome.spurious for r in rows)
    pred_n = sum(r.outcome is not Outcome.missed for r in rows)
    return 2 * correct / (gold_n + pred_n)


def assert_grounded(text: str, table) -> int:
    """Every value with a span shows exactly its raw text there; the rest are marked unaligned."""
    aligned = 0
    for path, value in iter_table(table):
        if value.span is not None:
            assert text[value.span.start:value.span.end] == value.raw, path
            aligned += 1
        else:
            assert Reason.unaligned in value.reasons, path
    return aligned


def test_hybrid_on_real_model_output_scores_no_lower_than_rules(no_network):
    doc, cassette = replay("seed001_hybrid", seed001_hybrid)
    assert doc.llm.tables == 3 and doc.llm.requests == cassette.play_count
    text = seed("001").read_text(encoding="utf-8")
    for table in doc.tables:
        assert table.backend in ("hybrid", "rules")
        if table.backend == "rules":
            assert any("LLM reading failed" in w for w in table.warnings)
        for path, value in iter_table(table):
            if value.candidates:
                assert [c.source for c in value.candidates] == ["rules", "llm"] and value.flagged, path
                llm_span = value.candidates[1].span
                assert llm_span is not None and text[llm_span.start:llm_span.end]
    (fixture,) = [f for f in load_fixtures(ROOT / "eval" / "fixtures") if f.gold["doc"].startswith("001")]
    rules_doc = _seed_doc("001").model_dump(mode="json")
    hybrid_doc = doc.model_dump(mode="json")
    hybrid_doc["doc"] = rules_doc["doc"]
    assert f1(hybrid_doc, fixture.gold) >= f1(rules_doc, fixture.gold)


def test_llm_readings_of_line_tables_are_grounded(no_network):
    readings, cassette = replay("seed000_line_tables", seed000_line_tables)
    text = seed("000").read_text(encoding="utf-8")
    assert sum(r.usage.requests for r in readings.values()) == cassette.play_count
    for cid, reading in readings.items():
        if reading.table is None:
            assert reading.error is not None and reading.error.attempts >= 1
            continue
        assert reading.table.backend == "llm"
        assert_grounded(text, reading.table)
        for line in reading.table.lines:
            for cell in line.amounts:
                if cell.amount.span is not None:  # read from the source, as the rules backend reads it
                    assert cell.amount.value == parse_amount(cell.amount.raw, reading.table.unit).value


def test_recorded_requests_are_instructor_tool_calls_without_secrets():
    for name in ("seed001_hybrid", "seed000_line_tables"):
        for exchange in recorded_requests(name):
            request = exchange["request"]
            assert request["uri"].endswith("/v1/chat/completions")
            assert not {h.lower() for h in request["headers"]} & set(SECRET_HEADERS)
            body = json.loads(request["body"])
            tool = body["tools"][0]["function"]
            assert body["tool_choice"] == {"type": "function", "function": {"name": tool["name"]}}
            assert tool["name"] in ("ProjectAnswer", "LineTableAnswer")
            assert body["messages"][0]["role"] == "user" and "$table" not in body["messages"][0]["content"]
            assert not {h.lower() for h in exchange["response"]["headers"]} & set(SECRET_HEADERS)
