"""The scorer on small hand-made gold/prediction pairs (expected scores worked
out by hand in each test), and `extract eval` on the repository's own fixtures."""

import json
import shutil
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.evaluate import Evaluation, count, load_fixtures
from extractor.evaluate.report import as_dict, diff, markdown
from extractor.evaluate.score import FieldType, Outcome, mark_silent, score_document
from extractor.models import Reason

ROOT = Path(__file__).resolve().parents[1]


def text(value, **extra):
    return {"raw": value, "value": value, **extra}


def amount(raw, value, decimals, **extra):
    return {"raw": raw, "value": value, "decimals": decimals, **extra}


def line(code, name, **cells):
    return {
        "row_kind": "subject" if code else "total",
        "code": text(code) if code else None,
        "name": text(name),
        "amounts": [{"column": col, "amount": amt} for col, amt in cells.items()],
    }


def line_table(tid, lines, start=0, end=100, kind="expenditure_by_function", unit="万元"):
    return {"id": tid, "kind": kind, "label": None, "title": "", "unit": unit,
            "span": {"start": start, "end": end}, "header_end": start, "lines": lines}


def indicator(level3, value, **more):
    return {"level1": text("产出指标"), "level2": text("数量指标"), "level3": text(level3), "value": value, **more}


def value(raw, op=None, number=None, unit=None, text_=None, high=None, **extra):
    return {"raw": raw, "operator": op, "number": number, "number_high": high, "unit": unit, "text": text_, **extra}


def project_table(tid, name, indicators, start=0, end=100, **fields):
    return {"id": tid, "kind": "project_performance", "label": None, "title": "", "unit": "万元",
            "span": {"start": start, "end": end}, "header_end": start,
            "project": {"project_name": text(name), "indicators": indicators, **fields}}


def doc(*tables):
    return {"doc": "d", "tables": list(tables)}


def evaluation(*scores):
    ev = Evaluation("rules", "x", 0.8)
    ev.scores.extend(scores)
    return ev


def test_row_fields_counted_by_hand():
    gold = doc(line_table("t01", [
        line("204", "公共安全支出", total=amount("1052.5294", 1052.5294, 4)),
        line("20406", "司法", total=amount("919.08", 919.08, 2)),
    ]))
    pred = doc(line_table("t01", [
        line("204", "公共安全支出", total=amount("1052.53", 1052.53, 2, flagged=True)),
        line("20406", "司法", total=amount("919.080000", 919.08, 6)),
        {**line("999", "其他", total=amount("1", 1.0, 0)), "code": text("999", flagged=True)},
    ]))
    ev = evaluation(score_document(gold, pred))
    c = ev.overall()
    # gold: 2 rows × (code, name, total) = 6; predicted: 3 rows × 3 = 9.
    # 1052.53 ≠ 1052.5294 at the gold's 4 decimals → 1 wrong; the 999 row → 3 spurious.
    assert (c.gold, c.predicted, c.correct, c.wrong, c.missed, c.spurious) == (6, 9, 5, 1, 0, 3)
    assert c.precision == pytest.approx(5 / 9)
    assert c.recall == pytest.approx(5 / 6)
    assert c.f1 == pytest.approx(2 / 3)  # 2·(5/9)(5/6) / (5/9 + 5/6)
    review = ev.review()
    # errors: the wrong total and the 3 spurious fields; flagged: the total and the 999 code
    assert review["errors"] == 4 and review["errors_flagged"] == 2 and review["flag_capture"] == 0.5
    assert review["flagged"] == 2 and review["fields"] == 9 and review["review_load"] == round(2 / 9, 4)


def test_amounts_agree_to_the_printed_precision_and_across_units():
    gold = doc(line_table("t01", [line(None, "合计", total=amount("22.20%", 22.2, 2), basic=amount("197.92", 197.92, 2))]))
    pred = doc(line_table("t01", [line(None, "合计", total=amount("22.2", 22.2, 1), basic=amount("197.", 197.0, 0))]))
    rows = score_document(gold, pred).fields
    outcomes = {r.key.split(" · ")[1]: r.outcome for r in rows}
    assert outcomes == {"name": Outcome.correct, "total": Outcome.correct, "basic": Outcome.wrong}

    in_yuan = doc(line_table("t01", [line(None, "合计", total=amount("222000", 222000.0, 0))], unit="元"))
    gold_wan = doc(line_table("t01", [line(None, "合计", total=amount("22.2", 22.2, 1))]))
    assert all(r.outcome is Outcome.correct for r in score_document(gold_wan, in_yuan).fields)


