"""Eval reports: a JSON record, a Markdown list of every error, a terminal
summary, and the difference to an earlier report."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

from . import Evaluation, count
from .score import Outcome
from .silent import Cover


def as_dict(ev: Evaluation) -> dict:
    runs = ev.runs
    n = len(runs) or 1
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "backend": ev.backend,
        "fixtures": ev.fixtures,
        "flag_below": ev.flag_below,
        "overall": ev.overall().as_dict(),
        "by_table_kind": {k: c.as_dict() for k, c in ev.by("table_kind").items()},
        "by_field_type": {k: c.as_dict() for k, c in ev.by("field_type").items()},
        "tables": ev.tables(),
        "review": ev.review(),
        "silent": ev.silent(),
        "ambiguous": ev.ambiguous(),
        "cost": {
            "documents": len(runs),
            "seconds": round(sum(r.seconds for r in runs), 3),
            "seconds_per_document": round(sum(r.seconds for r in runs) / n, 3),
            "requests": sum(r.requests for r in runs),
            "tokens": sum(r.tokens for r in runs),
            "llm_tables": (llm_tables := sum(r.tables for r in runs)),
            "llm_failed_tables": sum(r.failed_tables for r in runs),
            "tokens_per_table": round(sum(r.tokens for r in runs) / llm_tables, 1) if llm_tables else 0,
            "seconds_per_table": round(sum(r.seconds for r in runs) / max(1, sum(len(s.tables) for s in ev.scores)), 3),
        },
        "documents": [
            {"doc": s.doc, "seconds": round(r.seconds, 3), "requests": r.requests, "tokens": r.tokens,
             **_doc_counts(ev, s.doc)}
            for s, r in zip(ev.scores, runs)
        ],
        "errors": [
            {"doc": r.doc, "table": r.table, "table_kind": r.table_kind, "key": r.key, "field_type": r.field_type.value,
             "outcome": r.outcome.value, "gold": r.gold, "pred": r.pred, "flagged": r.flagged}
            for r in ev.clear if r.outcome is not Outcome.correct
        ],
    }


def _doc_counts(ev: Evaluation, doc: str) -> dict:
    return count(r for r in ev.clear if r.doc == doc).as_dict()


def write(report: dict, folder: Path) -> tuple[Path, Path]:
    """Write `<timestamp>.json` and `<timestamp>.md`; never overwrite an earlier report."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem, k = f"{stamp}-{report['backend']}", 1
    while (folder / f"{stem}.json").exists():
        k += 1
        stem = f"{stamp}-{report['backend']}-{k}"
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path


