"""The llm and hybrid backends end to end on seed 000 against a real local HTTP
server (tests/endpoint.py) that answers what each test scripts: agreement,
disagreement, invented values, and failures of single tables."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from conftest import seed_path
from endpoint import Endpoint, Reply
from extractor.api import Backend, extract_source
from extractor.cli import app
from extractor.extract.llm import LLMExtractor
from extractor.extract.llm.ground import Grounder
from extractor.ingest import read_source
from extractor.models import ColumnKind, Reason
from extractor.provider.client import OpenAIProvider
from extractor.provider.config import load_config
from extractor.review.items import build_items

TABLE3 = "一般公共预算财政拨款支出预算表"


def extractor(endpoint: Endpoint, tmp_path, **settings) -> LLMExtractor:
    config = load_config(tmp_path / "none.toml", base_url=endpoint.base_url, model="m", mode="json_schema",
                         backoff=0.01, max_retries=1, cache_dir=tmp_path / "cache", **settings)
    return LLMExtractor(OpenAIProvider(config), config.max_chunk_chars, config.concurrency)


def user_text(body: dict) -> str:
    return body["messages"][-1]["content"]


def answer_for_t02(doc_rules) -> dict:
    """What a perfect reader returns for 表3: the rules reading, as printed strings."""
    t02 = next(t for t in doc_rules.tables if t.id == "t02")
    return {"lines": [
        {"code": line.code.value if line.code else None, "name": line.name.value,
         **{column.value: None for column in t02.columns},
         **{cell.column.value: cell.amount.raw for cell in line.amounts}}
        for line in t02.lines
    ]}


def test_hybrid_agreement_disagreement_and_invented_values(tmp_path, seed_doc):
    rules = seed_doc("000")
    answer = answer_for_t02(rules)
    row = next(r for r in answer["lines"] if r["code"] == "2040602")  # 一般行政管理事务, total 104.550000
    row["total"] = "70.000000"  # printed elsewhere in the table: a grounded disagreement
    other = next(r for r in answer["lines"] if r["code"] == "2040604")  # 基层司法业务, project 70.000000
    other["project"] = "71.234567"  # printed nowhere: invented

    def script(body, n):
        if TABLE3 in user_text(body):
            return Reply(content=json.dumps(answer, ensure_ascii=False))
        return Reply()  # every other table: an empty answer

    source = read_source(seed_path("000"))
    with Endpoint(script) as ep:
        doc = extract_source(source, backend=Backend.hybrid, llm=extractor(ep, tmp_path))
    t02 = next(t for t in doc.tables if t.id == "t02")
    assert t02.backend == "hybrid"
    lines = {line.code.value: line for line in t02.lines if line.code}

    disputed = lines["2040602"].amount(ColumnKind.total)
    assert Reason.backend_disagreement in disputed.reasons and disputed.flagged
    assert [(c.source, c.value) for c in disputed.candidates] == [("rules", "104.55"), ("llm", "70")]
    llm_span = disputed.candidates[1].span
    assert source.text[llm_span.start:llm_span.end] == "70.000000"

    invented = lines["2040604"].amount(ColumnKind.project)
    assert invented.value == 70.0 and not invented.flagged and not invented.candidates
    # counted for the summary, not dropped unsaid: the invented amount (the other tables' answers are empty)
    assert doc.llm.unfound == 1

    agreed = lines["2040601"].amount(ColumnKind.total)
    assert agreed.agreed and agreed.value == 795.9794 and not agreed.flagged
    assert lines["2040601"].name.agreed
    assert doc.llm.tables == 21 and doc.llm.requests == 21 and not doc.llm.failed_tables

    # the review item of the disputed field offers both readings, in that order, with their spans
    (item,) = [i for i in build_items(doc, source.text) if i.key.endswith("lines[2040602一般行政管理事务].amounts[total].amount")]
    assert item.value == "104.55" and Reason.backend_disagreement in item.reasons
    assert [(c.source, c.value) for c in item.candidates[:2]] == [("rules", "104.55"), ("llm", "70")]


def test_llm_backend_grounds_values_to_character_offsets(tmp_path, seed_doc):
    answer = answer_for_t02(seed_doc("000"))
    answer["lines"][5]["name"] = "一般行政管理事物"  # a typo by the model: aligned fuzzily to the printed name

    def script(body, n):
        return Reply(content=json.dumps(answer, ensure_ascii=False)) if TABLE3 in user_text(body) else Reply()

    source = read_source(seed_path("000"))
    with Endpoint(script) as ep:
        doc = extract_source(source, backend=Backend.llm, llm=extractor(ep, tmp_path))
    t02 = next(t for t in doc.tables if t.id == "t02")
    assert t02.backend == "llm"
    for line in t02.lines:
        for value in [line.name, line.code, *(c.amount for c in line.amounts)]:
            if value is not None:
                assert value.span is not None, value
                assert source.text[value.span.start:value.span.end] == value.raw
    typo = t02.lines[5].name
    assert typo.value == "一般行政管理事物" and typo.raw == "一般行政管理事务"
    assert Reason.unaligned not in typo.reasons


def test_a_fuzzy_match_that_changes_digits_is_not_grounded():
    # Gemma wrote its prompt example's unit code into seed 000's department name
    source = read_source(seed_path("000"))
    start = source.text.index("【010001】中宁县司法局本级")
    grounder = Grounder(source.text, start - 200, start + 200)
    assert grounder.find_text("【208001】中宁县司法局本级") is None
    mended = grounder.find_text("【010001】中宁县司法局木级")  # a character the model got wrong: still found
    assert mended is not None and mended.raw == "【010001】中宁县司法局本级"


def test_a_truncated_table_is_halved_but_a_runaway_one_is_not(tmp_path):
    """表3 (23 coded rows): an answer cut off at the cap gets the table split on row
    boundaries, header repeated; an answer that loops fails at once, rules stand."""
    source = read_source(seed_path("000"))

    def halving(body, n):
        rows = [line for line in user_text(body).splitlines() if re.match(r"R\d+C1:\d{3,7}\t", line)]
        return Reply(content='{"lines": [', finish_reason="length") if len(rows) > 15 else Reply()

    with Endpoint(halving) as ep:
        doc = extract_source(source, backend=Backend.llm, llm=extractor(ep, tmp_path, max_tokens=100, max_tokens_cap=100))
    asked = [user_text(b) for b in ep.requests if TABLE3 in user_text(b)]
    assert len(asked) == 3 and all("科目编码" in a for a in asked)  # whole table, then two halves with the header
    assert not doc.llm.failed_tables

    loop = '{"lines": [' + ", ".join(['{"code": "2040601", "name": "行政运行", "total": "1.0"}'] * 20)
    with Endpoint(lambda body, n: Reply(content=loop, finish_reason="length") if TABLE3 in user_text(body) else Reply()) as ep:
        doc = extract_source(source, backend=Backend.hybrid, llm=extractor(ep, tmp_path / "b", max_tokens=100, max_tokens_cap=400))
    assert sum(TABLE3 in user_text(b) for b in ep.requests) == 1
    assert [f for f in doc.llm.failed_tables if "runaway" in f]
    t02 = next(t for t in doc.tables if t.id == "t02")
    assert t02.backend == "rules" and len(t02.lines) > 20


def test_a_failing_table_falls_back_to_rules_and_the_batch_goes_on(tmp_path):
    """t03 always answers 500, one project table answers broken JSON, one is slow:
    the run finishes, keeps every table, and reports the failures."""

    def script(body, n):
        text = user_text(body)
        if "一般公共预算财政拨款基本支出预算表" in text:
            return Reply(status=500)
        if "法律援助律师值班补助" in text:
            return Reply(content='{"project_name": "法律援助')
        if "人民调解" in text:
            return Reply(content="{}", delay=1.0)
        return Reply()

    out = tmp_path / "out"
    with Endpoint(script) as ep:
        result = CliRunner().invoke(app, [
            "run", str(seed_path("000")), str(seed_path("001")), "-o", str(out), "--backend", "hybrid",
            "--llm", ep.base_url, "--model", "m", "--mode", "json_schema", "--no-cache",
        ], env={"EXTRACTOR_LLM_BACKOFF": "0.01", "EXTRACTOR_LLM_MAX_RETRIES": "1", "EXTRACTOR_LLM_TIMEOUT": "0.3",
                "EXTRACTOR_LLM_MAX_REASKS": "0"})
    assert result.exit_code == 0, result.output
    assert re.search(r"LLM: 24 tables, \d+ requests.*[1-9] failed", " ".join(result.output.split()))
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    failed = run["files"][0]["llm"]["failed_tables"]
    assert any(f.startswith("t03: http") for f in failed)
    assert any("invalid_json" in f for f in failed)
    doc = json.loads((out / "docs" / f"{seed_path('000').stem}.json").read_text(encoding="utf-8"))
    assert len(doc["tables"]) == 21  # nothing lost
    t03 = next(t for t in doc["tables"] if t["id"] == "t03")
    assert t03["backend"] == "rules" and any("LLM reading failed" in w for w in t03["warnings"])
    assert len(t03["lines"]) > 20  # the rules reading stands
    assert run["files"][1]["status"] == "ok"


def test_a_document_token_budget_stops_the_requests_and_keeps_the_rules_reading(tmp_path):
    out = tmp_path / "out"
    with Endpoint(lambda body, n: Reply()) as ep:
        result = CliRunner().invoke(app, [
            "run", str(seed_path("000")), "-o", str(out), "--backend", "hybrid", "--llm", ep.base_url, "--model", "m",
            "--mode", "json_schema", "--no-cache", "--concurrency", "1", "--max-tokens-per-doc", "1",
        ])
        sent = len(ep.requests)
    assert result.exit_code == 0, result.output
    llm = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"][0]["llm"]
    assert sent == llm["requests"] == 1 and llm["mode"] == "json_schema"  # the first table spends the budget
    assert len(llm["failed_tables"]) == 20 and all("budget" in f for f in llm["failed_tables"])
    doc = json.loads((out / "docs" / f"{seed_path('000').stem}.json").read_text(encoding="utf-8"))
    assert len(doc["tables"]) == 21 and sum(t["backend"] == "rules" for t in doc["tables"]) == 20


def test_hybrid_self_evaluation(tmp_path):
    """A self-evaluation table has its own answer schema; the two readings are paired field by field."""
    from pathlib import Path

    from extractor.models import SelfEvaluationTable

    path = Path(__file__).parent / "data" / "selfeval" / "project_tabbed.txt"
    answer = {
        "project_name": "社区矫正工作经费", "project_code": None, "department": "中宁县司法局",
        "implementing_unit": "中宁县司法局本级",
        "funds": [{"name": "年度资金总额", "role": "total", "budget_initial": "20.00", "budget_adjusted": "20.00",
                   "executed": "18.50", "points": "10", "execution_rate": "92.50%", "score": "9.25"}],
        "annual_goal": None, "annual_outcome": None,
        "indicators": [{"level1": "产出指标", "level2": "时效指标", "level3": "经费支付及时率", "value": "=100%",
                        "description": None, "basis": None, "deadline": None, "weight": None, "direction": None,
                        "actual": "95%", "points": "15", "score": "15", "deviation": None}],
        "total_points": "100", "total_score": "96.25", "grade": "优",
    }

    def script(body, n):
        assert "实际完成值" in user_text(body) and "total_score" in json.dumps(body, ensure_ascii=False)
        return Reply(content=json.dumps(answer, ensure_ascii=False))

    with Endpoint(script) as ep:
        doc = extract_source(read_source(path), backend=Backend.hybrid, llm=extractor(ep, tmp_path))
    (table,) = [t for t in doc.tables if isinstance(t, SelfEvaluationTable)]
    ev = table.evaluation
    assert table.backend == "hybrid" and ev.total_score.agreed and ev.funds[0].execution_rate.agreed
    timely = next(i for i in ev.indicators if i.level3.value == "经费支付及时率")
    assert timely.actual.agreed and timely.points.agreed
    # the model's 得分 is printed in the row (under 分值): a grounded disagreement, both readings offered
    assert Reason.backend_disagreement in timely.score.reasons and timely.score.flagged
    assert [(c.source, c.value) for c in timely.score.candidates] == [("rules", "12"), ("llm", "15")]


def test_an_llm_fund_line_is_not_merged_into_a_heading_it_was_not_compared_with():
    """Seed 004's scan prints 2. 事业发展类项目支出 one word a line under `2.`, its 160.31 alone below: the
    rules once glued it to 1. 履职保障类项目支出 above (they now read it apart, its amount flagged); the
    LLM's 2. 事业发展类项目支出 with its 160.31 is its own line, never lending its amount to a glued
    name (which no check would flag); the two readings now agree."""
    from conftest import ROOT
    from extractor.evaluate.oracle import OracleProvider

    scans = ROOT / "eval" / "dev-scans"
    perfect = LLMExtractor(OracleProvider.from_folders([], [scans]), concurrency=1)
    source = read_source(scans / "ocr" / "004_30e10abd8c6a2537.ocr.txt")
    rules = extract_source(source, backend=Backend.rules)
    hybrid = extract_source(source, backend=Backend.hybrid, llm=perfect)
    funds = lambda doc: next(t for t in doc.tables if t.kind.value == "department_performance").department.funds
    assert not [f for f in funds(rules) if "履职保障" in f.name.value and "事业发展" in f.name.value]
    (line,) = [f for f in funds(hybrid) if f.amount is not None and "事业发展" in f.name.value]
    assert "履职保障" not in line.name.value and line.amount.value == 160.31
    # both readers now read the line alike: agreed, no review asked of it
    assert line.name.agreed and line.amount.agreed


def test_a_column_the_rules_missed_is_read_by_the_llm_and_added_flagged():
    """The rules' columns are context for the LLM, not a limit: with seed 000's 项目支出 column taken out
    of the rules reading (as a damaged header would lose it), the request still lets the model give
    that column's amounts (`other_amounts`, by header and cell), and hybrid adds them, flagged."""
    from conftest import ROOT
    from extractor.evaluate.oracle import OracleProvider
    from extractor.extract.hybrid import merge
    from extractor.segment import segment

    source = read_source(seed_path("000"))
    rules = extract_source(source, backend=Backend.rules)
    table = next(t for t in rules.tables if t.id == "t02")
    printed = {line.code.value: line.amount(ColumnKind.project).value for line in table.lines
               if line.code and line.amount(ColumnKind.project)}
    assert len(printed) >= 5
    table.columns = [c for c in table.columns if c is not ColumnKind.project]
    for line in table.lines:
        line.amounts = [cell for cell in line.amounts if cell.column is not ColumnKind.project]

    perfect = LLMExtractor(OracleProvider.from_folders([ROOT / "eval" / "fixtures"]), concurrency=1)
    chunk = next(c for c in segment(source.text) if c.start <= table.span.start < c.end)
    reading = perfect.read(source.text, chunk, table)
    merged = merge(table, reading)
    added = {line.code.value: line.amount(ColumnKind.project) for line in merged.lines
             if line.code and line.amount(ColumnKind.project)}
    assert {code: a.value for code, a in added.items()} == printed
    assert all(Reason.single_backend in a.reasons and a.span is not None for a in added.values())