def test_rows_without_a_code_match_by_fuzzy_name_and_the_code_is_scored():
    gold = doc(line_table("t01", [line("20406", "司法", total=amount("1", 1.0, 0)),
                                  line("2040601", "行政运行", total=amount("2", 2.0, 0))]))
    pred = doc(line_table("t01", [line("2O406", "司法", total=amount("1", 1.0, 0)),
                                  line("2040601", "行政運行", total=amount("2", 2.0, 0))]))
    rows = {r.key: r.outcome for r in score_document(gold, pred).fields}
    assert rows["20406 司法 · code"] is Outcome.wrong  # paired by name, so only the code is wrong
    assert rows["20406 司法 · total"] is Outcome.correct
    assert rows["2040601 行政运行 · name"] is Outcome.wrong  # paired by code, the name differs


def test_indicator_values_compare_by_meaning():
    g = [
        indicator("满意度", value("≥95%", "≥", 95, "%")),
        indicator("质量", value("=较高", "=", text_="较高")),
        indicator("成本", value("每次 10000-30000 元", text_="每次10000-30000元")),
        indicator("单价", value("每次 1000 元-3000 元", text_="每次1000元-3000元")),
        indicator("覆盖率", value("≥80百分比", "≥", 80, "百分比")),
        indicator("名称（全角）", None, description=text("说明 文字")),
    ]
    p = [
        indicator("满意度", value("≥ 95 %", "≥", 95, "%")),
        indicator("质量", value("较高", text_="较高")),
        indicator("成本", value("每次 10000-30000 元", number=10000, high=30000, unit="元")),
        indicator("单价", value("每次 1000 元-3000 元", "range", 1000, "元", "每次1000元-3000元", high=3000)),
        indicator("覆盖率", value("≥80%", "≥", 80, "%")),
        indicator("名称(全角)", None, description=text("说明文字")),
    ]
    rows = score_document(doc(project_table("t01", "项目", g)), doc(project_table("t01", "项目", p))).fields
    values = {r.key: r.outcome for r in rows if r.field_type is FieldType.indicator_value}
    assert values == {
        "指标 满意度 · value": Outcome.correct,
        "指标 质量 · value": Outcome.correct,  # "=" is implied
        "指标 成本 · value": Outcome.wrong,  # the range lost its 每次 qualifier
        "指标 单价 · value": Outcome.correct,  # parsed as a range and kept whole as text
        "指标 覆盖率 · value": Outcome.correct,  # 百分比 is %
    }
    # full/half-width brackets and spaces do not count
    assert {r.key: r.outcome for r in rows if "全角" in r.key and r.field_type is not FieldType.indicator_value} == {
        "指标 名称（全角） · level1": Outcome.correct,
        "指标 名称（全角） · level2": Outcome.correct,
        "指标 名称（全角） · level3": Outcome.correct,
        "指标 名称（全角） · description": Outcome.correct,
    }


def test_level_numbering_is_not_part_of_the_name():
    g = [indicator("人数", value("1", number=1))]
    p = [{**indicator("人数", value("1", number=1)), "level1": text("1-产出指标"), "level2": text("11-数量指标")}]
    rows = score_document(doc(project_table("t01", "项目", g)), doc(project_table("t01", "项目", p))).fields
    assert all(r.outcome is Outcome.correct for r in rows)


def test_ambiguous_gold_cells_are_reported_apart():
    gold = doc(project_table("t01", "项目", [], funds_total=amount("2,8505", 2.8505, 4, ambiguous="comma or point")))
    pred = doc(project_table("t01", "项目", [], funds_total=amount("2,8505", 28505.0, 0)))
    ev = evaluation(score_document(gold, pred))
    # only the project name is scored; the ambiguous total is listed, not counted
    assert (ev.overall().gold, ev.overall().correct) == (1, 1)
    amb = ev.ambiguous()
    assert amb["total"] == 1 and amb["agree"] == 0 and amb["items"][0]["why"] == "comma or point"