def _cell(s: Optional[str]) -> str:
    if s is None:
        return "—"
    s = s.replace("|", "\\|").replace("\n", " ")
    return s if len(s) <= 80 else s[:79] + "…"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def markdown(report: dict) -> str:
    o, t, r = report["overall"], report["tables"], report["review"]
    lines = [
        f"# Eval report: {report['backend']} backend, {report['created']}",
        "",
        f"Fixtures `{report['fixtures']}`, flag threshold {report['flag_below']}.",
        "",
        f"- Fields: precision {o['precision']:.4f}, recall {o['recall']:.4f}, **F1 {o['f1']:.4f}** "
        f"({o['correct']} of {o['gold']} gold fields right; {o['wrong']} wrong, {o['missed']} missed, {o['spurious']} spurious)",
        f"- Tables: {t['matched']} of {t['gold']} found ({t['predicted']} predicted), kind right for {_pct(t['kind_accuracy'])}",
        f"- Review: flag capture {_pct(r['flag_capture'])} ({r['errors_flagged']} of {r['errors']} wrong fields flagged), "
        f"review load {_pct(r['review_load'])} ({r['flagged']} of {r['fields']} fields flagged)",
        f"- Silent loss: {_silent(report['silent'], 'gold fields')}",
        f"- Ambiguous gold cells (not in the scores): {report['ambiguous']['total']}, "
        f"prediction agrees with the gold reading on {report['ambiguous']['agree']}",
        f"- Cost: {report['cost']['seconds']} s for {report['cost']['documents']} documents, "
        f"{report['cost']['requests']} requests, {report['cost']['tokens']} tokens "
        f"({report['cost'].get('tokens_per_table', 0)} per table, {report['cost'].get('llm_failed_tables', 0)} tables failed), "
        f"{report['cost'].get('seconds_per_table', 0)} s per table",
        "",
        "## By table kind",
        "",
        *_score_table(report["by_table_kind"]),
        "",
        "## By field type",
        "",
        *_score_table(report["by_field_type"]),
        "",
        f"## Wrong, missed and spurious fields ({len(report['errors'])})",
        "",
        "| doc | table | field | outcome | gold | predicted | flagged |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in report["errors"]:
        lines.append(
            f"| {e['doc'][:3]} | {_cell(e['table'])} | {_cell(e['key'])} | {e['outcome']} | {_cell(e['gold'])} "
            f"| {_cell(e['pred'])} | {'yes' if e['flagged'] else 'no'} |"
        )
    silent = report["silent"]["items"]
    if silent:
        lines += ["", f"## Silent losses ({len(silent)})", "", "| doc | table | field | outcome | gold | predicted |", "|---|---|---|---|---|---|"]
        lines += [
            f"| {e['doc'][:3]} | {_cell(e['table'])} | {_cell(e['key'])} | {e['outcome']} | {_cell(e['gold'])} | {_cell(e['pred'])} |"
            for e in silent
        ]
    amb = report["ambiguous"]["items"]
    if amb:
        lines += ["", f"## Ambiguous gold cells ({len(amb)})", "",
                  "| doc | table | field | gold reading | predicted | flagged | why |", "|---|---|---|---|---|---|---|"]
        lines += [
            f"| {a['doc'][:3]} | {_cell(a['table'])} | {_cell(a['key'])} | {_cell(a['gold'])} | {_cell(a['pred'])} "
            f"| {'yes' if a['flagged'] else 'no'} | {_cell(a['why'])} |"
            for a in amb
        ]
    if t["kind_errors"] or t["unmatched"]:
        lines += ["", "## Table detection", ""]
        lines += [f"- {k['doc']} {k['gold']}: kind {k['pred_kind']}, gold {k['gold_kind']}" for k in t["kind_errors"]]
        lines += [
            f"- {u['doc']}: " + (f"gold {u['gold']} ({u['kind']}) not found" if u["gold"] else f"extra table {u['pred']} ({u['kind']})")
            for u in t["unmatched"]
        ]
    text = "\n".join(lines) + "\n"
    return text + "".join("\n" + facts_markdown(f) for f in report.get("facts", []))


def _silent(s: dict, what: str) -> str:
    """The silent-loss figures of a report section (`lost`, `silent`, `silent_rate`) in words."""
    return (f"{s['silent']} of {s['lost']} missed or wrong {what} have no flag and no finding over them "
            f"({_pct(s['silent_rate'])} of all {what})")


def _table_only(o: dict) -> str:
    """The lost facts covered only by a finding on their table (`silent.Cover.table`), in words."""
    return (f"{o['table_finding_only']} more are not found in the source text and only a finding on their "
            "table covers them")


def _legible(o: dict) -> str:
    """The facts printed as they are in the source (`facts.legible`) and the recall on them, in words."""
    return (f"{o['legible']} of {o['facts']} facts are printed as they are in the source (the rest the OCR changed: garbled, glued or cut); "
            f"recall on them {o['legible_recall']:.3f}"
            + (f"; {o['unmarked']} more are printed but for an operator the OCR dropped whole, recall on them "
               f"{o['unmarked_recall']:.3f}" if o.get("unmarked") else ""))


def facts_markdown(facts: dict) -> str:
    """The facts section of one folder: recall, precision and silent loss by table
    kind, field type and document, every miss, every silent loss."""
    o = facts["overall"]
    lines = [
        f"## Facts: `{facts['folder']}` ({facts['backend']} backend)",
        "",
        f"- Facts: recall **{o['recall']:.4f}**, precision {o['precision']:.4f} ({o['correct']} of {o['facts']} right "
        f"with their column kind; {o['wrong']} wrong value, {o['missed']} missed; {o['predicted']} amounts predicted)",
        f"- Review: {o['wrong_flagged']} of {o['wrong']} wrong values flagged; review load {_pct(o['review_load'])} "
        f"({o['flagged']} of {o['predicted']} amounts flagged)",
        f"- Silent loss: {_silent(o, 'facts')}; {_table_only(o)}",
        *([f"- Legible: {_legible(o)}"] if "legible" in o else []),
        "",
        "| | facts | predicted | correct | recall | precision | silent | legible | recall on legible |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups = [*facts["by_table_kind"].items(), *facts["by_field_type"].items(), *((d["doc"], d) for d in facts["documents"])]
    lines += [
        f"| {n} | {c['facts']} | {c['predicted']} | {c['correct']} | {c['recall']:.4f} | {c['precision']:.4f} | {c['silent']} "
        f"| {c.get('legible', '—')} | {c['legible_recall']:.4f} |" if "legible" in c else
        f"| {n} | {c['facts']} | {c['predicted']} | {c['correct']} | {c['recall']:.4f} | {c['precision']:.4f} | {c['silent']} | — | — |"
        for n, c in groups
    ]
    lines += ["", "Tables recorded empty (headers only): "
              + "; ".join(f"{d['doc']}: {', '.join(d['empty_tables']) or '—'}" for d in facts["documents"])]
    lines += ["", f"### Misses and wrong values ({len(facts['misses'])})", "", _REPORTED_BY, "",
              "| doc | table | row | column | gold | predicted | why | reported by |", "|---|---|---|---|---|---|---|---|"]
    lines += [_miss_row(m) for m in facts["misses"]]
    lines += ["", f"### Silent losses: missed or wrong with no flag and no finding over them ({len(facts['silent_facts'])})", "",
              "| doc | table | row | column | gold | predicted | why | reported by |", "|---|---|---|---|---|---|---|---|"]
    lines += [_miss_row(m) for m in facts["silent_facts"]]
    lines += ["", f"### Predicted amounts that are not gold facts ({len(facts['spurious'])})", ""]
    lines += [f"- {p['doc']} {p['table']} · {p['row']} · {p['column']}: {p['pred']}" for p in facts["spurious"]]
    return "\n".join(lines) + "\n"


# What the misses' last column says (`silent.Cover`): a missed value has no predicted value paired with it, so
# whether the output flags it shows in where it is printed (a value read into another column, flagged), not in a
# flag of its own.
_REPORTED_BY = ("reported by: `flag` the value read for it is flagged; `place` a flag, finding or unread entry "
                "covers where it is printed (e.g. its amount read into another column and flagged); `table` only a "
                "finding on its table (not found in the text); `none` nothing: a silent loss; `—` not classified "
                "(no source text)")


def _miss_row(m: dict) -> str:
    gold = m["gold"] if not isinstance(m["gold"], str) else _cell(m["gold"])
    pred = m["pred"] if not isinstance(m["pred"], str) else _cell(m["pred"])
    reported = m.get("cover") or (Cover.flag.value if m["flagged"] else "—")
    return (f"| {m['doc']} | {_cell(m['table'])} | {_cell(m['row'])} | {m['column']} | {gold} | {pred} "
            f"| {_cell(m['why'] or m['outcome'])} | {reported} |")


def render_facts(facts: dict, console) -> None:
    """One folder's facts table on the terminal (rich), with its silent-loss line."""
    from rich.table import Table

    from ..display import inert, markup_safe

    table = Table(title=f"facts · {markup_safe(str(facts['folder']))}", title_justify="left")
    for col in ("", "facts", "pred", "correct", "recall", "precision", "silent"):
        table.add_column(col, justify="left" if not col else "right")
    table.add_row("overall", *_facts_row(facts["overall"]), style="bold")
    table.add_section()
    for name, c in facts["by_table_kind"].items():
        table.add_row(name, *_facts_row(c))
    table.add_section()
    for d in facts["documents"]:
        table.add_row(inert(middle_cut(d["doc"], _NAME_WIDTH)), *_facts_row(d))  # a document's name, from the open web
    console.print(table)
    o = facts["overall"]
    console.print(
        f"facts review: {o['wrong_flagged']}/{o['wrong']} wrong values flagged, review load {_pct(o['review_load'])}; "
        f"{len(facts['misses'])} misses and wrong values listed in the report\n"
        f"facts silent loss: {_silent(o, 'facts')}; {_table_only(o)}"
        + (f"\nfacts legible: {_legible(o)}" if "legible" in o else "")
    )


# The room of a document's name in the terminal's facts table (80 columns, the numbers' columns beside it).
_NAME_WIDTH = 20


def middle_cut(name: str, width: int) -> str:
    """`name` in `width` characters at most: a copy's name too long (`….rapid.txt`) loses its file extension (the
    same for every file of a set), then any name its middle (`a_zhejiang…ces.rapid`): the copies of one document (`.two`,
    `.tess`, `.rapid`) share their start and differ at their end, so both ends show."""
    if len(name) <= width:
        return name
    name = name.rsplit(".", 1)[0] if name.count(".") > 1 else name
    if len(name) <= width:
        return name
    tail = (width - 1) // 2
    return name[: width - 1 - tail] + "…" + name[-tail:]


def _facts_row(c: dict) -> list[str]:
    # shares from the counts: the stored ones are rounded to 4 places, and rounding 0.99845 -> 0.9985
    # again would print 0.999 for 646 of 647
    recall = c["correct"] / c["facts"] if c["facts"] else 0.0
    precision = c["correct"] / c["predicted"] if c["predicted"] else 0.0
    return [str(c["facts"]), str(c["predicted"]), str(c["correct"]), f"{recall:.3f}", f"{precision:.3f}", str(c["silent"])]


def _score_table(groups: dict) -> list[str]:
    rows = ["| | gold | predicted | correct | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    rows += [
        f"| {name} | {c['gold']} | {c['predicted']} | {c['correct']} | {c['precision']:.4f} | {c['recall']:.4f} | {c['f1']:.4f} |"
        for name, c in groups.items()
    ]
    return rows


def render(report: dict, console) -> None:
    """The summary on the terminal (rich)."""
    from rich.table import Table

    table = Table(title=f"extract eval · {report['backend']} backend", title_justify="left")
    for col in ("", "gold", "pred", "correct", "P", "R", "F1"):
        table.add_column(col, justify="left" if not col else "right")

    def add(name: str, c: dict, style: str = "") -> None:
        table.add_row(name, str(c["gold"]), str(c["predicted"]), str(c["correct"]),
                      f"{c['precision']:.3f}", f"{c['recall']:.3f}", f"{c['f1']:.3f}", style=style)

    add("overall", report["overall"], "bold")
    table.add_section()
    for name, c in report["by_table_kind"].items():
        add(name, c)
    table.add_section()
    for name, c in report["by_field_type"].items():
        add(name, c)
    console.print(table)
    t, r, cost = report["tables"], report["review"], report["cost"]
    console.print(
        f"tables: {t['matched']}/{t['gold']} found, {t['predicted']} predicted, kind accuracy {_pct(t['kind_accuracy'])}\n"
        f"review: flag capture {_pct(r['flag_capture'])} ({r['errors_flagged']}/{r['errors']} wrong fields flagged), "
        f"review load {_pct(r['review_load'])} ({r['flagged']}/{r['fields']})\n"
        f"silent loss: {_silent(report['silent'], 'gold fields')}\n"
        f"ambiguous gold cells: {report['ambiguous']['total']} (prediction agrees on {report['ambiguous']['agree']})\n"
        f"cost: {cost['seconds_per_document']} s/document, {cost.get('seconds_per_table', 0)} s/table, "
        f"{cost['requests']} requests, {cost['tokens']} tokens ({cost.get('tokens_per_table', 0)}/table), "
        f"{cost.get('llm_failed_tables', 0)} LLM tables failed"
    )


HEADLINE = (
    ("F1", ("overall", "f1")),
    ("precision", ("overall", "precision")),
    ("recall", ("overall", "recall")),
    ("flag capture", ("review", "flag_capture")),
    ("review load", ("review", "review_load")),
    ("table detection", ("tables", "detection_recall")),
    ("kind accuracy", ("tables", "kind_accuracy")),
)


def diff(report: dict, baseline: dict) -> list[str]:
    """Lines saying what changed since `baseline`: headline figures, F1 per
    table kind and field type, and which fields became right or wrong."""
    lines = [f"compared with {baseline.get('created', '?')} ({baseline.get('backend', '?')} backend):"]
    for label, (section, key) in HEADLINE:
        new, old = report[section][key], baseline.get(section, {}).get(key)
        if old is not None:
            lines.append(f"  {label:16} {old:.4f} → {new:.4f} ({new - old:+.4f})")
    for group in ("by_table_kind", "by_field_type"):
        for name, c in report[group].items():
            old = baseline.get(group, {}).get(name)
            if old and abs(c["f1"] - old["f1"]) >= 0.00005:
                lines.append(f"  F1 {name:26} {old['f1']:.4f} → {c['f1']:.4f} ({c['f1'] - old['f1']:+.4f})")

    def keyed(r: dict) -> dict:
        return {(e["doc"], e["table"], e["key"]): e for e in r.get("errors", [])}

    now, before = keyed(report), keyed(baseline)
    fixed = [k for k in before if k not in now]
    broken = [k for k in now if k not in before]
    lines.append(f"  fields fixed: {len(fixed)}, newly wrong: {len(broken)}")
    lines += [f"    + {k[0][:3]} {k[1]} · {k[2]}" for k in fixed[:20]]
    lines += [f"    − {k[0][:3]} {k[1]} · {k[2]}: gold {now[k]['gold']!r}, got {now[k]['pred']!r}" for k in broken[:20]]
    return lines