def test_missing_and_extra_tables_and_wrong_kinds():
    gold = doc(line_table("t01", [line("204", "公共安全支出", total=amount("1", 1.0, 0))], 0, 100),
               project_table("t02", "法律援助", [indicator("人数", value("1", number=1))], 100, 200))
    pred = doc(line_table("t01", [line("204", "公共安全支出", total=amount("1", 1.0, 0))], 0, 100,
                          kind="basic_expenditure_by_economic"))
    ev = evaluation(score_document(gold, pred))
    tables = ev.tables()
    assert (tables["gold"], tables["predicted"], tables["matched"]) == (2, 1, 1)
    assert tables["detection_recall"] == 0.5 and tables["detection_precision"] == 1.0
    assert tables["kind_accuracy"] == 0.0
    # the missing project: its name and the indicator's four fields are missed
    assert count(r for r in ev.rows if r.table.startswith("t02")).missed == 5


def test_projects_pair_by_name_when_their_spans_do_not_overlap():
    gold = doc(project_table("t01", "法律援助案件补助资金", [], 0, 100), project_table("t02", "安置帮教经费", [], 100, 200))
    pred = doc(project_table("t07", "安置帮教经费", [], 300, 400), project_table("t08", "法律援助案件补助资金", [], 500, 600))
    result = score_document(gold, pred)
    assert {(m.gold_id, m.pred_id) for m in result.tables} == {("t01", "t08"), ("t02", "t07")}
    assert all(r.outcome is Outcome.correct for r in result.fields)


def test_report_lists_every_error_and_diffs_against_a_baseline():
    gold = doc(line_table("t01", [line("204", "公共安全支出", total=amount("1", 1.0, 0))]))
    bad = doc(line_table("t01", [line("204", "公共安全支出", total=amount("7", 7.0, 0))]))
    good = doc(line_table("t01", [line("204", "公共安全支出", total=amount("1", 1.0, 0))]))
    before = as_dict(evaluation(score_document(gold, bad)))
    after = as_dict(evaluation(score_document(gold, good)))
    assert [(e["key"], e["gold"], e["pred"]) for e in before["errors"]] == [("204 公共安全支出 · total", "1", "7")]
    assert "| 204 公共安全支出 · total | wrong | 1 | 7 | no |" in markdown(before)
    lines = diff(after, before)
    assert any(line.strip().startswith("F1") and "+0.3333" in line for line in lines)  # 2/3 → 1
    assert "fields fixed: 1, newly wrong: 0" in "\n".join(lines)


def test_seed_fields_lost_without_a_flag_or_a_finding_are_silent(seed_doc, seed_text):
    (fixture,) = [f for f in load_fixtures(ROOT / "eval" / "fixtures") if f.gold["doc"].startswith("000")]
    text = seed_text("000")
    clean = seed_doc("000")
    ev = evaluation(score_document(fixture.gold, clean.model_dump(mode="json")))
    mark_silent(ev.scores[0], text, clean)
    assert ev.silent()["silent"] == ev.silent()["lost"] == 0

    # a reader that drops the row 2040605 普法宣传 and misreads 2040607's total
    pred = clean.model_copy(deep=True)
    table = next(t for t in pred.tables if any(x.code and x.code.value == "2040605" for x in getattr(t, "lines", [])))
    dropped = next(x for x in table.lines if x.code and x.code.value == "2040605")
    table.lines.remove(dropped)
    misread = next(x for x in table.lines if x.code and x.code.value == "2040607").amounts[0].amount
    misread.value += 1

    def silent(doc):
        score = score_document(fixture.gold, doc.model_dump(mode="json"))
        mark_silent(score, text, doc)
        return {(r.key, r.outcome.value) for r in score.fields if r.silent}, evaluation(score).silent()

    keys, summary = silent(pred)
    assert {k for k, _ in keys} >= {"2040605 普法宣传 · name", "2040605 普法宣传 · total", "2040607 公共法律服务 · prior_year"}
    assert ("2040607 公共法律服务 · prior_year", "wrong") in keys
    assert summary["silent"] == summary["lost"] == len(summary["items"]) == len(keys)
    assert summary["by_table_kind"]["expenditure_by_function"]["silent"] == len(keys)

    # the misread value flagged, the dropped row's numbers reported as unread: only its code and name stay silent
    misread.flagged = True
    misread.reasons.append(Reason.sum_mismatch)
    table.unread = [cell.amount for cell in dropped.amounts]
    keys, _ = silent(pred)
    assert {k for k, _ in keys} == {"2040605 普法宣传 · code", "2040605 普法宣传 · name"}


def test_gold_fixtures_are_documents_of_the_bundled_seeds():
    fixtures = load_fixtures(ROOT / "eval" / "fixtures")
    assert len(fixtures) == 5
    assert {f.source.parent for f in fixtures} == {ROOT / "examples" / "seeds"}


def test_extract_eval_scores_the_rules_backend_on_the_seeds(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(ROOT / "eval" / "fixtures"), "--reports", str(tmp_path)])
    assert exit_.value.code in (0, None)
    report = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert report["tables"]["detection_recall"] == 1.0 and report["tables"]["kind_accuracy"] == 1.0
    assert report["overall"]["f1"] >= 0.95
    assert set(report["by_table_kind"]) >= {"expenditure_by_function", "project_performance", "department_performance"}
    md = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert md.count("\n| ") - 2 >= len(report["errors"])  # every error is a row of the Markdown list
    out = capsys.readouterr().out
    assert "flag capture" in out and "overall" in out

    # a second run against the first as baseline reports no change
    with pytest.raises(SystemExit):
        main(["eval", str(ROOT / "eval" / "fixtures"), "--reports", str(tmp_path), "--baseline", str(next(tmp_path.glob("*.json")))])
    assert "fields fixed: 0, newly wrong: 0" in capsys.readouterr().out


def test_extract_eval_scores_several_facts_folders_with_their_silent_loss(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(ROOT / "eval" / "fixtures"), "--reports", str(tmp_path),
              "--facts", str(ROOT / "eval" / "dev"), "--facts", str(ROOT / "eval" / "dev-scans")])
    assert exit_.value.code in (0, None)
    report = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert [Path(f["folder"]).name for f in report["facts"]] == ["dev", "dev-scans"]
    # issue 16: nothing lost silently on the seeds and the 上海 dev set
    assert report["silent"]["silent"] == 0
    assert report["facts"][0]["overall"]["silent"] == 0
    assert report["facts"][1]["overall"]["facts"] == 1094
    out = capsys.readouterr().out
    assert out.count("facts silent loss:") == 2 and "facts · " in out and "silent loss:" in out
    md = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert md.count("## Facts: ") == 2 and "### Silent losses" in md


def test_extract_eval_refuses_a_changed_source_and_an_empty_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(tmp_path), "--reports", str(tmp_path / "r")])
    assert exit_.value.code == 2 and "no *.gold.json" in capsys.readouterr().err

    fixtures = tmp_path / "fx"
    fixtures.mkdir()
    gold = json.loads((ROOT / "eval/fixtures/001_9e7f8505a7e25c9c.gold.json").read_text(encoding="utf-8"))
    source = ROOT / "examples/seeds/001_9e7f8505a7e25c9c.txt"
    shutil.copy(source, tmp_path / source.name)
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8") + "\n改", encoding="utf-8")
    gold["source_path"] = f"../{source.name}"
    (fixtures / "001.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(fixtures), "--reports", str(tmp_path / "r")])
    assert exit_.value.code == 2 and "changed since it was labelled" in capsys.readouterr().err


def test_extract_eval_with_the_perfect_model_measures_the_hybrid_design(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(ROOT / "eval" / "fixtures"), "--reports", str(tmp_path), "--provider", "oracle",
              "--facts", str(ROOT / "eval" / "dev-scans")])
    assert exit_.value.code in (0, None)
    report = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert report["backend"] == "hybrid" and report["overall"]["f1"] >= 0.999
    assert report["facts"][0]["overall"]["recall"] >= 0.98  # the rules alone: 0.58

    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(ROOT / "eval" / "fixtures"), "--reports", str(tmp_path), "--provider", "gpt-perfect"])
    assert exit_.value.code == 2 and "unknown provider 'gpt-perfect'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["eval", str(ROOT / "eval" / "fixtures"), "--provider", "oracle", "--llm", "local"])
    assert exit_.value.code == 2 and "takes no --llm or --model" in capsys.readouterr().err


def test_facts_table_prints_shares_from_the_counts_not_the_rounded_ones():
    """646 of 647 is 0.99845: the report stores 0.9985, which printed again to three places read 0.999."""
    from rich.console import Console

    from extractor.evaluate.report import render_facts

    counts = {"facts": 647, "correct": 646, "predicted": 671, "silent": 0, "recall": round(646 / 647, 4),
              "precision": round(646 / 671, 4), "wrong": 1, "wrong_flagged": 1, "review_load": 0.076,
              "table_finding_only": 0, "silent_rate": 0.0, "missed": 0, "lost": 1}  # as FactsEvaluation.counts gives
    console = Console(record=True, width=120)
    render_facts({"folder": "eval/dev", "overall": counts, "by_table_kind": {}, "documents": [], "misses": []}, console)
    row = next(line for line in console.export_text().splitlines() if "overall" in line)
    assert "0.998" in row and "0.999" not in row


def _facts_report(documents: list[str], misses: list[dict]) -> dict:
    counts = {"facts": 142, "correct": 118, "predicted": 142, "silent": 0, "recall": 0.831, "precision": 0.831,
              "wrong": 0, "wrong_flagged": 0, "review_load": 0.17, "table_finding_only": 0, "silent_rate": 0.0,
              "missed": 24, "lost": 24, "flagged": 24}
    return {"folder": "eval/holdout2-variants", "backend": "rules", "overall": counts, "by_table_kind": {},
            "by_field_type": {}, "documents": [{"doc": d, **counts, "empty_tables": []} for d in documents],
            "misses": misses, "silent_facts": [], "spurious": []}


def test_the_terminal_facts_table_tells_the_copies_of_a_document_apart():
    """The copies of one document (`.two`, `.tess`, `.rapid`) share a long start: a name cut at its end printed
    `a_zhejiang_income_fu…` three times; cut in the middle, each keeps its suffix."""
    from rich.console import Console

    from extractor.evaluate.report import render_facts

    names = [f"a_zhejiang_income_fund_spaces.{copy}.txt" for copy in ("two", "tess", "rapid")]
    console = Console(record=True, width=80)
    render_facts(_facts_report(names, []), console)
    rows = [line.split("│")[1].strip() for line in console.export_text().splitlines() if "a_zhejiang" in line]
    assert len(rows) == 3 and len(set(rows)) == 3
    assert all(copy in row for copy, row in zip(("two", "tess", "rapid"), rows))


def test_a_miss_says_what_reports_it_not_a_flag_it_cannot_have():
    """A gold amount read into another column (财政拨款 read as `unknown`) is missed: no predicted value pairs with
    it, so its own flag is always off, though the output flags the amount where it is printed. The misses table
    says what reports each (`silent.Cover`), under a heading that says so."""
    from extractor.evaluate.report import facts_markdown

    miss = {"doc": "a_zhejiang_income_fund_spaces.txt", "table": "表3 2024年部门收入预算表", "row": "合计",
            "column": "other_fiscal", "gold": 10748182.0, "pred": None, "outcome": "missed", "why": "column",
            "flagged": False, "silent": False, "cover": "place"}
    text = facts_markdown(_facts_report([miss["doc"]], [miss]))
    head = next(line for line in text.splitlines() if line.startswith("| doc | table | row | column"))
    row = next(line for line in text.splitlines() if line.startswith(f"| {miss['doc']} | 表3"))
    assert head.endswith("| why | reported by |") and row.endswith("| column | place |")
    assert "`place` a flag, finding or unread entry covers where it is printed" in text
